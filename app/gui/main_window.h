// SPDX-License-Identifier: GPL-3.0-or-later
// The application window: menus, the start page or the open model's page in a stacked central
// area, drag and drop of model files and folders, recent files and a status bar. Models load on a
// worker thread; only the newest request is shown and a failed load keeps the previous model.
#pragma once

#include "core/ir/graph.h"

#include <QMainWindow>
#include <QModelIndex>
#include <QStringList>

#include <atomic>
#include <memory>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QProgressBar;
class QStackedWidget;
class QTableView;

namespace lf {
struct Error;
}

namespace lf::ui {

class GraphView;
class ModelPage;
class ConversionWizard;
class NodeInspector;
class QuantizationPanel;
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
    /// and its outcome dropped.
    bool openModel(const QString& path);

    /// The node table of the model page (exists even while no model is open).
    QTableView* nodeTable() const;
    /// The graph tab of the model page and the inspector dock (exist even while no model is open).
    GraphView* graphView() const { return m_graphView; }
    NodeInspector* nodeInspector() const { return m_inspector; }
    QDockWidget* inspectorDock() const { return m_inspectorDock; }
    /// The quantization panel for the open model, in a dock hidden until asked for.
    QuantizationPanel* quantizationPanel() const { return m_quantPanel; }
    QDockWidget* quantizationDock() const { return m_quantDock; }
    /// Shows the quantization dock; with `run`, starts a run on the open model.
    void showQuantizationPanel(bool run = false);
    /// Recent files, newest first, at most kMaxRecentFiles, without entries that no longer exist.
    QStringList recentFiles() const;
    void clearRecentFiles();
    /// The model shown, or nullptr on the start page.
    std::shared_ptr<const ir::Model> currentModel() const { return m_model; }
    QString currentPath() const { return m_modelPath; }
    bool isLoading() const { return !m_loadingPath.isEmpty(); }
    /// True while the start page (not a model) is shown.
    bool isStartPageShown() const;
    /// Opens the conversion wizard (non-modal), with `path` as the source if given; returns it.
    ConversionWizard* showConversionWizard(const QString& path = {});

    /// Adds a view as a tab of the model page (the graph view, later panels).
    void addModelView(QWidget* view, const QString& title, bool first = false);

    /// Model files found in the bundled samples folder (installed or in the source tree).
    static QStringList sampleModels();
    /// The model to open from a set of dropped paths: a Darknet .cfg if one is among them (its
    /// .weights travel with it), otherwise the first path; empty for no paths.
    static QString modelPathFromDrop(const QStringList& paths);

signals:
    void modelLoaded(const QString& path);
    void modelLoadFailed(const QString& path, const QString& message);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    struct LoadOutcome;

    void createActions();
    void createMenus();
    void createStatusBar();
    void createGraphViews();
    void createQuantizationPanel();
    void showNodeFromGraph(int node);
    void showNodeFromTable(const QModelIndex& current);
    void showOpenDialog();
    void showAbout();
    void finishLoad(const QString& path, const LoadOutcome& outcome);
    void failLoad(const QString& path, const Error& error);
    void setLoadingPath(const QString& path);
    void addRecentFile(const QString& path);
    void storeRecentFiles(const QStringList& paths);
    void updateRecentFiles();
    void readSettings();
    void writeSettings() const;

    StartPage* m_startPage = nullptr;
    ModelPage* m_modelPage = nullptr;
    QStackedWidget* m_pages = nullptr;

    QAction* m_openAction = nullptr;
    QAction* m_convertAction = nullptr;
    QAction* m_clearRecentAction = nullptr;
    QAction* m_quitAction = nullptr;
    QAction* m_aboutAction = nullptr;
    QAction* m_aboutQtAction = nullptr;
    QMenu* m_recentMenu = nullptr;

    QLabel* m_statusLabel = nullptr;
    QProgressBar* m_busyBar = nullptr;

    GraphView* m_graphView = nullptr;
    NodeInspector* m_inspector = nullptr;
    QDockWidget* m_inspectorDock = nullptr;
    QuantizationPanel* m_quantPanel = nullptr;
    QDockWidget* m_quantDock = nullptr;
    QMenu* m_viewMenu = nullptr;
    bool m_syncingSelection = false; ///< set while one view follows the other, against echo loops

    std::shared_ptr<const ir::Model> m_model;
    QString m_modelPath;
    QString m_loadingPath;
    quint64 m_loadGeneration = 0; ///< results of older generations are stale and dropped
    std::shared_ptr<std::atomic_bool> m_cancelLoad;
};

} // namespace lf::ui
