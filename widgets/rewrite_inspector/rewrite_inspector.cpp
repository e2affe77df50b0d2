// SPDX-License-Identifier: GPL-3.0-or-later
// The rewrite inspector's layout, origin-based selection sync, badges, event navigation and the
// re-run of the conversion with layout overrides.
#include "widgets/rewrite_inspector/rewrite_inspector.h"

#include "widgets/graph_view/graph_scene.h"
#include "widgets/graph_view/graph_view.h"
#include "widgets/graph_view/node_item.h"
#include "widgets/rewrite_inspector/layout_override_panel.h"
#include "widgets/rewrite_inspector/rewrite_event_model.h"

#include <QComboBox>
#include <QContextMenuEvent>
#include <QFileInfo>
#include <QGraphicsItem>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPainter>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace lf::ui {

namespace {

using passes::RewriteEvent;
using passes::RewriteKind;

/// A small rounded label drawn above the top-right corner of a node box.
class BadgeItem final : public QGraphicsItem
{
public:
    BadgeItem(QString text, QColor color, QGraphicsItem* parent)
        : QGraphicsItem(parent)
        , m_text(std::move(text))
        , m_color(std::move(color))
    {
        QFont font;
        font.setPointSizeF(font.pointSizeF() * 0.8);
        font.setBold(true);
        m_font = font;
        const QFontMetricsF metrics(m_font);
        m_rect = QRectF(0, 0, metrics.horizontalAdvance(m_text) + 10, metrics.height() + 4);
        setZValue(10);
    }
    QRectF boundingRect() const override { return m_rect; }
    void paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) override
    {
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(Qt::NoPen);
        painter->setBrush(m_color);
        painter->drawRoundedRect(m_rect, 6, 6);
        painter->setPen(Qt::white);
        painter->setFont(m_font);
        painter->drawText(m_rect, Qt::AlignCenter, m_text);
    }

private:
    QString m_text;
    QColor m_color;
    QFont m_font;
    QRectF m_rect;
};

bool intersects(
    const std::vector<std::string>& names, const std::set<std::string, std::less<>>& set)
{
    return std::ranges::any_of(
        names, [&set](const std::string& name) { return set.contains(name); });
}

bool names(const RewriteEvent& event, const std::string& node)
{
    return std::ranges::find(event.nodes, node) != event.nodes.end();
}

/// Source-model names a node stands for: its origin, or its own name when it has none.
std::set<std::string, std::less<>> originOf(const ir::Node& node)
{
    std::set<std::string, std::less<>> result(node.origin.begin(), node.origin.end());
    if (result.empty())
        result.insert(node.name);
    return result;
}

/// Whether `node` reads constant weights that a rewrite permuted (the node itself, or the source
/// node it comes from when the event names no IR node).
bool hasPermutedWeights(const ir::Graph& graph, const ir::Node& node, const passes::RewriteLog& log)
{
    const bool readsWeights = node.op != ir::OpKind::Transpose
        && std::ranges::any_of(node.inputs, [&graph](ir::TensorId input) {
               if (input < 0 || static_cast<std::size_t>(input) >= graph.tensors.size())
                   return false;
               // Weights are float or quantized data; int32 constants are paddings, shapes, perms.
               const ir::Tensor& tensor = graph.tensors[static_cast<std::size_t>(input)];
               return tensor.isConstant() && tensor.shape.rank() >= 2
                   && tensor.dtype != ir::DType::Int32;
           });
    if (!readsWeights)
        return false;
    const auto origin = originOf(node);
    return std::ranges::any_of(log.events(), [&](const RewriteEvent& event) {
        return event.kind == RewriteKind::WeightsPermuted
            && (names(event, node.name)
                || (event.nodes.empty() && intersects(event.sources, origin)));
    });
}

/// "inserted", "moved", ... for the transpose events naming `node`.
QString transposeKinds(const std::string& node, const passes::RewriteLog& log)
{
    QStringList kinds;
    for (const RewriteEvent& event : log.events()) {
        if (!names(event, node))
            continue;
        QString kind;
        switch (event.kind) {
        case RewriteKind::TransposeInserted: kind = RewriteInspector::tr("inserted"); break;
        case RewriteKind::TransposeMoved: kind = RewriteInspector::tr("moved"); break;
        case RewriteKind::TransposesCancelled: kind = RewriteInspector::tr("cancelled"); break;
        case RewriteKind::TransposeToReshape: kind = RewriteInspector::tr("to reshape"); break;
        default: break;
        }
        if (!kind.isEmpty() && !kinds.contains(kind))
            kinds.append(kind);
    }
    return kinds.join(QLatin1Char('/'));
}

