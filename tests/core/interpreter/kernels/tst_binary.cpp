// SPDX-License-Identifier: GPL-3.0-or-later
// The elementwise binary and select kernels on one-node models: float and integer results against
// plain formulas, quantized results against the reference element functions (reference/binary.h,
// built on quant_math), all over broadcasting shapes up to rank 6 and tensors large enough to run
// threaded, and a subset of every op and dtype against LiteRT (bit-exact for integer outputs). The
// case type and the expected outputs are in binary_expected.h.
#include "core/interpreter/kernels/binary.h"
#include "core/interpreter/kernels/reference/binary.h"
#include "tests/core/interpreter/kernels/binary_expected.h"
#include "tests/core/interpreter/kernels/kernel_test_support.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <random>

using namespace lf;
namespace kt = lf::test::kt;
using kt::values;
namespace reference = lf::interp::reference;
using namespace lf::test::binary_test;

Q_DECLARE_METATYPE(lf::test::binary_test::Case)

namespace {

/// Test data: floats uniform in [-2, 2] (kept away from 0 for divisors, positive for POW bases),
/// plain integers in [-1000, 1000] (nonzero divisors, small POW operands), quantized integers
/// and bools over their whole range.
NpyArray makeInput(const Case& c, std::size_t index)
{
    const Operand& operand = c.inputs[index];
    NpyArray array { operand.dtype, operand.shape, {} };
    const auto count = static_cast<std::size_t>(reference::elementCount(operand.shape));
    array.data.resize(count * ir::dtypeSize(operand.dtype));
    std::mt19937 generator(c.seed * 7919u + static_cast<std::uint32_t>(index));
    const bool divisor = index == 1
        && (c.op == OpKind::Div || c.op == OpKind::FloorDiv || c.op == OpKind::FloorMod);
    const bool powBase = index == 0 && c.op == OpKind::Pow;
    const bool powExponent = index == 1 && c.op == OpKind::Pow;
    auto fillIntegers = [&]<class T>(T, std::int64_t low, std::int64_t high) {
        std::uniform_int_distribution<std::int64_t> uniform(low, high);
        for (std::size_t i = 0; i < count; ++i) {
            std::int64_t v = uniform(generator);
            // TFLite refuses a zero divisor; a quantized one at its zero point divides by zero.
            const bool atZeroPoint = operand.quant.scale != 0.0f && v == operand.quant.zeroPoint;
            if (divisor && (v == 0 || atZeroPoint))
                v = operand.quant.zeroPoint == 7 || operand.quant.zeroPoint == 0 ? 9 : 7;
            values<T>(array)[i] = static_cast<T>(v);
        }
    };
    const bool quantized = operand.quant.scale != 0.0f;
    switch (operand.dtype) {
    case DType::Float32: {
        std::uniform_real_distribution<float> uniform(-2.0f, 2.0f);
        for (std::size_t i = 0; i < count; ++i) {
            float v = uniform(generator);
            if (divisor)
                v = std::copysign(0.25f + std::abs(v), v);
            if (powBase)
                v = 0.1f + std::abs(v);
            values<float>(array)[i] = v;
        }
        break;
    }
    case DType::Int32:
        fillIntegers(std::int32_t {},
            powBase           ? -6
                : powExponent ? 0
                              : -1000,
            powBase           ? 6
                : powExponent ? 7
                              : 1000);
        break;
    case DType::Int64: fillIntegers(std::int64_t {}, -1000, 1000); break;
    case DType::Int16:
        fillIntegers(std::int16_t {}, quantized ? -32768 : -1000, quantized ? 32767 : 1000);
        break;
    case DType::Int8: fillIntegers(std::int8_t {}, -128, 127); break;
    case DType::UInt8: fillIntegers(std::uint8_t {}, 0, 255); break;
    case DType::Bool: fillIntegers(std::uint8_t {}, 0, 1); break;
    default: break;
    }
    return array;
}

ir::Model buildModel(const Case& c, const std::vector<NpyArray>& data)
{
    ir::Model model = ir::makeModel("main");
    ir::Graph& g = model.main();
    ir::Node node { c.op, "op", {}, {}, {}, 0, {} };
    if (!c.activation.empty())
        node.attributes.set("fused_activation_function", c.activation);
    if (c.potScaleInt16)
        node.attributes.set("pot_scale_int16", *c.potScaleInt16);
    for (std::size_t i = 0; i < c.inputs.size(); ++i) {
        ir::Tensor t;
        t.name = "input" + std::to_string(i);
        t.dtype = c.inputs[i].dtype;
        t.shape = ir::Shape::fromExtents(c.inputs[i].shape);
        t.quant = quantParams(c.inputs[i].quant);
        if (c.inputs[i].constant)
            t.data = ir::ConstData::fromVector(data[i].data);
        const ir::TensorId id = g.addTensor(std::move(t));
        node.inputs.push_back(id);
        if (!c.inputs[i].constant)
            g.inputs.push_back(id);
    }
    ir::Tensor out;
    out.name = "output";
    out.dtype = c.outputDtype;
    out.shape = ir::Shape::fromExtents(outputShape(c));
    out.quant = quantParams(c.output);
    const ir::TensorId outId = g.addTensor(std::move(out));
    node.outputs = { outId };
    g.addNode(std::move(node));
    g.outputs = { outId };
    return model;
}

std::vector<NpyArray> graphInputs(const Case& c, const std::vector<NpyArray>& data)
{
    std::vector<NpyArray> inputs;
    for (std::size_t i = 0; i < c.inputs.size(); ++i) {
        if (!c.inputs[i].constant)
            inputs.push_back(data[i]);
    }
    return inputs;
}

Result<NpyArray> runOurs(const ir::Model& model, const std::vector<NpyArray>& inputs,
    interp::QuantizedArithmetic arithmetic = interp::QuantizedArithmetic::Builtin)
{
    return kt::runOursFirst(model, inputs, interp::registerBinaryKernels, 0, arithmetic);
}

/// Empty if `ours` matches `want`: float outputs within 1e-5 max|want| + 1e-6 (a few float ulps of
/// the largest value, for libm and operation-order differences), everything else exactly.
QString compare(const NpyArray& ours, const NpyArray& want)
{
    if (ours.shape != want.shape || ours.data.size() != want.data.size())
        return QStringLiteral("shape or size differs");
    const auto count = static_cast<std::size_t>(want.elementCount());
    double maxMagnitude = 0;
    for (std::size_t i = 0; i < count; ++i)
        maxMagnitude = std::max(maxMagnitude, std::abs(kt::valueAt(want, i)));
    const double tolerance = want.dtype == DType::Float32 ? 1e-5 * maxMagnitude + 1e-6 : 0.0;
    std::size_t mismatches = 0;
    double maxError = 0;
    QString first;
    for (std::size_t i = 0; i < count; ++i) {
        const double error = std::abs(kt::valueAt(ours, i) - kt::valueAt(want, i));
        maxError = std::max(maxError, error);
        if (error > tolerance && mismatches++ == 0)
            first = QStringLiteral("element %1: ours %2, want %3")
                        .arg(i)
                        .arg(kt::valueAt(ours, i), 0, 'g', 9)
                        .arg(kt::valueAt(want, i), 0, 'g', 9);
    }
    if (mismatches == 0)
        return {};
    return QStringLiteral("%1 of %2 elements differ (max error %3); %4")
        .arg(mismatches)
        .arg(count)
        .arg(maxError)
        .arg(first);
}

Operand plain(DType dtype, Shape shape)
{
    return { dtype, std::move(shape), {}, false };
}
Operand quantized(DType dtype, Shape shape, float scale, std::int64_t zeroPoint)
{
    return { dtype, std::move(shape), { scale, zeroPoint }, false };
}

Case binary(OpKind op, Operand a, Operand b, std::string activation = {})
{
    Case c;
    c.op = op;
    const DType dtype = a.dtype;
    c.inputs = { std::move(a), std::move(b) };
    c.outputDtype = isComparison(op) ? DType::Bool : dtype;
    c.activation = std::move(activation);
    return c;
}

Case quantizedBinary(OpKind op, Operand a, Operand b, Quant output, std::string activation = {})
{
    Case c = binary(op, std::move(a), std::move(b), std::move(activation));
    if (!isComparison(op))
        c.output = output;
    return c;
}

Case select(OpKind op, DType dtype, Shape condition, Shape x, Shape y, Quant quant = {})
{
    Case c;
    c.op = op;
    c.inputs = { plain(DType::Bool, std::move(condition)), { dtype, std::move(x), quant, false },
        { dtype, std::move(y), quant, false } };
    c.outputDtype = dtype;
    c.output = quant;
    return c;
}

/// Quantized DIV in every dtype TFLite has it: same shapes, broadcasting, a fused activation and a
/// rescale above one. Divisors avoid 0 (refused) and their zero point (a division by zero).
std::vector<std::pair<const char*, Case>> quantizedDivCases()
{
    const auto i8 = [](Shape s, float scale, std::int64_t zp) {
        return quantized(DType::Int8, std::move(s), scale, zp);
    };
    return {
        { "Div i8 same shapes",
            quantizedBinary(
                OpKind::Div, i8({ 3, 7, 9 }, 0.05f, -3), i8({ 3, 7, 9 }, 0.02f, 10), { 0.1f, 5 }) },
        { "Div i8 channel relu",
            quantizedBinary(OpKind::Div, i8({ 2, 6, 8 }, 0.1f, 0), i8({ 8 }, 0.03f, -128),
                { 0.2f, -128 }, "RELU") },
        { "Div i8 multiplier above one",
            quantizedBinary(
                OpKind::Div, i8({ 7, 5 }, 0.5f, 2), i8({ 5 }, 0.01f, -1), { 0.05f, 3 }) },
        { "Div u8 both",
            quantizedBinary(OpKind::Div, quantized(DType::UInt8, { 5, 1, 3 }, 0.04f, 128),
                quantized(DType::UInt8, { 1, 4, 1 }, 0.01f, 100), { 0.05f, 120 }) },
        { "Div i16",
            quantizedBinary(OpKind::Div, quantized(DType::Int16, { 4, 9, 10 }, 0.0003f, 0),
                quantized(DType::Int16, { 10 }, 0.0001f, 0), { 0.01f, 0 }, "RELU6") },
    };
}

Case constantSecond(Case c)
{
    c.inputs[1].constant = true;
    return c;
}

std::string name(const Case& c, const char* detail)
{
    return std::string(ir::opKindName(c.op)) + " " + std::string(ir::dtypeName(c.inputs[1].dtype))
        + " " + detail;
}

/// Broadcast patterns: same shape, scalars either side, a channel vector, middle and leading
/// broadcasts, both sides broadcasting, rank 6, and one large enough to split across threads.
const std::vector<std::pair<const char*, std::pair<Shape, Shape>>>& patterns()
{
    static const std::vector<std::pair<const char*, std::pair<Shape, Shape>>> list {
        { "same", { { 2, 3, 5, 7 }, { 2, 3, 5, 7 } } },
        { "scalar second", { { 3, 17 }, {} } },
        { "scalar first", { { 1 }, { 4, 9 } } },
        { "channel", { { 2, 5, 7, 3 }, { 3 } } },
        { "middle", { { 2, 1, 4, 5 }, { 3, 1, 5 } } },
        { "outer", { { 6, 1 }, { 6, 11 } } },
        { "both", { { 5, 1, 3 }, { 1, 4, 1 } } },
        { "rank 6", { { 2, 1, 3, 1, 2, 5 }, { 1, 4, 1, 3, 1, 5 } } },
        { "large", { { 64, 33, 35 }, { 33, 1 } } },
    };
    return list;
}

} // namespace

