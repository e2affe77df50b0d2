// SPDX-License-Identifier: GPL-3.0-or-later
// Wizard page 2: the model's inputs (names and shapes, read from the model on a worker thread).
// Shapes are editable, which pins dims the model leaves dynamic; the I/O layout choice keeps the
// source's NCHW inputs and outputs or makes them NHWC like the rest of the converted graph. Image
// inputs also get their preprocessing (ImagePreprocessingBox), which calibration and validation
// use.
#pragma once

#include "core/ir/graph.h"

#include <QWizardPage>

#include <memory>
#include <string>
#include <vector>

class QLabel;
class QRadioButton;
class QTableWidget;

namespace lf::ui {

class ImagePreprocessingBox;

class InputsPage final : public QWizardPage
{
    Q_OBJECT

public:
    explicit InputsPage(QWidget* parent = nullptr);

    QTableWidget* inputTable() const { return m_table; }
    QRadioButton* keepNchwButton() const { return m_keepNchw; }
    ImagePreprocessingBox* preprocessingBox() const { return m_preprocessing; }
    /// True while the model's inputs are being read.
    bool isLoading() const { return m_loading; }

    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;

private:
    struct Loaded;
    void showInputs(const Loaded& loaded);
    void showTorchInputs();

    QLabel* m_status = nullptr;
    QTableWidget* m_table = nullptr;
    QRadioButton* m_keepNchw = nullptr;
    QRadioButton* m_channelsLast = nullptr;
    ImagePreprocessingBox* m_preprocessing = nullptr;
    std::vector<std::vector<std::int64_t>> m_originalShapes;
    bool m_loading = false;
    quint64 m_generation = 0;
};

} // namespace lf::ui
