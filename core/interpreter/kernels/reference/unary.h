// SPDX-License-Identifier: GPL-3.0-or-later
// Straightforward reference for the elementwise unary kernels: TFLite's per-element formulas
// (elementwise.cc, neg.cc, round.h, sign.cc) and the quantized ABS and RSQRT arithmetic with its
// prepare-time multipliers. The kernels in unary.cpp build their int8 lookup tables from these
// functions and are tested against them.
#pragma once

#include "core/interpreter/quant_math.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <span>
#include <type_traits>

namespace lf::interp::reference {

/// TFLite's RoundToNearest: halves go to the even neighbour.
inline float roundHalfToEven(float x)
{
    const float floorValue = std::floor(x);
    const float difference = x - floorValue;
    if (difference < 0.5f || (difference == 0.5f && static_cast<std::int64_t>(floorValue) % 2 == 0))
        return floorValue;
    return floorValue + 1.0f;
}

/// -1, 0 or 1; NaN gives 0.
template <class T> T sign(T x)
{
    return static_cast<T>(static_cast<T>(0) < x) - static_cast<T>(x < static_cast<T>(0));
}

/// NEG on integers wraps: TFLite negates int8/int16 raw values without requantizing.
template <class T> T negate(T x)
{
    if constexpr (std::is_integral_v<T>)
        return static_cast<T>(
            static_cast<std::make_unsigned_t<T>>(0) - static_cast<std::make_unsigned_t<T>>(x));
    else
        return -x;
}

/// Quantized ABS (int8, int16): |q - zp_in|, rescaled by s_in / s_out (a float quotient) when the
/// scales differ, plus zp_out, clamped to the type.
struct QuantizedAbsParams
{
    std::int32_t inputZeroPoint = 0;
    std::int32_t outputZeroPoint = 0;
    bool rescale = false;
    QuantizedMultiplier multiplier;
    QuantizedRange range {};
};

inline QuantizedAbsParams makeQuantizedAbsParams(float inputScale, std::int32_t inputZeroPoint,
    float outputScale, std::int32_t outputZeroPoint, QuantizedRange range)
{
    const bool rescale = inputScale != outputScale;
    const QuantizedMultiplier multiplier = rescale
        ? quantizeMultiplier(static_cast<double>(inputScale / outputScale))
        : QuantizedMultiplier {};
    return { inputZeroPoint, outputZeroPoint, rescale, multiplier, range };
}

inline std::int32_t quantizedAbs(std::int32_t q, const QuantizedAbsParams& p)
{
    const std::int32_t value = std::abs(q - p.inputZeroPoint);
    const std::int32_t output
        = (p.rescale ? multiplyByQuantizedMultiplier(value, p.multiplier) : value)
        + p.outputZeroPoint;
    return std::clamp(output, p.range.min, p.range.max);
}

/// gemmlowp's SaturatingRoundingMultiplyByPOT for a positive exponent: a left shift that saturates.
inline std::int32_t saturatingShiftLeft(std::int32_t x, int exponent)
{
    const std::int32_t threshold = (std::int32_t { 1 } << (31 - exponent)) - 1;
    if (x > threshold)
        return std::numeric_limits<std::int32_t>::max();
    if (x < -threshold)
        return std::numeric_limits<std::int32_t>::min();
    return x * (std::int32_t { 1 } << exponent);
}

/// TFLite's GetInvSqrtQuantizedMultiplierExp(input, kReverseShift): 1/sqrt(input) as a multiplier
/// (shift positive = left), by five Newton-Raphson steps in Q3.28 fixed point. Inputs <= 1 give the
/// largest multiplier.
inline QuantizedMultiplier inverseSqrtMultiplier(std::int32_t input)
{
    if (input <= 1)
        return { std::numeric_limits<std::int32_t>::max(), 0 };
    int shift = 11;
    while (input >= (1 << 29)) {
        input /= 4;
        ++shift;
    }
    const int leftShiftBitPairs = (std::countl_zero(static_cast<std::uint32_t>(input)) - 1) / 2 - 1;
    shift -= leftShiftBitPairs;
    input <<= 2 * leftShiftBitPairs;
    // Q3.28 operands; a product of Qa and Qb values is a Q(a+b) value, rescaled back to Q3 by a
    // saturating left shift of the surplus integer bits.
    const std::int32_t halfInput = roundingDivideByPot(input >> 1, 1);
    constexpr std::int32_t kHalfThree = (1 << 28) + (1 << 27);
    std::int32_t x = 1 << 28;
    for (int i = 0; i < 5; ++i) {
        const std::int32_t cube = saturatingShiftLeft(
            saturatingRoundingDoublingHighMul(saturatingRoundingDoublingHighMul(x, x), x), 6);
        const std::int32_t difference = static_cast<std::int32_t>(
            static_cast<std::uint32_t>(saturatingRoundingDoublingHighMul(kHalfThree, x))
            - static_cast<std::uint32_t>(saturatingRoundingDoublingHighMul(halfInput, cube)));
        x = saturatingShiftLeft(difference, 3);
    }
    constexpr std::int32_t kHalfSqrt2 = 1518500250; // sqrt(2)/2 in Q0.31
    std::int32_t multiplier = saturatingRoundingDoublingHighMul(x, kHalfSqrt2);
    if (shift < 0) {
        multiplier <<= -shift;
        shift = 0;
    }
    return { multiplier, -shift };
}

/// Quantized int8 RSQRT (TFLite's integer Newton-Raphson, not a float table): the output multiplier
/// is 1 / (sqrt(s_in) s_out), with float intermediates as elementwise.cc computes it.
struct QuantizedRsqrtParams
{
    std::int32_t inputZeroPoint = 0;
    std::int32_t outputZeroPoint = 0;
    QuantizedMultiplier multiplier;
};

inline QuantizedRsqrtParams makeQuantizedRsqrtParams(
    float inputScale, std::int32_t inputZeroPoint, float outputScale, std::int32_t outputZeroPoint)
{
    const double real = 1.0 / static_cast<double>(std::sqrt(inputScale) * outputScale);
    return { inputZeroPoint, outputZeroPoint, quantizeMultiplier(real) };
}

/// Values below the zero point make TFLite fail the invocation; here they give the largest output,
/// as zero does.
inline std::int32_t quantizedRsqrt(std::int32_t q, const QuantizedRsqrtParams& p)
{
    constexpr int kShift = 20; // keeps 1/sqrt(value) an integer before the output rescale
    const std::int32_t value = q - p.inputZeroPoint;
    if (value <= 0)
        return 127;
    const QuantizedMultiplier inverse = inverseSqrtMultiplier(value);
    const std::int32_t data = multiplyByQuantizedMultiplier(
        std::int32_t { 1 }, QuantizedMultiplier { inverse.multiplier, inverse.shift + kShift });
    const std::int32_t output
        = multiplyByQuantizedMultiplier(
              data, QuantizedMultiplier { p.multiplier.multiplier, p.multiplier.shift - kShift })
        + p.outputZeroPoint;
    return std::clamp(output, -128, 127);
}

/// out[i] = f(in[i]).
template <class I, class O, class F> void applyUnary(std::span<const I> in, std::span<O> out, F f)
{
    for (std::size_t i = 0; i < in.size(); ++i)
        out[i] = f(in[i]);
}

} // namespace lf::interp::reference
