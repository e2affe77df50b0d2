// SPDX-License-Identifier: GPL-3.0-or-later
// The full-integer schemes first decide which nodes run quantized, then rebuild the node list in
// order: quantized nodes get quantized weights, biases and constants and int8 (int16) outputs that
// keep their tensor names; QUANTIZE and DEQUANTIZE nodes are inserted where a value crosses between
// the float and the integer domain. Every quantized node is then prepared by its kernel; nodes the
// kernels refuse go back to float and the model is rebuilt, so the result always runs.
#include "core/quant/quantizer.h"

#include "core/interpreter/node_evaluator.h"
#include "core/passes/graph_edit.h"
#include "core/quant/quant_rules.h"
#include "core/quant/tensor_quantization.h"

#include <algorithm>
#include <map>
#include <optional>

namespace lf::quant {

namespace {

constexpr std::size_t kDynamicRangeMinElements = 1024; // TFLiteConverter's default threshold

bool isFloat(const ir::Tensor& tensor) { return tensor.dtype == ir::DType::Float32; }

bool keptFloat(const ir::Node& node, const QuantizeOptions& options)
{
    if (options.keepFloat.contains(node.name))
        return true;
    return std::any_of(node.origin.begin(), node.origin.end(), [&](const std::string& origin) { return options.keepFloat.contains(origin); });
}

std::string nodeLabel(const ir::Node& node) { return node.typeName() + " '" + node.name + "'"; }

/// Builds the quantized graph for a given set of integer nodes.
class IntegerBuilder final {
public:
    IntegerBuilder(const ir::Graph& source, const Calibration& calibration, const QuantizeOptions& options,
                   const std::vector<bool>& quantized, TaskContext& context)
        : m_source(source), m_calibration(calibration), m_options(options), m_quantized(quantized), m_context(context),
          m_activationType(options.scheme == Scheme::Int16x8 ? ir::DType::Int16 : ir::DType::Int8)
    {
    }

    Result<ir::Graph> build();

private:
    Result<ir::QuantParams> calibratedParams(ir::TensorId tensor);
    ir::TensorId integerValue(ir::TensorId tensor);
    ir::TensorId floatValue(ir::TensorId tensor);
    Result<void> quantizeNode(const ir::Node& node);
    ir::TensorId add(ir::Tensor tensor) { return m_graph.addTensor(std::move(tensor)); }
    void addConversion(ir::OpKind op, ir::TensorId from, ir::TensorId to, const std::string& origin);

