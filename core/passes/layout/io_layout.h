// SPDX-License-Identifier: GPL-3.0-or-later
// Graph I/O layout: rank-4 graph inputs and outputs tagged NCHW become NHWC, as TFLite users expect
// (and rank-3/5 ones that only feed or come from channels-last ops become NWC/NDHWC). An input gets
// its channels-last shape and a TRANSPOSE back to channels-first right after it, an output a
// TRANSPOSE to channels-last right before it; sink-transposes then cancels them inside the graph.
// Names are kept. Inputs and outputs named by the user's layout overrides (PassContext::layout) stay
// in their source layout, each with a UserOverride event.
#pragma once

#include "core/passes/pass.h"

namespace lf::passes {

Result<void> convertIoLayout(ir::Model& model, PassContext& context);

} // namespace lf::passes
