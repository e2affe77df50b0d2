// SPDX-License-Identifier: GPL-3.0-or-later
// Resize, Upsample, DepthToSpace and SpaceToDepth on NHWC between layout transposes. TFLite's
// RESIZE_NEAREST_NEIGHBOR / RESIZE_BILINEAR know three coordinate mappings (plain, align_corners,
// half_pixel_centers) and derive the scale from the extents; rather than translating ONNX's
// coordinate_transformation_mode / nearest_mode table by table, the lowering computes ONNX's source
// coordinate of every output row and column and picks the TFLite mapping that reproduces all of them
// (exact indices for nearest, coordinates within 1e-4 pixel for linear), or reports the node as not
// expressible. DepthToSpace's DCR order is TFLite's; CRD is first turned into DCR by a channel GATHER.
#include "core/importers/onnx/ops/node_builder.h"
#include "core/importers/onnx/ops/ops.h"

#include "core/interpreter/kernels/reference/resize.h"

#include <cmath>
#include <set>

namespace lf::onnx_import::ops {

namespace {

using ir::OpKind;
using ir::TensorId;

/// ONNX's resize settings for one node, normalized over Upsample and the Resize versions.
struct ResizeMode {
    bool linear = false;
    std::string transform = "half_pixel";
    std::string nearest = "round_prefer_floor";
};

ResizeMode resizeMode(const SourceNode& node)
{
    ResizeMode mode;
    const std::string name = node.attributes.getOr<std::string>("mode", "nearest");
    mode.linear = name == "linear" || name == "bilinear";
    if (node.opType == "Upsample" || node.opset < 11) {
        // Upsample and Resize-10: asymmetric coordinates, nearest rounds down (upsampling only
        // for Upsample; Resize-10's downsampling rounds as onnxruntime's "simple" mode, see below).
        mode.transform = "asymmetric";
        mode.nearest = "simple";
        return mode;
    }
    mode.transform = node.attributes.getOr<std::string>("coordinate_transformation_mode", "half_pixel");
    mode.nearest = node.attributes.getOr<std::string>("nearest_mode", "round_prefer_floor");
    return mode;
}

std::string checkResize(const SourceNode& node)
{
    const std::string name = node.attributes.getOr<std::string>("mode", "nearest");
    if (name != "nearest" && name != "linear" && name != "bilinear")
        return "mode '" + name + "' is not supported (TFLite has nearest and bilinear resizing only)";
    const ResizeMode mode = resizeMode(node);
    static const std::set<std::string, std::less<>> transforms{"half_pixel", "pytorch_half_pixel", "align_corners",
                                                                "asymmetric", "tf_half_pixel_for_nn"};
    if (!transforms.contains(mode.transform))
        return "coordinate_transformation_mode '" + mode.transform + "' is not supported";
    static const std::set<std::string, std::less<>> roundings{"round_prefer_floor", "round_prefer_ceil", "floor", "ceil",
                                                               "simple"};
    if (!mode.linear && !roundings.contains(mode.nearest))
        return "nearest_mode '" + mode.nearest + "' is not an ONNX value";
    if (node.attributes.getOr<std::int64_t>("antialias", 0) != 0)
        return "antialias is not supported";
    if (node.attributes.has("axes"))
        return "the axes attribute is not supported";
    if (node.attributes.getOr<std::string>("keep_aspect_ratio_policy", "stretch") != "stretch")
        return "keep_aspect_ratio_policy other than stretch is not supported";
    return {};
}

/// ONNX's real source coordinate of output index `x` along an axis.
double sourceCoordinate(const std::string& transform, std::int64_t x, std::int64_t in, std::int64_t out, double scale)
{
    const auto value = static_cast<double>(x);
    if (transform == "align_corners")
        return out == 1 ? 0.0 : value * static_cast<double>(in - 1) / static_cast<double>(out - 1);
    if (transform == "asymmetric")
        return value / scale;
    if (transform == "tf_half_pixel_for_nn")
        return (value + 0.5) / scale;
    if (transform == "pytorch_half_pixel" && out == 1)
        return 0.0;
    return (value + 0.5) / scale - 0.5;
}

std::int64_t roundNearest(const std::string& rounding, double coordinate, double scale)
{
    const double fraction = coordinate - std::floor(coordinate);
    if (rounding == "floor" || (rounding == "simple" && scale >= 1.0))
        return static_cast<std::int64_t>(std::floor(coordinate));
    if (rounding == "ceil" || rounding == "simple")
        return static_cast<std::int64_t>(std::ceil(coordinate));
    if (fraction == 0.5)
        return static_cast<std::int64_t>(rounding == "round_prefer_ceil" ? std::ceil(coordinate) : std::floor(coordinate));
    return static_cast<std::int64_t>(std::round(coordinate));
}

struct TfliteMapping {
    bool alignCorners;
    bool halfPixelCenters;
};

/// Whether TFLite's `mapping` reproduces ONNX's coordinates along one axis.
bool mappingMatches(const ResizeMode& mode, const TfliteMapping& mapping, std::int64_t in, std::int64_t out, double scale)
{
    namespace ref = interp::reference;
    const float tfliteScale = ref::resizeScale(in, out, mapping.alignCorners);
    for (std::int64_t x = 0; x < out; ++x) {
        const double onnx = sourceCoordinate(mode.transform, x, in, out, scale);
        if (mode.linear) {
            const double tflite = ref::bilinearTap(x, tfliteScale, mapping.halfPixelCenters, in).position;
            const double high = static_cast<double>(in - 1);
            if (std::abs(std::clamp(onnx, 0.0, high) - std::clamp(tflite, 0.0, high)) > 1e-4)
                return false;
        } else {
            const std::int64_t index = std::clamp<std::int64_t>(roundNearest(mode.nearest, onnx, scale), 0, in - 1);
            if (index != ref::nearestIndex(x, in, out, mapping.alignCorners, mapping.halfPixelCenters))
                return false;
        }
    }
    return true;
}

/// Emits the TFLite resize of the NCHW input to spatial extents `out` with ONNX scales `scales`.
Result<void> lowerSpatialResize(LoweringContext& context, const ResizeMode& mode, const std::vector<std::int64_t>& out,
                                const std::vector<double>& scales)
{
    const std::vector<std::int64_t> shape = context.inputShape(0);
    static constexpr TfliteMapping kMappings[] = {{false, false}, {false, true}, {true, false}};
    const TfliteMapping* chosen = nullptr;
    for (const TfliteMapping& mapping : kMappings) {
        if (mappingMatches(mode, mapping, shape[2], out[0], scales[0])
            && mappingMatches(mode, mapping, shape[3], out[1], scales[1])) {
            chosen = &mapping;
            break;
        }
    }
    if (!chosen)
        return context.unsupported((mode.linear ? "linear" : "nearest (" + mode.nearest + ")") + std::string(" resizing with ")
                                   + mode.transform + " coordinates from " + std::to_string(shape[2]) + "x"
                                   + std::to_string(shape[3]) + " to " + std::to_string(out[0]) + "x"
                                   + std::to_string(out[1]) + " is not expressible by TFLite's resize ops");
    NodeBuilder b(context);
    ir::Attributes attributes;
    attributes.set("align_corners", chosen->alignCorners);
    attributes.set("half_pixel_centers", chosen->halfPixelCenters);
    const TensorId size = b.constantInt32({static_cast<std::int32_t>(out[0]), static_cast<std::int32_t>(out[1])}, "size");
    const TensorId y = b.emit(mode.linear ? OpKind::ResizeBilinear : OpKind::ResizeNearestNeighbor,
                              {b.toChannelsLast(context.input(0)), size}, std::move(attributes));
    const TensorId result = b.toChannelsFirst(y);
    if (!b.ok())
        return b.finish();
    context.setOutput(0, result);
    return {};
}

/// Output extents and per-axis scales from ONNX's scales (out = floor(in * scale)) or sizes.
Result<void> lowerWithScalesOrSizes(LoweringContext& context, const std::vector<double>& scaleValues,
                                    const std::vector<std::int64_t>& sizeValues)
{
    if (context.inputRank(0) != 4)
        return context.unsupported("only 4-D NCHW inputs can be resized");
    const std::vector<std::int64_t> shape = context.inputShape(0);
    std::vector<std::int64_t> out(4);
    std::vector<double> scales(4);
    for (std::size_t axis = 0; axis < 4; ++axis) {
        if (!sizeValues.empty()) {
            out[axis] = sizeValues[axis];
            scales[axis] = static_cast<double>(out[axis]) / static_cast<double>(shape[axis]);
        } else {
            scales[axis] = scaleValues[axis];
            out[axis] = static_cast<std::int64_t>(std::floor(static_cast<double>(shape[axis]) * scales[axis]));
        }
        if (out[axis] <= 0)
            return context.unsupported("the output would be empty");
    }
    if (out[0] != shape[0] || out[1] != shape[1])
        return context.unsupported("only the spatial (H, W) axes can be resized");
    return lowerSpatialResize(context, resizeMode(context.node()), {out[2], out[3]}, {scales[2], scales[3]});
}

Result<void> lowerResize(LoweringContext& context)
{
    const bool opset10 = context.opset() < 11;
    const std::size_t scalesInput = opset10 ? 1 : 2;
    if (!opset10 && context.hasInput(3)) {
        auto sizes = context.constantInts(3, "sizes");
        if (!sizes)
            return std::unexpected(std::move(sizes.error()));
        if (sizes->size() != 4)
            return context.unsupported("sizes must give all four extents");
        return lowerWithScalesOrSizes(context, {}, *sizes);
    }
    auto scales = context.constantFloats(scalesInput, "scales");
    if (!scales)
        return std::unexpected(std::move(scales.error()));
    if (scales->size() != 4)
        return context.unsupported("scales must give all four axes");
    return lowerWithScalesOrSizes(context, std::vector<double>(scales->begin(), scales->end()), {});
}

Result<void> lowerUpsample(LoweringContext& context)
{
    std::vector<double> scales = context.attributes().getOr<std::vector<double>>("scales", {});
    if (context.hasInput(1)) {
        auto values = context.constantFloats(1, "scales");
        if (!values)
            return std::unexpected(std::move(values.error()));
        scales.assign(values->begin(), values->end());
    }
    if (scales.size() != 4)
        return context.unsupported("scales must give all four axes");
    return lowerWithScalesOrSizes(context, scales, {});
}

std::string checkDepthToSpace(const SourceNode& node)
{
    const std::string mode = node.attributes.getOr<std::string>("mode", "DCR");
    if (mode != "DCR" && mode != "CRD")
        return "mode '" + mode + "' is not an ONNX value";
    if (node.attributes.getOr<std::int64_t>("blocksize", 0) < 1)
        return "blocksize must be positive";
    return {};
}

ir::Attributes blockAttributes(const LoweringContext& context)
{
    ir::Attributes attributes;
    attributes.set("block_size", context.attributes().getOr<std::int64_t>("blocksize", 1));
    return attributes;
}

/// The channel order that turns CRD (c * bs * bs + i * bs + j) into DCR ((i * bs + j) * C + c).
std::vector<std::int32_t> crdToDcr(std::int64_t channels, std::int64_t block)
{
    const std::int64_t depth = channels / (block * block);
    std::vector<std::int32_t> order;
    for (std::int64_t offset = 0; offset < block * block; ++offset) {
        for (std::int64_t c = 0; c < depth; ++c)
            order.push_back(static_cast<std::int32_t>(c * block * block + offset));
    }
    return order;
}

Result<void> lowerDepthToSpace(LoweringContext& context)
{
    if (context.inputRank(0) != 4)
        return context.unsupported("needs a 4-D NCHW input");
    NodeBuilder b(context);
    TensorId x = b.toChannelsLast(context.input(0));
    if (context.attributes().getOr<std::string>("mode", "DCR") == "CRD") {
        const std::int64_t block = context.attributes().getOr<std::int64_t>("blocksize", 1);
        const std::int64_t channels = context.inputShape(0)[1];
        if (channels % (block * block) != 0)
            return context.unsupported("channels are not a multiple of blocksize squared");
        ir::Attributes gather;
        gather.set("axis", std::int64_t{3});
        gather.set("batch_dims", std::int64_t{0});
        x = b.emit(OpKind::Gather, {x, b.constantInt32(crdToDcr(channels, block), "crd_order")}, std::move(gather), "crd_to_dcr");
    }
    const TensorId y = b.toChannelsFirst(b.emit(OpKind::DepthToSpace, {x}, blockAttributes(context)));
    if (!b.ok())
        return b.finish();
    context.setOutput(0, y);
    return {};
}

std::string checkSpaceToDepth(const SourceNode& node)
{
    if (node.attributes.getOr<std::int64_t>("blocksize", 0) < 1)
        return "blocksize must be positive";
    return {};
}

Result<void> lowerSpaceToDepth(LoweringContext& context)
{
    if (context.inputRank(0) != 4)
        return context.unsupported("needs a 4-D NCHW input");
    NodeBuilder b(context);
    const TensorId y
        = b.toChannelsFirst(b.emit(OpKind::SpaceToDepth, {b.toChannelsLast(context.input(0))}, blockAttributes(context)));
    if (!b.ok())
        return b.finish();
    context.setOutput(0, y);
    return {};
}

const OpLowering kLowerings[] = {
    {"DepthToSpace", &lowerDepthToSpace, &checkDepthToSpace},
    {"Resize", &lowerResize, &checkResize},
    {"SpaceToDepth", &lowerSpaceToDepth, &checkSpaceToDepth},
    {"Upsample", &lowerUpsample, &checkResize},
};

} // namespace

std::span<const OpLowering> resizeLowerings()
{
    return kLowerings;
}

} // namespace lf::onnx_import::ops
