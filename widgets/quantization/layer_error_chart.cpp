// SPDX-License-Identifier: GPL-3.0-or-later
// QCustomPlot setup of the per-layer error chart: two grouped bar series (accumulated, isolated), a
// marker graph for the previous run, the threshold line with its label, and a highlight band behind
// the selected column. Hit testing is by column, so thin bars are still easy to click.
#include "widgets/quantization/layer_error_chart.h"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSaveFile>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>

namespace lf::ui {

namespace {

const QColor kAccumulatedColor(0x33, 0x5c, 0x99);
const QColor kIsolatedColor(0xe0, 0x8a, 0x2c);
const QColor kThresholdColor(0xc0, 0x30, 0x30);
constexpr int kMaxTickLabels = 24;

QString number(double value)
{
    return QString::number(value, 'g', 4);
}

} // namespace

LayerErrorChart::LayerErrorChart(QWidget* parent)
    : QWidget(parent)
{
    m_metricBox = new QComboBox(this);
    for (LayerMetric metric : kLayerMetrics)
        m_metricBox->addItem(metricName(metric), int(metric));
    m_logBox = new QCheckBox(tr("Log scale"), this);
    m_sortBox = new QCheckBox(tr("Sort by value"), this);
    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Metric:"), this));
    controls->addWidget(m_metricBox);
    controls->addWidget(m_logBox);
    controls->addWidget(m_sortBox);
    controls->addStretch(1);
    connect(m_metricBox, &QComboBox::currentIndexChanged, this,
            [this] { setMetric(LayerMetric(m_metricBox->currentData().toInt())); });
    connect(m_logBox, &QCheckBox::toggled, this, &LayerErrorChart::setLogScale);
    connect(m_sortBox, &QCheckBox::toggled, this, &LayerErrorChart::setSortedByValue);

    m_plot = new QCustomPlot(this);
    m_plot->setMinimumHeight(220);
    m_plot->setBackground(palette().base());
    m_plot->setMouseTracking(true);
    m_accumulated = new QCPBars(m_plot->xAxis, m_plot->yAxis);
    m_accumulated->setName(modeDescription(ErrorMode::Accumulated));
    m_isolated = new QCPBars(m_plot->xAxis, m_plot->yAxis);
    m_isolated->setName(modeDescription(ErrorMode::Isolated));
    auto* group = new QCPBarsGroup(m_plot);
    for (auto [bars, color] : {std::pair{m_accumulated, kAccumulatedColor}, std::pair{m_isolated, kIsolatedColor}}) {
        bars->setPen(Qt::NoPen);
        bars->setBrush(color);
        bars->setWidth(0.4);
        bars->setBarsGroup(group);
    }
    m_baseline = m_plot->addGraph();
    m_baseline->setName(tr("previous run (accumulated)"));
    m_baseline->setLineStyle(QCPGraph::lsNone);
    m_baseline->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDiamond, QColor(0x20, 0x20, 0x20), 6));

    m_threshold = new QCPItemStraightLine(m_plot);
    m_threshold->setPen(QPen(kThresholdColor, 1.5, Qt::DashLine));
    m_thresholdLabel = new QCPItemText(m_plot);
    m_thresholdLabel->setColor(kThresholdColor);
    m_thresholdLabel->setBrush(QColor(255, 255, 255, 210));
    m_thresholdLabel->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
    m_thresholdLabel->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
    m_thresholdLabel->setText(tr("flag threshold %1").arg(kRmseOverScaleThreshold));

    m_highlight = new QCPItemRect(m_plot);
    m_highlight->setLayer(QStringLiteral("grid"));
    m_highlight->setPen(Qt::NoPen);
    m_highlight->setBrush(QColor(0xff, 0x8c, 0x00, 70));
    m_highlight->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
    m_highlight->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);

    // The legend gets its own row above the axes, so it never hides a bar.
    m_plot->legend->setVisible(true);
    m_plot->legend->setBorderPen(Qt::NoPen);
    m_plot->legend->setBrush(Qt::NoBrush);
    m_plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
    m_plot->axisRect()->insetLayout()->take(m_plot->legend);
    m_plot->plotLayout()->insertRow(0);
    m_plot->plotLayout()->addElement(0, 0, m_plot->legend);
    m_plot->plotLayout()->setRowStretchFactor(0, 0.001);
    m_plot->plotLayout()->setRowSpacing(0);
    connect(m_plot, &QCustomPlot::mouseMove, this, &LayerErrorChart::onMouseMove);
    connect(m_plot, &QCustomPlot::mousePress, this, &LayerErrorChart::onMousePress);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(controls);
    layout->addWidget(m_plot, 1);
    rebuild();
}

