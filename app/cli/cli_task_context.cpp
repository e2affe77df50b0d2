// SPDX-License-Identifier: GPL-3.0-or-later
// Implementation of the terminal TaskContext. The SIGINT handler only stores to a lock-free atomic,
// which is all a signal handler may safely do; the core polls it through isCancelled().
#include "app/cli/cli_task_context.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <unistd.h>

namespace lf::cli {

namespace {

/// Keeps the progress line inside a classic 80-column terminal, so it never wraps and can be
/// redrawn.
constexpr std::size_t kMaxProgressWidth = 79;
constexpr auto kProgressInterval = std::chrono::milliseconds(100);

std::atomic<bool> cancelRequested = false;
static_assert(std::atomic<bool>::is_always_lock_free);

void onInterrupt(int) { cancelRequested.store(true); }

} // namespace

CliTaskContext::CliTaskContext(std::string programName)
    : m_programName(std::move(programName)),
      m_showProgress(::isatty(STDERR_FILENO) == 1)
{
    cancelRequested.store(false);
    struct sigaction action { };
    action.sa_handler = onInterrupt;
    sigemptyset(&action.sa_mask);
    // After the first Ctrl+C the default action is back, so a second one ends a stuck process.
    action.sa_flags = SA_RESETHAND;
    ::sigaction(SIGINT, &action, &m_previousAction);
}

CliTaskContext::~CliTaskContext()
{
    clearProgress();
    ::sigaction(SIGINT, &m_previousAction, nullptr);
}

bool CliTaskContext::isCancelled() const { return cancelRequested.load(std::memory_order_relaxed); }

void CliTaskContext::setProgress(int done, int total, std::string_view stage)
{
    if (!m_showProgress)
        return;
    std::lock_guard lock(m_mutex);
    const auto now = std::chrono::steady_clock::now();
    if (m_progressWidth > 0 && now - m_lastUpdate < kProgressInterval)
        return;
    m_lastUpdate = now;

    std::string line;
    if (total > 0) {
        const int percent = static_cast<int>(std::clamp(100LL * done / total, 0LL, 100LL));
        char prefix[32];
        std::snprintf(prefix, sizeof prefix, "[%3d%%] ", percent);
        line = prefix;
    }
    line += stage;
    if (line.size() > kMaxProgressWidth)
        line.resize(kMaxProgressWidth);
    const std::size_t width = line.size();
    // Overwrite the rest of a longer previous line.
    if (width < m_progressWidth)
        line.append(m_progressWidth - width, ' ');
    std::fprintf(stderr, "\r%s", line.c_str());
    std::fflush(stderr);
    m_progressWidth = width;
}

void CliTaskContext::report(Diagnostic diagnostic)
{
    std::lock_guard lock(m_mutex);
    clearProgressLocked();
    const char* label = diagnostic.severity == Diagnostic::Severity::Warning ? "warning" : "note";
    const std::string text = diagnostic.where.empty()
        ? diagnostic.message
        : diagnostic.where + ": " + diagnostic.message;
    std::fprintf(stderr, "%s: %s: %s\n", m_programName.c_str(), label, text.c_str());
}

void CliTaskContext::clearProgress()
{
    std::lock_guard lock(m_mutex);
    clearProgressLocked();
}

void CliTaskContext::clearProgressLocked()
{
    if (m_progressWidth == 0)
        return;
    std::fprintf(stderr, "\r%s\r", std::string(m_progressWidth, ' ').c_str());
    std::fflush(stderr);
    m_progressWidth = 0;
}

} // namespace lf::cli
