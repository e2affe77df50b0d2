// SPDX-License-Identifier: GPL-3.0-or-later
// Facts shared by the TFLite reader and writer: the TensorType <-> DType mapping and the names of the
// attributes that carry TFLite-only information (custom ops, kept-as-read builtins, LSTM intermediates).
#pragma once

#include "core/ir/dtype.h"

#include <cstdint>
#include <optional>
#include <string_view>

namespace lf::tflite {

/// Custom op name and its opaque (usually FlexBuffer) options.
constexpr std::string_view kCustomCodeAttribute = "custom_code";
constexpr std::string_view kCustomOptionsAttribute = "custom_options";
/// For Opaque nodes: the builtin operator name and the option table names they were read with.
constexpr std::string_view kBuiltinAttribute = "tflite_builtin";
constexpr std::string_view kOptionsAttribute = "tflite_options";
constexpr std::string_view kOptions2Attribute = "tflite_options_2";
/// Tensor indices of an operator's intermediates (quantized LSTM gate statistics).
constexpr std::string_view kIntermediatesAttribute = "intermediates";

/// deprecated_builtin_code holds this for codes that only fit in the extended builtin_code field.
constexpr std::int32_t kPlaceholderForGreaterOpCodes = 127;

std::optional<ir::DType> dtypeFromTflite(std::int8_t tensorType);
std::int8_t dtypeToTflite(ir::DType dtype);

} // namespace lf::tflite
