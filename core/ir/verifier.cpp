// SPDX-License-Identifier: GPL-3.0-or-later
// Implementation of the IR verifier.
#include "core/ir/verifier.h"

#include <string>

namespace lf::ir {

namespace {

std::string tensorLabel(const Graph& graph, TensorId id)
{
    const std::string& name = graph.tensors[static_cast<std::size_t>(id)].name;
    return "tensor #" + std::to_string(id) + (name.empty() ? "" : " '" + name + "'");
}

std::string nodeLabel(const Graph& graph, NodeId id)
{
    const Node& node = graph.nodes[static_cast<std::size_t>(id)];
    return "node #" + std::to_string(id) + " " + node.typeName() + (node.name.empty() ? "" : " '" + node.name + "'");
}

Result<void> verifyTensor(const Graph& graph, TensorId id)
{
    const Tensor& tensor = graph.tensors[static_cast<std::size_t>(id)];
    const std::size_t elementSize = dtypeSize(tensor.dtype);
    if (tensor.isConstant() && elementSize > 0) {
        if (const auto count = tensor.shape.numElements()) {
            const auto expected = static_cast<std::size_t>(*count) * elementSize;
            if (tensor.data.size() != expected)
                return fail(ErrorCode::InvalidModel,
                            "constant holds " + std::to_string(tensor.data.size()) + " bytes but "
                                + std::string(dtypeName(tensor.dtype)) + tensor.shape.toString() + " needs "
                                + std::to_string(expected),
                            tensorLabel(graph, id));
        }
    }
    const QuantParams& quant = tensor.quant;
    if (!quant.zeroPoints.empty() && quant.zeroPoints.size() != quant.scales.size())
        return fail(ErrorCode::InvalidModel,
                    std::to_string(quant.scales.size()) + " quantization scales but "
                        + std::to_string(quant.zeroPoints.size()) + " zero points",
                    tensorLabel(graph, id));
    if (quant.isPerAxis() && tensor.shape.rankKnown) {
        if (quant.axis < 0 || quant.axis >= tensor.shape.rank())
            return fail(ErrorCode::InvalidModel,
                        "quantized dimension " + std::to_string(quant.axis) + " is outside rank "
                            + std::to_string(tensor.shape.rank()),
                        tensorLabel(graph, id));
        const Dim& dim = tensor.shape.dims[static_cast<std::size_t>(quant.axis)];
        if (dim.isStatic() && static_cast<std::size_t>(dim.extent) != quant.scales.size())
            return fail(ErrorCode::InvalidModel,
                        std::to_string(quant.scales.size()) + " per-axis scales for a dimension of "
                            + std::to_string(dim.extent),
                        tensorLabel(graph, id));
    }
    return {};
}

} // namespace

Result<void> verify(const Graph& graph)
{
    const auto tensorCount = static_cast<TensorId>(graph.tensors.size());
    auto inRange = [&](TensorId id) { return id >= 0 && id < tensorCount; };
    enum class State : unsigned char { Undefined, Available };
    std::vector<State> state(graph.tensors.size(), State::Undefined);

    for (TensorId id = 0; id < tensorCount; ++id) {
        if (auto checked = verifyTensor(graph, id); !checked)
            return checked;
        const Tensor& tensor = graph.tensors[static_cast<std::size_t>(id)];
        if (tensor.isConstant() || tensor.isVariable)
            state[static_cast<std::size_t>(id)] = State::Available;
    }
    for (TensorId input : graph.inputs) {
        if (!inRange(input))
            return fail(ErrorCode::InvalidModel, "graph input refers to missing tensor #" + std::to_string(input));
        state[static_cast<std::size_t>(input)] = State::Available;
    }
    std::vector<bool> produced(graph.tensors.size(), false);
    for (NodeId n = 0; n < static_cast<NodeId>(graph.nodes.size()); ++n) {
        const Node& node = graph.nodes[static_cast<std::size_t>(n)];
        for (TensorId input : node.inputs) {
            if (input == kNoTensor)
                continue;
            if (!inRange(input))
                return fail(ErrorCode::InvalidModel, "input refers to missing tensor #" + std::to_string(input),
                            nodeLabel(graph, n));
            if (state[static_cast<std::size_t>(input)] != State::Available)
                return fail(ErrorCode::InvalidModel,
                            "reads " + tensorLabel(graph, input) + " before any node produces it",
                            nodeLabel(graph, n));
        }
        for (TensorId output : node.outputs) {
            if (!inRange(output))
                return fail(ErrorCode::InvalidModel, "output refers to missing tensor #" + std::to_string(output),
                            nodeLabel(graph, n));
            const Tensor& tensor = graph.tensors[static_cast<std::size_t>(output)];
            if (produced[static_cast<std::size_t>(output)] || tensor.isConstant())
                return fail(ErrorCode::InvalidModel,
                            "writes " + tensorLabel(graph, output) + ", which is already defined",
                            nodeLabel(graph, n));
            produced[static_cast<std::size_t>(output)] = true;
            state[static_cast<std::size_t>(output)] = State::Available;
        }
    }
    for (TensorId output : graph.outputs) {
        if (!inRange(output))
            return fail(ErrorCode::InvalidModel, "graph output refers to missing tensor #" + std::to_string(output));
    }
    return {};
}

Result<void> verify(const Model& model)
{
    if (model.graphs.empty())
        return fail(ErrorCode::InvalidModel, "the model has no graph");
    for (std::size_t g = 0; g < model.graphs.size(); ++g) {
        if (auto checked = verify(model.graphs[g]); !checked)
            return std::unexpected(std::move(checked.error()).in("graph #" + std::to_string(g)));
    }
    for (const Signature& signature : model.signatures) {
        const std::string where = "signature '" + signature.key + "'";
        if (signature.graphIndex < 0 || static_cast<std::size_t>(signature.graphIndex) >= model.graphs.size())
            return fail(ErrorCode::InvalidModel, "refers to missing graph #" + std::to_string(signature.graphIndex),
                        where);
        const auto tensorCount = model.graphs[static_cast<std::size_t>(signature.graphIndex)].tensors.size();
        for (const auto* entries : {&signature.inputs, &signature.outputs}) {
            for (const auto& [name, id] : *entries) {
                if (id < 0 || static_cast<std::size_t>(id) >= tensorCount)
                    return fail(ErrorCode::InvalidModel, "'" + name + "' refers to missing tensor #" + std::to_string(id),
                                where);
            }
        }
    }
    return {};
}

} // namespace lf::ir
