// SPDX-License-Identifier: GPL-3.0-or-later
// Inspector layout and filling. Statistics are computed synchronously on selection: corpus weight
// tensors are at most a few hundred thousand elements (well under 10 ms); a tensor above
// kMaxStatisticsElements is summarised from its first elements only, and says so.
#include "widgets/inspector/node_inspector.h"

#include "widgets/common/ir_text.h"
#include "widgets/inspector/tensor_stats.h"
#include "widgets/plotting/histogram_plot.h"

#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QScrollArea>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace lf::ui {

namespace {

constexpr std::size_t kMaxStatisticsElements = 4'000'000;

QString number(double value)
{
    return QString::number(value, 'g', 5);
}

QTableWidget* makeTable(const QStringList& headers, QWidget* parent)
{
    auto* table = new QTableWidget(0, int(headers.size()), parent);
    table->setHorizontalHeaderLabels(headers);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 6);
    table->horizontalHeader()->setStretchLastSection(true);
    table->horizontalHeader()->setHighlightSections(false);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setWordWrap(false);
    table->setTextElideMode(Qt::ElideMiddle);
    table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    table->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    return table;
}

/// Sizes a table to show all its rows (up to `maxRows`), so the inspector scrolls as one page.
void fitHeight(QTableWidget* table, int maxRows = 12)
{
    const int rows = std::min(table->rowCount(), maxRows);
    const int height = table->horizontalHeader()->height() + rows * table->verticalHeader()->defaultSectionSize()
        + 2 * table->frameWidth();
    table->setFixedHeight(height);
    table->setVerticalScrollBarPolicy(table->rowCount() > maxRows ? Qt::ScrollBarAsNeeded : Qt::ScrollBarAlwaysOff);
}

QTableWidgetItem* cell(const QString& text, const QString& toolTip = {})
{
    auto* item = new QTableWidgetItem(text);
    item->setToolTip(toolTip.isEmpty() ? text : toolTip);
    return item;
}

QLabel* sectionLabel(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(QStringLiteral("<b>%1</b>").arg(text.toHtmlEscaped()), parent);
    label->setContentsMargins(0, 6, 0, 0);
    return label;
}

/// "32 scales, 0.0012 … 0.0089, zp 0" (per channel) or "scale 0.0039, zp −128" (per tensor).
QString quantSummary(const ir::QuantParams& quant)
{
    if (quant.scales.empty())
        return NodeInspector::tr("not quantized");
    if (!quant.isPerAxis()) {
        const auto zp = quant.zeroPoints.empty() ? 0 : quant.zeroPoints.front();
        return NodeInspector::tr("scale %1, zero point %2").arg(number(quant.scales.front())).arg(zp);
    }
    const auto [lo, hi] = std::minmax_element(quant.scales.begin(), quant.scales.end());
    QString zeroPoints;
    if (!quant.zeroPoints.empty()) {
        const auto [zlo, zhi] = std::minmax_element(quant.zeroPoints.begin(), quant.zeroPoints.end());
        zeroPoints = *zlo == *zhi ? QString::number(*zlo) : QStringLiteral("%1…%2").arg(*zlo).arg(*zhi);
    }
    return NodeInspector::tr("%1 scales on axis %2, min %3, max %4, zero point %5")
        .arg(quant.scales.size())
        .arg(quant.axis)
        .arg(number(*lo), number(*hi), zeroPoints.isEmpty() ? QStringLiteral("0") : zeroPoints);
}

} // namespace

