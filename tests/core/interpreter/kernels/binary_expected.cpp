// SPDX-License-Identifier: GPL-3.0-or-later
// The expected outputs of the binary and select kernel test cases: see binary_expected.h.
#include "tests/core/interpreter/kernels/binary_expected.h"

#include "core/interpreter/kernels/reference/binary.h"
#include "core/interpreter/quant_math.h"
#include "tests/core/interpreter/kernels/kernel_test_support.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace lf::test::binary_test {

namespace reference = lf::interp::reference;
using kt::values;

bool isComparison(OpKind op)
{
    return op == OpKind::Equal || op == OpKind::NotEqual || op == OpKind::Less
        || op == OpKind::LessEqual || op == OpKind::Greater || op == OpKind::GreaterEqual;
}

ir::QuantParams quantParams(Quant q)
{
    if (q.scale == 0.0f)
        return {};
    return { { q.scale }, { q.zeroPoint }, 0, {}, {} };
}

Shape outputShape(const Case& c)
{
    std::vector<Shape> shapes;
    for (const Operand& operand : c.inputs)
        shapes.push_back(operand.shape);
    if (c.op == OpKind::Select)
        return c.inputs[1].shape;
    return reference::broadcastShapes(shapes).value_or(Shape {});
}

namespace {

template <class T, class O, class F>
NpyArray expectBinary(const NpyArray& a, const NpyArray& b, DType outputDtype, F f)
{
    const Shape shape = *reference::broadcastShapes(std::array { a.shape, b.shape });
    NpyArray out { outputDtype, shape,
        std::vector<std::byte>(
            static_cast<std::size_t>(reference::elementCount(shape)) * sizeof(O)) };
    reference::broadcastBinary(
        a.shape, values<T>(a), b.shape, values<T>(b), shape, values<O>(out), f);
    return out;
}

/// Plain float and integer semantics, written independently of the kernel's formulas.
double plainFormula(OpKind op, double a, double b)
{
    switch (op) {
    case OpKind::Add: return a + b;
    case OpKind::Sub: return a - b;
    case OpKind::Mul: return a * b;
    case OpKind::Div: return a / b;
    case OpKind::Maximum: return std::max(a, b);
    case OpKind::Minimum: return std::min(a, b);
    case OpKind::SquaredDifference: return (a - b) * (a - b);
    case OpKind::Pow: return std::pow(a, b);
    case OpKind::FloorDiv: return std::floor(a / b);
    case OpKind::FloorMod: return a - std::floor(a / b) * b;
    case OpKind::Equal: return a == b;
    case OpKind::NotEqual: return a != b;
    case OpKind::Less: return a < b;
    case OpKind::LessEqual: return a <= b;
    case OpKind::Greater: return a > b;
    case OpKind::GreaterEqual: return a >= b;
    case OpKind::LogicalAnd: return a != 0 && b != 0;
    case OpKind::LogicalOr: return a != 0 || b != 0;
    default: return 0;
    }
}

std::int64_t integerFormula(OpKind op, std::int64_t a, std::int64_t b)
{
    switch (op) {
    case OpKind::Div: return a / b;
    case OpKind::FloorDiv: return a / b - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0);
    case OpKind::FloorMod: return a - b * integerFormula(OpKind::FloorDiv, a, b);
    case OpKind::Pow: {
        std::int64_t result = 1;
        for (std::int64_t i = 0; i < b; ++i)
            result *= a;
        return result;
    }
    default:
        return static_cast<std::int64_t>(
            plainFormula(op, static_cast<double>(a), static_cast<double>(b)));
    }
}

double applyActivation(const std::string& activation, double x)
{
    if (activation == "RELU")
        return std::max(x, 0.0);
    if (activation == "RELU6")
        return std::clamp(x, 0.0, 6.0);
    if (activation == "RELU_N1_TO_1")
        return std::clamp(x, -1.0, 1.0);
    return x;
}

template <class T> NpyArray expectPlain(const Case& c, const NpyArray& a, const NpyArray& b)
{
    const OpKind op = c.op;
    if (isComparison(op) || op == OpKind::LogicalAnd || op == OpKind::LogicalOr)
        return expectBinary<T, std::uint8_t>(a, b, DType::Bool, [op](T x, T y) {
            return static_cast<std::uint8_t>(
                plainFormula(op, static_cast<double>(x), static_cast<double>(y)));
        });
    return expectBinary<T, T>(a, b, c.outputDtype, [&c, op](T x, T y) {
        if constexpr (std::is_floating_point_v<T>)
            return static_cast<T>(applyActivation(c.activation, plainFormula(op, x, y)));
        else
            return static_cast<T>(
                applyActivation(c.activation, static_cast<double>(integerFormula(op, x, y))));
    });
}

interp::TensorView viewOf(DType dtype, const ir::QuantParams& quant)
{
    interp::TensorView view;
    view.dtype = dtype;
    view.quant = &quant;
    return view;
}

