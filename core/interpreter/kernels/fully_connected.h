// SPDX-License-Identifier: GPL-3.0-or-later
// Kernels for FULLY_CONNECTED and BATCH_MATMUL (float32; hybrid FULLY_CONNECTED with constant int8
// weights, its input rows quantized at run time as LiteRT does; int8 with per-tensor or
// per-channel int8 weights; legacy uint8; int16 activations with int8 weights), bit-exact with
// TFLite for integers.
#pragma once

#include "core/interpreter/kernel_registry.h"

namespace lf::interp {

void registerMatmulKernels(KernelRegistry& registry);

} // namespace lf::interp
