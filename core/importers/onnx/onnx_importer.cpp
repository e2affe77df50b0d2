// SPDX-License-Identifier: GPL-3.0-or-later
// The ONNX import driver: parse, pin input shapes, check coverage (unsupported and approximated
// nodes), run ONNX shape inference, then lower node by node in topological order. ONNX's inferred
// shapes cross-check every lowered output.
#include "core/importers/onnx/onnx_importer.h"

#include "core/base/json_writer.h"
#include "core/importers/onnx/lowering_context.h"
#include "core/importers/onnx/onnx_proto.h"

#include <onnx/shape_inference/implementation.h>

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace lf::onnx_import {

namespace {

bool isDefaultDomain(const std::string& domain) { return domain.empty() || domain == "ai.onnx"; }

int defaultOpset(const onnx::ModelProto& model)
{
    for (const auto& opset : model.opset_import()) {
        if (isDefaultDomain(opset.domain()))
            return static_cast<int>(opset.version());
    }
    return 1;
}

std::string producerText(const onnx::ModelProto& model)
{
    std::string text = model.producer_name();
    if (!model.producer_version().empty())
        text += (text.empty() ? "" : " ") + model.producer_version();
    return text;
}

bool isExpressibleType(int onnxType)
{
    using T = onnx::TensorProto;
    return onnxType == T::UNDEFINED || onnxType == T::FLOAT || onnxType == T::INT64 || onnxType == T::INT32
        || onnxType == T::INT8 || onnxType == T::UINT8 || onnxType == T::BOOL || onnxType == T::INT16 || onnxType == T::FLOAT16;
}

/// Element types of every value the model declares or ONNX inference found.
std::unordered_map<std::string, const onnx::TypeProto*> valueTypes(const onnx::GraphProto& graph)
{
    std::unordered_map<std::string, const onnx::TypeProto*> types;
    for (const auto& info : graph.input())
        types.emplace(info.name(), &info.type());
    for (const auto& info : graph.value_info())
        types.emplace(info.name(), &info.type());
    for (const auto& info : graph.output())
        types.emplace(info.name(), &info.type());
    return types;
}

/// Values known at conversion time: initializers, Constant outputs, Shape and Size of anything (input
/// shapes are pinned), and what is computed from those alone. Nodes are visited in file order.
std::unordered_set<std::string> conversionTimeValues(const onnx::GraphProto& graph)
{
    std::unordered_set<std::string> known;
    for (const auto& initializer : graph.initializer())
        known.insert(initializer.name());
    for (const onnx::NodeProto& node : graph.node()) {
        const bool fromShape = node.op_type() == "Shape" || node.op_type() == "Size" || node.op_type() == "Constant";
        const bool fromKnown = std::all_of(node.input().begin(), node.input().end(),
                                           [&](const std::string& input) { return input.empty() || known.contains(input); });
        if (fromShape || fromKnown)
            known.insert(node.output().begin(), node.output().end());
    }
    return known;
}

/// Ops whose int64 results can leave int32's range, which TFLite computes them in. Shape arithmetic
/// folds at conversion time in 64 bits and is exact.
bool isInt64Arithmetic(const onnx::NodeProto& node, const std::unordered_map<std::string, const onnx::TypeProto*>& types,
                       const std::unordered_set<std::string>& conversionTime)
{
    static const std::unordered_set<std::string> arithmetic{"Add", "Sub", "Mul", "Pow", "Sum", "CumSum", "ReduceSum", "ReduceProd"};
    if (!arithmetic.contains(node.op_type()) || node.output_size() == 0 || conversionTime.contains(node.output(0)))
        return false;
    auto it = types.find(node.output(0));
    return it != types.end() && it->second->has_tensor_type() && it->second->tensor_type().elem_type() == onnx::TensorProto::INT64;
}

/// Why a convertible node's results differ from ONNX's, or an empty string if they do not.
std::string approximationOf(const OpLowering& lowering, const SourceNode& source, const onnx::NodeProto& node,
                            const std::unordered_map<std::string, const onnx::TypeProto*>& types,
                            const std::unordered_set<std::string>& conversionTime)
{
    if (lowering.approximation) {
        if (std::string reason = lowering.approximation(source); !reason.empty())
            return reason;
    }
    if (isInt64Arithmetic(node, types, conversionTime))
        return "int64 arithmetic runs in int32 (TFLite has no int64 kernels for it): results beyond ±2^31 wrap around";
    return {};
}

/// Fills the report's unsupported and approximated nodes.
void classifyNodes(const onnx::ModelProto& model, CoverageReport& report)
{
    const int opset = defaultOpset(model);
    const auto types = valueTypes(model.graph());
    const auto conversionTime = conversionTimeValues(model.graph());
    std::vector<UnsupportedNode>& unsupported = report.unsupported;
    for (const onnx::NodeProto& node : model.graph().node()) {
        const std::string name = !node.name().empty() ? node.name() : (node.output_size() ? node.output(0) : node.op_type());
        auto add = [&](std::string code, std::string reason) {
            unsupported.push_back({node.op_type(), node.domain(), name, std::move(code), std::move(reason)});
        };
        if (!isDefaultDomain(node.domain())) {
            add("unsupported_domain", "operators of domain '" + node.domain() + "' are not supported");
            continue;
        }
        if (node.op_type() == "Constant")
            continue; // the driver turns Constant nodes into constant tensors
        const OpLowering* lowering = findLowering(node.op_type());
        if (!lowering) {
            add("unsupported_op", "no TFLite lowering for " + node.op_type());
            continue;
        }
        bool typed = true;
        for (const auto& values : {node.input(), node.output()}) {
            for (const std::string& value : values) {
                auto it = types.find(value);
                if (typed && it != types.end() && it->second->has_tensor_type()
                    && !isExpressibleType(it->second->tensor_type().elem_type())) {
                    add("unsupported_dtype", "value '" + value + "' has ONNX type "
                                                 + onnx::TensorProto::DataType_Name(
                                                     static_cast<onnx::TensorProto::DataType>(it->second->tensor_type().elem_type()))
                                                 + ", which TFLite cannot compute with");
                    typed = false;
                }
            }
        }
        if (!typed)
            continue;
        for (const auto& attribute : node.attribute()) {
            if (attribute.type() == onnx::AttributeProto::GRAPH || attribute.type() == onnx::AttributeProto::GRAPHS) {
                add("unsupported_attribute", "graph attribute '" + attribute.name() + "' (control flow) is not supported");
                typed = false;
                break;
            }
        }
        if (!typed)
            continue;
        SourceNode source;
        source.opType = node.op_type();
        source.name = name;
        source.opset = opset;
        source.inputs.assign(node.input().begin(), node.input().end());
        source.outputs.assign(node.output().begin(), node.output().end());
        if (auto converted = sourceNodeFromProto(node, opset, {}); converted)
            source = std::move(*converted);
        if (std::string reason = lowering->check ? lowering->check(source) : std::string(); !reason.empty())
            add("unsupported_attribute", std::move(reason));
        else if (std::string approximation = approximationOf(*lowering, source, node, types, conversionTime);
                 !approximation.empty())
            report.approximated.push_back({node.op_type(), name, std::move(approximation)});
    }
}

CoverageReport makeReport(const std::filesystem::path& path, const onnx::ModelProto& model)
{
    CoverageReport report;
    report.path = path.string();
    report.producer = producerText(model);
    report.irVersion = static_cast<int>(model.ir_version());
    report.opset = defaultOpset(model);
    report.nodeCount = static_cast<std::size_t>(model.graph().node_size());
    for (const auto& node : model.graph().node())
        ++report.opCounts[node.op_type()];
    classifyNodes(model, report);
    return report;
}

std::unordered_set<std::string> initializerNames(const onnx::GraphProto& graph)
{
    std::unordered_set<std::string> names;
    for (const auto& initializer : graph.initializer())
        names.insert(initializer.name());
    return names;
}

std::optional<int> onnxTypeOf(ir::DType dtype)
{
    for (int type = onnx::TensorProto::FLOAT; type <= onnx::TensorProto::BFLOAT16; ++type) {
        if (dtypeFromOnnx(type) == dtype)
            return type;
    }
    return std::nullopt;
}

/// Turns the inputs named in `constants` into initializers holding the given values.
Result<void> freezeInputs(onnx::ModelProto& model, const std::map<std::string, NpyArray, std::less<>>& constants)
{
    auto* inputs = model.mutable_graph()->mutable_input();
    for (const auto& [name, array] : constants) {
        auto it = std::find_if(inputs->begin(), inputs->end(), [&](const auto& input) { return input.name() == name; });
        if (it == inputs->end())
            return fail(ErrorCode::InvalidArgument, "the model has no input '" + name + "' to freeze");
        const std::optional<int> type = onnxTypeOf(array.dtype);
        if (!type)
            return fail(ErrorCode::UnsupportedFeature, "cannot freeze an input of this type", "input '" + name + "'");
        onnx::TensorProto* initializer = model.mutable_graph()->add_initializer();
        initializer->set_name(name);
        initializer->set_data_type(*type);
        for (std::int64_t extent : array.shape)
            initializer->add_dims(extent);
        initializer->set_raw_data(array.data.data(), array.data.size());
        inputs->erase(it);
    }
    return {};
}

/// Writes the pinned shapes into the graph inputs so that ONNX inference sees them too; dynamic dims
/// left over become 1 with a warning.
Result<void> pinInputShapes(onnx::ModelProto& model, const ImportOptions& options, TaskContext& context)
{
    const auto initializers = initializerNames(model.graph());
    std::vector<std::string> inputNames;
    for (auto& input : *model.mutable_graph()->mutable_input()) {
        if (initializers.count(input.name()))
            continue;
        inputNames.push_back(input.name());
        if (!input.type().has_tensor_type())
            return fail(ErrorCode::UnsupportedFeature, "only tensor inputs are supported", "input '" + input.name() + "'");
        auto* shape = input.mutable_type()->mutable_tensor_type()->mutable_shape();
        if (auto pinned = options.inputShapes.find(input.name()); pinned != options.inputShapes.end()) {
            if (input.type().tensor_type().has_shape() && shape->dim_size() != static_cast<int>(pinned->second.size()))
                return fail(ErrorCode::InvalidArgument,
                            "--input-shape gives rank " + std::to_string(pinned->second.size()) + ", the model declares rank "
                                + std::to_string(shape->dim_size()),
                            "input '" + input.name() + "'");
            shape->clear_dim();
            for (std::int64_t extent : pinned->second)
                shape->add_dim()->set_dim_value(extent);
            continue;
        }
        if (!input.type().tensor_type().has_shape())
            return fail(ErrorCode::InvalidArgument, "the input has no declared shape; give one with --input-shape",
                        "input '" + input.name() + "'");
        for (auto& dim : *shape->mutable_dim()) {
            if (dim.has_dim_value() && dim.dim_value() > 0)
                continue;
            context.report({Diagnostic::Severity::Warning,
                            "dynamic dimension '" + dim.dim_param() + "' fixed to 1 (pin it with --input-shape)",
                            "input '" + input.name() + "'"});
            dim.set_dim_value(1);
        }
    }
    for (const auto& [name, shape] : options.inputShapes) {
        if (std::find(inputNames.begin(), inputNames.end(), name) == inputNames.end()) {
            std::string known;
            for (const std::string& input : inputNames)
                known += (known.empty() ? "" : ", ") + input;
            return fail(ErrorCode::InvalidArgument, "the model has no input '" + name + "' (inputs: " + known + ")");
        }
    }
    return {};
}

/// Node indices in an order where every input is produced first; InvalidModel names a node whose input
/// is never produced (a cycle or a dangling name).
Result<std::vector<int>> topologicalOrder(const onnx::GraphProto& graph)
{
    std::unordered_set<std::string> available = initializerNames(graph);
    for (const auto& input : graph.input())
        available.insert(input.name());
    available.insert("");
    std::vector<int> order;
    std::vector<bool> done(static_cast<std::size_t>(graph.node_size()), false);
    bool progress = true;
    while (progress && order.size() < done.size()) {
        progress = false;
        for (int n = 0; n < graph.node_size(); ++n) {
            if (done[static_cast<std::size_t>(n)])
                continue;
            const auto& node = graph.node(n);
            if (!std::all_of(node.input().begin(), node.input().end(), [&](const std::string& in) { return available.count(in) > 0; }))
                continue;
            for (const std::string& output : node.output())
                available.insert(output);
            done[static_cast<std::size_t>(n)] = true;
            order.push_back(n);
            progress = true;
        }
    }
    for (int n = 0; n < graph.node_size(); ++n) {
        if (done[static_cast<std::size_t>(n)])
            continue;
        const auto& node = graph.node(n);
        for (const std::string& input : node.input()) {
            if (!available.count(input))
                return fail(ErrorCode::InvalidModel,
                            "input '" + input + "' is never produced (the graph has a cycle or a missing value)",
                            node.op_type() + " '" + (node.name().empty() ? node.output(0) : node.name()) + "'");
        }
    }
    return order;
}

std::optional<std::vector<std::int64_t>> staticShape(const onnx::TypeProto& type)
{
    if (!type.has_tensor_type() || !type.tensor_type().has_shape())
        return std::nullopt;
    std::vector<std::int64_t> extents;
    for (const auto& dim : type.tensor_type().shape().dim()) {
        if (!dim.has_dim_value())
            return std::nullopt;
        extents.push_back(dim.dim_value());
    }
    return extents;
}

Result<ir::Tensor> constantNodeValue(const SourceNode& node)
{
    if (auto it = node.tensorAttributes.find("value"); it != node.tensorAttributes.end())
        return it->second;
    ir::Tensor tensor;
    const ir::Attributes& a = node.attributes;
    if (auto value = a.get<double>("value_float")) {
        const float v = static_cast<float>(*value);
        tensor.data = ir::ConstData::fromValues(std::span<const float>(&v, 1));
    } else if (auto values = a.get<std::vector<double>>("value_floats")) {
        std::vector<float> v(values->begin(), values->end());
        tensor.shape = ir::Shape{static_cast<std::int64_t>(v.size())};
        tensor.data = ir::ConstData::fromValues(std::span<const float>(v));
    } else if (auto integer = a.get<std::int64_t>("value_int")) {
        tensor.dtype = ir::DType::Int64;
        tensor.data = ir::ConstData::fromValues(std::span<const std::int64_t>(&*integer, 1));
    } else if (auto integers = a.get<std::vector<std::int64_t>>("value_ints")) {
        tensor.dtype = ir::DType::Int64;
        tensor.shape = ir::Shape{static_cast<std::int64_t>(integers->size())};
        tensor.data = ir::ConstData::fromValues(std::span<const std::int64_t>(*integers));
    } else {
        return fail(ErrorCode::UnsupportedOp, "Constant without a supported value attribute (sparse or string)",
                    "Constant '" + node.name + "'");
    }
    return tensor;
}

class Importer final {
public:
    Importer(const std::filesystem::path& path, TaskContext& context, passes::RewriteLog& log)
        : m_path(path), m_context(context), m_log(log), m_model(ir::makeModel(path.stem().string()))
    {
    }

    Result<ir::Model> run(onnx::ModelProto& proto);

private:
    Result<void> addInitializersAndInputs(const onnx::GraphProto& graph);
    Result<void> lowerNode(const onnx::NodeProto& proto, int opset);
    Result<void> bind(const std::string& name, ir::TensorId tensor);
    Result<void> crossCheck(const SourceNode& node);
    ir::TensorId lookup(std::string_view name) const
    {
        auto it = m_values.find(std::string(name));
        return it == m_values.end() ? ir::kNoTensor : it->second;
    }

    std::filesystem::path m_path;
    TaskContext& m_context;
    passes::RewriteLog& m_log;
    ir::Model m_model;
    std::unordered_map<std::string, ir::TensorId> m_values;
    std::unordered_map<std::string, const onnx::TypeProto*> m_types;
};

Result<void> Importer::addInitializersAndInputs(const onnx::GraphProto& graph)
{
    ir::Graph& g = m_model.main();
    const std::filesystem::path baseDir = m_path.parent_path();
    for (const auto& initializer : graph.initializer()) {
        auto tensor = tensorFromProto(initializer, baseDir);
        if (!tensor)
            return std::unexpected(std::move(tensor.error()));
        m_values[initializer.name()] = g.addTensor(narrowInt64(std::move(*tensor)));
    }
    for (const auto& input : graph.input()) {
        if (m_values.count(input.name()))
            continue;
        const auto& type = input.type().tensor_type();
        const auto dtype = dtypeFromOnnx(type.elem_type());
        if (!dtype)
            return fail(ErrorCode::UnsupportedFeature, "unsupported input type", "input '" + input.name() + "'");
        ir::Tensor tensor;
        tensor.name = input.name();
        tensor.dtype = *dtype;
        tensor.shape = ir::Shape::fromExtents(*staticShape(input.type()));
        if (tensor.shape.rank() == 4)
            tensor.layout = ir::Layout::NCHW;
        const ir::TensorId id = g.addTensor(narrowInt64(std::move(tensor)));
        g.inputs.push_back(id);
        m_values[input.name()] = id;
    }
    return {};
}

Result<void> Importer::bind(const std::string& name, ir::TensorId tensor)
{
    ir::Graph& g = m_model.main();
    ir::Tensor& value = g.tensors[static_cast<std::size_t>(tensor)];
    const bool isGraphInput = std::find(g.inputs.begin(), g.inputs.end(), tensor) != g.inputs.end();
    const bool alreadyBound = std::any_of(m_values.begin(), m_values.end(), [&](const auto& entry) { return entry.second == tensor; });
    if (!isGraphInput && !alreadyBound)
        value.name = name;
    m_values[name] = tensor;
    return {};
}

Result<void> Importer::crossCheck(const SourceNode& node)
{
    for (const std::string& output : node.outputs) {
        const ir::TensorId id = lookup(output);
        if (output.empty() || id == ir::kNoTensor)
            continue;
        auto type = m_types.find(output);
        if (type == m_types.end())
            continue;
        const auto expected = staticShape(*type->second);
        const ir::Shape& actual = m_model.main().tensors[static_cast<std::size_t>(id)].shape;
        if (expected && actual.extents() != *expected)
            return fail(ErrorCode::Internal,
                        "lowering produced shape " + actual.toString() + " for '" + output + "', ONNX shape inference says "
                            + ir::Shape::fromExtents(*expected).toString(),
                        node.opType + " '" + node.name + "'");
    }
    return {};
}

Result<void> Importer::lowerNode(const onnx::NodeProto& proto, int opset)
{
    auto node = sourceNodeFromProto(proto, opset, m_path.parent_path());
    if (!node)
        return std::unexpected(std::move(node.error()));
    for (const std::string& input : node->inputs) {
        if (!input.empty() && lookup(input) == ir::kNoTensor)
            return fail(ErrorCode::Internal, "input '" + input + "' was not produced by its node", node->opType + " '" + node->name + "'");
    }
    ir::Graph& g = m_model.main();
    if (node->opType == "Constant") {
        auto value = constantNodeValue(*node);
        if (!value)
            return std::unexpected(std::move(value.error()));
        const std::string name = node->outputs.front();
        value->name = name;
        m_values[name] = g.addTensor(narrowInt64(std::move(*value)));
        return {};
    }
    const OpLowering* lowering = findLowering(node->opType);
    const std::size_t firstNewNode = g.nodes.size();
    LoweringContext context(g, *node, [this](std::string_view name) { return lookup(name); }, m_log);
    if (auto lowered = lowering->lower(context); !lowered)
        return std::unexpected(std::move(lowered.error()));
    for (const auto& [index, tensor] : context.boundOutputs()) {
        if (auto bound = bind(node->outputs[index], tensor); !bound)
            return bound;
    }
    for (std::size_t i = 0; i < node->outputs.size(); ++i) {
        if (!node->outputs[i].empty() && lookup(node->outputs[i]) == ir::kNoTensor)
            return fail(ErrorCode::UnsupportedOp, "output " + std::to_string(i) + " ('" + node->outputs[i] + "') is not supported",
                        node->opType + " '" + node->name + "'");
    }
    std::vector<std::string> created;
    for (std::size_t n = firstNewNode; n < g.nodes.size(); ++n)
        created.push_back(g.nodes[n].name);
    std::string detail = node->opType + " -> ";
    for (std::size_t n = firstNewNode; n < g.nodes.size(); ++n)
        detail += (n > firstNewNode ? ", " : "") + g.nodes[n].typeName();
    if (created.empty())
        detail += "constant";
    m_log.add({passes::RewriteKind::Lowered, "onnx-import", {node->name}, std::move(created), std::move(detail)});
    return crossCheck(*node);
}

Result<ir::Model> Importer::run(onnx::ModelProto& proto)
{
    try {
        onnx::shape_inference::InferShapes(proto);
    } catch (const std::exception& error) {
        m_context.report({Diagnostic::Severity::Warning, std::string("ONNX shape inference failed: ") + error.what(), m_path.string()});
    }
    const onnx::GraphProto& graph = proto.graph();
    m_types = valueTypes(graph);
    if (auto added = addInitializersAndInputs(graph); !added)
        return std::unexpected(std::move(added.error()));
    auto order = topologicalOrder(graph);
    if (!order)
        return std::unexpected(std::move(order.error()));
    const int opset = defaultOpset(proto);
    for (std::size_t i = 0; i < order->size(); ++i) {
        if (m_context.isCancelled())
            return fail(ErrorCode::Cancelled, "import cancelled");
        m_context.setProgress(static_cast<int>(i), static_cast<int>(order->size()), "import");
        if (auto lowered = lowerNode(graph.node((*order)[i]), opset); !lowered)
            return std::unexpected(std::move(lowered.error()));
    }
    ir::Graph& g = m_model.main();
    ir::Signature signature{"serving_default", 0, {}, {}};
    for (ir::TensorId input : g.inputs)
        signature.inputs.emplace_back(g.tensors[static_cast<std::size_t>(input)].name, input);
    for (const auto& output : graph.output()) {
        const ir::TensorId id = lookup(output.name());
        if (id == ir::kNoTensor)
            return fail(ErrorCode::InvalidModel, "graph output '" + output.name() + "' is never produced", m_path.string());
        ir::Tensor& tensor = g.tensors[static_cast<std::size_t>(id)];
        if (tensor.shape.rank() == 4 && !tensor.isConstant())
            tensor.layout = ir::Layout::NCHW;
        g.outputs.push_back(id);
        signature.outputs.emplace_back(output.name(), id);
    }
    m_model.signatures.push_back(std::move(signature));
    m_model.sourceFormat = "onnx";
    m_model.sourcePath = m_path.string();
    m_model.description = "Converted by LiteForge from ONNX" + (proto.producer_name().empty() ? "" : " (" + producerText(proto) + ")");
    m_context.setProgress(static_cast<int>(order->size()), static_cast<int>(order->size()), "import");
    return std::move(m_model);
}

} // namespace

std::string CoverageReport::toText() const
{
    std::string text = path + ": ONNX IR " + std::to_string(irVersion) + ", opset " + std::to_string(opset)
        + (producer.empty() ? "" : ", produced by " + producer) + "\n";
    text += std::to_string(nodeCount) + " nodes, " + std::to_string(opCounts.size()) + " op types:";
    for (const auto& [op, count] : opCounts)
        text += " " + op + "×" + std::to_string(count);
    text += "\n";
    if (unsupported.empty())
        text += "every node can be converted\n";
    else
        text += std::to_string(unsupported.size()) + " node(s) cannot be converted:\n";
    for (const UnsupportedNode& node : unsupported)
        text += "  " + node.opType + " '" + node.name + "' [" + node.reasonCode + "]: " + node.reason + "\n";
    if (!approximated.empty())
        text += std::to_string(approximated.size()) + " node(s) are converted with approximated numbers:\n";
    for (const ApproximatedNode& node : approximated)
        text += "  " + node.opType + " '" + node.name + "' [approximated]: " + node.reason + "\n";
    return text;
}

std::string CoverageReport::toJson() const
{
    JsonWriter json;
    json.beginObject();
    json.key("path").value(path).key("producer").value(producer).key("ir_version").value(irVersion).key("opset").value(opset);
    json.key("node_count").value(static_cast<std::uint64_t>(nodeCount)).key("convertible").value(convertible());
    json.key("op_counts").beginObject();
    for (const auto& [op, count] : opCounts)
        json.key(op).value(static_cast<std::uint64_t>(count));
    json.endObject().key("unsupported").beginArray();
    for (const UnsupportedNode& node : unsupported) {
        json.beginObject().key("op_type").value(node.opType).key("domain").value(node.domain).key("name").value(node.name);
        json.key("reason_code").value(node.reasonCode).key("reason").value(node.reason).endObject();
    }
    json.endArray().key("approximated").beginArray();
    for (const ApproximatedNode& node : approximated) {
        json.beginObject().key("op_type").value(node.opType).key("name").value(node.name);
        json.key("reason").value(node.reason).endObject();
    }
    json.endArray().endObject();
    return json.text();
}

Result<CoverageReport> checkOnnx(const std::filesystem::path& path, TaskContext& context)
{
    auto proto = parseModelProto(path);
    if (!proto)
        return std::unexpected(std::move(proto.error()));
    try {
        onnx::shape_inference::InferShapes(*proto);
    } catch (const std::exception& error) {
        context.report({Diagnostic::Severity::Warning, std::string("ONNX shape inference failed: ") + error.what(), path.string()});
    }
    return makeReport(path, *proto);
}

Result<ir::Model> importOnnx(const std::filesystem::path& path, const ImportOptions& options, TaskContext& context,
                             passes::RewriteLog& log)
{
    auto proto = parseModelProto(path);
    if (!proto)
        return std::unexpected(std::move(proto.error()));
    if (auto frozen = freezeInputs(*proto, options.constantInputs); !frozen)
        return std::unexpected(std::move(frozen.error()).in(path.string()));
    if (auto pinned = pinInputShapes(*proto, options, context); !pinned)
        return std::unexpected(std::move(pinned.error()).in(path.string()));
    const CoverageReport report = makeReport(path, *proto);
    if (!report.convertible()) {
        Error error{ErrorCode::UnsupportedOp, std::to_string(report.unsupported.size()) + " node(s) cannot be converted", path.string(), {}};
        for (const UnsupportedNode& node : report.unsupported)
            error.notes.push_back(node.opType + " '" + node.name + "' [" + node.reasonCode + "]: " + node.reason);
        return std::unexpected(std::move(error));
    }
    Importer importer(path, context, log);
    auto model = importer.run(*proto);
    if (!model)
        return std::unexpected(std::move(model.error()).in(path.string()));
    return model;
}

} // namespace lf::onnx_import
