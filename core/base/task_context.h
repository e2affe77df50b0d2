// SPDX-License-Identifier: GPL-3.0-or-later
// Progress, cancellation and warnings for long operations, without any GUI dependency.
// The GUI implements TaskContext over QPromise, the CLI over the terminal; tests use NullTaskContext.
#pragma once

#include <string>
#include <string_view>

namespace lf {

struct Diagnostic {
    enum class Severity { Info, Warning };
    Severity severity = Severity::Warning;
    std::string message;
    std::string where;
};

/// Passed by reference into every long core operation. Implementations must be thread-safe:
/// isCancelled() may be polled from worker threads. setProgress() throttles itself.
class TaskContext {
public:
    virtual ~TaskContext() = default;
    virtual bool isCancelled() const = 0;
    virtual void setProgress(int done, int total, std::string_view stage) = 0;
    virtual void report(Diagnostic diagnostic) = 0;
};

/// Never cancelled, ignores progress and diagnostics.
class NullTaskContext final : public TaskContext {
public:
    bool isCancelled() const override { return false; }
    void setProgress(int, int, std::string_view) override {}
    void report(Diagnostic) override {}
};

} // namespace lf
