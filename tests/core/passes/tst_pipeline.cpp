// SPDX-License-Identifier: GPL-3.0-or-later
// The whole conversion pipeline on small CNNs built as the ONNX importer emits them: after every
// pass the interpreter gives the same outputs as on the imported graph (random inputs, 1e-5), and
// at the end the layout transposes are gone, batch norms folded, activations fused and pads folded.
#include "core/passes/pipeline.h"
#include "tests/core/passes/pass_test_support.h"

#include <QTest>

#include <functional>
#include <map>

using namespace lf;
using ir::OpKind;
using test::IrBuilder;

namespace {

ir::Attributes axisAttribute(std::int64_t axis)
{
    ir::Attributes attributes;
    attributes.set("axis", axis);
    attributes.set("fused_activation_function", std::string("NONE"));
    return attributes;
}

void convReluConv(IrBuilder& b)
{
    const ir::TensorId x = b.input("image", { 1, 3, 9, 9 });
    const ir::TensorId hidden = b.node(OpKind::Relu, { b.conv(x, 4, 3) });
    b.output(b.conv(hidden, 5, 3, 2), "features");
}

void residual(IrBuilder& b)
{
    const ir::TensorId x = b.input("image", { 1, 4, 8, 8 });
    const ir::TensorId a = b.node(OpKind::Relu, { b.conv(x, 4, 3) });
    const ir::TensorId sum = b.node(OpKind::Add, { b.conv(a, 4, 3), x }, axisAttribute(0));
    b.output(b.node(OpKind::Relu, { sum }), "out");
}

void concatChannels(IrBuilder& b)
{
    const ir::TensorId x = b.input("image", { 1, 3, 8, 8 });
    const ir::TensorId joined
        = b.node(OpKind::Concatenation, { b.conv(x, 4, 1), b.conv(x, 2, 3) }, axisAttribute(1));
    b.output(b.conv(b.node(OpKind::Relu6, { joined }), 3, 3), "out");
}

void batchNorm(IrBuilder& b)
{
    const ir::TensorId x = b.input("image", { 1, 3, 8, 8 });
    const ir::TensorId normalized = b.node(OpKind::Relu, { b.batchNorm(b.conv(x, 6, 3)) });
    b.output(b.node(OpKind::Relu, { b.batchNorm(b.depthwise(normalized, 3)) }), "out");
}

void globalPoolClassifier(IrBuilder& b)
{
    const ir::TensorId x = b.input("image", { 1, 3, 8, 8 });
    const ir::TensorId pooled = b.globalAveragePool(b.node(OpKind::Relu, { b.conv(x, 8, 3) }));
    const ir::TensorId flat = b.reshape(pooled, { 1, 8 });
    ir::Attributes beta;
    beta.set("beta", 1.0);
    b.output(b.node(OpKind::Softmax, { b.fullyConnected(flat, 5) }, beta), "probabilities");
}

void softmaxAxis1(IrBuilder& b)
{
    const ir::TensorId x = b.input("image", { 1, 3, 6, 6 });
    ir::Attributes beta;
    beta.set("beta", 1.0);
    const ir::TensorId scores = b.conv(x, 5, 3);
    b.output(b.toChannelsFirst(b.node(OpKind::Softmax, { b.toChannelsLast(scores) }, beta)),
        "segmentation");
}

/// ONNX pads [1,1,1,1] then a strided conv with pads `last` on each side of the plane.
void padConv(IrBuilder& b, std::int64_t lastBefore, std::int64_t lastAfter)
{
    const ir::TensorId x = b.input("image", { 1, 3, 9, 9 });
    const ir::TensorId padded
        = b.node(OpKind::Pad, { x, b.ints("pads", { 0, 0, 0, 0, 1, 1, 1, 1 }) });
    const ir::TensorId y = b.node(OpKind::Relu, { b.conv(padded, 4, 3, 1, "VALID") });
    const ir::TensorId padded2 = b.node(OpKind::Pad,
        { y, b.ints("pads2", { 0, 0, 0, 0, lastBefore, lastAfter, lastBefore, lastAfter }) });
    b.output(b.conv(padded2, 4, 3, 2, "VALID"), "out");
}

void swish(IrBuilder& b)
{
    const ir::TensorId x = b.input("image", { 1, 3, 8, 8 });
    const ir::TensorId y = b.conv(x, 4, 3);
    const ir::TensorId activated
        = b.node(OpKind::Mul, { y, b.node(OpKind::Logistic, { y }) }, axisAttribute(0));
    b.output(b.conv(activated, 2, 1), "out");
}

void channelStatistics(IrBuilder& b)
{
    const ir::TensorId x = b.input("image", { 1, 3, 8, 8 });
    const ir::TensorId y = b.conv(x, 6, 3);
    ir::Attributes keep;
    keep.set("keep_dims", false);
    b.output(b.node(OpKind::Sum, { y, b.ints("axes", { 1 }) }, keep), "energy");
    const ir::TensorId sliced = b.node(
        OpKind::Slice, { y, b.ints("begin", { 0, 2, 1, 0 }), b.ints("size", { 1, 3, 6, 8 }) });
    b.output(b.conv(sliced, 2, 3), "detail");
}

void flattenClassifier(IrBuilder& b)
{
    const ir::TensorId x = b.input("image", { 1, 3, 6, 6 });
    const ir::TensorId flat = b.reshape(b.node(OpKind::Relu, { b.conv(x, 4, 3, 2) }), { 1, 36 });
    b.output(b.fullyConnected(flat, 3), "logits");
}

/// ONNX Conv1d as the importer lowers it: TRANSPOSE to NWC, RESHAPE to [N,1,W,C], CONV_2D with a
/// 1xK window, RESHAPE back, TRANSPOSE to NCW.
ir::TensorId conv1d(IrBuilder& b, ir::TensorId x, std::int64_t outChannels)
{
    const std::vector<std::int64_t> shape = b.shapeOf(x);
    const ir::TensorId planar
        = b.reshape(b.transpose(x, { 0, 2, 1 }), { shape[0], 1, shape[2], shape[1] });
    ir::Attributes attributes;
    attributes.set("padding", std::string("SAME"));
    attributes.set("fused_activation_function", std::string("NONE"));
    const ir::TensorId weights = b.randomFloats("conv1d/weights", { outChannels, 1, 3, shape[1] });
    const ir::TensorId y = b.node(OpKind::Conv2D,
        { planar, weights, b.randomFloats("conv1d/bias", { outChannels }) }, attributes);
    return b.transpose(b.reshape(y, { shape[0], shape[2], outChannels }), { 0, 2, 1 });
}

void audio(IrBuilder& b)
{
    const ir::TensorId x = b.input("signal", { 1, 4, 16 });
    b.output(conv1d(b, b.node(OpKind::Relu, { conv1d(b, x, 6) }), 3), "features");
}

void softmaxRank3(IrBuilder& b)
{
    const ir::TensorId x = b.input("scores", { 3, 4, 5 });
    ir::Attributes beta;
    beta.set("beta", 1.0);
    b.output(
        b.transpose(b.node(OpKind::Softmax, { b.transpose(x, { 0, 2, 1 }) }, beta), { 0, 2, 1 }),
        "probabilities");
}

/// ShuffleNet's channel shuffle in NCHW: RESHAPE [N,g,C/g,H,W], TRANSPOSE, RESHAPE back.
void channelShuffle(IrBuilder& b)
{
    const ir::TensorId x = b.input("image", { 1, 3, 6, 6 });
    const ir::TensorId y = b.node(OpKind::Relu, { b.conv(x, 8, 3) });
    const ir::TensorId grouped = b.reshape(y, { 1, 2, 4, 6, 6 });
    const ir::TensorId shuffled
        = b.reshape(b.transpose(grouped, { 0, 2, 1, 3, 4 }), { 1, 8, 6, 6 });
    b.output(b.conv(shuffled, 4, 1), "out");
}

const std::map<QString, std::function<void(IrBuilder&)>>& cases()
{
    static const std::map<QString, std::function<void(IrBuilder&)>> table {
        { "conv-relu-conv", convReluConv },
        { "residual", residual },
        { "concat-channels", concatChannels },
        { "batch-norm", batchNorm },
        { "global-pool-classifier", globalPoolClassifier },
        { "softmax-axis-1", softmaxAxis1 },
        { "pad-conv", [](IrBuilder& b) { padConv(b, 1, 1); } },
        { "pad-unlike-same", [](IrBuilder& b) { padConv(b, 0, 1); } },
        { "swish", swish },
        { "channel-statistics", channelStatistics },
        { "flatten-classifier", flattenClassifier },
        { "conv1d", audio },
        { "softmax-rank-3", softmaxRank3 },
        { "channel-shuffle", channelShuffle },
    };
    return table;
}

ir::Model build(const QString& name)
{
    IrBuilder builder(7);
    cases().at(name)(builder);
    return builder.model();
}

/// Runs the pipeline pass by pass, comparing with `imported` after each; collects the log. Returns
/// why it failed, or an empty string.
QString runPipeline(
    ir::Model& model, const ir::Model& imported, bool keepIoLayout, passes::RewriteLog& log)
{
    for (const passes::Pass& pass : passes::conversionPasses({ .keepIoLayout = keepIoLayout })) {
        test::PassRun run = test::runPass(model, pass);
        if (!run.error.isEmpty())
            return run.error;
        for (const passes::RewriteEvent& event : run.log.events())
            log.add(event);
        const QString difference = test::compareModels(imported, model, 11);
        if (!difference.isEmpty())
            return QStringLiteral("after %1: %2").arg(pass.name, difference);
    }
    return {};
}

} // namespace

