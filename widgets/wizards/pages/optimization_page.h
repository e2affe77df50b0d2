// SPDX-License-Identifier: GPL-3.0-or-later
// Wizard page 4: the optimisation options, one checkbox per optional pass of the conversion
// pipeline (core/passes/pipeline.h: optionalPasses) with a line saying what it does. All are on by
// default, as in `liteforge-cli convert`; a cleared box becomes ConvertOptions::pipeline's
// disabledPasses (the CLI's --disable-pass). The choice is remembered.
#pragma once

#include <QWizardPage>

#include <map>
#include <string>

class QCheckBox;

namespace lf::ui {

class OptimizationPage final : public QWizardPage
{
    Q_OBJECT

public:
    explicit OptimizationPage(QWidget* parent = nullptr);

    /// The checkbox of the optional pass `name` ("fuse-activations"); nullptr for other names.
    QCheckBox* passBox(const std::string& name) const;

    bool validatePage() override;

private:
    void restoreDefaults();

    std::map<std::string, QCheckBox*, std::less<>> m_boxes;
};

} // namespace lf::ui
