// SPDX-License-Identifier: GPL-3.0-or-later
// Printer of the .lfir text dump.
#include "core/ir/text_format.h"

#include <charconv>
#include <cstdio>
#include <type_traits>

namespace lf::ir {

namespace {

constexpr std::size_t kMaxPrintedValues = 8;

std::string formatDouble(double value)
{
    char buffer[32];
    const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
    return error == std::errc() ? std::string(buffer, end) : std::string("nan");
}

std::string quoted(std::string_view text)
{
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char escape[8];
            std::snprintf(escape, sizeof escape, "\\x%02x", static_cast<unsigned char>(c));
            out += escape;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

std::string hashText(std::span<const std::byte> bytes)
{
    char buffer[24];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(fnv1a(bytes)));
    return buffer;
}

template <class T>
std::string formatList(const std::vector<T>& values)
{
    std::string text = "[";
    const std::size_t shown = std::min(values.size(), kMaxPrintedValues);
    for (std::size_t i = 0; i < shown; ++i) {
        if (i > 0)
            text += ',';
        if constexpr (std::is_floating_point_v<T>)
            text += formatDouble(values[i]);
        else
            text += std::to_string(values[i]);
    }
    if (shown < values.size()) {
        const std::span<const std::byte> bytes = std::as_bytes(std::span<const T>(values));
        text += ",... " + std::to_string(values.size()) + " values fnv1a=" + hashText(bytes);
    }
    return text + "]";
}

std::string formatAttribute(const Attribute& value)
{
    return std::visit(
        [](const auto& v) -> std::string {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, bool>)
                return v ? "true" : "false";
            else if constexpr (std::is_same_v<T, std::int64_t>)
                return std::to_string(v);
            else if constexpr (std::is_same_v<T, double>)
                return formatDouble(v);
            else if constexpr (std::is_same_v<T, std::string>)
                return quoted(v);
            else if constexpr (std::is_same_v<T, std::vector<std::byte>>)
                return "bytes(" + std::to_string(v.size()) + " fnv1a=" + hashText(v) + ")";
            else
                return formatList(v);
        },
        value);
}

std::string formatTensorIds(const std::vector<TensorId>& ids)
{
    std::string text;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i > 0)
            text += ", ";
        text += ids[i] == kNoTensor ? std::string("_") : "%" + std::to_string(ids[i]);
    }
    return text;
}

void printTensor(std::string& out, TensorId id, const Tensor& tensor)
{
    out += "  tensor %" + std::to_string(id) + " " + quoted(tensor.name) + " "
        + std::string(dtypeName(tensor.dtype)) + tensor.shape.toString();
    if (tensor.layout != Layout::Unspecified)
        out += std::string(" ") + layoutName(tensor.layout);
    const QuantParams& q = tensor.quant;
    if (!q.empty()) {
        out += " quant(scale=" + formatList(q.scales) + " zero_point=" + formatList(q.zeroPoints);
        if (q.isPerAxis())
            out += " axis=" + std::to_string(q.axis);
        if (!q.min.empty())
            out += " min=" + formatList(q.min) + " max=" + formatList(q.max);
        out += ")";
    }
    if (tensor.isVariable)
        out += " variable";
    if (tensor.isConstant())
        out += " const(" + std::to_string(tensor.data.size()) + " bytes fnv1a=" + hashText(tensor.data.bytes()) + ")";
    out += "\n";
}

void printNode(std::string& out, NodeId id, const Node& node)
{
    out += "  node #" + std::to_string(id) + " " + node.typeName();
    if (!node.name.empty())
        out += " " + quoted(node.name);
    out += " (" + formatTensorIds(node.inputs) + ") -> (" + formatTensorIds(node.outputs) + ")";
    if (!node.attributes.empty()) {
        out += " {";
        bool first = true;
        for (const auto& [name, value] : node.attributes.values()) {
            out += (first ? "" : ", ") + name + "=" + formatAttribute(value);
            first = false;
        }
        out += "}";
    }
    if (node.version > 0)
        out += " v" + std::to_string(node.version);
    out += "\n";
}

} // namespace

std::uint64_t fnv1a(std::span<const std::byte> bytes)
{
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (std::byte b : bytes) {
        hash ^= static_cast<std::uint64_t>(b);
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

std::string printModel(const Model& model)
{
    std::string out = "lfir 1\n";
    out += "model source=" + quoted(model.sourceFormat) + " description=" + quoted(model.description) + "\n";
    for (std::size_t g = 0; g < model.graphs.size(); ++g) {
        const Graph& graph = model.graphs[g];
        out += "graph #" + std::to_string(g) + " " + quoted(graph.name) + "\n";
        out += "  inputs (" + formatTensorIds(graph.inputs) + ")\n";
        out += "  outputs (" + formatTensorIds(graph.outputs) + ")\n";
        for (std::size_t t = 0; t < graph.tensors.size(); ++t)
            printTensor(out, static_cast<TensorId>(t), graph.tensors[t]);
        for (std::size_t n = 0; n < graph.nodes.size(); ++n)
            printNode(out, static_cast<NodeId>(n), graph.nodes[n]);
    }
    for (const Signature& signature : model.signatures) {
        out += "signature " + quoted(signature.key) + " graph=" + std::to_string(signature.graphIndex);
        for (const auto& [name, id] : signature.inputs)
            out += " in:" + quoted(name) + "=%" + std::to_string(id);
        for (const auto& [name, id] : signature.outputs)
            out += " out:" + quoted(name) + "=%" + std::to_string(id);
        out += "\n";
    }
    for (const Metadata& entry : model.metadata)
        out += "metadata " + quoted(entry.name) + " " + std::to_string(entry.data.size()) + " bytes fnv1a="
            + hashText(entry.data.bytes()) + "\n";
    return out;
}

} // namespace lf::ir
