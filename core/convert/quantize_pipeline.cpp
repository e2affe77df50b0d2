// SPDX-License-Identifier: GPL-3.0-or-later
// Calibrate, quantize, and optionally report and evaluate the keep-in-float suggestion.
#include "core/convert/quantize_pipeline.h"

#include <algorithm>

namespace lf {

namespace {

/// Re-quantizes with the suggested nodes kept in float and gives the output SQNR it reaches; only
/// the outputs matter here, so the isolated mode is skipped.
Result<double> suggestionSqnr(const ir::Model& floatModel, const quant::Dataset& data, const QuantizationOutcome& outcome,
                              const QuantizePipelineOptions& options, TaskContext& context)
{
    quant::QuantizeOptions quantize = options.quantize;
    quantize.keepFloat.insert(outcome.suggestion.begin(), outcome.suggestion.end());
    const quant::Calibration noCalibration;
    Result<quant::QuantizeResult> requantized
        = quant::quantizeModel(floatModel, outcome.calibration ? *outcome.calibration : noCalibration, quantize, context);
    if (!requantized)
        return std::unexpected(std::move(requantized.error()));
    quant::DebugOptions debug = options.debug;
    debug.isolatedSamples = 0;
    Result<quant::DebugReport> report = quant::debugQuantization(floatModel, requantized->model, data, debug, context);
    if (!report)
        return std::unexpected(std::move(report.error()));
    return quant::outputSqnrDb(*report);
}

} // namespace

bool needsCalibration(quant::Scheme scheme)
{
    return scheme == quant::Scheme::Int8 || scheme == quant::Scheme::Int16x8;
}

Result<QuantizationOutcome> quantizeFloatModel(const ir::Model& floatModel, const quant::Dataset* data,
                                               const QuantizePipelineOptions& options, TaskContext& context)
{
    const bool calibrated = needsCalibration(options.quantize.scheme);
    if (!data && (calibrated || options.report))
        return fail(ErrorCode::InvalidArgument,
                    std::string(calibrated ? "the " + std::string(quant::schemeName(options.quantize.scheme)) + " scheme"
                                           : std::string("the quantization report"))
                        + " needs calibration data");
    QuantizationOutcome outcome;
    if (calibrated) {
        quant::CalibrationOptions calibrationOptions = options.calibration;
        if (options.quantize.scheme == quant::Scheme::Int16x8)
            calibrationOptions.mseLevels = 65536;
        Result<quant::Calibration> calibration = quant::calibrate(floatModel, *data, calibrationOptions, context);
        if (!calibration && calibration.error().code == ErrorCode::Cancelled)
            return std::unexpected(std::move(calibration.error()));
        if (!calibration)
            return std::unexpected(std::move(calibration.error()).in(kCalibrationStage));
        outcome.calibration = std::move(*calibration);
    }
    const quant::Calibration noCalibration;
    Result<quant::QuantizeResult> quantized
        = quant::quantizeModel(floatModel, outcome.calibration ? *outcome.calibration : noCalibration, options.quantize, context);
    if (!quantized)
        return std::unexpected(std::move(quantized.error()));
    outcome.quantized = std::move(*quantized);
    if (!options.report)
        return outcome;

    Result<quant::DebugReport> report = quant::debugQuantization(floatModel, outcome.quantized.model, *data, options.debug, context);
    if (!report)
        return std::unexpected(std::move(report.error()));
    outcome.report = std::move(*report);
    if (options.maxSuggestion == 0)
        return outcome;
    outcome.suggestion = quant::suggestKeepFloat(*outcome.report, options.maxSuggestion);
    std::erase_if(outcome.suggestion, [&](const std::string& node) { return options.quantize.keepFloat.contains(node); });
    if (outcome.suggestion.empty())
        return outcome;
    Result<double> sqnr = suggestionSqnr(floatModel, *data, outcome, options, context);
    if (!sqnr)
        return std::unexpected(std::move(sqnr.error()));
    outcome.suggestionSqnrDb = *sqnr;
    return outcome;
}

} // namespace lf
