// SPDX-License-Identifier: GPL-3.0-or-later
// Painting and expansion of a collapsed group box; expanding goes through GraphScene::expandGroup.
#include "widgets/graph_view/group_item.h"

#include "widgets/graph_view/graph_scene.h"
#include "widgets/graph_view/node_item.h"

#include <QFontMetricsF>
#include <QGraphicsSceneMouseEvent>
#include <QGuiApplication>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <algorithm>
#include <cmath>

namespace lf::ui {

namespace {

constexpr double kStackOffset = 4.0; ///< the cards behind the box
constexpr double kPadding = 10.0;
constexpr double kBadge = 16.0;
constexpr double kMinWidth = 120.0;
constexpr double kMaxWidth = 280.0;
constexpr double kRadius = 6.0;
constexpr double kFramePadding = 6.0;
constexpr double kLegend = 16.0; ///< height of the frame's legend and badge, centred on its top border
const QColor kFill(0xe8, 0xec, 0xf2);
const QColor kBorder(0x5b, 0x6b, 0x85);

QFont titleFont()
{
    QFont font = QGuiApplication::font();
    font.setPointSizeF(9.0);
    font.setBold(true);
    return font;
}

QFont summaryFont()
{
    QFont font = QGuiApplication::font();
    font.setPointSizeF(8.0);
    return font;
}

} // namespace

GroupItem::GroupItem(int group, QString title, QString summary, QString path)
    : m_group(group)
    , m_title(std::move(title))
    , m_summary(std::move(summary))
    , m_rect(QPointF(0, 0), sizeFor(m_title, m_summary))
{
    setZValue(1);
    setFlag(ItemIsSelectable); // selectable items receive the double-click
    setToolTip(QObject::tr("%1\n%2\nDouble-click to expand").arg(path, m_summary));
}

QSizeF GroupItem::sizeFor(const QString& title, const QString& summary)
{
    const QFontMetricsF titleMetrics(titleFont());
    const QFontMetricsF summaryMetrics(summaryFont());
    const double text = std::max(titleMetrics.horizontalAdvance(title) + kBadge + 6,
                                 summaryMetrics.horizontalAdvance(summary));
    const double width = std::clamp(text + 2 * kPadding, kMinWidth, kMaxWidth);
    return {std::ceil(width + kStackOffset), 44.0 + kStackOffset};
}

QRectF GroupItem::boundingRect() const
{
    return m_rect.adjusted(-2, -2, 2, 2);
}

QRectF GroupItem::badgeRect() const
{
    const QRectF front = m_rect.adjusted(0, kStackOffset, -kStackOffset, 0);
    return {front.right() - kBadge - 4, front.top() + 4, kBadge, kBadge};
}

void GroupItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*)
{
    const double lod = option->levelOfDetailFromTransform(painter->worldTransform());
    const QRectF front = m_rect.adjusted(0, kStackOffset, -kStackOffset, 0);
    if (lod < lod::kSimple) {
        painter->fillRect(front, kBorder);
        return;
    }
    painter->setRenderHint(QPainter::Antialiasing, true);
    painter->setPen(QPen(kBorder, 1.0));
    painter->setBrush(kFill.darker(108));
    painter->drawRoundedRect(front.translated(kStackOffset, -kStackOffset), kRadius, kRadius);
    painter->setBrush(kFill);
    painter->setPen(isSelected() ? QPen(QColor(0xff, 0x8c, 0x00), 3.0) : QPen(kBorder, 1.5));
    painter->drawRoundedRect(front, kRadius, kRadius);
    if (lod < lod::kText)
        return;

    const QRectF badge = badgeRect();
    painter->setPen(Qt::NoPen);
    painter->setBrush(kBorder);
    painter->drawRoundedRect(badge, 3, 3);
    painter->setPen(QPen(Qt::white, 2.0));
    const QPointF c = badge.center();
    painter->drawLine(QPointF(c.x() - 4, c.y()), QPointF(c.x() + 4, c.y()));
    painter->drawLine(QPointF(c.x(), c.y() - 4), QPointF(c.x(), c.y() + 4));

    const QRectF titleRect(front.left() + kPadding, front.top() + 4, badge.left() - front.left() - kPadding - 4, 18);
    painter->setPen(QColor(0x1f, 0x2a, 0x3c));
    painter->setFont(titleFont());
    painter->drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetricsF(titleFont()).elidedText(m_title, Qt::ElideMiddle, titleRect.width()));
    const QRectF summaryRect(front.left() + kPadding, front.top() + 22, front.width() - 2 * kPadding, 16);
    painter->setPen(QColor(0x45, 0x4a, 0x52));
    painter->setFont(summaryFont());
    painter->drawText(summaryRect, Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetricsF(summaryFont()).elidedText(m_summary, Qt::ElideRight, summaryRect.width()));
}

