// SPDX-License-Identifier: GPL-3.0-or-later
// Structural checks of a model: ids in range, every tensor produced at most once and before it is
// read, constant sizes matching dtype and shape, quantization parameters consistent with the tensor.
// Importers run it before handing a model on; passes and writers may then rely on these invariants.
#pragma once

#include "core/base/result.h"
#include "core/ir/graph.h"

namespace lf::ir {

/// Returns the first violation found, with `where` naming the graph, node and tensor.
Result<void> verify(const Model& model);
Result<void> verify(const Graph& graph);

} // namespace lf::ir
