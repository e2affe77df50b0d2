// SPDX-License-Identifier: GPL-3.0-or-later
// liteforge-cli: the command-line front end over lf_core (and proof that the core needs no Qt).
// Each subcommand is one entry of kSubcommands with its options and a run function. Exit codes: 0
// success, 1 processing error, 2 bad usage or unreadable input, 130 cancelled; every error is one
// stderr line.
#include "app/cli/cli_task_context.h"

#include "core/base/result.h"
#include "core/importers/load_model.h"
#include "core/ir/model_summary.h"
#include "core/ir/text_format.h"
#include "core/tflite/tflite_writer.h"

#include <algorithm>
#include <cstdio>
#include <expected>
#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lf::cli {

namespace {

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
};

struct ParsedArguments {
    std::vector<std::string> positionals;
    std::map<std::string, std::string, std::less<>> options; ///< by long name; flags map to ""

    bool has(std::string_view name) const { return options.contains(name); }
    const std::string& value(std::string_view name) const { return options.find(name)->second; }
};

struct Subcommand {
    std::string_view name;
    std::string_view positionalName; ///< the one positional argument, e.g. "MODEL"
    std::string_view summary;
    std::span<const OptionSpec> options;
    int (*run)(const ParsedArguments& arguments, CliTaskContext& context);
};

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

int runInspect(const ParsedArguments& arguments, CliTaskContext& context)
{
    const std::filesystem::path input = arguments.positionals.front();
    const Result<ir::Model> model = load(input, context);
    if (!model)
        return reportLoadFailure(model.error(), input);
    printLine(stdout,
        arguments.has("--json") ? ir::summaryJson(*model)
                                : ir::summaryText(*model, arguments.has("--tensors")));
    return kExitSuccess;
}

int runConvert(const ParsedArguments& arguments, CliTaskContext& context)
{
    const std::filesystem::path input = arguments.positionals.front();
    const std::filesystem::path output = arguments.value("--output");
    std::error_code ignored; // a missing output is simply not the input
    if (std::filesystem::equivalent(input, output, ignored)) {
        printError(output.string()
            + ": refusing to overwrite the input model; choose another output file");
        return kExitUsage;
    }
    const Result<ir::Model> model = load(input, context);
    if (!model)
        return reportLoadFailure(model.error(), input);
    if (const Result<void> written = tflite::writeTfliteFile(*model, output); !written)
        return reportFailure(written.error(), output, kExitFailure);
    return kExitSuccess;
}

int runDump(const ParsedArguments& arguments, CliTaskContext& context)
{
    const std::filesystem::path input = arguments.positionals.front();
    const Result<ir::Model> model = load(input, context);
    if (!model)
        return reportLoadFailure(model.error(), input);
    printLine(stdout, ir::printModel(*model));
    return kExitSuccess;
}

constexpr OptionSpec kInspectOptions[] = {
    {"--json", "", "", "print the summary as JSON (always with tensors)"},
    {"--tensors", "", "", "also list every tensor with dtype, shape and quantization"},
};
constexpr OptionSpec kConvertOptions[] = {
    {"--output", "-o", "OUT", "the .tflite file to write (atomically; never the input itself)",
        true},
};

constexpr Subcommand kSubcommands[] = {
    {"inspect", "MODEL", "Summarize a model: op counts, tensors, inputs and outputs",
        kInspectOptions, runInspect},
    {"convert", "MODEL", "Convert a model to a .tflite file", kConvertOptions, runConvert},
    {"dump", "MODEL", "Print a model as .lfir text, one line per tensor and node", {}, runDump},
};

const Subcommand* findSubcommand(std::string_view name)
{
    const auto* found = std::ranges::find(kSubcommands, name, &Subcommand::name);
    return found == std::end(kSubcommands) ? nullptr : found;
}

std::string usageLine(const Subcommand& subcommand)
{
    std::string line = std::string(kProgram) + " " + std::string(subcommand.name) + " "
        + std::string(subcommand.positionalName);
    for (const OptionSpec& option : subcommand.options) {
        std::string text = std::string(option.shortName.empty() ? option.name : option.shortName);
        if (!option.valueName.empty())
            text += " " + std::string(option.valueName);
        line += option.required ? " " + text : " [" + text + "]";
    }
    return line;
}

std::string generalHelp()
{
    std::string text = "Usage: " + std::string(kProgram) + " SUBCOMMAND [OPTIONS] MODEL\n"
        + "       " + std::string(kProgram) + " help SUBCOMMAND | --help | --version\n\n"
        + "Inspect and convert trained models to TensorFlow Lite.\n\nSubcommands:\n";
    for (const Subcommand& subcommand : kSubcommands) {
        std::string name(subcommand.name);
        name.resize(std::max<std::size_t>(name.size() + 2, 10), ' ');
        text += "  " + name + std::string(subcommand.summary) + "\n";
    }
    text += "\nExit codes: 0 success, 1 processing error, 2 bad usage or unreadable input, 130 "
            "cancelled.\n";
    return text;
}

