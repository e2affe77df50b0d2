// SPDX-License-Identifier: GPL-3.0-or-later
// What the conversion wizard runs on its worker thread: the same core steps as `liteforge-cli
// convert` (PyTorch export, convertModel, validateConversion) and `quantize` (openDataset,
// quantizeFloatModel), then the .tflite writer. No conversion logic of its own: this file
// only orders the core calls, reports stages and keeps what the result page and the rewrite
// inspector show. A cancelled or failed job leaves no output file.
#pragma once

#include "core/base/result.h"
#include "core/base/task_context.h"
#include "core/convert/convert.h"
#include "core/convert/torch_export.h"
#include "core/convert/validation.h"
#include "core/importers/load_model.h"
#include "core/quant/image_decoding.h"
#include "core/quant/quantizer.h"

#include <QString>
#include <QStringList>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace lf::ui {

enum class QuantMode { None, Float16, DynamicRange, Int8 };

/// Where int8 calibration data comes from.
enum class DatasetKind { Random, Folder, NpyFile };

struct ConversionRequest
{
    std::filesystem::path source;
    ModelFormat format = ModelFormat::Unknown;
    bool fromTorch = false;
    TorchExportOptions torch;
    /// An .onnx already exported from `source` (by the coverage page); empty: export in the job.
    std::filesystem::path exportedOnnx;
    ConvertOptions convert;
    QuantMode quant = QuantMode::None;
    quant::IoType ioType = quant::IoType::Float32;
    DatasetKind dataset = DatasetKind::Random;
    std::string datasetPath;
    std::size_t calibrationSamples = 100;
    /// How images become input tensors (scale, colour order, mean/std), for the calibration data
    /// and for the validation sample taken from it.
    quant::ImageOptions image;
    std::filesystem::path output;
};

/// The job's stages in order; the run page shows one row each.
enum class JobStage { Export, Convert, Quantize, Validate, Write };
QString jobStageName(JobStage stage);
/// The stages `request` goes through.
std::vector<JobStage> jobStages(const ConversionRequest& request);

struct ConversionOutcome
{
    std::shared_ptr<const ir::Model> imported;
    std::shared_ptr<const ir::Model> converted; ///< the float model after the pipeline
    std::shared_ptr<const ir::Model> written; ///< what went to the file (quantized or converted)
    passes::RewriteLog log;
    /// Source vs written model on the first calibration sample (when the data comes from files)
    /// or on seeded random inputs; against `converted` when the written model's inputs are
    /// integers (int8/uint8 I/O). The note says which.
    std::optional<ValidationReport> validation;
    QString validationNote;
    std::uint64_t sourceBytes = 0;
    std::uint64_t outputBytes = 0;
};

/// Reports the stage about to start; called on the worker thread.
using StageCallback = std::function<void(JobStage)>;

/// Runs the whole conversion. Cancelled as soon as `context` asks (the output is removed again if
/// it was already written).
Result<ConversionOutcome> runConversionJob(
    const ConversionRequest& request, TaskContext& context, const StageCallback& onStage);

} // namespace lf::ui
