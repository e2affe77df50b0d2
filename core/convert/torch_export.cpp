// SPDX-License-Identifier: GPL-3.0-or-later
// Running torch.onnx.export through the user's Python. The script's exit code says which step
// failed (see torch_export.py); its last output line says why.
#include "core/convert/torch_export.h"

#include "core/base/file_io.h"
#include "core/base/subprocess.h"
#include "core/convert/torch_export_script.h"

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <span>

namespace lf {

namespace {

/// Loading PyTorch alone takes seconds; exporting a large model can take minutes on a small
/// machine.
constexpr std::chrono::seconds kExportTimeout{1800};
constexpr std::chrono::seconds kDetectTimeout{120};

enum ScriptExit : int {
    kScriptNoTorch = 3,
    kScriptLoadFailed = 4,
    kScriptExportFailed = 5,
};

std::string lastLine(const std::string& output)
{
    std::size_t end = output.find_last_not_of(" \t\r\n");
    if (end == std::string::npos)
        return "no message";
    const std::size_t start = output.rfind('\n', end);
    return output.substr(start == std::string::npos ? 0 : start + 1, end - start);
}

std::string dimsText(const std::vector<std::int64_t>& dims)
{
    std::string text;
    for (const std::int64_t extent : dims)
        text += (text.empty() ? "" : ",") + std::to_string(extent);
    return text;
}

std::vector<std::string> scriptArguments(const std::filesystem::path& script,
    const std::filesystem::path& model, const std::filesystem::path& output,
    const TorchExportOptions& options)
{
    std::vector<std::string> arguments{script.string()};
    for (const auto& [name, dims] : options.inputs)
        arguments.push_back("--input=" + name + "=" + dimsText(dims));
    if (!options.moduleClass.empty())
        arguments.push_back("--module=" + options.moduleClass);
    if (!options.moduleDir.empty())
        arguments.push_back("--module-path=" + options.moduleDir.string());
    // After "--" file names starting with '-' stay file names.
    arguments.insert(arguments.end(), {"--", model.string(), output.string()});
    return arguments;
}

Error scriptFailure(const ProcessResult& result, const std::filesystem::path& python,
    const std::filesystem::path& model)
{
    switch (result.exitCode) {
    case kScriptNoTorch:
        return Error{ErrorCode::UnsupportedFeature,
            "PyTorch is not installed for " + python.string() + ": install python3-torch", {}, {}};
    case kScriptLoadFailed:
        return Error{ErrorCode::InvalidModel, "PyTorch cannot load the model: " + lastLine(result.output),
            model.string(), {}};
    default:
        return Error{ErrorCode::Internal, "the ONNX export failed: " + lastLine(result.output),
            model.string(), {}};
    }
}

Result<std::filesystem::path> findPython(const std::string& name)
{
    if (const std::optional<std::filesystem::path> python = findExecutable(name))
        return *python;
    return fail(ErrorCode::InvalidArgument,
        "Python not found: " + name
            + (name.find('/') == std::string::npos ? " is not on PATH" : " is not an executable file")
            + "; PyTorch models are exported with it");
}

} // namespace

TemporaryFolder::TemporaryFolder()
{
    std::error_code error;
    std::string pattern = (std::filesystem::temp_directory_path(error) / "liteforge-XXXXXX").string();
    if (!error && ::mkdtemp(pattern.data()))
        m_path = pattern;
}

TemporaryFolder::~TemporaryFolder()
{
    std::error_code ignored;
    if (!m_path.empty())
        std::filesystem::remove_all(m_path, ignored);
}

bool isTorchFile(const std::filesystem::path& path)
{
    std::string extension = path.extension().string();
    std::ranges::transform(extension, extension.begin(), [](unsigned char c) { return std::tolower(c); });
    return extension == ".pt" || extension == ".pth" || extension == ".torchscript";
}

Result<std::string> detectTorch(const std::string& name, TaskContext& context)
{
    const Result<std::filesystem::path> python = findPython(name);
    if (!python)
        return std::unexpected(python.error());
    const Result<ProcessResult> result = runProcess(*python,
        {"-c", "import sys\ntry:\n import torch\nexcept Exception:\n sys.exit(3)\nprint(torch.__version__)"},
        kDetectTimeout, context);
    if (!result)
        return std::unexpected(result.error());
    if (result->exitCode == kScriptNoTorch)
        return std::unexpected(scriptFailure(*result, *python, {}));
    if (result->exitCode != 0)
        return fail(ErrorCode::Internal, "cannot ask for the PyTorch version: " + lastLine(result->output),
            python->string());
    return lastLine(result->output);
}

Result<std::filesystem::path> exportTorchToOnnx(const std::filesystem::path& model,
    const TorchExportOptions& options, const std::filesystem::path& folder, TaskContext& context)
{
    const Result<std::filesystem::path> python = findPython(options.python);
    if (!python)
        return std::unexpected(python.error());
    const std::filesystem::path script = folder / "torch_export.py";
    const std::string_view text(kTorchExportScript);
    if (auto written = writeFileAtomically(script, std::as_bytes(std::span(text))); !written)
        return std::unexpected(std::move(written.error()));

    const std::filesystem::path output = folder / "model.onnx";
    context.setProgress(0, 1, "export from PyTorch");
    const Result<ProcessResult> result = runProcess(
        *python, scriptArguments(script, model, output, options), kExportTimeout, context);
    if (!result)
        return std::unexpected(result.error());
    if (result->exitCode != 0)
        return std::unexpected(scriptFailure(*result, *python, model));
    return output;
}

} // namespace lf
