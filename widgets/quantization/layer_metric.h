// SPDX-License-Identifier: GPL-3.0-or-later
// The per-layer error metrics the quantization panel can chart and colour the graph by, their names,
// axis labels, and which way is worse; the two debugger modes (accumulated, isolated) and their names. Cosine is shown as the distance 1 − cos, so that every metric
// except SQNR grows with the error and a log scale makes sense for it.
#pragma once

#include "core/quant/debugger.h"

#include <QString>

namespace lf::ui {

enum class LayerMetric { RmseOverScale, Sqnr, CosineDistance, MaxAbs, Mse };

inline constexpr LayerMetric kLayerMetrics[] = {LayerMetric::RmseOverScale, LayerMetric::Sqnr,
                                                LayerMetric::CosineDistance, LayerMetric::MaxAbs,
                                                LayerMetric::Mse};

/// Which of the debugger's comparisons: the quantized model end to end, or each layer alone.
enum class ErrorMode { Accumulated, Isolated };

/// "accumulated (end to end)" / "isolated (layer alone)", and the short "accumulated" / "isolated".
QString modeDescription(ErrorMode mode);
QString modeName(ErrorMode mode);
/// The layer's metrics in `mode`, or null when the isolated mode did not reach the layer.
const quant::ErrorMetrics* modeMetrics(const quant::LayerReport& layer, ErrorMode mode);
/// The layer's value pairs in `mode`.
const std::vector<quant::ValuePair>& modePairs(const quant::LayerReport& layer, ErrorMode mode);

/// The value charted for `metrics`.
double metricValue(const quant::ErrorMetrics& metrics, LayerMetric metric);
/// Short name for a selector ("RMSE / scale", …) and the axis label with its unit.
QString metricName(LayerMetric metric);
QString metricAxisLabel(LayerMetric metric);
/// `name` shortened in the middle to at most `length` characters (TFLite node names run long).
QString elidedName(const std::string& name, int length = 56);
/// True when larger values mean larger error (all but SQNR).
bool largerIsWorse(LayerMetric metric);
/// True when values are never negative, so a log scale can show them (all but SQNR).
bool allowsLogScale(LayerMetric metric);

/// The debugger's flag threshold on RMSE/scale.
constexpr double kRmseOverScaleThreshold = 0.7;

} // namespace lf::ui
