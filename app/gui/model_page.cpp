// SPDX-License-Identifier: GPL-3.0-or-later
// Summary header and node table of an open model. The numbers come from ir::summarize(); this file
// only lays them out.
#include "app/gui/model_page.h"

#include "core/ir/model_summary.h"
#include "widgets/common/ir_text.h"
#include "widgets/models/node_list_model.h"

#include <QColor>
#include <QFileInfo>
#include <QFrame>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPalette>
#include <QSortFilterProxyModel>
#include <QStringList>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace lf::ui {

namespace {

/// Text colour for the keys of the summary: between the text and the background, so values stand
/// out.
QColor mutedTextColor(const QPalette& palette)
{
    const QColor text = palette.color(QPalette::WindowText);
    const QColor base = palette.color(QPalette::Base);
    constexpr double kTextShare = 0.55;
    const auto mix
        = [](int a, int b) { return static_cast<int>(kTextShare * a + (1.0 - kTextShare) * b); };
    return QColor(mix(text.red(), base.red()), mix(text.green(), base.green()),
                  mix(text.blue(), base.blue()));
}

QLabel* keyLabel(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

QLabel* valueLabel(QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setTextFormat(Qt::RichText);
    label->setWordWrap(true);
    return label;
}

/// "name  f32[1,28,28,1]" lines for graph inputs or outputs, HTML-escaped.
QString ioText(const ir::Graph& graph, const std::vector<ir::TensorId>& ids)
{
    QStringList lines;
    for (ir::TensorId id : ids) {
        if (id < 0 || static_cast<std::size_t>(id) >= graph.tensors.size())
            continue;
        const ir::Tensor& tensor = graph.tensors[static_cast<std::size_t>(id)];
        lines.append(QStringLiteral("%1 <code>%2</code>")
                         .arg(QString::fromStdString(tensor.name).toHtmlEscaped(),
                              tensorTypeText(tensor).toHtmlEscaped()));
    }
    return lines.isEmpty() ? QStringLiteral("-") : lines.join(QStringLiteral("<br>"));
}

} // namespace

ModelPage::ModelPage(QWidget* parent)
    : QWidget(parent)
{
    auto* header = new QFrame(this);
    header->setFrameShape(QFrame::StyledPanel);
    header->setBackgroundRole(QPalette::Base);
    header->setAutoFillBackground(true);

    m_titleLabel = valueLabel(header);
    QFont titleFont = m_titleLabel->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    m_titleLabel->setFont(titleFont);
    m_countsLabel = valueLabel(header);
    m_inputsLabel = valueLabel(header);
    m_outputsLabel = valueLabel(header);

    auto* grid = new QGridLayout(header);
    grid->setContentsMargins(12, 10, 12, 10);
    grid->setHorizontalSpacing(12);
    grid->setVerticalSpacing(6);
    grid->addWidget(m_titleLabel, 0, 0, 1, 4);
    grid->addWidget(m_countsLabel, 1, 0, 1, 4);
    grid->addWidget(keyLabel(tr("Inputs"), header), 2, 0);
    grid->addWidget(m_inputsLabel, 2, 1);
    grid->addWidget(keyLabel(tr("Outputs"), header), 2, 2);
    grid->addWidget(m_outputsLabel, 2, 3);
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(3, 1);

    m_nodeModel = new NodeListModel(this);
    m_filterModel = new QSortFilterProxyModel(this);
    m_filterModel->setSourceModel(m_nodeModel);
    m_filterModel->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_filterModel->setFilterKeyColumn(-1);

    m_filterEdit = new QLineEdit(this);
    m_filterEdit->setPlaceholderText(tr("Filter nodes by type, name or tensor type"));
    m_filterEdit->setClearButtonEnabled(true);
    connect(m_filterEdit, &QLineEdit::textChanged, m_filterModel,
            &QSortFilterProxyModel::setFilterFixedString);

    m_nodeTable = new QTableView(this);
    m_nodeTable->setModel(m_filterModel);
    m_nodeTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_nodeTable->setAlternatingRowColors(true);
    m_nodeTable->setWordWrap(false);
    m_nodeTable->setTextElideMode(Qt::ElideMiddle);
    m_nodeTable->verticalHeader()->hide();
    m_nodeTable->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_nodeTable->verticalHeader()->setDefaultSectionSize(m_nodeTable->fontMetrics().height() + 8);
    QHeaderView* columns = m_nodeTable->horizontalHeader();
    columns->setHighlightSections(false);
    columns->setSectionResizeMode(QHeaderView::Interactive);
    columns->setStretchLastSection(true);

    auto* nodesTab = new QWidget(this);
    auto* nodesLayout = new QVBoxLayout(nodesTab);
    nodesLayout->setContentsMargins(0, 6, 0, 0);
    nodesLayout->addWidget(m_filterEdit);
    nodesLayout->addWidget(m_nodeTable, 1);

    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(nodesTab, tr("Nodes"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 0);
    layout->addWidget(header);
    layout->addWidget(m_tabs, 1);
}

void ModelPage::setModel(std::shared_ptr<const ir::Model> model, const QString& path)
{
    Q_ASSERT(model && !model->graphs.empty());
    updateSummary(*model, path);
    m_filterEdit->clear();
    m_nodeModel->setModel(std::move(model));
    m_nodeTable->resizeColumnsToContents();
    // Long names and shape lists must not push the last columns out of view.
    constexpr int kMaxColumnWidth = 360;
    for (int column = 0; column < NodeListModel::ColumnCount; ++column)
        m_nodeTable->setColumnWidth(column,
                                    std::min(m_nodeTable->columnWidth(column), kMaxColumnWidth));
}

void ModelPage::addView(QWidget* view, const QString& title, bool first)
{
    const int index = first ? m_tabs->insertTab(0, view, title) : m_tabs->addTab(view, title);
    if (first)
        m_tabs->setCurrentIndex(index);
}

void ModelPage::updateSummary(const ir::Model& model, const QString& path)
{
    const ir::ModelSummary summary = ir::summarize(model);
    const ir::Graph& graph = model.main();
    const QLocale locale;

    m_titleLabel->setText(
        QStringLiteral("<b>%1</b>").arg(QFileInfo(path).fileName().toHtmlEscaped()));
    m_titleLabel->setToolTip(path);

    const QString keyColor = mutedTextColor(palette()).name();
    const auto item = [&keyColor](const QString& key, const QString& value) {
        return QStringLiteral("<span style=\"color:%1\">%2</span>&nbsp;<b>%3</b>")
            .arg(keyColor, key.toHtmlEscaped(), value.toHtmlEscaped());
    };
    QStringList counts;
    counts.append(item(tr("Format"), QString::fromStdString(model.sourceFormat)));
    counts.append(item(tr("Nodes"), locale.toString(summary.nodeCount)));
    counts.append(item(tr("Tensors"), locale.toString(summary.tensorCount)));
    counts.append(item(
        tr("Parameters"),
        tr("%1 (%2)").arg(locale.toString(static_cast<qulonglong>(summary.parameterCount)),
                          locale.formattedDataSize(static_cast<qint64>(summary.constantBytes)))));
    if (model.graphs.size() > 1)
        counts.append(
            item(tr("Graphs"), locale.toString(static_cast<qulonglong>(model.graphs.size()))));
    m_countsLabel->setText(counts.join(QStringLiteral(" &nbsp;&nbsp;·&nbsp;&nbsp; ")));

    m_inputsLabel->setText(ioText(graph, graph.inputs));
    m_outputsLabel->setText(ioText(graph, graph.outputs));
}

} // namespace lf::ui
