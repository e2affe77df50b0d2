// SPDX-License-Identifier: GPL-3.0-or-later
// The per-layer debugger on the corpus VWW MobileNet quantized by our quantizer: its output metrics
// equal an independent computation, the first layer's isolated error equals its accumulated error
// (both see the same input), rounding-only layers sit near the uniform-noise RMSE/scale of 0.289,
// and a layer spoiled on purpose (its calibration range cut 20x, so it clips) is flagged, suggested
// for float, and keeping it in float raises the output SQNR. The scatter-plot value pairs equal the
// float and dequantized tensors at their indices, read back by running each model with the layer's
// tensor as an extra graph output.
#include "core/quant/calibration.h"
#include "core/quant/dataset.h"
#include "core/quant/debugger.h"
#include "core/quant/quantizer.h"
#include "core/tflite/tflite_reader.h"
#include "tests/support/model_runner.h"
#include "tests/support/runtime_runner.h"

#include <QTest>

#include <cmath>

using namespace lf;

namespace {

struct Fixture {
    ir::Model floatModel;
    std::unique_ptr<quant::Dataset> data;
    quant::Calibration calibration;
};

std::optional<Fixture> makeFixture()
{
    NullTaskContext context;
    auto model = tflite::readTfliteFile(
        (test::sharedDir() + QStringLiteral("/corpus/tflite/vww_mobilenet_96_mlperf/vww_96_float.tflite")).toStdString(), context);
    if (!model)
        return std::nullopt;
    quant::DatasetSpec spec;
    spec.sources = {"random"};
    spec.random.samples = 6;
    auto data = quant::openDataset(spec, *model);
    if (!data)
        return std::nullopt;
    auto calibration = quant::calibrate(*model, **data, {}, context);
    if (!calibration)
        return std::nullopt;
    return Fixture{std::move(*model), std::move(*data), std::move(*calibration)};
}

/// `tensor` of `model` on every sample, as doubles (dequantized when quantized), via an extra graph output.
std::optional<std::vector<std::vector<double>>> tensorValues(const ir::Model& model, const std::string& tensor,
                                                             const quant::Dataset& data)
{
    ir::Model copy = model;
    const ir::TensorId id = copy.main().findTensor(tensor);
    if (id == ir::kNoTensor)
        return std::nullopt;
    copy.main().outputs.push_back(id);
    const ir::QuantParams& quant = copy.main().tensors[std::size_t(id)].quant;
    std::vector<std::vector<double>> values;
    for (std::size_t s = 0; s < data.size(); ++s) {
        auto sample = data.sample(s);
        if (!sample)
            return std::nullopt;
        auto outputs = test::runInterpreter(copy, *sample);
        if (!outputs)
            return std::nullopt;
        std::vector<double> v = test::toDoubles(outputs->back());
        if (outputs->back().dtype != ir::DType::Float32) {
            for (double& x : v)
                x = double(quant.scales.front()) * (x - double(quant.zeroPoints.front()));
        }
        values.push_back(std::move(v));
    }
    return values;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[values.size() / 2];
}

} // namespace

class TestDebugger : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void metricsAreRight();
    void keepFloatSuggestionHelps();
    void valuePairsEqualTensors();

private:
    std::optional<Fixture> m_fixture;
};

void TestDebugger::initTestCase()
{
    m_fixture = makeFixture();
    if (!m_fixture)
        QSKIP("corpus model vww_96_float.tflite missing");
}

