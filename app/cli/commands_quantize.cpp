// SPDX-License-Identifier: GPL-3.0-or-later
// Quantization on the command line: `convert --quantize` (calibrate, quantize, report, write) and
// `quant-debug` (the per-layer report for any float/quantized pair), with a short summary on stdout.
#include "app/cli/commands.h"

#include "app/cli/quantize_options.h"
#include "core/base/file_io.h"
#include "core/convert/convert.h"
#include "core/importers/load_model.h"
#include "core/tflite/tflite_writer.h"

#include <cstdio>
#include <memory>
#include <span>

namespace lf::cli {

namespace {

std::string decibels(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f dB", value);
    return text;
}

std::string joined(const std::vector<std::string>& names)
{
    std::string text;
    for (const std::string& name : names)
        text += (text.empty() ? "" : ",") + name;
    return text;
}

/// Opens the calibration data against `floatModel`; a dataset that cannot be read is the caller's
/// input problem (exit 2). On failure it has printed the error and gives the exit code.
std::expected<std::unique_ptr<quant::Dataset>, int> openData(const quant::DatasetSpec& spec, const ir::Model& floatModel,
                                                             CliTaskContext& context)
{
    if (spec.sources.empty())
        return nullptr;
    Result<std::unique_ptr<quant::Dataset>> data = quant::openDataset(spec, floatModel);
    context.clearProgress();
    if (!data) {
        printError("calibration data: " + errorText(data.error()));
        return std::unexpected(kExitUsage);
    }
    return std::move(*data);
}

std::string reportSummary(const quant::DebugReport& report)
{
    std::size_t flagged = 0;
    for (const quant::LayerReport& layer : report.layers)
        flagged += layer.flagged ? 1 : 0;
    std::string text = "report: " + std::to_string(report.layers.size()) + " quantized tensors compared on "
        + std::to_string(report.samples) + " samples, " + std::to_string(flagged) + " flagged (RMSE/scale > 0.7)\n";
    for (const quant::OutputReport& output : report.outputs)
        text += "  output '" + output.name + "': SQNR " + decibels(output.metrics.sqnrDb) + "\n";
    if (report.firstJump) {
        const quant::LayerReport& layer = report.layers[*report.firstJump];
        text += "  first error jump: '" + layer.tensor + "' (" + layer.opType + " '" + layer.node + "'), SQNR "
            + decibels(layer.accumulated.sqnrDb) + "\n";
    }
    return text;
}

/// Writes --report and --report-csv atomically; on failure it has printed the error.
int writeReports(const quant::DebugReport& report, const QuantizeRequest& request)
{
    const std::pair<const std::filesystem::path*, std::string> files[] = {
        {&request.reportJson, request.reportJson.empty() ? std::string() : report.toJson()},
        {&request.reportCsv, request.reportCsv.empty() ? std::string() : report.toCsv()},
    };
    for (const auto& [path, text] : files) {
        if (path->empty())
            continue;
        if (auto written = writeFileAtomically(*path, std::as_bytes(std::span(text))); !written)
            return reportFailure(written.error(), *path, kExitFailure);
    }
    return kExitSuccess;
}

std::string outcomeSummary(const QuantizationOutcome& outcome, const QuantizeRequest& request)
{
    const quant::Scheme scheme = request.pipeline.quantize.scheme;
    std::string text = std::string("quantized: ") + quant::schemeName(scheme);
    if (outcome.calibration)
        text += ", calibrated on " + std::to_string(outcome.calibration->samples) + " samples ("
            + quant::calibrationMethodName(request.pipeline.calibration.method) + ")";
    text += "\n";
    if (!outcome.quantized.floatNodes.empty())
        text += "kept in float: " + std::to_string(outcome.quantized.floatNodes.size()) + " nodes\n";
    for (const auto& [node, reason] : outcome.quantized.floatNodes)
        text += "  " + node + ": " + reason + "\n";
    if (!outcome.report)
        return text;
    text += reportSummary(*outcome.report);
    if (outcome.suggestion.empty())
        return text + "suggestion: nothing to keep in float\n";
    text += "suggestion: --keep-float " + joined(outcome.suggestion);
    if (outcome.suggestionSqnrDb)
        text += " raises the output SQNR from " + decibels(quant::outputSqnrDb(*outcome.report)) + " to "
            + decibels(*outcome.suggestionSqnrDb);
    return text + "\n";
}

/// The float model of a quant-debug pair: a TFLite file as it is, any other format converted.
Result<ir::Model> loadFloatModel(const std::filesystem::path& path, CliTaskContext& context)
{
    if (detectModelFormat(path) == ModelFormat::TFLite)
        return load(path, context);
    Result<Conversion> conversion = convertModel(path, {}, context);
    context.clearProgress();
    if (!conversion)
        return std::unexpected(std::move(conversion.error()));
    return std::move(conversion->converted);
}

} // namespace

int quantizeAndWrite(const QuantizeRequest& request, const ir::Model& floatModel, const std::filesystem::path& output,
                     CliTaskContext& context)
{
    auto data = openData(request.dataset, floatModel, context);
    if (!data)
        return data.error();
    Result<QuantizationOutcome> outcome = quantizeFloatModel(floatModel, data->get(), request.pipeline, context);
    context.clearProgress();
    if (!outcome && outcome.error().where.starts_with(kCalibrationStage)) {
        const ErrorCode code = outcome.error().code;
        const bool badData = code == ErrorCode::InvalidArgument || code == ErrorCode::Io || code == ErrorCode::ShapeMismatch;
        printError(errorText(outcome.error()));
        return badData ? kExitUsage : kExitFailure;
    }
    if (!outcome)
        return reportFailure(outcome.error(), output, kExitFailure);
    if (context.isCancelled())
        return reportFailure(Error{ErrorCode::Cancelled, "cancelled", {}, {}}, output, kExitCancelled);
    if (outcome->report) {
        if (const int exitCode = writeReports(*outcome->report, request); exitCode != kExitSuccess)
            return exitCode;
    }
    if (const Result<void> written = tflite::writeTfliteFile(outcome->quantized.model, output); !written)
        return reportFailure(written.error(), output, kExitFailure);
    print(stdout, outcomeSummary(*outcome, request));
    return kExitSuccess;
}

int runQuantDebug(const ParsedArguments& arguments, CliTaskContext& context)
{
    const std::filesystem::path floatPath = arguments.positionals[0];
    const std::filesystem::path quantPath = arguments.positionals[1];
    const auto request = parseQuantizeRequest(arguments, true);
    if (!request)
        return usageError(request.error(), "help quant-debug");
    const Result<ir::Model> floatModel = loadFloatModel(floatPath, context);
    if (!floatModel)
        return reportLoadFailure(floatModel.error(), floatPath);
    const Result<ir::Model> quantModel = load(quantPath, context);
    if (!quantModel)
        return reportLoadFailure(quantModel.error(), quantPath);
    auto data = openData((*request)->dataset, *floatModel, context);
    if (!data)
        return data.error();
    const Result<quant::DebugReport> report
        = quant::debugQuantization(*floatModel, *quantModel, **data, (*request)->pipeline.debug, context);
    context.clearProgress();
    if (!report)
        return reportFailure(report.error(), quantPath, kExitFailure);
    if (const int exitCode = writeReports(*report, **request); exitCode != kExitSuccess)
        return exitCode;
    std::string text = reportSummary(*report);
    const std::vector<std::string> suggestion = quant::suggestKeepFloat(*report, (*request)->pipeline.maxSuggestion);
    text += suggestion.empty() ? "suggestion: nothing to keep in float\n"
                               : "suggestion: keep in float " + joined(suggestion) + "\n";
    print(stdout, text);
    return kExitSuccess;
}

} // namespace lf::cli
