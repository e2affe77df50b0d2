// SPDX-License-Identifier: GPL-3.0-or-later
// The quantization panel on the corpus VWW MobileNet (float) with seeded random samples, offscreen:
// a run completes; the chart has one column per quantized layer and its values equal a report the
// test computes itself with the core (calibrate + quantize + debugQuantization); clicking column k
// selects and centres the node producing layer k's tensor, and selecting a node highlights its column;
// ticking the suggestion for a spoiled range and re-running raises the output SQNR; Cancel ends a long
// run within 1 s; the event loop never stalls 100 ms during a run; exports round-trip; the scatter
// plot draws the selected layer's value pairs of the report in either mode; the heat map colours by
// the chosen metric and mode; results stay with their model (hiding the panel, switching models) until
// the file changes.
#include "widgets/graph_view/graph_scene.h"
#include "widgets/graph_view/graph_view.h"
#include "widgets/graph_view/node_item.h"
#include "widgets/quantization/heat_map.h"
#include "widgets/quantization/keep_float_table.h"
#include "widgets/quantization/layer_detail_view.h"
#include "widgets/quantization/layer_error_chart.h"
#include "widgets/quantization/layer_metric.h"
#include "widgets/quantization/quantization_panel.h"
#include "widgets/quantization/quantization_settings.h"
#include "widgets/quantization/value_scatter_plot.h"

#include "core/base/task_context.h"
#include "core/importers/load_model.h"
#include "tests/support/runtime_runner.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QGraphicsItem>
#include <QHBoxLayout>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QTimer>

using namespace lf;
using namespace lf::ui;

namespace {

constexpr int kRunTimeoutMs = 120000;
constexpr std::size_t kSamples = 4;

QString vwwPath()
{
    return QStringLiteral(LF_SHARED_DIR "/corpus/tflite/vww_mobilenet_96_mlperf/vww_96_float.tflite");
}

std::shared_ptr<const ir::Model> load(const QString& path)
{
    NullTaskContext context;
    auto model = loadModel(QFileInfo(path).filesystemFilePath(), context);
    return model ? std::make_shared<const ir::Model>(std::move(*model)) : nullptr;
}

/// The report the panel should show, computed here with the core functions directly.
std::optional<quant::DebugReport> referenceReport(const ir::Model& model, std::size_t samples)
{
    NullTaskContext context;
    quant::DatasetSpec spec;
    spec.sources = {"random"};
    spec.random.samples = samples;
    spec.maxSamples = samples;
    auto data = quant::openDataset(spec, model);
    if (!data)
        return std::nullopt;
    quant::CalibrationOptions calibrationOptions;
    calibrationOptions.maxSamples = samples;
    auto calibration = quant::calibrate(model, **data, calibrationOptions, context);
    if (!calibration)
        return std::nullopt;
    auto quantized = quant::quantizeModel(model, *calibration, {}, context);
    if (!quantized)
        return std::nullopt;
    quant::DebugOptions debug;
    debug.maxSamples = samples;
    auto report = quant::debugQuantization(model, quantized->model, **data, debug, context);
    return report ? std::optional(std::move(*report)) : std::nullopt;
}

/// Spoils the range of the tensor produced by the middle node 20x, as tst_debugger does.
std::function<void(quant::Calibration&)> spoiler(const ir::Graph& graph)
{
    const ir::Node& victim = graph.nodes[graph.nodes.size() / 2];
    const std::string tensor = graph.tensors[std::size_t(victim.outputs.front())].name;
    return [tensor](quant::Calibration& calibration) {
        auto it = calibration.ranges.find(tensor);
        if (it != calibration.ranges.end()) {
            it->second.min /= 20;
            it->second.max /= 20;
        }
    };
}

} // namespace

class TestQuantizationPanel : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void runCompletes();
    void chartValuesEqualCoreReport();
    void logScaleAndToolTip();
    void clickingBarSelectsNode();
    void selectingNodeHighlightsBar();
    void heatMapColoursLayers();
    void heatMapFollowsMode();
    void heatMapMovesWithGraphView();
    void scatterShowsSelectedLayerPairs();
    void exportsRoundTrip();
    void resultsStayWithTheirModel();
    void resultsSurviveHidingThePanel();
    void resultsDroppedWhenFileChanges();
    void keepFloatRaisesOutputSqnr();
    void int16ActivationsBeatInt8();
    void cancelStopsWithinOneSecond();
    void eventLoopStaysResponsive();
    void previewShowsImagesAsTheModelSeesThem();

