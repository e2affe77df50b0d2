// SPDX-License-Identifier: GPL-3.0-or-later
// The ordered conversion pipeline that turns an imported IR model (TFLite-level ops, NCHW boundaries
// with explicit layout transposes) into the graph that is written as .tflite.
#pragma once

#include "core/passes/pass.h"

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace lf::passes {

struct PipelineOptions {
    /// Keep 4-D image inputs and outputs in NCHW (one boundary transpose each) instead of NHWC.
    bool keepIoLayout = false;
    /// Optional passes (optionalPasses()) left out of the pipeline, by name.
    std::set<std::string, std::less<>> disabledPasses;
};

/// A pass the user may switch off (`--disable-pass NAME`, the wizard's optimisation page): the
/// graph stays correct without it, only less optimised.
struct OptionalPass {
    std::string_view name;
    std::string_view summary; ///< one line saying what the pass does
};

/// The optional passes in pipeline order; the others (io-layout, which keepIoLayout controls, and
/// remove-dead-nodes) always run.
const std::vector<OptionalPass>& optionalPasses();

/// Fails with InvalidArgument naming the first of `names` that is not an optional pass.
Result<void> checkDisabledPasses(const std::set<std::string, std::less<>>& names);

/// The passes in the order they run, for listings and tests.
std::vector<Pass> conversionPasses(const PipelineOptions& options);

/// Runs every pass in order, reporting progress per pass; stops at the first error or on cancellation.
Result<void> runConversionPipeline(ir::Model& model, const PipelineOptions& options, PassContext& context);

} // namespace lf::passes
