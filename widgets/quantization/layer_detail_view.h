// SPDX-License-Identifier: GPL-3.0-or-later
// The detail of one quantized layer: node, op and tensor, its quantization parameters (scale, zero
// point, the representable range, the calibrated and the observed float range), the float and
// dequantized value histograms overlaid, and beside them the float-vs-dequantized scatter plot with
// its mode selector (accumulated or isolated pairs) above.
#pragma once

#include "widgets/quantization/quantization_run.h"

#include <QWidget>

class QComboBox;
class QLabel;

namespace lf::ui {

class HistogramOverlayPlot;
class ValueScatterPlot;

class LayerDetailView final : public QWidget {
    Q_OBJECT

public:
    explicit LayerDetailView(QWidget* parent = nullptr);

    /// Shows report layer `layer` of `results` (null or -1: nothing).
    void setLayer(std::shared_ptr<const QuantizationResults> results, int layer);
    int layer() const { return m_layer; }
    HistogramOverlayPlot* histogramPlot() const { return m_plot; }
    ValueScatterPlot* scatterPlot() const { return m_scatter; }
    QString parametersText() const;

private:
    QLabel* m_title = nullptr;
    QLabel* m_parameters = nullptr;
    HistogramOverlayPlot* m_plot = nullptr;
    ValueScatterPlot* m_scatter = nullptr;
    QComboBox* m_scatterMode = nullptr;
    int m_layer = -1;
};

} // namespace lf::ui
