// SPDX-License-Identifier: GPL-3.0-or-later
// The elementwise unary kernels on one-node models: float results against double-precision
// formulas, integer results exactly, the quantized int8/int16 paths against the reference element
// functions (reference/unary.h) and the dequantize-compute-requantize ideal, and a subset of every
// op and dtype against LiteRT (bit-exact for integer outputs).
#include "core/interpreter/kernels/reference/activations.h"
#include "core/interpreter/kernels/reference/softmax.h"
#include "core/interpreter/kernels/reference/unary.h"
#include "core/interpreter/kernels/unary.h"
#include "tests/core/interpreter/kernels/kernel_test_support.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <random>

using namespace lf;
namespace kt = lf::test::kt;
using kt::values;
namespace reference = lf::interp::reference;
using ir::DType;
using ir::OpKind;
using Shape = std::vector<std::int64_t>;

namespace {

struct Quant
{
    float scale = 0.0f; ///< 0: not quantized
    std::int64_t zeroPoint = 0;
};

struct Case
{
    OpKind op = OpKind::Abs;
    DType dtype = DType::Float32;
    Shape shape;
    Quant input;
    Quant output;
    std::uint32_t seed = 1;
};

} // namespace

Q_DECLARE_METATYPE(Case)

namespace {

ir::QuantParams quantParams(Quant q)
{
    if (q.scale == 0.0f)
        return {};
    return { { q.scale }, { q.zeroPoint }, 0, {}, {} };
}

/// Floats uniform in [-4, 4] (in (0.01, 4] for LOG, SQRT and RSQRT; multiples of 1/4 for ROUND so
/// that halves occur); 8-bit inputs cycle through every value (RSQRT: every value from the zero
/// point up, since TFLite fails below it); wider integers uniform, with their lowest value
/// included.
NpyArray makeInput(const Case& c)
{
    NpyArray array { c.dtype, c.shape, {} };
    const auto count = static_cast<std::size_t>(kt::elementCount(c.shape));
    array.data.resize(count * ir::dtypeSize(c.dtype));
    std::mt19937 generator(c.seed);
    const bool positive = c.op == OpKind::Log || c.op == OpKind::Sqrt || c.op == OpKind::Rsqrt;
    auto fillIntegers = [&]<class T>(T, std::int64_t low, std::int64_t high) {
        std::uniform_int_distribution<std::int64_t> uniform(low, high);
        for (std::size_t i = 0; i < count; ++i)
            values<T>(array)[i] = static_cast<T>(uniform(generator));
        values<T>(array)[0] = static_cast<T>(low);
    };
    switch (c.dtype) {
    case DType::Float32: {
        std::uniform_real_distribution<float> uniform(positive ? 0.01f : -4.0f, 4.0f);
        for (std::size_t i = 0; i < count; ++i) {
            const float v = uniform(generator);
            values<float>(array)[i] = c.op == OpKind::Round ? std::round(v * 4.0f) / 4.0f : v;
        }
        break;
    }
    case DType::Int8: {
        const std::int64_t low
            = c.op == OpKind::Rsqrt || c.op == OpKind::Sqrt ? c.input.zeroPoint : -128;
        for (std::size_t i = 0; i < count; ++i)
            values<std::int8_t>(array)[i]
                = static_cast<std::int8_t>(low + static_cast<std::int64_t>(i) % (128 - low));
        std::shuffle(values<std::int8_t>(array), values<std::int8_t>(array) + count, generator);
        break;
    }
    case DType::Int16:
        // TFLite refuses quantized SQRT and RSQRT inputs below the zero point (0 for int16).
        fillIntegers(std::int16_t {},
            (c.op == OpKind::Sqrt || c.op == OpKind::Rsqrt) && c.input.scale != 0.0f ? 0 : -32768,
            32767);
        break;
    case DType::Int32:
        fillIntegers(std::int32_t {}, std::numeric_limits<std::int32_t>::min(),
            std::numeric_limits<std::int32_t>::max());
        break;
    case DType::Int64: fillIntegers(std::int64_t {}, -1000000, 1000000); break;
    case DType::Bool: fillIntegers(std::uint8_t {}, 0, 1); break;
    default: break;
    }
    return array;
}

ir::Model buildModel(const Case& c)
{
    ir::Model model = ir::makeModel("main");
    ir::Graph& g = model.main();
    ir::Tensor in;
    in.name = "input";
    in.dtype = c.dtype;
    in.shape = ir::Shape::fromExtents(c.shape);
    in.quant = quantParams(c.input);
    ir::Tensor out = in;
    out.name = "output";
    out.quant = quantParams(c.output);
    const ir::TensorId inId = g.addTensor(std::move(in));
    const ir::TensorId outId = g.addTensor(std::move(out));
    g.addNode(ir::Node { c.op, "op", { inId }, { outId }, {}, 0, {} });
    g.inputs = { inId };
    g.outputs = { outId };
    return model;
}

Result<NpyArray> runOurs(const ir::Model& model, const NpyArray& input)
{
    return kt::runOursFirst(model, { input }, interp::registerUnaryKernels, 0);
}

/// The real function in double; integers wrap as in TFLite (the negation of the lowest value is
/// itself).
double formula(OpKind op, double x)
{
    switch (op) {
    case OpKind::Abs: return std::abs(x);
    case OpKind::Neg: return -x;
    case OpKind::Exp: return std::exp(x);
    case OpKind::Log: return std::log(x);
    case OpKind::Sqrt: return std::sqrt(x);
    case OpKind::Rsqrt: return 1.0 / std::sqrt(x);
    case OpKind::Sin: return std::sin(x);
    case OpKind::Cos: return std::cos(x);
    case OpKind::Square: return x * x;
    case OpKind::Floor: return std::floor(x);
    case OpKind::Ceil: return std::ceil(x);
    case OpKind::Round: return std::nearbyint(x); // the default rounding mode: halves to even
    case OpKind::Sign: return (x > 0) - (x < 0);
    case OpKind::LogicalNot: return x == 0;
    default: return 0;
    }
}

double wrapTo(DType dtype, double value)
{
    switch (dtype) {
    case DType::Int8: return static_cast<std::int8_t>(static_cast<std::int64_t>(value));
    case DType::Int16: return static_cast<std::int16_t>(static_cast<std::int64_t>(value));
    case DType::Int32: return static_cast<std::int32_t>(static_cast<std::int64_t>(value));
    default: return value;
    }
}

/// Quantized EXP and LOG through TFLite's tables (reference/activations.h, reference/softmax.h):
/// LOG of x <= 0 is the output's lowest value.
double tabulated(const Case& c, double raw)
{
    const bool int8 = c.dtype == DType::Int8;
    const float outputMin
        = static_cast<float>((int8 ? -128 : -32768) - c.output.zeroPoint) * c.output.scale;
    const auto function = [&c, outputMin](float x) {
        if (c.op == OpKind::Log)
            return x <= 0.0f ? outputMin : std::log(x);
        if (c.op == OpKind::Rsqrt)
            return x <= 0.0f ? 32767.0f * c.output.scale : 1.0f / std::sqrt(x);
        return std::exp(x);
    };
    const auto inZero = static_cast<std::int32_t>(c.input.zeroPoint);
    const auto outZero = static_cast<std::int32_t>(c.output.zeroPoint);
    if (int8) {
        const auto table = reference::makeLookupTable<std::int8_t>(
            c.input.scale, inZero, c.output.scale, outZero, function);
        return table[static_cast<std::uint8_t>(static_cast<std::int8_t>(raw))];
    }
    const auto table = reference::makeInt16LookupTable<float>(
        c.input.scale, inZero, c.output.scale, outZero, function);
    return reference::lookupInterpolated(static_cast<std::int16_t>(raw), table);
}

/// The expected raw output element, from the reference element functions for quantized paths.
double expectedAt(const Case& c, double raw)
{
    const bool quantized = c.input.scale != 0.0f;
    if (quantized && c.op == OpKind::Abs) {
        const interp::QuantizedRange range = c.dtype == DType::Int8
            ? interp::QuantizedRange { -128, 127 }
            : interp::QuantizedRange { -32768, 32767 };
        const auto params = reference::makeQuantizedAbsParams(c.input.scale,
            static_cast<std::int32_t>(c.input.zeroPoint), c.output.scale,
            static_cast<std::int32_t>(c.output.zeroPoint), range);
        return reference::quantizedAbs(static_cast<std::int32_t>(raw), params);
    }
    if (quantized && c.op == OpKind::Rsqrt && c.dtype == DType::Int8) {
        const auto params = reference::makeQuantizedRsqrtParams(c.input.scale,
            static_cast<std::int32_t>(c.input.zeroPoint), c.output.scale,
            static_cast<std::int32_t>(c.output.zeroPoint));
        return reference::quantizedRsqrt(static_cast<std::int32_t>(raw), params);
    }
    if (quantized
        && (c.op == OpKind::Exp || c.op == OpKind::Log
            || (c.op == OpKind::Rsqrt && c.dtype == DType::Int16)))
        return tabulated(c, raw);
    if (quantized && c.op == OpKind::Sqrt) {
        // Dequantize in float, sqrt, divide by the output scale and truncate (elementwise.cc).
        const float x
            = c.input.scale * static_cast<float>(raw - static_cast<double>(c.input.zeroPoint));
        const double low = c.dtype == DType::Int8 ? -128 : -32768;
        const double high = c.dtype == DType::Int8 ? 127 : 32767;
        return std::clamp(
            std::trunc(std::sqrt(x) / c.output.scale) + static_cast<double>(c.output.zeroPoint),
            low, high);
    }
    return wrapTo(c.dtype, formula(c.op, raw));
}

struct Difference
{
    std::size_t mismatches = 0;
    double maxError = 0;
    QString first;
};

/// Float outputs may differ from the double formula by a few float ulps of the largest output
/// (libm): 1e-5 max|want| + 1e-6; everything else must be equal.
Difference compare(const NpyArray& ours, const std::vector<double>& want, bool floating)
{
    double maxMagnitude = 0;
    for (double w : want)
        maxMagnitude = std::max(maxMagnitude, std::abs(w));
    const double tolerance = floating ? 1e-5 * maxMagnitude + 1e-6 : 0.0;
    Difference result;
    for (std::size_t i = 0; i < want.size(); ++i) {
        const double error = std::abs(kt::valueAt(ours, i) - want[i]);
        result.maxError = std::max(result.maxError, error);
        if (error > tolerance && result.mismatches++ == 0)
            result.first = QStringLiteral("element %1: ours %2, want %3")
                               .arg(i)
                               .arg(kt::valueAt(ours, i), 0, 'g', 9)
                               .arg(want[i], 0, 'g', 9);
    }
    return result;
}

Case make(OpKind op, DType dtype, Shape shape, Quant in = {}, Quant out = {})
{
    return Case { op, dtype, std::move(shape), in, out, 1 };
}

/// Quantized EXP, LOG, SQRT and int16 RSQRT: int8 with zero points and outputs that saturate, int16
/// (zero points 0) over ranges where the interpolated table matters.
std::vector<std::pair<const char*, Case>> quantizedElementCases()
{
    return {
        { "Exp i8", make(OpKind::Exp, DType::Int8, { 4, 64 }, { 0.03f, -20 }, { 0.05f, -128 }) },
        { "Exp i8 saturating",
            make(OpKind::Exp, DType::Int8, { 4, 64 }, { 0.1f, 5 }, { 0.02f, -100 }) },
        { "Log i8", make(OpKind::Log, DType::Int8, { 4, 64 }, { 0.05f, -128 }, { 0.04f, 30 }) },
        { "Log i8 non-positive inputs",
            make(OpKind::Log, DType::Int8, { 4, 64 }, { 0.02f, 10 }, { 0.03f, 0 }) },
        { "Exp i16",
            make(OpKind::Exp, DType::Int16, { 5, 7, 9 }, { 1.0f / 8192, 0 }, { 1.0f / 1024, 0 }) },
        { "Log i16",
            make(OpKind::Log, DType::Int16, { 5, 7, 9 }, { 1.0f / 2048, 0 }, { 1.0f / 4096, 0 }) },
        { "Rsqrt i16",
            make(
                OpKind::Rsqrt, DType::Int16, { 5, 7, 9 }, { 1.0f / 4096, 0 }, { 1.0f / 2048, 0 }) },
        { "Sqrt i8", make(OpKind::Sqrt, DType::Int8, { 4, 64 }, { 0.05f, -128 }, { 0.02f, -128 }) },
        { "Sqrt i8 zero point",
            make(OpKind::Sqrt, DType::Int8, { 2, 64 }, { 0.1f, -60 }, { 0.05f, 3 }) },
        { "Sqrt i16",
            make(OpKind::Sqrt, DType::Int16, { 5, 7, 9 }, { 1.0f / 1024, 0 }, { 1.0f / 4096, 0 }) },
    };
}

} // namespace

