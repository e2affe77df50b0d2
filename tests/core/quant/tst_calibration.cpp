// SPDX-License-Identifier: GPL-3.0-or-later
// Calibration: min/max equal a scan of every tensor of the interpreter run on the same samples
// (a corpus model), the other methods behave as designed on known distributions (an outlier is
// clipped by percentile and MSE, moving averages follow the formula), parallel runs give the
// single-thread result bit for bit, and NaN/Inf, dataset errors and cancellation are reported.
#include "core/interpreter/interpreter.h"
#include "core/quant/calibration.h"
#include "core/quant/dataset.h"
#include "core/tflite/tflite_reader.h"
#include "tests/support/runtime_runner.h"

#include <QTest>

#include <atomic>
#include <cmath>
#include <cstring>
#include <map>
#include <random>

using namespace lf;
using namespace lf::quant;

Q_DECLARE_METATYPE(lf::quant::CalibrationMethod)

namespace {

NpyArray floats(std::vector<std::int64_t> shape, const std::vector<float>& values)
{
    NpyArray array{ir::DType::Float32, std::move(shape), std::vector<std::byte>(values.size() * 4)};
    std::memcpy(array.data.data(), values.data(), array.data.size());
    return array;
}

/// Samples held in memory; sample `failAt` (if any) fails with an error naming it.
class MemoryDataset final : public Dataset {
public:
    explicit MemoryDataset(std::vector<std::vector<NpyArray>> samples) : m_samples(std::move(samples)) {}
    std::size_t size() const override { return m_samples.size(); }
    Result<std::vector<NpyArray>> sample(std::size_t index) const override
    {
        if (std::ranges::find(failAt, index) != failAt.end())
            return fail(ErrorCode::InvalidArgument, "bad sample", "sample_" + std::to_string(index) + ".npy");
        return m_samples[index];
    }
    std::vector<std::size_t> failAt;

private:
    std::vector<std::vector<NpyArray>> m_samples;
};

/// x [1, n] -> op -> y
ir::Model unaryModel(ir::OpKind op, std::int64_t n)
{
    ir::Model model = ir::makeModel("main");
    ir::Graph& graph = model.main();
    ir::Tensor x{.name = "x", .shape = ir::Shape{1, n}};
    ir::Tensor y{.name = "y", .shape = ir::Shape{1, n}};
    const ir::TensorId in = graph.addTensor(x);
    const ir::TensorId out = graph.addTensor(y);
    graph.addNode(ir::Node{.op = op, .name = "the_op", .inputs = {in}, .outputs = {out}});
    graph.inputs = {in};
    graph.outputs = {out};
    return model;
}

/// x [1, 2, 2, 1] -> PADV2 (one pixel around, `padValue`) -> y [1, 4, 4, 1]
ir::Model padModel(float padValue)
{
    ir::Model model = ir::makeModel("main");
    ir::Graph& graph = model.main();
    const ir::TensorId in = graph.addTensor({.name = "x", .shape = ir::Shape{1, 2, 2, 1}});
    const std::vector<std::int32_t> paddings = {0, 0, 1, 1, 1, 1, 0, 0};
    ir::Tensor padTensor{.name = "paddings", .dtype = ir::DType::Int32, .shape = ir::Shape{4, 2}};
    padTensor.data = ir::ConstData::fromValues(std::span<const std::int32_t>(paddings));
    ir::Tensor valueTensor{.name = "value", .shape = ir::Shape{}};
    valueTensor.data = ir::ConstData::fromValues(std::span<const float>(&padValue, 1));
    const ir::TensorId pads = graph.addTensor(std::move(padTensor));
    const ir::TensorId value = graph.addTensor(std::move(valueTensor));
    const ir::TensorId out = graph.addTensor({.name = "y", .shape = ir::Shape{1, 4, 4, 1}});
    graph.addNode(ir::Node{.op = ir::OpKind::PadV2, .name = "pad", .inputs = {in, pads, value}, .outputs = {out}});
    graph.inputs = {in};
    graph.outputs = {out};
    return model;
}

/// Uniform [-1, 1) values; sample 3 has an outlier of 1000 at position 17.
MemoryDataset outlierDataset(std::size_t samples, std::int64_t n)
{
    std::mt19937 generator(11);
    std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
    std::vector<std::vector<NpyArray>> data;
    for (std::size_t s = 0; s < samples; ++s) {
        std::vector<float> values(static_cast<std::size_t>(n));
        for (float& value : values)
            value = uniform(generator);
        if (s == 3)
            values[17] = 1000.0f;
        data.push_back({floats({1, n}, values)});
    }
    return MemoryDataset(std::move(data));
}

class CountingContext final : public TaskContext {
public:
    bool isCancelled() const override { return cancelAfter >= 0 && progressCalls.load() > cancelAfter; }
    void setProgress(int done, int total, std::string_view) override
    {
        ++progressCalls;
        lastDone = done;
        lastTotal = total;
        monotonic = monotonic && done >= previous;
        previous = done;
    }
    void report(Diagnostic) override {}
    int cancelAfter = -1;
    std::atomic<int> progressCalls{0};
    int lastDone = 0;
    int lastTotal = 0;
    int previous = 0;
    bool monotonic = true;
};

/// Min/max of every float tensor by an independent scan: copies each tensor and uses minmax_element.
class ScanObserver final : public interp::TensorObserver {
public:
    explicit ScanObserver(const ir::Graph& graph) : m_graph(graph) {}
    void tensorProduced(ir::NodeId, ir::TensorId tensor, const interp::TensorView& view) override
    {
        if (view.dtype != ir::DType::Float32)
            return;
        std::vector<float> copy(view.span<const float>().begin(), view.span<const float>().end());
        note(m_graph.tensors[static_cast<std::size_t>(tensor)].name, copy);
    }
    void note(const std::string& name, const std::vector<float>& values)
    {
        const auto [low, high] = std::ranges::minmax_element(values);
        auto [entry, inserted] = ranges.try_emplace(name, TensorRange{*low, *high});
        if (!inserted)
            entry->second = {std::min(entry->second.min, *low), std::max(entry->second.max, *high)};
    }
    std::map<std::string, TensorRange> ranges;

private:
    const ir::Graph& m_graph;
};

Result<ir::Model> corpusModel(const QString& relative)
{
    NullTaskContext context;
    return tflite::readTfliteFile((test::sharedDir() + "/corpus/tflite/" + relative).toStdString(), context);
}

Result<std::unique_ptr<Dataset>> randomDataset(const ir::Model& model, std::size_t samples)
{
    return openDataset({.sources = {"random"}, .random = {.low = -1, .high = 1, .seed = 3, .samples = samples}}, model);
}

} // namespace

