// SPDX-License-Identifier: GPL-3.0-or-later
// MaxPool, AveragePool (1-D and 2-D), GlobalAveragePool and GlobalMaxPool lowered to TFLite's NHWC
// pools and reductions between layout transposes. Pads that SAME/VALID cannot express, and the
// extra end pixels of ceil_mode, become an explicit PAD (the type's lowest value for MaxPool, zeros
// for AveragePool); AveragePool then multiplies by a constant per-pixel correction so that each
// output is divided by ONNX's window count (with or without the pads, per count_include_pad)
// instead of the full window.
#include "core/importers/onnx/ops/ops.h"
#include "core/importers/onnx/ops/spatial.h"

#include <limits>

namespace lf::onnx_import::ops {

namespace {

using ir::OpKind;
using ir::TensorId;

std::string checkPool(const SourceNode& node)
{
    if (std::string reason = checkWindowAttributes(node); !reason.empty())
        return reason;
    if (intsAttribute(node, "kernel_shape").empty())
        return "kernel_shape is required";
    for (std::int64_t dilation : intsAttribute(node, "dilations")) {
        if (dilation != 1)
            return "dilations other than 1 are not supported (TFLite pools have none)";
    }
    if (node.outputs.size() > 1 && !node.outputs[1].empty())
        return "the Indices output is not supported";
    return {};
}

/// The end padding ceil_mode adds along one axis: ceil rounding of the output extent, except that
/// the last window must start inside the input or its begin padding (as PyTorch and onnxruntime
/// do).
std::int64_t ceilModeExtra(const SpatialWindow& window, std::size_t axis, std::int64_t in)
{
    const std::int64_t span
        = in + window.padBegin[axis] + window.padEnd[axis] - window.effectiveKernel(axis);
    std::int64_t out = (span + window.strides[axis] - 1) / window.strides[axis] + 1;
    if ((out - 1) * window.strides[axis] >= in + window.padBegin[axis])
        --out;
    return std::max<std::int64_t>((out - 1) * window.strides[axis] + window.effectiveKernel(axis)
            - in - window.padBegin[axis] - window.padEnd[axis],
        0);
}

ir::Attributes poolAttributes(const SpatialWindow& window, bool same)
{
    ir::Attributes attributes;
    attributes.set("padding", std::string(same ? "SAME" : "VALID"));
    attributes.set("stride_h", window.strides[0]);
    attributes.set("stride_w", window.strides[1]);
    attributes.set("filter_height", window.kernel[0]);
    attributes.set("filter_width", window.kernel[1]);
    attributes.set("fused_activation_function", std::string("NONE"));
    return attributes;
}

/// How many taps of each window along one axis fall inside [low, high) (input coordinates).
std::vector<float> tapCounts(const SpatialWindow& window, std::size_t axis, std::int64_t outputs,
    std::int64_t low, std::int64_t high)
{
    std::vector<float> counts;
    for (std::int64_t o = 0; o < outputs; ++o) {
        const std::int64_t start = o * window.strides[axis] - window.padBegin[axis];
        const std::int64_t begin = std::max(start, low);
        const std::int64_t end = std::min(start + window.kernel[axis], high);
        counts.push_back(static_cast<float>(std::max<std::int64_t>(end - begin, 1)));
    }
    return counts;
}

/// The constant [1, OH, OW, 1] that turns a VALID average over padded input into ONNX's average;
/// kNoTensor when it is all ones.
TensorId averageCorrection(NodeBuilder& b, const SpatialWindow& window,
    const std::vector<std::int64_t>& in, const std::vector<std::int64_t>& out, bool countPads)
{
    std::vector<std::vector<float>> perAxis;
    for (std::size_t axis = 0; axis < 2; ++axis) {
        const std::int64_t low = countPads ? -window.padBegin[axis] : 0;
        const std::int64_t high = countPads ? in[axis] + window.padEnd[axis] : in[axis];
        perAxis.push_back(tapCounts(window, axis, out[axis], low, high));
    }
    std::vector<float> factors;
    bool trivial = true;
    const float full = static_cast<float>(window.kernel[0] * window.kernel[1]);
    for (float rows : perAxis[0]) {
        for (float columns : perAxis[1]) {
            factors.push_back(full / (rows * columns));
            trivial = trivial && factors.back() == 1.0f;
        }
    }
    if (trivial)
        return ir::kNoTensor;
    return b.constantFloat(std::move(factors), { 1, out[0], out[1], 1 }, "count_correction");
}

Result<void> lowerPool(LoweringContext& context, OpKind op)
{
    NodeBuilder b(context);
    const int rank = context.inputRank(0);
    if (rank != 3 && rank != 4)
        return context.unsupported(
            "only 1-D and 2-D pooling is supported, the input has rank " + std::to_string(rank));
    const std::vector<std::int64_t> shape = context.inputShape(0);
    std::vector<std::int64_t> in(shape.begin() + 2, shape.end());
    auto window = resolveWindow(context, in, intsAttribute(context.node(), "kernel_shape"));
    if (!window)
        return std::unexpected(std::move(window.error()));
    const bool ceilMode = context.attributes().getOr<std::int64_t>("ceil_mode", 0) != 0;
    const bool countPads = context.attributes().getOr<std::int64_t>("count_include_pad", 0) != 0;
    const bool same = !window->unpadded() && window->isTfliteSame(in);
    window->liftTo2D();
    if (in.size() == 1)
        in.insert(in.begin(), 1);

    std::vector<std::int64_t> extra(2, 0);
    std::vector<std::int64_t> out(2, 0);
    bool anyExtra = false;
    for (std::size_t axis = 0; axis < 2; ++axis) {
        if (ceilMode)
            extra[axis] = ceilModeExtra(*window, axis, in[axis]);
        anyExtra = anyExtra || extra[axis] != 0;
        out[axis] = window->outputSize(axis, in[axis] + extra[axis]);
        if (out[axis] <= 0)
            return context.unsupported("the window does not fit the padded input");
    }
    // TFLite's SAME average already leaves the pads out of the count.
    const bool useSame = same && !anyExtra && (op == OpKind::MaxPool2D || !countPads);

    TensorId x = toNhwc4D(b, context.input(0));
    if (!useSame) {
        const std::optional<float> padValue = op == OpKind::MaxPool2D
            ? std::optional<float>(-std::numeric_limits<float>::infinity())
            : std::nullopt;
        x = padSpatial(b, x, *window, extra, padValue);
    }
    TensorId y = b.emit(op, { x }, poolAttributes(*window, useSame));
    if (op == OpKind::AveragePool2D && !useSame && b.ok()) {
        const TensorId correction = averageCorrection(b, *window, in, out, countPads);
        if (correction != ir::kNoTensor)
            y = b.binary(OpKind::Mul, y, correction, "count_correction");
    }
    y = fromNhwc4D(b, y, rank);
    if (!b.ok())
        return b.finish();
    context.setOutput(0, y);
    return {};
}

Result<void> lowerMaxPool(LoweringContext& context)
{
    return lowerPool(context, OpKind::MaxPool2D);
}

Result<void> lowerAveragePool(LoweringContext& context)
{
    return lowerPool(context, OpKind::AveragePool2D);
}

/// MEAN or REDUCE_MAX over every spatial axis of the channels-last input, dims kept.
Result<void> lowerGlobalPool(LoweringContext& context, OpKind op)
{
    NodeBuilder b(context);
    const int rank = context.inputRank(0);
    if (rank < 3 || rank > 5)
        return context.unsupported(
            "expects an N, C, spatial... input of rank 3 to 5, got rank " + std::to_string(rank));
    std::vector<std::int32_t> axes;
    for (int axis = 1; axis < rank - 1; ++axis)
        axes.push_back(axis);
    TensorId y = b.reduce(op, b.toChannelsLast(context.input(0)), axes, true, {});
    y = b.toChannelsFirst(y);
    if (!b.ok())
        return b.finish();
    context.setOutput(0, y);
    return {};
}

Result<void> lowerGlobalAveragePool(LoweringContext& context)
{
    return lowerGlobalPool(context, OpKind::Mean);
}

Result<void> lowerGlobalMaxPool(LoweringContext& context)
{
    return lowerGlobalPool(context, OpKind::ReduceMax);
}

const OpLowering kLowerings[] = {
    { "AveragePool", &lowerAveragePool, &checkPool },
    { "GlobalAveragePool", &lowerGlobalAveragePool, nullptr },
    { "GlobalMaxPool", &lowerGlobalMaxPool, nullptr },
    { "MaxPool", &lowerMaxPool, &checkPool },
};

} // namespace

std::span<const OpLowering> poolingLowerings()
{
    return kLowerings;
}

} // namespace lf::onnx_import::ops