class TestUnary : public QObject
{
    Q_OBJECT

private slots:
    void matchesFormula_data();
    void matchesFormula();
    void quantizedTracksRealFunction_data();
    void quantizedTracksRealFunction();
    void matchesLiteRt_data();
    void matchesLiteRt();
    void rejectsWhatTfliteRejects_data();
    void rejectsWhatTfliteRejects();
};

void TestUnary::matchesFormula_data()
{
    QTest::addColumn<Case>("c");
    const Shape odd { 3, 5, 7, 9 };
    for (OpKind op : { OpKind::Abs, OpKind::Neg, OpKind::Exp, OpKind::Log, OpKind::Sqrt,
             OpKind::Rsqrt, OpKind::Sin, OpKind::Cos, OpKind::Square, OpKind::Floor, OpKind::Ceil,
             OpKind::Round, OpKind::Sign }) {
        const std::string name(ir::opKindName(op));
        QTest::addRow("%s f32", name.c_str()) << make(op, DType::Float32, odd);
        QTest::addRow("%s f32 large", name.c_str()) << make(op, DType::Float32, { 300, 257 });
    }
    QTest::addRow("Round f32 halves scalar") << make(OpKind::Round, DType::Float32, {});
    for (OpKind op : { OpKind::Abs, OpKind::Neg, OpKind::Sign })
        QTest::addRow("%s i32", std::string(ir::opKindName(op)).c_str())
            << make(op, DType::Int32, odd);
    QTest::addRow("Neg i64") << make(OpKind::Neg, DType::Int64, odd);
    QTest::addRow("Neg i8") << make(OpKind::Neg, DType::Int8, { 4, 64 }, { 0.1f, 3 }, { 0.1f, 3 });
    QTest::addRow("Neg i16") << make(OpKind::Neg, DType::Int16, odd, { 0.001f, 0 }, { 0.001f, 0 });
    QTest::addRow("Abs i16 plain") << make(OpKind::Abs, DType::Int16, odd);
    QTest::addRow("LogicalNot") << make(OpKind::LogicalNot, DType::Bool, odd);
    QTest::addRow("LogicalNot large") << make(OpKind::LogicalNot, DType::Bool, { 1000, 300 });
    QTest::addRow("Abs i8 same scale")
        << make(OpKind::Abs, DType::Int8, { 4, 64 }, { 0.05f, -7 }, { 0.05f, -7 });
    QTest::addRow("Abs i8 rescale")
        << make(OpKind::Abs, DType::Int8, { 4, 64 }, { 0.05f, 10 }, { 0.03f, -128 });
    QTest::addRow("Abs i8 rescale large")
        << make(OpKind::Abs, DType::Int8, { 512, 300 }, { 0.05f, 10 }, { 0.07f, -100 });
    QTest::addRow("Abs i16 rescale")
        << make(OpKind::Abs, DType::Int16, odd, { 0.001f, 0 }, { 0.0007f, 0 });
    QTest::addRow("Abs i16 same scale")
        << make(OpKind::Abs, DType::Int16, odd, { 0.001f, 0 }, { 0.001f, 0 });
    QTest::addRow("Rsqrt i8") << make(
        OpKind::Rsqrt, DType::Int8, { 4, 64 }, { 0.05f, -128 }, { 0.02f, -128 });
    QTest::addRow("Rsqrt i8 zero point")
        << make(OpKind::Rsqrt, DType::Int8, { 4, 64 }, { 0.01f, -20 }, { 0.1f, 0 });
    for (const auto& [name, c] : quantizedElementCases())
        QTest::newRow(name) << c;
}

