// SPDX-License-Identifier: GPL-3.0-or-later
// Reference activations, element by element, with TFLite's arithmetic: float formulas, the
// requantizing clamps of the RELU family, LEAKY_RELU and PRELU with their two multipliers, the
// 16-bit fixed-point HARD_SWISH, the float-built 8-bit lookup tables and the int16 LOGISTIC/TANH.
#pragma once

#include "core/interpreter/kernels/reference/fixed_point_math.h"
#include "core/interpreter/quant_math.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <numbers>
#include <optional>
#include <span>
#include <vector>

namespace lf::interp::reference {

// Float transforms, in float as TFLite evaluates them (also what the 8-bit tables are built from).

inline float logisticValue(float x) { return 1.0f / (1.0f + std::exp(-x)); }
inline float tanhValue(float x) { return std::tanh(x); }
inline float eluValue(float x) { return x < 0.0f ? std::expm1(x) : x; }
inline float hardSwishValue(float x) { return x * std::min(6.0f, std::max(0.0f, x + 3.0f)) / 6.0f; }

/// 0.5 x erfc(-x / sqrt(2)): the erfc form avoids cancellation for large negative x.
inline float geluValue(float x)
{
    return 0.5f * x * std::erfc(x * static_cast<float>(-std::numbers::sqrt2 / 2));
}

/// 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3))).
inline float geluApproximateValue(float x)
{
    constexpr auto kSqrt2OverPi = static_cast<float>(std::numbers::inv_sqrtpi * std::numbers::sqrt2);
    return 0.5f * x * (1.0f + std::tanh(kSqrt2OverPi * (x + 0.044715f * x * x * x)));
}

inline float leakyReluValue(float x, float alpha) { return x > 0.0f ? x : x * alpha; }
inline float preluValue(float x, float alpha) { return x >= 0.0f ? x : x * alpha; }

// 8-bit lookup tables.

/// The table of `transform` for every 8-bit input, indexed by the input's raw byte: dequantize in
/// float, transform, multiply by the inverse output scale, round half away from zero, add the zero
/// point in float and saturate (TFLite's LUTPopulate).
template <class T, class Transform>
std::array<T, 256> makeLookupTable(float inputScale, std::int32_t inputZeroPoint, float outputScale,
                                   std::int32_t outputZeroPoint, Transform transform)
{
    constexpr std::int32_t kMin = std::numeric_limits<T>::min();
    constexpr std::int32_t kMax = std::numeric_limits<T>::max();
    std::array<T, 256> table{};
    const float inverseScale = 1.0f / outputScale;
    for (std::int32_t value = kMin; value <= kMax; ++value) {
        const float dequantized = inputScale * static_cast<float>(value - inputZeroPoint);
        const float rescaled = std::round(transform(dequantized) * inverseScale);
        const auto quantized = static_cast<std::int32_t>(rescaled + static_cast<float>(outputZeroPoint));
        table[static_cast<std::uint8_t>(value)] = static_cast<T>(std::clamp(quantized, kMin, kMax));
    }
    return table;
}

/// The table of an integer element function, indexed by the input's raw byte.
template <class T, class Function>
std::array<T, 256> tabulate(Function function)
{
    std::array<T, 256> table{};
    for (std::int32_t value = std::numeric_limits<T>::min(); value <= std::numeric_limits<T>::max(); ++value)
        table[static_cast<std::uint8_t>(value)] = function(static_cast<T>(value));
    return table;
}

// XNNPACK's 8-bit forms. TFLite's default XNNPACK delegate takes over some 8-bit activations from the
// builtin kernels when their quantization suits it, so these are what TFLite (and LiteRT) compute
// then. They differ from the builtin kernels in rounding: ties go to even or upwards.

/// The XNNPACK table: dequantize in float, transform, scale by the inverse output scale, round half
/// to even, add the zero point and saturate.
template <class T, class Transform>
std::array<T, 256> makeXnnpackLookupTable(float inputScale, std::int32_t inputZeroPoint, float outputScale,
                                          std::int32_t outputZeroPoint, Transform transform)
{
    constexpr std::int32_t kMin = std::numeric_limits<T>::min();
    constexpr std::int32_t kMax = std::numeric_limits<T>::max();
    std::array<T, 256> table{};
    const float inverseScale = 1.0f / outputScale;
    for (std::int32_t value = kMin; value <= kMax; ++value) {
        const float dequantized = static_cast<float>(value - inputZeroPoint) * inputScale;
        const long quantized = std::lrint(transform(dequantized) * inverseScale) + outputZeroPoint;
        table[static_cast<std::uint8_t>(value)] = static_cast<T>(std::clamp<long>(quantized, kMin, kMax));
    }
    return table;
}

inline float xnnpackEluValue(float x) { return std::signbit(x) ? std::expm1(x) : x; }

/// XNNPACK's 8-bit LEAKY_RELU: both slopes as Q8 multipliers, rounding half up.
struct XnnpackLeakyReluParams {
    std::int32_t inputZeroPoint = 0;
    std::int32_t outputZeroPoint = 0;
    std::int32_t positiveMultiplier = 0; ///< round(256 * input scale / output scale)
    std::int32_t negativeMultiplier = 0; ///< round(256 * alpha * input scale / output scale)
};

/// The parameters when XNNPACK accepts the scales (its multiplier range), else nothing.
inline std::optional<XnnpackLeakyReluParams> makeXnnpackLeakyReluParams(float inputScale, std::int32_t inputZeroPoint,
                                                                        float outputScale, std::int32_t outputZeroPoint,
                                                                        float alpha)
{
    const float positiveScale = inputScale / outputScale;
    const float negativeScale = positiveScale * alpha;
    if (!(positiveScale >= 0x1.0p-8f && positiveScale <= 0x1.0p+7f))
        return std::nullopt;
    if (!(negativeScale >= -0x1.FFFCp+6f && negativeScale <= 0x1.0p+7f && std::abs(negativeScale) >= 0x1.0p-8f))
        return std::nullopt;
    return XnnpackLeakyReluParams{inputZeroPoint, outputZeroPoint, static_cast<std::int32_t>(std::lrint(256.0f * positiveScale)),
                                  static_cast<std::int32_t>(std::lrint(256.0f * negativeScale))};
}

template <class T>
T leakyReluXnnpack(T x, const XnnpackLeakyReluParams& p)
{
    const std::int32_t input = std::int32_t{x} - p.inputZeroPoint;
    const std::int32_t accumulator = p.outputZeroPoint * 256 + 0x80 + input * (input >= 0 ? p.positiveMultiplier : p.negativeMultiplier);
    return static_cast<T>(std::clamp<std::int32_t>(accumulator >> 8, std::numeric_limits<T>::min(), std::numeric_limits<T>::max()));
}

// Quantized element functions.

/// Requantize from the input to the output scale, then clamp to the activation's quantized range.
struct RequantizeClampParams {
    std::int32_t inputZeroPoint = 0;
    std::int32_t outputZeroPoint = 0;
    QuantizedMultiplier multiplier;
    std::int32_t min = 0;
    std::int32_t max = 0;
};

template <class T>
T requantizeClamp(T x, const RequantizeClampParams& p)
{
    const std::int32_t scaled = p.outputZeroPoint + multiplyByQuantizedMultiplier(std::int32_t{x} - p.inputZeroPoint, p.multiplier);
    return static_cast<T>(std::clamp(scaled, p.min, p.max));
}

struct LeakyReluParams {
    std::int32_t inputZeroPoint = 0;
    std::int32_t outputZeroPoint = 0;
    QuantizedMultiplier identity; ///< input scale / output scale
    QuantizedMultiplier alpha;    ///< alpha * input scale / output scale; negative for negative alpha
};

/// The 8-bit form: a negative alpha multiplier is applied by magnitude and the sign restored after.
template <class T>
T leakyRelu8Bit(T x, const LeakyReluParams& p)
{
    const std::int32_t input = std::int32_t{x} - p.inputZeroPoint;
    std::int32_t output = p.outputZeroPoint;
    if (input >= 0) {
        output += multiplyByQuantizedMultiplier(input, p.identity);
    } else {
        const bool negativeAlpha = p.alpha.multiplier < 0;
        const QuantizedMultiplier magnitude{negativeAlpha ? -p.alpha.multiplier : p.alpha.multiplier, p.alpha.shift};
        const std::int32_t scaled = multiplyByQuantizedMultiplier(input, magnitude);
        output += negativeAlpha ? -scaled : scaled;
    }
    return static_cast<T>(std::clamp<std::int32_t>(output, std::numeric_limits<T>::min(), std::numeric_limits<T>::max()));
}

/// The int16 form, which passes the signed alpha multiplier straight to the fixed-point multiply.
inline std::int16_t leakyReluInt16(std::int16_t x, const LeakyReluParams& p)
{
    const std::int32_t input = std::int32_t{x} - p.inputZeroPoint;
    const std::int32_t output = p.outputZeroPoint + multiplyByQuantizedMultiplier(input, input >= 0 ? p.identity : p.alpha);
    return static_cast<std::int16_t>(std::clamp<std::int32_t>(output, -32768, 32767));
}

struct PreluParams {
    std::int32_t inputZeroPoint = 0;
    std::int32_t alphaZeroPoint = 0;
    std::int32_t outputZeroPoint = 0;
    QuantizedMultiplier positive; ///< input scale / output scale
    QuantizedMultiplier negative; ///< input scale * alpha scale / output scale
};

template <class T>
T preluQuantized(T x, T alpha, const PreluParams& p)
{
    const std::int32_t input = std::int32_t{x} - p.inputZeroPoint;
    const std::int32_t scaled = input >= 0
        ? multiplyByQuantizedMultiplier(input, p.positive)
        : multiplyByQuantizedMultiplier(input * (std::int32_t{alpha} - p.alphaZeroPoint), p.negative);
    return static_cast<T>(std::clamp<std::int32_t>(scaled + p.outputZeroPoint, std::numeric_limits<T>::min(),
                                                   std::numeric_limits<T>::max()));
}

/// The 16-bit multipliers of quantized HARD_SWISH, from TFLite's HardSwishPrepare.
struct HardSwishParams {
    std::int32_t inputZeroPoint = 0;
    std::int32_t outputZeroPoint = 0;
    std::int16_t outputMultiplier = 0; ///< (input scale / 128) / output scale, Q15
    int outputExponent = 0;            ///< <= 0
    std::int16_t reluishMultiplier = 0; ///< (input scale / 128) / (3 / 32768), Q15
    int reluishExponent = 0;
};

/// A Q31 multiplier rounded to Q15, saturating at the top.
inline std::int16_t downscaleMultiplierToInt16(std::int32_t multiplier)
{
    constexpr std::int32_t kRounding = 1 << 15;
    if (multiplier >= std::numeric_limits<std::int32_t>::max() - kRounding)
        return std::numeric_limits<std::int16_t>::max();
    return static_cast<std::int16_t>((multiplier + kRounding) >> 16);
}

inline HardSwishParams makeHardSwishParams(float inputScale, std::int32_t inputZeroPoint, float outputScale,
                                           std::int32_t outputZeroPoint)
{
    // Float arithmetic throughout, as TFLite computes these scales.
    const float hiresInputScale = (1.0f / 128.0f) * inputScale;
    const float reluishScale = 3.0f / 32768.0f;
    const QuantizedMultiplier output = quantizeMultiplier(hiresInputScale / outputScale);
    const QuantizedMultiplier reluish = quantizeMultiplier(hiresInputScale / reluishScale);
    return {inputZeroPoint, outputZeroPoint, downscaleMultiplierToInt16(output.multiplier), output.shift,
            downscaleMultiplierToInt16(reluish.multiplier), reluish.shift};
}

namespace detail {

inline std::int16_t saturatingLeftShift(std::int16_t value, int amount)
{
    return fixedpoint::saturate<std::int16_t>(std::int64_t{value} * (std::int64_t{1} << amount));
}

/// (a * b) >> 15 truncated towards zero (no rounding), saturating min * min.
inline std::int16_t doublingHighMulTruncating(std::int16_t a, std::int16_t b)
{
    if (a == b && a == std::numeric_limits<std::int16_t>::min())
        return std::numeric_limits<std::int16_t>::max();
    return static_cast<std::int16_t>((std::int32_t{a} * std::int32_t{b}) / (1 << 15));
}

} // namespace detail

/// x * relu6(x + 3) / 6 on the input's 16-bit "hires" scale, as TFLite's reference kernel.
template <class T>
T hardSwishQuantized(T x, const HardSwishParams& p)
{
    const auto input = static_cast<std::int16_t>(std::int32_t{x} - p.inputZeroPoint);
    const auto hires = static_cast<std::int16_t>(input * (1 << 7));
    const std::int16_t preshiftOutput = fixedpoint::roundingDoublingHighMul(hires, p.outputMultiplier);
    std::int16_t reluish = hires;
    // Left shifts saturate one bit early so that saturation cannot bias the result.
    if (p.reluishExponent > 0)
        reluish = detail::saturatingLeftShift(reluish, p.reluishExponent - 1);
    reluish = fixedpoint::roundingDoublingHighMul(reluish, p.reluishMultiplier);
    if (p.reluishExponent > 0)
        reluish = detail::saturatingLeftShift(reluish, 1);
    if (p.reluishExponent < 0)
        reluish = fixedpoint::roundingDivideByPot(reluish, -p.reluishExponent);
    // From [-1, 1] to [0, 1].
    reluish = static_cast<std::int16_t>((std::int32_t{reluish} + (1 << 15)) >> 1);
    const std::int16_t preshift = detail::doublingHighMulTruncating(reluish, preshiftOutput);
    std::int32_t output = fixedpoint::roundingDivideByPot(preshift, -p.outputExponent);
    output = static_cast<std::int16_t>(output + p.outputZeroPoint);
    return static_cast<T>(std::clamp<std::int32_t>(output, std::numeric_limits<T>::min(), std::numeric_limits<T>::max()));
}

// int16 LOGISTIC and TANH (zero points 0, output scale 2^-15).

/// sigmoid(i / 24) for i = 0 .. 255 in unsigned Q0.16, interpolated for both functions since
/// tanh(x) = 2 sigmoid(2x) - 1.
inline constexpr std::array<std::uint16_t, 256> kSigmoidTable = {
    32768, 33451, 34133, 34813, 35493, 36169, 36843, 37513, 38180, 38841, 39498, 40149, 40794, 41432, 42064, 42688,
    43304, 43912, 44511, 45102, 45683, 46255, 46817, 47369, 47911, 48443, 48964, 49475, 49975, 50464, 50942, 51409,
    51865, 52311, 52745, 53169, 53581, 53983, 54374, 54755, 55125, 55485, 55834, 56174, 56503, 56823, 57133, 57433,
    57724, 58007, 58280, 58544, 58800, 59048, 59288, 59519, 59743, 59959, 60168, 60370, 60565, 60753, 60935, 61110,
    61279, 61441, 61599, 61750, 61896, 62036, 62172, 62302, 62428, 62549, 62666, 62778, 62886, 62990, 63090, 63186,
    63279, 63368, 63454, 63536, 63615, 63691, 63765, 63835, 63903, 63968, 64030, 64090, 64148, 64204, 64257, 64308,
    64357, 64405, 64450, 64494, 64536, 64576, 64614, 64652, 64687, 64721, 64754, 64786, 64816, 64845, 64873, 64900,
    64926, 64950, 64974, 64997, 65019, 65039, 65060, 65079, 65097, 65115, 65132, 65149, 65164, 65179, 65194, 65208,
    65221, 65234, 65246, 65258, 65269, 65280, 65291, 65301, 65310, 65319, 65328, 65337, 65345, 65352, 65360, 65367,
    65374, 65381, 65387, 65393, 65399, 65404, 65410, 65415, 65420, 65425, 65429, 65433, 65438, 65442, 65445, 65449,
    65453, 65456, 65459, 65462, 65465, 65468, 65471, 65474, 65476, 65479, 65481, 65483, 65485, 65488, 65489, 65491,
    65493, 65495, 65497, 65498, 65500, 65501, 65503, 65504, 65505, 65507, 65508, 65509, 65510, 65511, 65512, 65513,
    65514, 65515, 65516, 65517, 65517, 65518, 65519, 65520, 65520, 65521, 65522, 65522, 65523, 65523, 65524, 65524,
    65525, 65525, 65526, 65526, 65526, 65527, 65527, 65528, 65528, 65528, 65529, 65529, 65529, 65529, 65530, 65530,
    65530, 65530, 65531, 65531, 65531, 65531, 65531, 65532, 65532, 65532, 65532, 65532, 65532, 65533, 65533, 65533,
    65533, 65533, 65533, 65533, 65533, 65534, 65534, 65534, 65534, 65534, 65534, 65534, 65534, 65534, 65534, 65535,
};

/// How an int16 LOGISTIC/TANH input reaches the table's input scale of 1 / (3 * 4096): either a
/// power-of-two input scale handled by gemmlowp-style fixed point (multiplier 0, left shift 0 or 1),
/// or an integer multiplier with a rounding right shift.
struct Int16TableScaling {
    std::int32_t multiplier = 0;
    int leftShift = 0;
};

/// Interpolated table LOGISTIC for an input on the 1 / (3 * 4096) scale (the tail saturates).
inline std::int16_t logisticInt16Table(std::int16_t x, Int16TableScaling s)
{
    const std::int32_t round = s.leftShift > 0 ? 1 << (s.leftShift - 1) : 0;
    const std::int32_t input = (std::int32_t{x} * s.multiplier + round) >> s.leftShift;
    const auto magnitude = static_cast<std::uint32_t>(std::abs(input));
    const std::uint32_t index = magnitude >> 9;
    std::uint32_t result = 0x7FFFu << 10;
    if (index < 255) {
        const std::uint32_t a = kSigmoidTable[index];
        const std::uint32_t b = kSigmoidTable[index + 1];
        result = (a << 9) + (magnitude & 0x1FFu) * (b - a);
    }
    result = input >= 0 ? result + (1u << 9) : (1u << 25) - result + (1u << 9) - 1;
    return static_cast<std::int16_t>(result >> 10);
}

/// Interpolated table TANH for an input on the 1 / (3 * 4096) scale.
inline std::int16_t tanhInt16Table(std::int16_t x, Int16TableScaling s)
{
    const std::int32_t round = s.leftShift > 0 ? 1 << (s.leftShift - 1) : 0;
    const std::int32_t input = (std::int32_t{x} * s.multiplier + round) >> s.leftShift;
    const auto magnitude = static_cast<std::uint32_t>(std::abs(input));
    const std::uint32_t index = magnitude >> 8;
    std::int32_t result = 0xFFFF << 8;
    if (index < 255) {
        const std::uint32_t a = kSigmoidTable[index];
        const std::uint32_t b = kSigmoidTable[index + 1];
        result = static_cast<std::int32_t>((a << 8) + (magnitude & 0xFFu) * (b - a));
    }
    result = input >= 0 ? result - (1 << 23) + (1 << 7) : -result + (1 << 23) + (1 << 7) - 1;
    return static_cast<std::int16_t>(result >> 8);
}

/// Fixed-point LOGISTIC of a Q3.12 input.
inline std::int16_t logisticInt16FixedPoint(std::int16_t x)
{
    return fixedpoint::logistic(fixedpoint::Fixed<std::int16_t, 3>::fromRaw(x)).raw;
}

/// Fixed-point TANH of a Q3.12 input, after a saturating doubling when the input scale is 2^-11.
inline std::int16_t tanhInt16FixedPoint(std::int16_t x, int leftShift)
{
    const std::int16_t input = leftShift == 1 ? fixedpoint::saturatingRoundingMultiplyByPot<1>(x) : x;
    return fixedpoint::tanh(fixedpoint::Fixed<std::int16_t, 3>::fromRaw(input)).raw;
}

// Broadcasting (PRELU's alpha against its input).

/// Element strides of `shape` read at the extents of `outShape` (right-aligned, 0 where broadcast).
inline std::vector<std::int64_t> broadcastStrides(std::span<const std::int64_t> shape, std::span<const std::int64_t> outShape)
{
    std::vector<std::int64_t> strides(outShape.size(), 0);
    std::int64_t stride = 1;
    for (std::size_t i = 0; i < shape.size(); ++i) {
        const std::size_t axis = shape.size() - 1 - i;
        const std::size_t outAxis = outShape.size() - 1 - i;
        strides[outAxis] = shape[axis] == 1 ? 0 : stride;
        stride *= shape[axis];
    }
    return strides;
}

/// out[i] = op(a[i], b[broadcast i]) for `b` broadcast to `shape` (the shape of `a` and `out`).
template <class T, class Op>
void broadcastSecond(std::span<const std::int64_t> shape, const T* a, std::span<const std::int64_t> bShape, const T* b,
                     T* out, Op op)
{
    const std::vector<std::int64_t> bStrides = broadcastStrides(bShape, shape);
    std::int64_t count = 1;
    for (std::int64_t extent : shape)
        count *= extent;
    std::vector<std::int64_t> index(shape.size(), 0);
    for (std::int64_t i = 0; i < count; ++i) {
        std::int64_t offset = 0;
        for (std::size_t d = 0; d < shape.size(); ++d)
            offset += index[d] * bStrides[d];
        out[i] = op(a[i], b[offset]);
        for (std::size_t d = shape.size(); d-- > 0;) {
            if (++index[d] < shape[d])
                break;
            index[d] = 0;
        }
    }
}

} // namespace lf::interp::reference
