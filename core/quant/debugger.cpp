// SPDX-License-Identifier: GPL-3.0-or-later
// Sample by sample: the float run captures the tensors that have a quantized counterpart, the
// quantized run compares each of its tensors against them as it is produced (so nothing of the
// quantized run is stored), and the isolated mode re-runs single nodes on constant inputs made from
// the float capture. Sums are kept per tensor, so every metric covers all samples together; value
// pairs are picked as the tensors pass by.
#include "core/quant/debugger.h"

#include "core/base/json_writer.h"
#include "core/interpreter/interpreter.h"
#include "core/interpreter/node_evaluator.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <map>
#include <unordered_map>

namespace lf::quant {

namespace {

/// Running sums over all samples for one tensor.
struct ErrorSums {
    double error = 0;
    double maxAbs = 0;
    double squaredError = 0;
    double reference2 = 0;
    double actual2 = 0;
    double dot = 0;
    std::int64_t count = 0;

    void add(std::span<const float> reference, std::span<const float> actual)
    {
        for (std::size_t i = 0; i < reference.size(); ++i) {
            const double r = reference[i];
            const double a = actual[i];
            const double e = a - r;
            error += e;
            maxAbs = std::max(maxAbs, std::abs(e));
            squaredError += e * e;
            reference2 += r * r;
            actual2 += a * a;
            dot += r * a;
        }
        count += static_cast<std::int64_t>(reference.size());
    }