void TestDebugger::metricsAreRight()
{
    NullTaskContext context;
    auto quantized = quant::quantizeModel(m_fixture->floatModel, m_fixture->calibration, {}, context);
    QVERIFY(quantized.has_value());
    auto report = quant::debugQuantization(m_fixture->floatModel, quantized->model, *m_fixture->data, {}, context);
    QVERIFY2(report, report ? "" : report.error().toString().c_str());
    QVERIFY(report->layers.size() > 20);
    QCOMPARE(report->samples, std::size_t(6));

    // The output metrics against a direct computation.
    double signal = 0;
    double noise = 0;
    for (std::size_t s = 0; s < m_fixture->data->size(); ++s) {
        auto sample = m_fixture->data->sample(s);
        QVERIFY(sample.has_value());
        auto expected = test::runInterpreter(m_fixture->floatModel, *sample);
        auto actual = test::runInterpreter(quantized->model, *sample);
        QVERIFY(expected && actual);
        const auto e = test::toDoubles(expected->front());
        const auto a = test::toDoubles(actual->front());
        for (std::size_t i = 0; i < e.size(); ++i) {
            signal += e[i] * e[i];
            noise += (a[i] - e[i]) * (a[i] - e[i]);
        }
    }
    const double sqnr = noise == 0 ? 120.0 : 10 * std::log10(signal / noise);
    QVERIFY2(std::abs(report->outputs.front().metrics.sqnrDb - sqnr) < 1e-3,
             qPrintable(QStringLiteral("%1 vs %2").arg(report->outputs.front().metrics.sqnrDb).arg(sqnr)));

    const quant::LayerReport& first = report->layers.front();
    QVERIFY2(first.isolated.has_value(), first.tensor.c_str());
    QCOMPARE(first.isolated->rmseOverScale, first.accumulated.rmseOverScale);
    // The first convolution's error is rounding (plus weight rounding): near uniform noise, 0.289.
    QVERIFY2(first.accumulated.rmseOverScale > 0.2 && first.accumulated.rmseOverScale < 0.6,
             qPrintable(QString::number(first.accumulated.rmseOverScale)));
    // Deeper layers inherit error, which the isolated mode strips.
    std::vector<double> isolated;
    std::vector<double> accumulated;
    for (const quant::LayerReport& layer : report->layers) {
        if (layer.isolated) {
            isolated.push_back(layer.isolated->rmseOverScale);
            accumulated.push_back(layer.accumulated.rmseOverScale);
        }
    }
    qInfo("median RMSE/scale over %zu layers: isolated %.3f, accumulated %.3f (uniform rounding alone: 0.289)", isolated.size(),
          median(isolated), median(accumulated));
    QVERIFY(isolated.size() + 2 >= report->layers.size());
    QVERIFY(median(isolated) < median(accumulated));
    QVERIFY(!report->toJson().empty());
    const std::string csv = report->toCsv();
    QCOMPARE(std::count(csv.begin(), csv.end(), '\n'), static_cast<long>(report->layers.size() + 1));
}

void TestDebugger::keepFloatSuggestionHelps()
{
    NullTaskContext context;
    // Spoil one mid-network activation: a range 20x too small clips almost everything.
    quant::Calibration spoiled = m_fixture->calibration;
    const ir::Graph& graph = m_fixture->floatModel.main();
    const ir::Node& victim = graph.nodes[graph.nodes.size() / 2];
    const std::string tensor = graph.tensors[static_cast<std::size_t>(victim.outputs.front())].name;
    QVERIFY(spoiled.ranges.count(tensor));
    spoiled.ranges[tensor].min /= 20;
    spoiled.ranges[tensor].max /= 20;

    auto quantized = quant::quantizeModel(m_fixture->floatModel, spoiled, {}, context);
    QVERIFY(quantized.has_value());
    auto report = quant::debugQuantization(m_fixture->floatModel, quantized->model, *m_fixture->data, {}, context);
    QVERIFY(report.has_value());
    const std::vector<std::string> suggestion = quant::suggestKeepFloat(*report, 4);
    qInfo("spoiled '%s'; suggested: %s%s", victim.name.c_str(), suggestion.empty() ? "nothing" : suggestion.front().c_str(),
          suggestion.size() > 1 ? " ..." : "");
    QVERIFY(std::find(suggestion.begin(), suggestion.end(), victim.name) != suggestion.end());

    quant::QuantizeOptions options;
    options.keepFloat.insert(suggestion.begin(), suggestion.end());
    auto improved = quant::quantizeModel(m_fixture->floatModel, spoiled, options, context);
    QVERIFY(improved.has_value());
    auto after = quant::debugQuantization(m_fixture->floatModel, improved->model, *m_fixture->data, {}, context);
    QVERIFY(after.has_value());
    qInfo("output SQNR: %.2f dB spoiled, %.2f dB with the suggestion in float", quant::outputSqnrDb(*report), quant::outputSqnrDb(*after));
    QVERIFY(quant::outputSqnrDb(*after) > quant::outputSqnrDb(*report) + 3.0);
}

