// SPDX-License-Identifier: GPL-3.0-or-later
// SOFTMAX and LOG_SOFTMAX on one-node models: against double-precision formulas for float and the
// quantized dtypes, bit-exact against LiteRT for every integer dtype, and the evidence for which of
// TFLite's three int8 softmax algorithms LiteRT runs (the float exp table).
#include "core/interpreter/kernels/reference/fixed_point_math.h"
#include "core/interpreter/kernels/softmax.h"
#include "core/interpreter/quant_math.h"
#include "tests/core/interpreter/kernels/kernel_test_support.h"

#include <QTest>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <numeric>
#include <random>

using namespace lf;
namespace kt = lf::test::kt;
using ir::DType;
using ir::OpKind;

namespace {

struct Quant {
    float scale = 0.0f;
    std::int64_t zeroPoint = 0;
};

struct Case {
    OpKind op = OpKind::Softmax;
    DType input = DType::Float32;
    DType output = DType::Float32;
    std::vector<std::int64_t> shape;
    Quant inputQuant;
    Quant outputQuant;
    double beta = 1.0;
    std::uint32_t seed = 1;
};

} // namespace

Q_DECLARE_METATYPE(Case)

namespace {

ir::Tensor tensor(std::string name, DType dtype, const std::vector<std::int64_t>& shape, Quant q)
{
    ir::Tensor t;
    t.name = std::move(name);
    t.dtype = dtype;
    t.shape = ir::Shape::fromExtents(shape);
    if (dtype != DType::Float32)
        t.quant = {{q.scale}, {q.zeroPoint}, 0, {}, {}};
    return t;
}

ir::Model buildModel(const Case& c)
{
    ir::Model model = ir::makeModel("main");
    ir::Graph& g = model.main();
    const ir::TensorId in = g.addTensor(tensor("input", c.input, c.shape, c.inputQuant));
    const ir::TensorId out = g.addTensor(tensor("output", c.output, c.shape, c.outputQuant));
    ir::Node node{c.op, "op", {in}, {out}, {}, 0, {}};
    if (c.op == OpKind::Softmax)
        node.attributes.set("beta", c.beta);
    g.addNode(std::move(node));
    g.inputs = {in};
    g.outputs = {out};
    return model;
}

/// Float logits uniform in [-6, 6]; integers uniform over the dtype, with every fifth row squeezed
/// towards its maximum so that rows with close competitors appear too.
NpyArray makeInput(DType dtype, const std::vector<std::int64_t>& shape, std::uint32_t seed)
{
    NpyArray array{dtype, shape, {}};
    const auto count = static_cast<std::size_t>(kt::elementCount(shape));
    const auto depth = static_cast<std::size_t>(shape.empty() ? 1 : shape.back());
    std::mt19937 generator(seed);
    auto fill = [&]<class T>(T) {
        std::vector<T> values(count);
        for (std::size_t i = 0; i < count; ++i) {
            if constexpr (std::is_floating_point_v<T>) {
                values[i] = std::uniform_real_distribution<float>(-6.0f, 6.0f)(generator);
            } else {
                const std::int64_t low = std::numeric_limits<T>::min();
                const std::int64_t high = std::numeric_limits<T>::max();
                const bool squeezed = (i / depth) % 5 == 4;
                values[i] = static_cast<T>(std::uniform_int_distribution<std::int64_t>(squeezed ? high - 40 : low, high)(generator));
            }
        }
        array.data.resize(count * sizeof(T));
        std::memcpy(array.data.data(), values.data(), array.data.size());
    };
    switch (dtype) {
    case DType::Float32: fill(float{}); break;
    case DType::Int8: fill(std::int8_t{}); break;
    case DType::UInt8: fill(std::uint8_t{}); break;
    case DType::Int16: fill(std::int16_t{}); break;
    default: break;
    }
    return array;
}

Result<NpyArray> runOurs(const ir::Model& model, const NpyArray& input, int threads = 1)
{
    return kt::runOursFirst(model, { input }, interp::registerSoftmaxKernels, threads);
}

std::size_t countMismatches(const NpyArray& a, const NpyArray& b)
{
    std::size_t mismatches = 0;
    for (std::size_t i = 0; i < static_cast<std::size_t>(a.elementCount()); ++i)
        mismatches += kt::valueAt(a, i) != kt::valueAt(b, i) ? 1 : 0;
    return mismatches;
}

Case make(OpKind op, DType input, DType output, std::vector<std::int64_t> shape, Quant in = {}, Quant out = {}, double beta = 1.0)
{
    return {op, input, output, std::move(shape), in, out, beta, 1};
}

// TFLite's two other int8 softmax algorithms, to show that LiteRT runs neither.

/// reference_ops::Softmax: Q5.26 differences, fixed-point exp, a Q12.19 sum and its reciprocal.
std::vector<std::int8_t> fixedPointSoftmax(const std::vector<std::int8_t>& input, std::int64_t depth, float inputScale, double beta)
{
    namespace fp = interp::reference::fixedpoint;
    const double real = std::min(beta * inputScale * double(1 << 26), double((1LL << 31) - 1));
    const interp::QuantizedMultiplier multiplier = interp::quantizeMultiplier(real);
    const auto diffMin = -static_cast<std::int32_t>(std::floor(31.0 * double(1 << 26) / double(1LL << multiplier.shift)));
    std::vector<std::int8_t> output(input.size());
    for (std::size_t row = 0; row < input.size() / static_cast<std::size_t>(depth); ++row) {
        const std::int8_t* x = input.data() + row * depth;
        const std::int8_t max = *std::max_element(x, x + depth);
        std::vector<std::int32_t> exps(static_cast<std::size_t>(depth), 0);
        fp::Fixed<std::int32_t, 12> sum{0};
        for (std::int64_t c = 0; c < depth; ++c) {
            const std::int32_t diff = x[c] - max;
            if (diff < diffMin)
                continue;
            const std::int32_t scaled = fp::roundingDoublingHighMul(diff * (1 << multiplier.shift), multiplier.multiplier);
            exps[c] = fp::expOnNegativeValues(fp::Fixed<std::int32_t, 5>{scaled}).raw;
            sum = sum + fp::rescale<12>(fp::Fixed<std::int32_t, 0>{exps[c]});
        }
        const int headroomPlusOne = std::countl_zero(static_cast<std::uint32_t>(sum.raw));
        const auto shiftedMinusOne = static_cast<std::int32_t>((static_cast<std::uint32_t>(sum.raw) << headroomPlusOne) - (1u << 31));
        const fp::Fixed<std::int32_t, 0> reciprocal = fp::oneOverOnePlusX(fp::Fixed<std::int32_t, 0>{shiftedMinusOne});
        const int exponent = (12 - headroomPlusOne) + 31 - 8;
        for (std::int64_t c = 0; c < depth; ++c) {
            const std::int32_t scaled = x[c] - max < diffMin ? 0
                : fp::roundingDivideByPot((reciprocal * fp::Fixed<std::int32_t, 0>{exps[c]}).raw, exponent);
            output[row * depth + c] = static_cast<std::int8_t>(std::clamp(scaled - 128, -128, 127));
        }
    }
    return output;
}

/// optimized_ops::SoftmaxInt8LUT (ARM64 clang builds): a 16-bit exp table and an integer sum.
std::vector<std::int8_t> uint16TableSoftmax(const std::vector<std::int8_t>& input, std::int64_t depth, float inputScale, double beta,
                                            float outputScale)
{
    std::array<std::int32_t, 256> table{};
    const float scale = inputScale * static_cast<float>(beta);
    for (int v = 0; v < 256; ++v)
        table[v] = std::min(65535, static_cast<int>(std::exp(scale * static_cast<float>(v - 255)) * 65535 + 0.5));
    std::vector<std::int8_t> output(input.size());
    for (std::size_t row = 0; row < input.size() / static_cast<std::size_t>(depth); ++row) {
        const std::int8_t* x = input.data() + row * depth;
        auto index = [&](std::int64_t c) { return static_cast<std::uint8_t>((static_cast<std::uint8_t>(x[c]) ^ 0x80) + 255 - (*std::max_element(x, x + depth) + 128)); };
        std::int32_t sum = 0;
        for (std::int64_t c = 0; c < depth; ++c)
            sum += table[index(c)];
        const interp::QuantizedMultiplier multiplier = interp::quantizeMultiplier(1.0f / (static_cast<float>(sum) * outputScale));
        for (std::int64_t c = 0; c < depth; ++c)
            output[row * depth + c] = static_cast<std::int8_t>(
                std::clamp(interp::multiplyByQuantizedMultiplier(table[index(c)], multiplier) - 128, -128, 127));
    }
    return output;
}

} // namespace

