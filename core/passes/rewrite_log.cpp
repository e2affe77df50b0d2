// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/passes/rewrite_log.h"

#include "core/base/json_writer.h"

#include <algorithm>

namespace lf::passes {

const char* rewriteKindName(RewriteKind kind)
{
    switch (kind) {
    case RewriteKind::Lowered: return "lowered";
    case RewriteKind::TransposeInserted: return "transpose_inserted";
    case RewriteKind::TransposeMoved: return "transpose_moved";
    case RewriteKind::TransposesCancelled: return "transposes_cancelled";
    case RewriteKind::TransposeToReshape: return "transpose_to_reshape";
    case RewriteKind::WeightsPermuted: return "weights_permuted";
    case RewriteKind::AttributeRewritten: return "attribute_rewritten";
    case RewriteKind::Fused: return "fused";
    case RewriteKind::ConstantFolded: return "constant_folded";
    case RewriteKind::Removed: return "removed";
    case RewriteKind::IoLayoutChanged: return "io_layout_changed";
    case RewriteKind::UserOverride: return "user_override";
    }
    return "unknown";
}

std::size_t RewriteLog::count(RewriteKind kind) const
{
    return static_cast<std::size_t>(
        std::count_if(m_events.begin(), m_events.end(), [kind](const RewriteEvent& event) { return event.kind == kind; }));
}

std::string RewriteLog::toJson() const
{
    JsonWriter json;
    json.beginObject().key("events").beginArray();
    for (const RewriteEvent& event : m_events) {
        json.beginObject();
        json.key("kind").value(rewriteKindName(event.kind));
        json.key("pass").value(event.pass);
        json.key("sources").beginArray();
        for (const std::string& source : event.sources)
            json.value(source);
        json.endArray();
        json.key("nodes").beginArray();
        for (const std::string& node : event.nodes)
            json.value(node);
        json.endArray();
        json.key("detail").value(event.detail);
        json.endObject();
    }
    json.endArray().endObject();
    return json.text();
}

} // namespace lf::passes
