// SPDX-License-Identifier: GPL-3.0-or-later
// sink-transposes per op family: x -> TRANSPOSE(P) -> op -> TRANSPOSE(inverse P), the pattern the
// importer leaves between channels-last ops. After the pass the interpreter must give the same
// outputs (random inputs, 1e-5) and the transposes must be gone where the op can take them (axes,
// paddings, begin/end vectors and constant operands rewritten) and stay where it cannot. A tensor
// the user marked as not an image stops them: its shape stays and each stop is a UserOverride
// event.
#include "core/passes/graph_edit.h"
#include "core/passes/layout/sink_transposes.h"
#include "tests/core/passes/pass_test_support.h"

#include <QTest>

#include <functional>
#include <map>

using namespace lf;
using ir::OpKind;
using test::IrBuilder;

namespace {

const std::vector<std::int64_t> kToFirst { 0, 3, 1, 2 };
const std::vector<std::int64_t> kToLast { 0, 2, 3, 1 };

ir::Attributes attribute(const std::string& name, ir::Attribute value)
{
    ir::Attributes attributes;
    attributes.set(name, std::move(value));
    return attributes;
}

/// x [1,3,4,5] (channels-last data) -> TRANSPOSE to [1,5,3,4] -> `op` -> TRANSPOSE back -> output.
using Body = std::function<ir::TensorId(IrBuilder&, ir::TensorId)>;

void sandwich(IrBuilder& b, const Body& op, const std::vector<std::int64_t>& perm = kToFirst)
{
    const ir::TensorId x = b.input("x", { 1, 3, 4, 5 });
    b.graph().tensors[static_cast<std::size_t>(x)].layout = ir::Layout::Unspecified;
    const ir::TensorId y = op(b, b.transpose(x, perm));
    b.output(b.shapeOf(y).size() == 4 ? b.transpose(y, passes::invertPerm(perm)) : y, "y");
    b.graph().tensors[static_cast<std::size_t>(b.graph().outputs[0])].layout
        = ir::Layout::Unspecified;
}

const std::map<QString, std::function<void(IrBuilder&)>>& cases()
{
    static const std::map<QString, std::function<void(IrBuilder&)>> table {
        { "relu",
            [](IrBuilder& b) {
                sandwich(
                    b, [](IrBuilder& b, ir::TensorId t) { return b.node(OpKind::Relu, { t }); });
            } },
        { "logistic-leaky",
            [](IrBuilder& b) {
                sandwich(b, [](IrBuilder& b, ir::TensorId t) {
                    return b.node(OpKind::LeakyRelu, { b.node(OpKind::Logistic, { t }) },
                        attribute("alpha", 0.2));
                });
            } },
        { "add-channel-constant",
            [](IrBuilder& b) {
                sandwich(b, [](IrBuilder& b, ir::TensorId t) {
                    return b.node(OpKind::Add, { t, b.randomFloats("c", { 5, 1, 1 }) });
                });
            } },
        { "mul-constant-first",
            [](IrBuilder& b) {
                sandwich(b, [](IrBuilder& b, ir::TensorId t) {
                    return b.node(OpKind::Mul, { b.randomFloats("c", { 1, 5, 3, 1 }), t });
                });
            } },
        { "sub-scalar",
            [](IrBuilder& b) {
                sandwich(b, [](IrBuilder& b, ir::TensorId t) {
                    return b.node(OpKind::Sub, { t, b.floats("c", {}, { 0.25f }) });
                });
            } },
        { "maximum-of-two-transposed",
            [](IrBuilder& b) {
                sandwich(b, [](IrBuilder& b, ir::TensorId t) {
                    return b.node(OpKind::Maximum, { t, b.node(OpKind::Neg, { t }) });
                });
            } },
        { "add-untransposed-operand",
            [](IrBuilder& b) {
                sandwich(b, [](IrBuilder& b, ir::TensorId t) {
                    const ir::TensorId other = b.input("other", { 1, 5, 3, 4 });
                    b.graph().tensors[static_cast<std::size_t>(other)].layout
                        = ir::Layout::Unspecified;
                    return b.node(OpKind::Add, { t, other });
                });
            } },
        { "prelu",
            [](IrBuilder& b) {
                sandwich(b, [](IrBuilder& b, ir::TensorId t) {
                    return b.node(OpKind::Prelu, { t, b.randomFloats("alpha", { 5, 1, 1 }) });
                });
            } },
        { "concat-with-constant",
            [](IrBuilder& b) {
                sandwich(b, [](IrBuilder& b, ir::TensorId t) {
                    return b.node(OpKind::Concatenation,
                        { t, b.randomFloats("c", { 1, 2, 3, 4 }), t },
                        attribute("axis", std::int64_t { 1 }));
                });
            } },
        { "concat-negative-axis",
            [](IrBuilder& b) {
                sandwich(b, [](IrBuilder& b, ir::TensorId t) {
                    return b.node(OpKind::Concatenation, { t, b.node(OpKind::Abs, { t }) },
                        attribute("axis", std::int64_t { -1 }));
                });
            } },
        { "softmax-last-axis-moves",
            [](IrBuilder& b) {
                sandwich(b,
                    [](IrBuilder& b, ir::TensorId t) {
                        return b.node(OpKind::Softmax, { t }, attribute("beta", 1.0));
                    },
                    { 0, 2, 1, 3 });
            } },
        { "mean-keep-dims",
            [](IrBuilder& b) {
                sandwich(b, [](IrBuilder& b, ir::TensorId t) {
                    return b.node(OpKind::Mean, { t, b.ints("axes", { 2, 3 }) },
                        attribute("keep_dims", true));
                });
            } },
        { "sum-over-channels",
            [](IrBuilder& b) {
                sandwich(b, [](IrBuilder& b, ir::TensorId t) {
                    return b.node(
                        OpKind::Sum, { t, b.ints("axes", { 1 }) }, attribute("keep_dims", false));
                });
            } },
        { "reduce-max-over-plane",
            [](IrBuilder& b) {
                sandwich(b, [](IrBuilder& b, ir::TensorId t) {
                    return b.node(OpKind::ReduceMax, { t, b.ints("axes", { -1, 2 }) },
                        attribute("keep_dims", false));
                });
            } },
        { "arg-max-channels",
            [](IrBuilder& b) {
                sandwich(b, [](IrBuilder& b, ir::TensorId t) {
                    return b.node(OpKind::ArgMax, { t, b.ints("axis", { 1 }) },
                        attribute("output_type", std::string("INT32")), ir::DType::Int32);
                });
            } },
        { "pad",
            [](IrBuilder& b) {
                sandwich(b, [](IrBuilder& b, ir::TensorId t) {
                    return b.node(OpKind::Pad, { t, b.ints("pads", { 0, 0, 1, 2, 0, 1, 3, 0 }) });
                });
            } },
        { "mirror-pad",
            [](IrBuilder& b) {
                sandwich(b, [](IrBuilder& b, ir::TensorId t) {
                    return b.node(OpKind::MirrorPad,
                        { t, b.ints("pads", { 0, 0, 1, 1, 2, 0, 0, 3 }) },
                        attribute("mode", std::string("REFLECT")));
                });
            } },
        { "slice",
            [](IrBuilder& b) {
                sandwich(b, [](IrBuilder& b, ir::TensorId t) {
                    return b.node(OpKind::Slice,
                        { t, b.ints("begin", { 0, 1, 0, 2 }), b.ints("size", { 1, 3, 2, -1 }) });
                });
            } },
        { "strided-slice-masks",
            [](IrBuilder& b) {
                sandwich(b, [](IrBuilder& b, ir::TensorId t) {
                    ir::Attributes masks;
                    masks.set("begin_mask", std::int64_t { 0b0010 });
                    masks.set("end_mask", std::int64_t { 0b1000 });
                    return b.node(OpKind::StridedSlice,
                        { t, b.ints("begin", { 0, 3, 0, 1 }), b.ints("end", { 1, 4, 3, 0 }),
                            b.ints("strides", { 1, 2, 2, 1 }) },
                        masks);
                });
            } },
        { "tile",
            [](IrBuilder& b) {
                sandwich(b, [](IrBuilder& b, ir::TensorId t) {
                    return b.node(OpKind::Tile, { t, b.ints("multiples", { 1, 2, 1, 3 }) });
                });
            } },
        { "gather-channels",
            [](IrBuilder& b) {
                sandwich(b, [](IrBuilder& b, ir::TensorId t) {
                    return b.node(OpKind::Gather, { t, b.ints("indices", { 4, 0, 0 }) },
                        attribute("axis", std::int64_t { 1 }));
                });
            } },
        { "gather-scalar-index",
            [](IrBuilder& b) {
                sandwich(b, [](IrBuilder& b, ir::TensorId t) {
                    const ir::TensorId index = b.graph().addTensor({ .name = "index",
                        .dtype = ir::DType::Int32,
                        .shape = {},
                        .data = ir::ConstData::fromValues(
                            std::span<const std::int32_t>(std::vector<std::int32_t> { 2 })) });
                    return b.node(
                        OpKind::Gather, { t, index }, attribute("axis", std::int64_t { 2 }));
                });
            } },
        { "pack-unpack",
            [](IrBuilder& b) {
                sandwich(b, [](IrBuilder& b, ir::TensorId t) {
                    const auto slices
                        = b.nodeN(OpKind::Unpack, { t }, 3, attribute("axis", std::int64_t { 2 }));
                    ir::Attributes pack = attribute("axis", std::int64_t { 1 });
                    pack.set("values_count", std::int64_t { 2 });
                    const ir::TensorId packed = b.node(
                        OpKind::Pack, { slices[2], b.node(OpKind::Exp, { slices[0] }) }, pack);
                    return b.node(OpKind::Sum, { packed, b.ints("axes", { 1 }) },
                        attribute("keep_dims", false));
                });
            } },
        { "pack-last",
            [](IrBuilder& b) {
                sandwich(b, [](IrBuilder& b, ir::TensorId t) {
                    ir::Attributes pack = attribute("axis", std::int64_t { -1 });
                    pack.set("values_count", std::int64_t { 2 });
                    const ir::TensorId packed
                        = b.node(OpKind::Pack, { t, b.node(OpKind::Abs, { t }) }, pack);
                    return b.node(OpKind::Mean, { packed, b.ints("axes", { 4 }) },
                        attribute("keep_dims", false));
                });
            } },
        { "split-channels",
            [](IrBuilder& b) {
                sandwich(b, [](IrBuilder& b, ir::TensorId t) {
                    const auto parts = b.nodeN(OpKind::Split, { b.ints("axis", { 2 }), t }, 3,
                        attribute("num_splits", std::int64_t { 3 }));
                    return b.node(OpKind::Concatenation, { parts[2], parts[0] },
                        attribute("axis", std::int64_t { 1 }));
                });
            } },
        { "split-v",
            [](IrBuilder& b) {
                sandwich(b, [](IrBuilder& b, ir::TensorId t) {
                    const auto parts = b.nodeN(
                        OpKind::SplitV, { t, b.ints("sizes", { 1, 4 }), b.ints("axis", { 1 }) }, 2);
                    return b.node(OpKind::Mul, { parts[1], b.node(OpKind::Tanh, { parts[1] }) });
                });
            } },
        { "cumsum-reverse",
            [](IrBuilder& b) {
                sandwich(b, [](IrBuilder& b, ir::TensorId t) {
                    const ir::TensorId summed
                        = b.node(OpKind::CumSum, { t, b.ints("axis", { 3 }) });
                    return b.node(OpKind::ReverseV2, { summed, b.ints("axes", { 1 }) });
                });
            } },
        { "reshape-merging-the-plane",
            [](IrBuilder& b) {
                const ir::TensorId x = b.input("x", { 1, 3, 4, 5 });
                const ir::TensorId merged = b.reshape(b.transpose(x, kToFirst), { 1, 5, 12 });
                b.output(b.transpose(b.node(OpKind::Relu, { merged }), { 0, 2, 1 }), "y");
            } },
        { "reshape-splitting-channels",
            [](IrBuilder& b) {
                const ir::TensorId x = b.input("x", { 1, 3, 4, 6 });
                const ir::TensorId split = b.reshape(b.transpose(x, kToFirst), { 1, 2, 3, 3, 4 });
                b.output(b.transpose(b.node(OpKind::Exp, { split }), { 0, 3, 4, 1, 2 }), "y");
            } },
        { "softmax-moved-axis-stays",
            [](IrBuilder& b) {
                const ir::TensorId x = b.input("x", { 1, 3, 4, 5 });
                b.output(
                    b.node(OpKind::Softmax, { b.transpose(x, kToFirst) }, attribute("beta", 1.0)),
                    "y");
            } },
        { "reshape-stays",
            [](IrBuilder& b) {
                const ir::TensorId x = b.input("x", { 1, 3, 4, 5 });
                b.output(
                    b.reshape(b.node(OpKind::Relu, { b.transpose(x, kToFirst) }), { 1, 60 }), "y");
            } },
        { "composed-transposes",
            [](IrBuilder& b) {
                const ir::TensorId x = b.input("x", { 1, 3, 4, 5 });
                b.output(b.transpose(b.transpose(x, kToLast), kToLast), "y");
            } },
        { "unit-dims-become-reshape",
            [](IrBuilder& b) {
                const ir::TensorId x = b.input("x", { 2, 1, 1, 7 });
                b.output(b.node(OpKind::Relu, { b.transpose(x, kToFirst) }), "y");
            } },
        { "second-reader-keeps-transpose",
            [](IrBuilder& b) {
                const ir::TensorId x = b.input("x", { 1, 3, 4, 5 });
                const ir::TensorId t = b.transpose(x, kToFirst);
                b.output(b.transpose(b.node(OpKind::Relu, { t }), kToLast), "y");
                b.output(b.reshape(t, { 1, 60 }), "flat");
            } },
    };
    return table;
}

/// Builds a graph and returns the tensor a not-image override names.
using MarkedCase = std::function<ir::TensorId(IrBuilder&)>;

const std::map<QString, MarkedCase>& markedCases()
{
    static const std::map<QString, MarkedCase> table {
        // x -> TRANSPOSE -> RELU -> marked -> TRANSPOSE -> y
        { "relu-output",
            [](IrBuilder& b) {
                ir::TensorId marked = ir::kNoTensor;
                sandwich(b, [&marked](IrBuilder& b, ir::TensorId t) {
                    marked = b.node(OpKind::Relu, { t });
                    return marked;
                });
                return marked;
            } },
        // x -> TRANSPOSE -> marked -> TRANSPOSE back -> RELU -> y: the pair may not cancel.
        { "between-inverse-transposes",
            [](IrBuilder& b) {
                const ir::TensorId x = b.input("x", { 1, 3, 4, 5 });
                const ir::TensorId marked = b.transpose(x, kToFirst);
                b.output(b.node(OpKind::Relu, { b.transpose(marked, kToLast) }), "y");
                return marked;
            } },
        // conv -> TRANSPOSE -> marked -> RESHAPE -> FULLY_CONNECTED: not absorbed by the weights.
        { "flattened-for-fully-connected",
            [](IrBuilder& b) {
                const ir::TensorId x = b.input("image", { 1, 3, 6, 6 });
                const ir::TensorId marked = b.conv(x, 4, 3, 2);
                b.output(b.fullyConnected(b.reshape(marked, { 1, 36 }), 3), "logits");
                return marked;
            } },
    };
    return table;
}

} // namespace