/// Quantized expectations from the reference element functions, with TFLite's parameters.
template <class T> NpyArray expectQuantized(const Case& c, const NpyArray& a, const NpyArray& b)
{
    const Quant q1 = c.inputs[0].quant;
    const Quant q2 = c.inputs[1].quant;
    const auto zp1 = static_cast<std::int32_t>(q1.zeroPoint);
    const auto zp2 = static_cast<std::int32_t>(q2.zeroPoint);
    const auto zpOut = static_cast<std::int32_t>(c.output.zeroPoint);
    const ir::QuantParams outQuant = quantParams(c.output);
    const interp::QuantizedRange range = interp::activationRange(
        c.activation.empty() ? "NONE" : c.activation, viewOf(c.outputDtype, outQuant));
    const bool int16 = c.inputs[0].dtype == DType::Int16;
    switch (c.op) {
    case OpKind::Add:
    case OpKind::Sub: {
        const bool subtract = c.op == OpKind::Sub;
        const auto l1 = reference::checkedLog2(q1.scale);
        const auto l2 = reference::checkedLog2(q2.scale);
        const auto lOut = reference::checkedLog2(c.output.scale);
        if (int16 && c.potScaleInt16.value_or(!c.activation.empty()) && l1 && l2 && lOut) {
            const reference::PotInt16Params p { *l1 - *lOut, *l2 - *lOut, range };
            return expectBinary<T, T>(a, b, c.outputDtype, [=](T x, T y) {
                return static_cast<T>(reference::potInt16AddSub(x, y, p, subtract));
            });
        }
        const auto p = *reference::makeQuantizedAddParams(
            q1.scale, zp1, q2.scale, zp2, c.output.scale, zpOut, int16 ? 15 : 20, range);
        return expectBinary<T, T>(a, b, c.outputDtype,
            [=](T x, T y) { return static_cast<T>(reference::quantizedAdd(x, y, p, subtract)); });
    }
    case OpKind::Mul: {
        const auto p = reference::makeQuantizedMulParams(
            q1.scale, zp1, q2.scale, zp2, c.output.scale, zpOut, range);
        return expectBinary<T, T>(a, b, c.outputDtype,
            [=](T x, T y) { return static_cast<T>(reference::quantizedMul(x, y, p)); });
    }
    case OpKind::Div: {
        const auto p = reference::makeQuantizedDivParams(
            q1.scale, zp1, q2.scale, zp2, c.output.scale, zpOut, range);
        return expectBinary<T, T>(a, b, c.outputDtype,
            [=](T x, T y) { return static_cast<T>(reference::quantizedDiv(x, y, p)); });
    }
    case OpKind::SquaredDifference: {
        const auto p = *reference::makeQuantizedSquaredDifferenceParams(
            q1.scale, zp1, q2.scale, zp2, c.output.scale, zpOut);
        return expectBinary<T, T>(a, b, c.outputDtype, [=](T x, T y) {
            return static_cast<T>(reference::quantizedSquaredDifference(x, y, p));
        });
    }
    case OpKind::Maximum:
    case OpKind::Minimum: return expectPlain<T>(c, a, b);
    default: break;
    }
    // Comparisons: int16 LESS/GREATER(_EQUAL) compare raw values in TFLite.
    if (int16 && c.op != OpKind::Equal && c.op != OpKind::NotEqual)
        return expectPlain<T>(c, a, b);
    const auto p = *reference::makeQuantizedCompareParams(q1.scale, zp1, q2.scale, zp2);
    const OpKind op = c.op;
    return expectBinary<T, std::uint8_t>(a, b, DType::Bool, [=](T x, T y) {
        const double s1 = reference::compareInputScaled(x, p.input1Offset, p.input1);
        const double s2 = reference::compareInputScaled(y, p.input2Offset, p.input2);
        return static_cast<std::uint8_t>(plainFormula(op, s1, s2));
    });
}

NpyArray expectSelect(const Case& c, const std::vector<NpyArray>& data)
{
    Shape conditionShape = c.inputs[0].shape;
    if (c.op == OpKind::Select && conditionShape.size() == 1 && conditionShape != c.inputs[1].shape)
        conditionShape.resize(c.inputs[1].shape.size(), 1);
    const Shape shape = outputShape(c);
    NpyArray out { c.outputDtype, shape,
        std::vector<std::byte>(static_cast<std::size_t>(reference::elementCount(shape))
            * ir::dtypeSize(c.outputDtype)) };
    auto run = [&]<class T>(T) {
        reference::broadcastSelect(conditionShape, values<std::uint8_t>(data[0]), c.inputs[1].shape,
            values<T>(data[1]), c.inputs[2].shape, values<T>(data[2]), shape, values<T>(out));
    };
    switch (ir::dtypeSize(c.outputDtype)) {
    case 1: run(std::uint8_t {}); break;
    case 2: run(std::uint16_t {}); break;
    case 4: run(std::uint32_t {}); break;
    default: run(std::uint64_t {}); break;
    }
    return out;
}

} // namespace

NpyArray expected(const Case& c, const std::vector<NpyArray>& data)
{
    if (c.op == OpKind::Select || c.op == OpKind::SelectV2)
        return expectSelect(c, data);
    const NpyArray& a = data[0];
    const NpyArray& b = data[1];
    const bool quantized = c.inputs[0].quant.scale != 0.0f;
    switch (c.inputs[0].dtype) {
    case DType::Float32: return expectPlain<float>(c, a, b);
    case DType::Int32: return expectPlain<std::int32_t>(c, a, b);
    case DType::Int64: return expectPlain<std::int64_t>(c, a, b);
    case DType::Bool: return expectPlain<std::uint8_t>(c, a, b);
    case DType::Int8: return expectQuantized<std::int8_t>(c, a, b);
    case DType::UInt8: return expectQuantized<std::uint8_t>(c, a, b);
    case DType::Int16:
        return quantized ? expectQuantized<std::int16_t>(c, a, b)
                         : expectPlain<std::int16_t>(c, a, b);
    default: return {};
    }
}

} // namespace lf::test::binary_test
