// SPDX-License-Identifier: GPL-3.0-or-later
// Main window wiring: actions and menus, the model tabs and the docks following the current one,
// background loading (QtConcurrent plus a future watcher, with a generation counter against stale
// results) whose warnings go to the Log dock, drag and drop, and recent files and window state
// kept in QSettings.
#include "app/gui/main_window.h"

#include "app/gui/diagnostics_panel.h"
#include "app/gui/model_files.h"
#include "app/gui/model_loader.h"
#include "app/gui/model_page.h"
#include "app/gui/search_panel.h"
#include "app/gui/start_page.h"
#include "core/base/result.h"
#include "core/convert/torch_export.h"
#include "widgets/common/error_presenter.h"
#include "widgets/graph_view/graph_view.h"
#include "widgets/inspector/node_inspector.h"
#include "widgets/models/diagnostics_model.h"
#include "widgets/quantization/quantization_panel.h"
#include "widgets/wizards/conversion_wizard.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QThread>
#include <QUrl>

#include <algorithm>
#include <vector>

#ifndef LF_VERSION
#define LF_VERSION "0.0.0"
#endif

namespace lf::ui {

namespace {

const QString kGeometryKey = QStringLiteral("mainWindow/geometry");
const QString kStateKey = QStringLiteral("mainWindow/state");
const QString kLastDirKey = QStringLiteral("mainWindow/lastOpenDir");
const QString kExportDirKey = QStringLiteral("mainWindow/lastExportDir");

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("LiteForge"));
    setAcceptDrops(true);
    m_loader = new ModelLoader(this);
    connect(m_loader, &ModelLoader::finished, this, &MainWindow::finishLoad);
    // Queued: every other listener hears of one model before the next is opened.
    connect(this, &MainWindow::modelLoaded, this, &MainWindow::openNextQueued, Qt::QueuedConnection);
    connect(this, &MainWindow::modelLoadFailed, this, &MainWindow::openNextQueued, Qt::QueuedConnection);

    createActions();
    createTabs();
    createDocks();
    createMenus();
    createStatusBar();
    m_startPage->setSampleFiles(sampleModels());
    updateRecentFiles();
    readSettings();
    // Docks about a model wait for one; the quantization dock waits to be asked for.
    m_inspectorDock->hide();
    m_searchDock->hide();
    m_quantDock->hide();
    setActivePage(m_nextPage);
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    m_openAction = new QAction(tr("&Open…"), this);
    m_openAction->setShortcut(QKeySequence::Open);
    m_openAction->setStatusTip(tr("Open a model file or folder"));
    connect(m_openAction, &QAction::triggered, this, &MainWindow::showOpenDialog);

    m_closeTabAction = new QAction(tr("&Close Model"), this);
    m_closeTabAction->setShortcut(QKeySequence::Close);
    connect(m_closeTabAction, &QAction::triggered, this,
            [this] { closeModelTab(m_tabs->currentIndex()); });

    m_exportPngAction = new QAction(tr("Export Graph as &PNG…"), this);
    m_exportPngAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    connect(m_exportPngAction, &QAction::triggered, this, [this] { showExportDialog(false); });
    m_exportSvgAction = new QAction(tr("Export Graph as &SVG…"), this);
    m_exportSvgAction->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_E));
    connect(m_exportSvgAction, &QAction::triggered, this, [this] { showExportDialog(true); });

    m_convertAction = new QAction(tr("&Convert to TensorFlow Lite…"), this);
    m_convertAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_convertAction->setStatusTip(tr("Convert an ONNX or PyTorch model, or re-quantize a TensorFlow Lite model"));
    connect(m_convertAction, &QAction::triggered, this, [this] { showConversionWizard(currentPath()); });

    m_clearRecentAction = new QAction(tr("&Clear Menu"), this);
    connect(m_clearRecentAction, &QAction::triggered, this, &MainWindow::clearRecentFiles);

    m_quitAction = new QAction(tr("&Quit"), this);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_startPageAction = new QAction(tr("S&tart Page"), this);
    connect(m_startPageAction, &QAction::triggered, this, &MainWindow::showStartPage);
    m_nextTabAction = new QAction(tr("&Next Tab"), this);
    m_nextTabAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_PageDown));
    connect(m_nextTabAction, &QAction::triggered, this,
            [this] { m_tabs->setCurrentIndex((m_tabs->currentIndex() + 1) % m_tabs->count()); });
    m_previousTabAction = new QAction(tr("&Previous Tab"), this);
    m_previousTabAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_PageUp));
    connect(m_previousTabAction, &QAction::triggered, this, [this] {
        m_tabs->setCurrentIndex((m_tabs->currentIndex() + m_tabs->count() - 1) % m_tabs->count());
    });

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
    fileMenu->addAction(m_closeTabAction);
    fileMenu->addSeparator();
    fileMenu->addAction(m_exportPngAction);
    fileMenu->addAction(m_exportSvgAction);
    fileMenu->addSeparator();
    fileMenu->addAction(m_convertAction);
    fileMenu->addSeparator();
    fileMenu->addAction(m_quitAction);

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    m_viewMenu->addAction(m_startPageAction);
    m_viewMenu->addAction(m_nextTabAction);
    m_viewMenu->addAction(m_previousTabAction);
    m_viewMenu->addSeparator();
    for (QDockWidget* dock : {m_inspectorDock, m_searchDock, m_diagnosticsDock, m_quantDock})
        m_viewMenu->addAction(dock->toggleViewAction());

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

