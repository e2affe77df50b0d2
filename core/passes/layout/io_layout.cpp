// SPDX-License-Identifier: GPL-3.0-or-later
// NCHW graph inputs and outputs become NHWC. The graph I/O tensors keep their ids and names (they
// are the user's API); the NCHW values inside the graph move to new tensors "<name>/nchw".
#include "core/passes/layout/io_layout.h"

#include "core/passes/graph_edit.h"

#include <algorithm>

namespace lf::passes {

namespace {

constexpr const char* kPass = "io-layout";
const Perm kToChannelsLast{0, 2, 3, 1};
const Perm kToChannelsFirst{0, 3, 1, 2};

bool isNchwActivation(const ir::Graph& graph, ir::TensorId id)
{
    const ir::Tensor& tensor = tensorOf(graph, id);
    return tensor.layout == ir::Layout::NCHW && tensor.shape.rank() == 4 && !tensor.isConstant();
}

/// A copy of graph tensor `id` named "<name>/nchw", added to the graph.
ir::TensorId addNchwTwin(ir::Graph& graph, ir::TensorId id)
{
    ir::Tensor twin = tensorOf(graph, id);
    twin.name = uniqueTensorName(graph, twin.name + "/nchw");
    twin.layout = ir::Layout::Unspecified;
    return graph.addTensor(std::move(twin));
}

/// Gives graph tensor `id` its NHWC shape and tag; returns a description for the log.
std::string makeNhwc(ir::Graph& graph, ir::TensorId id)
{
    ir::Tensor& tensor = tensorOf(graph, id);
    const std::string before = tensor.shape.toString();
    std::vector<ir::Dim> dims = tensor.shape.dims;
    for (std::size_t i = 0; i < 4; ++i)
        tensor.shape.dims[i] = dims[static_cast<std::size_t>(kToChannelsLast[i])];
    tensor.layout = ir::Layout::NHWC;
    return "'" + tensor.name + "' NCHW " + before + " -> NHWC " + tensor.shape.toString();
}

ir::Node makeTranspose(ir::Graph& graph, const std::string& name, ir::TensorId input, ir::TensorId output, const Perm& perm)
{
    ir::Node node;
    node.op = ir::OpKind::Transpose;
    node.name = name;
    node.inputs = {input, addInt32Constant(graph, name + "/perm", perm)};
    node.outputs = {output};
    return node;
}

void convertInput(ir::Graph& graph, ir::TensorId input, PassContext& context)
{
    const ir::TensorId inside = addNchwTwin(graph, input);
    replaceUses(graph, input, inside);
    const std::string detail = "input " + makeNhwc(graph, input);
    ir::Node transpose = makeTranspose(graph, tensorOf(graph, input).name + "/to_nchw", input, inside, kToChannelsFirst);
    graph.nodes.insert(graph.nodes.begin(), transpose);
    logRewrite(context.log, RewriteKind::IoLayoutChanged, kPass, {&transpose}, detail);
}

void convertOutput(ir::Graph& graph, ir::TensorId output, PassContext& context)
{
    const std::vector<ir::NodeId> producers = graph.producers();
    const ir::NodeId producer = producers[static_cast<std::size_t>(output)];
    if (producer < 0)
        return;
    const ir::TensorId inside = addNchwTwin(graph, output);
    replaceUses(graph, output, inside);
    std::ranges::replace(graph.nodes[static_cast<std::size_t>(producer)].outputs, output, inside);
    const std::string detail = "output " + makeNhwc(graph, output);
    ir::Node transpose = makeTranspose(graph, tensorOf(graph, output).name + "/to_nhwc", inside, output, kToChannelsLast);
    transpose.origin = graph.nodes[static_cast<std::size_t>(producer)].origin;
    graph.nodes.insert(graph.nodes.begin() + producer + 1, transpose);
    logRewrite(context.log, RewriteKind::IoLayoutChanged, kPass, {&transpose}, detail);
}

} // namespace

Result<void> convertIoLayout(ir::Model& model, PassContext& context)
{
    ir::Graph& graph = model.main();
    for (ir::TensorId input : graph.inputs) {
        if (isNchwActivation(graph, input) && !isGraphOutput(graph, input))
            convertInput(graph, input, context);
    }
    for (ir::TensorId output : graph.outputs) {
        if (isNchwActivation(graph, output) && !isGraphInput(graph, output))
            convertOutput(graph, output, context);
    }
    return {};
}

} // namespace lf::passes
