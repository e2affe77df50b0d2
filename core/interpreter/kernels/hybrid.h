// SPDX-License-Identifier: GPL-3.0-or-later
// What the hybrid kernels (float activations, constant int8 weights) share: the float input is
// quantized at run time, one scale and zero point per row, the integer product runs on the int8
// weights, and the int32 sums are scaled back by input scale x weight scale. The quantizer
// reproduces TFLite's AsymmetricQuantizeFloats, which is also what LiteRT's XNNPACK kernels
// compute.
#pragma once

#include "core/interpreter/tensor_view.h"

#include <cstdint>
#include <vector>

namespace lf::interp::detail {

struct RowQuantization
{
    float scale = 1.0f;
    std::int32_t zeroPoint = 0;
};

/// q = round(zp + x / scale) clamped to [-128, 127] over the range [min(x, 0), max(x, 0)] mapped
/// onto [-128, 127] with a nudged integer zero point. Writes q - zp as int16, so that zero stays
/// zero (TFLite subtracts the zero point in the sums).
RowQuantization quantizeAsymmetric(const float* values, std::int64_t count, std::int16_t* out);

/// One weight scale per output channel (a per-tensor scale repeated).
std::vector<float> channelScales(const TensorView& weights, std::int64_t channels);

} // namespace lf::interp::detail
