// SPDX-License-Identifier: GPL-3.0-or-later
// Quantization panel wiring: the run on a QtConcurrent thread (one QFutureWatcher; its signals are
// posted, so results arrive on the GUI thread after run() has returned), progress and ETA per stage,
// the two-way link between chart bars and graph nodes (m_syncing stops the echo), the heat map (its
// overlay lives in the current graph view's scene and moves when the view changes), the results,
// selection and keep-in-float state per model (dropped when the file changed since), and the exports.
#include "widgets/quantization/quantization_panel.h"

#include "core/tflite/tflite_writer.h"
#include "widgets/graph_view/graph_scene.h"
#include "widgets/graph_view/graph_view.h"
#include "widgets/graph_view/node_item.h"
#include "widgets/quantization/heat_map.h"
#include "widgets/quantization/layer_detail_view.h"
#include "widgets/quantization/layer_error_chart.h"
#include "widgets/quantization/promise_task_context.h"
#include "widgets/quantization/quantization_settings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollBar>
#include <QSettings>
#include <QScrollArea>
#include <QSplitter>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>

namespace lf::ui {

namespace {

constexpr int kStageSpan = PromiseTaskContext<QuantizationOutcome>::kStageSpan;
constexpr double kMinFractionForEta = 0.05;
const QString kHeatMapKey = QStringLiteral("quantization/heatMap");
const QString kHeatMapModeKey = QStringLiteral("quantization/heatMapMode");

/// The layer with the largest accumulated RMSE/scale, or -1 for an empty report.
int worstLayer(const quant::DebugReport& report)
{
    const auto worst = std::max_element(report.layers.begin(), report.layers.end(), [](const auto& a, const auto& b) {
        return a.accumulated.rmseOverScale < b.accumulated.rmseOverScale;
    });
    return worst == report.layers.end() ? -1 : int(worst - report.layers.begin());
}

/// The layer of `report` whose tensor is `tensor`, or -1.
int layerOfTensor(const quant::DebugReport& report, const std::string& tensor)
{
    const auto it = std::find_if(report.layers.begin(), report.layers.end(),
                                 [&](const quant::LayerReport& layer) { return layer.tensor == tensor; });
    return it == report.layers.end() ? -1 : int(it - report.layers.begin());
}

bool writeText(const QString& path, const std::string& text)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write(text.data(), qint64(text.size()));
    return file.commit();
}

QString decibels(double value)
{
    return QString::number(value, 'f', 2);
}

} // namespace

QuantizationPanel::QuantizationPanel(QWidget* parent)
    : QWidget(parent)
{
    m_watcher = new QFutureWatcher<QuantizationOutcome>(this);
    connect(m_watcher, &QFutureWatcherBase::finished, this, &QuantizationPanel::finishRun);
    connect(m_watcher, &QFutureWatcherBase::progressValueChanged, this, &QuantizationPanel::onProgress);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(createSidebar());
    splitter->addWidget(createChartArea());
    splitter->addWidget(createDetailTabs());
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 3);
    splitter->setStretchFactor(2, 2);
    splitter->setSizes({280, 640, 660});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(splitter);
    setRunning(false);
    showResults();
}

QuantizationPanel::~QuantizationPanel()
{
    // The task holds its own references; waiting only keeps it from outliving the application.
    m_watcher->disconnect(this);
    m_watcher->future().cancel();
    m_watcher->waitForFinished();
}

