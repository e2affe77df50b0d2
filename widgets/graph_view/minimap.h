// SPDX-License-Identifier: GPL-3.0-or-later
// The overview in a corner of the graph view: the whole scene in miniature (boxes in their colours,
// edges as thin lines) with the visible part outlined. The picture is drawn once per layout into a
// pixmap, so repainting for a scroll or zoom only blits it and draws the outline. Pressing or
// dragging in it centres the view on that place.
#pragma once

#include <QPixmap>
#include <QTransform>
#include <QWidget>

class QGraphicsView;

namespace lf::ui {

class GraphScene;

class Minimap final : public QWidget {
    Q_OBJECT

public:
    Minimap(QGraphicsView* view, GraphScene* scene, QWidget* parent);

    /// Redraws the picture from the scene's current items and resizes to the scene's shape.
    void rebuild();
    /// Minimap pixel -> scene point, and back.
    QPointF toScene(const QPointF& point) const;
    QPointF fromScene(const QPointF& point) const;
    /// The part of the scene the view shows, in minimap pixels.
    QRectF visibleRect() const;

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    void panTo(const QPointF& point);

    QGraphicsView* m_view = nullptr;
    GraphScene* m_scene = nullptr;
    QPixmap m_picture;
    QTransform m_toMinimap; ///< scene -> minimap pixels
};

} // namespace lf::ui
