// SPDX-License-Identifier: GPL-3.0-or-later
// The panel's background task: dataset, calibration, quantization and the per-layer debugger, with
// progress per stage through PromiseTaskContext. Thumbnails of the first samples are made here too,
// off the GUI thread (QImage is safe to build on any thread).
#include "widgets/quantization/quantization_run.h"

#include "widgets/quantization/promise_task_context.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cstring>
#include <unordered_map>

namespace lf::ui {

namespace {

using Context = PromiseTaskContext<QuantizationOutcome>;

constexpr std::size_t kThumbnails = 4;
constexpr int kThumbnailSize = 72;

bool needsCalibration(quant::Scheme scheme)
{
    return scheme == quant::Scheme::Int8 || scheme == quant::Scheme::Int16x8;
}

quant::DatasetSpec datasetSpec(const QuantizationRequest& request)
{
    quant::DatasetSpec spec;
    spec.sources = {request.dataset == CalibrationSource::Random ? std::string("random")
                                                           : request.datasetPath.toStdString()};
    spec.image = request.image;
    spec.random.samples = request.samples;
    spec.maxSamples = request.samples;
    return spec;
}

std::vector<float> floatValues(const NpyArray& array)
{
    std::vector<float> values(static_cast<std::size_t>(array.elementCount()));
    if (array.dtype == ir::DType::Float32 && array.data.size() == values.size() * sizeof(float)) {
        std::memcpy(values.data(), array.data.data(), array.data.size());
    } else if (array.dtype == ir::DType::UInt8 && array.data.size() == values.size()) {
        for (std::size_t i = 0; i < values.size(); ++i)
            values[i] = float(std::to_integer<std::uint8_t>(array.data[i]));
    } else if (array.dtype == ir::DType::Int8 && array.data.size() == values.size()) {
        for (std::size_t i = 0; i < values.size(); ++i)
            values[i] = float(static_cast<std::int8_t>(array.data[i]));
    } else {
        values.clear();
    }
    return values;
}

/// The sample as a picture when it looks like one (rank 3 or 4, 1 or 3 channels, either layout),
/// its values stretched to the full grey range; a null image otherwise.
QImage thumbnail(const NpyArray& array)
{
    std::vector<std::int64_t> shape = array.shape;
    if (shape.size() == 4 && shape.front() == 1)
        shape.erase(shape.begin());
    if (shape.size() != 3)
        return {};
    const bool channelsLast = shape[2] == 1 || shape[2] == 3;
    const bool channelsFirst = !channelsLast && (shape[0] == 1 || shape[0] == 3);
    if (!channelsLast && !channelsFirst)
        return {};
    const std::vector<float> values = floatValues(array);
    if (values.empty())
        return {};
    const int channels = int(channelsLast ? shape[2] : shape[0]);
    const int height = int(channelsLast ? shape[0] : shape[1]);
    const int width = int(channelsLast ? shape[1] : shape[2]);
    const auto [low, high] = std::minmax_element(values.begin(), values.end());
    const float span = *high > *low ? *high - *low : 1.0f;
    QImage image(width, height, QImage::Format_RGB32);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            int rgb[3];
            for (int c = 0; c < 3; ++c) {
                const int channel = std::min(c, channels - 1);
                const std::size_t index = channelsLast
                    ? (std::size_t(y) * std::size_t(width) + std::size_t(x)) * std::size_t(channels) + std::size_t(channel)
                    : (std::size_t(channel) * std::size_t(height) + std::size_t(y)) * std::size_t(width) + std::size_t(x);
                rgb[c] = int(255.0f * (values[index] - *low) / span);
            }
            image.setPixel(x, y, qRgb(rgb[0], rgb[1], rgb[2]));
        }
    }
    return image.scaled(kThumbnailSize, kThumbnailSize, Qt::KeepAspectRatio, Qt::SmoothTransformation);
}

std::vector<QImage> thumbnails(const quant::Dataset& data)
{
    std::vector<QImage> images;
    for (std::size_t i = 0; i < std::min(kThumbnails, data.size()); ++i) {
        auto sample = data.sample(i);
        if (!sample || sample->empty())
            break;
        QImage image = thumbnail(sample->front());
        if (image.isNull())
            break;
        images.push_back(std::move(image));
    }
    return images;
}

Result<std::shared_ptr<const quant::Calibration>> calibration(const ir::Model& model, const quant::Dataset& data,
                                                              const QuantizationRequest& request,
                                                              std::shared_ptr<const quant::Calibration> reuse,
                                                              Context& context)
{
    if (!needsCalibration(request.scheme))
        return nullptr;
    if (reuse)
        return reuse;
    quant::CalibrationOptions options;
    options.method = request.method;
    options.maxSamples = request.samples;
    auto ranges = quant::calibrate(model, data, options, context);
    if (!ranges)
        return std::unexpected(std::move(ranges.error()));
    if (request.adjustCalibration)
        request.adjustCalibration(*ranges);
    return std::make_shared<const quant::Calibration>(std::move(*ranges));
}

