// SPDX-License-Identifier: GPL-3.0-or-later
// The output page: a path with a save dialog, a note when the file exists (it is replaced only
// once the whole run succeeded).
#include "widgets/wizards/pages/output_page.h"

#include "widgets/wizards/conversion_wizard.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace lf::ui {

namespace {

QString suffixFor(QuantMode mode)
{
    switch (mode) {
    case QuantMode::Float16: return QStringLiteral("_float16");
    case QuantMode::DynamicRange: return QStringLiteral("_dynamic");
    case QuantMode::Int8: return QStringLiteral("_int8");
    case QuantMode::None: break;
    }
    return {};
}

} // namespace

OutputPage::OutputPage(QWidget* parent)
    : QWizardPage(parent)
{
    setTitle(tr("Output"));
    setSubTitle(tr("Where to write the TensorFlow Lite model."));
    m_pathEdit = new QLineEdit(this);
    auto* browseButton = new QPushButton(tr("Browse…"), this);
    connect(browseButton, &QPushButton::clicked, this, &OutputPage::browse);
    auto* row = new QHBoxLayout;
    row->addWidget(m_pathEdit, 1);
    row->addWidget(browseButton);
    m_note = new QLabel(this);
    m_note->setWordWrap(true);
    auto* form = new QFormLayout;
    form->addRow(tr("File:"), row);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_note);
    layout->addStretch(1);
    connect(m_pathEdit, &QLineEdit::textChanged, this, &OutputPage::updateNote);
}

void OutputPage::initializePage()
{
    const ConversionRequest& request = qobject_cast<ConversionWizard*>(wizard())->request();
    const QFileInfo source(QString::fromStdString(request.source.string()));
    QString suffix = suffixFor(request.quant);
    if (suffix.isEmpty() && request.format == ModelFormat::TFLite)
        suffix = QStringLiteral("_converted");
    m_pathEdit->setText(
        QDir(source.absolutePath())
            .filePath(source.completeBaseName() + suffix + QStringLiteral(".tflite")));
}

void OutputPage::browse()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save TensorFlow Lite model"),
        m_pathEdit->text(), tr("TensorFlow Lite (*.tflite)"));
    if (!path.isEmpty())
        m_pathEdit->setText(path);
}

void OutputPage::updateNote()
{
    const QFileInfo info(m_pathEdit->text());
    const ConversionRequest& request = qobject_cast<ConversionWizard*>(wizard())->request();
    if (info.absoluteFilePath()
        == QFileInfo(QString::fromStdString(request.source.string())).absoluteFilePath())
        m_note->setText(tr("This is the source model; choose another file."));
    else if (!info.absoluteDir().exists())
        m_note->setText(tr("The folder does not exist."));
    else if (info.exists())
        m_note->setText(tr("The file exists and will be replaced once the conversion succeeds."));
    else
        m_note->clear();
    emit completeChanged();
}

bool OutputPage::isComplete() const
{
    const QFileInfo info(m_pathEdit->text());
    const ConversionRequest& request = qobject_cast<ConversionWizard*>(wizard())->request();
    return !m_pathEdit->text().isEmpty() && info.absoluteDir().exists()
        && info.absoluteFilePath()
        != QFileInfo(QString::fromStdString(request.source.string())).absoluteFilePath();
}

bool OutputPage::validatePage()
{
    qobject_cast<ConversionWizard*>(wizard())->request().output
        = QFileInfo(m_pathEdit->text()).absoluteFilePath().toStdString();
    return true;
}

} // namespace lf::ui
