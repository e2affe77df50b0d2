// SPDX-License-Identifier: GPL-3.0-or-later
// Throttled progress and diagnostics from worker threads as Qt signals.
#include "widgets/common/job_context.h"

namespace lf::ui {

namespace {

constexpr qint64 kMinUpdateMs = 50;

} // namespace

JobContext::JobContext(QObject* parent)
    : QObject(parent)
{
    m_sinceUpdate.start();
}

void JobContext::setProgress(int done, int total, std::string_view stage)
{
    {
        const std::lock_guard lock(m_mutex);
        const bool newStage = stage != m_lastStage;
        if (!newStage && done < total && m_sinceUpdate.elapsed() < kMinUpdateMs)
            return;
        m_lastStage = stage;
        m_sinceUpdate.restart();
    }
    emit progressChanged(
        done, total, QString::fromUtf8(stage.data(), static_cast<qsizetype>(stage.size())));
}

void JobContext::report(Diagnostic diagnostic)
{
    QString text = QString::fromStdString(diagnostic.message);
    if (!diagnostic.where.empty())
        text = QString::fromStdString(diagnostic.where) + QStringLiteral(": ") + text;
    emit diagnosticReported(text, diagnostic.severity == Diagnostic::Severity::Warning);
}

} // namespace lf::ui
