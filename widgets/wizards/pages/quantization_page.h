// SPDX-License-Identifier: GPL-3.0-or-later
// Wizard page 4: quantization: none, float16 weights, dynamic-range int8 weights, or full int8
// with a calibration dataset (seeded random data, a folder of images or .npy files, or one
// .npy/.npz file) and the type of the model's inputs and outputs.
#pragma once

#include <QWizardPage>

class QButtonGroup;
class QComboBox;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QWidget;

namespace lf::ui {

class QuantizationPage final : public QWizardPage
{
    Q_OBJECT

public:
    explicit QuantizationPage(QWidget* parent = nullptr);

    QButtonGroup* modeGroup() const { return m_modes; }
    QComboBox* datasetCombo() const { return m_dataset; }
    QLineEdit* datasetEdit() const { return m_datasetPath; }
    QSpinBox* samplesSpin() const { return m_samples; }
    QComboBox* ioTypeCombo() const { return m_ioType; }

    bool isComplete() const override;
    bool validatePage() override;

private:
    void updateEnabled();
    void browseDataset();

    QButtonGroup* m_modes = nullptr;
    QWidget* m_int8Box = nullptr;
    QComboBox* m_dataset = nullptr;
    QLineEdit* m_datasetPath = nullptr;
    QPushButton* m_browse = nullptr;
    QSpinBox* m_samples = nullptr;
    QComboBox* m_ioType = nullptr;
};

} // namespace lf::ui
