// SPDX-License-Identifier: GPL-3.0-or-later
// liteforge-cli: the command-line front end over lf_core (and proof that the core needs no Qt).
// Each subcommand is one entry of kSubcommands with its options and a run function. Exit codes: 0
// success, 1 processing error, 2 bad usage or unreadable input (a model, or an input array that
// does not fit it), 130 cancelled; every error is one stderr line.
#include "app/cli/cli_task_context.h"

#include "core/base/json_writer.h"
#include "core/base/npy.h"
#include "core/base/result.h"
#include "core/importers/load_model.h"
#include "core/interpreter/interpreter.h"
#include "core/ir/model_summary.h"
#include "core/ir/text_format.h"
#include "core/tflite/tflite_writer.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <expected>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <random>
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

Result<std::unique_ptr<interp::Interpreter>> createInterpreter(
    std::shared_ptr<const ir::Model> model, int threads)
{
    interp::InterpreterOptions options;
    options.threads = threads;
    return interp::Interpreter::create(std::move(model), options);
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

int runRun(const ParsedArguments& arguments, CliTaskContext& context)
{
    const std::string helpCommand = "help run";
    const std::expected<int, std::string> threads = countOption(arguments, "--threads", 1, 0);
    if (!threads)
        return usageError(threads.error(), helpCommand);
    const std::filesystem::path modelPath = arguments.positionals.front();
    const Result<std::shared_ptr<const ir::Model>> model = loadShared(modelPath, context);
    if (!model)
        return reportLoadFailure(model.error(), modelPath);

    // Every input file is read and checked before any processing, so a wrong file is always a
    // usage error, whatever the model's ops.
    const std::vector<GraphInput> inputs = graphInputs(**model);
    const auto files = assignInputFiles(arguments.values("--input"), inputs);
    if (!files) {
        printError(files.error());
        return kExitUsage;
    }
    std::vector<NpyArray> arrays;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        Result<NpyArray> array = readNpy((*files)[i]);
        if (!array)
            return reportFailure(array.error(), (*files)[i], kExitUsage);
        if (const std::optional<std::string> problem
            = checkInputArray(inputs[i], *array, (*files)[i])) {
            printError(*problem);
            return kExitUsage;
        }
        arrays.push_back(std::move(*array));
    }

    auto created = createInterpreter(*model, *threads);
    if (!created)
        return reportFailure(created.error(), modelPath, kExitFailure);
    interp::Interpreter& interpreter = **created;
    for (std::size_t i = 0; i < arrays.size(); ++i) {
        if (arrays[i].shape != interpreter.input(i).shape) {
            if (const Result<void> resized = interpreter.resizeInput(i, arrays[i].shape);
                !resized) {
                printError(inputs[i].label() + ": the model cannot run with shape "
                    + shapeText(arrays[i].shape) + " from " + (*files)[i].string() + ": "
                    + errorText(resized.error()));
                return kExitUsage;
            }
        }
    }
    for (std::size_t i = 0; i < arrays.size(); ++i) {
        const Result<void> set
            = interpreter.setInput(i, arrays[i].dtype, arrays[i].shape, arrays[i].data);
        if (!set)
            return reportFailure(set.error(), (*files)[i], kExitUsage);
    }
    if (const Result<void> invoked = interpreter.invoke(nullptr, &context); !invoked)
        return reportFailure(invoked.error(), modelPath, kExitFailure);

    // Written only after a successful run, so a failure leaves no partial output folder behind.
    const std::filesystem::path outputDir = arguments.value("--output-dir");
    std::error_code folderError;
    std::filesystem::create_directories(outputDir, folderError);
    if (folderError) {
        printError(outputDir.string() + ": cannot create the folder: " + folderError.message());
        return kExitFailure;
    }
    const ir::Graph& graph = interpreter.graph();
    for (std::size_t i = 0; i < interpreter.outputCount(); ++i) {
        const interp::TensorView& view = interpreter.output(i);
        const std::string& name = graph.tensors[static_cast<std::size_t>(graph.outputs[i])].name;
        const std::filesystem::path file = outputDir / ("output_" + std::to_string(i) + ".npy");
        if (!isNpyDType(view.dtype)) {
            printError(file.string() + ": output '" + name + "' is "
                + std::string(ir::dtypeName(view.dtype)) + ", which .npy files cannot hold");
            return kExitFailure;
        }
        const NpyArray array{view.dtype, view.shape,
            std::vector<std::byte>(view.data, view.data + view.byteSize())};
        if (const Result<void> written = writeNpy(file, array); !written)
            return reportFailure(written.error(), file, kExitFailure);
        printLine(stdout,
            file.string() + ": '" + name + "' " + std::string(ir::dtypeName(view.dtype)) + " "
                + shapeText(view.shape));
    }
    return kExitSuccess;
}

