// SPDX-License-Identifier: GPL-3.0-or-later
// Scene construction: texts and box sizes on the GUI thread (fonts are not thread-safe), groups and
// the layout as pure data on a worker thread, items in one batch. Later layouts only move, show
// and hide the items, so items other widgets attached to them (badges) stay valid.
#include "widgets/graph_view/graph_scene.h"

#include "widgets/common/ir_text.h"
#include "widgets/graph_view/edge_item.h"
#include "widgets/graph_view/group_item.h"
#include "widgets/graph_view/node_item.h"

#include <QFutureWatcher>
#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <optional>
#include <set>
#include <tuple>

namespace lf::ui {

/// One layout request: the boxes laid out (shown boxes and collapsed group boxes) and which scene
/// edge became which layout edge.
struct GraphScene::LayoutJob {
    GraphLayoutInput input;
    std::vector<int> boxes;      ///< per layout node: a nodeItems() index, or -(group + 1)
    std::vector<int> edgeLayout; ///< per scene edge: its layout edge, or -1 when hidden
};

namespace {

constexpr double kWideRankGap = 110.0;

struct LayoutResult {
    GraphLayout layout;
    std::optional<GraphGroups> groups; ///< computed with the first layout of a graph
};

} // namespace

GraphScene::GraphScene(QObject* parent)
    : QGraphicsScene(parent)
{
    setBackgroundBrush(QColor(0xf4, 0xf5, 0xf7));
    connect(this, &QGraphicsScene::selectionChanged, this, &GraphScene::onSelectionChanged);
}

GraphScene::~GraphScene()
{
    // ~QGraphicsScene deletes the items and emits selectionChanged for a selected one, after this
    // part of the object is gone: stop listening first.
    disconnect(this, &QGraphicsScene::selectionChanged, this, nullptr);
    m_nodeItems.clear();
    m_edgeItems.clear();
    m_groupItems.clear();
}

void GraphScene::setModel(std::shared_ptr<const ir::Model> model, int graphIndex)
{
    Q_ASSERT(QThread::currentThread() == thread());
    m_nodeItems.clear();
    m_edgeItems.clear();
    m_groupItems.clear();
    m_frame = nullptr;
    clear();
    m_lastSelected = -2;
    m_model = std::move(model);
    m_graph = nullptr;
    m_elements = {};
    m_groups = {};
    m_groupsReady = false;
    m_bounds = QRectF();
    m_collapsed.clear();
    m_owner.clear();
    if (m_model && graphIndex >= 0 && static_cast<std::size_t>(graphIndex) < m_model->graphs.size())
        m_graph = &m_model->graphs[static_cast<std::size_t>(graphIndex)];
    if (m_graph)
        m_elements = graphElements(*m_graph);

    const std::size_t count = m_elements.nodes.size();
    m_titles.assign(count, QString());
    m_lines.assign(count, QStringList());
    m_sizes.assign(count, QSizeF());
    for (std::size_t i = 0; i < count; ++i) {
        const VisualNode& node = m_elements.nodes[i];
        m_titles[i] = NodeItem::titleFor(*m_graph, node);
        m_lines[i] = NodeItem::attributeLines(*m_graph, node);
        if (node.kind == VisualNode::Kind::Op)
            m_sizes[i] = NodeItem::sizeFor(m_titles[i], m_lines[i]);
        else
            m_sizes[i] = NodeItem::sizeFor(m_titles[i] + QStringLiteral(": ") + m_lines[i].value(0), {}) + QSizeF(0, 6);
    }
    startLayout();
}

void GraphScene::startLayout()
{
    Q_ASSERT(QThread::currentThread() == thread());
    const quint64 generation = ++m_generation;
    updateOwners();
    auto job = std::make_shared<LayoutJob>();
    job->input.direction = m_direction;
    // Left to right, a tensor label has to fit between the columns rather than under a box.
    job->input.rankGap = m_direction == LayoutDirection::LeftToRight ? kWideRankGap : job->input.rankGap;
    const std::size_t count = m_elements.nodes.size();
    std::vector<int> boxOf(count, -1);
    std::vector<int> groupBox(m_groups.groups.size(), -1);
    for (std::size_t i = 0; i < count; ++i) {
        const int owner = m_owner[i];
        if (owner < 0) {
            boxOf[i] = static_cast<int>(job->boxes.size());
            job->boxes.push_back(static_cast<int>(i));
            job->input.nodeSizes.push_back(m_sizes[i]);
            continue;
        }
        // A collapsed group's box takes the place of its first member.
        int& box = groupBox[static_cast<std::size_t>(owner)];
        if (box < 0) {
            const NodeGroup& group = m_groups.groups[static_cast<std::size_t>(owner)];
            box = static_cast<int>(job->boxes.size());
            job->boxes.push_back(-(owner + 1));
            job->input.nodeSizes.push_back(GroupItem::sizeFor(group.title, group.summary));
        }
        boxOf[i] = box;
    }
    // Edges inside a collapsed group disappear; edges into or out of one are kept once per tensor.
    std::set<std::tuple<int, int, int>> seen;
    job->edgeLayout.assign(m_elements.edges.size(), -1);
    for (std::size_t e = 0; e < m_elements.edges.size(); ++e) {
        const VisualEdge& edge = m_elements.edges[e];
        const int from = boxOf[static_cast<std::size_t>(edge.from)];
        const int to = boxOf[static_cast<std::size_t>(edge.to)];
        if (from == to)
            continue;
        const bool grouped = m_owner[static_cast<std::size_t>(edge.from)] >= 0 || m_owner[static_cast<std::size_t>(edge.to)] >= 0;
        if (grouped && !seen.emplace(from, to, edge.tensor).second)
            continue;
        job->edgeLayout[e] = static_cast<int>(job->input.edges.size());
        job->input.edges.push_back({from, to});
    }

    m_layoutRunning = true;
    const bool needGroups = !m_groupsReady && m_graph;
    auto* watcher = new QFutureWatcher<LayoutResult>(this);
    // A watcher rather than QFuture::then: Qt 6.4 runs a continuation inline when the future has
    // already finished, which would create items inside setModel(); the watcher always posts.
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation, job] {
        watcher->deleteLater();
        if (generation != m_generation)
            return;
        m_layoutRunning = false;
        LayoutResult result = watcher->result();
        if (result.groups) {
            m_groups = std::move(*result.groups);
            m_groupsReady = true;
            m_collapsed.assign(m_groups.groups.size(), 0);
            m_groupItems.assign(m_groups.groups.size(), nullptr);
            updateOwners();
        }
        const bool first = m_nodeItems.empty();
        if (first)
            createItems();
        applyLayout(*job, result.layout);
        if (first)
            emit layoutFinished();
        else
            emit layoutUpdated();
    });
    watcher->setFuture(QtConcurrent::run([job, needGroups, model = m_model, graph = m_graph, elements = m_elements] {
        LayoutResult result;
        if (needGroups)
            result.groups = groupGraph(*graph, elements);
        result.layout = computeGraphLayout(job->input);
        return result;
    }));
}

