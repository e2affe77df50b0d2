// SPDX-License-Identifier: GPL-3.0-or-later
// Q-format fixed-point arithmetic on 16- and 32-bit raw integers with the exact rounding, wrapping
// and saturation of gemmlowp's scalar fixedpoint, which TFLite's integer kernels are defined by:
// exp on negative values, tanh and logistic as polynomial plus Newton-Raphson evaluations.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace lf::interp::reference::fixedpoint {

/// A value raw / 2^kFractionalBits in [-2^IntegerBits, 2^IntegerBits).
template <class Raw, int IntegerBits>
struct Fixed {
    static_assert(std::is_same_v<Raw, std::int16_t> || std::is_same_v<Raw, std::int32_t>);
    static constexpr int kTotalBits = 8 * sizeof(Raw);
    static constexpr int kIntegerBits = IntegerBits;
    static constexpr int kFractionalBits = kTotalBits - 1 - IntegerBits;

    Raw raw = 0;

    static constexpr Fixed fromRaw(Raw value) { return Fixed{value}; }
    /// 2^Exponent, which must be exactly representable.
    template <int Exponent>
    static constexpr Fixed powerOfTwo()
    {
        static_assert(kFractionalBits + Exponent >= 0 && kFractionalBits + Exponent < kTotalBits - 1);
        return Fixed{static_cast<Raw>(Raw{1} << (kFractionalBits + Exponent))};
    }
    /// 1, or the largest value below it when there are no integer bits.
    static constexpr Fixed one()
    {
        return Fixed{IntegerBits == 0 ? std::numeric_limits<Raw>::max() : static_cast<Raw>(Raw{1} << kFractionalBits)};
    }
};

/// Wrapping (two's complement) arithmetic, as the plain operators of the scalar implementation behave.
template <class Raw>
constexpr Raw wrap(std::int64_t value)
{
    return static_cast<Raw>(static_cast<std::make_unsigned_t<Raw>>(static_cast<std::uint64_t>(value)));
}

template <class Raw>
constexpr Raw saturate(std::int64_t value)
{
    return static_cast<Raw>(std::clamp<std::int64_t>(value, std::numeric_limits<Raw>::min(), std::numeric_limits<Raw>::max()));
}

/// round(a * b / 2^(bits - 1)) with ties away from zero; min * min saturates to max.
template <class Raw>
constexpr Raw roundingDoublingHighMul(Raw a, Raw b)
{
    constexpr int kBits = 8 * sizeof(Raw);
    if (a == b && a == std::numeric_limits<Raw>::min())
        return std::numeric_limits<Raw>::max();
    const std::int64_t product = std::int64_t{a} * std::int64_t{b};
    const std::int64_t nudge = product >= 0 ? (std::int64_t{1} << (kBits - 2)) : 1 - (std::int64_t{1} << (kBits - 2));
    // C++ division truncates towards zero, which with the nudge gives round-half-away.
    return static_cast<Raw>((product + nudge) / (std::int64_t{1} << (kBits - 1)));
}

/// x / 2^exponent rounded to nearest, ties away from zero; the mask is taken in Raw's width.
template <class Raw>
constexpr Raw roundingDivideByPot(Raw x, int exponent)
{
    const auto mask = static_cast<Raw>((std::int64_t{1} << exponent) - 1);
    const Raw remainder = static_cast<Raw>(x & mask);
    const Raw threshold = static_cast<Raw>((mask >> 1) + (x < 0 ? 1 : 0));
    return static_cast<Raw>((x >> exponent) + (remainder > threshold ? 1 : 0));
}

/// x * 2^Exponent: saturating when shifting left, rounding to nearest when shifting right.
template <int Exponent, class Raw>
constexpr Raw saturatingRoundingMultiplyByPot(Raw x)
{
    if constexpr (Exponent == 0) {
        return x;
    } else if constexpr (Exponent > 0) {
        constexpr int kBits = 8 * sizeof(Raw);
        constexpr std::int64_t kThreshold = (std::int64_t{1} << (kBits - 1 - Exponent)) - 1;
        if (x > kThreshold)
            return std::numeric_limits<Raw>::max();
        if (x < -kThreshold)
            return std::numeric_limits<Raw>::min();
        return wrap<Raw>(std::int64_t{x} * (std::int64_t{1} << Exponent));
    } else {
        return roundingDivideByPot(x, -Exponent);
    }
}

