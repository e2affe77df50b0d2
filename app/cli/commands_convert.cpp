// SPDX-License-Identifier: GPL-3.0-or-later
// The subcommands that turn a model into a .tflite file: check (can it be converted?) and convert.
#include "app/cli/commands.h"

#include "app/cli/cli_inputs.h"
#include "app/cli/cli_support.h"
#include "app/cli/quantize_options.h"
#include "core/base/file_io.h"
#include "core/base/json_writer.h"
#include "core/base/npy.h"
#include "core/convert/convert.h"
#include "core/convert/torch_export.h"
#include "core/convert/validation.h"
#include "core/importers/load_model.h"
#include "core/importers/onnx/onnx_importer.h"
#include "core/tflite/tflite_writer.h"

#include <algorithm>
#include <expected>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string_view>

namespace lf::cli {

namespace {

std::map<std::string, std::size_t> opCounts(const ir::Graph& graph)
{
    std::map<std::string, std::size_t> counts;
    for (const ir::Node& node : graph.nodes)
        ++counts[node.typeName()];
    return counts;
}

/// The check report of a model that is already TFLite: nothing to convert, so every op passes.
std::string tfliteCheckText(const std::filesystem::path& path, const ir::Model& model)
{
    const std::map<std::string, std::size_t> counts = opCounts(model.main());
    std::string text = path.string() + ": TensorFlow Lite model\n"
        + std::to_string(model.main().nodes.size()) + " nodes, " + std::to_string(counts.size())
        + " op types:";
    for (const auto& [op, count] : counts)
        text += " " + op + "×" + std::to_string(count);
    return text + "\nalready TensorFlow Lite: nothing to convert\n";
}

std::string tfliteCheckJson(const std::filesystem::path& path, const ir::Model& model)
{
    JsonWriter json;
    json.beginObject();
    json.key("path").value(path.string()).key("format").value("tflite");
    json.key("node_count").value(static_cast<std::uint64_t>(model.main().nodes.size()));
    json.key("convertible").value(true).key("op_counts").beginObject();
    for (const auto& [op, count] : opCounts(model.main()))
        json.key(op).value(static_cast<std::uint64_t>(count));
    json.endObject().key("unsupported").beginArray().endArray().endObject();
    return json.text();
}

int checkOnnxModel(const std::filesystem::path& input, bool asJson, CliTaskContext& context)
{
    const Result<onnx_import::CoverageReport> report = onnx_import::checkOnnx(input, context);
    context.clearProgress();
    if (!report)
        return reportLoadFailure(report.error(), input);
    printLine(stdout, asJson ? report->toJson() : report->toText());
    return report->convertible() ? kExitSuccess : kExitFailure;
}

/// Why the output files cannot be written where the command line says, if they cannot.
std::optional<std::string> checkOutputPaths(
    const ParsedArguments& arguments, const std::filesystem::path& input)
{
    std::error_code ignored; // a missing output is simply not the input
    constexpr std::string_view kOutputs[] = {"--output", "--rewrite-log", "--report", "--report-csv"};
    for (std::size_t i = 0; i < std::size(kOutputs); ++i) {
        if (!arguments.has(kOutputs[i]))
            continue;
        const std::filesystem::path path = arguments.value(kOutputs[i]);
        if (std::filesystem::equivalent(input, path, ignored))
            return path.string() + ": refusing to overwrite the input model; choose another file";
        for (std::size_t j = 0; j < i; ++j) {
            if (arguments.has(kOutputs[j]) && arguments.value(kOutputs[j]) == path.string())
                return std::string(kOutputs[i]) + " and " + std::string(kOutputs[j]) + " name the same file";
        }
    }
    return std::nullopt;
}

using InputShapes = std::vector<std::pair<std::string, std::vector<std::int64_t>>>;

/// "1,3,224,224" as extents >= 1; nullopt for anything else.
std::optional<std::vector<std::int64_t>> parseDims(std::string_view text)
{
    std::vector<std::int64_t> dims;
    for (std::size_t start = 0; start <= text.size();) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        const std::optional<int> extent = parseCount(text.substr(start, comma - start), 1);
        if (!extent)
            return std::nullopt;
        dims.push_back(*extent);
        start = comma + 1;
    }
    return dims;
}

/// Reads --input-shape NAME=D,D,... values, in command-line order.
std::expected<InputShapes, std::string> parseInputShapes(const std::vector<std::string>& values)
{
    InputShapes shapes;
    for (const std::string& value : values) {
        const std::size_t equals = value.rfind('=');
        const auto dims = equals == std::string::npos || equals == 0
            ? std::nullopt
            : parseDims(std::string_view(value).substr(equals + 1));
        if (!dims)
            return std::unexpected("--input-shape needs NAME=D,D,... with whole numbers >= 1, got '"
                + value + "'");
        const std::string name = value.substr(0, equals);
        if (std::ranges::find(shapes, name, &InputShapes::value_type::first) != shapes.end())
            return std::unexpected("--input-shape gives input '" + name + "' twice");
        shapes.emplace_back(name, *dims);
    }
    return shapes;
}

/// The names of a repeatable NAME[,NAME...] option such as --keep-layout, or why they are malformed.
std::expected<std::set<std::string, std::less<>>, std::string> parseNames(
    const ParsedArguments& arguments, std::string_view option)
{
    std::set<std::string, std::less<>> names;
    for (const std::string& value : arguments.values(option)) {
        for (std::size_t start = 0; start <= value.size();) {
            const std::size_t comma = std::min(value.find(',', start), value.size());
            if (comma == start)
                return std::unexpected(std::string(option)
                    + " needs tensor names separated by commas, got '" + value + "'");
            names.insert(value.substr(start, comma - start));
            start = comma + 1;
        }
    }
    return names;
}

struct ConvertRequest {
    ConvertOptions options;
    bool fromTorch = false;
    TorchExportOptions torch;
    bool validate = false;
    bool validateLayers = false;
};

/// The options of `convert` as a request, or why they do not fit together or with the model.
std::expected<ConvertRequest, std::string> parseConvertRequest(
    const ParsedArguments& arguments, const std::filesystem::path& input)
{
    ConvertRequest request;
    auto shapes = parseInputShapes(arguments.values("--input-shape"));
    if (!shapes)
        return std::unexpected(shapes.error());
    request.options.inputShapes.insert(shapes->begin(), shapes->end());
    request.options.pipeline.keepIoLayout = arguments.has("--keep-io-layout");
    auto keepLayout = parseNames(arguments, "--keep-layout");
    if (!keepLayout)
        return std::unexpected(keepLayout.error());
    auto notImage = parseNames(arguments, "--not-image");
    if (!notImage)
        return std::unexpected(notImage.error());
    request.options.layout = {std::move(*keepLayout), std::move(*notImage)};
    for (const std::string& name : arguments.values("--disable-pass"))
        request.options.pipeline.disabledPasses.insert(name);
    if (auto known = passes::checkDisabledPasses(request.options.pipeline.disabledPasses); !known)
        return std::unexpected("--disable-pass: " + known.error().message);
    request.validateLayers = arguments.has("--validate-layers");
    request.validate = request.validateLayers || arguments.has("--validate");
    if (arguments.has("--input") && !request.validate)
        return std::unexpected("--input gives validation data; use it with --validate");
    request.fromTorch = isTorchFile(input) || arguments.has("--torch-module");
    if (!request.fromTorch) {
        for (const char* option : {"--python", "--torch-module"}) {
            if (arguments.has(option))
                return std::unexpected(std::string(option) + " applies to PyTorch models only");
        }
        if (!shapes->empty() && detectModelFormat(input) == ModelFormat::TFLite)
            return std::unexpected("--input-shape applies to ONNX and PyTorch models only");
        return request;
    }
    if (shapes->empty())
        return std::unexpected(
            "a PyTorch model needs --input-shape NAME=D,D,... for each of its inputs, in order");
    request.torch.inputs = std::move(*shapes);
    if (arguments.has("--python"))
        request.torch.python = arguments.value("--python");
    if (arguments.has("--torch-module"))
        request.torch.moduleClass = arguments.value("--torch-module");
    return request;
}

/// Exports a PyTorch model to a .onnx in `folder`; on failure it has printed the error and gives
/// the exit code.
std::expected<std::filesystem::path, int> exportFromTorch(const std::filesystem::path& input,
    const TorchExportOptions& options, const TemporaryFolder& folder, CliTaskContext& context)
{
    std::error_code error;
    if (!std::filesystem::is_regular_file(input, error)) {
        const bool exists = std::filesystem::exists(input, error);
        printError(input.string() + ": " + (exists ? "not a file" : "no such file or directory"));
        return std::unexpected(kExitUsage);
    }
    if (folder.path().empty()) {
        printError("cannot create a temporary folder for the ONNX export");
        return std::unexpected(kExitFailure);
    }
    Result<std::filesystem::path> exported
        = exportTorchToOnnx(std::filesystem::absolute(input), options, folder.path(), context);
    context.clearProgress();
    if (exported)
        return *exported;
    const Error& failure = exported.error();
    switch (failure.code) {
    case ErrorCode::InvalidArgument:
        printError(failure.message + " (choose one with --python PATH)");
        return std::unexpected(kExitUsage);
    case ErrorCode::UnsupportedFeature:
        printError(failure.message + " (or give another Python with --python)");
        return std::unexpected(kExitFailure);
    case ErrorCode::InvalidModel: return std::unexpected(reportFailure(failure, input, kExitUsage));
    default: return std::unexpected(reportFailure(failure, input, kExitFailure));
    }
}

/// Reads the --input arrays for the imported model's inputs; empty when none are given. On a bad
/// file it has printed the error and gives the exit code.
std::expected<std::vector<NpyArray>, int> readValidationInputs(
    const ParsedArguments& arguments, const ir::Model& model)
{
    std::vector<NpyArray> arrays;
    if (!arguments.has("--input"))
        return arrays;
    const std::vector<GraphInput> inputs = graphInputs(model);
    const auto files = assignInputFiles(arguments.values("--input"), inputs);
    if (!files) {
        printError(files.error());
        return std::unexpected(kExitUsage);
    }
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        Result<NpyArray> array = readNpy((*files)[i]);
        if (!array)
            return std::unexpected(reportFailure(array.error(), (*files)[i], kExitUsage));
        if (const auto problem = checkInputArray(inputs[i], *array, (*files)[i])) {
            printError(*problem);
            return std::unexpected(kExitUsage);
        }
        arrays.push_back(std::move(*array));
    }
    return arrays;
}

