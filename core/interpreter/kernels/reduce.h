// SPDX-License-Identifier: GPL-3.0-or-later
// Kernels for the reductions MEAN, SUM, REDUCE_MAX, REDUCE_MIN and REDUCE_PROD, for ARG_MAX and
// ARG_MIN, CUMSUM and L2_NORMALIZATION: float32, the integer types TFLite accepts, and quantized
// means, sums, products and norms bit for bit as LiteRT computes them.
#pragma once

#include "core/interpreter/kernel_registry.h"

namespace lf::interp {

void registerReduceKernels(KernelRegistry& registry);

} // namespace lf::interp
