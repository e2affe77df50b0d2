// SPDX-License-Identifier: GPL-3.0-or-later
// Tests MainWindow on the offscreen platform: background loading into the node table, drag and
// drop, failed loads that keep the previous model, stale results, recent files and translations.
#include "app/gui/main_window.h"

#include "app/gui/start_page.h"
#include "widgets/graph_view/graph_scene.h"
#include "widgets/graph_view/graph_view.h"
#include "widgets/inspector/node_inspector.h"
#include "widgets/wizards/conversion_wizard.h"
#include "widgets/wizards/pages/source_page.h"

#include "core/importers/load_model.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
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
    return QStringLiteral(LF_SHARED_DIR "/corpus/") + QString::fromUtf8(relative);
}

QString vwwPath()
{
    return corpusFile("tflite/vww_mobilenet_96_mlperf/vww_96_int8.tflite");
}
QString helloPath()
{
    return corpusFile("tflite/hello_world_sine/hello_world_float.tflite");
}

int expectedNodeCount(const QString& path)
{
    lf::NullTaskContext context;
    auto model = lf::loadModel(QFileInfo(path).filesystemFilePath(), context);
    return model ? int(model->main().nodes.size()) : -1;
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
        if (!QFileInfo::exists(vwwPath()) || !QFileInfo::exists(helloPath()))
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
        QCOMPARE(MainWindow::modelPathFromDrop(
                     {QStringLiteral("/m/yolo.weights"), QStringLiteral("/m/yolo.cfg")}),
                 QStringLiteral("/m/yolo.cfg"));
        QCOMPARE(MainWindow::modelPathFromDrop(
                     {QStringLiteral("/m/a.onnx"), QStringLiteral("/m/b.tflite")}),
                 QStringLiteral("/m/a.onnx"));
        QCOMPARE(MainWindow::modelPathFromDrop({QStringLiteral("/m/saved_model_dir")}),
                 QStringLiteral("/m/saved_model_dir"));
        QVERIFY(MainWindow::modelPathFromDrop({}).isEmpty());
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

        auto* tabs = window.findChild<QTabWidget*>();
        QVERIFY(tabs);
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
