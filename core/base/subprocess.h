// SPDX-License-Identifier: GPL-3.0-or-later
// Running a helper program (the user's Python for the PyTorch export) without a shell: an argument
// vector, stdin from /dev/null, stdout and stderr captured together, a time limit, and Ctrl+C
// (the task context's cancel request) ending the child.
#pragma once

#include "core/base/result.h"
#include "core/base/task_context.h"

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace lf {

struct ProcessResult {
    int exitCode = -1;   ///< the child's exit status, or -1 if a signal ended it
    std::string output;  ///< the last 64 KiB of stdout and stderr, interleaved as written
};

/// Runs `program` with `arguments` (argv[1..]) and waits for it. Fails with Io if it cannot be
/// started, Cancelled if the context is cancelled meanwhile (the child is killed), and Internal if
/// it runs longer than `timeout` (killed as well).
Result<ProcessResult> runProcess(const std::filesystem::path& program,
    const std::vector<std::string>& arguments, std::chrono::seconds timeout, TaskContext& context);

/// `name` if it contains a slash, else the first executable of that name on PATH; nullopt when
/// there is none or it is not an executable file.
std::optional<std::filesystem::path> findExecutable(const std::string& name);

} // namespace lf