class TestSinkTransposes : public QObject
{
    Q_OBJECT

private slots:
    void sinks_data();
    void sinks();
    void keepsGraphOutputNames();
    void stopsAtNonImageTensors_data();
    void stopsAtNonImageTensors();
};

void TestSinkTransposes::sinks_data()
{
    QTest::addColumn<QString>("graph");
    QTest::addColumn<int>("transposes");
    QTest::addColumn<int>("moves"); ///< TransposeMoved log entries at least
    QTest::newRow("RELU") << "relu" << 0 << 1;
    QTest::newRow("LOGISTIC, LEAKY_RELU") << "logistic-leaky" << 0 << 2;
    QTest::newRow("ADD [C,1,1] constant") << "add-channel-constant" << 0 << 1;
    QTest::newRow("MUL constant first") << "mul-constant-first" << 0 << 1;
    QTest::newRow("SUB scalar") << "sub-scalar" << 0 << 1;
    QTest::newRow("MAXIMUM of two transposed") << "maximum-of-two-transposed" << 0 << 2;
    QTest::newRow("ADD of an untransposed tensor stays") << "add-untransposed-operand" << 2 << 0;
    QTest::newRow("PRELU") << "prelu" << 0 << 1;
    QTest::newRow("CONCATENATION with a constant") << "concat-with-constant" << 0 << 1;
    QTest::newRow("CONCATENATION axis -1") << "concat-negative-axis" << 0 << 2;
    QTest::newRow("SOFTMAX keeping the last axis") << "softmax-last-axis-moves" << 0 << 1;
    QTest::newRow("MEAN keep_dims") << "mean-keep-dims" << 0 << 1;
    QTest::newRow("SUM over channels") << "sum-over-channels" << 0 << 1;
    QTest::newRow("REDUCE_MAX over the plane") << "reduce-max-over-plane" << 0 << 1;
    QTest::newRow("ARG_MAX") << "arg-max-channels" << 0 << 1;
    QTest::newRow("PAD") << "pad" << 0 << 1;
    QTest::newRow("MIRROR_PAD") << "mirror-pad" << 0 << 1;
    QTest::newRow("SLICE") << "slice" << 0 << 1;
    QTest::newRow("STRIDED_SLICE with masks") << "strided-slice-masks" << 0 << 1;
    QTest::newRow("TILE") << "tile" << 0 << 1;
    QTest::newRow("GATHER") << "gather-channels" << 0 << 1;
    // These two end in a rank-3 graph output whose dims come out reordered: one transpose stays
    // there.
    QTest::newRow("GATHER scalar index") << "gather-scalar-index" << 1 << 1;
    QTest::newRow("UNPACK, PACK") << "pack-unpack" << 1 << 4;
    QTest::newRow("PACK axis -1") << "pack-last" << 0 << 3;
    QTest::newRow("SPLIT") << "split-channels" << 0 << 2;
    QTest::newRow("SPLIT_V") << "split-v" << 0 << 3;
    QTest::newRow("CUMSUM, REVERSE_V2") << "cumsum-reverse" << 0 << 2;
    QTest::newRow("RESHAPE merging H and W") << "reshape-merging-the-plane" << 0 << 2;
    QTest::newRow("RESHAPE splitting C") << "reshape-splitting-channels" << 0 << 2;
    QTest::newRow("SOFTMAX on a moved axis stays") << "softmax-moved-axis-stays" << 1 << 0;
    QTest::newRow("RESHAPE stops it") << "reshape-stays" << 1 << 1;
    QTest::newRow("two transposes compose") << "composed-transposes" << 1 << 0;
    QTest::newRow("unit dims become a reshape") << "unit-dims-become-reshape" << 0 << 1;
    QTest::newRow("a second reader keeps it") << "second-reader-keeps-transpose" << 1 << 1;
}