/// "Converted again: 2 user override event(s), 5 transpose(s); inputs 'input' [1,3,64,64]".
QString conversionSummary(const ir::Model& converted, const passes::RewriteLog& log)
{
    const ir::Graph& graph = converted.main();
    const auto transposes = std::ranges::count(graph.nodes, ir::OpKind::Transpose, &ir::Node::op);
    QStringList inputs;
    for (ir::TensorId id : graph.inputs) {
        const ir::Tensor& tensor = graph.tensors[static_cast<std::size_t>(id)];
        inputs << QStringLiteral("'%1' %2").arg(
            QString::fromStdString(tensor.name), QString::fromStdString(tensor.shape.toString()));
    }
    return RewriteInspector::tr("Converted again: %n user override event(s), ", nullptr,
               static_cast<int>(log.count(RewriteKind::UserOverride)))
        + RewriteInspector::tr("%n transpose(s); ", nullptr, static_cast<int>(transposes))
        + RewriteInspector::tr("inputs %1").arg(inputs.join(QStringLiteral(", ")));
}

/// The badge of an imported-graph box the overrides name: "kept NCHW" for a kept input or output,
/// "non-image" for a box whose tensor is marked; empty otherwise.
QString overrideBadge(
    const ir::Graph& graph, const VisualNode& node, const passes::LayoutOverrides& overrides)
{
    const auto named = [&graph](ir::TensorId id) -> const std::string& {
        return graph.tensors[static_cast<std::size_t>(id)].name;
    };
    if (node.kind != VisualNode::Kind::Op) {
        if (overrides.notImage.contains(named(node.tensor)))
            return RewriteInspector::tr("non-image");
        return overrides.keepLayout.contains(named(node.tensor)) ? RewriteInspector::tr("kept NCHW")
                                                                 : QString();
    }
    const ir::Node& op = graph.nodes[static_cast<std::size_t>(node.node)];
    const bool marked = std::ranges::any_of(op.outputs,
        [&](ir::TensorId id) { return id >= 0 && overrides.notImage.contains(named(id)); });
    return marked ? RewriteInspector::tr("non-image") : QString();
}

} // namespace

RewriteInspector::RewriteInspector(std::shared_ptr<const ir::Model> imported,
    std::shared_ptr<const ir::Model> converted, passes::RewriteLog log, QWidget* parent)
    : QDialog(parent)
    , m_imported(std::move(imported))
    , m_converted(std::move(converted))
{
    setWindowTitle(tr("Rewrite Inspector"));
    m_sourceView = new GraphView(this);
    m_convertedView = new GraphView(this);
    m_events = new RewriteEventModel(this);
    m_events->setLog(std::move(log));

    auto* graphs = new QSplitter(Qt::Horizontal, this);
    graphs->addWidget(createGraphPanel(m_sourceView, tr("Imported (source layout, NCHW)")));
    graphs->addWidget(createGraphPanel(m_convertedView, tr("Converted (NHWC)")));
    m_overridePanel = new LayoutOverridePanel(this);
    m_overridePanel->setModel(m_imported);
    auto* bottom = new QSplitter(Qt::Horizontal, this);
    bottom->addWidget(createEventPanel());
    bottom->addWidget(m_overridePanel);
    bottom->setStretchFactor(0, 3);
    bottom->setStretchFactor(1, 1);
    auto* vertical = new QSplitter(Qt::Vertical, this);
    vertical->addWidget(graphs);
    vertical->addWidget(bottom);
    vertical->setStretchFactor(0, 3);
    vertical->setStretchFactor(1, 1);
    vertical->setSizes({ 540, 240 }); // the override panel's list would otherwise take half
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(vertical);

    connect(m_sourceView, &GraphView::nodeSelected, this, [this](int node) {
        if (!m_syncing && node >= 0)
            selectSourceNode(node);
    });
    connect(m_convertedView, &GraphView::nodeSelected, this, [this](int node) {
        if (!m_syncing && node >= 0)
            selectConvertedNode(node);
    });
    connect(m_sourceView, &GraphView::tensorSelected, this, [this](int tensor) {
        if (tensor >= 0)
            m_overridePanel->showTensorsOf({ VisualNode::Kind::Input, -1, tensor });
    });
    for (GraphView* view : { m_sourceView, m_convertedView })
        connect(view->graphScene(), &GraphScene::layoutFinished, this,
            &RewriteInspector::onLayoutFinished);
    m_sourceView->viewport()->installEventFilter(this);
    m_watcher = new QFutureWatcher<Result<Conversion>>(this);
    connect(m_watcher, &QFutureWatcherBase::finished, this, &RewriteInspector::finishConversion);
    connect(m_overridePanel, &LayoutOverridePanel::rerunRequested, this,
        &RewriteInspector::rerunConversion);
    adoptImportSource();
    showModels();
    resize(1240, 780);
}