/// Random data for a bench input: floats uniform in [-1, 1], quantized integers over their whole
/// range, bools 0/1. Other integers (indices, sizes) stay zero, the one value valid for any of
/// them.
std::vector<std::byte> randomInput(const interp::TensorView& view, std::uint32_t seed)
{
    std::vector<std::byte> bytes(view.byteSize());
    std::mt19937 generator(seed);
    const auto fill = [&bytes](auto draw) {
        using T = decltype(draw());
        for (std::size_t offset = 0; offset + sizeof(T) <= bytes.size(); offset += sizeof(T)) {
            const T value = draw();
            std::memcpy(bytes.data() + offset, &value, sizeof(T));
        }
    };
    const auto fillIntegers = [&]<class T>(T) {
        std::uniform_int_distribution<int> draw(
            std::numeric_limits<T>::min(), std::numeric_limits<T>::max());
        fill([&] { return static_cast<T>(draw(generator)); });
    };
    std::uniform_real_distribution<float> unit(-1.0f, 1.0f);
    const bool quantized = !view.quant->scales.empty();
    switch (view.dtype) {
    case ir::DType::Float32: fill([&] { return unit(generator); }); break;
    case ir::DType::Float64: fill([&] { return static_cast<double>(unit(generator)); }); break;
    case ir::DType::Bool: fill([&] { return static_cast<std::uint8_t>(generator() & 1u); }); break;
    case ir::DType::Int8:
        if (quantized)
            fillIntegers(std::int8_t{});
        break;
    case ir::DType::UInt8:
        if (quantized)
            fillIntegers(std::uint8_t{});
        break;
    case ir::DType::Int16:
        if (quantized)
            fillIntegers(std::int16_t{});
        break;
    default: break;
    }
    return bytes;
}

/// The process's peak resident set size in KiB (VmHWM), or nullopt where /proc does not tell.
std::optional<std::int64_t> peakRssKib()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.starts_with("VmHWM:")) {
            std::int64_t kib = 0;
            const char* begin = line.c_str() + line.find_first_not_of(" \t", 6);
            if (std::from_chars(begin, line.c_str() + line.size(), kib).ec == std::errc())
                return kib;
        }
    }
    return std::nullopt;
}

std::string formatMs(double ms)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.3f", ms);
    return text;
}

