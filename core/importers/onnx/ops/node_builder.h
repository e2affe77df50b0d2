// SPDX-License-Identifier: GPL-3.0-or-later
// A sticky-error wrapper over LoweringContext for lowerings that emit many IR nodes (grouped
// convolutions, normalizations, unrolled recurrences). Every call returns a tensor id; after the
// first failure the builder emits nothing more and finish() returns that failure, so a lowering
// reads as straight-line code. Suffixes are made unique, so helpers may reuse them.
#pragma once

#include "core/importers/onnx/lowering_context.h"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace lf::onnx_import::ops {

class NodeBuilder final
{
public:
    explicit NodeBuilder(LoweringContext& context)
        : m_context(context)
    {
    }

    LoweringContext& context() { return m_context; }
    bool ok() const { return !m_error; }
    Result<void> finish() const
    {
        if (m_error)
            return std::unexpected(*m_error);
        return {};
    }
    /// Records an UnsupportedOp failure (the first failure wins).
    void unsupported(std::string reason)
    {
        if (!m_error)
            m_error = m_context.unsupported(std::move(reason)).error();
    }

    std::vector<std::int64_t> shape(ir::TensorId value) const
    {
        return value == ir::kNoTensor ? std::vector<std::int64_t> {}
                                      : m_context.tensor(value).shape.extents();
    }
    ir::DType dtype(ir::TensorId value) const { return m_context.tensor(value).dtype; }

    /// A node with one output of `outputType` (the first input's dtype if not given).
    ir::TensorId emit(ir::OpKind op, std::vector<ir::TensorId> inputs,
        ir::Attributes attributes = {}, std::string_view suffix = {},
        std::optional<ir::DType> outputType = std::nullopt)
    {
        auto outputs
            = emitMany(op, std::move(inputs), 1, std::move(attributes), suffix, outputType);
        return outputs.empty() ? ir::kNoTensor : outputs.front();
    }

    std::vector<ir::TensorId> emitMany(ir::OpKind op, std::vector<ir::TensorId> inputs,
        std::size_t outputCount, ir::Attributes attributes, std::string_view suffix,
        std::optional<ir::DType> outputType = std::nullopt)
    {
        if (m_error)
            return {};
        const ir::DType type = outputType ? *outputType : firstDType(inputs);
        auto outputs = m_context.emit(op, std::move(inputs),
            std::vector<ir::DType>(outputCount, type), std::move(attributes), unique(suffix));
        if (!outputs) {
            m_error = std::move(outputs.error());
            return {};
        }
        return std::move(*outputs);
    }

    ir::TensorId constantInt32(
        std::vector<std::int32_t> values, std::vector<std::int64_t> shape, std::string_view suffix)
    {
        return m_context.constantInt32(values, std::move(shape), unique(suffix));
    }
    ir::TensorId constantInt32(std::vector<std::int32_t> values, std::string_view suffix)
    {
        const auto count = static_cast<std::int64_t>(values.size());
        return constantInt32(std::move(values), { count }, suffix);
    }
    ir::TensorId constantFloat(
        std::vector<float> values, std::vector<std::int64_t> shape, std::string_view suffix)
    {
        return m_context.constantFloat(values, std::move(shape), unique(suffix));
    }
    ir::TensorId scalar(float value, std::string_view suffix)
    {
        return constantFloat({ value }, {}, suffix);
    }

