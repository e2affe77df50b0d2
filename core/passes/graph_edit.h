// SPDX-License-Identifier: GPL-3.0-or-later
// Small graph-editing helpers shared by the conversion passes: who reads a tensor, rerouting uses,
// erasing nodes, dropping unreferenced tensors (with ids remapped), constants, permutations and
// re-running a node's kernel to refresh the shapes of its outputs.
#pragma once

#include "core/base/result.h"
#include "core/ir/graph.h"
#include "core/passes/rewrite_log.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace lf::passes {

using Perm = std::vector<std::int64_t>;

/// Per tensor id: the nodes reading it (a node reading a tensor twice appears twice).
std::vector<std::vector<ir::NodeId>> consumersOf(const ir::Graph& graph);
bool isGraphOutput(const ir::Graph& graph, ir::TensorId tensor);
bool isGraphInput(const ir::Graph& graph, ir::TensorId tensor);
const ir::Tensor& tensorOf(const ir::Graph& graph, ir::TensorId id);
ir::Tensor& tensorOf(ir::Graph& graph, ir::TensorId id);

/// Makes every node input reading `from` read `to` (graph outputs are left alone).
void replaceUses(ir::Graph& graph, ir::TensorId from, ir::TensorId to);
/// Makes `from` redundant: every reader of it reads `to` instead. When `from` is a graph output,
/// the node producing `to` produces `from` instead (so graph output ids and names stay); that is
/// impossible, and false returned, when `to` is not produced by a node or is a graph output itself.
bool bypass(ir::Graph& graph, ir::TensorId from, ir::TensorId to);
/// Removes the nodes flagged in `erase` (indexed by node id), keeping the order of the others.
void eraseNodes(ir::Graph& graph, const std::vector<bool>& erase);
/// Removes nodes whose outputs nobody reads and that produce no graph output; returns them.
std::vector<ir::Node> eraseDeadNodes(ir::Graph& graph);
/// Drops the tensors of the main graph no node, graph input or output refers to, remapping ids in
/// nodes, graph inputs and outputs and signatures.
void compactTensors(ir::Model& model);
/// Reorders nodes so every tensor is produced before it is read, keeping the order where it can.
Result<void> sortTopologically(ir::Graph& graph);

/// A tensor name not used in the graph yet: `base`, or `base_1`, `base_2`, ...
std::string uniqueTensorName(const ir::Graph& graph, const std::string& base);
ir::TensorId addConstant(ir::Graph& graph, const std::string& name, ir::DType dtype,
    const std::vector<std::int64_t>& shape, ir::ConstData data);
ir::TensorId addInt32Constant(
    ir::Graph& graph, const std::string& name, std::span<const std::int64_t> values);
/// The values of a constant int32 or int64 tensor; nullopt otherwise.
std::optional<std::vector<std::int64_t>> constantIntegers(const ir::Graph& graph, ir::TensorId id);
/// The values of a constant float32 tensor; nullopt otherwise.
std::optional<std::vector<float>> constantFloats(const ir::Graph& graph, ir::TensorId id);

bool isIdentityPerm(const Perm& perm);
Perm invertPerm(const Perm& perm);
/// The perm of transpose(transpose(x, first), second).
Perm composePerms(const Perm& first, const Perm& second);
/// Extents of transpose(x, perm) for x of `extents`.
std::vector<std::int64_t> permuteExtents(
    const std::vector<std::int64_t>& extents, const Perm& perm);
/// Row-major data of transpose(x, perm) for x of `extents` with elements of `elementSize` bytes.
ir::ConstData permuteData(const ir::ConstData& data, const std::vector<std::int64_t>& extents,
    std::size_t elementSize, const Perm& perm);
/// "[0,2,3,1]"
std::string formatList(const std::vector<std::int64_t>& values);

/// Re-runs `node`'s kernel preparation and writes the output shapes it computes into the graph.
Result<void> refreshOutputShapes(ir::Graph& graph, const ir::Node& node);

/// The source-model names of nodes (their origins, or their own names where they have none).
std::vector<std::string> sourcesOf(std::initializer_list<const ir::Node*> nodes);
void logRewrite(RewriteLog& log, RewriteKind kind, const char* pass,
    std::initializer_list<const ir::Node*> nodes, std::string detail);

} // namespace lf::passes
