// SPDX-License-Identifier: GPL-3.0-or-later
// Transpose sinking: pushes every TRANSPOSE down through the nodes that consume it (rewriting their
// axes and permuting constant operands), composes and cancels transposes that meet, turns
// transposes that only move unit dims into reshapes and merges reshape chains, so the layout
// transposes the importer wrapped around channels-last ops disappear from CNNs.
#pragma once

#include "core/passes/pass.h"

namespace lf::passes {

Result<void> sinkTransposes(ir::Model& model, PassContext& context);

} // namespace lf::passes
