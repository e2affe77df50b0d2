// SPDX-License-Identifier: GPL-3.0-or-later
// Validation of a conversion by running the model before and after the pipeline in the
// interpreter. Values are compared as doubles; layout-permuted 4-D tensors are brought back to the
// source's NCHW order first.
#include "core/convert/validation.h"

#include "core/interpreter/interpreter.h"
#include "core/interpreter/random_input.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>

namespace lf {

namespace {

/// "[1,3,224,224]"
std::string shapeText(std::span<const std::int64_t> shape)
{
    std::string text = "[";
    for (std::size_t i = 0; i < shape.size(); ++i)
        text += (i ? "," : "") + std::to_string(shape[i]);
    return text + "]";
}

constexpr std::array<int, 4> kToChannelsLast{0, 2, 3, 1};
constexpr std::array<int, 4> kToChannelsFirst{0, 3, 1, 2};

template <class T> void appendAsDoubles(const NpyArray& array, std::vector<double>& values)
{
    const std::size_t count = array.data.size() / sizeof(T);
    for (std::size_t i = 0; i < count; ++i) {
        T value;
        std::memcpy(&value, array.data.data() + i * sizeof(T), sizeof(T));
        values.push_back(static_cast<double>(value));
    }
}

/// Every element as double; nullopt for dtypes without a plain numeric reading (f16, strings).
std::optional<std::vector<double>> toDoubles(const NpyArray& array)
{
    std::vector<double> values;
    values.reserve(static_cast<std::size_t>(array.elementCount()));
    switch (array.dtype) {
    case ir::DType::Float32: appendAsDoubles<float>(array, values); break;
    case ir::DType::Float64: appendAsDoubles<double>(array, values); break;
    case ir::DType::Int8: appendAsDoubles<std::int8_t>(array, values); break;
    case ir::DType::UInt8: appendAsDoubles<std::uint8_t>(array, values); break;
    case ir::DType::Bool: appendAsDoubles<std::uint8_t>(array, values); break;
    case ir::DType::Int16: appendAsDoubles<std::int16_t>(array, values); break;
    case ir::DType::UInt16: appendAsDoubles<std::uint16_t>(array, values); break;
    case ir::DType::Int32: appendAsDoubles<std::int32_t>(array, values); break;
    case ir::DType::UInt32: appendAsDoubles<std::uint32_t>(array, values); break;
    case ir::DType::Int64: appendAsDoubles<std::int64_t>(array, values); break;
    case ir::DType::UInt64: appendAsDoubles<std::uint64_t>(array, values); break;
    default: return std::nullopt;
    }
    return values;
}

TensorDifference difference(std::span<const double> actual, std::span<const double> reference)
{
    TensorDifference result;
    double squares = 0;
    double dot = 0;
    double actualNorm = 0;
    double referenceNorm = 0;
    for (std::size_t i = 0; i < reference.size(); ++i) {
        const double error = std::abs(actual[i] - reference[i]);
        // A NaN on either side is an unbounded difference, unless both are NaN.
        const bool bothNan = std::isnan(actual[i]) && std::isnan(reference[i]);
        result.maxAbsError = std::max(result.maxAbsError,
            bothNan ? 0.0 : (std::isnan(error) ? INFINITY : error));
        result.maxAbsReference = std::max(result.maxAbsReference, std::abs(reference[i]));
        squares += bothNan ? 0.0 : error * error;
        dot += actual[i] * reference[i];
        actualNorm += actual[i] * actual[i];
        referenceNorm += reference[i] * reference[i];
    }
    result.rmse = reference.empty() ? 0.0 : std::sqrt(squares / static_cast<double>(reference.size()));
    if (actualNorm == 0 && referenceNorm == 0)
        result.cosine = 1;
    else if (actualNorm == 0 || referenceNorm == 0)
        result.cosine = 0;
    else
        result.cosine = dot / std::sqrt(actualNorm * referenceNorm);
    return result;
}

/// `array` with its four axes permuted: result dim i is input dim perm[i].
NpyArray permute4d(const NpyArray& array, const std::array<int, 4>& perm)
{
    const std::size_t size = ir::dtypeSize(array.dtype);
    const std::vector<std::int64_t>& in = array.shape;
    NpyArray result{array.dtype, {in[perm[0]], in[perm[1]], in[perm[2]], in[perm[3]]},
        std::vector<std::byte>(array.data.size())};
    std::array<std::int64_t, 4> inStrides{in[1] * in[2] * in[3], in[2] * in[3], in[3], 1};
    std::size_t out = 0;
    const std::vector<std::int64_t>& shape = result.shape;
    for (std::int64_t a = 0; a < shape[0]; ++a)
        for (std::int64_t b = 0; b < shape[1]; ++b)
            for (std::int64_t c = 0; c < shape[2]; ++c)
                for (std::int64_t d = 0; d < shape[3]; ++d, out += size) {
                    const std::int64_t source = a * inStrides[perm[0]] + b * inStrides[perm[1]]
                        + c * inStrides[perm[2]] + d * inStrides[perm[3]];
                    std::memcpy(result.data.data() + out,
                        array.data.data() + static_cast<std::size_t>(source) * size, size);
                }
    return result;
}

/// Whether `shape` matches `source` permuted by `perm`; unknown extents (< 0) match anything.
bool matchesPermuted(std::span<const std::int64_t> shape, std::span<const std::int64_t> source,
    const std::array<int, 4>& perm)
{
    if (shape.size() != 4 || source.size() != 4)
        return false;
    for (std::size_t i = 0; i < 4; ++i) {
        if (shape[i] >= 0 && shape[i] != source[static_cast<std::size_t>(perm[i])])
            return false;
    }
    return true;
}

/// Whether a converted value of `shape` is the NHWC form of a source value of `sourceShape`. The
/// layout tags decide where the shapes cannot ([1,8,8,8] reads the same either way).
bool isChannelsLastOf(std::span<const std::int64_t> shape, ir::Layout layout,
    std::span<const std::int64_t> sourceShape, ir::Layout sourceLayout)
{
    if (!matchesPermuted(shape, sourceShape, kToChannelsLast))
        return false;
    if (layout == ir::Layout::NHWC && sourceLayout == ir::Layout::NCHW)
        return true;
    return !matchesPermuted(shape, sourceShape, {0, 1, 2, 3});
}

NpyArray copyView(const interp::TensorView& view)
{
    return {view.dtype, view.shape, std::vector<std::byte>(view.data, view.data + view.byteSize())};
}

/// Keeps a copy of every produced tensor whose name is wanted, by name.
class NamedCapture final : public interp::TensorObserver {
public:
    NamedCapture(const ir::Graph& graph, std::set<std::string> wanted)
        : m_graph(graph), m_wanted(std::move(wanted))
    {
    }
    void tensorProduced(ir::NodeId, ir::TensorId tensor, const interp::TensorView& view) override
    {
        const std::string& name = m_graph.tensors[static_cast<std::size_t>(tensor)].name;
        if (m_wanted.contains(name))
            values.try_emplace(name, copyView(view));
    }
    std::map<std::string, NpyArray> values;

private:
    const ir::Graph& m_graph;
    std::set<std::string> m_wanted;
};

struct Reference {
    NpyArray value;
    ir::Layout layout = ir::Layout::Unspecified;
};

/// "'conv1' (Conv2D)", with the source nodes it came from when they have other names.
std::string describeNode(const ir::Node& node)
{
    std::string text = "'" + node.name + "' (" + node.typeName();
    std::string sources;
    for (const std::string& origin : node.origin) {
        if (origin != node.name)
            sources += (sources.empty() ? "'" : ", '") + origin + "'";
    }
    return text + (sources.empty() ? "" : ", from " + sources) + ")";
}

/// The source value compared with a converted one read as is and, for 4-D values, read back from
/// NHWC: the better reading counts, since intermediate tensors carry no layout tag and a shape
/// like [1,8,8,8] reads either way. nullopt when neither reading fits the source's shape.
std::optional<TensorDifference> bestReading(const NpyArray& value, const NpyArray& source)
{
    std::optional<TensorDifference> best;
    const auto consider = [&](const NpyArray& reading) {
        const auto actual = toDoubles(reading);
        const auto expected = toDoubles(source);
        if (reading.shape != source.shape || !actual || !expected)
            return;
        const TensorDifference candidate = difference(*actual, *expected);
        if (!best || candidate.maxAbsError < best->maxAbsError)
            best = candidate;
    };
    consider(value);
    if (matchesPermuted(value.shape, source.shape, kToChannelsLast))
        consider(permute4d(value, kToChannelsFirst));
    return best;
}

/// Whether `value` holds the source's values in another order (a layout change a pass made on
/// purpose, e.g. a flatten of NHWC data feeding re-ordered weights).
bool isReordering(const NpyArray& value, const NpyArray& source, const TensorDifference& difference)
{
    auto actual = toDoubles(value);
    auto expected = toDoubles(source);
    if (!actual || !expected || actual->size() != expected->size())
        return false;
    std::ranges::sort(*actual);
    std::ranges::sort(*expected);
    double maxError = 0;
    for (std::size_t i = 0; i < actual->size(); ++i)
        maxError = std::max(maxError, std::abs((*actual)[i] - (*expected)[i]));
    return maxError <= difference.tolerance();
}

/// Compares each produced tensor of the converted graph with its same-named source tensor as it
/// is produced, so no second copy of the activations is kept.
class LayerComparison final : public interp::TensorObserver {
public:
    LayerComparison(const ir::Graph& graph, const std::map<std::string, Reference>& references)
        : m_graph(graph), m_references(references)
    {
    }
    void tensorProduced(
        ir::NodeId nodeId, ir::TensorId tensorId, const interp::TensorView& view) override
    {
        const ir::Tensor& tensor = m_graph.tensors[static_cast<std::size_t>(tensorId)];
        const auto reference = m_references.find(tensor.name);
        if (reference == m_references.end())
            return;
        const NpyArray value = copyView(view);
        const NpyArray& source = reference->second.value;
        const std::optional<TensorDifference> best = bestReading(value, source);
        if (!best)
            return; // another value under the same name: nothing to compare
        const ir::Node& node = m_graph.nodes[static_cast<std::size_t>(nodeId)];
        ComparedTensor layer{tensor.name, shapeText(source.shape), describeNode(node), *best};
        layer.reordered = !best->withinTolerance() && isReordering(value, source, *best);
        compared.push_back(std::move(layer));
    }
    std::vector<ComparedTensor> compared;

private:
    const ir::Graph& m_graph;
    const std::map<std::string, Reference>& m_references;
};

/// Seeded random data for each input of `graph`, dynamic dims taken as 1.
std::vector<NpyArray> randomInputs(const ir::Graph& graph)
{
    std::vector<NpyArray> arrays;
    for (std::size_t i = 0; i < graph.inputs.size(); ++i) {
        const ir::Tensor& tensor = graph.tensors[static_cast<std::size_t>(graph.inputs[i])];
        std::vector<std::int64_t> shape = tensor.shape.extents();
        for (std::int64_t& extent : shape)
            extent = std::max<std::int64_t>(extent, 1);
        const interp::TensorView view{tensor.dtype, shape, &tensor.quant, nullptr, false};
        arrays.push_back(
            {tensor.dtype, shape, interp::randomInput(view, kValidationSeed + static_cast<std::uint32_t>(i))});
    }
    return arrays;
}

/// Runs `model` on `inputs` and returns its outputs in order.
Result<std::vector<NpyArray>> runModel(std::shared_ptr<const ir::Model> model,
    const std::vector<NpyArray>& inputs, interp::TensorObserver* observer, TaskContext& context)
{
    interp::InterpreterOptions interpreterOptions;
    interpreterOptions.threads = 0;
    auto created = interp::Interpreter::create(std::move(model), interpreterOptions);
    if (!created)
        return std::unexpected(std::move(created.error()));
    interp::Interpreter& interpreter = **created;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        if (inputs[i].shape != interpreter.input(i).shape) {
            if (auto resized = interpreter.resizeInput(i, inputs[i].shape); !resized)
                return std::unexpected(std::move(resized.error()));
        }
    }
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        if (auto set = interpreter.setInput(i, inputs[i].dtype, inputs[i].shape, inputs[i].data);
            !set)
            return std::unexpected(std::move(set.error()));
    }
    if (auto invoked = interpreter.invoke(observer, &context); !invoked)
        return std::unexpected(std::move(invoked.error()));
    std::vector<NpyArray> outputs;
    for (std::size_t o = 0; o < interpreter.outputCount(); ++o)
        outputs.push_back(copyView(interpreter.output(o)));
    return outputs;
}

