// SPDX-License-Identifier: GPL-3.0-or-later
// Lowering of ONNX's reductions, CumSum, ArgMax/ArgMin and the softmax family. Reduce* map to
// TFLite's reducers (MEAN, SUM, REDUCE_MAX/MIN/PROD) with explicit constant axes, the norms and
// log-sums wrap them in elementwise ops (ReduceLogSumExp subtracts the maximum first, so large
// inputs do not overflow). ArgMax/ArgMin with select_last_index reverse the axis first. Softmax and
// LogSoftmax before opset 13 coerce the input to 2-D around `axis` (RESHAPE, SOFTMAX, RESHAPE);
// from opset 13 a non-last axis is moved last by TRANSPOSE and back. Hardmax compares an ARG_MAX
// with the index ramp of its axis.
#include "core/importers/onnx/ops/lowering_helpers.h"
#include "core/importers/onnx/ops/ops.h"

#include <array>
#include <numeric>

namespace lf::onnx_import::ops {

namespace {

using namespace lowering;
using ir::DType;
using ir::OpKind;
using ir::TensorId;

// ---- Reduce*

/// The axes to reduce (all of them when none are given), or nullopt for a no-op
/// (noop_with_empty_axes with no axes). Axes come from the attribute before `inputOpset`, else
/// from the optional input 1.
Result<std::optional<std::vector<std::int64_t>>> reduceAxes(
    LoweringContext& context, int rank, int inputOpset)
{
    std::vector<std::int64_t> axes;
    if (context.opset() < inputOpset) {
        axes = intsAttribute(context.node(), "axes").value_or(std::vector<std::int64_t> {});
    } else if (context.hasInput(1)) {
        auto values = constantIntsOrEmpty(context, 1, "axes");
        if (!values)
            return std::unexpected(std::move(values.error()));
        axes = std::move(*values);
    }
    if (axes.empty()) {
        if (intAttribute(context.node(), "noop_with_empty_axes", 0) != 0)
            return std::optional<std::vector<std::int64_t>>();
        axes.resize(static_cast<std::size_t>(rank));
        std::iota(axes.begin(), axes.end(), 0);
    }
    for (std::int64_t& axis : axes) {
        const auto normalized = normalizeAxis(axis, rank);
        if (!normalized)
            return context.unsupported("axis " + std::to_string(axis) + " is out of range for rank "
                + std::to_string(rank));
        axis = *normalized;
    }
    return std::optional<std::vector<std::int64_t>>(std::move(axes));
}

TensorId reducer(NodeBuilder& builder, OpKind kind, TensorId x,
    const std::vector<std::int64_t>& axes, bool keepDims)
{
    if (!builder.ok())
        return ir::kNoTensor;
    ir::Attributes attributes;
    attributes.set("keep_dims", keepDims);
    return builder.op(
        kind, { x, builder.int32Vector(axes) }, builder.dtype(x), std::move(attributes));
}

TensorId arithmetic(NodeBuilder& builder, OpKind kind, TensorId a, TensorId b)
{
    if (!builder.ok())
        return ir::kNoTensor;
    ir::Attributes attributes;
    attributes.set("fused_activation_function", std::string("NONE"));
    return builder.op(kind, { a, b }, builder.dtype(a), std::move(attributes));
}

enum class ReduceForm { Plain, L1, L2, SumSquare, LogSum, LogSumExp };

/// The reduction `kind` of `form`: elementwise ops before and after the reducer.
template <OpKind Kind, ReduceForm Form> Result<void> lowerReduce(LoweringContext& context)
{
    NodeBuilder builder(context);
    const TensorId x = context.input(0);
    const int inputOpset = Kind == OpKind::Sum && Form == ReduceForm::Plain ? 13 : 18;
    auto axes = reduceAxes(context, builder.rank(x), inputOpset);
    if (!axes)
        return std::unexpected(std::move(axes.error()));
    const bool keepDims = intAttribute(context.node(), "keepdims", 1) != 0;
    auto reduce = [&](TensorId value) {
        return *axes ? reducer(builder, Kind, value, **axes, keepDims) : value;
    };
    switch (Form) {
    case ReduceForm::Plain: return builder.finish(0, reduce(x));
    case ReduceForm::L1: return builder.finish(0, reduce(builder.unary(OpKind::Abs, x)));
    case ReduceForm::L2:
        return builder.finish(
            0, builder.unary(OpKind::Sqrt, reduce(arithmetic(builder, OpKind::Mul, x, x))));
    case ReduceForm::SumSquare:
        return builder.finish(0, reduce(arithmetic(builder, OpKind::Mul, x, x)));
    case ReduceForm::LogSum: return builder.finish(0, builder.unary(OpKind::Log, reduce(x)));
    case ReduceForm::LogSumExp: {
        if (!*axes)
            return builder.finish(0, x);
        const TensorId peak = reducer(builder, OpKind::ReduceMax, x, **axes, true);
        const TensorId shifted
            = builder.unary(OpKind::Exp, arithmetic(builder, OpKind::Sub, x, peak));
        const TensorId logSum
            = builder.unary(OpKind::Log, reducer(builder, OpKind::Sum, shifted, **axes, keepDims));
        const TensorId offset = keepDims ? peak : builder.reshape(peak, builder.shape(logSum));
        return builder.finish(0, arithmetic(builder, OpKind::Add, logSum, offset));
    }
    }
    return builder.status();
}

/// CumSum: TFLite's CUMSUM with the same exclusive and reverse flags and a constant axis.
Result<void> lowerCumSum(LoweringContext& context)
{
    NodeBuilder builder(context);
    auto axis = context.constantInts(1, "axis");
    if (!axis)
        return std::unexpected(std::move(axis.error()));
    const TensorId x = context.input(0);
    const auto normalized
        = axis->size() == 1 ? normalizeAxis(axis->front(), builder.rank(x)) : std::nullopt;
    if (!normalized)
        return context.unsupported("axis must be one value in range");
    ir::Attributes attributes;
    attributes.set("exclusive", intAttribute(context.node(), "exclusive", 0) != 0);
    attributes.set("reverse", intAttribute(context.node(), "reverse", 0) != 0);
    return builder.finish(0,
        builder.op(OpKind::CumSum, { x, builder.int32Vector({ *normalized }, true) },
            builder.dtype(x), std::move(attributes)));
}

// ---- ArgMax, ArgMin

std::vector<std::int64_t> withUnitAxis(std::vector<std::int64_t> extents, int axis)
{
    extents[static_cast<std::size_t>(axis)] = 1;
    return extents;
}

/// ARG_MAX/ARG_MIN along `axis` as int32 (ONNX's int64), keeping the axis as 1 with `keepDims`.
/// The last extreme index is the first one of the reversed axis, counted from the end.
TensorId argExtreme(
    NodeBuilder& builder, OpKind kind, TensorId x, int axis, bool keepDims, bool lastIndex)
{
    if (!builder.ok())
        return ir::kNoTensor;
    const std::vector<std::int64_t> in = builder.shape(x);
    ir::Attributes attributes;
    attributes.set("output_type", std::string("INT32"));
    TensorId source = x;
    if (lastIndex)
        source
            = builder.op(OpKind::ReverseV2, { x, builder.int32Vector({ axis }) }, builder.dtype(x));
    TensorId index = builder.op(
        kind, { source, builder.int32Vector({ axis }) }, DType::Int32, std::move(attributes));
    if (lastIndex) {
        const TensorId last = builder.scalar(
            DType::Int32, static_cast<double>(in[static_cast<std::size_t>(axis)] - 1));
        index = arithmetic(builder, OpKind::Sub, last, index);
    }
    return keepDims ? builder.reshape(index, withUnitAxis(in, axis)) : index;
}

template <OpKind Kind> Result<void> lowerArg(LoweringContext& context)
{
    NodeBuilder builder(context);
    const TensorId x = context.input(0);
    const auto axis = normalizeAxis(intAttribute(context.node(), "axis", 0), builder.rank(x));
    if (!axis)
        return context.unsupported("axis is out of range");
    const bool keepDims = intAttribute(context.node(), "keepdims", 1) != 0;
    const bool lastIndex = intAttribute(context.node(), "select_last_index", 0) != 0;
    return builder.finish(0, argExtreme(builder, Kind, x, *axis, keepDims, lastIndex));
}

// ---- Softmax, LogSoftmax, Hardmax

/// Runs `body` on `x` with `axis` moved last: before opset 13 by coercing to 2-D [prod(:axis),
/// prod(axis:)] as ONNX then defined, from opset 13 by TRANSPOSE (or nothing if it is last, or a
/// RESHAPE if only unit dims follow it).
template <class Body> Result<void> alongLastAxis(LoweringContext& context, Body body)
{
    NodeBuilder builder(context);
    const TensorId x = context.input(0);
    const std::vector<std::int64_t> in = builder.shape(x);
    const int rank = static_cast<int>(in.size());
    if (rank == 0)
        return context.unsupported("needs an input of rank 1 or more");
    const bool opsetCoerces = context.opset() < 13;
    const auto axis
        = normalizeAxis(intAttribute(context.node(), "axis", opsetCoerces ? 1 : -1), rank);
    if (!axis)
        return context.unsupported("axis is out of range");
    if (*axis == rank - 1)
        return builder.finish(0, body(builder, x));
    // With only unit dims after the axis, the 2-D form is the same computation without transposes.
    const auto split = static_cast<std::size_t>(*axis);
    if (opsetCoerces || product(in, split + 1, in.size()) == 1) {
        const TensorId flat
            = builder.reshape(x, { product(in, 0, split), product(in, split, in.size()) });
        return builder.finish(0, builder.reshape(body(builder, flat), in));
    }
    std::vector<std::int64_t> perm;
    for (int d = 0; d < rank; ++d) {
        if (d != *axis)
            perm.push_back(d);
    }
    perm.push_back(*axis);
    std::vector<std::int64_t> inverse(perm.size());
    for (std::size_t i = 0; i < perm.size(); ++i)
        inverse[static_cast<std::size_t>(perm[i])] = static_cast<std::int64_t>(i);
    const TensorId moved = builder.transpose(x, perm);
    return builder.finish(0, builder.transpose(body(builder, moved), inverse));
}

Result<TensorId> floatOnly(LoweringContext& context)
{
    const DType dtype = context.inputTensor(0).dtype;
    if (dtype != DType::Float32)
        return context.unsupported(context.node().opType + " on "
            + std::string(ir::dtypeName(dtype)) + " is not supported");
    return context.input(0);
}

Result<void> lowerSoftmax(LoweringContext& context)
{
    if (auto x = floatOnly(context); !x)
        return std::unexpected(std::move(x.error()));
    return alongLastAxis(context, [](NodeBuilder& builder, TensorId value) {
        ir::Attributes attributes;
        attributes.set("beta", 1.0);
        return builder.unary(OpKind::Softmax, value, std::move(attributes));
    });
}

Result<void> lowerLogSoftmax(LoweringContext& context)
{
    if (auto x = floatOnly(context); !x)
        return std::unexpected(std::move(x.error()));
    return alongLastAxis(context, [](NodeBuilder& builder, TensorId value) {
        return builder.unary(OpKind::LogSoftmax, value);
    });
}

/// One-hot of the first maximum along the last axis: EQUAL(ARG_MAX, index ramp), cast to float.
Result<void> lowerHardmax(LoweringContext& context)
{
    if (auto x = floatOnly(context); !x)
        return std::unexpected(std::move(x.error()));
    return alongLastAxis(context, [](NodeBuilder& builder, TensorId value) {
        const std::vector<std::int64_t> in = builder.shape(value);
        if (!builder.ok())
            return ir::kNoTensor;
        const int axis = static_cast<int>(in.size()) - 1;
        const TensorId index = argExtreme(builder, OpKind::ArgMax, value, axis, true, false);
        std::vector<std::int64_t> ramp(static_cast<std::size_t>(in.back()));
        std::iota(ramp.begin(), ramp.end(), 0);
        const TensorId hot = builder.binary(OpKind::Equal, index, builder.int32Vector(ramp));
        return builder.cast(hot, DType::Float32);
    });
}

const std::array kLowerings {
    OpLowering { "ArgMax", &lowerArg<OpKind::ArgMax> },
    OpLowering { "ArgMin", &lowerArg<OpKind::ArgMin> },
    OpLowering { "CumSum", &lowerCumSum },
    OpLowering { "Hardmax", &lowerHardmax },
    OpLowering { "LogSoftmax", &lowerLogSoftmax },
    OpLowering { "ReduceL1", &lowerReduce<OpKind::Sum, ReduceForm::L1> },
    OpLowering { "ReduceL2", &lowerReduce<OpKind::Sum, ReduceForm::L2> },
    OpLowering { "ReduceLogSum", &lowerReduce<OpKind::Sum, ReduceForm::LogSum> },
    OpLowering { "ReduceLogSumExp", &lowerReduce<OpKind::Sum, ReduceForm::LogSumExp> },
    OpLowering { "ReduceMax", &lowerReduce<OpKind::ReduceMax, ReduceForm::Plain> },
    OpLowering { "ReduceMean", &lowerReduce<OpKind::Mean, ReduceForm::Plain> },
    OpLowering { "ReduceMin", &lowerReduce<OpKind::ReduceMin, ReduceForm::Plain> },
    OpLowering { "ReduceProd", &lowerReduce<OpKind::ReduceProd, ReduceForm::Plain> },
    OpLowering { "ReduceSum", &lowerReduce<OpKind::Sum, ReduceForm::Plain> },
    OpLowering { "ReduceSumSquare", &lowerReduce<OpKind::Sum, ReduceForm::SumSquare> },
    OpLowering { "Softmax", &lowerSoftmax },
};

} // namespace

std::span<const OpLowering> reduceLowerings()
{
    return kLowerings;
}

} // namespace lf::onnx_import::ops
