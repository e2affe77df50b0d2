// SPDX-License-Identifier: GPL-3.0-or-later
// Test support: where the sources, the build and the shared corpus are, deterministic random
// inputs, and running a .tflite or .onnx model in a real runtime (LiteRT.js / onnxruntime-node
// through tests/support/node/run_model.mjs) to get reference outputs for our own results.
#pragma once

#include "core/base/npy.h"
#include "core/ir/dtype.h"

#include <QString>

#include <cstdint>
#include <span>
#include <vector>

namespace lf::test {

/// The repository root, from the LF_SOURCE_DIR environment variable that lf_add_test sets; empty if
/// unset.
QString sourceDir();
/// The CMake build folder, from LF_BINARY_DIR; empty if unset.
QString binaryDir();
/// The shared folder beside the repository (STYLE.md, corpus/, notes/).
QString sharedDir();

/// Absolute paths of the files under sharedDir()/corpus/<subdir> (recursively) whose names end with
/// `suffix` (case-insensitive), sorted; empty if the folder does not exist.
std::vector<QString> corpusFiles(const QString& subdir, const QString& suffix);

/// An array of `dtype` and `shape` filled from std::mt19937 seeded with `seed`, so every run sees
/// the same data: integers drawn over the dtype's whole range, bools as 0/1, floats uniformly from
/// [-1, 1]. `dtype` must satisfy isNpyDType().
NpyArray randomNpyArray(
    ir::DType dtype, std::span<const std::int64_t> shape, std::uint32_t seed = 5489);

struct RuntimeRun {
    bool ok = false;
    QString error;                 ///< the runner's stderr (or why it could not start) when !ok
    std::vector<NpyArray> outputs; ///< in the model's output order
    std::vector<QString> outputNames;
    double medianMs = 0; ///< median time of one inference; only set when benchRuns > 0
};

/// Runs `modelPath` (.tflite in LiteRT, .onnx in onnxruntime) on `inputs`, given in the model's
/// input order. Needs `node` on PATH and the runtimes built by the lf_test_runtimes target under
/// binaryDir()/node. With benchRuns > 0 it also times that many extra inferences. Gives up after
/// 120 s.
RuntimeRun runInRealRuntime(
    const QString& modelPath, const std::vector<NpyArray>& inputs, int benchRuns = 0);

} // namespace lf::test
