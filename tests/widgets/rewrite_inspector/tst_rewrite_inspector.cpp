// SPDX-License-Identifier: GPL-3.0-or-later
// The rewrite inspector on CNN fixtures: every TRANSPOSE of the converted graph and every permuted
// weight is in the rewrite list (and carries a badge), selecting a Conv in the imported graph
// highlights exactly the converted ops that come from its ONNX node (and back), the filter narrows
// the list, and choosing an event highlights the nodes it names.
#include "core/convert/convert.h"
#include "tests/support/runtime_runner.h"
#include "widgets/graph_view/graph_view.h"
#include "widgets/rewrite_inspector/rewrite_event_model.h"
#include "widgets/rewrite_inspector/rewrite_inspector.h"

#include <QComboBox>
#include <QFileInfo>
#include <QLineEdit>
#include <QSignalSpy>
#include <QtTest>

#include <algorithm>
#include <set>

using namespace lf;
using namespace lf::ui;
using passes::RewriteKind;

namespace {

bool contains(const std::vector<std::string>& names, const std::string& name)
{
    return std::ranges::find(names, name) != names.end();
}

/// Every row the (filtered) event model shows.
std::vector<passes::RewriteEvent> shownEvents(const RewriteEventModel& model)
{
    std::vector<passes::RewriteEvent> events;
    for (int row = 0; row < model.rowCount(); ++row)
        events.push_back(*model.event(row));
    return events;
}

/// With LF_SCREENSHOT_DIR set, saves a picture of `widget` there (run under xvfb-run with
/// QT_QPA_PLATFORM=xcb to look at the layout).
void saveSnapshot(QWidget& widget, QString name)
{
    const QString dir = qEnvironmentVariable("LF_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QTest::qWait(150);
    widget.grab().save(dir + QStringLiteral("/inspector_")
        + name.replace(QLatin1Char(' '), QLatin1Char('_')).remove(QLatin1Char('/'))
        + QStringLiteral(".png"));
}

} // namespace

class TestRewriteInspector final : public QObject
{
    Q_OBJECT

private slots:
    void inspectsCnn_data();
    void inspectsCnn();

private:
    std::unique_ptr<RewriteInspector> open(
        const QString& name, bool keepIoLayout, Conversion& conversion);
};

std::unique_ptr<RewriteInspector> TestRewriteInspector::open(
    const QString& name, bool keepIoLayout, Conversion& conversion)
{
    const QString path = test::binaryDir() + QStringLiteral("/tests/data/onnx/") + name;
    if (!QFileInfo::exists(path))
        return nullptr;
    NullTaskContext context;
    ConvertOptions options;
    options.pipeline.keepIoLayout = keepIoLayout;
    Result<Conversion> converted = convertModel(path.toStdString(), options, context);
    if (!converted)
        return nullptr;
    conversion = std::move(*converted);
    auto inspector
        = std::make_unique<RewriteInspector>(std::make_shared<const ir::Model>(conversion.imported),
            std::make_shared<const ir::Model>(conversion.converted), conversion.log);
    inspector->show();
    return inspector;
}

void TestRewriteInspector::inspectsCnn_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<bool>(
        "keepIoLayout"); ///< NCHW inputs and outputs keep transposes at the boundary
    QTest::newRow("mobilenet_v2") << QStringLiteral("mobilenet_v2.onnx") << false;
    QTest::newRow("mobilenet_v2 NCHW I/O") << QStringLiteral("mobilenet_v2.onnx") << true;
    QTest::newRow("unet_small") << QStringLiteral("unet_small.onnx") << false;
    QTest::newRow("unet_small NCHW I/O") << QStringLiteral("unet_small.onnx") << true;
}

