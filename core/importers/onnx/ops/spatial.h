// SPDX-License-Identifier: GPL-3.0-or-later
// Window geometry shared by the Conv and pooling lowerings: ONNX's kernel_shape / strides /
// dilations / pads / auto_pad resolved to explicit begin/end pads per spatial axis, the test
// whether those pads are TFLite's SAME or VALID, and the move of a 1-D (NCW) or 2-D (NCHW) tensor
// into the 4-D NHWC form the TFLite builtins need (1-D becomes H = 1) and back.
#pragma once

#include "core/importers/onnx/ops/node_builder.h"

#include <algorithm>
#include <string>
#include <vector>

namespace lf::onnx_import::ops {

/// One spatial window per axis (H, W order for 2-D; a single axis for 1-D until lifted).
struct SpatialWindow
{
    std::vector<std::int64_t> kernel;
    std::vector<std::int64_t> strides;
    std::vector<std::int64_t> dilations;
    std::vector<std::int64_t> padBegin;
    std::vector<std::int64_t> padEnd;

    std::size_t rank() const { return kernel.size(); }
    std::int64_t effectiveKernel(std::size_t axis) const
    {
        return (kernel[axis] - 1) * dilations[axis] + 1;
    }
    /// ONNX's output extent along `axis` for input extent `in` (floor rounding).
    std::int64_t outputSize(std::size_t axis, std::int64_t in) const
    {
        return (in + padBegin[axis] + padEnd[axis] - effectiveKernel(axis)) / strides[axis] + 1;
    }
    bool unpadded() const
    {
        for (std::size_t axis = 0; axis < rank(); ++axis) {
            if (padBegin[axis] != 0 || padEnd[axis] != 0)
                return false;
        }
        return true;
    }
    /// True if TFLite's SAME padding (output ceil(in / stride), the odd pixel at the end) produces
    /// exactly these pads for the spatial extents `in`.
    bool isTfliteSame(const std::vector<std::int64_t>& in) const
    {
        for (std::size_t axis = 0; axis < rank(); ++axis) {
            const std::int64_t out = (in[axis] + strides[axis] - 1) / strides[axis];
            const std::int64_t total = std::max<std::int64_t>(
                (out - 1) * strides[axis] + effectiveKernel(axis) - in[axis], 0);
            if (padBegin[axis] != total / 2 || padBegin[axis] + padEnd[axis] != total
                || outputSize(axis, in[axis]) != out)
                return false;
        }
        return true;
    }
    /// 1-D windows become 2-D with a unit H axis.
    void liftTo2D()
    {
        if (rank() != 1)
            return;
        kernel.insert(kernel.begin(), 1);
        strides.insert(strides.begin(), 1);
        dilations.insert(dilations.begin(), 1);
        padBegin.insert(padBegin.begin(), 0);
        padEnd.insert(padEnd.begin(), 0);
    }
};

inline std::vector<std::int64_t> intsAttribute(const SourceNode& node, std::string_view name)
{
    return node.attributes.getOr<std::vector<std::int64_t>>(name, {});
}

/// Reasons the window attributes cannot be lowered ("" if they can): unknown auto_pad values and
/// windows of more than two spatial axes (as far as the attributes tell).
inline std::string checkWindowAttributes(const SourceNode& node)
{
    const std::string autoPad = node.attributes.getOr<std::string>("auto_pad", "NOTSET");
    if (autoPad != "NOTSET" && autoPad != "VALID" && autoPad != "SAME_UPPER"
        && autoPad != "SAME_LOWER")
        return "auto_pad '" + autoPad + "' is not an ONNX value";
    std::size_t axes = intsAttribute(node, "kernel_shape").size();
    axes = std::max({ axes, intsAttribute(node, "strides").size(),
        intsAttribute(node, "dilations").size(), intsAttribute(node, "pads").size() / 2 });
    if (axes > 2)
        return std::to_string(axes) + "-D windows are not supported (TFLite has 1-D and 2-D only)";
    return {};
}

/// Resolves the window for input spatial extents `in` and kernel extents `kernel`.
inline Result<SpatialWindow> resolveWindow(const LoweringContext& context,
    const std::vector<std::int64_t>& in, std::vector<std::int64_t> kernel)
{
    const SourceNode& node = context.node();
    const std::size_t rank = in.size();
    SpatialWindow window;
    window.kernel = std::move(kernel);
    window.strides = intsAttribute(node, "strides");
    window.dilations = intsAttribute(node, "dilations");
    const std::vector<std::int64_t> pads = intsAttribute(node, "pads");
    if (window.strides.empty())
        window.strides.assign(rank, 1);
    if (window.dilations.empty())
        window.dilations.assign(rank, 1);
    if (window.kernel.size() != rank || window.strides.size() != rank
        || window.dilations.size() != rank || (!pads.empty() && pads.size() != 2 * rank))
        return context.unsupported("kernel_shape, strides, dilations and pads do not match the "
            + std::to_string(rank) + " spatial axes of the input");
    for (std::size_t axis = 0; axis < rank; ++axis) {
        if (window.kernel[axis] < 1 || window.strides[axis] < 1 || window.dilations[axis] < 1)
            return context.unsupported("kernel extents, strides and dilations must be positive");
    }
    const std::string autoPad = node.attributes.getOr<std::string>("auto_pad", "NOTSET");
    window.padBegin.assign(rank, 0);
    window.padEnd.assign(rank, 0);
    for (std::size_t axis = 0; axis < rank; ++axis) {
        if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
            const std::int64_t out = (in[axis] + window.strides[axis] - 1) / window.strides[axis];
            const std::int64_t total = std::max<std::int64_t>(
                (out - 1) * window.strides[axis] + window.effectiveKernel(axis) - in[axis], 0);
            const std::int64_t small = total / 2;
            window.padBegin[axis] = autoPad == "SAME_UPPER" ? small : total - small;
            window.padEnd[axis] = total - window.padBegin[axis];
        } else if (autoPad == "NOTSET" && !pads.empty()) {
            window.padBegin[axis] = pads[axis];
            window.padEnd[axis] = pads[axis + rank];
        }
        if (window.padBegin[axis] < 0 || window.padEnd[axis] < 0)
            return context.unsupported("negative pads are not supported");
    }
    return window;
}

