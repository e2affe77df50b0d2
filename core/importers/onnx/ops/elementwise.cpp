// SPDX-License-Identifier: GPL-3.0-or-later
// Lowering of ONNX's elementwise ops: arithmetic (with the variadic Max/Min/Sum/Mean as chains),
// unary math, comparisons, logic, Where, Cast/CastLike, Clip, Mod, Shrink, the mask-like Trilu,
// EyeLike and OneHot, and the inference no-ops Identity and Dropout. TFLite's binary kernels
// broadcast numpy-style like ONNX. Plain 8/16-bit integers, which TFLite's arithmetic kernels would
// read as quantized, are computed in int32 between CASTs (with C++'s wrap-around on the way back,
// as ONNX's integer arithmetic), and float16 in float32. Functions without a TFLite op are
// decomposed: Erf as the Abramowitz-Stegun 7.1.26 polynomial (absolute error below 1.5e-7), Tan,
// Sinh, Cosh and the inverse hyperbolic functions by their exp/log forms. Erf, Sinh, the inverse
// hyperbolics and casts to int64 are reported as approximated in the coverage report.
#include "core/importers/onnx/ops/lowering_helpers.h"
#include "core/importers/onnx/ops/ops.h"

#include <array>
#include <functional>
#include <limits>
#include <numeric>

