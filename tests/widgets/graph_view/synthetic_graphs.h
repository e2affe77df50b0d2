// SPDX-License-Identifier: GPL-3.0-or-later
// Generated IR graphs for the graph-view tests and benchmark: a deep convolution chain with
// branches and skip connections whose op names carry no scopes (so groups come from repeated
// blocks), and a transformer-like encoder whose ops are named like an ONNX export
// ("/encoder/layer.3/attention/self/query/MatMul"), so groups come from name scopes.
#pragma once

#include "core/ir/graph.h"

namespace lf::test {

/// A residual convolution chain of at least `ops` ops: blocks of conv, conv, add; every third
/// block a two-way branch joined by a concatenation and a 1×1 conv; every sixth a long skip add
/// from the sixth block before, so the chain repeats in spans of 27 ops.
ir::Model deepChainModel(int ops);

/// Ops in one repeated span of deepChainModel().
constexpr int kDeepChainSpanOps = 6 * 3 + 2 * 4 + 1;

/// A transformer-like encoder of at least `ops` ops (about 40 per layer: attention with
/// query/key/value projections, softmax, output projection, residual adds, decomposed layer norms
/// and a GELU feed-forward block), one scope per layer and sub-block.
ir::Model transformerModel(int ops);

/// Ops in one transformerModel() layer.
int transformerOpsPerLayer();

} // namespace lf::test
