// SPDX-License-Identifier: GPL-3.0-or-later
// Model statistics and their text and JSON reports.
#include "core/ir/model_summary.h"

#include "core/base/json_writer.h"

#include <cstdio>
#include <utility>

namespace lf::ir {

namespace {

/// The name TFLite itself uses for a node's operator: builtin name or custom code.
std::string tfliteOpName(const Node& node)
{
    if (node.op == OpKind::Custom || node.op == OpKind::Opaque)
        return node.typeName();
    return std::string(tfliteBuiltinName(node.op));
}

std::string tensorDescription(const Tensor& tensor)
{
    std::string text = std::string(dtypeName(tensor.dtype)) + tensor.shape.toString();
    if (tensor.isQuantized()) {
        char buffer[64];
        if (tensor.quant.isPerAxis())
            std::snprintf(buffer, sizeof buffer, " per-axis(%zu scales, axis %d)", tensor.quant.scales.size(), tensor.quant.axis);
        else
            std::snprintf(buffer, sizeof buffer, " q(s=%g, zp=%lld)", static_cast<double>(tensor.quant.scales[0]),
                          tensor.quant.zeroPoints.empty() ? 0LL : static_cast<long long>(tensor.quant.zeroPoints[0]));
        text += buffer;
    }
    return text;
}

void writeTensorJson(JsonWriter& json, TensorId id, const Tensor& tensor)
{
    json.beginObject().key("index").value(id).key("name").value(tensor.name).key("dtype").value(dtypeName(tensor.dtype));
    json.key("shape");
    if (tensor.shape.rankKnown) {
        json.beginArray();
        for (const Dim& dim : tensor.shape.dims)
            json.value(dim.extent);
        json.endArray();
    } else {
        json.null();
    }
    json.key("constant").value(tensor.isConstant());
    if (tensor.isConstant())
        json.key("bytes").value(static_cast<std::uint64_t>(tensor.data.size()));
    if (tensor.isQuantized()) {
        json.key("quantization").beginObject().key("scales").beginArray();
        for (float scale : tensor.quant.scales)
            json.value(static_cast<double>(scale));
        json.endArray().key("zero_points").beginArray();
        for (std::int64_t zeroPoint : tensor.quant.zeroPoints)
            json.value(zeroPoint);
        json.endArray().key("axis").value(tensor.quant.axis).endObject();
    }
    json.endObject();
}

void writeIdsJson(JsonWriter& json, const std::vector<TensorId>& ids)
{
    json.beginArray();
    for (TensorId id : ids)
        json.value(id);
    json.endArray();
}

} // namespace

ModelSummary summarize(const Model& model)
{
    ModelSummary summary;
    for (const Graph& graph : model.graphs) {
        for (const Node& node : graph.nodes)
            ++summary.opCounts[node.typeName()];
        summary.nodeCount += static_cast<int>(graph.nodes.size());
        summary.tensorCount += static_cast<int>(graph.tensors.size());
        for (const Tensor& tensor : graph.tensors) {
            if (!tensor.isConstant())
                continue;
            ++summary.constantCount;
            summary.constantBytes += tensor.data.size();
            summary.parameterCount += static_cast<std::uint64_t>(tensor.shape.numElements().value_or(0));
        }
    }
    return summary;
}

std::string summaryText(const Model& model, bool listTensors)
{
    const ModelSummary summary = summarize(model);
    std::string out = "format: " + model.sourceFormat + "\n";
    if (!model.description.empty())
        out += "description: " + model.description + "\n";
    out += "graphs: " + std::to_string(model.graphs.size()) + ", nodes: " + std::to_string(summary.nodeCount)
        + ", tensors: " + std::to_string(summary.tensorCount) + ", constants: " + std::to_string(summary.constantCount)
        + " (" + std::to_string(summary.parameterCount) + " values, " + std::to_string(summary.constantBytes) + " bytes)\n";
    const Graph& graph = model.main();
    out += "inputs:\n";
    for (TensorId id : graph.inputs)
        out += "  " + graph.tensors[static_cast<std::size_t>(id)].name + ": " + tensorDescription(graph.tensors[static_cast<std::size_t>(id)]) + "\n";
    out += "outputs:\n";
    for (TensorId id : graph.outputs)
        out += "  " + graph.tensors[static_cast<std::size_t>(id)].name + ": " + tensorDescription(graph.tensors[static_cast<std::size_t>(id)]) + "\n";
    out += "ops:\n";
    for (const auto& [type, count] : summary.opCounts)
        out += "  " + type + ": " + std::to_string(count) + "\n";
    if (listTensors) {
        for (std::size_t g = 0; g < model.graphs.size(); ++g) {
            out += "tensors of graph #" + std::to_string(g) + ":\n";
            const Graph& current = model.graphs[g];
            for (std::size_t t = 0; t < current.tensors.size(); ++t)
                out += "  %" + std::to_string(t) + " " + current.tensors[t].name + ": " + tensorDescription(current.tensors[t])
                    + (current.tensors[t].isConstant() ? " const" : "") + "\n";
        }
    }
    return out;
}

std::string summaryJson(const Model& model)
{
    const ModelSummary summary = summarize(model);
    std::map<std::string, int> tfliteCounts;
    for (const Graph& graph : model.graphs) {
        for (const Node& node : graph.nodes)
            ++tfliteCounts[tfliteOpName(node)];
    }
    JsonWriter json;
    json.beginObject();
    json.key("format").value(model.sourceFormat).key("description").value(model.description);
    json.key("node_count").value(summary.nodeCount).key("tensor_count").value(summary.tensorCount);
    json.key("constant_count").value(summary.constantCount).key("constant_bytes").value(summary.constantBytes);
    json.key("parameter_count").value(summary.parameterCount);
    for (const auto& [key, counts] : {std::pair{"op_counts", &summary.opCounts}, std::pair{"tflite_op_counts", &std::as_const(tfliteCounts)}}) {
        json.key(key).beginObject();
        for (const auto& [type, count] : *counts)
            json.key(type).value(count);
        json.endObject();
    }
    json.key("graphs").beginArray();
    for (const Graph& graph : model.graphs) {
        json.beginObject().key("name").value(graph.name);
        json.key("inputs");
        writeIdsJson(json, graph.inputs);
        json.key("outputs");
        writeIdsJson(json, graph.outputs);
        json.key("tensors").beginArray();
        for (std::size_t t = 0; t < graph.tensors.size(); ++t)
            writeTensorJson(json, static_cast<TensorId>(t), graph.tensors[t]);
        json.endArray().key("nodes").beginArray();
        for (const Node& node : graph.nodes) {
            json.beginObject().key("type").value(node.typeName()).key("name").value(node.name);
            json.key("inputs");
            writeIdsJson(json, node.inputs);
            json.key("outputs");
            writeIdsJson(json, node.outputs);
            json.endObject();
        }
        json.endArray().endObject();
    }
    json.endArray();
    json.key("signatures").beginArray();
    for (const Signature& signature : model.signatures) {
        json.beginObject().key("key").value(signature.key).key("graph").value(signature.graphIndex);
        for (const auto& [key, entries] : {std::pair{"inputs", &signature.inputs}, std::pair{"outputs", &signature.outputs}}) {
            json.key(key).beginArray();
            for (const auto& [name, id] : *entries)
                json.beginObject().key("name").value(name).key("tensor").value(id).endObject();
            json.endArray();
        }
        json.endObject();
    }
    json.endArray();
    json.endObject();
    return json.text() + "\n";
}

} // namespace lf::ir
