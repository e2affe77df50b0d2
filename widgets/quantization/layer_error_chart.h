// SPDX-License-Identifier: GPL-3.0-or-later
// The per-layer error chart of the quantization panel: one column per quantized layer in graph
// order, accumulated and isolated error side by side, a metric selector, log scale, sorting by value,
// the 0.7 RMSE/scale flag threshold, the previous run as markers, a hover tooltip, and a highlighted
// column. Clicking a column emits layerClicked. Wraps QCustomPlot, which only this file's .cpp and
// histogram_overlay_plot.cpp include.
#pragma once

#include "core/quant/debugger.h"
#include "widgets/quantization/layer_metric.h"

#include <QWidget>

#include <optional>
#include <vector>

class QCheckBox;
class QComboBox;
class QCPBars;
class QCPGraph;
class QCPItemRect;
class QCPItemStraightLine;
class QCPItemText;
class QCustomPlot;
class QMouseEvent;

namespace lf::ui {

class LayerErrorChart final : public QWidget {
    Q_OBJECT

public:
    explicit LayerErrorChart(QWidget* parent = nullptr);

    /// Charts `report`; `baseline` (may be null) is an earlier run shown as markers, matched by tensor.
    void setReport(const quant::DebugReport& report, const quant::DebugReport* baseline = nullptr);
    void clear();

    void setMetric(LayerMetric metric);
    LayerMetric metric() const { return m_metric; }
    void setLogScale(bool on);
    bool logScale() const { return m_logScale; }
    void setSortedByValue(bool on);
    bool sortedByValue() const { return m_sorted; }

    /// Marks the column of report layer `layer` (-1: none).
    void setHighlightedLayer(int layer);
    int highlightedLayer() const { return m_highlighted; }

    /// Columns drawn (one per report layer).
    int barCount() const;
    /// The accumulated / isolated value drawn for report layer `layer`, read back from the plot.
    std::optional<double> accumulatedValue(int layer) const;
    std::optional<double> isolatedValue(int layer) const;
    /// The centre of `layer`'s column in plotWidget() coordinates, and the layer under a point.
    QPoint columnCenter(int layer) const;
    int layerAt(const QPoint& position) const;
    QWidget* plotWidget() const;
    QString toolTipText(int layer) const;

    /// Writes the chart as a PNG of the given size, atomically.
    bool savePng(const QString& path, int width, int height) const;

signals:
    void layerClicked(int layer);
    void metricChanged(lf::ui::LayerMetric metric);

private:
    void rebuild();
    void updateOrder();
    void updateAxes(double low, double high);
    void placeHighlight();
    void onMouseMove(QMouseEvent* event);
    void onMousePress(QMouseEvent* event);
    int slotOf(int layer) const;
    double shown(double value) const;
    bool useLog() const;

    QComboBox* m_metricBox = nullptr;
    QCheckBox* m_logBox = nullptr;
    QCheckBox* m_sortBox = nullptr;
    QCustomPlot* m_plot = nullptr;
    QCPBars* m_accumulated = nullptr;
    QCPBars* m_isolated = nullptr;
    QCPGraph* m_baseline = nullptr;
    QCPItemStraightLine* m_threshold = nullptr;
    QCPItemText* m_thresholdLabel = nullptr;
    QCPItemRect* m_highlight = nullptr;

    quant::DebugReport m_report;
    std::vector<std::optional<quant::ErrorMetrics>> m_baselineMetrics; ///< per layer of m_report
    std::vector<int> m_order; ///< slot -> layer
    LayerMetric m_metric = LayerMetric::RmseOverScale;
    bool m_logScale = false;
    bool m_sorted = false;
    int m_highlighted = -1;
    double m_logFloor = 1e-6;
};

} // namespace lf::ui
