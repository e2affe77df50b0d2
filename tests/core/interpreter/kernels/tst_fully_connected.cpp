// SPDX-License-Identifier: GPL-3.0-or-later
// FULLY_CONNECTED and BATCH_MATMUL on one-node models: the interpreter's packed-GEMM kernels
// against the reference kernels for odd sizes, flattening, keep_num_dims, optional bias,
// broadcasting and adjoints in every dtype scheme, a subset also in LiteRT (integers bit-exact with
// XNNPACK's arithmetic), and the vectorised requantization against quant_math on random values.
#include "core/interpreter/kernels/fully_connected.h"
#include "core/interpreter/kernels/gemm.h"
#include "core/interpreter/kernels/reference/fully_connected.h"
#include "tests/core/interpreter/kernels/kernel_test_support.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <random>

using namespace lf;
namespace kt = lf::test::kt;
namespace reference = lf::interp::reference;
using ir::DType;
using ir::OpKind;

namespace {

enum class Scheme {
    Float,
    Hybrid,
    HybridPerTensor,
    Int8,
    Int8PerTensor,
    Int8WeightZeroPoint,
    UInt8,
    Int16,
    Int16PerTensor,
    Int16Bias32
};

struct MatmulCase
{
    OpKind op = OpKind::FullyConnected;
    Scheme scheme = Scheme::Float;
    std::vector<std::int64_t> inputShape; ///< FULLY_CONNECTED input, BATCH_MATMUL lhs
    std::vector<std::int64_t> rhsShape; ///< BATCH_MATMUL only
    std::int64_t units = 1; ///< FULLY_CONNECTED only
    bool keepNumDims = false;
    bool bias = true;
    bool adjX = false;
    bool adjY = false;
    std::string activation = "NONE";
    std::uint32_t seed = 1;
};

} // namespace

Q_DECLARE_METATYPE(MatmulCase)