class TestSoftmax : public QObject {
    Q_OBJECT

private slots:
    void matchesFormula_data();
    void matchesFormula();
    void matchesLiteRt_data();
    void matchesLiteRt();
    void int8AlgorithmIsTheFloatTable();
    void threadedMatchesSingleThreaded();
    void rejectsWhatTfliteRejects_data();
    void rejectsWhatTfliteRejects();
};

void TestSoftmax::matchesFormula_data()
{
    QTest::addColumn<Case>("c");
    QTest::addColumn<double>("tolerance");
    const Quant in8{0.1f, 5};
    const Quant out8{1.0f / 256, -128};
    const Quant in16{8.0f / 32768, 0};
    const Quant out16{1.0f / 32768, 0};
    // Float: exp and the sum in float against double; a few ulps of max |output|.
    QTest::addRow("f32 rank 1") << make(OpKind::Softmax, DType::Float32, DType::Float32, {37}) << 1e-6;
    QTest::addRow("f32 rank 4 beta 0.5") << make(OpKind::Softmax, DType::Float32, DType::Float32, {2, 3, 5, 7}, {}, {}, 0.5) << 1e-6;
    QTest::addRow("f32 wide rows beta 2") << make(OpKind::Softmax, DType::Float32, DType::Float32, {3, 1001}, {}, {}, 2.0) << 1e-6;
    QTest::addRow("f32 log rank 3") << make(OpKind::LogSoftmax, DType::Float32, DType::Float32, {2, 3, 11}) << 1e-6;
    // 8-bit: float probabilities rounded once; the float exp table and sum can move a value across
    // a rounding boundary, one step.
    QTest::addRow("i8") << make(OpKind::Softmax, DType::Int8, DType::Int8, {5, 37}, in8, out8) << 1.0;
    QTest::addRow("i8 beta 0.3") << make(OpKind::Softmax, DType::Int8, DType::Int8, {5, 37}, in8, out8, 0.3) << 1.0;
    QTest::addRow("u8") << make(OpKind::Softmax, DType::UInt8, DType::UInt8, {5, 37}, {0.05f, 128}, {1.0f / 256, 0}) << 1.0;
    QTest::addRow("i8 to i16") << make(OpKind::Softmax, DType::Int8, DType::Int16, {5, 37}, in8, out16) << 1.0;
    QTest::addRow("u8 to i16") << make(OpKind::Softmax, DType::UInt8, DType::Int16, {5, 37}, {0.05f, 128}, out16) << 1.0;
    QTest::addRow("i8 log") << make(OpKind::LogSoftmax, DType::Int8, DType::Int8, {5, 37}, in8, {16.0f / 256, 127}) << 1.0;
    QTest::addRow("u8 log") << make(OpKind::LogSoftmax, DType::UInt8, DType::UInt8, {5, 37}, {0.05f, 128}, {16.0f / 256, 255}) << 1.0;
    // int16: linearly interpolated Q0.15 exp and reciprocal tables and a sum kept to 16 bits; about
    // 0.07% of full scale, 24 steps of 2^-15 (LiteRT agrees bit for bit).
    QTest::addRow("i16") << make(OpKind::Softmax, DType::Int16, DType::Int16, {5, 37}, in16, out16) << 24.0;
    QTest::addRow("i16 beta 2") << make(OpKind::Softmax, DType::Int16, DType::Int16, {2, 3, 17}, in16, out16, 2.0) << 24.0;
}

