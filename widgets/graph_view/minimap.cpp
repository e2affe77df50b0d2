// SPDX-License-Identifier: GPL-3.0-or-later
// Minimap drawing: plain rectangles and lines, no item painting, so a 10,000-box scene is pictured
// in milliseconds.
#include "widgets/graph_view/minimap.h"

#include "widgets/graph_view/edge_item.h"
#include "widgets/graph_view/graph_scene.h"
#include "widgets/graph_view/group_item.h"
#include "widgets/graph_view/node_item.h"

#include <QGraphicsView>
#include <QMouseEvent>
#include <QPainter>

#include <algorithm>

namespace lf::ui {

namespace {

constexpr double kMaxSide = 180.0;
constexpr double kMinSide = 48.0;
constexpr double kMargin = 4.0;
const QColor kBackground(0xff, 0xff, 0xff);
const QColor kFrame(0x9a, 0xa3, 0xb0);
const QColor kEdge(0xc4, 0xc8, 0xcf);
const QColor kVisible(0xff, 0x8c, 0x00);

} // namespace

Minimap::Minimap(QGraphicsView* view, GraphScene* scene, QWidget* parent)
    : QWidget(parent)
    , m_view(view)
    , m_scene(scene)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setCursor(Qt::PointingHandCursor);
    setToolTip(tr("Overview: click or drag to move the view"));
    resize(static_cast<int>(kMaxSide), static_cast<int>(kMaxSide));
}

void Minimap::rebuild()
{
    const QRectF scene = m_scene->sceneRect();
    if (scene.isEmpty()) {
        m_picture = QPixmap();
        return;
    }
    const double fit = std::min(kMaxSide / scene.width(), kMaxSide / scene.height());
    const QSizeF size(std::clamp(scene.width() * fit, kMinSide, kMaxSide) + 2 * kMargin,
                      std::clamp(scene.height() * fit, kMinSide, kMaxSide) + 2 * kMargin);
    resize(size.toSize());
    const QSizeF inner = QSizeF(size) - QSizeF(2 * kMargin, 2 * kMargin);
    const double scale = std::min(inner.width() / scene.width(), inner.height() / scene.height());
    const QPointF offset(kMargin + (inner.width() - scene.width() * scale) / 2,
                         kMargin + (inner.height() - scene.height() * scale) / 2);
    m_toMinimap = QTransform::fromTranslate(-scene.left(), -scene.top()) * QTransform::fromScale(scale, scale)
        * QTransform::fromTranslate(offset.x(), offset.y());

    const qreal ratio = devicePixelRatioF();
    m_picture = QPixmap((QSizeF(width(), height()) * ratio).toSize());
    m_picture.setDevicePixelRatio(ratio);
    m_picture.fill(kBackground);
    QPainter painter(&m_picture);
    painter.setTransform(m_toMinimap);
    painter.setPen(QPen(kEdge, 0));
    for (const EdgeItem* edge : m_scene->edgeItems()) {
        if (edge->isVisible())
            painter.drawLine(edge->startPoint(), edge->endPoint());
    }
    painter.setPen(Qt::NoPen);
    const double minimum = 1.0 / scale; // at least a pixel, however small the box
    const auto box = [minimum](const QRectF& rect) {
        return QRectF(rect.topLeft(), QSizeF(std::max(rect.width(), minimum), std::max(rect.height(), minimum)));
    };
    for (const NodeItem* item : m_scene->nodeItems()) {
        if (item->isVisible())
            painter.fillRect(box(item->sceneBoundingRect()), item->color());
    }
    for (const GroupItem* item : m_scene->groupItems()) {
        if (item && item->isVisible())
            painter.fillRect(box(item->sceneBoundingRect()), QColor(0x5b, 0x6b, 0x85));
    }
    update();
}

QPointF Minimap::toScene(const QPointF& point) const
{
    return m_toMinimap.inverted().map(point);
}

QPointF Minimap::fromScene(const QPointF& point) const
{
    return m_toMinimap.map(point);
}

QRectF Minimap::visibleRect() const
{
    const QRectF visible = m_view->mapToScene(m_view->viewport()->rect()).boundingRect();
    return m_toMinimap.mapRect(visible);
}

void Minimap::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    if (m_picture.isNull())
        painter.fillRect(rect(), kBackground);
    else
        painter.drawPixmap(0, 0, m_picture);
    painter.setPen(QPen(kVisible, 1.5));
    painter.setBrush(QColor(0xff, 0x8c, 0x00, 40));
    // The outline stays inside the widget even when the view shows more than the scene.
    painter.drawRect(visibleRect().intersected(QRectF(rect()).adjusted(1, 1, -1, -1)));
    painter.setPen(QPen(kFrame, 1));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5));
}

void Minimap::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton)
        panTo(event->position());
}

void Minimap::mouseMoveEvent(QMouseEvent* event)
{
    if (event->buttons() & Qt::LeftButton)
        panTo(event->position());
}

void Minimap::mouseReleaseEvent(QMouseEvent* event)
{
    event->accept();
}

void Minimap::panTo(const QPointF& point)
{
    m_view->centerOn(toScene(point));
    update();
}

} // namespace lf::ui
