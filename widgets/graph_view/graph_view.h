// SPDX-License-Identifier: GPL-3.0-or-later
// The interactive graph of a model: zoom (Ctrl+wheel, or the plain wheel when wheelZooms is set,
// touchpad and touchscreen pinch, +/- keys, animated), pan by dragging, fit to window (F), search (Ctrl+F: node name, op type or
// tensor name; Enter/Shift+Enter for next/previous; the match is selected and centred) and export
// of the whole graph as PNG or SVG. Also: top-to-bottom or left-to-right layout, a minimap in the
// bottom-right corner, collapse/expand of groups (context menu, double-click a group box, or the
// buttons in the bottom-left corner).
#pragma once

#include "core/ir/graph.h"
#include "widgets/graph_view/graph_layout.h"

#include <QGraphicsView>

#include <memory>
#include <vector>

class QLabel;
class QLineEdit;
class QFrame;
class QGraphicsItem;
class QMenu;
class QToolButton;
class QVariantAnimation;

namespace lf::ui {

class GraphScene;
class Minimap;

class GraphView final : public QGraphicsView {
    Q_OBJECT

public:
    explicit GraphView(QWidget* parent = nullptr);

    /// Shows the main graph of `model` (nullptr clears); the view fits when the layout is done.
    void setModel(std::shared_ptr<const ir::Model> model);
    GraphScene* graphScene() const { return m_scene; }

    /// Selects op `node` and centres it; -1 clears the selection. A node inside a collapsed group
    /// is revealed (its groups expand) and centred again when the new layout is in place.
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

    /// Lays the graph out in `direction`; `remember` stores it as the default for new views.
    void setLayoutDirection(LayoutDirection direction, bool remember = false);
    LayoutDirection layoutDirection() const;
    void collapseAllGroups();
    void expandAllGroups();
    Minimap* minimap() const { return m_minimap; }
    void setMinimapVisible(bool visible);
    bool isMinimapVisible() const { return m_minimapVisible; }

    /// Renders the whole graph at `scale` (clamped to keep the image below 16k px a side).
    bool exportPng(const QString& path, double scale = 2.0) const;
    bool exportSvg(const QString& path) const;

signals:
    void nodeSelected(int node);
    void tensorSelected(int tensor);

protected:
    bool viewportEvent(QEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    void drawBackground(QPainter* painter, const QRectF& rect) override;

private:
    void createSearchBar();
    void createToolStrip();
    void positionOverlays();
    void updateToolStrip();
    void onLayoutChanged(bool first);
    void fitOrShowStart();
    void centerLater(int index);
    void addGroupActions(QMenu& menu, QGraphicsItem* item);
    void showMatch(int k);
    void exportWithDialog(bool svg);

    GraphScene* m_scene = nullptr;
    QFrame* m_searchBar = nullptr;
    QLineEdit* m_searchEdit = nullptr;
    QLabel* m_searchCount = nullptr;
    QFrame* m_toolStrip = nullptr;
    QToolButton* m_directionButton = nullptr;
    QToolButton* m_collapseButton = nullptr;
    QToolButton* m_expandButton = nullptr;
    QToolButton* m_minimapButton = nullptr;
    Minimap* m_minimap = nullptr;
    bool m_minimapVisible = true;
    int m_pendingCenter = -1; ///< box to centre once the running layout is applied
    int m_pendingGroup = -1;  ///< group (collapsed) or its first box (expanded) to keep in view
    bool m_pendingFit = false; ///< fit once the running layout is applied (direction, collapse all)
    QVariantAnimation* m_zoomAnimation = nullptr;
    std::vector<int> m_matches;
    int m_currentMatch = -1;
    bool m_wheelZooms = false;
};

} // namespace lf::ui