class TestPipeline : public QObject
{
    Q_OBJECT

private slots:
    void preservesOutputs_data();
    void preservesOutputs();
    void keepIoLayout();
    void logsEveryRewrite();
};

void TestPipeline::preservesOutputs_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<int>("transposes");
    QTest::addColumn<QString>("expectedOps"); ///< "Op=count ..." in the converted graph
    QTest::newRow("conv relu conv") << "conv-relu-conv" << 0 << "Conv2D=2 Relu=0";
    QTest::newRow("residual add") << "residual" << 0 << "Conv2D=2 Add=1 Relu=0";
    QTest::newRow("concat on channels")
        << "concat-channels" << 0 << "Concatenation=1 Conv2D=3 Relu6=0";
    QTest::newRow("batch norm") << "batch-norm" << 0
                                << "Conv2D=1 DepthwiseConv2D=1 Mul=0 Add=0 Relu=0";
    QTest::newRow("global pool, flatten, gemm")
        << "global-pool-classifier" << 0 << "AveragePool2D=1 Reshape=1 FullyConnected=1 Relu=0";
    QTest::newRow("softmax on axis 1") << "softmax-axis-1" << 0 << "Softmax=1 Conv2D=1";
    QTest::newRow("explicit pads") << "pad-conv" << 0 << "Pad=0 Conv2D=2 Relu=0";
    // SAME puts the odd pixel after, so leading pads of 0 with stride 2 are not SAME.
    QTest::newRow("explicit pads unlike SAME") << "pad-unlike-same" << 0 << "Pad=1 Conv2D=2 Relu=0";
    QTest::newRow("swish") << "swish" << 0 << "Logistic=1 Mul=1 Conv2D=2";
    QTest::newRow("sum and slice on channels")
        << "channel-statistics" << 0 << "Sum=1 Slice=1 Conv2D=2";
    // 1-D convolutions: the NCW input and output become NWC.
    QTest::newRow("conv1d") << "conv1d" << 0 << "Conv2D=2 Relu=0 Reshape=2";
    // A rank-3 input that no channels-last op reads keeps its layout (and the softmax its
    // transposes).
    QTest::newRow("softmax on axis 1 of rank 3") << "softmax-rank-3" << 2 << "Softmax=1";
    // The shuffle itself is a data movement: it stays as one transpose of channels-last data.
    QTest::newRow("channel shuffle") << "channel-shuffle" << 1 << "Conv2D=2 Reshape=2";
    // Flattening a plane: the FC weights take the channels-last element order.
    QTest::newRow("flatten of a plane") << "flatten-classifier" << 0 << "Conv2D=1 Relu=0 Reshape=1";
}