private:
    bool runPanel(int timeoutMs = kRunTimeoutMs);

    std::shared_ptr<const ir::Model> m_model;
    std::unique_ptr<QWidget> m_window;
    GraphView* m_view = nullptr;
    QuantizationPanel* m_panel = nullptr;
};

bool TestQuantizationPanel::runPanel(int timeoutMs)
{
    QSignalSpy finished(m_panel, &QuantizationPanel::runFinished);
    m_panel->runButton()->click();
    if (!m_panel->isRunning() || !finished.wait(timeoutMs))
        return false;
    return finished.front().front().toBool();
}

void TestQuantizationPanel::initTestCase()
{
    if (!QFileInfo::exists(vwwPath()))
        QSKIP("corpus model vww_96_float.tflite missing");
    m_model = load(vwwPath());
    QVERIFY(m_model);
    m_window = std::make_unique<QWidget>();
    m_view = new GraphView(m_window.get());
    m_panel = new QuantizationPanel(m_window.get());
    auto* layout = new QHBoxLayout(m_window.get());
    layout->addWidget(m_view, 1);
    layout->addWidget(m_panel, 2);
    m_window->resize(1600, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QSignalSpy layout_done(m_view->graphScene(), &GraphScene::layoutFinished);
    m_view->setModel(m_model);
    QVERIFY(layout_done.wait(30000));
    m_panel->setGraphView(m_view);
    m_panel->setModel(m_model, vwwPath());
    m_panel->settings()->setDataset(CalibrationSource::Random);
    m_panel->settings()->setSamples(int(kSamples));
}

void TestQuantizationPanel::runCompletes()
{
    QVERIFY(!m_panel->results());
    QVERIFY(runPanel());
    const auto results = m_panel->results();
    QVERIFY(results);
    QCOMPARE(results->report.samples, kSamples);
    QVERIFY(results->report.layers.size() > 20);
    QCOMPARE(m_panel->chart()->barCount(), int(results->report.layers.size()));
    QCOMPARE(m_panel->keepFloatTable()->table()->rowCount(), int(results->report.layers.size()));
    QCOMPARE(int(results->thumbnails.size()), int(kSamples));
    QCOMPARE(results->thumbnails.front().width(), 72);
    QVERIFY2(m_panel->summaryText().contains(QStringLiteral("Output SQNR")), qPrintable(m_panel->summaryText()));
    qInfo("%zu quantized layers, output SQNR %.2f dB, run %.0f ms", results->report.layers.size(),
          quant::outputSqnrDb(results->report), results->elapsedMs);
}

void TestQuantizationPanel::chartValuesEqualCoreReport()
{
    const auto results = m_panel->results();
    QVERIFY(results);
    const auto reference = referenceReport(*m_model, kSamples);
    QVERIFY(reference);
    QCOMPARE(reference->layers.size(), results->report.layers.size());
    LayerErrorChart* chart = m_panel->chart();
    int compared = 0;
    for (LayerMetric metric : kLayerMetrics) {
        chart->setMetric(metric);
        QCOMPARE(chart->barCount(), int(reference->layers.size()));
        for (std::size_t i = 0; i < reference->layers.size(); ++i) {
            const quant::LayerReport& expected = reference->layers[i];
            QCOMPARE(results->report.layers[i].tensor, expected.tensor);
            const auto accumulated = chart->accumulatedValue(int(i));
            QVERIFY(accumulated);
            QCOMPARE(*accumulated, metricValue(expected.accumulated, metric));
            QCOMPARE(chart->isolatedValue(int(i)).has_value(), expected.isolated.has_value());
            if (expected.isolated)
                QCOMPARE(*chart->isolatedValue(int(i)), metricValue(*expected.isolated, metric));
            ++compared;
        }
    }
    QCOMPARE(quant::outputSqnrDb(results->report), quant::outputSqnrDb(*reference));
    // Sorting reorders the columns, not the values of a layer.
    chart->setMetric(LayerMetric::RmseOverScale);
    chart->setSortedByValue(true);
    QCOMPARE(*chart->accumulatedValue(3), reference->layers[3].accumulated.rmseOverScale);
    chart->setSortedByValue(false);
    qInfo("%d chart values equal the reference report", compared);
}

void TestQuantizationPanel::logScaleAndToolTip()
{
    const auto results = m_panel->results();
    QVERIFY(results);
    LayerErrorChart* chart = m_panel->chart();
    chart->setMetric(LayerMetric::Mse);
    chart->setLogScale(true);
    // Positive values are drawn as they are on the log axis.
    for (std::size_t i = 0; i < results->report.layers.size(); ++i) {
        const double mse = results->report.layers[i].accumulated.mse;
        if (mse > 0)
            QCOMPARE(*chart->accumulatedValue(int(i)), mse);
    }
    chart->setLogScale(false);
    chart->setMetric(LayerMetric::RmseOverScale);
    const quant::LayerReport& layer = results->report.layers[2];
    const QString tip = chart->toolTipText(2);
    QVERIFY2(tip.contains(QString::fromStdString(layer.opType)), qPrintable(tip));
    QVERIFY2(tip.contains(QString::number(layer.accumulated.rmseOverScale, 'g', 4)), qPrintable(tip));
    QCOMPARE(chart->layerAt(chart->columnCenter(2)), 2);
}

void TestQuantizationPanel::clickingBarSelectsNode()
{
    const auto results = m_panel->results();
    QVERIFY(results);
    const ir::Graph& graph = m_model->main();
    LayerErrorChart* chart = m_panel->chart();
    const int count = int(results->report.layers.size());
    for (int k : {0, 1, count / 2, count - 1}) {
        QTest::mouseClick(chart->plotWidget(), Qt::LeftButton, {}, chart->columnCenter(k));
        const int node = m_view->graphScene()->selectedItem();
        QVERIFY2(node >= 0, qPrintable(QStringLiteral("bar %1 selected nothing").arg(k)));
        // The selected node is the one producing the layer's tensor.
        const auto& outputs = graph.nodes[std::size_t(node)].outputs;
        const bool produces = std::any_of(outputs.begin(), outputs.end(), [&](ir::TensorId id) {
            return graph.tensors[std::size_t(id)].name == results->report.layers[std::size_t(k)].tensor;
        });
        QVERIFY2(produces, results->report.layers[std::size_t(k)].tensor.c_str());
        QCOMPARE(m_panel->selectedLayer(), k);
        QCOMPARE(chart->highlightedLayer(), k);
        // Centred: the node's box is inside the visible part of the scene.
        const QRectF visible = m_view->mapToScene(m_view->viewport()->rect()).boundingRect();
        QVERIFY(visible.intersects(m_view->graphScene()->nodeItems()[std::size_t(node)]->sceneBoundingRect()));
    }
}

void TestQuantizationPanel::selectingNodeHighlightsBar()
{
    const auto results = m_panel->results();
    QVERIFY(results);
    const int k = int(results->report.layers.size()) / 3;
    const int node = results->layerNodes[std::size_t(k)];
    QVERIFY(node >= 0);
    m_view->selectNode(node);
    QCOMPARE(m_panel->chart()->highlightedLayer(), k);
    QCOMPARE(m_panel->selectedLayer(), k);
    QVERIFY(m_panel->detailView()->parametersText().contains(QStringLiteral("scale")));
    // A node that is not a quantized layer clears the highlight.
    const int graphInputItem = m_view->graphScene()->opItemCount();
    m_view->graphScene()->selectItem(graphInputItem);
    QCOMPARE(m_panel->chart()->highlightedLayer(), -1);
}

void TestQuantizationPanel::heatMapColoursLayers()
{
    const auto results = m_panel->results();
    QVERIFY(results);
    m_panel->setHeatMapEnabled(true);
    QVERIFY(m_panel->heatMap());
    const auto mapped = std::count_if(results->layerNodes.begin(), results->layerNodes.end(), [](int n) { return n >= 0; });
    QCOMPARE(qsizetype(m_panel->heatMap()->cells().size()), qsizetype(mapped));
    // The worst layer gets the reddest colour (hue 0), the best the greenest.
    std::vector<int> hues;
    for (const auto& cell : m_panel->heatMap()->cells())
        hues.push_back(cell.second.hue());
    QCOMPARE(*std::min_element(hues.begin(), hues.end()), 0);
    QVERIFY(*std::max_element(hues.begin(), hues.end()) >= 119);
    m_panel->setHeatMapEnabled(false);
    QVERIFY(!m_panel->heatMap());
}

void TestQuantizationPanel::heatMapFollowsMode()
{
    const auto results = m_panel->results();
    QVERIFY(results);
    m_panel->chart()->setMetric(LayerMetric::RmseOverScale);
    m_panel->setHeatMapEnabled(true);
    for (ErrorMode mode : {ErrorMode::Isolated, ErrorMode::Accumulated}) {
        m_panel->setHeatMapMode(mode);
        QCOMPARE(m_panel->heatMapMode(), mode);
        QVERIFY2(m_panel->heatLegendTitle().contains(modeName(mode) + QStringLiteral(" RMSE / scale")),
                 qPrintable(m_panel->heatLegendTitle()));
        // The reddest cell is the node of the layer worst in this mode, and one cell per layer with a value.
        int worst = -1;
        int valued = 0;
        for (std::size_t i = 0; i < results->report.layers.size(); ++i) {
            const quant::ErrorMetrics* metrics = modeMetrics(results->report.layers[i], mode);
            if (!metrics || results->layerNodes[i] < 0)
                continue;
            ++valued;
            if (worst < 0 || metrics->rmseOverScale > modeMetrics(results->report.layers[std::size_t(worst)], mode)->rmseOverScale)
                worst = int(i);
        }
        QVERIFY(worst >= 0);
        const auto& cells = m_panel->heatMap()->cells();
        QCOMPARE(int(cells.size()), valued);
        const QRectF worstBox = m_view->graphScene()->nodeItem(results->layerNodes[std::size_t(worst)])->sceneBoundingRect();
        const auto red = std::find_if(cells.begin(), cells.end(), [](const auto& cell) { return cell.second.hue() == 0; });
        QVERIFY(red != cells.end());
        QCOMPARE(red->first, worstBox);
        qInfo("heat map %s: worst layer #%d of %d coloured", qPrintable(modeName(mode)), worst, valued);
    }
    // The modes rank layers differently here, so the colours differ.
    m_panel->setHeatMapMode(ErrorMode::Isolated);
    const auto isolatedCells = m_panel->heatMap()->cells();
    m_panel->setHeatMapMode(ErrorMode::Accumulated);
    QVERIFY(isolatedCells != m_panel->heatMap()->cells());
    m_panel->setHeatMapEnabled(false);
}

void TestQuantizationPanel::heatMapMovesWithGraphView()
{
    QVERIFY(m_panel->results());
    m_panel->setHeatMapEnabled(true);
    QVERIFY(m_panel->heatMap());
    QCOMPARE(m_panel->heatMap()->scene(), m_view->graphScene());
    // A second view (another tab) showing another model: no overlay there, none left behind here.
    GraphView other;
    m_panel->setGraphView(&other);
    QVERIFY(!m_panel->heatMap());
    const auto items = m_view->graphScene()->items();
    QVERIFY(std::none_of(items.begin(), items.end(), [](QGraphicsItem* item) { return dynamic_cast<HeatMapOverlay*>(item); }));
    m_panel->setGraphView(m_view);
    QVERIFY(m_panel->heatMap());
    QCOMPARE(m_panel->heatMap()->scene(), m_view->graphScene());
    m_panel->setHeatMapEnabled(false);
}

void TestQuantizationPanel::scatterShowsSelectedLayerPairs()
{
    const auto results = m_panel->results();
    QVERIFY(results);
    ValueScatterPlot* scatter = m_panel->detailView()->scatterPlot();
    QCOMPARE(scatter->xLabel(), QStringLiteral("float value"));
    QCOMPARE(scatter->yLabel(), QStringLiteral("dequantized value"));
    LayerErrorChart* chart = m_panel->chart();
    const int count = int(results->report.layers.size());
    int compared = 0;
    auto expectPairs = [&](int layer, ErrorMode mode) {
        const std::vector<quant::ValuePair>& pairs = modePairs(results->report.layers[std::size_t(layer)], mode);
        QVERIFY(!pairs.empty());
        QCOMPARE(scatter->pointCount(), int(pairs.size()));
        for (std::size_t i = 0; i < pairs.size(); ++i) {
            QCOMPARE(scatter->point(int(i)), QPointF(pairs[i].floatValue, pairs[i].quantizedValue));
            ++compared;
        }
        QVERIFY2(scatter->title().startsWith(QStringLiteral("#%1 ").arg(layer)), qPrintable(scatter->title()));
        QVERIFY2(scatter->title().contains(modeName(mode)), qPrintable(scatter->title()));
    };
    // A bar click and a graph selection both update it.
    QTest::mouseClick(chart->plotWidget(), Qt::LeftButton, {}, chart->columnCenter(count / 2));
    expectPairs(count / 2, ErrorMode::Accumulated);
    m_view->selectNode(results->layerNodes[1]);
    expectPairs(1, ErrorMode::Accumulated);
    scatter->setMode(ErrorMode::Isolated);
    expectPairs(1, ErrorMode::Isolated);
    QTest::mouseClick(chart->plotWidget(), Qt::LeftButton, {}, chart->columnCenter(count - 1));
    expectPairs(count - 1, ErrorMode::Isolated);
    scatter->setMode(ErrorMode::Accumulated);
    expectPairs(count - 1, ErrorMode::Accumulated);
    qInfo("%d scatter points equal the report's value pairs", compared);
}

void TestQuantizationPanel::exportsRoundTrip()
{
    const auto results = m_panel->results();
    QVERIFY(results);
    QTemporaryDir dir;
    const QString csv = dir.filePath(QStringLiteral("report.csv"));
    const QString json = dir.filePath(QStringLiteral("report.json"));
    const QString png = dir.filePath(QStringLiteral("chart.png"));
    const QString model = dir.filePath(QStringLiteral("vww_int8.tflite"));
    QVERIFY(m_panel->exportReportCsv(csv));
    QVERIFY(m_panel->exportReportJson(json));
    QVERIFY(m_panel->exportChartPng(png));
    QString error;
    QVERIFY2(m_panel->exportModel(model, &error), qPrintable(error));

    QFile csvFile(csv);
    QVERIFY(csvFile.open(QIODevice::ReadOnly));
    QCOMPARE(csvFile.readAll().count('\n'), qsizetype(results->report.layers.size() + 1));
    QFile jsonFile(json);
    QVERIFY(jsonFile.open(QIODevice::ReadOnly));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(jsonFile.readAll(), &parseError);
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    const QJsonObject pairs = document[QStringLiteral("layers")][0][QStringLiteral("value_pairs")][QStringLiteral("accumulated")].toObject();
    const quant::ValuePair& pair = results->report.layers.front().accumulatedPairs[5];
    QCOMPARE(pairs[QStringLiteral("index")][5].toInt(), int(pair.index));
    QCOMPARE(float(pairs[QStringLiteral("float")][5].toDouble()), pair.floatValue);
    QCOMPARE(float(pairs[QStringLiteral("dequantized")][5].toDouble()), pair.quantizedValue);
    QCOMPARE(QImage(png).size(), QSize(1600, 700));
    const auto reloaded = load(model);
    QVERIFY(reloaded);
    QCOMPARE(reloaded->main().nodes.size(), results->quantizedModel->main().nodes.size());
}

void TestQuantizationPanel::resultsStayWithTheirModel()
{
    const auto results = m_panel->results();
    QVERIFY(results);
    const QString other = test::sourceDir() + QStringLiteral("/resources/samples/hello_world_float.tflite");
    m_panel->setModel(load(other), other);
    QVERIFY(!m_panel->results());
    QCOMPARE(m_panel->chart()->barCount(), 0);
    m_panel->setModel(m_model, vwwPath());
    QCOMPARE(m_panel->results(), results);
    QCOMPARE(m_panel->chart()->barCount(), int(results->report.layers.size()));
}

void TestQuantizationPanel::resultsSurviveHidingThePanel()
{
    const auto results = m_panel->results();
    QVERIFY(results);
    const int layer = int(results->report.layers.size()) / 4;
    m_panel->selectLayer(layer);
    QSignalSpy runs(m_panel, &QuantizationPanel::runFinished);
    m_panel->hide();
    QTest::qWait(50);
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QCOMPARE(m_panel->results(), results);
    QCOMPARE(m_panel->selectedLayer(), layer);
    QCOMPARE(m_panel->chart()->barCount(), int(results->report.layers.size()));
    QCOMPARE(m_panel->detailView()->scatterPlot()->pointCount(), int(results->report.layers[std::size_t(layer)].accumulatedPairs.size()));
    // Another model and back: the same results and the same layer, without a run.
    const QString other = test::sourceDir() + QStringLiteral("/resources/samples/hello_world_float.tflite");
    m_panel->setModel(load(other), other);
    QCOMPARE(m_panel->detailView()->scatterPlot()->pointCount(), 0);
    m_panel->setModel(load(vwwPath()), vwwPath());
    QCOMPARE(m_panel->results(), results);
    QCOMPARE(m_panel->selectedLayer(), layer);
    QCOMPARE(m_panel->chart()->highlightedLayer(), layer);
    QCOMPARE(m_panel->detailView()->scatterPlot()->pointCount(), int(results->report.layers[std::size_t(layer)].accumulatedPairs.size()));
    QVERIFY(!m_panel->isRunning());
    QCOMPARE(runs.count(), 0);
    m_panel->setModel(m_model, vwwPath());
}

void TestQuantizationPanel::resultsDroppedWhenFileChanges()
{
    // A run on a copy of a small model; its results stay until the file is written again.
    QTemporaryDir dir;
    const QString copy = dir.filePath(QStringLiteral("hello_world_float.tflite"));
    QVERIFY(QFile::copy(test::sourceDir() + QStringLiteral("/resources/samples/hello_world_float.tflite"), copy));
    const auto vwwResults = m_panel->results();
    const auto backToVww = qScopeGuard([this] { m_panel->setModel(m_model, vwwPath()); });
    m_panel->setModel(load(copy), copy);
    QVERIFY2(runPanel(), qPrintable(m_panel->statusText()));
    const auto results = m_panel->results();
    QVERIFY(results);
    m_panel->setModel(m_model, vwwPath());
    QCOMPARE(m_panel->results(), vwwResults);
    m_panel->setModel(load(copy), copy);
    QCOMPARE(m_panel->results(), results);
    m_panel->setModel(m_model, vwwPath());
    QFile file(copy);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.setFileTime(QFileInfo(copy).lastModified().addSecs(5), QFileDevice::FileModificationTime));
    file.close();
    m_panel->setModel(load(copy), copy);
    QVERIFY(!m_panel->results());
}