    ir::TensorId reshape(
        ir::TensorId value, const std::vector<std::int64_t>& shape, std::string_view suffix)
    {
        if (m_error)
            return ir::kNoTensor;
        if (this->shape(value) == shape)
            return value;
        std::vector<std::int32_t> extents(shape.begin(), shape.end());
        return emit(ir::OpKind::Reshape,
            { value, constantInt32(std::move(extents), child(suffix, "shape")) }, {}, suffix);
    }
    ir::TensorId transpose(
        ir::TensorId value, std::vector<std::int32_t> perm, std::string_view suffix)
    {
        return unwrap(m_error ? Result<ir::TensorId>(ir::kNoTensor)
                              : m_context.transpose(value, std::move(perm), unique(suffix)));
    }
    ir::TensorId toChannelsLast(ir::TensorId value)
    {
        return unwrap(
            m_error ? Result<ir::TensorId>(ir::kNoTensor) : m_context.toChannelsLast(value));
    }
    ir::TensorId toChannelsFirst(ir::TensorId value)
    {
        return unwrap(
            m_error ? Result<ir::TensorId>(ir::kNoTensor) : m_context.toChannelsFirst(value));
    }
    ir::TensorId binary(ir::OpKind op, ir::TensorId a, ir::TensorId b, std::string_view suffix)
    {
        return emit(op, { a, b }, {}, suffix);
    }
    ir::TensorId unary(ir::OpKind op, ir::TensorId a, std::string_view suffix)
    {
        return emit(op, { a }, {}, suffix);
    }
    ir::TensorId slice(ir::TensorId value, const std::vector<std::int64_t>& begin,
        const std::vector<std::int64_t>& size, std::string_view suffix)
    {
        return emit(ir::OpKind::Slice,
            { value,
                constantInt32(
                    std::vector<std::int32_t>(begin.begin(), begin.end()), child(suffix, "begin")),
                constantInt32(
                    std::vector<std::int32_t>(size.begin(), size.end()), child(suffix, "size")) },
            {}, suffix);
    }
    ir::TensorId concat(std::vector<ir::TensorId> values, int axis, std::string_view suffix)
    {
        if (values.size() == 1)
            return values.front();
        ir::Attributes attributes;
        attributes.set("axis", std::int64_t { axis });
        attributes.set("fused_activation_function", std::string("NONE"));
        return emit(ir::OpKind::Concatenation, std::move(values), std::move(attributes), suffix);
    }
    /// SPLIT of `value` into `parts` equal pieces along `axis`.
    std::vector<ir::TensorId> split(
        ir::TensorId value, int axis, int parts, std::string_view suffix)
    {
        if (parts == 1)
            return { value };
        ir::Attributes attributes;
        attributes.set("num_splits", std::int64_t { parts });
        const ir::TensorId axisTensor = constantInt32({ axis }, {}, child(suffix, "axis"));
        auto outputs
            = emitMany(ir::OpKind::Split, { axisTensor, value }, static_cast<std::size_t>(parts),
                std::move(attributes), suffix, m_error ? ir::DType::Float32 : dtype(value));
        return outputs.empty()
            ? std::vector<ir::TensorId>(static_cast<std::size_t>(parts), ir::kNoTensor)
            : outputs;
    }
    /// A reduction (MEAN, SUM, REDUCE_MAX, ...) over `axes`.
    ir::TensorId reduce(ir::OpKind op, ir::TensorId value, const std::vector<std::int32_t>& axes,
        bool keepDims, std::string_view suffix)
    {
        ir::Attributes attributes;
        attributes.set("keep_dims", keepDims);
        return emit(op, { value, constantInt32(axes, child(suffix, "axes")) },
            std::move(attributes), suffix);
    }

private:
    static std::string child(std::string_view suffix, std::string_view name)
    {
        return suffix.empty() ? std::string(name) : std::string(suffix) + "/" + std::string(name);
    }
    ir::DType firstDType(const std::vector<ir::TensorId>& inputs) const
    {
        for (ir::TensorId input : inputs) {
            if (input != ir::kNoTensor)
                return dtype(input);
        }
        return ir::DType::Float32;
    }
    ir::TensorId unwrap(Result<ir::TensorId> result)
    {
        if (!result) {
            if (!m_error)
                m_error = std::move(result.error());
            return ir::kNoTensor;
        }
        return *result;
    }
    std::string unique(std::string_view suffix)
    {
        std::string name(suffix);
        for (int n = 2; !m_used.insert(name).second; ++n)
            name = std::string(suffix) + (suffix.empty() ? "" : "_") + std::to_string(n);
        return name;
    }

    LoweringContext& m_context;
    std::optional<Error> m_error;
    std::set<std::string> m_used;
};

} // namespace lf::onnx_import::ops