void MainWindow::createTabs()
{
    m_startPage = new StartPage(this);
    connect(m_startPage, &StartPage::openRequested, this, &MainWindow::openModel);
    connect(m_startPage, &StartPage::openDialogRequested, this, &MainWindow::showOpenDialog);
    connect(m_startPage, &StartPage::convertRequested, this, [this] { showConversionWizard(); });

    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_tabs->setMovable(true);
    m_tabs->setTabsClosable(true);
    m_tabs->setTabBarAutoHide(true); // no tab bar while only the Start tab exists
    m_tabs->addTab(m_startPage, tr("Start"));
    m_tabs->tabBar()->setTabButton(0, QTabBar::RightSide, nullptr); // the Start tab stays
    m_tabs->tabBar()->setTabButton(0, QTabBar::LeftSide, nullptr);
    setCentralWidget(m_tabs);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &MainWindow::closeModelTab);
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::showCurrentTab);

    m_nextPage = new ModelPage(this);
    m_nextPage->hide();
}

QDockWidget* MainWindow::addDock(QWidget* widget, const QString& title, const QString& objectName,
                                 Qt::DockWidgetArea area)
{
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(objectName); // for saveState()
    dock->setWidget(widget);
    addDockWidget(area, dock);
    return dock;
}

void MainWindow::createDocks()
{
    m_inspector = new NodeInspector(this);
    m_inspectorDock = addDock(m_inspector, tr("Inspector"), QStringLiteral("inspectorDock"),
                              Qt::RightDockWidgetArea);
    m_inspectorDock->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    m_inspectorDock->toggleViewAction()->setText(tr("&Inspector"));
    m_inspectorDock->toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
    resizeDocks({m_inspectorDock}, {360}, Qt::Horizontal);

    m_searchPanel = new SearchPanel(this);
    m_searchDock = addDock(m_searchPanel, tr("Search"), QStringLiteral("searchDock"),
                           Qt::LeftDockWidgetArea);
    m_searchDock->toggleViewAction()->setText(tr("&Search"));
    m_searchDock->toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    connect(m_searchDock->toggleViewAction(), &QAction::triggered, this, [this](bool on) {
        if (on)
            m_searchPanel->focusQuery();
    });
    connect(m_searchPanel, &SearchPanel::resultPicked, this, &MainWindow::showFound);
    resizeDocks({m_searchDock}, {300}, Qt::Horizontal);

    m_diagnosticsPanel = new DiagnosticsPanel(this);
    m_diagnosticsDock = addDock(m_diagnosticsPanel, tr("Log"), QStringLiteral("logDock"),
                                Qt::BottomDockWidgetArea);
    m_diagnosticsDock->toggleViewAction()->setText(tr("&Log"));
    m_diagnosticsDock->toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    m_diagnosticsDock->hide(); // shown when a load reports something
    connect(m_diagnosticsPanel, &DiagnosticsPanel::fileActivated, this, [this](const QString& path) {
        if (const int tab = tabOf(path); tab >= 0)
            m_tabs->setCurrentIndex(tab);
    });
    connect(m_diagnosticsPanel, &DiagnosticsPanel::countsChanged, this, [this](int warnings, int errors) {
        const int count = warnings + errors;
        m_diagnosticsDock->setWindowTitle(count > 0 ? tr("Log (%1)").arg(count) : tr("Log"));
    });

    m_quantPanel = new QuantizationPanel(this);
    m_quantDock = addDock(m_quantPanel, tr("Quantization"), QStringLiteral("quantizationDock"),
                          Qt::BottomDockWidgetArea);
    m_quantDock->toggleViewAction()->setText(tr("&Quantization"));
    m_quantDock->toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Q));
    tabifyDockWidget(m_diagnosticsDock, m_quantDock);
    // A run keeps its model until it ends; then the panel catches up with the current tab.
    connect(m_quantPanel, &QuantizationPanel::runFinished, this,
            &MainWindow::followWithQuantizationPanel);
}

