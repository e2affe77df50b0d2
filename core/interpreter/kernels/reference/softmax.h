// SPDX-License-Identifier: GPL-3.0-or-later
// Reference SOFTMAX and LOG_SOFTMAX over the last axis of `rows` x `depth` data, with TFLite's
// arithmetic: float; 8-bit inputs through a 256-entry float table of exp(-scale * beta * d) (the
// optimized kernels of TFLite's default non-ARM64 builds); int16 through 513-entry interpolated
// exp and 1 / (1 + x) tables.
#pragma once

#include "core/interpreter/quant_math.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

namespace lf::interp::reference {

inline void softmaxFloat(const float* input, float* output, std::int64_t rows, std::int64_t depth, float beta)
{
    for (std::int64_t r = 0; r < rows; ++r, input += depth, output += depth) {
        float max = std::numeric_limits<float>::lowest();
        for (std::int64_t c = 0; c < depth; ++c)
            max = std::max(max, input[c]);
        float sum = 0.0f;
        for (std::int64_t c = 0; c < depth; ++c) {
            output[c] = std::exp((input[c] - max) * beta);
            sum += output[c];
        }
        for (std::int64_t c = 0; c < depth; ++c)
            output[c] /= sum;
    }
}

inline void logSoftmaxFloat(const float* input, float* output, std::int64_t rows, std::int64_t depth)
{
    for (std::int64_t r = 0; r < rows; ++r, input += depth, output += depth) {
        float max = std::numeric_limits<float>::lowest();
        for (std::int64_t c = 0; c < depth; ++c)
            max = std::max(max, input[c]);
        float sum = 0.0f;
        for (std::int64_t c = 0; c < depth; ++c)
            sum += std::exp(input[c] - max);
        const float logSum = std::log(sum);
        for (std::int64_t c = 0; c < depth; ++c)
            output[c] = input[c] - max - logSum;
    }
}

/// table[255 - d] = exp(-inputScale * beta * d) for d = 0 .. 255, in float. Indexing it at
/// 255 - max + x gives exp of the dequantized difference x - max of a row.
inline std::array<float, 256> makeSoftmaxExpTable(float inputScale, float beta)
{
    std::array<float, 256> table{};
    const float scale = -inputScale * beta;
    for (std::int32_t d = 0; d <= 255; ++d)
        table[static_cast<std::size_t>(255 - d)] = std::exp(scale * static_cast<float>(d));
    return table;
}

/// Softmax of 8-bit rows into Out (int8, uint8 or int16): a sequential float sum of table values,
/// then probabilities scaled by 1 / (sum * outputScale). uint8 outputs round by adding 0.5 and
/// truncating, without the zero point, as TFLite's non-ARM64 builds do.
template <class In, class Out>
void softmaxQuantized(const In* input, Out* output, std::int64_t rows, std::int64_t depth,
                      const std::array<float, 256>& table, float outputScale, std::int32_t outputZeroPoint)
{
    constexpr std::int32_t kMin = std::numeric_limits<Out>::min();
    constexpr std::int32_t kMax = std::numeric_limits<Out>::max();
    for (std::int64_t r = 0; r < rows; ++r, input += depth, output += depth) {
        std::int32_t max = std::numeric_limits<In>::min();
        for (std::int64_t c = 0; c < depth; ++c)
            max = std::max<std::int32_t>(max, input[c]);
        const float* exps = table.data() + (255 - max);
        float sum = 0.0f;
        for (std::int64_t c = 0; c < depth; ++c)
            sum += exps[input[c]];
        const float inverseSum = 1.0f / (sum * outputScale);
        for (std::int64_t c = 0; c < depth; ++c) {
            const float probability = exps[input[c]] * inverseSum;
            std::int32_t quantized = 0;
            if constexpr (std::is_same_v<Out, std::uint8_t>)
                quantized = static_cast<std::int32_t>(probability + 0.5f);
            else
                quantized = static_cast<std::int32_t>(std::round(probability)) + outputZeroPoint;
            output[c] = static_cast<Out>(std::clamp(quantized, kMin, kMax));
        }
    }
}

/// Log-softmax of 8-bit rows with the beta = 1 exp table: (scale * x - (scale * max + log sum) /
/// outputScale), rounded half to even.
template <class T>
void logSoftmaxQuantized(const T* input, T* output, std::int64_t rows, std::int64_t depth,
                         const std::array<float, 256>& table, float inputScale, float outputScale,
                         std::int32_t outputZeroPoint)
{
    constexpr std::int32_t kMin = std::numeric_limits<T>::min();
    constexpr std::int32_t kMax = std::numeric_limits<T>::max();
    for (std::int64_t r = 0; r < rows; ++r, input += depth, output += depth) {
        T max = std::numeric_limits<T>::min();
        for (std::int64_t c = 0; c < depth; ++c)
            max = std::max(max, input[c]);
        const float* exps = table.data() + (255 - std::int32_t{max});
        float sum = 0.0f;
        for (std::int64_t c = 0; c < depth; ++c)
            sum += exps[input[c]];
        const float logSum = std::log(sum);
        const float scale = inputScale / outputScale;
        const float offset = (inputScale * static_cast<float>(max) + logSum) / outputScale;
        for (std::int64_t c = 0; c < depth; ++c) {
            const float logProbability = scale * static_cast<float>(input[c]) - offset;
            const auto quantized = static_cast<std::int32_t>(std::rint(logProbability) + static_cast<float>(outputZeroPoint));
            output[c] = static_cast<T>(std::clamp(quantized, kMin, kMax));
        }
    }
}

/// 513-entry table of `transform` over the int16 input range with (input scale, zero point) mapped to
/// an output of 2^16 steps over (output scale, zero point), each sample biased by half the midpoint
/// interpolation error (TFLite's LUTPopulate for int16, computed in `Real`: double for SOFTMAX,
/// float for the element functions of EXP, LOG and friends).
template <class Real = double, class Transform>
std::array<std::int16_t, 513> makeInt16LookupTable(Real inputScale, std::int32_t inputZeroPoint, Real outputScale,
                                                   std::int32_t outputZeroPoint, Transform transform)
{
    const Real inputMin = inputScale * static_cast<Real>(-32768 - inputZeroPoint);
    const Real inputMax = inputScale * static_cast<Real>(32767 - inputZeroPoint);
    const Real outputMin = outputScale * static_cast<Real>(-32768 - outputZeroPoint);
    const Real outputMax = outputScale * static_cast<Real>(32767 - outputZeroPoint);
    constexpr int kSteps = 512;
    const Real step = (inputMax - inputMin) / static_cast<Real>(kSteps);
    const Real halfStep = step / 2;
    const Real outputScalingInverse = static_cast<Real>(65536) / (outputMax - outputMin);
    auto saturate = [](Real v) {
        return static_cast<std::int16_t>(std::min<Real>(std::max<Real>(v, -32768), 32767));
    };
    std::array<std::int16_t, 513> table{};
    for (int i = 0; i < kSteps; ++i) {
        const Real value = transform(inputMin + static_cast<Real>(i) * step);
        const Real midpoint = transform(inputMin + static_cast<Real>(i) * step + halfStep);
        const Real next = transform(inputMin + static_cast<Real>(i + 1) * step);
        const Real sample = std::round(value * outputScalingInverse);
        const Real interpolatedMidpoint = std::round((next * outputScalingInverse + std::round(value * outputScalingInverse)) / 2);
        const Real exactMidpoint = std::round(midpoint * outputScalingInverse);
        const Real bias = std::round((interpolatedMidpoint - exactMidpoint) / 2);
        table[static_cast<std::size_t>(i)] = saturate(sample - bias);
    }
    table[kSteps] = saturate(std::round(transform(inputMax) * outputScalingInverse));
    return table;
}

/// Table lookup with linear interpolation on the low 7 bits.
inline std::int16_t lookupInterpolated(std::int16_t value, const std::array<std::int16_t, 513>& table)
{
    const auto index = static_cast<std::uint16_t>(256 + (value >> 7));
    const std::int32_t offset = value & 0x7F;
    const std::int16_t base = table[index];
    const auto slope = static_cast<std::int16_t>(table[index + 1] - base);
    const std::int32_t delta = (slope * offset + 64) >> 7;
    return static_cast<std::int16_t>(base + delta);
}

struct SoftmaxInt16Params {
    QuantizedMultiplier input; ///< input scale * beta / (10 / 65535): [-10, 0] onto [-65535, 0]
    std::array<std::int16_t, 513> exp{};        ///< exp(x) on [-10, 0]
    std::array<std::int16_t, 513> reciprocal{}; ///< 1 / (1 + x) on [0, 1]
};

inline SoftmaxInt16Params makeSoftmaxInt16Params(float inputScale, float beta)
{
    constexpr double kRange = 65535.0;
    SoftmaxInt16Params p;
    p.input = quantizeMultiplier(static_cast<double>(inputScale * beta) / (10.0 / 65535.0));
    p.exp = makeInt16LookupTable(10.0 / kRange, 32767, 2.0 / kRange, 0, [](double x) { return std::exp(x); });
    p.reciprocal = makeInt16LookupTable(1.0 / kRange, -32768, 2.0 / kRange, 0, [](double x) { return 1.0 / (1.0 + x); });
    return p;
}

/// int16 softmax (zero points 0, output scale 2^-15): Q0.15 exps, a Q16.15 sum normalised by its
/// leading zeros, and its reciprocal from the 1 / (1 + x) table.
inline void softmaxInt16(const std::int16_t* input, std::int16_t* output, std::int64_t rows, std::int64_t depth,
                         const SoftmaxInt16Params& p)
{
    for (std::int64_t r = 0; r < rows; ++r, input += depth, output += depth) {
        std::int16_t max = std::numeric_limits<std::int16_t>::min();
        for (std::int64_t c = 0; c < depth; ++c)
            max = std::max(max, input[c]);
        std::int32_t sum = 0;
        for (std::int64_t c = 0; c < depth; ++c) {
            const std::int32_t scaled = multiplyByQuantizedMultiplier(std::int32_t{input[c]} - max, p.input);
            const auto centred = static_cast<std::int16_t>(std::clamp(scaled + 32767, -32768, 32767));
            output[c] = lookupInterpolated(centred, p.exp);
            sum += output[c];
        }
        const int headroomPlusOne = std::countl_zero(static_cast<std::uint32_t>(sum));
        const auto shiftedSum = static_cast<std::int32_t>(((static_cast<std::int64_t>(sum) << (headroomPlusOne - 1)) + (1 << 13)) >> 14);
        // The table computes 1 / (1 + x): x = shifted sum - 1, re-centred from [0, 65535] to int16.
        const auto centredSum = static_cast<std::int16_t>(std::clamp(shiftedSum - ((1 << 15) + (1 << 16)), -32768, 32767));
        const std::int16_t reciprocal = lookupInterpolated(centredSum, p.reciprocal);
        const int rightShift = 31 - headroomPlusOne;
        const std::int64_t round = std::int64_t{1} << (rightShift - 1);
        for (std::int64_t c = 0; c < depth; ++c) {
            const auto result = static_cast<std::int32_t>((std::int64_t{output[c]} * reciprocal + round) >> rightShift);
            output[c] = static_cast<std::int16_t>(std::clamp(result, 0, 32767));
        }
    }
}

} // namespace lf::interp::reference
