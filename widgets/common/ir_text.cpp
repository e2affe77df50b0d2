// SPDX-License-Identifier: GPL-3.0-or-later
// Display strings for tensors, quantization and attributes.
#include "widgets/common/ir_text.h"

#include <QStringList>

#include <type_traits>

namespace lf::ui {

namespace {

constexpr qsizetype kMaxListItems = 16; // longer lists (e.g. lookup tables) only clutter a tooltip

QString numberText(double value)
{
    return QString::number(value, 'g', 6);
}

template <class T> QString listText(const std::vector<T>& values)
{
    QStringList items;
    const auto shown = std::min<qsizetype>(static_cast<qsizetype>(values.size()), kMaxListItems);
    for (qsizetype i = 0; i < shown; ++i) {
        if constexpr (std::is_floating_point_v<T>)
            items.append(numberText(values[static_cast<std::size_t>(i)]));
        else
            items.append(QString::number(values[static_cast<std::size_t>(i)]));
    }
    if (static_cast<qsizetype>(values.size()) > shown)
        items.append(QStringLiteral("… (%1)").arg(values.size()));
    return QLatin1Char('[') + items.join(QStringLiteral(", ")) + QLatin1Char(']');
}

} // namespace

QString tensorTypeText(const ir::Tensor& tensor)
{
    return QString::fromUtf8(ir::dtypeName(tensor.dtype))
        + QString::fromStdString(tensor.shape.toString());
}

QString tensorTypeText(const ir::Graph& graph, ir::TensorId id)
{
    if (id == ir::kNoTensor)
        return QStringLiteral("-");
    if (id < 0 || static_cast<std::size_t>(id) >= graph.tensors.size())
        return QStringLiteral("?");
    return tensorTypeText(graph.tensors[static_cast<std::size_t>(id)]);
}

QString tensorListText(const ir::Graph& graph, const std::vector<ir::TensorId>& ids)
{
    QStringList parts;
    parts.reserve(static_cast<qsizetype>(ids.size()));
    for (ir::TensorId id : ids)
        parts.append(tensorTypeText(graph, id));
    return parts.join(QStringLiteral(", "));
}

QString quantText(const ir::QuantParams& quant)
{
    if (quant.scales.empty())
        return {};
    if (quant.isPerAxis())
        return QStringLiteral("per-axis %1: %2 scales").arg(quant.axis).arg(quant.scales.size());
    const std::int64_t zeroPoint = quant.zeroPoints.empty() ? 0 : quant.zeroPoints.front();
    return QStringLiteral("scale=%1 zp=%2").arg(numberText(quant.scales.front())).arg(zeroPoint);
}

QString attributeValueText(const ir::Attribute& value)
{
    return std::visit(
        [](const auto& v) -> QString {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, bool>)
                return v ? QStringLiteral("true") : QStringLiteral("false");
            else if constexpr (std::is_same_v<T, std::int64_t>)
                return QString::number(v);
            else if constexpr (std::is_same_v<T, double>)
                return numberText(v);
            else if constexpr (std::is_same_v<T, std::string>)
                return QLatin1Char('"') + QString::fromStdString(v) + QLatin1Char('"');
            else if constexpr (std::is_same_v<T, std::vector<std::byte>>)
                return QStringLiteral("<%1 bytes>").arg(v.size());
            else
                return listText(v);
        },
        value);
}

} // namespace lf::ui