void MainWindow::showQuantizationPanel(bool run)
{
    constexpr int kDockHeight = 380;
    followWithQuantizationPanel();
    m_quantDock->show();
    m_quantDock->raise();
    resizeDocks({m_quantDock}, {kDockHeight}, Qt::Vertical);
    if (run)
        m_quantPanel->run();
}

void MainWindow::showSearch()
{
    m_searchDock->show();
    m_searchDock->raise();
    m_searchPanel->focusQuery();
}

bool MainWindow::findInModel(const QString& text)
{
    showSearch();
    m_searchPanel->setQuery(text);
    return m_searchPanel->pickFirst();
}

void MainWindow::showCurrentTab(int index)
{
    if (auto* page = qobject_cast<ModelPage*>(m_tabs->widget(index)))
        setActivePage(page);
    updateWindowTitle();
    updateActions();
}

void MainWindow::setActivePage(ModelPage* page)
{
    if (m_activePage && m_activePage != page)
        m_activePage->disconnect(this);
    m_activePage = page;
    connect(page, &ModelPage::nodeSelected, this, &MainWindow::showNode, Qt::UniqueConnection);
    connect(page, &ModelPage::tensorSelected, this, &MainWindow::showTensor, Qt::UniqueConnection);
    m_inspector->setModel(page->model());
    if (page->selectedNode() >= 0)
        m_inspector->setNode(page->selectedNode());
    else if (page->selectedTensor() >= 0)
        m_inspector->setTensor(page->selectedTensor());
    m_searchPanel->setModel(page->model());
    followWithQuantizationPanel();
    updateWindowTitle();
    updateActions();
}

void MainWindow::followWithQuantizationPanel()
{
    if (m_quantPanel->isRunning()
        || (m_quantPage == m_activePage && m_quantModel == m_activePage->model()))
        return;
    m_quantPage = m_activePage;
    m_quantModel = m_activePage->model();
    m_quantPanel->setGraphView(m_activePage->graphView());
    m_quantPanel->setModel(m_activePage->model(), m_activePage->path());
}

void MainWindow::showNode(int node)
{
    m_inspector->setNode(node);
}

void MainWindow::showTensor(int tensor)
{
    m_inspector->setNode(-1);
    m_inspector->setTensor(tensor);
}

void MainWindow::showFound(int node, int tensor)
{
    m_activePage->showFound(node, tensor);
    if (tensor >= 0)
        m_inspector->setTensor(tensor);
}

QTableView* MainWindow::nodeTable() const
{
    return m_activePage->nodeTable();
}

GraphView* MainWindow::graphView() const
{
    return m_activePage->graphView();
}

std::shared_ptr<const ir::Model> MainWindow::currentModel() const
{
    return m_activePage->model();
}

QString MainWindow::currentPath() const
{
    return m_activePage->path();
}

int MainWindow::modelCount() const
{
    return m_tabs->count() - 1; // all but the Start tab
}

int MainWindow::tabOf(const QString& path) const
{
    const QFileInfo wanted(path);
    for (int i = 0; i < m_tabs->count(); ++i) {
        const auto* page = qobject_cast<const ModelPage*>(m_tabs->widget(i));
        if (page && QFileInfo(page->path()) == wanted)
            return i;
    }
    return -1;
}

bool MainWindow::closeModelTab(int index)
{
    auto* page = qobject_cast<ModelPage*>(m_tabs->widget(index));
    if (!page)
        return false;
    if (m_quantPage == page && m_quantPanel->isRunning())
        m_quantPanel->cancel();
    m_tabs->removeTab(index); // may make another model tab current, and so active
    if (m_activePage == page) {
        ModelPage* next = nullptr;
        for (int i = 0; i < m_tabs->count() && !next; ++i)
            next = qobject_cast<ModelPage*>(m_tabs->widget(i));
        setActivePage(next ? next : m_nextPage);
    }
    page->deleteLater();
    if (modelCount() == 0) {
        m_inspectorDock->hide();
        m_searchDock->hide();
        m_statusLabel->setText(tr("Ready"));
    }
    return true;
}

void MainWindow::showStartPage()
{
    m_tabs->setCurrentWidget(m_startPage);
}

bool MainWindow::isStartPageShown() const
{
    return m_tabs->currentWidget() == m_startPage;
}

