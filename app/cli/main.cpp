// SPDX-License-Identifier: GPL-3.0-or-later
// liteforge-cli: the command-line front end over lf_core (and proof that the core needs no Qt).
// Each subcommand is one entry of kSubcommands with its options and a run function. Exit codes: 0
// success, 1 processing error, 2 bad usage or unreadable input (a model, or an input array that
// does not fit it), 130 cancelled; every error is one stderr line.
#include "app/cli/cli_support.h"
#include "app/cli/cli_task_context.h"
#include "app/cli/commands.h"

#include <algorithm>
#include <cstdio>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lf::cli {

namespace {

struct Subcommand {
    std::string_view name;
    std::string_view positionalName; ///< the one positional argument, e.g. "MODEL"
    std::string_view summary;
    std::span<const OptionSpec> options;
    int (*run)(const ParsedArguments& arguments, CliTaskContext& context);
    std::size_t positionalCount = 1; ///< how many positional arguments positionalName names
};

constexpr OptionSpec kInspectOptions[] = {
    {"--json", "", "", "print the summary as JSON (always with tensors)"},
    {"--tensors", "", "", "also list every tensor with dtype, shape and quantization"},
};
constexpr OptionSpec kCheckOptions[] = {
    {"--json", "", "", "print the coverage report as JSON"},
};
constexpr OptionSpec kConvertOptions[] = {
    {"--output", "-o", "OUT", "the .tflite file to write (atomically; never the input itself)",
        true},
    {"--input-shape", "", "NAME=D,D,...",
        "pin the shape of input NAME (ONNX dynamic dims; required per input for PyTorch)", false,
        true},
    {"--keep-io-layout", "", "", "keep 4-D inputs and outputs NCHW instead of making them NHWC"},
    {"--keep-layout", "", "NAME,...", "keep these graph inputs and outputs NCHW (the others become NHWC)",
        false, true},
    {"--not-image", "", "NAME,...",
        "these tensors are not images (e.g. [batch, heads, seq, dim]): no layout change, no transpose "
        "moved through them", false, true},
    {"--disable-pass", "", "NAME",
        "leave out an optional pass: sink-transposes, fold-constants, fold-affine-into-conv, "
        "fold-pad or fuse-activations", false, true},
    {"--rewrite-log", "", "FILE.json", "write every rewrite of the conversion as JSON"},
    {"--validate", "", "",
        "run the model before and after conversion on the same inputs and compare the outputs; "
        "exit 1 without writing OUT if they differ"},
    {"--validate-layers", "", "",
        "--validate, and also compare every tensor both graphs share by name, naming the first "
        "node that diverges"},
    {"--input", "-i", "[NAME=]FILE",
        "a .npy (source layout) for --validate instead of seeded random data", false, true},
    {"--python", "", "PATH", "the Python with PyTorch for .pt/.pth models (default: python3)"},
    {"--torch-module", "", "MODULE:CLASS",
        "MODEL is a state dict for this class (importable from the current folder)"},
    {"--quantize", "", "SCHEME", "quantize: float16, dynamic-range, int8 or 16x8"},
    {"--io-type", "", "TYPE", "quantized model inputs and outputs: float32 (default), int8 or uint8"},
    {"--calibration-method", "", "METHOD",
        "activation ranges: minmax (default), moving-average, percentile or mse"},
    {"--keep-float", "", "NODE,...", "keep these nodes (source or TFLite names) in float", false,
        true},
    {"--calibration", "", "[NAME=]SOURCE",
        "calibration data for input NAME: a folder of images or .npy files, an image, .npy (source "
        "layout), .npz, or 'random'", false, true},
    {"--calibration-samples", "", "N", "use at most N samples (and N random ones; default 100)"},
    {"--report", "", "FILE.json", "write the per-layer float-vs-quantized report as JSON"},
    {"--report-csv", "", "FILE.csv", "write the per-layer report as CSV, one line per tensor"},
    {"--report-samples", "", "N", "compare on at most N samples (default: all)"},
    {"--image-scale", "", "SCALE",
        "image pixels as unit [0,1] (default), signed [-1,1], raw 0..255 or mean-std"},
    {"--image-mean", "", "A,B,C", "per-channel mean on the [0,1] scale (mean-std; ImageNet's by default)"},
    {"--image-std", "", "A,B,C", "per-channel deviation on the [0,1] scale (mean-std)"},
    {"--image-color", "", "ORDER", "rgb, bgr or gray (default: gray for 1 channel, else rgb)"},
    {"--image-crop", "", "", "center-crop images to the input's aspect ratio before resizing"},
};
constexpr OptionSpec kQuantDebugOptions[] = {
    {"--calibration", "", "[NAME=]SOURCE",
        "calibration data for input NAME: a folder of images or .npy files, an image, .npy (source "
        "layout), .npz, or 'random'", true, true},
    {"--calibration-samples", "", "N", "use at most N samples (and N random ones; default 100)"},
    {"--report", "", "FILE.json", "write the per-layer float-vs-quantized report as JSON"},
    {"--report-csv", "", "FILE.csv", "write the per-layer report as CSV, one line per tensor"},
    {"--report-samples", "", "N", "compare on at most N samples (default: all)"},
    {"--image-scale", "", "SCALE",
        "image pixels as unit [0,1] (default), signed [-1,1], raw 0..255 or mean-std"},
    {"--image-mean", "", "A,B,C", "per-channel mean on the [0,1] scale (mean-std; ImageNet's by default)"},
    {"--image-std", "", "A,B,C", "per-channel deviation on the [0,1] scale (mean-std)"},
    {"--image-color", "", "ORDER", "rgb, bgr or gray (default: gray for 1 channel, else rgb)"},
    {"--image-crop", "", "", "center-crop images to the input's aspect ratio before resizing"},
};

constexpr OptionSpec kThreadsOption
    = {"--threads", "-t", "N", "worker threads (default: one per core)"};
constexpr OptionSpec kArithmeticOption = {"--arithmetic", "", "KIND",
    "integer rounding: builtin (TFLite's kernels, TFLite Micro; default) or xnnpack (LiteRT's CPU "
    "default)"};
constexpr OptionSpec kRunOptions[] = {
    {"--input", "-i", "[NAME=]FILE",
        "a .npy for input NAME (tensor or signature name), or the next input", false, true},
    {"--output-dir", "-o", "DIR",
        "where output_0.npy, output_1.npy, ... are written (created if missing)", true},
    kThreadsOption,
    kArithmeticOption,
};
constexpr OptionSpec kBenchOptions[] = {
    kThreadsOption,
    {"--runs", "-n", "N", "timed inferences (default 20)"},
    {"--warmup", "-w", "N", "untimed inferences first (default 2)"},
    kArithmeticOption,
    {"--json", "", "", "print the result as one JSON object"},
};

constexpr Subcommand kSubcommands[] = {
    {"inspect", "MODEL", "Summarize a model: op counts, tensors, inputs and outputs",
        kInspectOptions, runInspect},
    {"check", "MODEL",
        "List the nodes of a model that cannot be converted (exit 1 if there are any)",
        kCheckOptions, runCheck},
    {"convert", "MODEL", "Convert a model to a .tflite file", kConvertOptions, runConvert},
    {"dump", "MODEL", "Print a model as .lfir text, one line per tensor and node", {}, runDump},
    {"run", "MODEL", "Run a model in the interpreter on .npy inputs and write its outputs as .npy",
        kRunOptions, runRun},
    {"bench", "MODEL",
        "Time the interpreter on random inputs: latency, arena size and peak memory", kBenchOptions,
        runBench},
    {"quant-debug", "FLOAT_MODEL QUANT_MODEL",
        "Compare a quantized model with its float model layer by layer on calibration data",
        kQuantDebugOptions, runQuantDebug, 2},
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
        if (option.repeatable)
            text += " ...";
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
    // Help starts in column 23; longer option names get a line of their own.
    constexpr std::size_t kNamesWidth = 20;
    auto addOption = [&text](std::string names, std::string_view help) {
        names = names.size() + 2 > kNamesWidth ? names + "\n" + std::string(kNamesWidth + 2, ' ')
                                               : names + std::string(kNamesWidth - names.size(), ' ');
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
        parsed.options[std::string(option->name)].emplace_back(*attachedValue);
    }
    for (const OptionSpec& option : subcommand.options) {
        if (option.required && !parsed.has(option.name))
            return std::unexpected("missing option "
                + std::string(option.shortName.empty() ? option.name : option.shortName) + " "
                + std::string(option.valueName));
    }
    if (parsed.positionals.size() < subcommand.positionalCount)
        return std::unexpected("missing " + std::string(subcommand.positionalName));
    if (parsed.positionals.size() > subcommand.positionalCount)
        return std::unexpected(
            "unexpected argument '" + parsed.positionals[subcommand.positionalCount] + "'");
    return parsed;
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
