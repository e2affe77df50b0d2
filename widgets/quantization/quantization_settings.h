// SPDX-License-Identifier: GPL-3.0-or-later
// The settings half of the quantization panel: the calibration dataset (random data, an image folder
// with its preprocessing, or .npy/.npz), the sample count, the scheme, the calibration method and the
// model's I/O type. request() turns the choices into a QuantizationRequest (without keep-in-float).
#pragma once

#include "widgets/quantization/quantization_run.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace lf::ui {

class QuantizationSettings final : public QWidget {
    Q_OBJECT

public:
    explicit QuantizationSettings(QWidget* parent = nullptr);

    QuantizationRequest request() const;

    void setDataset(CalibrationSource kind, const QString& path = {});
    void setSamples(int samples);
    void setScheme(quant::Scheme scheme);
    QPushButton* previewButton() const { return m_previewButton; }

signals:
    void changed();
    /// The user asked to see the first samples as the model will see them.
    void previewRequested();

private:
    void browse();
    void updateEnabled();

    QComboBox* m_datasetBox = nullptr;
    QLineEdit* m_pathEdit = nullptr;
    QPushButton* m_browseButton = nullptr;
    QComboBox* m_pixelBox = nullptr;
    QCheckBox* m_cropBox = nullptr;
    QSpinBox* m_samplesBox = nullptr;
    QPushButton* m_previewButton = nullptr;
    QComboBox* m_schemeBox = nullptr;
    QComboBox* m_methodBox = nullptr;
    QComboBox* m_ioBox = nullptr;
};

} // namespace lf::ui