void TestRewriteInspector::inspectsCnn()
{
    QFETCH(QString, model);
    QFETCH(bool, keepIoLayout);
    Conversion conversion;
    const auto inspector = open(model, keepIoLayout, conversion);
    QVERIFY2(inspector,
        qPrintable(model
            + QStringLiteral(" is missing or does not convert (run ctest -R onnx_fixtures)")));
    QTRY_VERIFY_WITH_TIMEOUT(inspector->isReady(), 60000);
    const ir::Graph& imported = conversion.imported.main();
    const ir::Graph& converted = conversion.converted.main();
    const std::vector<passes::RewriteEvent> events = shownEvents(*inspector->eventModel());
    QCOMPARE(events.size(), conversion.log.events().size());

    // Every TRANSPOSE left in the output is named by a listed event and has a badge.
    int transposes = 0;
    QStringList unlisted;
    for (std::size_t i = 0; i < converted.nodes.size(); ++i) {
        const ir::Node& node = converted.nodes[i];
        if (node.op != ir::OpKind::Transpose)
            continue;
        ++transposes;
        if (!std::ranges::any_of(
                events, [&](const auto& event) { return contains(event.nodes, node.name); }))
            unlisted.append(QString::fromStdString(node.name));
        QVERIFY(std::ranges::any_of(inspector->convertedBadges(), [&](const auto& badge) {
            return badge.first == static_cast<int>(i)
                && badge.second.startsWith(QStringLiteral("transpose"));
        }));
    }
    QVERIFY2(unlisted.isEmpty(),
        qPrintable(QStringLiteral("not in the list: ") + unlisted.join(QStringLiteral(", "))));
    qInfo("%d transposes in the output, %zu rewrite events", transposes, events.size());
    if (keepIoLayout)
        QVERIFY(transposes > 0);

    // Every ONNX Conv had its OIHW weights permuted: a listed event says so for each of them.
    std::set<std::string> convSources;
    for (const ir::Node& node : imported.nodes) {
        if (node.op == ir::OpKind::Conv2D || node.op == ir::OpKind::DepthwiseConv2D)
            convSources.insert(node.origin.begin(), node.origin.end());
    }
    QVERIFY(!convSources.empty());
    for (const std::string& source : convSources) {
        QVERIFY2(std::ranges::any_of(events,
                     [&](const auto& event) {
                         return event.kind == RewriteKind::WeightsPermuted
                             && contains(event.sources, source);
                     }),
            qPrintable(QStringLiteral("no weights_permuted event for '%1'")
                           .arg(QString::fromStdString(source))));
    }
    const auto badges = inspector->convertedBadges();
    for (std::size_t i = 0; i < converted.nodes.size(); ++i) {
        if (converted.nodes[i].op != ir::OpKind::Conv2D)
            continue;
        QVERIFY(std::ranges::any_of(badges, [&](const auto& badge) {
            return badge.first == static_cast<int>(i)
                && badge.second == QStringLiteral("weights permuted");
        }));
    }

    // Selecting an imported Conv (through the view, as a click does) highlights exactly the ops
    // made from its ONNX node on both sides.
    const auto conv = std::ranges::find_if(
        imported.nodes, [](const ir::Node& node) { return node.op == ir::OpKind::Conv2D; });
    const int convId = static_cast<int>(conv - imported.nodes.begin());
    QCOMPARE(conv->origin.size(), std::size_t { 1 });
    const std::string& onnxNode = conv->origin.front();
    std::vector<int> expectedConverted;
    for (std::size_t i = 0; i < converted.nodes.size(); ++i) {
        if (contains(converted.nodes[i].origin, onnxNode))
            expectedConverted.push_back(static_cast<int>(i));
    }
    std::vector<int> expectedImported;
    for (std::size_t i = 0; i < imported.nodes.size(); ++i) {
        if (contains(imported.nodes[i].origin, onnxNode))
            expectedImported.push_back(static_cast<int>(i));
    }
    inspector->sourceView()->selectNode(convId);
    QCOMPARE(inspector->highlightedConvertedNodes(), expectedConverted);
    QCOMPARE(inspector->highlightedSourceNodes(), expectedImported);
    QVERIFY(std::ranges::any_of(expectedConverted, [&](int id) {
        return converted.nodes[static_cast<std::size_t>(id)].op == ir::OpKind::Conv2D;
    }));

    // And back: the converted conv highlights the imported nodes of its source nodes.
    const int convertedConv = *std::ranges::find_if(expectedConverted, [&](int id) {
        return converted.nodes[static_cast<std::size_t>(id)].op == ir::OpKind::Conv2D;
    });
    inspector->selectConvertedNode(convertedConv);
    QCOMPARE(inspector->highlightedConvertedNodes(), std::vector<int> { convertedConv });
    const auto& sourceHighlight = inspector->highlightedSourceNodes();
    QVERIFY(std::ranges::find(sourceHighlight, convId) != sourceHighlight.end());
    inspector->selectSourceNode(convId);
    saveSnapshot(*inspector, QString::fromLatin1(QTest::currentDataTag()));

    // The filter narrows the list to the events naming that ONNX node; choosing one navigates.
    inspector->filterEdit()->setText(QString::fromStdString(onnxNode));
    const std::vector<passes::RewriteEvent> filtered = shownEvents(*inspector->eventModel());
    QVERIFY(!filtered.empty());
    QVERIFY(filtered.size() < events.size());
    inspector->kindCombo()->setCurrentIndex(
        inspector->kindCombo()->findData(static_cast<int>(RewriteKind::Lowered)));
    QCOMPARE(inspector->eventModel()->rowCount(), 1);
    inspector->navigateToEvent(0);
    QCOMPARE(inspector->highlightedSourceNodes(), expectedImported);
    QCOMPARE(inspector->highlightedConvertedNodes(), expectedConverted);
}

QTEST_MAIN(TestRewriteInspector)
#include "tst_rewrite_inspector.moc"