void LayerErrorChart::setReport(const quant::DebugReport& report, const quant::DebugReport* baseline)
{
    m_report = report;
    m_baselineMetrics.assign(m_report.layers.size(), std::nullopt);
    if (baseline) {
        std::unordered_map<std::string, const quant::ErrorMetrics*> previous;
        for (const quant::LayerReport& layer : baseline->layers)
            previous.emplace(layer.tensor, &layer.accumulated);
        for (std::size_t i = 0; i < m_report.layers.size(); ++i) {
            const auto it = previous.find(m_report.layers[i].tensor);
            if (it != previous.end())
                m_baselineMetrics[i] = *it->second;
        }
    }
    if (m_highlighted >= int(m_report.layers.size()))
        m_highlighted = -1;
    rebuild();
}

void LayerErrorChart::clear()
{
    setReport({});
}

void LayerErrorChart::setMetric(LayerMetric metric)
{
    m_metric = metric;
    const QSignalBlocker blocker(m_metricBox);
    m_metricBox->setCurrentIndex(m_metricBox->findData(int(metric)));
    m_logBox->setEnabled(allowsLogScale(metric));
    rebuild();
    emit metricChanged(metric);
}

void LayerErrorChart::setLogScale(bool on)
{
    m_logScale = on;
    const QSignalBlocker blocker(m_logBox);
    m_logBox->setChecked(on);
    rebuild();
}

void LayerErrorChart::setSortedByValue(bool on)
{
    m_sorted = on;
    const QSignalBlocker blocker(m_sortBox);
    m_sortBox->setChecked(on);
    rebuild();
}

