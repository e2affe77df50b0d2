// SPDX-License-Identifier: GPL-3.0-or-later
// IR → .tflite. The writer serializes what it is given: it checks preconditions (a verified model,
// representable shapes and sizes, options that exist in the schema) and leaves every graph decision
// to the passes that ran before it.
#include "core/tflite/tflite_writer.h"

#include "core/base/file_io.h"
#include "core/ir/text_format.h"
#include "core/ir/verifier.h"
#include "core/tflite/min_runtime_version.h"
#include "core/tflite/schema_reflection.h"
#include "core/tflite/tflite_types.h"

#include "tflite_generated.h"

#include <array>
#include <cstring>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>

namespace lf::tflite {

namespace {

namespace fb = lf::tflite::fb;
using flatbuffers::Offset;

constexpr std::uint32_t kSchemaVersion = 3;
constexpr std::size_t kDataAlignment = 16;
/// Flatbuffers address with 32-bit offsets; bigger models need buffers outside the flatbuffer.
constexpr std::size_t kMaxFlatbufferSize = std::size_t{2} << 30;
constexpr std::string_view kMinRuntimeVersionName = "min_runtime_version";
constexpr std::string_view kDefaultSignatureKey = "serving_default";

/// Attributes the writer consumes itself rather than as option fields.
constexpr std::array kReservedAttributes{kCustomCodeAttribute, kCustomOptionsAttribute, kBuiltinAttribute,
                                         kOptionsAttribute,    kOptions2Attribute,      kIntermediatesAttribute};

struct OperatorCodeKey {
    std::int32_t builtin;
    std::string customCode;
    int version;
    auto operator<=>(const OperatorCodeKey&) const = default;
};

/// How a node is encoded: its operator code and the option tables its attributes fill.
struct Encoding {
    std::int32_t builtin = 0;
    std::string customCode;
    const reflection::Object* options = nullptr;
    std::uint8_t optionsType = 0;
    const reflection::Object* options2 = nullptr;
    std::uint8_t options2Type = 0;
};

class Writer final {
public:
    explicit Writer(const ir::Model& model) : m_model(model) {}

    Result<void> build();
    std::span<const std::byte> bytes() const
    {
        return {reinterpret_cast<const std::byte*>(m_builder.GetBufferPointer()), m_builder.GetSize()};
    }

private:
    std::uint32_t addBuffer(std::span<const std::byte> data);
    Result<Offset<fb::Tensor>> writeTensor(const ir::Tensor& tensor, const std::string& where);
    Result<Offset<fb::Operator>> writeOperator(const ir::Node& node, const std::string& where);
    Result<Offset<fb::SubGraph>> writeGraph(const ir::Graph& graph, std::size_t index);
    Offset<flatbuffers::Vector<Offset<fb::SignatureDef>>> writeSignatures();
    Offset<flatbuffers::Vector<Offset<fb::Metadata>>> writeMetadata();
    std::uint32_t operatorCodeIndex(const Encoding& encoding, int version);

