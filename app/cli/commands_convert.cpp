// SPDX-License-Identifier: GPL-3.0-or-later
// The subcommands that turn a model into a .tflite file: check (can it be converted?) and convert.
#include "app/cli/commands.h"

#include "app/cli/cli_support.h"
#include "core/base/json_writer.h"
#include "core/importers/load_model.h"
#include "core/importers/onnx/onnx_importer.h"
#include "core/tflite/tflite_writer.h"

#include <filesystem>
#include <map>

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

} // namespace lf::cli
