// SPDX-License-Identifier: GPL-3.0-or-later
// The PyTorch front end of a conversion (the CLI's `convert model.pt` and the GUI wizard): runs the
// embedded torch_export.py in the user's Python to turn a TorchScript file (or a saved module or
// state dict) into a temporary .onnx, which the native ONNX importer then converts.
#pragma once

#include "core/base/result.h"
#include "core/base/task_context.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace lf {

/// A fresh folder under the system's temporary folder, removed with everything in it on
/// destruction.
class TemporaryFolder final {
public:
    TemporaryFolder();
    ~TemporaryFolder();
    TemporaryFolder(const TemporaryFolder&) = delete;
    TemporaryFolder& operator=(const TemporaryFolder&) = delete;

    /// Empty if the folder could not be created.
    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

struct TorchExportOptions {
    std::string python = "python3"; ///< a path, or a name looked up on PATH
    std::string moduleClass;        ///< "module:Class" for state-dict files, else empty
    std::filesystem::path moduleDir; ///< where moduleClass is imported from; empty: the current folder
    /// The model's inputs in call order, each with its (float32) shape.
    std::vector<std::pair<std::string, std::vector<std::int64_t>>> inputs;
};

/// True for the files handed to PyTorch: .pt, .pth and .torchscript.
bool isTorchFile(const std::filesystem::path& path);

/// The PyTorch version `python` imports ("1.13.1"). Errors: InvalidArgument when there is no such
/// Python, UnsupportedFeature when PyTorch cannot be imported (the message says how to install it).
Result<std::string> detectTorch(const std::string& python, TaskContext& context);

/// Exports `model` to `folder`/model.onnx (opset 13, the given input names, static shapes) and
/// returns that path. Errors: InvalidArgument (no such Python), UnsupportedFeature (no PyTorch),
/// InvalidModel (PyTorch cannot load the model), Internal (the export failed), Io, Cancelled.
Result<std::filesystem::path> exportTorchToOnnx(const std::filesystem::path& model,
    const TorchExportOptions& options, const std::filesystem::path& folder, TaskContext& context);

} // namespace lf