void TestQuantizationPanel::keepFloatRaisesOutputSqnr()
{
    m_panel->setCalibrationAdjuster(spoiler(m_model->main()));
    QVERIFY(runPanel());
    const auto spoiled = m_panel->results();
    QVERIFY(!spoiled->suggestion.empty());
    m_panel->keepFloatTable()->acceptSuggestion();
    QCOMPARE(m_panel->keepFloatTable()->keptNodes().size(), spoiled->suggestion.size());
    QVERIFY(runPanel());
    const auto improved = m_panel->results();
    QCOMPARE(m_panel->previousResults(), spoiled);
    QCOMPARE(improved->request.keepFloat.size(), spoiled->suggestion.size());
    const double before = quant::outputSqnrDb(spoiled->report);
    const double after = quant::outputSqnrDb(improved->report);
    qInfo("output SQNR %.2f dB with a spoiled range, %.2f dB with %zu suggested nodes in float", before, after,
          spoiled->suggestion.size());
    QVERIFY(after > before + 3.0);
    QVERIFY(m_panel->summaryText().contains(QStringLiteral("run before")));
    m_panel->setCalibrationAdjuster({});
    for (const std::string& node : improved->request.keepFloat)
        m_panel->keepFloatTable()->setKept(node, false);
    QVERIFY(m_panel->keepFloatTable()->keptNodes().empty());
}

