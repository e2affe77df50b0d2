// SPDX-License-Identifier: GPL-3.0-or-later
// The built-in Sugiyama layout: longest-path layering (sources pulled down next to their first
// consumer), dummy nodes on long edges, barycentric crossing reduction with the best order kept, and
// x placement by weighted isotonic regression (pool-adjacent-violators) alternating up and down.
#include "widgets/graph_view/graph_layout.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>

namespace lf::ui {

namespace {

constexpr double kNodeSeparation = 24.0;
constexpr double kDummyWidth = 10.0;
constexpr double kDummyWeight = 0.01; ///< dummies yield to real nodes, so chains stay straight
constexpr int kOrderingSweeps = 12;
constexpr int kPlacementSweeps = 8;

struct Work {
    int realCount = 0;
    std::vector<double> width;
    std::vector<int> layer;
    std::vector<std::vector<int>> preds; ///< per node (real and dummy), in the layer above
    std::vector<std::vector<int>> succs;
    std::vector<std::vector<int>> order; ///< per layer, left to right
    std::vector<int> position;           ///< index within its layer
    std::vector<double> x;               ///< centre
};

/// Topological order of the acyclic part; `keep[e]` is false for edges closing a cycle.
std::vector<int> topologicalOrder(int n, const std::vector<LayoutEdge>& edges, std::vector<bool>& keep)
{
    std::vector<std::vector<int>> out(static_cast<std::size_t>(n));
    for (std::size_t e = 0; e < edges.size(); ++e) {
        if (keep[e])
            out[static_cast<std::size_t>(edges[e].from)].push_back(static_cast<int>(e));
    }
    // Iterative DFS from every node in index order; an edge into a node on the stack is a back edge.
    std::vector<char> state(static_cast<std::size_t>(n), 0); // 0 new, 1 on stack, 2 done
    std::vector<int> post;
    post.reserve(static_cast<std::size_t>(n));
    std::vector<std::pair<int, std::size_t>> stack;
    for (int root = 0; root < n; ++root) {
        if (state[static_cast<std::size_t>(root)])
            continue;
        stack.emplace_back(root, 0);
        state[static_cast<std::size_t>(root)] = 1;
        while (!stack.empty()) {
            auto& [v, next] = stack.back();
            const auto& edgesOut = out[static_cast<std::size_t>(v)];
            if (next < edgesOut.size()) {
                const int e = edgesOut[next++];
                const int w = edges[static_cast<std::size_t>(e)].to;
                if (state[static_cast<std::size_t>(w)] == 1)
                    keep[static_cast<std::size_t>(e)] = false;
                else if (state[static_cast<std::size_t>(w)] == 0) {
                    state[static_cast<std::size_t>(w)] = 1;
                    stack.emplace_back(w, 0);
                }
            } else {
                state[static_cast<std::size_t>(v)] = 2;
                post.push_back(v);
                stack.pop_back();
            }
        }
    }
    std::reverse(post.begin(), post.end());
    return post;
}

std::int64_t crossingsBetween(const Work& w, const std::vector<int>& upper, const std::vector<int>& lower)
{
    std::vector<std::pair<int, int>> pairs;
    for (int u : upper) {
        for (int v : w.succs[static_cast<std::size_t>(u)])
            pairs.emplace_back(w.position[static_cast<std::size_t>(u)], w.position[static_cast<std::size_t>(v)]);
    }
    std::sort(pairs.begin(), pairs.end());
    // Inversions of the lower positions, counted with a Fenwick tree.
    std::vector<int> tree(lower.size() + 1, 0);
    std::int64_t crossings = 0;
    std::int64_t seen = 0;
    for (const auto& [_, p] : pairs) {
        int lessOrEqual = 0;
        for (int i = p + 1; i > 0; i -= i & -i)
            lessOrEqual += tree[static_cast<std::size_t>(i)];
        crossings += seen - lessOrEqual;
        for (int i = p + 1; i < static_cast<int>(tree.size()); i += i & -i)
            ++tree[static_cast<std::size_t>(i)];
        ++seen;
    }
    return crossings;
}

std::int64_t totalCrossings(const Work& w)
{
    std::int64_t total = 0;
    for (std::size_t l = 0; l + 1 < w.order.size(); ++l)
        total += crossingsBetween(w, w.order[l], w.order[l + 1]);
    return total;
}

void updatePositions(Work& w, const std::vector<int>& layerOrder)
{
    for (std::size_t i = 0; i < layerOrder.size(); ++i)
        w.position[static_cast<std::size_t>(layerOrder[i])] = static_cast<int>(i);
}

/// Reorders one layer by the mean position of its neighbours in the adjacent layer.
void sortByBarycenter(Work& w, std::vector<int>& layerOrder, bool usePreds)
{
    std::vector<std::pair<double, int>> keyed;
    keyed.reserve(layerOrder.size());
    for (int v : layerOrder) {
        const auto& adj = usePreds ? w.preds[static_cast<std::size_t>(v)] : w.succs[static_cast<std::size_t>(v)];
        double key = w.position[static_cast<std::size_t>(v)];
        if (!adj.empty()) {
            double sum = 0;
            for (int a : adj)
                sum += w.position[static_cast<std::size_t>(a)];
            key = sum / static_cast<double>(adj.size());
        }
        keyed.emplace_back(key, v);
    }
    std::stable_sort(keyed.begin(), keyed.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (std::size_t i = 0; i < keyed.size(); ++i)
        layerOrder[i] = keyed[i].second;
    updatePositions(w, layerOrder);
}

void reduceCrossings(Work& w)
{
    for (auto& layerOrder : w.order)
        updatePositions(w, layerOrder);
    auto best = w.order;
    std::int64_t bestCrossings = totalCrossings(w);
    for (int sweep = 0; sweep < kOrderingSweeps && bestCrossings > 0; ++sweep) {
        const bool down = sweep % 2 == 0;
        if (down) {
            for (std::size_t l = 1; l < w.order.size(); ++l)
                sortByBarycenter(w, w.order[l], true);
        } else {
            for (std::size_t l = w.order.size(); l-- > 1;)
                sortByBarycenter(w, w.order[l - 1], false);
        }
        const std::int64_t crossings = totalCrossings(w);
        if (crossings < bestCrossings) {
            bestCrossings = crossings;
            best = w.order;
        }
    }
    w.order = std::move(best);
    for (auto& layerOrder : w.order)
        updatePositions(w, layerOrder);
}

/// x positions of one layer closest (weighted least squares) to `desired` while keeping the order and
/// the minimum gaps: with offsets o_i = sum of gaps, y_i = x_i - o_i must be non-decreasing, which is
/// isotonic regression, solved exactly by pool-adjacent-violators in O(n).
void placeLayer(Work& w, const std::vector<int>& layerOrder, const std::vector<double>& desired,
                const std::vector<double>& weight)
{
    const std::size_t n = layerOrder.size();
    std::vector<double> offset(n, 0.0);
    for (std::size_t i = 1; i < n; ++i) {
        const int a = layerOrder[i - 1];
        const int b = layerOrder[i];
        offset[i] = offset[i - 1] + (w.width[static_cast<std::size_t>(a)] + w.width[static_cast<std::size_t>(b)]) / 2
            + kNodeSeparation;
    }
    struct Block {
        double sum;
        double weight;
        std::size_t count;
    };
    std::vector<Block> blocks;
    for (std::size_t i = 0; i < n; ++i) {
        blocks.push_back({(desired[i] - offset[i]) * weight[i], weight[i], 1});
        while (blocks.size() > 1) {
            const Block& last = blocks.back();
            const Block& prev = blocks[blocks.size() - 2];
            if (prev.sum / prev.weight <= last.sum / last.weight)
                break;
            const Block merged{prev.sum + last.sum, prev.weight + last.weight, prev.count + last.count};
            blocks.pop_back();
            blocks.back() = merged;
        }
    }
    std::size_t i = 0;
    for (const Block& block : blocks) {
        const double value = block.sum / block.weight;
        for (std::size_t k = 0; k < block.count; ++k, ++i)
            w.x[static_cast<std::size_t>(layerOrder[i])] = value + offset[i];
    }
}

void assignX(Work& w)
{
    w.x.assign(w.width.size(), 0.0);
    for (const auto& layerOrder : w.order) {
        double left = 0;
        for (int v : layerOrder) {
            w.x[static_cast<std::size_t>(v)] = left + w.width[static_cast<std::size_t>(v)] / 2;
            left += w.width[static_cast<std::size_t>(v)] + kNodeSeparation;
        }
    }
    const auto sweep = [&w](std::size_t l, int direction) {
        const auto& layerOrder = w.order[l];
        std::vector<double> desired(layerOrder.size());
        std::vector<double> weight(layerOrder.size());
        for (std::size_t i = 0; i < layerOrder.size(); ++i) {
            const auto v = static_cast<std::size_t>(layerOrder[i]);
            // A real node follows its real neighbours when it has any: averaging in the dummy
            // nodes of skip edges, which always sit beside the chain, would make a long chain drift
            // sideways by a fraction of a node width per skip.
            const bool dummy = static_cast<int>(v) >= w.realCount;
            double sum = 0;
            std::size_t count = 0;
            double dummySum = 0;
            std::size_t dummyCount = 0;
            const auto add = [&](int a) {
                if (dummy || a < w.realCount)
                    sum += w.x[static_cast<std::size_t>(a)], ++count;
                else
                    dummySum += w.x[static_cast<std::size_t>(a)], ++dummyCount;
            };
            if (direction <= 0)
                std::for_each(w.preds[v].begin(), w.preds[v].end(), add);
            if (direction >= 0)
                std::for_each(w.succs[v].begin(), w.succs[v].end(), add);
            desired[i] = count ? sum / static_cast<double>(count)
                : dummyCount   ? dummySum / static_cast<double>(dummyCount)
                               : w.x[v];
            weight[i] = static_cast<int>(v) >= w.realCount ? kDummyWeight : 1.0;
        }
        placeLayer(w, layerOrder, desired, weight);
    };
    for (int iteration = 0; iteration < kPlacementSweeps; ++iteration) {
        if (iteration % 2 == 0) {
            for (std::size_t l = 1; l < w.order.size(); ++l)
                sweep(l, -1);
        } else {
            for (std::size_t l = w.order.size(); l-- > 0;)
                sweep(l, 1);
        }
    }
    for (std::size_t l = 0; l < w.order.size(); ++l)
        sweep(l, 0);
}

/// Cubic segments through `points` with vertical tangents, so edges leave and enter nodes straight.
std::vector<QPointF> smoothPath(const std::vector<QPointF>& points)
{
    std::vector<QPointF> path;
    if (points.empty())
        return path;
    path.push_back(points.front());
    for (std::size_t i = 1; i < points.size(); ++i) {
        const QPointF a = points[i - 1];
        const QPointF b = points[i];
        const double dy = (b.y() - a.y()) / 2;
        path.emplace_back(a.x(), a.y() + dy);
        path.emplace_back(b.x(), b.y() - dy);
        path.push_back(b);
    }
    return path;
}

GraphLayout sugiyamaLayout(const GraphLayoutInput& input)
{
    const int n = static_cast<int>(input.nodeSizes.size());
    GraphLayout result;
    result.nodes.resize(static_cast<std::size_t>(n));
    result.edges.resize(input.edges.size());
    result.layers.assign(static_cast<std::size_t>(n), 0);
    if (n == 0)
        return result;

    std::vector<bool> keep(input.edges.size(), true);
    for (std::size_t e = 0; e < input.edges.size(); ++e) {
        const LayoutEdge& edge = input.edges[e];
        keep[e] = edge.from != edge.to && edge.from >= 0 && edge.to >= 0 && edge.from < n && edge.to < n;
    }
    const std::vector<int> topo = topologicalOrder(n, input.edges, keep);

    // Longest path from the sources, then sources move down next to their nearest consumer so graph
    // inputs and constant-fed ops do not hang far above where they are used.
    std::vector<std::vector<int>> inEdges(static_cast<std::size_t>(n)), outEdges(static_cast<std::size_t>(n));
    for (std::size_t e = 0; e < input.edges.size(); ++e) {
        if (!keep[e])
            continue;
        outEdges[static_cast<std::size_t>(input.edges[e].from)].push_back(static_cast<int>(e));
        inEdges[static_cast<std::size_t>(input.edges[e].to)].push_back(static_cast<int>(e));
    }
    std::vector<int> layer(static_cast<std::size_t>(n), 0);
    for (int v : topo) {
        for (int e : inEdges[static_cast<std::size_t>(v)])
            layer[static_cast<std::size_t>(v)]
                = std::max(layer[static_cast<std::size_t>(v)], layer[static_cast<std::size_t>(input.edges[static_cast<std::size_t>(e)].from)] + 1);
    }
    for (auto it = topo.rbegin(); it != topo.rend(); ++it) {
        const auto v = static_cast<std::size_t>(*it);
        if (!inEdges[v].empty() || outEdges[v].empty())
            continue;
        int nearest = std::numeric_limits<int>::max();
        for (int e : outEdges[v])
            nearest = std::min(nearest, layer[static_cast<std::size_t>(input.edges[static_cast<std::size_t>(e)].to)]);
        layer[v] = std::max(layer[v], nearest - 1);
    }

    Work w;
    w.realCount = n;
    w.width.reserve(static_cast<std::size_t>(n));
    for (const QSizeF& size : input.nodeSizes)
        w.width.push_back(size.width());
    w.layer = layer;
    w.preds.resize(static_cast<std::size_t>(n));
    w.succs.resize(static_cast<std::size_t>(n));
    std::vector<std::vector<int>> chains(input.edges.size()); // dummy nodes of each long edge
    for (std::size_t e = 0; e < input.edges.size(); ++e) {
        if (!keep[e])
            continue;
        int previous = input.edges[e].from;
        const int target = input.edges[e].to;
        for (int l = w.layer[static_cast<std::size_t>(previous)] + 1; l < w.layer[static_cast<std::size_t>(target)]; ++l) {
            const int dummy = static_cast<int>(w.width.size());
            w.width.push_back(kDummyWidth);
            w.layer.push_back(l);
            w.preds.push_back({previous});
            w.succs.emplace_back();
            w.succs[static_cast<std::size_t>(previous)].push_back(dummy);
            chains[e].push_back(dummy);
            previous = dummy;
        }
        w.succs[static_cast<std::size_t>(previous)].push_back(target);
        w.preds[static_cast<std::size_t>(target)].push_back(previous);
    }

    const int layerCount = *std::max_element(w.layer.begin(), w.layer.end()) + 1;
    w.order.resize(static_cast<std::size_t>(layerCount));
    // Initial order: topological order, dummies right after their chain's source.
    std::vector<int> rank(w.width.size(), 0);
    for (std::size_t i = 0; i < topo.size(); ++i)
        rank[static_cast<std::size_t>(topo[i])] = static_cast<int>(i);
    for (std::size_t e = 0; e < chains.size(); ++e) {
        for (int dummy : chains[e])
            rank[static_cast<std::size_t>(dummy)] = rank[static_cast<std::size_t>(input.edges[e].from)];
    }
    std::vector<int> all(w.width.size());
    std::iota(all.begin(), all.end(), 0);
    std::stable_sort(all.begin(), all.end(), [&rank](int a, int b) { return rank[static_cast<std::size_t>(a)] < rank[static_cast<std::size_t>(b)]; });
    for (int v : all)
        w.order[static_cast<std::size_t>(w.layer[static_cast<std::size_t>(v)])].push_back(v);
    w.position.assign(w.width.size(), 0);
    reduceCrossings(w);
    assignX(w);

    // Layer bands: each as tall as its tallest node.
    std::vector<double> bandHeight(static_cast<std::size_t>(layerCount), 0.0);
    for (int v = 0; v < n; ++v)
        bandHeight[static_cast<std::size_t>(w.layer[static_cast<std::size_t>(v)])]
            = std::max(bandHeight[static_cast<std::size_t>(w.layer[static_cast<std::size_t>(v)])], input.nodeSizes[static_cast<std::size_t>(v)].height());
    std::vector<double> bandTop(static_cast<std::size_t>(layerCount), 0.0);
    for (int l = 1; l < layerCount; ++l)
        bandTop[static_cast<std::size_t>(l)] = bandTop[static_cast<std::size_t>(l - 1)] + bandHeight[static_cast<std::size_t>(l - 1)] + input.rankGap;

    double minX = std::numeric_limits<double>::max();
    for (std::size_t v = 0; v < w.width.size(); ++v)
        minX = std::min(minX, w.x[v] - w.width[v] / 2);
    for (int v = 0; v < n; ++v) {
        const auto i = static_cast<std::size_t>(v);
        const QSizeF size = input.nodeSizes[i];
        const auto l = static_cast<std::size_t>(w.layer[i]);
        result.nodes[i] = QRectF(w.x[i] - size.width() / 2 - minX, bandTop[l] + (bandHeight[l] - size.height()) / 2,
                                 size.width(), size.height());
        result.layers[i] = w.layer[i];
        result.bounds |= result.nodes[i];
    }

    // Ports: the edges leaving (entering) a node are spread over its bottom (top) side in the order
    // of their other ends, so parallel edges do not start on top of each other.
    std::vector<std::vector<std::size_t>> leaving(static_cast<std::size_t>(n)), entering(static_cast<std::size_t>(n));
    const auto firstHop = [&](std::size_t e) {
        return chains[e].empty() ? input.edges[e].to : chains[e].front();
    };
    const auto lastHop = [&](std::size_t e) {
        return chains[e].empty() ? input.edges[e].from : chains[e].back();
    };
    for (std::size_t e = 0; e < input.edges.size(); ++e) {
        if (!keep[e])
            continue;
        leaving[static_cast<std::size_t>(input.edges[e].from)].push_back(e);
        entering[static_cast<std::size_t>(input.edges[e].to)].push_back(e);
    }
    std::vector<double> startX(input.edges.size()), endX(input.edges.size());
    const auto spread = [&](const std::vector<std::size_t>& list, const QRectF& rect, auto otherEnd,
                            std::vector<double>& out) {
        std::vector<std::size_t> sorted = list;
        std::stable_sort(sorted.begin(), sorted.end(), [&](std::size_t a, std::size_t b) {
            return w.x[static_cast<std::size_t>(otherEnd(a))] < w.x[static_cast<std::size_t>(otherEnd(b))];
        });
        const double usable = rect.width() * 0.6;
        for (std::size_t k = 0; k < sorted.size(); ++k) {
            const double t = sorted.size() == 1 ? 0.5 : static_cast<double>(k) / static_cast<double>(sorted.size() - 1);
            out[sorted[k]] = rect.center().x() + (t - 0.5) * usable * (sorted.size() == 1 ? 0.0 : 1.0);
        }
    };
    for (int v = 0; v < n; ++v) {
        spread(leaving[static_cast<std::size_t>(v)], result.nodes[static_cast<std::size_t>(v)], firstHop, startX);
        spread(entering[static_cast<std::size_t>(v)], result.nodes[static_cast<std::size_t>(v)], lastHop, endX);
    }

    for (std::size_t e = 0; e < input.edges.size(); ++e) {
        const LayoutEdge& edge = input.edges[e];
        if (edge.from < 0 || edge.to < 0 || edge.from >= n || edge.to >= n || edge.from == edge.to)
            continue;
        const QRectF& source = result.nodes[static_cast<std::size_t>(edge.from)];
        const QRectF& target = result.nodes[static_cast<std::size_t>(edge.to)];
        if (!keep[e]) { // a back edge of a cycle: drawn directly, the only edge that may go up
            result.edges[e] = smoothPath({QPointF(source.center().x(), source.bottom()),
                                          QPointF(target.center().x(), target.top())});
            continue;
        }
        std::vector<QPointF> points{QPointF(startX[e], source.bottom())};
        for (int dummy : chains[e]) {
            const auto l = static_cast<std::size_t>(w.layer[static_cast<std::size_t>(dummy)]);
            const double x = w.x[static_cast<std::size_t>(dummy)] - minX;
            points.emplace_back(x, bandTop[l]);
            points.emplace_back(x, bandTop[l] + bandHeight[l]);
        }
        points.emplace_back(endX[e], target.top());
        result.edges[e] = smoothPath(points);
    }
    return result;
}

} // namespace

GraphLayout computeGraphLayout(const GraphLayoutInput& input, LayoutEngine engine)
{
    const auto layOut = [engine](const GraphLayoutInput& in) {
        if (engine == LayoutEngine::Graphviz && isGraphvizAvailable())
            return detail::computeGraphvizLayout(in);
        return sugiyamaLayout(in);
    };
    if (input.direction == LayoutDirection::TopToBottom)
        return layOut(input);
    // Left to right is top to bottom with x and y swapped: lay out the transposed boxes, then
    // transpose the result back (vertical edge tangents become horizontal ones).
    GraphLayoutInput transposed = input;
    transposed.direction = LayoutDirection::TopToBottom;
    for (QSizeF& size : transposed.nodeSizes)
        size.transpose();
    GraphLayout layout = layOut(transposed);
    const auto flip = [](const QRectF& r) { return QRectF(r.y(), r.x(), r.height(), r.width()); };
    for (QRectF& rect : layout.nodes)
        rect = flip(rect);
    for (auto& path : layout.edges) {
        for (QPointF& point : path)
            point = QPointF(point.y(), point.x());
    }
    layout.bounds = flip(layout.bounds);
    return layout;
}

} // namespace lf::ui
