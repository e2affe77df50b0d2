// SPDX-License-Identifier: GPL-3.0-or-later
// RESIZE_BILINEAR and RESIZE_NEAREST_NEIGHBOR on NHWC tensors with the output size from a constant
// input, bit-exact with LiteRT for every align_corners / half_pixel_centers combination: its
// builtin kernels, except int8/uint8 bilinear, which LiteRT runs in XNNPACK (see
// kernels/reference/resize.h for the arithmetic of each dtype).
#pragma once

#include "core/interpreter/kernel_registry.h"

namespace lf::interp {

void registerResizeKernels(KernelRegistry& registry);

} // namespace lf::interp
