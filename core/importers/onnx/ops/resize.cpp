// SPDX-License-Identifier: GPL-3.0-or-later
// Resize, Upsample, DepthToSpace and SpaceToDepth. Resizing is separable: along each axis an output
// element is a fixed combination of input elements, which the lowering computes exactly as ONNX's
// reference does (coordinate_transformation_mode, nearest_mode, the linear and cubic kernels with
// exclude_outside, edge clamping). If one of TFLite's three coordinate mappings (plain,
// align_corners, half_pixel_centers) reproduces those combinations for H and W of a 4-D NCHW input,
// the node becomes RESIZE_NEAREST_NEIGHBOR / RESIZE_BILINEAR on NHWC between layout transposes.
// Otherwise each resized axis becomes a GATHER (nearest) or a product with its constant
// interpolation matrix (FULLY_CONNECTED for the last axis, BATCH_MATMUL for the others), which is
// exact for every mode but tf_crop_and_resize. DepthToSpace's DCR order is TFLite's; CRD is first
// turned into DCR by a channel GATHER.
#include "core/importers/onnx/ops/node_builder.h"
#include "core/importers/onnx/ops/ops.h"

#include "core/interpreter/kernels/reference/resize.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

namespace lf::onnx_import::ops {

namespace {

using ir::OpKind;
using ir::TensorId;

/// ONNX's resize settings for one node, normalized over Upsample and the Resize versions.
struct ResizeMode
{
    std::string kind = "nearest"; ///< nearest, linear or cubic
    std::string transform = "half_pixel";
    std::string nearest = "round_prefer_floor";
    double cubicA = -0.75;
    bool excludeOutside = false;
};

ResizeMode resizeMode(const SourceNode& node)
{
    ResizeMode mode;
    mode.kind = node.attributes.getOr<std::string>("mode", "nearest");
    if (mode.kind == "bilinear")
        mode.kind = "linear";
    if (node.opType == "Upsample" || node.opset < 11) {
        // Upsample and Resize-10: asymmetric coordinates; nearest rounds down when upsampling and
        // up when downsampling (onnxruntime's "simple" mode).
        mode.transform = "asymmetric";
        mode.nearest = "simple";
        return mode;
    }
    mode.transform
        = node.attributes.getOr<std::string>("coordinate_transformation_mode", "half_pixel");
    mode.nearest = node.attributes.getOr<std::string>("nearest_mode", "round_prefer_floor");
    mode.cubicA = node.attributes.getOr<double>("cubic_coeff_a", -0.75);
    mode.excludeOutside = node.attributes.getOr<std::int64_t>("exclude_outside", 0) != 0;
    return mode;
}

std::string checkResize(const SourceNode& node)
{
    const ResizeMode mode = resizeMode(node);
    if (mode.kind != "nearest" && mode.kind != "linear" && mode.kind != "cubic")
        return "mode '" + mode.kind + "' is not an ONNX value";
    static const std::set<std::string, std::less<>> transforms { "half_pixel", "pytorch_half_pixel",
        "align_corners", "asymmetric", "tf_half_pixel_for_nn" };
    if (!transforms.contains(mode.transform))
        return "coordinate_transformation_mode '" + mode.transform + "' is not supported";
    static const std::set<std::string, std::less<>> roundings { "round_prefer_floor",
        "round_prefer_ceil", "floor", "ceil", "simple" };
    if (mode.kind == "nearest" && !roundings.contains(mode.nearest))
        return "nearest_mode '" + mode.nearest + "' is not an ONNX value";
    if (node.attributes.getOr<std::int64_t>("antialias", 0) != 0)
        return "antialias is not supported";
    if (node.attributes.has("axes"))
        return "the axes attribute is not supported";
    if (node.attributes.getOr<std::string>("keep_aspect_ratio_policy", "stretch") != "stretch")
        return "keep_aspect_ratio_policy other than stretch is not supported";
    return {};
}

/// One axis of a resize: extents, ONNX's scale and its real output length (in * scale).
struct AxisResize
{
    std::int64_t in = 1;
    std::int64_t out = 1;
    double scale = 1.0;
    double length = 1.0;
};

/// ONNX's real source coordinate of output index `x`.
double sourceCoordinate(const ResizeMode& mode, const AxisResize& axis, std::int64_t x)
{
    const auto value = static_cast<double>(x);
    if (mode.transform == "align_corners")
        return axis.length == 1.0 ? 0.0
                                  : value * static_cast<double>(axis.in - 1) / (axis.length - 1.0);
    if (mode.transform == "asymmetric")
        return value / axis.scale;
    if (mode.transform == "tf_half_pixel_for_nn")
        return (value + 0.5) / axis.scale;
    if (mode.transform == "pytorch_half_pixel" && axis.length == 1.0)
        return 0.0;
    return (value + 0.5) / axis.scale - 0.5;
}

std::int64_t roundNearest(const ResizeMode& mode, double coordinate, double scale)
{
    const double fraction = coordinate - std::floor(coordinate);
    if (mode.nearest == "floor" || (mode.nearest == "simple" && scale >= 1.0))
        return static_cast<std::int64_t>(std::floor(coordinate));
    if (mode.nearest == "ceil" || mode.nearest == "simple")
        return static_cast<std::int64_t>(std::ceil(coordinate));
    if (fraction == 0.5)
        return static_cast<std::int64_t>(
            mode.nearest == "round_prefer_ceil" ? std::ceil(coordinate) : std::floor(coordinate));
    return static_cast<std::int64_t>(std::round(coordinate));
}

/// The input index each output index copies (nearest mode).
std::vector<std::int64_t> nearestIndices(const ResizeMode& mode, const AxisResize& axis)
{
    std::vector<std::int64_t> indices;
    for (std::int64_t x = 0; x < axis.out; ++x)
        indices.push_back(std::clamp<std::int64_t>(
            roundNearest(mode, sourceCoordinate(mode, axis, x), axis.scale), 0, axis.in - 1));
    return indices;
}

std::vector<double> kernelCoefficients(const ResizeMode& mode, double ratio)
{
    if (mode.kind == "linear")
        return { 1.0 - ratio, ratio };
    const double a = mode.cubicA;
    const double r = ratio;
    const double s = 1.0 - ratio;
    return { ((a * (r + 1) - 5 * a) * (r + 1) + 8 * a) * (r + 1) - 4 * a,
        ((a + 2) * r - (a + 3)) * r * r + 1, ((a + 2) * s - (a + 3)) * s * s + 1,
        ((a * (s + 1) - 5 * a) * (s + 1) + 8 * a) * (s + 1) - 4 * a };
}

/// The [out, in] matrix of a linear or cubic resize along one axis, as ONNX's reference computes
/// it: the kernel's taps are the nearest input positions of the edge-padded input (ties to the
/// lower).
std::vector<double> interpolationMatrix(const ResizeMode& mode, const AxisResize& axis)
{
    std::vector<double> matrix(static_cast<std::size_t>(axis.out * axis.in), 0.0);
    const std::int64_t taps = mode.kind == "linear" ? 2 : 4;
    const std::int64_t pad = (taps + 1) / 2;
    for (std::int64_t x = 0; x < axis.out; ++x) {
        const double coordinate = sourceCoordinate(mode, axis, x);
        const double ratio
            = coordinate == std::floor(coordinate) ? 1.0 : coordinate - std::floor(coordinate);
        std::vector<double> coefficients = kernelCoefficients(mode, ratio);
        const double padded = coordinate + static_cast<double>(pad);
        std::vector<std::int64_t> candidates(static_cast<std::size_t>(axis.in + 2 * pad));
        std::iota(candidates.begin(), candidates.end(), 0);
        std::stable_sort(candidates.begin(), candidates.end(), [&](std::int64_t a, std::int64_t b) {
            return std::abs(padded - static_cast<double>(a))
                < std::abs(padded - static_cast<double>(b));
        });
        candidates.resize(static_cast<std::size_t>(taps));
        std::sort(candidates.begin(), candidates.end());
        double total = 0.0;
        for (std::size_t t = 0; t < candidates.size(); ++t) {
            const std::int64_t index = candidates[t] - pad;
            if (mode.excludeOutside && (index < 0 || index >= axis.in))
                coefficients[t] = 0.0;
            total += coefficients[t];
        }
        for (std::size_t t = 0; t < candidates.size(); ++t) {
            const std::int64_t index
                = std::clamp<std::int64_t>(candidates[t] - pad, 0, axis.in - 1);
            matrix[static_cast<std::size_t>(x * axis.in + index)]
                += mode.excludeOutside ? coefficients[t] / total : coefficients[t];
        }
    }
    return matrix;
}

struct TfliteMapping
{
    bool alignCorners;
    bool halfPixelCenters;
};

/// The [out, in] matrix of TFLite's RESIZE_BILINEAR with `mapping` along one axis.
std::vector<double> tfliteBilinearMatrix(const TfliteMapping& mapping, const AxisResize& axis)
{
    namespace ref = interp::reference;
    std::vector<double> matrix(static_cast<std::size_t>(axis.out * axis.in), 0.0);
    const float scale = ref::resizeScale(axis.in, axis.out, mapping.alignCorners);
    for (std::int64_t x = 0; x < axis.out; ++x) {
        const ref::BilinearTap tap = ref::bilinearTap(x, scale, mapping.halfPixelCenters, axis.in);
        if (tap.lower >= axis.in || tap.upper < 0)
            return {};
        const double weight = static_cast<double>(tap.position) - static_cast<double>(tap.lower);
        matrix[static_cast<std::size_t>(x * axis.in + tap.lower)] += 1.0 - weight;
        matrix[static_cast<std::size_t>(x * axis.in + tap.upper)] += weight;
    }
    return matrix;
}

/// Whether TFLite's `mapping` reproduces ONNX's resize along one axis.
bool mappingMatches(const ResizeMode& mode, const TfliteMapping& mapping, const AxisResize& axis)
{
    if (mode.kind == "nearest") {
        const std::vector<std::int64_t> indices = nearestIndices(mode, axis);
        for (std::int64_t x = 0; x < axis.out; ++x) {
            if (indices[static_cast<std::size_t>(x)]
                != interp::reference::nearestIndex(
                    x, axis.in, axis.out, mapping.alignCorners, mapping.halfPixelCenters))
                return false;
        }
        return true;
    }
    if (mode.kind != "linear")
        return false;
    const std::vector<double> onnx = interpolationMatrix(mode, axis);
    const std::vector<double> tflite = tfliteBilinearMatrix(mapping, axis);
    if (tflite.size() != onnx.size())
        return false;
    for (std::size_t i = 0; i < onnx.size(); ++i) {
        if (std::abs(onnx[i] - tflite[i]) > 1e-5)
            return false;
    }
    return true;
}

/// TFLite's resize builtin on NHWC, if one of its mappings reproduces ONNX along H and W.
bool tryTfliteResize(NodeBuilder& b, const ResizeMode& mode, const std::vector<AxisResize>& axes)
{
    if (axes.size() != 4 || axes[0].out != axes[0].in || axes[1].out != axes[1].in)
        return false;
    static constexpr TfliteMapping kMappings[]
        = { { false, false }, { false, true }, { true, false } };
    for (const TfliteMapping& mapping : kMappings) {
        if (!mappingMatches(mode, mapping, axes[2]) || !mappingMatches(mode, mapping, axes[3]))
            continue;
        ir::Attributes attributes;
        attributes.set("align_corners", mapping.alignCorners);
        attributes.set("half_pixel_centers", mapping.halfPixelCenters);
        const TensorId size = b.constantInt32(
            { static_cast<std::int32_t>(axes[2].out), static_cast<std::int32_t>(axes[3].out) },
            "size");
        const TensorId y
            = b.emit(mode.kind == "linear" ? OpKind::ResizeBilinear : OpKind::ResizeNearestNeighbor,
                { b.toChannelsLast(b.context().input(0)), size }, std::move(attributes));
        b.context().setOutput(0, b.toChannelsFirst(y));
        return true;
    }
    return false;
}

/// Resizes axis `a` of `x` by multiplying with its [out, in] matrix.
TensorId applyMatrix(NodeBuilder& b, TensorId x, std::size_t a, const AxisResize& axis,
    const std::vector<double>& matrix)
{
    const std::string tag = "axis" + std::to_string(a);
    const std::vector<float> values(matrix.begin(), matrix.end());
    std::vector<std::int64_t> shape = b.shape(x);
    if (a + 1 == shape.size()) {
        ir::Attributes attributes;
        attributes.set("fused_activation_function", std::string("NONE"));
        attributes.set("keep_num_dims", true);
        return b.emit(OpKind::FullyConnected,
            { x, b.constantFloat(values, { axis.out, axis.in }, tag + "/weights") },
            std::move(attributes), tag);
    }
    std::int64_t outer = 1;
    std::int64_t inner = 1;
    for (std::size_t d = 0; d < shape.size(); ++d) {
        if (d < a)
            outer *= shape[d];
        else if (d > a)
            inner *= shape[d];
    }
    const TensorId grouped = b.reshape(x, { outer, axis.in, inner }, tag + "/group");
    ir::Attributes attributes;
    attributes.set("adj_x", false);
    attributes.set("adj_y", false);
    const TensorId y = b.emit(OpKind::BatchMatMul,
        { b.constantFloat(values, { axis.out, axis.in }, tag + "/matrix"), grouped },
        std::move(attributes), tag);
    shape[a] = axis.out;
    return b.reshape(y, shape, tag + "/ungroup");
}

/// GATHER / matrix products along every resized axis.
TensorId separableResize(
    NodeBuilder& b, const ResizeMode& mode, const std::vector<AxisResize>& axes)
{
    TensorId x = b.context().input(0);
    for (std::size_t a = 0; a < axes.size() && b.ok(); ++a) {
        const AxisResize& axis = axes[a];
        if (mode.kind == "nearest") {
            const std::vector<std::int64_t> indices = nearestIndices(mode, axis);
            std::vector<std::int64_t> identity(static_cast<std::size_t>(axis.in));
            std::iota(identity.begin(), identity.end(), 0);
            if (indices == identity)
                continue;
            ir::Attributes attributes;
            attributes.set("axis", static_cast<std::int64_t>(a));
            attributes.set("batch_dims", std::int64_t { 0 });
            const std::string tag = "axis" + std::to_string(a);
            x = b.emit(OpKind::Gather,
                { x,
                    b.constantInt32(std::vector<std::int32_t>(indices.begin(), indices.end()),
                        tag + "/indices") },
                std::move(attributes), tag);
            continue;
        }
        const std::vector<double> matrix = interpolationMatrix(mode, axis);
        bool identity = axis.in == axis.out;
        for (std::int64_t i = 0; identity && i < axis.in; ++i) {
            for (std::int64_t j = 0; j < axis.in; ++j)
                identity = identity
                    && std::abs(
                           matrix[static_cast<std::size_t>(i * axis.in + j)] - (i == j ? 1.0 : 0.0))
                        < 1e-12;
        }
        if (!identity)
            x = applyMatrix(b, x, a, axis, matrix);
    }
    return x;
}

/// Lowers the resize of input 0 from ONNX's scales (out = floor(in * scale)) or sizes.
Result<void> lowerWithScalesOrSizes(LoweringContext& context, const std::vector<double>& scales,
    const std::vector<std::int64_t>& sizes)
{
    const std::vector<std::int64_t> shape = context.inputShape(0);
    if ((sizes.empty() ? scales.size() : sizes.size()) != shape.size())
        return context.unsupported("scales or sizes must give every axis of the input");
    if (context.inputTensor(0).dtype != ir::DType::Float32
        && resizeMode(context.node()).kind != "nearest")
        return context.unsupported("linear and cubic resizing need a float input");
    std::vector<AxisResize> axes(shape.size());
    for (std::size_t a = 0; a < shape.size(); ++a) {
        AxisResize& axis = axes[a];
        axis.in = shape[a];
        if (!sizes.empty()) {
            axis.out = sizes[a];
            axis.scale = static_cast<double>(axis.out) / static_cast<double>(axis.in);
            axis.length = static_cast<double>(axis.out);
        } else {
            axis.scale = scales[a];
            axis.length = static_cast<double>(axis.in) * axis.scale;
            axis.out = static_cast<std::int64_t>(std::floor(axis.length));
        }
        if (axis.out <= 0 || axis.in <= 0)
            return context.unsupported("the input or output would be empty");
        if (axis.in * axis.out > (std::int64_t { 1 } << 22))
            return context.unsupported(
                "axis " + std::to_string(a) + " is too large for an interpolation matrix");
    }
    const ResizeMode mode = resizeMode(context.node());
    NodeBuilder b(context);
    if (tryTfliteResize(b, mode, axes))
        return b.finish();
    const TensorId y = separableResize(b, mode, axes);
    if (!b.ok())
        return b.finish();
    context.setOutput(0, y);
    return {};
}

Result<void> lowerResize(LoweringContext& context)
{
    const bool opset10 = context.opset() < 11;
    if (!opset10 && context.hasInput(3)) {
        auto sizes = context.constantInts(3, "sizes");
        if (!sizes)
            return std::unexpected(std::move(sizes.error()));
        return lowerWithScalesOrSizes(context, {}, *sizes);
    }
    auto scales = context.constantFloats(opset10 ? 1 : 2, "scales");
    if (!scales)
        return std::unexpected(std::move(scales.error()));
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
        gather.set("axis", std::int64_t { 3 });
        gather.set("batch_dims", std::int64_t { 0 });
        x = b.emit(OpKind::Gather, { x, b.constantInt32(crdToDcr(channels, block), "crd_order") },
            std::move(gather), "crd_to_dcr");
    }
    const TensorId y
        = b.toChannelsFirst(b.emit(OpKind::DepthToSpace, { x }, blockAttributes(context)));
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
    const TensorId y = b.toChannelsFirst(b.emit(
        OpKind::SpaceToDepth, { b.toChannelsLast(context.input(0)) }, blockAttributes(context)));
    if (!b.ok())
        return b.finish();
    context.setOutput(0, y);
    return {};
}

const OpLowering kLowerings[] = {
    { "DepthToSpace", &lowerDepthToSpace, &checkDepthToSpace },
    { "Resize", &lowerResize, &checkResize },
    { "SpaceToDepth", &lowerSpaceToDepth, &checkSpaceToDepth },
    { "Upsample", &lowerUpsample, &checkResize },
};

} // namespace

std::span<const OpLowering> resizeLowerings()
{
    return kLowerings;
}

} // namespace lf::onnx_import::ops
