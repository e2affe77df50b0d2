// SPDX-License-Identifier: GPL-3.0-or-later
// The page of one open model (one tab of the main window): a summary header (format, counts,
// parameter size, graph I/O) above view tabs, the graph view first and the node table second.
// Selecting a node in either view selects it in the other; the page reports the selection so the
// window's docks can follow the page they show. Further views are added with addView().
#pragma once

#include "core/ir/graph.h"

#include <QDateTime>
#include <QWidget>

#include <memory>

class QLabel;
class QLineEdit;
class QModelIndex;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;

namespace lf::ui {

class GraphView;
class NodeListModel;

class ModelPage final : public QWidget {
    Q_OBJECT

public:
    explicit ModelPage(QWidget* parent = nullptr);

    /// Shows `model` (never null), read from `path`; remembers the file's modification time.
    void setModel(std::shared_ptr<const ir::Model> model, const QString& path);
    const std::shared_ptr<const ir::Model>& model() const { return m_model; }
    QString path() const { return m_path; }
    /// True if the file changed on disk since it was loaded here.
    bool isStale() const;

    /// Adds a view as a tab; `first` puts it before the others and selects it.
    void addView(QWidget* view, const QString& title, bool first = false);
    QTabWidget* viewTabs() const { return m_tabs; }

    GraphView* graphView() const { return m_graphView; }
    QTableView* nodeTable() const { return m_nodeTable; }
    NodeListModel* nodeModel() const { return m_nodeModel; }

    /// The selection last reported (-1 for none).
    int selectedNode() const { return m_selectedNode; }
    int selectedTensor() const { return m_selectedTensor; }
    /// Selects what a search found and centres it in the graph: node `node`, or for a graph input
    /// tensor without a node its input box.
    void showFound(int node, int tensor);

signals:
    void nodeSelected(int node);
    void tensorSelected(int tensor);

private:
    QWidget* createHeader();
    QWidget* createNodesTab();
    void updateSummary(const ir::Model& model, const QString& path);
    void showNodeFromGraph(int node);
    void showNodeFromTable(const QModelIndex& current);
    void showTensorFromGraph(int tensor);
    void centreOnItem(int index);
    int inputItemOf(int tensor) const;

    std::shared_ptr<const ir::Model> m_model;
    QString m_path;
    QDateTime m_fileTime;
    int m_selectedNode = -1;
    int m_selectedTensor = -1;
    bool m_syncingSelection = false; ///< set while one view follows the other, against echo loops

    QLabel* m_titleLabel = nullptr;
    QLabel* m_countsLabel = nullptr;
    QLabel* m_inputsLabel = nullptr;
    QLabel* m_outputsLabel = nullptr;
    QTabWidget* m_tabs = nullptr;
    GraphView* m_graphView = nullptr;
    QLineEdit* m_filterEdit = nullptr;
    QTableView* m_nodeTable = nullptr;
    NodeListModel* m_nodeModel = nullptr;
    QSortFilterProxyModel* m_filterModel = nullptr;
};

} // namespace lf::ui
