// SPDX-License-Identifier: GPL-3.0-or-later
// Conv and ConvTranspose (1-D and 2-D) lowered to CONV_2D, DEPTHWISE_CONV_2D and TRANSPOSE_CONV on
// NHWC between layout transposes. Pads that TFLite's SAME or VALID cannot express become an
// explicit PAD; groups other than 1 and "one per channel" become one CONV_2D per group joined by a
// CONCATENATION. ConvTranspose runs as a VALID TRANSPOSE_CONV producing the full (unpadded) result,
// which a SLICE crops to ONNX's pads; dilated transposed weights are dilated physically, and groups
// become one TRANSPOSE_CONV per group as for Conv.
#include "core/importers/onnx/ops/ops.h"
#include "core/importers/onnx/ops/spatial.h"

namespace lf::onnx_import::ops {

namespace {

using ir::OpKind;
using ir::TensorId;

std::string checkConv(const SourceNode& node)
{
    if (std::string reason = checkWindowAttributes(node); !reason.empty())
        return reason;
    if (node.inputs.size() < 2)
        return "needs an input and weights";
    return {};
}

std::string checkConvTranspose(const SourceNode& node)
{
    if (std::string reason = checkWindowAttributes(node); !reason.empty())
        return reason;
    if (node.inputs.size() < 2)
        return "needs an input and weights";
    return {};
}

ir::Attributes convAttributes(const SpatialWindow& window, bool same)
{
    ir::Attributes attributes;
    attributes.set("padding", std::string(same ? "SAME" : "VALID"));
    attributes.set("stride_h", window.strides[0]);
    attributes.set("stride_w", window.strides[1]);
    attributes.set("dilation_h_factor", window.dilations[0]);
    attributes.set("dilation_w_factor", window.dilations[1]);
    attributes.set("fused_activation_function", std::string("NONE"));
    return attributes;
}

/// OIHW (or OIW) weights as 4-D OIHW.
TensorId weights4D(NodeBuilder& b, TensorId weights)
{
    const std::vector<std::int64_t> shape = b.shape(weights);
    if (shape.size() != 3)
        return weights;
    return b.reshape(weights, { shape[0], shape[1], 1, shape[2] }, "weights_2d");
}

/// Rows [first, first + count) of a constant or runtime tensor along axis 0.
TensorId rowsOf(
    NodeBuilder& b, TensorId value, std::int64_t first, std::int64_t count, std::string_view suffix)
{
    std::vector<std::int64_t> shape = b.shape(value);
    if (first == 0 && count == shape[0])
        return value;
    std::vector<std::int64_t> begin(shape.size(), 0);
    begin[0] = first;
    shape[0] = count;
    return b.slice(value, begin, shape, suffix);
}

Result<void> lowerConv(LoweringContext& context)
{
    NodeBuilder b(context);
    const int rank = context.inputRank(0);
    if (rank != 3 && rank != 4)
        return context.unsupported(
            "only 1-D and 2-D convolutions are supported, the input has rank "
            + std::to_string(rank));
    const std::vector<std::int64_t> inShape = context.inputShape(0);
    const std::vector<std::int64_t> wShape = context.inputShape(1);
    if (static_cast<int>(wShape.size()) != rank)
        return context.unsupported("weights must have the input's rank");
    const std::int64_t group = context.attributes().getOr<std::int64_t>("group", 1);
    const std::int64_t inChannels = inShape[1];
    const std::int64_t outChannels = wShape[0];
    if (group < 1 || inChannels % group != 0 || outChannels % group != 0
        || wShape[1] * group != inChannels)
        return context.unsupported(
            "group " + std::to_string(group) + " does not divide the channels");

    const std::vector<std::int64_t> spatialIn(inShape.begin() + 2, inShape.end());
    auto window = resolveWindow(
        context, spatialIn, std::vector<std::int64_t>(wShape.begin() + 2, wShape.end()));
    if (!window)
        return std::unexpected(std::move(window.error()));
    const std::vector<std::int64_t> declared = intsAttribute(context.node(), "kernel_shape");
    if (!declared.empty() && declared != window->kernel)
        return context.unsupported("kernel_shape disagrees with the weights");
    const bool same = !window->unpadded() && window->isTfliteSame(spatialIn);
    window->liftTo2D();

    TensorId x = toNhwc4D(b, context.input(0));
    if (!same)
        x = padSpatial(b, x, *window, {}, std::nullopt);
    const ir::Attributes attributes = convAttributes(*window, same);
    const TensorId weights = weights4D(b, context.input(1));
    const TensorId bias = context.input(2);

    TensorId y = ir::kNoTensor;
    if (group == 1) {
        const TensorId filter = b.transpose(weights, { 0, 2, 3, 1 }, "weights_ohwi");
        y = b.emit(OpKind::Conv2D, { x, filter, bias }, attributes);
    } else if (group == inChannels) {
        ir::Attributes depthwise = attributes;
        depthwise.set("depth_multiplier", outChannels / inChannels);
        const TensorId filter = b.transpose(weights, { 1, 2, 3, 0 }, "weights_1hwc");
        y = b.emit(OpKind::DepthwiseConv2D, { x, filter, bias }, std::move(depthwise));
    } else {
        const std::vector<TensorId> parts = b.split(x, 3, static_cast<int>(group), "split_groups");
        const std::int64_t perGroup = outChannels / group;
        std::vector<TensorId> outputs;
        for (std::int64_t g = 0; g < group && b.ok(); ++g) {
            const std::string tag = "group" + std::to_string(g);
            const TensorId groupWeights
                = rowsOf(b, weights, g * perGroup, perGroup, tag + "/weights");
            const TensorId filter
                = b.transpose(groupWeights, { 0, 2, 3, 1 }, tag + "/weights_ohwi");
            const TensorId groupBias = bias == ir::kNoTensor
                ? bias
                : rowsOf(b, bias, g * perGroup, perGroup, tag + "/bias");
            outputs.push_back(b.emit(OpKind::Conv2D,
                { parts[static_cast<std::size_t>(g)], filter, groupBias }, attributes, tag));
        }
        y = b.concat(std::move(outputs), 3, "concat_groups");
    }
    y = fromNhwc4D(b, y, rank);
    if (!b.ok())
        return b.finish();
    context.setOutput(0, y);
    return {};
}

/// IOHW weights dilated by inserting dilation - 1 zeros between the taps of each spatial axis (a
/// PAD of a trailing unit axis, then RESHAPE and SLICE), so that TRANSPOSE_CONV needs no dilation.
/// Constant weights fold on the spot.
TensorId dilatedWeights(
    NodeBuilder& b, TensorId weights, const std::vector<std::int64_t>& dilations)
{
    for (std::size_t axis = 0; axis < 2 && b.ok(); ++axis) {
        const std::int64_t dilation = dilations[axis];
        if (dilation == 1)
            continue;
        const std::string tag = axis == 0 ? "dilate_h" : "dilate_w";
        const std::vector<std::int64_t> shape = b.shape(weights);
        std::vector<std::int64_t> split = shape;
        split.insert(split.begin() + 3 + static_cast<std::ptrdiff_t>(axis), 1);
        std::vector<std::int32_t> paddings(10, 0);
        paddings[2 * (3 + axis) + 1] = static_cast<std::int32_t>(dilation - 1);
        const TensorId padded = b.emit(OpKind::Pad,
            { b.reshape(weights, split, tag + "/split"),
                b.constantInt32(paddings, { 5, 2 }, tag + "/paddings") },
            {}, tag + "/pad");
        std::vector<std::int64_t> spread = shape;
        spread[2 + axis] *= dilation;
        std::vector<std::int64_t> size = shape;
        size[2 + axis] = (shape[2 + axis] - 1) * dilation + 1;
        weights = b.slice(b.reshape(padded, spread, tag + "/merge"), { 0, 0, 0, 0 }, size, tag);
    }
    return weights;
}

/// ONNX's pads of a ConvTranspose for the full extent `full` (before cropping) along each axis;
/// `full` grows where output_shape asks for more than the transposed convolution produces.
Result<void> resolveTransposePads(LoweringContext& context, const std::vector<std::int64_t>& in,
    std::vector<std::int64_t>& full, SpatialWindow& window)
{
    const std::vector<std::int64_t> outputShape = intsAttribute(context.node(), "output_shape");
    const std::string autoPad = context.attributes().getOr<std::string>("auto_pad", "NOTSET");
    const std::vector<std::int64_t> pads = intsAttribute(context.node(), "pads");
    const std::size_t rank = in.size();
    if (!outputShape.empty() && outputShape.size() != rank)
        return context.unsupported("output_shape must give the spatial extents");
    for (std::size_t axis = 0; axis < rank; ++axis) {
        std::int64_t total = 0;
        bool upper = autoPad != "SAME_LOWER";
        if (!outputShape.empty())
            total = full[axis] - outputShape[axis];
        else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER")
            total = full[axis] - in[axis] * window.strides[axis];
        if (!outputShape.empty() || autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
            // A requested output larger than the full result is implicit output padding at the end.
            if (total < 0) {
                full[axis] -= total;
                total = 0;
            }
            window.padBegin[axis] = upper ? total / 2 : total - total / 2;
            window.padEnd[axis] = total - window.padBegin[axis];
        } else if (autoPad == "NOTSET" && !pads.empty()) {
            window.padBegin[axis] = pads[axis];
            window.padEnd[axis] = pads[axis + rank];
        }
        if (window.padBegin[axis] < 0 || window.padEnd[axis] < 0)
            return context.unsupported("negative pads are not supported");
    }
    return {};
}

Result<void> lowerConvTranspose(LoweringContext& context)
{
    NodeBuilder b(context);
    const int rank = context.inputRank(0);
    if (rank != 3 && rank != 4)
        return context.unsupported(
            "only 1-D and 2-D transposed convolutions are supported, the input has rank "
            + std::to_string(rank));
    const std::vector<std::int64_t> inShape = context.inputShape(0);
    const std::vector<std::int64_t> wShape = context.inputShape(1);
    if (static_cast<int>(wShape.size()) != rank || wShape[0] != inShape[1])
        return context.unsupported("weights must be [C_in, C_out, k...] for the input");
    const std::size_t spatial = static_cast<std::size_t>(rank - 2);
    const std::vector<std::int64_t> in(inShape.begin() + 2, inShape.end());

    SpatialWindow window;
    window.kernel.assign(wShape.begin() + 2, wShape.end());
    window.strides = intsAttribute(context.node(), "strides");
    window.dilations = intsAttribute(context.node(), "dilations");
    std::vector<std::int64_t> outputPadding = intsAttribute(context.node(), "output_padding");
    if (window.strides.empty())
        window.strides.assign(spatial, 1);
    if (window.dilations.empty())
        window.dilations.assign(spatial, 1);
    if (outputPadding.empty())
        outputPadding.assign(spatial, 0);
    if (window.strides.size() != spatial || window.dilations.size() != spatial
        || outputPadding.size() != spatial)
        return context.unsupported(
            "strides, dilations and output_padding must give every spatial axis");
    window.padBegin.assign(spatial, 0);
    window.padEnd.assign(spatial, 0);
    std::vector<std::int64_t> full;
    for (std::size_t axis = 0; axis < spatial; ++axis)
        full.push_back((in[axis] - 1) * window.strides[axis] + window.effectiveKernel(axis)
            + outputPadding[axis]);
    if (auto pads = resolveTransposePads(context, in, full, window); !pads)
        return pads;

    std::vector<std::int64_t> fullH = full;
    window.liftTo2D();
    if (spatial == 1)
        fullH.insert(fullH.begin(), 1);

    const std::int64_t group = context.attributes().getOr<std::int64_t>("group", 1);
    const std::int64_t outChannels = wShape[1] * group;
    if (group < 1 || inShape[1] % group != 0)
        return context.unsupported(
            "group " + std::to_string(group) + " does not divide the input channels");
    const std::vector<std::int32_t> outputShape { static_cast<std::int32_t>(inShape[0]),
        static_cast<std::int32_t>(fullH[0]), static_cast<std::int32_t>(fullH[1]),
        static_cast<std::int32_t>(wShape[1]) };
    ir::Attributes attributes;
    attributes.set("padding", std::string("VALID"));
    attributes.set("stride_h", window.strides[0]);
    attributes.set("stride_w", window.strides[1]);
    attributes.set("fused_activation_function", std::string("NONE"));

    // Groups: one TRANSPOSE_CONV per slice of input channels (weights rows), joined on channels.
    const std::vector<TensorId> parts
        = b.split(toNhwc4D(b, context.input(0)), 3, static_cast<int>(group), "split_groups");
    const TensorId weights = dilatedWeights(b, weights4D(b, context.input(1)), window.dilations);
    const TensorId bias = context.input(2);
    const std::int64_t inPerGroup = inShape[1] / group;
    std::vector<TensorId> outputs;
    for (std::int64_t g = 0; g < group && b.ok(); ++g) {
        const std::string tag = group == 1 ? std::string() : "group" + std::to_string(g);
        const std::string prefix = group == 1 ? std::string() : tag + "/";
        const TensorId filter
            = b.transpose(rowsOf(b, weights, g * inPerGroup, inPerGroup, prefix + "weights"),
                { 1, 2, 3, 0 }, prefix + "weights_ohwi");
        const TensorId groupBias = bias == ir::kNoTensor
            ? bias
            : rowsOf(b, bias, g * wShape[1], wShape[1], prefix + "bias");
        outputs.push_back(b.emit(OpKind::TransposeConv,
            { b.constantInt32(outputShape, prefix + "output_shape"), filter,
                parts[static_cast<std::size_t>(g)], groupBias },
            attributes, tag, context.inputTensor(0).dtype));
    }
    TensorId y = b.concat(std::move(outputs), 3, "concat_groups");
    if (!window.unpadded()) {
        std::vector<std::int64_t> size { inShape[0], 0, 0, outChannels };
        for (std::size_t axis = 0; axis < 2; ++axis)
            size[axis + 1] = fullH[axis] - window.padBegin[axis] - window.padEnd[axis];
        if (size[1] <= 0 || size[2] <= 0)
            return context.unsupported("the pads remove the whole output");
        y = b.slice(y, { 0, window.padBegin[0], window.padBegin[1], 0 }, size, "crop");
    }
    y = fromNhwc4D(b, y, rank);
    if (!b.ok())
        return b.finish();
    context.setOutput(0, y);
    return {};
}

const OpLowering kLowerings[] = {
    { "Conv", &lowerConv, &checkConv },
    { "ConvTranspose", &lowerConvTranspose, &checkConvTranspose },
};

} // namespace

std::span<const OpLowering> convLowerings()
{
    return kLowerings;
}

} // namespace lf::onnx_import::ops
