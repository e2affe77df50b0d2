// SPDX-License-Identifier: GPL-3.0-or-later
// Elementwise unary kernels: float math functions, integer ABS/NEG/SIGN, quantized int8 ABS and
// RSQRT through lookup tables built from TFLite's integer arithmetic, quantized int8/int16 EXP and
// LOG and int16 RSQRT through TFLite's float-built lookup tables, quantized int8/int16 SQRT, and
// LOGICAL_NOT.
#pragma once

#include "core/interpreter/kernel_registry.h"

namespace lf::interp {

/// Adds ABS, NEG, EXP, LOG, SQRT, RSQRT, SIN, COS, SQUARE, FLOOR, CEIL, ROUND, SIGN and
/// LOGICAL_NOT.
void registerUnaryKernels(KernelRegistry& registry);

} // namespace lf::interp
