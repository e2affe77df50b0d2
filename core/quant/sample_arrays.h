// SPDX-License-Identifier: GPL-3.0-or-later
// Checks and conversions of one sample array on its way into a model input: shape adaptation
// (missing batch dim, NCHW to NHWC), dtype conversion and the NaN/Inf check.
#pragma once

#include "core/base/npy.h"
#include "core/base/result.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lf::quant {

/// Fits a sample array to an input of shape `inputShape` (-1 = dynamic): accepted are the exact
/// shape, the channels-first form of a channels-last input (NCHW → NHWC, permuted here), and
/// either of those without the leading batch dim of 1. ShapeMismatch naming `sourceName`, the
/// expected and the actual shape otherwise.
Result<NpyArray> adaptToInput(NpyArray array, const std::vector<std::int64_t>& inputShape, std::string_view sourceName);

/// `array` converted to `dtype`: float32 inputs accept float64, float32 and integer data; integer
/// inputs accept integer data that fits. UnsupportedFeature naming `sourceName` otherwise.
Result<NpyArray> convertArray(const NpyArray& array, ir::DType dtype, std::string_view sourceName);

/// InvalidArgument naming `sourceName` and the first NaN or Inf element ("[0,2,5,1]") of a float
/// array; success for arrays without one and for non-float arrays.
Result<void> checkFinite(const NpyArray& array, std::string_view sourceName);

/// Row `row` of `array` along axis 0, keeping that axis with extent 1 ([N,C,H,W] → [1,C,H,W]).
NpyArray arrayRow(const NpyArray& array, std::int64_t row);

/// "[1,3,224,224]"
std::string shapeString(const std::vector<std::int64_t>& shape);

} // namespace lf::quant
