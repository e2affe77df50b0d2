// SPDX-License-Identifier: GPL-3.0-or-later
// Models built directly in the IR (conv + add + relu, float and int8 with per-channel weights) are
// written and run in Google's LiteRT runtime; its outputs must match a direct computation here.
#include "core/base/npy.h"
#include "core/ir/graph.h"
#include "core/tflite/tflite_reader.h"
#include "core/tflite/tflite_writer.h"
#include "tests/support/runtime_runner.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstring>
#include <random>

using namespace lf;

namespace {

constexpr int kHeight = 5;
constexpr int kWidth = 6;
constexpr int kInChannels = 2;
constexpr int kOutChannels = 3;
constexpr int kKernel = 3;

/// The float values of the test network, shared by the float model, the int8 model and the expectation.
struct Network {
    std::vector<float> input;  // NHWC [1,H,W,Cin]
    std::vector<float> weights; // OHWI [Cout,3,3,Cin]
    std::vector<float> bias;   // [Cout]
    std::vector<float> addend; // [Cout], broadcast over H and W
};

Network makeNetwork()
{
    std::mt19937 generator(42);
    std::uniform_real_distribution<float> unit(-1.0f, 1.0f);
    Network net;
    net.input.resize(kHeight * kWidth * kInChannels);
    net.weights.resize(kOutChannels * kKernel * kKernel * kInChannels);
    for (float& v : net.input)
        v = unit(generator);
    for (std::size_t i = 0; i < net.weights.size(); ++i)
        net.weights[i] = unit(generator) * static_cast<float>(1 + i / (kKernel * kKernel * kInChannels)); // channel ranges differ
    net.bias = {0.1f, -0.2f, 0.3f};
    net.addend = {-0.5f, 0.25f, 0.0f};
    return net;
}

/// conv_same(input, weights) + bias, NHWC, stride 1, SAME padding, accumulated in double.
std::vector<float> convolution(const Network& net)
{
    std::vector<float> out(kHeight * kWidth * kOutChannels);
    for (int y = 0; y < kHeight; ++y) {
        for (int x = 0; x < kWidth; ++x) {
            for (int o = 0; o < kOutChannels; ++o) {
                double sum = net.bias[o];
                for (int ky = 0; ky < kKernel; ++ky) {
                    for (int kx = 0; kx < kKernel; ++kx) {
                        const int iy = y + ky - 1;
                        const int ix = x + kx - 1;
                        if (iy < 0 || iy >= kHeight || ix < 0 || ix >= kWidth)
                            continue;
                        for (int c = 0; c < kInChannels; ++c)
                            sum += double(net.input[(iy * kWidth + ix) * kInChannels + c])
                                * net.weights[((o * kKernel + ky) * kKernel + kx) * kInChannels + c];
                    }
                }
                out[(y * kWidth + x) * kOutChannels + o] = static_cast<float>(sum);
            }
        }
    }
    return out;
}

/// relu(conv_same(input, weights) + bias + addend).
std::vector<float> expectedOutput(const Network& net)
{
    std::vector<float> out = convolution(net);
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = std::max(0.0f, out[i] + net.addend[i % kOutChannels]);
    return out;
}

template <class T>
ir::ConstData constant(const std::vector<T>& values)
{
    return ir::ConstData::fromValues(std::span<const T>(values));
}

ir::QuantParams perTensor(float scale, std::int64_t zeroPoint) { return {{scale}, {zeroPoint}, 0, {}, {}}; }

std::int8_t quantize(float value, float scale, std::int64_t zeroPoint)
{
    const long q = std::lround(value / scale) + zeroPoint;
    return static_cast<std::int8_t>(std::clamp<long>(q, -128, 127));
}

/// input -> Conv2D(weights, bias) -> Add(addend) -> Relu, with the tensors given.
ir::Model buildModel(ir::Tensor input, ir::Tensor weights, ir::Tensor bias, ir::Tensor convOut, ir::Tensor addend,
                     ir::Tensor sum, ir::Tensor output)
{
    ir::Model model = ir::makeModel("main");
    ir::Graph& g = model.main();
    const ir::TensorId in = g.addTensor(std::move(input));
    const ir::TensorId w = g.addTensor(std::move(weights));
    const ir::TensorId b = g.addTensor(std::move(bias));
    const ir::TensorId conv = g.addTensor(std::move(convOut));
    const ir::TensorId a = g.addTensor(std::move(addend));
    const ir::TensorId s = g.addTensor(std::move(sum));
    const ir::TensorId out = g.addTensor(std::move(output));
    ir::Node convNode{ir::OpKind::Conv2D, "conv", {in, w, b}, {conv}, {}, 0, {}};
    convNode.attributes.set("padding", std::string("SAME"));
    convNode.attributes.set("stride_h", std::int64_t{1});
    convNode.attributes.set("stride_w", std::int64_t{1});
    g.addNode(std::move(convNode));
    g.addNode(ir::Node{ir::OpKind::Add, "add", {conv, a}, {s}, {}, 0, {}});
    g.addNode(ir::Node{ir::OpKind::Relu, "relu", {s}, {out}, {}, 0, {}});
    g.inputs = {in};
    g.outputs = {out};
    return model;
}

ir::Tensor activation(std::string name, ir::DType dtype, std::vector<std::int64_t> shape, ir::QuantParams quant = {})
{
    ir::Tensor t;
    t.name = std::move(name);
    t.dtype = dtype;
    t.shape = ir::Shape::fromExtents(shape);
    t.layout = ir::Layout::NHWC;
    t.quant = std::move(quant);
    return t;
}

ir::Tensor constantTensor(std::string name, ir::DType dtype, std::vector<std::int64_t> shape, ir::ConstData data,
                          ir::QuantParams quant = {})
{
    ir::Tensor t = activation(std::move(name), dtype, std::move(shape), std::move(quant));
    t.layout = ir::Layout::Unspecified;
    t.data = std::move(data);
    return t;
}

NpyArray npy(ir::DType dtype, std::vector<std::int64_t> shape, std::span<const std::byte> bytes)
{
    return NpyArray{dtype, std::move(shape), {bytes.begin(), bytes.end()}};
}

test::RuntimeRun writeAndRun(const ir::Model& model, const NpyArray& input)
{
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("model.tflite"));
    Result<void> written = tflite::writeTfliteFile(model, path.toStdString());
    if (!written)
        return {false, QString::fromStdString(written.error().toString()), {}, {}, 0};
    return test::runInRealRuntime(path, {input});
}

} // namespace

