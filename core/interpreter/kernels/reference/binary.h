// SPDX-License-Identifier: GPL-3.0-or-later
// Straightforward reference for the elementwise binary and select kernels: NumPy broadcasting by
// explicit index arithmetic, TFLite's per-element formulas (float, integer and quantized) and the
// quantized parameters computed as TFLite's Prepare() computes them (add.cc, sub.cc, mul.cc,
// div.cc, comparisons.cc, squared_difference.cc). The fast kernels in binary.cpp are tested
// against these.
#pragma once

#include "core/interpreter/kernels/reference/fixed_point_math.h"
#include "core/interpreter/quant_math.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace lf::interp::reference {

/// The NumPy broadcast of `shapes` (right-aligned; extents equal or 1); nullopt if incompatible.
inline std::optional<std::vector<std::int64_t>> broadcastShapes(
    std::span<const std::vector<std::int64_t>> shapes)
{
    std::size_t rank = 0;
    for (const auto& shape : shapes)
        rank = std::max(rank, shape.size());
    std::vector<std::int64_t> result(rank, 1);
    for (const auto& shape : shapes) {
        const std::size_t lead = rank - shape.size();
        for (std::size_t d = 0; d < shape.size(); ++d) {
            std::int64_t& extent = result[lead + d];
            if (shape[d] == extent || shape[d] == 1)
                continue;
            if (extent != 1)
                return std::nullopt;
            extent = shape[d];
        }
    }
    return result;
}

/// Flat index into a tensor of shape `in` of the element that output position `flat` reads.
inline std::int64_t broadcastSource(
    std::span<const std::int64_t> in, std::span<const std::int64_t> out, std::int64_t flat)
{
    std::int64_t index = 0;
    std::int64_t stride = 1;
    for (std::size_t k = 0; k < out.size(); ++k) {
        const std::size_t d = out.size() - 1 - k;
        const std::int64_t coordinate = flat % out[d];
        flat /= out[d];
        if (k < in.size()) {
            const std::int64_t extent = in[in.size() - 1 - k];
            index += (extent == 1 ? 0 : coordinate) * stride;
            stride *= extent;
        }
    }
    return index;
}

inline std::int64_t elementCount(std::span<const std::int64_t> shape)
{
    std::int64_t count = 1;
    for (std::int64_t extent : shape)
        count *= extent;
    return count;
}

/// out[i] = f(in1[j], in2[k]) over the broadcast output `outShape`.
template <class A, class B, class O, class F>
void broadcastBinary(std::span<const std::int64_t> shape1, const A* in1,
    std::span<const std::int64_t> shape2, const B* in2, std::span<const std::int64_t> outShape,
    O* out, F f)
{
    const std::int64_t count = elementCount(outShape);
    for (std::int64_t i = 0; i < count; ++i)
        out[i] = f(
            in1[broadcastSource(shape1, outShape, i)], in2[broadcastSource(shape2, outShape, i)]);
}

/// SELECT_V2: out = condition ? x : y over the broadcast of all three. Booleans are bytes, non-zero
/// is true.
template <class T>
void broadcastSelect(std::span<const std::int64_t> conditionShape, const std::uint8_t* condition,
    std::span<const std::int64_t> xShape, const T* x, std::span<const std::int64_t> yShape,
    const T* y, std::span<const std::int64_t> outShape, T* out)
{
    const std::int64_t count = elementCount(outShape);
    for (std::int64_t i = 0; i < count; ++i) {
        out[i] = condition[broadcastSource(conditionShape, outShape, i)] != 0
            ? x[broadcastSource(xShape, outShape, i)]
            : y[broadcastSource(yShape, outShape, i)];
    }
}

// ---- float and integer formulas ----

/// a + b, a - b and a * b with two's-complement wrap-around for integers (TFLite's plain C++
/// arithmetic, which wraps on every target it runs on).
template <class T> T wrappingAdd(T a, T b)
{
    if constexpr (std::is_integral_v<T>)
        return static_cast<T>(
            static_cast<std::make_unsigned_t<T>>(a) + static_cast<std::make_unsigned_t<T>>(b));
    else
        return a + b;
}

