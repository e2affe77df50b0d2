// SPDX-License-Identifier: GPL-3.0-or-later
// Layout of the log panel; new rows scroll into view so the latest load's messages are visible.
#include "app/gui/diagnostics_panel.h"

#include "widgets/models/diagnostics_model.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace lf::ui {

DiagnosticsPanel::DiagnosticsPanel(QWidget* parent)
    : QWidget(parent)
{
    m_model = new DiagnosticsModel(this);
    m_view = new QTableView(this);
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setWordWrap(false);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    QHeaderView* columns = m_view->horizontalHeader();
    columns->setHighlightSections(false);
    columns->setStretchLastSection(true);
    columns->setSectionResizeMode(DiagnosticsModel::SeverityColumn, QHeaderView::ResizeToContents);
    columns->resizeSection(DiagnosticsModel::FileColumn, 200);
    columns->resizeSection(DiagnosticsModel::LocationColumn, 240);

    m_summary = new QLabel(this);
    auto* clear = new QPushButton(tr("Clear"), this);
    clear->setToolTip(tr("Remove all messages from the log"));
    auto* bar = new QHBoxLayout;
    bar->addWidget(m_summary, 1);
    bar->addWidget(clear);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);

    connect(clear, &QPushButton::clicked, m_model, &DiagnosticsModel::clear);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex&, int, int last) {
        m_view->scrollTo(m_model->index(last, 0));
        updateSummary();
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, &DiagnosticsPanel::updateSummary);
    connect(m_view, &QAbstractItemView::activated, this, [this](const QModelIndex& index) {
        emit fileActivated(index.data(DiagnosticsModel::FilePathRole).toString());
    });
    updateSummary();
}

QString DiagnosticsPanel::summaryText() const
{
    return m_summary->text();
}

void DiagnosticsPanel::updateSummary()
{
    const int warnings = m_model->count(DiagnosticsModel::Severity::Warning);
    const int errors = m_model->count(DiagnosticsModel::Severity::Error);
    if (m_model->rowCount() == 0)
        m_summary->setText(tr("No warnings or errors."));
    else
        m_summary->setText(tr("%1, %2").arg(warnings == 1 ? tr("1 warning") : tr("%1 warnings").arg(warnings),
                                            errors == 1 ? tr("1 error") : tr("%1 errors").arg(errors)));
    emit countsChanged(warnings, errors);
}

} // namespace lf::ui
