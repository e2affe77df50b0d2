// SPDX-License-Identifier: GPL-3.0-or-later
// The calibration run: workers pull sample indices, feed them to their own interpreter and record
// per-sample min/max (and histograms) of every observed tensor; the statistics are then reduced in
// sample order into one range per tensor name.
#include "core/quant/calibration.h"

#include "core/interpreter/interpreter.h"
#include "core/quant/dataset.h"
#include "core/quant/range_histogram.h"
#include "core/quant/sample_arrays.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <mutex>
#include <ranges>
#include <thread>

namespace lf::quant {

namespace {

constexpr float kInfinity = std::numeric_limits<float>::infinity();

struct SampleRange {
    float min = kInfinity;
    float max = -kInfinity;
};

/// Where the first NaN or Inf of a sample appeared.
struct NonFinite {
    ir::NodeId node = -1; ///< -1 for a graph input
    ir::TensorId tensor = -1;
    std::string index;
    bool nan = false;
};

/// What every worker shares: the model, which tensors are observed, and the per-sample results.
struct Run {
    std::shared_ptr<const ir::Model> model;
    const Dataset& data;
    const CalibrationOptions& options;
    TaskContext& context;
    std::size_t samples = 0;
    std::vector<int> slotOf;            ///< per tensor id: its slot, or -1 if not observed
    std::vector<ir::TensorId> tensorOf; ///< per slot
    std::vector<float> padInfinity;     ///< per slot: the ±inf a PADV2 pads with (left out of the statistics), or 0
    std::vector<SampleRange> ranges;    ///< samples x slots
    bool needHistograms = false;

    std::atomic<std::size_t> next{0};
    std::atomic<bool> stop{false};
    std::mutex mutex; ///< guards errors, histograms and progress
    std::vector<std::pair<std::size_t, Error>> errors;
    std::vector<RangeHistogram> histograms;
    int done = 0;

    std::size_t slots() const { return tensorOf.size(); }
};

std::string flatIndexString(const std::vector<std::int64_t>& shape, std::size_t flat)
{
    std::vector<std::int64_t> index(shape.size(), 0);
    for (std::size_t i = shape.size(); i-- > 0;) {
        const auto extent = static_cast<std::size_t>(std::max<std::int64_t>(shape[i], 1));
        index[i] = static_cast<std::int64_t>(flat % extent);
        flat /= extent;
    }
    return shapeString(index);
}

/// Records one sample's statistics of the tensors it sees; stops at the first NaN/Inf.
class StatisticsObserver final : public interp::TensorObserver {
public:
    StatisticsObserver(const Run& run, std::vector<RangeHistogram>& histograms) : m_run(run), m_histograms(histograms) {}

    void startSample(SampleRange* row) { m_row = row; }
    const std::optional<NonFinite>& nonFinite() const { return m_nonFinite; }
    bool failed() const { return m_nonFinite.has_value(); }

    void observe(ir::NodeId node, ir::TensorId tensor, ir::DType dtype, const std::vector<std::int64_t>& shape, const void* data)
    {
        const int slot = tensor >= 0 && static_cast<std::size_t>(tensor) < m_run.slotOf.size() ? m_run.slotOf[static_cast<std::size_t>(tensor)] : -1;
        if (slot < 0 || dtype != ir::DType::Float32 || m_nonFinite)
            return;
        std::size_t count = 1;
        for (const std::int64_t extent : shape)
            count *= static_cast<std::size_t>(extent);
        const std::span<const float> values(static_cast<const float*>(data), count);
        float low = kInfinity;
        float high = -kInfinity;
        bool nan = false;
        for (const float value : values) {
            low = std::min(low, value);
            high = std::max(high, value);
            nan |= value != value;
        }
        if (nan || std::isinf(low) || std::isinf(high))
            return observePadded(node, tensor, slot, shape, values);
        if (count != 0)
            record(slot, values, low, high);
    }

    void tensorProduced(ir::NodeId node, ir::TensorId tensor, const interp::TensorView& view) override
    {
        observe(node, tensor, view.dtype, view.shape, view.data);
    }

private:
    void record(int slot, std::span<const float> values, float low, float high)
    {
        m_row[slot] = {low, high};
        if (m_run.needHistograms)
            m_histograms[static_cast<std::size_t>(slot)].add(values, std::max(-low, high));
    }

