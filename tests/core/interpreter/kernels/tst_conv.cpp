// SPDX-License-Identifier: GPL-3.0-or-later
// CONV_2D, DEPTHWISE_CONV_2D and TRANSPOSE_CONV on one-node models: the interpreter's fast kernels
// against the reference kernels for randomized shapes, paddings, strides, dilations, groups and
// every dtype scheme, a subset also in LiteRT (bit-exact for integers), the errors prepare() must
// give, and a small timing run on MobileNet-sized layers (printed, not asserted). The case type and
// the model, input and expected output of a case are built in conv_cases.h.
#include "core/interpreter/kernels/conv.h"
#include "core/interpreter/kernels/reference/conv.h"
#include "tests/core/interpreter/kernels/conv_cases.h"
#include "tests/core/interpreter/kernels/kernel_test_support.h"

#include <QTest>

#include <algorithm>
#include <chrono>
#include <ctime>

using namespace lf;
namespace kt = lf::test::kt;
namespace reference = lf::interp::reference;
using namespace lf::test::conv_test;

Q_DECLARE_METATYPE(lf::test::conv_test::ConvCase)

namespace {

ConvCase conv(Scheme scheme, std::vector<std::int64_t> input, std::int64_t out, std::int64_t k,
    std::int64_t stride, std::string padding, std::string activation = "NONE")
{
    ConvCase c;
    c.op = OpKind::Conv2D;
    c.scheme = scheme;
    c.inputShape = std::move(input);
    c.outChannels = out;
    c.kernelHeight = c.kernelWidth = k;
    c.strideHeight = c.strideWidth = stride;
    c.padding = std::move(padding);
    c.activation = std::move(activation);
    return c;
}

ConvCase depthwise(Scheme scheme, std::vector<std::int64_t> input, std::int64_t multiplier,
    std::int64_t k, std::int64_t stride, std::string padding, std::string activation = "NONE")
{
    ConvCase c
        = conv(scheme, std::move(input), 0, k, stride, std::move(padding), std::move(activation));
    c.op = OpKind::DepthwiseConv2D;
    c.outChannels = c.inputShape[3] * multiplier;
    return c;
}

ConvCase transposeConv(Scheme scheme, std::vector<std::int64_t> input, std::int64_t out,
    std::int64_t k, std::int64_t stride, std::string padding, std::vector<std::int64_t> outputHw,
    std::string activation = "NONE")
{
    ConvCase c
        = conv(scheme, std::move(input), out, k, stride, std::move(padding), std::move(activation));
    c.op = OpKind::TransposeConv;
    c.transposeOutput = std::move(outputHw);
    return c;
}

ConvCase with(ConvCase c, auto change)
{
    change(c);
    return c;
}

/// Every row of the reference and LiteRT tables: shapes with odd extents, both paddings, strides,
/// dilations, groups, multipliers, every activation and every dtype scheme.
void addCases(bool liteRtSubset)
{
    QTest::addColumn<ConvCase>("c");
    auto add = [&](const char* name, ConvCase c, bool inLiteRt) {
        if (!liteRtSubset || inLiteRt)
            QTest::newRow(name) << c;
    };
    const auto dilated = [](ConvCase& c) {
        c.dilationHeight = 2;
        c.dilationWidth = 3;
    };
    const auto noBias = [](ConvCase& c) { c.bias = false; };
    const auto oblong = [](ConvCase& c) {
        c.kernelHeight = 3;
        c.kernelWidth = 2;
        c.strideHeight = 1;
        c.strideWidth = 2;
    };

    add("conv float 1x1", conv(Scheme::Float, { 1, 7, 9, 32 }, 24, 1, 1, "SAME"), true);
    add("conv float 3x3 same s1 relu6",
        conv(Scheme::Float, { 2, 9, 11, 5 }, 19, 3, 1, "SAME", "RELU6"), true);
    add("conv float 3x3 same s2", conv(Scheme::Float, { 1, 10, 13, 3 }, 16, 3, 2, "SAME", "RELU"),
        true);
    add("conv float 5x5 valid s2", conv(Scheme::Float, { 1, 12, 9, 4 }, 7, 5, 2, "VALID"), false);
    add("conv float 1x1 s2", conv(Scheme::Float, { 1, 9, 9, 8 }, 33, 1, 2, "SAME"), false);
    add("conv float dilated",
        with(conv(Scheme::Float, { 1, 13, 14, 6 }, 10, 3, 1, "SAME"), dilated), true);
    add("conv float oblong",
        with(conv(Scheme::Float, { 1, 8, 9, 5 }, 6, 3, 1, "VALID", "RELU_N1_TO_1"), oblong), false);
    add("conv float no bias", with(conv(Scheme::Float, { 1, 6, 6, 3 }, 5, 3, 1, "SAME"), noBias),
        false);
    add("conv float grouped",
        with(conv(Scheme::Float, { 1, 6, 7, 8 }, 6, 3, 1, "SAME"),
            [](ConvCase& c) { c.groups = 2; }),
        true);
    add("conv float large", conv(Scheme::Float, { 1, 30, 30, 16 }, 40, 3, 1, "SAME", "RELU"),
        false);
    add("conv hybrid", conv(Scheme::Hybrid, { 1, 8, 8, 6 }, 9, 3, 1, "SAME", "RELU"), true);
    add("conv hybrid 1x1", conv(Scheme::Hybrid, { 1, 8, 8, 16 }, 9, 1, 1, "SAME"), true);
    add("conv hybrid 1x1 two batches", conv(Scheme::Hybrid, { 2, 5, 5, 16 }, 9, 1, 1, "SAME"),
        true);
    add("conv hybrid two batches s2",
        conv(Scheme::Hybrid, { 2, 9, 7, 5 }, 11, 3, 2, "VALID", "RELU6"), true);
    add("conv hybrid per-tensor",
        conv(Scheme::HybridPerTensor, { 1, 10, 7, 1 }, 16, 3, 1, "SAME", "RELU"), true);
    add("conv hybrid per-tensor 1x1",
        conv(Scheme::HybridPerTensor, { 1, 6, 5, 24 }, 20, 1, 1, "VALID"), true);
    add("conv hybrid dilated",
        with(conv(Scheme::Hybrid, { 1, 13, 14, 6 }, 10, 3, 1, "SAME"), dilated), true);
    add("conv int8 1x1", conv(Scheme::Int8, { 1, 7, 9, 32 }, 24, 1, 1, "SAME"), true);
    add("conv int8 3x3 same s2 relu6",
        conv(Scheme::Int8, { 2, 11, 10, 7 }, 17, 3, 2, "SAME", "RELU6"), true);
    add("conv int8 3x3 valid", conv(Scheme::Int8, { 1, 9, 8, 3 }, 5, 3, 1, "VALID", "RELU"), true);
    add("conv int8 dilated", with(conv(Scheme::Int8, { 1, 12, 13, 5 }, 8, 3, 1, "SAME"), dilated),
        true);
    add("conv int8 oblong",
        with(conv(Scheme::Int8, { 1, 8, 9, 5 }, 6, 3, 1, "SAME", "RELU_N1_TO_1"), oblong), true);
    add("conv int8 no bias", with(conv(Scheme::Int8, { 1, 6, 6, 3 }, 5, 3, 1, "SAME"), noBias),
        false);
    add("conv int8 grouped",
        with(conv(Scheme::Int8, { 1, 6, 7, 8 }, 12, 3, 1, "SAME"),
            [](ConvCase& c) { c.groups = 4; }),
        false);
    add("conv int8 large", conv(Scheme::Int8, { 1, 30, 30, 16 }, 40, 3, 1, "SAME", "RELU"), false);
    add("conv int8 per-tensor", conv(Scheme::Int8PerTensor, { 1, 7, 8, 4 }, 9, 3, 1, "SAME"), true);
    add("conv uint8", conv(Scheme::UInt8, { 1, 9, 7, 5 }, 11, 3, 2, "SAME", "RELU"), true);
    add("conv uint8 1x1", conv(Scheme::UInt8, { 1, 5, 6, 20 }, 13, 1, 1, "VALID"), false);
    add("conv int16", conv(Scheme::Int16, { 1, 8, 9, 5 }, 7, 3, 1, "SAME", "RELU6"), true);
    add("conv int16 int32 bias", conv(Scheme::Int16Bias32, { 1, 7, 6, 4 }, 5, 3, 2, "SAME"), false);
    add("conv int16 deep", conv(Scheme::Int16, { 1, 6, 7, 64 }, 10, 3, 1, "SAME"),
        true); // 576 taps: two int32 chunks
    add("conv int16 grouped",
        with(conv(Scheme::Int16, { 1, 5, 6, 6 }, 4, 3, 1, "SAME"),
            [](ConvCase& c) { c.groups = 2; }),
        false);

    add("depthwise float 3x3 s1",
        depthwise(Scheme::Float, { 1, 9, 11, 37 }, 1, 3, 1, "SAME", "RELU6"), true);
    add("depthwise float 3x3 s2", depthwise(Scheme::Float, { 2, 10, 9, 16 }, 1, 3, 2, "SAME"),
        true);
    add("depthwise float multiplier 3",
        depthwise(Scheme::Float, { 1, 7, 8, 5 }, 3, 3, 1, "VALID", "RELU"), true);
    add("depthwise float dilated",
        with(depthwise(Scheme::Float, { 1, 12, 11, 6 }, 2, 3, 1, "SAME"), dilated), false);
    add("depthwise float 5x5 no bias",
        with(depthwise(Scheme::Float, { 1, 9, 9, 18 }, 1, 5, 2, "VALID"), noBias), false);
    add("depthwise hybrid", depthwise(Scheme::Hybrid, { 1, 8, 8, 20 }, 1, 3, 1, "SAME"), true);
    add("depthwise hybrid two batches, multiplier 2",
        depthwise(Scheme::Hybrid, { 2, 7, 6, 5 }, 2, 3, 2, "VALID", "RELU"), true);
    // LiteRT's hybrid depthwise kernel reads one weight scale per channel, past the end of a
    // per-tensor scale: only the reference judges this row.
    add("depthwise hybrid per-tensor",
        depthwise(Scheme::HybridPerTensor, { 1, 6, 7, 8 }, 1, 3, 1, "SAME"), false);
    add("depthwise int8 3x3 s1",
        depthwise(Scheme::Int8, { 1, 9, 11, 37 }, 1, 3, 1, "SAME", "RELU6"), true);
    add("depthwise int8 3x3 s2", depthwise(Scheme::Int8, { 2, 10, 9, 16 }, 1, 3, 2, "SAME"), true);
    add("depthwise int8 multiplier 2",
        depthwise(Scheme::Int8, { 1, 7, 8, 5 }, 2, 3, 1, "VALID", "RELU"), true);
    add("depthwise int8 dilated",
        with(depthwise(Scheme::Int8, { 1, 12, 11, 6 }, 1, 3, 1, "SAME"), dilated), true);
    add("depthwise int8 per-tensor",
        depthwise(Scheme::Int8PerTensor, { 1, 6, 7, 8 }, 1, 3, 1, "SAME"), false);
    add("depthwise uint8", depthwise(Scheme::UInt8, { 1, 9, 8, 19 }, 1, 3, 2, "SAME", "RELU6"),
        true);
    add("depthwise int16", depthwise(Scheme::Int16, { 1, 8, 9, 21 }, 1, 3, 1, "SAME"), true);
    add("depthwise int16 int32 bias",
        depthwise(Scheme::Int16Bias32, { 1, 6, 5, 4 }, 2, 3, 1, "SAME"), false);

    add("transpose hybrid",
        transposeConv(Scheme::Hybrid, { 1, 5, 6, 7 }, 9, 3, 2, "SAME", { 10, 12 }), true);
    add("transpose hybrid per-tensor two batches",
        transposeConv(Scheme::HybridPerTensor, { 2, 4, 5, 6 }, 8, 3, 2, "VALID", { 9, 11 }, "RELU"),
        true);
    add("transpose float s2 same",
        transposeConv(Scheme::Float, { 1, 5, 6, 7 }, 9, 3, 2, "SAME", { 10, 12 }), true);
    add("transpose float s2 valid",
        transposeConv(Scheme::Float, { 1, 4, 5, 3 }, 6, 3, 2, "VALID", { 9, 11 }, "RELU"), true);
    add("transpose float s1",
        transposeConv(Scheme::Float, { 2, 6, 5, 4 }, 5, 3, 1, "SAME", { 6, 5 }), false);
    add("transpose float 4x4 s2 odd output",
        transposeConv(Scheme::Float, { 1, 4, 4, 6 }, 20, 4, 2, "SAME", { 7, 8 }), false);
    add("transpose float no bias",
        with(transposeConv(Scheme::Float, { 1, 3, 4, 5 }, 4, 2, 2, "VALID", { 6, 8 }), noBias),
        true);
    add("transpose int8 s2 same",
        transposeConv(Scheme::Int8, { 1, 5, 6, 7 }, 9, 3, 2, "SAME", { 10, 12 }), true);
    add("transpose int8 s2 valid relu",
        transposeConv(Scheme::Int8, { 1, 4, 5, 3 }, 6, 3, 2, "VALID", { 9, 11 }, "RELU"), true);
    add("transpose int8 no bias",
        with(transposeConv(Scheme::Int8, { 1, 3, 4, 5 }, 4, 2, 2, "VALID", { 6, 8 }), noBias),
        true);
    add("transpose uint8", transposeConv(Scheme::UInt8, { 1, 4, 4, 3 }, 5, 3, 2, "SAME", { 8, 8 }),
        false);
    add("transpose int16", transposeConv(Scheme::Int16, { 1, 4, 5, 3 }, 6, 3, 2, "SAME", { 8, 10 }),
        true);
}

} // namespace

