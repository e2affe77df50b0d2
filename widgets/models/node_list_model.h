// SPDX-License-Identifier: GPL-3.0-or-later
// Table model listing the nodes of one graph of an immutable IR model in execution order: index,
// op type, name, input and output tensor types, with a tooltip describing tensors and attributes.
// It only reads the shared snapshot it is given; it never changes or owns the IR exclusively.
#pragma once

#include "core/ir/graph.h"

#include <QAbstractTableModel>

#include <memory>

namespace lf::ui {

class NodeListModel final : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { IndexColumn, TypeColumn, NameColumn, InputsColumn, OutputsColumn, ColumnCount };
    enum Role {
        NodeIdRole = Qt::UserRole + 1, ///< int: index of the node in Graph::nodes
        OpCategoryRole, ///< QString: ir::opCategoryName() of the node's op
    };

    explicit NodeListModel(QObject* parent = nullptr);

    /// Shows graph `graphIndex` of `model` (nullptr or an out-of-range index shows nothing).
    void setModel(std::shared_ptr<const ir::Model> model, int graphIndex = 0);
    const std::shared_ptr<const ir::Model>& model() const { return m_model; }
    /// The graph shown, or nullptr.
    const ir::Graph* graph() const { return m_graph; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QString displayText(const ir::Node& node, int row, int column) const;
    QString toolTip(const ir::Node& node) const;

    std::shared_ptr<const ir::Model> m_model;
    const ir::Graph* m_graph = nullptr; ///< points into *m_model
};

} // namespace lf::ui
