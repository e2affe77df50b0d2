// SPDX-License-Identifier: GPL-3.0-or-later
// Binding graph inputs to data: --input NAME=FILE.npy assignment and checks.
#include "app/cli/cli_inputs.h"

#include "app/cli/cli_support.h"

#include <algorithm>

namespace lf::cli {

std::vector<GraphInput> graphInputs(const ir::Model& model)
{
    const ir::Graph& graph = model.main();
    std::vector<GraphInput> inputs;
    for (const ir::TensorId id : graph.inputs) {
        GraphInput input{&graph.tensors[static_cast<std::size_t>(id)], {}};
        for (const ir::Signature& signature : model.signatures) {
            for (const auto& [name, tensor] : signature.inputs) {
                if (signature.graphIndex == 0 && tensor == id && name != input.tensor->name)
                    input.signatureName = name;
            }
        }
        inputs.push_back(std::move(input));
    }
    return inputs;
}

/// Assigns the --input values to graph inputs: "NAME=FILE" by name, plain files in order to the
/// inputs not bound by name. A value whose part before '=' names no input is still taken as a file
/// when that file exists.
std::expected<std::vector<std::filesystem::path>, std::string> assignInputFiles(
    const std::vector<std::string>& values, const std::vector<GraphInput>& inputs)
{
    std::vector<std::filesystem::path> files(inputs.size());
    std::vector<std::string> inOrder;
    for (const std::string& value : values) {
        const std::size_t equals = value.find('=');
        const std::string name = value.substr(0, equals);
        const auto named = std::ranges::find_if(
            inputs, [&name](const GraphInput& input) { return input.isNamed(name); });
        if (equals == std::string::npos || named == inputs.end()) {
            std::error_code ignored;
            if (equals != std::string::npos && !std::filesystem::exists(value, ignored)) {
                std::string known;
                for (const GraphInput& input : inputs)
                    known += (known.empty() ? "'" : ", '") + input.tensor->name + "'";
                return std::unexpected(
                    "the model has no input named '" + name + "' (its inputs: " + known + ")");
            }
            inOrder.push_back(value);
            continue;
        }
        const std::size_t index = static_cast<std::size_t>(named - inputs.begin());
        if (!files[index].empty())
            return std::unexpected(named->label() + " is given twice");
        if (equals + 1 == value.size())
            return std::unexpected(named->label() + " needs a file after '='");
        files[index] = value.substr(equals + 1);
    }
    std::size_t next = 0;
    for (const std::string& file : inOrder) {
        while (next < files.size() && !files[next].empty())
            ++next;
        if (next == files.size())
            return std::unexpected("the model has " + std::to_string(inputs.size())
                + " input(s); nothing left to bind '" + file + "' to");
        files[next++] = file;
    }
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (files[i].empty())
            return std::unexpected("missing " + inputs[i].label() + "; give it with --input "
                + inputs[i].tensor->name + "=FILE.npy");
    }
    return files;
}

/// Checks an array against the declared dtype and shape of a graph input; dynamic dims take any
/// extent (the interpreter is resized to it later).
std::optional<std::string> checkInputArray(
    const GraphInput& input, const NpyArray& array, const std::filesystem::path& file)
{
    const ir::Tensor& tensor = *input.tensor;
    if (array.dtype != tensor.dtype)
        return input.label() + " expects " + std::string(ir::dtypeName(tensor.dtype)) + ", but "
            + file.string() + " holds " + std::string(ir::dtypeName(array.dtype));
    const ir::Shape& shape = tensor.shape;
    bool fits = !shape.rankKnown || shape.dims.size() == array.shape.size();
    for (std::size_t d = 0; fits && shape.rankKnown && d < array.shape.size(); ++d)
        fits = !shape.dims[d].isStatic() || shape.dims[d].extent == array.shape[d];
    if (!fits)
        return input.label() + " has shape " + shape.toString() + ", but " + file.string()
            + " has shape " + shapeText(array.shape);
    return std::nullopt;
}

} // namespace lf::cli
