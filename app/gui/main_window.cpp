// SPDX-License-Identifier: GPL-3.0-or-later
// Main window wiring: actions and menus, background loading (QtConcurrent plus a future watcher,
// with a generation counter against stale results), drag and drop, and recent files and window
// state kept in QSettings.
#include "app/gui/main_window.h"

#include "app/gui/model_page.h"
#include "app/gui/start_page.h"
#include "core/base/result.h"
#include "core/base/task_context.h"
#include "core/convert/torch_export.h"
#include "core/importers/load_model.h"
#include "widgets/common/error_presenter.h"
#include "widgets/graph_view/graph_view.h"
#include "widgets/inspector/node_inspector.h"
#include "widgets/models/node_list_model.h"
#include "widgets/quantization/quantization_panel.h"
#include "widgets/wizards/conversion_wizard.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QCoreApplication>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFileInfo>
#include <QFuture>
#include <QFutureWatcher>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTableView>
#include <QThread>
#include <QUrl>
#include <QtConcurrent/QtConcurrentRun>

#include <optional>

#ifndef LF_VERSION
#define LF_VERSION "0.0.0"
#endif

namespace lf::ui {

namespace {

const QString kRecentFilesKey = QStringLiteral("recentFiles");
const QString kGeometryKey = QStringLiteral("mainWindow/geometry");
const QString kStateKey = QStringLiteral("mainWindow/state");
const QString kLastDirKey = QStringLiteral("mainWindow/lastOpenDir");

/// Lets a newer request (or closing the window) stop a load at the importer's next checkpoint.
class CancelFlagContext final : public TaskContext {
public:
    explicit CancelFlagContext(std::shared_ptr<std::atomic_bool> cancelled)
        : m_cancelled(std::move(cancelled))
    {
    }
    bool isCancelled() const override { return m_cancelled->load(std::memory_order_relaxed); }
    void setProgress(int, int, std::string_view) override {}
    void report(Diagnostic) override {}

private:
    std::shared_ptr<std::atomic_bool> m_cancelled;
};

QStringList existingPaths(const QStringList& paths)
{
    QStringList result;
    for (const QString& path : paths) {
        if (!path.isEmpty() && QFileInfo::exists(path) && !result.contains(path))
            result.append(path);
    }
    return result;
}

QStringList sampleDirectories()
{
    // An installed build finds its samples next to the binary; a build tree uses the source tree.
    QStringList dirs{QCoreApplication::applicationDirPath()
                     + QStringLiteral("/../share/liteforge/samples")};
#ifdef LF_SAMPLES_DIR
    dirs.append(QStringLiteral(LF_SAMPLES_DIR));
#endif
    return dirs;
}

} // namespace

struct MainWindow::LoadOutcome {
    std::shared_ptr<const ir::Model> model;
    std::optional<Error> error;
    double elapsedMs = 0;
};

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("LiteForge"));
    setAcceptDrops(true);

    m_startPage = new StartPage(this);
    m_modelPage = new ModelPage(this);
    m_pages = new QStackedWidget(this);
    m_pages->addWidget(m_startPage);
    m_pages->addWidget(m_modelPage);
    setCentralWidget(m_pages);
    connect(m_startPage, &StartPage::openRequested, this, &MainWindow::openModel);
    connect(m_startPage, &StartPage::openDialogRequested, this, &MainWindow::showOpenDialog);
    connect(m_startPage, &StartPage::convertRequested, this, [this] { showConversionWizard(); });

    createActions();
    createGraphViews();
    createQuantizationPanel();
    createMenus();
    createStatusBar();
    m_startPage->setSampleFiles(sampleModels());
    updateRecentFiles();
    readSettings();
    m_inspectorDock->hide(); // shown with the first model
    m_quantDock->hide();     // shown on request (View menu)
}

MainWindow::~MainWindow()
{
    if (m_cancelLoad)
        m_cancelLoad->store(true);
}

