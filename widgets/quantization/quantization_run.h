// SPDX-License-Identifier: GPL-3.0-or-later
// One quantization run of the panel as value types: what to do (QuantizationRequest), what came out
// (QuantizationResults), and the background task that goes from one to the other: open the dataset,
// calibrate (skipped when an earlier run's calibration fits), quantize, and run the per-layer
// debugger. Meant for QtConcurrent::run with a QPromise; nothing here touches widgets.
#pragma once

#include "core/base/result.h"
#include "core/ir/graph.h"
#include "core/quant/calibration.h"
#include "core/quant/dataset.h"
#include "core/quant/debugger.h"
#include "core/quant/quantizer.h"

#include <QImage>
#include <QPromise>
#include <QString>

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace lf::ui {

enum class CalibrationSource { Random, ImageFolder, NumpyFile };

struct QuantizationRequest {
    CalibrationSource dataset = CalibrationSource::Random;
    QString datasetPath; ///< an image folder, or a .npy/.npz file or folder
    quant::ImageOptions image;
    std::size_t samples = 8;
    quant::CalibrationMethod method = quant::CalibrationMethod::MinMax;
    quant::Scheme scheme = quant::Scheme::Int8;
    quant::IoType ioType = quant::IoType::Float32;
    std::set<std::string, std::less<>> keepFloat; ///< node names
    /// Applied to fresh calibrations before quantizing; for experiments and tests (e.g. a range
    /// spoiled on purpose to see the debugger flag it).
    std::function<void(quant::Calibration&)> adjustCalibration;

    /// True when `other` calibrates on the same data the same way, so its ranges can be reused.
    bool sameCalibration(const QuantizationRequest& other) const;
};

struct QuantizationResults {
    QuantizationRequest request;
    std::shared_ptr<const quant::Calibration> calibration; ///< null for schemes that need none
    std::shared_ptr<const ir::Model> quantizedModel;
    std::vector<std::pair<std::string, std::string>> floatNodes; ///< node, reason
    quant::DebugReport report;
    /// Per report layer: the float model's node producing the layer's tensor, or -1.
    std::vector<int> layerNodes;
    std::vector<std::string> suggestion; ///< suggestKeepFloat of the report
    std::vector<QImage> thumbnails;      ///< a few samples as the model sees them
    double elapsedMs = 0;
};

struct QuantizationOutcome {
    std::shared_ptr<const QuantizationResults> results; ///< set on success
    std::optional<Error> error;
};

/// The stages of a run, in order; progress values are stage * PromiseTaskContext::kStageSpan + ….
enum class RunStage { Dataset, Calibration, Quantization, Debugging, Count };
QString stageName(RunStage stage);

/// Most nodes a keep-in-float suggestion holds.
constexpr std::size_t kMaxSuggestedNodes = 8;

/// The background task. `reuse` is an earlier calibration used when request.sameCalibration()
/// said so (the caller decides). Ends early, without a result, when the promise is cancelled.
void runQuantization(QPromise<QuantizationOutcome>& promise, std::shared_ptr<const ir::Model> floatModel,
                     QuantizationRequest request, std::shared_ptr<const quant::Calibration> reuse);

/// The first few samples of the request's dataset as thumbnails (the preprocessing preview); cheap
/// enough for a worker thread without progress. Errors are openDataset's.
Result<std::vector<QImage>> previewSamples(const ir::Model& floatModel, const QuantizationRequest& request);

/// The node of `graph` producing each layer's tensor (by tensor name), or -1.
std::vector<int> nodesOfLayers(const ir::Graph& graph, const quant::DebugReport& report);

} // namespace lf::ui