const ir::Tensor& graphInput(const ir::Graph& graph, std::size_t index)
{
    return graph.tensors[static_cast<std::size_t>(graph.inputs[index])];
}

const ir::Tensor& graphOutput(const ir::Graph& graph, std::size_t index)
{
    return graph.tensors[static_cast<std::size_t>(graph.outputs[index])];
}

/// The source inputs in the converted model's layout.
std::vector<NpyArray> convertedInputs(
    const ir::Graph& source, const ir::Graph& converted, const std::vector<NpyArray>& inputs)
{
    std::vector<NpyArray> arrays;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const ir::Tensor& tensor = graphInput(converted, i);
        const bool permuted = isChannelsLastOf(tensor.shape.extents(), tensor.layout,
            inputs[i].shape, graphInput(source, i).layout);
        arrays.push_back(permuted ? permute4d(inputs[i], kToChannelsLast) : inputs[i]);
    }
    return arrays;
}

Result<ComparedTensor> compareOutput(const ir::Tensor& sourceTensor, const NpyArray& reference,
    const ir::Tensor& tensor, NpyArray value)
{
    if (isChannelsLastOf(value.shape, tensor.layout, reference.shape, sourceTensor.layout))
        value = permute4d(value, kToChannelsFirst);
    if (value.shape != reference.shape)
        return fail(ErrorCode::ShapeMismatch,
            "has shape " + shapeText(value.shape) + " after conversion but "
                + shapeText(reference.shape) + " before",
            "output '" + tensor.name + "'");
    const auto actual = toDoubles(value);
    const auto expected = toDoubles(reference);
    if (!actual || !expected)
        return fail(ErrorCode::UnsupportedFeature,
            std::string("cannot compare values of type ") + std::string(ir::dtypeName(value.dtype)),
            "output '" + tensor.name + "'");
    return ComparedTensor{tensor.name, shapeText(reference.shape), {}, difference(*actual, *expected)};
}

