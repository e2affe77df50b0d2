// SPDX-License-Identifier: GPL-3.0-or-later
// A TaskContext over a QPromise, for core work started with QtConcurrent::run: cancelling the future
// cancels the core operation at its next checkpoint, and the core's progress becomes the future's
// progress value and text. Work runs in stages; each stage owns kStageSpan steps of the range, so a
// QFutureWatcher sees one monotonic value over the whole task.
#pragma once

#include "core/base/task_context.h"

#include <QPromise>
#include <QString>

#include <algorithm>

namespace lf::ui {

template <typename T>
class PromiseTaskContext final : public TaskContext {
public:
    static constexpr int kStageSpan = 1000;

    PromiseTaskContext(QPromise<T>& promise, int stageCount)
        : m_promise(promise)
    {
        m_promise.setProgressRange(0, stageCount * kStageSpan);
    }

    /// Starts stage `index` (0-based) called `name`; progress restarts at the stage's beginning.
    void beginStage(int index, const QString& name)
    {
        m_stage = index;
        m_stageName = name;
        m_promise.setProgressValueAndText(index * kStageSpan, name);
    }

    bool isCancelled() const override { return m_promise.isCanceled(); }

    /// Thread-safe (QPromise locks); values below the current one are ignored by QFuture, so
    /// parallel workers reporting out of order do no harm.
    void setProgress(int done, int total, std::string_view) override
    {
        const double fraction = total > 0 ? std::clamp(double(done) / double(total), 0.0, 1.0) : 0.0;
        m_promise.setProgressValueAndText(m_stage * kStageSpan + int(fraction * (kStageSpan - 1)),
                                          m_stageName);
    }

    void report(Diagnostic) override {}

private:
    QPromise<T>& m_promise;
    int m_stage = 0;
    QString m_stageName;
};

} // namespace lf::ui
