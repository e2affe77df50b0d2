// SPDX-License-Identifier: GPL-3.0-or-later
// Navigation, search, export, layout direction, groups and minimap of the graph view. Zoom is a
// plain view transform; painting decides the level of detail per item from that transform.
#include "widgets/graph_view/graph_view.h"

#include "widgets/graph_view/graph_scene.h"
#include "widgets/graph_view/group_item.h"
#include "widgets/graph_view/minimap.h"
#include "widgets/graph_view/node_item.h"

#include <QContextMenuEvent>
#include <QFileDialog>
#include <QFrame>
#include <QHBoxLayout>
#include <QGestureEvent>
#include <QGuiApplication>
#include <QImage>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QNativeGestureEvent>
#include <QPainter>
#include <QScrollBar>
#include <QSettings>
#include <QShortcut>
#include <QSvgGenerator>
#include <QToolButton>
#include <QVariantAnimation>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace lf::ui {

namespace {

constexpr double kMinZoom = 0.02;
constexpr double kMaxZoom = 4.0;
constexpr double kKeyZoomStep = 1.25;
constexpr double kReadableZoom = 0.5; ///< below this an initial fit would hide the text
constexpr double kInitialZoom = 0.85;
constexpr int kMaxExportSide = 16000;
constexpr int kOverlayMargin = 8;
constexpr int kMinimapRoom = 3; ///< the minimap shows when the view is this many times its size
constexpr int kMaxCollapseEntries = 4; ///< enclosing groups offered in a box's context menu
const QString kDirectionKey = QStringLiteral("graphView/leftToRight");
const QString kMinimapKey = QStringLiteral("graphView/minimap");

} // namespace

GraphView::GraphView(QWidget* parent)
    : QGraphicsView(parent)
{
    m_scene = new GraphScene(this);
    setScene(m_scene);
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
    setFocusPolicy(Qt::StrongFocus);
    setFrameShape(QFrame::NoFrame);
    viewport()->grabGesture(Qt::PinchGesture);

    m_zoomAnimation = new QVariantAnimation(this);
    m_zoomAnimation->setDuration(140);
    m_zoomAnimation->setEasingCurve(QEasingCurve::OutCubic);
    connect(m_zoomAnimation, &QVariantAnimation::valueChanged, this, [this](const QVariant& value) {
        const double target = value.toDouble();
        const double current = zoom();
        if (current > 0)
            scale(target / current, target / current);
    });

    connect(m_scene, &GraphScene::nodeSelected, this, &GraphView::nodeSelected);
    connect(m_scene, &GraphScene::tensorSelected, this, &GraphView::tensorSelected);
    connect(m_scene, &GraphScene::layoutFinished, this, [this] { onLayoutChanged(true); });
    connect(m_scene, &GraphScene::layoutUpdated, this, [this] { onLayoutChanged(false); });
    connect(m_scene, &GraphScene::groupToggled, this, [this](int group, bool collapsed) {
        // -(group + 2) stands for the group's own box, a non-negative value for a box.
        m_pendingGroup = collapsed ? -(group + 2) : m_scene->groups().groups[static_cast<std::size_t>(group)].members.front();
    });

    m_minimap = new Minimap(this, m_scene, this);
    m_minimap->hide();
    for (QScrollBar* bar : {horizontalScrollBar(), verticalScrollBar()}) {
        connect(bar, &QScrollBar::valueChanged, m_minimap, qOverload<>(&QWidget::update));
        connect(bar, &QScrollBar::rangeChanged, m_minimap, qOverload<>(&QWidget::update));
    }
    const QSettings settings;
    m_minimapVisible = settings.value(kMinimapKey, true).toBool();
    m_scene->setLayoutDirection(settings.value(kDirectionKey, false).toBool() ? LayoutDirection::LeftToRight
                                                                               : LayoutDirection::TopToBottom);
    createToolStrip();

    auto* find = new QShortcut(QKeySequence::Find, this, this, &GraphView::showSearchBar);
    find->setContext(Qt::WidgetWithChildrenShortcut);
    createSearchBar();
}

void GraphView::setModel(std::shared_ptr<const ir::Model> model)
{
    m_pendingCenter = -1;
    m_pendingGroup = -1;
    m_pendingFit = false;
    m_matches.clear();
    m_currentMatch = -1;
    if (m_searchEdit)
        m_searchEdit->clear();
    m_scene->setModel(std::move(model));
}

