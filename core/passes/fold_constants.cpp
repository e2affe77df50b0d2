// SPDX-License-Identifier: GPL-3.0-or-later
// Constant folding through interp::evaluateNode. Nodes are visited in order, so chains of constant
// nodes fold in one sweep. Graph outputs are never turned into constants (a model's outputs must be
// computed), and ops with side effects are left alone. Folded nodes disappear; their now unused
// constant inputs are dropped by remove-dead-nodes.
#include "core/passes/fold_constants.h"

#include "core/interpreter/node_evaluator.h"
#include "core/passes/graph_edit.h"

#include <algorithm>

namespace lf::passes {

namespace {

constexpr const char* kPass = "fold-constants";

bool isFoldable(const ir::Graph& graph, const ir::Node& node)
{
    if (node.outputs.empty() || node.op == ir::OpKind::Custom || node.op == ir::OpKind::Opaque
        || ir::opCategory(node.op) == ir::OpCategory::Control)
        return false;
    const bool producesOutput = std::ranges::any_of(node.outputs, [&](ir::TensorId output) {
        return output == ir::kNoTensor || isGraphOutput(graph, output);
    });
    return !producesOutput && interp::hasOnlyConstantInputs(graph, node);
}

} // namespace

Result<void> foldConstants(ir::Model& model, PassContext& context)
{
    ir::Graph& graph = model.main();
    std::vector<bool> folded(graph.nodes.size(), false);
    for (std::size_t n = 0; n < graph.nodes.size(); ++n) {
        if (context.task.isCancelled())
            return fail(ErrorCode::Cancelled, "conversion cancelled");
        const ir::Node& node = graph.nodes[n];
        if (!isFoldable(graph, node))
            continue;
        auto values = interp::evaluateNode(graph, node, true);
        if (!values)
            return std::unexpected(std::move(values.error()).in(kPass));
        // An empty result has no bytes and cannot become a constant tensor: keep the node.
        if (std::ranges::any_of(
                *values, [](const interp::EvaluatedOutput& value) { return value.data.empty(); }))
            continue;
        for (std::size_t i = 0; i < node.outputs.size(); ++i) {
            ir::Tensor& output = tensorOf(graph, node.outputs[i]);
            output.shape = (*values)[i].shape;
            output.data = (*values)[i].data;
        }
        folded[n] = true;
        logRewrite(context.log, RewriteKind::ConstantFolded, kPass, { &node }, node.typeName());
    }
    eraseNodes(graph, folded);
    return {};
}

} // namespace lf::passes
