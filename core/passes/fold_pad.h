// SPDX-License-Identifier: GPL-3.0-or-later
// Folds an explicit zero PAD of the spatial dims before a VALID CONV_2D or DEPTHWISE_CONV_2D into
// SAME padding, when the pads are exactly what SAME would add.
#pragma once

#include "core/passes/pass.h"

namespace lf::passes {

Result<void> foldPad(ir::Model& model, PassContext& context);

} // namespace lf::passes