class TestBinary : public QObject
{
    Q_OBJECT

private slots:
    void matchesReference_data();
    void matchesReference();
    void matchesLiteRt_data();
    void matchesLiteRt();
    void broadcastShapes();
    void rejectsWhatTfliteRejects_data();
    void rejectsWhatTfliteRejects();
};

void TestBinary::matchesReference_data()
{
    QTest::addColumn<Case>("c");
    const std::vector<OpKind> floatOps { OpKind::Add, OpKind::Sub, OpKind::Mul, OpKind::Div,
        OpKind::Maximum, OpKind::Minimum, OpKind::SquaredDifference, OpKind::Pow, OpKind::FloorDiv,
        OpKind::FloorMod, OpKind::Equal, OpKind::NotEqual, OpKind::Less, OpKind::LessEqual,
        OpKind::Greater, OpKind::GreaterEqual };
    for (OpKind op : floatOps) {
        for (const auto& [pattern, shapes] : patterns()) {
            const Case c = binary(
                op, plain(DType::Float32, shapes.first), plain(DType::Float32, shapes.second));
            QTest::addRow("%s", name(c, pattern).c_str()) << c;
        }
    }
    QTest::addRow("Add f32 relu6") << binary(
        OpKind::Add, plain(DType::Float32, { 4, 9 }), plain(DType::Float32, { 9 }), "RELU6");
    QTest::addRow("Sub f32 relu") << binary(
        OpKind::Sub, plain(DType::Float32, { 4, 9 }), plain(DType::Float32, { 4, 9 }), "RELU");
    QTest::addRow("Mul f32 relu_n1_to_1") << binary(
        OpKind::Mul, plain(DType::Float32, { 3, 1 }), plain(DType::Float32, { 7 }), "RELU_N1_TO_1");
    QTest::addRow("Div f32 relu large") << binary(OpKind::Div, plain(DType::Float32, { 300, 301 }),
        plain(DType::Float32, { 300, 301 }), "RELU");
    QTest::addRow("Add f32 constant") << constantSecond(
        binary(OpKind::Add, plain(DType::Float32, { 5, 8 }), plain(DType::Float32, { 8 })));

    const std::vector<OpKind> int32Ops { OpKind::Add, OpKind::Sub, OpKind::Mul, OpKind::Div,
        OpKind::Maximum, OpKind::Minimum, OpKind::SquaredDifference, OpKind::Pow, OpKind::FloorDiv,
        OpKind::FloorMod, OpKind::Equal, OpKind::NotEqual, OpKind::Less, OpKind::GreaterEqual };
    for (OpKind op : int32Ops) {
        for (const char* pattern : { "same", "channel", "both", "large" }) {
            const auto& shapes
                = std::find_if(patterns().begin(), patterns().end(), [&](const auto& p) {
                      return std::string(p.first) == pattern;
                  })->second;
            const Case c
                = binary(op, plain(DType::Int32, shapes.first), plain(DType::Int32, shapes.second));
            QTest::addRow("%s", name(c, pattern).c_str()) << c;
        }
    }
    QTest::addRow("Add i32 relu6")
        << binary(OpKind::Add, plain(DType::Int32, { 4, 9 }), plain(DType::Int32, { 9 }), "RELU6");
    QTest::addRow("Div i32 relu_n1_to_1") << binary(
        OpKind::Div, plain(DType::Int32, { 4, 9 }), plain(DType::Int32, { 1 }), "RELU_N1_TO_1");
    for (OpKind op : { OpKind::Add, OpKind::Sub, OpKind::Mul, OpKind::Maximum, OpKind::Minimum,
             OpKind::FloorMod, OpKind::Equal, OpKind::LessEqual, OpKind::Greater }) {
        const Case c = binary(op, plain(DType::Int64, { 3, 5, 7 }), plain(DType::Int64, { 5, 1 }));
        QTest::addRow("%s", name(c, "middle").c_str()) << c;
    }
    for (OpKind op : { OpKind::Maximum, OpKind::Minimum, OpKind::Less, OpKind::Equal }) {
        const Case c = binary(op, plain(DType::Int16, { 4, 6 }), plain(DType::Int16, { 6 }));
        QTest::addRow("%s", name(c, "plain").c_str()) << c;
    }
    QTest::addRow("LogicalAnd") << binary(
        OpKind::LogicalAnd, plain(DType::Bool, { 6, 1, 5 }), plain(DType::Bool, { 4, 1 }));
    QTest::addRow("LogicalOr") << binary(
        OpKind::LogicalOr, plain(DType::Bool, { 7, 9 }), plain(DType::Bool, { 7, 9 }));
    QTest::addRow("LogicalOr large")
        << binary(OpKind::LogicalOr, plain(DType::Bool, { 512, 300 }), plain(DType::Bool, { 300 }));
    QTest::addRow("Equal bool") << binary(
        OpKind::Equal, plain(DType::Bool, { 7, 9 }), plain(DType::Bool, { 9 }));

    // Quantized: scales chosen so that every rescale is exercised (different input scales, output
    // scale above and below the inputs', non-zero zero points).
    const auto i8 = [](Shape s, float scale, std::int64_t zp) {
        return quantized(DType::Int8, std::move(s), scale, zp);
    };
    const auto u8 = [](Shape s, float scale, std::int64_t zp) {
        return quantized(DType::UInt8, std::move(s), scale, zp);
    };
    const auto i16
        = [](Shape s, float scale) { return quantized(DType::Int16, std::move(s), scale, 0); };
    for (OpKind op : { OpKind::Add, OpKind::Sub }) {
        QTest::addRow("%s i8 same", std::string(ir::opKindName(op)).c_str()) << quantizedBinary(
            op, i8({ 3, 11, 13 }, 0.05f, -3), i8({ 3, 11, 13 }, 0.021f, 17), { 0.07f, 5 });
        QTest::addRow("%s i8 channel relu", std::string(ir::opKindName(op)).c_str())
            << quantizedBinary(
                   op, i8({ 2, 6, 6, 8 }, 0.1f, 0), i8({ 8 }, 0.3f, -128), { 0.2f, -20 }, "RELU");
        QTest::addRow("%s i8 scalar relu6", std::string(ir::opKindName(op)).c_str())
            << quantizedBinary(
                   op, i8({ 5, 7 }, 0.03f, 1), i8({}, 0.03f, 1), { 0.04f, -128 }, "RELU6");
        QTest::addRow("%s i8 large", std::string(ir::opKindName(op)).c_str()) << quantizedBinary(
            op, i8({ 64, 40, 32 }, 0.02f, -7), i8({ 64, 1, 32 }, 0.05f, 9), { 0.06f, 0 });
        QTest::addRow("%s u8 both", std::string(ir::opKindName(op)).c_str()) << quantizedBinary(
            op, u8({ 5, 1, 3 }, 0.04f, 128), u8({ 1, 4, 1 }, 0.01f, 100), { 0.05f, 120 });
        QTest::addRow("%s i16 general", std::string(ir::opKindName(op)).c_str()) << quantizedBinary(
            op, i16({ 4, 9, 10 }, 0.0003f), i16({ 10 }, 0.0001f), { 0.0005f, 0 });
        QTest::addRow("%s i16 general large", std::string(ir::opKindName(op)).c_str())
            << quantizedBinary(op, i16({ 256, 300 }, 0.0002f), i16({ 256, 300 }, 0.0001f),
                   { 0.0003f, 0 }, "RELU");
        Case pot = quantizedBinary(
            op, i16({ 6, 8 }, 1.0f / 4096), i16({ 6, 8 }, 1.0f / 1024), { 1.0f / 1024, 0 });
        QTest::addRow(
            "%s i16 power-of-two scales, no options", std::string(ir::opKindName(op)).c_str())
            << pot;
        pot.potScaleInt16 = true;
        QTest::addRow("%s i16 power of two", std::string(ir::opKindName(op)).c_str()) << pot;
        pot.potScaleInt16 = false;
        QTest::addRow(
            "%s i16 power-of-two scales, general", std::string(ir::opKindName(op)).c_str())
            << pot;
        pot.potScaleInt16.reset();
        pot.activation = "RELU";
        QTest::addRow("%s i16 power of two relu", std::string(ir::opKindName(op)).c_str()) << pot;
    }
    Case potBroadcast = quantizedBinary(
        OpKind::Sub, i16({ 6, 8 }, 1.0f / 1024), i16({ 8 }, 1.0f / 8192), { 1.0f / 1024, 0 });
    potBroadcast.potScaleInt16 = true;
    QTest::addRow("Sub i16 power of two broadcast") << potBroadcast;
    QTest::addRow("Sub i16 asymmetric")
        << quantizedBinary(OpKind::Sub, quantized(DType::Int16, { 5, 9 }, 0.001f, 100),
               quantized(DType::Int16, { 9 }, 0.002f, -50), { 0.003f, 7 });
    QTest::addRow("Mul i8 same") << quantizedBinary(
        OpKind::Mul, i8({ 3, 11, 13 }, 0.05f, -3), i8({ 3, 11, 13 }, 0.021f, 17), { 0.01f, 5 });
    QTest::addRow("Mul i8 channel relu6") << quantizedBinary(
        OpKind::Mul, i8({ 2, 6, 6, 8 }, 0.1f, 0), i8({ 8 }, 0.3f, -128), { 0.5f, -128 }, "RELU6");
    QTest::addRow("Mul i8 multiplier above one")
        << quantizedBinary(OpKind::Mul, i8({ 7, 5 }, 0.5f, 2), i8({ 5 }, 0.7f, -1), { 0.05f, 3 });
    QTest::addRow("Mul i8 large") << quantizedBinary(
        OpKind::Mul, i8({ 64, 40, 32 }, 0.02f, -7), i8({}, 0.05f, 9), { 0.001f, 0 });
    QTest::addRow("Mul u8 both") << quantizedBinary(
        OpKind::Mul, u8({ 5, 1, 3 }, 0.04f, 128), u8({ 1, 4, 1 }, 0.01f, 100), { 0.002f, 120 });
    QTest::addRow("Mul i16") << quantizedBinary(
        OpKind::Mul, i16({ 4, 9, 10 }, 0.0003f), i16({ 10 }, 0.0001f), { 0.00000005f, 0 }, "RELU");
    for (const auto& [name, c] : quantizedDivCases())
        QTest::newRow(name) << c;
    QTest::addRow("SquaredDifference i8") << quantizedBinary(OpKind::SquaredDifference,
        i8({ 4, 9, 10 }, 0.03f, -5), i8({ 10 }, 0.02f, 3), { 0.05f, -128 });
    QTest::addRow("SquaredDifference i8 large") << quantizedBinary(OpKind::SquaredDifference,
        i8({ 128, 200 }, 0.03f, -5), i8({ 128, 200 }, 0.03f, -5), { 0.02f, -100 });
    for (OpKind op : { OpKind::Maximum, OpKind::Minimum }) {
        QTest::addRow("%s i8", std::string(ir::opKindName(op)).c_str())
            << quantizedBinary(op, i8({ 4, 9 }, 0.05f, 2), i8({ 9 }, 0.05f, 2), { 0.05f, 2 });
        QTest::addRow("%s u8", std::string(ir::opKindName(op)).c_str())
            << quantizedBinary(op, u8({ 4, 1 }, 0.05f, 2), u8({ 9 }, 0.05f, 2), { 0.05f, 2 });
        QTest::addRow("%s i16", std::string(ir::opKindName(op)).c_str())
            << quantizedBinary(op, i16({ 4, 9 }, 0.001f), i16({ 4, 9 }, 0.001f), { 0.001f, 0 });
    }
    for (OpKind op : { OpKind::Equal, OpKind::NotEqual, OpKind::Less, OpKind::LessEqual,
             OpKind::Greater, OpKind::GreaterEqual }) {
        QTest::addRow("%s i8", std::string(ir::opKindName(op)).c_str())
            << quantizedBinary(op, i8({ 4, 9, 8 }, 0.05f, 2), i8({ 8 }, 0.1f, -1), {});
        QTest::addRow("%s i8 same scale", std::string(ir::opKindName(op)).c_str())
            << quantizedBinary(op, i8({ 4, 9, 8 }, 0.05f, 2), i8({ 4, 1, 8 }, 0.05f, 2), {});
        QTest::addRow("%s u8", std::string(ir::opKindName(op)).c_str())
            << quantizedBinary(op, u8({ 9, 8 }, 0.02f, 128), u8({ 9, 8 }, 0.04f, 64), {});
        QTest::addRow("%s i16", std::string(ir::opKindName(op)).c_str())
            << quantizedBinary(op, i16({ 9, 8 }, 0.0002f), i16({ 8 }, 0.0004f), {});
    }
    QTest::addRow("Less i8 large")
        << quantizedBinary(OpKind::Less, i8({ 256, 300 }, 0.05f, 2), i8({ 300 }, 0.1f, -1), {});

    for (DType dtype :
        { DType::Float32, DType::Int8, DType::Int16, DType::Int32, DType::Int64, DType::Bool }) {
        const std::string type(ir::dtypeName(dtype));
        QTest::addRow("Select %s same", type.c_str())
            << select(OpKind::Select, dtype, { 4, 5, 6 }, { 4, 5, 6 }, { 4, 5, 6 });
        QTest::addRow("SelectV2 %s broadcast", type.c_str())
            << select(OpKind::SelectV2, dtype, { 5, 1 }, { 1, 6 }, { 4, 5, 6 });
    }
    QTest::addRow("Select scalar condition")
        << select(OpKind::Select, DType::Float32, {}, { 4, 5 }, { 4, 5 });
    QTest::addRow("Select vector condition")
        << select(OpKind::Select, DType::Int32, { 4 }, { 4, 5, 3 }, { 4, 5, 3 });
    QTest::addRow("SelectV2 rank 6") << select(
        OpKind::SelectV2, DType::Float32, { 2, 1, 3, 1, 2, 1 }, { 1, 4, 1, 3, 1, 5 }, { 5 });
    QTest::addRow("SelectV2 large")
        << select(OpKind::SelectV2, DType::Int8, { 256, 1 }, { 256, 300 }, { 300 }, { 0.1f, 0 });
}

