// SPDX-License-Identifier: GPL-3.0-or-later
// The user's corrections of the layout guesses, by source-model tensor name (onnx2tf's -k / "not an
// image" options): graph inputs and outputs to keep in their source layout (NCHW) while the others
// become channels-last, and tensors that are not images (a 4-D [batch, heads, seq, dim]) which no
// layout pass may turn channels-last or move a transpose through. Every decision they cause is
// logged as a RewriteKind::UserOverride event.
#pragma once

#include "core/base/result.h"
#include "core/ir/graph.h"

#include <set>
#include <string>
#include <vector>

namespace lf::passes {

struct LayoutOverrides
{
    /// Graph inputs and outputs that keep their source layout.
    std::set<std::string, std::less<>> keepLayout;
    /// Tensors that are not images: they keep their source layout and values.
    std::set<std::string, std::less<>> notImage;

    bool empty() const { return keepLayout.empty() && notImage.empty(); }
};

/// Fails with InvalidArgument naming the first override that names no graph input or output
/// (keepLayout) or no tensor (notImage) of `graph`.
Result<void> checkLayoutOverrides(const ir::Graph& graph, const LayoutOverrides& overrides);

/// Per tensor id of `graph`: whether `overrides` (may be null) marks it as not an image.
std::vector<bool> notImageTensors(const ir::Graph& graph, const LayoutOverrides* overrides);

} // namespace lf::passes