void GraphView::onLayoutChanged(bool first)
{
    if (first || m_pendingFit)
        fitOrShowStart();
    m_pendingFit = false;
    if (m_pendingGroup != -1) {
        // Keep what was just collapsed or expanded in view: its box, or its first op.
        const GroupItem* group = m_pendingGroup < -1 ? m_scene->groupItem(-m_pendingGroup - 2) : nullptr;
        const NodeItem* node = m_pendingGroup >= 0 ? m_scene->nodeItems()[static_cast<std::size_t>(m_pendingGroup)] : nullptr;
        const QRectF rect = group ? group->sceneBoundingRect() : node ? node->sceneBoundingRect() : QRectF();
        if (!rect.isNull() && !mapToScene(viewport()->rect()).boundingRect().contains(rect))
            centerOn(rect.center());
        m_pendingGroup = -1;
    }
    m_minimap->rebuild();
    updateToolStrip();
    positionOverlays();
    if (m_pendingCenter >= 0) {
        const auto& items = m_scene->nodeItems();
        if (static_cast<std::size_t>(m_pendingCenter) < items.size())
            centerOn(items[static_cast<std::size_t>(m_pendingCenter)]->sceneBoundingRect().center());
        m_pendingCenter = -1;
    }
}

void GraphView::fitOrShowStart()
{
    fitToWindow();
    if (zoom() >= kReadableZoom)
        return;
    // A long graph: start readable where the inputs are (top, or left), like Netron does.
    setTransform(QTransform::fromScale(kInitialZoom, kInitialZoom));
    const QRectF bounds = m_scene->graphBounds();
    if (m_scene->layoutDirection() == LayoutDirection::LeftToRight)
        centerOn(bounds.left() + viewport()->width() / (2 * kInitialZoom) - 20, bounds.center().y());
    else
        centerOn(bounds.center().x(), bounds.top() + viewport()->height() / (2 * kInitialZoom) - 20);
}

void GraphView::centerLater(int index)
{
    // While a layout runs the box is still at its old place: centre now and again when it lands.
    centerOnItem(index);
    if (m_scene->isLayoutRunning())
        m_pendingCenter = index;
}

double GraphView::zoom() const
{
    return transform().m11();
}

void GraphView::zoomBy(double factor, bool animated)
{
    const double target = std::clamp(zoom() * factor, kMinZoom, kMaxZoom);
    if (!animated) {
        m_zoomAnimation->stop();
        scale(target / zoom(), target / zoom());
        return;
    }
    // Keyboard zoom keeps the centre of the view fixed (there is no mouse position to anchor on).
    const double from = zoom();
    const double end = m_zoomAnimation->state() == QAbstractAnimation::Running
        ? std::clamp(m_zoomAnimation->endValue().toDouble() * factor, kMinZoom, kMaxZoom)
        : target;
    m_zoomAnimation->stop();
    setTransformationAnchor(QGraphicsView::AnchorViewCenter);
    m_zoomAnimation->setStartValue(from);
    m_zoomAnimation->setEndValue(end);
    connect(m_zoomAnimation, &QVariantAnimation::finished, this,
            [this] { setTransformationAnchor(QGraphicsView::AnchorUnderMouse); }, Qt::SingleShotConnection);
    m_zoomAnimation->start();
}

void GraphView::fitToWindow()
{
    m_zoomAnimation->stop();
    const QRectF bounds = m_scene->graphBounds().adjusted(-20, -20, 20, 20);
    if (bounds.isEmpty())
        return;
    fitInView(bounds, Qt::KeepAspectRatio);
    if (zoom() > 1.0) // small graphs stay at 100% rather than blown up
        setTransform(QTransform());
    centerOn(bounds.center());
}

bool GraphView::viewportEvent(QEvent* event)
{
    // A touchpad pinch arrives as a native zoom gesture (value: the relative change), a
    // touchscreen pinch as a QPinchGesture (the change since its last update).
    if (event->type() == QEvent::NativeGesture) {
        const auto* gesture = static_cast<QNativeGestureEvent*>(event);
        if (gesture->gestureType() == Qt::ZoomNativeGesture) {
            zoomBy(1.0 + gesture->value());
            return true;
        }
    }
    if (event->type() == QEvent::Gesture) {
        auto* gestures = static_cast<QGestureEvent*>(event);
        if (auto* pinch = static_cast<QPinchGesture*>(gestures->gesture(Qt::PinchGesture))) {
            if (pinch->changeFlags() & QPinchGesture::ScaleFactorChanged)
                zoomBy(pinch->scaleFactor());
            gestures->accept(pinch);
            return true;
        }
    }
    return QGraphicsView::viewportEvent(event);
}

