// SPDX-License-Identifier: GPL-3.0-or-later
// The kind of an IR node: one of the canonical ops of ops.def, a custom op (custom_code attribute), or
// an Opaque builtin that the IR has no canonical kind for yet and keeps exactly as read.
#pragma once

#include <optional>
#include <string_view>

namespace lf::ir {

enum class OpKind : unsigned short {
#define LF_OP(kind, category, tflite, options) kind,
#include "core/ir/ops.def"
#undef LF_OP
    Custom,
    Opaque,
};

/// Broad family of an op, for colouring graph views and grouping statistics.
enum class OpCategory : unsigned char {
    Activation,
    Control,
    Convolution,
    Elementwise,
    Matmul,
    Normalization,
    Pool,
    Quantization,
    Recurrent,
    Reduction,
    Resize,
    Shape,
    Other,
};

std::string_view opKindName(OpKind kind);
std::optional<OpKind> opKindFromName(std::string_view name);
OpCategory opCategory(OpKind kind);
std::string_view opCategoryName(OpCategory category);

/// The TFLite builtin operator name ("CONV_2D") of a canonical op; empty for Custom and Opaque.
std::string_view tfliteBuiltinName(OpKind kind);
std::optional<OpKind> opKindFromTfliteBuiltin(std::string_view builtinName);
/// The TFLite options table of a canonical op ("Conv2DOptions"); empty if it takes none.
std::string_view tfliteOptionsName(OpKind kind);

} // namespace lf::ir
