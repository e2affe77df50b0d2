// SPDX-License-Identifier: GPL-3.0-or-later
// The inspector of the selected node: op type and name, an attribute table, its inputs and outputs
// (name, shape and dtype, quantization), and details of one tensor: compact per-channel scales with
// a plot, and for constants statistics, a value histogram and the first values.
#pragma once

#include "core/ir/graph.h"

#include <QWidget>

#include <memory>

class QLabel;
class QGroupBox;
class QTableWidget;

namespace lf::ui {

class HistogramPlot;

class NodeInspector final : public QWidget {
    Q_OBJECT

public:
    static constexpr int kPreviewValues = 64;
    static constexpr int kHistogramBins = 48;

    explicit NodeInspector(QWidget* parent = nullptr);

    /// Inspects the main graph of `model`; clears the selection.
    void setModel(std::shared_ptr<const ir::Model> model);
    /// Shows op `node` of the main graph (-1 shows nothing) and details of its first constant
    /// input, or of its first output when it has none.
    void setNode(int node);
    /// Shows tensor `tensor` in the details section (graph inputs/outputs, or a row clicked).
    void setTensor(int tensor);

    int node() const { return m_node; }
    int detailTensor() const { return m_tensor; }
    QTableWidget* attributeTable() const { return m_attributes; }
    QTableWidget* inputTable() const { return m_inputs; }
    QTableWidget* outputTable() const { return m_outputs; }
    HistogramPlot* histogramPlot() const { return m_histogram; }
    HistogramPlot* scalePlot() const { return m_scales; }
    QTableWidget* valueTable() const { return m_values; }
    QString titleText() const;
    QString statisticsText() const;

private:
    void fillTensorTable(QTableWidget* table, const std::vector<ir::TensorId>& ids);
    void showTensorDetails();

    std::shared_ptr<const ir::Model> m_model;
    const ir::Graph* m_graph = nullptr;
    int m_node = -1;
    int m_tensor = -1;

    QLabel* m_title = nullptr;
    QTableWidget* m_attributes = nullptr;
    QTableWidget* m_inputs = nullptr;
    QTableWidget* m_outputs = nullptr;
    QGroupBox* m_tensorBox = nullptr;
    QLabel* m_tensorTitle = nullptr;
    QLabel* m_quantLabel = nullptr;
    HistogramPlot* m_scales = nullptr;
    QLabel* m_statistics = nullptr;
    HistogramPlot* m_histogram = nullptr;
    QTableWidget* m_values = nullptr;
};

} // namespace lf::ui
