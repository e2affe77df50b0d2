// SPDX-License-Identifier: GPL-3.0-or-later
// Scene construction: texts and box sizes on the GUI thread (fonts are not thread-safe), the layout
// as pure data on a worker thread, items in one batch. Indexing is updated once, after the batch.
#include "widgets/graph_view/graph_scene.h"

#include "widgets/common/ir_text.h"
#include "widgets/graph_view/edge_item.h"
#include "widgets/graph_view/graph_layout.h"
#include "widgets/graph_view/node_item.h"

#include <QFutureWatcher>
#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

namespace lf::ui {

namespace {

struct BoxText {
    QString title;
    QStringList lines;
    QColor color;
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
}

void GraphScene::setModel(std::shared_ptr<const ir::Model> model, int graphIndex)
{
    Q_ASSERT(QThread::currentThread() == thread());
    const quint64 generation = ++m_generation;
    m_nodeItems.clear();
    m_edgeItems.clear();
    clear();
    m_lastSelected = -2;
    m_model = std::move(model);
    m_graph = nullptr;
    m_elements = {};
    if (m_model && graphIndex >= 0 && static_cast<std::size_t>(graphIndex) < m_model->graphs.size())
        m_graph = &m_model->graphs[static_cast<std::size_t>(graphIndex)];
    if (m_graph)
        m_elements = graphElements(*m_graph);

    GraphLayoutInput input;
    input.nodeSizes.reserve(m_elements.nodes.size());
    for (const VisualNode& node : m_elements.nodes) {
        if (node.kind == VisualNode::Kind::Op) {
            input.nodeSizes.push_back(NodeItem::sizeFor(NodeItem::titleFor(*m_graph, node),
                                                        NodeItem::attributeLines(*m_graph, node)));
        } else {
            const QString text = NodeItem::titleFor(*m_graph, node) + QStringLiteral(": ")
                + NodeItem::attributeLines(*m_graph, node).value(0);
            input.nodeSizes.push_back(NodeItem::sizeFor(text, {}) + QSizeF(0, 6));
        }
    }
    for (const VisualEdge& edge : m_elements.edges)
        input.edges.push_back({edge.from, edge.to});

    m_layoutRunning = true;
    auto* watcher = new QFutureWatcher<GraphLayout>(this);
    // A watcher rather than QFuture::then: Qt 6.4 runs a continuation inline when the future has
    // already finished, which would create items inside setModel(); the watcher always posts.
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_generation)
            return;
        m_layoutRunning = false;
        createItems(watcher->result());
        emit layoutFinished();
    });
    watcher->setFuture(QtConcurrent::run([input = std::move(input)] { return computeGraphLayout(input); }));
}

void GraphScene::createItems(const GraphLayout& layout)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (!m_graph || layout.nodes.size() != m_elements.nodes.size())
        return;
    m_nodeItems.reserve(m_elements.nodes.size());
    for (std::size_t i = 0; i < m_elements.nodes.size(); ++i) {
        const VisualNode& node = m_elements.nodes[i];
        auto* item = new NodeItem(node, static_cast<int>(i), NodeItem::titleFor(*m_graph, node),
                                  NodeItem::attributeLines(*m_graph, node), NodeItem::colorFor(*m_graph, node),
                                  layout.nodes[i]);
        addItem(item);
        m_nodeItems.push_back(item);
    }
    std::vector<bool> labelled(m_graph->tensors.size(), false);
    m_edgeItems.reserve(m_elements.edges.size());
    for (std::size_t e = 0; e < m_elements.edges.size(); ++e) {
        const VisualEdge& edge = m_elements.edges[e];
        const ir::Tensor& tensor = m_graph->tensors[static_cast<std::size_t>(edge.tensor)];
        // One label per tensor (on its first edge), so a tensor used three times is labelled once.
        QString label;
        if (!labelled[static_cast<std::size_t>(edge.tensor)]) {
            labelled[static_cast<std::size_t>(edge.tensor)] = true;
            label = tensorTypeText(tensor);
        }
        auto* item = new EdgeItem(layout.edges[e], label, tensor.isQuantized(), edge.tensor);
        item->setToolTip(QString::fromStdString(tensor.name) + QLatin1Char('\n') + tensorTypeText(tensor)
                         + (tensor.isQuantized() ? QLatin1Char('\n') + quantText(tensor.quant) : QString()));
        addItem(item);
        m_edgeItems.push_back(item);
    }
    setSceneRect(itemsBoundingRect().adjusted(-40, -40, 40, 40));
}

NodeItem* GraphScene::nodeItem(ir::NodeId node) const
{
    if (node < 0 || node >= m_elements.opCount || static_cast<std::size_t>(node) >= m_nodeItems.size())
        return nullptr;
    return m_nodeItems[static_cast<std::size_t>(node)];
}

void GraphScene::selectItem(int index)
{
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

void GraphScene::onSelectionChanged()
{
    const int index = selectedItem();
    if (index == m_lastSelected)
        return;
    m_lastSelected = index;
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
