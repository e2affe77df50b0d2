// SPDX-License-Identifier: GPL-3.0-or-later
// TensorType values of the TFLite schema and their IR element types.
#include "core/tflite/tflite_types.h"

#include <array>
#include <utility>

namespace lf::tflite {

namespace {

// Indexed by the TensorType value of the TFLite schema.
constexpr std::array kTensorTypes{
    ir::DType::Float32, ir::DType::Float16,   ir::DType::Int32,      ir::DType::UInt8,    ir::DType::Int64,
    ir::DType::String,  ir::DType::Bool,      ir::DType::Int16,      ir::DType::Complex64, ir::DType::Int8,
    ir::DType::Float64, ir::DType::Complex128, ir::DType::UInt64,    ir::DType::Resource, ir::DType::Variant,
    ir::DType::UInt32,  ir::DType::UInt16,    ir::DType::Int4,       ir::DType::BFloat16,
};

} // namespace

std::optional<ir::DType> dtypeFromTflite(std::int8_t tensorType)
{
    if (tensorType < 0 || static_cast<std::size_t>(tensorType) >= kTensorTypes.size())
        return std::nullopt;
    return kTensorTypes[static_cast<std::size_t>(tensorType)];
}

std::int8_t dtypeToTflite(ir::DType dtype)
{
    for (std::size_t i = 0; i < kTensorTypes.size(); ++i) {
        if (kTensorTypes[i] == dtype)
            return static_cast<std::int8_t>(i);
    }
    return 0; // unreachable: every DType has a TensorType
}

} // namespace lf::tflite