void RewriteInspector::adoptImportSource()
{
    const std::filesystem::path path = m_imported->sourcePath;
    if (m_imported->sourceFormat != "onnx" || path.empty()
        || !QFileInfo::exists(QString::fromStdString(path.string()))) {
        m_overridePanel->setRerunAvailable(
            false, tr("The source model is not known, so it cannot be converted again"));
        return;
    }
    ConvertOptions options;
    for (ir::TensorId input : m_imported->main().inputs) {
        const ir::Tensor& tensor = m_imported->main().tensors[static_cast<std::size_t>(input)];
        if (tensor.shape.isStatic())
            options.inputShapes[tensor.name] = tensor.shape.extents();
    }
    setConversionSource(path, std::move(options));
}

void RewriteInspector::setConversionSource(std::filesystem::path source, ConvertOptions options)
{
    m_source = std::move(source);
    m_options = std::move(options);
    m_overridePanel->setOverrides(m_options.layout);
    m_overridePanel->setRerunAvailable(true);
}

void RewriteInspector::rerunConversion()
{
    if (m_source.empty() || isConverting())
        return;
    m_requested = m_options;
    m_requested.layout = m_overridePanel->overrides();
    m_converting = true;
    m_overridePanel->setBusy(true);
    m_overridePanel->setStatus(
        tr("Converting %1 again…").arg(QString::fromStdString(m_source.filename().string())));
    m_watcher->setFuture(QtConcurrent::run([source = m_source, options = m_requested] {
        NullTaskContext context;
        return convertModel(source, options, context);
    }));
}

void RewriteInspector::finishConversion()
{
    m_converting = false;
    m_overridePanel->setBusy(false);
    Result<Conversion> conversion = m_watcher->future().takeResult();
    if (!conversion) {
        m_overridePanel->setStatus(
            tr("Conversion failed: %1").arg(QString::fromStdString(conversion.error().toString())));
        emit conversionFinished(false);
        return;
    }
    m_options = std::move(m_requested);
    m_imported = std::make_shared<const ir::Model>(std::move(conversion->imported));
    m_converted = std::make_shared<const ir::Model>(std::move(conversion->converted));
    m_overridePanel->setStatus(conversionSummary(*m_converted, conversion->log));
    m_events->setLog(std::move(conversion->log));
    m_overridePanel->setModel(m_imported);
    showModels();
    emit conversionFinished(true);
}

void RewriteInspector::showModels()
{
    m_layoutsDone = 0;
    m_sourceHighlight.clear();
    m_convertedHighlight.clear();
    m_sourceBadges.clear();
    m_convertedBadges.clear();
    m_sourceView->setModel(m_imported);
    m_convertedView->setModel(m_converted);
}

bool RewriteInspector::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_sourceView->viewport() && event->type() == QEvent::ContextMenu) {
        const auto* menuEvent = static_cast<QContextMenuEvent*>(event);
        return showOverrideMenu(menuEvent->pos(), menuEvent->globalPos());
    }
    return QDialog::eventFilter(watched, event);
}

bool RewriteInspector::showOverrideMenu(const QPoint& position, const QPoint& globalPosition)
{
    QGraphicsItem* item = m_sourceView->itemAt(position);
    while (item && item->type() != NodeItem::Type)
        item = item->parentItem();
    if (!item)
        return false;
    QMenu menu(this);
    m_overridePanel->addActions(menu, static_cast<NodeItem*>(item)->visualNode());
    if (menu.isEmpty())
        return false;
    menu.exec(globalPosition);
    return true;
}

QWidget* RewriteInspector::createGraphPanel(GraphView* view, const QString& title)
{
    auto* panel = new QWidget(this);
    auto* label = new QLabel(QStringLiteral("<b>%1</b>").arg(title.toHtmlEscaped()), panel);
    auto* layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(label);
    layout->addWidget(view, 1);
    return panel;
}