void MainWindow::createActions()
{
    m_openAction = new QAction(tr("&Open…"), this);
    m_openAction->setShortcut(QKeySequence::Open);
    m_openAction->setStatusTip(tr("Open a model file or folder"));
    connect(m_openAction, &QAction::triggered, this, &MainWindow::showOpenDialog);

    m_convertAction = new QAction(tr("&Convert to TensorFlow Lite…"), this);
    m_convertAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_convertAction->setStatusTip(tr("Convert an ONNX or PyTorch model, or re-quantize a TensorFlow Lite model"));
    connect(m_convertAction, &QAction::triggered, this, [this] { showConversionWizard(m_modelPath); });

    m_clearRecentAction = new QAction(tr("&Clear Menu"), this);
    connect(m_clearRecentAction, &QAction::triggered, this, &MainWindow::clearRecentFiles);

    m_quitAction = new QAction(tr("&Quit"), this);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_aboutAction = new QAction(tr("&About LiteForge"), this);
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);

    m_aboutQtAction = new QAction(tr("About &Qt"), this);
    m_aboutQtAction->setMenuRole(QAction::AboutQtRole);
    connect(m_aboutQtAction, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::createMenus()
{
    QMenu* fileMenu = menuBar()->addMenu(tr("&File"));
    fileMenu->addAction(m_openAction);
    m_recentMenu = fileMenu->addMenu(tr("Open &Recent"));
    fileMenu->addSeparator();
    fileMenu->addAction(m_convertAction);
    fileMenu->addSeparator();
    fileMenu->addAction(m_quitAction);

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    m_viewMenu->addAction(m_inspectorDock->toggleViewAction());
    m_viewMenu->addAction(m_quantDock->toggleViewAction());

    QMenu* helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(m_aboutAction);
    helpMenu->addAction(m_aboutQtAction);
}

void MainWindow::createStatusBar()
{
    m_statusLabel = new QLabel(tr("Ready"), this);
    m_statusLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_busyBar = new QProgressBar(this);
    m_busyBar->setRange(0, 0); // busy indicator: importers do not report progress yet
    m_busyBar->setMaximumWidth(160);
    m_busyBar->setTextVisible(false);
    m_busyBar->hide();
    statusBar()->addWidget(m_statusLabel, 1);
    statusBar()->addPermanentWidget(m_busyBar);
}

void MainWindow::createGraphViews()
{
    m_graphView = new GraphView(this);
    addModelView(m_graphView, tr("Graph"), true);

    m_inspector = new NodeInspector(this);
    m_inspectorDock = new QDockWidget(tr("Inspector"), this);
    m_inspectorDock->setObjectName(QStringLiteral("inspectorDock")); // for saveState()
    m_inspectorDock->setWidget(m_inspector);
    m_inspectorDock->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    m_inspectorDock->toggleViewAction()->setText(tr("&Inspector"));
    addDockWidget(Qt::RightDockWidgetArea, m_inspectorDock);
    resizeDocks({m_inspectorDock}, {360}, Qt::Horizontal);

    connect(m_graphView, &GraphView::nodeSelected, this, &MainWindow::showNodeFromGraph);
    connect(m_graphView, &GraphView::tensorSelected, this, [this](int tensor) {
        m_inspector->setNode(-1);
        m_inspector->setTensor(tensor);
    });
    connect(nodeTable()->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::showNodeFromTable);
}

void MainWindow::createQuantizationPanel()
{
    m_quantPanel = new QuantizationPanel(this);
    m_quantPanel->setGraphView(m_graphView);
    m_quantDock = new QDockWidget(tr("Quantization"), this);
    m_quantDock->setObjectName(QStringLiteral("quantizationDock")); // for saveState()
    m_quantDock->setWidget(m_quantPanel);
    m_quantDock->toggleViewAction()->setText(tr("&Quantization"));
    m_quantDock->toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Q));
    addDockWidget(Qt::BottomDockWidgetArea, m_quantDock);
}

void MainWindow::showQuantizationPanel(bool run)
{
    constexpr int kDockHeight = 380;
    m_quantDock->show();
    m_quantDock->raise();
    resizeDocks({m_quantDock}, {kDockHeight}, Qt::Vertical);
    if (run)
        m_quantPanel->run();
}

