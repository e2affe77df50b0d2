// SPDX-License-Identifier: GPL-3.0-or-later
// Kernels of SOFTMAX (with beta) and LOG_SOFTMAX over the last axis, in float, 8-bit (through a float
// exp table, as TFLite's optimized kernels) and int16 (SOFTMAX only, through interpolated tables).
#pragma once

namespace lf::interp {

class KernelRegistry;

/// Adds the SOFTMAX and LOG_SOFTMAX kernels to `registry`.
void registerSoftmaxKernels(KernelRegistry& registry);

} // namespace lf::interp
