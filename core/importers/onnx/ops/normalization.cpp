// SPDX-License-Identifier: GPL-3.0-or-later
// BatchNormalization (inference) as a per-channel MUL + ADD with [C, 1, ...] constants that the
// fusion passes fold into a preceding convolution; InstanceNormalization and LayerNormalization as
// MEAN / SUB / MUL / RSQRT / ADD; LpNormalization as L2_NORMALIZATION on the last axis or a
// SUM-based decomposition; LRN as a banded 1x1 CONV_2D over the squares (the window sum across
// channels) followed by ADD, POW and DIV. Parameter arithmetic on constants folds as it is emitted.
#include "core/importers/onnx/ops/node_builder.h"
#include "core/importers/onnx/ops/ops.h"

namespace lf::onnx_import::ops {

namespace {

using ir::OpKind;
using ir::TensorId;

float floatAttribute(const LoweringContext& context, std::string_view name, double fallback)
{
    return static_cast<float>(context.attributes().getOr<double>(name, fallback));
}

/// A per-channel [C] vector reshaped to [C, 1, ...] so that it broadcasts over an N, C, ... input
/// of rank `rank`.
TensorId channelVector(NodeBuilder& b, TensorId vector, int rank, std::string_view suffix)
{
    std::vector<std::int64_t> shape { static_cast<std::int64_t>(
        b.shape(vector).empty() ? 1 : b.shape(vector)[0]) };
    shape.resize(static_cast<std::size_t>(std::max(rank - 1, 1)), 1);
    return b.reshape(vector, shape, suffix);
}

std::vector<std::int32_t> axesFrom(int first, int rank)
{
    std::vector<std::int32_t> axes;
    for (int axis = first; axis < rank; ++axis)
        axes.push_back(axis);
    return axes;
}

Result<void> bindOutput(NodeBuilder& b, std::size_t index, TensorId value)
{
    if (!b.ok())
        return b.finish();
    b.context().setOutput(index, value);
    return {};
}

std::string checkBatchNormalization(const SourceNode& node)
{
    if (node.attributes.getOr<std::int64_t>("training_mode", 0) != 0)
        return "training_mode is not supported (inference only)";
    if (node.attributes.getOr<std::int64_t>("spatial", 1) != 1)
        return "spatial=0 is not supported";
    for (std::size_t i = 1; i < node.outputs.size(); ++i) {
        if (!node.outputs[i].empty())
            return "the training outputs (running mean and variance) are not supported";
    }
    if (node.inputs.size() != 5)
        return "needs X, scale, B, mean and var";
    return {};
}

Result<void> lowerBatchNormalization(LoweringContext& context)
{
    NodeBuilder b(context);
    const int rank = context.inputRank(0);
    if (rank < 2)
        return context.unsupported("needs an input of rank 2 or more");
    const TensorId epsilon = b.scalar(floatAttribute(context, "epsilon", 1e-5), "epsilon");
    const TensorId variance = b.binary(OpKind::Add, context.input(4), epsilon, "variance_eps");
    const TensorId factor = b.binary(
        OpKind::Mul, context.input(1), b.unary(OpKind::Rsqrt, variance, "inv_std"), "factor");
    const TensorId shift = b.binary(OpKind::Sub, context.input(2),
        b.binary(OpKind::Mul, context.input(3), factor, "mean_factor"), "shift");
    const TensorId scaled = b.binary(
        OpKind::Mul, context.input(0), channelVector(b, factor, rank, "factor_c11"), "scale");
    return bindOutput(
        b, 0, b.binary(OpKind::Add, scaled, channelVector(b, shift, rank, "shift_c11"), {}));
}

/// (x - mean) * rsqrt(variance + epsilon) over `axes`, with the mean and the inverse deviation.
struct Standardized
{
    TensorId centered = ir::kNoTensor;
    TensorId mean = ir::kNoTensor;
    TensorId inverseDeviation = ir::kNoTensor;
};

Standardized standardize(
    NodeBuilder& b, TensorId x, const std::vector<std::int32_t>& axes, float epsilon)
{
    Standardized result;
    result.mean = b.reduce(OpKind::Mean, x, axes, true, "mean");
    result.centered = b.binary(OpKind::Sub, x, result.mean, "centered");
    const TensorId variance = b.reduce(OpKind::Mean,
        b.binary(OpKind::Mul, result.centered, result.centered, "squared"), axes, true, "variance");
    result.inverseDeviation = b.unary(OpKind::Rsqrt,
        b.binary(OpKind::Add, variance, b.scalar(epsilon, "epsilon"), "variance_eps"), "inv_std");
    return result;
}

Result<void> lowerInstanceNormalization(LoweringContext& context)
{
    NodeBuilder b(context);
    const int rank = context.inputRank(0);
    if (rank < 3)
        return context.unsupported("needs an N, C, spatial... input");
    const Standardized s = standardize(
        b, context.input(0), axesFrom(2, rank), floatAttribute(context, "epsilon", 1e-5));
    const TensorId scale = b.binary(OpKind::Mul, s.inverseDeviation,
        channelVector(b, context.input(1), rank, "scale_c11"), "inv_std_scale");
    const TensorId y = b.binary(OpKind::Mul, s.centered, scale, "normalized");
    return bindOutput(
        b, 0, b.binary(OpKind::Add, y, channelVector(b, context.input(2), rank, "bias_c11"), {}));
}

std::string checkLayerNormalization(const SourceNode& node)
{
    if (node.inputs.size() < 2)
        return "needs X and Scale";
    return {};
}

Result<void> lowerLayerNormalization(LoweringContext& context)
{
    NodeBuilder b(context);
    const int rank = context.inputRank(0);
    std::int64_t axis = context.attributes().getOr<std::int64_t>("axis", -1);
    if (axis < 0)
        axis += rank;
    if (axis < 0 || axis >= rank)
        return context.unsupported("axis is out of range for rank " + std::to_string(rank));
    const Standardized s = standardize(b, context.input(0), axesFrom(static_cast<int>(axis), rank),
        floatAttribute(context, "epsilon", 1e-5));
    TensorId y
        = b.binary(OpKind::Mul, b.binary(OpKind::Mul, s.centered, s.inverseDeviation, "normalized"),
            context.input(1), context.hasInput(2) ? "scaled" : "");
    if (context.hasInput(2))
        y = b.binary(OpKind::Add, y, context.input(2), {});
    if (auto bound = bindOutput(b, 0, y); !bound)
        return bound;
    context.setOutput(1, s.mean);
    context.setOutput(2, s.inverseDeviation);
    return {};
}

std::string checkLpNormalization(const SourceNode& node)
{
    const std::int64_t p = node.attributes.getOr<std::int64_t>("p", 2);
    if (p != 1 && p != 2)
        return "p must be 1 or 2, not " + std::to_string(p);
    return {};
}

Result<void> lowerLpNormalization(LoweringContext& context)
{
    NodeBuilder b(context);
    const int rank = context.inputRank(0);
    std::int64_t axis = context.attributes().getOr<std::int64_t>("axis", -1);
    if (axis < 0)
        axis += rank;
    if (axis < 0 || axis >= rank)
        return context.unsupported("axis is out of range for rank " + std::to_string(rank));
    const bool l2 = context.attributes().getOr<std::int64_t>("p", 2) == 2;
    const TensorId x = context.input(0);
    if (l2 && axis == rank - 1) {
        ir::Attributes attributes;
        attributes.set("fused_activation_function", std::string("NONE"));
        return bindOutput(b, 0, b.emit(OpKind::L2Normalization, { x }, std::move(attributes)));
    }
    const std::vector<std::int32_t> axes { static_cast<std::int32_t>(axis) };
    TensorId norm = ir::kNoTensor;
    if (l2)
        norm = b.unary(OpKind::Sqrt,
            b.reduce(OpKind::Sum, b.unary(OpKind::Square, x, "squared"), axes, true, "sum"),
            "norm");
    else
        norm = b.reduce(OpKind::Sum, b.unary(OpKind::Abs, x, "abs"), axes, true, "norm");
    return bindOutput(b, 0, b.binary(OpKind::Div, x, norm, {}));
}

std::string checkLrn(const SourceNode& node)
{
    if (node.attributes.getOr<std::int64_t>("size", 0) < 1)
        return "size must be positive";
    return {};
}

/// [C, 1, 1, C] OHWI weights of alpha / size where input channel i is in output channel o's window.
std::vector<float> lrnWindowWeights(std::int64_t channels, std::int64_t size, float alpha)
{
    std::vector<float> weights(static_cast<std::size_t>(channels * channels), 0.0f);
    const std::int64_t before = (size - 1) / 2;
    const std::int64_t after = size - 1 - before;
    for (std::int64_t o = 0; o < channels; ++o) {
        for (std::int64_t i = std::max<std::int64_t>(0, o - before);
             i <= std::min(channels - 1, o + after); ++i)
            weights[static_cast<std::size_t>(o * channels + i)] = alpha / static_cast<float>(size);
    }
    return weights;
}

Result<void> lowerLrn(LoweringContext& context)
{
    NodeBuilder b(context);
    if (context.inputRank(0) != 4)
        return context.unsupported("needs a 4-D NCHW input");
    const std::int64_t channels = context.inputShape(0)[1];
    const std::int64_t size = context.attributes().getOr<std::int64_t>("size", 1);
    const TensorId x = context.input(0);
    const TensorId squares = b.toChannelsLast(b.binary(OpKind::Mul, x, x, "squared"));
    const TensorId weights
        = b.constantFloat(lrnWindowWeights(channels, size, floatAttribute(context, "alpha", 1e-4)),
            { channels, 1, 1, channels }, "window_weights");
    ir::Attributes conv;
    conv.set("padding", std::string("VALID"));
    conv.set("stride_h", std::int64_t { 1 });
    conv.set("stride_w", std::int64_t { 1 });
    conv.set("fused_activation_function", std::string("NONE"));
    const TensorId windowSums = b.toChannelsFirst(
        b.emit(OpKind::Conv2D, { squares, weights }, std::move(conv), "window_sum"));
    const TensorId base = b.binary(
        OpKind::Add, windowSums, b.scalar(floatAttribute(context, "bias", 1.0), "bias"), "base");
    const TensorId denominator = b.binary(
        OpKind::Pow, base, b.scalar(floatAttribute(context, "beta", 0.75), "beta"), "denominator");
    return bindOutput(b, 0, b.binary(OpKind::Div, x, denominator, {}));
}

const OpLowering kLowerings[] = {
    { "BatchNormalization", &lowerBatchNormalization, &checkBatchNormalization },
    { "InstanceNormalization", &lowerInstanceNormalization, nullptr },
    { "LRN", &lowerLrn, &checkLrn },
    { "LayerNormalization", &lowerLayerNormalization, &checkLayerNormalization },
    { "LpNormalization", &lowerLpNormalization, &checkLpNormalization },
};

} // namespace

std::span<const OpLowering> normalizationLowerings()
{
    return kLowerings;
}

} // namespace lf::onnx_import::ops
