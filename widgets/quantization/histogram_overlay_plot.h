// SPDX-License-Identifier: GPL-3.0-or-later
// Two value histograms of one tensor overlaid as filled step curves with a legend: the float model's
// values and the quantized model's dequantized values (quant::Histogram from the debugger). Wraps
// QCustomPlot.
#pragma once

#include "core/quant/debugger.h"

#include <QWidget>

class QCustomPlot;
class QCPGraph;

namespace lf::ui {

class HistogramOverlayPlot final : public QWidget {
    Q_OBJECT

public:
    explicit HistogramOverlayPlot(QWidget* parent = nullptr);

    void setHistograms(const quant::Histogram& floatValues, const quant::Histogram& dequantized);
    void clear();
    /// Points of the float and the dequantized curve (for tests).
    int floatPointCount() const;
    int dequantizedPointCount() const;

private:
    QCustomPlot* m_plot = nullptr;
    QCPGraph* m_float = nullptr;
    QCPGraph* m_dequantized = nullptr;
};

} // namespace lf::ui