void TestSoftmax::matchesFormula()
{
    QFETCH(Case, c);
    QFETCH(double, tolerance);
    const NpyArray input = makeInput(c.input, c.shape, c.seed);
    const Result<NpyArray> ours = runOurs(buildModel(c), input);
    QVERIFY2(ours, ours ? "" : ours.error().toString().c_str());
    QCOMPARE(ours->shape, c.shape);
    const auto depth = static_cast<std::size_t>(c.shape.back());
    const auto rows = static_cast<std::size_t>(kt::elementCount(c.shape)) / depth;
    const bool quantizedIn = c.input != DType::Float32;
    const bool quantizedOut = c.output != DType::Float32;
    const double low = c.output == DType::Int8 ? -128 : c.output == DType::UInt8 ? 0 : -32768;
    const double high = c.output == DType::Int8 ? 127 : c.output == DType::UInt8 ? 255 : 32767;
    const double beta = c.op == OpKind::Softmax ? static_cast<double>(static_cast<float>(c.beta)) : 1.0;
    std::vector<double> expected(rows * depth);
    double maxMagnitude = 0;
    for (std::size_t r = 0; r < rows; ++r) {
        std::vector<double> x(depth);
        for (std::size_t i = 0; i < depth; ++i) {
            const double raw = kt::valueAt(input, r * depth + i);
            x[i] = quantizedIn ? c.inputQuant.scale * (raw - static_cast<double>(c.inputQuant.zeroPoint)) : raw;
        }
        const double max = *std::max_element(x.begin(), x.end());
        double sum = 0;
        for (double v : x)
            sum += std::exp((v - max) * beta);
        for (std::size_t i = 0; i < depth; ++i) {
            double& want = expected[r * depth + i];
            want = c.op == OpKind::Softmax ? std::exp((x[i] - max) * beta) / sum : x[i] - max - std::log(sum);
            if (quantizedOut)
                want = std::clamp(std::round(want / c.outputQuant.scale) + static_cast<double>(c.outputQuant.zeroPoint), low, high);
            maxMagnitude = std::max(maxMagnitude, std::abs(want));
        }
    }
    const double allowed = quantizedOut ? tolerance : tolerance * maxMagnitude + 1e-6;
    double maxError = 0;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const double error = std::abs(kt::valueAt(*ours, i) - expected[i]);
        maxError = std::max(maxError, error);
        if (error > allowed)
            QFAIL(qPrintable(QStringLiteral("element %1: got %2, want %3").arg(i).arg(kt::valueAt(*ours, i)).arg(expected[i])));
    }
    qInfo("max error %g (%s)", maxError, quantizedOut ? "steps" : "absolute");
}

