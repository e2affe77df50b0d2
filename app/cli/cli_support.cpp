// SPDX-License-Identifier: GPL-3.0-or-later
// Shared helpers of liteforge-cli's subcommands: printing, one-line error reports with the exit code
// that fits, loading a model under Ctrl+C, and reading numeric options.
#include "app/cli/cli_support.h"

#include "core/importers/load_model.h"

#include <algorithm>
#include <charconv>

namespace lf::cli {

void print(std::FILE* stream, std::string_view text)
{
    std::fwrite(text.data(), 1, text.size(), stream);
}

void printLine(std::FILE* stream, std::string_view text)
{
    print(stream, text);
    if (text.empty() || text.back() != '\n')
        print(stream, "\n");
}

/// Prints "liteforge-cli: error: <text>" as a single line, whatever the text contains.
void printError(std::string_view text)
{
    std::string line = std::string(kProgram) + ": error: " + std::string(text);
    std::ranges::replace(line, '\n', ' ');
    printLine(stderr, line);
}

std::string errorText(const Error& error)
{
    std::string text = error.toString();
    for (const std::string& note : error.notes)
        text += "; " + note;
    return text;
}

/// Reports a failed operation on `file`; the file is named even if the error itself does not name
/// it.
int reportFailure(const Error& error, const std::filesystem::path& file, int exitCode)
{
    if (error.code == ErrorCode::Cancelled) {
        printError("cancelled");
        return kExitCancelled;
    }
    std::string text = errorText(error);
    if (text.find(file.string()) == std::string::npos)
        text = file.string() + ": " + text;
    printError(text);
    return exitCode;
}

int usageError(std::string_view message, std::string_view helpCommand)
{
    printError(std::string(message) + " (see '" + std::string(kProgram) + " "
        + std::string(helpCommand) + "')");
    return kExitUsage;
}

/// Load errors that mean "this is not a readable model" are the caller's input problem (exit 2); a
/// readable model we cannot handle is a processing error (exit 1).
int reportLoadFailure(const Error& error, const std::filesystem::path& file)
{
    const bool badInput = error.code == ErrorCode::Io || error.code == ErrorCode::InvalidModel
        || error.code == ErrorCode::InvalidArgument;
    return reportFailure(error, file, badInput ? kExitUsage : kExitFailure);
}

/// Loads a model; a load that finished although Ctrl+C was pressed still counts as cancelled.
Result<ir::Model> load(const std::filesystem::path& path, CliTaskContext& context)
{
    Result<ir::Model> model = loadModel(path, context);
    context.clearProgress();
    if (model && context.isCancelled())
        return fail(ErrorCode::Cancelled, "cancelled");
    return model;
}

/// Parses a whole decimal number in [minimum, kMaxCount]; nullopt for anything else.
std::optional<int> parseCount(std::string_view text, int minimum)
{
    constexpr int kMaxCount = 1'000'000'000;
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < minimum
        || value > kMaxCount)
        return std::nullopt;
    return value;
}

/// Reads option `name` as a count, or gives `fallback` when it is absent.
std::expected<int, std::string> countOption(
    const ParsedArguments& arguments, std::string_view name, int minimum, int fallback)
{
    if (!arguments.has(name))
        return fallback;
    if (const std::optional<int> count = parseCount(arguments.value(name), minimum))
        return *count;
    return std::unexpected("option '" + std::string(name) + "' needs a whole number >= "
        + std::to_string(minimum) + ", got '" + arguments.value(name) + "'");
}

std::string shapeText(std::span<const std::int64_t> shape)
{
    std::string text = "[";
    for (std::size_t i = 0; i < shape.size(); ++i)
        text += (i ? "," : "") + std::to_string(shape[i]);
    return text + "]";
}

std::expected<interp::QuantizedArithmetic, std::string> arithmeticOption(
    const ParsedArguments& arguments)
{
    if (!arguments.has("--arithmetic"))
        return interp::QuantizedArithmetic::Builtin;
    const std::string value = arguments.value("--arithmetic");
    if (value == "builtin")
        return interp::QuantizedArithmetic::Builtin;
    if (value == "xnnpack")
        return interp::QuantizedArithmetic::Xnnpack;
    return std::unexpected("--arithmetic takes builtin or xnnpack, not '" + value + "'");
}

Result<std::unique_ptr<interp::Interpreter>> createInterpreter(std::shared_ptr<const ir::Model> model,
    int threads, interp::QuantizedArithmetic arithmetic)
{
    return interp::Interpreter::create(
        std::move(model), { .threads = threads, .arithmetic = arithmetic });
}

/// Loads a model for the interpreter, which shares it read-only.
Result<std::shared_ptr<const ir::Model>> loadShared(
    const std::filesystem::path& path, CliTaskContext& context)
{
    Result<ir::Model> model = load(path, context);
    if (!model)
        return std::unexpected(std::move(model.error()));
    return std::make_shared<const ir::Model>(std::move(*model));
}

} // namespace lf::cli
