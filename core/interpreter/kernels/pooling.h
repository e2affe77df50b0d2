// SPDX-License-Identifier: GPL-3.0-or-later
// Kernels for AVERAGE_POOL_2D and MAX_POOL_2D on NHWC tensors: float32, and int8, uint8 and int16
// with input and output sharing their quantization, bit-exact with TFLite.
#pragma once

#include "core/interpreter/kernel_registry.h"

namespace lf::interp {

void registerPoolingKernels(KernelRegistry& registry);

} // namespace lf::interp
