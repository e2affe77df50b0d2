// SPDX-License-Identifier: GPL-3.0-or-later
// One box of the graph view: an op (header in the colour of its ir::opCategory with the op type,
// below it the key attributes: kernel size, stride, padding, fused activation) or a graph input or
// output (a rounded box with the tensor name). Level of detail: text is skipped when zoomed out,
// and far out the box is one plain filled rectangle.
#pragma once

#include "widgets/graph_view/graph_elements.h"

#include <QGraphicsItem>
#include <QPainterPath>
#include <QString>
#include <QStringList>

namespace lf::ui {

class NodeItem final : public QGraphicsItem {
public:
    enum { Type = UserType + 1 };

    /// `title` and `lines` as made by titleFor()/attributeLines(); `rect` from the layout.
    NodeItem(const VisualNode& node, int index, QString title, QStringList lines, QColor color,
             const QRectF& rect);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

    /// Moves the box so its rectangle's top-left corner is at `topLeft` (scene coordinates).
    void moveTo(const QPointF& topLeft) { setPos(topLeft - m_rect.topLeft()); }
    QColor color() const { return m_color; }

    const VisualNode& visualNode() const { return m_node; }
    int index() const { return m_index; } ///< index into GraphElements::nodes
    QString title() const { return m_title; }
    QStringList lines() const { return m_lines; }

    /// Box size for a title and attribute lines in the view's fonts.
    static QSizeF sizeFor(const QString& title, const QStringList& lines);
    /// The op type, or "Input"/"Output".
    static QString titleFor(const ir::Graph& graph, const VisualNode& node);
    /// "3×3 /2 SAME", "RELU6", … for an op; the tensor name for an input or output.
    static QStringList attributeLines(const ir::Graph& graph, const VisualNode& node);
    /// Header colour of an op category; inputs and outputs use their own.
    static QColor colorFor(const ir::Graph& graph, const VisualNode& node);

private:
    VisualNode m_node;
    int m_index = 0;
    QString m_title;
    QStringList m_lines;
    QColor m_color;
    QRectF m_rect; ///< in item coordinates
    QPainterPath m_box;
    QPainterPath m_header; ///< the top band, rounded at the top only
};

/// Thresholds of the view scale (QStyleOptionGraphicsItem::levelOfDetailFromTransform) below which
/// items draw less; shared by the node, group and edge items.
namespace lod {
constexpr double kText = 0.35;      ///< box texts
constexpr double kEdgeLabel = 0.55; ///< tensor labels on edges
constexpr double kSimple = 0.2;     ///< plain rectangles, straight edge polylines, no antialiasing
} // namespace lod

} // namespace lf::ui
