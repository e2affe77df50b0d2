// SPDX-License-Identifier: GPL-3.0-or-later
// Channels-first graph inputs and outputs become channels-last. The graph I/O tensors keep their ids
// and names (the user's API); the channels-first values inside move to new tensors "<name>/nchw".
#include "core/passes/layout/io_layout.h"

#include "core/passes/graph_edit.h"

#include <algorithm>

namespace lf::passes {

namespace {

constexpr const char* kPass = "io-layout";

/// [0, 2, ..., rank-1, 1]: channels-first to channels-last.
Perm channelsLast(int rank)
{
    Perm perm{0};
    for (int d = 2; d < rank; ++d)
        perm.push_back(d);
    perm.push_back(1);
    return perm;
}

bool isTransposeBy(const ir::Graph& graph, const ir::Node& node, const Perm& perm)
{
    return node.op == ir::OpKind::Transpose && node.inputs.size() == 2 && constantIntegers(graph, node.inputs[1]) == perm;
}

/// Rank-4 inputs tagged NCHW, and rank-3 and rank-5 inputs that only channels-last ops read (the
/// importer put a channels-last TRANSPOSE before each of their readers).
bool isChannelsFirstInput(const ir::Graph& graph, ir::TensorId id, const std::vector<std::vector<ir::NodeId>>& readers)
{
    const ir::Tensor& tensor = tensorOf(graph, id);
    const int rank = tensor.shape.rank();
    if (tensor.isConstant() || isGraphOutput(graph, id) || !tensor.shape.rankKnown)
        return false;
    if (rank == 4)
        return tensor.layout == ir::Layout::NCHW;
    const std::vector<ir::NodeId>& nodes = readers[static_cast<std::size_t>(id)];
    return (rank == 3 || rank == 5) && !nodes.empty() && std::ranges::all_of(nodes, [&](ir::NodeId n) {
        return isTransposeBy(graph, graph.nodes[static_cast<std::size_t>(n)], channelsLast(rank));
    });
}

/// Rank-4 outputs tagged NCHW, and rank-3 and rank-5 outputs of a channels-first TRANSPOSE.
bool isChannelsFirstOutput(const ir::Graph& graph, ir::TensorId id, const std::vector<ir::NodeId>& producers)
{
    const ir::Tensor& tensor = tensorOf(graph, id);
    const int rank = tensor.shape.rank();
    const ir::NodeId producer = producers[static_cast<std::size_t>(id)];
    if (tensor.isConstant() || isGraphInput(graph, id) || producer < 0 || !tensor.shape.rankKnown)
        return false;
    if (rank == 4)
        return tensor.layout == ir::Layout::NCHW;
    return (rank == 3 || rank == 5)
        && isTransposeBy(graph, graph.nodes[static_cast<std::size_t>(producer)], invertPerm(channelsLast(rank)));
}

/// A copy of graph tensor `id` named "<name>/nchw", added to the graph.
ir::TensorId addNchwTwin(ir::Graph& graph, ir::TensorId id)
{
    ir::Tensor twin = tensorOf(graph, id);
    twin.name = uniqueTensorName(graph, twin.name + "/nchw");
    twin.layout = ir::Layout::Unspecified;
    return graph.addTensor(std::move(twin));
}

/// Gives graph tensor `id` its channels-last shape (and the NHWC tag at rank 4); returns a
/// description for the log.
std::string makeChannelsLast(ir::Graph& graph, ir::TensorId id)
{
    ir::Tensor& tensor = tensorOf(graph, id);
    const std::string before = tensor.shape.toString();
    const Perm perm = channelsLast(tensor.shape.rank());
    const std::vector<ir::Dim> dims = tensor.shape.dims;
    for (std::size_t i = 0; i < perm.size(); ++i)
        tensor.shape.dims[i] = dims[static_cast<std::size_t>(perm[i])];
    if (tensor.shape.rank() == 4)
        tensor.layout = ir::Layout::NHWC;
    return "'" + tensor.name + "' channels-first " + before + " -> channels-last " + tensor.shape.toString();
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
    const Perm toChannelsFirst = invertPerm(channelsLast(tensorOf(graph, input).shape.rank()));
    const std::string detail = "input " + makeChannelsLast(graph, input);
    ir::Node transpose = makeTranspose(graph, tensorOf(graph, input).name + "/to_channels_first", input, inside, toChannelsFirst);
    graph.nodes.insert(graph.nodes.begin(), transpose);
    logRewrite(context.log, RewriteKind::IoLayoutChanged, kPass, {&transpose}, detail);
}

void convertOutput(ir::Graph& graph, ir::TensorId output, ir::NodeId producer, PassContext& context)
{
    const ir::TensorId inside = addNchwTwin(graph, output);
    replaceUses(graph, output, inside);
    std::ranges::replace(graph.nodes[static_cast<std::size_t>(producer)].outputs, output, inside);
    const Perm toChannelsLast = channelsLast(tensorOf(graph, output).shape.rank());
    const std::string detail = "output " + makeChannelsLast(graph, output);
    ir::Node transpose = makeTranspose(graph, tensorOf(graph, output).name + "/to_channels_last", inside, output, toChannelsLast);
    transpose.origin = graph.nodes[static_cast<std::size_t>(producer)].origin;
    graph.nodes.insert(graph.nodes.begin() + producer + 1, transpose);
    logRewrite(context.log, RewriteKind::IoLayoutChanged, kPass, {&transpose}, detail);
}

} // namespace

Result<void> convertIoLayout(ir::Model& model, PassContext& context)
{
    ir::Graph& graph = model.main();
    for (ir::TensorId input : graph.inputs) {
        if (isChannelsFirstInput(graph, input, consumersOf(graph)))
            convertInput(graph, input, context);
    }
    for (ir::TensorId output : graph.outputs) {
        const std::vector<ir::NodeId> producers = graph.producers();
        if (isChannelsFirstOutput(graph, output, producers))
            convertOutput(graph, output, producers[static_cast<std::size_t>(output)], context);
    }
    return {};
}

} // namespace lf::passes
