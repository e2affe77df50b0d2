// SPDX-License-Identifier: GPL-3.0-or-later
// The local rewrites, one pass at a time on small channels-last graphs: remove-dead-nodes (dead
// code and identities), fold-constants, fold-affine-into-conv, fuse-activations and fold-pad. Each
// row checks the op counts the rewrite must (or must not) produce, and that the interpreter gives
// the same outputs before and after (random inputs, 1e-5).
#include "core/passes/fold_affine_into_conv.h"
#include "core/passes/fold_constants.h"
#include "core/passes/fold_pad.h"
#include "core/passes/fuse_activations.h"
#include "core/passes/remove_dead_nodes.h"
#include "tests/core/passes/pass_test_support.h"

#include <QRegularExpression>
#include <QTest>

#include <functional>
#include <map>

using namespace lf;
using ir::OpKind;
using test::IrBuilder;

namespace {

ir::Attributes attributes(std::initializer_list<std::pair<std::string, ir::Attribute>> values)
{
    ir::Attributes result;
    for (const auto& [name, value] : values)
        result.set(name, value);
    return result;
}

ir::Attributes window(std::int64_t stride, const std::string& padding, std::int64_t dilation = 1)
{
    return attributes({ { "padding", padding }, { "stride_h", stride }, { "stride_w", stride },
        { "dilation_h_factor", dilation }, { "dilation_w_factor", dilation },
        { "fused_activation_function", std::string("NONE") } });
}

ir::TensorId image(IrBuilder& b, std::vector<std::int64_t> shape = { 1, 8, 8, 3 })
{
    const ir::TensorId x = b.input("x", std::move(shape));
    b.graph().tensors[static_cast<std::size_t>(x)].layout = ir::Layout::NHWC;
    return x;
}

void output(IrBuilder& b, ir::TensorId y)
{
    b.output(y, "y");
    b.graph().tensors[static_cast<std::size_t>(y)].layout = ir::Layout::NHWC;
}

ir::TensorId conv(IrBuilder& b, ir::TensorId x, std::int64_t out, std::int64_t kernel,
    ir::Attributes a, bool bias = true)
{
    const std::int64_t in = b.shapeOf(x).back();
    std::vector<ir::TensorId> inputs { x, b.randomFloats("w", { out, kernel, kernel, in }) };
    if (bias)
        inputs.push_back(b.randomFloats("b", { out }));
    return b.node(OpKind::Conv2D, inputs, std::move(a));
}

ir::TensorId depthwise(IrBuilder& b, ir::TensorId x, std::int64_t kernel, ir::Attributes a)
{
    const std::int64_t channels = b.shapeOf(x).back();
    return b.node(OpKind::DepthwiseConv2D,
        { x, b.randomFloats("w", { 1, kernel, kernel, channels }),
            b.randomFloats("b", { channels }) },
        std::move(a));
}

/// A node with only constant inputs, added without folding (as a pass may leave one).
ir::TensorId constantNode(
    IrBuilder& b, OpKind op, std::vector<ir::TensorId> inputs, std::vector<std::int64_t> shape)
{
    const ir::TensorId out
        = b.graph().addTensor({ .name = "folded", .shape = ir::Shape::fromExtents(shape) });
    b.graph().addNode(
        { .op = op, .name = "constant_node", .inputs = std::move(inputs), .outputs = { out } });
    return out;
}

using Case = std::function<void(IrBuilder&)>;

const std::map<QString, Case>& cases()
{
    static const std::map<QString, Case> table {
        // remove-dead-nodes
        { "identity-reshape",
            [](IrBuilder& b) {
                output(b,
                    b.node(OpKind::Relu,
                        { b.reshape(b.node(OpKind::Abs, { image(b) }), { 1, 8, 8, 3 }) }));
            } },
        { "identity-transpose-cast",
            [](IrBuilder& b) {
                const ir::TensorId t
                    = b.transpose(b.node(OpKind::Abs, { image(b) }), { 0, 1, 2, 3 });
                output(b, b.node(OpKind::Relu, { b.node(OpKind::Cast, { t }) }));
            } },
        { "neutral-constants",
            [](IrBuilder& b) {
                const ir::TensorId x = b.node(OpKind::Abs, { image(b) });
                const ir::TensorId sum
                    = b.node(OpKind::Add, { b.floats("zero", { 3 }, { 0, 0, 0 }), x });
                const ir::TensorId product
                    = b.node(OpKind::Mul, { sum, b.floats("one", {}, { 1 }) });
                const ir::TensorId difference = b.node(
                    OpKind::Sub, { product, b.floats("zero2", { 1, 1, 1, 3 }, { 0, 0, 0 }) });
                output(b, b.node(OpKind::Div, { difference, b.floats("one2", { 1 }, { 1 }) }));
            } },
        { "broadcasting-add-of-zero-stays",
            [](IrBuilder& b) {
                const ir::TensorId x = b.node(OpKind::Abs, { image(b, { 1, 8, 8, 1 }) });
                output(b, b.node(OpKind::Add, { x, b.floats("zero", { 3 }, { 0, 0, 0 }) }));
            } },
        { "zero-minus-x-stays",
            [](IrBuilder& b) {
                output(b,
                    b.node(OpKind::Sub,
                        { b.floats("zero", { 3 }, { 0, 0, 0 }),
                            b.node(OpKind::Abs, { image(b) }) }));
            } },
        { "dead-branch",
            [](IrBuilder& b) {
                const ir::TensorId x = image(b);
                b.node(OpKind::Tanh, { b.node(OpKind::Exp, { x }) });
                b.randomFloats("unused", { 64 });
                output(b, b.node(OpKind::Relu, { x }));
            } },
        { "reshape-chain",
            [](IrBuilder& b) {
                const ir::TensorId flat = b.reshape(b.node(OpKind::Abs, { image(b) }), { 1, 192 });
                const ir::TensorId squeezed = b.node(OpKind::Squeeze, { flat },
                    attributes({ { "squeeze_dims", std::vector<std::int64_t> { 0 } } }));
                output(b, b.node(OpKind::Exp, { b.reshape(squeezed, { 1, 8, 8, 3 }) }));
            } },
        { "identity-between-graph-input-and-output",
            [](IrBuilder& b) {
                output(b, b.reshape(image(b), { 1, 8, 8, 3 }));
            } },
        // fold-constants
        { "constant-chain",
            [](IrBuilder& b) {
                const ir::TensorId sum = constantNode(b, OpKind::Add,
                    { b.randomFloats("c1", { 3 }), b.randomFloats("c2", { 3 }) }, { 3 });
                const ir::TensorId scaled = constantNode(b, OpKind::Exp, { sum }, { 3 });
                output(b, b.node(OpKind::Mul, { image(b), scaled }));
            } },
        // fold-affine-into-conv
        { "conv-mul-add",
            [](IrBuilder& b) {
                const ir::TensorId y = conv(b, image(b), 4, 3, window(1, "SAME"));
                const ir::TensorId scaled
                    = b.node(OpKind::Mul, { y, b.randomFloats("s", { 1, 1, 1, 4 }, 0.5f, 2) });
                output(b, b.node(OpKind::Add, { scaled, b.randomFloats("t", { 4 }) }));
            } },
        { "conv-no-bias-scalar-mul",
            [](IrBuilder& b) {
                output(b,
                    b.node(OpKind::Mul,
                        { b.floats("s", {}, { -1.5f }),
                            conv(b, image(b), 4, 1, window(1, "VALID"), false) }));
            } },
        { "depthwise-div-sub",
            [](IrBuilder& b) {
                const ir::TensorId y = depthwise(b, image(b), 3, window(2, "SAME"));
                const ir::TensorId scaled
                    = b.node(OpKind::Div, { y, b.randomFloats("s", { 3 }, 0.5f, 2) });
                output(b, b.node(OpKind::Sub, { scaled, b.randomFloats("t", { 1, 1, 3 }) }));
            } },
        { "fc-mul-add-relu",
            [](IrBuilder& b) {
                const ir::TensorId x = b.input("x", { 2, 6 });
                const ir::TensorId y = b.node(OpKind::FullyConnected,
                    { x, b.randomFloats("w", { 5, 6 }), b.randomFloats("b", { 5 }) },
                    attributes({ { "fused_activation_function", std::string("NONE") } }));
                const ir::TensorId scaled = b.node(OpKind::Mul, { y, b.randomFloats("s", { 5 }) });
                b.output(b.node(OpKind::Add, { scaled, b.randomFloats("t", { 5 }) },
                             attributes({ { "fused_activation_function", std::string("RELU") } })),
                    "y");
            } },
        { "conv-with-two-readers",
            [](IrBuilder& b) {
                const ir::TensorId y = conv(b, image(b), 4, 3, window(1, "SAME"));
                output(b,
                    b.node(OpKind::Add,
                        { b.node(OpKind::Mul, { y, b.randomFloats("s", { 4 }) }), y }));
            } },
        { "spatial-constant-stays",
            [](IrBuilder& b) {
                output(b,
                    b.node(OpKind::Mul,
                        { conv(b, image(b), 2, 3, window(1, "SAME")),
                            b.randomFloats("s", { 1, 8, 8, 2 }) }));
            } },
        { "conv-with-activation-stays",
            [](IrBuilder& b) {
                ir::Attributes a = window(1, "SAME");
                a.set("fused_activation_function", std::string("RELU"));
                output(b,
                    b.node(
                        OpKind::Mul, { conv(b, image(b), 2, 3, a), b.randomFloats("s", { 2 }) }));
            } },
        // fuse-activations
        { "conv-relu6",
            [](IrBuilder& b) {
                output(b, b.node(OpKind::Relu6, { conv(b, image(b), 4, 3, window(1, "SAME")) }));
            } },
        { "add-relu-n1-to-1",
            [](IrBuilder& b) {
                const ir::TensorId x = image(b);
                output(b,
                    b.node(OpKind::ReluN1To1,
                        { b.node(OpKind::Add, { x, b.node(OpKind::Exp, { x }) }) }));
            } },
        { "concat-pool-relu",
            [](IrBuilder& b) {
                const ir::TensorId x = image(b);
                const ir::TensorId joined
                    = b.node(OpKind::Concatenation, { x, b.node(OpKind::Neg, { x }) },
                        attributes({ { "axis", std::int64_t { 3 } } }));
                ir::Attributes pool = window(2, "VALID");
                pool.set("filter_height", std::int64_t { 2 });
                pool.set("filter_width", std::int64_t { 2 });
                output(b,
                    b.node(OpKind::Relu,
                        { b.node(OpKind::MaxPool2D, { b.node(OpKind::Relu, { joined }) }, pool) }));
            } },
        { "conv-reshape-relu",
            [](IrBuilder& b) {
                const ir::TensorId y = conv(b, image(b), 4, 3, window(1, "SAME"));
                output(b,
                    b.reshape(
                        b.node(OpKind::Relu, { b.reshape(y, { 1, 64, 4 }) }), { 1, 8, 8, 4 }));
            } },
        { "tanh-stays",
            [](IrBuilder& b) {
                output(b, b.node(OpKind::Tanh, { conv(b, image(b), 4, 3, window(1, "SAME")) }));
            } },
        { "shared-output-stays",
            [](IrBuilder& b) {
                const ir::TensorId y = conv(b, image(b), 4, 3, window(1, "SAME"));
                output(b, b.node(OpKind::Add, { b.node(OpKind::Relu, { y }), y }));
            } },
        // fold-pad
        { "pad-same-stride-1",
            [](IrBuilder& b) {
                const ir::TensorId padded
                    = b.node(OpKind::Pad, { image(b), b.ints("p", { 0, 0, 1, 1, 1, 1, 0, 0 }) });
                output(b, conv(b, padded, 4, 3, window(1, "VALID")));
            } },
        { "pad-same-stride-2",
            [](IrBuilder& b) {
                const ir::TensorId padded
                    = b.node(OpKind::Pad, { image(b), b.ints("p", { 0, 0, 0, 1, 0, 1, 0, 0 }) });
                output(b, conv(b, padded, 4, 3, window(2, "VALID")));
            } },
        { "padv2-zero-dilated-depthwise",
            [](IrBuilder& b) {
                const ir::TensorId padded = b.node(OpKind::PadV2,
                    { image(b, { 1, 7, 7, 3 }), b.ints("p", { 0, 0, 2, 2, 2, 2, 0, 0 }),
                        b.floats("v", {}, { 0 }) });
                output(b, depthwise(b, padded, 3, window(1, "VALID", 2)));
            } },
        { "padv2-one-stays",
            [](IrBuilder& b) {
                const ir::TensorId padded = b.node(OpKind::PadV2,
                    { image(b), b.ints("p", { 0, 0, 1, 1, 1, 1, 0, 0 }),
                        b.floats("v", {}, { 1 }) });
                output(b, conv(b, padded, 4, 3, window(1, "VALID")));
            } },
        { "pad-on-channels-stays",
            [](IrBuilder& b) {
                const ir::TensorId padded
                    = b.node(OpKind::Pad, { image(b), b.ints("p", { 0, 0, 1, 1, 1, 1, 0, 1 }) });
                output(b, conv(b, padded, 4, 3, window(1, "VALID")));
            } },
        { "pad-leading-unlike-same-stays",
            [](IrBuilder& b) {
                const ir::TensorId padded
                    = b.node(OpKind::Pad, { image(b), b.ints("p", { 0, 0, 1, 0, 1, 0, 0, 0 }) });
                output(b, conv(b, padded, 4, 3, window(2, "VALID")));
            } },
        { "pad-too-large-stays",
            [](IrBuilder& b) {
                const ir::TensorId padded
                    = b.node(OpKind::Pad, { image(b), b.ints("p", { 0, 0, 2, 2, 1, 1, 0, 0 }) });
                output(b, conv(b, padded, 4, 3, window(1, "VALID")));
            } },
    };
    return table;
}

passes::Pass passNamed(const QString& name)
{
    static const std::map<QString, passes::PassFunction> passes {
        { "remove-dead-nodes", &passes::removeDeadNodes },
        { "fold-constants", &passes::foldConstants },
        { "fold-affine-into-conv", &passes::foldAffineIntoConv },
        { "fuse-activations", &passes::fuseActivations },
        { "fold-pad", &passes::foldPad },
    };
    return { "test", passes.at(name) };
}

/// Tensors no node, graph input or output refers to.
int unreferencedTensors(const ir::Graph& graph)
{
    std::vector<bool> used(graph.tensors.size(), false);
    for (const ir::Node& node : graph.nodes) {
        for (ir::TensorId id : node.inputs)
            if (id >= 0)
                used[static_cast<std::size_t>(id)] = true;
        for (ir::TensorId id : node.outputs)
            used[static_cast<std::size_t>(id)] = true;
    }
    for (ir::TensorId id : graph.inputs)
        used[static_cast<std::size_t>(id)] = true;
    for (ir::TensorId id : graph.outputs)
        used[static_cast<std::size_t>(id)] = true;
    return static_cast<int>(std::ranges::count(used, false));
}

} // namespace