/// Runs --validate (and --validate-layers) and prints the report; kExitFailure if an output is
/// beyond the tolerance.
int validate(const ParsedArguments& arguments, const Conversion& conversion, bool layers,
    CliTaskContext& context)
{
    auto inputs = readValidationInputs(arguments, conversion.imported);
    if (!inputs)
        return inputs.error();
    const ValidationOptions options{std::move(*inputs), layers};
    const Result<ValidationReport> report
        = validateConversion(std::make_shared<const ir::Model>(conversion.imported),
            std::make_shared<const ir::Model>(conversion.converted), options, context);
    context.clearProgress();
    const std::filesystem::path input = arguments.positionals.front();
    if (!report)
        return reportFailure(report.error(), input, kExitFailure);
    print(stdout, report->toText());
    if (report->passed())
        return kExitSuccess;
    printError("validation failed: an output of the converted model differs from the "
               "unconverted model beyond the tolerance; " + arguments.value("--output")
        + " was not written");
    return kExitFailure;
}

} // namespace

int runCheck(const ParsedArguments& arguments, CliTaskContext& context)
{
    const std::filesystem::path input = arguments.positionals.front();
    const bool asJson = arguments.has("--json");
    if (detectModelFormat(input) == ModelFormat::Onnx)
        return checkOnnxModel(input, asJson, context);
    const Result<ir::Model> model = load(input, context);
    if (!model)
        return reportLoadFailure(model.error(), input);
    printLine(stdout, asJson ? tfliteCheckJson(input, *model) : tfliteCheckText(input, *model));
    return kExitSuccess;
}

