// SPDX-License-Identifier: GPL-3.0-or-later
// The elementwise binary kernels (SELECT is in select.cpp). prepare() computes the broadcast output shape, folds
// the broadcast into a few collapsed dims, checks dtypes and precomputes TFLite's quantized
// parameters (for 8-bit inputs as tables of the rescaled value of every raw input); eval() walks
// the output in contiguous runs, each a tight loop over one of three input patterns, split across
// the pool.
#include "core/interpreter/kernels/binary.h"

#include "core/interpreter/kernels/broadcast.h"
#include "core/interpreter/kernels/reference/binary.h"
#include "core/interpreter/quant_math.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

namespace lf::interp {
namespace {

namespace ref = reference;

// Minimum elements per thread. Plain loops are memory-bound and only gain from threads on large
// tensors; the per-element cost of quantized and transcendental ops pays for threads sooner.
constexpr std::int64_t kCheapChunk = 32768;
constexpr std::int64_t kQuantizedChunk = 8192;
constexpr std::int64_t kCostlyChunk = 2048;

bool isComparison(ir::OpKind op)
{
    using ir::OpKind;
    return op == OpKind::Equal || op == OpKind::NotEqual || op == OpKind::Less
        || op == OpKind::LessEqual || op == OpKind::Greater || op == OpKind::GreaterEqual;
}

// Inline forms of quant_math's saturatingRoundingDoublingHighMul, roundingDivideByPot and
// multiplyByQuantizedMultiplier for the per-element loops; the tests compare every quantized path
// with the reference functions built on quant_math.
inline std::int32_t highMul(std::int32_t a, std::int32_t b)
{
    const bool overflow = a == b && a == std::numeric_limits<std::int32_t>::min();
    const std::int64_t product = static_cast<std::int64_t>(a) * static_cast<std::int64_t>(b);
    const std::int64_t nudge = product >= 0 ? (1LL << 30) : (1 - (1LL << 30));
    const auto high = static_cast<std::int32_t>((product + nudge) / (1LL << 31));
    return overflow ? std::numeric_limits<std::int32_t>::max() : high;
}

inline std::int32_t roundingShift(std::int32_t x, int exponent)
{
    const auto mask = static_cast<std::int32_t>((1LL << exponent) - 1);
    const std::int32_t remainder = x & mask;
    const std::int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
    return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

inline std::int32_t requantize(std::int32_t x, QuantizedMultiplier m)
{
    const int leftShift = m.shift > 0 ? m.shift : 0;
    const int rightShift = m.shift > 0 ? 0 : -m.shift;
    const auto shifted = static_cast<std::int32_t>(static_cast<std::uint32_t>(x) << leftShift);
    return roundingShift(highMul(shifted, m.multiplier), rightShift);
}

struct TensorQuant
{
    float scale = 1.0f;
    std::int32_t zeroPoint = 0;
};

bool isQuantized(const TensorView& view)
{
    return view.quant && !view.quant->scales.empty();
}

/// Per-tensor parameters with a positive scale and a zero point inside the dtype.
std::optional<TensorQuant> perTensorQuant(const TensorView& view)
{
    if (!view.quant || view.quant->scales.size() != 1 || !(view.quant->scales.front() > 0.0f))
        return std::nullopt;
    const QuantizedRange range = dtypeRange(view.dtype);
    const std::int64_t zeroPoint
        = view.quant->zeroPoints.empty() ? 0 : view.quant->zeroPoints.front();
    if (view.quant->zeroPoints.size() > 1 || zeroPoint < range.min || zeroPoint > range.max)
        return std::nullopt;
    return TensorQuant { view.quant->scales.front(), static_cast<std::int32_t>(zeroPoint) };
}

template <class T>
constexpr bool kFloatOrInt32 = std::is_same_v<T, float> || std::is_same_v<T, std::int32_t>;
template <class T>
constexpr bool kWideArithmetic = kFloatOrInt32<T> || std::is_same_v<T, std::int64_t>;

/// Ops on float, int32, int64 and raw (unscaled) 8/16-bit values, as TFLite's non-quantized paths.
bool plainSupported(ir::OpKind op, ir::DType dtype)
{
    using ir::DType;
    const bool wide = dtype == DType::Float32 || dtype == DType::Int32 || dtype == DType::Int64;
    const bool floatOrInt32 = dtype == DType::Float32 || dtype == DType::Int32;
    switch (op) {
    case ir::OpKind::Add:
    case ir::OpKind::Sub:
    case ir::OpKind::Mul: return wide;
    case ir::OpKind::Div:
    case ir::OpKind::SquaredDifference:
    case ir::OpKind::Pow:
    case ir::OpKind::FloorDiv: return floatOrInt32;
    case ir::OpKind::FloorMod: return wide;
    case ir::OpKind::Maximum:
    case ir::OpKind::Minimum:
        return wide || dtype == DType::Int8 || dtype == DType::UInt8 || dtype == DType::Int16;
    case ir::OpKind::Equal:
    case ir::OpKind::NotEqual: return wide || dtype == DType::Int16 || dtype == DType::Bool;
    case ir::OpKind::Less:
    case ir::OpKind::LessEqual:
    case ir::OpKind::Greater:
    case ir::OpKind::GreaterEqual: return wide || dtype == DType::Int16;
    case ir::OpKind::LogicalAnd:
    case ir::OpKind::LogicalOr: return dtype == DType::Bool;
    default: return false;
    }
}

class BinaryKernel final : public Kernel
{
public:
    explicit BinaryKernel(ir::OpKind op)
        : m_op(op)
    {
    }

    Result<void> prepare(KernelArgs& args) override;
    void eval(const KernelArgs& args) override;

private:
    enum class Mode {
        Plain,
        QuantizedAdd,
        PotInt16,
        QuantizedMul,
        XnnpackAdd,
        XnnpackMul,
        QuantizedDiv,
        QuantizedCompare,
        QuantizedSquaredDifference
    };

    Result<void> prepareActivation(const KernelArgs& args, const std::string& activation);
    Result<void> prepareQuantized(const KernelArgs& args, const std::string& activation);
    /// For 8-bit inputs: tabulates scale1 and scale2 over every raw value.
    void fillTables(auto scale1, auto scale2);

    template <class T> void evalPlain(const KernelArgs& args) const;
    template <class T> void evalQuantizedAdd(const KernelArgs& args) const;
    void evalPotInt16(const KernelArgs& args) const;
    template <class T> void evalQuantizedMul(const KernelArgs& args) const;
    void evalXnnpackAdd(const KernelArgs& args) const;
    void evalXnnpackMul(const KernelArgs& args) const;
    template <class T> void evalQuantizedDiv(const KernelArgs& args) const;
    template <class T> void evalQuantizedCompare(const KernelArgs& args) const;
    void evalQuantizedSquaredDifference(const KernelArgs& args) const;

    ir::OpKind m_op;
    Mode m_mode = Mode::Plain;
    ir::DType m_dtype = ir::DType::Float32;
    BroadcastPlan m_plan;
    float m_floatMin = 0.0f;
    float m_floatMax = 0.0f;
    std::int64_t m_intMin = 0;
    std::int64_t m_intMax = 0;
    ref::QuantizedAddParams m_add;
    ref::PotInt16Params m_pot;
    ref::QuantizedMulParams m_mul;
    ref::XnnpackAddParams m_xnnpackAdd;
    ref::XnnpackMulParams m_xnnpackMul;
    ref::QuantizedDivParams m_div;
    ref::QuantizedCompareParams m_compare;
    ref::QuantizedSquaredDifferenceParams m_squared;
    /// For 8-bit inputs: the rescaled value of every raw value, indexed by value - lowest.
    std::array<std::int32_t, 256> m_table1 {};
    std::array<std::int32_t, 256> m_table2 {};
};

Result<void> BinaryKernel::prepare(KernelArgs& args)
{
    if (auto arity = checkArity(args, 2, 2, 1); !arity)
        return arity;
    const TensorView& in1 = args.input(0);
    const TensorView& in2 = args.input(1);
    TensorView& out = args.output(0);
    if (in1.dtype != in2.dtype)
        return kernelError(args,
            "needs inputs of one dtype, not " + std::string(ir::dtypeName(in1.dtype)) + " and "
                + std::string(ir::dtypeName(in2.dtype)));
    m_dtype = in1.dtype;
    const ir::DType expectedOutput = isComparison(m_op) ? ir::DType::Bool : m_dtype;
    if (out.dtype != expectedOutput)
        return kernelError(args,
            "output must be " + std::string(ir::dtypeName(expectedOutput)) + ", not "
                + std::string(ir::dtypeName(out.dtype)));
    if (in1.shape.size() > kMaxBroadcastRank || in2.shape.size() > kMaxBroadcastRank)
        return kernelError(args, "supports inputs up to rank " + std::to_string(kMaxBroadcastRank));
    const std::array shapes { in1.shape, in2.shape };
    const auto broadcast = ref::broadcastShapes(shapes);
    if (!broadcast)
        return kernelError(args, "cannot broadcast the input shapes together");
    out.shape = *broadcast;
    m_plan = makeBroadcastPlan(shapes, out.shape);

    const bool hasActivation = m_op == ir::OpKind::Add || m_op == ir::OpKind::Sub
        || m_op == ir::OpKind::Mul || m_op == ir::OpKind::Div;
    const std::string activation = hasActivation
        ? args.node.attributes.getOr<std::string>("fused_activation_function", "NONE")
        : "NONE";

    const bool eightBit = m_dtype == ir::DType::Int8 || m_dtype == ir::DType::UInt8;
    const bool rawOperands = m_op == ir::OpKind::Maximum || m_op == ir::OpKind::Minimum
        || (m_dtype == ir::DType::Int16 && isComparison(m_op)
            && (!isQuantized(in1) || (m_op != ir::OpKind::Equal && m_op != ir::OpKind::NotEqual)));
    if ((eightBit || m_dtype == ir::DType::Int16) && !rawOperands)
        return prepareQuantized(args, activation);
    if (!plainSupported(m_op, m_dtype))
        return kernelError(
            args, "does not support " + std::string(ir::dtypeName(m_dtype)) + " inputs");
    m_mode = Mode::Plain;
    return prepareActivation(args, activation);
}

Result<void> BinaryKernel::prepareActivation(const KernelArgs& args, const std::string& activation)
{
    bool known = true;
    if (m_dtype == ir::DType::Float32) {
        const auto range = ref::plainActivationRange<float>(activation);
        known = range.has_value();
        if (range)
            std::tie(m_floatMin, m_floatMax) = *range;
    } else if (m_dtype == ir::DType::Int64) {
        const auto range = ref::plainActivationRange<std::int64_t>(activation);
        known = range.has_value();
        if (range)
            std::tie(m_intMin, m_intMax) = *range;
    } else if (m_dtype == ir::DType::Int32) {
        const auto range = ref::plainActivationRange<std::int32_t>(activation);
        known = range.has_value();
        if (range)
            std::tie(m_intMin, m_intMax) = *range;
    }
    if (!known)
        return kernelError(args, "does not support fused activation " + activation);
    return {};
}

void BinaryKernel::fillTables(auto scale1, auto scale2)
{
    const std::int32_t lowest = m_dtype == ir::DType::Int8 ? -128 : 0;
    for (std::int32_t i = 0; i < 256; ++i) {
        const std::int32_t value = lowest + i;
        m_table1[static_cast<std::size_t>(i)] = scale1(value);
        m_table2[static_cast<std::size_t>(i)] = scale2(value);
    }
}

Result<void> BinaryKernel::prepareQuantized(const KernelArgs& args, const std::string& activation)
{
    const TensorView& out = args.output(0);
    const auto q1 = perTensorQuant(args.input(0));
    const auto q2 = perTensorQuant(args.input(1));
    const auto qOut
        = isComparison(m_op) ? std::optional<TensorQuant>(TensorQuant {}) : perTensorQuant(out);
    if (!q1 || !q2 || !qOut)
        return kernelError(args,
            "needs per-tensor quantization (positive scale, zero point inside the dtype) on "
            "its quantized inputs and output");
    if (activation != "NONE" && activation != "RELU" && activation != "RELU6"
        && activation != "RELU_N1_TO_1")
        return kernelError(args, "does not support fused activation " + activation);
    const bool int16 = m_dtype == ir::DType::Int16;
    const bool zeroPointsZero = q1->zeroPoint == 0 && q2->zeroPoint == 0 && qOut->zeroPoint == 0;

    switch (m_op) {
    case ir::OpKind::Add:
    case ir::OpKind::Sub: {
        const bool subtract = m_op == ir::OpKind::Sub;
        if (int16 && !subtract && !zeroPointsZero)
            return kernelError(args, "int16 ADD needs zero points 0");
        const auto log1 = ref::checkedLog2(q1->scale);
        const auto log2 = ref::checkedLog2(q2->scale);
        const auto logOut = ref::checkedLog2(qOut->scale);
        // TFLite zero-fills the options of a node without an AddOptions/SubOptions table (which the
        // reader and writer map to a node without option attributes): pot_scale_int16 is then
        // false, although the schema's default is true.
        const bool potScale = args.node.attributes.getOr<bool>(
            "pot_scale_int16", args.node.attributes.has("fused_activation_function"));
        if (int16 && potScale && log1 && log2 && logOut) {
            m_pot = { *log1 - *logOut, *log2 - *logOut, activationRange(activation, out) };
            if (!zeroPointsZero || (m_pot.input1Shift != 0 && m_pot.input2Shift != 0)
                || m_pot.input1Shift > 0 || m_pot.input2Shift > 0)
                return kernelError(args,
                    "power-of-two int16 scaling needs zero points 0, one input at the output "
                    "scale and the other at a smaller one");
            if (!subtract && args.input(0).shape != args.input(1).shape)
                return kernelError(
                    args, "power-of-two int16 ADD does not broadcast (TFLite's kernel neither)");
            m_mode = Mode::PotInt16;
            return {};
        }
        if (args.arithmetic == QuantizedArithmetic::Xnnpack && m_dtype == ir::DType::Int8) {
            if (const auto xnnpack = ref::makeXnnpackAddParams(q1->scale, q1->zeroPoint, q2->scale,
                    q2->zeroPoint, qOut->scale, qOut->zeroPoint, subtract,
                    activationRange(activation, out))) {
                m_xnnpackAdd = *xnnpack;
                m_mode = Mode::XnnpackAdd;
                return {};
            }
        }
        const auto params
            = ref::makeQuantizedAddParams(q1->scale, q1->zeroPoint, q2->scale, q2->zeroPoint,
                qOut->scale, qOut->zeroPoint, int16 ? 15 : 20, activationRange(activation, out));
        if (!params)
            return kernelError(
                args, "has an output scale too small for TFLite's rescaling (multiplier >= 1)");
        m_add = *params;
        m_mode = Mode::QuantizedAdd;
        if (!int16) {
            const auto scale = [&](std::int32_t offset, QuantizedMultiplier m, bool negate) {
                return [=, leftShift = m_add.leftShift](std::int32_t value) {
                    const std::int32_t scaled = ref::addInputScaled(value, offset, leftShift, m);
                    return negate ? -scaled : scaled;
                };
            };
            fillTables(scale(m_add.input1Offset, m_add.input1, false),
                scale(m_add.input2Offset, m_add.input2, subtract));
        }
        return {};
    }
    case ir::OpKind::Mul:
        if (int16 && !zeroPointsZero)
            return kernelError(args, "int16 MUL needs zero points 0");
        if (args.arithmetic == QuantizedArithmetic::Xnnpack && m_dtype == ir::DType::Int8) {
            if (const auto xnnpack = ref::makeXnnpackMulParams(q1->scale, q1->zeroPoint, q2->scale,
                    q2->zeroPoint, qOut->scale, qOut->zeroPoint,
                    activationRange(activation, out))) {
                m_xnnpackMul = *xnnpack;
                m_mode = Mode::XnnpackMul;
                return {};
            }
        }
        m_mul = ref::makeQuantizedMulParams(q1->scale, q1->zeroPoint, q2->scale, q2->zeroPoint,
            qOut->scale, qOut->zeroPoint, activationRange(activation, out));
        m_mode = Mode::QuantizedMul;
        return {};
    case ir::OpKind::Div:
        m_div = ref::makeQuantizedDivParams(q1->scale, q1->zeroPoint, q2->scale, q2->zeroPoint,
            qOut->scale, qOut->zeroPoint, activationRange(activation, out));
        m_mode = Mode::QuantizedDiv;
        return {};
    case ir::OpKind::SquaredDifference: {
        if (m_dtype != ir::DType::Int8)
            return kernelError(args, "supports quantized SQUARED_DIFFERENCE on int8 only");
        const auto params = ref::makeQuantizedSquaredDifferenceParams(
            q1->scale, q1->zeroPoint, q2->scale, q2->zeroPoint, qOut->scale, qOut->zeroPoint);
        if (!params)
            return kernelError(
                args, "has an output scale too small for TFLite's rescaling (multiplier >= 1)");
        m_squared = *params;
        m_mode = Mode::QuantizedSquaredDifference;
        fillTables(
            [&](std::int32_t v) {
                return ref::squaredDifferenceInputScaled(
                    v, m_squared.input1Offset, m_squared.input1);
            },
            [&](std::int32_t v) {
                return ref::squaredDifferenceInputScaled(
                    v, m_squared.input2Offset, m_squared.input2);
            });
        return {};
    }
    default: break;
    }
    if (!isComparison(m_op))
        return kernelError(
            args, "does not support quantized " + std::string(ir::dtypeName(m_dtype)) + " inputs");
    const auto params
        = ref::makeQuantizedCompareParams(q1->scale, q1->zeroPoint, q2->scale, q2->zeroPoint);
    if (!params)
        return kernelError(args,
            "compares quantized inputs only for scales below 1 (TFLite's rescaling is "
            "undefined above)");
    m_compare = *params;
    m_mode = Mode::QuantizedCompare;
    const auto scale1 = [&](std::int32_t v) {
        return ref::compareInputScaled(v, m_compare.input1Offset, m_compare.input1);
    };
    const auto scale2 = [&](std::int32_t v) {
        return ref::compareInputScaled(v, m_compare.input2Offset, m_compare.input2);
    };
    if (m_dtype != ir::DType::Int16)
        fillTables(scale1, scale2);
    return {};
}

template <class T> void BinaryKernel::evalPlain(const KernelArgs& args) const
{
    T lo {};
    T hi {};
    if constexpr (std::is_same_v<T, float>) {
        lo = m_floatMin;
        hi = m_floatMax;
    } else if constexpr (kWideArithmetic<T>) {
        lo = static_cast<T>(m_intMin);
        hi = static_cast<T>(m_intMax);
    }
    constexpr std::int64_t kDivideChunk = std::is_integral_v<T> ? kCostlyChunk : kCheapChunk;
    using Bool = std::uint8_t;
    switch (m_op) {
    case ir::OpKind::Add:
        if constexpr (kWideArithmetic<T>)
            runBroadcastBinary<T, T, T>(args, m_plan, kCheapChunk,
                [=](T a, T b) { return ref::clampActivation(ref::wrappingAdd(a, b), lo, hi); });
        return;
    case ir::OpKind::Sub:
        if constexpr (kWideArithmetic<T>)
            runBroadcastBinary<T, T, T>(args, m_plan, kCheapChunk,
                [=](T a, T b) { return ref::clampActivation(ref::wrappingSub(a, b), lo, hi); });
        return;
    case ir::OpKind::Mul:
        if constexpr (kWideArithmetic<T>)
            runBroadcastBinary<T, T, T>(args, m_plan, kCheapChunk,
                [=](T a, T b) { return ref::clampActivation(ref::wrappingMul(a, b), lo, hi); });
        return;
    case ir::OpKind::Div:
        if constexpr (std::is_same_v<T, float>)
            runBroadcastBinary<T, T, T>(args, m_plan, kDivideChunk,
                [=](T a, T b) { return ref::clampActivation(a / b, lo, hi); });
        else if constexpr (kFloatOrInt32<T>)
            runBroadcastBinary<T, T, T>(args, m_plan, kDivideChunk,
                [=](T a, T b) { return ref::clampActivation(ref::integerDivide(a, b), lo, hi); });
        return;
    case ir::OpKind::Maximum:
        runBroadcastBinary<T, T, T>(
            args, m_plan, kCheapChunk, [](T a, T b) { return ref::maximum(a, b); });
        return;
    case ir::OpKind::Minimum:
        runBroadcastBinary<T, T, T>(
            args, m_plan, kCheapChunk, [](T a, T b) { return ref::minimum(a, b); });
        return;
    case ir::OpKind::SquaredDifference:
        if constexpr (kFloatOrInt32<T>)
            runBroadcastBinary<T, T, T>(
                args, m_plan, kCheapChunk, [](T a, T b) { return ref::squaredDifference(a, b); });
        return;
    case ir::OpKind::Pow:
        if constexpr (kFloatOrInt32<T>)
            runBroadcastBinary<T, T, T>(
                args, m_plan, kCostlyChunk, [](T a, T b) { return ref::power(a, b); });
        return;
    case ir::OpKind::FloorDiv:
        if constexpr (kFloatOrInt32<T>)
            runBroadcastBinary<T, T, T>(
                args, m_plan, kCostlyChunk, [](T a, T b) { return ref::floorDivide(a, b); });
        return;
    case ir::OpKind::FloorMod:
        if constexpr (kWideArithmetic<T>)
            runBroadcastBinary<T, T, T>(
                args, m_plan, kCostlyChunk, [](T a, T b) { return ref::floorModulo(a, b); });
        return;
    case ir::OpKind::Equal:
        runBroadcastBinary<T, T, Bool>(
            args, m_plan, kCheapChunk, [](T a, T b) -> Bool { return a == b; });
        return;
    case ir::OpKind::NotEqual:
        runBroadcastBinary<T, T, Bool>(
            args, m_plan, kCheapChunk, [](T a, T b) -> Bool { return a != b; });
        return;
    case ir::OpKind::Less:
        runBroadcastBinary<T, T, Bool>(
            args, m_plan, kCheapChunk, [](T a, T b) -> Bool { return a < b; });
        return;
    case ir::OpKind::LessEqual:
        runBroadcastBinary<T, T, Bool>(
            args, m_plan, kCheapChunk, [](T a, T b) -> Bool { return a <= b; });
        return;
    case ir::OpKind::Greater:
        runBroadcastBinary<T, T, Bool>(
            args, m_plan, kCheapChunk, [](T a, T b) -> Bool { return a > b; });
        return;
    case ir::OpKind::GreaterEqual:
        runBroadcastBinary<T, T, Bool>(
            args, m_plan, kCheapChunk, [](T a, T b) -> Bool { return a >= b; });
        return;
    case ir::OpKind::LogicalAnd:
        if constexpr (std::is_same_v<T, Bool>)
            runBroadcastBinary<T, T, Bool>(
                args, m_plan, kCheapChunk, [](T a, T b) -> Bool { return (a != 0) & (b != 0); });
        return;
    case ir::OpKind::LogicalOr:
        if constexpr (std::is_same_v<T, Bool>)
            runBroadcastBinary<T, T, Bool>(
                args, m_plan, kCheapChunk, [](T a, T b) -> Bool { return (a != 0) | (b != 0); });
        return;
    default: return;
    }
}

template <class T> void BinaryKernel::evalQuantizedAdd(const KernelArgs& args) const
{
    const ref::QuantizedAddParams p = m_add;
    const std::int32_t lo = p.activation.min;
    const std::int32_t hi = p.activation.max;
    if constexpr (sizeof(T) == 1) {
        // Both tables already hold the rescaled inputs, the second negated for SUB.
        const std::int32_t* table1 = m_table1.data() - std::numeric_limits<T>::min();
        const std::int32_t* table2 = m_table2.data() - std::numeric_limits<T>::min();
        runBroadcastBinary<T, T, T>(args, m_plan, kQuantizedChunk, [=](T a, T b) {
            return static_cast<T>(
                std::clamp(requantize(table1[a] + table2[b], p.output) + p.outputOffset, lo, hi));
        });
    } else {
        const bool subtract = m_op == ir::OpKind::Sub;
        runBroadcastBinary<T, T, T>(args, m_plan, kQuantizedChunk, [=](T a, T b) {
            const std::int32_t scaled1
                = requantize((a + p.input1Offset) * (1 << p.leftShift), p.input1);
            const std::int32_t scaled2
                = requantize((b + p.input2Offset) * (1 << p.leftShift), p.input2);
            const std::int32_t raw = subtract ? scaled1 - scaled2 : scaled1 + scaled2;
            return static_cast<T>(std::clamp(requantize(raw, p.output) + p.outputOffset, lo, hi));
        });
    }
}

void BinaryKernel::evalPotInt16(const KernelArgs& args) const
{
    const ref::PotInt16Params p = m_pot;
    const bool subtract = m_op == ir::OpKind::Sub;
    runBroadcastBinary<std::int16_t, std::int16_t, std::int16_t>(
        args, m_plan, kQuantizedChunk, [=](std::int16_t a, std::int16_t b) {
            const std::int32_t scaled1 = roundingShift(a, -p.input1Shift);
            const std::int32_t scaled2 = roundingShift(b, -p.input2Shift);
            const std::int32_t raw = subtract ? scaled1 - scaled2 : scaled1 + scaled2;
            return static_cast<std::int16_t>(std::clamp(raw, p.activation.min, p.activation.max));
        });
}

template <class T> void BinaryKernel::evalQuantizedMul(const KernelArgs& args) const
{
    const ref::QuantizedMulParams p = m_mul;
    runBroadcastBinary<T, T, T>(args, m_plan, kQuantizedChunk, [=](T a, T b) {
        const std::int32_t product = (a + p.input1Offset) * (b + p.input2Offset);
        return static_cast<T>(std::clamp(
            p.outputOffset + requantize(product, p.output), p.activation.min, p.activation.max));
    });
}

void BinaryKernel::evalXnnpackAdd(const KernelArgs& args) const
{
    const ref::XnnpackAddParams p = m_xnnpackAdd;
    runBroadcastBinary<std::int8_t, std::int8_t, std::int8_t>(args, m_plan, kQuantizedChunk,
        [=](std::int8_t a, std::int8_t b) { return static_cast<std::int8_t>(ref::xnnpackAdd(a, b, p)); });
}

void BinaryKernel::evalXnnpackMul(const KernelArgs& args) const
{
    const ref::XnnpackMulParams p = m_xnnpackMul;
    runBroadcastBinary<std::int8_t, std::int8_t, std::int8_t>(args, m_plan, kQuantizedChunk,
        [=](std::int8_t a, std::int8_t b) { return static_cast<std::int8_t>(ref::xnnpackMul(a, b, p)); });
}

template <class T> void BinaryKernel::evalQuantizedDiv(const KernelArgs& args) const
{
    const ref::QuantizedDivParams p = m_div;
    runBroadcastBinary<T, T, T>(args, m_plan, kCostlyChunk,
        [=](T a, T b) { return static_cast<T>(ref::quantizedDiv(a, b, p)); });
}

/// Runs comparison `op` on the rescaled inputs scale1(a), scale2(b).
template <class T, class Scale1, class Scale2>
void runScaledComparison(
    const KernelArgs& args, const BroadcastPlan& plan, ir::OpKind op, Scale1 s1, Scale2 s2)
{
    using Bool = std::uint8_t;
    switch (op) {
    case ir::OpKind::Equal:
        return runBroadcastBinary<T, T, Bool>(
            args, plan, kQuantizedChunk, [=](T a, T b) -> Bool { return s1(a) == s2(b); });
    case ir::OpKind::NotEqual:
        return runBroadcastBinary<T, T, Bool>(
            args, plan, kQuantizedChunk, [=](T a, T b) -> Bool { return s1(a) != s2(b); });
    case ir::OpKind::Less:
        return runBroadcastBinary<T, T, Bool>(
            args, plan, kQuantizedChunk, [=](T a, T b) -> Bool { return s1(a) < s2(b); });
    case ir::OpKind::LessEqual:
        return runBroadcastBinary<T, T, Bool>(
            args, plan, kQuantizedChunk, [=](T a, T b) -> Bool { return s1(a) <= s2(b); });
    case ir::OpKind::Greater:
        return runBroadcastBinary<T, T, Bool>(
            args, plan, kQuantizedChunk, [=](T a, T b) -> Bool { return s1(a) > s2(b); });
    case ir::OpKind::GreaterEqual:
        return runBroadcastBinary<T, T, Bool>(
            args, plan, kQuantizedChunk, [=](T a, T b) -> Bool { return s1(a) >= s2(b); });
    default: return;
    }
}

template <class T> void BinaryKernel::evalQuantizedCompare(const KernelArgs& args) const
{
    if constexpr (sizeof(T) == 1) {
        const std::int32_t* table1 = m_table1.data() - std::numeric_limits<T>::min();
        const std::int32_t* table2 = m_table2.data() - std::numeric_limits<T>::min();
        runScaledComparison<T>(
            args, m_plan, m_op, [=](T a) { return table1[a]; }, [=](T b) { return table2[b]; });
    } else {
        const ref::QuantizedCompareParams p = m_compare;
        runScaledComparison<T>(
            args, m_plan, m_op,
            [=](T a) { return requantize((a + p.input1Offset) * 256, p.input1); },
            [=](T b) { return requantize((b + p.input2Offset) * 256, p.input2); });
    }
}

void BinaryKernel::evalQuantizedSquaredDifference(const KernelArgs& args) const
{
    const ref::QuantizedSquaredDifferenceParams p = m_squared;
    const std::int32_t* table1 = m_table1.data() + 128;
    const std::int32_t* table2 = m_table2.data() + 128;
    runBroadcastBinary<std::int8_t, std::int8_t, std::int8_t>(
        args, m_plan, kQuantizedChunk, [=](std::int8_t a, std::int8_t b) {
            const std::int32_t difference = table1[a] - table2[b];
            return static_cast<std::int8_t>(std::clamp(
                requantize(difference * difference, p.output) + p.outputOffset, -128, 127));
        });
}

void BinaryKernel::eval(const KernelArgs& args)
{
    if (m_plan.count == 0)
        return;
    using ir::DType;
    switch (m_mode) {
    case Mode::Plain:
        switch (m_dtype) {
        case DType::Float32: return evalPlain<float>(args);
        case DType::Int32: return evalPlain<std::int32_t>(args);
        case DType::Int64: return evalPlain<std::int64_t>(args);
        case DType::Int8: return evalPlain<std::int8_t>(args);
        case DType::UInt8:
        case DType::Bool: return evalPlain<std::uint8_t>(args);
        case DType::Int16: return evalPlain<std::int16_t>(args);
        default: return;
        }
    case Mode::QuantizedAdd:
        if (m_dtype == DType::Int8)
            return evalQuantizedAdd<std::int8_t>(args);
        if (m_dtype == DType::UInt8)
            return evalQuantizedAdd<std::uint8_t>(args);
        return evalQuantizedAdd<std::int16_t>(args);
    case Mode::PotInt16: return evalPotInt16(args);
    case Mode::QuantizedMul:
        if (m_dtype == DType::Int8)
            return evalQuantizedMul<std::int8_t>(args);
        if (m_dtype == DType::UInt8)
            return evalQuantizedMul<std::uint8_t>(args);
        return evalQuantizedMul<std::int16_t>(args);
    case Mode::XnnpackAdd: return evalXnnpackAdd(args);
    case Mode::XnnpackMul: return evalXnnpackMul(args);
    case Mode::QuantizedDiv:
        if (m_dtype == DType::Int8)
            return evalQuantizedDiv<std::int8_t>(args);
        if (m_dtype == DType::UInt8)
            return evalQuantizedDiv<std::uint8_t>(args);
        return evalQuantizedDiv<std::int16_t>(args);
    case Mode::QuantizedCompare:
        if (m_dtype == DType::Int8)
            return evalQuantizedCompare<std::int8_t>(args);
        if (m_dtype == DType::UInt8)
            return evalQuantizedCompare<std::uint8_t>(args);
        return evalQuantizedCompare<std::int16_t>(args);
    case Mode::QuantizedSquaredDifference: return evalQuantizedSquaredDifference(args);
    }
}

template <ir::OpKind Op> std::unique_ptr<Kernel> makeBinaryKernel()
{
    return std::make_unique<BinaryKernel>(Op);
}

} // namespace

void registerBinaryKernels(KernelRegistry& registry)
{
    using ir::OpKind;
    registry.add(OpKind::Add, &makeBinaryKernel<OpKind::Add>);
    registry.add(OpKind::Sub, &makeBinaryKernel<OpKind::Sub>);
    registry.add(OpKind::Mul, &makeBinaryKernel<OpKind::Mul>);
    registry.add(OpKind::Div, &makeBinaryKernel<OpKind::Div>);
    registry.add(OpKind::Maximum, &makeBinaryKernel<OpKind::Maximum>);
    registry.add(OpKind::Minimum, &makeBinaryKernel<OpKind::Minimum>);
    registry.add(OpKind::SquaredDifference, &makeBinaryKernel<OpKind::SquaredDifference>);
    registry.add(OpKind::Pow, &makeBinaryKernel<OpKind::Pow>);
    registry.add(OpKind::FloorDiv, &makeBinaryKernel<OpKind::FloorDiv>);
    registry.add(OpKind::FloorMod, &makeBinaryKernel<OpKind::FloorMod>);
    registry.add(OpKind::Equal, &makeBinaryKernel<OpKind::Equal>);
    registry.add(OpKind::NotEqual, &makeBinaryKernel<OpKind::NotEqual>);
    registry.add(OpKind::Less, &makeBinaryKernel<OpKind::Less>);
    registry.add(OpKind::LessEqual, &makeBinaryKernel<OpKind::LessEqual>);
    registry.add(OpKind::Greater, &makeBinaryKernel<OpKind::Greater>);
    registry.add(OpKind::GreaterEqual, &makeBinaryKernel<OpKind::GreaterEqual>);
    registry.add(OpKind::LogicalAnd, &makeBinaryKernel<OpKind::LogicalAnd>);
    registry.add(OpKind::LogicalOr, &makeBinaryKernel<OpKind::LogicalOr>);
    registerSelectKernels(registry);
}

} // namespace lf::interp