void TestUnary::matchesFormula()
{
    QFETCH(Case, c);
    const NpyArray input = makeInput(c);
    const Result<NpyArray> ours = runOurs(buildModel(c), input);
    QVERIFY2(ours, ours ? "" : ours.error().toString().c_str());
    QCOMPARE(ours->shape, c.shape);
    std::vector<double> want(static_cast<std::size_t>(kt::elementCount(c.shape)));
    for (std::size_t i = 0; i < want.size(); ++i)
        want[i] = expectedAt(c, kt::valueAt(input, i));
    const Difference difference = compare(*ours, want, c.dtype == DType::Float32);
    QVERIFY2(difference.mismatches == 0,
        qPrintable(
            QStringLiteral("%1 mismatches; %2").arg(difference.mismatches).arg(difference.first)));
}

void TestUnary::quantizedTracksRealFunction_data()
{
    QTest::addColumn<Case>("c");
    QTest::addColumn<double>("steps");
    // ABS rescales once: the ideal rounded value or its neighbour.
    QTest::addRow("Abs i8 rescale")
        << make(OpKind::Abs, DType::Int8, { 256 }, { 0.05f, 10 }, { 0.03f, -128 }) << 1.0;
    QTest::addRow("Abs i16 rescale")
        << make(OpKind::Abs, DType::Int16, { 4096 }, { 0.001f, 0 }, { 0.0007f, 0 }) << 1.0;
    // RSQRT: a Newton-Raphson in Q3.28 precise beyond 8 bits, then two rounding rescales: again
    // the ideal value or its neighbour.
    QTest::addRow("Rsqrt i8") << make(OpKind::Rsqrt, DType::Int8, { 256 }, { 0.05f, -128 },
        { 0.02f, -128 }) << 1.0;
    // EXP and LOG tables round once in float: the ideal value or its neighbour for int8. int16
    // interpolates linearly between 513 samples: within 0.3 % of the output range (100 steps)
    // where the curve bends most.
    QTest::addRow("Exp i8") << make(OpKind::Exp, DType::Int8, { 256 }, { 0.03f, -20 },
        { 0.05f, -128 }) << 1.0;
    QTest::addRow("Log i8") << make(OpKind::Log, DType::Int8, { 256 }, { 0.05f, -128 },
        { 0.04f, 30 }) << 1.0;
    QTest::addRow("Exp i16") << make(OpKind::Exp, DType::Int16, { 4096 }, { 1.0f / 8192, 0 },
        { 1.0f / 1024, 0 }) << 100.0;
    QTest::addRow("Log i16") << make(OpKind::Log, DType::Int16, { 4096 }, { 1.0f / 2048, 0 },
        { 1.0f / 4096, 0 }) << 100.0;
}