void TestBinary::matchesReference()
{
    QFETCH(Case, c);
    std::vector<NpyArray> data;
    for (std::size_t i = 0; i < c.inputs.size(); ++i)
        data.push_back(makeInput(c, i));
    const Result<NpyArray> ours = runOurs(buildModel(c, data), graphInputs(c, data));
    QVERIFY2(ours, ours ? "" : ours.error().toString().c_str());
    const QString difference = compare(*ours, expected(c, data));
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
}

void TestBinary::matchesLiteRt_data()
{
    QTest::addColumn<Case>("c");
    const auto i8 = [](Shape s, float scale, std::int64_t zp) {
        return quantized(DType::Int8, std::move(s), scale, zp);
    };
    const auto i16
        = [](Shape s, float scale) { return quantized(DType::Int16, std::move(s), scale, 0); };
    const auto f32 = [](Shape s) { return plain(DType::Float32, std::move(s)); };
    QTest::addRow("Add f32 channel relu6")
        << binary(OpKind::Add, f32({ 2, 5, 7, 3 }), f32({ 3 }), "RELU6");
    QTest::addRow("Sub f32 both") << binary(OpKind::Sub, f32({ 5, 1, 3 }), f32({ 1, 4, 1 }));
    QTest::addRow("Mul f32 rank 6")
        << binary(OpKind::Mul, f32({ 2, 1, 3, 1, 2, 5 }), f32({ 1, 4, 1, 3, 1, 5 }));
    QTest::addRow("Div f32 scalar") << binary(OpKind::Div, f32({ 3, 17 }), f32({}));
    QTest::addRow("Pow f32") << binary(OpKind::Pow, f32({ 6, 7 }), f32({ 7 }));
    QTest::addRow("FloorMod f32") << binary(OpKind::FloorMod, f32({ 6, 7 }), f32({ 6, 1 }));
    QTest::addRow("SquaredDifference f32")
        << binary(OpKind::SquaredDifference, f32({ 6, 7 }), f32({ 7 }));
    QTest::addRow("Greater f32") << binary(OpKind::Greater, f32({ 6, 7 }), f32({ 7 }));
    QTest::addRow("FloorDiv i32") << binary(
        OpKind::FloorDiv, plain(DType::Int32, { 6, 7 }), plain(DType::Int32, { 7 }));
    QTest::addRow("Div i32") << binary(
        OpKind::Div, plain(DType::Int32, { 6, 7 }), plain(DType::Int32, { 6, 7 }));
    QTest::addRow("Add i8 same") << quantizedBinary(
        OpKind::Add, i8({ 3, 11, 13 }, 0.05f, -3), i8({ 3, 11, 13 }, 0.021f, 17), { 0.07f, 5 });
    QTest::addRow("Add i8 channel relu") << quantizedBinary(
        OpKind::Add, i8({ 2, 6, 6, 8 }, 0.1f, 0), i8({ 8 }, 0.3f, -128), { 0.2f, -20 }, "RELU");
    QTest::addRow("Add i8 both") << quantizedBinary(
        OpKind::Add, i8({ 5, 1, 3 }, 0.04f, 10), i8({ 1, 4, 1 }, 0.01f, 100), { 0.05f, -120 });
    QTest::addRow("Sub i8 middle") << quantizedBinary(
        OpKind::Sub, i8({ 2, 1, 4, 5 }, 0.02f, -7), i8({ 3, 1, 5 }, 0.05f, 9), { 0.06f, 0 });
    QTest::addRow("Sub i8 scalar relu6") << quantizedBinary(
        OpKind::Sub, i8({ 5, 7 }, 0.03f, 1), i8({}, 0.03f, 1), { 0.04f, -128 }, "RELU6");
    QTest::addRow("Mul i8 channel") << quantizedBinary(
        OpKind::Mul, i8({ 2, 6, 6, 8 }, 0.1f, 0), i8({ 8 }, 0.3f, -128), { 0.5f, -128 });
    QTest::addRow("Mul i8 both relu") << quantizedBinary(OpKind::Mul, i8({ 5, 1, 3 }, 0.04f, 10),
        i8({ 1, 4, 1 }, 0.01f, 100), { 0.002f, -100 }, "RELU");
    QTest::addRow("Mul i8 multiplier above one")
        << quantizedBinary(OpKind::Mul, i8({ 7, 5 }, 0.5f, 2), i8({ 5 }, 0.7f, -1), { 0.05f, 3 });
    Case general16 = quantizedBinary(
        OpKind::Add, i16({ 4, 9, 10 }, 0.0003f), i16({ 4, 9, 10 }, 0.0001f), { 0.0005f, 0 });
    general16.potScaleInt16 = false;
    QTest::addRow("Add i16 general") << general16;
    Case broadcast16 = quantizedBinary(
        OpKind::Add, i16({ 4, 9, 10 }, 0.0003f), i16({ 10 }, 0.0001f), { 0.0005f, 0 }, "RELU");
    broadcast16.potScaleInt16 = false;
    QTest::addRow("Add i16 general broadcast") << broadcast16;
    Case pot16 = quantizedBinary(
        OpKind::Add, i16({ 6, 8 }, 1.0f / 4096), i16({ 6, 8 }, 1.0f / 1024), { 1.0f / 1024, 0 });
    QTest::addRow("Add i16 power-of-two scales, no options") << pot16;
    pot16.potScaleInt16 = true;
    QTest::addRow("Add i16 power of two") << pot16;
    Case potSub16 = quantizedBinary(OpKind::Sub, i16({ 6, 8 }, 1.0f / 1024),
        i16({ 8 }, 1.0f / 8192), { 1.0f / 1024, 0 }, "RELU");
    QTest::addRow("Sub i16 power of two broadcast relu") << potSub16;
    Case sub16
        = quantizedBinary(OpKind::Sub, i16({ 6, 8 }, 0.0003f), i16({ 8 }, 0.0001f), { 0.0005f, 0 });
    sub16.potScaleInt16 = false;
    QTest::addRow("Sub i16 general broadcast") << sub16;
    QTest::addRow("Mul i16") << quantizedBinary(
        OpKind::Mul, i16({ 4, 9, 10 }, 0.0003f), i16({ 10 }, 0.0001f), { 0.00000005f, 0 });
    for (const auto& [name, c] : quantizedDivCases())
        QTest::newRow(name) << c;
    QTest::addRow("SquaredDifference i8") << quantizedBinary(OpKind::SquaredDifference,
        i8({ 4, 9, 10 }, 0.03f, -5), i8({ 10 }, 0.02f, 3), { 0.05f, -128 });
    QTest::addRow("Maximum i8") << quantizedBinary(
        OpKind::Maximum, i8({ 4, 9 }, 0.05f, 2), i8({ 9 }, 0.05f, 2), { 0.05f, 2 });
    QTest::addRow("Less i8") << quantizedBinary(
        OpKind::Less, i8({ 4, 9, 8 }, 0.05f, 2), i8({ 8 }, 0.1f, -1), {});
    QTest::addRow("Equal i8") << quantizedBinary(
        OpKind::Equal, i8({ 4, 9, 8 }, 0.05f, 2), i8({ 4, 1, 8 }, 0.1f, 2), {});
    QTest::addRow("LogicalAnd") << binary(
        OpKind::LogicalAnd, plain(DType::Bool, { 6, 1, 5 }), plain(DType::Bool, { 4, 1 }));
    QTest::addRow("Select vector condition")
        << select(OpKind::Select, DType::Float32, { 4 }, { 4, 5, 3 }, { 4, 5, 3 });
    QTest::addRow("SelectV2 i8 broadcast")
        << select(OpKind::SelectV2, DType::Int8, { 5, 1 }, { 1, 6 }, { 4, 5, 6 }, { 0.1f, 0 });
}