template <class Raw, int A, int B>
constexpr Fixed<Raw, A + B> operator*(Fixed<Raw, A> a, Fixed<Raw, B> b)
{
    return {roundingDoublingHighMul(a.raw, b.raw)};
}

template <class Raw, int I>
constexpr Fixed<Raw, I> operator+(Fixed<Raw, I> a, Fixed<Raw, I> b)
{
    return {wrap<Raw>(std::int64_t{a.raw} + b.raw)};
}

template <class Raw, int I>
constexpr Fixed<Raw, I> operator-(Fixed<Raw, I> a, Fixed<Raw, I> b)
{
    return {wrap<Raw>(std::int64_t{a.raw} - b.raw)};
}

template <class Raw, int I>
constexpr Fixed<Raw, I> operator-(Fixed<Raw, I> a)
{
    return {wrap<Raw>(-std::int64_t{a.raw})};
}

template <class Raw, int I>
constexpr Fixed<Raw, I> operator&(Fixed<Raw, I> a, Fixed<Raw, I> b)
{
    return {static_cast<Raw>(a.raw & b.raw)};
}

/// The same raw value read with Exponent more integer bits: an exact multiplication by 2^Exponent.
template <int Exponent, class Raw, int I>
constexpr Fixed<Raw, I + Exponent> exactMulByPot(Fixed<Raw, I> a)
{
    return {a.raw};
}

template <int Exponent, class Raw, int I>
constexpr Fixed<Raw, I> saturatingRoundingMultiplyByPot(Fixed<Raw, I> a)
{
    return {saturatingRoundingMultiplyByPot<Exponent>(a.raw)};
}

/// Changes the number of integer bits, rounding or saturating the raw value.
template <int DstBits, class Raw, int SrcBits>
constexpr Fixed<Raw, DstBits> rescale(Fixed<Raw, SrcBits> x)
{
    return {saturatingRoundingMultiplyByPot<SrcBits - DstBits>(x.raw)};
}

/// (a + b) / 2 rounded to nearest, ties away from zero.
template <class Raw, int I>
constexpr Fixed<Raw, I> roundingHalfSum(Fixed<Raw, I> a, Fixed<Raw, I> b)
{
    const std::int64_t sum = std::int64_t{a.raw} + b.raw;
    return {static_cast<Raw>((sum + (sum >= 0 ? 1 : -1)) / 2)};
}

/// a + b, saturating for 16-bit raws and wrapping for 32-bit ones.
template <class Raw, int I>
constexpr Fixed<Raw, I> addSaturatingIf16Bit(Fixed<Raw, I> a, Fixed<Raw, I> b)
{
    if constexpr (sizeof(Raw) == 2)
        return {saturate<Raw>(std::int64_t{a.raw} + b.raw)};
    else
        return a + b;
}

/// A constant given as a 32-bit Q0.31-style raw value, rounded to Raw's width.
template <class F>
constexpr F constant(std::int32_t raw32)
{
    using Raw = decltype(F::raw);
    return {static_cast<Raw>(roundingDivideByPot<std::int32_t>(raw32, 32 - 8 * static_cast<int>(sizeof(Raw))))};
}

/// exp(a) for a in [-1/4, 0), by a Taylor expansion around -1/8.
template <class Raw>
constexpr Fixed<Raw, 0> expOnIntervalNegativeQuarterToZero(Fixed<Raw, 0> a)
{
    using F = Fixed<Raw, 0>;
    const F constantTerm = constant<F>(1895147668); // exp(-1/8)
    const F oneThird = constant<F>(715827883);
    const F x = a + F::template powerOfTwo<-3>();
    const F x2 = x * x;
    const F x3 = x2 * x;
    const F x4 = x2 * x2;
    const F x4Over4 = saturatingRoundingMultiplyByPot<-2>(x4);
    const F polynomial = saturatingRoundingMultiplyByPot<-1>(((x4Over4 + x3) * oneThird) + x2);
    return addSaturatingIf16Bit(constantTerm, constantTerm * (x + polynomial));
}

