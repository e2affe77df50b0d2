// SPDX-License-Identifier: GPL-3.0-or-later
// The UNIDIRECTIONAL_SEQUENCE_LSTM kernel in float32, as TFLite computes it: time-major or
// batch-major sequences, CIFG, peepholes, projection, layer normalization, cell and projection
// clipping, with the output and cell states kept in their (variable) state tensors across
// invocations. Integer and hybrid LSTMs are refused with an error naming the node.
#pragma once

namespace lf::interp {

class KernelRegistry;

/// Adds the UNIDIRECTIONAL_SEQUENCE_LSTM kernel to `registry`.
void registerLstmKernels(KernelRegistry& registry);

} // namespace lf::interp