void TestUnary::quantizedTracksRealFunction()
{
    QFETCH(Case, c);
    QFETCH(double, steps);
    const NpyArray input = makeInput(c);
    const Result<NpyArray> ours = runOurs(buildModel(c), input);
    QVERIFY2(ours, ours ? "" : ours.error().toString().c_str());
    const double low = c.dtype == DType::Int8 ? -128 : -32768;
    const double high = c.dtype == DType::Int8 ? 127 : 32767;
    for (std::size_t i = 0; i < static_cast<std::size_t>(kt::elementCount(c.shape)); ++i) {
        const double x
            = c.input.scale * (kt::valueAt(input, i) - static_cast<double>(c.input.zeroPoint));
        if ((c.op == OpKind::Rsqrt || c.op == OpKind::Log) && x <= 0)
            continue;
        // Below 1, LOG bends too fast for 513 int16 samples over [-16, 16] (one per 1/16).
        if (c.op == OpKind::Log && c.dtype == DType::Int16 && x < 1.0)
            continue;
        const double ideal = std::clamp(
            std::round(formula(c.op, x) / c.output.scale) + static_cast<double>(c.output.zeroPoint),
            low, high);
        QVERIFY2(std::abs(kt::valueAt(*ours, i) - ideal) <= steps,
            qPrintable(QStringLiteral("input %1: got %2, ideal %3")
                           .arg(kt::valueAt(input, i))
                           .arg(kt::valueAt(*ours, i))
                           .arg(ideal)));
    }
}