void TestBinary::matchesLiteRt()
{
    QFETCH(Case, c);
    std::vector<NpyArray> data;
    for (std::size_t i = 0; i < c.inputs.size(); ++i)
        data.push_back(makeInput(c, i));
    const ir::Model model = buildModel(c, data);
    // LiteRT runs int8 ADD, SUB and MUL in XNNPACK: with its arithmetic, every element must agree.
    const Result<NpyArray> ours
        = runOurs(model, graphInputs(c, data), interp::QuantizedArithmetic::Xnnpack);
    QVERIFY2(ours, ours ? "" : ours.error().toString().c_str());
    const Result<NpyArray> theirs = kt::runLiteRtFirst(model, graphInputs(c, data));
    QVERIFY2(theirs, theirs ? "" : theirs.error().toString().c_str());
    const QString difference = compare(*ours, *theirs);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
}

void TestBinary::broadcastShapes()
{
    const auto broadcast = [](Shape a, Shape b) {
        return reference::broadcastShapes(std::array { a, b });
    };
    QCOMPARE(broadcast({ 2, 1, 4 }, { 3, 1 }), std::optional<Shape>(Shape { 2, 3, 4 }));
    QCOMPARE(broadcast({}, { 5 }), std::optional<Shape>(Shape { 5 }));
    QCOMPARE(broadcast({ 0, 3 }, { 1, 3 }), std::optional<Shape>(Shape { 0, 3 }));
    QVERIFY(!broadcast({ 2, 3 }, { 4 }));
    QVERIFY(!broadcast({ 2, 3 }, { 3, 3 }));
}