NodeInspector::NodeInspector(QWidget* parent)
    : QWidget(parent)
{
    auto* content = new QWidget;
    m_title = new QLabel(content);
    m_title->setTextFormat(Qt::RichText);
    m_title->setWordWrap(true);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_attributes = makeTable({tr("Attribute"), tr("Value")}, content);
    m_inputs = makeTable({tr("Name"), tr("Type"), tr("Quantization")}, content);
    m_outputs = makeTable({tr("Name"), tr("Type"), tr("Quantization")}, content);

    m_tensorBox = new QGroupBox(tr("Tensor"), content);
    m_tensorTitle = new QLabel(m_tensorBox);
    m_tensorTitle->setWordWrap(true);
    m_tensorTitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_quantLabel = new QLabel(m_tensorBox);
    m_quantLabel->setWordWrap(true);
    m_scales = new HistogramPlot(m_tensorBox);
    m_statistics = new QLabel(m_tensorBox);
    m_statistics->setWordWrap(true);
    m_statistics->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_histogram = new HistogramPlot(m_tensorBox);
    m_values = makeTable({tr("Index"), tr("Stored"), tr("Real")}, m_tensorBox);
    auto* tensorLayout = new QVBoxLayout(m_tensorBox);
    tensorLayout->addWidget(m_tensorTitle);
    tensorLayout->addWidget(m_quantLabel);
    tensorLayout->addWidget(m_statistics);
    tensorLayout->addWidget(m_histogram);
    tensorLayout->addWidget(m_scales);
    tensorLayout->addWidget(m_values);

    auto* layout = new QVBoxLayout(content);
    layout->addWidget(m_title);
    layout->addWidget(sectionLabel(tr("Attributes"), content));
    layout->addWidget(m_attributes);
    layout->addWidget(sectionLabel(tr("Inputs"), content));
    layout->addWidget(m_inputs);
    layout->addWidget(sectionLabel(tr("Outputs"), content));
    layout->addWidget(m_outputs);
    layout->addWidget(m_tensorBox);
    layout->addStretch(1);

    auto* scroll = new QScrollArea(this);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);

    const auto rowClicked = [this](QTableWidget* table, int row) {
        if (QTableWidgetItem* item = table->item(row, 0))
            setTensor(item->data(Qt::UserRole).toInt());
    };
    connect(m_inputs, &QTableWidget::cellClicked, this, [=, this](int row) { rowClicked(m_inputs, row); });
    connect(m_outputs, &QTableWidget::cellClicked, this, [=, this](int row) { rowClicked(m_outputs, row); });
    setNode(-1);
}

void NodeInspector::setModel(std::shared_ptr<const ir::Model> model)
{
    m_model = std::move(model);
    m_graph = m_model && !m_model->graphs.empty() ? &m_model->main() : nullptr;
    setNode(-1);
}

QString NodeInspector::titleText() const
{
    return m_title->text();
}

QString NodeInspector::statisticsText() const
{
    return m_statistics->text();
}

void NodeInspector::setNode(int node)
{
    m_node = m_graph && node >= 0 && std::size_t(node) < m_graph->nodes.size() ? node : -1;
    m_attributes->setRowCount(0);
    m_inputs->setRowCount(0);
    m_outputs->setRowCount(0);
    if (m_node < 0) {
        m_title->setText(m_graph ? tr("Select a node in the graph or the node table.") : QString());
        for (QTableWidget* table : {m_attributes, m_inputs, m_outputs})
            fitHeight(table);
        setTensor(-1);
        return;
    }
    const ir::Node& op = m_graph->nodes[std::size_t(m_node)];
    QString title = QStringLiteral("<span style=\"font-size:large\"><b>%1</b></span><br>%2")
                        .arg(QString::fromStdString(op.typeName()).toHtmlEscaped(),
                             QString::fromStdString(op.name).toHtmlEscaped());
    // The source-model nodes this op was lowered from (ONNX node names after an import).
    QStringList origin;
    for (const std::string& name : op.origin) {
        if (name != op.name)
            origin << QString::fromStdString(name).toHtmlEscaped();
    }
    if (!origin.isEmpty())
        title += QStringLiteral("<br>") + tr("From source node: %1").arg(origin.join(QStringLiteral(", ")));
    m_title->setText(title);

    for (const auto& [name, value] : op.attributes.values()) {
        const int row = m_attributes->rowCount();
        m_attributes->insertRow(row);
        m_attributes->setItem(row, 0, cell(QString::fromStdString(name)));
        m_attributes->setItem(row, 1, cell(attributeValueText(value)));
    }
    fitHeight(m_attributes);
    m_attributes->resizeColumnToContents(0);
    fillTensorTable(m_inputs, op.inputs);
    fillTensorTable(m_outputs, op.outputs);

    int detail = -1;
    for (ir::TensorId id : op.inputs) {
        if (id >= 0 && std::size_t(id) < m_graph->tensors.size() && m_graph->tensors[std::size_t(id)].isConstant()) {
            detail = id;
            break;
        }
    }
    if (detail < 0 && !op.outputs.empty())
        detail = op.outputs.front();
    setTensor(detail);
}

