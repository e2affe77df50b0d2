// SPDX-License-Identifier: GPL-3.0-or-later
// Implementation of TFLite's fixed-point helpers.
#include "core/interpreter/quant_math.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lf::interp {

QuantizedMultiplier quantizeMultiplier(double real)
{
    if (real == 0.0)
        return {0, 0};
    int shift = 0;
    const double mantissa = std::frexp(real, &shift); // real = mantissa * 2^shift, mantissa in [0.5, 1)
    auto fixed = static_cast<std::int64_t>(std::round(mantissa * static_cast<double>(1LL << 31)));
    if (fixed == (1LL << 31)) { // rounding reached 1.0
        fixed /= 2;
        ++shift;
    }
    if (shift < -31) { // too small to represent: flush to zero as TFLite does
        shift = 0;
        fixed = 0;
    }
    return {static_cast<std::int32_t>(fixed), shift};
}

std::int32_t saturatingRoundingDoublingHighMul(std::int32_t a, std::int32_t b)
{
    const bool overflow = a == b && a == std::numeric_limits<std::int32_t>::min();
    const std::int64_t product = static_cast<std::int64_t>(a) * static_cast<std::int64_t>(b);
    const std::int64_t nudge = product >= 0 ? (1LL << 30) : (1 - (1LL << 30));
    const auto high = static_cast<std::int32_t>((product + nudge) / (1LL << 31));
    return overflow ? std::numeric_limits<std::int32_t>::max() : high;
}

std::int32_t roundingDivideByPot(std::int32_t x, int exponent)
{
    const std::int32_t mask = static_cast<std::int32_t>((1LL << exponent) - 1);
    const std::int32_t remainder = x & mask;
    const std::int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
    return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

std::int32_t multiplyByQuantizedMultiplier(std::int32_t x, QuantizedMultiplier m)
{
    const int leftShift = m.shift > 0 ? m.shift : 0;
    const int rightShift = m.shift > 0 ? 0 : -m.shift;
    return roundingDivideByPot(saturatingRoundingDoublingHighMul(x * (1 << leftShift), m.multiplier), rightShift);
}

std::int32_t multiplyByQuantizedMultiplier(std::int64_t x, QuantizedMultiplier m)
{
    // TFLite reduces the multiplier to 16 bits so that the 48-bit accumulator times it fits in 64 bits.
    const std::int32_t reduced = m.multiplier < 0x7FFF0000 ? ((m.multiplier + (1 << 15)) >> 16) : 0x7FFF;
    const int totalShift = 15 - m.shift;
    const std::int64_t round = std::int64_t{1} << (totalShift - 1);
    const std::int64_t result = (x * static_cast<std::int64_t>(reduced) + round) >> totalShift;
    return static_cast<std::int32_t>(std::clamp<std::int64_t>(result, std::numeric_limits<std::int32_t>::min(),
                                                              std::numeric_limits<std::int32_t>::max()));
}

FloatRange activationRange(std::string_view activation)
{
    constexpr float kLowest = std::numeric_limits<float>::lowest();
    constexpr float kMax = std::numeric_limits<float>::max();
    if (activation == "RELU")
        return {0.0f, kMax};
    if (activation == "RELU6")
        return {0.0f, 6.0f};
    if (activation == "RELU_N1_TO_1")
        return {-1.0f, 1.0f};
    if (activation == "RELU_0_TO_1")
        return {0.0f, 1.0f};
    return {kLowest, kMax};
}

QuantizedRange dtypeRange(ir::DType dtype)
{
    switch (dtype) {
    case ir::DType::Int8: return {-128, 127};
    case ir::DType::UInt8: return {0, 255};
    case ir::DType::Int16: return {-32768, 32767};
    default: return {std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::max()};
    }
}

QuantizedRange activationRange(std::string_view activation, const TensorView& output)
{
    QuantizedRange range = dtypeRange(output.dtype);
    const float scale = output.scale();
    const std::int32_t zeroPoint = output.zeroPoint();
    auto quantize = [&](float value) { return zeroPoint + static_cast<std::int32_t>(std::round(value / scale)); };
    if (activation == "RELU") {
        range.min = std::max(range.min, quantize(0.0f));
    } else if (activation == "RELU6") {
        range.min = std::max(range.min, quantize(0.0f));
        range.max = std::min(range.max, quantize(6.0f));
    } else if (activation == "RELU_N1_TO_1") {
        range.min = std::max(range.min, quantize(-1.0f));
        range.max = std::min(range.max, quantize(1.0f));
    } else if (activation == "RELU_0_TO_1") {
        range.min = std::max(range.min, quantize(0.0f));
        range.max = std::min(range.max, quantize(1.0f));
    }
    return range;
}

} // namespace lf::interp
