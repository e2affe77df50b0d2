// SPDX-License-Identifier: GPL-3.0-or-later
// The inputs page's image preprocessing choice: pixel scale ([0,1], [-1,1], mean/std per channel or
// raw 0..255) and colour order, edited as core/quant's ImageOptions (the type calibration datasets
// use, so the quantization step reads the same choice). Remembered in QSettings.
#pragma once

#include "core/quant/image_decoding.h"

#include <QGroupBox>

#include <optional>

class QComboBox;
class QLineEdit;

namespace lf::ui {

class ImagePreprocessingBox final : public QGroupBox
{
    Q_OBJECT

public:
    explicit ImagePreprocessingBox(QWidget* parent = nullptr);

    QComboBox* scaleCombo() const { return m_scale; }
    QComboBox* colorCombo() const { return m_color; }
    QLineEdit* meanEdit() const { return m_mean; }
    QLineEdit* stdEdit() const { return m_std; }

    /// The options as edited; nullopt while the mean or deviation is not three numbers (the
    /// deviations positive).
    std::optional<quant::ImageOptions> options() const;
    /// Stores the current choice for the next wizard.
    void remember() const;

signals:
    void changed();

private:
    void updateEnabled();

    QComboBox* m_scale = nullptr;
    QComboBox* m_color = nullptr;
    QLineEdit* m_mean = nullptr;
    QLineEdit* m_std = nullptr;
};

} // namespace lf::ui
