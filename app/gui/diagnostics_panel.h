// SPDX-License-Identifier: GPL-3.0-or-later
// The Log dock's content: every warning and error met while opening models (DiagnosticsModel), with
// a summary line and a Clear button. Double-clicking a row asks to show that row's model.
#pragma once

#include <QWidget>

class QLabel;
class QTableView;

namespace lf::ui {

class DiagnosticsModel;

class DiagnosticsPanel final : public QWidget {
    Q_OBJECT

public:
    explicit DiagnosticsPanel(QWidget* parent = nullptr);

    DiagnosticsModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    /// "2 warnings, 1 error" or the empty-log text.
    QString summaryText() const;

signals:
    void fileActivated(const QString& path);
    /// The numbers of warnings and errors changed.
    void countsChanged(int warnings, int errors);

private:
    void updateSummary();

    DiagnosticsModel* m_model = nullptr;
    QTableView* m_view = nullptr;
    QLabel* m_summary = nullptr;
};

} // namespace lf::ui
