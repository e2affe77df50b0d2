// SPDX-License-Identifier: GPL-3.0-or-later
// The run functions of liteforge-cli's subcommands, one per entry of the table in main.cpp. Each
// returns the process exit code (see ExitCode) and prints its own errors.
#pragma once

#include "app/cli/cli_support.h"
#include "app/cli/cli_task_context.h"

#include "core/ir/graph.h"

#include <filesystem>

namespace lf::cli {

int runInspect(const ParsedArguments& arguments, CliTaskContext& context);
int runDump(const ParsedArguments& arguments, CliTaskContext& context);
int runCheck(const ParsedArguments& arguments, CliTaskContext& context);
int runConvert(const ParsedArguments& arguments, CliTaskContext& context);
int runRun(const ParsedArguments& arguments, CliTaskContext& context);
int runBench(const ParsedArguments& arguments, CliTaskContext& context);
int runQuantDebug(const ParsedArguments& arguments, CliTaskContext& context);

struct QuantizeRequest;
/// `convert --quantize`: calibrates and quantizes the converted `floatModel`, writes the reports and
/// `output`, and prints a summary.
int quantizeAndWrite(const QuantizeRequest& request, const ir::Model& floatModel, const std::filesystem::path& output,
                     CliTaskContext& context);

} // namespace lf::cli
