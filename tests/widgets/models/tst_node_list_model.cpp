// SPDX-License-Identifier: GPL-3.0-or-later
// Tests NodeListModel: cell texts and tooltips over a hand-built graph, resets under
// QAbstractItemModelTester, and the row count over a real corpus model.
#include "widgets/models/node_list_model.h"

#include "core/importers/load_model.h"
#include "tests/support/runtime_runner.h"

#include <QAbstractItemModelTester>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTest>

using lf::ui::NodeListModel;

namespace {

/// x:f32[1,28,28,1] -> Conv2D(w, b) -> y:f32[1,26,26,8]
std::shared_ptr<const lf::ir::Model> makeConvModel()
{
    lf::ir::Model model = lf::ir::makeModel("main");
    lf::ir::Graph& graph = model.main();
    lf::ir::Tensor input{.name = "x", .shape = {1, 28, 28, 1}};
    lf::ir::Tensor weights{.name = "w", .shape = {8, 3, 3, 1}};
    const std::vector<float> weightValues(8 * 3 * 3, 0.5F);
    weights.data = lf::ir::ConstData::fromValues(std::span<const float>(weightValues));
    lf::ir::Tensor output{.name = "y", .dtype = lf::ir::DType::Int8, .shape = {1, 26, 26, 8}};
    output.quant.scales = {0.25F};
    output.quant.zeroPoints = {-128};
    const lf::ir::TensorId x = graph.addTensor(input);
    const lf::ir::TensorId w = graph.addTensor(weights);
    const lf::ir::TensorId y = graph.addTensor(output);
    lf::ir::Node conv{.op = lf::ir::OpKind::Conv2D,
                      .name = "conv1",
                      .inputs = {x, w, lf::ir::kNoTensor},
                      .outputs = {y}};
    conv.attributes.set("stride_h", std::int64_t{1});
    conv.attributes.set("padding", std::string("VALID"));
    graph.addNode(conv);
    graph.inputs = {x};
    graph.outputs = {y};
    return std::make_shared<const lf::ir::Model>(std::move(model));
}

} // namespace

class TestNodeListModel : public QObject {
    Q_OBJECT

private slots:
    void emptyModel()
    {
        NodeListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.columnCount(), int(NodeListModel::ColumnCount));
        model.setModel(nullptr);
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(model.graph() == nullptr);
    }

    void cellTexts()
    {
        NodeListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        model.setModel(makeConvModel());
        QCOMPARE(resets.count(), 1);
        QCOMPARE(model.rowCount(), 1);

        const auto text = [&model](int column) { return model.index(0, column).data().toString(); };
        QCOMPARE(text(NodeListModel::IndexColumn), QStringLiteral("0"));
        QCOMPARE(text(NodeListModel::TypeColumn), QStringLiteral("Conv2D"));
        QCOMPARE(text(NodeListModel::NameColumn), QStringLiteral("conv1"));
        QCOMPARE(text(NodeListModel::InputsColumn),
                 QStringLiteral("f32[1,28,28,1], f32[8,3,3,1], -"));
        QCOMPARE(text(NodeListModel::OutputsColumn), QStringLiteral("i8[1,26,26,8]"));
        QCOMPARE(model.index(0, 0).data(NodeListModel::NodeIdRole).toInt(), 0);
        QCOMPARE(model.headerData(NodeListModel::TypeColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Type"));

        const QString tip
            = model.index(0, NodeListModel::NameColumn).data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(QStringLiteral("padding = \"VALID\"")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("stride_h = 1")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("w: f32[8,3,3,1] (constant)")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("y: i8[1,26,26,8] scale=0.25 zp=-128")),
                 qPrintable(tip));
    }

    void outOfRangeGraphShowsNothing()
    {
        NodeListModel model;
        model.setModel(makeConvModel(), 3);
        QCOMPARE(model.rowCount(), 0);
    }

    void corpusModelRowCount()
    {
        const QString path = QStringLiteral(
            LF_SHARED_DIR "/corpus/tflite/vww_mobilenet_96_mlperf/vww_96_int8.tflite");
        if (!QFileInfo::exists(path))
            QSKIP("shared corpus not available");
        lf::NullTaskContext context;
        auto loaded = lf::loadModel(QFileInfo(path).filesystemFilePath(), context);
        QVERIFY2(loaded.has_value(), loaded ? "" : loaded.error().toString().c_str());
        auto shared = std::make_shared<const lf::ir::Model>(std::move(*loaded));

        NodeListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setModel(shared);
        QCOMPARE(model.rowCount(), int(shared->main().nodes.size()));
        QVERIFY(model.rowCount() > 10);
        for (int row = 0; row < model.rowCount(); ++row) {
            QVERIFY(!model.index(row, NodeListModel::TypeColumn).data().toString().isEmpty());
            QVERIFY(!model.index(row, NodeListModel::OutputsColumn).data().toString().isEmpty());
        }
        model.setModel(nullptr);
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(TestNodeListModel)
#include "tst_node_list_model.moc"