class TestCalibration : public QObject {
    Q_OBJECT

private slots:
    void minMaxEqualsInterpreterScan();
    void parallelEqualsSingleThread_data();
    void parallelEqualsSingleThread();
    void percentileAndMseClipAnOutlier();
    void movingAverageFollowsTheFormula();
    void constantTensorKeepsItsRange();
    void nonFiniteTensorsAreNamed();
    void padInfinityIsLeftOut();
    void datasetErrorOfTheFirstBadSample();
    void cancellation();
    void methodNames();
};

void TestCalibration::minMaxEqualsInterpreterScan()
{
    auto model = corpusModel("resnet8_cifar10_mlperf/pretrainedResnet_float.tflite");
    QVERIFY2(model, model ? "" : model.error().toString().c_str());
    auto dataset = randomDataset(*model, 6);
    QVERIFY(dataset);
    CountingContext context;
    auto calibration = calibrate(*model, **dataset, {.threads = 2}, context);
    QVERIFY2(calibration, calibration ? "" : calibration.error().toString().c_str());
    QCOMPARE(calibration->samples, std::size_t{6});
    QCOMPARE(context.lastDone, 6);
    QCOMPARE(context.lastTotal, 6);
    QVERIFY(context.monotonic);

    auto interpreter = interp::Interpreter::create(std::make_shared<const ir::Model>(*model), {.threads = 1});
    QVERIFY(interpreter);
    ScanObserver scan(model->main());
    for (std::size_t i = 0; i < 6; ++i) {
        auto sample = (*dataset)->sample(i);
        QVERIFY(sample);
        const NpyArray& input = sample->front();
        QVERIFY((*interpreter)->setInput(0, input.dtype, input.shape, input.data));
        std::vector<float> values(static_cast<std::size_t>(input.elementCount()));
        std::memcpy(values.data(), input.data.data(), input.data.size());
        scan.note(model->main().tensors[static_cast<std::size_t>(model->main().inputs[0])].name, values);
        QVERIFY((*interpreter)->invoke(&scan));
    }
    QVERIFY2(scan.ranges.size() > 10, qPrintable(QString::number(scan.ranges.size())));
    QCOMPARE(calibration->ranges.size(), scan.ranges.size());
    for (const auto& [name, range] : scan.ranges) {
        const auto found = calibration->ranges.find(name);
        QVERIFY2(found != calibration->ranges.end(), name.c_str());
        QCOMPARE(found->second.min, range.min);
        QCOMPARE(found->second.max, range.max);
    }
}

