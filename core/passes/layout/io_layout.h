// SPDX-License-Identifier: GPL-3.0-or-later
// Graph I/O layout: rank-4 graph inputs and outputs tagged NCHW become NHWC, as TFLite users expect.
// An input gets its NHWC shape and a TRANSPOSE back to NCHW right after it, an output a TRANSPOSE to
// NHWC right before it; sink-transposes then cancels them inside the graph. Names are kept.
#pragma once

#include "core/passes/pass.h"

namespace lf::passes {

Result<void> convertIoLayout(ir::Model& model, PassContext& context);

} // namespace lf::passes
