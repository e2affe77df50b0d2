// SPDX-License-Identifier: GPL-3.0-or-later
// The page shown for an open model: a summary header (format, counts, parameter size, graph I/O)
// above a tab widget whose first tab is the node table. Further views (the graph view, tensors,
// conversion) are added as tabs with addView(), so this page does not change when they arrive.
#pragma once

#include "core/ir/graph.h"

#include <QWidget>

#include <memory>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;

namespace lf::ui {

class NodeListModel;

class ModelPage final : public QWidget {
    Q_OBJECT

public:
    explicit ModelPage(QWidget* parent = nullptr);

    /// Shows `model` (never null), read from `path`.
    void setModel(std::shared_ptr<const ir::Model> model, const QString& path);

    /// Adds a view as a tab; `first` puts it before the node table and selects it.
    void addView(QWidget* view, const QString& title, bool first = false);

    QTableView* nodeTable() const { return m_nodeTable; }
    NodeListModel* nodeModel() const { return m_nodeModel; }

private:
    void updateSummary(const ir::Model& model, const QString& path);

    QLabel* m_titleLabel = nullptr;
    QLabel* m_countsLabel = nullptr;
    QLabel* m_inputsLabel = nullptr;
    QLabel* m_outputsLabel = nullptr;
    QTabWidget* m_tabs = nullptr;
    QLineEdit* m_filterEdit = nullptr;
    QTableView* m_nodeTable = nullptr;
    NodeListModel* m_nodeModel = nullptr;
    QSortFilterProxyModel* m_filterModel = nullptr;
};

} // namespace lf::ui
