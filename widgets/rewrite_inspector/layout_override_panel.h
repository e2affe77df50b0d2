// SPDX-License-Identifier: GPL-3.0-or-later
// The rewrite inspector's layout overrides (issue 7): the tensors of the node selected in the
// imported graph with "Keep NCHW" (graph inputs and outputs) and "Treat as non-image" buttons (the
// same actions as the graph's context menu), the chosen overrides as a removable list, and the
// "Re-run conversion" button with a status line. The panel only collects the overrides; the
// inspector runs the conversion.
#pragma once

#include "core/ir/graph.h"
#include "core/passes/layout/layout_overrides.h"

#include <QWidget>

#include <memory>
#include <string>

class QComboBox;
class QLabel;
class QListWidget;
class QMenu;
class QPushButton;

namespace lf::ui {

struct VisualNode;

class LayoutOverridePanel final : public QWidget
{
    Q_OBJECT

public:
    explicit LayoutOverridePanel(QWidget* parent = nullptr);

    /// The imported model whose tensors the overrides name; clears the tensor choice.
    void setModel(std::shared_ptr<const ir::Model> model);
    /// Offers the tensors of `node` of the imported graph view: an input's or output's tensor, an
    /// op's non-constant outputs.
    void showTensorsOf(const VisualNode& node);
    /// Adds "Keep 'x' NCHW" / "Treat 'x' as non-image" for the tensors of `node` to `menu`.
    void addActions(QMenu& menu, const VisualNode& node);

    const passes::LayoutOverrides& overrides() const { return m_overrides; }
    void setOverrides(passes::LayoutOverrides overrides);
    void keepLayout(const std::string& tensor);
    void treatAsNonImage(const std::string& tensor);
    /// Removes the override shown in row `row` of the list.
    void removeOverride(int row);

    /// Whether a conversion can be re-run at all; `why` says why not.
    void setRerunAvailable(bool available, const QString& why = {});
    /// Disables the re-run while a conversion runs.
    void setBusy(bool busy);
    void setStatus(const QString& text);

    QComboBox* tensorCombo() const { return m_tensorCombo; }
    QPushButton* keepButton() const { return m_keepButton; }
    QPushButton* nonImageButton() const { return m_nonImageButton; }
    QListWidget* overrideList() const { return m_list; }
    QPushButton* removeButton() const { return m_removeButton; }
    QPushButton* rerunButton() const { return m_rerunButton; }
    QLabel* statusLabel() const { return m_status; }

signals:
    void rerunRequested();

private:
    /// The non-constant tensors `node` stands for.
    std::vector<ir::TensorId> tensorsOf(const VisualNode& node) const;
    bool isGraphInputOrOutput(ir::TensorId tensor) const;
    void updateButtons();
    void refreshList();

    std::shared_ptr<const ir::Model> m_model;
    passes::LayoutOverrides m_overrides;
    QComboBox* m_tensorCombo = nullptr;
    QPushButton* m_keepButton = nullptr;
    QPushButton* m_nonImageButton = nullptr;
    QListWidget* m_list = nullptr;
    QPushButton* m_removeButton = nullptr;
    QPushButton* m_rerunButton = nullptr;
    QLabel* m_status = nullptr;
    bool m_rerunAvailable = false;
    bool m_busy = false;
};

} // namespace lf::ui