class TestLocalPasses : public QObject
{
    Q_OBJECT

private slots:
    void rewrites_data();
    void rewrites();
};

void TestLocalPasses::rewrites_data()
{
    QTest::addColumn<QString>("pass");
    QTest::addColumn<QString>("graph");
    QTest::addColumn<QString>("expectedOps"); ///< "Op=count ..." after the pass
    QTest::addColumn<QString>(
        "expectedAttribute"); ///< "node-op:name=value" on the first node of that op, or empty

    QTest::newRow("identity RESHAPE") << "remove-dead-nodes"
                                      << "identity-reshape"
                                      << "Reshape=0 Abs=1 Relu=1"
                                      << "";
    QTest::newRow("identity TRANSPOSE and CAST") << "remove-dead-nodes"
                                                 << "identity-transpose-cast"
                                                 << "Transpose=0 Cast=0 Relu=1"
                                                 << "";
    QTest::newRow("ADD/SUB of zero, MUL/DIV by one") << "remove-dead-nodes"
                                                     << "neutral-constants"
                                                     << "Add=0 Mul=0 Sub=0 Div=0 Abs=1"
                                                     << "";
    QTest::newRow("ADD of zero that broadcasts stays") << "remove-dead-nodes"
                                                       << "broadcasting-add-of-zero-stays"
                                                       << "Add=1"
                                                       << "";
    QTest::newRow("0 - x stays") << "remove-dead-nodes"
                                 << "zero-minus-x-stays"
                                 << "Sub=1"
                                 << "";
    QTest::newRow("dead branch and constant") << "remove-dead-nodes"
                                              << "dead-branch"
                                              << "Tanh=0 Exp=0 Relu=1"
                                              << "";
    QTest::newRow("RESHAPE, SQUEEZE, RESHAPE back") << "remove-dead-nodes"
                                                    << "reshape-chain"
                                                    << "Reshape=0 Squeeze=0 Exp=1"
                                                    << "";
    QTest::newRow("identity from input to output stays")
        << "remove-dead-nodes"
        << "identity-between-graph-input-and-output"
        << "Reshape=1"
        << "";
    QTest::newRow("constant chain folds") << "fold-constants"
                                          << "constant-chain"
                                          << "Add=0 Exp=0 Mul=1"
                                          << "";
    QTest::newRow("CONV_2D, MUL, ADD") << "fold-affine-into-conv"
                                       << "conv-mul-add"
                                       << "Conv2D=1 Mul=0 Add=0"
                                       << "";
    QTest::newRow("CONV_2D without bias, scalar MUL") << "fold-affine-into-conv"
                                                      << "conv-no-bias-scalar-mul"
                                                      << "Conv2D=1 Mul=0"
                                                      << "";
    QTest::newRow("DEPTHWISE_CONV_2D, DIV, SUB") << "fold-affine-into-conv"
                                                 << "depthwise-div-sub"
                                                 << "DepthwiseConv2D=1 Div=0 Sub=0"
                                                 << "";
    QTest::newRow("FULLY_CONNECTED, MUL, ADD with RELU")
        << "fold-affine-into-conv"
        << "fc-mul-add-relu"
        << "FullyConnected=1 Mul=0 Add=0"
        << "FullyConnected:fused_activation_function=RELU";
    QTest::newRow("conv output read twice stays") << "fold-affine-into-conv"
                                                  << "conv-with-two-readers"
                                                  << "Mul=1 Add=1"
                                                  << "";
    QTest::newRow("spatially varying MUL stays") << "fold-affine-into-conv"
                                                 << "spatial-constant-stays"
                                                 << "Mul=1"
                                                 << "";
    QTest::newRow("conv with fused activation stays") << "fold-affine-into-conv"
                                                      << "conv-with-activation-stays"
                                                      << "Mul=1"
                                                      << "";
    QTest::newRow("CONV_2D + RELU6") << "fuse-activations"
                                     << "conv-relu6"
                                     << "Relu6=0"
                                     << "Conv2D:fused_activation_function=RELU6";
    QTest::newRow("ADD + RELU_N1_TO_1") << "fuse-activations"
                                        << "add-relu-n1-to-1"
                                        << "ReluN1To1=0"
                                        << "Add:fused_activation_function=RELU_N1_TO_1";
    QTest::newRow("CONCATENATION and MAX_POOL_2D + RELU")
        << "fuse-activations"
        << "concat-pool-relu"
        << "Relu=0"
        << "MaxPool2D:fused_activation_function=RELU";
    QTest::newRow("CONV_2D, RESHAPE, RELU") << "fuse-activations"
                                            << "conv-reshape-relu"
                                            << "Relu=0 Reshape=2"
                                            << "Conv2D:fused_activation_function=RELU";
    QTest::newRow("TANH stays") << "fuse-activations"
                                << "tanh-stays"
                                << "Tanh=1"
                                << "";
    QTest::newRow("output read twice stays") << "fuse-activations"
                                             << "shared-output-stays"
                                             << "Relu=1"
                                             << "";
    QTest::newRow("PAD 1,1 + VALID 3x3") << "fold-pad"
                                         << "pad-same-stride-1"
                                         << "Pad=0"
                                         << "Conv2D:padding=SAME";
    QTest::newRow("PAD 0,1 + VALID 3x3 stride 2") << "fold-pad"
                                                  << "pad-same-stride-2"
                                                  << "Pad=0"
                                                  << "Conv2D:padding=SAME";
    QTest::newRow("PADV2 0 + dilated depthwise") << "fold-pad"
                                                 << "padv2-zero-dilated-depthwise"
                                                 << "PadV2=0"
                                                 << "DepthwiseConv2D:padding=SAME";
    QTest::newRow("PADV2 1 stays") << "fold-pad"
                                   << "padv2-one-stays"
                                   << "PadV2=1"
                                   << "Conv2D:padding=VALID";
    QTest::newRow("PAD on channels stays") << "fold-pad"
                                           << "pad-on-channels-stays"
                                           << "Pad=1"
                                           << "Conv2D:padding=VALID";
    // Same output size as SAME, but SAME would put the odd pixel after, not before.
    QTest::newRow("PAD 1,0 + stride 2 stays") << "fold-pad"
                                              << "pad-leading-unlike-same-stays"
                                              << "Pad=1"
                                              << "Conv2D:padding=VALID";
    QTest::newRow("PAD larger than SAME stays") << "fold-pad"
                                                << "pad-too-large-stays"
                                                << "Pad=1"
                                                << "Conv2D:padding=VALID";
}

