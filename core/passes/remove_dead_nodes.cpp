// SPDX-License-Identifier: GPL-3.0-or-later
// Dead-code and identity elimination. An identity node is bypassed (its readers read its input);
// when its output is a graph output, the input's producer takes over that tensor so graph output
// names stay. Nodes without readers go next, then unreferenced tensors (ids are remapped).
#include "core/passes/remove_dead_nodes.h"

#include "core/passes/graph_edit.h"

#include <algorithm>

namespace lf::passes {

namespace {

constexpr const char* kPass = "remove-dead-nodes";

/// True if every value of constant `id` equals `value` (integer or float tensors, not quantized).
bool isConstantFilledWith(const ir::Graph& graph, ir::TensorId id, int value)
{
    const ir::Tensor& tensor = tensorOf(graph, id);
    if (!tensor.isConstant() || tensor.isQuantized())
        return false;
    if (auto floats = constantFloats(graph, id))
        return !floats->empty() && std::ranges::all_of(*floats, [&](float v) {
            return v == static_cast<float>(value);
        });
    if (auto ints = constantIntegers(graph, id))
        return !ints->empty()
            && std::ranges::all_of(*ints, [&](std::int64_t v) { return v == value; });
    return false;
}

/// For binary identities: input `keep` passes through unchanged when the other input is `neutral`.
bool passesThrough(const ir::Graph& graph, const ir::Node& node, std::size_t keep, int neutral)
{
    if (node.inputs.size() != 2
        || node.attributes.getOr<std::string>("fused_activation_function", "NONE") != "NONE")
        return false;
    const ir::Tensor& kept = tensorOf(graph, node.inputs[keep]);
    const ir::Tensor& output = tensorOf(graph, node.outputs[0]);
    return !kept.isQuantized() && kept.shape == output.shape && kept.dtype == output.dtype
        && isConstantFilledWith(graph, node.inputs[1 - keep], neutral);
}

/// The input an identity node passes through unchanged, or kNoTensor.
ir::TensorId identityInput(const ir::Graph& graph, const ir::Node& node)
{
    if (node.inputs.empty() || node.outputs.size() != 1 || node.inputs[0] == ir::kNoTensor)
        return ir::kNoTensor;
    const ir::Tensor& input = tensorOf(graph, node.inputs[0]);
    const ir::Tensor& output = tensorOf(graph, node.outputs[0]);
    const bool sameTensorType = input.dtype == output.dtype && input.quant == output.quant
        && input.shape == output.shape && input.shape.isStatic();
    switch (node.op) {
    case ir::OpKind::Reshape:
    case ir::OpKind::Squeeze:
    case ir::OpKind::ExpandDims:
    case ir::OpKind::Cast: return sameTensorType ? node.inputs[0] : ir::kNoTensor;
    case ir::OpKind::Transpose: {
        const auto perm
            = constantIntegers(graph, node.inputs.size() > 1 ? node.inputs[1] : ir::kNoTensor);
        return sameTensorType && perm && isIdentityPerm(*perm) ? node.inputs[0] : ir::kNoTensor;
    }
    case ir::OpKind::Add:
        if (passesThrough(graph, node, 0, 0))
            return node.inputs[0];
        return passesThrough(graph, node, 1, 0) ? node.inputs[1] : ir::kNoTensor;
    case ir::OpKind::Mul:
        if (passesThrough(graph, node, 0, 1))
            return node.inputs[0];
        return passesThrough(graph, node, 1, 1) ? node.inputs[1] : ir::kNoTensor;
    case ir::OpKind::Sub: return passesThrough(graph, node, 0, 0) ? node.inputs[0] : ir::kNoTensor;
    case ir::OpKind::Div: return passesThrough(graph, node, 0, 1) ? node.inputs[0] : ir::kNoTensor;
    default: return ir::kNoTensor;
    }
}

bool isReshapeLike(ir::OpKind op)
{
    return op == ir::OpKind::Reshape || op == ir::OpKind::Squeeze || op == ir::OpKind::ExpandDims;
}

/// A RESHAPE of a RESHAPE, SQUEEZE or EXPAND_DIMS reads the first one's input (which may make it an
/// identity, and the first one dead).
void mergeReshapeChains(ir::Graph& graph, PassContext& context)
{
    const std::vector<ir::NodeId> producers = graph.producers();
    for (ir::Node& node : graph.nodes) {
        if (node.op != ir::OpKind::Reshape || node.inputs.empty()
            || !tensorOf(graph, node.outputs[0]).shape.isStatic())
            continue;
        ir::TensorId input = node.inputs[0];
        const ir::Node* first = nullptr;
        while (producers[static_cast<std::size_t>(input)] >= 0) {
            const ir::Node& producer
                = graph.nodes[static_cast<std::size_t>(producers[static_cast<std::size_t>(input)])];
            if (!isReshapeLike(producer.op)
                || !tensorOf(graph, producer.inputs[0]).shape.isStatic())
                break;
            first = &producer;
            input = producer.inputs[0];
        }
        if (!first)
            continue;
        node.inputs[0] = input;
        logRewrite(context.log, RewriteKind::Fused, kPass, { first, &node },
            "reshape chain merged into '" + node.name + "'");
    }
}

/// Bypasses identity nodes and erases them.
void removeIdentities(ir::Graph& graph, PassContext& context)
{
    std::vector<bool> removed(graph.nodes.size(), false);
    for (std::size_t n = 0; n < graph.nodes.size(); ++n) {
        const ir::TensorId input = identityInput(graph, graph.nodes[n]);
        if (input == ir::kNoTensor)
            continue;
        const ir::Node node = graph.nodes[n];
        if (bypass(graph, node.outputs[0], input)) {
            logRewrite(
                context.log, RewriteKind::Removed, kPass, { &node }, "identity " + node.typeName());
            removed[n] = true;
        }
    }
    eraseNodes(graph, removed);
}

} // namespace

Result<void> removeDeadNodes(ir::Model& model, PassContext& context)
{
    ir::Graph& graph = model.main();
    mergeReshapeChains(graph, context);
    removeIdentities(graph, context);
    for (const ir::Node& node : eraseDeadNodes(graph))
        logRewrite(context.log, RewriteKind::Removed, kPass, { &node }, "dead " + node.typeName());
    compactTensors(model);
    return {};
}

} // namespace lf::passes
