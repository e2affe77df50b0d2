// SPDX-License-Identifier: GPL-3.0-or-later
// Fuses RELU, RELU6 and RELU_N1_TO_1 into the fused_activation_function of the node before them
// (convolutions, FULLY_CONNECTED, ADD/SUB/MUL/DIV, CONCATENATION, pools).
#pragma once

#include "core/passes/pass.h"

namespace lf::passes {

Result<void> fuseActivations(ir::Model& model, PassContext& context);

} // namespace lf::passes
