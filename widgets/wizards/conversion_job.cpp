// SPDX-License-Identifier: GPL-3.0-or-later
// The wizard's worker: export (PyTorch), convert, validate, calibrate and quantize, write. Each
// step is one core call; between steps the cancel flag is checked, and a cancelled run removes
// what it wrote.
#include "widgets/wizards/conversion_job.h"

#include "core/convert/quantize_pipeline.h"
#include "core/quant/dataset.h"
#include "core/tflite/tflite_writer.h"

#include <QCoreApplication>

#include <optional>

namespace lf::ui {

namespace {

std::uint64_t fileBytes(const std::filesystem::path& path)
{
    std::error_code error;
    const auto size = std::filesystem::file_size(path, error);
    return error ? 0 : static_cast<std::uint64_t>(size);
}

Result<void> checkCancelled(const TaskContext& context)
{
    if (context.isCancelled())
        return fail(ErrorCode::Cancelled, "cancelled");
    return {};
}

bool hasIntegerInputs(const ir::Model& model)
{
    const ir::Graph& graph = model.main();
    for (const ir::TensorId id : graph.inputs) {
        const ir::DType dtype = graph.tensors[static_cast<std::size_t>(id)].dtype;
        if (dtype == ir::DType::Int8 || dtype == ir::DType::UInt8)
            return true;
    }
    return false;
}

quant::DatasetSpec datasetSpec(const ConversionRequest& request)
{
    quant::DatasetSpec spec;
    spec.image = request.image;
    if (request.dataset == DatasetKind::Random) {
        spec.sources = { "random" };
        spec.random.samples = request.calibrationSamples;
    } else {
        spec.sources = { request.datasetPath };
        spec.maxSamples = request.calibrationSamples;
    }
    return spec;
}

std::optional<quant::Scheme> schemeOf(QuantMode mode)
{
    switch (mode) {
    case QuantMode::Float16: return quant::Scheme::Float16;
    case QuantMode::DynamicRange: return quant::Scheme::DynamicRange;
    case QuantMode::Int8: return quant::Scheme::Int8;
    case QuantMode::None: break;
    }
    return std::nullopt;
}

/// Calibrates (int8) and quantizes with the pipeline `liteforge-cli quantize` uses.
Result<ir::Model> quantize(
    const ConversionRequest& request, const ir::Model& floatModel, TaskContext& context)
{
    QuantizePipelineOptions options;
    options.quantize.scheme = *schemeOf(request.quant);
    options.quantize.ioType
        = request.quant == QuantMode::Int8 ? request.ioType : quant::IoType::Float32;
    std::unique_ptr<quant::Dataset> data;
    if (needsCalibration(options.quantize.scheme)) {
        auto opened = quant::openDataset(datasetSpec(request), floatModel);
        if (!opened)
            return std::unexpected(std::move(opened.error()));
        data = std::move(*opened);
    }
    auto outcome = quantizeFloatModel(floatModel, data.get(), options, context);
    if (!outcome)
        return std::unexpected(std::move(outcome.error()));
    return std::move(outcome->quantized.model);
}

/// The validation inputs: the first calibration sample, preprocessed for the source model, when
/// the calibration data comes from files; none (seeded random data) otherwise.
Result<std::vector<NpyArray>> validationInputs(
    const ConversionRequest& request, const ir::Model& imported)
{
    if (request.quant != QuantMode::Int8 || request.dataset == DatasetKind::Random)
        return std::vector<NpyArray> {};
    quant::DatasetSpec spec = datasetSpec(request);
    spec.maxSamples = 1;
    auto data = quant::openDataset(spec, imported);
    if (!data)
        return std::unexpected(std::move(data.error()));
    return (*data)->sample(0);
}

Result<void> validate(
    const ConversionRequest& request, ConversionOutcome& outcome, TaskContext& context)
{
    const bool integerIo = hasIntegerInputs(*outcome.written);
    const auto& target = integerIo ? outcome.converted : outcome.written;
    QStringList notes;
    if (integerIo)
        notes.append(QCoreApplication::translate("lf::ui::ConversionJob",
            "The written model has integer inputs; the float model before "
            "quantization was validated instead."));
    ValidationOptions options;
    auto inputs = validationInputs(request, *outcome.imported);
    if (!inputs)
        return std::unexpected(std::move(inputs.error()));
    options.inputs = std::move(*inputs);
    notes.append(options.inputs.empty()
            ? QCoreApplication::translate("lf::ui::ConversionJob", "Seeded random inputs.")
            : QCoreApplication::translate("lf::ui::ConversionJob",
                "Validated on the first calibration sample, preprocessed as chosen on the "
                "Inputs page."));
    outcome.validationNote = notes.join(QLatin1Char(' '));
    auto report = validateConversion(outcome.imported, target, options, context);
    if (!report)
        return std::unexpected(std::move(report.error()));
    outcome.validation = std::move(*report);
    return {};
}

Result<void> write(const ConversionRequest& request, const ir::Model& model, TaskContext& context)
{
    if (auto written = tflite::writeTfliteFile(model, request.output); !written)
        return written;
    if (context.isCancelled()) {
        std::error_code ignored;
        std::filesystem::remove(request.output, ignored);
        return fail(ErrorCode::Cancelled, "cancelled");
    }
    return {};
}

/// The model convertModel reads: the source, or its ONNX export (made in `folder` if needed).
Result<std::filesystem::path> exportIfNeeded(const ConversionRequest& request,
    std::optional<TemporaryFolder>& folder, TaskContext& context, const StageCallback& onStage)
{
    if (!request.fromTorch)
        return request.source;
    if (!request.exportedOnnx.empty())
        return request.exportedOnnx;
    onStage(JobStage::Export);
    if (folder.emplace().path().empty())
        return fail(ErrorCode::Io, "cannot create a temporary folder for the ONNX export");
    return exportTorchToOnnx(request.source, request.torch, folder->path(), context);
}

} // namespace

QString jobStageName(JobStage stage)
{
    const char* text = "";
    switch (stage) {
    case JobStage::Export:
        text = QT_TRANSLATE_NOOP("lf::ui::ConversionJob", "Export from PyTorch");
        break;
    case JobStage::Convert:
        text = QT_TRANSLATE_NOOP("lf::ui::ConversionJob", "Import and convert");
        break;
    case JobStage::Validate: text = QT_TRANSLATE_NOOP("lf::ui::ConversionJob", "Validate"); break;
    case JobStage::Quantize:
        text = QT_TRANSLATE_NOOP("lf::ui::ConversionJob", "Calibrate and quantize");
        break;
    case JobStage::Write: text = QT_TRANSLATE_NOOP("lf::ui::ConversionJob", "Write .tflite"); break;
    }
    return QCoreApplication::translate("lf::ui::ConversionJob", text);
}

std::vector<JobStage> jobStages(const ConversionRequest& request)
{
    std::vector<JobStage> stages;
    if (request.fromTorch && request.exportedOnnx.empty())
        stages.push_back(JobStage::Export);
    stages.push_back(JobStage::Convert);
    if (request.quant != QuantMode::None)
        stages.push_back(JobStage::Quantize);
    stages.insert(stages.end(), { JobStage::Validate, JobStage::Write });
    return stages;
}

Result<ConversionOutcome> runConversionJob(
    const ConversionRequest& request, TaskContext& context, const StageCallback& onStage)
{
    std::optional<TemporaryFolder> folder; // holds an export until the job ends
    auto source = exportIfNeeded(request, folder, context, onStage);
    if (!source)
        return std::unexpected(std::move(source.error()));

    onStage(JobStage::Convert);
    auto conversion = convertModel(*source, request.convert, context);
    if (!conversion)
        return std::unexpected(std::move(conversion.error()));
    ConversionOutcome outcome;
    outcome.log = std::move(conversion->log);
    outcome.imported = std::make_shared<const ir::Model>(std::move(conversion->imported));
    outcome.converted = std::make_shared<const ir::Model>(std::move(conversion->converted));
    outcome.written = outcome.converted;
    outcome.sourceBytes = fileBytes(request.source);
    if (auto ok = checkCancelled(context); !ok)
        return std::unexpected(std::move(ok.error()));

    if (request.quant != QuantMode::None) {
        onStage(JobStage::Quantize);
        auto quantized = quantize(request, *outcome.converted, context);
        if (!quantized)
            return std::unexpected(std::move(quantized.error()));
        outcome.written = std::make_shared<const ir::Model>(std::move(*quantized));
    }
    onStage(JobStage::Validate);
    if (auto validated = validate(request, outcome, context); !validated)
        return std::unexpected(std::move(validated.error()));
    if (auto ok = checkCancelled(context); !ok)
        return std::unexpected(std::move(ok.error()));

    onStage(JobStage::Write);
    if (auto written = write(request, *outcome.written, context); !written)
        return std::unexpected(std::move(written.error()));
    outcome.outputBytes = fileBytes(request.output);
    return outcome;
}

} // namespace lf::ui
