// SPDX-License-Identifier: GPL-3.0-or-later
// Graph construction helpers.
#include "core/ir/graph.h"

namespace lf::ir {

std::string Node::typeName() const
{
    if (op == OpKind::Custom)
        return attributes.getOr<std::string>("custom_code", "Custom");
    if (op == OpKind::Opaque)
        return attributes.getOr<std::string>("tflite_builtin", "Opaque");
    return std::string(opKindName(op));
}

TensorId Graph::addTensor(Tensor tensor)
{
    tensors.push_back(std::move(tensor));
    return static_cast<TensorId>(tensors.size() - 1);
}

NodeId Graph::addNode(Node node)
{
    nodes.push_back(std::move(node));
    return static_cast<NodeId>(nodes.size() - 1);
}

std::vector<NodeId> Graph::producers() const
{
    std::vector<NodeId> result(tensors.size(), -1);
    for (std::size_t n = 0; n < nodes.size(); ++n) {
        for (TensorId output : nodes[n].outputs) {
            if (output >= 0 && static_cast<std::size_t>(output) < result.size())
                result[static_cast<std::size_t>(output)] = static_cast<NodeId>(n);
        }
    }
    return result;
}

TensorId Graph::findTensor(std::string_view tensorName) const
{
    for (std::size_t t = 0; t < tensors.size(); ++t) {
        if (tensors[t].name == tensorName)
            return static_cast<TensorId>(t);
    }
    return kNoTensor;
}

Model makeModel(std::string graphName)
{
    Model model;
    model.graphs.emplace_back().name = std::move(graphName);
    return model;
}

} // namespace lf::ir