    ErrorMetrics metrics(float scale) const
    {
        ErrorMetrics m;
        if (count == 0)
            return m;
        m.meanError = error / static_cast<double>(count);
        m.maxAbsError = maxAbs;
        m.mse = squaredError / static_cast<double>(count);
        m.rmseOverScale = scale > 0 ? std::sqrt(m.mse) / scale : 0;
        m.cosine = reference2 > 0 && actual2 > 0 ? dot / std::sqrt(reference2 * actual2) : (reference2 == actual2 ? 1.0 : 0.0);
        m.sqnrDb = squaredError == 0 ? 120.0 : (reference2 == 0 ? -120.0 : 10.0 * std::log10(reference2 / squaredError));
        return m;
    }
};

/// scale * (q - zeroPoint) for every element; one loop per dtype, so the compiler can vectorize it.
template <typename T>
void dequantizeInto(std::span<float> values, const T* data, float scale, float zeroPoint)
{
    for (std::size_t i = 0; i < values.size(); ++i)
        values[i] = scale * (static_cast<float>(data[i]) - zeroPoint);
}

std::vector<float> dequantized(const interp::TensorView& view)
{
    const auto count = static_cast<std::size_t>(view.elementCount());
    if (view.dtype == ir::DType::Float32)
        return std::vector<float>(view.as<const float>(), view.as<const float>() + count);
    std::vector<float> values(count);
    const float scale = view.scale();
    const auto zeroPoint = static_cast<float>(view.zeroPoint());
    switch (view.dtype) {
    case ir::DType::Int8: dequantizeInto(std::span(values), view.as<const std::int8_t>(), scale, zeroPoint); break;
    case ir::DType::UInt8: dequantizeInto(std::span(values), view.as<const std::uint8_t>(), scale, zeroPoint); break;
    case ir::DType::Int16: dequantizeInto(std::span(values), view.as<const std::int16_t>(), scale, zeroPoint); break;
    default: std::fill(values.begin(), values.end(), scale * -zeroPoint); break;
    }
    return values;
}

bool isComparable(const ir::Tensor& tensor)
{
    return tensor.isQuantized() && !tensor.isConstant() && !tensor.quant.isPerAxis()
        && (tensor.dtype == ir::DType::Int8 || tensor.dtype == ir::DType::UInt8 || tensor.dtype == ir::DType::Int16);
}

void fillHistogram(Histogram& histogram, std::span<const float> values, int bins)
{
    if (histogram.counts.empty()) {
        const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
        histogram.min = values.empty() ? 0 : *lo;
        histogram.max = values.empty() ? 0 : *hi;
        histogram.counts.assign(static_cast<std::size_t>(bins), 0);
    }
    const double width = (histogram.max - histogram.min) / bins;
    for (float v : values) {
        const int bin = width > 0 ? static_cast<int>((v - histogram.min) / width) : 0;
        ++histogram.counts[static_cast<std::size_t>(std::clamp(bin, 0, bins - 1))];
    }
}

/// Appends evenly strided elements of one sample until `pairs` holds `limit` (all elements when they fit).
void addPairs(std::vector<ValuePair>& pairs, std::size_t limit, std::size_t sample, std::span<const float> reference,
              std::span<const float> actual)
{
    const std::size_t count = reference.size();
    const std::size_t take = pairs.size() < limit ? std::min(limit - pairs.size(), count) : 0;
    for (std::size_t k = 0; k < take; ++k) {
        const std::size_t i = k * count / take;
        pairs.push_back({static_cast<std::uint32_t>(sample), static_cast<std::uint32_t>(i), reference[i], actual[i]});
    }
}

/// Copies the float tensors whose names are in `wanted`.
class FloatCapture final : public interp::TensorObserver {
public:
    FloatCapture(const ir::Graph& graph, const std::unordered_map<std::string, std::size_t>& wanted) : m_graph(graph), m_wanted(wanted) {}
    void tensorProduced(ir::NodeId, ir::TensorId tensor, const interp::TensorView& view) override
    {
        const std::string& name = m_graph.tensors[static_cast<std::size_t>(tensor)].name;
        if (view.dtype == ir::DType::Float32 && m_wanted.count(name))
            values[name].assign(view.as<const float>(), view.as<const float>() + view.elementCount());
    }
    std::unordered_map<std::string, std::vector<float>> values;

private:
    const ir::Graph& m_graph;
    const std::unordered_map<std::string, std::size_t>& m_wanted;
};

/// Compares each quantized tensor with the float capture as it is produced.
class QuantizedCompare final : public interp::TensorObserver {
public:
    QuantizedCompare(const ir::Graph& graph, const std::unordered_map<std::string, std::size_t>& layerOf,
                     const std::unordered_map<std::string, std::vector<float>>& reference, std::vector<ErrorSums>& sums,
                     std::vector<LayerReport>& layers, int bins, std::size_t sample, std::size_t maxPairs)
        : m_graph(graph), m_layerOf(layerOf), m_reference(reference), m_sums(sums), m_layers(layers), m_bins(bins),
          m_sample(sample), m_maxPairs(maxPairs)
    {
    }
    void tensorProduced(ir::NodeId, ir::TensorId tensor, const interp::TensorView& view) override
    {
        const std::string& name = m_graph.tensors[static_cast<std::size_t>(tensor)].name;
        shapes[name] = view.shape;
        auto layer = m_layerOf.find(name);
        auto reference = m_reference.find(name);
        if (layer == m_layerOf.end() || reference == m_reference.end())
            return;
        const std::vector<float> actual = dequantized(view);
        if (actual.size() != reference->second.size())
            return;
        m_sums[layer->second].add(reference->second, actual);
        addPairs(m_layers[layer->second].accumulatedPairs, m_maxPairs, m_sample, reference->second, actual);
        if (m_bins > 0) {
            fillHistogram(m_layers[layer->second].floatHistogram, reference->second, m_bins);
            fillHistogram(m_layers[layer->second].quantizedHistogram, actual, m_bins);
        }
    }
    std::unordered_map<std::string, std::vector<std::int64_t>> shapes; ///< of every tensor of this run

private:
    const ir::Graph& m_graph;
    const std::unordered_map<std::string, std::size_t>& m_layerOf;
    const std::unordered_map<std::string, std::vector<float>>& m_reference;
    std::vector<ErrorSums>& m_sums;
    std::vector<LayerReport>& m_layers;
    int m_bins;
    std::size_t m_sample;
    std::size_t m_maxPairs;
};

/// `values` quantized with `tensor`'s parameters into a constant of its dtype.
ir::ConstData quantizedConstant(const ir::Tensor& tensor, std::span<const float> values)
{
    const std::size_t size = ir::dtypeSize(tensor.dtype);
    std::vector<std::byte> bytes(values.size() * size);
    const double scale = tensor.quant.scales.front();
    const double zeroPoint = static_cast<double>(tensor.quant.zeroPoints.front());
    const double lo = tensor.dtype == ir::DType::UInt8 ? 0 : (tensor.dtype == ir::DType::Int16 ? -32768 : -128);
    const double hi = tensor.dtype == ir::DType::UInt8 ? 255 : (tensor.dtype == ir::DType::Int16 ? 32767 : 127);
    for (std::size_t i = 0; i < values.size(); ++i) {
        const auto q = static_cast<std::int32_t>(std::clamp(std::round(values[i] / scale) + zeroPoint, lo, hi));
        if (size == 1) {
            bytes[i] = static_cast<std::byte>(q & 0xff);
        } else {
            const auto v = static_cast<std::int16_t>(q);
            std::memcpy(bytes.data() + i * 2, &v, 2);
        }
    }
    return ir::ConstData::fromVector(std::move(bytes));
}

/// NpyArray input for the quantized model: quantized when its input is integer.
NpyArray toInput(const ir::Tensor& input, const NpyArray& sample)
{
    if (!input.isQuantized() || sample.dtype != ir::DType::Float32)
        return sample;
    const auto values = std::span<const float>(reinterpret_cast<const float*>(sample.data.data()), static_cast<std::size_t>(sample.elementCount()));
    const ir::ConstData data = quantizedConstant(input, values);
    return NpyArray{input.dtype, sample.shape, std::vector<std::byte>(data.bytes().begin(), data.bytes().end())};
}

Result<void> setInputs(interp::Interpreter& interpreter, const std::vector<NpyArray>& inputs)
{
    for (std::size_t i = 0; i < inputs.size() && i < interpreter.inputCount(); ++i) {
        if (interpreter.input(i).shape != inputs[i].shape) {
            if (auto resized = interpreter.resizeInput(i, inputs[i].shape); !resized)
                return resized;
        }
    }
    for (std::size_t i = 0; i < inputs.size() && i < interpreter.inputCount(); ++i) {
        if (auto set = interpreter.setInput(i, inputs[i].dtype, inputs[i].shape, inputs[i].data); !set)
            return set;
    }
    return {};
}

/// Runs `node` of `graph` alone on constants made from the float capture (with the shapes the
/// quantized run had); nullopt when an input has no float counterpart.
std::optional<std::vector<float>> runIsolated(const ir::Graph& graph, const ir::Node& node,
                                              const std::unordered_map<std::string, std::vector<float>>& reference,
                                              const std::unordered_map<std::string, std::string>& floatNameOf,
                                              const std::unordered_map<std::string, std::vector<std::int64_t>>& shapes)
{
    ir::Graph scratch;
    ir::Node copy = node;
    for (ir::TensorId& input : copy.inputs) {
        if (input == ir::kNoTensor)
            continue;
        ir::Tensor tensor = graph.tensors[static_cast<std::size_t>(input)];
        if (!tensor.isConstant()) {
            auto alias = floatNameOf.find(tensor.name);
            auto values = reference.find(alias == floatNameOf.end() ? tensor.name : alias->second);
            if (values == reference.end())
                return std::nullopt;
            if (tensor.dtype == ir::DType::Float32)
                tensor.data = ir::ConstData::fromValues(std::span<const float>(values->second));
            else if (isComparable(tensor))
                tensor.data = quantizedConstant(tensor, values->second);
            else
                return std::nullopt;
            auto shape = shapes.find(tensor.name);
            if (shape == shapes.end())
                return std::nullopt;
            tensor.shape = ir::Shape::fromExtents(shape->second);
        }
        input = scratch.addTensor(std::move(tensor));
    }
    for (ir::TensorId& output : copy.outputs)
        output = scratch.addTensor(graph.tensors[static_cast<std::size_t>(output)]);
    auto evaluated = interp::evaluateNode(scratch, copy, true);
    if (!evaluated || evaluated->empty() || evaluated->front().data.empty())
        return std::nullopt;
    interp::TensorView view;
    const ir::Tensor& output = scratch.tensors[static_cast<std::size_t>(copy.outputs.front())];
    view.dtype = output.dtype;
    view.quant = &output.quant;
    view.shape = evaluated->front().shape.extents();
    view.data = const_cast<std::byte*>(evaluated->front().data.bytes().data());
    return dequantized(view);
}

void writeMetrics(JsonWriter& json, const ErrorMetrics& m)
{
    json.beginObject();
    json.key("mean_error").value(m.meanError).key("max_abs_error").value(m.maxAbsError).key("mse").value(m.mse);
    json.key("rmse_over_scale").value(m.rmseOverScale).key("cosine").value(m.cosine).key("sqnr_db").value(m.sqnrDb);
    json.endObject();
}

/// `value` as the double of its shortest decimal form, so the JSON shows 0.1 rather than 0.100000001.
double shortestDecimal(float value)
{
    char buffer[32];
    const auto written = std::to_chars(buffer, buffer + sizeof buffer, value);
    double result = value;
    std::from_chars(buffer, written.ptr, result);
    return result;
}

/// Pairs as parallel arrays: {"sample": [...], "index": [...], "float": [...], "dequantized": [...]}.
void writePairs(JsonWriter& json, const std::vector<ValuePair>& pairs)
{
    json.beginObject().key("sample").beginArray();
    for (const ValuePair& pair : pairs)
        json.value(static_cast<std::uint64_t>(pair.sample));
    json.endArray().key("index").beginArray();
    for (const ValuePair& pair : pairs)
        json.value(static_cast<std::uint64_t>(pair.index));
    json.endArray().key("float").beginArray();
    for (const ValuePair& pair : pairs)
        json.value(shortestDecimal(pair.floatValue));
    json.endArray().key("dequantized").beginArray();
    for (const ValuePair& pair : pairs)
        json.value(shortestDecimal(pair.quantizedValue));
    json.endArray().endObject();
}

void writeHistogram(JsonWriter& json, const Histogram& h)
{
    json.beginObject().key("min").value(h.min).key("max").value(h.max).key("counts").beginArray();
    for (std::uint64_t count : h.counts)
        json.value(count);
    json.endArray().endObject();
}

} // namespace

Result<DebugReport> debugQuantization(const ir::Model& floatModel, const ir::Model& quantModel, const Dataset& data,
                                      const DebugOptions& options, TaskContext& context)
{
    const ir::Graph& quantGraph = quantModel.main();
    const ir::Graph& floatGraph = floatModel.main();
    DebugReport report;
    std::unordered_map<std::string, std::size_t> layerOf;
    std::vector<ir::NodeId> producerOf(quantGraph.tensors.size(), -1);
    std::unordered_map<std::string, bool> floatNames;
    for (const ir::Tensor& tensor : floatGraph.tensors)
        floatNames.emplace(tensor.name, tensor.dtype == ir::DType::Float32);
    for (std::size_t n = 0; n < quantGraph.nodes.size(); ++n) {
        const ir::Node& node = quantGraph.nodes[n];
        for (ir::TensorId output : node.outputs) {
            producerOf[static_cast<std::size_t>(output)] = static_cast<ir::NodeId>(n);
            const ir::Tensor& tensor = quantGraph.tensors[static_cast<std::size_t>(output)];
            auto match = floatNames.find(tensor.name);
            if (!isComparable(tensor) || match == floatNames.end() || !match->second || layerOf.count(tensor.name))
                continue;
            LayerReport layer;
            layer.tensor = tensor.name;
            layer.node = node.name;
            layer.opType = node.typeName();
            layer.origin = node.origin;
            layer.elements = tensor.shape.numElements().value_or(0);
            layer.scale = tensor.quant.scales.front();
            layer.zeroPoint = tensor.quant.zeroPoints.front();
            layerOf.emplace(tensor.name, report.layers.size());
            report.layers.push_back(std::move(layer));
        }
    }
    for (const ir::Node& node : quantGraph.nodes) {
        for (ir::TensorId input : node.inputs) {
            if (input == ir::kNoTensor)
                continue;
            auto layer = layerOf.find(quantGraph.tensors[static_cast<std::size_t>(input)].name);
            if (layer != layerOf.end())
                report.layers[layer->second].consumers.push_back(node.name);
        }
    }
    // QUANTIZE outputs stand for their float inputs.
    std::unordered_map<std::string, std::string> floatNameOf;
    for (const ir::Node& node : quantGraph.nodes) {
        if (node.op == ir::OpKind::Quantize && !node.inputs.empty())
            floatNameOf[quantGraph.tensors[static_cast<std::size_t>(node.outputs[0])].name] =
                quantGraph.tensors[static_cast<std::size_t>(node.inputs[0])].name;
    }
    // The float run also captures the float values the quantized graph's inputs stand for.
    std::unordered_map<std::string, std::size_t> wanted = layerOf;
    for (const ir::Node& node : quantGraph.nodes) {
        for (ir::TensorId input : node.inputs) {
            if (input == ir::kNoTensor)
                continue;
            const std::string& name = quantGraph.tensors[static_cast<std::size_t>(input)].name;
            auto alias = floatNameOf.find(name);
            wanted.emplace(alias == floatNameOf.end() ? name : alias->second, 0);
        }
    }
    auto floatRun = interp::Interpreter::create(std::make_shared<const ir::Model>(floatModel));
    if (!floatRun)
        return std::unexpected(std::move(floatRun.error()).in("float model"));
    auto quantRun = interp::Interpreter::create(std::make_shared<const ir::Model>(quantModel));
    if (!quantRun)
        return std::unexpected(std::move(quantRun.error()).in("quantized model"));

    std::vector<ErrorSums> sums(report.layers.size());
    std::vector<ErrorSums> isolatedSums(report.layers.size());
    std::vector<ErrorSums> outputSums(quantGraph.outputs.size());
    const std::size_t samples = options.maxSamples ? std::min(options.maxSamples, data.size()) : data.size();
    for (std::size_t s = 0; s < samples; ++s) {
        if (context.isCancelled())
            return fail(ErrorCode::Cancelled, "quantization debugging cancelled");
        context.setProgress(static_cast<int>(s), static_cast<int>(samples), "compare layers");
        auto sample = data.sample(s);
        if (!sample)
            return std::unexpected(std::move(sample.error()));
        FloatCapture capture(floatGraph, wanted);
        for (std::size_t i = 0; i < sample->size() && i < floatGraph.inputs.size(); ++i) {
            const auto& array = (*sample)[i];
            if (array.dtype == ir::DType::Float32)
                capture.values[floatGraph.tensors[static_cast<std::size_t>(floatGraph.inputs[i])].name].assign(
                    reinterpret_cast<const float*>(array.data.data()), reinterpret_cast<const float*>(array.data.data()) + array.elementCount());
        }
        if (auto set = setInputs(**floatRun, *sample); !set)
            return std::unexpected(std::move(set.error()).in("float model"));
        if (auto ran = (*floatRun)->invoke(&capture); !ran)
            return std::unexpected(std::move(ran.error()).in("float model"));
        std::vector<NpyArray> quantInputs;
        for (std::size_t i = 0; i < sample->size() && i < quantGraph.inputs.size(); ++i)
            quantInputs.push_back(toInput(quantGraph.tensors[static_cast<std::size_t>(quantGraph.inputs[i])], (*sample)[i]));
        if (auto set = setInputs(**quantRun, quantInputs); !set)
            return std::unexpected(std::move(set.error()).in("quantized model"));
        const int bins = s < options.histogramSamples ? options.histogramBins : 0;
        QuantizedCompare compare(quantGraph, layerOf, capture.values, sums, report.layers, bins, s, options.maxValuePairs);
        if (auto ran = (*quantRun)->invoke(&compare); !ran)
            return std::unexpected(std::move(ran.error()).in("quantized model"));
        for (std::size_t o = 0; o < quantGraph.outputs.size() && o < floatGraph.outputs.size(); ++o) {
            const std::vector<float> actual = dequantized((*quantRun)->output(o));
            const interp::TensorView& expected = (*floatRun)->output(o);
            if (expected.dtype == ir::DType::Float32 && static_cast<std::int64_t>(actual.size()) == expected.elementCount())
                outputSums[o].add(std::span<const float>(expected.as<const float>(), actual.size()), actual);
        }
        if (s < options.isolatedSamples) {
            for (std::size_t l = 0; l < report.layers.size(); ++l) {
                const ir::NodeId producer = producerOf[static_cast<std::size_t>(quantGraph.findTensor(report.layers[l].tensor))];
                auto isolated = runIsolated(quantGraph, quantGraph.nodes[static_cast<std::size_t>(producer)], capture.values, floatNameOf, compare.shapes);
                auto reference = capture.values.find(report.layers[l].tensor);
                if (isolated && reference != capture.values.end() && isolated->size() == reference->second.size()) {
                    isolatedSums[l].add(reference->second, *isolated);
                    addPairs(report.layers[l].isolatedPairs, options.maxValuePairs, s, reference->second, *isolated);
                }
            }
        }
    }
    report.samples = samples;
    for (std::size_t l = 0; l < report.layers.size(); ++l) {
        LayerReport& layer = report.layers[l];
        layer.accumulated = sums[l].metrics(layer.scale);
        if (isolatedSums[l].count > 0)
            layer.isolated = isolatedSums[l].metrics(layer.scale);
        layer.flagged = (layer.isolated ? layer.isolated->rmseOverScale : layer.accumulated.rmseOverScale) > options.flagThreshold;
    }
    for (std::size_t o = 0; o < quantGraph.outputs.size(); ++o) {
        const ir::Tensor& output = quantGraph.tensors[static_cast<std::size_t>(quantGraph.outputs[o])];
        report.outputs.push_back({output.name, outputSums[o].metrics(output.isQuantized() ? output.quant.scales.front() : 0.0f)});
    }
    // The first layer whose SQNR falls jumpDb below the worst of its inputs.
    for (std::size_t l = 0; l < report.layers.size() && !report.firstJump; ++l) {
        const ir::NodeId producer = producerOf[static_cast<std::size_t>(quantGraph.findTensor(report.layers[l].tensor))];
        // Layers fed only by graph inputs have nothing to compare with: their error starts there.
        std::optional<double> inputSqnr;
        for (ir::TensorId input : quantGraph.nodes[static_cast<std::size_t>(producer)].inputs) {
            if (input == ir::kNoTensor)
                continue;
            auto it = layerOf.find(quantGraph.tensors[static_cast<std::size_t>(input)].name);
            if (it != layerOf.end())
                inputSqnr = std::min(inputSqnr.value_or(120.0), report.layers[it->second].accumulated.sqnrDb);
        }
        if (inputSqnr && *inputSqnr - report.layers[l].accumulated.sqnrDb >= options.jumpDb)
            report.firstJump = l;
    }
    context.setProgress(static_cast<int>(samples), static_cast<int>(samples), "compare layers");
    return report;
}

std::vector<std::string> suggestKeepFloat(const DebugReport& report, std::size_t maxNodes)
{
    std::vector<const LayerReport*> flagged;
    for (const LayerReport& layer : report.layers) {
        if (layer.flagged)
            flagged.push_back(&layer);
    }
    auto ownError = [](const LayerReport* layer) { return layer->isolated ? layer->isolated->rmseOverScale : layer->accumulated.rmseOverScale; };
    std::stable_sort(flagged.begin(), flagged.end(), [&](const LayerReport* a, const LayerReport* b) { return ownError(a) > ownError(b); });
    std::vector<std::string> nodes;
    for (const LayerReport* layer : flagged) {
        std::vector<std::string> island{layer->node};
        island.insert(island.end(), layer->consumers.begin(), layer->consumers.end());
        std::erase_if(island, [&](const std::string& node) { return std::find(nodes.begin(), nodes.end(), node) != nodes.end(); });
        if (nodes.size() + island.size() > maxNodes)
            break;
        nodes.insert(nodes.end(), island.begin(), island.end());
    }
    return nodes;
}

double outputSqnrDb(const DebugReport& report)
{
    if (report.outputs.empty())
        return 0;
    double total = 0;
    for (const OutputReport& output : report.outputs)
        total += output.metrics.sqnrDb;
    return total / static_cast<double>(report.outputs.size());
}

std::string DebugReport::toJson() const
{
    JsonWriter json;
    json.beginObject().key("samples").value(static_cast<std::uint64_t>(samples));
    json.key("first_jump");
    if (firstJump)
        json.value(layers[*firstJump].tensor);
    else
        json.null();
    json.key("outputs").beginArray();
    for (const OutputReport& output : outputs) {
        json.beginObject().key("name").value(output.name).key("metrics");
        writeMetrics(json, output.metrics);
        json.endObject();
    }
    json.endArray().key("layers").beginArray();
    for (const LayerReport& layer : layers) {
        json.beginObject().key("tensor").value(layer.tensor).key("node").value(layer.node).key("op").value(layer.opType);
        json.key("origin").beginArray();
        for (const std::string& origin : layer.origin)
            json.value(origin);
        json.endArray();
        json.key("num_elements").value(layer.elements).key("scale").value(static_cast<double>(layer.scale));
        json.key("zero_point").value(layer.zeroPoint).key("flagged").value(layer.flagged);
        json.key("accumulated");
        writeMetrics(json, layer.accumulated);
        json.key("isolated");
        if (layer.isolated)
            writeMetrics(json, *layer.isolated);
        else
            json.null();
        json.key("float_histogram");
        writeHistogram(json, layer.floatHistogram);
        json.key("quantized_histogram");
        writeHistogram(json, layer.quantizedHistogram);
        json.key("value_pairs").beginObject().key("accumulated");
        writePairs(json, layer.accumulatedPairs);
        json.key("isolated");
        if (layer.isolated)
            writePairs(json, layer.isolatedPairs);
        else
            json.null();
        json.endObject().endObject();
    }
    json.endArray().endObject();
    return json.text();
}

std::string DebugReport::toCsv() const
{
    auto quoted = [](const std::string& text) {
        std::string out = "\"";
        for (char c : text)
            out += c == '"' ? std::string("\"\"") : std::string(1, c);
        return out + "\"";
    };
    std::string csv = "tensor,op,num_elements,scale,zero_point,flagged,mean_error,max_abs_error,mse,rmse_over_scale,cosine,sqnr_db,"
                      "isolated_rmse_over_scale,isolated_sqnr_db\n";
    for (const LayerReport& layer : layers) {
        const ErrorMetrics& m = layer.accumulated;
        csv += quoted(layer.tensor) + "," + layer.opType + "," + std::to_string(layer.elements) + "," + std::to_string(layer.scale) + ","
            + std::to_string(layer.zeroPoint) + "," + (layer.flagged ? "1" : "0") + "," + std::to_string(m.meanError) + ","
            + std::to_string(m.maxAbsError) + "," + std::to_string(m.mse) + "," + std::to_string(m.rmseOverScale) + ","
            + std::to_string(m.cosine) + "," + std::to_string(m.sqnrDb) + ","
            + (layer.isolated ? std::to_string(layer.isolated->rmseOverScale) + "," + std::to_string(layer.isolated->sqnrDb) : std::string(","))
            + "\n";
    }
    return csv;
}

} // namespace lf::quant