void TestQuantizationPanel::int16ActivationsBeatInt8()
{
    QVERIFY(runPanel());
    const auto int8 = m_panel->results();
    m_panel->settings()->setScheme(quant::Scheme::Int16x8);
    QVERIFY(runPanel());
    m_panel->settings()->setScheme(quant::Scheme::Int8);
    const auto int16 = m_panel->results();
    QCOMPARE(int16->request.scheme, quant::Scheme::Int16x8);
    // 16x8 reuses the int8 run's calibration (same data, same method) and has 8 more bits of
    // activation resolution; weights stay int8 in both, so the gain is well below 8 bits' 48 dB
    // (about 12 dB here) but clearly there.
    QCOMPARE(int16->calibration, int8->calibration);
    const double sqnr8 = quant::outputSqnrDb(int8->report);
    const double sqnr16 = quant::outputSqnrDb(int16->report);
    qInfo("output SQNR: int8 %.2f dB, 16x8 %.2f dB", sqnr8, sqnr16);
    QVERIFY(sqnr16 > sqnr8 + 8);
    m_panel->selectLayer(0);
    QVERIFY2(m_panel->detailView()->parametersText().contains(QStringLiteral("zero point 0")),
             qPrintable(m_panel->detailView()->parametersText()));
}

void TestQuantizationPanel::cancelStopsWithinOneSecond()
{
    m_panel->settings()->setSamples(2000);
    QSignalSpy finished(m_panel, &QuantizationPanel::runFinished);
    m_panel->runButton()->click();
    QVERIFY(m_panel->isRunning());
    QTest::qWait(300);
    QVERIFY2(m_panel->isRunning(), "the run ended before it could be cancelled");
    QElapsedTimer timer;
    timer.start();
    m_panel->cancelButton()->click();
    QVERIFY(finished.wait(5000));
    // The worker itself has ended too, not only the future's state.
    QVERIFY(QThreadPool::globalInstance()->waitForDone(5000));
    const qint64 elapsed = timer.elapsed();
    qInfo("cancel took %lld ms", elapsed);
    QCOMPARE(finished.front().front().toBool(), false);
    QVERIFY(elapsed < 1000);
    QVERIFY(!m_panel->isRunning());
    QVERIFY(m_panel->runButton()->isEnabled());
}

