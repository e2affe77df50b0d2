// SPDX-License-Identifier: GPL-3.0-or-later
// The result page: numbers from the wizard's ConversionOutcome, laid out in two tables.
#include "widgets/wizards/pages/result_page.h"

#include "widgets/rewrite_inspector/rewrite_inspector.h"
#include "widgets/wizards/conversion_wizard.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <map>

namespace lf::ui {

namespace {

QTableWidget* readOnlyTable(int columns, const QStringList& headers, QWidget* parent)
{
    auto* table = new QTableWidget(0, columns, parent);
    table->setHorizontalHeaderLabels(headers);
    table->horizontalHeader()->setStretchLastSection(true);
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setWordWrap(false);
    return table;
}

QTableWidgetItem* numberItem(const QString& text)
{
    auto* item = new QTableWidgetItem(text);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

std::map<std::string, int> opCounts(const ir::Model& model)
{
    std::map<std::string, int> counts;
    for (const ir::Node& node : model.main().nodes)
        ++counts[node.typeName()];
    return counts;
}

} // namespace

ResultPage::ResultPage(QWidget* parent)
    : QWizardPage(parent)
{
    setTitle(tr("Result"));
    setSubTitle(tr("The converted model, compared with the source."));
    m_sizes = new QLabel(this);
    m_sizes->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_sizes->setWordWrap(true);

    auto* opsBox = new QGroupBox(tr("Operators"), this);
    m_ops = readOnlyTable(3, { tr("Operator"), tr("Imported"), tr("Written") }, opsBox);
    m_ops->horizontalHeader()->setStretchLastSection(false);
    m_ops->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    auto* opsLayout = new QVBoxLayout(opsBox);
    opsLayout->addWidget(m_ops);

    auto* validationBox
        = new QGroupBox(tr("Validation: source vs .tflite on the same inputs"), this);
    m_validationNote = new QLabel(validationBox);
    m_validationNote->setWordWrap(true);
    m_validation = readOnlyTable(6,
        { tr("Output"), tr("Shape"), tr("Max abs error"), tr("RMSE"), tr("Cosine"), tr("Verdict") },
        validationBox);
    auto* validationLayout = new QVBoxLayout(validationBox);
    validationLayout->addWidget(m_validationNote);
    validationLayout->addWidget(m_validation);

    m_openResult = new QPushButton(tr("Open Result"), this);
    m_openInspector = new QPushButton(tr("Open Rewrite Inspector…"), this);
    connect(m_openResult, &QPushButton::clicked, this, [this] {
        auto* wizard = qobject_cast<ConversionWizard*>(this->wizard());
        emit wizard->openResultRequested(QString::fromStdString(wizard->request().output.string()));
    });
    connect(m_openInspector, &QPushButton::clicked, this, &ResultPage::openInspector);
    m_quantize = new QPushButton(tr("Quantization Panel…"), this);
    connect(m_quantize, &QPushButton::clicked, this, [this] {
        auto* wizard = qobject_cast<ConversionWizard*>(this->wizard());
        emit wizard->quantizationRequested(
            QString::fromStdString(wizard->request().output.string()));
    });
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_openResult);
    buttons->addWidget(m_openInspector);
    buttons->addWidget(m_quantize);
    buttons->addStretch(1);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_sizes);
    layout->addWidget(validationBox, 2);
    layout->addWidget(opsBox, 3);
    layout->addLayout(buttons);
}

void ResultPage::initializePage()
{
    const auto* wizard = qobject_cast<ConversionWizard*>(this->wizard());
    if (!wizard->outcome())
        return;
    const ConversionOutcome& outcome = *wizard->outcome();
    const QLocale locale;
    const double ratio = outcome.sourceBytes
        ? static_cast<double>(outcome.outputBytes) / static_cast<double>(outcome.sourceBytes)
        : 0.0;
    m_sizes->setText(tr("<b>%1</b> → <b>%2</b>: %3 → %4 (%5 % of the source)")
                         .arg(QString::fromStdString(wizard->request().source.filename().string())
                                  .toHtmlEscaped(),
                             QString::fromStdString(wizard->request().output.filename().string())
                                 .toHtmlEscaped(),
                             locale.formattedDataSize(static_cast<qint64>(outcome.sourceBytes)),
                             locale.formattedDataSize(static_cast<qint64>(outcome.outputBytes)),
                             locale.toString(100.0 * ratio, 'f', 1)));
    showOpCounts();
    showValidation();
    m_openInspector->setEnabled(wizard->request().format == ModelFormat::Onnx);
    const bool floatResult = wizard->request().quant == QuantMode::None;
    m_quantize->setEnabled(floatResult);
    m_quantize->setToolTip(floatResult
            ? tr("Open the float result in the quantization panel for the per-layer analysis")
            : tr("The result is already quantized; convert without quantization to analyse "
                 "it in the quantization panel"));
}

