// SPDX-License-Identifier: GPL-3.0-or-later
// The application window: a tab per open model next to a Start tab (recent files, samples), the
// docks that follow the current model (Inspector, Search, Quantization) and the Log of load
// warnings and errors, menus (File ▸ Open, Open Recent, Close, Export Graph as PNG/SVG, Convert),
// drag and drop of model files and folders, a status bar, and window layout and recent files kept
// in QSettings. Models load on a worker thread; only the newest request is shown and a failed load
// leaves the open tabs as they were.
#pragma once

#include "core/ir/graph.h"

#include <QMainWindow>
#include <QPointer>
#include <QStringList>

#include "app/gui/model_loader.h"

#include <memory>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QProgressBar;
class QTabWidget;
class QTableView;

namespace lf {
struct Error;
}

namespace lf::ui {

class ConversionWizard;
class DiagnosticsPanel;
class GraphView;
class ModelPage;
class NodeInspector;
class QuantizationPanel;
class SearchPanel;
class StartPage;

class MainWindow final : public QMainWindow {
    Q_OBJECT

public:
    static constexpr int kMaxRecentFiles = 10;

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Starts loading `path` (a file or a folder) in the background and returns at once; false if
    /// the path does not exist (modelLoadFailed is emitted then too). Exactly one of modelLoaded or
    /// modelLoadFailed follows for the newest request; an older request still running is cancelled
    /// and its outcome dropped. A path open in a tab, unchanged on disk, just shows that tab; a
    /// changed file is read again into its tab; any other model gets a new tab.
    bool openModel(const QString& path);
    /// Opens several models one after the other, each in its tab (the last one stays current).
    void openModels(const QStringList& paths);

    /// The page the docks follow: the current model tab, or the last one current while the Start
    /// tab is shown. While no model is open it is the empty page the next model will fill, so the
    /// accessors below never return null.
    ModelPage* currentPage() const { return m_activePage; }
    QTableView* nodeTable() const;
    GraphView* graphView() const;
    /// The model of currentPage(), or nullptr while no model is open.
    std::shared_ptr<const ir::Model> currentModel() const;
    QString currentPath() const;

    /// The Start tab and one tab per open model.
    QTabWidget* tabWidget() const { return m_tabs; }
    int modelCount() const;
    /// The tab index of the model read from `path`, or -1.
    int tabOf(const QString& path) const;
    /// Closes the model tab at `index`; false for the Start tab or an invalid index.
    bool closeModelTab(int index);
    void showStartPage();
    /// True while the Start tab (not a model) is shown.
    bool isStartPageShown() const;
    bool isLoading() const { return m_loader->isLoading(); }

    NodeInspector* nodeInspector() const { return m_inspector; }
    QDockWidget* inspectorDock() const { return m_inspectorDock; }
    SearchPanel* searchPanel() const { return m_searchPanel; }
    QDockWidget* searchDock() const { return m_searchDock; }
    DiagnosticsPanel* diagnosticsPanel() const { return m_diagnosticsPanel; }
    QDockWidget* diagnosticsDock() const { return m_diagnosticsDock; }
    /// The quantization panel for the current model, in a dock hidden until asked for.
    QuantizationPanel* quantizationPanel() const { return m_quantPanel; }
    QDockWidget* quantizationDock() const { return m_quantDock; }
    /// Shows the quantization dock; with `run`, starts a run on the current model.
    void showQuantizationPanel(bool run = false);
    /// Shows the Search dock with the keyboard focus in its query field.
    void showSearch();
    /// Searches the current model for `text` in the Search dock and shows the first match; false
    /// if nothing matches.
    bool findInModel(const QString& text);

    /// Writes the current model's graph as SVG (a .svg path) or PNG (any other); false if there is
    /// no model or the file cannot be written.
    bool exportGraph(const QString& path) const;
    QAction* exportPngAction() const { return m_exportPngAction; }
    QAction* exportSvgAction() const { return m_exportSvgAction; }

    /// Recent files, newest first, at most kMaxRecentFiles, without entries that no longer exist.
    QStringList recentFiles() const;
    void clearRecentFiles();
    /// Opens the conversion wizard (non-modal), with `path` as the source if given; returns it.
    ConversionWizard* showConversionWizard(const QString& path = {});

    /// Adds a view as a tab of the current model page.
    void addModelView(QWidget* view, const QString& title, bool first = false);

    /// Model files found in the bundled samples folder (installed or in the source tree).
    static QStringList sampleModels();
    /// The models to open from a set of dropped paths: all of them, except .weights files when a
    /// Darknet .cfg is among them (they travel with it).
    static QStringList modelPathsFromDrop(const QStringList& paths);

signals:
    void modelLoaded(const QString& path);
    void modelLoadFailed(const QString& path, const QString& message);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    void createMenus();
    void createStatusBar();
    void createTabs();
    void createDocks();
    QDockWidget* addDock(QWidget* widget, const QString& title, const QString& objectName,
                         Qt::DockWidgetArea area);
    void showCurrentTab(int index);
    void setActivePage(ModelPage* page);
    void followWithQuantizationPanel();
    void showNode(int node);
    void showTensor(int tensor);
    void showFound(int node, int tensor);
    void showExistingTab(ModelPage* page);
    void openNextQueued();
    void showDiagnostics();
    void showOpenDialog();
    void showExportDialog(bool svg);
    void showAbout();
    void finishLoad(const QString& path, const ModelLoader::Outcome& outcome);
    void failLoad(const QString& path, const Error& error);
    ModelPage* takeNextPage();
    void updateWindowTitle();
    void updateActions();
    void setLoadingPath(const QString& path);
    void addRecentFile(const QString& path);
    void updateRecentFiles();
    void readSettings();
    void writeSettings() const;

    StartPage* m_startPage = nullptr;
    QTabWidget* m_tabs = nullptr;
    ModelPage* m_activePage = nullptr;
    ModelPage* m_nextPage = nullptr; ///< empty, not in a tab; filled by the next new model

    QAction* m_openAction = nullptr;
    QAction* m_closeTabAction = nullptr;
    QAction* m_exportPngAction = nullptr;
    QAction* m_exportSvgAction = nullptr;
    QAction* m_convertAction = nullptr;
    QAction* m_clearRecentAction = nullptr;
    QAction* m_quitAction = nullptr;
    QAction* m_startPageAction = nullptr;
    QAction* m_nextTabAction = nullptr;
    QAction* m_previousTabAction = nullptr;
    QAction* m_aboutAction = nullptr;
    QAction* m_aboutQtAction = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_viewMenu = nullptr;

    QLabel* m_statusLabel = nullptr;
    QProgressBar* m_busyBar = nullptr;

    NodeInspector* m_inspector = nullptr;
    QDockWidget* m_inspectorDock = nullptr;
    SearchPanel* m_searchPanel = nullptr;
    QDockWidget* m_searchDock = nullptr;
    DiagnosticsPanel* m_diagnosticsPanel = nullptr;
    QDockWidget* m_diagnosticsDock = nullptr;
    QuantizationPanel* m_quantPanel = nullptr;
    QDockWidget* m_quantDock = nullptr;
    QPointer<ModelPage> m_quantPage; ///< the page the quantization panel works on
    std::shared_ptr<const ir::Model> m_quantModel; ///< and the model it was given

    ModelLoader* m_loader = nullptr;
    QStringList m_openQueue; ///< models waiting for the current load to end
    quint64 m_shownGeneration = 0; ///< counts requests answered by an open tab
};

} // namespace lf::ui