void NodeInspector::fillTensorTable(QTableWidget* table, const std::vector<ir::TensorId>& ids)
{
    for (ir::TensorId id : ids) {
        const int row = table->rowCount();
        table->insertRow(row);
        if (id < 0 || std::size_t(id) >= m_graph->tensors.size()) {
            table->setItem(row, 0, cell(tr("(omitted)")));
            table->item(row, 0)->setData(Qt::UserRole, -1);
            continue;
        }
        const ir::Tensor& tensor = m_graph->tensors[std::size_t(id)];
        QString name = QString::fromStdString(tensor.name);
        if (tensor.isConstant())
            name = QStringLiteral("◆ ") + name;
        auto* nameItem = cell(name, QString::fromStdString(tensor.name)
                                        + (tensor.isConstant() ? QLatin1Char('\n') + tr("constant") : QString()));
        nameItem->setData(Qt::UserRole, int(id));
        table->setItem(row, 0, nameItem);
        table->setItem(row, 1, cell(tensorTypeText(tensor)));
        // The table keeps the compact form; the tooltip and the details below have the full one.
        table->setItem(row, 2, cell(tensor.isQuantized() ? quantText(tensor.quant) : QStringLiteral("–"),
                                    tensor.isQuantized() ? quantSummary(tensor.quant) : QString()));
    }
    fitHeight(table);
    table->resizeColumnToContents(1);
    table->setColumnWidth(0, std::min(table->columnWidth(0), 200));
}

void NodeInspector::setTensor(int tensor)
{
    m_tensor = m_graph && tensor >= 0 && std::size_t(tensor) < m_graph->tensors.size() ? tensor : -1;
    showTensorDetails();
}

void NodeInspector::showTensorDetails()
{
    m_values->setRowCount(0);
    m_histogram->clear();
    m_scales->clear();
    if (m_tensor < 0) {
        m_tensorBox->hide();
        return;
    }
    m_tensorBox->show();
    const ir::Tensor& tensor = m_graph->tensors[std::size_t(m_tensor)];
    m_tensorTitle->setText(QStringLiteral("<b>%1</b><br><code>%2</code>%3")
                               .arg(QString::fromStdString(tensor.name).toHtmlEscaped(), tensorTypeText(tensor),
                                    tensor.isConstant() ? QStringLiteral(" · ") + tr("constant") : QString()));
    m_quantLabel->setText(tr("Quantization: %1").arg(quantSummary(tensor.quant)));
    m_scales->setVisible(tensor.quant.isPerAxis());
    if (tensor.quant.isPerAxis()) {
        const std::vector<double> scales(tensor.quant.scales.begin(), tensor.quant.scales.end());
        m_scales->setSeries(scales, tr("channel"), tr("scale"));
    }

    const auto values = tensorValues(tensor, true, kMaxStatisticsElements);
    m_statistics->setVisible(bool(values));
    m_histogram->setVisible(values && !values->empty());
    m_values->setVisible(bool(values));
    if (!values) {
        m_statistics->clear();
        return;
    }
    const TensorStatistics stats = tensorStatistics(*values);
    const QLocale locale;
    QString text = tr("min %1 · max %2 · mean %3 · std %4 · zeros %5 of %6")
                       .arg(number(stats.min), number(stats.max), number(stats.mean), number(stats.stddev),
                            locale.toString(qulonglong(stats.zeros)), locale.toString(qulonglong(stats.count)));
    if (tensor.isQuantized() && !isFloatingPoint(tensor.dtype))
        text += QLatin1Char(' ') + tr("(dequantized)");
    if (const auto total = tensor.shape.numElements(); total && std::size_t(*total) > stats.count)
        text += QLatin1Char(' ') + tr("(first %1 elements)").arg(locale.toString(qulonglong(stats.count)));
    m_statistics->setText(text);
    const Histogram histogram = makeHistogram(*values, kHistogramBins);
    m_histogram->setHistogram(histogram.low, histogram.binWidth, histogram.counts,
                              tensor.isQuantized() ? tr("real value") : tr("value"));

    const auto stored = tensorValues(tensor, false, kPreviewValues);
    const int rows = int(std::min<std::size_t>(values->size(), kPreviewValues));
    m_values->setRowCount(rows);
    for (int i = 0; i < rows; ++i) {
        m_values->setItem(i, 0, cell(QString::number(i)));
        m_values->setItem(i, 1, cell(stored ? number((*stored)[std::size_t(i)]) : QString()));
        m_values->setItem(i, 2, cell(number((*values)[std::size_t(i)])));
    }
    fitHeight(m_values, 8);
}

} // namespace lf::ui