void GraphView::wheelEvent(QWheelEvent* event)
{
    const bool zoomGesture = m_wheelZooms ? !(event->modifiers() & Qt::ShiftModifier)
                                          : (event->modifiers() & Qt::ControlModifier);
    if (!zoomGesture) {
        QGraphicsView::wheelEvent(event);
        return;
    }
    // Exponential in the wheel delta, so touchpad pixel deltas zoom as smoothly as wheel notches.
    const int delta = event->angleDelta().y() != 0 ? event->angleDelta().y() : event->pixelDelta().y();
    zoomBy(std::pow(1.0015, delta));
    event->accept();
}

void GraphView::keyPressEvent(QKeyEvent* event)
{
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal: zoomBy(kKeyZoomStep, true); return;
    case Qt::Key_Minus: zoomBy(1 / kKeyZoomStep, true); return;
    case Qt::Key_F:
        if (event->modifiers() == Qt::NoModifier) {
            fitToWindow();
            return;
        }
        break;
    case Qt::Key_0:
        setTransform(QTransform());
        return;
    case Qt::Key_F3:
        if (event->modifiers() & Qt::ShiftModifier)
            findPrevious();
        else
            findNext();
        return;
    default: break;
    }
    QGraphicsView::keyPressEvent(event);
}

void GraphView::drawBackground(QPainter* painter, const QRectF& rect)
{
    painter->fillRect(rect, m_scene->backgroundBrush());
}

void GraphView::selectNode(int node)
{
    m_scene->selectItem(node);
    if (node >= 0)
        centerLater(node);
}

void GraphView::centerOnItem(int index)
{
    const auto& items = m_scene->nodeItems();
    if (index < 0 || static_cast<std::size_t>(index) >= items.size())
        return;
    // A box inside a collapsed group is where its group's box is.
    const GroupItem* group = m_scene->groupItem(m_scene->collapsedOwner(index));
    const QRectF rect = group ? group->sceneBoundingRect() : items[static_cast<std::size_t>(index)]->sceneBoundingRect();
    if (!mapToScene(viewport()->rect()).boundingRect().contains(rect))
        centerOn(rect.center());
}

void GraphView::createSearchBar()
{
    m_searchBar = new QFrame(this);
    m_searchBar->setFrameShape(QFrame::StyledPanel);
    m_searchBar->setAutoFillBackground(true);
    m_searchEdit = new QLineEdit(m_searchBar);
    m_searchEdit->setPlaceholderText(tr("Find node, op type or tensor"));
    m_searchEdit->setClearButtonEnabled(true);
    m_searchEdit->setMinimumWidth(220);
    m_searchCount = new QLabel(m_searchBar);
    m_searchCount->setMinimumWidth(48);
    auto* previous = new QToolButton(m_searchBar);
    previous->setArrowType(Qt::UpArrow);
    previous->setToolTip(tr("Previous match (Shift+Enter)"));
    auto* next = new QToolButton(m_searchBar);
    next->setArrowType(Qt::DownArrow);
    next->setToolTip(tr("Next match (Enter)"));
    auto* close = new QToolButton(m_searchBar);
    close->setText(QStringLiteral("×"));
    close->setToolTip(tr("Close (Esc)"));
    close->setAutoRaise(true);
    auto* layout = new QHBoxLayout(m_searchBar);
    layout->setContentsMargins(6, 4, 4, 4);
    layout->setSpacing(4);
    layout->addWidget(m_searchEdit);
    layout->addWidget(m_searchCount);
    layout->addWidget(previous);
    layout->addWidget(next);
    layout->addWidget(close);
    m_searchBar->hide();

    connect(m_searchEdit, &QLineEdit::textChanged, this, &GraphView::find);
    connect(m_searchEdit, &QLineEdit::returnPressed, this, [this] {
        if (QGuiApplication::keyboardModifiers() & Qt::ShiftModifier)
            findPrevious();
        else
            findNext();
    });
    connect(previous, &QToolButton::clicked, this, &GraphView::findPrevious);
    connect(next, &QToolButton::clicked, this, &GraphView::findNext);
    connect(close, &QToolButton::clicked, this, [this] {
        m_searchBar->hide();
        setFocus();
    });
    auto* escape = new QShortcut(QKeySequence(Qt::Key_Escape), m_searchBar, m_searchBar, [this] {
        m_searchBar->hide();
        setFocus();
    });
    escape->setContext(Qt::WidgetWithChildrenShortcut);
}

