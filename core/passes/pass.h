// SPDX-License-Identifier: GPL-3.0-or-later
// The pass interface. A pass rewrites the main graph of a model in place, keeps Node::origin on every
// node it creates (so results stay traceable to the source model) and records what it changed in
// the rewrite log. Passes leave the graph valid for the verifier and runnable by the interpreter.
#pragma once

#include "core/base/result.h"
#include "core/base/task_context.h"
#include "core/ir/graph.h"
#include "core/passes/layout/layout_overrides.h"
#include "core/passes/rewrite_log.h"

namespace lf::passes {

struct PassContext {
    RewriteLog& log;
    TaskContext& task;
    /// The user's layout overrides, read by the layout passes; null when there are none.
    const LayoutOverrides* layout = nullptr;
};

using PassFunction = Result<void> (*)(ir::Model& model, PassContext& context);

struct Pass {
    const char* name; ///< as used in the rewrite log and `--passes` listings: "layout", "fold-constants"
    PassFunction run;
};

} // namespace lf::passes