void TestSoftmax::matchesLiteRt_data()
{
    QTest::addColumn<Case>("c");
    const Quant in8{0.1f, 5};
    const Quant out8{1.0f / 256, -128};
    const Quant out16{1.0f / 32768, 0};
    QTest::addRow("f32") << make(OpKind::Softmax, DType::Float32, DType::Float32, {3, 1001});
    QTest::addRow("f32 beta 0.5") << make(OpKind::Softmax, DType::Float32, DType::Float32, {2, 3, 5, 7}, {}, {}, 0.5);
    QTest::addRow("f32 log") << make(OpKind::LogSoftmax, DType::Float32, DType::Float32, {4, 37});
    QTest::addRow("i8") << make(OpKind::Softmax, DType::Int8, DType::Int8, {8, 37}, in8, out8);
    QTest::addRow("i8 classifier") << make(OpKind::Softmax, DType::Int8, DType::Int8, {2, 1001}, {0.2f, -30}, out8);
    QTest::addRow("i8 beta 0.3") << make(OpKind::Softmax, DType::Int8, DType::Int8, {8, 37}, in8, out8, 0.3);
    QTest::addRow("i8 rank 4") << make(OpKind::Softmax, DType::Int8, DType::Int8, {1, 4, 5, 6}, {0.05f, 0}, out8);
    QTest::addRow("u8") << make(OpKind::Softmax, DType::UInt8, DType::UInt8, {8, 37}, {0.05f, 128}, {1.0f / 256, 0});
    QTest::addRow("i8 to i16") << make(OpKind::Softmax, DType::Int8, DType::Int16, {8, 37}, in8, out16);
    QTest::addRow("u8 to i16") << make(OpKind::Softmax, DType::UInt8, DType::Int16, {8, 37}, {0.05f, 128}, out16);
    QTest::addRow("i16") << make(OpKind::Softmax, DType::Int16, DType::Int16, {8, 37}, {8.0f / 32768, 0}, out16);
    QTest::addRow("i16 beta 2") << make(OpKind::Softmax, DType::Int16, DType::Int16, {2, 3, 257}, {0.0007f, 0}, out16, 2.0);
    QTest::addRow("i8 log") << make(OpKind::LogSoftmax, DType::Int8, DType::Int8, {8, 37}, in8, {16.0f / 256, 127});
    QTest::addRow("u8 log") << make(OpKind::LogSoftmax, DType::UInt8, DType::UInt8, {8, 37}, {0.05f, 128}, {16.0f / 256, 255});
}

