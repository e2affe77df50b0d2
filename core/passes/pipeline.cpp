// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/passes/pipeline.h"

namespace lf::passes {

std::vector<Pass> conversionPasses(const PipelineOptions&)
{
    return {};
}

Result<void> runConversionPipeline(ir::Model& model, const PipelineOptions& options, PassContext& context)
{
    const std::vector<Pass> passes = conversionPasses(options);
    for (std::size_t i = 0; i < passes.size(); ++i) {
        if (context.task.isCancelled())
            return fail(ErrorCode::Cancelled, "conversion cancelled");
        context.task.setProgress(static_cast<int>(i), static_cast<int>(passes.size()), passes[i].name);
        if (auto done = passes[i].run(model, context); !done)
            return std::unexpected(std::move(done.error()).in(std::string("pass ") + passes[i].name));
    }
    return {};
}

} // namespace lf::passes
