// SPDX-License-Identifier: GPL-3.0-or-later
// Name tables of op kinds, generated from ops.def.
#include "core/ir/op_kind.h"

#include <array>
#include <utility>

namespace lf::ir {

namespace {

struct OpInfo {
    OpKind kind;
    std::string_view name;
    OpCategory category;
    std::string_view tfliteBuiltin;
    std::string_view tfliteOptions;
};

constexpr std::array kOps{
#define LF_OP(kind, category, tflite, options) OpInfo{OpKind::kind, #kind, OpCategory::category, #tflite, #options},
#include "core/ir/ops.def"
#undef LF_OP
    OpInfo{OpKind::Custom, "Custom", OpCategory::Other, {}, {}},
    OpInfo{OpKind::Opaque, "Opaque", OpCategory::Other, {}, {}},
};

static_assert(kOps.size() == std::to_underlying(OpKind::Opaque) + 1);

const OpInfo& info(OpKind kind) { return kOps[std::to_underlying(kind)]; }

} // namespace

std::string_view opKindName(OpKind kind) { return info(kind).name; }

OpCategory opCategory(OpKind kind) { return info(kind).category; }

std::optional<OpKind> opKindFromName(std::string_view name)
{
    for (const OpInfo& op : kOps) {
        if (op.name == name)
            return op.kind;
    }
    return std::nullopt;
}

std::string_view tfliteBuiltinName(OpKind kind) { return info(kind).tfliteBuiltin; }

std::string_view tfliteOptionsName(OpKind kind)
{
    const std::string_view name = info(kind).tfliteOptions;
    return name == "None" ? std::string_view() : name;
}

std::optional<OpKind> opKindFromTfliteBuiltin(std::string_view builtinName)
{
    if (builtinName.empty())
        return std::nullopt;
    for (const OpInfo& op : kOps) {
        if (op.tfliteBuiltin == builtinName)
            return op.kind;
    }
    return std::nullopt;
}

std::string_view opCategoryName(OpCategory category)
{
    switch (category) {
    case OpCategory::Activation: return "activation";
    case OpCategory::Control: return "control";
    case OpCategory::Convolution: return "convolution";
    case OpCategory::Elementwise: return "elementwise";
    case OpCategory::Matmul: return "matmul";
    case OpCategory::Normalization: return "normalization";
    case OpCategory::Pool: return "pool";
    case OpCategory::Quantization: return "quantization";
    case OpCategory::Recurrent: return "recurrent";
    case OpCategory::Reduction: return "reduction";
    case OpCategory::Resize: return "resize";
    case OpCategory::Shape: return "shape";
    case OpCategory::Other: return "other";
    }
    return "other";
}

} // namespace lf::ir
