// SPDX-License-Identifier: GPL-3.0-or-later
// Transpose sinking in the style of onnxruntime's transpose optimizer. Nodes are visited in
// topological order:
//  - a TRANSPOSE reading a TRANSPOSE composes with it (both vanish when the composition is the
//    identity: the readers take the first one's input);
//  - any other node whose layout inputs all come from TRANSPOSEs with one perm P (or are constants
//    the op may permute) is rewritten to read the untransposed tensors, with its axes fixed by
//    transpose_rules, and a TRANSPOSE restoring the old values is put on each output.
// The new transposes are visited next, so they travel down until they meet their inverse before the
// next channels-last op, or stop before an op that cannot take them (RESHAPE, FULLY_CONNECTED,
// graph outputs, ...). Afterwards a transpose flattened into FULLY_CONNECTED layers is absorbed by
// their weights and a transpose that only moves unit dims becomes a RESHAPE (which
// remove-dead-nodes merges with the reshapes next to it), so GlobalAveragePool -> Flatten -> Gemm
// keeps no transpose.
// A tensor the user marked as not an image (LayoutOverrides::notImage) is a wall: no transpose is
// moved through the node making or reading it, nor merged across it, so it keeps its source layout
// and values; each such stop is logged as a UserOverride event.
#include "core/passes/layout/sink_transposes.h"

#include "core/passes/graph_edit.h"
#include "core/passes/layout/transpose_rules.h"

#include <algorithm>

namespace lf::passes {

namespace {

constexpr const char* kPass = "sink-transposes";

struct TransposeInput
{
    ir::TensorId source = ir::kNoTensor;
    Perm perm;
    std::size_t node = 0;
};

/// The normalised constant perm of a TRANSPOSE node; nullopt if it has none.
std::optional<Perm> permOf(const ir::Graph& graph, const ir::Node& node)
{
    if (node.op != ir::OpKind::Transpose || node.inputs.size() != 2 || node.outputs.size() != 1)
        return std::nullopt;
    auto perm = constantIntegers(graph, node.inputs[1]);
    if (!perm)
        return std::nullopt;
    const auto rank = static_cast<std::int64_t>(perm->size());
    std::vector<bool> seen(perm->size(), false);
    for (std::int64_t& axis : *perm) {
        if (axis < -rank || axis >= rank)
            return std::nullopt;
        axis = axis < 0 ? axis + rank : axis;
        if (seen[static_cast<std::size_t>(axis)])
            return std::nullopt;
        seen[static_cast<std::size_t>(axis)] = true;
    }
    return perm;
}

/// The TRANSPOSE among nodes [0, end) that produces `tensor`, if that is how it is produced.
std::optional<TransposeInput> producingTranspose(
    const ir::Graph& graph, ir::TensorId tensor, std::size_t end)
{
    for (std::size_t n = end; n-- > 0;) {
        const ir::Node& node = graph.nodes[n];
        if (std::ranges::find(node.outputs, tensor) == node.outputs.end())
            continue;
        auto perm = permOf(graph, node);
        if (!perm)
            return std::nullopt;
        return TransposeInput { .source = node.inputs[0], .perm = std::move(*perm), .node = n };
    }
    return std::nullopt;
}

bool hasPerAxisQuantization(const ir::Graph& graph, const ir::Node& node)
{
    auto perAxis = [&](ir::TensorId id) {
        return id != ir::kNoTensor && tensorOf(graph, id).quant.isPerAxis();
    };
    return std::ranges::any_of(node.inputs, perAxis) || std::ranges::any_of(node.outputs, perAxis);
}

ir::Node makeTranspose(ir::Graph& graph, const ir::Node& after, ir::TensorId input,
    ir::TensorId output, const Perm& perm)
{
    ir::Node transpose;
    transpose.op = ir::OpKind::Transpose;
    transpose.name = after.name + "/transpose";
    transpose.inputs = { input, addInt32Constant(graph, after.name + "/perm", perm) };
    transpose.outputs = { output };
    transpose.origin = after.origin;
    return transpose;
}

class Sinker final
{
public:
    Sinker(ir::Graph& graph, PassContext& context, bool splitShuffles)
        : m_graph(graph)
        , m_context(context)
        , m_splitShuffles(splitShuffles)
        , m_notImage(notImageTensors(graph, context.layout))
    {
    }

    Result<void> sweep()
    {
        for (std::size_t n = 0; n < m_graph.nodes.size(); ++n) {
            if (m_context.task.isCancelled())
                return fail(ErrorCode::Cancelled, "conversion cancelled");
            if (m_graph.nodes[n].op == ir::OpKind::Transpose)
                composeWithProducer(n);
            else
                n += pushBelow(n);
        }
        return {};
    }

