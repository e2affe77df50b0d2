// SPDX-License-Identifier: GPL-3.0-or-later
// One edge of the graph view: the layout's Bézier chain with an arrow head, and, on the first edge
// of each tensor, a label with its type ("i8[1,48,48,8]") plus a "q" badge for quantized tensors.
// Zoomed far out it is a plain polyline through the curve's anchor points.
#pragma once

#include <QGraphicsItem>
#include <QPainterPath>
#include <QPointF>
#include <QString>

#include <vector>

namespace lf::ui {

class EdgeItem final : public QGraphicsItem {
public:
    enum { Type = UserType + 2 };

    /// `curve` as GraphLayout::edges; `label` empty for no label.
    EdgeItem(const std::vector<QPointF>& curve, QString label, bool quantized, int tensor);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

    /// Replaces the curve (after a new layout); the label follows the curve's start.
    void setCurve(const std::vector<QPointF>& curve);
    QPointF startPoint() const { return m_polyline.isEmpty() ? QPointF() : m_polyline.front(); }
    QPointF endPoint() const { return m_polyline.isEmpty() ? QPointF() : m_polyline.back(); }

    QString label() const { return m_label; }
    bool isQuantized() const { return m_quantized; }
    int tensor() const { return m_tensor; }
    void setHighlighted(bool highlighted);

private:
    QPainterPath m_path;
    QPolygonF m_polyline; ///< the anchor points, for the zoomed-out drawing
    QPolygonF m_arrow;
    QString m_label;
    QRectF m_labelRect;
    QRectF m_badgeRect;
    QRectF m_bounds;
    bool m_quantized = false;
    bool m_highlighted = false;
    int m_tensor = -1;
};

} // namespace lf::ui