void TestPipeline::preservesOutputs()
{
    QFETCH(QString, model);
    QFETCH(int, transposes);
    QFETCH(QString, expectedOps);
    const ir::Model imported = build(model);
    QVERIFY(test::countOps(imported, OpKind::Transpose) > 0);
    ir::Model converted = imported;
    passes::RewriteLog log;
    const QString failure = runPipeline(converted, imported, false, log);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    QCOMPARE(test::countOps(converted, OpKind::Transpose), transposes);
    for (const QString& entry : expectedOps.split(' ')) {
        const QStringList parts = entry.split('=');
        const auto op = ir::opKindFromName(parts[0].toStdString());
        QVERIFY2(op, qPrintable(entry));
        QCOMPARE(QString("%1=%2").arg(parts[0]).arg(test::countOps(converted, *op)), entry);
    }
    for (std::size_t i = 0; i < converted.main().inputs.size(); ++i) {
        const ir::Tensor& before
            = imported.main().tensors[static_cast<std::size_t>(imported.main().inputs[i])];
        const ir::Tensor& after
            = converted.main().tensors[static_cast<std::size_t>(converted.main().inputs[i])];
        QCOMPARE(after.name, before.name);
        const std::vector<std::int64_t> was = before.shape.extents();
        if (model == "softmax-rank-3")
            QCOMPARE(after.shape.extents(), was);
        else if (was.size() == 4)
            QCOMPARE(after.shape.extents(),
                (std::vector<std::int64_t> { was[0], was[2], was[3], was[1] }));
        else
            QCOMPARE(after.shape.extents(), (std::vector<std::int64_t> { was[0], was[2], was[1] }));
        QCOMPARE(after.layout, was.size() == 4 ? ir::Layout::NHWC : ir::Layout::Unspecified);
    }
}

