// SPDX-License-Identifier: GPL-3.0-or-later
// Scope groups from op names (a prefix tree, pruned to groups worth collapsing) and, as the
// fallback, repeated blocks found between the cut points of the op sequence.
#include "widgets/graph_view/graph_groups.h"

#include <QObject>
#include <QStringList>

#include <algorithm>
#include <string_view>
#include <unordered_map>

namespace lf::ui {

namespace {

constexpr int kMaxPeriod = 8;        ///< longest repeated pattern looked for, in pieces
constexpr int kSummaryTypes = 3;     ///< op types named on a collapsed box
constexpr double kScopeCoverage = 0.5; ///< names give the groups when they cover this share of ops

QString summaryOf(const ir::Graph& graph, const GraphElements& elements, const std::vector<int>& members)
{
    QStringList types;
    for (int member : members) {
        const ir::NodeId node = elements.nodes[static_cast<std::size_t>(member)].node;
        const QString type = QString::fromStdString(graph.nodes[static_cast<std::size_t>(node)].typeName());
        if (!types.contains(type))
            types.append(type);
        if (types.size() > kSummaryTypes)
            break;
    }
    if (types.size() > kSummaryTypes) {
        types.removeLast();
        types.append(QStringLiteral("…"));
    }
    return QObject::tr("%n ops", nullptr, static_cast<int>(members.size())) + QStringLiteral(" · ")
        + types.join(QStringLiteral(", "));
}

/// The scope of an op: from its name, or from its first source name when the name has none.
std::vector<std::string> opScope(const ir::Node& node)
{
    std::vector<std::string> scope = scopeOf(node.name);
    if (scope.empty() && !node.origin.empty())
        scope = scopeOf(node.origin.front());
    return scope;
}

struct RawGroup {
    std::string path;
    int parent = -1;
    std::vector<int> members;
};

GraphGroups scopeGroups(const ir::Graph& graph, const GraphElements& elements)
{
    std::vector<RawGroup> raw;
    std::unordered_map<std::string, int> byPath;
    std::vector<int> innermostRaw(elements.nodes.size(), -1);
    for (int i = 0; i < elements.opCount; ++i) {
        const ir::Node& node = graph.nodes[static_cast<std::size_t>(elements.nodes[static_cast<std::size_t>(i)].node)];
        std::string path;
        int parent = -1;
        for (const std::string& segment : opScope(node)) {
            path += path.empty() ? segment : '/' + segment;
            auto [it, inserted] = byPath.try_emplace(path, static_cast<int>(raw.size()));
            if (inserted)
                raw.push_back({path, parent, {}});
            raw[static_cast<std::size_t>(it->second)].members.push_back(i);
            parent = it->second;
        }
        innermostRaw[static_cast<std::size_t>(i)] = parent;
    }

    // Keep groups of two or more ops that are not the whole graph and differ from their parent;
    // raw groups are created parents first, so one pass finds each group's nearest kept ancestor.
    GraphGroups result;
    result.source = GraphGroups::Source::Scopes;
    std::vector<int> keptAs(raw.size(), -1);      // new index of a kept group
    std::vector<int> nearestKept(raw.size(), -1); // new index of the group or its nearest kept ancestor
    for (std::size_t g = 0; g < raw.size(); ++g) {
        const RawGroup& group = raw[g];
        const int ancestor = group.parent >= 0 ? nearestKept[static_cast<std::size_t>(group.parent)] : -1;
        const std::size_t size = group.members.size();
        const bool keep = size >= 2 && size < static_cast<std::size_t>(elements.opCount)
            && (ancestor < 0 || result.groups[static_cast<std::size_t>(ancestor)].members.size() != size);
        if (!keep) {
            nearestKept[g] = ancestor;
            continue;
        }
        NodeGroup kept;
        kept.path = QString::fromStdString(group.path);
        kept.parent = ancestor;
        kept.title = ancestor < 0 ? kept.path
                                  : kept.path.mid(result.groups[static_cast<std::size_t>(ancestor)].path.size() + 1);
        kept.members = group.members;
        kept.summary = summaryOf(graph, elements, kept.members);
        keptAs[g] = nearestKept[g] = static_cast<int>(result.groups.size());
        result.groups.push_back(std::move(kept));
    }
    result.innermost.assign(elements.nodes.size(), -1);
    for (std::size_t i = 0; i < innermostRaw.size(); ++i) {
        if (innermostRaw[i] >= 0)
            result.innermost[i] = nearestKept[static_cast<std::size_t>(innermostRaw[i])];
    }
    return result;
}

/// Where the op sequence can be cut: boundary k (between ops k and k+1) is a cut when at most one
/// non-constant tensor produced at or before k is still used after it.
std::vector<bool> cutPoints(const ir::Graph& graph, const GraphElements& elements)
{
    const int n = elements.opCount;
    const std::size_t tensorCount = graph.tensors.size();
    std::vector<int> producer(tensorCount, -2); // -2: constant or unknown, -1: graph input
    std::vector<int> lastUse(tensorCount, -1);
    for (ir::TensorId id : graph.inputs) {
        if (id >= 0 && static_cast<std::size_t>(id) < tensorCount)
            producer[static_cast<std::size_t>(id)] = -1;
    }
    for (int i = 0; i < n; ++i) {
        const ir::Node& node = graph.nodes[static_cast<std::size_t>(i)];
        for (ir::TensorId id : node.inputs) {
            if (id >= 0 && static_cast<std::size_t>(id) < tensorCount)
                lastUse[static_cast<std::size_t>(id)] = std::max(lastUse[static_cast<std::size_t>(id)], i);
        }
        for (ir::TensorId id : node.outputs) {
            if (id >= 0 && static_cast<std::size_t>(id) < tensorCount)
                producer[static_cast<std::size_t>(id)] = i;
        }
    }
    for (ir::TensorId id : graph.outputs) {
        if (id >= 0 && static_cast<std::size_t>(id) < tensorCount)
            lastUse[static_cast<std::size_t>(id)] = n;
    }
    std::vector<int> live(static_cast<std::size_t>(std::max(n, 1)), 0);
    for (std::size_t t = 0; t < tensorCount; ++t) {
        if (producer[t] == -2 || lastUse[t] <= producer[t])
            continue;
        const int from = std::max(producer[t], 0);
        const int to = std::min(lastUse[t] - 1, n - 2);
        if (from > to)
            continue;
        ++live[static_cast<std::size_t>(from)];
        --live[static_cast<std::size_t>(to + 1)];
    }
    std::vector<bool> cut(static_cast<std::size_t>(std::max(n - 1, 0)), false);
    int running = 0;
    for (int k = 0; k + 1 < n; ++k) {
        running += live[static_cast<std::size_t>(k)];
        cut[static_cast<std::size_t>(k)] = running <= 1;
    }
    return cut;
}

struct Piece {
    int begin = 0;
    int end = 0; ///< one past the last op
    std::string signature; ///< the op types, in order
};

std::vector<Piece> piecesOf(const ir::Graph& graph, const GraphElements& elements)
{
    const std::vector<bool> cut = cutPoints(graph, elements);
    std::vector<Piece> pieces;
    Piece current;
    for (int i = 0; i < elements.opCount; ++i) {
        current.signature += graph.nodes[static_cast<std::size_t>(i)].typeName();
        current.signature += ',';
        if (i + 1 == elements.opCount || cut[static_cast<std::size_t>(i)]) {
            current.end = i + 1;
            pieces.push_back(std::move(current));
            current = {};
            current.begin = i + 1;
        }
    }
    return pieces;
}

bool samePattern(const std::vector<Piece>& pieces, std::size_t a, std::size_t b, std::size_t period)
{
    for (std::size_t k = 0; k < period; ++k) {
        if (pieces[a + k].signature != pieces[b + k].signature)
            return false;
    }
    return true;
}

GraphGroups blockGroups(const ir::Graph& graph, const GraphElements& elements)
{
    GraphGroups result;
    result.source = GraphGroups::Source::RepeatedBlocks;
    result.innermost.assign(elements.nodes.size(), -1);
    const std::vector<Piece> pieces = piecesOf(graph, elements);
    const auto addGroup = [&](int begin, int end, const QString& title) {
        if (end - begin < 2 || end - begin >= elements.opCount)
            return;
        NodeGroup group;
        group.path = QStringLiteral("block %1").arg(result.groups.size() + 1);
        group.title = title;
        for (int i = begin; i < end; ++i) {
            group.members.push_back(i);
            result.innermost[static_cast<std::size_t>(i)] = static_cast<int>(result.groups.size());
        }
        group.summary = summaryOf(graph, elements, group.members);
        result.groups.push_back(std::move(group));
    };
    std::size_t i = 0;
    while (i < pieces.size()) {
        std::size_t bestPeriod = 0;
        std::size_t bestRepeats = 0;
        for (std::size_t period = 1; period <= kMaxPeriod && i + 2 * period <= pieces.size(); ++period) {
            if (pieces[i + period - 1].end - pieces[i].begin < 2)
                continue; // a single op repeated is a chain, not a block
            std::size_t repeats = 1;
            while (i + (repeats + 1) * period <= pieces.size() && samePattern(pieces, i, i + repeats * period, period))
                ++repeats;
            if (repeats >= 2 && repeats * period > bestRepeats * bestPeriod) {
                bestPeriod = period;
                bestRepeats = repeats;
            }
        }
        if (bestRepeats == 0) {
            addGroup(pieces[i].begin, pieces[i].end, QObject::tr("Block"));
            ++i;
            continue;
        }
        for (std::size_t r = 0; r < bestRepeats; ++r) {
            const std::size_t first = i + r * bestPeriod;
            addGroup(pieces[first].begin, pieces[first + bestPeriod - 1].end,
                     QObject::tr("Repeated block %1/%2").arg(r + 1).arg(bestRepeats));
        }
        i += bestRepeats * bestPeriod;
    }
    return result;
}

} // namespace

std::vector<std::string> scopeOf(const std::string& name)
{
    const std::string_view first = std::string_view(name).substr(0, name.find(';'));
    std::vector<std::string> segments;
    std::size_t start = 0;
    while (start <= first.size()) {
        const std::size_t slash = std::min(first.find('/', start), first.size());
        if (slash > start)
            segments.emplace_back(first.substr(start, slash - start));
        start = slash + 1;
    }
    if (!segments.empty())
        segments.pop_back();
    return segments;
}

GraphGroups groupGraph(const ir::Graph& graph, const GraphElements& elements)
{
    if (elements.opCount < 2 || static_cast<std::size_t>(elements.opCount) > graph.nodes.size())
        return {GraphGroups::Source::None, {}, std::vector<int>(elements.nodes.size(), -1)};
    GraphGroups scopes = scopeGroups(graph, elements);
    const auto covered = std::count_if(scopes.innermost.begin(), scopes.innermost.end(), [](int g) { return g >= 0; });
    if (!scopes.groups.empty() && static_cast<double>(covered) >= kScopeCoverage * elements.opCount)
        return scopes;
    GraphGroups blocks = blockGroups(graph, elements);
    if (blocks.groups.empty())
        blocks.source = GraphGroups::Source::None;
    return blocks;
}

} // namespace lf::ui