QWidget* QuantizationPanel::createSidebar()
{
    auto* sidebar = new QWidget(this);
    m_settings = new QuantizationSettings(sidebar);
    m_runButton = new QPushButton(tr("Run"), sidebar);
    m_runButton->setToolTip(tr("Calibrate, quantize and compare every quantized layer with the float model"));
    m_cancelButton = new QPushButton(tr("Cancel"), sidebar);
    m_exportButton = new QToolButton(sidebar);
    m_exportButton->setText(tr("Export"));
    m_exportButton->setPopupMode(QToolButton::InstantPopup);
    createExportMenu(m_exportButton);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_runButton);
    buttons->addWidget(m_cancelButton);
    buttons->addWidget(m_exportButton);
    m_progress = new QProgressBar(sidebar);
    m_progress->setRange(0, int(RunStage::Count) * kStageSpan);
    m_progress->setTextVisible(false);
    m_status = new QLabel(sidebar);
    m_status->setWordWrap(true);
    m_thumbnailRow = new QHBoxLayout;
    m_thumbnailRow->setSpacing(4);
    connect(m_settings, &QuantizationSettings::previewRequested, this, &QuantizationPanel::preview);

    auto* layout = new QVBoxLayout(sidebar);
    layout->setContentsMargins(0, 0, 4, 0);
    layout->addWidget(m_settings);
    layout->addLayout(buttons);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addLayout(m_thumbnailRow);
    layout->addStretch(1);
    connect(m_runButton, &QPushButton::clicked, this, &QuantizationPanel::run);
    connect(m_cancelButton, &QPushButton::clicked, this, &QuantizationPanel::cancel);

    auto* scroll = new QScrollArea(this);
    scroll->setWidget(sidebar);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(sidebar->sizeHint().width() + scroll->verticalScrollBar()->sizeHint().width());
    return scroll;
}

QWidget* QuantizationPanel::createChartArea()
{
    auto* area = new QWidget(this);
    m_summary = new QLabel(area);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_chart = new LayerErrorChart(area);
    m_heatBox = new QCheckBox(tr("Colour the graph by this metric,"), area);
    m_heatModeBox = new QComboBox(area);
    for (ErrorMode mode : {ErrorMode::Accumulated, ErrorMode::Isolated})
        m_heatModeBox->addItem(modeName(mode), int(mode));
    m_heatModeBox->setToolTip(tr("The error the graph colours show: end to end, or each layer alone"));
    m_legend = new HeatLegend(area);
    auto* heatRow = new QHBoxLayout;
    heatRow->addWidget(m_heatBox);
    heatRow->addWidget(m_heatModeBox);
    heatRow->addWidget(m_legend, 1);
    heatRow->addStretch(0); // takes the room while the legend is hidden
    auto* layout = new QVBoxLayout(area);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addWidget(m_chart, 1);
    layout->addLayout(heatRow);
    connect(m_chart, &LayerErrorChart::layerClicked, this, &QuantizationPanel::selectLayer);
    connect(m_chart, &LayerErrorChart::metricChanged, this, &QuantizationPanel::updateHeatMap);
    m_heatBox->setChecked(QSettings().value(kHeatMapKey, false).toBool());
    connect(m_heatBox, &QCheckBox::toggled, this, [this](bool on) {
        QSettings().setValue(kHeatMapKey, on);
        updateHeatMap();
    });
    m_heatModeBox->setCurrentIndex(m_heatModeBox->findData(QSettings().value(kHeatMapModeKey, 0).toInt()));
    connect(m_heatModeBox, &QComboBox::currentIndexChanged, this, [this] {
        QSettings().setValue(kHeatMapModeKey, m_heatModeBox->currentData().toInt());
        updateHeatMap();
    });
    return area;
}

QWidget* QuantizationPanel::createDetailTabs()
{
    auto* tabs = new QTabWidget(this);
    m_detail = new LayerDetailView(tabs);
    m_keepTable = new KeepFloatTable(tabs);
    tabs->addTab(m_detail, tr("Layer"));
    tabs->addTab(m_keepTable, tr("Keep in Float"));
    connect(m_keepTable, &KeepFloatTable::layerActivated, this, &QuantizationPanel::selectLayer);
    connect(m_keepTable, &KeepFloatTable::keptNodesChanged, this, [this] {
        state().kept = m_keepTable->keptNodes();
        updateSummary();
    });
    return tabs;
}