void GroupItem::mousePressEvent(QGraphicsSceneMouseEvent* event)
{
    if (event->button() == Qt::LeftButton && badgeRect().contains(event->pos())) {
        event->accept();
        expand();
        return;
    }
    QGraphicsItem::mousePressEvent(event);
}

void GroupItem::mouseDoubleClickEvent(QGraphicsSceneMouseEvent* event)
{
    event->accept();
    expand();
}

GroupFrameItem::GroupFrameItem()
{
    setZValue(0.5); // above the edges, so its legend reads; below the boxes it frames
    setAcceptedMouseButtons(Qt::LeftButton);
}

QRectF GroupFrameItem::boundingRect() const
{
    return m_rect.adjusted(-2, -kLegend / 2 - 2, 2, 2);
}

void GroupFrameItem::frame(int group, const QString& path, const QRectF& content)
{
    prepareGeometryChange();
    m_group = group;
    m_path = path;
    m_rect = content.adjusted(-kFramePadding, -kFramePadding, kFramePadding, kFramePadding);
    setToolTip(QObject::tr("%1: click − to collapse").arg(path));
    update();
}

QRectF GroupFrameItem::badgeRect() const
{
    return {m_rect.right() - kLegend - 8, m_rect.top() - kLegend / 2, kLegend, kLegend};
}

void GroupFrameItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*)
{
    const double lod = option->levelOfDetailFromTransform(painter->worldTransform());
    painter->setRenderHint(QPainter::Antialiasing, lod >= lod::kSimple);
    painter->setPen(QPen(kBorder, 1.2, Qt::DashLine));
    painter->setBrush(QColor(0x5b, 0x6b, 0x85, 14));
    painter->drawRoundedRect(m_rect, kRadius, kRadius);
    if (lod < lod::kText)
        return;
    // Legend and badge sit on the top border, inside the gap between layers (rows or columns).
    const QFontMetricsF metrics(summaryFont());
    const QRectF badge = badgeRect();
    const double room = badge.left() - m_rect.left() - 16;
    const QString text = metrics.elidedText(m_path, Qt::ElideMiddle, room - 10);
    const QRectF legend(m_rect.left() + 8, m_rect.top() - kLegend / 2, metrics.horizontalAdvance(text) + 10, kLegend);
    painter->setPen(QPen(kBorder, 1.0));
    painter->setBrush(kFill);
    painter->drawRoundedRect(legend, 3, 3);
    painter->setPen(QColor(0x1f, 0x2a, 0x3c));
    painter->setFont(summaryFont());
    painter->drawText(legend, Qt::AlignCenter, text);
    painter->setPen(Qt::NoPen);
    painter->setBrush(kBorder);
    painter->drawRoundedRect(badge, 3, 3);
    painter->setPen(QPen(Qt::white, 2.0));
    painter->drawLine(QPointF(badge.center().x() - 4, badge.center().y()), QPointF(badge.center().x() + 4, badge.center().y()));
}

void GroupFrameItem::mousePressEvent(QGraphicsSceneMouseEvent* event)
{
    if (event->button() != Qt::LeftButton || !badgeRect().contains(event->pos())) {
        event->ignore(); // the view pans
        return;
    }
    event->accept();
    if (auto* graphScene = qobject_cast<GraphScene*>(scene()))
        graphScene->collapseGroup(m_group);
}

void GroupItem::expand()
{
    if (auto* graphScene = qobject_cast<GraphScene*>(scene()))
        graphScene->expandGroup(m_group);
}

} // namespace lf::ui