template <class T> T wrappingSub(T a, T b)
{
    if constexpr (std::is_integral_v<T>)
        return static_cast<T>(
            static_cast<std::make_unsigned_t<T>>(a) - static_cast<std::make_unsigned_t<T>>(b));
    else
        return a - b;
}

template <class T> T wrappingMul(T a, T b)
{
    if constexpr (std::is_integral_v<T>)
        return static_cast<T>(
            static_cast<std::make_unsigned_t<T>>(a) * static_cast<std::make_unsigned_t<T>>(b));
    else
        return a * b;
}

/// TFLite's ActivationFunctionWithMinMax: min(max(x, lo), hi). With no activation the bounds are
/// the type's limits, so float infinities become +-FLT_MAX as in TFLite's builtin kernels.
template <class T> T clampActivation(T x, T lo, T hi)
{
    return std::min(std::max(x, lo), hi);
}

/// CalculateActivationRange for float and plain integer outputs; nullopt for activations TFLite
/// kernels do not clamp with (TANH, SIGN_BIT).
template <class T> std::optional<std::pair<T, T>> plainActivationRange(std::string_view activation)
{
    if (activation == "NONE")
        return std::pair { std::numeric_limits<T>::lowest(), std::numeric_limits<T>::max() };
    if (activation == "RELU")
        return std::pair { T(0), std::numeric_limits<T>::max() };
    if (activation == "RELU6")
        return std::pair { T(0), T(6) };
    if (activation == "RELU_N1_TO_1")
        return std::pair { T(-1), T(1) };
    return std::nullopt;
}

template <class T> T maximum(T a, T b)
{
    return a > b ? a : b;
}

template <class T> T minimum(T a, T b)
{
    return a < b ? a : b;
}

template <class T> T squaredDifference(T a, T b)
{
    const T difference = wrappingSub(a, b);
    return wrappingMul(difference, difference);
}

/// Integer DIV truncates. TFLite fails the invocation on a zero divisor; here it gives 0, and the
/// overflowing lowest / -1 wraps to lowest.
template <class T> T integerDivide(T a, T b)
{
    if (b == 0)
        return 0;
    if (b == -1)
        return wrappingSub(T(0), a);
    return a / b;
}

/// FLOOR_DIV: floor of the quotient taken in double, as TFLite's reference FloorDiv. Integer zero
/// divisors (an error in TFLite) give 0; quotients outside the type wrap.
template <class T> T floorDivide(T a, T b)
{
    if constexpr (std::is_integral_v<T>) {
        if (b == 0)
            return 0;
        return static_cast<T>(
            static_cast<std::int64_t>(std::floor(static_cast<double>(a) / static_cast<double>(b))));
    } else {
        return static_cast<T>(std::floor(static_cast<double>(a) / static_cast<double>(b)));
    }
}

/// FLOOR_MOD: the truncated remainder moved to the sign of the divisor (TFLite's FloorMod). Integer
/// zero divisors (an error in TFLite) give 0.
template <class T> T floorModulo(T a, T b)
{
    T truncated;
    if constexpr (std::is_integral_v<T>) {
        if (b == 0 || b == -1)
            return 0;
        truncated = a % b;
    } else {
        truncated = std::fmod(a, b);
    }
    return truncated != 0 && ((b < 0) != (truncated < 0)) ? wrappingAdd(truncated, b) : truncated;
}

/// POW: std::pow in float; for int32 in double, converted back (TFLite refuses negative integer
/// exponents at run time; here they give the truncated power). Results outside int32 give lowest,
/// which is what TFLite's conversion yields on x86 and in WebAssembly.
template <class T> T power(T a, T b)
{
    if constexpr (std::is_integral_v<T>) {
        const double value = std::pow(static_cast<double>(a), static_cast<double>(b));
        const bool inRange = value >= static_cast<double>(std::numeric_limits<T>::lowest())
            && value <= static_cast<double>(std::numeric_limits<T>::max());
        return inRange ? static_cast<T>(value) : std::numeric_limits<T>::lowest();
    } else {
        return std::pow(a, b);
    }
}

// ---- quantized formulas ----