void ResultPage::showOpCounts()
{
    const ConversionOutcome& outcome = *qobject_cast<ConversionWizard*>(wizard())->outcome();
    const std::map<std::string, int> before = opCounts(*outcome.imported);
    const std::map<std::string, int> after = opCounts(*outcome.written);
    std::map<std::string, std::pair<int, int>> rows;
    for (const auto& [op, count] : before)
        rows[op].first = count;
    for (const auto& [op, count] : after)
        rows[op].second = count;
    m_ops->setRowCount(static_cast<int>(rows.size()) + 1);
    int row = 0;
    int totalBefore = 0;
    int totalAfter = 0;
    for (const auto& [op, counts] : rows) {
        m_ops->setItem(row, 0, new QTableWidgetItem(QString::fromStdString(op)));
        m_ops->setItem(row, 1, numberItem(QString::number(counts.first)));
        m_ops->setItem(row, 2, numberItem(QString::number(counts.second)));
        totalBefore += counts.first;
        totalAfter += counts.second;
        ++row;
    }
    auto* total = new QTableWidgetItem(tr("Total"));
    QFont bold = total->font();
    bold.setBold(true);
    total->setFont(bold);
    m_ops->setItem(row, 0, total);
    m_ops->setItem(row, 1, numberItem(QString::number(totalBefore)));
    m_ops->setItem(row, 2, numberItem(QString::number(totalAfter)));
    m_ops->resizeColumnsToContents();
}

void ResultPage::showValidation()
{
    const ConversionOutcome& outcome = *qobject_cast<ConversionWizard*>(wizard())->outcome();
    m_validationNote->setText(outcome.validationNote);
    m_validationNote->setVisible(!outcome.validationNote.isEmpty());
    m_validation->setRowCount(0);
    if (!outcome.validation)
        return;
    const auto& outputs = outcome.validation->outputs;
    m_validation->setRowCount(static_cast<int>(outputs.size()));
    for (std::size_t i = 0; i < outputs.size(); ++i) {
        const ComparedTensor& output = outputs[i];
        const int row = static_cast<int>(i);
        const TensorDifference& difference = output.difference;
        m_validation->setItem(
            row, OutputColumn, new QTableWidgetItem(QString::fromStdString(output.name)));
        m_validation->setItem(
            row, ShapeColumn, new QTableWidgetItem(QString::fromStdString(output.shape)));
        m_validation->setItem(
            row, MaxErrorColumn, numberItem(QString::number(difference.maxAbsError, 'g', 6)));
        m_validation->setItem(
            row, RmseColumn, numberItem(QString::number(difference.rmse, 'g', 6)));
        m_validation->setItem(
            row, CosineColumn, numberItem(QString::number(difference.cosine, 'f', 6)));
        m_validation->setItem(row, VerdictColumn,
            new QTableWidgetItem(difference.withinTolerance() ? tr("equal (float tolerance)")
                                                              : tr("differs (quantization)")));
    }
    m_validation->resizeColumnsToContents();
}

QWidget* ResultPage::openInspector()
{
    const auto* wizard = qobject_cast<ConversionWizard*>(this->wizard());
    if (!wizard->outcome())
        return nullptr;
    const ConversionOutcome& outcome = *wizard->outcome();
    auto* inspector
        = new RewriteInspector(outcome.imported, outcome.converted, outcome.log, this->wizard());
    // A re-run with layout overrides converts what this run converted, with the same options; a
    // PyTorch export that went to a temporary folder is gone, so the inspector falls back then.
    const ConversionRequest& request = wizard->request();
    if (!request.exportedOnnx.empty())
        inspector->setConversionSource(request.exportedOnnx, request.convert);
    else if (!request.fromTorch)
        inspector->setConversionSource(request.source, request.convert);
    inspector->setAttribute(Qt::WA_DeleteOnClose);
    inspector->show();
    return inspector;
}

} // namespace lf::ui
