// SPDX-License-Identifier: GPL-3.0-or-later
// The rewrite log table model: filtering keeps a list of matching event indices.
#include "widgets/rewrite_inspector/rewrite_event_model.h"

#include <QStringList>

namespace lf::ui {

namespace {

QString joined(const std::vector<std::string>& names)
{
    QStringList parts;
    for (const std::string& name : names)
        parts.append(QString::fromStdString(name));
    return parts.join(QStringLiteral(", "));
}

} // namespace

RewriteEventModel::RewriteEventModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void RewriteEventModel::setLog(passes::RewriteLog log)
{
    beginResetModel();
    m_log = std::move(log);
    refilter();
    endResetModel();
}

void RewriteEventModel::setFilter(const QString& text, std::optional<passes::RewriteKind> kind)
{
    beginResetModel();
    m_text = text;
    m_kind = kind;
    refilter();
    endResetModel();
}

void RewriteEventModel::refilter()
{
    m_rows.clear();
    const auto& events = m_log.events();
    for (std::size_t i = 0; i < events.size(); ++i) {
        if (m_kind && events[i].kind != *m_kind)
            continue;
        bool matches = m_text.isEmpty();
        for (int column = 0; column < ColumnCount && !matches; ++column)
            matches = cellText(events[i], column).contains(m_text, Qt::CaseInsensitive);
        if (matches)
            m_rows.push_back(i);
    }
}

const passes::RewriteEvent* RewriteEventModel::event(int row) const
{
    if (row < 0 || static_cast<std::size_t>(row) >= m_rows.size())
        return nullptr;
    return &m_log.events()[m_rows[static_cast<std::size_t>(row)]];
}

int RewriteEventModel::rowOf(std::size_t index) const
{
    const auto found = std::find(m_rows.begin(), m_rows.end(), index);
    return found == m_rows.end() ? -1 : static_cast<int>(found - m_rows.begin());
}

int RewriteEventModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int RewriteEventModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString RewriteEventModel::cellText(const passes::RewriteEvent& event, int column) const
{
    switch (column) {
    case KindColumn: return QString::fromLatin1(passes::rewriteKindName(event.kind));
    case PassColumn: return QString::fromStdString(event.pass);
    case SourcesColumn: return joined(event.sources);
    case NodesColumn: return joined(event.nodes);
    case DetailColumn: return QString::fromStdString(event.detail);
    default: return {};
    }
}

QVariant RewriteEventModel::data(const QModelIndex& index, int role) const
{
    const passes::RewriteEvent* shown = event(index.row());
    if (!shown)
        return {};
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
        return cellText(*shown, index.column());
    if (role == EventIndexRole)
        return static_cast<qulonglong>(m_rows[static_cast<std::size_t>(index.row())]);
    return {};
}

QVariant RewriteEventModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case KindColumn: return tr("Kind");
    case PassColumn: return tr("Pass");
    case SourcesColumn: return tr("Source nodes");
    case NodesColumn: return tr("IR nodes");
    case DetailColumn: return tr("Detail");
    default: return {};
    }
}

} // namespace lf::ui
