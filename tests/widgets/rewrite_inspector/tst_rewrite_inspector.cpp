// SPDX-License-Identifier: GPL-3.0-or-later
// The rewrite inspector on CNN fixtures: every TRANSPOSE of the converted graph and every permuted
// weight is in the rewrite list (and carries a badge), selecting a Conv in the imported graph
// highlights exactly the converted ops that come from its ONNX node (and back), the filter narrows
// the list, and choosing an event highlights the nodes it names. Layout overrides: keeping the
// U-Net's input NCHW (context-menu action) and marking a tensor as not an image (panel button),
// then "Re-run conversion", gives an NCHW input, user_override events in the list and override
// badges; the re-run model still computes what the imported one does (interpreter, 1e-4). A name
// the model lacks makes the re-run fail with a message naming it.
#include "core/convert/convert.h"
#include "tests/support/model_runner.h"
#include "tests/support/runtime_runner.h"
#include "widgets/graph_view/graph_elements.h"
#include "widgets/graph_view/graph_scene.h"
#include "widgets/graph_view/graph_view.h"
#include "widgets/graph_view/node_item.h"
#include "widgets/rewrite_inspector/layout_override_panel.h"
#include "widgets/rewrite_inspector/rewrite_event_model.h"
#include "widgets/rewrite_inspector/rewrite_inspector.h"

#include <QApplication>
#include <QComboBox>
#include <QContextMenuEvent>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QTimer>
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
    void overridesRerunTheConversion();
    void rerunReportsBadNames();

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

namespace {

std::vector<std::int64_t> inputShape(const ir::Model& model)
{
    return model.main().tensors[static_cast<std::size_t>(model.main().inputs[0])].shape.extents();
}

/// Right-clicks the first input box of the imported graph; returns the texts of the menu that
/// opens after triggering the action named `choice` in it.
QStringList rightClickInputBox(RewriteInspector& inspector, const QString& choice)
{
    GraphScene* scene = inspector.sourceView()->graphScene();
    NodeItem* box = scene->nodeItems()[static_cast<std::size_t>(scene->opItemCount())];
    inspector.sourceView()->centerOn(box);
    const QPoint position = inspector.sourceView()->mapFromScene(box->sceneBoundingRect().center());
    QStringList texts;
    QTimer::singleShot(100, [&texts, &choice] {
        auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
        if (!menu)
            return;
        for (QAction* action : menu->actions()) {
            texts << action->text();
            if (action->text() == choice)
                action->trigger();
        }
        menu->close();
    });
    QContextMenuEvent event(QContextMenuEvent::Mouse, position,
        inspector.sourceView()->viewport()->mapToGlobal(position));
    QApplication::sendEvent(inspector.sourceView()->viewport(), &event);
    return texts;
}

bool hasBadge(const std::vector<std::pair<int, QString>>& badges, const QString& text)
{
    return std::ranges::any_of(badges, [&](const auto& badge) { return badge.second == text; });
}

} // namespace