void TestSinkTransposes::sinks()
{
    QFETCH(QString, graph);
    QFETCH(int, transposes);
    QFETCH(int, moves);
    IrBuilder builder(3);
    cases().at(graph)(builder);
    const ir::Model before = builder.model();
    ir::Model after = before;
    const test::PassRun run = test::runPass(after, { "sink-transposes", &passes::sinkTransposes });
    QVERIFY2(run.error.isEmpty(), qPrintable(run.error));
    const QString difference = test::compareModels(before, after, 5);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
    QCOMPARE(test::countOps(after, OpKind::Transpose), transposes);
    QVERIFY(static_cast<int>(run.log.count(passes::RewriteKind::TransposeMoved)) >= moves);
    if (moves == 0)
        QCOMPARE(run.log.count(passes::RewriteKind::TransposeMoved), std::size_t { 0 });
}

void TestSinkTransposes::keepsGraphOutputNames()
{
    IrBuilder builder(3);
    cases().at("relu")(builder);
    ir::Model model = builder.model();
    const ir::TensorId output = model.main().outputs[0];
    QVERIFY(test::runPass(model, { "sink-transposes", &passes::sinkTransposes }).error.isEmpty());
    QCOMPARE(model.main().nodes.size(), std::size_t { 1 });
    QCOMPARE(model.main().tensors[static_cast<std::size_t>(model.main().outputs[0])].name,
        std::string("y"));
    QCOMPARE(model.main().tensors[static_cast<std::size_t>(model.main().inputs[0])].name,
        std::string("x"));
    QVERIFY(output >= 0);
}

