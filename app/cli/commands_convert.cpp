// SPDX-License-Identifier: GPL-3.0-or-later
// The subcommands that turn a model into a .tflite file.
#include "app/cli/commands.h"

#include "app/cli/cli_support.h"
#include "core/tflite/tflite_writer.h"

#include <filesystem>

namespace lf::cli {

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
