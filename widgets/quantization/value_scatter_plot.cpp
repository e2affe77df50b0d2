// SPDX-License-Identifier: GPL-3.0-or-later
// QCustomPlot setup of the float-vs-dequantized scatter: a QCPCurve without lines (it keeps the
// pairs' order, unlike a graph, which sorts by key), both axes over the same range so the y = x line
// runs corner to corner, and the layer's name as the plot title, elided in the middle to the width.
#include "widgets/quantization/value_scatter_plot.h"

#include <qcustomplot.h>

#include <QFontMetrics>
#include <QVBoxLayout>

#include <algorithm>

namespace lf::ui {

namespace {

const QColor kPointColor(0x33, 0x5c, 0x99, 120);
const QColor kDiagonalColor(0xc0, 0x30, 0x30);
constexpr double kMargin = 0.04;
constexpr int kTitlePadding = 12;

/// The smallest range holding every float and dequantized value, with a small margin.
QCPRange valueRange(const std::vector<quant::ValuePair>& pairs)
{
    double low = std::numeric_limits<double>::max();
    double high = std::numeric_limits<double>::lowest();
    for (const quant::ValuePair& pair : pairs) {
        low = std::min({low, double(pair.floatValue), double(pair.quantizedValue)});
        high = std::max({high, double(pair.floatValue), double(pair.quantizedValue)});
    }
    if (pairs.empty())
        return {0, 1};
    if (high <= low)
        return {low - 1, high + 1};
    const double margin = (high - low) * kMargin;
    return {low - margin, high + margin};
}

} // namespace

ValueScatterPlot::ValueScatterPlot(QWidget* parent)
    : QWidget(parent)
{
    m_plot = new QCustomPlot(this);
    m_plot->setMinimumSize(160, 160);
    m_plot->setBackground(palette().base());
    QFont font = this->font();
    font.setPointSizeF(8);
    for (QCPAxis* axis : {m_plot->xAxis, m_plot->yAxis}) {
        axis->setTickLabelFont(font);
        axis->setLabelFont(font);
    }
    m_plot->xAxis->setLabel(tr("float value"));
    m_plot->yAxis->setLabel(tr("dequantized value"));
    m_plot->plotLayout()->insertRow(0);
    QFont titleFont = font;
    titleFont.setBold(true);
    m_title = new QCPTextElement(m_plot, QString(), titleFont);
    m_plot->plotLayout()->addElement(0, 0, m_title);

    m_diagonal = new QCPItemStraightLine(m_plot);
    m_diagonal->setPen(QPen(kDiagonalColor, 1, Qt::DashLine));
    m_diagonal->point1->setCoords(0, 0);
    m_diagonal->point2->setCoords(1, 1);
    m_points = new QCPCurve(m_plot->xAxis, m_plot->yAxis);
    m_points->setLineStyle(QCPCurve::lsNone);
    m_points->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, kPointColor, kPointColor, 3));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot, 1);
    rebuild();
}

void ValueScatterPlot::setLayer(std::shared_ptr<const QuantizationResults> results, int layer)
{
    const bool valid = results && layer >= 0 && std::size_t(layer) < results->report.layers.size();
    m_results = valid ? std::move(results) : nullptr;
    m_layer = valid ? layer : -1;
    rebuild();
}

void ValueScatterPlot::setMode(ErrorMode mode)
{
    if (mode == m_mode)
        return;
    m_mode = mode;
    rebuild();
    emit modeChanged(mode);
}

void ValueScatterPlot::rebuild()
{
    if (!m_results) {
        m_points->data()->clear();
        m_layerName = tr("no layer selected");
        m_modeLine = modeName(m_mode);
        updateTitle();
        m_plot->xAxis->setRange(0, 1);
        m_plot->yAxis->setRange(0, 1);
        m_plot->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    const quant::LayerReport& layer = m_results->report.layers[std::size_t(m_layer)];
    const std::vector<quant::ValuePair>& pairs = modePairs(layer, m_mode);
    QVector<double> keys, values;
    keys.reserve(qsizetype(pairs.size()));
    values.reserve(qsizetype(pairs.size()));
    for (const quant::ValuePair& pair : pairs) {
        keys.append(pair.floatValue);
        values.append(pair.quantizedValue);
    }
    m_points->setData(keys, values);
    m_layerName = tr("#%1 %2").arg(m_layer).arg(QString::fromStdString(layer.node));
    m_modeLine = pairs.empty() ? tr("no %1 values").arg(modeName(m_mode))
                               : tr("%1, %2 values").arg(modeName(m_mode)).arg(pairs.size());
    updateTitle();
    const QCPRange range = valueRange(pairs);
    m_plot->xAxis->setRange(range);
    m_plot->yAxis->setRange(range);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void ValueScatterPlot::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    updateTitle();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void ValueScatterPlot::updateTitle()
{
    const QFontMetrics metrics(m_title->font());
    const int width = std::max(40, m_plot->width() - kTitlePadding);
    m_title->setText(metrics.elidedText(m_layerName, Qt::ElideMiddle, width) + QLatin1Char('\n') + m_modeLine);
}

int ValueScatterPlot::pointCount() const
{
    return m_points->dataCount();
}

QPointF ValueScatterPlot::point(int index) const
{
    const auto it = m_points->data()->at(index);
    return {it->key, it->value};
}

QString ValueScatterPlot::title() const
{
    return m_title->text();
}

QString ValueScatterPlot::xLabel() const
{
    return m_plot->xAxis->label();
}

QString ValueScatterPlot::yLabel() const
{
    return m_plot->yAxis->label();
}

} // namespace lf::ui
