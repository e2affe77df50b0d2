// SPDX-License-Identifier: GPL-3.0-or-later
// Graph-editing helpers shared by the conversion passes.
#include "core/passes/graph_edit.h"

#include "core/interpreter/node_evaluator.h"
#include "core/tflite/tflite_types.h"

#include <algorithm>
#include <cstring>
#include <numeric>
#include <queue>
#include <unordered_set>

namespace lf::passes {

namespace {

std::size_t index(std::int64_t id)
{
    return static_cast<std::size_t>(id);
}

} // namespace

std::vector<std::vector<ir::NodeId>> consumersOf(const ir::Graph& graph)
{
    std::vector<std::vector<ir::NodeId>> result(graph.tensors.size());
    for (std::size_t n = 0; n < graph.nodes.size(); ++n) {
        for (ir::TensorId input : graph.nodes[n].inputs) {
            if (input != ir::kNoTensor)
                result[index(input)].push_back(static_cast<ir::NodeId>(n));
        }
    }
    return result;
}

bool isGraphOutput(const ir::Graph& graph, ir::TensorId tensor)
{
    return std::ranges::find(graph.outputs, tensor) != graph.outputs.end();
}

bool isGraphInput(const ir::Graph& graph, ir::TensorId tensor)
{
    return std::ranges::find(graph.inputs, tensor) != graph.inputs.end();
}

const ir::Tensor& tensorOf(const ir::Graph& graph, ir::TensorId id)
{
    return graph.tensors[index(id)];
}

ir::Tensor& tensorOf(ir::Graph& graph, ir::TensorId id)
{
    return graph.tensors[index(id)];
}

void replaceUses(ir::Graph& graph, ir::TensorId from, ir::TensorId to)
{
    for (ir::Node& node : graph.nodes)
        std::ranges::replace(node.inputs, from, to);
}

bool bypass(ir::Graph& graph, ir::TensorId from, ir::TensorId to)
{
    if (!isGraphOutput(graph, from)) {
        replaceUses(graph, from, to);
        return true;
    }
    if (isGraphOutput(graph, to) || isGraphInput(graph, to) || tensorOf(graph, to).isConstant())
        return false;
    ir::Node* producer = nullptr;
    for (ir::Node& node : graph.nodes) {
        if (std::ranges::find(node.outputs, to) != node.outputs.end())
            producer = &node;
    }
    if (!producer)
        return false;
    // `from` is about to lose its producer; detach it from the node that made it before rerouting.
    for (ir::Node& node : graph.nodes)
        std::ranges::replace(node.outputs, from, ir::kNoTensor);
    std::ranges::replace(producer->outputs, to, from);
    replaceUses(graph, to, from);
    tensorOf(graph, from).shape = tensorOf(graph, to).shape;
    return true;
}

void eraseNodes(ir::Graph& graph, const std::vector<bool>& erase)
{
    std::vector<ir::Node> kept;
    kept.reserve(graph.nodes.size());
    for (std::size_t n = 0; n < graph.nodes.size(); ++n) {
        if (n >= erase.size() || !erase[n])
            kept.push_back(std::move(graph.nodes[n]));
    }
    graph.nodes = std::move(kept);
}

std::vector<ir::Node> eraseDeadNodes(ir::Graph& graph)
{
    std::vector<int> readers(graph.tensors.size(), 0);
    for (const ir::Node& node : graph.nodes) {
        for (ir::TensorId input : node.inputs) {
            if (input != ir::kNoTensor)
                ++readers[index(input)];
        }
    }
    for (ir::TensorId output : graph.outputs)
        ++readers[index(output)];
    std::vector<bool> erase(graph.nodes.size(), false);
    std::vector<ir::Node> erased;
    for (std::size_t n = graph.nodes.size(); n-- > 0;) {
        const ir::Node& node = graph.nodes[n];
        const bool sideEffects = node.outputs.empty()
            || ir::opCategory(node.op) == ir::OpCategory::Control || node.op == ir::OpKind::Custom
            || node.op == ir::OpKind::Opaque;
        const bool used = std::ranges::any_of(node.outputs, [&](ir::TensorId output) {
            return output != ir::kNoTensor && readers[index(output)] > 0;
        });
        if (sideEffects || used)
            continue;
        erase[n] = true;
        erased.push_back(node);
        for (ir::TensorId input : node.inputs) {
            if (input != ir::kNoTensor)
                --readers[index(input)];
        }
    }
    eraseNodes(graph, erase);
    std::ranges::reverse(erased);
    return erased;
}

void compactTensors(ir::Model& model)
{
    ir::Graph& graph = model.main();
    std::vector<bool> referenced(graph.tensors.size(), false);
    auto mark = [&](ir::TensorId id) {
        if (id != ir::kNoTensor)
            referenced[index(id)] = true;
    };
    // TFLite LSTM nodes also name tensors in their "intermediates" attribute.
    for (const ir::Node& node : graph.nodes) {
        std::ranges::for_each(node.inputs, mark);
        std::ranges::for_each(node.outputs, mark);
        for (std::int64_t id :
            node.attributes.getOr<std::vector<std::int64_t>>(tflite::kIntermediatesAttribute, {}))
            mark(static_cast<ir::TensorId>(id));
    }
    std::ranges::for_each(graph.inputs, mark);
    std::ranges::for_each(graph.outputs, mark);
    for (const ir::Signature& signature : model.signatures) {
        if (signature.graphIndex != 0)
            continue;
        for (const auto& entry : signature.inputs)
            mark(entry.second);
        for (const auto& entry : signature.outputs)
            mark(entry.second);
    }
    std::vector<ir::TensorId> remap(graph.tensors.size(), ir::kNoTensor);
    std::vector<ir::Tensor> kept;
    for (std::size_t t = 0; t < graph.tensors.size(); ++t) {
        if (!referenced[t])
            continue;
        remap[t] = static_cast<ir::TensorId>(kept.size());
        kept.push_back(std::move(graph.tensors[t]));
    }
    graph.tensors = std::move(kept);
    auto apply = [&](ir::TensorId& id) {
        if (id != ir::kNoTensor)
            id = remap[index(id)];
    };
    for (ir::Node& node : graph.nodes) {
        std::ranges::for_each(node.inputs, apply);
        std::ranges::for_each(node.outputs, apply);
        if (auto intermediates
            = node.attributes.get<std::vector<std::int64_t>>(tflite::kIntermediatesAttribute)) {
            for (std::int64_t& id : *intermediates)
                id = remap[index(static_cast<ir::TensorId>(id))];
            node.attributes.set(
                std::string(tflite::kIntermediatesAttribute), std::move(*intermediates));
        }
    }
    std::ranges::for_each(graph.inputs, apply);
    std::ranges::for_each(graph.outputs, apply);
    for (ir::Signature& signature : model.signatures) {
        if (signature.graphIndex != 0)
            continue;
        for (auto& entry : signature.inputs)
            apply(entry.second);
        for (auto& entry : signature.outputs)
            apply(entry.second);
    }
}

Result<void> sortTopologically(ir::Graph& graph)
{
    const std::vector<ir::NodeId> producers = graph.producers();
    const std::vector<std::vector<ir::NodeId>> consumers = consumersOf(graph);
    std::vector<int> pending(graph.nodes.size(), 0);
    for (std::size_t n = 0; n < graph.nodes.size(); ++n) {
        for (ir::TensorId input : graph.nodes[n].inputs) {
            if (input != ir::kNoTensor && producers[index(input)] >= 0)
                ++pending[n];
        }
    }
    std::priority_queue<ir::NodeId, std::vector<ir::NodeId>, std::greater<>> ready;
    for (std::size_t n = 0; n < graph.nodes.size(); ++n) {
        if (pending[n] == 0)
            ready.push(static_cast<ir::NodeId>(n));
    }
    std::vector<ir::NodeId> order;
    while (!ready.empty()) {
        const ir::NodeId n = ready.top();
        ready.pop();
        order.push_back(n);
        for (ir::TensorId output : graph.nodes[index(n)].outputs) {
            if (output == ir::kNoTensor)
                continue;
            for (ir::NodeId consumer : consumers[index(output)]) {
                if (--pending[index(consumer)] == 0)
                    ready.push(consumer);
            }
        }
    }
    if (order.size() != graph.nodes.size())
        return fail(ErrorCode::Internal, "the graph has a cycle", graph.name);
    std::vector<ir::Node> sorted;
    sorted.reserve(order.size());
    for (ir::NodeId n : order)
        sorted.push_back(std::move(graph.nodes[index(n)]));
    graph.nodes = std::move(sorted);
    return {};
}

std::string uniqueTensorName(const ir::Graph& graph, const std::string& base)
{
    std::unordered_set<std::string_view> names;
    for (const ir::Tensor& tensor : graph.tensors)
        names.insert(tensor.name);
    if (!names.contains(base))
        return base;
    for (int suffix = 1;; ++suffix) {
        std::string candidate = base + "_" + std::to_string(suffix);
        if (!names.contains(candidate))
            return candidate;
    }
}

ir::TensorId addConstant(ir::Graph& graph, const std::string& name, ir::DType dtype,
    const std::vector<std::int64_t>& shape, ir::ConstData data)
{
    ir::Tensor tensor;
    tensor.name = uniqueTensorName(graph, name);
    tensor.dtype = dtype;
    tensor.shape = ir::Shape::fromExtents(shape);
    tensor.data = std::move(data);
    return graph.addTensor(std::move(tensor));
}

ir::TensorId addInt32Constant(
    ir::Graph& graph, const std::string& name, std::span<const std::int64_t> values)
{
    std::vector<std::int32_t> narrow(values.begin(), values.end());
    return addConstant(graph, name, ir::DType::Int32, { static_cast<std::int64_t>(narrow.size()) },
        ir::ConstData::fromValues(std::span<const std::int32_t>(narrow)));
}

std::optional<std::vector<std::int64_t>> constantIntegers(const ir::Graph& graph, ir::TensorId id)
{
    if (id == ir::kNoTensor)
        return std::nullopt;
    const ir::Tensor& tensor = tensorOf(graph, id);
    if (!tensor.isConstant())
        return std::nullopt;
    if (tensor.dtype == ir::DType::Int32) {
        auto values = tensor.data.as<std::int32_t>();
        return std::vector<std::int64_t>(values.begin(), values.end());
    }
    if (tensor.dtype == ir::DType::Int64) {
        auto values = tensor.data.as<std::int64_t>();
        return std::vector<std::int64_t>(values.begin(), values.end());
    }
    return std::nullopt;
}

std::optional<std::vector<float>> constantFloats(const ir::Graph& graph, ir::TensorId id)
{
    if (id == ir::kNoTensor)
        return std::nullopt;
    const ir::Tensor& tensor = tensorOf(graph, id);
    if (!tensor.isConstant() || tensor.dtype != ir::DType::Float32 || tensor.isQuantized())
        return std::nullopt;
    auto values = tensor.data.as<float>();
    return std::vector<float>(values.begin(), values.end());
}

bool isIdentityPerm(const Perm& perm)
{
    for (std::size_t i = 0; i < perm.size(); ++i) {
        if (perm[i] != static_cast<std::int64_t>(i))
            return false;
    }
    return true;
}

Perm invertPerm(const Perm& perm)
{
    Perm inverse(perm.size());
    for (std::size_t i = 0; i < perm.size(); ++i)
        inverse[index(perm[i])] = static_cast<std::int64_t>(i);
    return inverse;
}

Perm composePerms(const Perm& first, const Perm& second)
{
    Perm result(second.size());
    for (std::size_t i = 0; i < second.size(); ++i)
        result[i] = first[index(second[i])];
    return result;
}

std::vector<std::int64_t> permuteExtents(const std::vector<std::int64_t>& extents, const Perm& perm)
{
    std::vector<std::int64_t> result(perm.size());
    for (std::size_t i = 0; i < perm.size(); ++i)
        result[i] = extents[index(perm[i])];
    return result;
}

ir::ConstData permuteData(const ir::ConstData& data, const std::vector<std::int64_t>& extents,
    std::size_t elementSize, const Perm& perm)
{
    const std::size_t rank = extents.size();
    std::vector<std::int64_t> strides(rank, 1);
    for (std::size_t d = rank; d-- > 1;)
        strides[d - 1] = strides[d] * extents[d];
    const std::vector<std::int64_t> outExtents = permuteExtents(extents, perm);
    std::vector<std::byte> out(data.size());
    const std::int64_t count
        = std::accumulate(extents.begin(), extents.end(), std::int64_t { 1 }, std::multiplies<>());
    std::vector<std::int64_t> position(rank, 0);
    const std::byte* src = data.bytes().data();
    for (std::int64_t i = 0; i < count; ++i) {
        std::int64_t offset = 0;
        for (std::size_t d = 0; d < rank; ++d)
            offset += position[d] * strides[index(perm[d])];
        std::memcpy(out.data() + static_cast<std::size_t>(i) * elementSize,
            src + static_cast<std::size_t>(offset) * elementSize, elementSize);
        for (std::size_t d = rank; d-- > 0;) {
            if (++position[d] < outExtents[d])
                break;
            position[d] = 0;
        }
    }
    return ir::ConstData::fromVector(std::move(out));
}

std::string formatList(const std::vector<std::int64_t>& values)
{
    std::string text = "[";
    for (std::size_t i = 0; i < values.size(); ++i)
        text += (i ? "," : "") + std::to_string(values[i]);
    return text + "]";
}

Result<void> refreshOutputShapes(ir::Graph& graph, const ir::Node& node)
{
    auto evaluated = interp::evaluateNode(graph, node, false);
    if (!evaluated)
        return std::unexpected(std::move(evaluated.error()));
    for (std::size_t i = 0; i < node.outputs.size() && i < evaluated->size(); ++i) {
        if (node.outputs[i] != ir::kNoTensor)
            tensorOf(graph, node.outputs[i]).shape = (*evaluated)[i].shape;
    }
    return {};
}

std::vector<std::string> sourcesOf(std::initializer_list<const ir::Node*> nodes)
{
    std::vector<std::string> sources;
    for (const ir::Node* node : nodes) {
        if (!node)
            continue;
        const std::vector<std::string> own
            = node->origin.empty() ? std::vector<std::string> { node->name } : node->origin;
        for (const std::string& name : own) {
            if (!name.empty() && std::ranges::find(sources, name) == sources.end())
                sources.push_back(name);
        }
    }
    return sources;
}

void logRewrite(RewriteLog& log, RewriteKind kind, const char* pass,
    std::initializer_list<const ir::Node*> nodes, std::string detail)
{
    RewriteEvent event;
    event.kind = kind;
    event.pass = pass;
    event.sources = sourcesOf(nodes);
    for (const ir::Node* node : nodes) {
        if (node)
            event.nodes.push_back(node->name);
    }
    event.detail = std::move(detail);
    log.add(std::move(event));
}

} // namespace lf::passes
