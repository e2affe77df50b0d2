// SPDX-License-Identifier: GPL-3.0-or-later
// QCustomPlot setup for the inspector's bar plots: compact margins, no legend, no interaction, and
// queued replots so several setters in a row paint once.
#include "widgets/plotting/histogram_plot.h"

#include <qcustomplot.h>

#include <QVBoxLayout>

#include <algorithm>

namespace lf::ui {

namespace {

constexpr int kPlotHeight = 140;

} // namespace

HistogramPlot::HistogramPlot(QWidget* parent)
    : QWidget(parent)
{
    m_plot = new QCustomPlot(this);
    m_plot->setMinimumHeight(kPlotHeight);
    m_plot->setMaximumHeight(kPlotHeight + 40);
    m_plot->setBackground(palette().base());
    QFont font = this->font();
    font.setPointSizeF(7.5);
    for (QCPAxis* axis : {m_plot->xAxis, m_plot->yAxis}) {
        axis->setTickLabelFont(font);
        axis->setLabelFont(font);
        axis->setBasePen(QPen(QColor(0x90, 0x90, 0x90)));
        axis->setTickPen(QPen(QColor(0x90, 0x90, 0x90)));
        axis->setSubTickPen(Qt::NoPen);
        axis->grid()->setPen(QPen(QColor(0xe4, 0xe4, 0xe4)));
    }
    m_plot->yAxis->setNumberFormat(QStringLiteral("gb"));
    m_bars = new QCPBars(m_plot->xAxis, m_plot->yAxis);
    m_bars->setPen(Qt::NoPen);
    m_bars->setBrush(QColor(0x33, 0x5c, 0x99));
    m_bars->setWidthType(QCPBars::wtPlotCoords);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
}

void HistogramPlot::setHistogram(double low, double binWidth, const std::vector<std::size_t>& counts,
                                 const QString& xLabel)
{
    QVector<double> keys;
    QVector<double> values;
    double highest = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        keys.append(low + (double(i) + 0.5) * binWidth);
        values.append(double(counts[i]));
        highest = std::max(highest, double(counts[i]));
    }
    m_bars->setWidth(binWidth * 0.9);
    m_bars->setData(keys, values, /*alreadySorted=*/true);
    m_plot->xAxis->setLabel(xLabel);
    m_plot->yAxis->setLabel(tr("count"));
    m_plot->xAxis->setRange(low, low + binWidth * double(counts.size()));
    m_plot->yAxis->setRange(0, std::max(1.0, highest * 1.08));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void HistogramPlot::setSeries(const std::vector<double>& values, const QString& xLabel, const QString& yLabel)
{
    QVector<double> keys;
    QVector<double> heights;
    double highest = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        keys.append(double(i));
        heights.append(values[i]);
        highest = std::max(highest, values[i]);
    }
    m_bars->setWidth(0.8);
    m_bars->setData(keys, heights, /*alreadySorted=*/true);
    m_plot->xAxis->setLabel(xLabel);
    m_plot->yAxis->setLabel(yLabel);
    m_plot->xAxis->setRange(-0.5, double(values.size()) - 0.5);
    m_plot->yAxis->setRange(0, highest > 0 ? highest * 1.08 : 1.0);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void HistogramPlot::clear()
{
    m_bars->data()->clear();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

int HistogramPlot::barCount() const
{
    return m_bars->dataCount();
}

} // namespace lf::ui
