// SPDX-License-Identifier: GPL-3.0-or-later
// Float value against dequantized value for the elements of one quantized layer (the debugger's value
// pairs), with the y = x line where a perfect quantization would put every point and a title naming the
// layer and the mode; setMode() switches between the accumulated and the isolated pairs (the layer
// detail view holds the selector). Wraps QCustomPlot.
#pragma once

#include "widgets/quantization/layer_metric.h"
#include "widgets/quantization/quantization_run.h"

#include <QPointF>
#include <QWidget>

#include <memory>

class QCPCurve;
class QCPItemStraightLine;
class QCPTextElement;
class QCustomPlot;

namespace lf::ui {

class ValueScatterPlot final : public QWidget {
    Q_OBJECT

public:
    explicit ValueScatterPlot(QWidget* parent = nullptr);

    /// Shows report layer `layer` of `results` (null or -1: nothing).
    void setLayer(std::shared_ptr<const QuantizationResults> results, int layer);
    void setMode(ErrorMode mode);
    ErrorMode mode() const { return m_mode; }

    /// Points drawn, in the order of the report's pairs: (float value, dequantized value).
    int pointCount() const;
    QPointF point(int index) const;
    QString title() const;
    QString xLabel() const;
    QString yLabel() const;

signals:
    void modeChanged(lf::ui::ErrorMode mode);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void rebuild();
    void updateTitle();

    QCustomPlot* m_plot = nullptr;
    QCPTextElement* m_title = nullptr;
    QCPCurve* m_points = nullptr;
    QCPItemStraightLine* m_diagonal = nullptr;
    QString m_layerName; ///< the title's first line before eliding to the plot's width
    QString m_modeLine;  ///< the title's second line
    std::shared_ptr<const QuantizationResults> m_results;
    int m_layer = -1;
    ErrorMode m_mode = ErrorMode::Accumulated;
};

} // namespace lf::ui