bool MainWindow::exportGraph(const QString& path) const
{
    if (!currentModel())
        return false;
    const bool svg = path.endsWith(QStringLiteral(".svg"), Qt::CaseInsensitive);
    return svg ? graphView()->exportSvg(path) : graphView()->exportPng(path);
}

void MainWindow::showExportDialog(bool svg)
{
    if (!currentModel())
        return;
    QSettings settings;
    const QFileInfo model(currentPath());
    const QString dir = settings.value(kExportDirKey, model.absolutePath()).toString();
    const QString suggested = QDir(dir).filePath(model.completeBaseName() + (svg ? QStringLiteral(".svg")
                                                                                : QStringLiteral(".png")));
    const QString path = QFileDialog::getSaveFileName(
        this, svg ? tr("Export Graph as SVG") : tr("Export Graph as PNG"), suggested,
        svg ? tr("SVG images (*.svg)") : tr("PNG images (*.png)"));
    if (path.isEmpty())
        return;
    settings.setValue(kExportDirKey, QFileInfo(path).absolutePath());
    if (!exportGraph(path)) {
        QMessageBox::warning(this, tr("Export Graph"),
                             tr("Could not write %1.").arg(QDir::toNativeSeparators(path)));
        return;
    }
    statusBar()->showMessage(tr("Graph exported to %1").arg(QDir::toNativeSeparators(path)), 5000);
}