void TestSoftmax::matchesLiteRt()
{
    QFETCH(Case, c);
    const ir::Model model = buildModel(c);
    const NpyArray input = makeInput(c.input, c.shape, c.seed);
    const Result<NpyArray> ours = runOurs(model, input);
    QVERIFY2(ours, ours ? "" : ours.error().toString().c_str());
    const Result<NpyArray> theirs = kt::runLiteRtFirst(model, { input });
    QVERIFY2(theirs, theirs ? "" : theirs.error().toString().c_str());
    QCOMPARE(theirs->dtype, ours->dtype);
    QCOMPARE(theirs->shape, ours->shape);
    double maxError = 0;
    double maxMagnitude = 0;
    for (std::size_t i = 0; i < static_cast<std::size_t>(ours->elementCount()); ++i) {
        maxError = std::max(maxError, std::abs(kt::valueAt(*ours, i) - kt::valueAt(*theirs, i)));
        maxMagnitude = std::max(maxMagnitude, std::abs(kt::valueAt(*theirs, i)));
    }
    const std::size_t mismatches = countMismatches(*ours, *theirs);
    qInfo("max |ours - LiteRT| %g, %zu of %lld elements differ", maxError, mismatches, static_cast<long long>(ours->elementCount()));
    if (c.output != DType::Float32)
        QCOMPARE(mismatches, std::size_t{0});
    else // XNNPACK's exp polynomial and summation order: a few float ulps.
        QVERIFY(maxError <= 1e-5 * maxMagnitude + 1e-6);
}

void TestSoftmax::int8AlgorithmIsTheFloatTable()
{
    // TFLite has three int8 softmax algorithms: the fixed-point reference, a 16-bit table (ARM64
    // clang builds) and the float exp table of other optimized builds (our kernel). They agree on
    // most inputs; these two cases separate them. Many rows of 64 make the 16-bit table's integer
    // sum round some probability the other way; flat rows of 1000 overflow the reference's Q12.19
    // sum (TFLite itself fails a CHECK there). LiteRT agrees with the float table only.
    const std::vector<Case> cases{make(OpKind::Softmax, DType::Int8, DType::Int8, {64, 64}, {0.05f, 5}, {1.0f / 256, -128}),
                                  make(OpKind::Softmax, DType::Int8, DType::Int8, {16, 1000}, {0.02f, 0}, {1.0f / 256, -128}, 0.3)};
    std::size_t fixedPointMismatches = 0;
    std::size_t uint16TableMismatches = 0;
    for (const Case& c : cases) {
        const NpyArray input = makeInput(c.input, c.shape, 3);
        const Result<NpyArray> ours = runOurs(buildModel(c), input);
        QVERIFY2(ours, ours ? "" : ours.error().toString().c_str());
        const Result<NpyArray> theirs = kt::runLiteRtFirst(buildModel(c), { input });
        QVERIFY2(theirs, theirs ? "" : theirs.error().toString().c_str());
        QCOMPARE(countMismatches(*ours, *theirs), std::size_t{0});
        std::vector<std::int8_t> x(input.data.size());
        std::memcpy(x.data(), input.data.data(), x.size());
        auto toArray = [&](const std::vector<std::int8_t>& values) {
            const auto* bytes = reinterpret_cast<const std::byte*>(values.data());
            return NpyArray{DType::Int8, c.shape, {bytes, bytes + values.size()}};
        };
        const std::int64_t depth = c.shape.back();
        fixedPointMismatches += countMismatches(toArray(fixedPointSoftmax(x, depth, c.inputQuant.scale, c.beta)), *theirs);
        uint16TableMismatches += countMismatches(toArray(uint16TableSoftmax(x, depth, c.inputQuant.scale, c.beta, c.outputQuant.scale)), *theirs);
    }
    qInfo("the fixed-point algorithm differs from LiteRT in %zu elements, the 16-bit table in %zu", fixedPointMismatches,
          uint16TableMismatches);
    QVERIFY(fixedPointMismatches > 0);
    QVERIFY(uint16TableMismatches > 0);
}

