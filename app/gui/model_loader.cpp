// SPDX-License-Identifier: GPL-3.0-or-later
// QtConcurrent runs loadModel() with a TaskContext that polls a cancel flag and keeps the reported
// diagnostics; a future watcher brings the outcome back, and a generation counter drops stale ones.
#include "app/gui/model_loader.h"

#include "core/importers/load_model.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include <mutex>
#include <utility>

namespace lf::ui {

namespace {

/// Lets a newer request (or closing the window) stop a load at the importer's next checkpoint, and
/// keeps the warnings the importer reports.
class LoadContext final : public TaskContext {
public:
    explicit LoadContext(std::shared_ptr<std::atomic_bool> cancelled)
        : m_cancelled(std::move(cancelled))
    {
    }
    bool isCancelled() const override { return m_cancelled->load(std::memory_order_relaxed); }
    void setProgress(int, int, std::string_view) override {}
    void report(Diagnostic diagnostic) override
    {
        const std::lock_guard lock(m_mutex);
        m_diagnostics.push_back(std::move(diagnostic));
    }
    std::vector<Diagnostic> takeDiagnostics()
    {
        const std::lock_guard lock(m_mutex);
        return std::exchange(m_diagnostics, {});
    }

private:
    std::shared_ptr<std::atomic_bool> m_cancelled;
    std::mutex m_mutex;
    std::vector<Diagnostic> m_diagnostics;
};

ModelLoader::Outcome loadOutcome(const std::filesystem::path& path,
                                 const std::shared_ptr<std::atomic_bool>& cancel)
{
    LoadContext context(cancel);
    QElapsedTimer timer;
    timer.start();
    Result<ir::Model> result = loadModel(path, context);
    ModelLoader::Outcome outcome;
    outcome.elapsedMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    outcome.diagnostics = context.takeDiagnostics();
    if (result)
        outcome.model = std::make_shared<const ir::Model>(std::move(*result));
    else
        outcome.error = std::move(result.error());
    return outcome;
}

} // namespace

ModelLoader::ModelLoader(QObject* parent)
    : QObject(parent)
{
}

ModelLoader::~ModelLoader()
{
    if (m_cancel)
        m_cancel->store(true);
}

void ModelLoader::load(const QString& absolutePath)
{
    cancel();
    auto cancelFlag = std::make_shared<std::atomic_bool>(false);
    m_cancel = cancelFlag;
    m_path = absolutePath;
    const quint64 generation = m_generation;
    const std::filesystem::path fsPath = QFileInfo(absolutePath).filesystemAbsoluteFilePath();
    // A watcher rather than future.then(this, ...): its signals are always posted, so even a load
    // that finishes before we get here is delivered after load() returns, and only if the loader
    // still exists.
    auto* watcher = new QFutureWatcher<Outcome>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation, absolutePath] {
        watcher->deleteLater();
        if (generation != m_generation)
            return;
        m_path.clear();
        m_cancel.reset();
        emit finished(absolutePath, watcher->result());
    });
    watcher->setFuture(QtConcurrent::run(loadOutcome, fsPath, cancelFlag));
}

void ModelLoader::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
    m_cancel.reset();
    m_path.clear();
    ++m_generation;
}

} // namespace lf::ui