void QuantizationPanel::createExportMenu(QToolButton* button)
{
    auto* menu = new QMenu(button);
    menu->addAction(tr("Quantized Model (.tflite)…"), this, [this] {
        exportWithDialog(tr("Export Quantized Model"), tr("TensorFlow Lite (*.tflite)"), QStringLiteral(".tflite"),
                         [this](const QString& path) {
                             QString error;
                             const bool ok = exportModel(path, &error);
                             if (!ok)
                                 QMessageBox::warning(this, tr("Export Quantized Model"), error);
                             return ok;
                         });
    });
    menu->addAction(tr("Report as CSV…"), this, [this] {
        exportWithDialog(tr("Export Report"), tr("CSV (*.csv)"), QStringLiteral(".csv"),
                         [this](const QString& path) { return exportReportCsv(path); });
    });
    menu->addAction(tr("Report as JSON…"), this, [this] {
        exportWithDialog(tr("Export Report"), tr("JSON (*.json)"), QStringLiteral(".json"),
                         [this](const QString& path) { return exportReportJson(path); });
    });
    menu->addAction(tr("Chart as PNG…"), this, [this] {
        exportWithDialog(tr("Export Chart"), tr("PNG image (*.png)"), QStringLiteral(".png"),
                         [this](const QString& path) { return exportChartPng(path); });
    });
    button->setMenu(menu);
}

void QuantizationPanel::setGraphView(GraphView* view)
{
    if (view == m_graphView)
        return;
    if (m_graphView) {
        m_graphView->disconnect(this);
        m_graphView->graphScene()->disconnect(this);
    }
    delete m_heatMap.data();
    m_graphView = view;
    if (view) {
        connect(view, &GraphView::nodeSelected, this, &QuantizationPanel::onGraphNodeSelected);
        connect(view->graphScene(), &GraphScene::layoutFinished, this, &QuantizationPanel::updateHeatMap);
        connect(view->graphScene(), &GraphScene::layoutUpdated, this, &QuantizationPanel::updateHeatMap);
    }
    updateHeatMap();
}

void QuantizationPanel::setModel(std::shared_ptr<const ir::Model> model, const QString& path)
{
    if (isRunning() && path != m_runPath)
        cancel();
    m_model = std::move(model);
    m_path = path;
    m_selectedLayer = -1;
    dropStaleResults();
    showResults();
    setRunning(isRunning());
}

void QuantizationPanel::run()
{
    if (!m_model || isRunning())
        return;
    QuantizationRequest request = m_settings->request();
    request.keepFloat = m_keepTable->keptNodes();
    request.adjustCalibration = m_adjust;
    std::shared_ptr<const quant::Calibration> reuse;
    const auto& current = state().current;
    if (current && current->calibration && current->request.sameCalibration(request))
        reuse = current->calibration;
    m_runPath = m_path;
    m_runModified = QFileInfo(m_path).lastModified();
    m_stage = -1;
    m_runTimer.start();
    m_progress->setValue(0);
    setRunning(true);
    m_status->setText(tr("Starting…"));
    m_watcher->setFuture(QtConcurrent::run(runQuantization, m_model, std::move(request), std::move(reuse)));
}

void QuantizationPanel::cancel()
{
    if (!isRunning())
        return;
    m_watcher->future().cancel();
    m_status->setText(tr("Cancelling…"));
}

bool QuantizationPanel::isRunning() const
{
    return m_watcher->isRunning() || (m_watcher->isStarted() && !m_watcher->isFinished());
}

void QuantizationPanel::setRunning(bool running)
{
    m_runButton->setEnabled(!running && m_model);
    m_cancelButton->setEnabled(running);
    m_settings->setEnabled(!running);
    m_progress->setVisible(running);
    const ModelState* s = constState();
    m_exportButton->setEnabled(!running && s && s->current);
}

void QuantizationPanel::onProgress(int value)
{
    m_progress->setValue(value);
    const int stage = std::clamp(value / kStageSpan, 0, int(RunStage::Count) - 1);
    if (stage != m_stage) {
        m_stage = stage;
        m_stageTimer.start();
    }
    const double fraction = double(value % kStageSpan) / kStageSpan;
    QString text = tr("Step %1 of %2: %3 — %4%")
                       .arg(stage + 1)
                       .arg(int(RunStage::Count))
                       .arg(stageName(RunStage(stage)))
                       .arg(int(fraction * 100));
    if (fraction > kMinFractionForEta) {
        const double left = double(m_stageTimer.elapsed()) / 1000.0 * (1.0 - fraction) / fraction;
        text += tr(", about %1 s left").arg(std::ceil(left));
    }
    m_status->setText(text);
}