void TestCalibration::parallelEqualsSingleThread_data()
{
    QTest::addColumn<CalibrationMethod>("method");
    QTest::newRow("minmax") << CalibrationMethod::MinMax;
    QTest::newRow("moving-average") << CalibrationMethod::MovingAverage;
    QTest::newRow("percentile") << CalibrationMethod::Percentile;
    QTest::newRow("mse") << CalibrationMethod::Mse;
}

void TestCalibration::parallelEqualsSingleThread()
{
    QFETCH(CalibrationMethod, method);
    auto model = corpusModel("kws_ds_cnn_mlperf/kws_ref_model_float32.tflite");
    QVERIFY2(model, model ? "" : model.error().toString().c_str());
    auto dataset = randomDataset(*model, 7);
    QVERIFY(dataset);
    NullTaskContext context;
    auto single = calibrate(*model, **dataset, {.method = method, .threads = 1}, context);
    QVERIFY2(single, single ? "" : single.error().toString().c_str());
    for (const int threads : {2, 3}) {
        auto parallel = calibrate(*model, **dataset, {.method = method, .threads = threads}, context);
        QVERIFY(parallel);
        QCOMPARE(parallel->ranges.size(), single->ranges.size());
        for (const auto& [name, range] : single->ranges) {
            const TensorRange other = parallel->ranges.at(name);
            QVERIFY2(std::memcmp(&other, &range, sizeof range) == 0, name.c_str());
        }
    }
    auto minmax = calibrate(*model, **dataset, {.threads = 1}, context);
    QVERIFY(minmax);
    int narrower = 0;
    for (const auto& [name, range] : single->ranges) {
        const TensorRange full = minmax->ranges.at(name);
        QVERIFY2(range.min >= full.min && range.max <= full.max && range.min <= range.max, name.c_str());
        narrower += range.min > full.min || range.max < full.max;
    }
    if (method != CalibrationMethod::MinMax)
        QVERIFY(narrower > 0);
}

void TestCalibration::percentileAndMseClipAnOutlier()
{
    constexpr std::int64_t n = 200000; // 2e6 values: enough that one outlier costs less clipped than kept
    const ir::Model model = unaryModel(ir::OpKind::Relu, n);
    const MemoryDataset data = outlierDataset(10, n);
    NullTaskContext context;
    auto minmax = calibrate(model, data, {.threads = 2}, context);
    auto percentile = calibrate(model, data, {.method = CalibrationMethod::Percentile, .threads = 2}, context);
    auto mse = calibrate(model, data, {.method = CalibrationMethod::Mse, .threads = 2}, context);
    QVERIFY(minmax && percentile && mse);
    QCOMPARE(minmax->ranges.at("x").max, 1000.0f);
    QCOMPARE(minmax->ranges.at("y").max, 1000.0f);
    QCOMPARE(minmax->ranges.at("y").min, 0.0f);
    QVERIFY(minmax->ranges.at("x").min < -0.9999f);
    for (const char* name : {"x", "y"}) {
        const TensorRange p = percentile->ranges.at(name);
        QVERIFY2(p.max > 0.95f && p.max <= 1.01f, qPrintable(QString::number(p.max))); // the 99.99th percentile of U(-1,1) is 0.9998
        // MSE trades clipping the one outlier, (1000 - hi)^2, against the step of the 2e6 others,
        // 2e6 * (hi / 255)^2 / 12: the optimum is near 1000 / (1 + 2e6 / (255^2 * 12)) = 281
        const TensorRange m = mse->ranges.at(name);
        QVERIFY2(m.max > 200.0f && m.max < 450.0f, qPrintable(QString::number(m.max)));
        QVERIFY(m.min >= minmax->ranges.at(name).min);
    }
    QVERIFY(percentile->ranges.at("x").min < -0.95f && percentile->ranges.at("x").min >= minmax->ranges.at("x").min);
    QVERIFY(mse->ranges.at("x").min < -0.5f); // a step of about 1.3 makes clipping part of [-1, 0] pay
    QVERIFY(percentile->ranges.at("y").min >= 0.0f && percentile->ranges.at("y").min < 1e-3f); // half the values are 0

    // with a thousand times fewer values, keeping the outlier costs less than clipping it
    const ir::Model small = unaryModel(ir::OpKind::Relu, 200);
    const MemoryDataset few = outlierDataset(10, 200);
    auto keep = calibrate(small, few, {.method = CalibrationMethod::Mse}, context);
    QVERIFY(keep);
    QCOMPARE(keep->ranges.at("y").max, 1000.0f);

    // int16 steps are 256 times finer, so the step costs too little to clip the outlier for
    auto wide = calibrate(model, data, {.method = CalibrationMethod::Mse, .mseLevels = 65536}, context);
    QVERIFY(wide);
    QCOMPARE(wide->ranges.at("y").max, 1000.0f);
}