void TestLocalPasses::rewrites()
{
    QFETCH(QString, pass);
    QFETCH(QString, graph);
    QFETCH(QString, expectedOps);
    QFETCH(QString, expectedAttribute);
    IrBuilder builder(9);
    cases().at(graph)(builder);
    const ir::Model before = builder.model();
    ir::Model after = before;
    const test::PassRun run = test::runPass(after, passNamed(pass));
    QVERIFY2(run.error.isEmpty(), qPrintable(run.error));
    const QString difference = test::compareModels(before, after, 21);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
    for (const QString& entry : expectedOps.split(' ')) {
        const QStringList parts = entry.split('=');
        const auto op = ir::opKindFromName(parts[0].toStdString());
        QVERIFY2(op, qPrintable(entry));
        QCOMPARE(QString("%1=%2").arg(parts[0]).arg(test::countOps(after, *op)), entry);
    }
    if (!expectedAttribute.isEmpty()) {
        const QStringList parts = expectedAttribute.split(QRegularExpression("[:=]"));
        const auto op = ir::opKindFromName(parts[0].toStdString());
        const auto node = std::ranges::find_if(
            after.main().nodes, [&](const ir::Node& n) { return n.op == *op; });
        QVERIFY(node != after.main().nodes.end());
        QCOMPARE(
            QString::fromStdString(node->attributes.getOr<std::string>(parts[1].toStdString(), "")),
            parts[2]);
    }
    if (pass == "remove-dead-nodes")
        QCOMPARE(unreferencedTensors(after.main()), 0);
    const bool changed = before.main().nodes.size() != after.main().nodes.size();
    QCOMPARE(run.log.events().empty(), !changed);
}

QTEST_GUILESS_MAIN(TestLocalPasses)
#include "tst_local_passes.moc"
