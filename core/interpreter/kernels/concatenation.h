// SPDX-License-Identifier: GPL-3.0-or-later
// Kernels that join tensors along an axis or cut one apart: CONCATENATION, PACK, UNPACK, SPLIT and
// SPLIT_V. Everything is a sequence of contiguous runs; only CONCATENATION of uint8/int8 inputs
// whose quantization differs from the output's rescales values, as TFLite's
// ConcatenationWithScaling does.
#pragma once

#include "core/interpreter/kernel_registry.h"

namespace lf::interp {

void registerConcatenationKernels(KernelRegistry& registry);

} // namespace lf::interp