void TestSoftmax::threadedMatchesSingleThreaded()
{
    for (const Case& c : {make(OpKind::Softmax, DType::Float32, DType::Float32, {512, 301}),
                          make(OpKind::Softmax, DType::Int8, DType::Int8, {512, 301}, {0.1f, 5}, {1.0f / 256, -128}),
                          make(OpKind::Softmax, DType::Int16, DType::Int16, {512, 301}, {0.0007f, 0}, {1.0f / 32768, 0}),
                          make(OpKind::LogSoftmax, DType::UInt8, DType::UInt8, {512, 301}, {0.05f, 128}, {16.0f / 256, 255})}) {
        const ir::Model model = buildModel(c);
        const NpyArray input = makeInput(c.input, c.shape, 9);
        const Result<NpyArray> one = runOurs(model, input, 1);
        const Result<NpyArray> two = runOurs(model, input, 2);
        QVERIFY(one && two);
        QVERIFY(one->data == two->data);
    }
}

void TestSoftmax::rejectsWhatTfliteRejects_data()
{
    QTest::addColumn<Case>("c");
    QTest::addColumn<QString>("message");
    QTest::addRow("i8 output zero point") << make(OpKind::Softmax, DType::Int8, DType::Int8, {4}, {0.1f, 0}, {1.0f / 256, 0})
                                          << QStringLiteral("zero point -128");
    QTest::addRow("i16 output scale") << make(OpKind::Softmax, DType::Int16, DType::Int16, {4}, {0.1f, 0}, {1.0f / 256, 0})
                                      << QStringLiteral("1/32768");
    QTest::addRow("i16 rank 5") << make(OpKind::Softmax, DType::Int16, DType::Int16, {1, 1, 1, 1, 4}, {0.1f, 0}, {1.0f / 32768, 0})
                                << QStringLiteral("ranks 1 to 4");
    QTest::addRow("i8 log output scale") << make(OpKind::LogSoftmax, DType::Int8, DType::Int8, {4}, {0.1f, 0}, {1.0f / 256, 127})
                                         << QStringLiteral("16/256");
    QTest::addRow("i16 log") << make(OpKind::LogSoftmax, DType::Int16, DType::Int16, {4}, {0.1f, 0}, {1.0f / 32768, 0})
                             << QStringLiteral("does not support");
    QTest::addRow("rank 0") << make(OpKind::Softmax, DType::Float32, DType::Float32, {}) << QStringLiteral("rank 1 or more");
}

void TestSoftmax::rejectsWhatTfliteRejects()
{
    QFETCH(Case, c);
    QFETCH(QString, message);
    const Result<NpyArray> ours = runOurs(buildModel(c), makeInput(c.input, c.shape, 1));
    QVERIFY(!ours);
    QVERIFY2(QString::fromStdString(ours.error().message).contains(message), ours.error().message.c_str());
}

QTEST_GUILESS_MAIN(TestSoftmax)
#include "tst_softmax.moc"