/// NCW or NCHW -> 4-D NHWC (NCW becomes N, 1, W, C).
inline ir::TensorId toNhwc4D(NodeBuilder& b, ir::TensorId value)
{
    const ir::TensorId channelsLast = b.toChannelsLast(value);
    const std::vector<std::int64_t> shape = b.shape(channelsLast);
    if (shape.size() != 3)
        return channelsLast;
    return b.reshape(channelsLast, { shape[0], 1, shape[1], shape[2] }, "to_2d");
}

/// The inverse of toNhwc4D for a result of the original rank `rank`.
inline ir::TensorId fromNhwc4D(NodeBuilder& b, ir::TensorId value, int rank)
{
    if (rank == 3) {
        const std::vector<std::int64_t> shape = b.shape(value);
        if (b.ok())
            value = b.reshape(value, { shape[0], shape[2], shape[3] }, "to_1d");
    }
    return b.toChannelsFirst(value);
}

/// PAD (or PADV2 with `padValue`, which for integer tensors means the type's lowest value) of the H
/// and W axes of an NHWC tensor, with `extraEnd` more at the end; returns `value` if nothing is
/// padded.
inline ir::TensorId padSpatial(NodeBuilder& b, ir::TensorId value, const SpatialWindow& window,
    const std::vector<std::int64_t>& extraEnd, std::optional<float> padValue)
{
    std::vector<std::int32_t> paddings { 0, 0 };
    bool any = false;
    for (std::size_t axis = 0; axis < 2; ++axis) {
        const std::int64_t end = window.padEnd[axis] + (extraEnd.empty() ? 0 : extraEnd[axis]);
        paddings.push_back(static_cast<std::int32_t>(window.padBegin[axis]));
        paddings.push_back(static_cast<std::int32_t>(end));
        any = any || window.padBegin[axis] != 0 || end != 0;
    }
    paddings.insert(paddings.end(), { 0, 0 });
    if (!any)
        return value;
    const ir::TensorId paddingTensor
        = b.constantInt32(std::move(paddings), { 4, 2 }, "pad/paddings");
    if (!padValue || *padValue == 0.0f)
        return b.emit(ir::OpKind::Pad, { value, paddingTensor }, {}, "pad");
    if (!b.ok())
        return ir::kNoTensor;
    ir::TensorId fill = ir::kNoTensor;
    if (b.dtype(value) == ir::DType::Float32) {
        fill = b.scalar(*padValue, "pad/value");
    } else {
        // Integer pads only ever need the type's lowest value (max pooling): 0 for unsigned types,
        // the sign bit alone for two's complement ones.
        const ir::DType type = b.dtype(value);
        std::vector<std::byte> bytes(ir::dtypeSize(type), std::byte { 0 });
        if (type == ir::DType::Int8 || type == ir::DType::Int16 || type == ir::DType::Int32)
            bytes.back() = std::byte { 0x80 };
        fill = b.context().constant(
            type, {}, ir::ConstData::fromVector(std::move(bytes)), "pad/value");
    }
    return b.emit(ir::OpKind::PadV2, { value, paddingTensor, fill }, {}, "pad");
}

} // namespace lf::onnx_import::ops
