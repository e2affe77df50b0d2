// SPDX-License-Identifier: GPL-3.0-or-later
// Colouring graph nodes by a per-layer metric: an overlay item drawn over the node boxes of a graph
// scene (it takes no mouse buttons, so clicks still reach the boxes) and a legend strip with the
// colour scale. The scene owns the overlay; clearing the scene deletes it, which a QPointer notices.
#pragma once

#include <QColor>
#include <QGraphicsObject>
#include <QRectF>
#include <QWidget>

#include <utility>
#include <vector>

namespace lf::ui {

/// The heat colour for `t` in [0, 1]: green (good) through yellow to red (bad).
QColor heatColor(double t);

class HeatMapOverlay final : public QGraphicsObject {
    Q_OBJECT

public:
    HeatMapOverlay();

    /// Boxes (scene coordinates) and their colours.
    void setCells(std::vector<std::pair<QRectF, QColor>> cells);
    const std::vector<std::pair<QRectF, QColor>>& cells() const { return m_cells; }

    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    std::vector<std::pair<QRectF, QColor>> m_cells;
    QRectF m_bounds;
};

/// A horizontal colour bar from heatColor(0) to heatColor(1) with the values at both ends.
class HeatLegend final : public QWidget {
    Q_OBJECT

public:
    explicit HeatLegend(QWidget* parent = nullptr);
    void setRange(const QString& title, double good, double bad);
    QString title() const { return m_title; }
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QString m_title;
    double m_good = 0;
    double m_bad = 1;
};

} // namespace lf::ui