class TestTfliteWriter : public QObject {
    Q_OBJECT

private slots:
    void floatConvAddReluRunsInLiteRt();
    void int8PerChannelConvAddReluRunsInLiteRt();
    void writtenModelReadsBack();
    void refusesAttributesTfliteCannotExpress();
};

void TestTfliteWriter::floatConvAddReluRunsInLiteRt()
{
    const Network net = makeNetwork();
    const std::vector<std::int64_t> inShape{1, kHeight, kWidth, kInChannels};
    const std::vector<std::int64_t> outShape{1, kHeight, kWidth, kOutChannels};
    const ir::Model model = buildModel(
        activation("input", ir::DType::Float32, inShape),
        constantTensor("weights", ir::DType::Float32, {kOutChannels, kKernel, kKernel, kInChannels}, constant(net.weights)),
        constantTensor("bias", ir::DType::Float32, {kOutChannels}, constant(net.bias)),
        activation("conv", ir::DType::Float32, outShape),
        constantTensor("addend", ir::DType::Float32, {kOutChannels}, constant(net.addend)),
        activation("sum", ir::DType::Float32, outShape), activation("output", ir::DType::Float32, outShape));

    const test::RuntimeRun run =
        writeAndRun(model, npy(ir::DType::Float32, inShape, std::as_bytes(std::span<const float>(net.input))));
    QVERIFY2(run.ok, qPrintable(run.error));
    QCOMPARE(run.outputs.size(), std::size_t{1});
    QCOMPARE(run.outputs[0].shape, outShape);
    const std::vector<float> expected = expectedOutput(net);
    std::vector<float> actual(expected.size());
    QCOMPARE(run.outputs[0].data.size(), actual.size() * sizeof(float));
    std::memcpy(actual.data(), run.outputs[0].data.data(), run.outputs[0].data.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        // 18 products summed in float32 by XNNPACK in another order than our double sum: a few ulps of ~5.
        QVERIFY2(std::abs(actual[i] - expected[i]) <= 1e-5f, qPrintable(QStringLiteral("element %1: %2 vs %3")
                                                                             .arg(i).arg(actual[i]).arg(expected[i])));
    }
    const auto positives = std::count_if(expected.begin(), expected.end(), [](float v) { return v > 0; });
    QVERIFY(positives > 10 && positives < static_cast<long>(expected.size())); // relu both clips and passes
}

