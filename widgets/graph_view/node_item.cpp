// SPDX-License-Identifier: GPL-3.0-or-later
// Box texts and painting. The attribute summary reads the kernel size from the weight shape rather
// than from attributes, because TFLite convolutions only store it there (OHWI / 1HWO).
#include "widgets/graph_view/node_item.h"

#include <QFontMetricsF>
#include <QGuiApplication>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <algorithm>

namespace lf::ui {

namespace {

constexpr double kHeaderHeight = 22.0;
constexpr double kLineHeight = 16.0;
constexpr double kPadding = 10.0;
constexpr double kMinWidth = 76.0;
constexpr double kMaxWidth = 260.0;
constexpr double kRadius = 5.0;

QFont titleFont()
{
    QFont font = QGuiApplication::font();
    font.setPointSizeF(9.0);
    font.setBold(true);
    return font;
}

QFont bodyFont()
{
    QFont font = QGuiApplication::font();
    font.setPointSizeF(8.0);
    return font;
}

const ir::Tensor* tensorAt(const ir::Graph& graph, const std::vector<ir::TensorId>& ids, std::size_t k)
{
    if (k >= ids.size() || ids[k] < 0 || static_cast<std::size_t>(ids[k]) >= graph.tensors.size())
        return nullptr;
    return &graph.tensors[static_cast<std::size_t>(ids[k])];
}

/// "3×3" from the H and W dims of a 4-D weight tensor (OHWI for Conv2D/TransposeConv, 1HWO for
/// depthwise); empty if the shape is not known.
QString kernelText(const ir::Tensor* weights)
{
    if (!weights || weights->shape.rank() != 4)
        return {};
    const auto& dims = weights->shape.dims;
    if (!dims[1].isStatic() || !dims[2].isStatic())
        return {};
    return QStringLiteral("%1×%2").arg(dims[1].extent).arg(dims[2].extent);
}

QString strideText(const ir::Attributes& attributes)
{
    const auto h = attributes.get<std::int64_t>("stride_h");
    const auto w = attributes.get<std::int64_t>("stride_w");
    if (!h && !w)
        return {};
    if (h.value_or(1) == w.value_or(1))
        return QStringLiteral("s%1").arg(w.value_or(1));
    return QStringLiteral("s%1×%2").arg(h.value_or(1)).arg(w.value_or(1));
}

/// `rect` with its top corners rounded and its bottom ones square.
QPainterPath topRounded(const QRectF& rect, double radius)
{
    QPainterPath path;
    path.moveTo(rect.bottomLeft());
    path.lineTo(rect.left(), rect.top() + radius);
    path.arcTo(QRectF(rect.left(), rect.top(), 2 * radius, 2 * radius), 180, -90);
    path.lineTo(rect.right() - radius, rect.top());
    path.arcTo(QRectF(rect.right() - 2 * radius, rect.top(), 2 * radius, 2 * radius), 90, -90);
    path.lineTo(rect.bottomRight());
    path.closeSubpath();
    return path;
}

} // namespace

NodeItem::NodeItem(const VisualNode& node, int index, QString title, QStringList lines, QColor color,
                   const QRectF& rect)
    : m_node(node)
    , m_index(index)
    , m_title(std::move(title))
    , m_lines(std::move(lines))
    , m_color(color)
    , m_rect(rect)
{
    setFlag(ItemIsSelectable);
    setZValue(1); // above the edges
    setToolTip(m_lines.isEmpty() ? m_title : m_title + QLatin1Char('\n') + m_lines.join(QLatin1Char('\n')));
    const bool io = m_node.kind != VisualNode::Kind::Op;
    const double radius = io ? m_rect.height() / 2 : kRadius;
    m_box.addRoundedRect(m_rect, radius, radius);
    if (!m_lines.isEmpty() && !io)
        m_header = topRounded(QRectF(m_rect.left(), m_rect.top(), m_rect.width(), kHeaderHeight), kRadius);
}

QRectF NodeItem::boundingRect() const
{
    return m_rect.adjusted(-2, -2, 2, 2);
}

QSizeF NodeItem::sizeFor(const QString& title, const QStringList& lines)
{
    const QFontMetricsF titleMetrics(titleFont());
    const QFontMetricsF bodyMetrics(bodyFont());
    double width = titleMetrics.horizontalAdvance(title);
    for (const QString& line : lines)
        width = std::max(width, bodyMetrics.horizontalAdvance(line));
    width = std::clamp(width + 2 * kPadding, kMinWidth, kMaxWidth);
    const double height = kHeaderHeight + (lines.isEmpty() ? 0.0 : kLineHeight * lines.size() + 4.0);
    return {std::ceil(width), height};
}

QString NodeItem::titleFor(const ir::Graph& graph, const VisualNode& node)
{
    switch (node.kind) {
    case VisualNode::Kind::Input: return QStringLiteral("Input");
    case VisualNode::Kind::Output: return QStringLiteral("Output");
    case VisualNode::Kind::Op: break;
    }
    return QString::fromStdString(graph.nodes[static_cast<std::size_t>(node.node)].typeName());
}

QStringList NodeItem::attributeLines(const ir::Graph& graph, const VisualNode& node)
{
    if (node.kind != VisualNode::Kind::Op) {
        const auto& tensor = graph.tensors[static_cast<std::size_t>(node.tensor)];
        return {QString::fromStdString(tensor.name)};
    }
    const ir::Node& op = graph.nodes[static_cast<std::size_t>(node.node)];
    const ir::Attributes& attributes = op.attributes;
    QStringList first;
    switch (op.op) {
    case ir::OpKind::Conv2D:
    case ir::OpKind::DepthwiseConv2D: first.append(kernelText(tensorAt(graph, op.inputs, 1))); break;
    case ir::OpKind::TransposeConv: first.append(kernelText(tensorAt(graph, op.inputs, 1))); break;
    case ir::OpKind::AveragePool2D:
    case ir::OpKind::MaxPool2D: {
        const auto h = attributes.get<std::int64_t>("filter_height");
        const auto w = attributes.get<std::int64_t>("filter_width");
        if (h && w)
            first.append(QStringLiteral("%1×%2").arg(*h).arg(*w));
        break;
    }
    case ir::OpKind::FullyConnected:
        if (const ir::Tensor* weights = tensorAt(graph, op.inputs, 1);
            weights && weights->shape.rank() == 2 && weights->shape.dims[0].isStatic())
            first.append(QStringLiteral("units %1").arg(weights->shape.dims[0].extent));
        break;
    default: break;
    }
    first.append(strideText(attributes));
    const auto dilation = attributes.get<std::int64_t>("dilation_w_factor");
    if (dilation && *dilation > 1)
        first.append(QStringLiteral("d%1").arg(*dilation));
    if (const auto padding = attributes.get<std::string>("padding"))
        first.append(QString::fromStdString(*padding));
    if (const auto axis = attributes.get<std::int64_t>("axis");
        axis && (op.op == ir::OpKind::Concatenation || ir::opCategory(op.op) == ir::OpCategory::Shape))
        first.append(QStringLiteral("axis %1").arg(*axis));
    first.removeAll(QString());

    QStringList lines;
    if (!first.isEmpty())
        lines.append(first.join(QStringLiteral("  ")));
    if (const auto activation = attributes.get<std::string>("fused_activation_function");
        activation && *activation != "NONE")
        lines.append(QString::fromStdString(*activation));
    return lines;
}

QColor NodeItem::colorFor(const ir::Graph& graph, const VisualNode& node)
{
    if (node.kind != VisualNode::Kind::Op)
        return QColor(0x3c, 0x3f, 0x44);
    // Muted, distinguishable hues (white text stays readable on all of them).
    switch (ir::opCategory(graph.nodes[static_cast<std::size_t>(node.node)].op)) {
    case ir::OpCategory::Convolution: return QColor(0x33, 0x5c, 0x99);
    case ir::OpCategory::Matmul: return QColor(0x2b, 0x6f, 0x8e);
    case ir::OpCategory::Activation: return QColor(0x9a, 0x36, 0x2c);
    case ir::OpCategory::Pool: return QColor(0x2e, 0x7d, 0x4f);
    case ir::OpCategory::Normalization: return QColor(0x3d, 0x7a, 0x78);
    case ir::OpCategory::Elementwise: return QColor(0x6a, 0x4c, 0x93);
    case ir::OpCategory::Shape: return QColor(0x8a, 0x6a, 0x2f);
    case ir::OpCategory::Quantization: return QColor(0x6b, 0x6b, 0x6b);
    case ir::OpCategory::Reduction: return QColor(0x7a, 0x4a, 0x6e);
    case ir::OpCategory::Resize: return QColor(0x4f, 0x7a, 0x2e);
    case ir::OpCategory::Recurrent: return QColor(0x8e, 0x3b, 0x5e);
    case ir::OpCategory::Control: return QColor(0x55, 0x55, 0x70);
    case ir::OpCategory::Other: break;
    }
    return QColor(0x5a, 0x5a, 0x5a);
}

void NodeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*)
{
    const double lod = option->levelOfDetailFromTransform(painter->worldTransform());
    const bool selected = isSelected();
    const bool io = m_node.kind != VisualNode::Kind::Op;
    const QColor border = selected ? QColor(0xff, 0x8c, 0x00) : m_color.darker(130);
    if (lod < lod::kSimple) {
        // Far out a box is a few pixels: one fill, no outline, no curves.
        painter->setRenderHint(QPainter::Antialiasing, false);
        painter->fillRect(m_rect, selected ? border : m_color);
        return;
    }
    painter->setRenderHint(QPainter::Antialiasing, true);
    painter->setPen(QPen(border, selected ? 3.0 : 1.0));
    painter->setBrush(m_header.isEmpty() ? m_color : QColor(0xfa, 0xfa, 0xfa));
    painter->drawPath(m_box);
    if (!m_header.isEmpty()) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(m_color);
        painter->drawPath(m_header);
        painter->setPen(QPen(border, selected ? 3.0 : 1.0));
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(m_box);
    }
    if (lod < lod::kText)
        return;

    painter->setPen(Qt::white);
    painter->setFont(titleFont());
    if (io) {
        const QString text = m_title + QStringLiteral(": ") + m_lines.value(0);
        const QFontMetricsF metrics(titleFont());
        painter->drawText(m_rect.adjusted(kPadding, 0, -kPadding, 0), Qt::AlignCenter,
                          metrics.elidedText(text, Qt::ElideMiddle, m_rect.width() - 2 * kPadding));
        return;
    }
    painter->drawText(QRectF(m_rect.left(), m_rect.top(), m_rect.width(), kHeaderHeight), Qt::AlignCenter,
                      QFontMetricsF(titleFont()).elidedText(m_title, Qt::ElideRight, m_rect.width() - 8));
    painter->setPen(QColor(0x30, 0x30, 0x30));
    painter->setFont(bodyFont());
    const QFontMetricsF metrics(bodyFont());
    double y = m_rect.top() + kHeaderHeight + 2;
    for (const QString& line : m_lines) {
        painter->drawText(QRectF(m_rect.left() + 4, y, m_rect.width() - 8, kLineHeight), Qt::AlignCenter,
                          metrics.elidedText(line, Qt::ElideRight, m_rect.width() - 8));
        y += kLineHeight;
    }
}

} // namespace lf::ui
