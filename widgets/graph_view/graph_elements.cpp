// SPDX-License-Identifier: GPL-3.0-or-later
// Producer lookup over the tensors of one graph; graph inputs win over producers so an input that
// is also written by a node (variables) still gets its input box.
#include "widgets/graph_view/graph_elements.h"

namespace lf::ui {

GraphElements graphElements(const ir::Graph& graph)
{
    GraphElements elements;
    const std::size_t tensorCount = graph.tensors.size();
    const auto valid = [tensorCount](ir::TensorId id) {
        return id >= 0 && static_cast<std::size_t>(id) < tensorCount;
    };
    elements.opCount = static_cast<int>(graph.nodes.size());
    for (std::size_t i = 0; i < graph.nodes.size(); ++i)
        elements.nodes.push_back({VisualNode::Kind::Op, static_cast<ir::NodeId>(i), ir::kNoTensor});

    std::vector<int> producer(tensorCount, -1);
    for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
        for (ir::TensorId out : graph.nodes[i].outputs) {
            if (valid(out))
                producer[static_cast<std::size_t>(out)] = static_cast<int>(i);
        }
    }
    for (ir::TensorId id : graph.inputs) {
        if (!valid(id))
            continue;
        producer[static_cast<std::size_t>(id)] = static_cast<int>(elements.nodes.size());
        elements.nodes.push_back({VisualNode::Kind::Input, -1, id});
        ++elements.inputCount;
    }

    for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
        const ir::Node& node = graph.nodes[i];
        for (std::size_t k = 0; k < node.inputs.size(); ++k) {
            const ir::TensorId id = node.inputs[k];
            if (!valid(id) || producer[static_cast<std::size_t>(id)] < 0)
                continue;
            bool repeated = false; // a tensor used twice by one node (x * x) is one edge
            for (std::size_t j = 0; j < k; ++j)
                repeated = repeated || node.inputs[j] == id;
            if (!repeated)
                elements.edges.push_back({producer[static_cast<std::size_t>(id)], static_cast<int>(i), id});
        }
    }
    for (ir::TensorId id : graph.outputs) {
        if (!valid(id))
            continue;
        const int index = static_cast<int>(elements.nodes.size());
        elements.nodes.push_back({VisualNode::Kind::Output, -1, id});
        ++elements.outputCount;
        if (producer[static_cast<std::size_t>(id)] >= 0)
            elements.edges.push_back({producer[static_cast<std::size_t>(id)], index, id});
    }
    return elements;
}

} // namespace lf::ui
