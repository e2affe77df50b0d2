// SPDX-License-Identifier: GPL-3.0-or-later
// Dead-code and identity elimination: merges reshape chains, drops nodes nobody reads, identity
// nodes (same-shape RESHAPE, SQUEEZE and EXPAND_DIMS, identity TRANSPOSE, same-type CAST, adding or
// subtracting zero, multiplying or dividing by one) and the tensors left unreferenced.
#pragma once

#include "core/passes/pass.h"

namespace lf::passes {

Result<void> removeDeadNodes(ir::Model& model, PassContext& context);

} // namespace lf::passes
