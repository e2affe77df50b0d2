// SPDX-License-Identifier: GPL-3.0-or-later
// The interactive graph of a model: zoom (Ctrl+wheel, or the plain wheel when wheelZooms is set,
// +/- keys, animated), pan by dragging, fit to window (F), search (Ctrl+F: node name, op type or
// tensor name; Enter/Shift+Enter for next/previous; the match is selected and centred) and export
// of the whole graph as PNG or SVG.
#pragma once

#include "core/ir/graph.h"

#include <QGraphicsView>

#include <memory>
#include <vector>

class QLabel;
class QLineEdit;
class QFrame;
class QVariantAnimation;

namespace lf::ui {

class GraphScene;

class GraphView final : public QGraphicsView {
    Q_OBJECT

public:
    explicit GraphView(QWidget* parent = nullptr);

    /// Shows the main graph of `model` (nullptr clears); the view fits when the layout is done.
    void setModel(std::shared_ptr<const ir::Model> model);
    GraphScene* graphScene() const { return m_scene; }

    /// Selects op `node` and centres it; -1 clears the selection.
    void selectNode(int node);
    void centerOnItem(int index);

    void fitToWindow();
    void zoomBy(double factor, bool animated = false);
    double zoom() const;
    /// When true the plain wheel zooms and Shift+wheel scrolls; otherwise Ctrl+wheel zooms.
    void setWheelZooms(bool zooms) { m_wheelZooms = zooms; }

    /// Starts a search: selects and centres the first match; returns the number of matches.
    int find(const QString& text);
    void findNext();
    void findPrevious();
    /// Node item indices (GraphScene::nodeItems()) matching the current search, in layout order.
    const std::vector<int>& matches() const { return m_matches; }
    void showSearchBar();

    /// Renders the whole graph at `scale` (clamped to keep the image below 16k px a side).
    bool exportPng(const QString& path, double scale = 2.0) const;
    bool exportSvg(const QString& path) const;

signals:
    void nodeSelected(int node);
    void tensorSelected(int tensor);

protected:
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    void drawBackground(QPainter* painter, const QRectF& rect) override;

private:
    void createSearchBar();
    void positionSearchBar();
    void showMatch(int k);
    void exportWithDialog(bool svg);

    GraphScene* m_scene = nullptr;
    QFrame* m_searchBar = nullptr;
    QLineEdit* m_searchEdit = nullptr;
    QLabel* m_searchCount = nullptr;
    QVariantAnimation* m_zoomAnimation = nullptr;
    std::vector<int> m_matches;
    int m_currentMatch = -1;
    bool m_wheelZooms = false;
};

} // namespace lf::ui