/// TFLite's QuantizeMultiplierSmallerThanOneExp: only for reals in (0, 1) whose shift stays <= 0.
inline std::optional<QuantizedMultiplier> multiplierBelowOne(double real)
{
    if (!(real > 0.0 && real < 1.0))
        return std::nullopt;
    const QuantizedMultiplier m = quantizeMultiplier(real);
    if (m.shift > 0)
        return std::nullopt;
    return m;
}

/// TFLite's CheckedLog2: the rounded log2 of `x` if x is a power of two (within 1e-3 in log2).
inline std::optional<int> checkedLog2(float x)
{
    const float log2 = std::log(x) * (1.0f / std::log(2.0f));
    const float rounded = std::round(log2);
    if (!(std::abs(log2 - rounded) < 1e-3f))
        return std::nullopt;
    return static_cast<int>(rounded);
}

/// General quantized ADD and SUB: each input, offset and shifted left by `leftShift` (20 for 8-bit,
/// 15 for int16), is rescaled by s_i / (2 max(s1, s2)); the sum by 2 max(s1, s2) / (2^leftShift
/// s_out).
struct QuantizedAddParams
{
    int leftShift = 20;
    std::int32_t input1Offset = 0; ///< minus the zero point
    std::int32_t input2Offset = 0;
    std::int32_t outputOffset = 0; ///< the output zero point
    QuantizedMultiplier input1;
    QuantizedMultiplier input2;
    QuantizedMultiplier output;
    QuantizedRange activation {};
};

/// nullopt when a multiplier is not below one: TFLite's ADD refuses such models and its SUB
/// rescales with a negative right shift, which is undefined.
inline std::optional<QuantizedAddParams> makeQuantizedAddParams(float scale1,
    std::int32_t zeroPoint1, float scale2, std::int32_t zeroPoint2, float outputScale,
    std::int32_t outputZeroPoint, int leftShift, QuantizedRange activation)
{
    const double twiceMaxScale = 2.0 * static_cast<double>(std::max(scale1, scale2));
    const auto input1 = multiplierBelowOne(static_cast<double>(scale1) / twiceMaxScale);
    const auto input2 = multiplierBelowOne(static_cast<double>(scale2) / twiceMaxScale);
    const auto output = multiplierBelowOne(
        twiceMaxScale / (static_cast<double>(1 << leftShift) * static_cast<double>(outputScale)));
    if (!input1 || !input2 || !output)
        return std::nullopt;
    return QuantizedAddParams { leftShift, -zeroPoint1, -zeroPoint2, outputZeroPoint, *input1,
        *input2, *output, activation };
}

/// One input of a general quantized ADD/SUB scaled to the common intermediate scale.
inline std::int32_t addInputScaled(
    std::int32_t q, std::int32_t offset, int leftShift, QuantizedMultiplier m)
{
    return multiplyByQuantizedMultiplier((q + offset) * (1 << leftShift), m);
}

inline std::int32_t quantizedAdd(
    std::int32_t a, std::int32_t b, const QuantizedAddParams& p, bool subtract)
{
    const std::int32_t scaled1 = addInputScaled(a, p.input1Offset, p.leftShift, p.input1);
    const std::int32_t scaled2 = addInputScaled(b, p.input2Offset, p.leftShift, p.input2);
    const std::int32_t raw = subtract ? scaled1 - scaled2 : scaled1 + scaled2;
    return std::clamp(multiplyByQuantizedMultiplier(raw, p.output) + p.outputOffset,
        p.activation.min, p.activation.max);
}

/// The int16 ADD/SUB path for power-of-two scales and zero points 0 (pot_scale_int16, LSTM style):
/// one input is rounding-shifted right to the output scale, the other must already have it.
struct PotInt16Params
{
    int input1Shift = 0; ///< <= 0
    int input2Shift = 0;
    QuantizedRange activation {};
};

inline std::int32_t potInt16AddSub(
    std::int32_t a, std::int32_t b, const PotInt16Params& p, bool subtract)
{
    const std::int32_t scaled1 = roundingDivideByPot(a, -p.input1Shift);
    const std::int32_t scaled2 = roundingDivideByPot(b, -p.input2Shift);
    return std::clamp(
        subtract ? scaled1 - scaled2 : scaled1 + scaled2, p.activation.min, p.activation.max);
}

