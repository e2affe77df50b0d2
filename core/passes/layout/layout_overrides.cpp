// SPDX-License-Identifier: GPL-3.0-or-later
// Checking the layout overrides against the imported graph and resolving their names to tensors.
#include "core/passes/layout/layout_overrides.h"

#include <algorithm>

namespace lf::passes {

namespace {

bool isInputOrOutput(const ir::Graph& graph, ir::TensorId id)
{
    return std::ranges::find(graph.inputs, id) != graph.inputs.end()
        || std::ranges::find(graph.outputs, id) != graph.outputs.end();
}

/// "'a', 'b'": the names of the graph inputs and outputs, for messages.
std::string ioNames(const ir::Graph& graph)
{
    std::string names;
    for (const auto* list : { &graph.inputs, &graph.outputs }) {
        for (ir::TensorId id : *list)
            names += (names.empty() ? "'" : ", '")
                + graph.tensors[static_cast<std::size_t>(id)].name + "'";
    }
    return names;
}

} // namespace

Result<void> checkLayoutOverrides(const ir::Graph& graph, const LayoutOverrides& overrides)
{
    for (const std::string& name : overrides.keepLayout) {
        const ir::TensorId id = graph.findTensor(name);
        if (id < 0 || !isInputOrOutput(graph, id))
            return fail(ErrorCode::InvalidArgument,
                "keep-layout names '" + name + "', which is not a graph input or output (they are "
                    + ioNames(graph) + ")");
    }
    for (const std::string& name : overrides.notImage) {
        if (graph.findTensor(name) < 0)
            return fail(ErrorCode::InvalidArgument,
                "not-image names '" + name + "', which is no tensor of the model");
    }
    return {};
}

std::vector<bool> notImageTensors(const ir::Graph& graph, const LayoutOverrides* overrides)
{
    std::vector<bool> marked(graph.tensors.size(), false);
    if (!overrides)
        return marked;
    for (const std::string& name : overrides->notImage) {
        const ir::TensorId id = graph.findTensor(name);
        if (id >= 0)
            marked[static_cast<std::size_t>(id)] = true;
    }
    return marked;
}

} // namespace lf::passes