void GraphScene::createItems()
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (!m_graph)
        return;
    m_nodeItems.reserve(m_elements.nodes.size());
    for (std::size_t i = 0; i < m_elements.nodes.size(); ++i) {
        const VisualNode& node = m_elements.nodes[i];
        auto* item = new NodeItem(node, static_cast<int>(i), m_titles[i], m_lines[i], NodeItem::colorFor(*m_graph, node),
                                  QRectF(QPointF(0, 0), m_sizes[i]));
        addItem(item);
        m_nodeItems.push_back(item);
    }
    m_frame = new GroupFrameItem;
    m_frame->hide();
    addItem(m_frame);
    std::vector<bool> labelled(m_graph->tensors.size(), false);
    m_edgeItems.reserve(m_elements.edges.size());
    for (const VisualEdge& edge : m_elements.edges) {
        const ir::Tensor& tensor = m_graph->tensors[static_cast<std::size_t>(edge.tensor)];
        // One label per tensor (on its first edge), so a tensor used three times is labelled once.
        QString label;
        if (!labelled[static_cast<std::size_t>(edge.tensor)]) {
            labelled[static_cast<std::size_t>(edge.tensor)] = true;
            label = tensorTypeText(tensor);
        }
        auto* item = new EdgeItem({}, label, tensor.isQuantized(), edge.tensor);
        item->setToolTip(QString::fromStdString(tensor.name) + QLatin1Char('\n') + tensorTypeText(tensor)
                         + (tensor.isQuantized() ? QLatin1Char('\n') + quantText(tensor.quant) : QString()));
        addItem(item);
        m_edgeItems.push_back(item);
    }
}

