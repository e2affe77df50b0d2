// SPDX-License-Identifier: GPL-3.0-or-later
// The layout override panel: tensor choice, override buttons and menu actions, the override list.
#include "widgets/rewrite_inspector/layout_override_panel.h"

#include "widgets/graph_view/graph_elements.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

namespace lf::ui {

namespace {

enum Role {
    TensorNameRole = Qt::UserRole + 1, ///< the tensor's name (combo and list)
    GraphIoRole, ///< combo: the tensor is a graph input or output
    NonImageRole, ///< list: a non-image override, not a kept layout
};

QString quoted(const std::string& name)
{
    return QStringLiteral("'%1'").arg(QString::fromStdString(name));
}

} // namespace

LayoutOverridePanel::LayoutOverridePanel(QWidget* parent)
    : QWidget(parent)
{
    m_tensorCombo = new QComboBox(this);
    m_tensorCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_tensorCombo->setMinimumContentsLength(18);
    m_tensorCombo->setPlaceholderText(tr("select a node in the imported graph"));
    m_keepButton = new QPushButton(tr("Keep NCHW"), this);
    m_keepButton->setToolTip(tr("Keep this graph input or output in the source layout (NCHW) while "
                                "the others become channels-last"));
    m_nonImageButton = new QPushButton(tr("Treat as non-image"), this);
    m_nonImageButton->setToolTip(tr("This tensor is not an image (e.g. [batch, heads, seq, dim]): "
                                    "it keeps its layout and no transpose is moved through it"));
    m_list = new QListWidget(this);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setMinimumHeight(48);
    m_removeButton = new QPushButton(tr("Remove"), this);
    m_rerunButton = new QPushButton(tr("Re-run conversion"), this);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* choice = new QGridLayout;
    choice->addWidget(new QLabel(tr("Tensor:"), this), 0, 0);
    choice->addWidget(m_tensorCombo, 0, 1, 1, 2);
    choice->addWidget(m_keepButton, 1, 1);
    choice->addWidget(m_nonImageButton, 1, 2);
    choice->setColumnStretch(1, 1);
    choice->setColumnStretch(2, 1);
    auto* actions = new QHBoxLayout;
    actions->addWidget(m_removeButton);
    actions->addStretch(1);
    actions->addWidget(m_rerunButton);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(QStringLiteral("<b>%1</b>").arg(tr("Layout overrides")), this));
    layout->addLayout(choice);
    layout->addWidget(m_list, 1);
    layout->addLayout(actions);
    layout->addWidget(m_status);

    connect(
        m_tensorCombo, &QComboBox::currentIndexChanged, this, &LayoutOverridePanel::updateButtons);
    connect(m_list, &QListWidget::currentRowChanged, this, &LayoutOverridePanel::updateButtons);
    connect(m_keepButton, &QPushButton::clicked, this, [this] {
        keepLayout(m_tensorCombo->currentData(TensorNameRole).toString().toStdString());
    });
    connect(m_nonImageButton, &QPushButton::clicked, this, [this] {
        treatAsNonImage(m_tensorCombo->currentData(TensorNameRole).toString().toStdString());
    });
    connect(m_removeButton, &QPushButton::clicked, this,
        [this] { removeOverride(m_list->currentRow()); });
    connect(m_rerunButton, &QPushButton::clicked, this, &LayoutOverridePanel::rerunRequested);
    updateButtons();
}

void LayoutOverridePanel::setModel(std::shared_ptr<const ir::Model> model)
{
    m_model = std::move(model);
    m_tensorCombo->clear();
    updateButtons();
}

bool LayoutOverridePanel::isGraphInputOrOutput(ir::TensorId tensor) const
{
    const ir::Graph& graph = m_model->main();
    return std::ranges::find(graph.inputs, tensor) != graph.inputs.end()
        || std::ranges::find(graph.outputs, tensor) != graph.outputs.end();
}

std::vector<ir::TensorId> LayoutOverridePanel::tensorsOf(const VisualNode& node) const
{
    if (!m_model)
        return {};
    const ir::Graph& graph = m_model->main();
    if (node.kind != VisualNode::Kind::Op)
        return { node.tensor };
    if (node.node < 0 || static_cast<std::size_t>(node.node) >= graph.nodes.size())
        return {};
    std::vector<ir::TensorId> tensors;
    for (ir::TensorId output : graph.nodes[static_cast<std::size_t>(node.node)].outputs) {
        if (output >= 0 && !graph.tensors[static_cast<std::size_t>(output)].isConstant())
            tensors.push_back(output);
    }
    return tensors;
}

