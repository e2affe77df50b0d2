// SPDX-License-Identifier: GPL-3.0-or-later
// What the graph view draws for an IR graph, as pure data: one box per op, one per graph input and
// output, and one edge per (producer, consumer) use of a non-constant tensor. Constant tensors are
// not boxes; they show up as attributes and in the inspector.
#pragma once

#include "core/ir/graph.h"

#include <vector>

namespace lf::ui {

struct VisualNode {
    enum class Kind { Op, Input, Output };
    Kind kind = Kind::Op;
    ir::NodeId node = -1;            ///< for Op
    ir::TensorId tensor = ir::kNoTensor; ///< for Input and Output
};

struct VisualEdge {
    int from = 0; ///< index into GraphElements::nodes
    int to = 0;
    ir::TensorId tensor = ir::kNoTensor;
};

struct GraphElements {
    std::vector<VisualNode> nodes; ///< ops first (index == NodeId), then inputs, then outputs
    std::vector<VisualEdge> edges; ///< in node order, deterministic
    int opCount = 0;
    int inputCount = 0;
    int outputCount = 0;
};

/// Builds the boxes and edges for `graph`. Tensor ids out of range are skipped, never trusted.
GraphElements graphElements(const ir::Graph& graph);

} // namespace lf::ui
