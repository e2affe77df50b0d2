// SPDX-License-Identifier: GPL-3.0-or-later
// Kernels for CONV_2D, DEPTHWISE_CONV_2D and TRANSPOSE_CONV on NHWC tensors: float32, hybrid
// (float32 with constant int8 weights: the input quantized at run time as LiteRT does; grouped
// CONV_2D dequantizes the weights instead), int8 with per-channel int8 weights, legacy uint8 and
// int16 activations with int8 weights, bit-exact with TFLite for the integer schemes.
#pragma once

#include "core/interpreter/kernel_registry.h"

namespace lf::interp {

void registerConvKernels(KernelRegistry& registry);

} // namespace lf::interp
