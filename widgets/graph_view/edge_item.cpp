// SPDX-License-Identifier: GPL-3.0-or-later
// Edge painting: the curve stays visible at every zoom; the label and badge only when readable.
#include "widgets/graph_view/edge_item.h"

#include "widgets/graph_view/node_item.h"

#include <QFontMetricsF>
#include <QGuiApplication>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <cmath>

namespace lf::ui {

namespace {

constexpr double kArrowLength = 7.0;
constexpr double kArrowHalfWidth = 3.5;

QFont labelFont()
{
    QFont font = QGuiApplication::font();
    font.setPointSizeF(7.5);
    return font;
}

} // namespace

EdgeItem::EdgeItem(const std::vector<QPointF>& curve, QString label, bool quantized, int tensor)
    : m_label(std::move(label))
    , m_quantized(quantized)
    , m_tensor(tensor)
{
    setZValue(0);
    setCurve(curve);
}

void EdgeItem::setCurve(const std::vector<QPointF>& curve)
{
    prepareGeometryChange();
    m_path = QPainterPath();
    m_polyline.clear();
    m_arrow.clear();
    m_labelRect = m_badgeRect = m_bounds = QRectF();
    if (curve.size() < 4)
        return;
    // The curve stops short of the target so the arrow head's tip ends on the box border.
    std::vector<QPointF> points = curve;
    const QPointF tip = points.back();
    QPointF direction = tip - points[points.size() - 2];
    double length = std::hypot(direction.x(), direction.y());
    if (length < 1e-6) {
        direction = QPointF(0, 1);
        length = 1;
    }
    direction /= length;
    points.back() = tip - direction * kArrowLength;
    m_path.moveTo(points.front());
    for (std::size_t i = 1; i + 2 < points.size(); i += 3)
        m_path.cubicTo(points[i], points[i + 1], points[i + 2]);
    for (std::size_t i = 0; i < curve.size(); i += 3)
        m_polyline << curve[i];
    const QPointF normal(-direction.y(), direction.x());
    const QPointF base = tip - direction * kArrowLength;
    m_arrow << tip << base + normal * kArrowHalfWidth << base - normal * kArrowHalfWidth;

    if (!m_label.isEmpty()) {
        const QFontMetricsF metrics(labelFont());
        const QPointF start = curve.front();
        m_labelRect = QRectF(start.x() + 4, start.y() + 2, metrics.horizontalAdvance(m_label) + 4,
                             metrics.height());
        if (m_quantized)
            m_badgeRect = QRectF(m_labelRect.right() + 2, m_labelRect.top() + 1, metrics.height() - 2,
                                 metrics.height() - 2);
    }
    m_bounds = m_path.boundingRect().united(m_arrow.boundingRect()).united(m_labelRect).united(m_badgeRect)
                   .adjusted(-2, -2, 2, 2);
}

QRectF EdgeItem::boundingRect() const
{
    return m_bounds;
}

QPainterPath EdgeItem::shape() const
{
    QPainterPathStroker stroker;
    stroker.setWidth(6);
    return stroker.createStroke(m_path);
}

void EdgeItem::setHighlighted(bool highlighted)
{
    if (m_highlighted == highlighted)
        return;
    m_highlighted = highlighted;
    update();
}

void EdgeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*)
{
    const double lod = option->levelOfDetailFromTransform(painter->worldTransform());
    const QColor color = m_highlighted ? QColor(0xff, 0x8c, 0x00) : QColor(0x80, 0x86, 0x8f);
    if (lod < lod::kSimple) {
        painter->setRenderHint(QPainter::Antialiasing, false);
        painter->setPen(QPen(color, 0)); // cosmetic: one pixel at any zoom
        painter->drawPolyline(m_polyline);
        return;
    }
    painter->setRenderHint(QPainter::Antialiasing, true);
    painter->setPen(QPen(color, m_highlighted ? 2.0 : 1.2));
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(m_path);
    painter->setPen(Qt::NoPen);
    painter->setBrush(color);
    painter->drawPolygon(m_arrow);
    if (lod < lod::kEdgeLabel || m_label.isEmpty())
        return;

    painter->setFont(labelFont());
    painter->setPen(QColor(0x45, 0x4a, 0x52));
    painter->drawText(m_labelRect, Qt::AlignLeft | Qt::AlignVCenter, m_label);
    if (m_quantized) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(0xe0, 0x8a, 0x1e));
        painter->drawRoundedRect(m_badgeRect, 2, 2);
        painter->setPen(Qt::white);
        painter->drawText(m_badgeRect, Qt::AlignCenter, QStringLiteral("q"));
    }
}

} // namespace lf::ui
