// SPDX-License-Identifier: GPL-3.0-or-later
// Loads model files on a worker thread for the main window. Only the newest request counts: a new
// request or cancel() stops the one running at the importer's next checkpoint and drops its
// outcome. Outcomes are always delivered through the event loop, never from inside load().
#pragma once

#include "core/base/result.h"
#include "core/base/task_context.h"
#include "core/ir/graph.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

namespace lf::ui {

class ModelLoader final : public QObject {
    Q_OBJECT

public:
    struct Outcome {
        std::shared_ptr<const ir::Model> model; ///< null on failure
        std::optional<Error> error;
        std::vector<Diagnostic> diagnostics; ///< warnings the importer reported, also on failure
        double elapsedMs = 0;
    };

    explicit ModelLoader(QObject* parent = nullptr);
    ~ModelLoader() override;

    /// Starts loading `absolutePath`; finished follows unless a newer request or cancel() comes first.
    void load(const QString& absolutePath);
    void cancel();
    bool isLoading() const { return !m_path.isEmpty(); }
    QString loadingPath() const { return m_path; }

signals:
    void finished(const QString& path, const lf::ui::ModelLoader::Outcome& outcome);

private:
    QString m_path;
    quint64 m_generation = 0; ///< outcomes of older generations are stale and dropped
    std::shared_ptr<std::atomic_bool> m_cancel;
};

} // namespace lf::ui
