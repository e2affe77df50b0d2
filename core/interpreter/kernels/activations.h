// SPDX-License-Identifier: GPL-3.0-or-later
// Kernels of the elementwise activations: RELU, RELU6, RELU_N1_TO_1, RELU_0_TO_1, LEAKY_RELU, PRELU,
// HARD_SWISH, ELU, GELU, LOGISTIC and TANH, in float and in TFLite's integer forms (8-bit ones as a
// 256-entry table built at prepare time, int16 ones element by element).
#pragma once

namespace lf::interp {

class KernelRegistry;

/// Adds the activation kernels to `registry`.
void registerActivationKernels(KernelRegistry& registry);

} // namespace lf::interp
