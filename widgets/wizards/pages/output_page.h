// SPDX-License-Identifier: GPL-3.0-or-later
// Wizard page 5: where the .tflite goes. Suggested next to the source (with the quantization in
// the name); the source itself is refused.
#pragma once

#include <QWizardPage>

class QLabel;
class QLineEdit;

namespace lf::ui {

class OutputPage final : public QWizardPage
{
    Q_OBJECT

public:
    explicit OutputPage(QWidget* parent = nullptr);

    QLineEdit* pathEdit() const { return m_pathEdit; }

    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;

private:
    void browse();
    void updateNote();

    QLineEdit* m_pathEdit = nullptr;
    QLabel* m_note = nullptr;
};

} // namespace lf::ui