void TestSinkTransposes::stopsAtNonImageTensors_data()
{
    QTest::addColumn<QString>("graph");
    QTest::addColumn<int>("kept"); ///< transposes the override keeps beyond the plain pass's
    QTest::addColumn<QString>("detail"); ///< how the event describes the stop
    QTest::newRow("RELU output") << "relu-output" << 2 << "not moved through Relu";
    QTest::newRow("between inverse transposes")
        << "between-inverse-transposes" << 2 << "[0,3,1,2] then [0,2,3,1] not merged";
    QTest::newRow("flattened for FULLY_CONNECTED")
        << "flattened-for-fully-connected" << 1 << "not absorbed by the fully connected weights";
}

void TestSinkTransposes::stopsAtNonImageTensors()
{
    QFETCH(QString, graph);
    QFETCH(int, kept);
    QFETCH(QString, detail);
    IrBuilder builder(3);
    const ir::TensorId marked = markedCases().at(graph)(builder);
    const ir::Model before = builder.model();
    const ir::Tensor tensor = before.main().tensors[static_cast<std::size_t>(marked)];
    const passes::Pass pass { "sink-transposes", &passes::sinkTransposes };
    ir::Model plain = before;
    QVERIFY(test::runPass(plain, pass).error.isEmpty());
    ir::Model after = before;
    passes::LayoutOverrides overrides;
    overrides.notImage.insert(tensor.name);
    const test::PassRun run = test::runPass(after, pass, &overrides);
    QVERIFY2(run.error.isEmpty(), qPrintable(run.error));
    const QString difference = test::compareModels(before, after, 5);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
    QCOMPARE(
        test::countOps(after, OpKind::Transpose), test::countOps(plain, OpKind::Transpose) + kept);
    const ir::TensorId id = after.main().findTensor(tensor.name);
    QVERIFY(id >= 0);
    QCOMPARE(
        after.main().tensors[static_cast<std::size_t>(id)].shape.extents(), tensor.shape.extents());
    QCOMPARE(run.log.count(passes::RewriteKind::UserOverride), std::size_t { 1 });
    for (const passes::RewriteEvent& event : run.log.events()) {
        if (event.kind == passes::RewriteKind::UserOverride)
            QVERIFY2(QString::fromStdString(event.detail).contains(detail)
                    && event.detail.ends_with(
                        "'" + tensor.name + "' is not an image (user override)"),
                event.detail.c_str());
    }
}

QTEST_GUILESS_MAIN(TestSinkTransposes)
#include "tst_sink_transposes.moc"
