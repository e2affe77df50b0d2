// SPDX-License-Identifier: GPL-3.0-or-later
// Binding graph inputs to data: which --input NAME=FILE.npy goes to which graph input, checking an
// array against the input it is bound to.
#pragma once

#include "core/base/npy.h"
#include "core/interpreter/tensor_view.h"
#include "core/ir/graph.h"

#include <cstddef>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lf::cli {

/// A graph input with the names a user may bind it by.
struct GraphInput
{
    const ir::Tensor* tensor = nullptr;
    std::string
        signatureName; ///< the model signature's name for it, when it differs from the tensor's

    bool isNamed(std::string_view name) const
    {
        return name == tensor->name || (!signatureName.empty() && name == signatureName);
    }
    std::string label() const
    {
        std::string text = "input '" + tensor->name + "'";
        if (!signatureName.empty())
            text += " (signature name '" + signatureName + "')";
        return text;
    }
};

std::vector<GraphInput> graphInputs(const ir::Model& model);

/// Assigns the --input values to graph inputs: "NAME=FILE" by name, plain files in order to the
/// inputs not bound by name. A value whose part before '=' names no input is still taken as a file
/// when that file exists.
std::expected<std::vector<std::filesystem::path>, std::string> assignInputFiles(
    const std::vector<std::string>& values, const std::vector<GraphInput>& inputs);

/// Checks an array against the declared dtype and shape of a graph input; dynamic dims take any
/// extent (the interpreter is resized to it later).
std::optional<std::string> checkInputArray(
    const GraphInput& input, const NpyArray& array, const std::filesystem::path& file);

} // namespace lf::cli