void QuantizationPanel::finishRun()
{
    const QFuture<QuantizationOutcome> future = m_watcher->future();
    setRunning(false);
    if (future.isCanceled() || future.resultCount() == 0) {
        m_status->setText(tr("Cancelled after %1 s.").arg(double(m_runTimer.elapsed()) / 1000.0, 0, 'f', 1));
        emit runFinished(false);
        return;
    }
    const QuantizationOutcome outcome = future.result();
    if (outcome.error || !outcome.results) {
        const QString message = outcome.error ? QString::fromStdString(outcome.error->toString()) : tr("no result");
        m_status->setText(tr("Failed: %1").arg(message));
        emit runFinished(false);
        return;
    }
    ModelState& s = m_states[m_runPath];
    // The layer looked at before stays selected when the new run has it too.
    if (s.current && s.selectedLayer >= 0)
        s.selectedLayer = layerOfTensor(outcome.results->report, s.current->report.layers[std::size_t(s.selectedLayer)].tensor);
    s.previous = s.current;
    s.current = outcome.results;
    s.modified = m_runModified;
    const quant::DebugReport& report = outcome.results->report;
    const auto flagged = std::count_if(report.layers.begin(), report.layers.end(),
                                       [](const quant::LayerReport& layer) { return layer.flagged; });
    m_status->setText(tr("Done in %1 s: %2 quantized layers, %3 flagged.")
                          .arg(outcome.results->elapsedMs / 1000.0, 0, 'f', 1)
                          .arg(report.layers.size())
                          .arg(flagged));
    if (m_runPath == m_path)
        showResults();
    setRunning(false);
    emit runFinished(true);
}

std::shared_ptr<const QuantizationResults> QuantizationPanel::results() const
{
    const ModelState* s = constState();
    return s ? s->current : nullptr;
}

std::shared_ptr<const QuantizationResults> QuantizationPanel::previousResults() const
{
    const ModelState* s = constState();
    return s ? s->previous : nullptr;
}

const QuantizationPanel::ModelState* QuantizationPanel::constState() const
{
    const auto it = m_states.constFind(m_path);
    return it == m_states.cend() ? nullptr : &it.value();
}

void QuantizationPanel::showResults()
{
    const ModelState* s = constState();
    const auto current = s ? s->current : nullptr;
    const auto previous = s ? s->previous : nullptr;
    if (current)
        m_chart->setReport(current->report, previous ? &previous->report : nullptr);
    else
        m_chart->clear();
    m_keepTable->setResults(current, s ? s->kept : KeepFloatTable::NodeSet{});
    // The layer selected last, or at first the worst, is shown without moving the graph view.
    const int kept = s && current && s->selectedLayer >= 0 ? s->selectedLayer : -1;
    m_syncing = true;
    selectLayer(kept >= 0 ? kept : current ? worstLayer(current->report) : -1);
    m_syncing = false;
    updateThumbnails();
    updateSummary();
    updateHeatMap();
}

void QuantizationPanel::updateSummary()
{
    const ModelState* s = constState();
    if (!m_model) {
        m_summary->setText(tr("Open a float model to quantize it."));
        return;
    }
    if (!s || !s->current) {
        m_summary->setText(tr("No run yet for this model. Choose a dataset and press Run."));
        return;
    }
    const QuantizationResults& current = *s->current;
    const double sqnr = quant::outputSqnrDb(current.report);
    QString text = tr("<b>Output SQNR %1 dB</b>").arg(decibels(sqnr));
    if (s->previous) {
        const double before = quant::outputSqnrDb(s->previous->report);
        text += tr("<br>run before: %1 dB (%2%3 dB)")
                    .arg(decibels(before), sqnr >= before ? QStringLiteral("+") : QString(), decibels(sqnr - before));
    }
    text += tr("<br>%1 quantized layers on %2 samples; %3 nodes kept in float (%4 ticked for the next run)")
                .arg(current.report.layers.size())
                .arg(current.report.samples)
                .arg(current.request.keepFloat.size())
                .arg(s->kept.size());
    if (!current.suggestion.empty())
        text += tr("<br>suggested to keep in float: %1")
                    .arg(elidedName(current.suggestion.front()).toHtmlEscaped()
                         + (current.suggestion.size() > 1 ? tr(" and %1 more").arg(current.suggestion.size() - 1)
                                                          : QString()));
    m_summary->setText(text);
}

