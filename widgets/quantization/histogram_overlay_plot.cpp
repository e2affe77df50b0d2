// SPDX-License-Identifier: GPL-3.0-or-later
// QCustomPlot setup for the float-vs-dequantized histograms: each histogram becomes a left-step curve
// over its bin edges (closed at zero on both ends) with a translucent fill, so both stay visible where
// they overlap.
#include "widgets/quantization/histogram_overlay_plot.h"

#include <qcustomplot.h>

#include <QVBoxLayout>

#include <algorithm>

namespace lf::ui {

namespace {

/// Step-curve points of `histogram`: one per bin edge, plus a closing zero.
void fill(QCPGraph* graph, const quant::Histogram& histogram, double& low, double& high, double& top)
{
    QVector<double> keys, values;
    const std::size_t bins = histogram.counts.size();
    if (bins == 0) {
        graph->data()->clear();
        return;
    }
    const double width = (histogram.max - histogram.min) / double(bins);
    for (std::size_t i = 0; i < bins; ++i) {
        keys.append(histogram.min + double(i) * width);
        values.append(double(histogram.counts[i]));
        top = std::max(top, double(histogram.counts[i]));
    }
    keys.append(histogram.max);
    values.append(0);
    graph->setData(keys, values, true);
    low = std::min(low, histogram.min);
    high = std::max(high, histogram.max);
}

} // namespace

HistogramOverlayPlot::HistogramOverlayPlot(QWidget* parent)
    : QWidget(parent)
{
    m_plot = new QCustomPlot(this);
    m_plot->setMinimumHeight(160);
    m_plot->setBackground(palette().base());
    QFont font = this->font();
    font.setPointSizeF(8);
    for (QCPAxis* axis : {m_plot->xAxis, m_plot->yAxis}) {
        axis->setTickLabelFont(font);
        axis->setLabelFont(font);
    }
    m_plot->xAxis->setLabel(tr("value"));
    m_plot->yAxis->setLabel(tr("count"));
    m_plot->yAxis->setNumberFormat(QStringLiteral("gb"));
    m_float = m_plot->addGraph();
    m_float->setName(tr("float"));
    m_float->setPen(QPen(QColor(0x33, 0x5c, 0x99), 1.5));
    m_float->setBrush(QColor(0x33, 0x5c, 0x99, 60));
    m_dequantized = m_plot->addGraph();
    m_dequantized->setName(tr("dequantized"));
    m_dequantized->setPen(QPen(QColor(0xe0, 0x8a, 0x2c), 1.5));
    m_dequantized->setBrush(QColor(0xe0, 0x8a, 0x2c, 60));
    for (QCPGraph* graph : {m_float, m_dequantized})
        graph->setLineStyle(QCPGraph::lsStepLeft);
    m_plot->legend->setVisible(true);
    m_plot->legend->setFont(font);
    m_plot->legend->setBrush(QColor(255, 255, 255, 220));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
}

void HistogramOverlayPlot::setHistograms(const quant::Histogram& floatValues, const quant::Histogram& dequantized)
{
    double low = std::numeric_limits<double>::max();
    double high = std::numeric_limits<double>::lowest();
    double top = 0;
    fill(m_float, floatValues, low, high, top);
    fill(m_dequantized, dequantized, low, high, top);
    if (low < high)
        m_plot->xAxis->setRange(low, high);
    m_plot->yAxis->setRange(0, std::max(1.0, top * 1.08));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void HistogramOverlayPlot::clear()
{
    m_float->data()->clear();
    m_dequantized->data()->clear();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

int HistogramOverlayPlot::floatPointCount() const
{
    return m_float->dataCount();
}

int HistogramOverlayPlot::dequantizedPointCount() const
{
    return m_dequantized->dataCount();
}

} // namespace lf::ui