void MainWindow::showNodeFromGraph(int node)
{
    if (m_syncingSelection)
        return;
    m_syncingSelection = true;
    m_inspector->setNode(node);
    QTableView* table = nodeTable();
    const auto* proxy = qobject_cast<const QSortFilterProxyModel*>(table->model());
    const QModelIndex source = m_modelPage->nodeModel()->index(node, 0);
    const QModelIndex row = proxy && source.isValid() ? proxy->mapFromSource(source) : QModelIndex();
    if (row.isValid()) {
        table->selectionModel()->setCurrentIndex(
            row, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        table->scrollTo(row);
    } else {
        table->selectionModel()->clearSelection();
    }
    m_syncingSelection = false;
}

void MainWindow::showNodeFromTable(const QModelIndex& current)
{
    if (m_syncingSelection || !current.isValid())
        return;
    m_syncingSelection = true;
    const int node = current.data(NodeListModel::NodeIdRole).toInt();
    m_inspector->setNode(node);
    m_graphView->selectNode(node);
    m_syncingSelection = false;
}

QTableView* MainWindow::nodeTable() const
{
    return m_modelPage->nodeTable();
}

bool MainWindow::isStartPageShown() const
{
    return m_pages->currentWidget() == m_startPage;
}

ConversionWizard* MainWindow::showConversionWizard(const QString& path)
{
    auto* wizard = new ConversionWizard(this);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    if (!path.isEmpty())
        wizard->setSourcePath(path);
    connect(wizard, &ConversionWizard::openResultRequested, this, &MainWindow::openModel);
    connect(wizard, &ConversionWizard::quantizationRequested, this, [this](const QString& floatModel) {
        // Once the float result is the open model, the panel works on it.
        auto connection = std::make_shared<QMetaObject::Connection>();
        *connection = connect(this, &MainWindow::modelLoaded, this, [this, connection, floatModel](const QString& path) {
            disconnect(*connection);
            if (QFileInfo(path) == QFileInfo(floatModel))
                showQuantizationPanel();
        });
        openModel(floatModel);
    });
    wizard->show();
    return wizard;
}

void MainWindow::addModelView(QWidget* view, const QString& title, bool first)
{
    m_modelPage->addView(view, title, first);
}

bool MainWindow::openModel(const QString& path)
{
    const QFileInfo info(path);
    if (path.isEmpty() || !info.exists()) {
        failLoad(path, Error{ErrorCode::Io, "no such file or directory", path.toStdString(), {}});
        return false;
    }
    const QString absolutePath = info.absoluteFilePath();

    if (m_cancelLoad)
        m_cancelLoad->store(true);
    auto cancel = std::make_shared<std::atomic_bool>(false);
    m_cancelLoad = cancel;
    const quint64 generation = ++m_loadGeneration;
    setLoadingPath(absolutePath);

    const std::filesystem::path fsPath = info.filesystemAbsoluteFilePath();
    QFuture<LoadOutcome> future = QtConcurrent::run([fsPath, cancel] {
        CancelFlagContext context(cancel);
        QElapsedTimer timer;
        timer.start();
        Result<ir::Model> result = loadModel(fsPath, context);
        LoadOutcome outcome;
        outcome.elapsedMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
        if (result)
            outcome.model = std::make_shared<const ir::Model>(std::move(*result));
        else
            outcome.error = std::move(result.error());
        return outcome;
    });
    // A watcher rather than future.then(this, ...): its signals are always posted, so even a load
    // that finishes before we get here is delivered after openModel() returns, and only if the
    // window still exists. The generation check drops outcomes of superseded requests.
    auto* watcher = new QFutureWatcher<LoadOutcome>(this);
    connect(watcher, &QFutureWatcherBase::finished, this,
            [this, watcher, generation, absolutePath] {
                watcher->deleteLater();
                if (generation == m_loadGeneration)
                    finishLoad(absolutePath, watcher->result());
            });
    watcher->setFuture(future);
    return true;
}

void MainWindow::finishLoad(const QString& path, const LoadOutcome& outcome)
{
    Q_ASSERT(QThread::currentThread() == thread());
    setLoadingPath({});
    m_cancelLoad.reset();
    if (outcome.error || !outcome.model || outcome.model->graphs.empty()) {
        failLoad(path,
                 outcome.error.value_or(
                     Error{ErrorCode::Internal, "the importer returned no graph", {}, {}}));
        return;
    }

    m_model = outcome.model;
    m_modelPath = path;
    m_modelPage->setModel(m_model, path);
    m_graphView->setModel(m_model);
    m_inspector->setModel(m_model);
    m_quantPanel->setModel(m_model, path);
    m_inspectorDock->show();
    m_pages->setCurrentWidget(m_modelPage);
    setWindowTitle(tr("%1 — LiteForge").arg(QFileInfo(path).fileName()));
    setWindowFilePath(path);

    const QLocale locale;
    m_statusLabel->setText(
        tr("%1 — %2 nodes — loaded in %3 ms")
            .arg(QDir::toNativeSeparators(path),
                 locale.toString(static_cast<qulonglong>(m_model->main().nodes.size())),
                 locale.toString(outcome.elapsedMs, 'f', 1)));
    addRecentFile(path);
    emit modelLoaded(path);
}

void MainWindow::failLoad(const QString& path, const Error& error)
{
    statusBar()->showMessage(tr("Could not open %1").arg(QDir::toNativeSeparators(path)), 5000);
    ErrorPresenter::show(this, tr("Open Model"), error);
    emit modelLoadFailed(path, ErrorPresenter::text(error));
}

void MainWindow::setLoadingPath(const QString& path)
{
    m_loadingPath = path;
    m_busyBar->setVisible(!path.isEmpty());
    if (!path.isEmpty())
        statusBar()->showMessage(tr("Loading %1…").arg(QDir::toNativeSeparators(path)));
    else
        statusBar()->clearMessage();
}

void MainWindow::showOpenDialog()
{
    QSettings settings;
    const QString startDir = settings.value(kLastDirKey, QDir::homePath()).toString();
    const QString filter = tr("Models (*.tflite *.onnx *.h5 *.keras *.pb *.cfg *.weights);;"
                              "TensorFlow Lite (*.tflite);;ONNX (*.onnx);;Keras (*.h5 *.keras);;"
                              "TensorFlow (*.pb);;Darknet (*.cfg *.weights);;All files (*)");
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Model"), startDir, filter);
    if (path.isEmpty())
        return;
    settings.setValue(kLastDirKey, QFileInfo(path).absolutePath());
    openModel(path);
}

void MainWindow::showAbout()
{
    const QString text = tr("<h3>LiteForge %1</h3>"
                            "<p>Inspect trained models and convert them to TensorFlow Lite.</p>"
                            "<p>Licensed under the GNU General Public License, version 3 or later "
                            "(GPL-3.0-or-later).</p>"
                            "<p>Built with Qt %2, running on Qt %3.</p>")
                             .arg(QStringLiteral(LF_VERSION), QStringLiteral(QT_VERSION_STR),
                                  QString::fromLatin1(qVersion()));
    QMessageBox::about(this, tr("About LiteForge"), text);
}

QStringList MainWindow::recentFiles() const
{
    return existingPaths(QSettings().value(kRecentFilesKey).toStringList()).mid(0, kMaxRecentFiles);
}

void MainWindow::clearRecentFiles()
{
    storeRecentFiles({});
}

void MainWindow::addRecentFile(const QString& path)
{
    QStringList paths = recentFiles();
    paths.removeAll(path);
    paths.prepend(path);
    storeRecentFiles(paths.mid(0, kMaxRecentFiles));
}

void MainWindow::storeRecentFiles(const QStringList& paths)
{
    QSettings().setValue(kRecentFilesKey, paths);
    updateRecentFiles();
}

void MainWindow::updateRecentFiles()
{
    const QStringList paths = recentFiles();
    m_recentMenu->clear();
    for (qsizetype i = 0; i < paths.size(); ++i) {
        const QString& path = paths[i];
        // '&' in a path would otherwise become a mnemonic.
        const QString label
            = QDir::toNativeSeparators(path).replace(QLatin1Char('&'), QStringLiteral("&&"));
        const QString text = i < 9 ? QStringLiteral("&%1 %2").arg(QString::number(i + 1), label)
                                   : QStringLiteral("1&0 %1").arg(label);
        QAction* action = m_recentMenu->addAction(text);
        connect(action, &QAction::triggered, this, [this, path] { openModel(path); });
    }
    m_recentMenu->addSeparator();
    m_recentMenu->addAction(m_clearRecentAction);
    m_clearRecentAction->setEnabled(!paths.isEmpty());
    m_startPage->setRecentFiles(paths);
}

QStringList MainWindow::sampleModels()
{
    static const QStringList kPatterns{QStringLiteral("*.tflite"), QStringLiteral("*.onnx"),
                                       QStringLiteral("*.h5"),     QStringLiteral("*.keras"),
                                       QStringLiteral("*.pb"),     QStringLiteral("*.cfg")};
    for (const QString& dirPath : sampleDirectories()) {
        const QDir dir(dirPath);
        if (!dir.exists())
            continue;
        QStringList result;
        for (const QFileInfo& info : dir.entryInfoList(kPatterns, QDir::Files, QDir::Name))
            result.append(info.canonicalFilePath());
        if (!result.isEmpty())
            return result;
    }
    return {};
}

QString MainWindow::modelPathFromDrop(const QStringList& paths)
{
    for (const QString& path : paths) {
        if (path.endsWith(QStringLiteral(".cfg"), Qt::CaseInsensitive))
            return path;
    }
    return paths.value(0);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    const QMimeData* mime = event->mimeData();
    if (mime && mime->hasUrls()) {
        for (const QUrl& url : mime->urls()) {
            if (url.isLocalFile()) {
                event->acceptProposedAction();
                return;
            }
        }
    }
    event->ignore();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const QMimeData* mime = event->mimeData();
    QStringList paths;
    if (mime && mime->hasUrls()) {
        for (const QUrl& url : mime->urls()) {
            if (url.isLocalFile())
                paths.append(url.toLocalFile());
        }
    }
    const QString path = modelPathFromDrop(paths);
    if (path.isEmpty()) {
        event->ignore();
        return;
    }
    event->acceptProposedAction();
    // PyTorch files cannot be viewed as they are: they go to the conversion wizard.
    if (isTorchFile(path.toStdString()))
        showConversionWizard(path);
    else
        openModel(path);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    writeSettings();
    if (m_cancelLoad)
        m_cancelLoad->store(true);
    QMainWindow::closeEvent(event);
}

void MainWindow::readSettings()
{
    const QSettings settings;
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray()))
        resize(1100, 720);
    restoreState(settings.value(kStateKey).toByteArray());
}

void MainWindow::writeSettings() const
{
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
}

} // namespace lf::ui