class TestConv : public QObject
{
    Q_OBJECT

private slots:
    void matchesReference_data();
    void matchesReference();
    void matchesLiteRt_data();
    void matchesLiteRt();
    void padsLikeTflite();
    void rejectsWhatItCannotRun_data();
    void rejectsWhatItCannotRun();
    void takesOutputShapeFromModelInput();
    void timesMobileNetLayers();
};

void TestConv::matchesReference_data()
{
    addCases(false);
}

void TestConv::matchesReference()
{
    QFETCH(ConvCase, c);
    const Built built = build(c);
    for (int threads : { 1, 2 }) {
        const Result<NpyArray> actual = kt::runOursFirst(
            built.model, { built.input }, interp::registerConvKernels, threads);
        QVERIFY2(actual, actual ? "" : actual.error().toString().c_str());
        const QString problem = kt::compareTight(*actual, built.expected);
        QVERIFY2(problem.isEmpty(),
            qPrintable(QStringLiteral("%1 threads: %2").arg(threads).arg(problem)));
    }
}

void TestConv::matchesLiteRt_data()
{
    addCases(true);
}

void TestConv::matchesLiteRt()
{
    QFETCH(ConvCase, c);
    const Built built = build(c);
    // LiteRT runs 8-bit convolutions in XNNPACK: with its arithmetic, every element must agree.
    const Result<NpyArray> actual
        = kt::runOursFirst(built.model, { built.input }, interp::registerConvKernels, 2,
            interp::QuantizedArithmetic::Xnnpack);
    QVERIFY2(actual, actual ? "" : actual.error().toString().c_str());
    const test::RuntimeRun run = kt::runInLiteRt(built.model, { built.input });
    QVERIFY2(run.ok, qPrintable(run.error));
    QCOMPARE(run.outputs.size(), std::size_t { 1 });
    const QString problem = kt::compareTight(*actual, run.outputs[0]);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestConv::padsLikeTflite()
{
    // in 10, filter 4, stride 3, SAME: 4 outputs need 13 pixels, 3 of padding: 1 top, 2 bottom.
    QCOMPARE(reference::convOutputSize(true, 10, 4, 3, 1), std::int64_t { 4 });
    QCOMPARE(reference::convLeadingPadding(3, 1, 10, 4, 4), std::int64_t { 1 });
    // VALID never pads, and dilation widens the window: (3 - 1) * 2 + 1 = 5.
    QCOMPARE(reference::convOutputSize(false, 10, 3, 2, 2), std::int64_t { 3 });
    QCOMPARE(reference::convLeadingPadding(2, 2, 10, 3, 3), std::int64_t { 0 });
    QCOMPARE(reference::convOutputSize(true, 7, 3, 2, 2), std::int64_t { 4 });
    QCOMPARE(reference::convLeadingPadding(2, 2, 7, 3, 4), std::int64_t { 2 });
}

void TestConv::rejectsWhatItCannotRun_data()
{
    QTest::addColumn<ConvCase>("c");
    QTest::addColumn<int>("change");
    QTest::addColumn<QString>("message");
    const ConvCase base = conv(Scheme::Float, { 1, 5, 5, 3 }, 4, 3, 1, "SAME");
    QTest::newRow("padding") << base << 0 << QStringLiteral("padding");
    QTest::newRow("activation") << base << 1 << QStringLiteral("fused_activation_function");
    QTest::newRow("stride") << base << 2 << QStringLiteral("stride");
    QTest::newRow("window larger than input") << conv(Scheme::Float, { 1, 2, 2, 3 }, 4, 3, 1,
        "VALID") << -1 << QStringLiteral("larger than the input");
    QTest::newRow("transpose output_shape at run time, output undeclared")
        << transposeConv(Scheme::Float, { 1, 3, 3, 2 }, 4, 3, 2, "SAME", { 6, 6 }) << 3
        << QStringLiteral("does not declare a static");
    QTest::newRow("int8 weights with zero point")
        << conv(Scheme::Int8, { 1, 5, 5, 3 }, 4, 3, 1, "SAME") << 4 << QStringLiteral("zero point");
    QTest::newRow("depth_multiplier contradicts shapes") << depthwise(Scheme::Float, { 1, 5, 5, 3 },
        2, 3, 1, "SAME") << 5 << QStringLiteral("depth_multiplier");
}

void TestConv::rejectsWhatItCannotRun()
{
    QFETCH(ConvCase, c);
    QFETCH(int, change);
    QFETCH(QString, message);
    Built built = build(c);
    ir::Graph& graph = built.model.main();
    ir::Node& node = graph.nodes.front();
    switch (change) {
    case 0: node.attributes.set("padding", std::string("EXPLICIT")); break;
    case 1: node.attributes.set("fused_activation_function", std::string("TANH")); break;
    case 2: node.attributes.set("stride_h", std::int64_t { 0 }); break;
    case 3: {
        // The shape comes from a graph input, and the model leaves the output's height open.
        ir::Tensor& shape = graph.tensors[static_cast<std::size_t>(node.inputs[0])];
        shape.data = {};
        graph.inputs.push_back(node.inputs[0]);
        graph.tensors[static_cast<std::size_t>(node.outputs[0])].shape.dims[1] = ir::Dim {};
        break;
    }
    case 4: graph.tensors[static_cast<std::size_t>(node.inputs[1])].quant.zeroPoints[0] = 3; break;
    case 5: node.attributes.set("depth_multiplier", std::int64_t { 3 }); break;
    default: break;
    }
    const Result<void> prepared = kt::prepareOurs(built.model, interp::registerConvKernels);
    QVERIFY(!prepared);
    QVERIFY2(QString::fromStdString(prepared.error().toString()).contains(message),
        prepared.error().toString().c_str());
}

void TestConv::takesOutputShapeFromModelInput()
{
    // TRANSPOSE_CONV's output_shape as a model input (as in TFLM's seanet layers): planned with the
    // declared output shape, the same results as with a constant, and a value that contradicts the
    // plan is an error of invoke() naming the node.
    const ConvCase c = transposeConv(Scheme::Float, { 1, 3, 3, 2 }, 4, 3, 2, "SAME", { 6, 6 });
    Built built = build(c);
    ir::Graph& graph = built.model.main();
    const ir::TensorId shapeInput = graph.nodes.front().inputs[0];
    graph.tensors[static_cast<std::size_t>(shapeInput)].data = {};
    graph.inputs.push_back(shapeInput);
    interp::KernelRegistry registry;
    interp::registerConvKernels(registry);
    interp::InterpreterOptions options;
    options.registry = &registry;
    auto created
        = interp::Interpreter::create(std::make_shared<const ir::Model>(built.model), options);
    QVERIFY2(created, created ? "" : created.error().toString().c_str());
    interp::Interpreter& interpreter = **created;
    const std::int64_t shapeDims[] = { 4 };
    const auto setShape = [&](std::array<std::int32_t, 4> values) {
        return interpreter.setInput(1, DType::Int32, shapeDims, std::as_bytes(std::span(values)));
    };
    QVERIFY(interpreter.setInput(0, built.input.dtype, built.input.shape, built.input.data));
    QVERIFY(setShape({ 1, 6, 6, 4 }));
    QVERIFY(interpreter.invoke());
    const interp::TensorView& out = interpreter.output(0);
    const auto* bytes = out.as<const std::byte>();
    const NpyArray actual { out.dtype, out.shape,
        std::vector<std::byte>(bytes, bytes + out.byteSize()) };
    const QString problem = kt::compareTight(actual, built.expected);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    QVERIFY(setShape({ 1, 5, 6, 4 }));
    const Result<void> wrong = interpreter.invoke();
    QVERIFY(!wrong);
    QVERIFY2(wrong.error().toString().find("differs from the output shape")
            != std::string::npos,
        wrong.error().toString().c_str());
}

void TestConv::timesMobileNetLayers()
{
    struct Layer
    {
        const char* name;
        ConvCase c;
    };
    const std::vector<Layer> layers {
        { "1x1 conv 112x112x32->64 float",
            conv(Scheme::Float, { 1, 112, 112, 32 }, 64, 1, 1, "SAME", "RELU6") },
        { "1x1 conv 112x112x32->64 int8",
            conv(Scheme::Int8, { 1, 112, 112, 32 }, 64, 1, 1, "SAME", "RELU6") },
        { "3x3 depthwise 112x112x32 float",
            depthwise(Scheme::Float, { 1, 112, 112, 32 }, 1, 3, 1, "SAME", "RELU6") },
        { "3x3 depthwise 112x112x32 int8",
            depthwise(Scheme::Int8, { 1, 112, 112, 32 }, 1, 3, 1, "SAME", "RELU6") },
        { "3x3 conv s2 224x224x3->32 float",
            conv(Scheme::Float, { 1, 224, 224, 3 }, 32, 3, 2, "SAME", "RELU6") },
        { "3x3 conv s2 224x224x3->32 int8",
            conv(Scheme::Int8, { 1, 224, 224, 3 }, 32, 3, 2, "SAME", "RELU6") },
    };
    constexpr int kRuns = 20;
    for (const Layer& layer : layers) {
        const Built built = build(layer.c);
        for (int threads : { 1, 2 }) {
            interp::KernelRegistry registry;
            interp::registerConvKernels(registry);
            interp::InterpreterOptions options;
            options.registry = &registry;
            options.threads = threads;
            auto interpreter = interp::Interpreter::create(
                std::make_shared<const ir::Model>(built.model), options);
            QVERIFY(interpreter);
            QVERIFY((*interpreter)
                        ->setInput(0, built.input.dtype, built.input.shape, built.input.data));
            // The machine is shared: the fastest wall time and the median CPU time of the process
            // (all threads) say more than a median wall time.
            std::vector<double> wall;
            std::vector<double> cpu;
            for (int run = 0; run < kRuns; ++run) {
                const auto start = std::chrono::steady_clock::now();
                const std::clock_t cpuStart = std::clock();
                QVERIFY((*interpreter)->invoke());
                cpu.push_back(
                    1000.0 * static_cast<double>(std::clock() - cpuStart) / CLOCKS_PER_SEC);
                wall.push_back(std::chrono::duration<double, std::milli>(
                    std::chrono::steady_clock::now() - start)
                                   .count());
            }
            std::nth_element(cpu.begin(), cpu.begin() + kRuns / 2, cpu.end());
            qInfo("%s, %d thread(s): fastest %.3f ms, median CPU %.3f ms", layer.name, threads,
                *std::min_element(wall.begin(), wall.end()), cpu[kRuns / 2]);
        }
    }
}

QTEST_GUILESS_MAIN(TestConv)
#include "tst_conv.moc"