/// exp(a) for a <= 0: the interval evaluation times one factor exp(-2^k) per set bit of the rest.
template <class Raw, int IntegerBits>
constexpr Fixed<Raw, 0> expOnNegativeValues(Fixed<Raw, IntegerBits> a)
{
    using In = Fixed<Raw, IntegerBits>;
    using Out = Fixed<Raw, 0>;
    constexpr int kFractionalBits = In::kFractionalBits;
    const In quarter = In::template powerOfTwo<-2>();
    const In mask = quarter - In::fromRaw(1);
    const In moduloQuarterMinusQuarter = (a & mask) - quarter;
    Out result = expOnIntervalNegativeQuarterToZero(rescale<0>(moduloQuarterMinusQuarter));
    const Raw remainder = (moduloQuarterMinusQuarter - a).raw;

    // exp(-2^k) for k = -2 .. 4 as Q0.31 raws.
    constexpr std::int32_t kFactors[] = {1672461947, 1302514674, 790015084, 290630308, 39332535, 720401, 242};
    for (int k = -2; k <= 4; ++k) {
        if (IntegerBits > k && (remainder & (Raw{1} << (kFractionalBits + k))) != 0)
            result = result * constant<Out>(kFactors[k + 2]);
    }
    if constexpr (IntegerBits > 5) {
        const In clamp = constant<In>(-(1 << (36 - IntegerBits))); // -32: exp underflows to zero
        if (a.raw < clamp.raw)
            result = Out{0};
    }
    return a.raw == 0 ? Out::one() : result;
}

/// (1 - a) / (1 + a) for a in (0, 1), by Newton-Raphson division.
template <class Raw>
constexpr Fixed<Raw, 0> oneMinusXOverOnePlusX(Fixed<Raw, 0> a)
{
    using F0 = Fixed<Raw, 0>;
    using F2 = Fixed<Raw, 2>;
    const F0 halfDenominator = roundingHalfSum(a, F0::one());
    const F2 c48Over17 = constant<F2>(1515870810);
    const F2 cNeg32Over17 = constant<F2>(-1010580540);
    F2 x = c48Over17 + halfDenominator * cNeg32Over17;
    for (int i = 0; i < 3; ++i) {
        const F2 oneMinusProduct = F2::one() - halfDenominator * x;
        x = x + rescale<2>(x * oneMinusProduct);
    }
    return rescale<0>(x - F2::one());
}

/// 1 / (1 + a) for a in (0, 1), by Newton-Raphson division.
template <class Raw>
constexpr Fixed<Raw, 0> oneOverOnePlusX(Fixed<Raw, 0> a)
{
    using F0 = Fixed<Raw, 0>;
    using F2 = Fixed<Raw, 2>;
    const F0 halfDenominator = roundingHalfSum(a, F0::one());
    const F2 c48Over17 = constant<F2>(1515870810);
    const F2 cNeg32Over17 = constant<F2>(-1010580540);
    F2 x = c48Over17 + halfDenominator * cNeg32Over17;
    for (int i = 0; i < 3; ++i) {
        const F2 oneMinusProduct = F2::one() - halfDenominator * x;
        x = x + rescale<2>(x * oneMinusProduct);
    }
    return rescale<0>(exactMulByPot<-1>(x));
}

template <class Raw, int IntegerBits>
constexpr Fixed<Raw, 0> tanh(Fixed<Raw, IntegerBits> a)
{
    using Out = Fixed<Raw, 0>;
    const bool negative = a.raw < 0;
    const Fixed<Raw, IntegerBits> nonPositive = negative ? a : -a;
    const Out t = oneMinusXOverOnePlusX(expOnNegativeValues(exactMulByPot<1>(nonPositive)));
    if (a.raw == 0)
        return Out{0};
    return negative ? -t : t;
}

template <class Raw, int IntegerBits>
constexpr Fixed<Raw, 0> logistic(Fixed<Raw, IntegerBits> a)
{
    using Out = Fixed<Raw, 0>;
    const bool positive = a.raw > 0;
    // For the most negative raw value the negation wraps back to itself, as in the reference.
    const Fixed<Raw, IntegerBits> magnitude = positive ? a : -a;
    const Out ifPositive = oneOverOnePlusX(expOnNegativeValues(-magnitude));
    if (a.raw == 0)
        return constant<Out>(1 << 30);
    return positive ? ifPositive : Out::one() - ifPositive;
}

} // namespace lf::interp::reference::fixedpoint
