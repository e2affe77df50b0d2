// SPDX-License-Identifier: GPL-3.0-or-later
// The terminal's TaskContext for liteforge-cli: a single self-overwriting progress line on stderr
// (only when stderr is a terminal), diagnostics as "liteforge-cli: warning: ..." lines, and Ctrl+C
// (SIGINT) as a cooperative cancel request.
#pragma once

#include "core/base/task_context.h"

#include <chrono>
#include <csignal>
#include <mutex>
#include <string>

namespace lf::cli {

/// Installs a SIGINT handler for its lifetime, so create exactly one, in main(). The first Ctrl+C
/// asks the running core operation to stop (isCancelled() turns true); a second one kills the
/// process the usual way, in case the operation does not reach a checkpoint. Thread-safe, as
/// TaskContext requires.
class CliTaskContext final : public TaskContext {
public:
    explicit CliTaskContext(std::string programName);
    ~CliTaskContext() override;
    CliTaskContext(const CliTaskContext&) = delete;
    CliTaskContext& operator=(const CliTaskContext&) = delete;

    bool isCancelled() const override;
    void setProgress(int done, int total, std::string_view stage) override;
    void report(Diagnostic diagnostic) override;

    /// Erases the progress line, so that a following message starts on a clean line.
    void clearProgress();

private:
    void clearProgressLocked();

    std::string m_programName;
    bool m_showProgress = false;
    std::mutex m_mutex;
    std::chrono::steady_clock::time_point m_lastUpdate;
    std::size_t m_progressWidth = 0; ///< characters of the progress line currently shown
    struct sigaction m_previousAction { };
};

} // namespace lf::cli