/// Quantized MUL: the product of the offset inputs rescaled by s1 s2 / s_out (computed in float, as
/// mul.cc does).
struct QuantizedMulParams
{
    std::int32_t input1Offset = 0;
    std::int32_t input2Offset = 0;
    std::int32_t outputOffset = 0;
    QuantizedMultiplier output;
    QuantizedRange activation {};
};

inline QuantizedMulParams makeQuantizedMulParams(float scale1, std::int32_t zeroPoint1,
    float scale2, std::int32_t zeroPoint2, float outputScale, std::int32_t outputZeroPoint,
    QuantizedRange activation)
{
    const float real = scale1 * scale2 / outputScale;
    return { -zeroPoint1, -zeroPoint2, outputZeroPoint,
        quantizeMultiplier(static_cast<double>(real)), activation };
}

inline std::int32_t quantizedMul(std::int32_t a, std::int32_t b, const QuantizedMulParams& p)
{
    const std::int32_t product = (a + p.input1Offset) * (b + p.input2Offset);
    return std::clamp(p.outputOffset + multiplyByQuantizedMultiplier(product, p.output),
        p.activation.min, p.activation.max);
}

/// int8 ADD and SUB as LiteRT's XNNPACK delegate runs them: each input's scale relative to the
/// output's as a multiplier with 20 bits above the larger one's leading bit, one integer sum with
/// the zero points and the rounding folded into a bias, one arithmetic (flooring) right shift.
struct XnnpackAddParams
{
    std::int32_t input1Multiplier = 0;
    std::int32_t input2Multiplier = 0; ///< negated for SUB
    std::int32_t bias = 0;
    int shift = 0;
    std::int32_t outputZeroPoint = 0;
    QuantizedRange activation {};
};

/// nullopt where XNNPACK refuses the scales (an input-to-output ratio outside [2^-10, 2^8)) and
/// TFLite's builtin kernel runs instead.
inline std::optional<XnnpackAddParams> makeXnnpackAddParams(float scale1, std::int32_t zeroPoint1,
    float scale2, std::int32_t zeroPoint2, float outputScale, std::int32_t outputZeroPoint,
    bool subtract, QuantizedRange activation)
{
    const float ratio1 = scale1 / outputScale;
    const float ratio2 = scale2 / outputScale;
    const auto supported = [](float ratio) { return ratio >= 0x1.0p-10f && ratio < 0x1.0p+8f; };
    if (!supported(ratio1) || !supported(ratio2))
        return std::nullopt;
    int exponent = 0;
    std::frexp(std::max(ratio1, ratio2), &exponent);
    const int shift = 21 - exponent;
    const auto multiplier1 = static_cast<std::int32_t>(std::lrint(std::ldexp(ratio1, shift)));
    const auto multiplier2 = static_cast<std::int32_t>(
        std::lrint(std::ldexp(subtract ? -ratio2 : ratio2, shift)));
    const std::int32_t bias
        = (1 << (shift - 1)) - multiplier1 * zeroPoint1 - multiplier2 * zeroPoint2;
    return XnnpackAddParams { multiplier1, multiplier2, bias, shift, outputZeroPoint, activation };
}

inline std::int32_t xnnpackAdd(std::int32_t a, std::int32_t b, const XnnpackAddParams& p)
{
    const std::int32_t sum = p.bias + a * p.input1Multiplier + b * p.input2Multiplier;
    return std::clamp((sum >> p.shift) + p.outputZeroPoint, p.activation.min, p.activation.max);
}

/// int8 MUL as LiteRT's XNNPACK delegate runs it: the integer product of the centred inputs times
/// scale1 * scale2 / output scale in float, rounded to nearest even.
struct XnnpackMulParams
{
    std::int32_t zeroPoint1 = 0;
    std::int32_t zeroPoint2 = 0;
    float scale = 0.0f;
    std::int32_t outputZeroPoint = 0;
    QuantizedRange activation {};
};

