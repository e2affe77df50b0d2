// SPDX-License-Identifier: GPL-3.0-or-later
// The keep-in-float list of the quantization panel: one row per quantized layer of the last run (node,
// op, accumulated and isolated RMSE/scale, flag, suggestion) with a check box that keeps the node in
// float on the next run, plus rows for nodes already kept (they are no longer in the report).
#pragma once

#include "widgets/quantization/quantization_run.h"

#include <QWidget>

#include <set>
#include <string>

class QPushButton;
class QTableWidget;

namespace lf::ui {

class KeepFloatTable final : public QWidget {
    Q_OBJECT

public:
    using NodeSet = std::set<std::string, std::less<>>;

    explicit KeepFloatTable(QWidget* parent = nullptr);

    void setResults(std::shared_ptr<const QuantizationResults> results, const NodeSet& kept);
    const NodeSet& keptNodes() const { return m_kept; }
    void setKept(const std::string& node, bool kept);
    /// Ticks the nodes suggestKeepFloat named for the last run.
    void acceptSuggestion();
    /// Selects the row of report layer `layer` without emitting layerActivated.
    void selectLayer(int layer);
    QTableWidget* table() const { return m_table; }

signals:
    void keptNodesChanged();
    void layerActivated(int layer);

private:
    void fill();
    void onItemChanged(int row, int column);

    QTableWidget* m_table = nullptr;
    QPushButton* m_suggestButton = nullptr;
    QPushButton* m_clearButton = nullptr;
    std::shared_ptr<const QuantizationResults> m_results;
    NodeSet m_kept;
    bool m_filling = false;
};

} // namespace lf::ui
