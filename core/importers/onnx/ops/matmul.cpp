// SPDX-License-Identifier: GPL-3.0-or-later
// Gemm and MatMul. A constant 2-D (or 1-D) right operand makes a FULLY_CONNECTED with the weights
// transposed to TFLite's [units, depth] (alpha folded in, beta * C as the bias when it is a
// vector); otherwise BATCH_MATMUL with adj_x / adj_y, followed by MUL and ADD for alpha and C.
// Rank-1 operands get a unit dimension that is removed again afterwards, as ONNX's MatMul
// prescribes.
#include "core/importers/onnx/ops/node_builder.h"
#include "core/importers/onnx/ops/ops.h"

namespace lf::onnx_import::ops {

namespace {

using ir::OpKind;
using ir::TensorId;

ir::Attributes fullyConnectedAttributes(bool keepNumDims)
{
    ir::Attributes attributes;
    attributes.set("fused_activation_function", std::string("NONE"));
    attributes.set("weights_format", std::string("DEFAULT"));
    attributes.set("keep_num_dims", keepNumDims);
    return attributes;
}

ir::Attributes batchMatMulAttributes(bool adjX, bool adjY)
{
    ir::Attributes attributes;
    attributes.set("adj_x", adjX);
    attributes.set("adj_y", adjY);
    return attributes;
}

bool isFloat(const LoweringContext& context, std::size_t input)
{
    return context.inputTensor(input).dtype == ir::DType::Float32;
}

/// beta * C as a [units] bias vector when C is a constant scalar, [units] or [1, units]; empty
/// otherwise.
std::vector<float> biasVector(const LoweringContext& context, std::int64_t units, float beta)
{
    if (!context.isConstant(2) || !isFloat(context, 2))
        return {};
    const std::vector<std::int64_t> shape = context.inputShape(2);
    const bool vector = (shape.size() == 1 && shape[0] == units)
        || (shape.size() == 2 && shape[0] == 1 && shape[1] == units);
    auto values = context.constantFloats(2, "C");
    if (!values || (!vector && values->size() != 1))
        return {};
    std::vector<float> bias(static_cast<std::size_t>(units), 0.0f);
    for (std::size_t i = 0; i < bias.size(); ++i)
        bias[i] = beta * (*values)[values->size() == 1 ? 0 : i];
    return bias;
}

std::string checkGemm(const SourceNode& node)
{
    if (node.inputs.size() < 2)
        return "needs A and B";
    return {};
}

Result<void> lowerGemm(LoweringContext& context)
{
    NodeBuilder b(context);
    if (context.inputRank(0) != 2 || context.inputRank(1) != 2)
        return context.unsupported("A and B must be matrices");
    const float alpha = static_cast<float>(context.attributes().getOr<double>("alpha", 1.0));
    const float beta = static_cast<float>(context.attributes().getOr<double>("beta", 1.0));
    const bool transA = context.attributes().getOr<std::int64_t>("transA", 0) != 0;
    const bool transB = context.attributes().getOr<std::int64_t>("transB", 0) != 0;
    const std::vector<std::int64_t> bShape = context.inputShape(1);
    const std::int64_t units = transB ? bShape[0] : bShape[1];
    const bool hasC = context.hasInput(2) && beta != 0.0f;

    TensorId y = ir::kNoTensor;
    bool cApplied = !hasC;
    if (context.isConstant(1) && isFloat(context, 0)) {
        const TensorId a
            = transA ? b.transpose(context.input(0), { 1, 0 }, "transpose_a") : context.input(0);
        TensorId weights
            = transB ? context.input(1) : b.transpose(context.input(1), { 1, 0 }, "weights");
        if (alpha != 1.0f)
            weights = b.binary(OpKind::Mul, weights, b.scalar(alpha, "alpha"), "weights_alpha");
        TensorId bias = ir::kNoTensor;
        if (hasC) {
            std::vector<float> values = biasVector(context, units, beta);
            if (!values.empty()) {
                bias = b.constantFloat(std::move(values), { units }, "bias");
                cApplied = true;
            }
        }
        y = b.emit(OpKind::FullyConnected, { a, weights, bias }, fullyConnectedAttributes(false),
            cApplied ? "" : "matmul");
    } else {
        y = b.emit(OpKind::BatchMatMul, { context.input(0), context.input(1) },
            batchMatMulAttributes(transA, transB), cApplied && alpha == 1.0f ? "" : "matmul");
        if (alpha != 1.0f)
            y = b.binary(OpKind::Mul, y, b.scalar(alpha, "alpha"), cApplied ? "" : "alpha");
    }
    if (!cApplied) {
        TensorId c = context.input(2);
        if (beta != 1.0f)
            c = b.binary(OpKind::Mul, c, b.scalar(beta, "beta"), "beta_c");
        y = b.binary(OpKind::Add, y, c, {});
    }
    if (!b.ok())
        return b.finish();
    context.setOutput(0, y);
    return {};
}

Result<void> lowerMatMul(LoweringContext& context)
{
    NodeBuilder b(context);
    std::vector<std::int64_t> aShape = context.inputShape(0);
    std::vector<std::int64_t> bShape = context.inputShape(1);
    if (aShape.empty() || bShape.empty())
        return context.unsupported("operands must have rank 1 or more");
    const bool aVector = aShape.size() == 1;
    const bool bVector = bShape.size() == 1;
    TensorId y = ir::kNoTensor;
    std::vector<std::int64_t> outShape;

    if (context.isConstant(1) && bShape.size() <= 2 && isFloat(context, 0)) {
        // [K, N] -> [N, K]; a vector [K] is the single unit [1, K].
        const TensorId weights = bVector ? b.reshape(context.input(1), { 1, bShape[0] }, "weights")
                                         : b.transpose(context.input(1), { 1, 0 }, "weights");
        y = b.emit(OpKind::FullyConnected, { context.input(0), weights },
            fullyConnectedAttributes(true), bVector ? "matmul" : "");
        if (bVector) {
            outShape.assign(aShape.begin(), aShape.end() - 1);
            y = b.reshape(y, outShape, {});
        }
    } else {
        const TensorId a = aVector ? b.reshape(context.input(0), { 1, aShape[0] }, "a_matrix")
                                   : context.input(0);
        const TensorId rhs = bVector ? b.reshape(context.input(1), { bShape[0], 1 }, "b_matrix")
                                     : context.input(1);
        const bool reshaped = aVector || bVector;
        y = b.emit(OpKind::BatchMatMul, { a, rhs }, batchMatMulAttributes(false, false),
            reshaped ? "matmul" : "");
        if (reshaped && b.ok()) {
            outShape = b.shape(y);
            if (bVector)
                outShape.pop_back();
            if (aVector)
                outShape.erase(outShape.end() - (bVector ? 1 : 2));
            y = b.reshape(y, outShape, {});
        }
    }
    if (!b.ok())
        return b.finish();
    context.setOutput(0, y);
    return {};
}

const OpLowering kLowerings[] = {
    { "Gemm", &lowerGemm, &checkGemm },
    { "MatMul", &lowerMatMul, nullptr },
};

} // namespace

std::span<const OpLowering> matmulLowerings()
{
    return kLowerings;
}

} // namespace lf::onnx_import::ops