std::string subcommandHelp(const Subcommand& subcommand)
{
    std::string text = "Usage: " + usageLine(subcommand) + "\n\n" + std::string(subcommand.summary)
        + ".\n\nOptions:\n";
    auto addOption = [&text](std::string names, std::string_view help) {
        names.resize(std::max<std::size_t>(names.size() + 2, 20), ' ');
        text += "  " + names + std::string(help) + "\n";
    };
    for (const OptionSpec& option : subcommand.options) {
        std::string names = option.shortName.empty()
            ? std::string(option.name)
            : std::string(option.shortName) + ", " + std::string(option.name);
        if (!option.valueName.empty())
            names += " " + std::string(option.valueName);
        addOption(std::move(names), option.help);
    }
    addOption("-h, --help", "show this help");
    return text;
}

bool isHelpOption(std::string_view argument) { return argument == "--help" || argument == "-h"; }

std::expected<ParsedArguments, std::string> parseArguments(
    const Subcommand& subcommand, std::span<const std::string_view> arguments)
{
    ParsedArguments parsed;
    bool optionsEnded = false;
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        const std::string_view argument = arguments[i];
        if (optionsEnded || argument == "-" || !argument.starts_with('-')) {
            parsed.positionals.emplace_back(argument);
            continue;
        }
        if (argument == "--") {
            optionsEnded = true;
            continue;
        }
        // "--name=value" and "-oVALUE" carry their value inside the argument.
        std::string_view name = argument;
        std::optional<std::string_view> attachedValue;
        if (argument.starts_with("--")) {
            if (const std::size_t equals = argument.find('='); equals != std::string_view::npos) {
                name = argument.substr(0, equals);
                attachedValue = argument.substr(equals + 1);
            }
        } else if (argument.size() > 2) {
            name = argument.substr(0, 2);
            attachedValue = argument.substr(2);
        }
        const auto option
            = std::ranges::find_if(subcommand.options, [name](const OptionSpec& spec) {
                  return spec.name == name || (!spec.shortName.empty() && spec.shortName == name);
              });
        if (option == subcommand.options.end())
            return std::unexpected("unknown option '" + std::string(argument) + "'");
        if (option->valueName.empty()) {
            if (attachedValue)
                return std::unexpected("option '" + std::string(option->name) + "' takes no value");
            parsed.options[std::string(option->name)];
            continue;
        }
        if (!attachedValue) {
            if (i + 1 == arguments.size())
                return std::unexpected("option '" + std::string(name) + "' needs a value ("
                    + std::string(option->valueName) + ")");
            attachedValue = arguments[++i];
        }
        if (attachedValue->empty())
            return std::unexpected("option '" + std::string(name) + "' needs a non-empty value");
        parsed.options[std::string(option->name)] = std::string(*attachedValue);
    }
    for (const OptionSpec& option : subcommand.options) {
        if (option.required && !parsed.has(option.name))
            return std::unexpected("missing option "
                + std::string(option.shortName.empty() ? option.name : option.shortName) + " "
                + std::string(option.valueName));
    }
    if (parsed.positionals.empty())
        return std::unexpected("missing " + std::string(subcommand.positionalName));
    if (parsed.positionals.size() > 1)
        return std::unexpected("unexpected argument '" + parsed.positionals[1] + "'");
    return parsed;
}

int usageError(std::string_view message, std::string_view helpCommand)
{
    printError(std::string(message) + " (see '" + std::string(kProgram) + " "
        + std::string(helpCommand) + "')");
    return kExitUsage;
}

int runSubcommand(const Subcommand& subcommand, std::span<const std::string_view> arguments)
{
    const std::string helpCommand = "help " + std::string(subcommand.name);
    const auto end = std::ranges::find(arguments, std::string_view("--"));
    if (std::any_of(arguments.begin(), end, isHelpOption)) {
        print(stdout, subcommandHelp(subcommand));
        return kExitSuccess;
    }
    const auto parsed = parseArguments(subcommand, arguments);
    if (!parsed)
        return usageError(parsed.error(), helpCommand);
    CliTaskContext context{std::string(kProgram)};
    return subcommand.run(*parsed, context);
}

int runHelp(std::span<const std::string_view> arguments)
{
    if (arguments.empty()) {
        print(stdout, generalHelp());
        return kExitSuccess;
    }
    if (arguments.size() > 1)
        return usageError("help takes one SUBCOMMAND", "--help");
    const Subcommand* subcommand = findSubcommand(arguments.front());
    if (!subcommand)
        return usageError("no subcommand '" + std::string(arguments.front()) + "'", "--help");
    print(stdout, subcommandHelp(*subcommand));
    return kExitSuccess;
}

int run(std::span<const std::string_view> arguments)
{
    if (arguments.empty())
        return usageError("no subcommand given", "--help");
    const std::string_view first = arguments.front();
    const auto rest = arguments.subspan(1);
    if (isHelpOption(first))
        return runHelp({});
    if (first == "--version") {
        printLine(stdout, std::string(kProgram) + " " + LF_VERSION);
        return kExitSuccess;
    }
    if (first == "help")
        return runHelp(rest);
    if (const Subcommand* subcommand = findSubcommand(first))
        return runSubcommand(*subcommand, rest);
    return usageError("unknown subcommand '" + std::string(first) + "'", "--help");
}

} // namespace

} // namespace lf::cli

int main(int argc, char** argv)
{
    const std::vector<std::string_view> arguments(argv + 1, argv + argc);
    const int exitCode = lf::cli::run(arguments);
    if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
        lf::cli::printError("cannot write the output");
        return lf::cli::kExitFailure;
    }
    return exitCode;
}