void GraphView::createToolStrip()
{
    m_toolStrip = new QFrame(this);
    m_toolStrip->setFrameShape(QFrame::StyledPanel);
    m_toolStrip->setAutoFillBackground(true);
    auto* layout = new QHBoxLayout(m_toolStrip);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->setSpacing(2);
    const auto button = [this, layout](const QString& text, const QString& tip) {
        auto* b = new QToolButton(m_toolStrip);
        b->setText(text);
        b->setToolTip(tip);
        b->setAutoRaise(true);
        layout->addWidget(b);
        return b;
    };
    m_directionButton = button(QString(), QString());
    m_directionButton->setCheckable(true);
    m_collapseButton = button(tr("Collapse"), tr("Collapse all groups (name scopes or repeated blocks)"));
    m_expandButton = button(tr("Expand"), tr("Expand all groups"));
    m_minimapButton = button(tr("Map"), tr("Show the overview in the bottom-right corner"));
    m_minimapButton->setCheckable(true);
    connect(m_directionButton, &QToolButton::clicked, this, [this](bool leftToRight) {
        setLayoutDirection(leftToRight ? LayoutDirection::LeftToRight : LayoutDirection::TopToBottom, true);
    });
    connect(m_collapseButton, &QToolButton::clicked, this, &GraphView::collapseAllGroups);
    connect(m_expandButton, &QToolButton::clicked, this, &GraphView::expandAllGroups);
    connect(m_minimapButton, &QToolButton::clicked, this, [this](bool visible) {
        setMinimapVisible(visible);
        QSettings().setValue(kMinimapKey, visible);
    });
    updateToolStrip();
}

void GraphView::updateToolStrip()
{
    const bool leftToRight = m_scene->layoutDirection() == LayoutDirection::LeftToRight;
    m_directionButton->setChecked(leftToRight);
    m_directionButton->setText(leftToRight ? tr("Left → right") : tr("Top ↓ down"));
    m_directionButton->setToolTip(leftToRight ? tr("Layout runs left to right; click for top to bottom")
                                              : tr("Layout runs top to bottom; click for left to right"));
    const bool grouped = !m_scene->groups().groups.empty();
    m_collapseButton->setEnabled(grouped);
    m_expandButton->setEnabled(grouped);
    m_minimapButton->setChecked(m_minimapVisible);
    m_toolStrip->adjustSize();
}

void GraphView::positionOverlays()
{
    m_searchBar->adjustSize();
    m_searchBar->move(viewport()->width() - m_searchBar->width() - 12, kOverlayMargin);
    // Bottom left: the graph starts at the top (or the left), so the buttons cover the least there.
    if (m_toolStrip)
        m_toolStrip->move(kOverlayMargin, viewport()->height() - m_toolStrip->height() - kOverlayMargin);
    if (!m_minimap)
        return;
    // In a small view (side-by-side panels) the overview would hide too much of the graph.
    const bool roomy = viewport()->width() >= kMinimapRoom * m_minimap->width()
        && viewport()->height() >= kMinimapRoom * m_minimap->height();
    m_minimap->setVisible(m_minimapVisible && roomy && !m_scene->nodeItems().empty());
    m_minimap->move(viewport()->width() - m_minimap->width() - kOverlayMargin,
                    viewport()->height() - m_minimap->height() - kOverlayMargin);
}

void GraphView::setLayoutDirection(LayoutDirection direction, bool remember)
{
    if (remember)
        QSettings().setValue(kDirectionKey, direction == LayoutDirection::LeftToRight);
    m_pendingFit = m_pendingFit || (direction != m_scene->layoutDirection() && m_scene->graph());
    m_scene->setLayoutDirection(direction);
    updateToolStrip();
}

LayoutDirection GraphView::layoutDirection() const
{
    return m_scene->layoutDirection();
}

void GraphView::collapseAllGroups()
{
    m_pendingFit = !m_scene->groups().groups.empty();
    m_scene->collapseAll();
}

void GraphView::expandAllGroups()
{
    m_pendingFit = !m_scene->groups().groups.empty();
    m_scene->expandAll();
}

