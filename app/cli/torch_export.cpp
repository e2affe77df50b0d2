// SPDX-License-Identifier: GPL-3.0-or-later
// Running torch.onnx.export through the user's Python. The script's exit code says which step
// failed (see torch_export.py); its last output line says why.
#include "app/cli/torch_export.h"

#include "app/cli/cli_support.h"
#include "app/cli/subprocess.h"
#include "app/cli/torch_export_script.h"
#include "core/base/file_io.h"

#include <algorithm>
#include <cstdlib>
#include <span>

namespace lf::cli {

namespace {

/// Loading PyTorch alone takes seconds; exporting a large model can take minutes on a small
/// machine.
constexpr std::chrono::seconds kExportTimeout{1800};

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
    // After "--" file names starting with '-' stay file names.
    arguments.insert(arguments.end(), {"--", model.string(), output.string()});
    return arguments;
}

int reportScriptFailure(const ProcessResult& result, const std::filesystem::path& python,
    const std::filesystem::path& model)
{
    switch (result.exitCode) {
    case kScriptNoTorch:
        printError("PyTorch is not installed for " + python.string()
            + ": install python3-torch (or give another Python with --python)");
        return kExitFailure;
    case kScriptLoadFailed:
        printError(model.string() + ": PyTorch cannot load the model: " + lastLine(result.output));
        return kExitUsage;
    default:
        printError(model.string() + ": the ONNX export failed: " + lastLine(result.output));
        return kExitFailure;
    }
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

std::expected<std::filesystem::path, int> exportTorchToOnnx(const std::filesystem::path& model,
    const TorchExportOptions& options, const std::filesystem::path& folder,
    CliTaskContext& context)
{
    const std::optional<std::filesystem::path> python = findExecutable(options.python);
    if (!python) {
        printError("Python not found: " + options.python
            + (options.python.find('/') == std::string::npos ? " is not on PATH" : " is not an executable file")
            + "; PyTorch models are exported with it (choose one with --python PATH)");
        return std::unexpected(kExitUsage);
    }
    const std::filesystem::path script = folder / "torch_export.py";
    const std::string_view text(kTorchExportScript);
    if (auto written = writeFileAtomically(script, std::as_bytes(std::span(text))); !written)
        return std::unexpected(reportFailure(written.error(), script, kExitFailure));

    const std::filesystem::path output = folder / "model.onnx";
    context.setProgress(0, 1, "export from PyTorch");
    const Result<ProcessResult> result = runProcess(
        *python, scriptArguments(script, model, output, options), kExportTimeout, context);
    context.clearProgress();
    if (!result)
        return std::unexpected(reportFailure(result.error(), *python, kExitFailure));
    if (result->exitCode != 0)
        return std::unexpected(reportScriptFailure(*result, *python, model));
    return output;
}

} // namespace lf::cli
