// SPDX-License-Identifier: GPL-3.0-or-later
// Rows are the nodes of the chosen graph; all text is formatted on demand from the snapshot.
#include "widgets/models/node_list_model.h"

#include "widgets/common/ir_text.h"

#include <QFontDatabase>
#include <QStringList>

namespace lf::ui {

NodeListModel::NodeListModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void NodeListModel::setModel(std::shared_ptr<const ir::Model> model, int graphIndex)
{
    beginResetModel();
    m_model = std::move(model);
    m_graph = nullptr;
    if (m_model && graphIndex >= 0 && static_cast<std::size_t>(graphIndex) < m_model->graphs.size())
        m_graph = &m_model->graphs[static_cast<std::size_t>(graphIndex)];
    endResetModel();
}

int NodeListModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid() || !m_graph)
        return 0;
    return static_cast<int>(m_graph->nodes.size());
}

int NodeListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant NodeListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)
        || !m_graph)
        return {};
    const ir::Node& node = m_graph->nodes[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole: return displayText(node, index.row(), index.column());
    case Qt::ToolTipRole: return toolTip(node);
    case Qt::TextAlignmentRole:
        if (index.column() == IndexColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::FontRole:
        if (index.column() == InputsColumn || index.column() == OutputsColumn)
            return QFontDatabase::systemFont(QFontDatabase::FixedFont);
        return {};
    case NodeIdRole: return index.row();
    case OpCategoryRole: return QString::fromUtf8(ir::opCategoryName(ir::opCategory(node.op)));
    default: return {};
    }
}

QVariant NodeListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IndexColumn: return tr("#");
    case TypeColumn: return tr("Type");
    case NameColumn: return tr("Name");
    case InputsColumn: return tr("Inputs");
    case OutputsColumn: return tr("Outputs");
    default: return {};
    }
}

QString NodeListModel::displayText(const ir::Node& node, int row, int column) const
{
    switch (column) {
    case IndexColumn: return QString::number(row);
    case TypeColumn: return QString::fromStdString(node.typeName());
    case NameColumn: return QString::fromStdString(node.name);
    case InputsColumn: return tensorListText(*m_graph, node.inputs);
    case OutputsColumn: return tensorListText(*m_graph, node.outputs);
    default: return {};
    }
}

QString NodeListModel::toolTip(const ir::Node& node) const
{
    const auto tensorLines = [this](const std::vector<ir::TensorId>& ids) {
        QStringList lines;
        for (ir::TensorId id : ids) {
            if (id == ir::kNoTensor) {
                lines.append(QStringLiteral("  ") + tr("(omitted)"));
                continue;
            }
            if (id < 0 || static_cast<std::size_t>(id) >= m_graph->tensors.size())
                continue;
            const ir::Tensor& tensor = m_graph->tensors[static_cast<std::size_t>(id)];
            QString line = QStringLiteral("  %1: %2")
                               .arg(QString::fromStdString(tensor.name), tensorTypeText(tensor));
            if (tensor.isConstant())
                line += QStringLiteral(" ") + tr("(constant)");
            if (tensor.isQuantized())
                line += QStringLiteral(" ") + quantText(tensor.quant);
            lines.append(line);
        }
        return lines;
    };

    QStringList lines;
    lines.append(QString::fromStdString(node.typeName())
                 + (node.name.empty() ? QString()
                                      : QStringLiteral(" — ") + QString::fromStdString(node.name)));
    lines.append(tr("Inputs:"));
    lines.append(tensorLines(node.inputs));
    lines.append(tr("Outputs:"));
    lines.append(tensorLines(node.outputs));
    if (!node.attributes.empty()) {
        lines.append(tr("Attributes:"));
        for (const auto& [name, value] : node.attributes.values())
            lines.append(QStringLiteral("  %1 = %2")
                             .arg(QString::fromStdString(name), attributeValueText(value)));
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace lf::ui