ConversionWizard* MainWindow::showConversionWizard(const QString& path)
{
    auto* wizard = new ConversionWizard(this);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    if (!path.isEmpty())
        wizard->setSourcePath(path);
    connect(wizard, &ConversionWizard::openResultRequested, this, &MainWindow::openModel);
    connect(wizard, &ConversionWizard::quantizationRequested, this, [this](const QString& floatModel) {
        // Once the float result is the current model, the panel works on it.
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
    m_activePage->addView(view, title, first);
}

bool MainWindow::openModel(const QString& path)
{
    const QFileInfo info(path);
    if (path.isEmpty() || !info.exists()) {
        failLoad(path, Error{ErrorCode::Io, "no such file or directory", path.toStdString(), {}});
        return false;
    }
    const QString absolutePath = info.absoluteFilePath();
    if (const int tab = tabOf(absolutePath); tab >= 0) {
        auto* page = qobject_cast<ModelPage*>(m_tabs->widget(tab));
        if (!page->isStale()) {
            showExistingTab(page);
            return true;
        }
    }

    m_loader->load(absolutePath);
    setLoadingPath(absolutePath);
    return true;
}

void MainWindow::showExistingTab(ModelPage* page)
{
    // Supersedes a load still running, like any newer request.
    m_loader->cancel();
    const quint64 generation = ++m_shownGeneration;
    setLoadingPath({});
    m_tabs->setCurrentWidget(page);
    const QString path = page->path();
    addRecentFile(path);
    // Posted, so that modelLoaded follows openModel() as it does for a real load.
    QMetaObject::invokeMethod(
        this,
        [this, generation, path] {
            if (generation == m_shownGeneration && !m_loader->isLoading())
                emit modelLoaded(path);
        },
        Qt::QueuedConnection);
}

ModelPage* MainWindow::takeNextPage()
{
    ModelPage* page = m_nextPage;
    m_nextPage = new ModelPage(this);
    m_nextPage->hide();
    return page;
}

void MainWindow::finishLoad(const QString& path, const ModelLoader::Outcome& outcome)
{
    Q_ASSERT(QThread::currentThread() == thread());
    setLoadingPath({});
    std::vector<DiagnosticsModel::Entry> entries;
    for (const Diagnostic& diagnostic : outcome.diagnostics)
        entries.push_back(DiagnosticsModel::fromDiagnostic(path, diagnostic));
    m_diagnosticsPanel->model()->append(entries);
    if (!entries.empty())
        showDiagnostics();
    if (outcome.error || !outcome.model || outcome.model->graphs.empty()) {
        failLoad(path,
                 outcome.error.value_or(
                     Error{ErrorCode::Internal, "the importer returned no graph", {}, {}}));
        return;
    }

    const int existing = tabOf(path);
    ModelPage* page = existing >= 0 ? qobject_cast<ModelPage*>(m_tabs->widget(existing)) : takeNextPage();
    page->setModel(outcome.model, path);
    if (existing < 0) {
        const int tab = m_tabs->addTab(page, QFileInfo(path).fileName());
        m_tabs->setTabToolTip(tab, QDir::toNativeSeparators(path));
    }
    m_tabs->setCurrentWidget(page);
    setActivePage(page); // also when it was current already: its model is new
    m_inspectorDock->show();
    m_searchDock->show();

    const QLocale locale;
    m_statusLabel->setText(
        tr("%1 — %2 nodes — loaded in %3 ms")
            .arg(QDir::toNativeSeparators(path),
                 locale.toString(static_cast<qulonglong>(outcome.model->main().nodes.size())),
                 locale.toString(outcome.elapsedMs, 'f', 1)));
    if (!entries.empty())
        statusBar()->showMessage(tr("%1 warnings while reading %2 — see the Log")
                                     .arg(entries.size())
                                     .arg(QFileInfo(path).fileName()),
                                 8000);
    addRecentFile(path);
    emit modelLoaded(path);
}

void MainWindow::failLoad(const QString& path, const Error& error)
{
    m_diagnosticsPanel->model()->append(DiagnosticsModel::fromError(path, error));
    showDiagnostics();
    statusBar()->showMessage(tr("Could not open %1").arg(QDir::toNativeSeparators(path)), 5000);
    ErrorPresenter::show(this, tr("Open Model"), error);
    emit modelLoadFailed(path, ErrorPresenter::text(error));
}

void MainWindow::showDiagnostics()
{
    constexpr int kDockHeight = 170; // a few rows; the graph keeps most of the height
    if (m_diagnosticsDock->isVisible())
        return;
    m_diagnosticsDock->show();
    resizeDocks({m_diagnosticsDock}, {kDockHeight}, Qt::Vertical);
}

void MainWindow::updateWindowTitle()
{
    const QString path = isStartPageShown() ? QString() : currentPath();
    setWindowFilePath(path);
    setWindowTitle(path.isEmpty() ? tr("LiteForge")
                                  : tr("%1 — LiteForge").arg(QFileInfo(path).fileName()));
}

void MainWindow::updateActions()
{
    const bool hasModel = currentModel() != nullptr;
    m_exportPngAction->setEnabled(hasModel);
    m_exportSvgAction->setEnabled(hasModel);
    m_closeTabAction->setEnabled(qobject_cast<ModelPage*>(m_tabs->currentWidget()) != nullptr);
    m_nextTabAction->setEnabled(m_tabs->count() > 1);
    m_previousTabAction->setEnabled(m_tabs->count() > 1);
}

void MainWindow::setLoadingPath(const QString& path)
{
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
    return storedRecentFiles(kMaxRecentFiles);
}

void MainWindow::clearRecentFiles()
{
    storeRecentFiles({});
    updateRecentFiles();
}

void MainWindow::addRecentFile(const QString& path)
{
    storeRecentFiles(withRecentFile(recentFiles(), path, kMaxRecentFiles));
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
    return bundledSampleModels();
}

QStringList MainWindow::modelPathsFromDrop(const QStringList& paths)
{
    const auto hasSuffix = [](const QString& path, const char* suffix) {
        return path.endsWith(QLatin1String(suffix), Qt::CaseInsensitive);
    };
    const bool darknet = std::any_of(paths.begin(), paths.end(),
                                     [&](const QString& path) { return hasSuffix(path, ".cfg"); });
    QStringList result;
    for (const QString& path : paths) {
        if (!(darknet && hasSuffix(path, ".weights")))
            result.append(path);
    }
    return result;
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
    paths = modelPathsFromDrop(paths);
    if (paths.isEmpty()) {
        event->ignore();
        return;
    }
    event->acceptProposedAction();
    // PyTorch files cannot be viewed as they are: they go to the conversion wizard.
    QStringList models;
    for (const QString& path : paths) {
        if (isTorchFile(path.toStdString()))
            showConversionWizard(path);
        else
            models.append(path);
    }
    openModels(models);
}

void MainWindow::openModels(const QStringList& paths)
{
    if (paths.isEmpty())
        return;
    m_openQueue = paths.mid(1);
    openModel(paths.first());
}

void MainWindow::openNextQueued()
{
    if (!m_openQueue.isEmpty() && !isLoading())
        openModel(m_openQueue.takeFirst());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    writeSettings();
    m_loader->cancel();
    QMainWindow::closeEvent(event);
}

void MainWindow::readSettings()
{
    const QSettings settings;
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray())) {
        const QSize preferred(1400, 900);
        resize(screen() ? preferred.boundedTo(screen()->availableSize() * 0.9) : preferred);
    }
    restoreState(settings.value(kStateKey).toByteArray());
}

void MainWindow::writeSettings() const
{
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
}

} // namespace lf::ui