void GraphScene::applyLayout(const LayoutJob& job, const GraphLayout& layout)
{
    if (layout.nodes.size() != job.boxes.size() || m_nodeItems.size() != m_elements.nodes.size())
        return;
    std::vector<bool> groupShown(m_groups.groups.size(), false);
    for (std::size_t k = 0; k < job.boxes.size(); ++k) {
        const int box = job.boxes[k];
        if (box >= 0) {
            m_nodeItems[static_cast<std::size_t>(box)]->moveTo(layout.nodes[k].topLeft());
            m_nodeItems[static_cast<std::size_t>(box)]->setVisible(true);
            continue;
        }
        const auto group = static_cast<std::size_t>(-box - 1);
        GroupItem*& item = m_groupItems[group];
        if (!item) {
            const NodeGroup& data = m_groups.groups[group];
            item = new GroupItem(static_cast<int>(group), data.title, data.summary, data.path);
            addItem(item);
        }
        item->setPos(layout.nodes[k].topLeft());
        item->setVisible(true);
        groupShown[group] = true;
    }
    // Hidden boxes stay where they were: stacking thousands of them on their group's corner would
    // make the scene's BSP index quadratic when they move out again.
    for (std::size_t i = 0; i < m_nodeItems.size(); ++i) {
        if (m_owner[i] < 0)
            continue;
        m_nodeItems[i]->setSelected(false);
        m_nodeItems[i]->setVisible(false);
    }
    for (std::size_t g = 0; g < m_groupItems.size(); ++g) {
        if (m_groupItems[g] && !groupShown[g])
            m_groupItems[g]->setVisible(false);
    }
    updateFrame();
    m_bounds = layout.bounds;
    for (std::size_t e = 0; e < m_edgeItems.size(); ++e) {
        const int k = job.edgeLayout[e];
        m_edgeItems[e]->setVisible(k >= 0);
        if (k < 0)
            continue;
        m_edgeItems[e]->setCurve(layout.edges[static_cast<std::size_t>(k)]);
        m_bounds |= m_edgeItems[e]->boundingRect(); // labels and curves may reach past the boxes
    }
    setSceneRect(layout.bounds.adjusted(-40, -40, 40, 40));
}

void GraphScene::updateOwners()
{
    m_owner.assign(m_elements.nodes.size(), -1);
    if (!m_groupsReady)
        return;
    // Groups come parents first: a group's outermost collapsed ancestor is known before it.
    std::vector<int> outermost(m_groups.groups.size(), -1);
    for (std::size_t g = 0; g < m_groups.groups.size(); ++g) {
        const int parent = m_groups.groups[g].parent;
        const int inherited = parent >= 0 ? outermost[static_cast<std::size_t>(parent)] : -1;
        outermost[g] = inherited >= 0 ? inherited : (m_collapsed[g] ? static_cast<int>(g) : -1);
    }
    for (std::size_t i = 0; i < m_owner.size() && i < m_groups.innermost.size(); ++i) {
        if (m_groups.innermost[i] >= 0)
            m_owner[i] = outermost[static_cast<std::size_t>(m_groups.innermost[i])];
    }
}

void GraphScene::updateFrame()
{
    if (!m_frame)
        return;
    const int index = selectedItem();
    const int group = index >= 0 && static_cast<std::size_t>(index) < m_groups.innermost.size()
        ? m_groups.innermost[static_cast<std::size_t>(index)]
        : -1;
    if (group < 0 || collapsedOwner(index) >= 0) {
        m_frame->hide();
        return;
    }
    // Around the group's shown boxes, and the boxes of its collapsed subgroups.
    QRectF content;
    for (int member : m_groups.groups[static_cast<std::size_t>(group)].members) {
        const GroupItem* inner = groupItem(collapsedOwner(member));
        content |= inner ? inner->sceneBoundingRect() : m_nodeItems[static_cast<std::size_t>(member)]->sceneBoundingRect();
    }
    m_frame->frame(group, m_groups.groups[static_cast<std::size_t>(group)].path, content);
    m_frame->show();
}

NodeItem* GraphScene::nodeItem(ir::NodeId node) const
{
    if (node < 0 || node >= m_elements.opCount || static_cast<std::size_t>(node) >= m_nodeItems.size())
        return nullptr;
    return m_nodeItems[static_cast<std::size_t>(node)];
}

