// SPDX-License-Identifier: GPL-3.0-or-later
// The subcommands that execute a model in the interpreter: run (on .npy inputs) and bench (timing).
#include "app/cli/commands.h"

#include "app/cli/cli_inputs.h"
#include "app/cli/cli_support.h"
#include "core/base/json_writer.h"
#include "core/base/npy.h"
#include "core/interpreter/interpreter.h"
#include "core/interpreter/random_input.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>

namespace lf::cli {

int runRun(const ParsedArguments& arguments, CliTaskContext& context)
{
    const std::string helpCommand = "help run";
    const std::expected<int, std::string> threads = countOption(arguments, "--threads", 1, 0);
    if (!threads)
        return usageError(threads.error(), helpCommand);
    const auto arithmetic = arithmeticOption(arguments);
    if (!arithmetic)
        return usageError(arithmetic.error(), helpCommand);
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

    auto created = createInterpreter(*model, *threads, *arithmetic);
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

namespace {

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

} // namespace

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
    const auto arithmetic = arithmeticOption(arguments);
    if (!arithmetic)
        return usageError(arithmetic.error(), helpCommand);
    const std::filesystem::path modelPath = arguments.positionals.front();
    const Result<std::shared_ptr<const ir::Model>> model = loadShared(modelPath, context);
    if (!model)
        return reportLoadFailure(model.error(), modelPath);
    auto created = createInterpreter(*model, *threads, *arithmetic);
    if (!created)
        return reportFailure(created.error(), modelPath, kExitFailure);
    interp::Interpreter& interpreter = **created;
    std::vector<std::vector<std::byte>> inputs;
    for (std::size_t i = 0; i < interpreter.inputCount(); ++i)
        inputs.push_back(interp::randomInput(interpreter.input(i), kSeed + static_cast<std::uint32_t>(i)));

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

} // namespace lf::cli
