// SPDX-License-Identifier: GPL-3.0-or-later
// The conversion wizard: source (framework detected; PyTorch through the user's Python), inputs,
// pre-flight coverage check, optimisation (which optional passes run), quantization, output path,
// the run on a worker thread and the result with validation numbers. Pages live in
// widgets/wizards/pages/, one per file; they fill in the shared ConversionRequest. Choices are
// remembered in QSettings (group "conversionWizard"). Framework pages for TensorFlow, Keras and
// Darknet add their own source page and framework value.
#pragma once

#include "widgets/wizards/conversion_job.h"

#include <QWizard>

#include <memory>
#include <optional>

namespace lf::ui {

class SourcePage;
class InputsPage;
class CoveragePage;
class OptimizationPage;
class QuantizationPage;
class OutputPage;
class RunPage;
class ResultPage;

class ConversionWizard final : public QWizard
{
    Q_OBJECT

public:
    enum PageId { Source, Inputs, Coverage, Optimization, Quantization, Output, Run, Result };

    explicit ConversionWizard(QWidget* parent = nullptr);
    ~ConversionWizard() override;

    /// Starts with `path` chosen on the source page (a dropped file, a recent file).
    void setSourcePath(const QString& path);

    /// The request the pages fill in; the run page hands it to the job.
    ConversionRequest& request() { return m_request; }
    const ConversionRequest& request() const { return m_request; }
    /// The run's result, once the run page finished successfully.
    const std::optional<ConversionOutcome>& outcome() const { return m_outcome; }
    void setOutcome(std::optional<ConversionOutcome> outcome) { m_outcome = std::move(outcome); }
    /// Holds an ONNX export made before the run (PyTorch sources) for the wizard's lifetime.
    void keepExport(std::shared_ptr<TemporaryFolder> folder) { m_exportFolder = std::move(folder); }

    SourcePage* sourcePage() const { return m_sourcePage; }
    InputsPage* inputsPage() const { return m_inputsPage; }
    CoveragePage* coveragePage() const { return m_coveragePage; }
    OptimizationPage* optimizationPage() const { return m_optimizationPage; }
    QuantizationPage* quantizationPage() const { return m_quantizationPage; }
    OutputPage* outputPage() const { return m_outputPage; }
    RunPage* runPage() const { return m_runPage; }
    ResultPage* resultPage() const { return m_resultPage; }

signals:
    /// The result page asks to open the written model in the main window.
    void openResultRequested(const QString& path);
    /// The result page hands a written float model over to the quantization panel.
    void quantizationRequested(const QString& floatModelPath);

public slots:
    void reject() override;

private:
    ConversionRequest m_request;
    std::optional<ConversionOutcome> m_outcome;
    std::shared_ptr<TemporaryFolder> m_exportFolder;
    SourcePage* m_sourcePage = nullptr;
    InputsPage* m_inputsPage = nullptr;
    CoveragePage* m_coveragePage = nullptr;
    OptimizationPage* m_optimizationPage = nullptr;
    QuantizationPage* m_quantizationPage = nullptr;
    OutputPage* m_outputPage = nullptr;
    RunPage* m_runPage = nullptr;
    ResultPage* m_resultPage = nullptr;
};

/// The QSettings key of a remembered wizard choice: "conversionWizard/<name>".
inline QString wizardSettingsKey(const char* name)
{
    return QStringLiteral("conversionWizard/") + QLatin1String(name);
}

} // namespace lf::ui
