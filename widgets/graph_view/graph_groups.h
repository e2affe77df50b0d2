// SPDX-License-Identifier: GPL-3.0-or-later
// Collapsible groups of graph-view boxes, as pure data (runs on the layout worker thread). Groups
// come from name scopes ("model/block_3/conv/Conv2D", "/layer1/layer1.0/conv1/Conv": every
// prefix that holds at least two ops is a group, nested like the names) or, when the names carry
// no scopes, from repeated blocks: the op sequence is cut where a single tensor links the part
// above to the part below, and runs of pieces with the same op types become one group each.
#pragma once

#include "core/ir/graph.h"
#include "widgets/graph_view/graph_elements.h"

#include <QString>

#include <vector>

namespace lf::ui {

struct NodeGroup {
    QString path;  ///< the scope ("layer1/layer1.0") or "block 3"
    QString title; ///< what a collapsed box shows first
    QString summary; ///< a second line: the op count and the leading op types
    int parent = -1; ///< enclosing group or -1
    std::vector<int> members; ///< GraphElements::nodes indices of every op inside, sorted
};

struct GraphGroups {
    enum class Source { None, Scopes, RepeatedBlocks };
    Source source = Source::None;
    std::vector<NodeGroup> groups; ///< parents before their children
    std::vector<int> innermost;    ///< per GraphElements::nodes index: its deepest group or -1
};

/// Groups the ops of `graph` (boxes as made by graphElements()). Inputs and outputs stay ungrouped.
GraphGroups groupGraph(const ir::Graph& graph, const GraphElements& elements);

/// The scope path of an op name: the name's segments without the last one ("a/b/Conv" -> a, b).
/// TFLite names joined with ';' use their first part; empty segments are dropped.
std::vector<std::string> scopeOf(const std::string& name);

} // namespace lf::ui