void TestTfliteWriter::int8PerChannelConvAddReluRunsInLiteRt()
{
    const Network net = makeNetwork();
    const std::vector<std::int64_t> inShape{1, kHeight, kWidth, kInChannels};
    const std::vector<std::int64_t> outShape{1, kHeight, kWidth, kOutChannels};
    const float inScale = 2.0f / 255;
    const std::int64_t inZero = 0;
    const float outScale = 8.0f / 255;
    const std::int64_t outZero = -128; // relu output: [0, 8)
    const float convScale = 16.0f / 255;
    const std::int64_t convZero = 0;
    const float addendScale = 1.0f / 255;

    std::vector<std::int8_t> qInput;
    for (float v : net.input)
        qInput.push_back(quantize(v, inScale, inZero));
    // Symmetric per-output-channel weights, as TFLite's int8 scheme requires.
    const int perChannel = kKernel * kKernel * kInChannels;
    std::vector<float> weightScales;
    std::vector<std::int8_t> qWeights;
    for (int o = 0; o < kOutChannels; ++o) {
        float maxAbs = 0;
        for (int i = 0; i < perChannel; ++i)
            maxAbs = std::max(maxAbs, std::abs(net.weights[o * perChannel + i]));
        weightScales.push_back(maxAbs / 127);
        for (int i = 0; i < perChannel; ++i)
            qWeights.push_back(quantize(net.weights[o * perChannel + i], weightScales.back(), 0));
    }
    std::vector<std::int32_t> qBias;
    std::vector<float> biasScales;
    for (int o = 0; o < kOutChannels; ++o) {
        biasScales.push_back(inScale * weightScales[o]);
        qBias.push_back(static_cast<std::int32_t>(std::lround(net.bias[o] / biasScales.back())));
    }
    std::vector<std::int8_t> qAddend;
    for (float v : net.addend)
        qAddend.push_back(quantize(v, addendScale, 0));

    const ir::Model model = buildModel(
        activation("input", ir::DType::Int8, inShape, perTensor(inScale, inZero)),
        constantTensor("weights", ir::DType::Int8, {kOutChannels, kKernel, kKernel, kInChannels}, constant(qWeights),
                       ir::QuantParams{weightScales, std::vector<std::int64_t>(kOutChannels, 0), 0, {}, {}}),
        constantTensor("bias", ir::DType::Int32, {kOutChannels}, constant(qBias),
                       ir::QuantParams{biasScales, std::vector<std::int64_t>(kOutChannels, 0), 0, {}, {}}),
        activation("conv", ir::DType::Int8, outShape, perTensor(convScale, convZero)),
        constantTensor("addend", ir::DType::Int8, {kOutChannels}, constant(qAddend), perTensor(addendScale, 0)),
        activation("sum", ir::DType::Int8, outShape, perTensor(outScale, outZero)),
        activation("output", ir::DType::Int8, outShape, perTensor(outScale, outZero)));

    const test::RuntimeRun run =
        writeAndRun(model, npy(ir::DType::Int8, inShape, std::as_bytes(std::span<const std::int8_t>(qInput))));
    QVERIFY2(run.ok, qPrintable(run.error));
    QCOMPARE(run.outputs.size(), std::size_t{1});
    QCOMPARE(run.outputs[0].dtype, ir::DType::Int8);

    // The expectation follows TFLite's int8 pipeline in float: the conv result is requantized to the
    // conv tensor's parameters, the add dequantizes both operands and requantizes, relu clamps at the
    // zero point. TFLite's fixed-point multipliers round differently from lround on exact ties and by
    // up to one step when the float product lands next to a .5 boundary, hence a tolerance of 1 step.
    Network quantized = net;
    for (std::size_t i = 0; i < net.input.size(); ++i)
        quantized.input[i] = float(qInput[i] - inZero) * inScale;
    for (int o = 0; o < kOutChannels; ++o) {
        for (int i = 0; i < perChannel; ++i)
            quantized.weights[o * perChannel + i] = float(qWeights[o * perChannel + i]) * weightScales[o];
        quantized.bias[o] = float(qBias[o]) * biasScales[o];
    }
    const std::vector<float> convValues = convolution(quantized);
    const auto* actual = reinterpret_cast<const std::int8_t*>(run.outputs[0].data.data());
    int exact = 0;
    for (std::size_t i = 0; i < convValues.size(); ++i) {
        const int channel = static_cast<int>(i % kOutChannels);
        const float conv = float(quantize(convValues[i], convScale, convZero) - convZero) * convScale;
        const float sum = conv + float(qAddend[channel]) * addendScale;
        const int want = std::max<int>(quantize(sum, outScale, outZero), static_cast<int>(outZero));
        QVERIFY2(std::abs(actual[i] - want) <= 1, qPrintable(QStringLiteral("element %1: %2 vs %3").arg(i).arg(actual[i]).arg(want)));
        exact += actual[i] == want;
    }
    QVERIFY2(exact * 100 >= static_cast<int>(convValues.size()) * 95, qPrintable(QString::number(exact) + " exact"));
}

