// SPDX-License-Identifier: GPL-3.0-or-later
// The ordered conversion pipeline that turns an imported IR model (TFLite-level ops, NCHW boundaries
// with explicit layout transposes) into the graph that is written as .tflite.
#pragma once

#include "core/passes/pass.h"

#include <vector>

namespace lf::passes {

struct PipelineOptions {
    /// Keep 4-D image inputs and outputs in NCHW (one boundary transpose each) instead of NHWC.
    bool keepIoLayout = false;
};

/// The passes in the order they run, for listings and tests.
std::vector<Pass> conversionPasses(const PipelineOptions& options);

/// Runs every pass in order, reporting progress per pass; stops at the first error or on cancellation.
Result<void> runConversionPipeline(ir::Model& model, const PipelineOptions& options, PassContext& context);

} // namespace lf::passes
