// SPDX-License-Identifier: GPL-3.0-or-later
// The conversion front door shared by the CLI and the GUI: import any supported source model, run the
// conversion pipeline, and keep both the imported and the converted model with the rewrite log.
#pragma once

#include "core/base/npy.h"
#include "core/base/result.h"
#include "core/base/task_context.h"
#include "core/ir/graph.h"
#include "core/passes/pipeline.h"
#include "core/passes/rewrite_log.h"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace lf {

struct ConvertOptions {
    /// Input shapes by input name, pinning dynamic dims ("input" -> {1,3,224,224}).
    std::map<std::string, std::vector<std::int64_t>, std::less<>> inputShapes;
    /// Inputs frozen to constant values before conversion (ONNX).
    std::map<std::string, NpyArray, std::less<>> constantInputs;
    passes::PipelineOptions pipeline;
    /// Per-tensor layout overrides by source-model name: inputs and outputs kept NCHW, tensors that
    /// are not images. A name the imported model does not have fails the conversion.
    passes::LayoutOverrides layout;
};

struct Conversion {
    ir::Model imported;  ///< the source model as runnable IR, before any pass
    ir::Model converted; ///< after the pipeline: what is written as .tflite
    passes::RewriteLog log;
};

/// Imports `path` (format detected from the content) and converts it. TFLite input goes through the
/// pipeline too (a no-op for well-formed TFLite graphs).
Result<Conversion> convertModel(const std::filesystem::path& path, const ConvertOptions& options, TaskContext& context);

} // namespace lf
