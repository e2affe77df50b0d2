// SPDX-License-Identifier: GPL-3.0-or-later
// Small helpers shared by the elementwise, activation, shape and reduce lowerings: attribute
// readers for check functions, axis normalisation, and NodeBuilder, which chains emit() calls and
// keeps the first error so that multi-node decompositions read as straight-line code. They live in
// their own namespace, apart from the spatial families' node_builder.h and spatial.h.
#pragma once

#include "core/importers/onnx/lowering_context.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lf::onnx_import::ops::lowering {

// ---- attributes of a SourceNode (already converted: INT -> int64, FLOAT -> double, ...)

inline std::int64_t intAttribute(
    const SourceNode& node, std::string_view name, std::int64_t fallback)
{
    return node.attributes.getOr<std::int64_t>(name, fallback);
}

inline double floatAttribute(const SourceNode& node, std::string_view name, double fallback)
{
    return node.attributes.getOr<double>(name, fallback);
}

inline std::string stringAttribute(
    const SourceNode& node, std::string_view name, std::string fallback)
{
    return node.attributes.getOr<std::string>(name, std::move(fallback));
}

inline std::optional<std::vector<std::int64_t>> intsAttribute(
    const SourceNode& node, std::string_view name)
{
    return node.attributes.get<std::vector<std::int64_t>>(name);
}

/// The values of constant integer input `i`; an empty tensor (which holds no data, so it does not
/// count as constant) gives no values.
inline Result<std::vector<std::int64_t>> constantIntsOrEmpty(
    const LoweringContext& context, std::size_t i, std::string_view what)
{
    if (context.hasInput(i) && context.inputTensor(i).shape.numElements() == 0)
        return std::vector<std::int64_t> {};
    return context.constantInts(i, what);
}

/// The axis in [0, rank), or nullopt if `axis` is outside [-rank, rank).
inline std::optional<int> normalizeAxis(std::int64_t axis, int rank)
{
    const std::int64_t normalized = axis < 0 ? axis + rank : axis;
    if (normalized < 0 || normalized >= rank)
        return std::nullopt;
    return static_cast<int>(normalized);
}

inline std::int64_t product(
    const std::vector<std::int64_t>& extents, std::size_t begin, std::size_t end)
{
    std::int64_t result = 1;
    for (std::size_t i = begin; i < end && i < extents.size(); ++i)
        result *= extents[i];
    return result;
}

inline std::string listText(const std::vector<std::int64_t>& values)
{
    std::string text = "[";
    for (std::size_t i = 0; i < values.size(); ++i)
        text += (i ? "," : "") + std::to_string(values[i]);
    return text + "]";
}

inline bool isComparisonOp(ir::OpKind op)
{
    using ir::OpKind;
    return op == OpKind::Equal || op == OpKind::NotEqual || op == OpKind::Less
        || op == OpKind::LessEqual || op == OpKind::Greater || op == OpKind::GreaterEqual;
}

/// Integer types that TFLite's arithmetic kernels treat as quantized or do not support; ONNX uses
/// them as plain integers, so arithmetic on them runs in int32 between CASTs.
inline bool isNarrowInteger(ir::DType dtype)
{
    using ir::DType;
    return dtype == DType::Int8 || dtype == DType::UInt8 || dtype == DType::Int16
        || dtype == DType::UInt16;
}

/// Emits the nodes of one lowering. Every method returns kNoTensor once an emit has failed and does
/// nothing further; finish() and status() then return the first error.
class NodeBuilder final
{
public:
    explicit NodeBuilder(LoweringContext& context)
        : m_context(context)
    {
    }

    bool ok() const { return !m_error.has_value(); }

    ir::DType dtype(ir::TensorId value) const { return m_context.tensor(value).dtype; }
    std::vector<std::int64_t> shape(ir::TensorId value) const
    {
        return ok() && value != ir::kNoTensor ? m_context.tensor(value).shape.extents()
                                              : std::vector<std::int64_t> {};
    }
    int rank(ir::TensorId value) const { return static_cast<int>(shape(value).size()); }

    /// A node with one output, named after the ONNX node if it is the first, else after its op.
    ir::TensorId op(ir::OpKind kind, std::vector<ir::TensorId> inputs, ir::DType outputType,
        ir::Attributes attributes = {})
    {
        if (!ok())
            return ir::kNoTensor;
        auto result = m_context.emit1(
            kind, std::move(inputs), outputType, std::move(attributes), nodeSuffix(kind));
        if (!result) {
            m_error = std::move(result.error());
            return ir::kNoTensor;
        }
        return *result;
    }

    /// A node with several outputs of one dtype.
    std::vector<ir::TensorId> multi(ir::OpKind kind, std::vector<ir::TensorId> inputs,
        std::vector<ir::DType> outputTypes, ir::Attributes attributes = {})
    {
        if (!ok())
            return std::vector<ir::TensorId>(outputTypes.size(), ir::kNoTensor);
        auto result = m_context.emit(kind, std::move(inputs), std::move(outputTypes),
            std::move(attributes), nodeSuffix(kind));
        if (!result) {
            m_error = std::move(result.error());
            return {};
        }
        return *result;
    }

    /// A binary elementwise op; comparisons produce bool, everything else the dtype of `a`.
    ir::TensorId binary(ir::OpKind kind, ir::TensorId a, ir::TensorId b)
    {
        if (!ok())
            return ir::kNoTensor;
        return op(kind, { a, b }, isComparisonOp(kind) ? ir::DType::Bool : dtype(a));
    }

