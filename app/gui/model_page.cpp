// SPDX-License-Identifier: GPL-3.0-or-later
// Summary header, graph view and node table of an open model, and the selection kept in step
// between the two views. The numbers come from ir::summarize(); this file only lays them out.
#include "app/gui/model_page.h"

#include "core/ir/model_summary.h"
#include "widgets/common/ir_text.h"
#include "widgets/graph_view/graph_scene.h"
#include "widgets/graph_view/graph_view.h"
#include "widgets/graph_view/node_item.h"
#include "widgets/models/node_list_model.h"

#include <QColor>
#include <QFileInfo>
#include <QItemSelectionModel>
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

#include <memory>

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
    m_graphView = new GraphView(this);
    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_graphView, tr("Graph"));
    m_tabs->addTab(createNodesTab(), tr("Nodes"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 0);
    layout->addWidget(createHeader());
    layout->addWidget(m_tabs, 1);

    connect(m_graphView, &GraphView::nodeSelected, this, &ModelPage::showNodeFromGraph);
    connect(m_graphView, &GraphView::tensorSelected, this, &ModelPage::showTensorFromGraph);
    connect(m_nodeTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ModelPage::showNodeFromTable);
}

QWidget* ModelPage::createHeader()
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
    return header;
}

QWidget* ModelPage::createNodesTab()
{
    m_nodeModel = new NodeListModel(this);
    m_filterModel = new QSortFilterProxyModel(this);
    m_filterModel->setSourceModel(m_nodeModel);
    m_filterModel->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_filterModel->setFilterKeyColumn(-1);

    auto* nodesTab = new QWidget(this);
    m_filterEdit = new QLineEdit(nodesTab);
    m_filterEdit->setPlaceholderText(tr("Filter nodes by type, name or tensor type"));
    m_filterEdit->setClearButtonEnabled(true);
    connect(m_filterEdit, &QLineEdit::textChanged, m_filterModel,
            &QSortFilterProxyModel::setFilterFixedString);

    m_nodeTable = new QTableView(nodesTab);
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

    auto* nodesLayout = new QVBoxLayout(nodesTab);
    nodesLayout->setContentsMargins(0, 6, 0, 0);
    nodesLayout->addWidget(m_filterEdit);
    nodesLayout->addWidget(m_nodeTable, 1);
    return nodesTab;
}

void ModelPage::setModel(std::shared_ptr<const ir::Model> model, const QString& path)
{
    Q_ASSERT(model && !model->graphs.empty());
    m_model = std::move(model);
    m_path = path;
    m_fileTime = QFileInfo(path).lastModified();
    m_selectedNode = -1;
    m_selectedTensor = -1;
    updateSummary(*m_model, path);
    m_filterEdit->clear();
    m_nodeModel->setModel(m_model);
    m_graphView->setModel(m_model);
    m_nodeTable->resizeColumnsToContents();
    // Long names and shape lists must not push the last columns out of view.
    constexpr int kMaxColumnWidth = 360;
    for (int column = 0; column < NodeListModel::ColumnCount; ++column)
        m_nodeTable->setColumnWidth(column,
                                    std::min(m_nodeTable->columnWidth(column), kMaxColumnWidth));
}

bool ModelPage::isStale() const
{
    return QFileInfo(m_path).lastModified() != m_fileTime;
}

void ModelPage::addView(QWidget* view, const QString& title, bool first)
{
    const int index = first ? m_tabs->insertTab(0, view, title) : m_tabs->addTab(view, title);
    if (first)
        m_tabs->setCurrentIndex(index);
}

void ModelPage::showNodeFromGraph(int node)
{
    if (m_syncingSelection)
        return;
    m_syncingSelection = true;
    const QModelIndex source = m_nodeModel->index(node, 0);
    const QModelIndex row = source.isValid() ? m_filterModel->mapFromSource(source) : QModelIndex();
    if (row.isValid()) {
        m_nodeTable->selectionModel()->setCurrentIndex(
            row, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_nodeTable->scrollTo(row);
    } else {
        m_nodeTable->selectionModel()->clearSelection();
    }
    m_syncingSelection = false;
    m_selectedNode = node;
    m_selectedTensor = -1;
    emit nodeSelected(node);
}

void ModelPage::showNodeFromTable(const QModelIndex& current)
{
    if (m_syncingSelection || !current.isValid())
        return;
    const int node = current.data(NodeListModel::NodeIdRole).toInt();
    m_syncingSelection = true;
    m_graphView->selectNode(node);
    m_syncingSelection = false;
    m_selectedNode = node;
    m_selectedTensor = -1;
    emit nodeSelected(node);
}

void ModelPage::showTensorFromGraph(int tensor)
{
    m_selectedNode = -1;
    m_selectedTensor = tensor;
    emit tensorSelected(tensor);
}

void ModelPage::showFound(int node, int tensor)
{
    GraphScene* scene = m_graphView->graphScene();
    if (scene->isLayoutRunning()) { // there are no boxes yet: show it once there are
        auto done = std::make_shared<QMetaObject::Connection>();
        *done = connect(scene, &GraphScene::layoutFinished, this, [this, done, node, tensor] {
            disconnect(*done);
            showFound(node, tensor);
        });
        return;
    }
    const int input = node < 0 ? inputItemOf(tensor) : -1;
    const int item = node >= 0 ? node : input;
    if (item < 0)
        return;
    m_graphView->graphScene()->selectItem(item);
    centreOnItem(item);
}

void ModelPage::centreOnItem(int index)
{
    const auto& items = m_graphView->graphScene()->nodeItems();
    if (index >= 0 && static_cast<std::size_t>(index) < items.size())
        m_graphView->centerOn(items[static_cast<std::size_t>(index)]->sceneBoundingRect().center());
}

int ModelPage::inputItemOf(int tensor) const
{
    const auto& nodes = m_graphView->graphScene()->elements().nodes;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (nodes[i].kind == VisualNode::Kind::Input && nodes[i].tensor == tensor)
            return static_cast<int>(i);
    }
    return -1;
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
