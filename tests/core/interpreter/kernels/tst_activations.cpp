// SPDX-License-Identifier: GPL-3.0-or-later
// The activation kernels on one-node models: float results against double-precision formulas,
// quantized results against the dequantize-compute-requantize ideal, the 8-bit tables against the
// reference element functions, and a subset of every op and integer dtype bit-exact against LiteRT.
#include "core/interpreter/kernels/activations.h"
#include "core/interpreter/kernels/reference/activations.h"
#include "tests/core/interpreter/kernels/kernel_test_support.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <numeric>
#include <random>

using namespace lf;
namespace kt = lf::test::kt;
namespace reference = lf::interp::reference;
using ir::DType;
using ir::OpKind;

namespace {

struct Quant {
    float scale = 0.0f;
    std::int64_t zeroPoint = 0;
};

/// A one-node model op(input[, alpha]) -> output and how to feed it.
struct Case {
    OpKind op = OpKind::Relu;
    DType dtype = DType::Float32;
    std::vector<std::int64_t> shape;
    Quant input;
    Quant output;
    ir::Attributes attributes;
    std::vector<std::int64_t> alphaShape; ///< PRELU only
    Quant alpha;
    std::uint32_t seed = 1;
};

} // namespace

Q_DECLARE_METATYPE(Case)

