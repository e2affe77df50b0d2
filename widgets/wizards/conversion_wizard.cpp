// SPDX-License-Identifier: GPL-3.0-or-later
// The wizard's frame: page order, size, and stopping a running job when it closes.
#include "widgets/wizards/conversion_wizard.h"

#include "widgets/wizards/pages/coverage_page.h"
#include "widgets/wizards/pages/inputs_page.h"
#include "widgets/wizards/pages/optimization_page.h"
#include "widgets/wizards/pages/output_page.h"
#include "widgets/wizards/pages/quantization_page.h"
#include "widgets/wizards/pages/result_page.h"
#include "widgets/wizards/pages/run_page.h"
#include "widgets/wizards/pages/source_page.h"

namespace lf::ui {

ConversionWizard::ConversionWizard(QWidget* parent)
    : QWizard(parent)
{
    setWindowTitle(tr("Convert to TensorFlow Lite"));
    setWizardStyle(QWizard::ModernStyle);
    setOption(QWizard::NoBackButtonOnLastPage, true);
    setOption(QWizard::NoCancelButtonOnLastPage, true);
    m_sourcePage = new SourcePage(this);
    m_inputsPage = new InputsPage(this);
    m_coveragePage = new CoveragePage(this);
    m_optimizationPage = new OptimizationPage(this);
    m_quantizationPage = new QuantizationPage(this);
    m_outputPage = new OutputPage(this);
    m_runPage = new RunPage(this);
    m_resultPage = new ResultPage(this);
    setPage(Source, m_sourcePage);
    setPage(Inputs, m_inputsPage);
    setPage(Coverage, m_coveragePage);
    setPage(Optimization, m_optimizationPage);
    setPage(Quantization, m_quantizationPage);
    setPage(Output, m_outputPage);
    setPage(Run, m_runPage);
    setPage(Result, m_resultPage);
    m_outputPage->setButtonText(QWizard::NextButton, tr("&Convert"));
    resize(860, 620);
}

ConversionWizard::~ConversionWizard() = default;

void ConversionWizard::setSourcePath(const QString& path)
{
    m_sourcePage->setPath(path);
}

void ConversionWizard::reject()
{
    m_runPage->cancel();
    QWizard::reject();
}

} // namespace lf::ui
