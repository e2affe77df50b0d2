// SPDX-License-Identifier: GPL-3.0-or-later
// Folds a per-channel affine transform after a convolution or fully connected layer (batch norm as
// the importer lowers it: MUL and ADD by constants) into the layer's weights and bias.
#pragma once

#include "core/passes/pass.h"

namespace lf::passes {

Result<void> foldAffineIntoConv(ir::Model& model, PassContext& context);

} // namespace lf::passes