/// nullopt where XNNPACK refuses the scales (a product-to-output ratio outside [2^-16, 2^8)).
inline std::optional<XnnpackMulParams> makeXnnpackMulParams(float scale1, std::int32_t zeroPoint1,
    float scale2, std::int32_t zeroPoint2, float outputScale, std::int32_t outputZeroPoint,
    QuantizedRange activation)
{
    const float scale = scale1 * scale2 / outputScale;
    if (!(scale >= 0x1.0p-16f && scale < 0x1.0p+8f))
        return std::nullopt;
    return XnnpackMulParams { zeroPoint1, zeroPoint2, scale, outputZeroPoint, activation };
}

inline std::int32_t xnnpackMul(std::int32_t a, std::int32_t b, const XnnpackMulParams& p)
{
    const float product = static_cast<float>((a - p.zeroPoint1) * (b - p.zeroPoint2)) * p.scale;
    const float low = static_cast<float>(p.activation.min - p.outputZeroPoint);
    const float high = static_cast<float>(p.activation.max - p.outputZeroPoint);
    return static_cast<std::int32_t>(std::nearbyint(std::clamp(product, low, high)))
        + p.outputZeroPoint;
}

/// Quantized DIV (TFLite's reference Div for int8, uint8 and int16): the divisor's reciprocal by
/// Newton-Raphson in Q0.31, the dividend normalized by its headroom, then one rescale by
/// input1 scale / (input2 scale x output scale).
struct QuantizedDivParams
{
    std::int32_t input1Offset = 0;
    std::int32_t input2Offset = 0;
    std::int32_t outputOffset = 0;
    QuantizedMultiplier output;
    QuantizedRange activation {};
};

inline QuantizedDivParams makeQuantizedDivParams(float scale1, std::int32_t zeroPoint1,
    float scale2, std::int32_t zeroPoint2, float outputScale, std::int32_t outputZeroPoint,
    QuantizedRange activation)
{
    const float real = scale1 / (scale2 * outputScale);
    return { -zeroPoint1, -zeroPoint2, outputZeroPoint,
        quantizeMultiplier(static_cast<double>(real)), activation };
}

/// Redundant leading sign bits of x (31 for 0).
inline int countLeadingSignBits(std::int32_t x)
{
    if (x == std::numeric_limits<std::int32_t>::min())
        return 0;
    const auto magnitude = static_cast<std::uint32_t>(x >= 0 ? x : -x);
    return x >= 0 ? std::countl_zero(magnitude) - 1 : std::countl_zero(2 * magnitude - 1);
}

/// 1 / x for x > 0 as a Q0.31 value in (1/2, 1] and `shift` with 1 / x = value / 2^shift
/// (TFLite's GetReciprocal with 31 integer digits).
inline std::int32_t reciprocal(std::int32_t x, int& shift)
{
    const int leadingZeros = std::countl_zero(static_cast<std::uint32_t>(x));
    shift = 31 - leadingZeros;
    const auto fraction = static_cast<std::int32_t>(
        (static_cast<std::uint32_t>(x) << leadingZeros) - (std::uint32_t { 1 } << 31));
    using F0 = fixedpoint::Fixed<std::int32_t, 0>;
    return fixedpoint::oneOverOnePlusX(F0::fromRaw(fraction)).raw;
}

/// A zero divisor (the divisor's raw value at its zero point, which TFLite does not check)
/// saturates towards the dividend's sign.
inline std::int32_t quantizedDiv(std::int32_t a, std::int32_t b, const QuantizedDivParams& p)
{
    std::int32_t dividend = a + p.input1Offset;
    std::int32_t divisor = b + p.input2Offset;
    if (divisor == 0) {
        const std::int32_t value = dividend > 0 ? p.activation.max
            : dividend < 0                      ? p.activation.min
                                                : p.outputOffset;
        return std::clamp(value, p.activation.min, p.activation.max);
    }
    if (divisor < 0) {
        dividend = -dividend;
        divisor = -divisor;
    }
    int reciprocalShift = 0;
    const std::int32_t inverse = reciprocal(divisor, reciprocalShift);
    const int headroom = countLeadingSignBits(dividend);
    const auto normalized
        = static_cast<std::int32_t>(static_cast<std::uint32_t>(dividend) << headroom);
    const std::int32_t quotient = saturatingRoundingDoublingHighMul(normalized, inverse);
    const int shift = p.output.shift - reciprocalShift - headroom;
    const std::int32_t scaled = saturatingRoundingDoublingHighMul(quotient, p.output.multiplier);
    // Only multipliers above 2^23 (8-bit) or 2^15 (int16) make `shift` positive; saturate there.
    const std::int64_t result = shift <= 0
        ? roundingDivideByPot(scaled, -shift)
        : std::clamp<std::int64_t>(std::int64_t { scaled } << std::min(shift, 32),
            std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::max());
    return static_cast<std::int32_t>(std::clamp<std::int64_t>(
        p.outputOffset + result, p.activation.min, p.activation.max));
}

