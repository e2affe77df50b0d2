// SPDX-License-Identifier: GPL-3.0-or-later
// Compact display strings for IR values shared by item models and panels: tensor types such as
// "f32[1,28,28,1]", attribute values and quantization parameters. Pure formatting, no lookups.
#pragma once

#include "core/ir/graph.h"

#include <QString>

namespace lf::ui {

/// "f32[1,28,28,1]": the dtype name followed by the shape.
QString tensorTypeText(const ir::Tensor& tensor);

/// The type of tensor `id` of `graph`; "-" for an omitted optional input, "?" for an invalid id.
QString tensorTypeText(const ir::Graph& graph, ir::TensorId id);

/// Types of several tensors separated by ", ".
QString tensorListText(const ir::Graph& graph, const std::vector<ir::TensorId>& ids);

/// "scale=0.0039 zp=-128" (per tensor) or "per-axis 0: 32 scales" for per-channel quantization.
QString quantText(const ir::QuantParams& quant);

/// An attribute value: numbers, "true"/"false", quoted strings, "[1, 2, 2, 1]" for lists (long
/// lists are shortened with an ellipsis), "<n bytes>" for blobs.
QString attributeValueText(const ir::Attribute& value);

} // namespace lf::ui