int runBench(const ParsedArguments& arguments, CliTaskContext& context)
{
    constexpr std::uint32_t kSeed = 5489; // std::mt19937's default, as the test runtimes use
    const std::string helpCommand = "help bench";
    const auto threads = countOption(arguments, "--threads", 1, 0);
    const auto runs = countOption(arguments, "--runs", 1, 20);
    const auto warmup = countOption(arguments, "--warmup", 0, 2);
    for (const auto* count : {&threads, &runs, &warmup}) {
        if (!*count)
            return usageError(count->error(), helpCommand);
    }
    const std::filesystem::path modelPath = arguments.positionals.front();
    const Result<std::shared_ptr<const ir::Model>> model = loadShared(modelPath, context);
    if (!model)
        return reportLoadFailure(model.error(), modelPath);
    auto created = createInterpreter(*model, *threads);
    if (!created)
        return reportFailure(created.error(), modelPath, kExitFailure);
    interp::Interpreter& interpreter = **created;
    std::vector<std::vector<std::byte>> inputs;
    for (std::size_t i = 0; i < interpreter.inputCount(); ++i)
        inputs.push_back(randomInput(interpreter.input(i), kSeed + static_cast<std::uint32_t>(i)));

    std::vector<double> times;
    for (int run = 0; run < *warmup + *runs; ++run) {
        // Set before every run, untimed: the arena may reuse an input's memory once it is read.
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            const interp::TensorView& view = interpreter.input(i);
            if (const Result<void> set = interpreter.setInput(i, view.dtype, view.shape, inputs[i]);
                !set)
                return reportFailure(set.error(), modelPath, kExitFailure);
        }
        const auto start = std::chrono::steady_clock::now();
        if (const Result<void> invoked = interpreter.invoke(nullptr, &context); !invoked)
            return reportFailure(invoked.error(), modelPath, kExitFailure);
        const std::chrono::duration<double, std::milli> elapsed
            = std::chrono::steady_clock::now() - start;
        if (run >= *warmup)
            times.push_back(elapsed.count());
    }
    std::ranges::sort(times);
    const std::size_t middle = times.size() / 2;
    const double median
        = times.size() % 2 ? times[middle] : (times[middle - 1] + times[middle]) / 2;
    const std::optional<std::int64_t> peakRss = peakRssKib();

    if (arguments.has("--json")) {
        JsonWriter json;
        json.beginObject();
        json.key("model").value(modelPath.string());
        json.key("threads").value(interpreter.threadCount());
        json.key("runs").value(*runs);
        json.key("warmup").value(*warmup);
        json.key("min_ms").value(times.front());
        json.key("median_ms").value(median);
        json.key("max_ms").value(times.back());
        json.key("arena_bytes").value(static_cast<std::uint64_t>(interpreter.arenaBytes()));
        json.key("peak_rss_kib");
        if (peakRss)
            json.value(*peakRss);
        else
            json.null();
        json.endObject();
        printLine(stdout, json.text());
        return kExitSuccess;
    }
    printLine(stdout, "model:    " + modelPath.string());
    printLine(stdout, "threads:  " + std::to_string(interpreter.threadCount()));
    printLine(stdout,
        "runs:     " + std::to_string(*runs) + " (after " + std::to_string(*warmup) + " warm-up)");
    printLine(stdout,
        "latency:  min " + formatMs(times.front()) + " ms, median " + formatMs(median) + " ms, max "
            + formatMs(times.back()) + " ms");
    printLine(stdout, "arena:    " + std::to_string(interpreter.arenaBytes()) + " bytes");
    printLine(stdout, "peak RSS: " + (peakRss ? std::to_string(*peakRss) + " KiB" : "unknown"));
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

constexpr OptionSpec kRunOptions[] = {
    {"--input", "-i", "[NAME=]FILE",
        "a .npy for input NAME (tensor or signature name), or the next input", false, true},
    {"--output-dir", "-o", "DIR",
        "where output_0.npy, output_1.npy, ... are written (created if missing)", true},
    {"--threads", "-t", "N", "worker threads (default: one per core)"},
};
constexpr OptionSpec kBenchOptions[] = {
    {"--threads", "-t", "N", "worker threads (default: one per core)"},
    {"--runs", "-n", "N", "timed inferences (default 20)"},
    {"--warmup", "-w", "N", "untimed inferences first (default 2)"},
    {"--json", "", "", "print the result as one JSON object"},
};

constexpr Subcommand kSubcommands[] = {
    {"inspect", "MODEL", "Summarize a model: op counts, tensors, inputs and outputs",
        kInspectOptions, runInspect},
    {"convert", "MODEL", "Convert a model to a .tflite file", kConvertOptions, runConvert},
    {"dump", "MODEL", "Print a model as .lfir text, one line per tensor and node", {}, runDump},
    {"run", "MODEL", "Run a model in the interpreter on .npy inputs and write its outputs as .npy",
        kRunOptions, runRun},
    {"bench", "MODEL",
        "Time the interpreter on random inputs: latency, arena size and peak memory", kBenchOptions,
        runBench},
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
        parsed.options[std::string(option->name)].emplace_back(*attachedValue);
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