namespace {

struct Built
{
    ir::Model model;
    std::vector<NpyArray> inputs;
    NpyArray expected;
};

DType activationType(Scheme s)
{
    switch (s) {
    case Scheme::Float:
    case Scheme::Hybrid:
    case Scheme::HybridPerTensor: return DType::Float32;
    case Scheme::Int8:
    case Scheme::Int8PerTensor:
    case Scheme::Int8WeightZeroPoint: return DType::Int8;
    case Scheme::UInt8: return DType::UInt8;
    case Scheme::Int16:
    case Scheme::Int16PerTensor:
    case Scheme::Int16Bias32: return DType::Int16;
    }
    return DType::Float32;
}

bool isWide(Scheme s)
{
    return s == Scheme::Int16 || s == Scheme::Int16PerTensor || s == Scheme::Int16Bias32;
}

/// Random activations of the scheme's dtype over its whole range (floats in [-1, 1]).
NpyArray randomActivations(
    Scheme scheme, const std::vector<std::int64_t>& shape, std::mt19937& generator)
{
    const std::int64_t count = kt::elementCount(shape);
    switch (activationType(scheme)) {
    case DType::Int8:
        return kt::arrayOf(
            DType::Int8, shape, kt::randomValues<std::int8_t>(generator, count, -128, 127));
    case DType::UInt8:
        return kt::arrayOf(
            DType::UInt8, shape, kt::randomValues<std::uint8_t>(generator, count, 0, 255));
    case DType::Int16:
        return kt::arrayOf(
            DType::Int16, shape, kt::randomValues<std::int16_t>(generator, count, -32768, 32767));
    default:
        return kt::arrayOf(
            DType::Float32, shape, kt::randomValues<float>(generator, count, -1.0, 1.0));
    }
}

/// An output scale that spreads sums of `depth` products over much of the output range (some
/// clamp): 8-bit operands deviate by about 74 from their zero points, int16 ones by about 18900.
float outputScale(Scheme scheme, float inputScale, float weightScale, std::int64_t depth)
{
    const double spread
        = std::sqrt(static_cast<double>(depth)) * (isWide(scheme) ? 18900.0 : 74.0) * 74.0;
    return static_cast<float>(inputScale * weightScale * spread / (isWide(scheme) ? 8000.0 : 40.0));
}

interp::QuantizedRange rangeOf(
    const std::string& activation, DType dtype, float scale, std::int64_t zeroPoint)
{
    interp::TensorView view;
    view.dtype = dtype;
    const ir::QuantParams quant = kt::perTensor(scale, zeroPoint);
    view.quant = &quant;
    return interp::activationRange(activation, view);
}

/// The float input rows as the hybrid kernel sees them (and LiteRT computes it): each row of
/// `depth` values rounded onto 256 levels spanning [min(x, 0), max(x, 0)], with an integer zero
/// point.
std::vector<float> hybridRows(const std::vector<float>& values, std::size_t depth)
{
    std::vector<float> result(values.size());
    for (std::size_t begin = 0; begin < values.size(); begin += depth) {
        const auto first = values.begin() + static_cast<std::ptrdiff_t>(begin);
        const auto [low, high]
            = std::minmax_element(first, first + static_cast<std::ptrdiff_t>(depth));
        const double lowest = std::min(0.0, static_cast<double>(*low));
        const double highest = std::max(0.0, static_cast<double>(*high));
        const double scale = (highest - lowest) / 255.0;
        const double zeroPoint = std::clamp(std::round(-128.0 - lowest / scale), -128.0, 127.0);
        for (std::size_t i = begin; i < begin + depth; ++i) {
            const double q = std::clamp(std::round(values[i] / scale + zeroPoint), -128.0, 127.0);
            result[i] = static_cast<float>(
                (q - zeroPoint) * static_cast<double>(static_cast<float>(scale)));
        }
    }
    return result;
}

Built buildFullyConnected(const MatmulCase& c)
{
    std::mt19937 generator(c.seed);
    const std::int64_t depth = c.inputShape.back();
    const std::int64_t batches = kt::elementCount(c.inputShape) / depth;
    std::vector<std::int64_t> outShape { batches, c.units };
    if (c.keepNumDims) {
        outShape = c.inputShape;
        outShape.back() = c.units;
    }
    const DType type = activationType(c.scheme);
    const bool quantized = type != DType::Float32;
    const bool perChannel = c.scheme == Scheme::Int8 || c.scheme == Scheme::Hybrid
        || c.scheme == Scheme::Int16 || c.scheme == Scheme::Int16Bias32;
    const float inputScale = isWide(c.scheme) ? 1.0f / 32768 : 0.03f;
    const std::int64_t inputZeroPoint = isWide(c.scheme) ? 0 : c.scheme == Scheme::UInt8 ? 140 : 11;
    const std::int64_t weightZeroPoint = c.scheme == Scheme::UInt8 ? 120
        : c.scheme == Scheme::Int8WeightZeroPoint                  ? -5
                                                                   : 0;
    std::vector<float> weightScales(perChannel ? static_cast<std::size_t>(c.units) : 1);
    std::uniform_real_distribution<float> scale(0.003f, 0.03f);
    for (float& s : weightScales)
        s = scale(generator);
    const float outScale = outputScale(c.scheme, inputScale, weightScales[0], depth);
    const std::int64_t outZeroPoint = isWide(c.scheme) ? 0 : c.scheme == Scheme::UInt8 ? 125 : -4;

    Built built { ir::makeModel("main"), {}, {} };
    ir::Graph& graph = built.model.main();
    const ir::TensorId input = graph.addTensor(kt::makeTensor("input", type, c.inputShape,
        quantized ? kt::perTensor(inputScale, inputZeroPoint) : ir::QuantParams {}));
    ir::QuantParams weightQuant;
    if (c.scheme != Scheme::Float)
        weightQuant = { weightScales,
            std::vector<std::int64_t>(weightScales.size(), weightZeroPoint), 0, {}, {} };
    const DType weightType = c.scheme == Scheme::Float ? DType::Float32
        : c.scheme == Scheme::UInt8                    ? DType::UInt8
                                                       : DType::Int8;
    ir::Tensor weights = kt::makeTensor("weights", weightType, { c.units, depth }, weightQuant);
    std::vector<float> floatWeights;
    std::vector<std::int8_t> int8Weights;
    std::vector<std::uint8_t> uint8Weights;
    if (c.scheme == Scheme::Float) {
        floatWeights = kt::randomValues<float>(generator, c.units * depth, -1.0, 1.0);
        weights.data = kt::constData(floatWeights);
    } else if (c.scheme == Scheme::UInt8) {
        uint8Weights = kt::randomValues<std::uint8_t>(generator, c.units * depth, 0, 255);
        weights.data = kt::constData(uint8Weights);
    } else {
        int8Weights = kt::randomValues<std::int8_t>(generator, c.units * depth, -127, 127);
        weights.data = kt::constData(int8Weights);
        if (c.scheme == Scheme::Hybrid || c.scheme == Scheme::HybridPerTensor) {
            for (std::size_t i = 0; i < int8Weights.size(); ++i)
                floatWeights.push_back(static_cast<float>(int8Weights[i])
                    * weightScales[perChannel ? i / static_cast<std::size_t>(depth) : 0]);
        }
    }
    ir::Node node { OpKind::FullyConnected, "fc", { input, graph.addTensor(std::move(weights)) },
        {}, {}, 0, {} };

    std::vector<float> floatBias;
    std::vector<std::int32_t> bias32;
    std::vector<std::int64_t> bias64;
    if (c.bias) {
        ir::QuantParams biasQuant;
        for (float s : weightScales) {
            biasQuant.scales.push_back(inputScale * s);
            biasQuant.zeroPoints.push_back(0);
        }
        const double range = 20.0 * outScale / (inputScale * weightScales[0]);
        ir::Tensor bias = kt::makeTensor("bias", DType::Float32, { c.units });
        if (!quantized) {
            floatBias = kt::randomValues<float>(generator, c.units, -1.0, 1.0);
            bias.data = kt::constData(floatBias);
        } else if (c.scheme == Scheme::Int16 || c.scheme == Scheme::Int16PerTensor) {
            bias = kt::makeTensor("bias", DType::Int64, { c.units }, biasQuant);
            bias64 = kt::randomValues<std::int64_t>(generator, c.units, -range, range);
            bias.data = kt::constData(bias64);
        } else {
            bias = kt::makeTensor("bias", DType::Int32, { c.units }, biasQuant);
            bias32 = kt::randomValues<std::int32_t>(generator, c.units, -range, range);
            bias.data = kt::constData(bias32);
        }
        node.inputs.push_back(graph.addTensor(std::move(bias)));
    }
    const ir::TensorId output = graph.addTensor(kt::makeTensor("output", type, outShape,
        quantized ? kt::perTensor(outScale, outZeroPoint) : ir::QuantParams {}));
    node.outputs = { output };
    node.attributes.set("fused_activation_function", c.activation);
    node.attributes.set("keep_num_dims", c.keepNumDims);
    graph.addNode(std::move(node));
    graph.inputs = { input };
    graph.outputs = { output };

    built.inputs = { randomActivations(c.scheme, c.inputShape, generator) };
    reference::RequantizeParams params;
    params.inputOffset = static_cast<std::int32_t>(-inputZeroPoint);
    params.filterOffset = static_cast<std::int32_t>(-weightZeroPoint);
    params.outputOffset = static_cast<std::int32_t>(outZeroPoint);
    params.multipliers = reference::channelMultipliers(inputScale, weightScales, outScale, c.units);
    if (isWide(c.scheme)) {
        for (std::int64_t u = 0; u < c.units; ++u)
            params.doubleMultipliers.push_back(double(inputScale)
                * double(weightScales[weightScales.size() == 1 ? 0 : static_cast<std::size_t>(u)])
                / double(outScale));
    }
    params.range = rangeOf(c.activation, type, outScale, outZeroPoint);
    const NpyArray& in = built.inputs[0];
    auto quantizedCase
        = [&]<class T, class W, class Acc>(T, const std::vector<W>& w, const std::vector<Acc>& b) {
              std::vector<T> out(static_cast<std::size_t>(batches * c.units));
              reference::fullyConnectedQuantized<T, W, Acc>(
                  batches, depth, c.units, params, kt::valuesOf<T>(in), w, b, out);
              return kt::arrayOf(type, outShape, out);
          };
    switch (c.scheme) {
    case Scheme::Float:
    case Scheme::Hybrid:
    case Scheme::HybridPerTensor: {
        std::vector<float> out(static_cast<std::size_t>(batches * c.units));
        const std::vector<float> values = c.scheme == Scheme::Float
            ? kt::valuesOf<float>(in)
            : hybridRows(kt::valuesOf<float>(in), static_cast<std::size_t>(depth));
        reference::fullyConnected(batches, depth, c.units, values, floatWeights, floatBias,
            interp::activationRange(c.activation), out);
        built.expected = kt::arrayOf(DType::Float32, outShape, out);
        break;
    }
    case Scheme::Int8:
    case Scheme::Int8PerTensor:
    case Scheme::Int8WeightZeroPoint:
        built.expected = quantizedCase(std::int8_t {}, int8Weights, bias32);
        break;
    case Scheme::UInt8:
        built.expected = quantizedCase(std::uint8_t {}, uint8Weights, bias32);
        break;
    case Scheme::Int16:
    case Scheme::Int16PerTensor:
        built.expected = quantizedCase(std::int16_t {}, int8Weights, bias64);
        break;
    case Scheme::Int16Bias32:
        built.expected = c.bias ? quantizedCase(std::int16_t {}, int8Weights, bias32)
                                : quantizedCase(std::int16_t {}, int8Weights, bias64);
        break;
    }
    return built;
}

Built buildBatchMatMul(const MatmulCase& c)
{
    std::mt19937 generator(c.seed);
    reference::BatchMatMulGeometry g;
    const std::size_t rank = std::max(c.inputShape.size(), c.rhsShape.size());
    g.lhsShape.assign(rank - c.inputShape.size(), 1);
    g.lhsShape.insert(g.lhsShape.end(), c.inputShape.begin(), c.inputShape.end());
    g.rhsShape.assign(rank - c.rhsShape.size(), 1);
    g.rhsShape.insert(g.rhsShape.end(), c.rhsShape.begin(), c.rhsShape.end());
    g.adjX = c.adjX;
    g.adjY = c.adjY;
    const std::vector<std::int64_t> outShape = g.outputShape();
    const DType type = activationType(c.scheme);
    const bool quantized = type != DType::Float32;
    const float lhsScale = isWide(c.scheme) ? 1.0f / 32768 : 0.04f;
    const float rhsScale = isWide(c.scheme) ? 1.0f / 32768 : 0.02f;
    const std::int64_t lhsZeroPoint = isWide(c.scheme) ? 0 : 7;
    const std::int64_t rhsZeroPoint = isWide(c.scheme) ? 0 : -3;
    // Both operands deviate like activations here.
    const float outScale = outputScale(c.scheme, lhsScale, rhsScale, g.depth())
        * (isWide(c.scheme) ? 18900.0f / 74.0f : 1.0f);
    const std::int64_t outZeroPoint = isWide(c.scheme) ? 0 : 5;

    Built built { ir::makeModel("main"), {}, {} };
    ir::Graph& graph = built.model.main();
    const ir::TensorId lhs = graph.addTensor(kt::makeTensor("lhs", type, c.inputShape,
        quantized ? kt::perTensor(lhsScale, lhsZeroPoint) : ir::QuantParams {}));
    const ir::TensorId rhs = graph.addTensor(kt::makeTensor("rhs", type, c.rhsShape,
        quantized ? kt::perTensor(rhsScale, rhsZeroPoint) : ir::QuantParams {}));
    const ir::TensorId output = graph.addTensor(kt::makeTensor("output", type, outShape,
        quantized ? kt::perTensor(outScale, outZeroPoint) : ir::QuantParams {}));
    ir::Node node { OpKind::BatchMatMul, "bmm", { lhs, rhs }, { output }, {}, 0, {} };
    node.attributes.set("adj_x", c.adjX);
    node.attributes.set("adj_y", c.adjY);
    graph.addNode(std::move(node));
    graph.inputs = { lhs, rhs };
    graph.outputs = { output };

    built.inputs = { randomActivations(c.scheme, c.inputShape, generator),
        randomActivations(c.scheme, c.rhsShape, generator) };
    const std::size_t outCount = static_cast<std::size_t>(kt::elementCount(outShape));
    if (!quantized) {
        std::vector<float> out(outCount);
        reference::batchMatMul(
            g, kt::valuesOf<float>(built.inputs[0]), kt::valuesOf<float>(built.inputs[1]), out);
        built.expected = kt::arrayOf(DType::Float32, outShape, out);
        return built;
    }
    reference::RequantizeParams params;
    params.inputOffset = static_cast<std::int32_t>(-lhsZeroPoint);
    params.filterOffset = static_cast<std::int32_t>(-rhsZeroPoint);
    params.outputOffset = static_cast<std::int32_t>(outZeroPoint);
    params.multipliers = reference::channelMultipliers(
        lhsScale, std::span<const float>(&rhsScale, 1), outScale, 1);
    params.range = interp::dtypeRange(type);
    auto run = [&]<class T, class Acc>(T, Acc) {
        std::vector<T> out(outCount);
        reference::batchMatMulQuantized<T, Acc>(
            g, params, kt::valuesOf<T>(built.inputs[0]), kt::valuesOf<T>(built.inputs[1]), out);
        return kt::arrayOf(type, outShape, out);
    };
    built.expected = type == DType::Int8 ? run(std::int8_t {}, std::int32_t {})
                                         : run(std::int16_t {}, std::int64_t {});
    return built;
}

Built build(const MatmulCase& c)
{
    return c.op == OpKind::FullyConnected ? buildFullyConnected(c) : buildBatchMatMul(c);
}

MatmulCase fc(Scheme scheme, std::vector<std::int64_t> input, std::int64_t units,
    std::string activation = "NONE")
{
    MatmulCase c;
    c.scheme = scheme;
    c.inputShape = std::move(input);
    c.units = units;
    c.activation = std::move(activation);
    return c;
}

MatmulCase bmm(Scheme scheme, std::vector<std::int64_t> lhs, std::vector<std::int64_t> rhs,
    bool adjX = false, bool adjY = false)
{
    MatmulCase c;
    c.op = OpKind::BatchMatMul;
    c.scheme = scheme;
    c.inputShape = std::move(lhs);
    c.rhsShape = std::move(rhs);
    c.adjX = adjX;
    c.adjY = adjY;
    return c;
}

MatmulCase with(MatmulCase c, auto change)
{
    change(c);
    return c;
}

void addCases(bool liteRtSubset)
{
    QTest::addColumn<MatmulCase>("c");
    auto add = [&](const char* name, MatmulCase c, bool inLiteRt) {
        if (!liteRtSubset || inLiteRt)
            QTest::newRow(name) << c;
    };
    const auto keep = [](MatmulCase& c) { c.keepNumDims = true; };
    const auto noBias = [](MatmulCase& c) { c.bias = false; };

    add("fc float vector", fc(Scheme::Float, { 1, 64 }, 10), true);
    add("fc float flattened", fc(Scheme::Float, { 3, 5, 7 }, 13, "RELU"), true);
    add("fc float keep_num_dims", with(fc(Scheme::Float, { 2, 3, 9 }, 17, "RELU6"), keep), true);
    add("fc float no bias", with(fc(Scheme::Float, { 4, 33 }, 5), noBias), true);
    add("fc float many rows", fc(Scheme::Float, { 61, 130 }, 47, "RELU_N1_TO_1"), false);
    add("fc float wide", fc(Scheme::Float, { 1, 1280 }, 1000), false);
    add("fc hybrid", fc(Scheme::Hybrid, { 3, 40 }, 21), true);
    add("fc hybrid per-tensor relu", fc(Scheme::HybridPerTensor, { 4, 29 }, 18, "RELU"), true);
    add("fc hybrid keep_num_dims no bias",
        with(with(fc(Scheme::Hybrid, { 2, 3, 17 }, 9, "RELU6"), keep), noBias), true);
    add("fc hybrid many rows", fc(Scheme::Hybrid, { 45, 70 }, 37), true);
    add("fc int8 per-channel", fc(Scheme::Int8, { 2, 50 }, 19, "RELU"), true);
    add("fc int8 per-tensor", fc(Scheme::Int8PerTensor, { 5, 37 }, 23), true);
    add("fc int8 weights zero point", fc(Scheme::Int8WeightZeroPoint, { 40, 29 }, 50), true);
    add("fc int8 keep_num_dims no bias",
        with(with(fc(Scheme::Int8, { 2, 2, 31 }, 9, "RELU6"), keep), noBias), true);
    add("fc int8 many rows", fc(Scheme::Int8, { 70, 96 }, 40), false);
    add("fc int8 wide", fc(Scheme::Int8, { 1, 1280 }, 1000), false);
    add("fc uint8", fc(Scheme::UInt8, { 4, 45 }, 14, "RELU"), true);
    add("fc int16", fc(Scheme::Int16, { 30, 60 }, 40), true);
    add("fc int16 per-tensor", fc(Scheme::Int16PerTensor, { 20, 45 }, 30, "RELU"), true);
    add("fc int16 int32 bias", fc(Scheme::Int16Bias32, { 2, 20 }, 7, "RELU6"), false);

    add("bmm float", bmm(Scheme::Float, { 2, 3, 4 }, { 2, 4, 5 }), true);
    add("bmm float broadcast", bmm(Scheme::Float, { 3, 1, 5, 6 }, { 4, 6, 7 }), true);
    add("bmm float adj_x", bmm(Scheme::Float, { 2, 6, 3 }, { 2, 6, 5 }, true, false), true);
    add("bmm float adj_y", bmm(Scheme::Float, { 1, 4, 9 }, { 3, 7, 9 }, false, true), true);
    add("bmm float adj_x adj_y", bmm(Scheme::Float, { 5, 4 }, { 6, 5 }, true, true), false);
    add("bmm float rank 5", bmm(Scheme::Float, { 2, 1, 3, 4, 5 }, { 1, 2, 1, 5, 3 }), false);
    add("bmm float large", bmm(Scheme::Float, { 2, 70, 64 }, { 64, 90 }), false);
    add("bmm int8", bmm(Scheme::Int8, { 2, 3, 20 }, { 2, 20, 5 }), true);
    add("bmm int8 broadcast adj_y", bmm(Scheme::Int8, { 3, 1, 5, 16 }, { 4, 7, 16 }, false, true),
        true);
    add("bmm int8 adj_x", bmm(Scheme::Int8, { 2, 16, 3 }, { 16, 6 }, true, false), false);
    add("bmm int16", bmm(Scheme::Int16, { 4, 30, 40 }, { 4, 40, 25 }), true);
}

} // namespace