    /// A tensor holding NaN or Inf: an error, unless the only non-finite values are the infinity a
    /// PADV2 pads with (max pools lowered from ONNX pad with -inf), which are left out.
    void observePadded(ir::NodeId node, ir::TensorId tensor, int slot, const std::vector<std::int64_t>& shape, std::span<const float> values)
    {
        const float allowed = m_run.padInfinity[static_cast<std::size_t>(slot)];
        m_finite.clear();
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (std::isfinite(values[i])) {
                m_finite.push_back(values[i]);
            } else if (values[i] != allowed) {
                m_nonFinite = NonFinite{node, tensor, flatIndexString(shape, i), std::isnan(values[i])};
                return;
            }
        }
        if (!m_finite.empty()) {
            const auto [low, high] = std::ranges::minmax_element(m_finite);
            record(slot, m_finite, *low, *high);
        }
    }

    const Run& m_run;
    std::vector<RangeHistogram>& m_histograms;
    std::vector<float> m_finite;
    SampleRange* m_row = nullptr;
    std::optional<NonFinite> m_nonFinite;
};

/// The user's context, plus a stop when another worker failed or this sample produced NaN/Inf.
class WorkerContext final : public TaskContext {
public:
    WorkerContext(const Run& run, const StatisticsObserver& observer) : m_run(run), m_observer(observer) {}
    bool isCancelled() const override { return m_run.stop || m_observer.failed() || m_run.context.isCancelled(); }
    void setProgress(int, int, std::string_view) override {}
    void report(Diagnostic diagnostic) override { m_run.context.report(std::move(diagnostic)); }

private:
    const Run& m_run;
    const StatisticsObserver& m_observer;
};

std::string tensorLabel(const ir::Graph& graph, ir::TensorId tensor) { return "tensor '" + graph.tensors[static_cast<std::size_t>(tensor)].name + "'"; }

Error nonFiniteError(const ir::Graph& graph, const NonFinite& bad, std::size_t sample)
{
    std::string producer = "graph input";
    if (bad.node >= 0) {
        const ir::Node& node = graph.nodes[static_cast<std::size_t>(bad.node)];
        producer = "node '" + node.name + "' (" + node.typeName() + ")";
    }
    return Error{ErrorCode::InvalidArgument,
                 std::string(bad.nan ? "NaN" : "Inf") + " at index " + bad.index + " of " + tensorLabel(graph, bad.tensor) + ", produced by "
                     + producer + " on calibration sample " + std::to_string(sample)
                     + "; the float model itself overflows or divides by zero on this input",
                 tensorLabel(graph, bad.tensor), {}};
}

/// Sets every input of `interpreter` from `sample`, resizing inputs whose shape differs.
Result<void> feed(interp::Interpreter& interpreter, const std::vector<NpyArray>& sample)
{
    if (sample.size() != interpreter.inputCount())
        return fail(ErrorCode::Internal, "the dataset gives " + std::to_string(sample.size()) + " arrays for "
                                             + std::to_string(interpreter.inputCount()) + " inputs");
    const bool resize = std::ranges::any_of(std::views::iota(std::size_t{0}, sample.size()),
                                            [&](std::size_t k) { return interpreter.input(k).shape != sample[k].shape; });
    for (std::size_t k = 0; resize && k < sample.size(); ++k) {
        if (auto resized = interpreter.resizeInput(k, sample[k].shape); !resized)
            return resized;
    }
    for (std::size_t k = 0; k < sample.size(); ++k) {
        if (auto set = interpreter.setInput(k, sample[k].dtype, sample[k].shape, sample[k].data); !set)
            return set;
    }
    return {};
}

/// Runs one sample; errors are returned, statistics land in the run's row for the sample.
Result<void> runSample(Run& run, interp::Interpreter& interpreter, StatisticsObserver& observer, std::size_t index)
{
    auto sample = run.data.sample(index);
    if (!sample)
        return std::unexpected(sample.error());
    if (auto fed = feed(interpreter, *sample); !fed)
        return std::unexpected(std::move(fed.error()).in("calibration sample " + std::to_string(index)));
    const ir::Graph& graph = run.model->main();
    observer.startSample(&run.ranges[index * run.slots()]);
    for (std::size_t k = 0; k < sample->size(); ++k)
        observer.observe(-1, graph.inputs[k], (*sample)[k].dtype, (*sample)[k].shape, (*sample)[k].data.data());
    WorkerContext context(run, observer);
    auto invoked = interpreter.invoke(&observer, &context);
    if (observer.nonFinite())
        return std::unexpected(nonFiniteError(graph, *observer.nonFinite(), index));
    if (!invoked)
        return std::unexpected(std::move(invoked.error()).in("calibration sample " + std::to_string(index)));
    return {};
}

void worker(Run& run, std::unique_ptr<interp::Interpreter> interpreter)
{
    std::vector<RangeHistogram> histograms;
    if (run.needHistograms)
        histograms.assign(run.slots(), RangeHistogram(run.options.histogramBins));
    auto record = [&run](std::size_t index, Error error) {
        const std::lock_guard lock(run.mutex);
        run.errors.emplace_back(index, std::move(error));
        run.stop = true;
    };
    if (!interpreter) {
        auto created = interp::Interpreter::create(run.model, {.threads = 1});
        if (!created)
            return record(0, std::move(created.error()));
        interpreter = std::move(*created);
    }
    for (;;) {
        if (run.stop || run.context.isCancelled())
            break;
        const std::size_t index = run.next++;
        if (index >= run.samples)
            break;
        StatisticsObserver observer(run, histograms);
        if (auto ran = runSample(run, *interpreter, observer, index); !ran) {
            if (ran.error().code != ErrorCode::Cancelled)
                record(index, std::move(ran.error()));
            break;
        }
        const std::lock_guard lock(run.mutex);
        run.context.setProgress(++run.done, static_cast<int>(run.samples), "Calibrating");
    }
    const std::lock_guard lock(run.mutex);
    for (std::size_t slot = 0; slot < histograms.size(); ++slot)
        run.histograms[slot].merge(histograms[slot]);
}

/// The infinity a PADV2 node pads with, or 0 if its pad value is finite or not a constant.
float padInfinity(const ir::Graph& graph, const ir::Node& node)
{
    if (node.op != ir::OpKind::PadV2 || node.inputs.size() < 3 || node.inputs[2] < 0)
        return 0;
    const ir::Tensor& value = graph.tensors[static_cast<std::size_t>(node.inputs[2])];
    if (value.dtype != ir::DType::Float32 || value.data.size() != sizeof(float))
        return 0;
    const float pad = value.data.as<float>()[0];
    return std::isinf(pad) ? pad : 0;
}

/// The observed tensors: float32 graph inputs and node outputs that are not constants.
void chooseSlots(Run& run)
{
    const ir::Graph& graph = run.model->main();
    run.slotOf.assign(graph.tensors.size(), -1);
    float infinity = 0;
    auto add = [&](ir::TensorId id) {
        if (id < 0 || static_cast<std::size_t>(id) >= graph.tensors.size() || run.slotOf[static_cast<std::size_t>(id)] >= 0)
            return;
        const ir::Tensor& tensor = graph.tensors[static_cast<std::size_t>(id)];
        if (tensor.dtype != ir::DType::Float32 || tensor.isConstant())
            return;
        run.slotOf[static_cast<std::size_t>(id)] = static_cast<int>(run.tensorOf.size());
        run.tensorOf.push_back(id);
        run.padInfinity.push_back(infinity);
    };
    for (const ir::TensorId id : graph.inputs)
        add(id);
    for (const ir::Node& node : graph.nodes) {
        infinity = padInfinity(graph, node);
        for (const ir::TensorId id : node.outputs)
            add(id);
    }
}

TensorRange reduceSlot(const Run& run, std::size_t slot)
{
    SampleRange total;
    std::optional<SampleRange> average;
    const double m = run.options.momentum;
    for (std::size_t s = 0; s < run.samples; ++s) {
        const SampleRange& sample = run.ranges[s * run.slots() + slot];
        if (sample.min > sample.max)
            continue; // an empty tensor in this sample
        total = {std::min(total.min, sample.min), std::max(total.max, sample.max)};
        average = average ? SampleRange{static_cast<float>(m * average->min + (1 - m) * sample.min),
                                        static_cast<float>(m * average->max + (1 - m) * sample.max)}
                          : sample;
    }
    if (total.min > total.max)
        return {0, 0};
    auto within = [&total](double lo, double hi) {
        const float low = std::clamp(static_cast<float>(lo), total.min, total.max);
        return TensorRange{low, std::clamp(static_cast<float>(hi), low, total.max)};
    };
    const RangeHistogram* histogram = run.needHistograms ? &run.histograms[slot] : nullptr;
    switch (run.options.method) {
    case CalibrationMethod::MinMax:
        break;
    case CalibrationMethod::MovingAverage:
        return within(average->min, average->max);
    case CalibrationMethod::Percentile: {
        const double fraction = run.options.percentile / 100;
        return within(histogram->quantile(1 - fraction), histogram->quantile(fraction));
    }
    case CalibrationMethod::Mse: {
        const auto [lo, hi] = histogram->mseRange(total.min, total.max, run.options.mseLevels);
        return within(lo, hi);
    }
    }
    return {total.min, total.max};
}

Result<void> checkOptions(const CalibrationOptions& options)
{
    if (!(options.percentile > 50 && options.percentile <= 100))
        return fail(ErrorCode::InvalidArgument, "the calibration percentile must be in (50, 100]");
    if (!(options.momentum >= 0 && options.momentum < 1))
        return fail(ErrorCode::InvalidArgument, "the moving-average momentum must be in [0, 1)");
    if (options.mseLevels < 2)
        return fail(ErrorCode::InvalidArgument, "MSE calibration needs at least 2 quantization levels");
    if (options.histogramBins < 16 || options.histogramBins > (1 << 20))
        return fail(ErrorCode::InvalidArgument, "the histogram needs 16 to 1048576 bins per sign");
    return {};
}

Calibration collect(const Run& run)
{
    const ir::Graph& graph = run.model->main();
    Calibration calibration;
    calibration.samples = run.samples;
    for (std::size_t slot = 0; slot < run.slots(); ++slot) {
        const TensorRange range = reduceSlot(run, slot);
        const std::string& name = graph.tensors[static_cast<std::size_t>(run.tensorOf[slot])].name;
        auto [entry, inserted] = calibration.ranges.try_emplace(name, range);
        if (inserted)
            continue;
        entry->second = {std::min(entry->second.min, range.min), std::max(entry->second.max, range.max)};
        run.context.report({Diagnostic::Severity::Warning, "several tensors are named '" + name + "'; their calibration ranges are merged",
                            tensorLabel(graph, run.tensorOf[slot])});
    }
    return calibration;
}

} // namespace

