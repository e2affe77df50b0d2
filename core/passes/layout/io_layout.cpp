// SPDX-License-Identifier: GPL-3.0-or-later
// Channels-first graph inputs and outputs become channels-last. The graph I/O tensors keep their
// ids and names (the user's API); the channels-first values inside move to new tensors
// "<name>/nchw".
#include "core/passes/layout/io_layout.h"

#include "core/passes/graph_edit.h"

#include <algorithm>

namespace lf::passes {

namespace {

constexpr const char* kPass = "io-layout";

/// [0, 2, ..., rank-1, 1]: channels-first to channels-last.
Perm channelsLast(int rank)
{
    Perm perm { 0 };
    for (int d = 2; d < rank; ++d)
        perm.push_back(d);
    perm.push_back(1);
    return perm;
}

bool isTransposeBy(const ir::Graph& graph, const ir::Node& node, const Perm& perm)
{
    return node.op == ir::OpKind::Transpose && node.inputs.size() == 2
        && constantIntegers(graph, node.inputs[1]) == perm;
}

/// Ops that work on channels-last data (the importer wraps them in layout transposes).
bool isChannelsLastOp(ir::OpKind op)
{
    const ir::OpCategory category = ir::opCategory(op);
    return category == ir::OpCategory::Convolution || category == ir::OpCategory::Pool
        || category == ir::OpCategory::Resize || op == ir::OpKind::DepthToSpace
        || op == ir::OpKind::SpaceToDepth || op == ir::OpKind::BatchToSpaceNd
        || op == ir::OpKind::SpaceToBatchNd;
}

bool isReshapeLike(ir::OpKind op)
{
    return op == ir::OpKind::Reshape || op == ir::OpKind::ExpandDims || op == ir::OpKind::Squeeze;
}

/// True if every reader of `tensor`, looking through reshapes, is a channels-last op.
bool feedsChannelsLastOps(const ir::Graph& graph, ir::TensorId tensor,
    const std::vector<std::vector<ir::NodeId>>& readers)
{
    const std::vector<ir::NodeId>& nodes = readers[static_cast<std::size_t>(tensor)];
    return !nodes.empty() && !isGraphOutput(graph, tensor)
        && std::ranges::all_of(nodes, [&](ir::NodeId n) {
               const ir::Node& node = graph.nodes[static_cast<std::size_t>(n)];
               if (isReshapeLike(node.op) && node.inputs[0] == tensor)
                   return feedsChannelsLastOps(graph, node.outputs[0], readers);
               return isChannelsLastOp(node.op);
           });
}

/// True if `tensor` is made by a channels-last op, looking through reshapes.
bool madeByChannelsLastOp(
    const ir::Graph& graph, ir::TensorId tensor, const std::vector<ir::NodeId>& producers)
{
    const ir::NodeId producer = producers[static_cast<std::size_t>(tensor)];
    if (producer < 0)
        return false;
    const ir::Node& node = graph.nodes[static_cast<std::size_t>(producer)];
    return isChannelsLastOp(node.op)
        || (isReshapeLike(node.op) && madeByChannelsLastOp(graph, node.inputs[0], producers));
}

/// Rank-4 inputs tagged NCHW, and rank-3 and rank-5 inputs read only through channels-last
/// TRANSPOSEs by channels-last ops (1-D and 3-D convolutions and pools).
bool isChannelsFirstInput(
    const ir::Graph& graph, ir::TensorId id, const std::vector<std::vector<ir::NodeId>>& readers)
{
    const ir::Tensor& tensor = tensorOf(graph, id);
    const int rank = tensor.shape.rank();
    if (tensor.isConstant() || isGraphOutput(graph, id) || !tensor.shape.rankKnown)
        return false;
    if (rank == 4)
        return tensor.layout == ir::Layout::NCHW;
    const std::vector<ir::NodeId>& nodes = readers[static_cast<std::size_t>(id)];
    return (rank == 3 || rank == 5) && !nodes.empty()
        && std::ranges::all_of(nodes, [&](ir::NodeId n) {
               const ir::Node& node = graph.nodes[static_cast<std::size_t>(n)];
               return isTransposeBy(graph, node, channelsLast(rank))
                   && feedsChannelsLastOps(graph, node.outputs[0], readers);
           });
}

/// Rank-4 outputs tagged NCHW, and rank-3 and rank-5 outputs of a channels-first TRANSPOSE of what
/// a channels-last op made.
bool isChannelsFirstOutput(
    const ir::Graph& graph, ir::TensorId id, const std::vector<ir::NodeId>& producers)
{
    const ir::Tensor& tensor = tensorOf(graph, id);
    const int rank = tensor.shape.rank();
    const ir::NodeId producer = producers[static_cast<std::size_t>(id)];
    if (tensor.isConstant() || isGraphInput(graph, id) || producer < 0 || !tensor.shape.rankKnown)
        return false;
    if (rank == 4)
        return tensor.layout == ir::Layout::NCHW;
    const ir::Node& node = graph.nodes[static_cast<std::size_t>(producer)];
    return (rank == 3 || rank == 5) && isTransposeBy(graph, node, invertPerm(channelsLast(rank)))
        && madeByChannelsLastOp(graph, node.inputs[0], producers);
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
    return "'" + tensor.name + "' channels-first " + before + " -> channels-last "
        + tensor.shape.toString();
}

ir::Node makeTranspose(ir::Graph& graph, const std::string& name, ir::TensorId input,
    ir::TensorId output, const Perm& perm)
{
    ir::Node node;
    node.op = ir::OpKind::Transpose;
    node.name = name;
    node.inputs = { input, addInt32Constant(graph, name + "/perm", perm) };
    node.outputs = { output };
    return node;
}

void convertInput(ir::Graph& graph, ir::TensorId input, PassContext& context)
{
    const ir::TensorId inside = addNchwTwin(graph, input);
    replaceUses(graph, input, inside);
    const Perm toChannelsFirst = invertPerm(channelsLast(tensorOf(graph, input).shape.rank()));
    const std::string detail = "input " + makeChannelsLast(graph, input);
    ir::Node transpose = makeTranspose(
        graph, tensorOf(graph, input).name + "/to_channels_first", input, inside, toChannelsFirst);
    graph.nodes.insert(graph.nodes.begin(), transpose);
    logRewrite(context.log, RewriteKind::IoLayoutChanged, kPass, { &transpose }, detail);
}

void convertOutput(ir::Graph& graph, ir::TensorId output, ir::NodeId producer, PassContext& context)
{
    const ir::TensorId inside = addNchwTwin(graph, output);
    replaceUses(graph, output, inside);
    std::ranges::replace(graph.nodes[static_cast<std::size_t>(producer)].outputs, output, inside);
    const Perm toChannelsLast = channelsLast(tensorOf(graph, output).shape.rank());
    const std::string detail = "output " + makeChannelsLast(graph, output);
    ir::Node transpose = makeTranspose(
        graph, tensorOf(graph, output).name + "/to_channels_last", inside, output, toChannelsLast);
    transpose.origin = graph.nodes[static_cast<std::size_t>(producer)].origin;
    graph.nodes.insert(graph.nodes.begin() + producer + 1, transpose);
    logRewrite(context.log, RewriteKind::IoLayoutChanged, kPass, { &transpose }, detail);
}

/// The override that keeps graph input or output `id` as it is ("not an image", "keep layout"), or
/// nullptr.
const char* overrideOf(const ir::Graph& graph, ir::TensorId id, const LayoutOverrides* overrides)
{
    const std::string& name = tensorOf(graph, id).name;
    if (!overrides)
        return nullptr;
    if (overrides->notImage.contains(name))
        return "not an image";
    return overrides->keepLayout.contains(name) ? "keep layout" : nullptr;
}

/// Leaves graph input or output `id` in its source layout as `reason` asks; a non-image tensor also
/// loses its NCHW tag.
void keepAsItIs(ir::Graph& graph, ir::TensorId id, const char* role, const char* reason,
    bool channelsFirst, PassContext& context)
{
    ir::Tensor& tensor = tensorOf(graph, id);
    if (std::string_view(reason) == "not an image")
        tensor.layout = ir::Layout::Unspecified;
    const std::string decision = channelsFirst ? " kept channels-first instead of channels-last"
                                               : " left in its source layout";
    context.log.add({ RewriteKind::UserOverride, kPass, { tensor.name }, {},
        std::string(role) + " '" + tensor.name + "' " + tensor.shape.toString() + decision
            + " (user override: " + reason + ")" });
}

} // namespace

Result<void> convertIoLayout(ir::Model& model, PassContext& context)
{
    ir::Graph& graph = model.main();
    for (ir::TensorId input : graph.inputs) {
        const bool channelsFirst = isChannelsFirstInput(graph, input, consumersOf(graph));
        if (const char* reason = overrideOf(graph, input, context.layout))
            keepAsItIs(graph, input, "input", reason, channelsFirst, context);
        else if (channelsFirst)
            convertInput(graph, input, context);
    }
    for (ir::TensorId output : graph.outputs) {
        const std::vector<ir::NodeId> producers = graph.producers();
        const bool channelsFirst = isChannelsFirstOutput(graph, output, producers);
        if (const char* reason = overrideOf(graph, output, context.layout))
            keepAsItIs(graph, output, "output", reason, channelsFirst, context);
        else if (channelsFirst)
            convertOutput(graph, output, producers[static_cast<std::size_t>(output)], context);
    }
    return {};
}

} // namespace lf::passes
