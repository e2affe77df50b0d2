// SPDX-License-Identifier: GPL-3.0-or-later
// Kernels that select, repeat or surround elements: SLICE, STRIDED_SLICE, GATHER, GATHER_ND, TILE,
// PAD, PADV2, MIRROR_PAD, FILL and ZEROS_LIKE. Elements move as raw bytes; padding uses the
// output's zero point for quantized tensors, so the padded value is the real number 0 as in TFLite.
#pragma once

#include "core/interpreter/kernel_registry.h"

namespace lf::interp {

void registerSliceKernels(KernelRegistry& registry);

} // namespace lf::interp
