// SPDX-License-Identifier: GPL-3.0-or-later
// The quantization page: the scheme as radio buttons (ids are QuantMode values) and the int8
// options below them, enabled only for int8. Every choice is remembered.
#include "widgets/wizards/pages/quantization_page.h"

#include "widgets/wizards/conversion_wizard.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

namespace lf::ui {

namespace {

const QString kModeKey = wizardSettingsKey("quantization");
const QString kDatasetKey = wizardSettingsKey("datasetKind");
const QString kDatasetPathKey = wizardSettingsKey("datasetPath");
const QString kSamplesKey = wizardSettingsKey("calibrationSamples");
const QString kIoTypeKey = wizardSettingsKey("ioType");

} // namespace

QuantizationPage::QuantizationPage(QWidget* parent)
    : QWizardPage(parent)
{
    setTitle(tr("Quantization"));
    setSubTitle(tr("Smaller and faster models by storing weights (and activations) in fewer bits. "
                   "The quantization panel offers the full per-layer analysis afterwards."));
    const QSettings settings;

    m_modes = new QButtonGroup(this);
    auto* modeBox = new QGroupBox(tr("Scheme"), this);
    auto* modeLayout = new QVBoxLayout(modeBox);
    const std::pair<QuantMode, QString> modes[] = {
        { QuantMode::None, tr("None: float32, as converted") },
        { QuantMode::Float16, tr("Float16 weights (half the size, float math)") },
        { QuantMode::DynamicRange, tr("Dynamic range: int8 weights, float activations") },
        { QuantMode::Int8, tr("Full integer int8: calibrated activations (needs sample data)") },
    };
    for (const auto& [mode, text] : modes) {
        auto* button = new QRadioButton(text, modeBox);
        m_modes->addButton(button, static_cast<int>(mode));
        modeLayout->addWidget(button);
    }
    const int savedMode = settings.value(kModeKey, static_cast<int>(QuantMode::None)).toInt();
    if (QAbstractButton* button = m_modes->button(savedMode))
        button->setChecked(true);
    else
        m_modes->button(static_cast<int>(QuantMode::None))->setChecked(true);

    auto* int8Box = new QGroupBox(tr("Full integer options"), this);
    m_int8Box = int8Box;
    m_dataset = new QComboBox(int8Box);
    m_dataset->addItem(tr("Random data (seeded)"), static_cast<int>(DatasetKind::Random));
    m_dataset->addItem(tr("Folder of images or .npy files"), static_cast<int>(DatasetKind::Folder));
    m_dataset->addItem(tr(".npy / .npz file"), static_cast<int>(DatasetKind::NpyFile));
    m_dataset->setCurrentIndex(m_dataset->findData(settings.value(kDatasetKey, 0).toInt()));
    m_datasetPath = new QLineEdit(settings.value(kDatasetPathKey).toString(), int8Box);
    m_datasetPath->setPlaceholderText(tr("Dataset folder or file"));
    m_browse = new QPushButton(tr("Browse…"), int8Box);
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(m_datasetPath, 1);
    pathRow->addWidget(m_browse);
    m_samples = new QSpinBox(int8Box);
    m_samples->setRange(1, 100000);
    m_samples->setValue(settings.value(kSamplesKey, 100).toInt());
    m_ioType = new QComboBox(int8Box);
    m_ioType->addItem(
        tr("float32 (quantize inside the model)"), static_cast<int>(quant::IoType::Float32));
    m_ioType->addItem(tr("int8"), static_cast<int>(quant::IoType::Int8));
    m_ioType->addItem(tr("uint8"), static_cast<int>(quant::IoType::UInt8));
    m_ioType->setCurrentIndex(
        std::max(0, m_ioType->findData(settings.value(kIoTypeKey, 0).toInt())));
    auto* form = new QFormLayout(int8Box);
    form->addRow(tr("Calibration data:"), m_dataset);
    form->addRow(tr("Path:"), pathRow);
    form->addRow(tr("Samples:"), m_samples);
    form->addRow(tr("Input/output type:"), m_ioType);
    auto* imageNote = new QLabel(
        tr("Images are preprocessed as chosen on the Inputs page; the first sample also "
           "validates the conversion."),
        int8Box);
    imageNote->setWordWrap(true);
    form->addRow(imageNote);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(modeBox);
    layout->addWidget(int8Box);
    layout->addStretch(1);

    connect(m_modes, &QButtonGroup::idToggled, this, &QuantizationPage::updateEnabled);
    connect(m_dataset, &QComboBox::currentIndexChanged, this, &QuantizationPage::updateEnabled);
    connect(m_datasetPath, &QLineEdit::textChanged, this, &QuantizationPage::completeChanged);
    connect(m_browse, &QPushButton::clicked, this, &QuantizationPage::browseDataset);
    updateEnabled();
}

void QuantizationPage::updateEnabled()
{
    const bool int8 = m_modes->checkedId() == static_cast<int>(QuantMode::Int8);
    m_int8Box->setEnabled(int8);
    const bool fromFiles
        = m_dataset->currentData().toInt() != static_cast<int>(DatasetKind::Random);
    m_datasetPath->setEnabled(fromFiles);
    m_browse->setEnabled(fromFiles);
    emit completeChanged();
}

void QuantizationPage::browseDataset()
{
    const bool folder = m_dataset->currentData().toInt() == static_cast<int>(DatasetKind::Folder);
    const QString path = folder ? QFileDialog::getExistingDirectory(
                             this, tr("Calibration images or arrays"), m_datasetPath->text())
                                : QFileDialog::getOpenFileName(this, tr("Calibration arrays"),
                                    m_datasetPath->text(), tr("Arrays (*.npy *.npz)"));
    if (!path.isEmpty())
        m_datasetPath->setText(path);
}

bool QuantizationPage::isComplete() const
{
    if (m_modes->checkedId() != static_cast<int>(QuantMode::Int8))
        return true;
    switch (static_cast<DatasetKind>(m_dataset->currentData().toInt())) {
    case DatasetKind::Random: return true;
    case DatasetKind::Folder: return QFileInfo(m_datasetPath->text()).isDir();
    case DatasetKind::NpyFile: return QFileInfo(m_datasetPath->text()).isFile();
    }
    return false;
}

bool QuantizationPage::validatePage()
{
    ConversionRequest& request = qobject_cast<ConversionWizard*>(wizard())->request();
    request.quant = static_cast<QuantMode>(m_modes->checkedId());
    request.dataset = static_cast<DatasetKind>(m_dataset->currentData().toInt());
    request.datasetPath = m_datasetPath->text().toStdString();
    request.calibrationSamples = static_cast<std::size_t>(m_samples->value());
    request.ioType = static_cast<quant::IoType>(m_ioType->currentData().toInt());
    QSettings settings;
    settings.setValue(kModeKey, m_modes->checkedId());
    settings.setValue(kDatasetKey, m_dataset->currentData());
    settings.setValue(kDatasetPathKey, m_datasetPath->text());
    settings.setValue(kSamplesKey, m_samples->value());
    settings.setValue(kIoTypeKey, m_ioType->currentData());
    return true;
}

} // namespace lf::ui