void TestCalibration::movingAverageFollowsTheFormula()
{
    const ir::Model model = unaryModel(ir::OpKind::Relu, 4);
    std::vector<std::vector<NpyArray>> samples;
    for (int k = 1; k <= 4; ++k)
        samples.push_back({floats({1, 4}, {-float(k), 0, 0.5f, 2.0f * float(k)})});
    const MemoryDataset data(std::move(samples));
    NullTaskContext context;
    auto average = calibrate(model, data, {.method = CalibrationMethod::MovingAverage, .threads = 3}, context);
    QVERIFY(average);
    // min: -1, 0.9*-1 + 0.1*-2 = -1.1, -1.29, -1.561; max: 2, 2.2, 2.58, 3.122
    QVERIFY(std::abs(average->ranges.at("x").min - -1.561f) < 1e-5f);
    QVERIFY(std::abs(average->ranges.at("x").max - 3.122f) < 1e-5f);
    QCOMPARE(average->ranges.at("y").min, 0.0f);
    QVERIFY(std::abs(average->ranges.at("y").max - 3.122f) < 1e-5f);
    auto faster = calibrate(model, data, {.method = CalibrationMethod::MovingAverage, .momentum = 0.5}, context);
    QVERIFY(faster);
    QVERIFY(std::abs(faster->ranges.at("x").max - 6.25f) < 1e-5f); // 2, 3, 4.5, 6.25
}

void TestCalibration::constantTensorKeepsItsRange()
{
    const ir::Model model = unaryModel(ir::OpKind::Relu, 6);
    const MemoryDataset data({{floats({1, 6}, std::vector<float>(6, 5.0f))}, {floats({1, 6}, std::vector<float>(6, 5.0f))}});
    NullTaskContext context;
    for (const CalibrationMethod method : {CalibrationMethod::MinMax, CalibrationMethod::MovingAverage, CalibrationMethod::Percentile, CalibrationMethod::Mse}) {
        auto calibration = calibrate(model, data, {.method = method}, context);
        QVERIFY(calibration);
        QCOMPARE(calibration->ranges.at("y").min, 5.0f);
        QCOMPARE(calibration->ranges.at("y").max, 5.0f);
    }
}

void TestCalibration::nonFiniteTensorsAreNamed()
{
    const ir::Model model = unaryModel(ir::OpKind::Log, 4);
    NullTaskContext context;
    const MemoryDataset nan({{floats({1, 4}, {1, 2, 3, 4})}, {floats({1, 4}, {1, 2, -3, 4})}});
    auto failed = calibrate(model, nan, {.threads = 2}, context);
    QVERIFY(!failed);
    const std::string text = failed.error().toString();
    QVERIFY2(text.find("NaN at index [0,2] of tensor 'y'") != std::string::npos, text.c_str());
    QVERIFY2(text.find("node 'the_op' (Log)") != std::string::npos, text.c_str());
    QVERIFY2(text.find("sample 1") != std::string::npos, text.c_str());
    const MemoryDataset zero({{floats({1, 4}, {1, 0, 3, 4})}});
    auto inf = calibrate(model, zero, {}, context);
    QVERIFY(!inf);
    QVERIFY2(inf.error().toString().find("Inf at index [0,1]") != std::string::npos, inf.error().toString().c_str());
}

