// SPDX-License-Identifier: GPL-3.0-or-later
// The run page: starts the job, follows its stages and progress through queued calls, and hands
// the outcome to the wizard.
#include "widgets/wizards/pages/run_page.h"

#include "widgets/common/job_context.h"
#include "widgets/wizards/conversion_wizard.h"

#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace lf::ui {

namespace {

const QString kPending = QStringLiteral("○ ");
const QString kRunning = QStringLiteral("▶ ");
const QString kDone = QStringLiteral("✔ ");
const QString kFailed = QStringLiteral("✘ ");

} // namespace

RunPage::RunPage(QWidget* parent)
    : QWizardPage(parent)
{
    setTitle(tr("Converting"));
    setSubTitle(tr("The conversion runs in the background; Stop cancels it within a second and "
                   "writes no file."));
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_stages = new QListWidget(this);
    m_stages->setSelectionMode(QAbstractItemView::NoSelection);
    m_stages->setFocusPolicy(Qt::NoFocus);
    m_stages->setMaximumWidth(220);
    m_progress = new QProgressBar(this);
    m_log = new QPlainTextEdit(this);
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(5000);
    m_log->setPlaceholderText(tr("Log"));
    m_cancelButton = new QPushButton(tr("Stop"), this);
    connect(m_cancelButton, &QPushButton::clicked, this, &RunPage::cancel);

    auto* body = new QHBoxLayout;
    body->addWidget(m_stages);
    body->addWidget(m_log, 1);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_progress, 1);
    bottom->addWidget(m_cancelButton);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addLayout(body, 1);
    layout->addLayout(bottom);
}

RunPage::~RunPage()
{
    cancel();
}

void RunPage::initializePage()
{
    start();
}

void RunPage::cleanupPage()
{
    cancel();
    m_context.reset(); // a late outcome of this run is dropped
}

void RunPage::cancel()
{
    if (!m_context)
        return;
    m_context->cancel();
    appendLog(tr("Stopping…"));
    m_cancelButton->setEnabled(false);
}

void RunPage::start()
{
    auto* wizard = qobject_cast<ConversionWizard*>(this->wizard());
    wizard->setOutcome(std::nullopt);
    const ConversionRequest request = wizard->request();
    m_succeeded = false;
    m_log->clear();
    m_stages->clear();
    m_stageOrder = jobStages(request);
    for (const JobStage stage : m_stageOrder)
        m_stages->addItem(kPending + jobStageName(stage));
    m_currentStage = -1;
    m_progress->setRange(0, 0);
    m_cancelButton->setEnabled(true);
    m_status->setText(tr("Converting %1 → %2")
                          .arg(QString::fromStdString(request.source.filename().string()),
                              QString::fromStdString(request.output.string())));
    m_clock.start();

    // The context outlives this page if the job is still running when the page goes; it is deleted
    // on the GUI thread, which it belongs to.
    std::shared_ptr<JobContext> context(new JobContext, [](JobContext* c) { c->deleteLater(); });
    m_context = context;
    connect(context.get(), &JobContext::progressChanged, this, &RunPage::showProgress);
    connect(context.get(), &JobContext::diagnosticReported, this,
        [this](const QString& text, bool warning) {
            appendLog(warning ? tr("warning: %1").arg(text) : text);
        });

    QPointer<RunPage> page(this);
    auto* watcher = new QFutureWatcher<Result<ConversionOutcome>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, context] {
        watcher->deleteLater();
        if (context == m_context)
            finish(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run([request, context, page] {
        const StageCallback onStage = [context, page](JobStage stage) {
            QMetaObject::invokeMethod(
                context.get(),
                [page, stage] {
                    if (page)
                        page->startStage(stage);
                },
                Qt::QueuedConnection);
        };
        return runConversionJob(request, *context, onStage);
    }));
    emit completeChanged();
}

void RunPage::startStage(JobStage stage)
{
    if (!m_context)
        return;
    if (m_currentStage >= 0)
        m_stages->item(m_currentStage)
            ->setText(kDone + jobStageName(m_stageOrder[static_cast<std::size_t>(m_currentStage)]));
    const auto found = std::find(m_stageOrder.begin(), m_stageOrder.end(), stage);
    if (found == m_stageOrder.end())
        return;
    m_currentStage = static_cast<int>(found - m_stageOrder.begin());
    m_stages->item(m_currentStage)->setText(kRunning + jobStageName(stage));
    m_progress->setRange(0, 0);
    appendLog(tr("%1 …").arg(jobStageName(stage)));
}

void RunPage::showProgress(int done, int total, const QString& stage)
{
    if (!m_context)
        return;
    m_progress->setRange(0, std::max(total, 1));
    m_progress->setValue(std::clamp(done, 0, std::max(total, 1)));
    m_progress->setFormat(stage + QStringLiteral(" %p%"));
}

void RunPage::appendLog(const QString& text)
{
    m_log->appendPlainText(
        QStringLiteral("[%1 s] %2").arg(m_clock.elapsed() / 1000.0, 0, 'f', 1).arg(text));
}

void RunPage::finish(const Result<ConversionOutcome>& result)
{
    m_context.reset();
    m_cancelButton->setEnabled(false);
    m_progress->setRange(0, 1);
    m_progress->setValue(result ? 1 : 0);
    m_progress->setFormat(QStringLiteral("%p%"));
    const bool cancelled = !result && result.error().code == ErrorCode::Cancelled;
    if (m_currentStage >= 0)
        m_stages->item(m_currentStage)
            ->setText((result ? kDone : kFailed)
                + jobStageName(m_stageOrder[static_cast<std::size_t>(m_currentStage)]));
    if (result) {
        m_succeeded = true;
        m_status->setText(tr("Done in %1 s.").arg(m_clock.elapsed() / 1000.0, 0, 'f', 1));
        appendLog(tr("Wrote %1")
                      .arg(QString::fromStdString(
                          qobject_cast<ConversionWizard*>(wizard())->request().output.string())));
        qobject_cast<ConversionWizard*>(wizard())->setOutcome(*result);
    } else if (cancelled) {
        m_status->setText(tr("Cancelled; no file was written. Go back to change the settings."));
        appendLog(tr("Cancelled."));
    } else {
        const Error& error = result.error();
        QString text = QString::fromStdString(error.toString());
        for (const std::string& note : error.notes)
            text += QStringLiteral("\n  ") + QString::fromStdString(note);
        m_status->setText(
            tr("The conversion failed; no file was written. Go back to change the settings."));
        appendLog(tr("error: %1").arg(text));
    }
    emit completeChanged();
    emit runFinished(m_succeeded, cancelled);
    if (m_succeeded)
        wizard()->next();
}

bool RunPage::isComplete() const
{
    return m_succeeded;
}

} // namespace lf::ui
