// SPDX-License-Identifier: GPL-3.0-or-later
// Schema-driven conversion between TFLite option tables and IR attributes. The binary form of our
// tflite.fbs is embedded at build time; options are read and written field by field through it, so
// every builtin's options round-trip with one code path and attribute names equal the schema's fields.
#pragma once

#include "core/base/result.h"
#include "core/ir/attribute.h"

#include <flatbuffers/flatbuffers.h>
#include <flatbuffers/reflection.h>

#include <optional>
#include <string_view>

namespace lf::tflite::detail {

/// The two option unions of an Operator.
enum class OptionsUnion { Builtin, Builtin2 };

/// Name of the BuiltinOperator enum value `code` ("CONV_2D"); empty if the schema has no such value.
std::string_view builtinOperatorName(std::int32_t code);
std::optional<std::int32_t> builtinOperatorCode(std::string_view name);

/// The options table of union member `type` ("Conv2DOptions"), nullptr if unknown.
const reflection::Object* optionsTable(OptionsUnion which, std::uint8_t type);
/// The union member value for the options table named `tableName`.
std::optional<std::uint8_t> optionsType(OptionsUnion which, std::string_view tableName);
/// Unqualified table name ("Conv2DOptions").
std::string_view tableName(const reflection::Object& table);

/// Reads every present or defaulted field of `data` (a table of type `table`) into `attributes`.
/// Enum fields become their value names, bools bools, integers int64, floats double, scalar vectors
/// int or double lists, strings strings.
Result<void> readOptions(const reflection::Object& table, const flatbuffers::Table& data, ir::Attributes& attributes);

/// Builds a table of type `table` from the attributes whose names are its fields. Attributes that are
/// not fields of the table are ignored here; the writer checks for unknown ones. Returns the offset.
Result<flatbuffers::Offset<void>> writeOptions(flatbuffers::FlatBufferBuilder& builder, const reflection::Object& table,
                                               const ir::Attributes& attributes);

/// True if `name` is a field of `table`.
bool hasField(const reflection::Object& table, std::string_view name);

} // namespace lf::tflite::detail