void TestPipeline::keepIoLayout()
{
    const ir::Model imported = build("conv-relu-conv");
    ir::Model converted = imported;
    passes::RewriteLog log;
    const QString failure = runPipeline(converted, imported, true, log);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    QCOMPARE(log.count(passes::RewriteKind::IoLayoutChanged), std::size_t { 0 });
    QCOMPARE(test::countOps(converted, OpKind::Transpose), 2);
    QCOMPARE(converted.main()
                 .tensors[static_cast<std::size_t>(converted.main().inputs[0])]
                 .shape.extents(),
        (std::vector<std::int64_t> { 1, 3, 9, 9 }));
}

void TestPipeline::logsEveryRewrite()
{
    const ir::Model imported = build("batch-norm");
    ir::Model converted = imported;
    passes::RewriteLog log;
    const QString failure = runPipeline(converted, imported, false, log);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    QCOMPARE(log.count(passes::RewriteKind::IoLayoutChanged), std::size_t { 2 });
    QVERIFY(log.count(passes::RewriteKind::TransposesCancelled) >= 3);
    QVERIFY(log.count(passes::RewriteKind::TransposeMoved) >= 4);
    QVERIFY(log.count(passes::RewriteKind::WeightsPermuted) >= 4);
    QCOMPARE(log.count(passes::RewriteKind::Fused), std::size_t { 6 }); // 2 x (MUL, ADD, RELU)
    bool namesSources = false;
    for (const passes::RewriteEvent& event : log.events()) {
        QVERIFY2(!event.pass.empty() && !event.detail.empty(), event.detail.c_str());
        if (event.kind == passes::RewriteKind::Fused)
            namesSources = namesSources
                || std::ranges::any_of(event.sources,
                    [](const std::string& source) { return source.starts_with("Relu_"); });
    }
    QVERIFY(namesSources);
}

QTEST_GUILESS_MAIN(TestPipeline)
#include "tst_pipeline.moc"
