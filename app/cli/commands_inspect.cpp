// SPDX-License-Identifier: GPL-3.0-or-later
// The subcommands that describe a model: inspect (summary) and dump (.lfir text).
#include "app/cli/commands.h"

#include "app/cli/cli_support.h"
#include "core/ir/model_summary.h"
#include "core/ir/text_format.h"

namespace lf::cli {

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

int runDump(const ParsedArguments& arguments, CliTaskContext& context)
{
    const std::filesystem::path input = arguments.positionals.front();
    const Result<ir::Model> model = load(input, context);
    if (!model)
        return reportLoadFailure(model.error(), input);
    printLine(stdout, ir::printModel(*model));
    return kExitSuccess;
}

} // namespace lf::cli