    const ir::Graph& m_source;
    const Calibration& m_calibration;
    const QuantizeOptions& m_options;
    const std::vector<bool>& m_quantized;
    TaskContext& m_context;
    const ir::DType m_activationType;
    ir::Graph m_graph;
    std::vector<bool> m_isInteger;             ///< per tensor id: holds integer values now
    std::map<ir::TensorId, ir::TensorId> m_integerOf; ///< float tensor -> its QUANTIZE output
    std::map<ir::TensorId, ir::TensorId> m_floatOf;   ///< integer tensor -> its DEQUANTIZE output
    std::vector<ir::Node> m_nodes;
};

Result<ir::QuantParams> IntegerBuilder::calibratedParams(ir::TensorId tensor)
{
    const ir::Tensor& value = m_source.tensors[static_cast<std::size_t>(tensor)];
    auto range = m_calibration.ranges.find(value.name);
    if (range == m_calibration.ranges.end())
        return fail(ErrorCode::InvalidArgument, "no calibration range for tensor '" + value.name + "'");
    bool widened = false;
    ir::QuantParams params = activationParams(range->second.min, range->second.max, m_activationType, &widened);
    if (widened)
        m_context.report({Diagnostic::Severity::Warning, "constant (zero-range) tensor: scale widened to " + std::to_string(params.scales[0]),
                          "tensor '" + value.name + "'"});
    return params;
}

void IntegerBuilder::addConversion(ir::OpKind op, ir::TensorId from, ir::TensorId to, const std::string& origin)
{
    ir::Node node;
    node.op = op;
    node.name = m_graph.tensors[static_cast<std::size_t>(to)].name;
    node.inputs = {from};
    node.outputs = {to};
    node.origin = {origin};
    m_nodes.push_back(std::move(node));
}

ir::TensorId IntegerBuilder::integerValue(ir::TensorId tensor)
{
    if (m_isInteger[static_cast<std::size_t>(tensor)])
        return tensor;
    if (auto it = m_integerOf.find(tensor); it != m_integerOf.end())
        return it->second;
    ir::Tensor quantized = m_graph.tensors[static_cast<std::size_t>(tensor)];
    quantized.name += "/quantized";
    quantized.dtype = m_activationType;
    quantized.quant = *calibratedParams(tensor);
    const ir::TensorId id = add(std::move(quantized));
    m_isInteger.push_back(true);
    addConversion(ir::OpKind::Quantize, tensor, id, m_source.tensors[static_cast<std::size_t>(tensor)].name);
    m_integerOf[tensor] = id;
    return id;
}

ir::TensorId IntegerBuilder::floatValue(ir::TensorId tensor)
{
    if (!m_isInteger[static_cast<std::size_t>(tensor)])
        return tensor;
    if (auto it = m_floatOf.find(tensor); it != m_floatOf.end())
        return it->second;
    ir::Tensor dequantized = m_source.tensors[static_cast<std::size_t>(tensor)];
    dequantized.name += "/dequantized";
    dequantized.dtype = ir::DType::Float32;
    dequantized.quant = {};
    const ir::TensorId id = add(std::move(dequantized));
    m_isInteger.push_back(false);
    addConversion(ir::OpKind::Dequantize, tensor, id, m_source.tensors[static_cast<std::size_t>(tensor)].name);
    m_floatOf[tensor] = id;
    return id;
}

Result<void> IntegerBuilder::quantizeNode(const ir::Node& source)
{
    const OpRule& rule = *quantizationRule(source.op);
    ir::Node node = source;
    // Activations first: the bias scale and SameAsInput outputs need the input's parameters.
    for (std::size_t i = 0; i < node.inputs.size(); ++i) {
        const ir::TensorId input = node.inputs[i];
        if (input == ir::kNoTensor || static_cast<int>(i) == rule.weightsInput || static_cast<int>(i) == rule.biasInput)
            continue;
        const ir::Tensor& value = m_source.tensors[static_cast<std::size_t>(input)];
        if (!isFloat(value) || value.isConstant())
            continue;
        if (!m_isInteger[static_cast<std::size_t>(input)]) {
            if (auto params = calibratedParams(input); !params)
                return std::unexpected(std::move(params.error()));
        }
        node.inputs[i] = integerValue(input);
    }
    const ir::TensorId activation = rule.activationInput < static_cast<int>(node.inputs.size())
        ? node.inputs[static_cast<std::size_t>(rule.activationInput)]
        : ir::kNoTensor;
    // A copy: adding tensors below may move m_graph.tensors.
    const std::optional<ir::QuantParams> activationParams8 = activation == ir::kNoTensor
        ? std::nullopt
        : std::optional(m_graph.tensors[static_cast<std::size_t>(activation)].quant);

    std::vector<float> weightScales;
    if (rule.weightsInput >= 0 && rule.weightsInput < static_cast<int>(node.inputs.size())) {
        const ir::Tensor& weights = m_source.tensors[static_cast<std::size_t>(node.inputs[static_cast<std::size_t>(rule.weightsInput)])];
        if (!weights.isConstant() || !isFloat(weights))
            return fail(ErrorCode::UnsupportedFeature, "weights are not float constants", nodeLabel(source));
        ir::Tensor quantized = quantizeWeights(weights, rule.weightsAxis);
        weightScales = quantized.quant.scales;
        node.inputs[static_cast<std::size_t>(rule.weightsInput)] = add(std::move(quantized));
        m_isInteger.push_back(true);
    }
    if (rule.biasInput >= 0 && rule.biasInput < static_cast<int>(node.inputs.size()) && node.inputs[static_cast<std::size_t>(rule.biasInput)] != ir::kNoTensor) {
        const ir::Tensor& bias = m_source.tensors[static_cast<std::size_t>(node.inputs[static_cast<std::size_t>(rule.biasInput)])];
        if (!bias.isConstant() || !isFloat(bias) || !activationParams8)
            return fail(ErrorCode::UnsupportedFeature, "bias is not a float constant", nodeLabel(source));
        const ir::DType biasType = m_activationType == ir::DType::Int16 ? ir::DType::Int64 : ir::DType::Int32;
        node.inputs[static_cast<std::size_t>(rule.biasInput)] = add(quantizeBias(bias, activationParams8->scales.front(), weightScales, biasType));
        m_isInteger.push_back(true);
    }
    // Remaining float constants (an ADD operand, PRELU's alpha, PADV2's pad value): per-tensor, with the
    // activation's parameters where the op needs them equal, else their own range.
    for (std::size_t i = 0; i < node.inputs.size(); ++i) {
        const ir::TensorId input = node.inputs[i];
        if (input == ir::kNoTensor || static_cast<int>(i) == rule.weightsInput || static_cast<int>(i) == rule.biasInput)
            continue;
        const ir::Tensor& value = m_graph.tensors[static_cast<std::size_t>(input)];
        if (!value.isConstant() || !isFloat(value))
            continue;
        ir::QuantParams params;
        if (rule.output == OutputRule::SameAsInput && activationParams8) {
            params = *activationParams8;
        } else {
            const auto values = value.data.as<float>();
            const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
            params = values.empty() ? activationParams(0, 1, m_activationType) : activationParams(*lo, *hi, m_activationType);
        }
        node.inputs[i] = add(quantizeConstant(value, params, m_activationType));
        m_isInteger.push_back(true);
    }
    for (ir::TensorId output : node.outputs) {
        ir::Tensor& value = m_graph.tensors[static_cast<std::size_t>(output)];
        if (!isFloat(value))
            continue;
        value.dtype = m_activationType;
        switch (rule.output) {
        case OutputRule::SameAsInput:
            if (!activationParams8)
                return fail(ErrorCode::Internal, "no activation input", nodeLabel(source));
            value.quant = *activationParams8;
            break;
        case OutputRule::Fixed:
            value.quant = {};
            value.quant.scales = {m_activationType == ir::DType::Int16 ? rule.fixedScale16 : rule.fixedScale8};
            value.quant.zeroPoints = {m_activationType == ir::DType::Int16 ? 0 : rule.fixedZeroPoint8};
            break;
        case OutputRule::Calibrated: {
            auto params = calibratedParams(output);
            if (!params)
                return std::unexpected(std::move(params.error()));
            value.quant = std::move(*params);
            break;
        }
        }
        m_isInteger[static_cast<std::size_t>(output)] = true;
    }
    m_nodes.push_back(std::move(node));
    return {};
}

Result<ir::Graph> IntegerBuilder::build()
{
    m_graph = m_source;
    m_graph.nodes.clear();
    m_isInteger.clear();
    for (const ir::Tensor& tensor : m_graph.tensors)
        m_isInteger.push_back(tensor.isQuantized() && !tensor.isConstant()); // integer graph inputs
    for (std::size_t n = 0; n < m_source.nodes.size(); ++n) {
        const ir::Node& node = m_source.nodes[n];
        if (m_quantized[n]) {
            if (auto done = quantizeNode(node); !done)
                return std::unexpected(std::move(done.error()));
            continue;
        }
        ir::Node copy = node;
        for (ir::TensorId& input : copy.inputs) {
            if (input != ir::kNoTensor)
                input = floatValue(input);
        }
        m_nodes.push_back(std::move(copy));
    }
    // Outputs: the integer tensor gives its name to the float (or uint8) output the user sees.
    for (ir::TensorId& output : m_graph.outputs) {
        const ir::TensorId original = output;
        if (!m_isInteger[static_cast<std::size_t>(output)] || !isFloat(m_source.tensors[static_cast<std::size_t>(output)]))
            continue;
        const bool integerIo = m_activationType == ir::DType::Int8 && m_options.ioType != IoType::Float32;
        if (integerIo && m_options.ioType == IoType::Int8)
            continue;
        ir::Tensor visible = m_source.tensors[static_cast<std::size_t>(output)];
        m_graph.tensors[static_cast<std::size_t>(output)].name += "/integer";
        const bool asUint8 = integerIo && m_options.ioType == IoType::UInt8;
        if (asUint8) {
            visible.dtype = ir::DType::UInt8;
            visible.quant = m_graph.tensors[static_cast<std::size_t>(output)].quant;
            for (std::int64_t& zeroPoint : visible.quant.zeroPoints)
                zeroPoint += 128;
        } else {
            visible.quant = {};
        }
        const ir::TensorId id = add(std::move(visible));
        m_isInteger.push_back(asUint8);
        addConversion(asUint8 ? ir::OpKind::Quantize : ir::OpKind::Dequantize, original, id, m_source.tensors[static_cast<std::size_t>(original)].name);
        output = id;
    }
    m_graph.nodes = std::move(m_nodes);
    return std::move(m_graph);
}

/// Graph inputs in int8/uint8: the input tensor itself becomes integer (uint8 via one QUANTIZE to int8).
Result<void> makeIntegerInputs(ir::Graph& graph, const Calibration& calibration, IoType ioType)
{
    std::vector<ir::Node> prefix;
    for (ir::TensorId& input : graph.inputs) {
        ir::Tensor& tensor = graph.tensors[static_cast<std::size_t>(input)];
        if (!isFloat(tensor))
            continue;
        auto range = calibration.ranges.find(tensor.name);
        if (range == calibration.ranges.end())
            return fail(ErrorCode::InvalidArgument, "no calibration range for input '" + tensor.name + "'");
        const ir::QuantParams params = activationParams(range->second.min, range->second.max, ir::DType::Int8);
        if (ioType == IoType::Int8) {
            tensor.dtype = ir::DType::Int8;
            tensor.quant = params;
            continue;
        }
        ir::Tensor integer = tensor;
        integer.name += "/int8";
        integer.dtype = ir::DType::Int8;
        integer.quant = params;
        tensor.dtype = ir::DType::UInt8;
        tensor.quant = params;
        tensor.quant.zeroPoints[0] += 128;
        const ir::TensorId integerId = graph.addTensor(std::move(integer));
        // Consumers read the int8 tensor.
        for (ir::Node& node : graph.nodes) {
            for (ir::TensorId& use : node.inputs) {
                if (use == input)
                    use = integerId;
            }
        }
        ir::Node convert;
        convert.op = ir::OpKind::Quantize;
        convert.name = graph.tensors[static_cast<std::size_t>(integerId)].name;
        convert.inputs = {input};
        convert.outputs = {integerId};
        convert.origin = {graph.tensors[static_cast<std::size_t>(input)].name};
        prefix.push_back(std::move(convert));
    }
    graph.nodes.insert(graph.nodes.begin(), prefix.begin(), prefix.end());
    return {};
}

Result<QuantizeResult> quantizeFullInteger(const ir::Model& floatModel, const Calibration& calibration,
                                          const QuantizeOptions& options, TaskContext& context)
{
    const ir::Graph& source = floatModel.main();
    std::vector<bool> quantized(source.nodes.size(), false);
    std::map<std::size_t, std::string> floatReasons;
    for (std::size_t n = 0; n < source.nodes.size(); ++n) {
        const ir::Node& node = source.nodes[n];
        const OpRule* rule = quantizationRule(node.op);
        const bool hasFloat = std::any_of(node.outputs.begin(), node.outputs.end(),
                                          [&](ir::TensorId t) { return isFloat(source.tensors[static_cast<std::size_t>(t)]); });
        if (!hasFloat)
            continue; // integer-only nodes (shapes, indices) stay as they are
        if (keptFloat(node, options))
            floatReasons[n] = "kept in float on request";
        else if (!rule || (options.scheme == Scheme::Int16x8 && !rule->int16))
            floatReasons[n] = "no integer quantization rule for " + node.typeName()
                + (options.scheme == Scheme::Int16x8 ? " in the 16x8 scheme" : "");
        else
            quantized[n] = true;
    }
    // Input integer I/O applies to full-integer int8 only; 16x8 keeps float I/O.
    const bool integerIo = options.ioType != IoType::Float32 && options.scheme == Scheme::Int8;
    for (int attempt = 0; attempt < 8; ++attempt) {
        if (context.isCancelled())
            return fail(ErrorCode::Cancelled, "quantization cancelled");
        ir::Graph working = source;
        if (integerIo) {
            if (auto made = makeIntegerInputs(working, calibration, options.ioType); !made)
                return std::unexpected(std::move(made.error()));
        }
        // makeIntegerInputs may prepend uint8 QUANTIZE nodes: keep the per-node decisions aligned.
        std::vector<bool> flags(working.nodes.size() - source.nodes.size(), false);
        flags.insert(flags.end(), quantized.begin(), quantized.end());
        IntegerBuilder builder(working, calibration, options, flags, context);
        auto built = builder.build();
        if (!built)
            return std::unexpected(std::move(built.error()));
        // Let each kernel check what it got; refused nodes go back to float.
        bool refused = false;
        std::size_t sourceIndex = 0;
        for (const ir::Node& node : built->nodes) {
            while (sourceIndex < source.nodes.size() && source.nodes[sourceIndex].name != node.name)
                ++sourceIndex;
            if (sourceIndex >= source.nodes.size() || !quantized[sourceIndex])
                continue;
            if (auto prepared = interp::evaluateNode(*built, node, false); !prepared) {
                quantized[sourceIndex] = false;
                floatReasons[sourceIndex] = "the integer kernel refuses it: " + prepared.error().message;
                refused = true;
            }
        }
        if (refused)
            continue;
        QuantizeResult result{floatModel, {}};
        result.model.main() = std::move(*built);
        for (ir::Signature& signature : result.model.signatures) {
            for (std::size_t i = 0; i < signature.outputs.size() && i < result.model.main().outputs.size(); ++i)
                signature.outputs[i].second = result.model.main().outputs[i];
        }
        passes::compactTensors(result.model);
        for (const auto& [index, reason] : floatReasons)
            result.floatNodes.emplace_back(source.nodes[index].name, reason);
        return result;
    }
    return fail(ErrorCode::Internal, "quantization did not settle after 8 rounds of kernel checks");
}

/// Replaces float constants feeding `isTarget` nodes by `convert(constant)` followed by a DEQUANTIZE.
template <class Predicate, class Convert>
ir::Model dequantizedConstants(const ir::Model& floatModel, Predicate isTarget, Convert convert)
{
    ir::Model model = floatModel;
    ir::Graph& graph = model.main();
    std::vector<ir::Node> nodes;
    std::map<ir::TensorId, ir::TensorId> replaced;
    for (ir::Node node : graph.nodes) {
        for (std::size_t i = 0; i < node.inputs.size(); ++i) {
            const ir::TensorId input = node.inputs[i];
            if (input == ir::kNoTensor || !isTarget(node, i, graph.tensors[static_cast<std::size_t>(input)]))
                continue;
            if (auto it = replaced.find(input); it != replaced.end()) {
                node.inputs[i] = it->second;
                continue;
            }
            ir::Tensor stored = convert(node, i, graph.tensors[static_cast<std::size_t>(input)]);
            stored.name += "/" + std::string(ir::dtypeName(stored.dtype));
            const ir::TensorId storedId = graph.addTensor(std::move(stored));
            ir::Tensor restored = graph.tensors[static_cast<std::size_t>(input)];
            restored.data = {};
            const ir::TensorId restoredId = graph.addTensor(std::move(restored));
            graph.tensors[static_cast<std::size_t>(input)].name += "/f32"; // only kept-float nodes may still read it
            ir::Node dequantize;
            dequantize.op = ir::OpKind::Dequantize;
            dequantize.name = graph.tensors[static_cast<std::size_t>(restoredId)].name;
            dequantize.inputs = {storedId};
            dequantize.outputs = {restoredId};
            dequantize.origin = node.origin;
            nodes.push_back(std::move(dequantize));
            replaced[input] = restoredId;
            node.inputs[i] = restoredId;
        }
        nodes.push_back(std::move(node));
    }
    graph.nodes = std::move(nodes);
    passes::compactTensors(model);
    return model;
}

/// Float models may store weights as float16 or int8 behind DEQUANTIZE nodes (hybrid files); the
/// quantizer starts from the float values.
Result<ir::Model> withConstantWeights(const ir::Model& floatModel)
{
    ir::Model model = floatModel;
    ir::Graph& graph = model.main();
    std::vector<bool> folded(graph.nodes.size(), false);
    for (std::size_t n = 0; n < graph.nodes.size(); ++n) {
        const ir::Node& node = graph.nodes[n];
        if (node.op != ir::OpKind::Dequantize || !interp::hasOnlyConstantInputs(graph, node))
            continue;
        auto values = interp::evaluateNode(graph, node, true);
        if (!values)
            return std::unexpected(std::move(values.error()));
        ir::Tensor& output = graph.tensors[static_cast<std::size_t>(node.outputs[0])];
        output.shape = (*values)[0].shape;
        output.data = std::move((*values)[0].data);
        folded[n] = true;
    }
    passes::eraseNodes(graph, folded);
    // Hybrid weights (int8 constants read directly by float nodes) back to float.
    for (ir::Node& node : graph.nodes) {
        const OpRule* rule = quantizationRule(node.op);
        if (!rule || rule->weightsInput < 0 || rule->weightsInput >= static_cast<int>(node.inputs.size()))
            continue;
        const ir::TensorId weightsId = node.inputs[static_cast<std::size_t>(rule->weightsInput)];
        const ir::Tensor& weights = graph.tensors[static_cast<std::size_t>(weightsId)];
        if (!weights.isConstant() || weights.dtype != ir::DType::Int8 || !weights.isQuantized())
            continue;
        const std::vector<std::int64_t> extents = weights.shape.extents();
        const auto values = weights.data.as<std::int8_t>();
        std::int64_t inner = 1;
        for (std::size_t d = static_cast<std::size_t>(weights.quant.axis) + 1; d < extents.size(); ++d)
            inner *= extents[d];
        const std::int64_t channels = weights.quant.isPerAxis() ? extents[static_cast<std::size_t>(weights.quant.axis)] : 1;
        std::vector<float> real(values.size());
        for (std::size_t i = 0; i < values.size(); ++i) {
            const auto c = static_cast<std::size_t>(static_cast<std::int64_t>(i) / inner % channels);
            real[i] = weights.quant.scales[c] * static_cast<float>(values[i] - weights.quant.zeroPoints[c]);
        }
        ir::Tensor restored = weights;
        restored.dtype = ir::DType::Float32;
        restored.quant = {};
        restored.data = ir::ConstData::fromValues(std::span<const float>(real));
        node.inputs[static_cast<std::size_t>(rule->weightsInput)] = graph.addTensor(std::move(restored));
    }
    passes::compactTensors(model);
    return model;
}

} // namespace

std::optional<Scheme> schemeFromName(std::string_view name)
{
    if (name == "float16" || name == "fp16")
        return Scheme::Float16;
    if (name == "dynamic-range" || name == "dynamic")
        return Scheme::DynamicRange;
    if (name == "int8")
        return Scheme::Int8;
    if (name == "16x8" || name == "int16x8")
        return Scheme::Int16x8;
    return std::nullopt;
}

const char* schemeName(Scheme scheme)
{
    switch (scheme) {
    case Scheme::Float16: return "float16";
    case Scheme::DynamicRange: return "dynamic-range";
    case Scheme::Int8: return "int8";
    case Scheme::Int16x8: return "16x8";
    }
    return "int8";
}

std::optional<IoType> ioTypeFromName(std::string_view name)
{
    if (name == "float32" || name == "float")
        return IoType::Float32;
    if (name == "int8")
        return IoType::Int8;
    if (name == "uint8")
        return IoType::UInt8;
    return std::nullopt;
}

Result<QuantizeResult> quantizeModel(const ir::Model& sourceModel, const Calibration& calibration,
                                     const QuantizeOptions& options, TaskContext& context)
{
    auto prepared = withConstantWeights(sourceModel);
    if (!prepared)
        return std::unexpected(std::move(prepared.error()));
    const ir::Model& floatModel = *prepared;
    switch (options.scheme) {
    case Scheme::Float16: {
        auto isWeight = [&](const ir::Node& node, std::size_t, const ir::Tensor& tensor) {
            return tensor.isConstant() && isFloat(tensor) && !keptFloat(node, options);
        };
        auto convert = [](const ir::Node&, std::size_t, const ir::Tensor& tensor) { return toFloat16(tensor); };
        return QuantizeResult{dequantizedConstants(floatModel, isWeight, convert), {}};
    }
    case Scheme::DynamicRange: {
        auto isWeight = [&](const ir::Node& node, std::size_t input, const ir::Tensor& tensor) {
            const OpRule* rule = quantizationRule(node.op);
            return rule && rule->weightsInput == static_cast<int>(input) && tensor.isConstant() && isFloat(tensor)
                && tensor.shape.numElements().value_or(0) >= static_cast<std::int64_t>(kDynamicRangeMinElements) && !keptFloat(node, options);
        };
        // The hybrid kernels take the int8 weights directly; no DEQUANTIZE node.
        ir::Model model = floatModel;
        for (ir::Node& node : model.main().nodes) {
            for (std::size_t i = 0; i < node.inputs.size(); ++i) {
                if (node.inputs[i] == ir::kNoTensor)
                    continue;
                const ir::Tensor& weights = model.main().tensors[static_cast<std::size_t>(node.inputs[i])];
                if (!isWeight(node, i, weights))
                    continue;
                ir::Tensor quantized = quantizeWeights(weights, quantizationRule(node.op)->weightsAxis);
                node.inputs[i] = model.main().addTensor(std::move(quantized));
            }
        }
        passes::compactTensors(model);
        return QuantizeResult{std::move(model), {}};
    }
    case Scheme::Int8:
    case Scheme::Int16x8: return quantizeFullInteger(floatModel, calibration, options, context);
    }
    return fail(ErrorCode::InvalidArgument, "unknown quantization scheme");
}

} // namespace lf::quant
