// SPDX-License-Identifier: GPL-3.0-or-later
// Shared helpers of liteforge-cli's subcommands: exit codes, parsed options, printing, one-line
// error reports, loading a model under Ctrl+C, and reading numeric options.
#pragma once

#include "app/cli/cli_task_context.h"

#include "core/base/result.h"
#include "core/interpreter/interpreter.h"
#include "core/ir/graph.h"

#include <cstdint>
#include <cstdio>
#include <expected>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lf::cli {

constexpr std::string_view kProgram = "liteforge-cli";

enum ExitCode : int {
    kExitSuccess = 0,
    kExitFailure = 1,     ///< processing failed: unsupported op, the writer failed, ...
    kExitUsage = 2,       ///< bad command line, or an input that cannot be read as a model
    kExitCancelled = 130, ///< 128 + SIGINT, what shells report for a process stopped by Ctrl+C
};

struct OptionSpec {
    std::string_view name;      ///< "--output"
    std::string_view shortName; ///< "-o", or empty
    std::string_view valueName; ///< "OUT" for options taking a value, empty for flags
    std::string_view help;
    bool required = false;
    bool repeatable = false; ///< may be given several times; every value is kept in order
};

struct ParsedArguments {
    std::vector<std::string> positionals;
    /// By long name, the values in command-line order; flags map to an empty list.
    std::map<std::string, std::vector<std::string>, std::less<>> options;

    bool has(std::string_view name) const { return options.contains(name); }
    /// The last value given for a present option.
    const std::string& value(std::string_view name) const
    {
        return options.find(name)->second.back();
    }
    std::vector<std::string> values(std::string_view name) const
    {
        const auto found = options.find(name);
        return found == options.end() ? std::vector<std::string>{} : found->second;
    }
};

void print(std::FILE* stream, std::string_view text);
/// Prints `text` and a newline unless it already ends with one.
void printLine(std::FILE* stream, std::string_view text);
/// Prints "liteforge-cli: error: <text>" as a single line, whatever the text contains.
void printError(std::string_view text);
/// The error with its notes, as one line of text.
std::string errorText(const Error& error);

/// Reports a failed operation on `file`; the file is named even if the error itself does not name
/// it. Cancellation always gives kExitCancelled.
int reportFailure(const Error& error, const std::filesystem::path& file, int exitCode);
/// Reports a bad command line, pointing at `helpCommand`; gives kExitUsage.
int usageError(std::string_view message, std::string_view helpCommand);
/// Load errors that mean "this is not a readable model" are the caller's input problem (exit 2); a
/// readable model we cannot handle is a processing error (exit 1).
int reportLoadFailure(const Error& error, const std::filesystem::path& file);

/// Loads a model; a load that finished although Ctrl+C was pressed still counts as cancelled.
Result<ir::Model> load(const std::filesystem::path& path, CliTaskContext& context);
/// Loads a model for the interpreter, which shares it read-only.
Result<std::shared_ptr<const ir::Model>> loadShared(
    const std::filesystem::path& path, CliTaskContext& context);
/// Reads --arithmetic (builtin or xnnpack; builtin when absent).
std::expected<interp::QuantizedArithmetic, std::string> arithmeticOption(
    const ParsedArguments& arguments);
Result<std::unique_ptr<interp::Interpreter>> createInterpreter(std::shared_ptr<const ir::Model> model,
    int threads, interp::QuantizedArithmetic arithmetic = interp::QuantizedArithmetic::Builtin);

/// Parses a whole decimal number in [minimum, 1e9]; nullopt for anything else.
std::optional<int> parseCount(std::string_view text, int minimum);
/// Reads option `name` as a count, or gives `fallback` when it is absent.
std::expected<int, std::string> countOption(
    const ParsedArguments& arguments, std::string_view name, int minimum, int fallback);

/// "[1,3,224,224]"
std::string shapeText(std::span<const std::int64_t> shape);

} // namespace lf::cli