    ir::TensorId unary(ir::OpKind kind, ir::TensorId x, ir::Attributes attributes = {})
    {
        if (!ok())
            return ir::kNoTensor;
        return op(kind, { x }, dtype(x), std::move(attributes));
    }

    ir::TensorId cast(ir::TensorId x, ir::DType to)
    {
        if (!ok() || dtype(x) == to)
            return x;
        return op(ir::OpKind::Cast, { x }, to);
    }

    ir::TensorId reshape(ir::TensorId x, const std::vector<std::int64_t>& extents)
    {
        if (!ok())
            return ir::kNoTensor;
        ir::Attributes attributes;
        attributes.set("new_shape", extents);
        if (extents.empty()) // a zero-element shape tensor would not be constant
            return op(ir::OpKind::Reshape, { x }, dtype(x), std::move(attributes));
        return op(
            ir::OpKind::Reshape, { x, int32Vector(extents) }, dtype(x), std::move(attributes));
    }

    ir::TensorId transpose(ir::TensorId x, const std::vector<std::int64_t>& perm)
    {
        if (!ok())
            return ir::kNoTensor;
        return op(ir::OpKind::Transpose, { x, int32Vector(perm) }, dtype(x));
    }

    /// A constant scalar (or of `extents`, filled with `value`) of `type`.
    ir::TensorId scalar(ir::DType type, double value, std::vector<std::int64_t> extents = {})
    {
        const std::int64_t count = product(extents, 0, extents.size());
        switch (type) {
        case ir::DType::Float32:
            return filled<float>(type, static_cast<float>(value), count, std::move(extents));
        case ir::DType::Float64: return filled<double>(type, value, count, std::move(extents));
        case ir::DType::Int64:
            return filled<std::int64_t>(
                type, static_cast<std::int64_t>(value), count, std::move(extents));
        case ir::DType::Int32:
            return filled<std::int32_t>(
                type, static_cast<std::int32_t>(value), count, std::move(extents));
        case ir::DType::Int16:
            return filled<std::int16_t>(
                type, static_cast<std::int16_t>(value), count, std::move(extents));
        case ir::DType::UInt16:
            return filled<std::uint16_t>(
                type, static_cast<std::uint16_t>(value), count, std::move(extents));
        case ir::DType::Int8:
            return filled<std::int8_t>(
                type, static_cast<std::int8_t>(value), count, std::move(extents));
        case ir::DType::UInt8:
            return filled<std::uint8_t>(
                type, static_cast<std::uint8_t>(value), count, std::move(extents));
        case ir::DType::Bool:
            return filled<std::uint8_t>(type, value != 0.0 ? 1 : 0, count, std::move(extents));
        default:
            fail(m_context.unsupported(
                "cannot build a constant of dtype " + std::string(ir::dtypeName(type))));
            return ir::kNoTensor;
        }
    }

    /// A 1-D int32 constant (a scalar with `asScalar`).
    ir::TensorId int32Vector(const std::vector<std::int64_t>& values, bool asScalar = false)
    {
        return int32Constant(values,
            asScalar ? std::vector<std::int64_t> {}
                     : std::vector<std::int64_t> { static_cast<std::int64_t>(values.size()) });
    }

    /// An int32 constant of `extents` (values narrowed with saturation).
    ir::TensorId int32Constant(
        const std::vector<std::int64_t>& values, std::vector<std::int64_t> extents)
    {
        std::vector<std::int32_t> narrowed;
        for (std::int64_t value : values)
            narrowed.push_back(
                static_cast<std::int32_t>(std::clamp<std::int64_t>(value, INT32_MIN, INT32_MAX)));
        return m_context.constantInt32(narrowed, std::move(extents), constantSuffix());
    }

    /// Records `error` as the builder's error (if it has none yet).
    void fail(std::unexpected<Error> error)
    {
        if (ok())
            m_error = std::move(error.error());
    }

    /// Binds ONNX output `i` to `value`, or returns the first error.
    Result<void> finish(std::size_t i, ir::TensorId value)
    {
        if (!ok())
            return std::unexpected(std::move(*m_error));
        m_context.setOutput(i, value);
        return {};
    }

    Result<void> status()
    {
        if (!ok())
            return std::unexpected(std::move(*m_error));
        return {};
    }

private:
    template <class T>
    ir::TensorId filled(
        ir::DType type, T value, std::int64_t count, std::vector<std::int64_t> extents)
    {
        const std::vector<T> values(static_cast<std::size_t>(count), value);
        return m_context.constant(type, std::move(extents),
            ir::ConstData::fromValues(std::span<const T>(values)), constantSuffix());
    }

    std::string nodeSuffix(ir::OpKind kind)
    {
        if (!m_namedFirst) {
            m_namedFirst = true;
            return {};
        }
        std::string name(ir::opKindName(kind));
        for (char& c : name)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return name + "_" + std::to_string(++m_nodeCount);
    }

    std::string constantSuffix() { return "const_" + std::to_string(++m_constantCount); }

    LoweringContext& m_context;
    std::optional<Error> m_error;
    bool m_namedFirst = false;
    int m_nodeCount = 0;
    int m_constantCount = 0;
};

} // namespace lf::onnx_import::ops::lowering