void TestDebugger::valuePairsEqualTensors()
{
    NullTaskContext context;
    auto quantized = quant::quantizeModel(m_fixture->floatModel, m_fixture->calibration, {}, context);
    QVERIFY(quantized.has_value());
    quant::DebugOptions options;
    options.maxValuePairs = 500;
    options.isolatedSamples = 2;
    auto report = quant::debugQuantization(m_fixture->floatModel, quantized->model, *m_fixture->data, options, context);
    QVERIFY(report.has_value());
    const std::size_t last = report->layers.size() - 1;
    int compared = 0;
    for (std::size_t l : {std::size_t(0), std::size_t(1), last / 2, last}) {
        const quant::LayerReport& layer = report->layers[l];
        const auto expectedFloat = tensorValues(m_fixture->floatModel, layer.tensor, *m_fixture->data);
        const auto expectedQuantized = tensorValues(quantized->model, layer.tensor, *m_fixture->data);
        QVERIFY2(expectedFloat && expectedQuantized, layer.tensor.c_str());
        const std::size_t count = expectedFloat->front().size();
        const std::size_t wanted = std::min(options.maxValuePairs, count * m_fixture->data->size());
        QCOMPARE(layer.accumulatedPairs.size(), wanted);
        // Evenly strided over sample 0: first element, then index k * count / wanted.
        if (count >= options.maxValuePairs)
            QCOMPARE(std::size_t(layer.accumulatedPairs[7].index), 7 * count / wanted);
        for (const quant::ValuePair& pair : layer.accumulatedPairs) {
            QVERIFY(pair.index < count);
            QCOMPARE(double(pair.floatValue), (*expectedFloat)[pair.sample][pair.index]);
            QCOMPARE(double(pair.quantizedValue), double(float((*expectedQuantized)[pair.sample][pair.index])));
            ++compared;
        }
        // Isolated pairs: the same float values, dequantized values on the layer's grid.
        QVERIFY(!layer.isolatedPairs.empty());
        QCOMPARE(layer.isolatedPairs.size(), std::min(options.maxValuePairs, count * options.isolatedSamples));
        for (const quant::ValuePair& pair : layer.isolatedPairs) {
            QCOMPARE(double(pair.floatValue), (*expectedFloat)[pair.sample][pair.index]);
            const double steps = double(pair.quantizedValue) / double(layer.scale) + double(layer.zeroPoint);
            QVERIFY2(std::abs(steps - std::round(steps)) < 1e-3, qPrintable(QString::number(steps)));
        }
    }
    // The first layer sees the same input in both modes.
    const quant::LayerReport& first = report->layers.front();
    for (std::size_t i = 0; i < first.isolatedPairs.size(); ++i)
        QCOMPARE(first.isolatedPairs[i].quantizedValue, first.accumulatedPairs[i].quantizedValue);
    qInfo("%d value pairs equal the float and dequantized tensors", compared);

    const std::string json = report->toJson();
    QVERIFY(json.find("\"value_pairs\":{\"accumulated\":{\"sample\":[0,0,") != std::string::npos);
    quant::DebugOptions none;
    none.maxValuePairs = 0;
    auto bare = quant::debugQuantization(m_fixture->floatModel, quantized->model, *m_fixture->data, none, context);
    QVERIFY(bare && bare->layers.front().accumulatedPairs.empty());
}

QTEST_GUILESS_MAIN(TestDebugger)
#include "tst_debugger.moc"
