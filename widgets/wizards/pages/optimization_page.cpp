// SPDX-License-Identifier: GPL-3.0-or-later
// The optimisation page: a checkbox and an explanation per optional pass, in pipeline order. The
// page only collects names; the core pipeline decides what each pass does.
#include "widgets/wizards/pages/optimization_page.h"

#include "core/passes/pipeline.h"
#include "widgets/wizards/conversion_wizard.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace lf::ui {

namespace {

const QString kDisabledKey = wizardSettingsKey("disabledPasses");

struct PassText
{
    QString title;
    QString explanation;
};

/// The translated title and explanation of an optional pass; the core's summary for passes this
/// page does not know yet.
PassText passText(const passes::OptionalPass& pass)
{
    const std::string_view name = pass.name;
    if (name == "sink-transposes")
        return { OptimizationPage::tr("Cancel layout transposes"),
            OptimizationPage::tr("Moves the NCHW↔NHWC transposes through the graph until pairs "
                                 "cancel, so that few or none remain.") };
    if (name == "fold-constants")
        return { OptimizationPage::tr("Fold constants"),
            OptimizationPage::tr(
                "Computes nodes whose inputs are all constant once, at conversion time.") };
    if (name == "fold-affine-into-conv")
        return { OptimizationPage::tr("Fold BatchNorm into convolutions"),
            OptimizationPage::tr("Merges per-channel scales and shifts (BatchNorm) into the "
                                 "weights and bias of the convolution before them.") };
    if (name == "fold-pad")
        return { OptimizationPage::tr("Fold padding"),
            OptimizationPage::tr(
                "Merges an explicit zero PAD into the convolution or pool that follows it.") };
    if (name == "fuse-activations")
        return { OptimizationPage::tr("Fuse activations"),
            OptimizationPage::tr("Fuses RELU, RELU6 and similar activations into the op before "
                                 "them (its fused_activation_function).") };
    return { QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size())),
        QString::fromUtf8(pass.summary.data(), static_cast<qsizetype>(pass.summary.size())) };
}

} // namespace

OptimizationPage::OptimizationPage(QWidget* parent)
    : QWizardPage(parent)
{
    setTitle(tr("Optimisation"));
    setSubTitle(tr("The graph rewrites after import. Each one keeps the results the same; turn "
                   "one off to compare, or to keep the graph closer to the source."));
    const QStringList disabled = QSettings().value(kDisabledKey).toStringList();
    auto* layout = new QVBoxLayout(this);
    for (const passes::OptionalPass& pass : passes::optionalPasses()) {
        const PassText text = passText(pass);
        const QString name = QString::fromUtf8(pass.name.data(), qsizetype(pass.name.size()));
        auto* box
            = new QCheckBox(text.title + QStringLiteral("  (") + name + QLatin1Char(')'), this);
        box->setChecked(!disabled.contains(name));
        auto* explanation = new QLabel(text.explanation, this);
        explanation->setWordWrap(true);
        explanation->setContentsMargins(24, 0, 0, 6);
        explanation->setForegroundRole(QPalette::PlaceholderText);
        layout->addWidget(box);
        layout->addWidget(explanation);
        m_boxes.emplace(std::string(pass.name), box);
    }
    auto* note = new QLabel(
        tr("The layout of the inputs and outputs (NCHW or NHWC) is chosen on the Inputs page."),
        this);
    note->setWordWrap(true);
    auto* defaults = new QPushButton(tr("Restore defaults"), this);
    connect(defaults, &QPushButton::clicked, this, &OptimizationPage::restoreDefaults);
    auto* buttonRow = new QHBoxLayout;
    buttonRow->addWidget(defaults);
    buttonRow->addStretch(1);
    layout->addSpacing(6);
    layout->addWidget(note);
    layout->addLayout(buttonRow);
    layout->addStretch(1);
}

QCheckBox* OptimizationPage::passBox(const std::string& name) const
{
    const auto it = m_boxes.find(name);
    return it == m_boxes.end() ? nullptr : it->second;
}

void OptimizationPage::restoreDefaults()
{
    for (const auto& [name, box] : m_boxes)
        box->setChecked(true);
}

bool OptimizationPage::validatePage()
{
    auto& disabled
        = qobject_cast<ConversionWizard*>(wizard())->request().convert.pipeline.disabledPasses;
    disabled.clear();
    QStringList remembered;
    for (const auto& [name, box] : m_boxes) {
        if (box->isChecked())
            continue;
        disabled.insert(name);
        remembered.append(QString::fromStdString(name));
    }
    QSettings().setValue(kDisabledKey, remembered);
    return true;
}

} // namespace lf::ui