void GraphScene::selectItem(int index)
{
    reveal(index);
    if (index == selectedItem())
        return;
    QSignalBlocker blocker(this);
    clearSelection();
    if (index >= 0 && static_cast<std::size_t>(index) < m_nodeItems.size())
        m_nodeItems[static_cast<std::size_t>(index)]->setSelected(true);
    blocker.unblock();
    onSelectionChanged();
}

int GraphScene::selectedItem() const
{
    for (QGraphicsItem* item : selectedItems()) {
        if (item->type() == NodeItem::Type)
            return static_cast<NodeItem*>(item)->index();
    }
    return -1;
}

void GraphScene::setLayoutDirection(LayoutDirection direction)
{
    if (direction == m_direction)
        return;
    m_direction = direction;
    if (m_graph)
        startLayout();
}

bool GraphScene::isCollapsed(int group) const
{
    return group >= 0 && static_cast<std::size_t>(group) < m_collapsed.size() && m_collapsed[static_cast<std::size_t>(group)];
}

void GraphScene::collapseGroup(int group)
{
    if (group < 0 || static_cast<std::size_t>(group) >= m_collapsed.size() || m_collapsed[static_cast<std::size_t>(group)])
        return;
    m_collapsed[static_cast<std::size_t>(group)] = 1;
    startLayout();
    emit groupToggled(group, true);
}

void GraphScene::expandGroup(int group)
{
    if (!isCollapsed(group))
        return;
    m_collapsed[static_cast<std::size_t>(group)] = 0;
    startLayout();
    emit groupToggled(group, false);
}

void GraphScene::collapseAll()
{
    if (std::all_of(m_collapsed.begin(), m_collapsed.end(), [](char c) { return c != 0; }))
        return;
    std::fill(m_collapsed.begin(), m_collapsed.end(), 1);
    startLayout();
}

void GraphScene::expandAll()
{
    if (std::none_of(m_collapsed.begin(), m_collapsed.end(), [](char c) { return c != 0; }))
        return;
    std::fill(m_collapsed.begin(), m_collapsed.end(), 0);
    startLayout();
}

bool GraphScene::reveal(int index)
{
    if (collapsedOwner(index) < 0)
        return false;
    for (int g = m_groups.innermost[static_cast<std::size_t>(index)]; g >= 0; g = m_groups.groups[static_cast<std::size_t>(g)].parent)
        m_collapsed[static_cast<std::size_t>(g)] = 0;
    // Show the box now (at its last place) so it can be selected before the new layout arrives.
    const int owner = collapsedOwner(index);
    startLayout();
    if (static_cast<std::size_t>(index) < m_nodeItems.size())
        m_nodeItems[static_cast<std::size_t>(index)]->setVisible(true);
    if (owner >= 0 && m_groupItems[static_cast<std::size_t>(owner)] && collapsedOwner(index) < 0)
        m_groupItems[static_cast<std::size_t>(owner)]->setVisible(false);
    return true;
}

int GraphScene::collapsedOwner(int index) const
{
    if (index < 0 || static_cast<std::size_t>(index) >= m_owner.size())
        return -1;
    return m_owner[static_cast<std::size_t>(index)];
}

GroupItem* GraphScene::groupItem(int group) const
{
    if (group < 0 || static_cast<std::size_t>(group) >= m_groupItems.size())
        return nullptr;
    return m_groupItems[static_cast<std::size_t>(group)];
}

int GraphScene::visibleBoxCount() const
{
    int count = 0;
    for (const NodeItem* item : m_nodeItems)
        count += item->isVisible() ? 1 : 0;
    for (const GroupItem* item : m_groupItems)
        count += item && item->isVisible() ? 1 : 0;
    return count;
}

void GraphScene::onSelectionChanged()
{
    const int index = selectedItem();
    if (index == m_lastSelected)
        return;
    m_lastSelected = index;
    updateFrame();
    // Highlight the edges touching the selection so its inputs and outputs are easy to follow.
    for (std::size_t e = 0; e < m_edgeItems.size(); ++e) {
        const VisualEdge& edge = m_elements.edges[e];
        m_edgeItems[e]->setHighlighted(index >= 0 && (edge.from == index || edge.to == index));
    }
    if (index < 0) {
        emit nodeSelected(-1);
        return;
    }
    const VisualNode& node = m_elements.nodes[static_cast<std::size_t>(index)];
    if (node.kind == VisualNode::Kind::Op) {
        emit nodeSelected(node.node);
    } else {
        emit nodeSelected(-1);
        emit tensorSelected(node.tensor);
    }
}

} // namespace lf::ui