void TestRewriteInspector::overridesRerunTheConversion()
{
    Conversion conversion;
    const auto inspector = open(QStringLiteral("unet_small.onnx"), false, conversion);
    QVERIFY2(inspector, "unet_small.onnx is missing (run ctest -R onnx_fixtures)");
    QTRY_VERIFY_WITH_TIMEOUT(inspector->isReady(), 60000);
    QCOMPARE(
        inputShape(*inspector->convertedModel()), (std::vector<std::int64_t> { 1, 64, 64, 3 }));
    LayoutOverridePanel* panel = inspector->overridePanel();
    QVERIFY(panel->rerunButton()->isEnabled()); // the ONNX file the model was imported from

    // A right click on the input box opens a menu with both overrides; keep it NCHW.
    const ir::Graph& imported = inspector->importedModel()->main();
    const QStringList offered = rightClickInputBox(*inspector, QStringLiteral("Keep 'input' NCHW"));
    QCOMPARE(offered,
        (QStringList {
            QStringLiteral("Keep 'input' NCHW"), QStringLiteral("Treat 'input' as non-image") }));
    QCOMPARE(panel->overrides().keepLayout, (std::set<std::string, std::less<>> { "input" }));

    // Selecting the first ReLU offers its output; mark it, then remove and mark it again.
    const std::string relu = "/enc1/enc1.2/Relu_output_0";
    const ir::TensorId reluTensor = imported.findTensor(relu);
    const std::vector<ir::NodeId> producers = imported.producers();
    inspector->selectSourceNode(producers[static_cast<std::size_t>(reluTensor)]);
    QCOMPARE(panel->tensorCombo()->count(), 1);
    QVERIFY(panel->tensorCombo()->currentText().startsWith(QString::fromStdString(relu)));
    QVERIFY(!panel->keepButton()->isEnabled()); // not a graph input or output
    panel->nonImageButton()->click();
    QCOMPARE(panel->overrideList()->count(), 2);
    panel->overrideList()->setCurrentRow(1);
    panel->removeButton()->click();
    QCOMPARE(panel->overrideList()->count(), 1);
    panel->nonImageButton()->click();
    QCOMPARE(panel->overrideList()->item(0)->text(), QStringLiteral("Keep NCHW: input"));
    QCOMPARE(panel->overrideList()->item(1)->text(),
        QStringLiteral("Not an image: ") + QString::fromStdString(relu));

    QSignalSpy finished(inspector.get(), &RewriteInspector::conversionFinished);
    QSignalSpy ready(inspector.get(), &RewriteInspector::ready);
    panel->rerunButton()->click();
    QVERIFY2(inspector->isConverting(), qPrintable(panel->statusLabel()->text()));
    QVERIFY(!panel->rerunButton()->isEnabled());
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.front().front().toBool(), true);
    QTRY_VERIFY_WITH_TIMEOUT(ready.count() == 1, 60000);
    QVERIFY(panel->rerunButton()->isEnabled());

    const ir::Model& rerun = *inspector->convertedModel();
    QCOMPARE(inputShape(rerun), (std::vector<std::int64_t> { 1, 3, 64, 64 }));
    QCOMPARE(rerun.main()
                 .tensors[static_cast<std::size_t>(rerun.main().findTensor(relu))]
                 .shape.extents(),
        (std::vector<std::int64_t> { 1, 8, 64, 64 }));
    QVERIFY2(panel->statusLabel()->text().contains(QStringLiteral("inputs 'input' [1,3,64,64]")),
        qPrintable(panel->statusLabel()->text()));
    inspector->kindCombo()->setCurrentIndex(
        inspector->kindCombo()->findData(static_cast<int>(RewriteKind::UserOverride)));
    const std::vector<passes::RewriteEvent> overrides = shownEvents(*inspector->eventModel());
    QVERIFY(overrides.size() >= 2);
    QCOMPARE(overrides.front().detail,
        std::string("input 'input' [1,3,64,64] kept channels-first instead of channels-last (user "
                    "override: keep layout)"));
    for (const passes::RewriteEvent& event : overrides)
        QVERIFY2(event.detail.find("user override") != std::string::npos, event.detail.c_str());
    QVERIFY(hasBadge(inspector->sourceBadges(), QStringLiteral("kept NCHW")));
    QVERIFY(hasBadge(inspector->sourceBadges(), QStringLiteral("non-image")));
    QVERIFY(hasBadge(inspector->convertedBadges(), QStringLiteral("user override")));
    saveSnapshot(*inspector, QStringLiteral("layout overrides"));

    // The re-run model computes what the imported one does.
    const std::vector<NpyArray> inputs { test::randomNpyArray(
        ir::DType::Float32, inputShape(rerun)) };
    const auto expected = test::runInterpreter(*inspector->importedModel(), inputs);
    const auto actual = test::runInterpreter(rerun, inputs);
    QVERIFY(expected && actual);
    const NpyArray nchw = test::permuteArray(actual->front(), { 0, 3, 1, 2 });
    const test::ArrayComparison comparison
        = test::compareArrays(nchw, expected->front(), 1e-4, 1e-5);
    QVERIFY2(comparison.ok, qPrintable(comparison.message));
}

void TestRewriteInspector::rerunReportsBadNames()
{
    Conversion conversion;
    const auto inspector = open(QStringLiteral("unet_small.onnx"), false, conversion);
    QVERIFY2(inspector, "unet_small.onnx is missing (run ctest -R onnx_fixtures)");
    QTRY_VERIFY_WITH_TIMEOUT(inspector->isReady(), 60000);
    const auto before = inspector->convertedModel();
    inspector->overridePanel()->treatAsNonImage("no_such_tensor");
    QSignalSpy finished(inspector.get(), &RewriteInspector::conversionFinished);
    inspector->rerunConversion();
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.front().front().toBool(), false);
    QVERIFY2(inspector->overridePanel()->statusLabel()->text().contains(
                 QStringLiteral("'no_such_tensor', which is no tensor of the model")),
        qPrintable(inspector->overridePanel()->statusLabel()->text()));
    QCOMPARE(inspector->convertedModel(), before);
    QVERIFY(inspector->overridePanel()->rerunButton()->isEnabled());
}

QTEST_MAIN(TestRewriteInspector)
#include "tst_rewrite_inspector.moc"
