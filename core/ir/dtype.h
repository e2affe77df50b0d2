// SPDX-License-Identifier: GPL-3.0-or-later
// Element types of IR tensors: every type a TFLite file can declare, which is a superset of what the
// ONNX, Keras, TensorFlow and Darknet importers produce.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace lf::ir {

enum class DType : unsigned char {
    Float32,
    Float16,
    BFloat16,
    Float64,
    Int4,
    Int8,
    UInt8,
    Int16,
    UInt16,
    Int32,
    UInt32,
    Int64,
    UInt64,
    Bool,
    String,
    Complex64,
    Complex128,
    Resource,
    Variant,
};

/// Short stable name used in .lfir dumps, the CLI and JSON: "f32", "i8", "u8", "bool", ...
std::string_view dtypeName(DType type);
std::optional<DType> dtypeFromName(std::string_view name);

/// Bytes per element; 0 for types without a fixed element size (Int4 is packed, String is variable).
std::size_t dtypeSize(DType type);

bool isFloatingPoint(DType type);

} // namespace lf::ir
