// SPDX-License-Identifier: GPL-3.0-or-later
// The GUI's TaskContext for core work on a worker thread: cancellation is an atomic flag the GUI
// sets, progress and diagnostics become queued signals (throttled to a few per second, stage
// changes always pass), so the worker never waits for the GUI thread.
#pragma once

#include "core/base/task_context.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <atomic>
#include <mutex>
#include <string>

namespace lf::ui {

class JobContext final : public QObject, public TaskContext
{
    Q_OBJECT

public:
    explicit JobContext(QObject* parent = nullptr);

    void cancel() { m_cancelled.store(true, std::memory_order_relaxed); }
    bool isCancelled() const override { return m_cancelled.load(std::memory_order_relaxed); }
    void setProgress(int done, int total, std::string_view stage) override;
    void report(Diagnostic diagnostic) override;

signals:
    /// Emitted from the worker thread; connect with the default (queued) connection.
    void progressChanged(int done, int total, const QString& stage);
    void diagnosticReported(const QString& text, bool warning);

private:
    std::atomic_bool m_cancelled { false };
    std::mutex m_mutex;
    QElapsedTimer m_sinceUpdate;
    std::string m_lastStage;
};

} // namespace lf::ui