namespace {

bool isQuantized(DType dtype) { return dtype != DType::Float32; }

ir::QuantParams quantParams(DType dtype, Quant q)
{
    if (!isQuantized(dtype))
        return {};
    return {{q.scale}, {q.zeroPoint}, 0, {}, {}};
}

ir::Tensor tensor(std::string name, DType dtype, std::vector<std::int64_t> shape, Quant q)
{
    ir::Tensor t;
    t.name = std::move(name);
    t.dtype = dtype;
    t.shape = ir::Shape::fromExtents(shape);
    t.quant = quantParams(dtype, q);
    return t;
}

/// Integer inputs cycle through every value of the dtype (so 8-bit tables are fully exercised),
/// shuffled; float inputs are uniform in [-8, 8], beyond every activation's interesting range.
NpyArray makeInput(DType dtype, const std::vector<std::int64_t>& shape, std::uint32_t seed)
{
    NpyArray array{dtype, shape, {}};
    const auto count = static_cast<std::size_t>(kt::elementCount(shape));
    std::mt19937 generator(seed);
    auto fill = [&]<class T>(T) {
        std::vector<T> values(count);
        if constexpr (std::is_floating_point_v<T>) {
            std::uniform_real_distribution<float> uniform(-8.0f, 8.0f);
            for (T& v : values)
                v = uniform(generator);
        } else {
            constexpr std::int64_t kSpan = std::int64_t{std::numeric_limits<T>::max()} - std::numeric_limits<T>::min() + 1;
            for (std::size_t i = 0; i < count; ++i)
                values[i] = static_cast<T>(std::numeric_limits<T>::min() + static_cast<std::int64_t>(i) % kSpan);
            std::shuffle(values.begin(), values.end(), generator);
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

/// PRELU alphas: a per-channel pattern with negative, small and large slopes.
NpyArray makeAlpha(const Case& c)
{
    NpyArray alpha{c.dtype, c.alphaShape, {}};
    const auto count = static_cast<std::size_t>(kt::elementCount(c.alphaShape));
    std::vector<float> real(count);
    for (std::size_t i = 0; i < count; ++i)
        real[i] = -0.5f + 2.0f * static_cast<float>(i % 7) / 6.0f;
    if (!isQuantized(c.dtype)) {
        alpha.data.resize(count * 4);
        std::memcpy(alpha.data.data(), real.data(), alpha.data.size());
        return alpha;
    }
    for (float v : real) {
        const auto q = std::lround(v / c.alpha.scale) + c.alpha.zeroPoint;
        alpha.data.push_back(static_cast<std::byte>(c.dtype == DType::Int8 ? static_cast<std::uint8_t>(std::clamp<long>(q, -128, 127))
                                                                            : static_cast<std::uint8_t>(std::clamp<long>(q, 0, 255))));
    }
    return alpha;
}

ir::Model buildModel(const Case& c)
{
    ir::Model model = ir::makeModel("main");
    ir::Graph& g = model.main();
    const ir::TensorId in = g.addTensor(tensor("input", c.dtype, c.shape, c.input));
    ir::Node node{c.op, "op", {in}, {}, c.attributes, 0, {}};
    if (c.op == OpKind::Prelu) {
        ir::Tensor alpha = tensor("alpha", c.dtype, c.alphaShape, c.alpha);
        alpha.data = ir::ConstData::fromVector(makeAlpha(c).data);
        node.inputs.push_back(g.addTensor(std::move(alpha)));
    }
    const ir::TensorId out = g.addTensor(tensor("output", c.dtype, c.shape, c.output));
    node.outputs = {out};
    g.addNode(std::move(node));
    g.inputs = {in};
    g.outputs = {out};
    return model;
}

Result<NpyArray> runOurs(const ir::Model& model, const NpyArray& input, int threads = 1)
{
    return kt::runOursFirst(model, { input }, interp::registerActivationKernels, threads);
}

double formula(const Case& c, double x, double alpha)
{
    const double alphaAttribute = c.attributes.getOr<double>("alpha", 0.0);
    switch (c.op) {
    case OpKind::Relu: return std::max(0.0, x);
    case OpKind::Relu6: return std::clamp(x, 0.0, 6.0);
    case OpKind::ReluN1To1: return std::clamp(x, -1.0, 1.0);
    case OpKind::Relu0To1: return std::clamp(x, 0.0, 1.0);
    case OpKind::LeakyRelu: return x > 0 ? x : x * static_cast<double>(static_cast<float>(alphaAttribute));
    case OpKind::Prelu: return x >= 0 ? x : x * alpha;
    case OpKind::HardSwish: return x * std::clamp(x + 3.0, 0.0, 6.0) / 6.0;
    case OpKind::Elu: return x < 0 ? std::expm1(x) : x;
    case OpKind::Gelu:
        if (c.attributes.getOr<bool>("approximate", false))
            return 0.5 * x * (1.0 + std::tanh(std::sqrt(2.0 / M_PI) * (x + 0.044715 * x * x * x)));
        return 0.5 * x * std::erfc(-x / std::sqrt(2.0));
    case OpKind::Logistic: return 1.0 / (1.0 + std::exp(-x));
    case OpKind::Tanh: return std::tanh(x);
    default: return 0.0;
    }
}

/// The alpha that applies to flat element i (PRELU, broadcasting right-aligned).
double alphaFor(const Case& c, const NpyArray& alpha, std::size_t i)
{
    if (c.op != OpKind::Prelu)
        return 0.0;
    std::size_t offset = 0;
    std::size_t stride = 1;
    std::size_t rest = i;
    for (std::size_t k = 0; k < c.shape.size(); ++k) {
        const std::size_t axis = c.shape.size() - 1 - k;
        const auto index = rest % static_cast<std::size_t>(c.shape[axis]);
        rest /= static_cast<std::size_t>(c.shape[axis]);
        if (k < c.alphaShape.size()) {
            const auto extent = static_cast<std::size_t>(c.alphaShape[c.alphaShape.size() - 1 - k]);
            offset += (extent == 1 ? 0 : index) * stride;
            stride *= extent;
        }
    }
    const double raw = kt::valueAt(alpha, offset);
    return isQuantized(c.dtype) ? c.alpha.scale * (raw - static_cast<double>(c.alpha.zeroPoint)) : raw;
}

std::pair<double, double> dtypeLimits(DType dtype)
{
    switch (dtype) {
    case DType::Int8: return {-128, 127};
    case DType::UInt8: return {0, 255};
    default: return {-32768, 32767};
    }
}

Case make(OpKind op, DType dtype, std::vector<std::int64_t> shape, Quant in = {}, Quant out = {})
{
    Case c;
    c.op = op;
    c.dtype = dtype;
    c.shape = std::move(shape);
    c.input = in;
    c.output = out;
    return c;
}

Case withAttribute(Case c, std::string name, ir::Attribute value)
{
    c.attributes.set(std::move(name), std::move(value));
    return c;
}

Case prelu(DType dtype, std::vector<std::int64_t> shape, std::vector<std::int64_t> alphaShape, Quant in = {}, Quant out = {},
           Quant alpha = {})
{
    Case c = make(OpKind::Prelu, dtype, std::move(shape), in, out);
    c.alphaShape = std::move(alphaShape);
    c.alpha = alpha;
    return c;
}

/// Largest |ours - expected| over the output, and max |expected| for float tolerances.
struct Comparison {
    double maxError = 0;
    double maxMagnitude = 0;
    std::size_t mismatches = 0;
    QString firstMismatch;
};

Comparison compareArrays(const NpyArray& ours, const NpyArray& theirs)
{
    Comparison result;
    const std::size_t count = static_cast<std::size_t>(ours.elementCount());
    for (std::size_t i = 0; i < count; ++i) {
        const double a = kt::valueAt(ours, i);
        const double b = kt::valueAt(theirs, i);
        result.maxError = std::max(result.maxError, std::abs(a - b));
        result.maxMagnitude = std::max(result.maxMagnitude, std::abs(b));
        if (a != b && result.mismatches++ == 0)
            result.firstMismatch = QStringLiteral("element %1: ours %2, theirs %3").arg(i).arg(a).arg(b);
    }
    return result;
}

} // namespace

class TestActivations : public QObject {
    Q_OBJECT

private slots:
    void matchesFormula_data();
    void matchesFormula();
    void matchesLiteRt_data();
    void matchesLiteRt();
    void tablesMatchElementFunctions();
    void preluMatchesReferenceBroadcast_data();
    void preluMatchesReferenceBroadcast();
    void int16SigmoidsTrackFloat();
    void threadedMatchesSingleThreaded();
    void rejectsWhatTfliteRejects_data();
    void rejectsWhatTfliteRejects();
};

void TestActivations::matchesFormula_data()
{
    QTest::addColumn<Case>("c");
    QTest::addColumn<double>("tolerance");
    const std::vector<std::int64_t> odd{3, 5, 7, 9};
    const std::vector<std::int64_t> all8{2, 8, 16};
    const Quant in8{0.0625f, 3};
    const Quant inU8{0.05f, 131};
    const Quant in16{8.0f / 32768, 0};
    // Float: formulas in double vs float kernels with float libm; the tolerance (in units of max
    // |output|) covers a few float ulps.
    for (OpKind op : {OpKind::Relu, OpKind::Relu6, OpKind::ReluN1To1, OpKind::Relu0To1, OpKind::HardSwish, OpKind::Elu,
                      OpKind::Gelu, OpKind::Logistic, OpKind::Tanh}) {
        QTest::addRow("f32 %s", std::string(ir::opKindName(op)).c_str()) << make(op, DType::Float32, odd) << 1e-6;
    }
    QTest::addRow("f32 LeakyRelu") << withAttribute(make(OpKind::LeakyRelu, DType::Float32, odd), "alpha", 0.3) << 1e-6;
    QTest::addRow("f32 Gelu approximate")
        << withAttribute(make(OpKind::Gelu, DType::Float32, odd), "approximate", true) << 1e-6;
    QTest::addRow("f32 Prelu channel") << prelu(DType::Float32, odd, {9}) << 1e-6;
    QTest::addRow("f32 Prelu broadcast middle") << prelu(DType::Float32, odd, {7, 1}) << 1e-6;
    QTest::addRow("f32 Prelu full") << prelu(DType::Float32, {2, 3}, {2, 3}) << 1e-6;

    // Quantized, in output quantization steps: requantization rounds once more than the ideal
    // (dequantize, compute in double, round), so results may differ by one step.
    QTest::addRow("i8 Relu") << make(OpKind::Relu, DType::Int8, all8, in8, {0.03f, -128}) << 1.0;
    QTest::addRow("i8 Relu6") << make(OpKind::Relu6, DType::Int8, all8, in8, {6.0f / 255, -128}) << 1.0;
    QTest::addRow("i8 ReluN1To1") << make(OpKind::ReluN1To1, DType::Int8, all8, in8, {2.0f / 255, 0}) << 1.0;
    QTest::addRow("i8 Relu0To1") << make(OpKind::Relu0To1, DType::Int8, all8, in8, {1.0f / 255, -128}) << 1.0;
    QTest::addRow("u8 Relu6") << make(OpKind::Relu6, DType::UInt8, all8, inU8, {6.0f / 255, 0}) << 1.0;
    QTest::addRow("i16 Relu") << make(OpKind::Relu, DType::Int16, {256, 256}, in16, {10.0f / 32768, 0}) << 1.0;
    QTest::addRow("i16 Relu6") << make(OpKind::Relu6, DType::Int16, {256, 256}, in16, {6.0f / 32768, 0}) << 1.0;
    QTest::addRow("i8 LeakyRelu") << withAttribute(make(OpKind::LeakyRelu, DType::Int8, all8, in8, {0.05f, -20}), "alpha", 0.2) << 1.0;
    QTest::addRow("i8 LeakyRelu negative alpha")
        << withAttribute(make(OpKind::LeakyRelu, DType::Int8, all8, in8, {0.07f, 0}), "alpha", -0.4) << 1.0;
    QTest::addRow("u8 LeakyRelu") << withAttribute(make(OpKind::LeakyRelu, DType::UInt8, all8, inU8, {0.04f, 60}), "alpha", 0.1) << 1.0;
    QTest::addRow("i16 LeakyRelu")
        << withAttribute(make(OpKind::LeakyRelu, DType::Int16, {256, 256}, in16, {8.0f / 32768, 0}), "alpha", 0.25) << 1.0;
    QTest::addRow("i8 Prelu") << prelu(DType::Int8, {2, 4, 32}, {32}, in8, {0.05f, 10}, {0.01f, -50}) << 1.0;
    QTest::addRow("u8 Prelu") << prelu(DType::UInt8, {2, 4, 32}, {4, 1}, inU8, {0.05f, 128}, {0.01f, 50}) << 1.0;
    // HARD_SWISH runs in 16-bit fixed point with a truncating final multiply: two steps.
    QTest::addRow("i8 HardSwish") << make(OpKind::HardSwish, DType::Int8, all8, in8, {0.04f, -40}) << 2.0;
    QTest::addRow("u8 HardSwish") << make(OpKind::HardSwish, DType::UInt8, all8, inU8, {0.03f, 20}) << 2.0;
    QTest::addRow("u8 HardSwish small input scale") << make(OpKind::HardSwish, DType::UInt8, all8, {0.004f, 100}, {0.002f, 30}) << 2.0;
    // Tables are built in float: one step.
    QTest::addRow("i8 Elu") << make(OpKind::Elu, DType::Int8, all8, in8, {0.05f, 20}) << 1.0;
    QTest::addRow("i8 Gelu") << make(OpKind::Gelu, DType::Int8, all8, in8, {0.05f, -100}) << 1.0;
    QTest::addRow("u8 Gelu approximate")
        << withAttribute(make(OpKind::Gelu, DType::UInt8, all8, inU8, {0.03f, 10}), "approximate", true) << 1.0;
    QTest::addRow("i8 Logistic") << make(OpKind::Logistic, DType::Int8, all8, in8, {1.0f / 256, -128}) << 1.0;
    QTest::addRow("u8 Logistic") << make(OpKind::Logistic, DType::UInt8, all8, inU8, {1.0f / 256, 0}) << 1.0;
    QTest::addRow("i8 Tanh") << make(OpKind::Tanh, DType::Int8, all8, in8, {1.0f / 128, 0}) << 1.0;
    QTest::addRow("u8 Tanh") << make(OpKind::Tanh, DType::UInt8, all8, inU8, {1.0f / 128, 128}) << 1.0;
    // int16 LOGISTIC/TANH with power-of-two input scales run 16-bit fixed-point polynomials (up to
    // 12 steps of 2^-15 off near saturation, see int16SigmoidsTrackFloat); other scales interpolate
    // a sigmoid table (3 steps).
    QTest::addRow("i16 Logistic power of two") << make(OpKind::Logistic, DType::Int16, {256, 256}, {1.0f / 4096, 0}, {1.0f / 32768, 0}) << 12.0;
    QTest::addRow("i16 Logistic other scale") << make(OpKind::Logistic, DType::Int16, {256, 256}, {0.0003f, 0}, {1.0f / 32768, 0}) << 3.0;
    QTest::addRow("i16 Tanh power of two") << make(OpKind::Tanh, DType::Int16, {256, 256}, {1.0f / 4096, 0}, {1.0f / 32768, 0}) << 12.0;
    QTest::addRow("i16 Tanh 2^-11") << make(OpKind::Tanh, DType::Int16, {256, 256}, {1.0f / 2048, 0}, {1.0f / 32768, 0}) << 12.0;
    QTest::addRow("i16 Tanh other scale") << make(OpKind::Tanh, DType::Int16, {256, 256}, {0.00021f, 0}, {1.0f / 32768, 0}) << 3.0;
}

void TestActivations::matchesFormula()
{
    QFETCH(Case, c);
    QFETCH(double, tolerance);
    const ir::Model model = buildModel(c);
    const NpyArray input = makeInput(c.dtype, c.shape, c.seed);
    const Result<NpyArray> ours = runOurs(model, input);
    QVERIFY2(ours, ours ? "" : ours.error().toString().c_str());
    QCOMPARE(ours->shape, c.shape);
    const NpyArray alpha = c.op == OpKind::Prelu ? makeAlpha(c) : NpyArray{};
    const auto [low, high] = dtypeLimits(c.dtype);
    const std::size_t count = static_cast<std::size_t>(kt::elementCount(c.shape));
    double maxMagnitude = 0;
    std::vector<double> expected(count);
    for (std::size_t i = 0; i < count; ++i) {
        const double raw = kt::valueAt(input, i);
        const double x = isQuantized(c.dtype) ? c.input.scale * (raw - static_cast<double>(c.input.zeroPoint)) : raw;
        expected[i] = formula(c, x, alphaFor(c, alpha, i));
        maxMagnitude = std::max(maxMagnitude, std::abs(expected[i]));
    }
    double maxError = 0;
    for (std::size_t i = 0; i < count; ++i) {
        double want = expected[i];
        if (isQuantized(c.dtype))
            want = std::clamp(std::round(want / c.output.scale) + static_cast<double>(c.output.zeroPoint), low, high);
        const double error = std::abs(kt::valueAt(*ours, i) - want);
        maxError = std::max(maxError, error);
        const double allowed = isQuantized(c.dtype) ? tolerance : tolerance * maxMagnitude + 1e-6;
        if (error > allowed)
            QFAIL(qPrintable(QStringLiteral("element %1 (input %2): got %3, want %4").arg(i).arg(kt::valueAt(input, i)).arg(kt::valueAt(*ours, i)).arg(want)));
    }
    qInfo("max error %g (%s)", maxError, isQuantized(c.dtype) ? "steps" : "absolute");
}

void TestActivations::matchesLiteRt_data()
{
    QTest::addColumn<Case>("c");
    const std::vector<std::int64_t> all8{1, 16, 16};
    const std::vector<std::int64_t> all16{256, 256};
    const Quant in8{0.0625f, 3};
    const Quant inU8{0.05f, 131};
    const Quant in16{8.0f / 32768, 0};
    QTest::addRow("f32 Relu6") << make(OpKind::Relu6, DType::Float32, {2, 7, 9});
    QTest::addRow("f32 LeakyRelu") << withAttribute(make(OpKind::LeakyRelu, DType::Float32, {2, 7, 9}), "alpha", 0.3);
    QTest::addRow("f32 HardSwish") << make(OpKind::HardSwish, DType::Float32, {2, 7, 9});
    QTest::addRow("f32 Gelu") << make(OpKind::Gelu, DType::Float32, {2, 7, 9});
    QTest::addRow("f32 Logistic") << make(OpKind::Logistic, DType::Float32, {2, 7, 9});
    QTest::addRow("f32 Tanh") << make(OpKind::Tanh, DType::Float32, {2, 7, 9});
    QTest::addRow("f32 Elu") << make(OpKind::Elu, DType::Float32, {2, 7, 9});
    QTest::addRow("f32 Prelu") << prelu(DType::Float32, {1, 3, 5, 7}, {1, 1, 7});

    QTest::addRow("i8 Relu") << make(OpKind::Relu, DType::Int8, all8, in8, {0.03f, -128});
    QTest::addRow("i8 Relu6") << make(OpKind::Relu6, DType::Int8, all8, in8, {6.0f / 255, -128});
    QTest::addRow("i8 ReluN1To1") << make(OpKind::ReluN1To1, DType::Int8, all8, in8, {2.0f / 255, 0});
    QTest::addRow("i8 Relu0To1") << make(OpKind::Relu0To1, DType::Int8, all8, in8, {1.0f / 255, -128});
    QTest::addRow("u8 Relu") << make(OpKind::Relu, DType::UInt8, all8, inU8, {0.03f, 0});
    QTest::addRow("u8 Relu6") << make(OpKind::Relu6, DType::UInt8, all8, inU8, {6.0f / 255, 0});
    QTest::addRow("u8 ReluN1To1") << make(OpKind::ReluN1To1, DType::UInt8, all8, inU8, {2.0f / 255, 128});
    // Identical input and output quantization, with bounds that fall on a rounding tie.
    QTest::addRow("i8 Relu6 same quantization") << make(OpKind::Relu6, DType::Int8, all8, {0.48f, -128}, {0.48f, -128});
    QTest::addRow("i8 ReluN1To1 same quantization") << make(OpKind::ReluN1To1, DType::Int8, all8, {0.4f, 0}, {0.4f, 0});
    QTest::addRow("u8 Relu0To1 same quantization") << make(OpKind::Relu0To1, DType::UInt8, all8, {0.4f, 0}, {0.4f, 0});
    QTest::addRow("i16 Relu") << make(OpKind::Relu, DType::Int16, all16, in16, {10.0f / 32768, 0});
    QTest::addRow("i16 Relu6") << make(OpKind::Relu6, DType::Int16, all16, in16, {6.0f / 32768, 0});
    QTest::addRow("i8 LeakyRelu") << withAttribute(make(OpKind::LeakyRelu, DType::Int8, all8, in8, {0.05f, -20}), "alpha", 0.2);
    QTest::addRow("i8 LeakyRelu negative alpha")
        << withAttribute(make(OpKind::LeakyRelu, DType::Int8, all8, in8, {0.07f, 0}), "alpha", -0.4);
    // Input/output scale ratio 256 is beyond XNNPACK's range: the builtin kernel runs (ties at odd inputs).
    QTest::addRow("i8 LeakyRelu large scale ratio")
        << withAttribute(make(OpKind::LeakyRelu, DType::Int8, all8, {1.0f, 0}, {1.0f / 256, 0}), "alpha", 1.0 / 512);
    QTest::addRow("u8 LeakyRelu") << withAttribute(make(OpKind::LeakyRelu, DType::UInt8, all8, inU8, {0.04f, 60}), "alpha", 0.1);
    QTest::addRow("i16 LeakyRelu") << withAttribute(make(OpKind::LeakyRelu, DType::Int16, all16, in16, {8.0f / 32768, 0}), "alpha", 0.25);
    QTest::addRow("i8 Prelu") << prelu(DType::Int8, {2, 4, 32}, {32}, in8, {0.05f, 10}, {0.01f, -50});
    QTest::addRow("u8 Prelu") << prelu(DType::UInt8, {2, 4, 32}, {4, 1}, inU8, {0.05f, 128}, {0.01f, 50});
    QTest::addRow("i8 HardSwish") << make(OpKind::HardSwish, DType::Int8, all8, in8, {0.04f, -40});
    QTest::addRow("u8 HardSwish") << make(OpKind::HardSwish, DType::UInt8, all8, inU8, {0.03f, 20});
    QTest::addRow("u8 HardSwish small input scale") << make(OpKind::HardSwish, DType::UInt8, all8, {0.004f, 100}, {0.002f, 30});
    QTest::addRow("i8 HardSwish wide input") << make(OpKind::HardSwish, DType::Int8, all8, {0.2f, -5}, {0.1f, -60});
    QTest::addRow("i8 Elu") << make(OpKind::Elu, DType::Int8, all8, in8, {0.05f, 20});
    QTest::addRow("i8 Gelu") << make(OpKind::Gelu, DType::Int8, all8, in8, {0.05f, -100});
    QTest::addRow("u8 Gelu approximate") << withAttribute(make(OpKind::Gelu, DType::UInt8, all8, inU8, {0.03f, 10}), "approximate", true);
    QTest::addRow("i8 Logistic") << make(OpKind::Logistic, DType::Int8, all8, in8, {1.0f / 256, -128});
    QTest::addRow("u8 Logistic") << make(OpKind::Logistic, DType::UInt8, all8, inU8, {1.0f / 256, 0});
    QTest::addRow("i8 Tanh") << make(OpKind::Tanh, DType::Int8, all8, in8, {1.0f / 128, 0});
    QTest::addRow("u8 Tanh") << make(OpKind::Tanh, DType::UInt8, all8, inU8, {1.0f / 128, 128});
    QTest::addRow("u8 Logistic other zero point") << make(OpKind::Logistic, DType::UInt8, all8, inU8, {1.0f / 256, 10});
    QTest::addRow("i8 Tanh other output quantization") << make(OpKind::Tanh, DType::Int8, all8, in8, {0.01f, 3});
    QTest::addRow("i16 Logistic power of two") << make(OpKind::Logistic, DType::Int16, all16, {1.0f / 4096, 0}, {1.0f / 32768, 0});
    QTest::addRow("i16 Logistic other scale") << make(OpKind::Logistic, DType::Int16, all16, {0.0003f, 0}, {1.0f / 32768, 0});
    QTest::addRow("i16 Tanh power of two") << make(OpKind::Tanh, DType::Int16, all16, {1.0f / 4096, 0}, {1.0f / 32768, 0});
    QTest::addRow("i16 Tanh 2^-11") << make(OpKind::Tanh, DType::Int16, all16, {1.0f / 2048, 0}, {1.0f / 32768, 0});
    QTest::addRow("i16 Tanh other scale") << make(OpKind::Tanh, DType::Int16, all16, {0.00021f, 0}, {1.0f / 32768, 0});
}

void TestActivations::matchesLiteRt()
{
    QFETCH(Case, c);
    const ir::Model model = buildModel(c);
    const NpyArray input = makeInput(c.dtype, c.shape, c.seed);
    const Result<NpyArray> ours = runOurs(model, input);
    QVERIFY2(ours, ours ? "" : ours.error().toString().c_str());
    const Result<NpyArray> theirs = kt::runLiteRtFirst(model, { input });
    QVERIFY2(theirs, theirs ? "" : theirs.error().toString().c_str());
    QCOMPARE(theirs->dtype, ours->dtype);
    QCOMPARE(theirs->shape, ours->shape);
    const Comparison comparison = compareArrays(*ours, *theirs);
    qInfo("max |ours - LiteRT| %g, %zu of %lld elements differ", comparison.maxError, comparison.mismatches,
          static_cast<long long>(ours->elementCount()));
    if (isQuantized(c.dtype)) {
        QVERIFY2(comparison.mismatches == 0, qPrintable(comparison.firstMismatch));
    } else {
        // XNNPACK evaluates exp/tanh/erf with its own polynomials: a few float ulps.
        QVERIFY2(comparison.maxError <= 1e-5 * comparison.maxMagnitude + 1e-6, qPrintable(comparison.firstMismatch));
    }
}

void TestActivations::tablesMatchElementFunctions()
{
    // The kernels serve 8-bit inputs from a table; run every int8 value through the kernel and
    // compare with the reference element functions applied directly.
    struct Check {
        Case c;
        std::function<std::int8_t(std::int8_t)> element;
    };
    const Quant in{0.0625f, 3};
    const Quant out{0.04f, -40};
    const reference::HardSwishParams hardSwish = reference::makeHardSwishParams(in.scale, 3, out.scale, -40);
    const reference::XnnpackLeakyReluParams xnnpackLeaky = *reference::makeXnnpackLeakyReluParams(in.scale, 3, out.scale, -40, 0.2f);
    // A 256x input-to-output scale ratio is beyond XNNPACK, so TFLite's builtin kernel applies.
    const reference::LeakyReluParams builtinLeaky{0, 0, interp::quantizeMultiplier(256.0), interp::quantizeMultiplier(256.0f * (1.0f / 512))};
    const reference::RequantizeClampParams relu6{3, -128, interp::quantizeMultiplier(in.scale / (6.0f / 255)), -128,
                                                 -128 + static_cast<std::int32_t>(std::round(6.0f / (6.0f / 255)))};
    const std::vector<Check> checks{
        {make(OpKind::HardSwish, DType::Int8, {256}, in, out), [&](std::int8_t x) { return reference::hardSwishQuantized(x, hardSwish); }},
        {withAttribute(make(OpKind::LeakyRelu, DType::Int8, {256}, in, out), "alpha", 0.2),
         [&](std::int8_t x) { return reference::leakyReluXnnpack(x, xnnpackLeaky); }},
        {withAttribute(make(OpKind::LeakyRelu, DType::Int8, {256}, {1.0f, 0}, {1.0f / 256, 0}), "alpha", 1.0 / 512),
         [&](std::int8_t x) { return reference::leakyRelu8Bit(x, builtinLeaky); }},
        {make(OpKind::Relu6, DType::Int8, {256}, in, {6.0f / 255, -128}), [&](std::int8_t x) { return reference::requantizeClamp(x, relu6); }},
    };
    NpyArray input{DType::Int8, {256}, {}};
    for (int v = -128; v < 128; ++v)
        input.data.push_back(static_cast<std::byte>(static_cast<std::uint8_t>(v)));
    for (const Check& check : checks) {
        const Result<NpyArray> ours = runOurs(buildModel(check.c), input);
        QVERIFY2(ours, ours ? "" : ours.error().toString().c_str());
        for (int v = -128; v < 128; ++v)
            QCOMPARE(static_cast<std::int8_t>(ours->data[static_cast<std::size_t>(v + 128)]), check.element(static_cast<std::int8_t>(v)));
    }
}

void TestActivations::preluMatchesReferenceBroadcast_data()
{
    QTest::addColumn<Case>("c");
    const Quant in{0.0625f, 3};
    const Quant out{0.05f, 10};
    const Quant alpha{0.01f, -50};
    for (DType dtype : {DType::Float32, DType::Int8, DType::UInt8}) {
        const std::string name(ir::dtypeName(dtype));
        const bool u8 = dtype == DType::UInt8;
        const Quant input = u8 ? Quant{0.05f, 131} : in;
        const Quant a = u8 ? Quant{0.01f, 50} : alpha;
        QTest::addRow("%s scalar alpha", name.c_str()) << prelu(dtype, {2, 3, 5}, {}, input, out, a);
        QTest::addRow("%s per channel", name.c_str()) << prelu(dtype, {2, 3, 5}, {1, 1, 5}, input, out, a);
        QTest::addRow("%s per row", name.c_str()) << prelu(dtype, {2, 3, 5}, {3, 1}, input, out, a);
        QTest::addRow("%s leading axis", name.c_str()) << prelu(dtype, {2, 3, 5}, {2, 1, 1}, input, out, a);
        QTest::addRow("%s full", name.c_str()) << prelu(dtype, {2, 3, 5}, {2, 3, 5}, input, out, a);
        QTest::addRow("%s rank 5", name.c_str()) << prelu(dtype, {2, 1, 3, 2, 4}, {3, 1, 4}, input, out, a);
    }
}

void TestActivations::preluMatchesReferenceBroadcast()
{
    // The kernel walks rows with per-row alpha offsets; the reference broadcasts element by element.
    QFETCH(Case, c);
    const NpyArray input = makeInput(c.dtype, c.shape, 5);
    const NpyArray alpha = makeAlpha(c);
    const Result<NpyArray> ours = runOurs(buildModel(c), input);
    QVERIFY2(ours, ours ? "" : ours.error().toString().c_str());
    NpyArray expected{c.dtype, c.shape, std::vector<std::byte>(input.data.size())};
    auto run = [&]<class T>(T, auto op) {
        reference::broadcastSecond<T>(c.shape, reinterpret_cast<const T*>(input.data.data()), c.alphaShape,
                                      reinterpret_cast<const T*>(alpha.data.data()), reinterpret_cast<T*>(expected.data.data()), op);
    };
    const reference::PreluParams params{static_cast<std::int32_t>(c.input.zeroPoint), static_cast<std::int32_t>(c.alpha.zeroPoint),
                                        static_cast<std::int32_t>(c.output.zeroPoint), interp::quantizeMultiplier(c.input.scale / c.output.scale),
                                        interp::quantizeMultiplier(c.input.scale * c.alpha.scale / c.output.scale)};
    if (c.dtype == DType::Float32)
        run(float{}, [](float x, float a) { return reference::preluValue(x, a); });
    else if (c.dtype == DType::Int8)
        run(std::int8_t{}, [&](std::int8_t x, std::int8_t a) { return reference::preluQuantized(x, a, params); });
    else
        run(std::uint8_t{}, [&](std::uint8_t x, std::uint8_t a) { return reference::preluQuantized(x, a, params); });
    QVERIFY(ours->data == expected.data);
}

void TestActivations::int16SigmoidsTrackFloat()
{
    // Every int16 input on the 2^-12 scale through the table and the fixed-point forms. The table
    // interpolates sigmoid(i / 24) linearly (within 3 steps of 2^-15); the fixed-point forms run
    // polynomials and Newton-Raphson steps in 16 bits and lose up to ~3.6 bits near saturation
    // (measured: 6.4 steps for logistic, 11.8 for tanh; LiteRT agrees bit for bit).
    double tableWorst = 0;
    double logisticWorst = 0;
    double tanhWorst = 0;
    const reference::Int16TableScaling table{3, 0}; // 1/4096 onto the table's 1 / (3 * 4096)
    for (int v = -32768; v < 32768; ++v) {
        const auto x = static_cast<std::int16_t>(v);
        const double logistic = std::min(32767.0, 32768.0 / (1.0 + std::exp(-v / 4096.0)));
        const double tanh = std::clamp(32768.0 * std::tanh(v / 4096.0), -32768.0, 32767.0);
        tableWorst = std::max({tableWorst, std::abs(reference::logisticInt16Table(x, table) - logistic),
                               std::abs(reference::tanhInt16Table(x, table) - tanh)});
        logisticWorst = std::max(logisticWorst, std::abs(reference::logisticInt16FixedPoint(x) - logistic));
        tanhWorst = std::max(tanhWorst, std::abs(reference::tanhInt16FixedPoint(x, 0) - tanh));
    }
    qInfo("worst error in steps of 2^-15: table %g, fixed-point logistic %g, tanh %g", tableWorst, logisticWorst, tanhWorst);
    QVERIFY(tableWorst <= 3.0);
    QVERIFY(logisticWorst <= 7.0);
    QVERIFY(tanhWorst <= 12.0);
}

void TestActivations::threadedMatchesSingleThreaded()
{
    // Big enough to be split over the pool; results must not depend on the split.
    for (const Case& c : {make(OpKind::Logistic, DType::Float32, {4, 256, 257}),
                          make(OpKind::HardSwish, DType::Int8, {4, 256, 257}, {0.0625f, 3}, {0.04f, -40}),
                          make(OpKind::Tanh, DType::Int16, {4, 256, 257}, {0.00021f, 0}, {1.0f / 32768, 0}),
                          prelu(DType::Int8, {4, 256, 257}, {257}, {0.0625f, 3}, {0.05f, 10}, {0.01f, -50})}) {
        const ir::Model model = buildModel(c);
        const NpyArray input = makeInput(c.dtype, c.shape, 7);
        const Result<NpyArray> one = runOurs(model, input, 1);
        const Result<NpyArray> two = runOurs(model, input, 2);
        QVERIFY(one && two);
        QVERIFY(one->data == two->data);
    }
}

void TestActivations::rejectsWhatTfliteRejects_data()
{
    QTest::addColumn<Case>("c");
    QTest::addColumn<QString>("message");
    QTest::addRow("i8 Logistic output scale") << make(OpKind::Logistic, DType::Int8, {4}, {0.1f, 0}, {1.0f / 128, 0})
                                              << QStringLiteral("scale of 1/256");
    QTest::addRow("i16 Logistic output scale") << make(OpKind::Logistic, DType::Int16, {4}, {0.001f, 0}, {1.0f / 16384, 0})
                                               << QStringLiteral("1/32768");
    QTest::addRow("i16 Tanh zero point") << make(OpKind::Tanh, DType::Int16, {4}, {0.001f, 5}, {1.0f / 32768, 0})
                                         << QStringLiteral("zero points of 0");
    QTest::addRow("u8 Elu") << make(OpKind::Elu, DType::UInt8, {4}, {0.1f, 0}, {0.1f, 0}) << QStringLiteral("int8 only");
    QTest::addRow("i16 HardSwish") << make(OpKind::HardSwish, DType::Int16, {4}, {0.1f, 0}, {0.1f, 0}) << QStringLiteral("no int16");
    QTest::addRow("i16 ReluN1To1") << make(OpKind::ReluN1To1, DType::Int16, {4}, {0.1f, 0}, {0.1f, 0}) << QStringLiteral("no int16");
    QTest::addRow("i8 HardSwish tiny output scale") << make(OpKind::HardSwish, DType::Int8, {4}, {1.0f, 0}, {0.001f, 0})
                                                    << QStringLiteral("output scale");
    QTest::addRow("Prelu alpha shape") << prelu(DType::Float32, {2, 3}, {2}) << QStringLiteral("does not broadcast");
}

void TestActivations::rejectsWhatTfliteRejects()
{
    QFETCH(Case, c);
    QFETCH(QString, message);
    const Result<NpyArray> ours = runOurs(buildModel(c), makeInput(c.dtype, c.shape, 1));
    QVERIFY(!ours);
    QVERIFY2(QString::fromStdString(ours.error().message).contains(message), ours.error().message.c_str());
}

QTEST_GUILESS_MAIN(TestActivations)
#include "tst_activations.moc"
