// SPDX-License-Identifier: GPL-3.0-or-later
// Wizard page 7: the result: file sizes before and after, op counts of the imported and the
// written model, the validation numbers (source vs written model on seeded random inputs), and
// buttons to open the result in the main window, the rewrite inspector or (for a float result) the
// quantization panel.
#pragma once

#include <QWizardPage>

class QLabel;
class QPushButton;
class QTableWidget;

namespace lf::ui {

class ResultPage final : public QWizardPage
{
    Q_OBJECT

public:
    enum ValidationColumn {
        OutputColumn,
        ShapeColumn,
        MaxErrorColumn,
        RmseColumn,
        CosineColumn,
        VerdictColumn
    };

    explicit ResultPage(QWidget* parent = nullptr);

    QLabel* sizeLabel() const { return m_sizes; }
    QTableWidget* opTable() const { return m_ops; }
    QTableWidget* validationTable() const { return m_validation; }
    QPushButton* openResultButton() const { return m_openResult; }
    QPushButton* inspectorButton() const { return m_openInspector; }
    QPushButton* quantizationButton() const { return m_quantize; }

    void initializePage() override;

    /// Shows the rewrite inspector for the last run (non-modal; returns it).
    QWidget* openInspector();

private:
    void showOpCounts();
    void showValidation();

    QLabel* m_sizes = nullptr;
    QTableWidget* m_ops = nullptr;
    QLabel* m_validationNote = nullptr;
    QTableWidget* m_validation = nullptr;
    QPushButton* m_openResult = nullptr;
    QPushButton* m_openInspector = nullptr;
    QPushButton* m_quantize = nullptr;
};

} // namespace lf::ui