void TestCalibration::padInfinityIsLeftOut()
{
    NullTaskContext context;
    const MemoryDataset data({{floats({1, 2, 2, 1}, {-3, 1, 2, 4})}});
    for (const CalibrationMethod method : {CalibrationMethod::MinMax, CalibrationMethod::Percentile, CalibrationMethod::Mse}) {
        auto calibration = calibrate(padModel(-INFINITY), data, {.method = method}, context);
        QVERIFY2(calibration, calibration ? "" : calibration.error().toString().c_str());
        QVERIFY(calibration->ranges.at("y").min >= -3.0f && calibration->ranges.at("y").max <= 4.0f);
        if (method == CalibrationMethod::MinMax) {
            QCOMPARE(calibration->ranges.at("y").min, -3.0f);
            QCOMPARE(calibration->ranges.at("y").max, 4.0f);
        }
    }
    auto finite = calibrate(padModel(7.0f), data, {}, context);
    QVERIFY(finite);
    QCOMPARE(finite->ranges.at("y").max, 7.0f);
    const MemoryDataset infiniteInput({{floats({1, 2, 2, 1}, {-3, 1, INFINITY, 4})}});
    auto failed = calibrate(padModel(-INFINITY), infiniteInput, {}, context); // +inf is not the pad value
    QVERIFY(!failed);
    QVERIFY2(failed.error().toString().find("Inf at index [0,1,0,0] of tensor 'x'") != std::string::npos, failed.error().toString().c_str());
}

void TestCalibration::datasetErrorOfTheFirstBadSample()
{
    const ir::Model model = unaryModel(ir::OpKind::Relu, 4);
    std::vector<std::vector<NpyArray>> samples(12, {floats({1, 4}, {1, 2, 3, 4})});
    MemoryDataset data(std::move(samples));
    data.failAt = {9, 5, 7};
    NullTaskContext context;
    for (const int threads : {1, 2, 4}) {
        auto failed = calibrate(model, data, {.threads = threads}, context);
        QVERIFY(!failed);
        QCOMPARE(failed.error().where, std::string("sample_5.npy"));
    }
    auto limited = calibrate(model, data, {.maxSamples = 5}, context); // samples 0..4 are fine
    QVERIFY(limited);
    QCOMPARE(limited->samples, std::size_t{5});
}

void TestCalibration::cancellation()
{
    auto model = corpusModel("kws_ds_cnn_mlperf/kws_ref_model_float32.tflite");
    QVERIFY(model);
    auto dataset = randomDataset(*model, 50);
    QVERIFY(dataset);
    for (const int cancelAfter : {0, 3}) {
        CountingContext context;
        context.cancelAfter = cancelAfter;
        auto cancelled = calibrate(*model, **dataset, {.threads = 2}, context);
        QVERIFY(!cancelled);
        QCOMPARE(cancelled.error().code, ErrorCode::Cancelled);
        QVERIFY(context.lastDone < 50);
    }
}

void TestCalibration::methodNames()
{
    for (const CalibrationMethod method : {CalibrationMethod::MinMax, CalibrationMethod::MovingAverage, CalibrationMethod::Percentile, CalibrationMethod::Mse})
        QCOMPARE(calibrationMethodFromName(calibrationMethodName(method)), std::optional(method));
    QVERIFY(!calibrationMethodFromName("kl"));
    const ir::Model model = unaryModel(ir::OpKind::Relu, 4);
    const MemoryDataset data({{floats({1, 4}, {1, 2, 3, 4})}});
    NullTaskContext context;
    QVERIFY(!calibrate(model, data, {.method = CalibrationMethod::Percentile, .percentile = 40}, context));
    QVERIFY(!calibrate(model, data, {.momentum = 1.0}, context));
    QVERIFY(!calibrate(model, MemoryDataset({}), {}, context));
}

QTEST_GUILESS_MAIN(TestCalibration)
#include "tst_calibration.moc"
