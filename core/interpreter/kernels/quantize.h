// SPDX-License-Identifier: GPL-3.0-or-later
// Kernels that change the element type: QUANTIZE (float to int8/uint8/int16, per tensor or per
// channel, and integer requantization with a fixed-point multiplier), DEQUANTIZE (int8/uint8/int16,
// per tensor or per channel, and float16, to float32) and CAST between the numeric types and bool,
// each with LiteRT's rounding and saturation rules.
#pragma once

#include "core/interpreter/kernel_registry.h"

#include <cstdint>

namespace lf::interp {

/// IEEE binary16 <-> binary32, rounding to nearest even (as TFLite's fp16 conversions).
float halfToFloat(std::uint16_t half);
std::uint16_t floatToHalf(float value);

void registerQuantizeKernels(KernelRegistry& registry);

} // namespace lf::interp
