// SPDX-License-Identifier: GPL-3.0-or-later
// What `liteforge-cli inspect` and the GUI's overview show about a model: op counts by type, tensors
// with shapes, dtypes and quantization, parameter sizes and the I/O signature.
#pragma once

#include "core/ir/graph.h"

#include <cstdint>
#include <map>
#include <string>

namespace lf::ir {

struct ModelSummary {
    std::map<std::string, int> opCounts; ///< by Node::typeName(), over all graphs
    int nodeCount = 0;
    int tensorCount = 0;
    int constantCount = 0;
    std::uint64_t constantBytes = 0;
    std::uint64_t parameterCount = 0; ///< elements of constant tensors
};

ModelSummary summarize(const Model& model);

/// Human-readable report (several lines; tensors listed when `listTensors`).
std::string summaryText(const Model& model, bool listTensors);

/// The same as a JSON document: {"format", "description", "graphs":[{"name","inputs","outputs",
/// "tensors":[...], "nodes":[...]}], "signatures", "op_counts", "node_count", "constant_bytes", ...}.
std::string summaryJson(const Model& model);

} // namespace lf::ir