void TestUnary::matchesLiteRt_data()
{
    QTest::addColumn<Case>("c");
    for (OpKind op : { OpKind::Abs, OpKind::Neg, OpKind::Exp, OpKind::Log, OpKind::Sqrt,
             OpKind::Rsqrt, OpKind::Sin, OpKind::Cos, OpKind::Square, OpKind::Floor, OpKind::Ceil,
             OpKind::Round, OpKind::Sign })
        QTest::addRow("%s f32", std::string(ir::opKindName(op)).c_str())
            << make(op, DType::Float32, { 3, 5, 7, 9 });
    QTest::addRow("LogicalNot") << make(OpKind::LogicalNot, DType::Bool, { 3, 5, 7 });
    QTest::addRow("Abs i32") << make(OpKind::Abs, DType::Int32, { 5, 7 });
    QTest::addRow("Neg i32") << make(OpKind::Neg, DType::Int32, { 5, 7 });
    QTest::addRow("Neg i64") << make(OpKind::Neg, DType::Int64, { 5, 7 });
    QTest::addRow("Neg i8") << make(OpKind::Neg, DType::Int8, { 4, 64 }, { 0.1f, 3 }, { 0.1f, 3 });
    QTest::addRow("Abs i8 same scale")
        << make(OpKind::Abs, DType::Int8, { 4, 64 }, { 0.05f, -7 }, { 0.05f, -7 });
    QTest::addRow("Abs i8 rescale")
        << make(OpKind::Abs, DType::Int8, { 4, 64 }, { 0.05f, 10 }, { 0.03f, -128 });
    QTest::addRow("Abs i16 rescale")
        << make(OpKind::Abs, DType::Int16, { 5, 7, 9 }, { 0.001f, 0 }, { 0.0007f, 0 });
    QTest::addRow("Rsqrt i8") << make(
        OpKind::Rsqrt, DType::Int8, { 4, 64 }, { 0.05f, -128 }, { 0.02f, -128 });
    QTest::addRow("Rsqrt i8 zero point")
        << make(OpKind::Rsqrt, DType::Int8, { 4, 64 }, { 0.01f, -20 }, { 0.1f, 0 });
    for (const auto& [name, c] : quantizedElementCases())
        QTest::newRow(name) << c;
}

