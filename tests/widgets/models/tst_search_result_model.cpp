// SPDX-License-Identifier: GPL-3.0-or-later
// Tests SearchResultModel over a hand-built graph whose matches are known by construction: which
// rows a query finds, their kinds and the node each row shows, the row cap, and resets under
// QAbstractItemModelTester.
#include "widgets/models/search_result_model.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using lf::ui::SearchResultModel;

namespace {

/// image -> Conv2D "conv1" (conv1/weights) -> conv1_out -> Relu "act" -> output
std::shared_ptr<const lf::ir::Model> makeModel()
{
    lf::ir::Model model = lf::ir::makeModel("main");
    lf::ir::Graph& graph = model.main();
    lf::ir::Tensor weights{.name = "conv1/weights", .shape = {4, 3, 3, 1}};
    const std::vector<float> values(4 * 3 * 3, 1.0F);
    weights.data = lf::ir::ConstData::fromValues(std::span<const float>(values));
    const lf::ir::TensorId image = graph.addTensor({.name = "image", .shape = {1, 8, 8, 1}});
    const lf::ir::TensorId w = graph.addTensor(weights);
    const lf::ir::TensorId convOut = graph.addTensor({.name = "conv1_out", .shape = {1, 6, 6, 4}});
    const lf::ir::TensorId output = graph.addTensor({.name = "output", .shape = {1, 6, 6, 4}});
    graph.addNode({.op = lf::ir::OpKind::Conv2D, .name = "conv1", .inputs = {image, w, lf::ir::kNoTensor},
                   .outputs = {convOut}});
    graph.addNode({.op = lf::ir::OpKind::Relu, .name = "act", .inputs = {convOut}, .outputs = {output}});
    graph.inputs = {image};
    graph.outputs = {output};
    return std::make_shared<const lf::ir::Model>(std::move(model));
}

/// "kind name type -> node" for every row, to compare whole result lists at once.
QStringList rowTexts(const SearchResultModel& model)
{
    QStringList rows;
    for (int row = 0; row < model.rowCount(); ++row) {
        const auto cell = [&](int column) { return model.index(row, column).data().toString(); };
        rows.append(QStringLiteral("%1 %2 %3 -> %4")
                        .arg(cell(SearchResultModel::KindColumn), cell(SearchResultModel::NameColumn),
                             cell(SearchResultModel::TypeColumn),
                             model.index(row, 0).data(SearchResultModel::NodeIdRole).toString()));
    }
    return rows;
}

} // namespace

class TestSearchResultModel : public QObject {
    Q_OBJECT

private slots:
    void queries_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("empty") << QString() << QStringList{};
        QTest::newRow("blank") << QStringLiteral("  ") << QStringList{};
        QTest::newRow("none") << QStringLiteral("softmax") << QStringList{};
        QTest::newRow("node name, its tensors")
            << QStringLiteral("conv1")
            << QStringList{QStringLiteral("Node conv1 Conv2D -> 0"),
                           QStringLiteral("Constant conv1/weights f32[4,3,3,1] -> 0"),
                           QStringLiteral("Tensor conv1_out f32[1,6,6,4] -> 0")};
        QTest::newRow("op type, any case")
            << QStringLiteral("RELU") << QStringList{QStringLiteral("Node act Relu -> 1")};
        QTest::newRow("graph input shows its consumer")
            << QStringLiteral(" image ") << QStringList{QStringLiteral("Input image f32[1,8,8,1] -> 0")};
        QTest::newRow("graph output shows its producer")
            << QStringLiteral("outp") << QStringList{QStringLiteral("Output output f32[1,6,6,4] -> 1")};
        QTest::newRow("substring in several")
            << QStringLiteral("out")
            << QStringList{QStringLiteral("Tensor conv1_out f32[1,6,6,4] -> 0"),
                           QStringLiteral("Output output f32[1,6,6,4] -> 1")};
    }

    void queries()
    {
        QFETCH(QString, query);
        QFETCH(QStringList, expected);
        SearchResultModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setModel(makeModel());
        model.setQuery(query);
        QCOMPARE(rowTexts(model), expected);
        QCOMPARE(model.matchCount(), int(expected.size()));
        QCOMPARE(model.query(), query.trimmed());
    }

    void tensorRowsCarryTheirTensor()
    {
        SearchResultModel model;
        model.setModel(makeModel());
        model.setQuery(QStringLiteral("conv1"));
        QCOMPARE(model.index(0, 0).data(SearchResultModel::TensorIdRole).toInt(), -1);
        QCOMPARE(model.index(1, 0).data(SearchResultModel::TensorIdRole).toInt(), 1);
        QCOMPARE(model.index(2, 0).data(SearchResultModel::TensorIdRole).toInt(), 2);
        QCOMPARE(model.headerData(SearchResultModel::KindColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Kind"));
    }

    void newModelReRunsQuery()
    {
        SearchResultModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        model.setQuery(QStringLiteral("act"));
        QCOMPARE(model.rowCount(), 0); // no model yet
        model.setModel(makeModel());
        QCOMPARE(model.rowCount(), 1);
        model.setModel(nullptr);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(resets.count(), 3);
        model.setModel(makeModel(), 2); // no such graph
        QCOMPARE(model.rowCount(), 0);
    }

    void rowsAreCapped()
    {
        lf::ir::Model big = lf::ir::makeModel("main");
        lf::ir::Graph& graph = big.main();
        lf::ir::TensorId previous = graph.addTensor({.name = "x", .shape = {1}});
        graph.inputs = {previous};
        const int nodes = SearchResultModel::kMaxRows + 200;
        for (int i = 0; i < nodes; ++i) {
            const lf::ir::TensorId next = graph.addTensor({.name = "t" + std::to_string(i), .shape = {1}});
            graph.addNode({.op = lf::ir::OpKind::Relu, .name = "r" + std::to_string(i), .inputs = {previous},
                           .outputs = {next}});
            previous = next;
        }
        graph.outputs = {previous};
        SearchResultModel model;
        model.setModel(std::make_shared<const lf::ir::Model>(std::move(big)));
        model.setQuery(QStringLiteral("relu"));
        QCOMPARE(model.matchCount(), nodes);
        QCOMPARE(model.rowCount(), SearchResultModel::kMaxRows);
    }
};

QTEST_MAIN(TestSearchResultModel)
#include "tst_search_result_model.moc"
