// SPDX-License-Identifier: GPL-3.0-or-later
// The scene of one IR graph: boxes for ops and graph inputs/outputs, edges labelled with tensor
// types, and collapsible groups (graph_groups.h). setModel() measures the boxes on the GUI thread,
// computes the groups and the layout on a worker thread (QtConcurrent + QFutureWatcher, newest
// request wins) and then creates all items in one batch. Collapsing or expanding a group, or
// changing the direction, lays out again on the worker and moves the existing items: a box hidden
// in a collapsed group keeps its item (hidden), so nodeItems() always has one item per box.
#pragma once

#include "core/ir/graph.h"
#include "widgets/graph_view/graph_elements.h"
#include "widgets/graph_view/graph_groups.h"
#include "widgets/graph_view/graph_layout.h"

#include <QGraphicsScene>
#include <QStringList>

#include <memory>
#include <vector>

namespace lf::ui {

class EdgeItem;
class GroupFrameItem;
class GroupItem;
class NodeItem;

class GraphScene final : public QGraphicsScene {
    Q_OBJECT

public:
    explicit GraphScene(QObject* parent = nullptr);
    ~GraphScene() override;

    /// Shows graph `graphIndex` of `model`; nullptr clears the scene. Returns at once; layoutFinished
    /// follows when the items exist (also for an empty graph). Every group starts expanded.
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

    /// Selects the box at `index` of nodeItems() alone (-1 clears the selection). A box inside a
    /// collapsed group is revealed first (its groups expand).
    void selectItem(int index);
    /// The nodeItems() index of the selected box, or -1.
    int selectedItem() const;

    /// Changing the direction lays the graph out again; layoutUpdated follows.
    void setLayoutDirection(LayoutDirection direction);
    LayoutDirection layoutDirection() const { return m_direction; }

    /// The groups of the current graph; empty until layoutFinished.
    const GraphGroups& groups() const { return m_groups; }
    bool isCollapsed(int group) const;
    /// These lay the graph out again (layoutUpdated follows) when they change anything.
    void collapseGroup(int group);
    void expandGroup(int group);
    void collapseAll();
    void expandAll();
    /// Expands every collapsed group hiding box `index`; the box is shown at once (at its last
    /// place) and moves to its new one with the new layout. Returns true if a group was expanded.
    bool reveal(int index);
    /// The outermost collapsed group containing box `index`, or -1 when the box itself is shown.
    int collapsedOwner(int index) const;
    /// The box of collapsed group `group` (nullptr if it was never shown collapsed).
    GroupItem* groupItem(int group) const;
    /// Per group: its box, or nullptr if it was never shown collapsed.
    const std::vector<GroupItem*>& groupItems() const { return m_groupItems; }
    /// The laid-out graph (shown boxes and edges); hidden boxes keep stale places outside it.
    QRectF graphBounds() const { return m_bounds; }
    /// The frame around the expanded group of the selected op (hidden when there is none).
    GroupFrameItem* groupFrame() const { return m_frame; }
    /// Boxes now on screen: visible node boxes plus visible group boxes.
    int visibleBoxCount() const;

signals:
    void layoutFinished();
    /// A new layout of the same graph (collapse, expand, direction) has moved the items.
    void layoutUpdated();
    /// collapseGroup() or expandGroup() changed `group`; its new layout is running.
    void groupToggled(int group, bool collapsed);
    /// The selected op changed; -1 when an input/output box, a group or nothing is selected.
    void nodeSelected(int node);
    /// An input or output box was selected: its tensor.
    void tensorSelected(int tensor);

private:
    struct LayoutJob;

    void startLayout();
    void createItems();
    void applyLayout(const LayoutJob& job, const GraphLayout& layout);
    void updateOwners();
    void updateFrame();
    void onSelectionChanged();

    std::shared_ptr<const ir::Model> m_model;
    const ir::Graph* m_graph = nullptr; ///< points into *m_model
    GraphElements m_elements;
    std::vector<QString> m_titles;     ///< per box
    std::vector<QStringList> m_lines;  ///< per box
    std::vector<QSizeF> m_sizes;       ///< per box
    std::vector<NodeItem*> m_nodeItems;
    std::vector<EdgeItem*> m_edgeItems;
    GraphGroups m_groups;
    bool m_groupsReady = false;
    std::vector<char> m_collapsed;         ///< per group
    std::vector<int> m_owner;              ///< per box: its outermost collapsed group or -1
    std::vector<GroupItem*> m_groupItems;  ///< per group, created when first collapsed
    GroupFrameItem* m_frame = nullptr;
    QRectF m_bounds;
    LayoutDirection m_direction = LayoutDirection::TopToBottom;
    quint64 m_generation = 0; ///< layouts of older generations are stale and dropped
    bool m_layoutRunning = false;
    int m_lastSelected = -2;
};

} // namespace lf::ui
