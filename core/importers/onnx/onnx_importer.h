// SPDX-License-Identifier: GPL-3.0-or-later
// ONNX import: reads a ModelProto (with external data), pins dynamic input dims, runs ONNX shape
// inference, checks every node against the lowering table (the coverage report) and lowers the graph
// to TFLite-level IR ops with NCHW boundaries (see lowering_context.h). The layout pass runs later.
#pragma once

#include "core/base/npy.h"
#include "core/base/result.h"
#include "core/base/task_context.h"
#include "core/ir/graph.h"
#include "core/passes/rewrite_log.h"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace lf::onnx_import {

struct ImportOptions {
    /// Pins input shapes by input name ("input" -> {1,3,224,224}); remaining dynamic dims become 1,
    /// with a warning naming the input.
    std::map<std::string, std::vector<std::int64_t>, std::less<>> inputShapes;
    /// Inputs that become constants with these values (shape operands that TFLite needs constant,
    /// such as a Reshape's target shape or a Resize's scales fed as model inputs).
    std::map<std::string, NpyArray, std::less<>> constantInputs;
};

struct UnsupportedNode {
    std::string opType;
    std::string domain;
    std::string name;
    std::string reasonCode; ///< "unsupported_op", "unsupported_attribute", "unsupported_domain", "unsupported_dtype"
    std::string reason;
};

/// A node that converts, but whose lowering changes the numbers (see OpLowering::approximation).
struct ApproximatedNode {
    std::string opType;
    std::string name;
    std::string reason;
};

struct CoverageReport {
    std::string path;
    std::string producer; ///< "pytorch 1.13.1"
    int irVersion = 0;
    int opset = 0;        ///< default-domain opset
    std::size_t nodeCount = 0;
    std::map<std::string, std::size_t, std::less<>> opCounts;
    std::vector<UnsupportedNode> unsupported;
    std::vector<ApproximatedNode> approximated; ///< convertible nodes with approximate numbers

    bool convertible() const { return unsupported.empty(); }
    std::string toText() const;
    std::string toJson() const;
};

/// Reads the model and checks every node without converting anything.
Result<CoverageReport> checkOnnx(const std::filesystem::path& path, TaskContext& context);

/// Imports and lowers. Fails with UnsupportedOp listing every unsupported node (one note each) before
/// lowering anything; `log` receives one Lowered event per ONNX node.
Result<ir::Model> importOnnx(const std::filesystem::path& path, const ImportOptions& options, TaskContext& context,
                             passes::RewriteLog& log);

} // namespace lf::onnx_import
