// SPDX-License-Identifier: GPL-3.0-or-later
// The search runs over the whole graph on every query change (a linear scan of names is fast even
// for graphs of tens of thousands of nodes) and resets the model with the rows found.
#include "widgets/models/search_result_model.h"

#include "widgets/common/ir_text.h"

#include <algorithm>

namespace lf::ui {

namespace {

bool contains(const std::string& text, const QString& needle)
{
    return QString::fromStdString(text).contains(needle, Qt::CaseInsensitive);
}

bool isGraphInput(const ir::Graph& graph, ir::TensorId id)
{
    return std::find(graph.inputs.begin(), graph.inputs.end(), id) != graph.inputs.end();
}

bool isGraphOutput(const ir::Graph& graph, ir::TensorId id)
{
    return std::find(graph.outputs.begin(), graph.outputs.end(), id) != graph.outputs.end();
}

/// For every tensor, its first consumer or -1.
std::vector<ir::NodeId> firstConsumers(const ir::Graph& graph)
{
    std::vector<ir::NodeId> consumers(graph.tensors.size(), -1);
    for (std::size_t n = graph.nodes.size(); n-- > 0;) {
        for (ir::TensorId id : graph.nodes[n].inputs) {
            if (id >= 0 && static_cast<std::size_t>(id) < consumers.size())
                consumers[static_cast<std::size_t>(id)] = static_cast<ir::NodeId>(n);
        }
    }
    return consumers;
}

} // namespace

SearchResultModel::SearchResultModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void SearchResultModel::setModel(std::shared_ptr<const ir::Model> model, int graphIndex)
{
    beginResetModel();
    m_model = std::move(model);
    m_graph = nullptr;
    if (m_model && graphIndex >= 0 && static_cast<std::size_t>(graphIndex) < m_model->graphs.size())
        m_graph = &m_model->graphs[static_cast<std::size_t>(graphIndex)];
    search();
    endResetModel();
}

void SearchResultModel::setQuery(const QString& text)
{
    beginResetModel();
    m_query = text.trimmed();
    search();
    endResetModel();
}

void SearchResultModel::search()
{
    m_rows.clear();
    m_matchCount = 0;
    if (!m_graph || m_query.isEmpty())
        return;
    const ir::Graph& graph = *m_graph;
    for (std::size_t n = 0; n < graph.nodes.size(); ++n) {
        const ir::Node& node = graph.nodes[n];
        if (contains(node.name, m_query) || contains(node.typeName(), m_query))
            addRow({static_cast<ir::NodeId>(n), ir::kNoTensor});
    }
    const std::vector<ir::NodeId> producers = graph.producers();
    const std::vector<ir::NodeId> consumers = firstConsumers(graph);
    for (std::size_t t = 0; t < graph.tensors.size(); ++t) {
        if (!contains(graph.tensors[t].name, m_query))
            continue;
        const ir::NodeId producer = t < producers.size() ? producers[t] : -1;
        addRow({producer >= 0 ? producer : consumers[t], static_cast<ir::TensorId>(t)});
    }
}

void SearchResultModel::addRow(const Row& row)
{
    ++m_matchCount;
    if (static_cast<int>(m_rows.size()) < kMaxRows)
        m_rows.push_back(row);
}

int SearchResultModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int SearchResultModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SearchResultModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)
        || !m_graph)
        return {};
    const Row& row = m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case KindColumn: return kindText(row);
        case NameColumn: return nameText(row);
        case TypeColumn: return typeText(row);
        default: return {};
        }
    case Qt::ToolTipRole: return toolTip(row);
    case NodeIdRole: return row.node;
    case TensorIdRole: return row.tensor;
    default: return {};
    }
}

QVariant SearchResultModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case KindColumn: return tr("Kind");
    case NameColumn: return tr("Name");
    case TypeColumn: return tr("Type");
    default: return {};
    }
}

QString SearchResultModel::kindText(const Row& row) const
{
    if (row.tensor == ir::kNoTensor)
        return tr("Node");
    if (isGraphInput(*m_graph, row.tensor))
        return tr("Input");
    if (isGraphOutput(*m_graph, row.tensor))
        return tr("Output");
    if (m_graph->tensors[static_cast<std::size_t>(row.tensor)].isConstant())
        return tr("Constant");
    return tr("Tensor");
}

QString SearchResultModel::nameText(const Row& row) const
{
    const std::string& name = row.tensor == ir::kNoTensor
        ? m_graph->nodes[static_cast<std::size_t>(row.node)].name
        : m_graph->tensors[static_cast<std::size_t>(row.tensor)].name;
    if (!name.empty())
        return QString::fromStdString(name);
    return row.tensor == ir::kNoTensor ? tr("node #%1").arg(row.node) : tr("tensor #%1").arg(row.tensor);
}

QString SearchResultModel::typeText(const Row& row) const
{
    if (row.tensor == ir::kNoTensor)
        return QString::fromStdString(m_graph->nodes[static_cast<std::size_t>(row.node)].typeName());
    return tensorTypeText(m_graph->tensors[static_cast<std::size_t>(row.tensor)]);
}

QString SearchResultModel::toolTip(const Row& row) const
{
    if (row.node < 0)
        return tr("Not used by any node");
    const ir::Node& node = m_graph->nodes[static_cast<std::size_t>(row.node)];
    const QString nodeText = tr("node #%1 %2 %3")
                                 .arg(QString::number(row.node), QString::fromStdString(node.typeName()),
                                      QString::fromStdString(node.name));
    return row.tensor == ir::kNoTensor ? nodeText : tr("Shown at %1").arg(nodeText);
}

} // namespace lf::ui