std::string number(const char* format, double value)
{
    char text[32];
    std::snprintf(text, sizeof text, format, value);
    return text;
}

std::string differenceText(const TensorDifference& difference)
{
    return "max abs error " + number("%.3g", difference.maxAbsError) + ", RMSE "
        + number("%.3g", difference.rmse) + ", cosine " + number("%.6f", difference.cosine)
        + (difference.withinTolerance()
                ? ", ok"
                : ", exceeds the tolerance " + number("%.3g", difference.tolerance()));
}

} // namespace

double TensorDifference::tolerance() const { return 1e-4 * maxAbsReference + 1e-5; }

bool TensorDifference::withinTolerance() const { return maxAbsError <= tolerance(); }

bool ComparedTensor::diverges() const { return !reordered && !difference.withinTolerance(); }

bool ValidationReport::passed() const
{
    return std::ranges::all_of(
        outputs, [](const ComparedTensor& output) { return output.difference.withinTolerance(); });
}

std::string ValidationReport::toText() const
{
    std::string text = std::string("validation against the unconverted model on ")
        + (randomInputs ? "seeded random inputs" : "the given inputs") + ":\n";
    for (const ComparedTensor& output : outputs)
        text += "  output '" + output.name + "' " + output.shape + ": "
            + differenceText(output.difference) + "\n";
    if (layers.empty())
        return text;
    text += "layers: " + std::to_string(layers.size()) + " tensors compared by name:\n";
    const ComparedTensor* firstDivergence = nullptr;
    for (const ComparedTensor& layer : layers) {
        text += "  " + layer.node + " -> '" + layer.name + "' " + layer.shape + ": "
            + (layer.reordered ? "the same values in another order (a layout change)"
                               : differenceText(layer.difference))
            + "\n";
        if (!firstDivergence && layer.diverges())
            firstDivergence = &layer;
    }
    text += firstDivergence ? "first divergence: node " + firstDivergence->node + ", tensor '"
            + firstDivergence->name + "'\n"
                            : "no layer diverges\n";
    return text;
}

