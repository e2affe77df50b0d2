// SPDX-License-Identifier: GPL-3.0-or-later
// The record of everything a conversion changed: each lowering, inserted, moved or cancelled
// transpose, permuted weight, rewritten attribute, fusion and fold. The GUI's before/after view and
// `liteforge-cli convert --rewrite-log` are built on it.
#pragma once

#include <string>
#include <vector>

namespace lf::passes {

enum class RewriteKind {
    Lowered,             ///< a source node became one or more IR nodes
    TransposeInserted,   ///< a layout transpose was added (at a layout-sensitive op or a graph boundary)
    TransposeMoved,      ///< a transpose was pushed through a node, whose axes were rewritten
    TransposesCancelled, ///< two inverse transposes met and were removed
    TransposeToReshape,  ///< a transpose that moves only unit dims became a reshape
    WeightsPermuted,     ///< constant data was physically reordered (e.g. OIHW -> OHWI)
    AttributeRewritten,  ///< an axis, perm, pad list or similar changed to match the new layout
    Fused,               ///< a node was absorbed into another (activation, batch norm, pad)
    ConstantFolded,      ///< a node with constant inputs was replaced by its value
    Removed,             ///< a dead or identity node was dropped
    IoLayoutChanged,     ///< a graph input or output changed layout
    UserOverride,        ///< a layout decision made by a user override (kept I/O, non-image)
};

const char* rewriteKindName(RewriteKind kind);

struct RewriteEvent {
    RewriteKind kind = RewriteKind::Lowered;
    std::string pass;                 ///< "onnx-import", "layout", "fuse-activation", ...
    std::vector<std::string> sources; ///< source-model node names involved (from Node::origin)
    std::vector<std::string> nodes;   ///< IR node names involved, after the change
    std::string detail;               ///< human-readable: "axis 1 -> 3", "perm [0,2,3,1]", ...
};

class RewriteLog final {
public:
    void add(RewriteEvent event) { m_events.push_back(std::move(event)); }
    const std::vector<RewriteEvent>& events() const { return m_events; }
    std::size_t count(RewriteKind kind) const;
    /// {"events":[{"kind":..,"pass":..,"sources":[..],"nodes":[..],"detail":..},..]}
    std::string toJson() const;

private:
    std::vector<RewriteEvent> m_events;
};

} // namespace lf::passes
