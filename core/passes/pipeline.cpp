// SPDX-License-Identifier: GPL-3.0-or-later
// The conversion passes in order. The order matters:
//  - io-layout before sink-transposes: its boundary transposes cancel inside the graph there;
//  - sink-transposes before the folds: BN constants become [1,1,1,C] and meet their conv only
//    once the transposes between them are gone, and PADs only then sit directly before a conv;
//  - fold-constants after sinking folds what the moves left constant, remove-dead-nodes drops the
//    unused constants and identities;
//  - fold-affine-into-conv before fuse-activations: a conv with a fused activation takes no affine;
//  - fold-pad before fuse-activations is independent; a last remove-dead-nodes compacts the
//  tensors.
#include "core/passes/pipeline.h"

#include "core/passes/fold_affine_into_conv.h"
#include "core/passes/fold_constants.h"
#include "core/passes/fold_pad.h"
#include "core/passes/fuse_activations.h"
#include "core/passes/layout/io_layout.h"
#include "core/passes/layout/sink_transposes.h"
#include "core/passes/remove_dead_nodes.h"

#include <algorithm>

namespace lf::passes {

const std::vector<OptionalPass>& optionalPasses()
{
    static const std::vector<OptionalPass> passes {
        { "sink-transposes", "move layout transposes through the graph until pairs cancel" },
        { "fold-constants", "compute nodes whose inputs are all constant at conversion time" },
        { "fold-affine-into-conv", "fold BatchNorm and other per-channel scale and shift into "
                                   "the preceding convolution's weights and bias" },
        { "fold-pad", "merge an explicit zero PAD into the following convolution or pool" },
        { "fuse-activations", "fuse RELU, RELU6 and similar activations into the op before them" },
    };
    return passes;
}

Result<void> checkDisabledPasses(const std::set<std::string, std::less<>>& names)
{
    std::string known;
    for (const OptionalPass& pass : optionalPasses())
        known += (known.empty() ? "" : ", ") + std::string(pass.name);
    for (const std::string& name : names) {
        if (std::ranges::none_of(
                optionalPasses(), [&](const OptionalPass& pass) { return pass.name == name; }))
            return fail(ErrorCode::InvalidArgument,
                "no optional pass '" + name + "' (optional: " + known + ")");
    }
    return {};
}

std::vector<Pass> conversionPasses(const PipelineOptions& options)
{
    std::vector<Pass> passes;
    const auto add = [&](const char* name, PassFunction run) {
        if (!options.disabledPasses.contains(name))
            passes.push_back({ name, run });
    };
    if (!options.keepIoLayout)
        passes.push_back({ "io-layout", &convertIoLayout });
    add("sink-transposes", &sinkTransposes);
    add("fold-constants", &foldConstants);
    passes.push_back({ "remove-dead-nodes", &removeDeadNodes });
    add("fold-affine-into-conv", &foldAffineIntoConv);
    add("fold-pad", &foldPad);
    add("fuse-activations", &fuseActivations);
    passes.push_back({ "remove-dead-nodes", &removeDeadNodes });
    return passes;
}

Result<void> runConversionPipeline(
    ir::Model& model, const PipelineOptions& options, PassContext& context)
{
    const std::vector<Pass> passes = conversionPasses(options);
    for (std::size_t i = 0; i < passes.size(); ++i) {
        if (context.task.isCancelled())
            return fail(ErrorCode::Cancelled, "conversion cancelled");
        context.task.setProgress(
            static_cast<int>(i), static_cast<int>(passes.size()), passes[i].name);
        if (auto done = passes[i].run(model, context); !done)
            return std::unexpected(
                std::move(done.error()).in(std::string("pass ") + passes[i].name));
    }
    return {};
}

} // namespace lf::passes
