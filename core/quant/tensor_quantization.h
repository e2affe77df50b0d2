// SPDX-License-Identifier: GPL-3.0-or-later
// Quantizing single tensors: activation parameters from a range, symmetric per-channel weights,
// biases in the accumulator's type, other constants with given parameters, and float16 weights.
#pragma once

#include "core/ir/graph.h"

#include <span>

namespace lf::quant {

/// Parameters for an activation with real range [min, max] (widened to contain 0): asymmetric int8
/// or uint8 with TFLite's nudged zero point, symmetric int16 with zero point 0. A zero-width range
/// is widened (scale never 0); `widened` tells the caller to warn.
ir::QuantParams activationParams(float min, float max, ir::DType dtype, bool* widened = nullptr);

/// Symmetric int8 weights in [-127, 127] with one scale per slice along `axis` (zero points 0).
ir::Tensor quantizeWeights(const ir::Tensor& weights, int axis);

/// int32 (or int64) bias with scale inputScale * weightScales[c] per channel, zero point 0.
ir::Tensor quantizeBias(const ir::Tensor& bias, float inputScale, std::span<const float> weightScales, ir::DType dtype);

/// `constant` quantized with the given per-tensor parameters to `dtype` (int8, uint8 or int16).
ir::Tensor quantizeConstant(const ir::Tensor& constant, const ir::QuantParams& params, ir::DType dtype);

/// The constant's values rounded to float16.
ir::Tensor toFloat16(const ir::Tensor& constant);

} // namespace lf::quant
