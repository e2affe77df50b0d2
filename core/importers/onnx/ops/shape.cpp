// SPDX-License-Identifier: GPL-3.0-or-later
// Lowering of ONNX's data-movement and shape ops. Every shape is static at import, so Reshape,
// Flatten, Squeeze and Unsqueeze become RESHAPE to explicit extents; Shape, Size, Range and
// ConstantOfShape fold to constants (the driver turns Constant nodes into constants itself); Slice
// becomes STRIDED_SLICE with ONNX's clamping done here; Pad becomes PAD/PADV2/MIRROR_PAD (edge and
// wrap as one GATHER per padded axis); Expand becomes BROADCAST_TO to the bidirectionally broadcast
// shape; GatherElements becomes GATHER_ND with the full coordinates of every element. Shape-like
// operands (shapes, axes, pads, starts/ends, repeats) must be constant.
#include "core/importers/onnx/ops/lowering_helpers.h"
#include "core/importers/onnx/ops/ops.h"

#include <array>
#include <cstring>
#include <numeric>

namespace lf::onnx_import::ops {

namespace {

using namespace lowering;
using ir::DType;
using ir::OpKind;
using ir::TensorId;

/// Integers given by attribute `name` before opset `inputOpset` and by optional input `index`
/// from it on; nullopt when absent.
Result<std::optional<std::vector<std::int64_t>>> intsOperand(
    LoweringContext& context, std::string_view name, int inputOpset, std::size_t index)
{
    if (context.opset() < inputOpset)
        return intsAttribute(context.node(), name);
    if (!context.hasInput(index))
        return std::optional<std::vector<std::int64_t>>();
    auto values = constantIntsOrEmpty(context, index, name);
    if (!values)
        return std::unexpected(std::move(values.error()));
    return std::optional<std::vector<std::int64_t>>(std::move(*values));
}

/// Normalises `axes` against `rank`; fails on out-of-range or repeated axes.
Result<std::vector<int>> normalizeAxes(
    LoweringContext& context, const std::vector<std::int64_t>& axes, int rank)
{
    std::vector<int> result;
    for (std::int64_t axis : axes) {
        const auto normalized = normalizeAxis(axis, rank);
        if (!normalized || std::find(result.begin(), result.end(), *normalized) != result.end())
            return context.unsupported(
                "axes " + listText(axes) + " are invalid for rank " + std::to_string(rank));
        result.push_back(*normalized);
    }
    return result;
}

// ---- Reshape family

Result<void> lowerReshape(LoweringContext& context)
{
    NodeBuilder builder(context);
    auto requested = intsOperand(context, "shape", 5, 1);
    if (!requested)
        return std::unexpected(std::move(requested.error()));
    if (!*requested)
        return context.unsupported("has no shape");
    const TensorId x = context.input(0);
    const std::vector<std::int64_t> in = builder.shape(x);
    const bool allowZero = intAttribute(context.node(), "allowzero", 0) != 0;
    std::vector<std::int64_t> out = **requested;
    std::int64_t known = 1;
    int stretch = -1;
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (out[i] == 0 && !allowZero) {
            if (i >= in.size())
                return context.unsupported(
                    "shape " + listText(out) + " copies a dim the input lacks");
            out[i] = in[i];
        }
        if (out[i] == -1 && stretch < 0)
            stretch = static_cast<int>(i);
        else if (out[i] < 0)
            return context.unsupported("shape " + listText(out) + " is invalid");
        else
            known *= out[i];
    }
    const std::int64_t total = product(in, 0, in.size());
    if (stretch >= 0)
        out[static_cast<std::size_t>(stretch)] = known == 0 ? 0 : total / known;
    return builder.finish(0, builder.reshape(x, out));
}

Result<void> lowerFlatten(LoweringContext& context)
{
    NodeBuilder builder(context);
    const TensorId x = context.input(0);
    const std::vector<std::int64_t> in = builder.shape(x);
    const auto rank = static_cast<std::int64_t>(in.size());
    std::int64_t axis = intAttribute(context.node(), "axis", 1);
    if (axis < 0)
        axis += rank;
    if (axis < 0 || axis > rank)
        return context.unsupported(
            "axis " + std::to_string(axis) + " is out of range for rank " + std::to_string(rank));
    const auto split = static_cast<std::size_t>(axis);
    return builder.finish(
        0, builder.reshape(x, { product(in, 0, split), product(in, split, in.size()) }));
}

Result<void> lowerSqueeze(LoweringContext& context)
{
    NodeBuilder builder(context);
    auto axes = intsOperand(context, "axes", 13, 1);
    if (!axes)
        return std::unexpected(std::move(axes.error()));
    const TensorId x = context.input(0);
    const std::vector<std::int64_t> in = builder.shape(x);
    std::vector<bool> drop(in.size(), false);
    if (*axes && !(*axes)->empty()) {
        auto normalized = normalizeAxes(context, **axes, static_cast<int>(in.size()));
        if (!normalized)
            return std::unexpected(std::move(normalized.error()));
        for (int axis : *normalized) {
            if (in[static_cast<std::size_t>(axis)] != 1)
                return context.unsupported("cannot squeeze axis " + std::to_string(axis)
                    + " of extent " + std::to_string(in[static_cast<std::size_t>(axis)]));
            drop[static_cast<std::size_t>(axis)] = true;
        }
    } else {
        for (std::size_t d = 0; d < in.size(); ++d)
            drop[d] = in[d] == 1;
    }
    std::vector<std::int64_t> out;
    for (std::size_t d = 0; d < in.size(); ++d) {
        if (!drop[d])
            out.push_back(in[d]);
    }
    return builder.finish(0, builder.reshape(x, out));
}

Result<void> lowerUnsqueeze(LoweringContext& context)
{
    NodeBuilder builder(context);
    auto axes = intsOperand(context, "axes", 13, 1);
    if (!axes)
        return std::unexpected(std::move(axes.error()));
    if (!*axes)
        return context.unsupported("has no axes");
    const TensorId x = context.input(0);
    const std::vector<std::int64_t> in = builder.shape(x);
    const int outRank = static_cast<int>(in.size() + (*axes)->size());
    auto normalized = normalizeAxes(context, **axes, outRank);
    if (!normalized)
        return std::unexpected(std::move(normalized.error()));
    std::vector<std::int64_t> out;
    std::size_t next = 0;
    for (int d = 0; d < outRank; ++d) {
        if (std::find(normalized->begin(), normalized->end(), d) != normalized->end())
            out.push_back(1);
        else
            out.push_back(in[next++]);
    }
    return builder.finish(0, builder.reshape(x, out));
}

// ---- Transpose, Concat, Split

Result<void> lowerTranspose(LoweringContext& context)
{
    NodeBuilder builder(context);
    const TensorId x = context.input(0);
    const int rank = builder.rank(x);
    std::vector<std::int64_t> perm(static_cast<std::size_t>(rank));
    std::iota(perm.rbegin(), perm.rend(), 0);
    if (auto given = intsAttribute(context.node(), "perm"))
        perm = *given;
    return builder.finish(0, builder.transpose(x, perm));
}

Result<void> lowerConcat(LoweringContext& context)
{
    NodeBuilder builder(context);
    std::vector<TensorId> inputs;
    for (std::size_t i = 0; i < context.inputCount(); ++i) {
        if (context.hasInput(i))
            inputs.push_back(context.input(i));
    }
    if (inputs.size() == 1)
        return builder.finish(0, inputs.front());
    const auto axis
        = normalizeAxis(intAttribute(context.node(), "axis", 0), builder.rank(inputs.front()));
    if (!axis)
        return context.unsupported("axis is out of range");
    ir::Attributes attributes;
    attributes.set("axis", static_cast<std::int64_t>(*axis));
    attributes.set("fused_activation_function", std::string("NONE"));
    return builder.finish(0,
        builder.op(
            OpKind::Concatenation, inputs, builder.dtype(inputs.front()), std::move(attributes)));
}

std::string checkConcat(const SourceNode& node)
{
    return node.attributes.has("axis") ? std::string() : "has no axis";
}

/// The extents of Split's outputs: given sizes, num_outputs (opset 18, the last part may be
/// smaller) or equal parts, one per output.
Result<std::vector<std::int64_t>> splitSizes(LoweringContext& context, std::int64_t length)
{
    auto sizes = intsOperand(context, "split", 13, 1);
    if (!sizes)
        return std::unexpected(std::move(sizes.error()));
    if (*sizes)
        return **sizes;
    const std::int64_t parts = intAttribute(
        context.node(), "num_outputs", static_cast<std::int64_t>(context.outputCount()));
    if (parts < 1)
        return context.unsupported("cannot split into " + std::to_string(parts) + " parts");
    const std::int64_t part = context.node().attributes.has("num_outputs")
        ? (length + parts - 1) / parts
        : length / parts;
    if (!context.node().attributes.has("num_outputs") && length % parts != 0)
        return context.unsupported("cannot split extent " + std::to_string(length) + " into "
            + std::to_string(parts) + " equal parts");
    std::vector<std::int64_t> result;
    for (std::int64_t i = 0; i < parts; ++i)
        result.push_back(std::min(part, length - i * part));
    return result;
}

Result<void> lowerSplit(LoweringContext& context)
{
    NodeBuilder builder(context);
    const TensorId x = context.input(0);
    const std::vector<std::int64_t> in = builder.shape(x);
    const auto axis
        = normalizeAxis(intAttribute(context.node(), "axis", 0), static_cast<int>(in.size()));
    if (!axis)
        return context.unsupported("axis is out of range");
    auto sizes = splitSizes(context, in[static_cast<std::size_t>(*axis)]);
    if (!sizes)
        return std::unexpected(std::move(sizes.error()));
    if (sizes->size() != context.outputCount())
        return context.unsupported("splits into " + std::to_string(sizes->size())
            + " parts but has " + std::to_string(context.outputCount()) + " outputs");
    ir::Attributes attributes;
    attributes.set("num_splits", static_cast<std::int64_t>(sizes->size()));
    const TensorId sizeTensor = builder.int32Vector(*sizes);
    const TensorId axisTensor = builder.int32Vector({ *axis }, true);
    const std::vector<TensorId> outputs
        = builder.multi(OpKind::SplitV, { x, sizeTensor, axisTensor },
            std::vector<DType>(sizes->size(), builder.dtype(x)), attributes);
    if (auto status = builder.status(); !status)
        return status;
    for (std::size_t i = 0; i < outputs.size(); ++i)
        context.setOutput(i, outputs[i]);
    return {};
}

// ---- Slice

struct SliceSpec
{
    std::vector<std::int64_t> begin;
    std::vector<std::int64_t> end;
    std::vector<std::int64_t> strides;
    std::int64_t endMask = 0;
};

/// Clamps one ONNX slice (start, end, step) of an axis of `extent` as ONNX specifies.
void clampSlice(std::int64_t extent, std::int64_t& start, std::int64_t& end, std::int64_t step)
{
    if (start < 0)
        start += extent;
    if (end < 0)
        end += extent;
    if (step > 0) {
        start = std::clamp<std::int64_t>(start, 0, extent);
        end = std::clamp<std::int64_t>(end, 0, extent);
    } else {
        start = std::clamp<std::int64_t>(start, 0, extent - 1);
        end = std::clamp<std::int64_t>(end, -1, extent - 1);
    }
}

Result<void> lowerSlice(LoweringContext& context)
{
    NodeBuilder builder(context);
    auto starts = intsOperand(context, "starts", 10, 1);
    auto ends = starts ? intsOperand(context, "ends", 10, 2) : std::move(starts);
    auto axes = ends ? intsOperand(context, "axes", 10, 3) : std::move(ends);
    auto steps = axes ? intsOperand(context, "steps", 10, 4) : std::move(axes);
    if (!steps)
        return std::unexpected(std::move(steps.error()));
    if (!*starts || !*ends || (*starts)->size() != (*ends)->size())
        return context.unsupported("needs starts and ends of one length");
    const TensorId x = context.input(0);
    const std::vector<std::int64_t> in = builder.shape(x);
    const std::size_t count = (*starts)->size();
    std::vector<std::int64_t> axisList(count);
    std::iota(axisList.begin(), axisList.end(), 0);
    if (*axes)
        axisList = **axes;
    const std::vector<std::int64_t> stepList
        = *steps ? **steps : std::vector<std::int64_t>(count, 1);
    if (axisList.size() != count || stepList.size() != count)
        return context.unsupported("needs starts, ends, axes and steps of one length");
    auto normalized = normalizeAxes(context, axisList, static_cast<int>(in.size()));
    if (!normalized)
        return std::unexpected(std::move(normalized.error()));

    SliceSpec spec { std::vector<std::int64_t>(in.size(), 0), in,
        std::vector<std::int64_t>(in.size(), 1), 0 };
    for (std::size_t i = 0; i < count; ++i) {
        const auto axis = static_cast<std::size_t>((*normalized)[i]);
        std::int64_t start = (**starts)[i];
        std::int64_t end = (**ends)[i];
        const std::int64_t step = stepList[i];
        if (step == 0)
            return context.unsupported("steps must not be 0");
        clampSlice(in[axis], start, end, step);
        spec.begin[axis] = start;
        spec.end[axis] = end;
        spec.strides[axis] = step;
        if (step < 0
            && end < 0) { // up to and including index 0: TFLite would read -1 as the last index
            spec.end[axis] = 0;
            spec.endMask |= std::int64_t { 1 } << axis;
        }
    }
    ir::Attributes attributes;
    for (const char* name : { "begin_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask" })
        attributes.set(name, std::int64_t { 0 });
    attributes.set("end_mask", spec.endMask);
    attributes.set("offset", false);
    const TensorId result = builder.op(OpKind::StridedSlice,
        { x, builder.int32Vector(spec.begin), builder.int32Vector(spec.end),
            builder.int32Vector(spec.strides) },
        builder.dtype(x), std::move(attributes));
    return builder.finish(0, result);
}

// ---- Gather, GatherND, GatherElements

/// Input `input` as int32 indices with negative ones counting from the end: constant indices are
/// normalised here (and checked), computed ones by FLOOR_MOD. Index k along the last dim of the
/// indices addresses an axis of extent extents[k % extents.size()].
TensorId normalizedIndices(NodeBuilder& builder, LoweringContext& context, std::size_t input,
    const std::vector<std::int64_t>& extents)
{
    if (!builder.ok())
        return ir::kNoTensor;
    const TensorId indices = context.input(input);
    if (!context.isConstant(input)) {
        const TensorId bounds = extents.size() == 1
            ? builder.scalar(builder.dtype(indices), static_cast<double>(extents[0]))
            : builder.cast(builder.int32Vector(extents), builder.dtype(indices));
        return builder.binary(OpKind::FloorMod, indices, bounds);
    }
    auto values = context.constantInts(input, "indices");
    if (!values) {
        builder.fail(std::unexpected(std::move(values.error())));
        return ir::kNoTensor;
    }
    for (std::size_t i = 0; i < values->size(); ++i) {
        const std::int64_t extent = extents[i % extents.size()];
        std::int64_t& value = (*values)[i];
        if (value < -extent || value >= extent) {
            builder.fail(context.unsupported("index " + std::to_string(value)
                + " is out of range for extent " + std::to_string(extent)));
            return ir::kNoTensor;
        }
        if (value < 0)
            value += extent;
    }
    return builder.int32Constant(*values, builder.shape(indices));
}

Result<void> lowerGather(LoweringContext& context)
{
    NodeBuilder builder(context);
    const TensorId data = context.input(0);
    const std::vector<std::int64_t> in = builder.shape(data);
    const auto axis
        = normalizeAxis(intAttribute(context.node(), "axis", 0), static_cast<int>(in.size()));
    if (!axis)
        return context.unsupported("axis is out of range");
    const TensorId indices
        = normalizedIndices(builder, context, 1, { in[static_cast<std::size_t>(*axis)] });
    ir::Attributes attributes;
    attributes.set("axis", static_cast<std::int64_t>(*axis));
    attributes.set("batch_dims", std::int64_t { 0 });
    return builder.finish(0,
        builder.op(OpKind::Gather, { data, indices }, builder.dtype(data), std::move(attributes)));
}

Result<void> lowerGatherND(LoweringContext& context)
{
    NodeBuilder builder(context);
    const TensorId data = context.input(0);
    const std::vector<std::int64_t> in = builder.shape(data);
    const std::vector<std::int64_t> indexShape = builder.shape(context.input(1));
    if (indexShape.empty() || indexShape.back() < 1
        || indexShape.back() > static_cast<std::int64_t>(in.size()))
        return context.unsupported(
            "indices of shape " + listText(indexShape) + " do not address the data");
    const std::vector<std::int64_t> extents(in.begin(), in.begin() + indexShape.back());
    const TensorId indices = normalizedIndices(builder, context, 1, extents);
    return builder.finish(0, builder.op(OpKind::GatherNd, { data, indices }, builder.dtype(data)));
}

std::string checkGatherND(const SourceNode& node)
{
    const std::int64_t batchDims = intAttribute(node, "batch_dims", 0);
    return batchDims == 0 ? std::string()
                          : "batch_dims " + std::to_string(batchDims)
            + " is not supported (TFLite's GATHER_ND has none)";
}

/// The coordinate along `dim` of every element of a tensor of `extents`, as int32 [extents..., 1].
TensorId coordinateRamp(
    NodeBuilder& builder, const std::vector<std::int64_t>& extents, std::size_t dim)
{
    const std::int64_t count = product(extents, 0, extents.size());
    const std::int64_t inner = product(extents, dim + 1, extents.size());
    std::vector<std::int64_t> values;
    for (std::int64_t i = 0; i < count; ++i)
        values.push_back((i / inner) % extents[dim]);
    std::vector<std::int64_t> shape = extents;
    shape.push_back(1);
    return builder.int32Constant(values, shape);
}

/// out[i...] = data[i... with indices[i...] on `axis`]: GATHER_ND with the full coordinates, the
/// element's own ones on every other axis.
Result<void> lowerGatherElements(LoweringContext& context)
{
    NodeBuilder builder(context);
    const TensorId data = context.input(0);
    const std::vector<std::int64_t> in = builder.shape(data);
    const std::vector<std::int64_t> indexShape = builder.shape(context.input(1));
    const auto axis
        = normalizeAxis(intAttribute(context.node(), "axis", 0), static_cast<int>(in.size()));
    if (!axis || indexShape.size() != in.size())
        return context.unsupported("needs indices of the data's rank and an axis in range");
    const TensorId indices
        = normalizedIndices(builder, context, 1, { in[static_cast<std::size_t>(*axis)] });
    std::vector<std::int64_t> columnShape = indexShape;
    columnShape.push_back(1);
    std::vector<TensorId> columns;
    for (std::size_t d = 0; d < in.size(); ++d)
        columns.push_back(d == static_cast<std::size_t>(*axis)
                ? builder.reshape(builder.cast(indices, DType::Int32), columnShape)
                : coordinateRamp(builder, indexShape, d));
    ir::Attributes attributes;
    attributes.set("axis", static_cast<std::int64_t>(in.size()));
    attributes.set("fused_activation_function", std::string("NONE"));
    const TensorId coordinates
        = builder.op(OpKind::Concatenation, columns, DType::Int32, std::move(attributes));
    return builder.finish(
        0, builder.op(OpKind::GatherNd, { data, coordinates }, builder.dtype(data)));
}

// ---- folded shape queries and constants

Result<void> lowerShape(LoweringContext& context)
{
    NodeBuilder builder(context);
    const std::vector<std::int64_t> in = builder.shape(context.input(0));
    const auto rank = static_cast<std::int64_t>(in.size());
    auto bound = [&](std::int64_t value) {
        return std::clamp<std::int64_t>(value < 0 ? value + rank : value, 0, rank);
    };
    const std::int64_t start = bound(intAttribute(context.node(), "start", 0));
    const std::int64_t end = bound(intAttribute(context.node(), "end", rank));
    if (start >= end)
        return context.unsupported(
            "the requested part of the shape is empty (zero-element constants are not supported)");
    const std::vector<std::int64_t> dims(in.begin() + start, in.begin() + end);
    return builder.finish(0, builder.int32Vector(dims));
}

Result<void> lowerSize(LoweringContext& context)
{
    NodeBuilder builder(context);
    const std::vector<std::int64_t> in = builder.shape(context.input(0));
    return builder.finish(0, builder.int32Vector({ product(in, 0, in.size()) }, true));
}

/// A constant of `extents` holding `element` (the bytes of one value) everywhere.
TensorId filledConstant(LoweringContext& context, DType dtype, std::vector<std::int64_t> extents,
    std::span<const std::byte> element)
{
    const std::int64_t count = product(extents, 0, extents.size());
    std::vector<std::byte> bytes(static_cast<std::size_t>(count) * element.size());
    for (std::size_t offset = 0; offset < bytes.size(); offset += element.size())
        std::memcpy(bytes.data() + offset, element.data(), element.size());
    return context.constant(
        dtype, std::move(extents), ir::ConstData::fromVector(std::move(bytes)), "value");
}

/// An IR tensor attribute as IR constant data: int64 narrowed to int32 (with saturation).
std::pair<DType, ir::ConstData> narrowed(const ir::Tensor& tensor)
{
    if (tensor.dtype != DType::Int64)
        return { tensor.dtype, tensor.data };
    std::vector<std::int32_t> values;
    for (std::int64_t value : tensor.data.as<std::int64_t>())
        values.push_back(
            static_cast<std::int32_t>(std::clamp<std::int64_t>(value, INT32_MIN, INT32_MAX)));
    return { DType::Int32, ir::ConstData::fromValues(std::span<const std::int32_t>(values)) };
}

Result<void> lowerConstantOfShape(LoweringContext& context)
{
    auto extents = context.constantInts(0, "shape");
    if (!extents)
        return std::unexpected(std::move(extents.error()));
    if (product(*extents, 0, extents->size()) == 0)
        return context.unsupported(
            "produces an empty tensor (zero-element constants are not supported)");
    DType dtype = DType::Float32;
    ir::ConstData element = ir::ConstData::fromValues(std::span<const float>(std::array { 0.0f }));
    if (auto it = context.node().tensorAttributes.find("value");
        it != context.node().tensorAttributes.end()) {
        std::tie(dtype, element) = narrowed(it->second);
        const std::size_t size = ir::dtypeSize(dtype);
        if (size == 0 || element.size() != size)
            return context.unsupported("value must be a one-element tensor of a fixed-size type");
    }
    context.setOutput(0, filledConstant(context, dtype, *extents, element.bytes()));
    return {};
}

Result<void> lowerRange(LoweringContext& context)
{
    NodeBuilder builder(context);
    for (std::size_t i = 0; i < 3; ++i) {
        if (!context.isConstant(i))
            return context.unsupported(
                "requires constant start, limit and delta (TFLite's RANGE is not in the IR)");
    }
    const DType dtype = context.inputTensor(0).dtype;
    auto start = context.constantFloats(0, "start");
    auto limit = context.constantFloats(1, "limit");
    auto delta = context.constantFloats(2, "delta");
    if (!start || !limit || !delta || start->size() != 1 || limit->size() != 1 || delta->size() != 1
        || (*delta)[0] == 0)
        return context.unsupported("needs scalar start, limit and a non-zero delta");
    const double first = (*start)[0];
    const double step = (*delta)[0];
    const auto count
        = static_cast<std::int64_t>(std::max(std::ceil(((*limit)[0] - first) / step), 0.0));
    if (count == 0)
        return context.unsupported(
            "produces an empty tensor (zero-element constants are not supported)");
    if (dtype == DType::Float32) {
        std::vector<float> values;
        for (std::int64_t i = 0; i < count; ++i)
            values.push_back(static_cast<float>(first + static_cast<double>(i) * step));
        return builder.finish(0, context.constantFloat(values, { count }, "value"));
    }
    if (dtype != DType::Int32 && dtype != DType::Int16 && dtype != DType::Int8)
        return context.unsupported(
            "Range on " + std::string(ir::dtypeName(dtype)) + " is not supported");
    std::vector<std::int64_t> values;
    for (std::int64_t i = 0; i < count; ++i)
        values.push_back(static_cast<std::int64_t>(first) + i * static_cast<std::int64_t>(step));
    return builder.finish(0, builder.cast(builder.int32Vector(values), dtype));
}

// ---- Expand, Tile

Result<void> lowerExpand(LoweringContext& context)
{
    NodeBuilder builder(context);
    auto requested = context.constantInts(1, "shape");
    if (!requested)
        return std::unexpected(std::move(requested.error()));
    const TensorId x = context.input(0);
    const std::vector<std::int64_t> in = builder.shape(x);
    const std::size_t rank = std::max(in.size(), requested->size());
    std::vector<std::int64_t> out(rank, 1);
    for (std::size_t i = 0; i < rank; ++i) {
        const std::int64_t a = i + in.size() >= rank ? in[i + in.size() - rank] : 1;
        const std::int64_t b
            = i + requested->size() >= rank ? (*requested)[i + requested->size() - rank] : 1;
        if (a != b && a != 1 && b != 1)
            return context.unsupported(
                "cannot broadcast " + listText(in) + " to " + listText(*requested));
        out[i] = a == 1 ? b : a;
    }
    if (out == in)
        return builder.finish(0, x);
    return builder.finish(
        0, builder.op(OpKind::BroadcastTo, { x, builder.int32Vector(out) }, builder.dtype(x)));
}

Result<void> lowerTile(LoweringContext& context)
{
    NodeBuilder builder(context);
    auto repeats = context.constantInts(1, "repeats");
    if (!repeats)
        return std::unexpected(std::move(repeats.error()));
    const TensorId x = context.input(0);
    return builder.finish(
        0, builder.op(OpKind::Tile, { x, builder.int32Vector(*repeats) }, builder.dtype(x)));
}

// ---- Pad

struct PadSpec
{
    std::vector<std::int64_t> before;
    std::vector<std::int64_t> after;
};

/// ONNX's pads [b0, b1, ..., e0, e1, ...] (over `axes` from opset 18) per dim of a rank-`rank`
/// input.
Result<PadSpec> padSpec(LoweringContext& context, int rank)
{
    auto pads = intsOperand(context, "pads", 11, 1);
    if (!pads)
        return std::unexpected(std::move(pads.error()));
    if (!*pads)
        return context.unsupported("has no pads");
    std::vector<std::int64_t> axisList(static_cast<std::size_t>(rank));
    std::iota(axisList.begin(), axisList.end(), 0);
    if (context.opset() >= 18 && context.hasInput(3)) {
        auto axes = context.constantInts(3, "axes");
        if (!axes)
            return std::unexpected(std::move(axes.error()));
        axisList = *axes;
    }
    auto normalized = normalizeAxes(context, axisList, rank);
    if (!normalized)
        return std::unexpected(std::move(normalized.error()));
    if ((*pads)->size() != 2 * normalized->size())
        return context.unsupported("pads " + listText(**pads) + " do not match the rank-"
            + std::to_string(rank) + " input");
    PadSpec spec { std::vector<std::int64_t>(static_cast<std::size_t>(rank), 0),
        std::vector<std::int64_t>(static_cast<std::size_t>(rank), 0) };
    for (std::size_t i = 0; i < normalized->size(); ++i) {
        const auto axis = static_cast<std::size_t>((*normalized)[i]);
        spec.before[axis] = (**pads)[i];
        spec.after[axis] = (**pads)[i + normalized->size()];
        if (spec.before[axis] < 0 || spec.after[axis] < 0)
            return context.unsupported("negative pads (cropping) are not supported");
    }
    return spec;
}

/// Edge and wrap padding: one GATHER per padded axis with the source index of every output index.
TensorId gatherPad(NodeBuilder& builder, TensorId x, const PadSpec& spec, bool wrap)
{
    TensorId result = x;
    for (std::size_t axis = 0; axis < spec.before.size(); ++axis) {
        if (spec.before[axis] == 0 && spec.after[axis] == 0)
            continue;
        const std::int64_t extent = builder.shape(result)[axis];
        std::vector<std::int64_t> indices;
        for (std::int64_t i = -spec.before[axis]; i < extent + spec.after[axis]; ++i)
            indices.push_back(wrap ? ((i % extent) + extent) % extent
                                   : std::clamp<std::int64_t>(i, 0, extent - 1));
        ir::Attributes attributes;
        attributes.set("axis", static_cast<std::int64_t>(axis));
        attributes.set("batch_dims", std::int64_t { 0 });
        result = builder.op(OpKind::Gather, { result, builder.int32Vector(indices) },
            builder.dtype(x), std::move(attributes));
    }
    return result;
}

Result<void> lowerPad(LoweringContext& context)
{
    NodeBuilder builder(context);
    const TensorId x = context.input(0);
    const DType dtype = builder.dtype(x);
    auto spec = padSpec(context, builder.rank(x));
    if (!spec)
        return std::unexpected(std::move(spec.error()));
    const std::string mode = stringAttribute(context.node(), "mode", "constant");
    if (mode == "edge" || mode == "wrap")
        return builder.finish(0, gatherPad(builder, x, *spec, mode == "wrap"));
    std::vector<std::int64_t> paddings;
    for (std::size_t d = 0; d < spec->before.size(); ++d)
        paddings.insert(paddings.end(), { spec->before[d], spec->after[d] });
    const TensorId padTensor
        = builder.int32Constant(paddings, { static_cast<std::int64_t>(spec->before.size()), 2 });
    if (mode == "reflect") {
        ir::Attributes attributes;
        attributes.set("mode", std::string("REFLECT"));
        return builder.finish(
            0, builder.op(OpKind::MirrorPad, { x, padTensor }, dtype, std::move(attributes)));
    }
    TensorId value = ir::kNoTensor;
    if (context.opset() < 11) {
        const double constant = floatAttribute(context.node(), "value", 0.0);
        if (constant != 0.0)
            value = builder.scalar(dtype, constant);
    } else if (context.hasInput(2)) {
        value = context.input(2);
        if (context.isConstant(2)) {
            auto values = context.constantFloats(2, "constant_value");
            if (!values)
                return std::unexpected(std::move(values.error()));
            value = values->size() == 1 && (*values)[0] == 0.0f ? ir::kNoTensor
                                                                : builder.reshape(value, {});
        }
    }
    if (value == ir::kNoTensor)
        return builder.finish(0, builder.op(OpKind::Pad, { x, padTensor }, dtype));
    return builder.finish(0, builder.op(OpKind::PadV2, { x, padTensor, value }, dtype));
}

std::string checkPad(const SourceNode& node)
{
    const std::string mode = stringAttribute(node, "mode", "constant");
    if (mode != "constant" && mode != "reflect" && mode != "edge" && mode != "wrap")
        return "unknown mode '" + mode + "'";
    const auto pads = node.opset < 11 ? intsAttribute(node, "pads") : std::nullopt;
    if (node.opset < 11 && !pads)
        return "has no pads attribute";
    if (pads && std::any_of(pads->begin(), pads->end(), [](std::int64_t pad) { return pad < 0; }))
        return "negative pads (cropping) are not supported";
    return {};
}

// ---- coverage checks of attributes that decide whether a node can be lowered

/// Before opset `inputOpset` the operand `name` is a required attribute.
std::string requiredAttribute(const SourceNode& node, std::string_view name, int inputOpset)
{
    if (node.opset < inputOpset && !node.attributes.has(name))
        return "has no " + std::string(name) + " attribute";
    return {};
}

std::string checkReshape(const SourceNode& node)
{
    return requiredAttribute(node, "shape", 5);
}

std::string checkUnsqueeze(const SourceNode& node)
{
    return requiredAttribute(node, "axes", 13);
}

std::string checkSlice(const SourceNode& node)
{
    std::string reason = requiredAttribute(node, "starts", 10);
    return reason.empty() ? requiredAttribute(node, "ends", 10) : reason;
}

std::string checkSplit(const SourceNode& node)
{
    const auto split = node.opset < 13 ? intsAttribute(node, "split") : std::nullopt;
    if (split && split->size() != node.outputs.size())
        return "split has " + std::to_string(split->size()) + " sizes for "
            + std::to_string(node.outputs.size()) + " outputs";
    return {};
}

const std::array kLowerings {
    OpLowering { "Concat", &lowerConcat, &checkConcat },
    OpLowering { "ConstantOfShape", &lowerConstantOfShape },
    OpLowering { "Expand", &lowerExpand },
    OpLowering { "Flatten", &lowerFlatten },
    OpLowering { "Gather", &lowerGather },
    OpLowering { "GatherElements", &lowerGatherElements },
    OpLowering { "GatherND", &lowerGatherND, &checkGatherND },
    OpLowering { "Pad", &lowerPad, &checkPad },
    OpLowering { "Range", &lowerRange },
    OpLowering { "Reshape", &lowerReshape, &checkReshape },
    OpLowering { "Shape", &lowerShape },
    OpLowering { "Size", &lowerSize },
    OpLowering { "Slice", &lowerSlice, &checkSlice },
    OpLowering { "Split", &lowerSplit, &checkSplit },
    OpLowering { "Squeeze", &lowerSqueeze },
    OpLowering { "Tile", &lowerTile },
    OpLowering { "Transpose", &lowerTranspose },
    OpLowering { "Unsqueeze", &lowerUnsqueeze, &checkUnsqueeze },
};

} // namespace

std::span<const OpLowering> shapeLowerings()
{
    return kLowerings;
}

} // namespace lf::onnx_import::ops
