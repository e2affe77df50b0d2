// SPDX-License-Identifier: GPL-3.0-or-later
// Post-training quantization of a converted float model as one sequence, shared by the CLI and the
// GUI: calibrate on a representative dataset (full-integer schemes), quantize, and optionally run the
// per-layer debugger, suggest nodes to keep in float and measure what re-quantizing with them gives.
#pragma once

#include "core/base/result.h"
#include "core/base/task_context.h"
#include "core/ir/graph.h"
#include "core/quant/calibration.h"
#include "core/quant/dataset.h"
#include "core/quant/debugger.h"
#include "core/quant/quantizer.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lf {

struct QuantizePipelineOptions {
    quant::CalibrationOptions calibration; ///< mseLevels is set to 65536 for 16x8
    quant::QuantizeOptions quantize;
    bool report = false; ///< run the per-layer debugger on the dataset
    quant::DebugOptions debug;
    /// Most node names the keep-in-float suggestion may hold; 0: no suggestion.
    std::size_t maxSuggestion = 8;
};

struct QuantizationOutcome {
    quant::QuantizeResult quantized;
    std::optional<quant::Calibration> calibration; ///< full-integer schemes only
    std::optional<quant::DebugReport> report;
    /// Nodes the report suggests keeping in float (besides those already kept), and the output SQNR
    /// of the model re-quantized with them kept; empty / nullopt when nothing is flagged.
    std::vector<std::string> suggestion;
    std::optional<double> suggestionSqnrDb;
};

/// Whether `scheme` needs activation ranges (int8 and 16x8 do; float16 and dynamic-range do not).
bool needsCalibration(quant::Scheme scheme);

/// The Error::where prefix of errors raised while calibrating.
inline constexpr std::string_view kCalibrationStage = "calibration data";

/// Quantizes `floatModel` (a converted model, see convertModel) per `options`. `data` holds samples
/// in `floatModel`'s input layout (openDataset on the same model adapts source-layout arrays); it may
/// be null only when the scheme needs no calibration and no report is asked for (InvalidArgument
/// otherwise). Progress per sample for calibration and report; Cancelled when `context` asks.
/// Calibration errors (an unreadable sample, NaN/Inf computed from the data) are located in
/// kCalibrationStage, so callers can tell bad data from a model the quantizer cannot handle.
Result<QuantizationOutcome> quantizeFloatModel(const ir::Model& floatModel, const quant::Dataset* data,
                                               const QuantizePipelineOptions& options, TaskContext& context);

} // namespace lf