Result<std::shared_ptr<QuantizationResults>> run(const ir::Model& floatModel, QuantizationRequest request,
                                                 std::shared_ptr<const quant::Calibration> reuse, Context& context)
{
    auto results = std::make_shared<QuantizationResults>();
    context.beginStage(int(RunStage::Dataset), stageName(RunStage::Dataset));
    auto data = quant::openDataset(datasetSpec(request), floatModel);
    if (!data)
        return std::unexpected(std::move(data.error()));
    results->thumbnails = thumbnails(**data);

    context.beginStage(int(RunStage::Calibration), stageName(RunStage::Calibration));
    auto ranges = calibration(floatModel, **data, request, std::move(reuse), context);
    if (!ranges)
        return std::unexpected(std::move(ranges.error()));
    results->calibration = *ranges;

    context.beginStage(int(RunStage::Quantization), stageName(RunStage::Quantization));
    quant::QuantizeOptions options;
    options.scheme = request.scheme;
    options.ioType = request.ioType;
    options.keepFloat = request.keepFloat;
    auto quantized = quant::quantizeModel(floatModel, results->calibration ? *results->calibration : quant::Calibration{},
                                          options, context);
    if (!quantized)
        return std::unexpected(std::move(quantized.error()));
    results->floatNodes = std::move(quantized->floatNodes);
    results->quantizedModel = std::make_shared<const ir::Model>(std::move(quantized->model));

    context.beginStage(int(RunStage::Debugging), stageName(RunStage::Debugging));
    quant::DebugOptions debug;
    debug.maxSamples = request.samples;
    auto report = quant::debugQuantization(floatModel, *results->quantizedModel, **data, debug, context);
    if (!report)
        return std::unexpected(std::move(report.error()));
    results->report = std::move(*report);
    results->layerNodes = nodesOfLayers(floatModel.main(), results->report);
    results->suggestion = quant::suggestKeepFloat(results->report, kMaxSuggestedNodes);
    results->request = std::move(request);
    return results;
}

} // namespace

bool QuantizationRequest::sameCalibration(const QuantizationRequest& other) const
{
    const auto& a = image;
    const auto& b = other.image;
    const bool sameImage = a.color == b.color && a.scale == b.scale && a.mean == b.mean && a.std == b.std
        && a.centerCrop == b.centerCrop && a.layout == b.layout;
    return dataset == other.dataset && datasetPath == other.datasetPath && samples == other.samples
        && method == other.method && sameImage && !adjustCalibration && !other.adjustCalibration;
}

QString stageName(RunStage stage)
{
    switch (stage) {
    case RunStage::Dataset: return QCoreApplication::translate("lf::ui::QuantizationPanel", "Reading samples");
    case RunStage::Calibration: return QCoreApplication::translate("lf::ui::QuantizationPanel", "Calibrating");
    case RunStage::Quantization: return QCoreApplication::translate("lf::ui::QuantizationPanel", "Quantizing");
    case RunStage::Debugging: return QCoreApplication::translate("lf::ui::QuantizationPanel", "Comparing layers");
    case RunStage::Count: break;
    }
    return {};
}

void runQuantization(QPromise<QuantizationOutcome>& promise, std::shared_ptr<const ir::Model> floatModel,
                     QuantizationRequest request, std::shared_ptr<const quant::Calibration> reuse)
{
    Context context(promise, int(RunStage::Count));
    QElapsedTimer timer;
    timer.start();
    auto results = run(*floatModel, std::move(request), std::move(reuse), context);
    if (promise.isCanceled())
        return;
    QuantizationOutcome outcome;
    if (results) {
        (*results)->elapsedMs = double(timer.nsecsElapsed()) / 1e6;
        outcome.results = std::move(*results);
    } else {
        outcome.error = std::move(results.error());
    }
    promise.addResult(std::move(outcome));
}

Result<std::vector<QImage>> previewSamples(const ir::Model& floatModel, const QuantizationRequest& request)
{
    auto data = quant::openDataset(datasetSpec(request), floatModel);
    if (!data)
        return std::unexpected(std::move(data.error()));
    return thumbnails(**data);
}

std::vector<int> nodesOfLayers(const ir::Graph& graph, const quant::DebugReport& report)
{
    std::unordered_map<std::string_view, int> producer;
    for (std::size_t n = 0; n < graph.nodes.size(); ++n) {
        for (ir::TensorId id : graph.nodes[n].outputs) {
            if (id >= 0 && std::size_t(id) < graph.tensors.size())
                producer.emplace(graph.tensors[std::size_t(id)].name, int(n));
        }
    }
    std::vector<int> nodes;
    nodes.reserve(report.layers.size());
    for (const quant::LayerReport& layer : report.layers) {
        const auto it = producer.find(layer.tensor);
        nodes.push_back(it == producer.end() ? -1 : it->second);
    }
    return nodes;
}

} // namespace lf::ui