void TestQuantizationPanel::eventLoopStaysResponsive()
{
    m_panel->settings()->setSamples(48);
    QElapsedTimer sinceTick;
    qint64 worstGap = 0;
    int ticks = 0;
    QTimer timer;
    timer.setInterval(10);
    connect(&timer, &QTimer::timeout, this, [&] {
        worstGap = std::max(worstGap, sinceTick.restart());
        ++ticks;
    });
    QSignalSpy finished(m_panel, &QuantizationPanel::runFinished);
    sinceTick.start();
    timer.start();
    m_panel->runButton()->click();
    QVERIFY(finished.wait(kRunTimeoutMs));
    timer.stop();
    qInfo("%d ticks during the run, worst gap %lld ms", ticks, worstGap);
    QVERIFY(finished.front().front().toBool());
    QVERIFY(ticks > 5);
    QVERIFY(worstGap < 100);
}

void TestQuantizationPanel::previewShowsImagesAsTheModelSeesThem()
{
    // Two images, left half red and right half blue: the thumbnails (96x96 model input, shown at 72
    // px) keep the colours on their sides, so channel order and layout survive preprocessing.
    QTemporaryDir dir;
    QImage image(200, 120, QImage::Format_RGB32);
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x)
            image.setPixel(x, y, x < image.width() / 2 ? qRgb(250, 10, 10) : qRgb(10, 10, 250));
    }
    QVERIFY(image.save(dir.filePath(QStringLiteral("a.png"))));
    QVERIFY(image.save(dir.filePath(QStringLiteral("b.png"))));
    m_panel->settings()->setDataset(CalibrationSource::ImageFolder, dir.path());
    QSignalSpy done(m_panel, &QuantizationPanel::previewFinished);
    m_panel->settings()->previewButton()->click();
    QVERIFY(done.wait(10000));
    QCOMPARE(m_panel->thumbnailCount(), 2);
    const auto labels = m_panel->findChildren<QLabel*>();
    const auto thumbnail = std::find_if(labels.begin(), labels.end(), [](QLabel* label) {
        return !label->pixmap().isNull() && label->pixmap().width() == 72;
    });
    QVERIFY(thumbnail != labels.end());
    const QImage shown = (*thumbnail)->pixmap().toImage();
    const QRgb left = shown.pixel(5, 36);
    const QRgb right = shown.pixel(66, 36);
    QVERIFY(qRed(left) > 200 && qBlue(left) < 50);
    QVERIFY(qBlue(right) > 200 && qRed(right) < 50);
    m_panel->settings()->setDataset(CalibrationSource::Random);
}

QTEST_MAIN(TestQuantizationPanel)
#include "tst_quantization_panel.moc"
