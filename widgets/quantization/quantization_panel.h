// SPDX-License-Identifier: GPL-3.0-or-later
// The quantization panel for the open model: settings, Run/Cancel with per-stage progress and ETA
// (the work runs on a QtConcurrent thread bridged by PromiseTaskContext), the per-layer error chart
// linked both ways with the graph view, an optional heat-map of the graph by the charted metric in the
// accumulated or isolated mode, the selected layer's detail (histograms and scatter plot), the
// keep-in-float loop (tick layers or the suggestion, re-run, compare the output SQNR with the run
// before) and exports. Results and the selected layer are kept per model path while the file is
// unchanged, so hiding and showing the panel, or switching to another model and back, shows the last
// run without re-running.
#pragma once

#include "core/ir/graph.h"
#include "widgets/quantization/keep_float_table.h"
#include "widgets/quantization/layer_metric.h"
#include "widgets/quantization/quantization_run.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QHash>
#include <QPointer>
#include <QWidget>

#include <functional>
#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QToolButton;
class QHBoxLayout;

namespace lf::ui {

class GraphView;
class HeatLegend;
class HeatMapOverlay;
class LayerDetailView;
class LayerErrorChart;
class QuantizationSettings;

class QuantizationPanel final : public QWidget {
    Q_OBJECT

public:
    explicit QuantizationPanel(QWidget* parent = nullptr);
    ~QuantizationPanel() override;

    /// The graph view whose selection the chart follows and drives (may be null).
    void setGraphView(GraphView* view);
    /// The float model to quantize, read from `path`; shows that model's last results, if any.
    void setModel(std::shared_ptr<const ir::Model> model, const QString& path);

    void run();
    void cancel();
    bool isRunning() const;

    /// Results of the last and of the run before it (for before/after), or null.
    std::shared_ptr<const QuantizationResults> results() const;
    std::shared_ptr<const QuantizationResults> previousResults() const;

    /// Selects report layer `layer`: chart highlight, detail, table row, and the node in the graph.
    void selectLayer(int layer);
    int selectedLayer() const { return m_selectedLayer; }
    /// The report layer of graph node `node`, or -1.
    int layerOfNode(int node) const;

    void setHeatMapEnabled(bool on);
    /// Which mode's metric colours the graph.
    void setHeatMapMode(ErrorMode mode);
    ErrorMode heatMapMode() const;
    HeatMapOverlay* heatMap() const;
    /// The heat-map legend's title (metric and mode).
    QString heatLegendTitle() const;

    bool exportModel(const QString& path, QString* error = nullptr) const;
    bool exportReportCsv(const QString& path) const;
    bool exportReportJson(const QString& path) const;
    bool exportChartPng(const QString& path) const;

    QuantizationSettings* settings() const { return m_settings; }
    LayerErrorChart* chart() const { return m_chart; }
    KeepFloatTable* keepFloatTable() const { return m_keepTable; }
    LayerDetailView* detailView() const { return m_detail; }
    QPushButton* runButton() const { return m_runButton; }
    QPushButton* cancelButton() const { return m_cancelButton; }
    /// Thumbnails shown under the progress (from a preview or the last run).
    int thumbnailCount() const;
    QString statusText() const;
    QString summaryText() const;

    /// Applied to each fresh calibration before quantizing (see QuantizationRequest::adjustCalibration).
    void setCalibrationAdjuster(std::function<void(quant::Calibration&)> adjust) { m_adjust = std::move(adjust); }

signals:
    /// The sample preview finished (thumbnails shown, or the dataset error in the status).
    void previewFinished();
    /// A run ended: completed, failed (error message) or cancelled.
    void runFinished(bool completed);

private:
    struct ModelState {
        std::shared_ptr<const QuantizationResults> current;
        std::shared_ptr<const QuantizationResults> previous;
        KeepFloatTable::NodeSet kept;
        int selectedLayer = -1;
        QDateTime modified; ///< of the model file when the results were made
    };

    QWidget* createSidebar();
    QWidget* createChartArea();
    QWidget* createDetailTabs();
    void createExportMenu(QToolButton* button);
    void finishRun();
    void onProgress(int value);
    void showResults();
    void updateSummary();
    void updateThumbnails();
    void showThumbnails(const std::vector<QImage>& images);
    void preview();
    void updateHeatMap();
    void dropStaleResults();
    void onGraphNodeSelected(int node);
    void setRunning(bool running);
    void exportWithDialog(const QString& title, const QString& filter, const QString& suffix,
                          const std::function<bool(const QString&)>& write);
    ModelState& state() { return m_states[m_path]; }
    const ModelState* constState() const;

    QuantizationSettings* m_settings = nullptr;
    QPushButton* m_runButton = nullptr;
    QPushButton* m_cancelButton = nullptr;
    QToolButton* m_exportButton = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_summary = nullptr;
    QHBoxLayout* m_thumbnailRow = nullptr;
    LayerErrorChart* m_chart = nullptr;
    QCheckBox* m_heatBox = nullptr;
    QComboBox* m_heatModeBox = nullptr;
    HeatLegend* m_legend = nullptr;
    LayerDetailView* m_detail = nullptr;
    KeepFloatTable* m_keepTable = nullptr;

    QPointer<GraphView> m_graphView;
    QPointer<HeatMapOverlay> m_heatMap;
    std::shared_ptr<const ir::Model> m_model;
    QString m_path;
    QHash<QString, ModelState> m_states;
    int m_selectedLayer = -1;
    bool m_syncing = false;

    QFutureWatcher<QuantizationOutcome>* m_watcher = nullptr;
    QString m_runPath; ///< the model path the running task belongs to
    QDateTime m_runModified; ///< its file's time when the run started
    QElapsedTimer m_runTimer;
    QElapsedTimer m_stageTimer;
    int m_stage = -1;
    std::function<void(quant::Calibration&)> m_adjust;
};

} // namespace lf::ui