int runConvert(const ParsedArguments& arguments, CliTaskContext& context)
{
    const std::filesystem::path input = arguments.positionals.front();
    const std::filesystem::path output = arguments.value("--output");
    if (const std::optional<std::string> problem = checkOutputPaths(arguments, input)) {
        printError(*problem);
        return kExitUsage;
    }
    const auto request = parseConvertRequest(arguments, input);
    if (!request)
        return usageError(request.error(), "help convert");
    const auto quantize = parseQuantizeRequest(arguments, false);
    if (!quantize)
        return usageError(quantize.error(), "help convert");

    std::optional<TemporaryFolder> temporary; // holds the exported .onnx until the end
    std::filesystem::path source = input;
    if (request->fromTorch) {
        const auto exported
            = exportFromTorch(input, request->torch, temporary.emplace(), context);
        if (!exported)
            return exported.error();
        source = *exported;
    }
    Result<Conversion> conversion = convertModel(source, request->options, context);
    context.clearProgress();
    if (!conversion)
        return reportLoadFailure(conversion.error(), input);
    if (arguments.has("--rewrite-log")) {
        const std::filesystem::path logFile = arguments.value("--rewrite-log");
        const std::string json = conversion->log.toJson();
        if (auto written = writeFileAtomically(logFile, std::as_bytes(std::span(json))); !written)
            return reportFailure(written.error(), logFile, kExitFailure);
    }
    if (request->validate) {
        if (const int exitCode = validate(arguments, *conversion, request->validateLayers, context);
            exitCode != kExitSuccess) {
            return exitCode;
        }
    }
    if (*quantize)
        return quantizeAndWrite(**quantize, conversion->converted, output, context);
    if (const Result<void> written = tflite::writeTfliteFile(conversion->converted, output);
        !written)
        return reportFailure(written.error(), output, kExitFailure);
    return kExitSuccess;
}

} // namespace lf::cli
