// SPDX-License-Identifier: GPL-3.0-or-later
// Table model of the messages gathered while opening models: the warnings importers and readers
// report through TaskContext (e.g. a repaired quantized dimension, a dynamic dimension fixed to 1)
// and the errors of failed loads, each with its file, location (node or tensor) and reason. Rows
// are only appended, oldest first, until clear().
#pragma once

#include "core/base/result.h"
#include "core/base/task_context.h"

#include <QAbstractTableModel>
#include <QString>

#include <vector>

namespace lf::ui {

class DiagnosticsModel final : public QAbstractTableModel {
    Q_OBJECT

public:
    enum class Severity { Info, Warning, Error };
    struct Entry {
        Severity severity = Severity::Warning;
        QString file;    ///< absolute path of the model the message is about
        QString where;   ///< node, tensor or offset inside the file; may be empty
        QString message; ///< the reason
    };
    enum Column { SeverityColumn, FileColumn, LocationColumn, MessageColumn, ColumnCount };
    enum Role {
        FilePathRole = Qt::UserRole + 1, ///< QString: Entry::file
        SeverityRole,                    ///< int: Severity
    };

    explicit DiagnosticsModel(QObject* parent = nullptr);

    /// A core diagnostic about `file`; a location that starts with the file path is shortened.
    static Entry fromDiagnostic(const QString& file, const Diagnostic& diagnostic);
    /// A failed load of `file`: the error's message, with its notes appended.
    static Entry fromError(const QString& file, const Error& error);

    void append(const Entry& entry);
    void append(const std::vector<Entry>& entries);
    void clear();
    const Entry& entry(int row) const { return m_entries[static_cast<std::size_t>(row)]; }
    int count(Severity severity) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QString displayText(const Entry& entry, int column) const;
    QString severityText(Severity severity) const;

    std::vector<Entry> m_entries;
};

} // namespace lf::ui
