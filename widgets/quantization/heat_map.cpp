// SPDX-License-Identifier: GPL-3.0-or-later
// Painting of the heat-map overlay (a thick coloured frame and a translucent wash per node box) and
// of its legend.
#include "widgets/quantization/heat_map.h"

#include <QLinearGradient>
#include <QPainter>

#include <algorithm>

namespace lf::ui {

namespace {

constexpr double kFrameWidth = 4.0;
constexpr int kWashAlpha = 80;
constexpr int kBarHeight = 10;

} // namespace

QColor heatColor(double t)
{
    t = std::clamp(t, 0.0, 1.0);
    // Hue 120 (green) down to 0 (red), through yellow at 60.
    return QColor::fromHsvF(float((1.0 - t) * 120.0 / 360.0), 0.85f, 0.9f);
}

HeatMapOverlay::HeatMapOverlay()
{
    setAcceptedMouseButtons(Qt::NoButton);
    setAcceptHoverEvents(false);
    setZValue(10);
}

void HeatMapOverlay::setCells(std::vector<std::pair<QRectF, QColor>> cells)
{
    prepareGeometryChange();
    m_cells = std::move(cells);
    m_bounds = {};
    for (const auto& [rect, color] : m_cells)
        m_bounds = m_bounds.united(rect.adjusted(-kFrameWidth, -kFrameWidth, kFrameWidth, kFrameWidth));
    update();
}

QRectF HeatMapOverlay::boundingRect() const
{
    return m_bounds;
}

void HeatMapOverlay::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*)
{
    painter->setRenderHint(QPainter::Antialiasing);
    for (const auto& [rect, color] : m_cells) {
        QColor wash = color;
        wash.setAlpha(kWashAlpha);
        painter->setPen(QPen(color, kFrameWidth));
        painter->setBrush(wash);
        painter->drawRoundedRect(rect, 5, 5);
    }
}

HeatLegend::HeatLegend(QWidget* parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

void HeatLegend::setRange(const QString& title, double good, double bad)
{
    m_title = title;
    m_good = good;
    m_bad = bad;
    update();
}

QSize HeatLegend::sizeHint() const
{
    return {220, fontMetrics().height() * 2 + kBarHeight + 4};
}

void HeatLegend::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    const int line = fontMetrics().height();
    painter.drawText(QRect(0, 0, width(), line), Qt::AlignLeft | Qt::AlignVCenter, m_title);
    const QRect bar(0, line + 2, width() - 1, kBarHeight);
    QLinearGradient gradient(bar.topLeft(), bar.topRight());
    for (double t : {0.0, 0.25, 0.5, 0.75, 1.0})
        gradient.setColorAt(t, heatColor(t));
    painter.fillRect(bar, gradient);
    painter.setPen(palette().color(QPalette::Mid));
    painter.drawRect(bar);
    painter.setPen(palette().color(QPalette::WindowText));
    const QRect labels(0, bar.bottom() + 2, width(), line);
    painter.drawText(labels, Qt::AlignLeft | Qt::AlignVCenter, tr("%1 (good)").arg(QString::number(m_good, 'g', 3)));
    painter.drawText(labels, Qt::AlignRight | Qt::AlignVCenter, tr("%1 (bad)").arg(QString::number(m_bad, 'g', 3)));
}

} // namespace lf::ui