QWidget* RewriteInspector::createEventPanel()
{
    auto* panel = new QWidget(this);
    m_filterEdit = new QLineEdit(panel);
    m_filterEdit->setPlaceholderText(tr("Filter rewrites by node, pass or detail"));
    m_filterEdit->setClearButtonEnabled(true);
    m_kindCombo = new QComboBox(panel);
    m_kindCombo->addItem(tr("All kinds"), -1);
    for (int kind = 0; kind <= static_cast<int>(RewriteKind::UserOverride); ++kind)
        m_kindCombo->addItem(
            QString::fromLatin1(passes::rewriteKindName(static_cast<RewriteKind>(kind))), kind);
    auto* filterRow = new QHBoxLayout;
    filterRow->addWidget(new QLabel(tr("Rewrites:"), panel));
    filterRow->addWidget(m_filterEdit, 1);
    filterRow->addWidget(m_kindCombo);

    m_eventTable = new QTableView(panel);
    m_eventTable->setModel(m_events);
    m_eventTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_eventTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_eventTable->verticalHeader()->hide();
    m_eventTable->horizontalHeader()->setStretchLastSection(true);
    m_eventTable->setWordWrap(false);
    m_eventTable->setTextElideMode(Qt::ElideMiddle);
    m_eventTable->setColumnWidth(RewriteEventModel::KindColumn, 150);
    m_eventTable->setColumnWidth(RewriteEventModel::PassColumn, 110);
    m_eventTable->setColumnWidth(RewriteEventModel::SourcesColumn, 200);
    m_eventTable->setColumnWidth(RewriteEventModel::NodesColumn, 260);
    connect(m_eventTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex& current) {
            if (current.isValid())
                navigateToEvent(current.row());
        });
    connect(m_filterEdit, &QLineEdit::textChanged, this, &RewriteInspector::applyFilter);
    connect(m_kindCombo, &QComboBox::currentIndexChanged, this, &RewriteInspector::applyFilter);

    auto* layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(filterRow);
    layout->addWidget(m_eventTable, 1);
    return panel;
}

void RewriteInspector::applyFilter()
{
    const int kind = m_kindCombo->currentData().toInt();
    m_events->setFilter(m_filterEdit->text(),
        kind < 0 ? std::nullopt : std::optional<RewriteKind>(static_cast<RewriteKind>(kind)));
}

std::vector<int> RewriteInspector::nodesFrom(
    const ir::Graph& graph, const Names& sources, const Names& nodeNames)
{
    std::vector<int> result;
    for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
        const ir::Node& node = graph.nodes[i];
        if (nodeNames.contains(node.name) || intersects(node.origin, sources))
            result.push_back(static_cast<int>(i));
    }
    return result;
}

void RewriteInspector::selectSourceNode(int node)
{
    const ir::Graph& graph = m_imported->main();
    if (node < 0 || static_cast<std::size_t>(node) >= graph.nodes.size())
        return;
    m_overridePanel->showTensorsOf({ VisualNode::Kind::Op, node, ir::kNoTensor });
    const Names origin = originOf(graph.nodes[static_cast<std::size_t>(node)]);
    highlight(m_sourceView, nodesFrom(graph, origin, {}), m_sourceHighlight);
    highlight(m_convertedView, nodesFrom(m_converted->main(), origin, {}), m_convertedHighlight);
}

void RewriteInspector::selectConvertedNode(int node)
{
    const ir::Graph& graph = m_converted->main();
    if (node < 0 || static_cast<std::size_t>(node) >= graph.nodes.size())
        return;
    const Names origin = originOf(graph.nodes[static_cast<std::size_t>(node)]);
    highlight(m_convertedView, { node }, m_convertedHighlight);
    highlight(m_sourceView, nodesFrom(m_imported->main(), origin, {}), m_sourceHighlight);
}

void RewriteInspector::navigateToEvent(int row)
{
    const RewriteEvent* event = m_events->event(row);
    if (!event)
        return;
    const Names sources(event->sources.begin(), event->sources.end());
    const Names nodeNames(event->nodes.begin(), event->nodes.end());
    // A lowering (or an event naming no IR node) is about everything its source nodes became;
    // other events are about the IR nodes they name.
    const Names empty;
    const bool aboutSources = event->kind == RewriteKind::Lowered || nodeNames.empty();
    const Names& bySource = aboutSources ? sources : empty;
    highlight(m_sourceView, nodesFrom(m_imported->main(), bySource, nodeNames), m_sourceHighlight);
    highlight(
        m_convertedView, nodesFrom(m_converted->main(), bySource, nodeNames), m_convertedHighlight);
}

void RewriteInspector::highlight(
    GraphView* view, const std::vector<int>& nodes, std::vector<int>& store)
{
    store = nodes;
    GraphScene* scene = view->graphScene();
    m_syncing = true;
    scene->selectItem(-1); // resets the scene's own selection state, so the next click is reported
    {
        const QSignalBlocker blocker(scene);
        for (const int node : nodes) {
            scene->reveal(node); // a box inside a collapsed group cannot be selected
            if (NodeItem* item = scene->nodeItem(node))
                item->setSelected(true);
        }
    }
    if (!nodes.empty()) {
        if (NodeItem* first = scene->nodeItem(nodes.front()))
            view->centerOn(first);
    }
    view->viewport()->update();
    m_syncing = false;
}