/// Quantized comparisons compare both inputs rescaled by their own scale after a left shift of 8.
/// TFLite only computes this correctly for scales below one.
struct QuantizedCompareParams
{
    std::int32_t input1Offset = 0;
    std::int32_t input2Offset = 0;
    QuantizedMultiplier input1;
    QuantizedMultiplier input2;
};

inline std::optional<QuantizedCompareParams> makeQuantizedCompareParams(
    float scale1, std::int32_t zeroPoint1, float scale2, std::int32_t zeroPoint2)
{
    const auto input1 = multiplierBelowOne(static_cast<double>(scale1));
    const auto input2 = multiplierBelowOne(static_cast<double>(scale2));
    if (!input1 || !input2)
        return std::nullopt;
    return QuantizedCompareParams { -zeroPoint1, -zeroPoint2, *input1, *input2 };
}

inline std::int32_t compareInputScaled(std::int32_t q, std::int32_t offset, QuantizedMultiplier m)
{
    constexpr int kLeftShift = 8;
    return multiplyByQuantizedMultiplier((q + offset) * (1 << kLeftShift), m);
}

/// Quantized int8 SQUARED_DIFFERENCE: inputs rescaled as in ADD with a left shift of 7, the squared
/// difference by (2 max(s1, s2))^2 / (2^14 s_out), clamped to int8 (no fused activation).
struct QuantizedSquaredDifferenceParams
{
    std::int32_t input1Offset = 0;
    std::int32_t input2Offset = 0;
    std::int32_t outputOffset = 0;
    QuantizedMultiplier input1;
    QuantizedMultiplier input2;
    QuantizedMultiplier output;
};

inline std::optional<QuantizedSquaredDifferenceParams> makeQuantizedSquaredDifferenceParams(
    float scale1, std::int32_t zeroPoint1, float scale2, std::int32_t zeroPoint2, float outputScale,
    std::int32_t outputZeroPoint)
{
    constexpr int kLeftShift = 7;
    const double twiceMaxScale = 2.0 * static_cast<double>(std::max(scale1, scale2));
    const auto input1 = multiplierBelowOne(static_cast<double>(scale1) / twiceMaxScale);
    const auto input2 = multiplierBelowOne(static_cast<double>(scale2) / twiceMaxScale);
    const auto output = multiplierBelowOne(
        twiceMaxScale * twiceMaxScale / (static_cast<double>(1 << (2 * kLeftShift)) * outputScale));
    if (!input1 || !input2 || !output)
        return std::nullopt;
    return QuantizedSquaredDifferenceParams { -zeroPoint1, -zeroPoint2, outputZeroPoint, *input1,
        *input2, *output };
}

inline std::int32_t squaredDifferenceInputScaled(
    std::int32_t q, std::int32_t offset, QuantizedMultiplier m)
{
    constexpr int kLeftShift = 7;
    return multiplyByQuantizedMultiplier((q + offset) * (1 << kLeftShift), m);
}

inline std::int32_t quantizedSquaredDifference(
    std::int32_t a, std::int32_t b, const QuantizedSquaredDifferenceParams& p)
{
    const std::int32_t difference = squaredDifferenceInputScaled(a, p.input1Offset, p.input1)
        - squaredDifferenceInputScaled(b, p.input2Offset, p.input2);
    const std::int32_t raw
        = multiplyByQuantizedMultiplier(difference * difference, p.output) + p.outputOffset;
    return std::clamp(raw, -128, 127);
}

} // namespace lf::interp::reference
