// SPDX-License-Identifier: GPL-3.0-or-later
// The IR verifier accepts a well-formed graph and names the tensor or node of each violation.
#include "core/ir/verifier.h"

#include <QTest>

using namespace lf;

namespace {

/// x -> Relu -> y, with a 2-element float constant c on the side.
ir::Model validModel()
{
    ir::Model model = ir::makeModel("main");
    ir::Graph& g = model.main();
    const ir::TensorId x = g.addTensor({.name = "x", .shape = {1, 2}});
    const ir::TensorId y = g.addTensor({.name = "y", .shape = {1, 2}});
    const std::vector<float> values{1, 2};
    g.addTensor({.name = "c", .shape = {2}, .data = ir::ConstData::fromValues(std::span<const float>(values))});
    g.addNode({.op = ir::OpKind::Relu, .name = "relu", .inputs = {x}, .outputs = {y}});
    g.inputs = {x};
    g.outputs = {y};
    return model;
}

} // namespace

class TestVerifier : public QObject {
    Q_OBJECT

private slots:
    void acceptsValidModel();
    void rejects_data();
    void rejects();
};

void TestVerifier::acceptsValidModel()
{
    QVERIFY(ir::verify(validModel()));
}

void TestVerifier::rejects_data()
{
    QTest::addColumn<int>("breakage");
    QTest::addColumn<QString>("expected");
    QTest::newRow("input index out of range") << 0 << QStringLiteral("missing tensor #9");
    QTest::newRow("read before produced") << 1 << QStringLiteral("before any node produces it");
    QTest::newRow("tensor produced twice") << 2 << QStringLiteral("already defined");
    QTest::newRow("constant size mismatch") << 3 << QStringLiteral("holds 8 bytes but f32[3] needs 12");
    QTest::newRow("per-axis scales vs dim") << 4 << QStringLiteral("3 per-axis scales for a dimension of 2");
    QTest::newRow("zero points vs scales") << 5 << QStringLiteral("2 quantization scales but 1 zero points");
    QTest::newRow("signature tensor missing") << 6 << QStringLiteral("refers to missing tensor #40");
    QTest::newRow("no graph") << 7 << QStringLiteral("no graph");
}

void TestVerifier::rejects()
{
    QFETCH(int, breakage);
    QFETCH(QString, expected);
    ir::Model model = validModel();
    ir::Graph& g = model.main();
    switch (breakage) {
    case 0: g.nodes[0].inputs = {9}; break;
    case 1: g.inputs.clear(); break;
    case 2: g.addNode({.op = ir::OpKind::Relu, .inputs = {0}, .outputs = {1}}); break;
    case 3: g.tensors[2].shape = {3}; break;
    case 4: g.tensors[2].quant = {{0.1f, 0.2f, 0.3f}, {0, 0, 0}, 0, {}, {}}; break;
    case 5: g.tensors[1].quant = {{0.1f, 0.2f}, {0}, 0, {}, {}}; break;
    case 6: model.signatures.push_back({"serving_default", 0, {{"x", 40}}, {}}); break;
    case 7: model.graphs.clear(); break;
    }
    const Result<void> verified = ir::verify(model);
    QVERIFY(!verified);
    QVERIFY2(verified.error().toString().find(expected.toStdString()) != std::string::npos, verified.error().toString().c_str());
}

QTEST_GUILESS_MAIN(TestVerifier)
#include "tst_verifier.moc"
