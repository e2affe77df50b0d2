// SPDX-License-Identifier: GPL-3.0-or-later
// .tflite → IR. Validation order: identifier, flatbuffers Verifier, then our own checks of every index,
// dtype, shape and buffer before anything is built, so no file content can trip an assert.
#include "core/tflite/tflite_reader.h"

#include "core/ir/verifier.h"
#include "core/tflite/schema_reflection.h"
#include "core/tflite/tflite_types.h"

#include "tflite_generated.h"

#include <cstring>
#include <string>

namespace lf::tflite {

namespace {

namespace fb = lf::tflite::fb;

constexpr std::size_t kMaxRank = 16;

struct OperatorCode {
    std::int32_t builtin = 0;
    std::string builtinName;
    std::string customCode;
    int version = 1;
};

class Reader final {
public:
    Reader(std::shared_ptr<const MappedFile> file, TaskContext& context)
        : m_file(std::move(file)), m_bytes(m_file->bytes()), m_context(context)
    {
    }

    Result<ir::Model> read();

private:
    Result<void> readOperatorCodes();
    Result<ir::Graph> readGraph(const fb::SubGraph& subgraph, std::size_t index);
    Result<ir::Tensor> readTensor(const fb::Tensor& tensor, const std::string& where);
    Result<ir::Node> readOperator(const fb::Operator& op, std::size_t tensorCount, const std::string& where);
    Result<ir::ConstData> bufferData(std::uint32_t index, const std::string& where);
    Result<ir::ConstData> fileRange(std::uint64_t offset, std::uint64_t size, const std::string& where);
    void repairQuantizedDimension(ir::Tensor& tensor, const std::string& where);

