// SPDX-License-Identifier: GPL-3.0-or-later
// Validation of a conversion, shared by `liteforge-cli convert --validate`/`--validate-layers` and
// the GUI's conversion wizard: runs the imported model (the source's semantics, NCHW boundaries)
// and the converted model in the interpreter on the same inputs and compares their outputs, and
// optionally every tensor both graphs share by name. 4-D tensors whose
// converted shape is the NHWC permutation of the source's are compared after permuting back.
#pragma once

#include "core/base/npy.h"
#include "core/base/result.h"
#include "core/base/task_context.h"
#include "core/ir/graph.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace lf {

struct TensorDifference {
    double maxAbsError = 0;
    double rmse = 0;
    double cosine = 1;
    double maxAbsReference = 0;

    /// max abs error <= 1e-4 * max|reference| + 1e-5
    bool withinTolerance() const;
    double tolerance() const;
};

/// The seed of the random validation inputs (as `liteforge-cli bench`, so both see the same data);
/// input k of the source model gets seed kValidationSeed + k (see interp::randomInput).
inline constexpr std::uint32_t kValidationSeed = 5489;

struct ValidationOptions {
    /// The source model's inputs in its input order and layout; empty: seeded random data.
    std::vector<NpyArray> inputs;
    bool layers = false; ///< also compare the intermediate tensors both graphs share by name
};

struct ComparedTensor {
    std::string name;
    std::string shape;       ///< the source model's shape
    std::string node;        ///< the converted node producing it (layers only)
    TensorDifference difference;
    /// Beyond the tolerance, but the same values in another order: a layout change a pass made
    /// (layers only; not a divergence).
    bool reordered = false;

    bool diverges() const;
};

struct ValidationReport {
    bool randomInputs = true;
    std::vector<ComparedTensor> outputs;
    std::vector<ComparedTensor> layers; ///< in the converted graph's execution order

    bool passed() const;
    std::string toText() const;
};

/// Runs both models and compares them. Fails if either model cannot run, if an output's shape
/// changed, or on cancellation; a numeric mismatch is not an error but a report that did not pass.
Result<ValidationReport> validateConversion(std::shared_ptr<const ir::Model> imported,
    std::shared_ptr<const ir::Model> converted, const ValidationOptions& options,
    TaskContext& context);

} // namespace lf
