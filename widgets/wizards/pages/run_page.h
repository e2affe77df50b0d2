// SPDX-License-Identifier: GPL-3.0-or-later
// Wizard page 6: the run. The conversion job runs on a worker thread (QtConcurrent + a future
// watcher); the page shows each stage with its state, a progress bar for the current stage and a
// live log. Stop (or closing the wizard, or going back) cancels the job at its next checkpoint; a
// cancelled run leaves no output file. On success the wizard moves on to the result page.
#pragma once

#include "widgets/wizards/conversion_job.h"

#include <QElapsedTimer>
#include <QWizardPage>

#include <memory>

class QLabel;
class QListWidget;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;

namespace lf::ui {

class JobContext;

class RunPage final : public QWizardPage
{
    Q_OBJECT

public:
    explicit RunPage(QWidget* parent = nullptr);
    ~RunPage() override;

    bool isRunning() const { return static_cast<bool>(m_context); }
    bool succeeded() const { return m_succeeded; }
    /// Asks the running job to stop; returns at once.
    void cancel();

    QPushButton* cancelButton() const { return m_cancelButton; }
    QListWidget* stageList() const { return m_stages; }
    QProgressBar* progressBar() const { return m_progress; }
    QPlainTextEdit* logView() const { return m_log; }
    QLabel* statusLabel() const { return m_status; }

    void initializePage() override;
    void cleanupPage() override;
    bool isComplete() const override;

signals:
    /// The job ended: succeeded, failed or cancelled (then `cancelled` is true).
    void runFinished(bool succeeded, bool cancelled);

private:
    void start();
    void startStage(JobStage stage);
    void showProgress(int done, int total, const QString& stage);
    void appendLog(const QString& text);
    void finish(const Result<ConversionOutcome>& result);

    QLabel* m_status = nullptr;
    QListWidget* m_stages = nullptr;
    QProgressBar* m_progress = nullptr;
    QPlainTextEdit* m_log = nullptr;
    QPushButton* m_cancelButton = nullptr;
    std::shared_ptr<JobContext> m_context;
    std::vector<JobStage> m_stageOrder;
    int m_currentStage = -1;
    bool m_succeeded = false;
    QElapsedTimer m_clock;
};

} // namespace lf::ui
