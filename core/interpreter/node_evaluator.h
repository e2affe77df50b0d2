// SPDX-License-Identifier: GPL-3.0-or-later
// Runs a single node of a graph through its kernel: the output shapes the kernel computes and, when
// every input is constant, the output values. Importers use it for shape inference and eager
// constant folding, the constant-folding pass for folding; both then agree with the interpreter.
#pragma once

#include "core/base/result.h"
#include "core/ir/graph.h"

#include <vector>

namespace lf::interp {

struct EvaluatedOutput {
    ir::Shape shape;
    ir::ConstData data; ///< empty unless the node was evaluated
};

/// Prepares `node` (whose inputs are tensors of `graph`; dynamic dims of non-constant inputs count as 1)
/// and returns one entry per output. With `computeValues` and all inputs constant it also runs the
/// node. Errors are the kernel's, naming the node.
Result<std::vector<EvaluatedOutput>> evaluateNode(const ir::Graph& graph, const ir::Node& node, bool computeValues);

/// True if every present input of `node` is a constant tensor of `graph`.
bool hasOnlyConstantInputs(const ir::Graph& graph, const ir::Node& node);

} // namespace lf::interp
