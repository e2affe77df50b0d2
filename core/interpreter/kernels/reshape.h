// SPDX-License-Identifier: GPL-3.0-or-later
// Kernels that change only the shape of a tensor, or read it: RESHAPE, SQUEEZE, EXPAND_DIMS, SHAPE
// and BROADCAST_TO. Elements are copied as raw bytes, so quantized tensors keep their values.
#pragma once

#include "core/interpreter/kernel_registry.h"

namespace lf::interp {

void registerReshapeKernels(KernelRegistry& registry);

} // namespace lf::interp