void LayoutOverridePanel::showTensorsOf(const VisualNode& node)
{
    m_tensorCombo->clear();
    for (ir::TensorId id : tensorsOf(node)) {
        const ir::Tensor& tensor = m_model->main().tensors[static_cast<std::size_t>(id)];
        const int row = m_tensorCombo->count();
        m_tensorCombo->addItem(QStringLiteral("%1 %2").arg(
            QString::fromStdString(tensor.name), QString::fromStdString(tensor.shape.toString())));
        m_tensorCombo->setItemData(row, QString::fromStdString(tensor.name), TensorNameRole);
        m_tensorCombo->setItemData(row, isGraphInputOrOutput(id), GraphIoRole);
    }
    m_tensorCombo->setCurrentIndex(m_tensorCombo->count() > 0 ? 0 : -1);
    updateButtons();
}

void LayoutOverridePanel::addActions(QMenu& menu, const VisualNode& node)
{
    for (ir::TensorId id : tensorsOf(node)) {
        const std::string name = m_model->main().tensors[static_cast<std::size_t>(id)].name;
        if (isGraphInputOrOutput(id)) {
            QAction* keep = menu.addAction(tr("Keep %1 NCHW").arg(quoted(name)));
            keep->setEnabled(!m_overrides.keepLayout.contains(name));
            connect(keep, &QAction::triggered, this, [this, name] { keepLayout(name); });
        }
        QAction* nonImage = menu.addAction(tr("Treat %1 as non-image").arg(quoted(name)));
        nonImage->setEnabled(!m_overrides.notImage.contains(name));
        connect(nonImage, &QAction::triggered, this, [this, name] { treatAsNonImage(name); });
    }
}

void LayoutOverridePanel::setOverrides(passes::LayoutOverrides overrides)
{
    m_overrides = std::move(overrides);
    refreshList();
}

void LayoutOverridePanel::keepLayout(const std::string& tensor)
{
    if (tensor.empty())
        return;
    m_overrides.keepLayout.insert(tensor);
    refreshList();
}

void LayoutOverridePanel::treatAsNonImage(const std::string& tensor)
{
    if (tensor.empty())
        return;
    m_overrides.notImage.insert(tensor);
    refreshList();
}

void LayoutOverridePanel::removeOverride(int row)
{
    const QListWidgetItem* item = m_list->item(row);
    if (!item)
        return;
    const std::string name = item->data(TensorNameRole).toString().toStdString();
    if (item->data(NonImageRole).toBool())
        m_overrides.notImage.erase(name);
    else
        m_overrides.keepLayout.erase(name);
    refreshList();
}

void LayoutOverridePanel::refreshList()
{
    m_list->clear();
    const auto add = [this](const std::string& name, bool nonImage) {
        auto* item = new QListWidgetItem((nonImage ? tr("Not an image: %1") : tr("Keep NCHW: %1"))
                                             .arg(QString::fromStdString(name)),
            m_list);
        item->setData(TensorNameRole, QString::fromStdString(name));
        item->setData(NonImageRole, nonImage);
    };
    for (const std::string& name : m_overrides.keepLayout)
        add(name, false);
    for (const std::string& name : m_overrides.notImage)
        add(name, true);
    updateButtons();
}

void LayoutOverridePanel::setRerunAvailable(bool available, const QString& why)
{
    m_rerunAvailable = available;
    m_rerunButton->setToolTip(
        available ? tr("Convert the source model again with these overrides") : why);
    updateButtons();
}

void LayoutOverridePanel::setBusy(bool busy)
{
    m_busy = busy;
    updateButtons();
}

void LayoutOverridePanel::setStatus(const QString& text)
{
    m_status->setText(text);
}

void LayoutOverridePanel::updateButtons()
{
    const bool hasTensor = m_tensorCombo->currentIndex() >= 0;
    m_keepButton->setEnabled(hasTensor && m_tensorCombo->currentData(GraphIoRole).toBool());
    m_nonImageButton->setEnabled(hasTensor);
    m_removeButton->setEnabled(m_list->currentRow() >= 0);
    m_rerunButton->setEnabled(m_rerunAvailable && !m_busy);
}

} // namespace lf::ui