void TestBinary::rejectsWhatTfliteRejects_data()
{
    QTest::addColumn<Case>("c");
    const auto i8 = [](Shape s, float scale, std::int64_t zp) {
        return quantized(DType::Int8, std::move(s), scale, zp);
    };
    QTest::addRow("incompatible shapes")
        << binary(OpKind::Add, plain(DType::Float32, { 2, 3 }), plain(DType::Float32, { 4 }));
    QTest::addRow("rank 7") << binary(
        OpKind::Add, plain(DType::Float32, { 1, 1, 1, 1, 1, 1, 2 }), plain(DType::Float32, { 2 }));
    QTest::addRow("tanh activation")
        << binary(OpKind::Add, plain(DType::Float32, { 2 }), plain(DType::Float32, { 2 }), "TANH");
    QTest::addRow("mixed dtypes") << binary(
        OpKind::Add, plain(DType::Float32, { 2 }), plain(DType::Int32, { 2 }));
    QTest::addRow("int8 without quantization")
        << binary(OpKind::Add, plain(DType::Int8, { 2 }), plain(DType::Int8, { 2 }));
    QTest::addRow("int16 add with zero point")
        << quantizedBinary(OpKind::Add, quantized(DType::Int16, { 2 }, 0.01f, 3),
               quantized(DType::Int16, { 2 }, 0.01f, 0), { 0.01f, 0 });
    QTest::addRow("add output scale too small")
        << quantizedBinary(OpKind::Add, i8({ 2 }, 1.0f, 0), i8({ 2 }, 1.0f, 0), { 1e-7f, 0 });
    QTest::addRow("compare with scale above one")
        << quantizedBinary(OpKind::Less, i8({ 2 }, 2.0f, 0), i8({ 2 }, 0.5f, 0), {});
    QTest::addRow("logical on floats")
        << binary(OpKind::LogicalAnd, plain(DType::Float32, { 2 }), plain(DType::Float32, { 2 }));
    QTest::addRow("pow on int64") << binary(
        OpKind::Pow, plain(DType::Int64, { 2 }), plain(DType::Int64, { 2 }));
    QTest::addRow("select mismatched condition")
        << select(OpKind::Select, DType::Float32, { 3 }, { 4, 3 }, { 4, 3 });
    Case potBroadcast
        = quantizedBinary(OpKind::Add, quantized(DType::Int16, { 6, 8 }, 1.0f / 1024, 0),
            quantized(DType::Int16, { 8 }, 1.0f / 1024, 0), { 1.0f / 1024, 0 });
    potBroadcast.potScaleInt16 = true;
    QTest::addRow("power-of-two add broadcast") << potBroadcast;
}

void TestBinary::rejectsWhatTfliteRejects()
{
    QFETCH(Case, c);
    std::vector<NpyArray> data;
    for (std::size_t i = 0; i < c.inputs.size(); ++i)
        data.push_back(makeInput(c, i));
    ir::Model model = buildModel(c, data);
    model.main().tensors.back().shape = ir::Shape::unranked();
    const Result<void> prepared = kt::prepareOurs(model, interp::registerBinaryKernels);
    QVERIFY(!prepared);
    QVERIFY(!prepared.error().message.empty());
}

QTEST_GUILESS_MAIN(TestBinary)
#include "tst_binary.moc"