void QuantizationPanel::updateThumbnails()
{
    const auto current = results();
    showThumbnails(current ? current->thumbnails : std::vector<QImage>{});
}

int QuantizationPanel::thumbnailCount() const
{
    int count = 0;
    for (int i = 0; i < m_thumbnailRow->count(); ++i)
        count += m_thumbnailRow->itemAt(i)->widget() ? 1 : 0;
    return count;
}

void QuantizationPanel::preview()
{
    if (!m_model)
        return;
    auto* watcher = new QFutureWatcher<Result<std::vector<QImage>>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        m_settings->previewButton()->setEnabled(true);
        const Result<std::vector<QImage>> images = watcher->result();
        if (images)
            showThumbnails(*images);
        else
            m_status->setText(tr("Samples: %1").arg(QString::fromStdString(images.error().toString())));
        emit previewFinished();
    });
    m_settings->previewButton()->setEnabled(false);
    watcher->setFuture(QtConcurrent::run(
        [model = m_model, request = m_settings->request()] { return previewSamples(*model, request); }));
}

void QuantizationPanel::showThumbnails(const std::vector<QImage>& images)
{
    while (QLayoutItem* item = m_thumbnailRow->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    for (const QImage& image : images) {
        auto* label = new QLabel(this);
        label->setPixmap(QPixmap::fromImage(image));
        label->setToolTip(tr("A calibration sample as the model sees it (values stretched to grey levels)"));
        m_thumbnailRow->addWidget(label);
    }
    m_thumbnailRow->addStretch(1);
}

int QuantizationPanel::layerOfNode(int node) const
{
    const auto current = results();
    if (!current || node < 0)
        return -1;
    const auto it = std::find(current->layerNodes.begin(), current->layerNodes.end(), node);
    return it == current->layerNodes.end() ? -1 : int(it - current->layerNodes.begin());
}

void QuantizationPanel::selectLayer(int layer)
{
    const auto current = results();
    if (!current || layer < 0 || std::size_t(layer) >= current->report.layers.size())
        layer = -1;
    m_selectedLayer = layer;
    if (current)
        state().selectedLayer = layer;
    m_chart->setHighlightedLayer(layer);
    m_detail->setLayer(current, layer);
    m_keepTable->selectLayer(layer);
    if (m_syncing || !m_graphView || layer < 0)
        return;
    const int node = current->layerNodes[std::size_t(layer)];
    if (node < 0)
        return;
    m_syncing = true;
    m_graphView->selectNode(node);
    m_syncing = false;
}

void QuantizationPanel::onGraphNodeSelected(int node)
{
    if (m_syncing)
        return;
    m_syncing = true;
    selectLayer(layerOfNode(node));
    m_syncing = false;
}

void QuantizationPanel::setHeatMapEnabled(bool on)
{
    m_heatBox->setChecked(on);
}

void QuantizationPanel::setHeatMapMode(ErrorMode mode)
{
    m_heatModeBox->setCurrentIndex(m_heatModeBox->findData(int(mode)));
}

ErrorMode QuantizationPanel::heatMapMode() const
{
    return ErrorMode(m_heatModeBox->currentData().toInt());
}

HeatMapOverlay* QuantizationPanel::heatMap() const
{
    return m_heatMap.data();
}

QString QuantizationPanel::heatLegendTitle() const
{
    return m_legend->title();
}

void QuantizationPanel::dropStaleResults()
{
    const auto it = m_states.find(m_path);
    if (it == m_states.end() || !it->current || (isRunning() && m_runPath == m_path))
        return;
    if (it->modified != QFileInfo(m_path).lastModified())
        m_states.erase(it);
}

void QuantizationPanel::updateHeatMap()
{
    const auto current = results();
    GraphScene* scene = m_graphView ? m_graphView->graphScene() : nullptr;
    const bool show = m_heatBox->isChecked() && current && scene && scene->model() == m_model;
    m_legend->setVisible(m_heatBox->isChecked());
    m_heatModeBox->setEnabled(m_heatBox->isChecked());
    if (m_heatMap && (!show || m_heatMap->scene() != scene))
        delete m_heatMap.data();
    if (!show)
        return;
    const LayerMetric metric = m_chart->metric();
    const ErrorMode mode = heatMapMode();
    std::vector<std::pair<int, double>> values;
    double low = std::numeric_limits<double>::max();
    double high = std::numeric_limits<double>::lowest();
    int uncoloured = 0;
    for (std::size_t i = 0; i < current->report.layers.size(); ++i) {
        const int node = current->layerNodes[i];
        if (node < 0 || !scene->nodeItem(node) || !scene->nodeItem(node)->isVisible())
            continue; // hidden boxes sit in a collapsed group
        const quant::ErrorMetrics* metrics = modeMetrics(current->report.layers[i], mode);
        if (!metrics) {
            ++uncoloured;
            continue;
        }
        const double value = metricValue(*metrics, metric);
        values.emplace_back(node, value);
        low = std::min(low, value);
        high = std::max(high, value);
    }
    const double span = high > low ? high - low : 1.0;
    std::vector<std::pair<QRectF, QColor>> cells;
    for (const auto& [node, value] : values) {
        const double t = largerIsWorse(metric) ? (value - low) / span : (high - value) / span;
        cells.emplace_back(scene->nodeItem(node)->sceneBoundingRect(), heatColor(t));
    }
    if (!m_heatMap) {
        m_heatMap = new HeatMapOverlay;
        scene->addItem(m_heatMap);
    }
    m_heatMap->setCells(std::move(cells));
    if (values.empty())
        low = high = 0;
    QString title = tr("Graph colour: %1 %2").arg(modeName(mode), metricName(metric));
    if (uncoloured > 0)
        title += tr(" (%n layer(s) without a value left plain)", nullptr, uncoloured);
    m_legend->setRange(title, largerIsWorse(metric) ? low : high, largerIsWorse(metric) ? high : low);
}

bool QuantizationPanel::exportModel(const QString& path, QString* error) const
{
    const auto current = results();
    if (!current || !current->quantizedModel)
        return false;
    auto written = tflite::writeTfliteFile(*current->quantizedModel, QFileInfo(path).filesystemAbsoluteFilePath());
    if (!written && error)
        *error = QString::fromStdString(written.error().toString());
    return written.has_value();
}

bool QuantizationPanel::exportReportCsv(const QString& path) const
{
    const auto current = results();
    return current && writeText(path, current->report.toCsv());
}

bool QuantizationPanel::exportReportJson(const QString& path) const
{
    const auto current = results();
    return current && writeText(path, current->report.toJson());
}

bool QuantizationPanel::exportChartPng(const QString& path) const
{
    constexpr int kWidth = 1600;
    constexpr int kHeight = 700;
    return results() && m_chart->savePng(path, kWidth, kHeight);
}

void QuantizationPanel::exportWithDialog(const QString& title, const QString& filter, const QString& suffix,
                                         const std::function<bool(const QString&)>& write)
{
    const QString base = QFileInfo(m_path).completeBaseName();
    QString path = QFileDialog::getSaveFileName(this, title, base + QStringLiteral("_quant") + suffix, filter);
    if (path.isEmpty())
        return;
    if (!path.endsWith(suffix, Qt::CaseInsensitive))
        path += suffix;
    if (!write(path))
        m_status->setText(tr("Could not write %1").arg(QDir::toNativeSeparators(path)));
    else
        m_status->setText(tr("Wrote %1").arg(QDir::toNativeSeparators(path)));
}

QString QuantizationPanel::statusText() const
{
    return m_status->text();
}

QString QuantizationPanel::summaryText() const
{
    return m_summary->text();
}

} // namespace lf::ui
