// SPDX-License-Identifier: GPL-3.0-or-later
// The scene of one IR graph: boxes for ops and graph inputs/outputs, edges labelled with tensor
// types. setModel() measures the boxes on the GUI thread, computes the layout on a worker thread
// (QtConcurrent + QFutureWatcher, newest request wins) and then creates all items in one batch.
#pragma once

#include "core/ir/graph.h"
#include "widgets/graph_view/graph_elements.h"

#include <QGraphicsScene>

#include <memory>
#include <vector>

namespace lf::ui {

class EdgeItem;
class NodeItem;
struct GraphLayout;

class GraphScene final : public QGraphicsScene {
    Q_OBJECT

public:
    explicit GraphScene(QObject* parent = nullptr);
    ~GraphScene() override;

    /// Shows graph `graphIndex` of `model`; nullptr clears the scene. Returns at once; layoutFinished
    /// follows when the items exist (also for an empty graph).
    void setModel(std::shared_ptr<const ir::Model> model, int graphIndex = 0);
    const std::shared_ptr<const ir::Model>& model() const { return m_model; }
    const ir::Graph* graph() const { return m_graph; }
    bool isLayoutRunning() const { return m_layoutRunning; }
    const GraphElements& elements() const { return m_elements; }

    /// The box of op `node`, or nullptr (no such node or layout still running).
    NodeItem* nodeItem(ir::NodeId node) const;
    /// Every box: ops first (index == NodeId), then inputs, then outputs.
    const std::vector<NodeItem*>& nodeItems() const { return m_nodeItems; }
    const std::vector<EdgeItem*>& edgeItems() const { return m_edgeItems; }
    int opItemCount() const { return m_elements.opCount; }
    int ioItemCount() const { return m_elements.inputCount + m_elements.outputCount; }

    /// Selects the box at `index` of nodeItems() alone (-1 clears the selection).
    void selectItem(int index);
    /// The nodeItems() index of the selected box, or -1.
    int selectedItem() const;

signals:
    void layoutFinished();
    /// The selected op changed; -1 when an input/output box or nothing is selected.
    void nodeSelected(int node);
    /// An input or output box was selected: its tensor.
    void tensorSelected(int tensor);

private:
    void createItems(const GraphLayout& layout);
    void onSelectionChanged();

    std::shared_ptr<const ir::Model> m_model;
    const ir::Graph* m_graph = nullptr; ///< points into *m_model
    GraphElements m_elements;
    std::vector<NodeItem*> m_nodeItems;
    std::vector<EdgeItem*> m_edgeItems;
    quint64 m_generation = 0; ///< layouts of older generations are stale and dropped
    bool m_layoutRunning = false;
    int m_lastSelected = -2;
};

} // namespace lf::ui
