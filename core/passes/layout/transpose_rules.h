// SPDX-License-Identifier: GPL-3.0-or-later
// The per-op rules of transpose sinking: which inputs of an op carry its layout, and how the op is
// rewritten (axes, paddings, begin/end vectors, permuted constant operands) so that it can read the
// untransposed tensors, with the perm that each of its outputs then needs.
#pragma once

#include "core/passes/graph_edit.h"

#include <optional>
#include <string>
#include <vector>

namespace lf::passes::layout {

/// A node rewritten to work below a transpose instead of above it.
struct PushedNode
{
    ir::Node node; ///< new inputs and attributes; outputs still the old ones
    std::vector<Perm> outputPerms; ///< the transpose each output needs to restore the old values
    std::vector<std::string> rewrites; ///< attribute rewrites, for the log ("axis 1 -> 3")
    std::vector<std::string> permuted; ///< constants permuted physically, for the log
};

/// Indices of the inputs that carry the node's layout (must all be transposed by one perm, or be
/// constants an op may permute); empty if a transpose cannot be pushed through the op.
std::vector<std::size_t> layoutInputs(const ir::Node& node);

/// True if the layout inputs of `node` may also be constants (permuted physically).
bool permutesConstantInputs(ir::OpKind op);

/// Rewrites `node` so it reads, for each layout input i, `sources[i]` (the tensor before the
/// transpose `perm`; kNoTensor for a constant input to permute) and fixes its axes. New constants
/// are added to `graph`. nullopt if the node cannot be rewritten for that perm.
std::optional<PushedNode> pushThrough(ir::Graph& graph, const ir::Node& node, const Perm& perm,
    const std::vector<ir::TensorId>& sources);

/// For a RESHAPE of transpose(y, perm) that merges dims the perm does not keep adjacent and in
/// order (a channel shuffle): perms (first, second) with transpose(y, perm) =
/// transpose(transpose(y, first), second) such that `second` can move below the reshape. nullopt if
/// there is nothing to split off. `untransposed` is y's shape, `reshaped` the reshape's output
/// shape.
std::optional<std::pair<Perm, Perm>> splitForReshape(const Perm& perm,
    const std::vector<std::int64_t>& untransposed, const std::vector<std::int64_t>& reshaped);

} // namespace lf::passes::layout