    void foldIntoFullyConnected();
    void convertUnitTransposes();

private:
    /// True if every reader of `flat` is a FULLY_CONNECTED taking it as input with constant
    /// weights.
    bool onlyFullyConnectedRead(ir::TensorId flat, const std::vector<ir::NodeId>& readers) const;
    void composeWithProducer(std::size_t n);
    /// Moves the transposes feeding node n below it; returns how many nodes it inserted before n.
    std::size_t pushBelow(std::size_t n);
    bool tryPush(std::size_t n, const std::vector<ir::TensorId>& sources, const Perm& perm);
    /// Splits a transpose before a RESHAPE that merges dims it reorders (a channel shuffle) into a
    /// part that stays and a part moved below; returns 1 (the node inserted before n) or 0.
    std::size_t splitBeforeReshape(std::size_t n, ir::TensorId source, const Perm& perm);
    /// For each layout input: the untransposed source (kNoTensor for a constant) and the common
    /// perm.
    std::optional<std::pair<std::vector<ir::TensorId>, Perm>> transposedInputs(std::size_t n) const;
    void logPush(const ir::Node& moved, const std::vector<ir::Node>& transposes, const Perm& perm,
        const layout::PushedNode& pushed);
    bool isNotImage(ir::TensorId id) const
    {
        return id >= 0 && static_cast<std::size_t>(id) < m_notImage.size()
            && m_notImage[static_cast<std::size_t>(id)];
    }
    /// The first input or output of `node` the user marked as not an image; kNoTensor if none.
    ir::TensorId notImageTensorOf(const ir::Node& node) const;
    /// Logs that a transpose stops at `node` because `tensor` is not an image.
    void logStop(const ir::Node& node, ir::TensorId tensor, const std::string& what);

