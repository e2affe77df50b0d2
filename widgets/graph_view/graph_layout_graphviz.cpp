// SPDX-License-Identifier: GPL-3.0-or-later
// The Graphviz dot engine of computeGraphLayout(), built only with LF_HAVE_GRAPHVIZ. libgvc keeps
// global state (the context, cgraph's string pool), so every call holds one process-wide mutex.
#include "widgets/graph_view/graph_layout.h"

#ifdef LF_HAVE_GRAPHVIZ
#include <graphviz/gvc.h>

#include <mutex>
#include <string>
#endif

namespace lf::ui {

#ifdef LF_HAVE_GRAPHVIZ

bool isGraphvizAvailable()
{
    return true;
}

namespace detail {

namespace {

constexpr double kPointsPerInch = 72.0;

std::mutex& graphvizMutex()
{
    static std::mutex mutex;
    return mutex;
}

char* text(const char* literal)
{
    return const_cast<char*>(literal); // cgraph takes char* but does not modify these
}

} // namespace

GraphLayout computeGraphvizLayout(const GraphLayoutInput& input)
{
    const std::size_t n = input.nodeSizes.size();
    GraphLayout result;
    result.nodes.resize(n);
    result.edges.resize(input.edges.size());
    result.layers.assign(n, 0);
    if (n == 0)
        return result;

    const std::lock_guard lock(graphvizMutex());
    GVC_t* context = gvContext();
    Agraph_t* graph = agopen(text("g"), Agdirected, nullptr);
    agattr(graph, AGRAPH, text("rankdir"), text("TB"));
    agattr(graph, AGRAPH, text("nodesep"), text("0.33"));
    agattr(graph, AGRAPH, text("ranksep"), text("0.55"));
    agattr(graph, AGNODE, text("shape"), text("box"));
    agattr(graph, AGNODE, text("fixedsize"), text("true"));
    agattr(graph, AGNODE, text("label"), text(""));
    agattr(graph, AGNODE, text("width"), text("1"));
    agattr(graph, AGNODE, text("height"), text("0.5"));
    std::vector<Agnode_t*> nodes(n);
    for (std::size_t i = 0; i < n; ++i) {
        nodes[i] = agnode(graph, text(std::to_string(i).c_str()), 1);
        agsafeset(nodes[i], text("width"), text(std::to_string(input.nodeSizes[i].width() / kPointsPerInch).c_str()), text(""));
        agsafeset(nodes[i], text("height"), text(std::to_string(input.nodeSizes[i].height() / kPointsPerInch).c_str()), text(""));
    }
    std::vector<Agedge_t*> edges(input.edges.size(), nullptr);
    for (std::size_t e = 0; e < input.edges.size(); ++e) {
        const LayoutEdge& edge = input.edges[e];
        if (edge.from == edge.to || edge.from < 0 || edge.to < 0 || static_cast<std::size_t>(edge.from) >= n
            || static_cast<std::size_t>(edge.to) >= n)
            continue;
        // A name per edge keeps parallel edges (one tensor used twice by a node) apart.
        edges[e] = agedge(graph, nodes[static_cast<std::size_t>(edge.from)], nodes[static_cast<std::size_t>(edge.to)],
                          text(std::to_string(e).c_str()), 1);
    }
    gvLayout(context, graph, "dot");

    // Graphviz's y axis points up; Qt's points down.
    const double top = GD_bb(graph).UR.y;
    for (std::size_t i = 0; i < n; ++i) {
        const double w = input.nodeSizes[i].width();
        const double h = input.nodeSizes[i].height();
        result.nodes[i] = QRectF(ND_coord(nodes[i]).x - w / 2, top - ND_coord(nodes[i]).y - h / 2, w, h);
        result.layers[i] = ND_rank(nodes[i]);
        result.bounds |= result.nodes[i];
    }
    for (std::size_t e = 0; e < edges.size(); ++e) {
        if (!edges[e] || !ED_spl(edges[e]) || ED_spl(edges[e])->size < 1)
            continue;
        const bezier& curve = ED_spl(edges[e])->list[0];
        auto& path = result.edges[e];
        for (int k = 0; k < curve.size; ++k)
            path.emplace_back(curve.list[k].x, top - curve.list[k].y);
        if (curve.eflag && !path.empty())
            path.back() = QPointF(curve.ep.x, top - curve.ep.y);
    }
    gvFreeLayout(context, graph);
    agclose(graph);
    gvFreeContext(context);
    return result;
}

} // namespace detail

#else

bool isGraphvizAvailable()
{
    return false;
}

namespace detail {
GraphLayout computeGraphvizLayout(const GraphLayoutInput&)
{
    return {};
}
} // namespace detail

#endif

} // namespace lf::ui
