// SPDX-License-Identifier: GPL-3.0-or-later
// The PyTorch front end of `liteforge-cli convert`: runs the embedded torch_export.py in the user's
// Python to turn a TorchScript file (or a saved module or state dict) into a temporary .onnx, which
// the native ONNX importer then converts.
#pragma once

#include "app/cli/cli_task_context.h"

#include <cstdint>
#include <expected>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace lf::cli {

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
    /// The model's inputs in call order, each with its (float32) shape.
    std::vector<std::pair<std::string, std::vector<std::int64_t>>> inputs;
};

/// True for the files `convert` hands to PyTorch: .pt, .pth and .torchscript.
bool isTorchFile(const std::filesystem::path& path);

/// Exports `model` to `folder`/model.onnx (opset 13, the given input names, static shapes) and
/// returns that path. On failure it has printed one error line and gives the exit code.
std::expected<std::filesystem::path, int> exportTorchToOnnx(const std::filesystem::path& model,
    const TorchExportOptions& options, const std::filesystem::path& folder,
    CliTaskContext& context);

} // namespace lf::cli