void RewriteInspector::onLayoutFinished()
{
    if (++m_layoutsDone < 2)
        return;
    addBadges();
    addOverrideBadges();
    emit ready();
}

void RewriteInspector::addBadges()
{
    const passes::RewriteLog& log = m_events->log();
    const ir::Graph& converted = m_converted->main();
    Names convertedNames;
    for (const ir::Node& node : converted.nodes)
        convertedNames.insert(node.name);
    const auto place = [](GraphScene* scene, int node, const QString& text, const QColor& color) {
        NodeItem* item = scene->nodeItem(node);
        if (!item)
            return;
        auto* badge = new BadgeItem(text, color, item);
        const QRectF box = item->boundingRect();
        badge->setPos(box.right() - badge->boundingRect().width() + 6,
            box.top() - badge->boundingRect().height() + 4);
    };
    const QColor transposeColor(0x6a, 0x1b, 0x9a);
    const QColor goneColor(0xc6, 0x28, 0x28);
    const QColor weightColor(0x00, 0x69, 0x5c);
    for (std::size_t i = 0; i < converted.nodes.size(); ++i) {
        const ir::Node& node = converted.nodes[i];
        const int id = static_cast<int>(i);
        if (node.op == ir::OpKind::Transpose) {
            const QString kinds = transposeKinds(node.name, log);
            const QString text = kinds.isEmpty() ? tr("transpose") : tr("transpose: %1").arg(kinds);
            place(m_convertedView->graphScene(), id, text, transposeColor);
            m_convertedBadges.emplace_back(id, text);
        }
        if (hasPermutedWeights(converted, node, log)) {
            place(m_convertedView->graphScene(), id, tr("weights permuted"), weightColor);
            m_convertedBadges.emplace_back(id, tr("weights permuted"));
        }
    }
    const ir::Graph& imported = m_imported->main();
    for (std::size_t i = 0; i < imported.nodes.size(); ++i) {
        const ir::Node& node = imported.nodes[i];
        const int id = static_cast<int>(i);
        if (node.op == ir::OpKind::Transpose && !convertedNames.contains(node.name)) {
            const QString kinds = transposeKinds(node.name, log);
            const QString text = kinds.contains(tr("cancelled")) ? tr("cancelled") : tr("removed");
            place(m_sourceView->graphScene(), id, text, goneColor);
            m_sourceBadges.emplace_back(id, text);
        }
        if (hasPermutedWeights(imported, node, log)) {
            place(m_sourceView->graphScene(), id, tr("weights permuted"), weightColor);
            m_sourceBadges.emplace_back(id, tr("weights permuted"));
        }
    }
}

void RewriteInspector::addOverrideBadges()
{
    const QColor overrideColor(0xe6, 0x51, 0x00);
    const auto place = [](NodeItem* item, const QString& text, const QColor& color) {
        auto* badge = new BadgeItem(text, color, item);
        const QRectF box = item->boundingRect();
        badge->setPos(box.left() - 6, box.top() - badge->boundingRect().height() + 4);
    };
    const std::vector<NodeItem*>& sourceItems = m_sourceView->graphScene()->nodeItems();
    for (std::size_t i = 0; i < sourceItems.size(); ++i) {
        const QString text
            = overrideBadge(m_imported->main(), sourceItems[i]->visualNode(), m_options.layout);
        if (text.isEmpty())
            continue;
        place(sourceItems[i], text, overrideColor);
        m_sourceBadges.emplace_back(static_cast<int>(i), text);
    }
    // Converted nodes where a transpose stopped for a non-image tensor.
    Names stopped;
    for (const RewriteEvent& event : m_events->log().events()) {
        if (event.kind == RewriteKind::UserOverride)
            stopped.insert(event.nodes.begin(), event.nodes.end());
    }
    const ir::Graph& converted = m_converted->main();
    for (std::size_t i = 0; i < converted.nodes.size(); ++i) {
        NodeItem* item = m_convertedView->graphScene()->nodeItem(static_cast<ir::NodeId>(i));
        if (!item || !stopped.contains(converted.nodes[i].name))
            continue;
        place(item, tr("user override"), overrideColor);
        m_convertedBadges.emplace_back(static_cast<int>(i), tr("user override"));
    }
}

} // namespace lf::ui