    std::shared_ptr<const MappedFile> m_file;
    std::span<const std::byte> m_bytes;
    TaskContext& m_context;
    const fb::Model* m_model = nullptr;
    std::vector<OperatorCode> m_codes;
};

template <class T>
Result<std::vector<ir::TensorId>> tensorIndices(const flatbuffers::Vector<T>* indices, std::size_t tensorCount,
                                                bool allowOmitted, const std::string& where, const char* what)
{
    std::vector<ir::TensorId> result;
    if (!indices)
        return result;
    for (T index : *indices) {
        if (allowOmitted && index == -1) {
            result.push_back(ir::kNoTensor);
            continue;
        }
        if (index < 0 || static_cast<std::size_t>(index) >= tensorCount)
            return fail(ErrorCode::InvalidModel,
                        std::string(what) + " tensor index " + std::to_string(index) + " is out of range (the graph has "
                            + std::to_string(tensorCount) + " tensors)",
                        where);
        result.push_back(static_cast<ir::TensorId>(index));
    }
    return result;
}

Result<ir::Model> Reader::read()
{
    if (m_bytes.empty())
        return fail(ErrorCode::InvalidModel, "the file is empty");
    if (!hasTfliteIdentifier(m_bytes))
        return fail(ErrorCode::InvalidModel, "not a TFLite model (no TFL3 identifier at byte 4)");
    flatbuffers::Verifier::Options options;
    options.max_tables = 100'000'000;
    options.max_depth = 128;
    flatbuffers::Verifier verifier(reinterpret_cast<const std::uint8_t*>(m_bytes.data()), m_bytes.size(), options);
    if (!fb::VerifyModelBuffer(verifier))
        return fail(ErrorCode::InvalidModel, "the flatbuffer is malformed or truncated (verifier failed)");
    m_model = fb::GetModel(m_bytes.data());

    if (auto codes = readOperatorCodes(); !codes)
        return std::unexpected(codes.error());
    ir::Model model;
    model.sourceFormat = "tflite";
    model.sourcePath = m_file->path().string();
    if (m_model->description())
        model.description = m_model->description()->str();
    if (!m_model->subgraphs() || m_model->subgraphs()->size() == 0)
        return fail(ErrorCode::InvalidModel, "the model has no subgraph");
    for (std::size_t g = 0; g < m_model->subgraphs()->size(); ++g) {
        Result<ir::Graph> graph = readGraph(*m_model->subgraphs()->Get(static_cast<flatbuffers::uoffset_t>(g)), g);
        if (!graph)
            return std::unexpected(graph.error());
        model.graphs.push_back(std::move(*graph));
    }
    if (const auto* signatures = m_model->signature_defs()) {
        for (const fb::SignatureDef* definition : *signatures) {
            ir::Signature signature;
            signature.key = definition->signature_key() ? definition->signature_key()->str() : "";
            signature.graphIndex = static_cast<int>(definition->subgraph_index());
            for (const auto& [maps, target] : {std::pair{definition->inputs(), &signature.inputs},
                                               std::pair{definition->outputs(), &signature.outputs}}) {
                if (!maps)
                    continue;
                for (const fb::TensorMap* entry : *maps)
                    target->emplace_back(entry->name() ? entry->name()->str() : "",
                                         static_cast<ir::TensorId>(entry->tensor_index()));
            }
            model.signatures.push_back(std::move(signature));
        }
    }
    if (const auto* metadata = m_model->metadata()) {
        for (const fb::Metadata* entry : *metadata) {
            const std::string name = entry->name() ? entry->name()->str() : "";
            Result<ir::ConstData> data = bufferData(entry->buffer(), "metadata '" + name + "'");
            if (!data)
                return std::unexpected(data.error());
            model.metadata.push_back({name, std::move(*data)});
        }
    }
    if (auto verified = ir::verify(model); !verified)
        return std::unexpected(verified.error());
    return model;
}

Result<void> Reader::readOperatorCodes()
{
    if (!m_model->operator_codes())
        return {};
    for (std::size_t i = 0; i < m_model->operator_codes()->size(); ++i) {
        const fb::OperatorCode* code = m_model->operator_codes()->Get(static_cast<flatbuffers::uoffset_t>(i));
        OperatorCode decoded;
        // Files before the extended builtin_code field carry only deprecated_builtin_code; newer ones
        // put 127 there for codes above it. The larger of the two is the real code either way.
        decoded.builtin = std::max<std::int32_t>(code->deprecated_builtin_code(), static_cast<std::int32_t>(code->builtin_code()));
        decoded.builtinName = std::string(detail::builtinOperatorName(decoded.builtin));
        if (decoded.builtinName.empty())
            return fail(ErrorCode::UnsupportedOp, "unknown builtin operator code " + std::to_string(decoded.builtin),
                        "operator code #" + std::to_string(i));
        if (code->custom_code())
            decoded.customCode = code->custom_code()->str();
        decoded.version = code->version();
        m_codes.push_back(std::move(decoded));
    }
    return {};
}

Result<ir::ConstData> Reader::fileRange(std::uint64_t offset, std::uint64_t size, const std::string& where)
{
    if (offset > m_bytes.size() || size > m_bytes.size() - offset)
        return fail(ErrorCode::InvalidModel,
                    "data at offset " + std::to_string(offset) + " with " + std::to_string(size)
                        + " bytes lies outside the file",
                    where);
    return ir::ConstData(m_file, m_bytes.subspan(offset, size));
}

Result<ir::ConstData> Reader::bufferData(std::uint32_t index, const std::string& where)
{
    const auto* buffers = m_model->buffers();
    if (!buffers || index >= buffers->size())
        return fail(ErrorCode::InvalidModel, "buffer index " + std::to_string(index) + " is out of range", where);
    const fb::Buffer* buffer = buffers->Get(index);
    if (buffer->offset() > 1)
        return fileRange(buffer->offset(), buffer->size(), where);
    if (!buffer->data())
        return ir::ConstData();
    const auto* begin = reinterpret_cast<const std::byte*>(buffer->data()->data());
    return ir::ConstData(m_file, {begin, buffer->data()->size()});
}

void Reader::repairQuantizedDimension(ir::Tensor& tensor, const std::string& where)
{
    ir::QuantParams& q = tensor.quant;
    if (!q.isPerAxis() || !tensor.shape.rankKnown || q.axis < tensor.shape.rank())
        return;
    // Converters have copied the weights' axis onto bias tensors. Only one dim can carry the scales.
    int matching = -1;
    for (int d = 0; d < tensor.shape.rank(); ++d) {
        if (tensor.shape.dims[static_cast<std::size_t>(d)].extent == static_cast<std::int64_t>(q.scales.size()))
            matching = matching == -1 ? d : -2;
    }
    if (matching < 0)
        return; // left for the verifier to reject
    m_context.report({Diagnostic::Severity::Warning,
                      "quantized dimension " + std::to_string(q.axis) + " is outside rank "
                          + std::to_string(tensor.shape.rank()) + "; using dimension " + std::to_string(matching)
                          + ", the only one with " + std::to_string(q.scales.size()) + " elements",
                      m_file->path().string() + ": " + where});
    q.axis = matching;
}

Result<ir::Tensor> Reader::readTensor(const fb::Tensor& source, const std::string& where)
{
    ir::Tensor tensor;
    if (source.name())
        tensor.name = source.name()->str();
    const std::optional<ir::DType> dtype = dtypeFromTflite(static_cast<std::int8_t>(source.type()));
    if (!dtype)
        return fail(ErrorCode::UnsupportedFeature,
                    "unknown tensor type " + std::to_string(static_cast<int>(source.type())), where);
    tensor.dtype = *dtype;
    tensor.isVariable = source.is_variable();
    Result<ir::ConstData> data = bufferData(source.buffer(), where);
    if (!data)
        return std::unexpected(data.error());
    // Files from before has_rank leave it false on scalars too; only a tensor without data, shape and
    // rank can be unranked.
    const bool noShape = !source.shape() || source.shape()->size() == 0;
    if (!source.has_rank() && noShape && data->empty()) {
        tensor.shape = ir::Shape::unranked();
    } else if (source.shape()) {
        if (source.shape()->size() > kMaxRank)
            return fail(ErrorCode::InvalidModel, "rank " + std::to_string(source.shape()->size()) + " is absurd", where);
        const auto* signature = source.shape_signature();
        if (signature && signature->size() != source.shape()->size())
            return fail(ErrorCode::InvalidModel, "shape_signature and shape differ in rank", where);
        for (flatbuffers::uoffset_t d = 0; d < source.shape()->size(); ++d) {
            const std::int32_t extent = source.shape()->Get(d);
            const bool dynamic = signature && signature->Get(d) < 0;
            if (extent < 0 && !dynamic)
                return fail(ErrorCode::InvalidModel, "negative extent " + std::to_string(extent), where);
            tensor.shape.dims.push_back(ir::Dim{dynamic ? ir::Dim::kUnknown : extent, {}});
        }
    }
    if (source.sparsity())
        return fail(ErrorCode::UnsupportedFeature, "sparse tensors are not supported yet", where);
    if (source.external_buffer() != 0)
        return fail(ErrorCode::UnsupportedFeature, "tensors in external buffers are not supported yet", where);
    if (const fb::QuantizationParameters* q = source.quantization()) {
        if (q->details_type() != fb::QuantizationDetails::NONE)
            return fail(ErrorCode::UnsupportedFeature, "custom quantization details are not supported", where);
        if (q->scale())
            tensor.quant.scales.assign(q->scale()->begin(), q->scale()->end());
        if (q->zero_point())
            tensor.quant.zeroPoints.assign(q->zero_point()->begin(), q->zero_point()->end());
        if (q->min())
            tensor.quant.min.assign(q->min()->begin(), q->min()->end());
        if (q->max())
            tensor.quant.max.assign(q->max()->begin(), q->max()->end());
        tensor.quant.axis = q->quantized_dimension();
        repairQuantizedDimension(tensor, where);
    }
    const std::size_t elementSize = ir::dtypeSize(tensor.dtype);
    const bool aligned = elementSize == 0 || reinterpret_cast<std::uintptr_t>(data->bytes().data()) % elementSize == 0;
    // Kernels read constants as typed arrays; a file that misaligns them costs one copy, not a rejection.
    tensor.data = aligned ? std::move(*data)
                          : ir::ConstData::fromVector({data->bytes().begin(), data->bytes().end()});
    return tensor;
}

Result<ir::Node> Reader::readOperator(const fb::Operator& op, std::size_t tensorCount, const std::string& where)
{
    if (op.opcode_index() >= m_codes.size())
        return fail(ErrorCode::InvalidModel, "opcode index " + std::to_string(op.opcode_index()) + " is out of range",
                    where);
    const OperatorCode& code = m_codes[op.opcode_index()];
    ir::Node node;
    node.version = code.version;
    auto inputs = tensorIndices(op.inputs(), tensorCount, true, where, "input");
    if (!inputs)
        return std::unexpected(inputs.error());
    auto outputs = tensorIndices(op.outputs(), tensorCount, false, where, "output");
    if (!outputs)
        return std::unexpected(outputs.error());
    auto intermediates = tensorIndices(op.intermediates(), tensorCount, false, where, "intermediate");
    if (!intermediates)
        return std::unexpected(intermediates.error());
    node.inputs = std::move(*inputs);
    node.outputs = std::move(*outputs);
    if (!intermediates->empty())
        node.attributes.set(std::string(kIntermediatesAttribute),
                            std::vector<std::int64_t>(intermediates->begin(), intermediates->end()));

    if (code.builtinName == "CUSTOM") {
        node.op = ir::OpKind::Custom;
        node.attributes.set(std::string(kCustomCodeAttribute), code.customCode);
        std::span<const std::byte> options;
        if (op.custom_options())
            options = {reinterpret_cast<const std::byte*>(op.custom_options()->data()), op.custom_options()->size()};
        if (op.large_custom_options_size() > 0) {
            Result<ir::ConstData> range = fileRange(op.large_custom_options_offset(), op.large_custom_options_size(), where);
            if (!range)
                return std::unexpected(range.error());
            options = range->bytes();
        }
        node.attributes.set(std::string(kCustomOptionsAttribute), std::vector<std::byte>(options.begin(), options.end()));
        return node;
    }

    const std::optional<ir::OpKind> kind = ir::opKindFromTfliteBuiltin(code.builtinName);
    node.op = kind.value_or(ir::OpKind::Opaque);
    if (!kind)
        node.attributes.set(std::string(kBuiltinAttribute), code.builtinName);
    for (auto [which, type, table] :
         {std::tuple{detail::OptionsUnion::Builtin, static_cast<std::uint8_t>(op.builtin_options_type()),
                     static_cast<const void*>(op.builtin_options())},
          std::tuple{detail::OptionsUnion::Builtin2, static_cast<std::uint8_t>(op.builtin_options_2_type()),
                     static_cast<const void*>(op.builtin_options_2())}}) {
        if (type == 0 || !table)
            continue;
        const reflection::Object* schemaTable = detail::optionsTable(which, type);
        if (!schemaTable)
            return fail(ErrorCode::UnsupportedFeature, "unknown builtin options type " + std::to_string(type), where);
        if (!kind)
            node.attributes.set(std::string(which == detail::OptionsUnion::Builtin ? kOptionsAttribute : kOptions2Attribute),
                                std::string(detail::tableName(*schemaTable)));
        auto read = detail::readOptions(*schemaTable, *static_cast<const flatbuffers::Table*>(table), node.attributes);
        if (!read)
            return std::unexpected(std::move(read.error()).in(where));
    }
    return node;
}

Result<ir::Graph> Reader::readGraph(const fb::SubGraph& subgraph, std::size_t index)
{
    ir::Graph graph;
    const std::string graphLabel = "subgraph #" + std::to_string(index);
    if (subgraph.name())
        graph.name = subgraph.name()->str();
    const std::size_t tensorCount = subgraph.tensors() ? subgraph.tensors()->size() : 0;
    for (std::size_t t = 0; t < tensorCount; ++t) {
        const fb::Tensor* source = subgraph.tensors()->Get(static_cast<flatbuffers::uoffset_t>(t));
        const std::string where = graphLabel + ": tensor #" + std::to_string(t)
            + (source->name() ? " '" + source->name()->str() + "'" : "");
        Result<ir::Tensor> tensor = readTensor(*source, where);
        if (!tensor)
            return std::unexpected(tensor.error());
        graph.addTensor(std::move(*tensor));
    }
    auto inputs = tensorIndices(subgraph.inputs(), tensorCount, false, graphLabel, "graph input");
    if (!inputs)
        return std::unexpected(inputs.error());
    auto outputs = tensorIndices(subgraph.outputs(), tensorCount, false, graphLabel, "graph output");
    if (!outputs)
        return std::unexpected(outputs.error());
    graph.inputs = std::move(*inputs);
    graph.outputs = std::move(*outputs);
    if (subgraph.operators()) {
        for (std::size_t o = 0; o < subgraph.operators()->size(); ++o) {
            const std::string where = graphLabel + ": operator #" + std::to_string(o);
            Result<ir::Node> node =
                readOperator(*subgraph.operators()->Get(static_cast<flatbuffers::uoffset_t>(o)), tensorCount, where);
            if (!node)
                return std::unexpected(node.error());
            // TFLite ops have no names of their own; the first output's tensor name identifies them.
            if (!node->outputs.empty())
                node->name = graph.tensors[static_cast<std::size_t>(node->outputs.front())].name;
            graph.addNode(std::move(*node));
        }
    }
    return graph;
}

} // namespace

bool hasTfliteIdentifier(std::span<const std::byte> bytes)
{
    return bytes.size() >= 8 && std::memcmp(bytes.data() + 4, "TFL3", 4) == 0;
}

Result<ir::Model> readTflite(std::shared_ptr<const MappedFile> file, TaskContext& context)
{
    const std::string path = file->path().string();
    Result<ir::Model> model = Reader(std::move(file), context).read();
    if (!model)
        return std::unexpected(std::move(model.error()).in(path));
    return model;
}

Result<ir::Model> readTfliteFile(const std::filesystem::path& path, TaskContext& context)
{
    Result<std::shared_ptr<const MappedFile>> file = MappedFile::open(path);
    if (!file)
        return std::unexpected(file.error());
    return readTflite(std::move(*file), context);
}

} // namespace lf::tflite
