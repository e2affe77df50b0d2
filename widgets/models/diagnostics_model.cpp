// SPDX-License-Identifier: GPL-3.0-or-later
// Conversion of core diagnostics and errors into rows, and their display: file names with the full
// path in the tooltip, severities coloured.
#include "widgets/models/diagnostics_model.h"

#include <QBrush>
#include <QColor>
#include <QDir>
#include <QFileInfo>
#include <QStringList>

#include <algorithm>

namespace lf::ui {

namespace {

/// Readers prefix their locations with the file path ("/m/a.tflite: tensor 3"); the file has its
/// own column.
QString withoutFilePrefix(const QString& where, const QString& file)
{
    const QString prefix = file + QStringLiteral(": ");
    if (!file.isEmpty() && where.startsWith(prefix))
        return where.mid(prefix.size());
    return where == file ? QString() : where;
}

} // namespace

DiagnosticsModel::DiagnosticsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

DiagnosticsModel::Entry DiagnosticsModel::fromDiagnostic(const QString& file,
                                                          const Diagnostic& diagnostic)
{
    const Severity severity = diagnostic.severity == Diagnostic::Severity::Info ? Severity::Info
                                                                                : Severity::Warning;
    return {severity, file, withoutFilePrefix(QString::fromStdString(diagnostic.where), file),
            QString::fromStdString(diagnostic.message)};
}

DiagnosticsModel::Entry DiagnosticsModel::fromError(const QString& file, const Error& error)
{
    QStringList parts{QString::fromStdString(error.message)};
    for (const std::string& note : error.notes)
        parts.append(QString::fromStdString(note));
    return {Severity::Error, file, withoutFilePrefix(QString::fromStdString(error.where), file),
            parts.join(QStringLiteral("; "))};
}

void DiagnosticsModel::append(const Entry& entry)
{
    append(std::vector<Entry>{entry});
}

void DiagnosticsModel::append(const std::vector<Entry>& entries)
{
    if (entries.empty())
        return;
    const int first = rowCount();
    beginInsertRows({}, first, first + static_cast<int>(entries.size()) - 1);
    m_entries.insert(m_entries.end(), entries.begin(), entries.end());
    endInsertRows();
}

void DiagnosticsModel::clear()
{
    if (m_entries.empty())
        return;
    beginResetModel();
    m_entries.clear();
    endResetModel();
}

int DiagnosticsModel::count(Severity severity) const
{
    return static_cast<int>(std::count_if(m_entries.begin(), m_entries.end(),
                                           [severity](const Entry& e) { return e.severity == severity; }));
}

int DiagnosticsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_entries.size());
}

int DiagnosticsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DiagnosticsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry& entry = m_entries[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole: return displayText(entry, index.column());
    case Qt::ToolTipRole:
        if (index.column() == FileColumn)
            return QDir::toNativeSeparators(entry.file);
        if (index.column() == LocationColumn)
            return entry.where;
        return index.column() == MessageColumn ? entry.message : QVariant();
    case Qt::ForegroundRole:
        if (index.column() != SeverityColumn || entry.severity == Severity::Info)
            return {};
        return QBrush(entry.severity == Severity::Error ? QColor(0xc6, 0x28, 0x28)
                                                        : QColor(0xb2, 0x6a, 0x00));
    case FilePathRole: return entry.file;
    case SeverityRole: return static_cast<int>(entry.severity);
    default: return {};
    }
}

QVariant DiagnosticsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SeverityColumn: return tr("Severity");
    case FileColumn: return tr("File");
    case LocationColumn: return tr("Location");
    case MessageColumn: return tr("Message");
    default: return {};
    }
}

QString DiagnosticsModel::displayText(const Entry& entry, int column) const
{
    switch (column) {
    case SeverityColumn: return severityText(entry.severity);
    case FileColumn: return QFileInfo(entry.file).fileName();
    case LocationColumn: return entry.where;
    case MessageColumn: return entry.message;
    default: return {};
    }
}

QString DiagnosticsModel::severityText(Severity severity) const
{
    switch (severity) {
    case Severity::Info: return tr("Info");
    case Severity::Warning: return tr("Warning");
    case Severity::Error: return tr("Error");
    }
    return {};
}

} // namespace lf::ui