void GraphView::setMinimapVisible(bool visible)
{
    m_minimapVisible = visible;
    positionOverlays();
    updateToolStrip();
}

void GraphView::showSearchBar()
{
    positionOverlays();
    m_searchBar->show();
    m_searchBar->raise();
    m_searchEdit->setFocus();
    m_searchEdit->selectAll();
}

void GraphView::resizeEvent(QResizeEvent* event)
{
    QGraphicsView::resizeEvent(event);
    if (m_searchBar)
        positionOverlays();
}

int GraphView::find(const QString& text)
{
    m_matches.clear();
    m_currentMatch = -1;
    const ir::Graph* graph = m_scene->graph();
    const QString needle = text.trimmed();
    if (m_searchEdit && m_searchEdit->text() != text) {
        const QSignalBlocker blocker(m_searchEdit);
        m_searchEdit->setText(text);
    }
    if (!graph || needle.isEmpty()) {
        m_searchCount->clear();
        return 0;
    }
    const auto matchesName = [&needle](const std::string& name) {
        return QString::fromStdString(name).contains(needle, Qt::CaseInsensitive);
    };
    const auto tensorMatches = [&](ir::TensorId id) {
        return id >= 0 && static_cast<std::size_t>(id) < graph->tensors.size()
            && matchesName(graph->tensors[static_cast<std::size_t>(id)].name);
    };
    for (const NodeItem* item : m_scene->nodeItems()) {
        const VisualNode& node = item->visualNode();
        bool hit = false;
        if (node.kind == VisualNode::Kind::Op) {
            const ir::Node& op = graph->nodes[static_cast<std::size_t>(node.node)];
            hit = matchesName(op.name) || matchesName(op.typeName())
                || std::any_of(op.inputs.begin(), op.inputs.end(), tensorMatches)
                || std::any_of(op.outputs.begin(), op.outputs.end(), tensorMatches);
        } else {
            hit = tensorMatches(node.tensor);
        }
        if (hit)
            m_matches.push_back(item->index());
    }
    const auto& items = m_scene->nodeItems();
    std::stable_sort(m_matches.begin(), m_matches.end(), [&items](int a, int b) {
        const QPointF pa = items[static_cast<std::size_t>(a)]->sceneBoundingRect().topLeft();
        const QPointF pb = items[static_cast<std::size_t>(b)]->sceneBoundingRect().topLeft();
        return pa.y() < pb.y() || (pa.y() == pb.y() && pa.x() < pb.x());
    });
    if (m_matches.empty()) {
        m_searchCount->setText(tr("0/0"));
        return 0;
    }
    showMatch(0);
    return static_cast<int>(m_matches.size());
}

void GraphView::findNext()
{
    if (!m_matches.empty())
        showMatch((m_currentMatch + 1) % static_cast<int>(m_matches.size()));
}

void GraphView::findPrevious()
{
    if (!m_matches.empty()) {
        const int count = static_cast<int>(m_matches.size());
        showMatch((m_currentMatch - 1 + count) % count);
    }
}

void GraphView::showMatch(int k)
{
    m_currentMatch = k;
    const int index = m_matches[static_cast<std::size_t>(k)];
    m_scene->selectItem(index);
    const QRectF rect = m_scene->nodeItems()[static_cast<std::size_t>(index)]->sceneBoundingRect();
    centerOn(rect.center());
    if (m_scene->isLayoutRunning())
        m_pendingCenter = index;
    m_searchCount->setText(tr("%1/%2").arg(k + 1).arg(m_matches.size()));
}

bool GraphView::exportPng(const QString& path, double scale) const
{
    const QRectF source = m_scene->graphBounds().adjusted(-20, -20, 20, 20);
    if (source.isEmpty())
        return false;
    const double longest = std::max(source.width(), source.height());
    scale = std::min(scale, kMaxExportSide / longest);
    QImage image(QSize(static_cast<int>(std::ceil(source.width() * scale)),
                       static_cast<int>(std::ceil(source.height() * scale))),
                 QImage::Format_ARGB32_Premultiplied);
    if (image.isNull())
        return false;
    image.fill(m_scene->backgroundBrush().color());
    QPainter painter(&image);
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    m_scene->render(&painter, QRectF(QPointF(0, 0), QSizeF(image.size())), source);
    painter.end();
    return image.save(path, "PNG");
}

