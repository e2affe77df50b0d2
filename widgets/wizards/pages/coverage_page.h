// SPDX-License-Identifier: GPL-3.0-or-later
// Wizard page 3: the pre-flight coverage check, before anything is converted: every op type of the
// model with its count and whether the converter supports it exactly, only approximately (the
// numbers change) or not at all, with the reasons. ONNX runs checkOnnx; PyTorch is exported to
// ONNX first (the export is kept for the run); TensorFlow Lite models list their ops as supported.
#pragma once

#include <QWizardPage>

class QLabel;
class QTableWidget;

namespace lf::ui {

class CoveragePage final : public QWizardPage
{
    Q_OBJECT

public:
    enum Column { OpColumn, CountColumn, StatusColumn, ReasonColumn };

    explicit CoveragePage(QWidget* parent = nullptr);

    QTableWidget* table() const { return m_table; }
    QLabel* summaryLabel() const { return m_summary; }
    bool isChecking() const { return m_checking; }

    void initializePage() override;
    void cleanupPage() override;
    bool isComplete() const override;

private:
    struct Check;
    void showCheck(const Check& check);

    QLabel* m_summary = nullptr;
    QTableWidget* m_table = nullptr;
    bool m_checking = false;
    bool m_convertible = false;
    quint64 m_generation = 0;
};

} // namespace lf::ui
