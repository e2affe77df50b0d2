// SPDX-License-Identifier: GPL-3.0-or-later
// Reference reductions (MEAN, SUM, REDUCE_MAX/MIN/PROD), ARG_MAX/ARG_MIN, CUMSUM and
// L2_NORMALIZATION as pure functions over shapes and spans. They follow the kernels LiteRT runs:
// axes resolved like TFLite, accumulation in input memory order, and, bit for bit, the integer
// arithmetic of TFLite's kernels or, for the 8-bit means and sums it takes over, of XNNPACK.
#pragma once

#include "core/interpreter/quant_math.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <vector>

namespace lf::interp::reference {

/// Normalises `axes` against `rank` (negative values count from the end) and drops repeats, keeping
/// first occurrences; nullopt if an axis is out of range.
inline std::optional<std::vector<int>> resolveAxes(int rank, std::span<const std::int32_t> axes)
{
    std::vector<int> resolved;
    for (const std::int32_t axis : axes) {
        const int normalized = axis < 0 ? axis + rank : axis;
        if (normalized < 0 || normalized >= rank)
            return std::nullopt;
        if (std::find(resolved.begin(), resolved.end(), normalized) == resolved.end())
            resolved.push_back(normalized);
    }
    return resolved;
}

inline bool isReduced(const std::vector<int>& axes, std::size_t dim)
{
    return std::find(axes.begin(), axes.end(), static_cast<int>(dim)) != axes.end();
}

/// The output shape: reduced dims become 1 with keepDims and vanish without.
inline std::vector<std::int64_t> reducedShape(std::span<const std::int64_t> shape, const std::vector<int>& axes, bool keepDims)
{
    std::vector<std::int64_t> result;
    for (std::size_t d = 0; d < shape.size(); ++d) {
        if (!isReduced(axes, d))
            result.push_back(shape[d]);
        else if (keepDims)
            result.push_back(1);
    }
    return result;
}

/// How many input elements fold into each output element.
inline std::int64_t reducedCount(std::span<const std::int64_t> shape, const std::vector<int>& axes)
{
    std::int64_t count = 1;
    for (const int axis : axes)
        count *= shape[static_cast<std::size_t>(axis)];
    return count;
}

/// Folds every input element into the accumulator of its output element in input memory order,
/// acc[o] = combine(acc[o], input[i]); `acc` holds one initialised accumulator per output element.
template <class In, class Acc, class Combine>
void reduceInto(std::span<const std::int64_t> shape, const std::vector<int>& axes, std::span<const In> input,
                std::span<Acc> acc, Combine combine)
{
    const auto rank = static_cast<int>(shape.size());
    // Per dim: the output stride of a kept dim (0 for a reduced one), the extent, and the position.
    std::vector<std::int64_t> state(3 * static_cast<std::size_t>(rank), 0);
    std::int64_t* outStride = state.data();
    std::int64_t* extent = outStride + rank;
    std::int64_t* index = extent + rank;
    std::int64_t stride = 1;
    for (int d = rank - 1; d >= 0; --d) {
        extent[d] = shape[static_cast<std::size_t>(d)];
        if (!isReduced(axes, static_cast<std::size_t>(d))) {
            outStride[d] = stride;
            stride *= extent[d];
        }
    }
    std::int64_t out = 0;
    for (const In value : input) {
        acc[static_cast<std::size_t>(out)] = combine(acc[static_cast<std::size_t>(out)], value);
        for (int d = rank - 1; d >= 0; --d) {
            out += outStride[d];
            if (++index[d] < extent[d])
                break;
            out -= outStride[d] * extent[d];
            index[d] = 0;
        }
    }
}

/// Two's complement arithmetic, as TFLite's WrappingAdd and WrappingMul.
template <class T>
T wrappingAdd(T a, T b)
{
    using U = std::make_unsigned_t<T>;
    return static_cast<T>(static_cast<U>(static_cast<U>(a) + static_cast<U>(b)));
}

template <class T>
T wrappingSub(T a, T b)
{
    using U = std::make_unsigned_t<T>;
    return static_cast<T>(static_cast<U>(static_cast<U>(a) - static_cast<U>(b)));
}

template <class T>
T wrappingMul(T a, T b)
{
    using U = std::conditional_t<(sizeof(T) < sizeof(unsigned)), unsigned, std::make_unsigned_t<T>>;
    return static_cast<T>(static_cast<U>(static_cast<U>(a) * static_cast<U>(b)));
}

template <class T>
std::int32_t clampTo(std::int32_t value)
{
    return std::clamp<std::int32_t>(value, std::numeric_limits<T>::min(), std::numeric_limits<T>::max());
}

/// The int16 MEAN (TFLite's reference QuantizedMeanOrSum): the input-to-output multiplier
/// absorbs 1/count by shifting it up by floor(log2(count)) bits, capped at 32 and at what keeps the
/// final right shift within 31, then dividing by count.
inline QuantizedMultiplier meanMultiplier(QuantizedMultiplier inputToOutput, std::int64_t count)
{
    int shift = 63 - std::countl_zero(static_cast<std::uint64_t>(count));
    shift = std::min({shift, 32, 31 + inputToOutput.shift});
    const auto multiplier = static_cast<std::int32_t>((static_cast<std::int64_t>(inputToOutput.multiplier) << shift) / count);
    return {multiplier, inputToOutput.shift - shift};
}

/// Requantizes the raw sum of `count` input values as a mean with a meanMultiplier().
template <class T>
T requantizeMean(std::int32_t sum, std::int64_t count, std::int32_t inputZeroPoint, QuantizedMultiplier multiplier,
                 std::int32_t outputZeroPoint)
{
    const auto centered = static_cast<std::int32_t>(sum - static_cast<std::int64_t>(inputZeroPoint) * count);
    return static_cast<T>(clampTo<T>(multiplyByQuantizedMultiplier(centered, multiplier) + outputZeroPoint));
}

/// int8/uint8 MEAN and SUM as LiteRT runs them, in its default XNNPACK delegate: the raw sum is
/// rescaled in float, with the zero points folded into a float bias, and rounded half to even.
/// (TFLite's own kernels, used without the delegate, round differently in a few percent of cases.)
struct FloatRescale {
    float scale = 1.0f;
    float bias = 0.0f;
};

inline FloatRescale floatRescale(float inputScale, std::int32_t inputZeroPoint, float outputScale, std::int32_t outputZeroPoint,
                                 std::int64_t count, bool mean)
{
    const float ratio = inputScale / outputScale;
    const float scale = mean ? ratio * (1.0f / static_cast<float>(count)) : ratio;
    return {scale, static_cast<float>(outputZeroPoint) - static_cast<float>(count * inputZeroPoint) * scale};
}

template <class T>
T requantizeInFloat(std::int32_t sum, const FloatRescale& rescale)
{
    const float value = std::nearbyint(static_cast<float>(sum) * rescale.scale + rescale.bias);
    const float low = std::numeric_limits<T>::min();
    const float high = std::numeric_limits<T>::max();
    return static_cast<T>(std::clamp(value, low, high));
}

/// TFLite's quantized REDUCE_PROD rescales after every multiplication by
/// inputScale / outputScale^(1/n), n being the number of factors, so the product stays in range.
inline QuantizedMultiplier prodMultiplier(float inputScale, float outputScale, std::int64_t factors)
{
    return quantizeMultiplier(static_cast<double>(inputScale)
                              / std::pow(static_cast<double>(outputScale), 1.0 / static_cast<double>(factors)));
}

struct ProdAccumulator {
    std::int32_t value = 0;
    bool started = false;
};

inline ProdAccumulator prodStep(ProdAccumulator acc, std::int32_t centered, QuantizedMultiplier multiplier)
{
    if (!acc.started)
        return {centered, true};
    return {multiplyByQuantizedMultiplier(static_cast<std::int64_t>(acc.value) * centered, multiplier), true};
}

template <class T>
T requantizeProd(std::int32_t product, QuantizedMultiplier multiplier, std::int32_t outputZeroPoint)
{
    return static_cast<T>(clampTo<T>(multiplyByQuantizedMultiplier(static_cast<std::int64_t>(product), multiplier) + outputZeroPoint));
}

/// Splits `shape` around `axis` into the extents before it, of it and after it.
struct AxisSplit {
    std::int64_t outer = 1;
    std::int64_t axis = 1;
    std::int64_t inner = 1;
};

inline AxisSplit splitAt(std::span<const std::int64_t> shape, int axis)
{
    AxisSplit split;
    for (std::size_t d = 0; d < shape.size(); ++d) {
        const auto dim = static_cast<int>(d);
        (dim < axis ? split.outer : dim == axis ? split.axis : split.inner) *= shape[d];
    }
    return split;
}

/// ARG_MAX/ARG_MIN's comparison: strict, so the first extreme wins; a NaN never wins and any number
/// beats a NaN, as in TensorFlow.
template <class T>
bool beats(T candidate, T current, bool isMax)
{
    if constexpr (std::is_floating_point_v<T>) {
        if (std::isnan(candidate))
            return false;
        if (std::isnan(current))
            return true;
    }
    return isMax ? candidate > current : candidate < current;
}

template <class T, class Index>
void argMinMax(std::span<const std::int64_t> shape, int axis, std::span<const T> input, bool isMax, std::span<Index> output)
{
    const AxisSplit split = splitAt(shape, axis);
    for (std::int64_t o = 0; o < split.outer; ++o) {
        for (std::int64_t i = 0; i < split.inner; ++i) {
            const T* base = input.data() + o * split.axis * split.inner + i;
            T best = base[0];
            Index bestIndex = 0;
            for (std::int64_t a = 1; a < split.axis; ++a) {
                if (beats(base[a * split.inner], best, isMax)) {
                    best = base[a * split.inner];
                    bestIndex = static_cast<Index>(a);
                }
            }
            output[static_cast<std::size_t>(o * split.inner + i)] = bestIndex;
        }
    }
}

template <class T>
T addValues(T a, T b)
{
    if constexpr (std::is_integral_v<T>)
        return wrappingAdd(a, b);
    else
        return a + b;
}

/// CUMSUM along `axis`, running from the last element with `reverse`; `exclusive` leaves each
/// element out of its own sum.
template <class T>
void cumSum(std::span<const std::int64_t> shape, int axis, bool exclusive, bool reverse, std::span<const T> input,
            std::span<T> output)
{
    const AxisSplit split = splitAt(shape, axis);
    for (std::int64_t o = 0; o < split.outer; ++o) {
        for (std::int64_t i = 0; i < split.inner; ++i) {
            T running = 0;
            for (std::int64_t step = 0; step < split.axis; ++step) {
                const std::int64_t a = reverse ? split.axis - 1 - step : step;
                const auto at = static_cast<std::size_t>((o * split.axis + a) * split.inner + i);
                if (exclusive) {
                    output[at] = running;
                    running = addValues(running, input[at]);
                } else {
                    running = addValues(running, input[at]);
                    output[at] = running;
                }
            }
        }
    }
}

/// TFLite's epsilon for float L2_NORMALIZATION: the norm is at least this.
constexpr float kL2NormEpsilon = 1e-6f;

inline void l2Normalize(std::int64_t rows, std::int64_t depth, std::span<const float> input, std::span<float> output)
{
    for (std::int64_t r = 0; r < rows; ++r) {
        float squares = 0.0f;
        for (std::int64_t c = 0; c < depth; ++c) {
            const float value = input[static_cast<std::size_t>(r * depth + c)];
            squares += value * value;
        }
        const float norm = std::max(std::sqrt(squares), kL2NormEpsilon);
        for (std::int64_t c = 0; c < depth; ++c)
            output[static_cast<std::size_t>(r * depth + c)] = input[static_cast<std::size_t>(r * depth + c)] / norm;
    }
}

/// gemmlowp's SaturatingRoundingMultiplyByPOT for a positive exponent: a left shift that saturates.
inline std::int32_t saturatingShiftLeft(std::int32_t x, int exponent)
{
    const std::int32_t threshold = (std::int32_t{1} << (31 - exponent)) - 1;
    if (x > threshold)
        return std::numeric_limits<std::int32_t>::max();
    if (x < -threshold)
        return std::numeric_limits<std::int32_t>::min();
    return static_cast<std::int32_t>(static_cast<std::uint32_t>(x) << exponent);
}

/// 1/sqrt(squares) as a multiplier with a left shift (TFLite's GetInvSqrtQuantizedMultiplierExp with
/// reverse_shift -1): five Newton-Raphson steps in Q3.28 fixed point on the input normalised to
/// [2^27, 2^29). Inputs 0 and 1 give the largest multiplier.
inline QuantizedMultiplier invSqrtMultiplier(std::int32_t squares)
{
    if (squares <= 1)
        return {std::numeric_limits<std::int32_t>::max(), 0};
    int rightShift = 11;
    while (squares >= (1 << 29)) {
        squares /= 4;
        ++rightShift;
    }
    const int leftShiftPairs = (std::countl_zero(static_cast<std::uint32_t>(squares)) - 1) / 2 - 1;
    rightShift -= leftShiftPairs;
    squares <<= 2 * leftShiftPairs;

    const std::int32_t halfInput = roundingDivideByPot(squares >> 1, 1);
    constexpr std::int32_t kThreeHalves = (1 << 28) + (1 << 27);
    std::int32_t x = 1 << 28;
    for (int i = 0; i < 5; ++i) {
        const std::int32_t cube = saturatingShiftLeft(saturatingRoundingDoublingHighMul(saturatingRoundingDoublingHighMul(x, x), x), 6);
        const std::int32_t difference = wrappingSub(saturatingRoundingDoublingHighMul(kThreeHalves, x),
                                                    saturatingRoundingDoublingHighMul(halfInput, cube));
        x = saturatingShiftLeft(difference, 3);
    }
    constexpr std::int32_t kHalfSqrt2 = 1518500250; // sqrt(2)/2 in Q0.31
    std::int32_t multiplier = saturatingRoundingDoublingHighMul(x, kHalfSqrt2);
    if (rightShift < 0) {
        multiplier = static_cast<std::int32_t>(static_cast<std::uint32_t>(multiplier) << -rightShift);
        rightShift = 0;
    }
    return {multiplier, -rightShift};
}

/// int8 L2_NORMALIZATION into the fixed output quantization 1/128, zero point 0.
inline void l2NormalizeInt8(std::int64_t rows, std::int64_t depth, std::int32_t inputZeroPoint, std::span<const std::int8_t> input,
                            std::span<std::int8_t> output)
{
    for (std::int64_t r = 0; r < rows; ++r) {
        std::int32_t squares = 0;
        for (std::int64_t c = 0; c < depth; ++c) {
            const std::int32_t centered = input[static_cast<std::size_t>(r * depth + c)] - inputZeroPoint;
            squares += centered * centered;
        }
        const QuantizedMultiplier inverse = invSqrtMultiplier(squares);
        const QuantizedMultiplier scaled{inverse.multiplier, inverse.shift + 7}; // output scale 2^-7
        for (std::int64_t c = 0; c < depth; ++c) {
            const std::int32_t centered = input[static_cast<std::size_t>(r * depth + c)] - inputZeroPoint;
            output[static_cast<std::size_t>(r * depth + c)] =
                static_cast<std::int8_t>(clampTo<std::int8_t>(multiplyByQuantizedMultiplier(centered, scaled)));
        }
    }
}

/// uint8 L2_NORMALIZATION into the fixed output quantization 1/128, zero point 128.
inline void l2NormalizeUInt8(std::int64_t rows, std::int64_t depth, std::int32_t inputZeroPoint,
                             std::span<const std::uint8_t> input, std::span<std::uint8_t> output)
{
    for (std::int64_t r = 0; r < rows; ++r) {
        std::int32_t squares = 0;
        for (std::int64_t c = 0; c < depth; ++c) {
            const std::int32_t centered = input[static_cast<std::size_t>(r * depth + c)] - inputZeroPoint;
            squares += centered * centered;
        }
        const QuantizedMultiplier inverse = invSqrtMultiplier(squares);
        for (std::int64_t c = 0; c < depth; ++c) {
            const std::int32_t centered = input[static_cast<std::size_t>(r * depth + c)] - inputZeroPoint;
            const std::int32_t rescaled =
                roundingDivideByPot(saturatingRoundingDoublingHighMul(128 * centered, inverse.multiplier), -inverse.shift);
            output[static_cast<std::size_t>(r * depth + c)] = static_cast<std::uint8_t>(clampTo<std::uint8_t>(128 + rescaled));
        }
    }
}

} // namespace lf::interp::reference