bool GraphView::exportSvg(const QString& path) const
{
    const QRectF source = m_scene->graphBounds().adjusted(-20, -20, 20, 20);
    if (source.isEmpty())
        return false;
    QSvgGenerator generator;
    generator.setFileName(path);
    generator.setSize(source.size().toSize());
    generator.setViewBox(QRectF(QPointF(0, 0), source.size()));
    generator.setTitle(QStringLiteral("LiteForge graph"));
    QPainter painter;
    if (!painter.begin(&generator))
        return false;
    m_scene->render(&painter, QRectF(QPointF(0, 0), source.size()), source);
    return painter.end();
}

void GraphView::exportWithDialog(bool svg)
{
    const QString filter = svg ? tr("SVG images (*.svg)") : tr("PNG images (*.png)");
    const QString path = QFileDialog::getSaveFileName(this, svg ? tr("Export SVG") : tr("Export PNG"),
                                                      QString(), filter);
    if (path.isEmpty())
        return;
    if (!(svg ? exportSvg(path) : exportPng(path)))
        QMessageBox::warning(this, tr("Export"), tr("Could not write %1.").arg(path));
}

void GraphView::contextMenuEvent(QContextMenuEvent* event)
{
    QMenu menu(this);
    addGroupActions(menu, itemAt(event->pos()));
    menu.addAction(tr("Fit to Window"), QKeySequence(Qt::Key_F), this, &GraphView::fitToWindow);
    menu.addAction(tr("Zoom In"), QKeySequence(Qt::Key_Plus), this, [this] { zoomBy(kKeyZoomStep, true); });
    menu.addAction(tr("Zoom Out"), QKeySequence(Qt::Key_Minus), this, [this] { zoomBy(1 / kKeyZoomStep, true); });
    menu.addAction(tr("Actual Size"), QKeySequence(Qt::Key_0), this, [this] { setTransform(QTransform()); });
    menu.addSeparator();
    QAction* leftToRight = menu.addAction(tr("Left-to-Right Layout"), this, [this](bool on) {
        setLayoutDirection(on ? LayoutDirection::LeftToRight : LayoutDirection::TopToBottom, true);
    });
    leftToRight->setCheckable(true);
    leftToRight->setChecked(layoutDirection() == LayoutDirection::LeftToRight);
    QAction* minimap = menu.addAction(tr("Show Minimap"), this, [this](bool on) {
        setMinimapVisible(on);
        QSettings().setValue(kMinimapKey, on);
    });
    minimap->setCheckable(true);
    minimap->setChecked(m_minimapVisible);
    menu.addSeparator();
    menu.addAction(tr("Find…"), QKeySequence::Find, this, &GraphView::showSearchBar);
    menu.addSeparator();
    menu.addAction(tr("Export PNG…"), this, [this] { exportWithDialog(false); });
    menu.addAction(tr("Export SVG…"), this, [this] { exportWithDialog(true); });
    menu.exec(event->globalPos());
}

void GraphView::addGroupActions(QMenu& menu, QGraphicsItem* item)
{
    const GraphGroups& groups = m_scene->groups();
    if (groups.groups.empty())
        return;
    if (item && item->type() == GroupItem::Type) {
        const int group = static_cast<GroupItem*>(item)->group();
        menu.addAction(tr("Expand “%1”").arg(groups.groups[static_cast<std::size_t>(group)].path), this,
                       [this, group] { m_scene->expandGroup(group); });
    } else if (item && item->type() == NodeItem::Type) {
        const int index = static_cast<NodeItem*>(item)->index();
        int group = static_cast<std::size_t>(index) < groups.innermost.size() ? groups.innermost[static_cast<std::size_t>(index)] : -1;
        for (int k = 0; group >= 0 && k < kMaxCollapseEntries; ++k, group = groups.groups[static_cast<std::size_t>(group)].parent) {
            const NodeGroup& data = groups.groups[static_cast<std::size_t>(group)];
            menu.addAction(tr("Collapse “%1” (%n ops)", nullptr, static_cast<int>(data.members.size())).arg(data.path),
                           this, [this, group] { m_scene->collapseGroup(group); });
        }
    }
    menu.addAction(tr("Collapse All Groups"), this, &GraphView::collapseAllGroups);
    menu.addAction(tr("Expand All Groups"), this, &GraphView::expandAllGroups);
    menu.addSeparator();
}

} // namespace lf::ui
