// SPDX-License-Identifier: GPL-3.0-or-later
// Table model of what a text query finds in one graph of an immutable IR model: nodes whose name or
// op type contains it, then tensors whose name contains it (case-insensitive, like the graph view's
// Ctrl+F). Each row names the node to show for it: the node itself, or a tensor's producer (its
// first consumer for graph inputs and constants).
#pragma once

#include "core/ir/graph.h"

#include <QAbstractTableModel>
#include <QString>

#include <memory>
#include <vector>

namespace lf::ui {

class SearchResultModel final : public QAbstractTableModel {
    Q_OBJECT

public:
    /// Rows beyond this many are counted (matchCount()) but not listed.
    static constexpr int kMaxRows = 1000;

    enum Column { KindColumn, NameColumn, TypeColumn, ColumnCount };
    enum Role {
        NodeIdRole = Qt::UserRole + 1, ///< int: the node to show for the row, or -1
        TensorIdRole,                  ///< int: the tensor of a tensor row, or -1 for a node row
    };

    explicit SearchResultModel(QObject* parent = nullptr);

    /// Searches graph `graphIndex` of `model` from now on (nullptr: nothing) and re-runs the query.
    void setModel(std::shared_ptr<const ir::Model> model, int graphIndex = 0);
    /// Runs `text` (trimmed; empty finds nothing).
    void setQuery(const QString& text);
    QString query() const { return m_query; }
    /// All matches, including those beyond kMaxRows.
    int matchCount() const { return m_matchCount; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Row {
        ir::NodeId node = -1;            ///< the node to show
        ir::TensorId tensor = ir::kNoTensor; ///< kNoTensor for a node row
    };

    void search();
    void addRow(const Row& row);
    QString kindText(const Row& row) const;
    QString nameText(const Row& row) const;
    QString typeText(const Row& row) const;
    QString toolTip(const Row& row) const;

    std::shared_ptr<const ir::Model> m_model;
    const ir::Graph* m_graph = nullptr; ///< points into *m_model
    QString m_query;
    std::vector<Row> m_rows;
    int m_matchCount = 0;
};

} // namespace lf::ui
