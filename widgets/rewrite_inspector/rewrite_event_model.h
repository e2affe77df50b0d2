// SPDX-License-Identifier: GPL-3.0-or-later
// The rewrite log as a filterable table: kind, pass, source nodes, IR nodes, detail. The filter is
// a kind (or all) plus text matched against every column, case-insensitively.
#pragma once

#include "core/passes/rewrite_log.h"

#include <QAbstractTableModel>

#include <optional>
#include <vector>

namespace lf::ui {

class RewriteEventModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { KindColumn, PassColumn, SourcesColumn, NodesColumn, DetailColumn, ColumnCount };
    enum Role { EventIndexRole = Qt::UserRole + 1 };

    explicit RewriteEventModel(QObject* parent = nullptr);

    void setLog(passes::RewriteLog log);
    const passes::RewriteLog& log() const { return m_log; }
    /// Shows only events of `kind` (nullopt: every kind) whose text contains `text`.
    void setFilter(const QString& text, std::optional<passes::RewriteKind> kind);

    /// The event shown in `row`, or nullptr.
    const passes::RewriteEvent* event(int row) const;
    /// The row showing log event `index`, or -1 when it is filtered out.
    int rowOf(std::size_t index) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QString cellText(const passes::RewriteEvent& event, int column) const;
    void refilter();

    passes::RewriteLog m_log;
    std::vector<std::size_t> m_rows; ///< indices into m_log.events() that pass the filter
    QString m_text;
    std::optional<passes::RewriteKind> m_kind;
};

} // namespace lf::ui