namespace lf::onnx_import::ops {

namespace {

using namespace lowering;
using ir::DType;
using ir::OpKind;
using ir::TensorId;

bool hasFusedActivation(OpKind kind)
{
    return kind == OpKind::Add || kind == OpKind::Sub || kind == OpKind::Mul || kind == OpKind::Div;
}

/// The dtype TFLite computes `type` in: int32 for narrow integers, float32 for float16.
DType computeType(DType type)
{
    return isNarrowInteger(type) ? DType::Int32 : type == DType::Float16 ? DType::Float32 : type;
}

/// `kind` on a and b, computed in computeType() of their dtype.
TensorId arithmetic(NodeBuilder& builder, OpKind kind, TensorId a, TensorId b)
{
    if (!builder.ok())
        return ir::kNoTensor;
    const DType type = builder.dtype(a);
    if (const DType wideType = computeType(type); wideType != type) {
        const TensorId wide
            = arithmetic(builder, kind, builder.cast(a, wideType), builder.cast(b, wideType));
        return isComparisonOp(kind) ? wide : builder.cast(wide, type);
    }
    if (!hasFusedActivation(kind))
        return builder.binary(kind, a, b);
    ir::Attributes attributes;
    attributes.set("fused_activation_function", std::string("NONE"));
    return builder.op(kind, { a, b }, type, std::move(attributes));
}

/// A unary op that TFLite supports on float32 and int32: other integers run in int32.
TensorId integerUnary(NodeBuilder& builder, OpKind kind, TensorId x)
{
    if (!builder.ok())
        return ir::kNoTensor;
    const DType type = builder.dtype(x);
    if (type == DType::Float32 || type == DType::Int32)
        return builder.unary(kind, x);
    return builder.cast(builder.unary(kind, builder.cast(x, DType::Int32)), type);
}

template <OpKind Kind> Result<void> lowerBinary(LoweringContext& context)
{
    NodeBuilder builder(context);
    return builder.finish(0, arithmetic(builder, Kind, context.input(0), context.input(1)));
}

/// A float unary op; float16 runs in float32 between CASTs.
template <OpKind Kind> Result<void> lowerUnary(LoweringContext& context)
{
    NodeBuilder builder(context);
    const TensorId x = context.input(0);
    const DType type = builder.dtype(x);
    if (type != DType::Float16)
        return builder.finish(0, builder.unary(Kind, x));
    return builder.finish(
        0, builder.cast(builder.unary(Kind, builder.cast(x, DType::Float32)), type));
}

template <OpKind Kind> Result<void> lowerIntegerUnary(LoweringContext& context)
{
    NodeBuilder builder(context);
    return builder.finish(0, integerUnary(builder, Kind, context.input(0)));
}

/// Max, Min, Sum: a left-to-right chain of binary ops; Mean divides the sum by the input count.
template <OpKind Kind> Result<void> lowerVariadic(LoweringContext& context)
{
    NodeBuilder builder(context);
    TensorId result = context.input(0);
    for (std::size_t i = 1; i < context.inputCount(); ++i)
        result = arithmetic(builder, Kind, result, context.input(i));
    return builder.finish(0, result);
}

Result<void> lowerMean(LoweringContext& context)
{
    NodeBuilder builder(context);
    TensorId sum = context.input(0);
    for (std::size_t i = 1; i < context.inputCount(); ++i)
        sum = arithmetic(builder, OpKind::Add, sum, context.input(i));
    if (context.inputCount() == 1)
        return builder.finish(0, sum);
    const TensorId count
        = builder.scalar(builder.dtype(sum), static_cast<double>(context.inputCount()));
    return builder.finish(0, arithmetic(builder, OpKind::Div, sum, count));
}

std::string checkVariadic(const SourceNode& node)
{
    return node.inputs.empty() ? "needs at least one input" : std::string();
}

/// Pow: TFLite's POW needs one dtype, ONNX's result has the base's, so the exponent is cast.
Result<void> lowerPow(LoweringContext& context)
{
    NodeBuilder builder(context);
    const TensorId base = context.input(0);
    const DType type = builder.dtype(base);
    if (computeType(type) != DType::Float32 && computeType(type) != DType::Int32)
        return context.unsupported(
            "Pow on " + std::string(ir::dtypeName(type)) + " is not supported");
    const TensorId exponent = builder.cast(context.input(1), type);
    return builder.finish(0, arithmetic(builder, OpKind::Pow, base, exponent));
}

Result<void> lowerReciprocal(LoweringContext& context)
{
    NodeBuilder builder(context);
    const TensorId x = context.input(0);
    return builder.finish(
        0, arithmetic(builder, OpKind::Div, builder.scalar(builder.dtype(x), 1.0), x));
}

/// sinh (`sign` 1) and cosh (`sign` -1): (exp(x) -+ exp(-x)) / 2.
template <int Sign> Result<void> lowerHyperbolic(LoweringContext& context)
{
    NodeBuilder builder(context);
    const TensorId x = context.input(0);
    const TensorId up = builder.unary(OpKind::Exp, x);
    const TensorId down = builder.unary(OpKind::Exp, builder.unary(OpKind::Neg, x));
    const TensorId sum = arithmetic(builder, Sign > 0 ? OpKind::Sub : OpKind::Add, up, down);
    return builder.finish(0,
        arithmetic(builder, OpKind::Mul, sum,
            builder.ok() ? builder.scalar(builder.dtype(x), 0.5) : ir::kNoTensor));
}

Result<void> lowerTan(LoweringContext& context)
{
    NodeBuilder builder(context);
    const TensorId x = context.input(0);
    return builder.finish(0,
        arithmetic(
            builder, OpKind::Div, builder.unary(OpKind::Sin, x), builder.unary(OpKind::Cos, x)));
}

/// erf(x) = sign(x) (1 - t (a1 + t (a2 + t (a3 + t (a4 + t a5)))) exp(-x^2)), t = 1 / (1 + p |x|).
Result<void> lowerErf(LoweringContext& context)
{
    constexpr double kP = 0.3275911;
    constexpr std::array<double, 5> kA { 0.254829592, -0.284496736, 1.421413741, -1.453152027,
        1.061405429 };
    NodeBuilder builder(context);
    const TensorId x = context.input(0);
    const DType type = builder.dtype(x);
    if (type != DType::Float32)
        return context.unsupported(
            "Erf on " + std::string(ir::dtypeName(type)) + " is not supported");
    const TensorId magnitude = builder.unary(OpKind::Abs, x);
    const TensorId one = builder.scalar(type, 1.0);
    const TensorId denominator = arithmetic(builder, OpKind::Add,
        arithmetic(builder, OpKind::Mul, magnitude, builder.scalar(type, kP)), one);
    const TensorId t = arithmetic(builder, OpKind::Div, one, denominator);
    TensorId poly = builder.scalar(type, kA[4]);
    for (std::size_t i = kA.size() - 1; i-- > 0;)
        poly = arithmetic(builder, OpKind::Add, arithmetic(builder, OpKind::Mul, poly, t),
            builder.scalar(type, kA[i]));
    poly = arithmetic(builder, OpKind::Mul, poly, t);
    const TensorId gauss = builder.unary(
        OpKind::Exp, builder.unary(OpKind::Neg, arithmetic(builder, OpKind::Mul, x, x)));
    const TensorId erfAbs
        = arithmetic(builder, OpKind::Sub, one, arithmetic(builder, OpKind::Mul, poly, gauss));
    return builder.finish(
        0, arithmetic(builder, OpKind::Mul, erfAbs, builder.unary(OpKind::Sign, x)));
}

std::string approximateErf(const SourceNode&)
{
    return "erf by the Abramowitz-Stegun 7.1.26 polynomial (absolute error up to 1.5e-7, about 5e-7 "
           "in float32)";
}

/// Sinh and the inverse hyperbolic functions: their exp/log forms cancel near the origin.
std::string approximateByExpLogForm(const SourceNode& node)
{
    const bool nearOne = node.opType == "Acosh";
    return "computed by its exp/log form, which loses relative precision for x near "
        + std::string(nearOne ? "1" : "0") + " (absolute error about 1e-7)";
}

Result<void> lowerIsNaN(LoweringContext& context)
{
    NodeBuilder builder(context);
    const TensorId x = context.input(0);
    return builder.finish(0, builder.binary(OpKind::NotEqual, x, x));
}

Result<void> lowerIsInf(LoweringContext& context)
{
    NodeBuilder builder(context);
    const TensorId x = context.input(0);
    const DType type = builder.dtype(x);
    const bool positive = intAttribute(context.node(), "detect_positive", 1) != 0;
    const bool negative = intAttribute(context.node(), "detect_negative", 1) != 0;
    const double infinity = std::numeric_limits<double>::infinity();
    if (positive && negative)
        return builder.finish(0,
            builder.binary(
                OpKind::Equal, builder.unary(OpKind::Abs, x), builder.scalar(type, infinity)));
    if (positive || negative)
        return builder.finish(0,
            builder.binary(
                OpKind::Equal, x, builder.scalar(type, positive ? infinity : -infinity)));
    return builder.finish(0, builder.scalar(DType::Bool, 0.0, builder.shape(x)));
}

template <OpKind Kind> Result<void> lowerComparison(LoweringContext& context)
{
    NodeBuilder builder(context);
    return builder.finish(0, arithmetic(builder, Kind, context.input(0), context.input(1)));
}

template <OpKind Kind> Result<void> lowerLogical(LoweringContext& context)
{
    NodeBuilder builder(context);
    return builder.finish(0, builder.binary(Kind, context.input(0), context.input(1)));
}

Result<void> lowerNot(LoweringContext& context)
{
    NodeBuilder builder(context);
    return builder.finish(0, builder.unary(OpKind::LogicalNot, context.input(0)));
}

Result<void> lowerWhere(LoweringContext& context)
{
    NodeBuilder builder(context);
    const TensorId x = context.input(1);
    return builder.finish(0,
        builder.op(OpKind::SelectV2, { context.input(0), x, context.input(2) }, builder.dtype(x)));
}

// ---- Cast

/// The IR dtype of an ONNX TensorProto.DataType; int64 and uint64 narrow to int32 and uint32.
std::optional<DType> irTypeOf(std::int64_t onnxType)
{
    switch (onnxType) {
    case 1: return DType::Float32;
    case 2: return DType::UInt8;
    case 3: return DType::Int8;
    case 4: return DType::UInt16;
    case 5: return DType::Int16;
    case 6:
    case 7: return DType::Int32;
    case 9: return DType::Bool;
    case 10: return DType::Float16;
    case 11: return DType::Float64;
    case 12: return DType::UInt32;
    default: return std::nullopt;
    }
}

std::string checkCast(const SourceNode& node)
{
    const std::int64_t to = intAttribute(node, "to", 0);
    if (!irTypeOf(to))
        return "cannot cast to ONNX data type " + std::to_string(to)
            + " (string, bfloat16, complex and uint64 have no TFLite CAST)";
    return {};
}

std::string approximateCast(const SourceNode& node)
{
    return intAttribute(node, "to", 0) == 7
        ? "int64 is held as int32: values beyond ±2^31 wrap around"
        : std::string();
}

Result<void> lowerCast(LoweringContext& context)
{
    NodeBuilder builder(context);
    const auto to = irTypeOf(intAttribute(context.node(), "to", 0));
    if (!to)
        return context.unsupported(checkCast(context.node()));
    const TensorId x = context.input(0);
    if (builder.dtype(x) == *to)
        return builder.finish(0, x);
    return builder.finish(0, builder.op(OpKind::Cast, { x }, *to));
}

Result<void> lowerCastLike(LoweringContext& context)
{
    NodeBuilder builder(context);
    const TensorId x = context.input(0);
    const DType to = builder.dtype(context.input(1));
    if (builder.dtype(x) == to)
        return builder.finish(0, x);
    return builder.finish(0, builder.op(OpKind::Cast, { x }, to));
}

// ---- Clip

/// A bound of Clip: the attribute before opset 11, else the optional input; nullopt if absent.
/// A computed bound input is returned as its tensor in `dynamicBound`.
Result<std::optional<double>> clipBound(
    LoweringContext& context, bool isMin, TensorId& dynamicBound)
{
    dynamicBound = ir::kNoTensor;
    if (context.opset() < 11) {
        const double fallback = isMin ? -std::numeric_limits<double>::infinity()
                                      : std::numeric_limits<double>::infinity();
        const double value = floatAttribute(context.node(), isMin ? "min" : "max", fallback);
        return std::isinf(value) ? std::nullopt : std::optional<double>(value);
    }
    const std::size_t index = isMin ? 1 : 2;
    if (!context.hasInput(index))
        return std::optional<double>();
    if (!context.isConstant(index)) {
        dynamicBound = context.input(index);
        return std::optional<double>();
    }
    auto values = context.constantFloats(index, isMin ? "min" : "max");
    if (!values)
        return std::unexpected(std::move(values.error()));
    if (values->size() != 1)
        return context.unsupported(std::string(isMin ? "min" : "max") + " must be a scalar");
    return std::optional<double>((*values)[0]);
}

/// The TFLite activation that clamps to [min, max] exactly, if there is one.
std::optional<OpKind> clampActivation(std::optional<double> min, std::optional<double> max)
{
    if (min == 0.0 && !max)
        return OpKind::Relu;
    if (min == 0.0 && max == 6.0)
        return OpKind::Relu6;
    if (min == -1.0 && max == 1.0)
        return OpKind::ReluN1To1;
    if (min == 0.0 && max == 1.0)
        return OpKind::Relu0To1;
    return std::nullopt;
}

Result<void> lowerClip(LoweringContext& context)
{
    NodeBuilder builder(context);
    TensorId dynamicMin = ir::kNoTensor;
    TensorId dynamicMax = ir::kNoTensor;
    auto min = clipBound(context, true, dynamicMin);
    if (!min)
        return std::unexpected(std::move(min.error()));
    auto max = clipBound(context, false, dynamicMax);
    if (!max)
        return std::unexpected(std::move(max.error()));
    const TensorId x = context.input(0);
    const DType type = builder.dtype(x);
    const bool staticBounds = dynamicMin == ir::kNoTensor && dynamicMax == ir::kNoTensor;
    if (type == DType::Float32 && staticBounds) {
        if (const auto activation = clampActivation(*min, *max))
            return builder.finish(0, builder.unary(*activation, x));
    }
    TensorId result = x;
    if (*min || dynamicMin != ir::kNoTensor) {
        const TensorId bound
            = dynamicMin != ir::kNoTensor ? dynamicMin : builder.scalar(type, **min);
        result = arithmetic(builder, OpKind::Maximum, result, bound);
    }
    if (*max || dynamicMax != ir::kNoTensor) {
        const TensorId bound
            = dynamicMax != ir::kNoTensor ? dynamicMax : builder.scalar(type, **max);
        result = arithmetic(builder, OpKind::Minimum, result, bound);
    }
    return builder.finish(0, result);
}

// ---- Mod

/// fmod = 0: FLOOR_MOD (the divisor's sign, as Python). fmod = 1 (C's fmod, the dividend's sign):
/// sign(a) * floor_mod(|a|, |b|), exact since the floor of a non-negative quotient truncates.
Result<void> lowerMod(LoweringContext& context)
{
    NodeBuilder builder(context);
    TensorId a = context.input(0);
    TensorId b = context.input(1);
    const DType type = builder.dtype(a);
    a = builder.cast(a, computeType(type));
    b = builder.cast(b, computeType(type));
    TensorId result;
    if (intAttribute(context.node(), "fmod", 0) == 0) {
        result = builder.binary(OpKind::FloorMod, a, b);
    } else {
        const TensorId magnitude = builder.binary(
            OpKind::FloorMod, builder.unary(OpKind::Abs, a), builder.unary(OpKind::Abs, b));
        result = builder.binary(OpKind::Mul, magnitude, builder.unary(OpKind::Sign, a));
    }
    return builder.finish(0, builder.cast(result, type));
}

std::string checkMod(const SourceNode& node)
{
    const std::int64_t fmod = intAttribute(node, "fmod", 0);
    return fmod == 0 || fmod == 1 ? std::string()
                                  : "fmod must be 0 or 1, not " + std::to_string(fmod);
}

// ---- masks and one-hot

/// Shrink: x + bias below -lambd, x - bias above lambd, 0 in between.
Result<void> lowerShrink(LoweringContext& context)
{
    NodeBuilder builder(context);
    const TensorId x = context.input(0);
    const DType type = builder.dtype(x);
    const double lambd = floatAttribute(context.node(), "lambd", 0.5);
    const double bias = floatAttribute(context.node(), "bias", 0.0);
    const TensorId below = builder.binary(OpKind::Less, x, builder.scalar(type, -lambd));
    const TensorId above = builder.binary(OpKind::Greater, x, builder.scalar(type, lambd));
    const TensorId raised = arithmetic(builder, OpKind::Add, x, builder.scalar(type, bias));
    const TensorId lowered = arithmetic(builder, OpKind::Sub, x, builder.scalar(type, bias));
    const TensorId outer
        = builder.op(OpKind::SelectV2, { above, lowered, builder.scalar(type, 0.0) }, type);
    return builder.finish(0, builder.op(OpKind::SelectV2, { below, raised, outer }, type));
}

/// A constant [rows, columns] mask: `keep(column - row)` per element, as `type`.
TensorId diagonalMask(NodeBuilder& builder, std::int64_t rows, std::int64_t columns, DType type,
    const std::function<bool(std::int64_t)>& keep)
{
    std::vector<std::int64_t> values;
    for (std::int64_t i = 0; i < rows; ++i) {
        for (std::int64_t j = 0; j < columns; ++j)
            values.push_back(keep(j - i) ? 1 : 0);
    }
    return builder.cast(builder.int32Constant(values, { rows, columns }), type);
}

/// The upper (or lower) triangle of the last two dims from diagonal k: SELECT_V2 with a constant
/// mask.
Result<void> lowerTrilu(LoweringContext& context)
{
    NodeBuilder builder(context);
    const TensorId x = context.input(0);
    const std::vector<std::int64_t> shape = builder.shape(x);
    if (shape.size() < 2)
        return context.unsupported("needs an input of rank 2 or more");
    std::int64_t k = 0;
    if (context.hasInput(1)) {
        auto values = context.constantInts(1, "k");
        if (!values)
            return std::unexpected(std::move(values.error()));
        k = values->empty() ? 0 : values->front();
    }
    const bool upper = intAttribute(context.node(), "upper", 1) != 0;
    const TensorId mask = diagonalMask(builder, shape[shape.size() - 2], shape.back(), DType::Bool,
        [&](std::int64_t offset) { return upper ? offset >= k : offset <= k; });
    return builder.finish(0,
        builder.op(OpKind::SelectV2, { mask, x, builder.scalar(builder.dtype(x), 0.0) },
            builder.dtype(x)));
}

/// Ones on diagonal k of a 2-D tensor of the input's shape: a constant.
Result<void> lowerEyeLike(LoweringContext& context)
{
    NodeBuilder builder(context);
    const TensorId x = context.input(0);
    const std::vector<std::int64_t> shape = builder.shape(x);
    if (shape.size() != 2)
        return context.unsupported("needs a 2-D input");
    std::optional<DType> type = builder.dtype(x);
    if (context.node().attributes.has("dtype"))
        type = irTypeOf(intAttribute(context.node(), "dtype", 1));
    if (!type)
        return context.unsupported("dtype is not supported");
    const std::int64_t k = intAttribute(context.node(), "k", 0);
    return builder.finish(0,
        diagonalMask(
            builder, shape[0], shape[1], *type, [&](std::int64_t offset) { return offset == k; }));
}

std::string checkEyeLike(const SourceNode& node)
{
    if (node.attributes.has("dtype") && !irTypeOf(intAttribute(node, "dtype", 1)))
        return "dtype " + std::to_string(intAttribute(node, "dtype", 1)) + " is not supported";
    return {};
}

/// OneHot: on where the (normalised) index equals the position along the new axis, off elsewhere.
Result<void> lowerOneHot(LoweringContext& context)
{
    NodeBuilder builder(context);
    auto depthValues = context.constantFloats(1, "depth");
    if (!depthValues)
        return std::unexpected(std::move(depthValues.error()));
    if (depthValues->size() != 1 || (*depthValues)[0] < 1)
        return context.unsupported("depth must be a positive scalar");
    const auto depth = static_cast<std::int64_t>((*depthValues)[0]);
    const TensorId index = builder.cast(context.input(0), DType::Int32);
    std::vector<std::int64_t> shape = builder.shape(index);
    const auto axis = normalizeAxis(
        intAttribute(context.node(), "axis", -1), static_cast<int>(shape.size()) + 1);
    if (!axis)
        return context.unsupported("axis is out of range");
    // Negative indices count from the end; others out of range match nothing.
    const TensorId negative
        = builder.binary(OpKind::Less, index, builder.scalar(DType::Int32, 0.0));
    const TensorId wrapped = arithmetic(
        builder, OpKind::Add, index, builder.scalar(DType::Int32, static_cast<double>(depth)));
    const TensorId normalized
        = builder.op(OpKind::SelectV2, { negative, wrapped, index }, DType::Int32);
    shape.insert(shape.begin() + *axis, 1);
    std::vector<std::int64_t> rampShape(shape.size(), 1);
    rampShape[static_cast<std::size_t>(*axis)] = depth;
    std::vector<std::int64_t> ramp(static_cast<std::size_t>(depth));
    std::iota(ramp.begin(), ramp.end(), 0);
    const TensorId hot = builder.binary(
        OpKind::Equal, builder.reshape(normalized, shape), builder.int32Constant(ramp, rampShape));
    const TensorId values = context.input(2);
    ir::Attributes attributes;
    attributes.set("axis", std::int64_t { 0 });
    attributes.set("batch_dims", std::int64_t { 0 });
    const DType type = builder.dtype(values);
    const TensorId off = builder.op(
        OpKind::Gather, { values, builder.int32Vector({ 0 }, true) }, type, attributes);
    const TensorId on = builder.op(
        OpKind::Gather, { values, builder.int32Vector({ 1 }, true) }, type, attributes);
    return builder.finish(0, builder.op(OpKind::SelectV2, { hot, on, off }, type));
}

// ---- inverse hyperbolic functions, by their logarithmic forms

/// asinh(x) = sign(x) log(|x| + sqrt(x^2 + 1)), symmetric so that large negative x do not cancel.
Result<void> lowerAsinh(LoweringContext& context)
{
    NodeBuilder builder(context);
    const TensorId x = context.input(0);
    const TensorId one = builder.scalar(builder.dtype(x), 1.0);
    const TensorId magnitude = builder.unary(OpKind::Abs, x);
    const TensorId root = builder.unary(OpKind::Sqrt,
        arithmetic(builder, OpKind::Add, arithmetic(builder, OpKind::Mul, x, x), one));
    const TensorId value
        = builder.unary(OpKind::Log, arithmetic(builder, OpKind::Add, magnitude, root));
    return builder.finish(
        0, arithmetic(builder, OpKind::Mul, value, builder.unary(OpKind::Sign, x)));
}

/// acosh(x) = log(x + sqrt(x^2 - 1)).
Result<void> lowerAcosh(LoweringContext& context)
{
    NodeBuilder builder(context);
    const TensorId x = context.input(0);
    const TensorId one = builder.scalar(builder.dtype(x), 1.0);
    const TensorId root = builder.unary(OpKind::Sqrt,
        arithmetic(builder, OpKind::Sub, arithmetic(builder, OpKind::Mul, x, x), one));
    return builder.finish(0, builder.unary(OpKind::Log, arithmetic(builder, OpKind::Add, x, root)));
}

/// atanh(x) = log((1 + x) / (1 - x)) / 2.
Result<void> lowerAtanh(LoweringContext& context)
{
    NodeBuilder builder(context);
    const TensorId x = context.input(0);
    const DType type = builder.dtype(x);
    const TensorId one = builder.scalar(type, 1.0);
    const TensorId ratio = arithmetic(builder, OpKind::Div,
        arithmetic(builder, OpKind::Add, one, x), arithmetic(builder, OpKind::Sub, one, x));
    return builder.finish(0,
        arithmetic(
            builder, OpKind::Mul, builder.unary(OpKind::Log, ratio), builder.scalar(type, 0.5)));
}

// ---- inference no-ops

Result<void> lowerDropout(LoweringContext& context)
{
    NodeBuilder builder(context);
    if (context.opset() >= 12 && context.hasInput(2)) {
        if (!context.isConstant(2))
            return context.unsupported("training_mode must be a constant false (inference only)");
        auto training = context.constantInts(2, "training_mode");
        if (!training)
            return std::unexpected(std::move(training.error()));
        if (!training->empty() && training->front() != 0)
            return context.unsupported("training_mode is not supported (inference only)");
    }
    const TensorId x = context.input(0);
    if (context.hasOutput(1))
        context.setOutput(1, builder.scalar(DType::Bool, 1.0, builder.shape(x)));
    return builder.finish(0, x);
}

Result<void> lowerIdentity(LoweringContext& context)
{
    context.setOutput(0, context.input(0));
    return {};
}

const std::array kLowerings {
    OpLowering { "Abs", &lowerIntegerUnary<OpKind::Abs> },
    OpLowering { "Acosh", &lowerAcosh, nullptr, &approximateByExpLogForm },
    OpLowering { "Add", &lowerBinary<OpKind::Add> },
    OpLowering { "And", &lowerLogical<OpKind::LogicalAnd> },
    OpLowering { "Asinh", &lowerAsinh, nullptr, &approximateByExpLogForm },
    OpLowering { "Atanh", &lowerAtanh, nullptr, &approximateByExpLogForm },
    OpLowering { "Cast", &lowerCast, &checkCast, &approximateCast },
    OpLowering { "CastLike", &lowerCastLike },
    OpLowering { "Ceil", &lowerUnary<OpKind::Ceil> },
    OpLowering { "Clip", &lowerClip },
    OpLowering { "Cos", &lowerUnary<OpKind::Cos> },
    OpLowering { "Cosh", &lowerHyperbolic<-1> },
    OpLowering { "Div", &lowerBinary<OpKind::Div> },
    OpLowering { "Dropout", &lowerDropout },
    OpLowering { "Equal", &lowerComparison<OpKind::Equal> },
    OpLowering { "Erf", &lowerErf, nullptr, &approximateErf },
    OpLowering { "Exp", &lowerUnary<OpKind::Exp> },
    OpLowering { "EyeLike", &lowerEyeLike, &checkEyeLike },
    OpLowering { "Floor", &lowerUnary<OpKind::Floor> },
    OpLowering { "Greater", &lowerComparison<OpKind::Greater> },
    OpLowering { "GreaterOrEqual", &lowerComparison<OpKind::GreaterEqual> },
    OpLowering { "Identity", &lowerIdentity },
    OpLowering { "IsInf", &lowerIsInf },
    OpLowering { "IsNaN", &lowerIsNaN },
    OpLowering { "Less", &lowerComparison<OpKind::Less> },
    OpLowering { "LessOrEqual", &lowerComparison<OpKind::LessEqual> },
    OpLowering { "Log", &lowerUnary<OpKind::Log> },
    OpLowering { "Max", &lowerVariadic<OpKind::Maximum>, &checkVariadic },
    OpLowering { "Mean", &lowerMean, &checkVariadic },
    OpLowering { "Min", &lowerVariadic<OpKind::Minimum>, &checkVariadic },
    OpLowering { "Mod", &lowerMod, &checkMod },
    OpLowering { "Mul", &lowerBinary<OpKind::Mul> },
    OpLowering { "Neg", &lowerIntegerUnary<OpKind::Neg> },
    OpLowering { "Not", &lowerNot },
    OpLowering { "OneHot", &lowerOneHot },
    OpLowering { "Or", &lowerLogical<OpKind::LogicalOr> },
    OpLowering { "Pow", &lowerPow },
    OpLowering { "Reciprocal", &lowerReciprocal },
    OpLowering { "Round", &lowerUnary<OpKind::Round> },
    OpLowering { "Shrink", &lowerShrink },
    OpLowering { "Sign", &lowerIntegerUnary<OpKind::Sign> },
    OpLowering { "Sin", &lowerUnary<OpKind::Sin> },
    OpLowering { "Sinh", &lowerHyperbolic<1>, nullptr, &approximateByExpLogForm },
    OpLowering { "Sqrt", &lowerUnary<OpKind::Sqrt> },
    OpLowering { "Sub", &lowerBinary<OpKind::Sub> },
    OpLowering { "Sum", &lowerVariadic<OpKind::Add>, &checkVariadic },
    OpLowering { "Tan", &lowerTan },
    OpLowering { "Trilu", &lowerTrilu },
    OpLowering { "Where", &lowerWhere },
    OpLowering { "Xor", &lowerLogical<OpKind::NotEqual> },
};

} // namespace

std::span<const OpLowering> elementwiseLowerings()
{
    return kLowerings;
}

} // namespace lf::onnx_import::ops
