// SPDX-License-Identifier: GPL-3.0-or-later
// Names and sizes of element types.
#include "core/ir/dtype.h"

#include <array>
#include <utility>

namespace lf::ir {

namespace {

struct DTypeInfo {
    DType type;
    std::string_view name;
    std::size_t size;
};

constexpr std::array kDTypes{
    DTypeInfo{DType::Float32, "f32", 4},     DTypeInfo{DType::Float16, "f16", 2},
    DTypeInfo{DType::BFloat16, "bf16", 2},   DTypeInfo{DType::Float64, "f64", 8},
    DTypeInfo{DType::Int4, "i4", 0},         DTypeInfo{DType::Int8, "i8", 1},
    DTypeInfo{DType::UInt8, "u8", 1},        DTypeInfo{DType::Int16, "i16", 2},
    DTypeInfo{DType::UInt16, "u16", 2},      DTypeInfo{DType::Int32, "i32", 4},
    DTypeInfo{DType::UInt32, "u32", 4},      DTypeInfo{DType::Int64, "i64", 8},
    DTypeInfo{DType::UInt64, "u64", 8},      DTypeInfo{DType::Bool, "bool", 1},
    DTypeInfo{DType::String, "string", 0},   DTypeInfo{DType::Complex64, "c64", 8},
    DTypeInfo{DType::Complex128, "c128", 16}, DTypeInfo{DType::Resource, "resource", 0},
    DTypeInfo{DType::Variant, "variant", 0},
};

const DTypeInfo& info(DType type) { return kDTypes[std::to_underlying(type)]; }

} // namespace

static_assert(kDTypes.size() == std::to_underlying(DType::Variant) + 1);

std::string_view dtypeName(DType type) { return info(type).name; }

std::size_t dtypeSize(DType type) { return info(type).size; }

std::optional<DType> dtypeFromName(std::string_view name)
{
    for (const DTypeInfo& entry : kDTypes) {
        if (entry.name == name)
            return entry.type;
    }
    return std::nullopt;
}

bool isFloatingPoint(DType type)
{
    return type == DType::Float32 || type == DType::Float16 || type == DType::BFloat16
        || type == DType::Float64;
}

} // namespace lf::ir