    const ir::Model& m_model;
    flatbuffers::FlatBufferBuilder m_builder{1 << 16};
    std::vector<Offset<fb::Buffer>> m_buffers;
    std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> m_buffersByHash;
    std::vector<std::span<const std::byte>> m_bufferContents;
    std::map<OperatorCodeKey, std::uint32_t> m_operatorCodeIndex;
    std::vector<OperatorCodeKey> m_operatorCodes;
    std::array<std::byte, 16> m_runtimeVersionText{};
};

bool hasAnyField(const reflection::Object& table, const ir::Attributes& attributes)
{
    for (const auto& entry : attributes.values()) {
        if (detail::hasField(table, entry.first))
            return true;
    }
    return false;
}

Result<Encoding> encodingOf(const ir::Node& node)
{
    Encoding encoding;
    std::string builtinName(ir::tfliteBuiltinName(node.op));
    std::string optionsName(ir::tfliteOptionsName(node.op));
    std::string options2Name;
    if (node.op == ir::OpKind::Custom) {
        builtinName = "CUSTOM";
        encoding.customCode = node.attributes.getOr<std::string>(kCustomCodeAttribute, "");
        if (encoding.customCode.empty())
            return fail(ErrorCode::InvalidArgument, "custom op without a custom_code");
    } else if (node.op == ir::OpKind::Opaque) {
        builtinName = node.attributes.getOr<std::string>(kBuiltinAttribute, "");
        optionsName = node.attributes.getOr<std::string>(kOptionsAttribute, "");
        options2Name = node.attributes.getOr<std::string>(kOptions2Attribute, "");
    }
    const std::optional<std::int32_t> code = detail::builtinOperatorCode(builtinName);
    if (!code)
        return fail(ErrorCode::UnsupportedOp, "'" + builtinName + "' is not a TFLite builtin operator");
    encoding.builtin = *code;
    for (auto [which, name, table, type] :
         {std::tuple{detail::OptionsUnion::Builtin, &optionsName, &encoding.options, &encoding.optionsType},
          std::tuple{detail::OptionsUnion::Builtin2, &options2Name, &encoding.options2, &encoding.options2Type}}) {
        if (name->empty())
            continue;
        const std::optional<std::uint8_t> member = detail::optionsType(which, *name);
        if (!member)
            return fail(ErrorCode::Internal, "the TFLite schema has no options table " + *name);
        *type = *member;
        *table = detail::optionsTable(which, *member);
    }
    for (const auto& [name, value] : node.attributes.values()) {
        const bool reserved = std::find(kReservedAttributes.begin(), kReservedAttributes.end(), name)
            != kReservedAttributes.end();
        const bool isField = (encoding.options && detail::hasField(*encoding.options, name))
            || (encoding.options2 && detail::hasField(*encoding.options2, name));
        if (!reserved && !isField)
            return fail(ErrorCode::UnsupportedFeature,
                        "attribute '" + name + "' has no counterpart in TFLite " + builtinName
                            + (optionsName.empty() ? std::string(" (which takes no options)") : " options " + optionsName));
    }
    return encoding;
}

std::uint32_t Writer::addBuffer(std::span<const std::byte> data)
{
    const std::uint64_t hash = ir::fnv1a(data);
    std::vector<std::uint32_t>& candidates = m_buffersByHash[hash];
    for (std::uint32_t index : candidates) {
        const std::span<const std::byte> existing = m_bufferContents[index];
        if (existing.size() == data.size() && std::memcmp(existing.data(), data.data(), data.size()) == 0)
            return index;
    }
    m_builder.ForceVectorAlignment(data.size(), 1, kDataAlignment);
    const auto vector = m_builder.CreateVector(reinterpret_cast<const std::uint8_t*>(data.data()), data.size());
    fb::BufferBuilder buffer(m_builder);
    buffer.add_data(vector);
    const auto index = static_cast<std::uint32_t>(m_buffers.size());
    m_buffers.push_back(buffer.Finish());
    m_bufferContents.push_back(data);
    candidates.push_back(index);
    return index;
}

Result<Offset<fb::Tensor>> Writer::writeTensor(const ir::Tensor& tensor, const std::string& where)
{
    std::vector<std::int32_t> shape;
    std::vector<std::int32_t> signature;
    bool dynamic = false;
    for (const ir::Dim& dim : tensor.shape.dims) {
        if (dim.extent > std::numeric_limits<std::int32_t>::max())
            return fail(ErrorCode::UnsupportedFeature, "extent " + std::to_string(dim.extent) + " does not fit TFLite's int32",
                        where);
        // TFLite stores 1 in shape and -1 in shape_signature for a dynamic dim.
        shape.push_back(dim.isStatic() ? static_cast<std::int32_t>(dim.extent) : 1);
        signature.push_back(dim.isStatic() ? static_cast<std::int32_t>(dim.extent) : -1);
        dynamic = dynamic || !dim.isStatic();
    }
    const std::uint32_t buffer = tensor.isConstant() ? addBuffer(tensor.data.bytes()) : 0;
    const auto name = m_builder.CreateString(tensor.name);
    const auto shapeVector = m_builder.CreateVector(shape);
    const auto signatureVector = dynamic ? m_builder.CreateVector(signature) : 0;
    Offset<fb::QuantizationParameters> quantization;
    if (!tensor.quant.empty()) {
        const ir::QuantParams& q = tensor.quant;
        const auto scale = q.scales.empty() ? 0 : m_builder.CreateVector(q.scales);
        const auto zeroPoint = q.zeroPoints.empty() ? 0 : m_builder.CreateVector(q.zeroPoints);
        const auto min = q.min.empty() ? 0 : m_builder.CreateVector(q.min);
        const auto max = q.max.empty() ? 0 : m_builder.CreateVector(q.max);
        fb::QuantizationParametersBuilder params(m_builder);
        params.add_scale(scale);
        params.add_zero_point(zeroPoint);
        params.add_min(min);
        params.add_max(max);
        params.add_quantized_dimension(q.axis);
        quantization = params.Finish();
    }
    fb::TensorBuilder builder(m_builder);
    builder.add_shape(shapeVector);
    if (dynamic)
        builder.add_shape_signature(signatureVector);
    builder.add_type(static_cast<fb::TensorType>(dtypeToTflite(tensor.dtype)));
    builder.add_buffer(buffer);
    builder.add_name(name);
    builder.add_quantization(quantization);
    builder.add_is_variable(tensor.isVariable);
    builder.add_has_rank(tensor.shape.rankKnown);
    return builder.Finish();
}

std::uint32_t Writer::operatorCodeIndex(const Encoding& encoding, int version)
{
    OperatorCodeKey key{encoding.builtin, encoding.customCode, version};
    auto [it, inserted] = m_operatorCodeIndex.try_emplace(key, static_cast<std::uint32_t>(m_operatorCodes.size()));
    if (inserted)
        m_operatorCodes.push_back(std::move(key));
    return it->second;
}

Result<Offset<fb::Operator>> Writer::writeOperator(const ir::Node& node, const std::string& where)
{
    Result<Encoding> encoding = encodingOf(node);
    if (!encoding)
        return std::unexpected(std::move(encoding.error()).in(where));
    const int version = node.version > 0 ? node.version : 1;
    const std::uint32_t opcode = operatorCodeIndex(*encoding, version);

    // A node without option attributes gets no table, as the runtime then uses the defaults; this also
    // keeps option-less ops of read files (CAST in old files) exactly as they were.
    Offset<void> options;
    Offset<void> options2;
    for (auto [table, offset] : {std::pair{encoding->options, &options}, std::pair{encoding->options2, &options2}}) {
        if (!table || !hasAnyField(*table, node.attributes))
            continue;
        auto written = detail::writeOptions(m_builder, *table, node.attributes);
        if (!written)
            return std::unexpected(std::move(written.error()).in(where));
        *offset = *written;
    }
    Offset<flatbuffers::Vector<std::uint8_t>> customOptions;
    if (const auto* bytes = std::get_if<std::vector<std::byte>>(node.attributes.find(kCustomOptionsAttribute)))
        customOptions = m_builder.CreateVector(reinterpret_cast<const std::uint8_t*>(bytes->data()), bytes->size());
    Offset<flatbuffers::Vector<std::int32_t>> intermediates;
    if (auto ids = node.attributes.get<std::vector<std::int64_t>>(kIntermediatesAttribute))
        intermediates = m_builder.CreateVector(std::vector<std::int32_t>(ids->begin(), ids->end()));
    const auto inputs = m_builder.CreateVector(std::vector<std::int32_t>(node.inputs.begin(), node.inputs.end()));
    const auto outputs = m_builder.CreateVector(std::vector<std::int32_t>(node.outputs.begin(), node.outputs.end()));

    fb::OperatorBuilder op(m_builder);
    op.add_opcode_index(opcode);
    op.add_inputs(inputs);
    op.add_outputs(outputs);
    if (!options.IsNull()) {
        op.add_builtin_options_type(static_cast<fb::BuiltinOptions>(encoding->optionsType));
        op.add_builtin_options(options);
    }
    if (!options2.IsNull()) {
        op.add_builtin_options_2_type(static_cast<fb::BuiltinOptions2>(encoding->options2Type));
        op.add_builtin_options_2(options2);
    }
    op.add_custom_options(customOptions);
    op.add_intermediates(intermediates);
    return op.Finish();
}

Result<Offset<fb::SubGraph>> Writer::writeGraph(const ir::Graph& graph, std::size_t index)
{
    const std::string label = "graph #" + std::to_string(index);
    std::vector<Offset<fb::Tensor>> tensors;
    for (std::size_t t = 0; t < graph.tensors.size(); ++t) {
        auto tensor = writeTensor(graph.tensors[t], label + ": tensor #" + std::to_string(t) + " '" + graph.tensors[t].name + "'");
        if (!tensor)
            return std::unexpected(tensor.error());
        tensors.push_back(*tensor);
    }
    std::vector<Offset<fb::Operator>> operators;
    for (std::size_t n = 0; n < graph.nodes.size(); ++n) {
        auto op = writeOperator(graph.nodes[n], label + ": node #" + std::to_string(n) + " " + graph.nodes[n].typeName());
        if (!op)
            return std::unexpected(op.error());
        operators.push_back(*op);
    }
    const auto tensorVector = m_builder.CreateVector(tensors);
    const auto inputs = m_builder.CreateVector(std::vector<std::int32_t>(graph.inputs.begin(), graph.inputs.end()));
    const auto outputs = m_builder.CreateVector(std::vector<std::int32_t>(graph.outputs.begin(), graph.outputs.end()));
    const auto operatorVector = m_builder.CreateVector(operators);
    const auto name = m_builder.CreateString(graph.name);
    return fb::CreateSubGraph(m_builder, tensorVector, inputs, outputs, operatorVector, name);
}

Offset<flatbuffers::Vector<Offset<fb::SignatureDef>>> Writer::writeSignatures()
{
    std::vector<ir::Signature> signatures = m_model.signatures;
    if (signatures.empty()) {
        // Without one, runtimes fall back to tensor order; a signature keeps the source names and order.
        const ir::Graph& graph = m_model.main();
        ir::Signature signature{std::string(kDefaultSignatureKey), 0, {}, {}};
        auto entryName = [&](ir::TensorId id, const char* prefix, std::size_t position) {
            const std::string& name = graph.tensors[static_cast<std::size_t>(id)].name;
            return name.empty() ? prefix + std::to_string(position) : name;
        };
        for (std::size_t i = 0; i < graph.inputs.size(); ++i)
            signature.inputs.emplace_back(entryName(graph.inputs[i], "input_", i), graph.inputs[i]);
        for (std::size_t i = 0; i < graph.outputs.size(); ++i)
            signature.outputs.emplace_back(entryName(graph.outputs[i], "output_", i), graph.outputs[i]);
        signatures.push_back(std::move(signature));
    }
    std::vector<Offset<fb::SignatureDef>> definitions;
    for (const ir::Signature& signature : signatures) {
        auto tensorMaps = [&](const std::vector<std::pair<std::string, ir::TensorId>>& entries) {
            std::vector<Offset<fb::TensorMap>> maps;
            for (const auto& [name, id] : entries)
                maps.push_back(fb::CreateTensorMap(m_builder, m_builder.CreateString(name), static_cast<std::uint32_t>(id)));
            return m_builder.CreateVector(maps);
        };
        const auto inputs = tensorMaps(signature.inputs);
        const auto outputs = tensorMaps(signature.outputs);
        const auto key = m_builder.CreateString(signature.key);
        fb::SignatureDefBuilder definition(m_builder);
        definition.add_inputs(inputs);
        definition.add_outputs(outputs);
        definition.add_signature_key(key);
        definition.add_subgraph_index(static_cast<std::uint32_t>(signature.graphIndex));
        definitions.push_back(definition.Finish());
    }
    return m_builder.CreateVector(definitions);
}

Offset<flatbuffers::Vector<Offset<fb::Metadata>>> Writer::writeMetadata()
{
    std::vector<Offset<fb::Metadata>> entries;
    bool hasRuntimeVersion = false;
    for (const ir::Metadata& entry : m_model.metadata) {
        hasRuntimeVersion = hasRuntimeVersion || entry.name == kMinRuntimeVersionName;
        const std::uint32_t buffer = addBuffer(entry.data.bytes());
        entries.push_back(fb::CreateMetadata(m_builder, m_builder.CreateString(entry.name), buffer));
    }
    if (!hasRuntimeVersion) {
        // The runtime reads a fixed 16-byte, NUL-padded version string.
        const std::string version = minRuntimeVersion(m_model);
        std::memcpy(m_runtimeVersionText.data(), version.data(), std::min(version.size(), m_runtimeVersionText.size() - 1));
        const std::uint32_t buffer = addBuffer(m_runtimeVersionText);
        entries.push_back(fb::CreateMetadata(m_builder, m_builder.CreateString(kMinRuntimeVersionName), buffer));
    }
    return m_builder.CreateVector(entries);
}

Result<void> Writer::build()
{
    if (auto verified = ir::verify(m_model); !verified)
        return std::unexpected(std::move(verified.error()).in("cannot write an invalid model"));
    // Buffer 0 is the empty sentinel that non-constant tensors refer to.
    m_buffers.push_back(fb::CreateBuffer(m_builder));
    m_bufferContents.emplace_back();

    std::vector<Offset<fb::SubGraph>> subgraphs;
    for (std::size_t g = 0; g < m_model.graphs.size(); ++g) {
        auto subgraph = writeGraph(m_model.graphs[g], g);
        if (!subgraph)
            return std::unexpected(subgraph.error());
        subgraphs.push_back(*subgraph);
    }
    const auto signatures = writeSignatures();
    const auto metadata = writeMetadata();
    std::vector<Offset<fb::OperatorCode>> codes;
    for (const OperatorCodeKey& key : m_operatorCodes) {
        const auto customCode = key.customCode.empty() ? 0 : m_builder.CreateString(key.customCode);
        const auto deprecated = static_cast<std::int8_t>(std::min(key.builtin, kPlaceholderForGreaterOpCodes));
        codes.push_back(fb::CreateOperatorCode(m_builder, deprecated, customCode, key.version,
                                               static_cast<fb::BuiltinOperator>(key.builtin)));
    }
    const auto codeVector = m_builder.CreateVector(codes);
    const auto subgraphVector = m_builder.CreateVector(subgraphs);
    const auto description = m_builder.CreateString(
        m_model.description.empty() ? "LiteForge conversion from " + (m_model.sourceFormat.empty() ? std::string("IR") : m_model.sourceFormat)
                                    : m_model.description);
    const auto buffers = m_builder.CreateVector(m_buffers);

    fb::ModelBuilder model(m_builder);
    model.add_version(kSchemaVersion);
    model.add_operator_codes(codeVector);
    model.add_subgraphs(subgraphVector);
    model.add_description(description);
    model.add_buffers(buffers);
    model.add_metadata(metadata);
    model.add_signature_defs(signatures);
    fb::FinishModelBuffer(m_builder, model.Finish());
    if (m_builder.GetSize() >= kMaxFlatbufferSize)
        return fail(ErrorCode::UnsupportedFeature, "models above 2 GiB are not supported yet");
    return {};
}

} // namespace

Result<std::vector<std::byte>> serializeTflite(const ir::Model& model)
{
    Writer writer(model);
    if (auto built = writer.build(); !built)
        return std::unexpected(built.error());
    const std::span<const std::byte> bytes = writer.bytes();
    return std::vector<std::byte>(bytes.begin(), bytes.end());
}

Result<void> writeTfliteFile(const ir::Model& model, const std::filesystem::path& path)
{
    Writer writer(model);
    if (auto built = writer.build(); !built)
        return std::unexpected(std::move(built.error()).in(path.string()));
    return writeFileAtomically(path, writer.bytes());
}

} // namespace lf::tflite
