// SPDX-License-Identifier: GPL-3.0-or-later
// The quantization settings form. Options that do not apply are disabled rather than hidden, so the
// form keeps its shape: the path for random data, preprocessing for .npy, calibration and I/O type
// for schemes without calibrated activations.
#include "widgets/quantization/quantization_settings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace lf::ui {

namespace {

constexpr int kMaxSamples = 100000;
constexpr int kDefaultSamples = 8;

bool calibrates(quant::Scheme scheme)
{
    return scheme == quant::Scheme::Int8 || scheme == quant::Scheme::Int16x8;
}

} // namespace

QuantizationSettings::QuantizationSettings(QWidget* parent)
    : QWidget(parent)
{
    m_datasetBox = new QComboBox(this);
    m_datasetBox->addItem(tr("Random data"), int(CalibrationSource::Random));
    m_datasetBox->addItem(tr("Image folder"), int(CalibrationSource::ImageFolder));
    m_datasetBox->addItem(tr("NumPy .npy / .npz"), int(CalibrationSource::NumpyFile));
    m_pathEdit = new QLineEdit(this);
    m_pathEdit->setPlaceholderText(tr("folder or file"));
    m_browseButton = new QPushButton(tr("Browse…"), this);
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(m_pathEdit, 1);
    pathRow->addWidget(m_browseButton);

    m_pixelBox = new QComboBox(this);
    m_pixelBox->addItem(tr("x / 255 → [0, 1]"), int(quant::PixelScale::Unit));
    m_pixelBox->addItem(tr("x / 127.5 − 1 → [−1, 1]"), int(quant::PixelScale::Symmetric));
    m_pixelBox->addItem(tr("ImageNet mean / std"), int(quant::PixelScale::MeanStd));
    m_pixelBox->addItem(tr("raw 0 … 255"), int(quant::PixelScale::Raw));
    m_cropBox = new QCheckBox(tr("Centre crop"), this);

    m_samplesBox = new QSpinBox(this);
    m_samplesBox->setRange(1, kMaxSamples);
    m_samplesBox->setValue(kDefaultSamples);
    m_previewButton = new QPushButton(tr("Preview"), this);
    m_previewButton->setToolTip(tr("Show the first samples as the model will see them"));
    auto* samplesRow = new QHBoxLayout;
    samplesRow->addWidget(m_samplesBox, 1);
    samplesRow->addWidget(m_previewButton);

    m_schemeBox = new QComboBox(this);
    m_schemeBox->addItem(tr("int8 (full integer)"), int(quant::Scheme::Int8));
    m_schemeBox->addItem(tr("16x8 (int16 activations)"), int(quant::Scheme::Int16x8));
    m_schemeBox->addItem(tr("float16 weights"), int(quant::Scheme::Float16));
    m_schemeBox->addItem(tr("dynamic range (int8 weights)"), int(quant::Scheme::DynamicRange));

    m_methodBox = new QComboBox(this);
    m_methodBox->addItem(tr("min / max"), int(quant::CalibrationMethod::MinMax));
    m_methodBox->addItem(tr("moving average"), int(quant::CalibrationMethod::MovingAverage));
    m_methodBox->addItem(tr("percentile 99.99"), int(quant::CalibrationMethod::Percentile));
    m_methodBox->addItem(tr("minimum MSE"), int(quant::CalibrationMethod::Mse));

    m_ioBox = new QComboBox(this);
    m_ioBox->addItem(tr("float32"), int(quant::IoType::Float32));
    m_ioBox->addItem(tr("int8"), int(quant::IoType::Int8));
    m_ioBox->addItem(tr("uint8"), int(quant::IoType::UInt8));

    auto* form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("Dataset:"), m_datasetBox);
    form->addRow(tr("Path:"), pathRow);
    form->addRow(tr("Pixels:"), m_pixelBox);
    form->addRow(QString(), m_cropBox);
    form->addRow(tr("Samples:"), samplesRow);
    form->addRow(tr("Scheme:"), m_schemeBox);
    form->addRow(tr("Calibration:"), m_methodBox);
    form->addRow(tr("I/O type:"), m_ioBox);

    for (QComboBox* box : {m_datasetBox, m_pixelBox, m_schemeBox, m_methodBox, m_ioBox})
        connect(box, &QComboBox::currentIndexChanged, this, [this] { updateEnabled(); emit changed(); });
    connect(m_pathEdit, &QLineEdit::textChanged, this, &QuantizationSettings::changed);
    connect(m_cropBox, &QCheckBox::toggled, this, &QuantizationSettings::changed);
    connect(m_samplesBox, &QSpinBox::valueChanged, this, &QuantizationSettings::changed);
    connect(m_browseButton, &QPushButton::clicked, this, &QuantizationSettings::browse);
    connect(m_previewButton, &QPushButton::clicked, this, &QuantizationSettings::previewRequested);
    updateEnabled();
}

QuantizationRequest QuantizationSettings::request() const
{
    QuantizationRequest request;
    request.dataset = CalibrationSource(m_datasetBox->currentData().toInt());
    request.datasetPath = m_pathEdit->text().trimmed();
    request.image.scale = quant::PixelScale(m_pixelBox->currentData().toInt());
    request.image.centerCrop = m_cropBox->isChecked();
    request.samples = std::size_t(m_samplesBox->value());
    request.scheme = quant::Scheme(m_schemeBox->currentData().toInt());
    request.method = quant::CalibrationMethod(m_methodBox->currentData().toInt());
    request.ioType = request.scheme == quant::Scheme::Int8 ? quant::IoType(m_ioBox->currentData().toInt())
                                                           : quant::IoType::Float32;
    return request;
}

void QuantizationSettings::setDataset(CalibrationSource kind, const QString& path)
{
    m_datasetBox->setCurrentIndex(m_datasetBox->findData(int(kind)));
    m_pathEdit->setText(path);
}

void QuantizationSettings::setSamples(int samples)
{
    m_samplesBox->setValue(samples);
}

void QuantizationSettings::setScheme(quant::Scheme scheme)
{
    m_schemeBox->setCurrentIndex(m_schemeBox->findData(int(scheme)));
}

void QuantizationSettings::browse()
{
    const auto kind = CalibrationSource(m_datasetBox->currentData().toInt());
    const QString path = kind == CalibrationSource::ImageFolder
        ? QFileDialog::getExistingDirectory(this, tr("Calibration Images"), m_pathEdit->text())
        : QFileDialog::getOpenFileName(this, tr("Calibration Samples"), m_pathEdit->text(),
                                       tr("NumPy arrays (*.npy *.npz);;All files (*)"));
    if (!path.isEmpty())
        m_pathEdit->setText(path);
}

void QuantizationSettings::updateEnabled()
{
    const auto kind = CalibrationSource(m_datasetBox->currentData().toInt());
    const auto scheme = quant::Scheme(m_schemeBox->currentData().toInt());
    m_pathEdit->setEnabled(kind != CalibrationSource::Random);
    m_browseButton->setEnabled(kind != CalibrationSource::Random);
    m_pixelBox->setEnabled(kind == CalibrationSource::ImageFolder);
    m_cropBox->setEnabled(kind == CalibrationSource::ImageFolder);
    m_methodBox->setEnabled(calibrates(scheme));
    m_ioBox->setEnabled(scheme == quant::Scheme::Int8);
}

} // namespace lf::ui
