// SPDX-License-Identifier: GPL-3.0-or-later
// Reading and writing option tables through the embedded binary schema.
#include "core/tflite/schema_reflection.h"

#include "tflite_bfbs_generated.h"

#include <variant>
#include <vector>

namespace lf::tflite::detail {

namespace {

constexpr std::string_view kNamespacePrefix = "lf.tflite.fb.";

const reflection::Schema& schema()
{
    static const reflection::Schema* parsed = [] {
        flatbuffers::Verifier verifier(fb::ModelBinarySchema::data(), fb::ModelBinarySchema::size());
        // The schema is our own build artefact; a failure here is a build error, not bad input.
        if (!reflection::VerifySchemaBuffer(verifier))
            std::abort();
        return reflection::GetSchema(fb::ModelBinarySchema::data());
    }();
    return *parsed;
}

const reflection::Enum& enumNamed(std::string_view shortName)
{
    const std::string fullName = std::string(kNamespacePrefix) + std::string(shortName);
    const reflection::Enum* found = schema().enums()->LookupByKey(fullName.c_str());
    if (!found)
        std::abort();
    return *found;
}

const reflection::Enum& unionEnum(OptionsUnion which)
{
    static const reflection::Enum& builtin = enumNamed("BuiltinOptions");
    static const reflection::Enum& builtin2 = enumNamed("BuiltinOptions2");
    return which == OptionsUnion::Builtin ? builtin : builtin2;
}

bool isEnumField(const reflection::Field& field)
{
    return flatbuffers::IsInteger(field.type()->base_type()) && field.type()->index() >= 0;
}

std::string fieldLabel(const reflection::Object& table, const reflection::Field& field)
{
    return std::string(tableName(table)) + "." + field.name()->str();
}

Result<void> readVector(const reflection::Object& table, const reflection::Field& field, const flatbuffers::Table& data,
                        ir::Attributes& attributes)
{
    const reflection::BaseType element = field.type()->element();
    const flatbuffers::VectorOfAny* vector = flatbuffers::GetFieldAnyV(data, field);
    if (!vector)
        return {};
    if (flatbuffers::IsInteger(element) || element == reflection::Bool) {
        std::vector<std::int64_t> values(vector->size());
        for (flatbuffers::uoffset_t i = 0; i < vector->size(); ++i)
            values[i] = flatbuffers::GetAnyVectorElemI(vector, element, i);
        attributes.set(field.name()->str(), std::move(values));
        return {};
    }
    if (flatbuffers::IsFloat(element)) {
        std::vector<double> values(vector->size());
        for (flatbuffers::uoffset_t i = 0; i < vector->size(); ++i)
            values[i] = flatbuffers::GetAnyVectorElemF(vector, element, i);
        attributes.set(field.name()->str(), std::move(values));
        return {};
    }
    return fail(ErrorCode::UnsupportedFeature, "option field of non-scalar vector type", fieldLabel(table, field));
}

template <class T>
void addScalar(flatbuffers::FlatBufferBuilder& builder, const reflection::Field& field, T value)
{
    if constexpr (std::is_floating_point_v<T>)
        builder.AddElement<T>(field.offset(), value, static_cast<T>(field.default_real()));
    else
        builder.AddElement<T>(field.offset(), value, static_cast<T>(field.default_integer()));
}

Result<std::int64_t> integerValue(const reflection::Object& table, const reflection::Field& field,
                                  const ir::Attribute& value)
{
    if (const auto* number = std::get_if<std::int64_t>(&value))
        return *number;
    if (const auto* flag = std::get_if<bool>(&value))
        return *flag ? 1 : 0;
    if (const auto* name = std::get_if<std::string>(&value); name && isEnumField(field)) {
        const reflection::Enum* enumeration = schema().enums()->Get(static_cast<flatbuffers::uoffset_t>(field.type()->index()));
        for (const reflection::EnumVal* entry : *enumeration->values()) {
            if (entry->name()->string_view() == *name)
                return entry->value();
        }
        return fail(ErrorCode::InvalidArgument, "'" + *name + "' is not a value of " + enumeration->name()->str(),
                    fieldLabel(table, field));
    }
    return fail(ErrorCode::InvalidArgument, "expects an integer", fieldLabel(table, field));
}

Result<void> addScalarField(flatbuffers::FlatBufferBuilder& builder, const reflection::Object& table,
                            const reflection::Field& field, const ir::Attribute& value)
{
    const reflection::BaseType type = field.type()->base_type();
    if (flatbuffers::IsFloat(type)) {
        double real = 0;
        if (const auto* number = std::get_if<double>(&value))
            real = *number;
        else if (const auto* integer = std::get_if<std::int64_t>(&value))
            real = static_cast<double>(*integer);
        else
            return fail(ErrorCode::InvalidArgument, "expects a number", fieldLabel(table, field));
        if (type == reflection::Float)
            addScalar(builder, field, static_cast<float>(real));
        else
            addScalar(builder, field, real);
        return {};
    }
    const Result<std::int64_t> integer = integerValue(table, field, value);
    if (!integer)
        return std::unexpected(integer.error());
    switch (type) {
    case reflection::Bool: addScalar(builder, field, static_cast<std::uint8_t>(*integer != 0)); break;
    case reflection::UType:
    case reflection::UByte: addScalar(builder, field, static_cast<std::uint8_t>(*integer)); break;
    case reflection::Byte: addScalar(builder, field, static_cast<std::int8_t>(*integer)); break;
    case reflection::Short: addScalar(builder, field, static_cast<std::int16_t>(*integer)); break;
    case reflection::UShort: addScalar(builder, field, static_cast<std::uint16_t>(*integer)); break;
    case reflection::Int: addScalar(builder, field, static_cast<std::int32_t>(*integer)); break;
    case reflection::UInt: addScalar(builder, field, static_cast<std::uint32_t>(*integer)); break;
    case reflection::Long: addScalar(builder, field, static_cast<std::int64_t>(*integer)); break;
    case reflection::ULong: addScalar(builder, field, static_cast<std::uint64_t>(*integer)); break;
    default: return fail(ErrorCode::Internal, "unexpected scalar type", fieldLabel(table, field));
    }
    return {};
}

template <class T>
flatbuffers::Offset<flatbuffers::Vector<T>> createNumberVector(flatbuffers::FlatBufferBuilder& builder,
                                                               const ir::Attribute& value)
{
    std::vector<T> converted;
    if (const auto* integers = std::get_if<std::vector<std::int64_t>>(&value)) {
        for (std::int64_t v : *integers)
            converted.push_back(static_cast<T>(v));
    } else if (const auto* reals = std::get_if<std::vector<double>>(&value)) {
        for (double v : *reals)
            converted.push_back(static_cast<T>(v));
    }
    return builder.CreateVector(converted);
}

/// Creates the out-of-line part (string or vector) of a field; must happen before StartTable.
Result<flatbuffers::uoffset_t> createOutOfLine(flatbuffers::FlatBufferBuilder& builder, const reflection::Object& table,
                                               const reflection::Field& field, const ir::Attribute& value)
{
    const reflection::BaseType type = field.type()->base_type();
    if (type == reflection::String) {
        const auto* text = std::get_if<std::string>(&value);
        if (!text)
            return fail(ErrorCode::InvalidArgument, "expects a string", fieldLabel(table, field));
        return builder.CreateString(*text).o;
    }
    const bool isList = std::holds_alternative<std::vector<std::int64_t>>(value)
        || std::holds_alternative<std::vector<double>>(value);
    if (type != reflection::Vector || !isList)
        return fail(ErrorCode::InvalidArgument, "expects a list of numbers", fieldLabel(table, field));
    switch (field.type()->element()) {
    case reflection::Bool:
    case reflection::UByte: return createNumberVector<std::uint8_t>(builder, value).o;
    case reflection::Byte: return createNumberVector<std::int8_t>(builder, value).o;
    case reflection::Short: return createNumberVector<std::int16_t>(builder, value).o;
    case reflection::UShort: return createNumberVector<std::uint16_t>(builder, value).o;
    case reflection::Int: return createNumberVector<std::int32_t>(builder, value).o;
    case reflection::UInt: return createNumberVector<std::uint32_t>(builder, value).o;
    case reflection::Long: return createNumberVector<std::int64_t>(builder, value).o;
    case reflection::ULong: return createNumberVector<std::uint64_t>(builder, value).o;
    case reflection::Float: return createNumberVector<float>(builder, value).o;
    case reflection::Double: return createNumberVector<double>(builder, value).o;
    default: return fail(ErrorCode::UnsupportedFeature, "option field of non-scalar vector type", fieldLabel(table, field));
    }
}

} // namespace

std::string_view builtinOperatorName(std::int32_t code)
{
    static const reflection::Enum& operators = enumNamed("BuiltinOperator");
    const reflection::EnumVal* value = operators.values()->LookupByKey(code);
    return value ? value->name()->string_view() : std::string_view();
}

std::optional<std::int32_t> builtinOperatorCode(std::string_view name)
{
    static const reflection::Enum& operators = enumNamed("BuiltinOperator");
    for (const reflection::EnumVal* value : *operators.values()) {
        if (value->name()->string_view() == name)
            return static_cast<std::int32_t>(value->value());
    }
    return std::nullopt;
}

const reflection::Object* optionsTable(OptionsUnion which, std::uint8_t type)
{
    const reflection::EnumVal* member = unionEnum(which).values()->LookupByKey(type);
    if (!member || !member->union_type() || member->union_type()->base_type() != reflection::Obj)
        return nullptr;
    return schema().objects()->Get(static_cast<flatbuffers::uoffset_t>(member->union_type()->index()));
}

std::optional<std::uint8_t> optionsType(OptionsUnion which, std::string_view name)
{
    for (const reflection::EnumVal* member : *unionEnum(which).values()) {
        const reflection::Object* table = optionsTable(which, static_cast<std::uint8_t>(member->value()));
        if (table && tableName(*table) == name)
            return static_cast<std::uint8_t>(member->value());
    }
    return std::nullopt;
}

std::string_view tableName(const reflection::Object& table)
{
    std::string_view name = table.name()->string_view();
    if (name.starts_with(kNamespacePrefix))
        name.remove_prefix(kNamespacePrefix.size());
    return name;
}

bool hasField(const reflection::Object& table, std::string_view name)
{
    const reflection::Field* field = table.fields()->LookupByKey(std::string(name).c_str());
    return field && !field->deprecated();
}

Result<void> readOptions(const reflection::Object& table, const flatbuffers::Table& data, ir::Attributes& attributes)
{
    for (const reflection::Field* field : *table.fields()) {
        if (field->deprecated())
            continue;
        const reflection::BaseType type = field->type()->base_type();
        const std::string name = field->name()->str();
        if (type == reflection::Bool) {
            attributes.set(name, flatbuffers::GetAnyFieldI(data, *field) != 0);
        } else if (isEnumField(*field)) {
            const std::int64_t value = flatbuffers::GetAnyFieldI(data, *field);
            const reflection::Enum* enumeration = schema().enums()->Get(static_cast<flatbuffers::uoffset_t>(field->type()->index()));
            const reflection::EnumVal* entry = enumeration->values()->LookupByKey(value);
            if (entry)
                attributes.set(name, entry->name()->str());
            else
                attributes.set(name, value); // a value newer than our schema: kept as a number
        } else if (flatbuffers::IsInteger(type)) {
            attributes.set(name, flatbuffers::GetAnyFieldI(data, *field));
        } else if (flatbuffers::IsFloat(type)) {
            attributes.set(name, flatbuffers::GetAnyFieldF(data, *field));
        } else if (type == reflection::String) {
            if (const flatbuffers::String* text = flatbuffers::GetFieldS(data, *field))
                attributes.set(name, text->str());
        } else if (type == reflection::Vector) {
            if (auto read = readVector(table, *field, data, attributes); !read)
                return read;
        } else if (data.CheckField(field->offset())) {
            return fail(ErrorCode::UnsupportedFeature, "option field of nested table type", fieldLabel(table, *field));
        }
    }
    return {};
}

Result<flatbuffers::Offset<void>> writeOptions(flatbuffers::FlatBufferBuilder& builder, const reflection::Object& table,
                                               const ir::Attributes& attributes)
{
    struct Pending {
        const reflection::Field* field;
        flatbuffers::uoffset_t offset;
    };
    std::vector<Pending> outOfLine;
    for (const reflection::Field* field : *table.fields()) {
        const reflection::BaseType type = field->type()->base_type();
        const ir::Attribute* value = attributes.find(field->name()->string_view());
        if (field->deprecated() || !value || flatbuffers::IsScalar(type))
            continue;
        const Result<flatbuffers::uoffset_t> offset = createOutOfLine(builder, table, *field, *value);
        if (!offset)
            return std::unexpected(offset.error());
        outOfLine.push_back({field, *offset});
    }
    const flatbuffers::uoffset_t start = builder.StartTable();
    for (const Pending& pending : outOfLine)
        builder.AddOffset(pending.field->offset(), flatbuffers::Offset<void>(pending.offset));
    for (const reflection::Field* field : *table.fields()) {
        const ir::Attribute* value = attributes.find(field->name()->string_view());
        if (field->deprecated() || !value || !flatbuffers::IsScalar(field->type()->base_type()))
            continue;
        if (auto added = addScalarField(builder, table, *field, *value); !added)
            return std::unexpected(added.error());
    }
    return flatbuffers::Offset<void>(builder.EndTable(start));
}

} // namespace lf::tflite::detail
