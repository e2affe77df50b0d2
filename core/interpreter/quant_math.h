// SPDX-License-Identifier: GPL-3.0-or-later
// TFLite's integer arithmetic, bit for bit: real multipliers as a Q31 fixed-point value plus a shift,
// the saturating rounding doubling high multiply, rounding division by a power of two, and activation
// ranges in the quantized domain. Every integer kernel builds on these so that results match TFLite.
#pragma once

#include "core/interpreter/tensor_view.h"

#include <cstdint>
#include <string_view>

namespace lf::interp {

struct QuantizedMultiplier {
    std::int32_t multiplier = 0; ///< Q31, in [2^30, 2^31) unless zero
    int shift = 0;               ///< positive: shift left
};

/// Decomposes `real` (>= 0) as multiplier * 2^(shift - 31), rounding the mantissa to 31 bits.
QuantizedMultiplier quantizeMultiplier(double real);

/// (a * b * 2) >> 32 with round-half-away-from-zero, saturating the single overflow case.
std::int32_t saturatingRoundingDoublingHighMul(std::int32_t a, std::int32_t b);

/// x / 2^exponent rounded to nearest, ties away from zero.
std::int32_t roundingDivideByPot(std::int32_t x, int exponent);

/// x * multiplier * 2^shift, as TFLite's MultiplyByQuantizedMultiplier (32-bit accumulators).
std::int32_t multiplyByQuantizedMultiplier(std::int32_t x, QuantizedMultiplier m);

/// The 64-bit-accumulator variant TFLite uses for 16x8 kernels.
std::int32_t multiplyByQuantizedMultiplier(std::int64_t x, QuantizedMultiplier m);

struct FloatRange {
    float min;
    float max;
};

struct QuantizedRange {
    std::int32_t min;
    std::int32_t max;
};

/// The clamp of a fused activation ("NONE", "RELU", "RELU6", "RELU_N1_TO_1", ...) in float.
FloatRange activationRange(std::string_view activation);

/// The same clamp in the quantized domain of `output` (its dtype's range intersected with the
/// quantized activation bounds), as TFLite's CalculateActivationRangeQuantized.
QuantizedRange activationRange(std::string_view activation, const TensorView& output);

/// Limits of an integer dtype (Int8, UInt8, Int16, Int32).
QuantizedRange dtypeRange(ir::DType dtype);

} // namespace lf::interp
