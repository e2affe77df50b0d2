// SPDX-License-Identifier: GPL-3.0-or-later
// Wizard page 1: the source model. The framework is detected from the file; a PyTorch file also
// needs the user's Python (checked in the background: its torch version, or what is missing and
// how to install it) and an example input shape for the export; a state dict also needs its model
// class ("module:Class", as the CLI's --torch-module) and the folder that module is imported from.
#pragma once

#include "core/base/result.h"

#include <QWizardPage>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

class QGroupBox;
class QLabel;
class QLineEdit;

namespace lf::ui {

class SourcePage final : public QWizardPage
{
    Q_OBJECT

public:
    explicit SourcePage(QWidget* parent = nullptr);

    void setPath(const QString& path);
    QLineEdit* pathEdit() const { return m_pathEdit; }
    QLineEdit* pythonEdit() const { return m_pythonEdit; }
    QLineEdit* shapeEdit() const { return m_shapeEdit; }
    QLineEdit* moduleClassEdit() const { return m_moduleClassEdit; }
    QLineEdit* moduleDirEdit() const { return m_moduleDirEdit; }
    QLabel* formatLabel() const { return m_formatLabel; }
    QLabel* torchStatusLabel() const { return m_torchStatus; }
    /// True once the Python given has been found with PyTorch.
    bool isTorchReady() const { return m_torchVersion.has_value(); }

    /// "input=1,3,224,224; mask=1,10" (or just "1,3,224,224" for one input named "input") as
    /// (name, dims) pairs with every dim >= 1; nullopt for anything else.
    static std::optional<std::vector<std::pair<std::string, std::vector<std::int64_t>>>>
    parseInputShapes(const QString& text);

    bool isComplete() const override;
    bool validatePage() override;

private:
    void browse();
    void browseModuleDir();
    /// The module class field is empty or reads "module.path:Class".
    bool isModuleClassValid() const;
    void updateFormat();
    void detectTorch();
    bool isTorchSource() const;

    QLineEdit* m_pathEdit = nullptr;
    QLabel* m_formatLabel = nullptr;
    QGroupBox* m_torchBox = nullptr;
    QLineEdit* m_pythonEdit = nullptr;
    QLabel* m_torchStatus = nullptr;
    QLineEdit* m_shapeEdit = nullptr;
    QLineEdit* m_moduleClassEdit = nullptr;
    QLineEdit* m_moduleDirEdit = nullptr;
    std::optional<std::string> m_torchVersion;
    quint64 m_detectGeneration = 0;
};

} // namespace lf::ui
