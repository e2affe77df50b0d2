// SPDX-License-Identifier: GPL-3.0-or-later
// Layered graph layout (top to bottom, or left to right) computed as pure data: node sizes and edges in, node rectangles
// and edge curves out. No QGraphicsItems and no GUI state, so it runs on a worker thread; the scene
// turns the result into items on the GUI thread in one batch.
#pragma once

#include <QPointF>
#include <QRectF>
#include <QSizeF>

#include <vector>

namespace lf::ui {

struct LayoutEdge {
    int from = 0;
    int to = 0;
};

enum class LayoutDirection {
    TopToBottom, ///< layers are rows, edges run downwards
    LeftToRight, ///< layers are columns, edges run rightwards
};

struct GraphLayoutInput {
    std::vector<QSizeF> nodeSizes;
    std::vector<LayoutEdge> edges; ///< indices into nodeSizes; self-loops are ignored
    LayoutDirection direction = LayoutDirection::TopToBottom;
    /// Space between layers (built-in engine): room for the tensor label after each box.
    double rankGap = 40.0;
};

struct GraphLayout {
    std::vector<QRectF> nodes; ///< one rectangle per input node, top-left origin, y grows downwards
    /// One cubic Bézier chain per input edge: p0, c1, c2, p1, c1, c2, p2, … (1 + 3k points); empty for
    /// ignored edges. Starts at the bottom (left to right: the right side) of the source and ends at the
    /// top (left side) of the target.
    std::vector<std::vector<QPointF>> edges;
    std::vector<int> layers; ///< the layer (rank) of each node, 0 at the top (left)
    QRectF bounds;
};

enum class LayoutEngine {
    Sugiyama, ///< built in: longest-path layering, barycentric ordering, isotonic x placement
    Graphviz, ///< Graphviz dot through libgvc (only when built with LF_HAVE_GRAPHVIZ)
};

/// Lays out `input` in its direction. Deterministic: the same input gives the same output. Cycles are
/// broken by ignoring edges that point back in the input order's depth-first traversal.
/// Thread-safety: re-entrant for Sugiyama; Graphviz calls are serialised internally (libgvc keeps
/// global state). Falls back to Sugiyama when Graphviz is not available.
GraphLayout computeGraphLayout(const GraphLayoutInput& input,
                               LayoutEngine engine = LayoutEngine::Sugiyama);

bool isGraphvizAvailable();

namespace detail {
GraphLayout computeGraphvizLayout(const GraphLayoutInput& input);
} // namespace detail

} // namespace lf::ui
