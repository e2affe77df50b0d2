// SPDX-License-Identifier: GPL-3.0-or-later
// Constant folding: every node whose inputs are all constant is replaced by its value, computed by
// the interpreter's own kernel so folded values are bit-identical to a run of the unfolded graph.
#pragma once

#include "core/passes/pass.h"

namespace lf::passes {

Result<void> foldConstants(ir::Model& model, PassContext& context);

} // namespace lf::passes