const char* calibrationMethodName(CalibrationMethod method)
{
    switch (method) {
    case CalibrationMethod::MinMax: return "minmax";
    case CalibrationMethod::MovingAverage: return "moving-average";
    case CalibrationMethod::Percentile: return "percentile";
    case CalibrationMethod::Mse: return "mse";
    }
    return "minmax";
}

std::optional<CalibrationMethod> calibrationMethodFromName(std::string_view name)
{
    for (const CalibrationMethod method : {CalibrationMethod::MinMax, CalibrationMethod::MovingAverage, CalibrationMethod::Percentile, CalibrationMethod::Mse}) {
        if (name == calibrationMethodName(method))
            return method;
    }
    return std::nullopt;
}

Result<Calibration> calibrate(const ir::Model& floatModel, const Dataset& data, const CalibrationOptions& options, TaskContext& context)
{
    if (auto valid = checkOptions(options); !valid)
        return std::unexpected(valid.error());
    if (floatModel.graphs.empty())
        return fail(ErrorCode::InvalidArgument, "the model has no graph to calibrate");
    Run run{.model = std::make_shared<const ir::Model>(floatModel), .data = data, .options = options, .context = context};
    run.samples = options.maxSamples == 0 ? data.size() : std::min(options.maxSamples, data.size());
    if (run.samples == 0)
        return fail(ErrorCode::InvalidArgument, "the calibration dataset is empty");
    chooseSlots(run);
    run.ranges.assign(run.samples * run.slots(), SampleRange{});
    run.needHistograms = options.method == CalibrationMethod::Percentile || options.method == CalibrationMethod::Mse;
    if (run.needHistograms)
        run.histograms.assign(run.slots(), RangeHistogram(options.histogramBins));

    auto first = interp::Interpreter::create(run.model, {.threads = 1});
    if (!first)
        return std::unexpected(first.error());
    const int hardware = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const auto workers = std::min<std::size_t>(static_cast<std::size_t>(options.threads > 0 ? options.threads : hardware), run.samples);
    context.setProgress(0, static_cast<int>(run.samples), "Calibrating");
    std::vector<std::jthread> threads;
    for (std::size_t w = 1; w < workers; ++w)
        threads.emplace_back([&run] { worker(run, nullptr); });
    worker(run, std::move(*first));
    threads.clear(); // joins

    if (context.isCancelled())
        return fail(ErrorCode::Cancelled, "calibration cancelled");
    if (!run.errors.empty())
        return std::unexpected(std::ranges::min(run.errors, {}, &std::pair<std::size_t, Error>::first).second);
    return collect(run);
}

} // namespace lf::quant
