// SPDX-License-Identifier: GPL-3.0-or-later
// Tests MainWindow on the offscreen platform: background loading into the node table, drag and
// drop, failed loads that keep the previous model, stale results, recent files and translations;
// a tab per model with the docks following the current tab, the Search and Log docks, File-menu
// graph export and the window layout kept in QSettings.
#include "app/gui/main_window.h"

#include "app/gui/diagnostics_panel.h"
#include "app/gui/model_page.h"
#include "app/gui/search_panel.h"
#include "app/gui/start_page.h"
#include "widgets/graph_view/graph_scene.h"
#include "widgets/graph_view/graph_view.h"
#include "widgets/graph_view/node_item.h"
#include "widgets/models/diagnostics_model.h"
#include "widgets/models/search_result_model.h"
#include "widgets/quantization/quantization_panel.h"
#include "widgets/inspector/node_inspector.h"
#include "widgets/wizards/conversion_wizard.h"
#include "widgets/wizards/pages/source_page.h"

#include "core/importers/load_model.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QDockWidget>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTabWidget>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QUrl>

using lf::ui::MainWindow;

namespace {

constexpr int kLoadTimeoutMs = 30000;

QString corpusFile(const char* relative)
{
    return QFileInfo(QStringLiteral(LF_SHARED_DIR "/corpus/") + QString::fromUtf8(relative)).absoluteFilePath();
}

QString vwwPath()
{
    return corpusFile("tflite/vww_mobilenet_96_mlperf/vww_96_int8.tflite");
}
QString helloPath()
{
    return corpusFile("tflite/hello_world_sine/hello_world_float.tflite");
}
QString mnistOnnxPath()
{
    return corpusFile("onnx/mnist8_cntk/model.onnx");
}
QString personDetectPath()
{
    return corpusFile("tflite/person_detect_int8/person_detect.tflite");
}

/// Keeps what an importer reports, to count the warnings independently of the window.
class CollectingContext final : public lf::TaskContext {
public:
    bool isCancelled() const override { return false; }
    void setProgress(int, int, std::string_view) override {}
    void report(lf::Diagnostic diagnostic) override { diagnostics.push_back(std::move(diagnostic)); }
    std::vector<lf::Diagnostic> diagnostics;
};

int expectedNodeCount(const QString& path)
{
    lf::NullTaskContext context;
    auto model = lf::loadModel(QFileInfo(path).filesystemFilePath(), context);
    return model ? int(model->main().nodes.size()) : -1;
}

/// Opens `path` and waits until its graph is laid out.
bool openAndLayOut(MainWindow& window, const QString& path)
{
    QSignalSpy loaded(&window, &MainWindow::modelLoaded);
    if (!window.openModel(path) || !QTest::qWaitFor([&] { return loaded.count() == 1; }, kLoadTimeoutMs))
        return false;
    const auto* scene = window.graphView()->graphScene();
    return QTest::qWaitFor([scene] { return !scene->isLayoutRunning() && !scene->nodeItems().empty(); },
                           kLoadTimeoutMs);
}

/// Closes the non-blocking error boxes a failed load leaves open.
int closeMessageBoxes()
{
    int closed = 0;
    for (QWidget* widget : QApplication::topLevelWidgets()) {
        if (auto* box = qobject_cast<QMessageBox*>(widget); box && box->isVisible()) {
            box->close();
            ++closed;
        }
    }
    return closed;
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid());
        QCoreApplication::setOrganizationName(QStringLiteral("LiteForgeTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_main_window"));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        if (!QFileInfo::exists(vwwPath()) || !QFileInfo::exists(helloPath())
            || !QFileInfo::exists(mnistOnnxPath()) || !QFileInfo::exists(personDetectPath()))
            QSKIP("shared corpus not available");
    }

    void init() { QSettings().clear(); }
    void cleanup() { closeMessageBoxes(); }

    void startsOnStartPage()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.isStartPageShown());
        QVERIFY(!window.currentModel());
        QVERIFY(window.recentFiles().isEmpty());
        QVERIFY(window.acceptDrops());
    }

    void sampleModelIsFound()
    {
        const QStringList samples = MainWindow::sampleModels();
        QVERIFY(!samples.isEmpty());
        QVERIFY(samples.first().endsWith(QStringLiteral("hello_world_float.tflite")));
    }

    void sampleOnStartPageOpens()
    {
        MainWindow window;
        window.show();
        auto* startPage = window.findChild<lf::ui::StartPage*>();
        QVERIFY(startPage);
        QLabel* samples = nullptr;
        for (QLabel* label : startPage->findChildren<QLabel*>()) {
            if (label->text().contains(QStringLiteral("hello_world_float.tflite")))
                samples = label;
        }
        QVERIFY(samples);
        QSignalSpy loaded(&window, &MainWindow::modelLoaded);
        const QString sample = MainWindow::sampleModels().first();
        emit samples->linkActivated(
            QUrl::fromLocalFile(sample).toString()); // what a click on the link sends
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kLoadTimeoutMs);
        QCOMPARE(window.currentPath(), sample);
        QCOMPARE(window.recentFiles(), QStringList{sample});
    }

    void openShowsAllNodes()
    {
        const int expected = expectedNodeCount(vwwPath());
        QVERIFY(expected > 0);

        MainWindow window;
        window.show();
        QSignalSpy loaded(&window, &MainWindow::modelLoaded);
        QSignalSpy failed(&window, &MainWindow::modelLoadFailed);
        QVERIFY(window.openModel(vwwPath()));
        QVERIFY(window.isLoading());
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kLoadTimeoutMs);
        QCOMPARE(failed.count(), 0);
        QCOMPARE(loaded.first().first().toString(), QFileInfo(vwwPath()).absoluteFilePath());
        QVERIFY(!window.isLoading());
        QVERIFY(!window.isStartPageShown());
        QVERIFY(window.currentModel());
        QCOMPARE(int(window.currentModel()->main().nodes.size()), expected);
        QCOMPARE(window.nodeTable()->model()->rowCount(), expected);
        QVERIFY(window.windowTitle().contains(QStringLiteral("vww_96_int8.tflite")));
    }

    void dropOpensFile()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy loaded(&window, &MainWindow::modelLoaded);

        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(helloPath())});
        const QPoint pos = window.rect().center();
        QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(pos), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &drop);
        QVERIFY(drop.isAccepted());

        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kLoadTimeoutMs);
        QCOMPARE(window.currentPath(), QFileInfo(helloPath()).absoluteFilePath());
        QCOMPARE(window.nodeTable()->model()->rowCount(), expectedNodeCount(helloPath()));
    }

    void droppedPyTorchFileOpensWizard()
    {
        MainWindow window;
        window.show();
        QTemporaryDir dir;
        const QString model = dir.filePath(QStringLiteral("net.pt"));
        QFile file(model);
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write("not read here") > 0);
        file.close();
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(model)});
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QPoint pos = window.rect().center();
        QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(pos), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &drop);
        QVERIFY(drop.isAccepted());
        const auto wizards = window.findChildren<lf::ui::ConversionWizard*>();
        QCOMPARE(wizards.size(), 1);
        QCOMPARE(wizards.front()->sourcePage()->pathEdit()->text(), model);
        QVERIFY(window.isStartPageShown()); // a PyTorch file is not opened as a model
        wizards.front()->close();
    }

    void wizardHandsFloatResultToQuantizationPanel()
    {
        MainWindow window;
        window.show();
        lf::ui::ConversionWizard* wizard = window.showConversionWizard();
        QVERIFY(wizard->isVisible());
        QSignalSpy loaded(&window, &MainWindow::modelLoaded);
        emit wizard->quantizationRequested(helloPath());
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kLoadTimeoutMs);
        QCOMPARE(window.currentPath(), QFileInfo(helloPath()).absoluteFilePath());
        QTRY_VERIFY(window.quantizationDock()->isVisible());
        wizard->close();
    }

    void dropOfNonFileIsRejected()
    {
        MainWindow window;
        QMimeData mime;
        mime.setText(QStringLiteral("not a file"));
        QDragEnterEvent enter(QPoint(1, 1), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &enter);
        QVERIFY(!enter.isAccepted());
    }

    void dropPicksDarknetCfg()
    {
        QCOMPARE(MainWindow::modelPathsFromDrop(
                     {QStringLiteral("/m/yolo.weights"), QStringLiteral("/m/yolo.cfg")}),
                 QStringList{QStringLiteral("/m/yolo.cfg")});
        QCOMPARE(MainWindow::modelPathsFromDrop(
                     {QStringLiteral("/m/a.onnx"), QStringLiteral("/m/b.tflite")}),
                 (QStringList{QStringLiteral("/m/a.onnx"), QStringLiteral("/m/b.tflite")}));
        QCOMPARE(MainWindow::modelPathsFromDrop({QStringLiteral("/m/saved_model_dir")}),
                 QStringList{QStringLiteral("/m/saved_model_dir")});
        QVERIFY(MainWindow::modelPathsFromDrop({}).isEmpty());
    }

    void dropOfSeveralFilesOpensEachInATab()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy loaded(&window, &MainWindow::modelLoaded);
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(helloPath()), QUrl::fromLocalFile(mnistOnnxPath()),
                      QUrl::fromLocalFile(vwwPath())});
        const QPoint pos = window.rect().center();
        QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(pos), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &drop);
        QVERIFY(drop.isAccepted());
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 3, kLoadTimeoutMs);
        QCOMPARE(window.modelCount(), 3);
        QCOMPARE(window.currentPath(), vwwPath());
        for (const QString& path : {helloPath(), mnistOnnxPath(), vwwPath()}) {
            window.tabWidget()->setCurrentIndex(window.tabOf(path));
            QCOMPARE(window.nodeTable()->model()->rowCount(), expectedNodeCount(path));
        }
    }

    void truncatedFileKeepsPreviousModel()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile source(vwwPath());
        QVERIFY(source.open(QIODevice::ReadOnly));
        const QString truncatedPath = dir.filePath(QStringLiteral("truncated.tflite"));
        QFile truncated(truncatedPath);
        QVERIFY(truncated.open(QIODevice::WriteOnly));
        QCOMPARE(truncated.write(source.read(50)), qint64(50));
        truncated.close();

        MainWindow window;
        window.show();
        QSignalSpy loaded(&window, &MainWindow::modelLoaded);
        QSignalSpy failed(&window, &MainWindow::modelLoadFailed);
        QVERIFY(window.openModel(helloPath()));
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kLoadTimeoutMs);
        const auto previous = window.currentModel();
        const int previousRows = window.nodeTable()->model()->rowCount();

        QVERIFY(window.openModel(truncatedPath));
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kLoadTimeoutMs);
        QCOMPARE(loaded.count(), 1);
        QCOMPARE(failed.first().at(0).toString(), truncatedPath);
        QVERIFY(!failed.first().at(1).toString().isEmpty());
        QCOMPARE(window.currentModel(), previous);
        QCOMPARE(window.currentPath(), QFileInfo(helloPath()).absoluteFilePath());
        QCOMPARE(window.nodeTable()->model()->rowCount(), previousRows);
        QVERIFY(!window.isStartPageShown());
        QVERIFY(!window.isLoading());
        QVERIFY(!window.recentFiles().contains(truncatedPath));
        QCOMPARE(closeMessageBoxes(), 1); // the error is shown, without blocking
    }

    void missingFileFailsAtOnce()
    {
        MainWindow window;
        QSignalSpy failed(&window, &MainWindow::modelLoadFailed);
        QVERIFY(!window.openModel(QStringLiteral("/nonexistent/model.tflite")));
        QCOMPARE(failed.count(), 1);
        QVERIFY(window.isStartPageShown());
    }

    void newerRequestWins()
    {
        MainWindow window;
        QSignalSpy loaded(&window, &MainWindow::modelLoaded);
        QVERIFY(window.openModel(vwwPath()));
        QVERIFY(
            window.openModel(helloPath())); // before the event loop can deliver the first result
        QCOMPARE(loaded.count(),
                 0); // delivery is always asynchronous, even for a load that already ended
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kLoadTimeoutMs);
        QTest::qWait(200); // the first load's outcome, if any, must be dropped
        QCOMPARE(loaded.count(), 1);
        QCOMPARE(loaded.first().first().toString(), QFileInfo(helloPath()).absoluteFilePath());
        QCOMPARE(window.currentPath(), QFileInfo(helloPath()).absoluteFilePath());
    }

    void recentFilesNewestFirstAndCapped()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QStringList copies;
        for (int i = 0; i < MainWindow::kMaxRecentFiles + 2; ++i) {
            copies.append(dir.filePath(QStringLiteral("model_%1.tflite").arg(i)));
            QVERIFY(QFile::copy(helloPath(), copies.last()));
        }

        MainWindow window;
        QSignalSpy loaded(&window, &MainWindow::modelLoaded);
        for (const QString& path : copies) {
            const auto before = loaded.count();
            QVERIFY(window.openModel(path));
            QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), before + 1, kLoadTimeoutMs);
            QCOMPARE(window.recentFiles().value(0), path);
        }
        QStringList recent = window.recentFiles();
        QCOMPARE(recent.size(), MainWindow::kMaxRecentFiles);
        QCOMPARE(recent.first(), copies.last());
        QVERIFY(!recent.contains(copies.first()));

        // Opening an entry again moves it to the front without duplicating it.
        const QString again = copies.at(5);
        QVERIFY(window.openModel(again));
        QTRY_COMPARE_WITH_TIMEOUT(window.recentFiles().value(0), again, kLoadTimeoutMs);
        QCOMPARE(window.recentFiles().count(again), 1);

        // Files that disappear are pruned; the list survives a new window (QSettings).
        QVERIFY(QFile::remove(copies.last()));
        MainWindow other;
        recent = other.recentFiles();
        QCOMPARE(recent.size(), MainWindow::kMaxRecentFiles - 1);
        QVERIFY(!recent.contains(copies.last()));
        QCOMPARE(recent.first(), again);

        other.clearRecentFiles();
        QVERIFY(other.recentFiles().isEmpty());
    }

    void graphTabPresentAfterLoad()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(!window.inspectorDock()->isVisible()); // no model yet
        QSignalSpy loaded(&window, &MainWindow::modelLoaded);
        QSignalSpy laidOut(window.graphView()->graphScene(), &lf::ui::GraphScene::layoutFinished);
        QVERIFY(window.openModel(vwwPath()));
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kLoadTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(laidOut.count(), 1, kLoadTimeoutMs);

        QTabWidget* tabs = window.currentPage()->viewTabs();
        QCOMPARE(tabs->tabText(0), QStringLiteral("Graph"));
        QCOMPARE(tabs->widget(0), window.graphView());
        QCOMPARE(tabs->tabText(1), QStringLiteral("Nodes"));
        QCOMPARE(tabs->currentIndex(), 0);
        QVERIFY(window.inspectorDock()->isVisible());
        QCOMPARE(window.graphView()->graphScene()->opItemCount(),
                 int(window.currentModel()->main().nodes.size()));
    }

    void graphAndTableSelectionFollowEachOther()
    {
        MainWindow window;
        window.show();
        QSignalSpy laidOut(window.graphView()->graphScene(), &lf::ui::GraphScene::layoutFinished);
        QVERIFY(window.openModel(vwwPath()));
        QTRY_COMPARE_WITH_TIMEOUT(laidOut.count(), 1, kLoadTimeoutMs);

        // Graph -> table and inspector.
        window.graphView()->selectNode(3);
        QCOMPARE(window.nodeInspector()->node(), 3);
        QCOMPARE(window.nodeTable()->selectionModel()->currentIndex().row(), 3);

        // Table -> graph and inspector.
        QTableView* table = window.nodeTable();
        table->selectionModel()->setCurrentIndex(table->model()->index(7, 0),
                                                 QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QCOMPARE(window.graphView()->graphScene()->selectedItem(), 7);
        QCOMPARE(window.nodeInspector()->node(), 7);
    }

    void twoModelsInTabs()
    {
        const int vwwNodes = expectedNodeCount(vwwPath());
        const int onnxNodes = expectedNodeCount(mnistOnnxPath());
        QVERIFY(vwwNodes > 0 && onnxNodes > 0 && vwwNodes != onnxNodes);
        MainWindow window;
        window.show();
        QVERIFY(openAndLayOut(window, vwwPath()));
        window.graphView()->selectNode(3);
        QVERIFY(openAndLayOut(window, mnistOnnxPath()));

        QTabWidget* tabs = window.tabWidget();
        QCOMPARE(window.modelCount(), 2);
        QCOMPARE(tabs->count(), 3); // Start + two models
        const int vwwTab = window.tabOf(vwwPath());
        const int onnxTab = window.tabOf(mnistOnnxPath());
        QCOMPARE(tabs->tabText(vwwTab), QStringLiteral("vww_96_int8.tflite"));
        QCOMPARE(tabs->tabText(onnxTab), QStringLiteral("model.onnx"));
        QCOMPARE(tabs->tabToolTip(onnxTab), QDir::toNativeSeparators(mnistOnnxPath()));
        QCOMPARE(tabs->currentIndex(), onnxTab);
        QCOMPARE(window.graphView()->graphScene()->opItemCount(), onnxNodes);
        QCOMPARE(window.nodeTable()->model()->rowCount(), onnxNodes);
        QCOMPARE(window.searchPanel()->resultModel()->rowCount(), 0);

        // The docks follow the current tab; each tab keeps its own selection.
        window.graphView()->selectNode(1);
        const auto nodeName = [&window](int node) {
            return QString::fromStdString(window.currentModel()->main().nodes[std::size_t(node)].name);
        };
        QCOMPARE(window.nodeInspector()->node(), 1);
        QVERIFY(window.nodeInspector()->titleText().contains(nodeName(1)));
        tabs->setCurrentIndex(vwwTab);
        QCOMPARE(window.currentPath(), vwwPath());
        QCOMPARE(int(window.currentModel()->main().nodes.size()), vwwNodes);
        QCOMPARE(window.graphView()->graphScene()->opItemCount(), vwwNodes);
        QCOMPARE(window.nodeTable()->model()->rowCount(), vwwNodes);
        QCOMPARE(window.nodeInspector()->node(), 3);
        QVERIFY(window.nodeInspector()->titleText().contains(nodeName(3)));
        QVERIFY(window.windowTitle().contains(QStringLiteral("vww_96_int8.tflite")));
        window.graphView()->selectNode(5); // only the current tab talks to the inspector
        QCOMPARE(window.nodeInspector()->node(), 5);
        tabs->setCurrentIndex(onnxTab);
        QCOMPARE(window.nodeInspector()->node(), 1);

        // Opening an open file shows its tab, without a new tab.
        QSignalSpy loaded(&window, &MainWindow::modelLoaded);
        QVERIFY(window.openModel(vwwPath()));
        QTRY_COMPARE(loaded.count(), 1);
        QCOMPARE(window.modelCount(), 2);
        QCOMPARE(tabs->currentIndex(), vwwTab);

        // Closing tabs: the docks move to the remaining model, then to nothing.
        QVERIFY(!window.closeModelTab(tabs->indexOf(window.findChild<lf::ui::StartPage*>())));
        QVERIFY(window.closeModelTab(window.tabOf(vwwPath())));
        QCOMPARE(window.modelCount(), 1);
        QCOMPARE(window.currentPath(), mnistOnnxPath());
        QCOMPARE(window.graphView()->graphScene()->opItemCount(), onnxNodes);
        window.showStartPage();
        QVERIFY(window.isStartPageShown());
        QCOMPARE(window.currentPath(), mnistOnnxPath()); // the docks keep the last model
        QVERIFY(window.closeModelTab(window.tabOf(mnistOnnxPath())));
        QCOMPARE(window.modelCount(), 0);
        QVERIFY(window.isStartPageShown());
        QVERIFY(!window.currentModel());
        QVERIFY(!window.inspectorDock()->isVisible());
        QVERIFY(!window.exportPngAction()->isEnabled());
    }

    void searchDockSelectsAndCentresNode()
    {
        MainWindow window;
        window.resize(1200, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(openAndLayOut(window, vwwPath()));
        QVERIFY(window.searchDock()->isVisible());
        const lf::ir::Graph& graph = window.currentModel()->main();
        const int target = int(graph.nodes.size()) / 2;
        const QString name = QString::fromStdString(graph.nodes[std::size_t(target)].name);
        QVERIFY(!name.isEmpty());
        window.graphView()->setTransform(QTransform::fromScale(2, 2)); // the graph no longer fits

        window.showSearch();
        window.searchPanel()->queryEdit()->setText(name);
        auto* results = window.searchPanel()->resultModel();
        QVERIFY(results->rowCount() >= 1);
        QCOMPARE(results->index(0, 0).data(lf::ui::SearchResultModel::NodeIdRole).toInt(), target);
        QTableView* view = window.searchPanel()->resultView();
        view->selectionModel()->setCurrentIndex(results->index(0, 0), QItemSelectionModel::ClearAndSelect
                                                                           | QItemSelectionModel::Rows);
        lf::ui::GraphView* graphView = window.graphView();
        QCOMPARE(graphView->graphScene()->selectedItem(), target);
        QCOMPARE(window.nodeInspector()->node(), target);
        QCOMPARE(window.nodeTable()->selectionModel()->currentIndex().row(), target);
        const QPointF itemCentre
            = graphView->graphScene()->nodeItems()[std::size_t(target)]->sceneBoundingRect().center();
        const QPointF viewCentre = graphView->mapToScene(graphView->viewport()->rect().center());
        // Centred along the graph's flow (across it, a narrow graph may reach the scroll limit).
        QVERIFY(graphView->mapToScene(graphView->viewport()->rect()).boundingRect().contains(itemCentre));
        QVERIFY2(std::abs(itemCentre.y() - viewCentre.y()) < 3.0,
                 qPrintable(QStringLiteral("item at %1,%2, view centre at %3,%4")
                                .arg(itemCentre.x()).arg(itemCentre.y()).arg(viewCentre.x()).arg(viewCentre.y())));
    }

    void logDockShowsReaderWarnings()
    {
        CollectingContext context;
        QVERIFY(lf::loadModel(QFileInfo(personDetectPath()).filesystemFilePath(), context).has_value());
        const int expected = int(context.diagnostics.size());
        QVERIFY(expected > 0);

        MainWindow window;
        window.show();
        auto* log = window.diagnosticsPanel()->model();
        QCOMPARE(log->rowCount(), 0);
        QVERIFY(!window.diagnosticsDock()->isVisible());
        QSignalSpy loaded(&window, &MainWindow::modelLoaded);
        QVERIFY(window.openModel(personDetectPath()));
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kLoadTimeoutMs);
        QVERIFY(window.diagnosticsDock()->isVisible());
        QCOMPARE(log->rowCount(), expected);
        QCOMPARE(log->count(lf::ui::DiagnosticsModel::Severity::Warning), expected);
        const auto& first = log->entry(0);
        QCOMPARE(first.file, personDetectPath());
        QCOMPARE(first.message, QString::fromStdString(context.diagnostics.front().message));
        QVERIFY2(first.message.contains(QStringLiteral("quantized dimension")), qPrintable(first.message));
        QVERIFY2(first.where.startsWith(QStringLiteral("subgraph #0: tensor #")), qPrintable(first.where));
        QCOMPARE(log->index(0, lf::ui::DiagnosticsModel::FileColumn).data().toString(),
                 QStringLiteral("person_detect.tflite"));
        QVERIFY(window.diagnosticsDock()->windowTitle().contains(QString::number(expected)));
    }

    void badFileLeavesTabsAndIsLogged()
    {
        QTemporaryDir dir;
        const QString bad = dir.filePath(QStringLiteral("broken.onnx"));
        QFile file(bad);
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write("this is not a protobuf") > 0);
        file.close();

        MainWindow window;
        window.show();
        QVERIFY(openAndLayOut(window, helloPath()));
        QVERIFY(openAndLayOut(window, mnistOnnxPath()));
        const auto current = window.currentModel();
        QSignalSpy failed(&window, &MainWindow::modelLoadFailed);
        QVERIFY(window.openModel(bad));
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kLoadTimeoutMs);
        QCOMPARE(window.modelCount(), 2);
        QCOMPARE(window.currentModel(), current);
        QVERIFY(window.tabOf(bad) < 0);
        auto* log = window.diagnosticsPanel()->model();
        QCOMPARE(log->count(lf::ui::DiagnosticsModel::Severity::Error), 1);
        const auto& entry = log->entry(log->rowCount() - 1);
        QCOMPARE(entry.file, bad);
        QVERIFY(!entry.message.isEmpty());
        QVERIFY(window.diagnosticsDock()->isVisible());
        QCOMPARE(closeMessageBoxes(), 1);
        // The window stays usable: the other tab still switches and shows its graph.
        window.tabWidget()->setCurrentIndex(window.tabOf(helloPath()));
        QCOMPARE(window.graphView()->graphScene()->opItemCount(), expectedNodeCount(helloPath()));
    }

    void fileMenuExportsGraph()
    {
        QTemporaryDir dir;
        MainWindow window;
        window.show();
        QVERIFY(!window.exportPngAction()->isEnabled());
        QVERIFY(!window.exportGraph(dir.filePath(QStringLiteral("none.png"))));
        QVERIFY(openAndLayOut(window, vwwPath()));
        QVERIFY(window.exportPngAction()->isEnabled());
        QVERIFY(window.exportSvgAction()->isEnabled());
        QMenu* fileMenu = window.menuBar()->actions().first()->menu();
        QVERIFY(fileMenu->actions().contains(window.exportPngAction()));
        QVERIFY(fileMenu->actions().contains(window.exportSvgAction()));

        const QString png = dir.filePath(QStringLiteral("graph.png"));
        QVERIFY(window.exportGraph(png));
        const QImage image(png);
        QVERIFY(!image.isNull());
        const QRectF bounds = window.graphView()->graphScene()->itemsBoundingRect();
        QVERIFY(image.height() > bounds.height()); // rendered at twice the scene size, or clamped
        const QString svg = dir.filePath(QStringLiteral("graph.svg"));
        QVERIFY(window.exportGraph(svg));
        QFile svgFile(svg);
        QVERIFY(svgFile.open(QIODevice::ReadOnly));
        const QByteArray text = svgFile.readAll();
        QVERIFY(text.contains("<svg"));
        // Every op's name is drawn as text in the vector image.
        const std::string& lastName = window.currentModel()->main().nodes.back().typeName();
        QVERIFY(text.contains(QByteArray::fromStdString(lastName).left(6)));
    }

    void windowLayoutIsKept()
    {
        {
            MainWindow window;
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.resize(940, 660);
            window.diagnosticsDock()->show();
            window.addDockWidget(Qt::RightDockWidgetArea, window.diagnosticsDock());
            window.close();
        }
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.size(), QSize(940, 660));
        QVERIFY(window.diagnosticsDock()->isVisible());
        QCOMPARE(window.dockWidgetArea(window.diagnosticsDock()), Qt::RightDockWidgetArea);
        QVERIFY(!window.quantizationDock()->isVisible());
    }

    void changedFileIsReadAgainIntoItsTab()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("model.tflite"));
        QVERIFY(QFile::copy(helloPath(), path));
        MainWindow window;
        window.show();
        QVERIFY(openAndLayOut(window, path));
        QCOMPARE(window.nodeTable()->model()->rowCount(), expectedNodeCount(helloPath()));

        // Another model written over the file (a re-run conversion, say), with a newer time.
        QVERIFY(QFile::remove(path));
        QVERIFY(QFile::copy(vwwPath(), path));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.setFileTime(QDateTime::currentDateTime().addSecs(5), QFileDevice::FileModificationTime));
        file.close();
        QVERIFY(openAndLayOut(window, path));
        QCOMPARE(window.modelCount(), 1);
        QCOMPARE(window.nodeTable()->model()->rowCount(), expectedNodeCount(vwwPath()));
        QCOMPARE(window.graphView()->graphScene()->opItemCount(), expectedNodeCount(vwwPath()));
    }

    void quantizationRunSurvivesTabSwitch()
    {
        // The float vww model takes long enough to quantize that the switch happens mid-run.
        const QString floatModel = corpusFile("tflite/vww_mobilenet_96_mlperf/vww_96_float.tflite");
        MainWindow window;
        window.show();
        QVERIFY(openAndLayOut(window, floatModel));
        QSignalSpy finished(window.quantizationPanel(), &lf::ui::QuantizationPanel::runFinished);
        window.showQuantizationPanel(true);
        QVERIFY(window.quantizationPanel()->isRunning());
        QVERIFY(openAndLayOut(window, helloPath())); // a new current tab while the run goes on
        QVERIFY(finished.isEmpty() || finished.first().first().toBool());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kLoadTimeoutMs);
        QCOMPARE(finished.first().first().toBool(), true); // completed, not cancelled
        QVERIFY(!window.quantizationPanel()->isRunning());
        // Then the panel follows the current tab (no run yet), and shows the run's results again
        // on the float model's tab.
        QVERIFY(!window.quantizationPanel()->results());
        window.tabWidget()->setCurrentIndex(window.tabOf(floatModel));
        QVERIFY(window.quantizationPanel()->results());
    }

    void germanGraphAndInspectorStrings()
    {
        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral(":/i18n/liteforge_de.qm")));
        QCOMPARE(translator.translate("lf::ui::MainWindow", "Inspector"), QStringLiteral("Inspektor"));
        QCOMPARE(translator.translate("lf::ui::NodeInspector", "Attributes"), QStringLiteral("Attribute"));
        QCOMPARE(translator.translate("lf::ui::GraphView", "Export SVG…"), QStringLiteral("SVG exportieren…"));
    }

    void germanTranslationLoads()
    {
        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral(":/i18n/liteforge_de.qm")));
        QCOMPARE(translator.translate("lf::ui::MainWindow", "&File"), QStringLiteral("&Datei"));
        QCOMPARE(translator.translate("lf::ui::StartPage", "Drop a model file or folder here"),
                 QStringLiteral("Modelldatei oder Ordner hierher ziehen"));
    }

private:
    QTemporaryDir m_settingsDir;
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
