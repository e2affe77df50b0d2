// SPDX-License-Identifier: GPL-3.0-or-later
// The box of a collapsed group: the scope (or block) name, the op count and leading op types, drawn
// as a stack of cards, with a "+" badge in the corner. Double-clicking the box or clicking the
// badge expands the group. Also the frame around the expanded group of the selected op, with a
// "−" badge that collapses it.
#pragma once

#include <QGraphicsItem>
#include <QPainterPath>
#include <QString>

namespace lf::ui {

class GroupItem final : public QGraphicsItem {
public:
    enum { Type = UserType + 3 };

    GroupItem(int group, QString title, QString summary, QString path);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

    int group() const { return m_group; }
    QString title() const { return m_title; }
    QString summary() const { return m_summary; }
    /// The box's rectangle in item coordinates; the item is moved with setPos().
    QRectF rect() const { return m_rect; }
    /// The "+" badge in item coordinates.
    QRectF badgeRect() const;

    /// Box size for a title and summary in the view's fonts.
    static QSizeF sizeFor(const QString& title, const QString& summary);

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseDoubleClickEvent(QGraphicsSceneMouseEvent* event) override;

private:
    void expand();

    int m_group = -1;
    QString m_title;
    QString m_summary;
    QRectF m_rect;
};

/// A dashed frame around the shown boxes of an expanded group, labelled with its scope; lies below
/// the boxes and edges. Clicking its "−" badge collapses the group; other clicks pass through.
class GroupFrameItem final : public QGraphicsItem {
public:
    enum { Type = UserType + 4 };

    GroupFrameItem();

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

    /// Frames `content` (scene coordinates) for `group`, labelled `path`.
    void frame(int group, const QString& path, const QRectF& content);
    int group() const { return m_group; }
    /// The "−" badge in scene coordinates.
    QRectF badgeRect() const;

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent* event) override;

private:
    int m_group = -1;
    QString m_path;
    QRectF m_rect;
};

} // namespace lf::ui
