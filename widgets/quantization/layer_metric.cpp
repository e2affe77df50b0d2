// SPDX-License-Identifier: GPL-3.0-or-later
// Metric and mode values and texts for the quantization panel's chart, scatter plot and heat map.
#include "widgets/quantization/layer_metric.h"

#include <QCoreApplication>

namespace lf::ui {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("lf::ui::LayerErrorChart", text);
}

} // namespace

QString modeDescription(ErrorMode mode)
{
    return mode == ErrorMode::Isolated ? tr("isolated (layer alone)") : tr("accumulated (end to end)");
}

QString modeName(ErrorMode mode)
{
    return mode == ErrorMode::Isolated ? tr("isolated") : tr("accumulated");
}

const quant::ErrorMetrics* modeMetrics(const quant::LayerReport& layer, ErrorMode mode)
{
    if (mode == ErrorMode::Isolated)
        return layer.isolated ? &*layer.isolated : nullptr;
    return &layer.accumulated;
}

const std::vector<quant::ValuePair>& modePairs(const quant::LayerReport& layer, ErrorMode mode)
{
    return mode == ErrorMode::Isolated ? layer.isolatedPairs : layer.accumulatedPairs;
}

double metricValue(const quant::ErrorMetrics& metrics, LayerMetric metric)
{
    switch (metric) {
    case LayerMetric::RmseOverScale: return metrics.rmseOverScale;
    case LayerMetric::Sqnr: return metrics.sqnrDb;
    case LayerMetric::CosineDistance: return 1.0 - metrics.cosine;
    case LayerMetric::MaxAbs: return metrics.maxAbsError;
    case LayerMetric::Mse: return metrics.mse;
    }
    return 0;
}

QString metricName(LayerMetric metric)
{
    switch (metric) {
    case LayerMetric::RmseOverScale: return tr("RMSE / scale");
    case LayerMetric::Sqnr: return tr("SQNR");
    case LayerMetric::CosineDistance: return tr("Cosine distance");
    case LayerMetric::MaxAbs: return tr("Max abs error");
    case LayerMetric::Mse: return tr("MSE");
    }
    return {};
}

QString metricAxisLabel(LayerMetric metric)
{
    switch (metric) {
    case LayerMetric::RmseOverScale: return tr("RMSE / scale (steps)");
    case LayerMetric::Sqnr: return tr("SQNR (dB, higher is better)");
    case LayerMetric::CosineDistance: return tr("1 − cosine similarity");
    case LayerMetric::MaxAbs: return tr("max |float − dequantized|");
    case LayerMetric::Mse: return tr("mean squared error");
    }
    return {};
}

QString elidedName(const std::string& name, int length)
{
    const QString text = QString::fromStdString(name);
    if (text.size() <= length)
        return text;
    const int keep = (length - 1) / 2;
    return text.left(keep) + QChar(0x2026) + text.right(length - 1 - keep);
}

bool largerIsWorse(LayerMetric metric)
{
    return metric != LayerMetric::Sqnr;
}

bool allowsLogScale(LayerMetric metric)
{
    return metric != LayerMetric::Sqnr;
}

} // namespace lf::ui