Result<ValidationReport> validateConversion(std::shared_ptr<const ir::Model> imported,
    std::shared_ptr<const ir::Model> converted, const ValidationOptions& options,
    TaskContext& context)
{
    const ir::Graph& source = imported->main();
    const ir::Graph& target = converted->main();
    ValidationReport report;
    report.randomInputs = options.inputs.empty();
    const std::vector<NpyArray> inputs = report.randomInputs ? randomInputs(source) : options.inputs;

    std::set<std::string> sharedNames;
    if (options.layers) {
        for (const ir::Tensor& tensor : target.tensors)
            sharedNames.insert(tensor.name);
    }
    NamedCapture capture(source, std::move(sharedNames));
    context.setProgress(0, 2, "validate: running the unconverted model");
    auto references = runModel(imported, inputs, options.layers ? &capture : nullptr, context);
    if (!references)
        return std::unexpected(std::move(references.error()).in("the unconverted model"));

    std::map<std::string, Reference> layerReferences;
    for (auto& [name, value] : capture.values) {
        const ir::TensorId id = source.findTensor(name);
        layerReferences.emplace(name, Reference{std::move(value), source.tensors[id].layout});
    }
    LayerComparison layers(target, layerReferences);
    context.setProgress(1, 2, "validate: running the converted model");
    auto results = runModel(converted, convertedInputs(source, target, inputs),
        options.layers ? &layers : nullptr, context);
    if (!results)
        return std::unexpected(std::move(results.error()).in("the converted model"));
    if (results->size() != references->size())
        return fail(ErrorCode::Internal, "the converted model has " + std::to_string(results->size())
                + " outputs, the unconverted one " + std::to_string(references->size()));
    for (std::size_t o = 0; o < results->size(); ++o) {
        auto output = compareOutput(graphOutput(source, o), (*references)[o],
            graphOutput(target, o), std::move((*results)[o]));
        if (!output)
            return std::unexpected(std::move(output.error()));
        report.outputs.push_back(std::move(*output));
    }
    report.layers = std::move(layers.compared);
    return report;
}

} // namespace lf
