// SPDX-License-Identifier: GPL-3.0-or-later
// Reading ONNX protobufs. Everything read is untrusted: sizes are checked against the declared dims
// before any copy, dims must be non-negative and below 2^31, and external data must lie inside the
// model's folder and inside its file.
#include "core/importers/onnx/onnx_file.h"

#include "core/base/file_io.h"
#include "core/importers/onnx/onnx_proto.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace lf::onnx_import {

namespace {

constexpr std::int64_t kMaxExtent = std::numeric_limits<std::int32_t>::max();

std::string tensorLabel(const onnx::TensorProto& proto) { return "tensor '" + proto.name() + "'"; }

template <class Target, class Source>
std::vector<std::byte> packAs(const Source& values)
{
    std::vector<std::byte> bytes(static_cast<std::size_t>(values.size()) * sizeof(Target));
    for (int i = 0; i < values.size(); ++i) {
        const Target value = static_cast<Target>(values.Get(i));
        std::memcpy(bytes.data() + static_cast<std::size_t>(i) * sizeof(Target), &value, sizeof(Target));
    }
    return bytes;
}

/// The typed-field payload of a tensor (the representation without raw_data).
Result<std::vector<std::byte>> typedFieldBytes(const onnx::TensorProto& proto, ir::DType dtype)
{
    using T = onnx::TensorProto;
    switch (proto.data_type()) {
    case T::FLOAT: return packAs<float>(proto.float_data());
    case T::DOUBLE: return packAs<double>(proto.double_data());
    case T::INT64: return packAs<std::int64_t>(proto.int64_data());
    case T::UINT64: return packAs<std::uint64_t>(proto.uint64_data());
    case T::UINT32: return packAs<std::uint32_t>(proto.uint64_data());
    case T::INT32: return packAs<std::int32_t>(proto.int32_data());
    case T::INT16: return packAs<std::int16_t>(proto.int32_data());
    case T::UINT16:
    case T::FLOAT16:
    case T::BFLOAT16: return packAs<std::uint16_t>(proto.int32_data());
    case T::INT8: return packAs<std::int8_t>(proto.int32_data());
    case T::UINT8:
    case T::BOOL: return packAs<std::uint8_t>(proto.int32_data());
    default:
        return fail(ErrorCode::UnsupportedFeature, std::string("data type ") + std::string(ir::dtypeName(dtype)) + " is not supported",
                    tensorLabel(proto));
    }
}

Result<std::vector<std::byte>> externalBytes(const onnx::TensorProto& proto, const std::filesystem::path& baseDir,
                                             std::size_t expected)
{
    std::string location;
    std::int64_t offset = 0;
    std::int64_t length = -1;
    for (const auto& entry : proto.external_data()) {
        if (entry.key() == "location")
            location = entry.value();
        else if (entry.key() == "offset")
            offset = std::atoll(entry.value().c_str());
        else if (entry.key() == "length")
            length = std::atoll(entry.value().c_str());
    }
    const std::filesystem::path relative(location);
    if (location.empty() || relative.is_absolute()
        || std::any_of(relative.begin(), relative.end(), [](const auto& part) { return part == ".."; }))
        return fail(ErrorCode::InvalidModel, "external data location '" + location + "' must be a file inside the model's folder",
                    tensorLabel(proto));
    const std::filesystem::path file = baseDir / relative;
    auto mapped = MappedFile::open(file);
    if (!mapped)
        return fail(ErrorCode::Io, "external data file '" + file.string() + "' cannot be read: " + mapped.error().message,
                    tensorLabel(proto));
    const std::size_t size = (*mapped)->bytes().size();
    const std::size_t count = length < 0 ? expected : static_cast<std::size_t>(length);
    if (offset < 0 || static_cast<std::size_t>(offset) > size || count > size - static_cast<std::size_t>(offset))
        return fail(ErrorCode::InvalidModel,
                    "external data [" + std::to_string(offset) + ", +" + std::to_string(count) + ") lies outside '" + file.string()
                        + "' (" + std::to_string(size) + " bytes)",
                    tensorLabel(proto));
    auto begin = (*mapped)->bytes().begin() + offset;
    return std::vector<std::byte>(begin, begin + static_cast<std::ptrdiff_t>(count));
}

template <class Source, class Target>
void saturate(std::span<const Source> values, std::vector<std::byte>& out)
{
    out.resize(values.size() * sizeof(Target));
    for (std::size_t i = 0; i < values.size(); ++i) {
        const Target value = static_cast<Target>(std::clamp<Source>(values[i], std::numeric_limits<Target>::min(),
                                                                    std::numeric_limits<Target>::max()));
        std::memcpy(out.data() + i * sizeof(Target), &value, sizeof(Target));
    }
}

} // namespace