class TestFullyConnected : public QObject
{
    Q_OBJECT

private slots:
    void matchesReference_data();
    void matchesReference();
    void matchesLiteRt_data();
    void matchesLiteRt();
    void requantizesLikeQuantMath();
    void rejectsWhatItCannotRun();
};

void TestFullyConnected::matchesReference_data()
{
    addCases(false);
}

void TestFullyConnected::matchesReference()
{
    QFETCH(MatmulCase, c);
    const Built built = build(c);
    for (int threads : { 1, 2 }) {
        const Result<NpyArray> actual = kt::runOursFirst(
            built.model, built.inputs, interp::registerMatmulKernels, threads);
        QVERIFY2(actual, actual ? "" : actual.error().toString().c_str());
        const QString problem = kt::compareTight(*actual, built.expected);
        QVERIFY2(problem.isEmpty(),
            qPrintable(QStringLiteral("%1 threads: %2").arg(threads).arg(problem)));
    }
}

void TestFullyConnected::matchesLiteRt_data()
{
    addCases(true);
}

void TestFullyConnected::matchesLiteRt()
{
    QFETCH(MatmulCase, c);
    const Built built = build(c);
    // LiteRT runs 8-bit FULLY_CONNECTED in XNNPACK: with its arithmetic, every element must agree.
    const Result<NpyArray> actual
        = kt::runOursFirst(built.model, built.inputs, interp::registerMatmulKernels, 2,
            interp::QuantizedArithmetic::Xnnpack);
    QVERIFY2(actual, actual ? "" : actual.error().toString().c_str());
    const test::RuntimeRun run = kt::runInLiteRt(built.model, built.inputs);
    QVERIFY2(run.ok, qPrintable(run.error));
    QCOMPARE(run.outputs.size(), std::size_t { 1 });
    const QString problem = kt::compareTight(*actual, run.outputs[0]);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestFullyConnected::requantizesLikeQuantMath()
{
    std::mt19937 generator(7);
    std::uniform_int_distribution<std::int32_t> anyInt(
        std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::max());
    std::uniform_int_distribution<std::int32_t> smallInt(-200000, 200000);
    std::uniform_real_distribution<double> exponent(-20.0, 3.0);
    constexpr std::int64_t kChannels = 37; // not a multiple of the vector width
    constexpr std::int64_t kRows = 300;
    reference::RequantizeParams params;
    for (std::int64_t c = 0; c < kChannels; ++c)
        params.multipliers.push_back(
            interp::quantizeMultiplier(std::pow(2.0, exponent(generator))));
    params.outputOffset = -3;
    params.range = { -128, 127 };
    std::vector<std::int32_t> acc(static_cast<std::size_t>(kRows * kChannels));
    for (std::size_t i = 0; i < acc.size(); ++i)
        acc[i] = i % 5 == 0 ? anyInt(generator) : smallInt(generator);
    // Values exactly at rounding boundaries of the right shift: ties must round away from zero.
    for (std::int64_t c = 0; c < kChannels; ++c)
        acc[static_cast<std::size_t>(c)] = (c % 2 ? -1 : 1) * (std::int32_t { 1 } << (c % 20));
    std::vector<std::int32_t> bias(static_cast<std::size_t>(kChannels));
    for (std::int32_t& b : bias)
        b = smallInt(generator);
    const interp::detail::ChannelRequantizer requantizer = interp::detail::makeRequantizer(params);
    std::vector<std::int8_t> out(acc.size());
    interp::detail::requantizeBlock(acc.data(), kChannels, bias.data(), requantizer, kRows, 0,
        kChannels, out.data(), kChannels);
    // A wider range and no bias exercise values that do not clamp.
    reference::RequantizeParams wide = params;
    wide.range = { 0, 255 };
    wide.outputOffset = 128;
    std::vector<std::uint8_t> unsignedOut(acc.size());
    interp::detail::requantizeBlock(acc.data(), kChannels, nullptr,
        interp::detail::makeRequantizer(wide), kRows, 0, kChannels, unsignedOut.data(), kChannels);
    int unclamped = 0;
    for (std::int64_t r = 0; r < kRows; ++r) {
        for (std::int64_t c = 0; c < kChannels; ++c) {
            const auto i = static_cast<std::size_t>(r * kChannels + c);
            const interp::QuantizedMultiplier m = params.multipliers[static_cast<std::size_t>(c)];
            const std::int32_t withBias = acc[i] + bias[static_cast<std::size_t>(c)];
            QCOMPARE(interp::detail::multiplyByQuantizedMultiplierInline(withBias, m),
                interp::multiplyByQuantizedMultiplier(withBias, m));
            const std::int32_t expected
                = std::clamp(interp::multiplyByQuantizedMultiplier(withBias, m) - 3, -128, 127);
            QCOMPARE(static_cast<std::int32_t>(out[i]), expected);
            const std::int32_t scaled = interp::multiplyByQuantizedMultiplier(acc[i], m) + 128;
            QCOMPARE(static_cast<std::int32_t>(unsignedOut[i]), std::clamp(scaled, 0, 255));
            unclamped += scaled > 0 && scaled < 255;
        }
    }
    QVERIFY(unclamped > kRows * kChannels / 4);
}

void TestFullyConnected::rejectsWhatItCannotRun()
{
    auto failure = [](const ir::Model& model) {
        const Result<void> prepared = kt::prepareOurs(model, interp::registerMatmulKernels);
        return prepared ? QString() : QString::fromStdString(prepared.error().toString());
    };

    Built shuffled = build(fc(Scheme::Int8, { 1, 16 }, 4));
    shuffled.model.main().nodes[0].attributes.set(
        "weights_format", std::string("SHUFFLED4x16INT8"));
    QVERIFY(failure(shuffled.model).contains(QStringLiteral("weights_format")));

    Built ragged = build(fc(Scheme::Float, { 1, 16 }, 4));
    ragged.model.main().tensors[0].shape = ir::Shape { 1, 15 };
    QVERIFY(failure(ragged.model).contains(QStringLiteral("whole number of rows")));

    Built perChannelZeroPoint = build(fc(Scheme::Int8, { 1, 16 }, 4));
    perChannelZeroPoint.model.main().tensors[1].quant.zeroPoints[2] = 1;
    QVERIFY(failure(perChannelZeroPoint.model).contains(QStringLiteral("zero point")));

    Built mismatched = build(bmm(Scheme::Float, { 2, 3, 4 }, { 2, 4, 5 }));
    mismatched.model.main().tensors[1].shape = ir::Shape { 3, 4, 5 };
    QVERIFY(failure(mismatched.model).contains(QStringLiteral("do not broadcast")));

    Built inner = build(bmm(Scheme::Float, { 3, 4 }, { 4, 6 }));
    inner.model.main().tensors[1].shape = ir::Shape { 5, 6 };
    QVERIFY(failure(inner.model).contains(QStringLiteral("inner dimensions")));
}

QTEST_GUILESS_MAIN(TestFullyConnected)
#include "tst_fully_connected.moc"