void TestTfliteWriter::writtenModelReadsBack()
{
    const Network net = makeNetwork();
    const std::vector<std::int64_t> outShape{1, kHeight, kWidth, kOutChannels};
    ir::Tensor input = activation("input", ir::DType::Float32, {1, kHeight, kWidth, kInChannels});
    input.shape.dims[0] = ir::Dim{}; // dynamic batch: shape_signature must carry -1
    const ir::Model model = buildModel(
        std::move(input),
        constantTensor("weights", ir::DType::Float32, {kOutChannels, kKernel, kKernel, kInChannels}, constant(net.weights)),
        constantTensor("bias", ir::DType::Float32, {kOutChannels}, constant(net.bias)),
        activation("conv", ir::DType::Float32, outShape),
        constantTensor("addend", ir::DType::Float32, {kOutChannels}, constant(net.bias)),
        activation("sum", ir::DType::Float32, outShape), activation("output", ir::DType::Float32, outShape));
    const Result<std::vector<std::byte>> bytes = tflite::serializeTflite(model);
    QVERIFY(bytes);
    QTemporaryDir folder;
    const std::string path = folder.filePath(QStringLiteral("m.tflite")).toStdString();
    QVERIFY(writeFileAtomically(path, *bytes));
    NullTaskContext context;
    const Result<ir::Model> read = tflite::readTfliteFile(path, context);
    QVERIFY2(read, read ? "" : read.error().toString().c_str());
    const ir::Graph& graph = read->main();
    QCOMPARE(graph.nodes.size(), std::size_t{3});
    QCOMPARE(graph.nodes[0].op, ir::OpKind::Conv2D);
    QCOMPARE(graph.nodes[0].attributes.get<std::string>("padding"), std::optional<std::string>("SAME"));
    QVERIFY(!graph.tensors[0].shape.dims[0].isStatic());
    QCOMPARE(graph.tensors[0].shape.dims[1].extent, std::int64_t{kHeight});
    // bias and addend hold the same bytes: the writer stores them once.
    QCOMPARE(graph.tensors[2].data.bytes().data(), graph.tensors[4].data.bytes().data());
    QCOMPARE(reinterpret_cast<std::uintptr_t>(graph.tensors[1].data.bytes().data()) % 16, std::uintptr_t{0});
    QCOMPARE(read->signatures.size(), std::size_t{1});
    QCOMPARE(read->signatures[0].key, std::string("serving_default"));
    QCOMPARE(read->signatures[0].inputs[0].first, std::string("input"));
    QCOMPARE(read->metadata.size(), std::size_t{1});
    QCOMPARE(read->metadata[0].name, std::string("min_runtime_version"));
}

void TestTfliteWriter::refusesAttributesTfliteCannotExpress()
{
    ir::Model model = ir::makeModel("main");
    ir::Graph& g = model.main();
    const ir::TensorId in = g.addTensor(activation("x", ir::DType::Float32, {1, 4}));
    const ir::TensorId out = g.addTensor(activation("y", ir::DType::Float32, {1, 4}));
    ir::Node relu{ir::OpKind::Relu, "relu", {in}, {out}, {}, 0, {}};
    relu.attributes.set("alpha", 0.5);
    g.addNode(std::move(relu));
    g.inputs = {in};
    g.outputs = {out};
    const Result<std::vector<std::byte>> bytes = tflite::serializeTflite(model);
    QVERIFY(!bytes);
    QCOMPARE(bytes.error().code, ErrorCode::UnsupportedFeature);
    QVERIFY2(bytes.error().toString().find("alpha") != std::string::npos, bytes.error().toString().c_str());
}

QTEST_GUILESS_MAIN(TestTfliteWriter)
#include "tst_tflite_writer.moc"
