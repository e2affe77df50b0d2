// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/importers/onnx/lowering_context.h"

#include "core/interpreter/node_evaluator.h"

#include <algorithm>
#include <limits>

namespace lf::onnx_import {

namespace {

template <class T>
std::vector<std::int64_t> widen(const ir::ConstData& data)
{
    std::vector<std::int64_t> values;
    for (T value : data.as<T>())
        values.push_back(static_cast<std::int64_t>(value));
    return values;
}

std::string permText(const std::vector<std::int32_t>& perm)
{
    std::string text = "[";
    for (std::size_t i = 0; i < perm.size(); ++i)
        text += (i ? "," : "") + std::to_string(perm[i]);
    return text + "]";
}

} // namespace

LoweringContext::LoweringContext(ir::Graph& graph, const SourceNode& node,
                                 std::function<ir::TensorId(std::string_view)> lookup, passes::RewriteLog& log)
    : m_graph(graph), m_node(node), m_lookup(std::move(lookup)), m_log(log)
{
}

bool LoweringContext::hasInput(std::size_t i) const { return i < m_node.inputs.size() && !m_node.inputs[i].empty(); }

ir::TensorId LoweringContext::input(std::size_t i) const
{
    return hasInput(i) ? m_lookup(m_node.inputs[i]) : ir::kNoTensor;
}

Result<std::vector<std::int64_t>> LoweringContext::constantInts(std::size_t i, std::string_view what) const
{
    if (!isConstant(i))
        return unsupported("requires a constant " + std::string(what) + " (input " + std::to_string(i) + ")");
    const ir::Tensor& value = inputTensor(i);
    switch (value.dtype) {
    case ir::DType::Int32: return widen<std::int32_t>(value.data);
    case ir::DType::Int64: return widen<std::int64_t>(value.data);
    case ir::DType::Int8: return widen<std::int8_t>(value.data);
    case ir::DType::UInt8:
    case ir::DType::Bool: return widen<std::uint8_t>(value.data);
    default: return unsupported(std::string(what) + " must be an integer tensor, not " + std::string(ir::dtypeName(value.dtype)));
    }
}

Result<std::vector<float>> LoweringContext::constantFloats(std::size_t i, std::string_view what) const
{
    if (!isConstant(i))
        return unsupported("requires a constant " + std::string(what) + " (input " + std::to_string(i) + ")");
    const ir::Tensor& value = inputTensor(i);
    if (value.dtype == ir::DType::Float32) {
        auto values = value.data.as<float>();
        return std::vector<float>(values.begin(), values.end());
    }
    auto ints = constantInts(i, what);
    if (!ints)
        return std::unexpected(std::move(ints.error()));
    return std::vector<float>(ints->begin(), ints->end());
}

std::string LoweringContext::nodeName(std::string_view suffix) const
{
    return suffix.empty() ? m_node.name : m_node.name + "/" + std::string(suffix);
}

ir::TensorId LoweringContext::constant(ir::DType dtype, std::vector<std::int64_t> shape, ir::ConstData data,
                                       std::string_view suffix)
{
    ir::Tensor tensor;
    tensor.name = nodeName(suffix);
    tensor.dtype = dtype;
    tensor.shape = ir::Shape::fromExtents(shape);
    tensor.data = std::move(data);
    return m_graph.addTensor(std::move(tensor));
}

ir::TensorId LoweringContext::constantInt32(std::span<const std::int32_t> values, std::vector<std::int64_t> shape,
                                            std::string_view suffix)
{
    return constant(ir::DType::Int32, std::move(shape), ir::ConstData::fromValues(values), suffix);
}

ir::TensorId LoweringContext::constantFloat(std::span<const float> values, std::vector<std::int64_t> shape,
                                            std::string_view suffix)
{
    return constant(ir::DType::Float32, std::move(shape), ir::ConstData::fromValues(values), suffix);
}

Result<std::vector<ir::TensorId>> LoweringContext::emit(ir::OpKind op, std::vector<ir::TensorId> inputs,
                                                        std::vector<ir::DType> outputTypes, ir::Attributes attributes,
                                                        std::string_view suffix)
{
    ir::Node node;
    node.op = op;
    node.name = nodeName(suffix);
    node.inputs = std::move(inputs);
    node.attributes = std::move(attributes);
    node.origin = {m_node.name};
    for (std::size_t i = 0; i < outputTypes.size(); ++i) {
        ir::Tensor tensor;
        tensor.name = outputTypes.size() == 1 ? node.name : node.name + ":" + std::to_string(i);
        tensor.dtype = outputTypes[i];
        tensor.shape = ir::Shape::unranked();
        node.outputs.push_back(m_graph.addTensor(std::move(tensor)));
    }

    const bool foldable = interp::hasOnlyConstantInputs(m_graph, node);
    auto evaluated = interp::evaluateNode(m_graph, node, foldable);
    if (!evaluated) {
        Error error = std::move(evaluated.error());
        error.message = label() + ": lowering to " + std::string(ir::opKindName(op)) + " failed: " + error.message;
        return std::unexpected(std::move(error));
    }
    for (std::size_t i = 0; i < node.outputs.size(); ++i) {
        ir::Tensor& output = m_graph.tensors[static_cast<std::size_t>(node.outputs[i])];
        output.shape = (*evaluated)[i].shape;
        if (foldable)
            output.data = std::move((*evaluated)[i].data);
    }
    std::vector<ir::TensorId> outputs = node.outputs;
    if (!foldable)
        m_graph.addNode(std::move(node));
    return outputs;
}

Result<ir::TensorId> LoweringContext::emit1(ir::OpKind op, std::vector<ir::TensorId> inputs, ir::DType outputType,
                                            ir::Attributes attributes, std::string_view suffix)
{
    auto outputs = emit(op, std::move(inputs), {outputType}, std::move(attributes), suffix);
    if (!outputs)
        return std::unexpected(std::move(outputs.error()));
    return outputs->front();
}

Result<ir::TensorId> LoweringContext::transpose(ir::TensorId value, std::vector<std::int32_t> perm, std::string_view suffix)
{
    const bool constantInput = tensor(value).isConstant();
    const std::vector<std::int64_t> permShape{static_cast<std::int64_t>(perm.size())};
    const ir::TensorId permTensor = constantInt32(perm, permShape, std::string(suffix) + "/perm");
    auto result = emit1(ir::OpKind::Transpose, {value, permTensor}, tensor(value).dtype, {}, suffix);
    if (!result)
        return result;
    if (constantInput)
        log(passes::RewriteKind::WeightsPermuted, "'" + tensor(value).name + "' permuted by " + permText(perm));
    else
        log(passes::RewriteKind::TransposeInserted, "perm " + permText(perm) + " on '" + tensor(value).name + "'",
            {nodeName(suffix)});
    return result;
}

Result<ir::TensorId> LoweringContext::toChannelsLast(ir::TensorId value)
{
    const int rank = tensor(value).shape.rank();
    if (rank < 3 || rank > 5)
        return unsupported("expects a rank 3 to 5 tensor, got " + tensor(value).shape.toString());
    std::vector<std::int32_t> perm{0};
    for (int axis = 2; axis < rank; ++axis)
        perm.push_back(axis);
    perm.push_back(1);
    return transpose(value, std::move(perm), tensor(value).isConstant() ? "weights_to_channels_last" : "to_channels_last");
}

Result<ir::TensorId> LoweringContext::toChannelsFirst(ir::TensorId value)
{
    const int rank = tensor(value).shape.rank();
    if (rank < 3 || rank > 5)
        return unsupported("expects a rank 3 to 5 tensor, got " + tensor(value).shape.toString());
    std::vector<std::int32_t> perm{0, rank - 1};
    for (int axis = 1; axis < rank - 1; ++axis)
        perm.push_back(axis);
    return transpose(value, std::move(perm), "to_channels_first");
}

void LoweringContext::setOutput(std::size_t i, ir::TensorId value)
{
    if (!hasOutput(i))
        return;
    m_outputs.emplace_back(i, value);
}

void LoweringContext::log(passes::RewriteKind kind, std::string detail, std::vector<std::string> irNodes)
{
    m_log.add(passes::RewriteEvent{kind, "onnx-import", {m_node.name}, std::move(irNodes), std::move(detail)});
}

std::unexpected<Error> LoweringContext::unsupported(std::string reason) const
{
    return fail(ErrorCode::UnsupportedOp, std::move(reason), label());
}

std::string LoweringContext::label() const { return m_node.opType + " '" + m_node.name + "'"; }

} // namespace lf::onnx_import