void LayerErrorChart::setHighlightedLayer(int layer)
{
    m_highlighted = layer >= 0 && layer < int(m_report.layers.size()) ? layer : -1;
    placeHighlight();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void LayerErrorChart::updateOrder()
{
    m_order.resize(m_report.layers.size());
    std::iota(m_order.begin(), m_order.end(), 0);
    if (!m_sorted)
        return;
    const bool descending = largerIsWorse(m_metric);
    std::stable_sort(m_order.begin(), m_order.end(), [&](int a, int b) {
        const double va = metricValue(m_report.layers[std::size_t(a)].accumulated, m_metric);
        const double vb = metricValue(m_report.layers[std::size_t(b)].accumulated, m_metric);
        return descending ? va > vb : va < vb;
    });
}

double LayerErrorChart::shown(double value) const
{
    return useLog() ? std::max(value, m_logFloor) : value;
}

bool LayerErrorChart::useLog() const
{
    return m_logScale && allowsLogScale(m_metric);
}

void LayerErrorChart::rebuild()
{
    updateOrder();
    double positiveMin = std::numeric_limits<double>::max();
    double high = 0;
    double low = 0;
    for (const quant::LayerReport& layer : m_report.layers) {
        for (const auto& metrics : {std::optional(layer.accumulated), layer.isolated}) {
            if (!metrics)
                continue;
            const double value = metricValue(*metrics, m_metric);
            high = std::max(high, value);
            low = std::min(low, value);
            if (value > 0)
                positiveMin = std::min(positiveMin, value);
        }
    }
    m_logFloor = positiveMin == std::numeric_limits<double>::max() ? 1e-6 : positiveMin / 2;

    QVector<double> keys, accumulated, isolatedKeys, isolated, baselineKeys, baseline;
    for (std::size_t slot = 0; slot < m_order.size(); ++slot) {
        const quant::LayerReport& layer = m_report.layers[std::size_t(m_order[slot])];
        keys.append(double(slot));
        accumulated.append(shown(metricValue(layer.accumulated, m_metric)));
        if (layer.isolated) {
            isolatedKeys.append(double(slot));
            isolated.append(shown(metricValue(*layer.isolated, m_metric)));
        }
        if (const auto& previous = m_baselineMetrics[std::size_t(m_order[slot])]) {
            baselineKeys.append(double(slot));
            baseline.append(shown(metricValue(*previous, m_metric)));
            high = std::max(high, metricValue(*previous, m_metric));
        }
    }
    m_accumulated->setData(keys, accumulated, true);
    m_isolated->setData(isolatedKeys, isolated, true);
    m_baseline->setData(baselineKeys, baseline, true);
    m_baseline->removeFromLegend();
    if (!baseline.isEmpty())
        m_baseline->addToLegend();

    const bool threshold = m_metric == LayerMetric::RmseOverScale;
    m_threshold->setVisible(threshold);
    m_thresholdLabel->setVisible(threshold);
    if (threshold)
        high = std::max(high, kRmseOverScaleThreshold * 1.1);
    m_threshold->point1->setCoords(0, kRmseOverScaleThreshold);
    m_threshold->point2->setCoords(1, kRmseOverScaleThreshold);
    m_thresholdLabel->position->setCoords(0.01, kRmseOverScaleThreshold);
    updateAxes(low, high);
    placeHighlight();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void LayerErrorChart::updateAxes(double low, double high)
{
    QCPAxis* x = m_plot->xAxis;
    QCPAxis* y = m_plot->yAxis;
    const int count = int(m_order.size());
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    const int step = std::max(1, (count + kMaxTickLabels - 1) / kMaxTickLabels);
    for (int slot = 0; slot < count; slot += step)
        ticker->addTick(slot, QString::number(m_order[std::size_t(slot)]));
    x->setTicker(ticker);
    x->setLabel(m_sorted ? tr("quantized layer (index in graph order), sorted by value")
                         : tr("quantized layer (index in graph order)"));
    x->setRange(-0.7, std::max(0.7, count - 0.3));
    y->setLabel(metricAxisLabel(m_metric));
    if (useLog()) {
        y->setScaleType(QCPAxis::stLogarithmic);
        y->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
        y->setNumberFormat(QStringLiteral("eb"));
        y->setNumberPrecision(0);
        y->setRange(m_logFloor, std::max(high, m_logFloor * 10) * 2);
        m_accumulated->setBaseValue(m_logFloor);
        m_isolated->setBaseValue(m_logFloor);
    } else {
        y->setScaleType(QCPAxis::stLinear);
        y->setTicker(QSharedPointer<QCPAxisTicker>::create());
        y->setNumberFormat(QStringLiteral("gb"));
        y->setNumberPrecision(4);
        y->setRange(low < 0 ? low * 1.1 : 0, high > 0 ? high * 1.1 : 1.0);
        m_accumulated->setBaseValue(0);
        m_isolated->setBaseValue(0);
    }
}

void LayerErrorChart::placeHighlight()
{
    const int slot = slotOf(m_highlighted);
    m_highlight->setVisible(slot >= 0);
    m_highlight->topLeft->setCoords(slot - 0.5, 0);
    m_highlight->bottomRight->setCoords(slot + 0.5, 1);
}

int LayerErrorChart::slotOf(int layer) const
{
    const auto it = std::find(m_order.begin(), m_order.end(), layer);
    return it == m_order.end() ? -1 : int(it - m_order.begin());
}

int LayerErrorChart::barCount() const
{
    return m_accumulated->dataCount();
}

std::optional<double> LayerErrorChart::accumulatedValue(int layer) const
{
    const int slot = slotOf(layer);
    if (slot < 0)
        return std::nullopt;
    const auto it = m_accumulated->data()->findBegin(slot, false);
    if (it == m_accumulated->data()->constEnd() || it->key != slot)
        return std::nullopt;
    return it->value;
}

std::optional<double> LayerErrorChart::isolatedValue(int layer) const
{
    const int slot = slotOf(layer);
    if (slot < 0)
        return std::nullopt;
    const auto it = m_isolated->data()->findBegin(slot, false);
    if (it == m_isolated->data()->constEnd() || it->key != slot)
        return std::nullopt;
    return it->value;
}

QPoint LayerErrorChart::columnCenter(int layer) const
{
    const int slot = slotOf(layer);
    if (slot < 0)
        return {};
    const QRect rect = m_plot->axisRect()->rect();
    return {int(std::lround(m_plot->xAxis->coordToPixel(slot))), rect.center().y()};
}

int LayerErrorChart::layerAt(const QPoint& position) const
{
    if (!m_plot->axisRect()->rect().contains(position))
        return -1;
    const long slot = std::lround(m_plot->xAxis->pixelToCoord(position.x()));
    return slot >= 0 && slot < long(m_order.size()) ? m_order[std::size_t(slot)] : -1;
}

QWidget* LayerErrorChart::plotWidget() const
{
    return m_plot;
}

QString LayerErrorChart::toolTipText(int layer) const
{
    if (layer < 0 || layer >= int(m_report.layers.size()))
        return {};
    const quant::LayerReport& report = m_report.layers[std::size_t(layer)];
    QString text = tr("<b>#%1 %2</b> (%3)<br>tensor %4")
                       .arg(layer)
                       .arg(elidedName(report.node, 80).toHtmlEscaped(), QString::fromStdString(report.opType),
                            elidedName(report.tensor, 80).toHtmlEscaped());
    const auto line = [](const QString& mode, const quant::ErrorMetrics& m) {
        return tr("<br>%1: RMSE/scale %2, SQNR %3 dB, cos %4, max abs %5, MSE %6")
            .arg(mode, number(m.rmseOverScale), number(m.sqnrDb), number(m.cosine), number(m.maxAbsError),
                 number(m.mse));
    };
    text += line(tr("accumulated"), report.accumulated);
    if (report.isolated)
        text += line(tr("isolated"), *report.isolated);
    if (report.flagged)
        text += tr("<br><span style='color:#c03030'>flagged</span>");
    return text;
}

void LayerErrorChart::onMouseMove(QMouseEvent* event)
{
    const int layer = layerAt(event->pos());
    if (layer < 0) {
        QToolTip::hideText();
        return;
    }
    QToolTip::showText(event->globalPosition().toPoint(), toolTipText(layer), m_plot);
}

void LayerErrorChart::onMousePress(QMouseEvent* event)
{
    const int layer = layerAt(event->pos());
    if (layer < 0 || event->button() != Qt::LeftButton)
        return;
    setHighlightedLayer(layer);
    emit layerClicked(layer);
}

bool LayerErrorChart::savePng(const QString& path, int width, int height) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    const QPixmap pixmap = m_plot->toPixmap(width, height);
    return pixmap.save(&file, "PNG") && file.commit();
}

} // namespace lf::ui
