// SPDX-License-Identifier: GPL-3.0-or-later
// Elementwise binary kernels (arithmetic, comparisons, logical ops) and SELECT / SELECT_V2, with
// NumPy broadcasting up to rank 6 and TFLite's float, integer and quantized (int8, uint8, int16)
// arithmetic, bit for bit.
#pragma once

#include "core/interpreter/kernel_registry.h"

namespace lf::interp {

/// Adds ADD, SUB, MUL, DIV, MAXIMUM, MINIMUM, SQUARED_DIFFERENCE, POW, FLOOR_DIV, FLOOR_MOD, EQUAL,
/// NOT_EQUAL, LESS, LESS_EQUAL, GREATER, GREATER_EQUAL, LOGICAL_AND, LOGICAL_OR, and through
/// registerSelectKernels SELECT and SELECT_V2.
void registerBinaryKernels(KernelRegistry& registry);
/// Adds SELECT and SELECT_V2 (select.cpp).
void registerSelectKernels(KernelRegistry& registry);

} // namespace lf::interp