std::optional<ir::DType> dtypeFromOnnx(int onnxType)
{
    using T = onnx::TensorProto;
    switch (onnxType) {
    case T::FLOAT: return ir::DType::Float32;
    case T::UINT8: return ir::DType::UInt8;
    case T::INT8: return ir::DType::Int8;
    case T::UINT16: return ir::DType::UInt16;
    case T::INT16: return ir::DType::Int16;
    case T::INT32: return ir::DType::Int32;
    case T::INT64: return ir::DType::Int64;
    case T::BOOL: return ir::DType::Bool;
    case T::FLOAT16: return ir::DType::Float16;
    case T::DOUBLE: return ir::DType::Float64;
    case T::UINT32: return ir::DType::UInt32;
    case T::UINT64: return ir::DType::UInt64;
    case T::BFLOAT16: return ir::DType::BFloat16;
    default: return std::nullopt;
    }
}

Result<onnx::ModelProto> parseModelProto(const std::filesystem::path& path)
{
    auto file = MappedFile::open(path);
    if (!file)
        return std::unexpected(file.error());
    const auto bytes = (*file)->bytes();
    if (bytes.empty())
        return fail(ErrorCode::InvalidModel, "the file is empty", path.string());
    if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        return fail(ErrorCode::UnsupportedFeature, "files over 2 GiB must keep their weights as external data", path.string());
    onnx::ModelProto model;
    if (!model.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
        return fail(ErrorCode::InvalidModel, "not a valid ONNX model: the protobuf cannot be parsed (truncated or another format)",
                    path.string());
    if (!model.has_graph())
        return fail(ErrorCode::InvalidModel, "the ONNX model has no graph", path.string());
    return model;
}

Result<ir::Tensor> tensorFromProto(const onnx::TensorProto& proto, const std::filesystem::path& baseDir)
{
    const std::optional<ir::DType> dtype = dtypeFromOnnx(proto.data_type());
    if (!dtype)
        return fail(ErrorCode::UnsupportedFeature, "ONNX data type " + std::to_string(proto.data_type()) + " is not supported",
                    tensorLabel(proto));
    ir::Tensor tensor;
    tensor.name = proto.name();
    tensor.dtype = *dtype;
    std::vector<std::int64_t> extents;
    std::int64_t count = 1;
    for (std::int64_t extent : proto.dims()) {
        if (extent < 0 || extent > kMaxExtent)
            return fail(ErrorCode::InvalidModel, "dimension " + std::to_string(extent) + " is negative or over 2^31",
                        tensorLabel(proto));
        extents.push_back(extent);
        count *= extent;
        if (count > kMaxExtent)
            return fail(ErrorCode::InvalidModel, "more than 2^31 elements", tensorLabel(proto));
    }
    tensor.shape = ir::Shape::fromExtents(extents);
    const std::size_t expected = static_cast<std::size_t>(count) * ir::dtypeSize(*dtype);

    Result<std::vector<std::byte>> bytes = std::vector<std::byte>{};
    if (proto.data_location() == onnx::TensorProto::EXTERNAL)
        bytes = externalBytes(proto, baseDir, expected);
    else if (proto.has_raw_data())
        bytes = std::vector<std::byte>(reinterpret_cast<const std::byte*>(proto.raw_data().data()),
                                       reinterpret_cast<const std::byte*>(proto.raw_data().data()) + proto.raw_data().size());
    else
        bytes = typedFieldBytes(proto, *dtype);
    if (!bytes)
        return std::unexpected(std::move(bytes.error()));
    if (bytes->size() != expected)
        return fail(ErrorCode::InvalidModel,
                    "holds " + std::to_string(bytes->size()) + " bytes, but its shape " + tensor.shape.toString() + " and type "
                        + std::string(ir::dtypeName(*dtype)) + " need " + std::to_string(expected),
                    tensorLabel(proto));
    tensor.data = ir::ConstData::fromVector(std::move(*bytes));
    return tensor;
}

ir::Tensor narrowInt64(ir::Tensor tensor)
{
    if (tensor.dtype != ir::DType::Int64)
        return tensor;
    tensor.dtype = ir::DType::Int32;
    if (tensor.isConstant()) {
        std::vector<std::byte> narrowed;
        saturate<std::int64_t, std::int32_t>(tensor.data.as<std::int64_t>(), narrowed);
        tensor.data = ir::ConstData::fromVector(std::move(narrowed));
    }
    return tensor;
}

Result<SourceNode> sourceNodeFromProto(const onnx::NodeProto& proto, int opset, const std::filesystem::path& baseDir)
{
    SourceNode node;
    node.opType = proto.op_type();
    node.domain = proto.domain() == "ai.onnx" ? std::string() : proto.domain();
    node.name = !proto.name().empty() ? proto.name() : (proto.output_size() > 0 ? proto.output(0) : proto.op_type());
    node.opset = opset;
    node.inputs.assign(proto.input().begin(), proto.input().end());
    node.outputs.assign(proto.output().begin(), proto.output().end());
    for (const onnx::AttributeProto& attribute : proto.attribute()) {
        using A = onnx::AttributeProto;
        switch (attribute.type()) {
        case A::INT: node.attributes.set(attribute.name(), static_cast<std::int64_t>(attribute.i())); break;
        case A::FLOAT: node.attributes.set(attribute.name(), static_cast<double>(attribute.f())); break;
        case A::STRING: node.attributes.set(attribute.name(), attribute.s()); break;
        case A::INTS:
            node.attributes.set(attribute.name(), std::vector<std::int64_t>(attribute.ints().begin(), attribute.ints().end()));
            break;
        case A::FLOATS:
            node.attributes.set(attribute.name(), std::vector<double>(attribute.floats().begin(), attribute.floats().end()));
            break;
        case A::STRINGS:
            node.stringListAttributes.emplace(attribute.name(), std::vector<std::string>(attribute.strings().begin(), attribute.strings().end()));
            break;
        case A::TENSOR: {
            auto tensor = tensorFromProto(attribute.t(), baseDir);
            if (!tensor)
                return std::unexpected(std::move(tensor.error()).in(node.opType + " '" + node.name + "' attribute " + attribute.name()));
            node.tensorAttributes.emplace(attribute.name(), std::move(*tensor));
            break;
        }
        default: node.unsupportedAttributes.push_back(attribute.name()); break;
        }
    }
    return node;
}

Result<NamedArray> readTensorProtoFile(const std::filesystem::path& path)
{
    auto file = MappedFile::open(path);
    if (!file)
        return std::unexpected(file.error());
    const auto bytes = (*file)->bytes();
    onnx::TensorProto proto;
    if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())
        || !proto.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
        return fail(ErrorCode::InvalidModel, "not a serialized ONNX TensorProto", path.string());
    auto tensor = tensorFromProto(proto, path.parent_path());
    if (!tensor)
        return std::unexpected(std::move(tensor.error()).in(path.string()));
    NamedArray named{proto.name(), {tensor->dtype, tensor->shape.extents(), {}}};
    const auto data = tensor->data.bytes();
    named.array.data.assign(data.begin(), data.end());
    return named;
}

} // namespace lf::onnx_import
