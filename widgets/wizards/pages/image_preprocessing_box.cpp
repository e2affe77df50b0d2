// SPDX-License-Identifier: GPL-3.0-or-later
// The image preprocessing box: two combo boxes and the per-channel mean and deviation (enabled for
// the mean/std scale), read back as quant::ImageOptions.
#include "widgets/wizards/pages/image_preprocessing_box.h"

#include "widgets/wizards/conversion_wizard.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QSettings>

namespace lf::ui {

namespace {

const QString kScaleKey = wizardSettingsKey("imageScale");
const QString kColorKey = wizardSettingsKey("imageColor");
const QString kMeanKey = wizardSettingsKey("imageMean");
const QString kStdKey = wizardSettingsKey("imageStd");

QString valuesText(const std::array<float, 3>& values)
{
    return QStringLiteral("%1, %2, %3").arg(values[0]).arg(values[1]).arg(values[2]);
}

/// "a, b, c" as three numbers (each above `floor` if given).
std::optional<std::array<float, 3>> parseValues(
    const QString& text, std::optional<float> floor = std::nullopt)
{
    const QStringList parts = text.split(QLatin1Char(','));
    if (parts.size() != 3)
        return std::nullopt;
    std::array<float, 3> values {};
    for (int i = 0; i < 3; ++i) {
        bool ok = false;
        values[static_cast<std::size_t>(i)] = parts[i].trimmed().toFloat(&ok);
        if (!ok || (floor && values[static_cast<std::size_t>(i)] <= *floor))
            return std::nullopt;
    }
    return values;
}

} // namespace

ImagePreprocessingBox::ImagePreprocessingBox(QWidget* parent)
    : QGroupBox(tr("Image preprocessing (calibration images and the validation sample)"), parent)
{
    const QSettings settings;
    const quant::ImageOptions defaults;
    m_scale = new QComboBox(this);
    m_scale->addItem(tr("[0, 1]: pixel / 255"), static_cast<int>(quant::PixelScale::Unit));
    m_scale->addItem(
        tr("[-1, 1]: pixel / 127.5 − 1"), static_cast<int>(quant::PixelScale::Symmetric));
    m_scale->addItem(tr("Mean and standard deviation per channel"),
        static_cast<int>(quant::PixelScale::MeanStd));
    m_scale->addItem(tr("0…255: raw pixel values"), static_cast<int>(quant::PixelScale::Raw));
    m_scale->setCurrentIndex(std::max(0,
        m_scale->findData(
            settings.value(kScaleKey, static_cast<int>(quant::PixelScale::Unit)).toInt())));
    m_color = new QComboBox(this);
    m_color->addItem(
        tr("RGB (gray for one-channel inputs)"), static_cast<int>(quant::ColorMode::Auto));
    m_color->addItem(tr("BGR"), static_cast<int>(quant::ColorMode::Bgr));
    m_color->setCurrentIndex(std::max(0,
        m_color->findData(
            settings.value(kColorKey, static_cast<int>(quant::ColorMode::Auto)).toInt())));
    m_mean = new QLineEdit(settings.value(kMeanKey, valuesText(defaults.mean)).toString(), this);
    m_std = new QLineEdit(settings.value(kStdKey, valuesText(defaults.std)).toString(), this);
    m_mean->setToolTip(tr("Three values on the [0, 1] scale, in the model's channel order "
                          "(ImageNet's by default)"));
    m_std->setToolTip(m_mean->toolTip());

    auto* form = new QFormLayout(this);
    form->addRow(tr("Pixel scale:"), m_scale);
    form->addRow(tr("Colour order:"), m_color);
    form->addRow(tr("Mean:"), m_mean);
    form->addRow(tr("Standard deviation:"), m_std);

    connect(m_scale, &QComboBox::currentIndexChanged, this, &ImagePreprocessingBox::updateEnabled);
    connect(m_color, &QComboBox::currentIndexChanged, this, &ImagePreprocessingBox::changed);
    connect(m_mean, &QLineEdit::textChanged, this, &ImagePreprocessingBox::changed);
    connect(m_std, &QLineEdit::textChanged, this, &ImagePreprocessingBox::changed);
    updateEnabled();
}

void ImagePreprocessingBox::updateEnabled()
{
    const bool meanStd
        = m_scale->currentData().toInt() == static_cast<int>(quant::PixelScale::MeanStd);
    m_mean->setEnabled(meanStd);
    m_std->setEnabled(meanStd);
    emit changed();
}

std::optional<quant::ImageOptions> ImagePreprocessingBox::options() const
{
    quant::ImageOptions options;
    options.scale = static_cast<quant::PixelScale>(m_scale->currentData().toInt());
    options.color = static_cast<quant::ColorMode>(m_color->currentData().toInt());
    if (options.scale != quant::PixelScale::MeanStd)
        return options;
    const auto mean = parseValues(m_mean->text());
    const auto deviation = parseValues(m_std->text(), 0.0f);
    if (!mean || !deviation)
        return std::nullopt;
    options.mean = *mean;
    options.std = *deviation;
    return options;
}

void ImagePreprocessingBox::remember() const
{
    QSettings settings;
    settings.setValue(kScaleKey, m_scale->currentData());
    settings.setValue(kColorKey, m_color->currentData());
    settings.setValue(kMeanKey, m_mean->text());
    settings.setValue(kStdKey, m_std->text());
}

} // namespace lf::ui
