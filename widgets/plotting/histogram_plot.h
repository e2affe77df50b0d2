// SPDX-License-Identifier: GPL-3.0-or-later
// A small bar plot for the inspector: a value histogram (bins over a range) or one bar per index
// (per-channel quantization scales). Wraps QCustomPlot, which only widgets/plotting/ includes.
#pragma once

#include <QString>
#include <QWidget>

#include <cstddef>
#include <vector>

class QCustomPlot;
class QCPBars;

namespace lf::ui {

class HistogramPlot final : public QWidget {
    Q_OBJECT

public:
    explicit HistogramPlot(QWidget* parent = nullptr);

    /// Bars of `counts`, the first starting at `low`, each `binWidth` wide.
    void setHistogram(double low, double binWidth, const std::vector<std::size_t>& counts,
                      const QString& xLabel);
    /// One bar per value at x = 0, 1, 2, … (e.g. the scale of each output channel).
    void setSeries(const std::vector<double>& values, const QString& xLabel, const QString& yLabel);
    void clear();

    /// Number of bars currently shown (for tests).
    int barCount() const;

private:
    QCustomPlot* m_plot = nullptr;
    QCPBars* m_bars = nullptr;
};

} // namespace lf::ui
