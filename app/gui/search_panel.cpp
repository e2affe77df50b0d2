// SPDX-License-Identifier: GPL-3.0-or-later
// Layout and wiring of the search panel: the query runs as it is typed; the current row of the
// result list is what was picked, so arrow keys walk through the matches in the graph.
#include "app/gui/search_panel.h"

#include "widgets/models/search_result_model.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QTableView>
#include <QVBoxLayout>

namespace lf::ui {

SearchPanel::SearchPanel(QWidget* parent)
    : QWidget(parent)
{
    m_queryEdit = new QLineEdit(this);
    m_queryEdit->setPlaceholderText(tr("Find nodes, op types or tensors"));
    m_queryEdit->setClearButtonEnabled(true);
    m_countLabel = new QLabel(this);
    m_countLabel->setForegroundRole(QPalette::PlaceholderText);

    m_results = new SearchResultModel(this);
    m_resultView = new QTableView(this);
    m_resultView->setModel(m_results);
    m_resultView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_resultView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_resultView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_resultView->setWordWrap(false);
    m_resultView->setTextElideMode(Qt::ElideLeft); // the ends of scoped names tell them apart
    m_resultView->verticalHeader()->hide();
    m_resultView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_resultView->verticalHeader()->setDefaultSectionSize(m_resultView->fontMetrics().height() + 6);
    QHeaderView* columns = m_resultView->horizontalHeader();
    columns->setHighlightSections(false);
    columns->setSectionResizeMode(SearchResultModel::KindColumn, QHeaderView::ResizeToContents);
    columns->setSectionResizeMode(SearchResultModel::NameColumn, QHeaderView::Stretch);
    columns->setSectionResizeMode(SearchResultModel::TypeColumn, QHeaderView::ResizeToContents);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_queryEdit);
    layout->addWidget(m_countLabel);
    layout->addWidget(m_resultView, 1);

    connect(m_queryEdit, &QLineEdit::textChanged, this, &SearchPanel::runQuery);
    connect(m_resultView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &SearchPanel::pickResult);
    connect(m_results, &QAbstractItemModel::modelReset, this, &SearchPanel::updateCount);
    updateCount();
}

void SearchPanel::setModel(std::shared_ptr<const ir::Model> model)
{
    m_results->setModel(std::move(model));
}

void SearchPanel::focusQuery()
{
    m_queryEdit->setFocus(Qt::ShortcutFocusReason);
    m_queryEdit->selectAll();
}

void SearchPanel::setQuery(const QString& text)
{
    m_queryEdit->setText(text);
}

bool SearchPanel::pickFirst()
{
    if (m_results->rowCount() == 0)
        return false;
    m_resultView->selectionModel()->setCurrentIndex(
        m_results->index(0, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    return true;
}

void SearchPanel::runQuery(const QString& text)
{
    m_results->setQuery(text);
}

void SearchPanel::pickResult(const QModelIndex& current)
{
    if (!current.isValid())
        return;
    emit resultPicked(current.data(SearchResultModel::NodeIdRole).toInt(),
                      current.data(SearchResultModel::TensorIdRole).toInt());
}

void SearchPanel::updateCount()
{
    const QLocale locale;
    const int matches = m_results->matchCount();
    if (m_results->query().isEmpty())
        m_countLabel->setText(tr("Type to search the open model."));
    else if (matches > m_results->rowCount())
        m_countLabel->setText(tr("%1 matches, the first %2 shown")
                                  .arg(locale.toString(matches), locale.toString(m_results->rowCount())));
    else
        m_countLabel->setText(matches == 1 ? tr("1 match") : tr("%1 matches").arg(locale.toString(matches)));
}

} // namespace lf::ui