    ir::Graph& m_graph;
    PassContext& m_context;
    bool m_splitShuffles = false;
    std::vector<bool> m_notImage; ///< per tensor id, when the pass starts
};

ir::TensorId Sinker::notImageTensorOf(const ir::Node& node) const
{
    const auto marked = [this](ir::TensorId id) { return isNotImage(id); };
    for (const auto* tensors : { &node.inputs, &node.outputs }) {
        if (auto found = std::ranges::find_if(*tensors, marked); found != tensors->end())
            return *found;
    }
    return ir::kNoTensor;
}

void Sinker::logStop(const ir::Node& node, ir::TensorId tensor, const std::string& what)
{
    m_context.log.add({ RewriteKind::UserOverride, kPass, sourcesOf({ &node }), { node.name },
        what + ": '" + tensorOf(m_graph, tensor).name + "' is not an image (user override)" });
}

void Sinker::composeWithProducer(std::size_t n)
{
    const std::optional<Perm> outer = permOf(m_graph, m_graph.nodes[n]);
    if (!outer)
        return;
    const std::optional<TransposeInput> inner
        = producingTranspose(m_graph, m_graph.nodes[n].inputs[0], n);
    if (!inner || inner->perm.size() != outer->size())
        return;
    const Perm composed = composePerms(inner->perm, *outer);
    const ir::Node first = m_graph.nodes[inner->node];
    const ir::Node second = m_graph.nodes[n];
    const std::string detail = "perm " + formatList(inner->perm) + " then " + formatList(*outer);
    if (isNotImage(second.inputs[0])) {
        logStop(second, second.inputs[0], detail + " not merged");
        return;
    }
    if (isIdentityPerm(composed)) {
        if (bypass(m_graph, second.outputs[0], inner->source))
            logRewrite(m_context.log, RewriteKind::TransposesCancelled, kPass, { &first, &second },
                detail);
        return;
    }
    ir::Node& node = m_graph.nodes[n];
    node.inputs = { inner->source, addInt32Constant(m_graph, second.name + "/perm", composed) };
    logRewrite(m_context.log, RewriteKind::TransposesCancelled, kPass, { &first, &second },
        detail + " merged into " + formatList(composed));
}

std::optional<std::pair<std::vector<ir::TensorId>, Perm>> Sinker::transposedInputs(
    std::size_t n) const
{
    const ir::Node& node = m_graph.nodes[n];
    const std::vector<std::size_t> inputs = layout::layoutInputs(node);
    if (inputs.empty() || hasPerAxisQuantization(m_graph, node))
        return std::nullopt;
    std::optional<Perm> perm;
    std::vector<ir::TensorId> sources;
    for (std::size_t index : inputs) {
        const ir::TensorId input = node.inputs[index];
        if (input == ir::kNoTensor)
            return std::nullopt;
        if (tensorOf(m_graph, input).isConstant()) {
            if (!layout::permutesConstantInputs(node.op))
                return std::nullopt;
            sources.push_back(ir::kNoTensor);
            continue;
        }
        std::optional<TransposeInput> transpose = producingTranspose(m_graph, input, n);
        if (!transpose || (perm && *perm != transpose->perm))
            return std::nullopt;
        perm = transpose->perm;
        sources.push_back(transpose->source);
    }
    if (!perm)
        return std::nullopt;
    return std::pair { std::move(sources), std::move(*perm) };
}

std::size_t Sinker::pushBelow(std::size_t n)
{
    auto transposed = transposedInputs(n);
    if (!transposed)
        return 0;
    if (const ir::TensorId wall = notImageTensorOf(m_graph.nodes[n]); wall != ir::kNoTensor) {
        // Logged only where the op could have taken the transpose (the constants a trial rewrite
        // adds are dropped with the other unused tensors at the end of the pass).
        const ir::Node node = m_graph.nodes[n];
        if (layout::pushThrough(m_graph, node, transposed->second, transposed->first))
            logStop(node, wall,
                "perm " + formatList(transposed->second) + " not moved through " + node.typeName());
        return 0;
    }
    if (tryPush(n, transposed->first, transposed->second))
        return 0;
    return splitBeforeReshape(n, transposed->first.front(), transposed->second);
}

std::size_t Sinker::splitBeforeReshape(std::size_t n, ir::TensorId source, const Perm& perm)
{
    const ir::Node reshape = m_graph.nodes[n];
    if (!m_splitShuffles || reshape.op != ir::OpKind::Reshape || source == ir::kNoTensor)
        return 0;
    const ir::Shape in = tensorOf(m_graph, source).shape;
    const ir::Shape out = tensorOf(m_graph, reshape.outputs[0]).shape;
    if (!in.isStatic() || !out.isStatic())
        return 0;
    const auto split = layout::splitForReshape(perm, in.extents(), out.extents());
    if (!split)
        return 0;
    ir::Tensor shuffled = tensorOf(m_graph, source);
    shuffled.name = uniqueTensorName(m_graph, reshape.name + "/shuffled");
    shuffled.shape = ir::Shape::fromExtents(permuteExtents(in.extents(), split->first));
    shuffled.data = {};
    shuffled.layout = ir::Layout::Unspecified;
    const ir::TensorId middle = m_graph.addTensor(std::move(shuffled));
    ir::Node first = makeTranspose(m_graph, reshape, source, middle, split->first);
    first.name = reshape.name + "/shuffle";
    m_graph.nodes.insert(m_graph.nodes.begin() + static_cast<std::ptrdiff_t>(n), first);
    if (!tryPush(n + 1, { middle }, split->second)) {
        m_graph.nodes.erase(m_graph.nodes.begin() + static_cast<std::ptrdiff_t>(n));
        return 0;
    }
    logRewrite(m_context.log, RewriteKind::TransposeMoved, kPass, { &first, &reshape },
        "perm " + formatList(perm) + " split into " + formatList(split->first) + " above and "
            + formatList(split->second) + " below " + reshape.typeName());
    return 1;
}

bool Sinker::tryPush(std::size_t n, const std::vector<ir::TensorId>& sources, const Perm& perm)
{
    const ir::Node original = m_graph.nodes[n];
    std::optional<layout::PushedNode> pushed
        = layout::pushThrough(m_graph, original, perm, sources);
    if (!pushed)
        return false;
    ir::Node moved = pushed->node;
    std::vector<ir::Node> transposes;
    for (std::size_t i = 0; i < original.outputs.size(); ++i) {
        const Perm& restore = pushed->outputPerms[i];
        const ir::TensorId output = original.outputs[i];
        if (output == ir::kNoTensor || isIdentityPerm(restore))
            continue;
        if (tensorOf(m_graph, output).shape.rank() != static_cast<int>(restore.size()))
            return false;
        ir::Tensor sunk = tensorOf(m_graph, output);
        sunk.name = uniqueTensorName(m_graph, sunk.name + "/sunk");
        sunk.layout = ir::Layout::Unspecified;
        moved.outputs[i] = m_graph.addTensor(std::move(sunk));
        transposes.push_back(makeTranspose(m_graph, original, moved.outputs[i], output, restore));
    }
    if (!refreshOutputShapes(m_graph, moved))
        return false;
    for (const ir::Node& transpose : transposes) {
        const std::vector<std::int64_t> restored = permuteExtents(
            tensorOf(m_graph, transpose.inputs[0]).shape.extents(), *permOf(m_graph, transpose));
        if (restored != tensorOf(m_graph, transpose.outputs[0]).shape.extents())
            return false;
    }
    // The tensor below the node keeps the user's name unless the transposed one is a graph output.
    for (const ir::Node& transpose : transposes) {
        ir::Tensor& restored = tensorOf(m_graph, transpose.outputs[0]);
        if (isGraphOutput(m_graph, transpose.outputs[0]))
            continue;
        std::string name = restored.name;
        restored.name = uniqueTensorName(m_graph, name + "/transposed");
        tensorOf(m_graph, transpose.inputs[0]).name = std::move(name);
    }
    m_graph.nodes[n] = moved;
    m_graph.nodes.insert(m_graph.nodes.begin() + static_cast<std::ptrdiff_t>(n) + 1,
        transposes.begin(), transposes.end());
    logPush(moved, transposes, perm, *pushed);
    return true;
}

void Sinker::logPush(const ir::Node& moved, const std::vector<ir::Node>& transposes,
    const Perm& perm, const layout::PushedNode& pushed)
{
    // The event names the moved node and the transposes now below it, so every TRANSPOSE left in
    // the graph can be traced to an event.
    RewriteEvent event { RewriteKind::TransposeMoved, kPass, sourcesOf({ &moved }), { moved.name },
        "perm " + formatList(perm) + " through " + moved.typeName() };
    for (const ir::Node& transpose : transposes)
        event.nodes.push_back(transpose.name);
    m_context.log.add(std::move(event));
    for (const std::string& rewrite : pushed.rewrites)
        logRewrite(m_context.log, RewriteKind::AttributeRewritten, kPass, { &moved }, rewrite);
    for (const std::string& constant : pushed.permuted)
        logRewrite(m_context.log, RewriteKind::WeightsPermuted, kPass, { &moved }, constant);
}

bool Sinker::onlyFullyConnectedRead(ir::TensorId flat, const std::vector<ir::NodeId>& readers) const
{
    const std::int64_t depth = tensorOf(m_graph, flat).shape.extents().back();
    return !readers.empty() && std::ranges::all_of(readers, [&](ir::NodeId n) {
        const ir::Node& node = m_graph.nodes[static_cast<std::size_t>(n)];
        if (node.op != ir::OpKind::FullyConnected || node.inputs.size() < 2
            || node.inputs[0] != flat || node.inputs[1] == flat
            || node.attributes.getOr<std::string>("weights_format", "DEFAULT") != "DEFAULT")
            return false;
        const ir::Tensor& weights = tensorOf(m_graph, node.inputs[1]);
        return weights.isConstant() && weights.shape.rank() == 2
            && weights.shape.extents()[1] == depth
            && (!weights.quant.isPerAxis() || weights.quant.axis == 0);
    });
}

/// TRANSPOSE -> RESHAPE to [N, K] read only by FULLY_CONNECTED layers: the columns of their weights
/// are reordered to the untransposed element order and the reshape reads the transpose's input, so
/// a Flatten of channels-last features needs no transpose (ONNX Flatten -> Gemm after a conv).
void Sinker::foldIntoFullyConnected()
{
    const std::vector<ir::NodeId> producers = m_graph.producers();
    const std::vector<std::vector<ir::NodeId>> readers = consumersOf(m_graph);
    for (ir::Node& reshape : m_graph.nodes) {
        if (reshape.op != ir::OpKind::Reshape || reshape.inputs.empty()
            || reshape.outputs.size() != 1)
            continue;
        const ir::NodeId producer = producers[static_cast<std::size_t>(reshape.inputs[0])];
        if (producer < 0)
            continue;
        const ir::Node& transpose = m_graph.nodes[static_cast<std::size_t>(producer)];
        const std::optional<Perm> perm = permOf(m_graph, transpose);
        const ir::TensorId flat = reshape.outputs[0];
        const ir::Shape transposed = tensorOf(m_graph, reshape.inputs[0]).shape;
        const std::vector<std::int64_t> flatShape = tensorOf(m_graph, flat).shape.extents();
        if (!perm || perm->front() != 0 || !transposed.isStatic() || flatShape.size() != 2
            || flatShape[0] != transposed.extents()[0] || isGraphOutput(m_graph, flat)
            || !onlyFullyConnectedRead(flat, readers[static_cast<std::size_t>(flat)]))
            continue;
        if (isNotImage(reshape.inputs[0])) {
            logStop(reshape, reshape.inputs[0],
                "perm " + formatList(*perm) + " not absorbed by the fully connected weights");
            continue;
        }
        for (ir::NodeId n : readers[static_cast<std::size_t>(flat)]) {
            ir::Node& layer = m_graph.nodes[static_cast<std::size_t>(n)];
            const ir::Tensor weights = tensorOf(m_graph, layer.inputs[1]);
            std::vector<std::int64_t> view = transposed.extents();
            view[0] = weights.shape.extents()[0];
            ir::Tensor permuted = weights;
            permuted.name = uniqueTensorName(m_graph, weights.name + "/permuted");
            permuted.data
                = permuteData(weights.data, view, ir::dtypeSize(weights.dtype), invertPerm(*perm));
            layer.inputs[1] = m_graph.addTensor(std::move(permuted));
            logRewrite(m_context.log, RewriteKind::WeightsPermuted, kPass, { &transpose, &layer },
                "columns of '" + weights.name + "' reordered for perm " + formatList(*perm));
        }
        reshape.inputs[0] = transpose.inputs[0];
        logRewrite(m_context.log, RewriteKind::TransposesCancelled, kPass, { &transpose, &reshape },
            "perm " + formatList(*perm) + " absorbed by the fully connected weights");
    }
}

/// True if transposing `extents` by `perm` keeps the order of the dims that are not 1.
bool movesOnlyUnitDims(const std::vector<std::int64_t>& extents, const Perm& perm)
{
    std::int64_t last = -1;
    for (std::int64_t axis : perm) {
        if (extents[static_cast<std::size_t>(axis)] == 1)
            continue;
        if (axis < last)
            return false;
        last = axis;
    }
    return true;
}

void Sinker::convertUnitTransposes()
{
    for (ir::Node& node : m_graph.nodes) {
        const std::optional<Perm> perm = permOf(m_graph, node);
        if (!perm)
            continue;
        const ir::Shape input = tensorOf(m_graph, node.inputs[0]).shape;
        if (!input.isStatic() || !movesOnlyUnitDims(input.extents(), *perm))
            continue;
        const std::vector<std::int64_t> shape = permuteExtents(input.extents(), *perm);
        node.op = ir::OpKind::Reshape;
        node.inputs[1] = addInt32Constant(m_graph, node.name + "/shape", shape);
        node.attributes = {};
        node.attributes.set("new_shape", shape);
        logRewrite(m_context.log, RewriteKind::TransposeToReshape, kPass, { &node },
            "perm " + formatList(*perm) + " of " + input.toString() + " is a reshape");
    }
}

/// One run of the whole pass on `model`, logging into `context`.
Result<void> sinkOnce(ir::Model& model, PassContext& context, bool splitShuffles)
{
    ir::Graph& graph = model.main();
    Sinker sinker(graph, context, splitShuffles);
    if (auto swept = sinker.sweep(); !swept)
        return swept;
    eraseDeadNodes(graph);
    sinker.foldIntoFullyConnected();
    sinker.convertUnitTransposes();
    eraseDeadNodes(graph);
    compactTensors(model);
    return {};
}

int transposeCount(const ir::Model& model)
{
    return static_cast<int>(std::ranges::count_if(
        model.main().nodes, [](const ir::Node& node) { return node.op == ir::OpKind::Transpose; }));
}

} // namespace

// Splitting a transpose at a channel shuffle pays off only when the part moved below the reshape
// meets its inverse later, which is not known when the split is made: the pass runs with and
// without splits and keeps the graph with fewer transposes (the one without splits on a tie).
Result<void> sinkTransposes(ir::Model& model, PassContext& context)
{
    ir::Model withSplits = model;
    RewriteLog splitLog;
    PassContext splitContext { splitLog, context.task, context.layout };
    if (auto done = sinkOnce(withSplits, splitContext, true); !done)
        return done;
    RewriteLog plainLog;
    PassContext plainContext { plainLog, context.task, context.layout };
    if (auto done = sinkOnce(model, plainContext, false); !done)
        return done;
    const bool splitsHelp = transposeCount(withSplits) < transposeCount(model);
    if (splitsHelp)
        model = std::move(withSplits);
    for (const RewriteEvent& event : (splitsHelp ? splitLog : plainLog).events())
        context.log.add(event);
    return {};
}

} // namespace lf::passes