void TestUnary::matchesLiteRt()
{
    QFETCH(Case, c);
    const NpyArray input = makeInput(c);
    const ir::Model model = buildModel(c);
    const Result<NpyArray> ours = runOurs(model, input);
    QVERIFY2(ours, ours ? "" : ours.error().toString().c_str());
    const Result<NpyArray> theirs = kt::runLiteRtFirst(model, { input });
    QVERIFY2(theirs, theirs ? "" : theirs.error().toString().c_str());
    QCOMPARE(theirs->shape, ours->shape);
    std::vector<double> want(static_cast<std::size_t>(kt::elementCount(c.shape)));
    for (std::size_t i = 0; i < want.size(); ++i)
        want[i] = kt::valueAt(*theirs, i);
    const Difference difference = compare(*ours, want, c.dtype == DType::Float32);
    QVERIFY2(difference.mismatches == 0,
        qPrintable(QStringLiteral("%1 mismatches (max error %2); %3")
                       .arg(difference.mismatches)
                       .arg(difference.maxError)
                       .arg(difference.first)));
}

void TestUnary::rejectsWhatTfliteRejects_data()
{
    QTest::addColumn<Case>("c");
    QTest::addRow("Abs i8 without quantization") << make(OpKind::Abs, DType::Int8, { 4 });
    QTest::addRow("Abs i16 zero point")
        << make(OpKind::Abs, DType::Int16, { 4 }, { 0.01f, 5 }, { 0.01f, 5 });
    QTest::addRow("Exp i32") << make(OpKind::Exp, DType::Int32, { 4 });
    QTest::addRow("Square i32") << make(OpKind::Square, DType::Int32, { 4 });
    QTest::addRow("LogicalNot f32") << make(OpKind::LogicalNot, DType::Float32, { 4 });
    QTest::addRow("Rsqrt u8") << make(OpKind::Rsqrt, DType::UInt8, { 4 }, { 0.1f, 0 }, { 0.1f, 0 });
    QTest::addRow("Sqrt i16 zero point")
        << make(OpKind::Sqrt, DType::Int16, { 4 }, { 0.01f, 5 }, { 0.01f, 0 });
}

void TestUnary::rejectsWhatTfliteRejects()
{
    QFETCH(Case, c);
    const Result<void> prepared = kt::prepareOurs(buildModel(c), interp::registerUnaryKernels);
    QVERIFY(!prepared);
    QVERIFY(!prepared.error().message.empty());
}

QTEST_GUILESS_MAIN(TestUnary)
#include "tst_unary.moc"
