// SPDX-License-Identifier: GPL-3.0-or-later
// Keep-in-float table: rows carry the report layer (or -1 for a node kept earlier) and the node name;
// the check box in column 0 edits the kept set.
#include "widgets/quantization/keep_float_table.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QSignalBlocker>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace lf::ui {

namespace {

constexpr int kLayerRole = Qt::UserRole;
constexpr int kNodeRole = Qt::UserRole + 1;

enum Column { NodeColumn, OpColumn, AccumulatedColumn, IsolatedColumn, NoteColumn, ColumnCount };

QTableWidgetItem* textItem(const QString& text)
{
    auto* item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    return item;
}

QTableWidgetItem* numberItem(double value)
{
    QTableWidgetItem* item = textItem(QString::number(value, 'f', 3));
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

} // namespace

KeepFloatTable::KeepFloatTable(QWidget* parent)
    : QWidget(parent)
{
    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setHorizontalHeaderLabels({tr("Keep float: node"), tr("Op"), tr("Accum."), tr("Isol."), tr("Note")});
    m_table->horizontalHeaderItem(AccumulatedColumn)->setToolTip(tr("Accumulated RMSE / scale"));
    m_table->horizontalHeaderItem(IsolatedColumn)->setToolTip(tr("Isolated RMSE / scale"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(NodeColumn, QHeaderView::Stretch);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_suggestButton = new QPushButton(tr("Tick Suggestion"), this);
    m_suggestButton->setToolTip(tr("Keep in float the nodes the debugger suggests for the flagged layers"));
    m_clearButton = new QPushButton(tr("Clear"), this);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_suggestButton);
    buttons->addWidget(m_clearButton);
    buttons->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);

    connect(m_table, &QTableWidget::cellChanged, this, &KeepFloatTable::onItemChanged);
    connect(m_table, &QTableWidget::currentCellChanged, this, [this](int row) {
        const QTableWidgetItem* item = m_table->item(row, NodeColumn);
        if (!m_filling && item && item->data(kLayerRole).toInt() >= 0)
            emit layerActivated(item->data(kLayerRole).toInt());
    });
    connect(m_suggestButton, &QPushButton::clicked, this, &KeepFloatTable::acceptSuggestion);
    connect(m_clearButton, &QPushButton::clicked, this, [this] {
        m_kept.clear();
        fill();
        emit keptNodesChanged();
    });
    fill();
}

void KeepFloatTable::setResults(std::shared_ptr<const QuantizationResults> results, const NodeSet& kept)
{
    m_results = std::move(results);
    m_kept = kept;
    fill();
}

void KeepFloatTable::setKept(const std::string& node, bool kept)
{
    if (kept == bool(m_kept.count(node)))
        return;
    if (kept)
        m_kept.insert(node);
    else
        m_kept.erase(node);
    fill();
    emit keptNodesChanged();
}

void KeepFloatTable::acceptSuggestion()
{
    if (!m_results)
        return;
    m_kept.insert(m_results->suggestion.begin(), m_results->suggestion.end());
    fill();
    emit keptNodesChanged();
}

void KeepFloatTable::selectLayer(int layer)
{
    const QSignalBlocker blocker(m_table);
    m_filling = true;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (m_table->item(row, NodeColumn)->data(kLayerRole).toInt() == layer) {
            m_table->setCurrentCell(row, NodeColumn);
            m_table->scrollToItem(m_table->item(row, NodeColumn));
            break;
        }
    }
    m_filling = false;
}

void KeepFloatTable::fill()
{
    m_filling = true;
    const QSignalBlocker blocker(m_table);
    m_table->setRowCount(0);
    const auto addRow = [this](int layer, const std::string& node, const QString& op) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        auto* item = new QTableWidgetItem(QString::fromStdString(node));
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        item->setCheckState(m_kept.count(node) ? Qt::Checked : Qt::Unchecked);
        item->setData(kLayerRole, layer);
        item->setData(kNodeRole, QString::fromStdString(node));
        m_table->setItem(row, NodeColumn, item);
        m_table->setItem(row, OpColumn, textItem(op));
        return row;
    };
    NodeSet listed;
    if (m_results) {
        const auto& suggestion = m_results->suggestion;
        for (std::size_t i = 0; i < m_results->report.layers.size(); ++i) {
            const quant::LayerReport& layer = m_results->report.layers[i];
            const int row = addRow(int(i), layer.node, QString::fromStdString(layer.opType));
            listed.insert(layer.node);
            m_table->setItem(row, AccumulatedColumn, numberItem(layer.accumulated.rmseOverScale));
            m_table->setItem(row, IsolatedColumn, layer.isolated ? numberItem(layer.isolated->rmseOverScale)
                                                                 : textItem(QStringLiteral("–")));
            QStringList notes;
            if (layer.flagged)
                notes.append(tr("flagged"));
            if (std::find(suggestion.begin(), suggestion.end(), layer.node) != suggestion.end())
                notes.append(tr("suggested"));
            m_table->setItem(row, NoteColumn, textItem(notes.join(QStringLiteral(", "))));
        }
    }
    for (const std::string& node : m_kept) {
        if (!listed.count(node)) {
            const int row = addRow(-1, node, tr("(float)"));
            m_table->setItem(row, NoteColumn, textItem(tr("kept in float")));
        }
    }
    m_table->resizeColumnsToContents();
    m_table->horizontalHeader()->setSectionResizeMode(NodeColumn, QHeaderView::Stretch);
    m_suggestButton->setEnabled(m_results && !m_results->suggestion.empty());
    m_clearButton->setEnabled(!m_kept.empty());
    m_filling = false;
}

void KeepFloatTable::onItemChanged(int row, int column)
{
    const QTableWidgetItem* item = m_table->item(row, NodeColumn);
    if (m_filling || column != NodeColumn || !item)
        return;
    const std::string node = item->data(kNodeRole).toString().toStdString();
    const bool kept = item->checkState() == Qt::Checked;
    if (kept)
        m_kept.insert(node);
    else
        m_kept.erase(node);
    m_clearButton->setEnabled(!m_kept.empty());
    emit keptNodesChanged();
}

} // namespace lf::ui
