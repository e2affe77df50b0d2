// SPDX-License-Identifier: GPL-3.0-or-later
// Lowering of ONNX's activations. Those with a TFLite builtin map to it (Relu, LeakyRelu, PRelu,
// Sigmoid, Tanh, HardSwish, Elu with alpha 1, Gelu); the rest are decomposed into elementwise ops:
// HardSigmoid as MUL/ADD/RELU_0_TO_1, Elu and Selu around TFLite's ELU, Softplus, Softsign, Mish,
// ThresholdedRelu and Celu. All keep ONNX's layout (elementwise ops are layout-agnostic; PRelu's
// slope broadcasts right-aligned in TFLite as in ONNX, so an NCHW slope [C,1,1] works as is).
#include "core/importers/onnx/ops/lowering_helpers.h"
#include "core/importers/onnx/ops/ops.h"

#include <array>

namespace lf::onnx_import::ops {

namespace {

using namespace lowering;
using ir::DType;
using ir::OpKind;
using ir::TensorId;

TensorId mul(NodeBuilder& builder, TensorId a, TensorId b)
{
    ir::Attributes attributes;
    attributes.set("fused_activation_function", std::string("NONE"));
    return builder.ok() ? builder.op(OpKind::Mul, { a, b }, builder.dtype(a), std::move(attributes))
                        : ir::kNoTensor;
}

TensorId add(NodeBuilder& builder, TensorId a, TensorId b)
{
    ir::Attributes attributes;
    attributes.set("fused_activation_function", std::string("NONE"));
    return builder.ok() ? builder.op(OpKind::Add, { a, b }, builder.dtype(a), std::move(attributes))
                        : ir::kNoTensor;
}

TensorId div(NodeBuilder& builder, TensorId a, TensorId b)
{
    ir::Attributes attributes;
    attributes.set("fused_activation_function", std::string("NONE"));
    return builder.ok() ? builder.op(OpKind::Div, { a, b }, builder.dtype(a), std::move(attributes))
                        : ir::kNoTensor;
}

TensorId scalarLike(NodeBuilder& builder, TensorId like, double value)
{
    return builder.ok() ? builder.scalar(builder.dtype(like), value) : ir::kNoTensor;
}

/// A float activation; TFLite's activation kernels are float or quantized only.
Result<TensorId> floatInput(LoweringContext& context)
{
    const TensorId x = context.input(0);
    if (context.tensor(x).dtype != DType::Float32)
        return context.unsupported(context.node().opType + " on "
            + std::string(ir::dtypeName(context.tensor(x).dtype)) + " is not supported");
    return x;
}

template <OpKind Kind> Result<void> lowerDirect(LoweringContext& context)
{
    auto x = floatInput(context);
    if (!x)
        return std::unexpected(std::move(x.error()));
    NodeBuilder builder(context);
    return builder.finish(0, builder.unary(Kind, *x));
}

Result<void> lowerRelu(LoweringContext& context)
{
    NodeBuilder builder(context);
    const TensorId x = context.input(0);
    if (builder.dtype(x) == DType::Float32)
        return builder.finish(0, builder.unary(OpKind::Relu, x));
    // Integer Relu: MAXIMUM with 0 (TFLite's RELU would read 8-bit inputs as quantized).
    return builder.finish(0, builder.binary(OpKind::Maximum, x, scalarLike(builder, x, 0.0)));
}

Result<void> lowerLeakyRelu(LoweringContext& context)
{
    auto x = floatInput(context);
    if (!x)
        return std::unexpected(std::move(x.error()));
    NodeBuilder builder(context);
    ir::Attributes attributes;
    attributes.set("alpha", floatAttribute(context.node(), "alpha", 0.01));
    return builder.finish(0, builder.unary(OpKind::LeakyRelu, *x, std::move(attributes)));
}

Result<void> lowerPRelu(LoweringContext& context)
{
    NodeBuilder builder(context);
    const TensorId x = context.input(0);
    TensorId slope = context.input(1);
    // A slope of higher rank than x (only leading 1s then) is reshaped to x's rank.
    const std::vector<std::int64_t> slopeShape = builder.shape(slope);
    const int rank = builder.rank(x);
    if (static_cast<int>(slopeShape.size()) > rank)
        slope = builder.reshape(
            slope, std::vector<std::int64_t>(slopeShape.end() - rank, slopeShape.end()));
    return builder.finish(0, builder.op(OpKind::Prelu, { x, slope }, builder.dtype(x)));
}

/// max(0, min(1, alpha x + beta)) = RELU_0_TO_1(alpha x + beta).
Result<void> lowerHardSigmoid(LoweringContext& context)
{
    auto x = floatInput(context);
    if (!x)
        return std::unexpected(std::move(x.error()));
    NodeBuilder builder(context);
    const double alpha = floatAttribute(context.node(), "alpha", 0.2);
    const double beta = floatAttribute(context.node(), "beta", 0.5);
    const TensorId affine = add(
        builder, mul(builder, *x, scalarLike(builder, *x, alpha)), scalarLike(builder, *x, beta));
    return builder.finish(0, builder.unary(OpKind::Relu0To1, affine));
}

/// alpha (exp(x) - 1) for x < 0, x otherwise: RELU(x) + alpha * MIN(ELU(x), 0), scaled by `gamma`
/// (Selu). With alpha = gamma = 1 it is TFLite's ELU.
TensorId scaledElu(NodeBuilder& builder, TensorId x, double alpha, double gamma)
{
    const TensorId elu = builder.unary(OpKind::Elu, x);
    if (alpha == 1.0 && gamma == 1.0)
        return elu;
    const TensorId negative = builder.binary(OpKind::Minimum, elu, scalarLike(builder, x, 0.0));
    TensorId positive = builder.unary(OpKind::Relu, x);
    if (gamma != 1.0)
        positive = mul(builder, positive, scalarLike(builder, x, gamma));
    return add(builder, positive, mul(builder, negative, scalarLike(builder, x, alpha * gamma)));
}

Result<void> lowerElu(LoweringContext& context)
{
    auto x = floatInput(context);
    if (!x)
        return std::unexpected(std::move(x.error()));
    NodeBuilder builder(context);
    return builder.finish(
        0, scaledElu(builder, *x, floatAttribute(context.node(), "alpha", 1.0), 1.0));
}

Result<void> lowerSelu(LoweringContext& context)
{
    auto x = floatInput(context);
    if (!x)
        return std::unexpected(std::move(x.error()));
    NodeBuilder builder(context);
    const double alpha = floatAttribute(context.node(), "alpha", 1.67326319217681884765625);
    const double gamma = floatAttribute(context.node(), "gamma", 1.05070102214813232421875);
    return builder.finish(0, scaledElu(builder, *x, alpha, gamma));
}

/// max(0, x) + min(0, alpha (exp(x / alpha) - 1)) = alpha * ELU(x / alpha).
Result<void> lowerCelu(LoweringContext& context)
{
    auto x = floatInput(context);
    if (!x)
        return std::unexpected(std::move(x.error()));
    NodeBuilder builder(context);
    const double alpha = floatAttribute(context.node(), "alpha", 1.0);
    if (alpha == 1.0)
        return builder.finish(0, builder.unary(OpKind::Elu, *x));
    const TensorId scaled = div(builder, *x, scalarLike(builder, *x, alpha));
    return builder.finish(
        0, mul(builder, builder.unary(OpKind::Elu, scaled), scalarLike(builder, *x, alpha)));
}

/// log(exp(x) + 1), as ONNX defines it.
TensorId softplus(NodeBuilder& builder, TensorId x)
{
    return builder.unary(
        OpKind::Log, add(builder, builder.unary(OpKind::Exp, x), scalarLike(builder, x, 1.0)));
}

Result<void> lowerSoftplus(LoweringContext& context)
{
    auto x = floatInput(context);
    if (!x)
        return std::unexpected(std::move(x.error()));
    NodeBuilder builder(context);
    return builder.finish(0, softplus(builder, *x));
}

std::string approximateSoftplus(const SourceNode&)
{
    return "log(exp(x) + 1) overflows to inf for x > 88, where the exact value is x";
}

Result<void> lowerSoftsign(LoweringContext& context)
{
    auto x = floatInput(context);
    if (!x)
        return std::unexpected(std::move(x.error()));
    NodeBuilder builder(context);
    const TensorId denominator
        = add(builder, builder.unary(OpKind::Abs, *x), scalarLike(builder, *x, 1.0));
    return builder.finish(0, div(builder, *x, denominator));
}

Result<void> lowerMish(LoweringContext& context)
{
    auto x = floatInput(context);
    if (!x)
        return std::unexpected(std::move(x.error()));
    NodeBuilder builder(context);
    return builder.finish(0, mul(builder, *x, builder.unary(OpKind::Tanh, softplus(builder, *x))));
}

/// x > alpha ? x : 0.
Result<void> lowerThresholdedRelu(LoweringContext& context)
{
    auto x = floatInput(context);
    if (!x)
        return std::unexpected(std::move(x.error()));
    NodeBuilder builder(context);
    const double alpha = floatAttribute(context.node(), "alpha", 1.0);
    const TensorId above = builder.binary(OpKind::Greater, *x, scalarLike(builder, *x, alpha));
    return builder.finish(0,
        builder.op(OpKind::SelectV2, { above, *x, scalarLike(builder, *x, 0.0) }, DType::Float32));
}

Result<void> lowerGelu(LoweringContext& context)
{
    auto x = floatInput(context);
    if (!x)
        return std::unexpected(std::move(x.error()));
    NodeBuilder builder(context);
    ir::Attributes attributes;
    attributes.set("approximate", stringAttribute(context.node(), "approximate", "none") == "tanh");
    return builder.finish(0, builder.unary(OpKind::Gelu, *x, std::move(attributes)));
}

std::string checkGelu(const SourceNode& node)
{
    const std::string approximate = stringAttribute(node, "approximate", "none");
    return approximate == "none" || approximate == "tanh"
        ? std::string()
        : "unknown approximate '" + approximate + "'";
}

const std::array kLowerings {
    OpLowering { "Celu", &lowerCelu },
    OpLowering { "Elu", &lowerElu },
    OpLowering { "Gelu", &lowerGelu, &checkGelu },
    OpLowering { "HardSigmoid", &lowerHardSigmoid },
    OpLowering { "HardSwish", &lowerDirect<OpKind::HardSwish> },
    OpLowering { "LeakyRelu", &lowerLeakyRelu },
    OpLowering { "Mish", &lowerMish },
    OpLowering { "PRelu", &lowerPRelu },
    OpLowering { "Relu", &lowerRelu },
    OpLowering { "Selu", &lowerSelu },
    OpLowering { "Sigmoid", &lowerDirect<OpKind::Logistic> },
    OpLowering { "Softplus", &lowerSoftplus, nullptr, &approximateSoftplus },
    OpLowering { "Softsign", &lowerSoftsign },
    OpLowering { "Tanh", &lowerDirect<OpKind::Tanh> },
    OpLowering { "ThresholdedRelu", &lowerThresholdedRelu },
};

} // namespace

std::span<const OpLowering> activationLowerings()
{
    return kLowerings;
}

} // namespace lf::onnx_import::ops
