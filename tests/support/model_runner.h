// SPDX-License-Identifier: GPL-3.0-or-later
// Test support: run an IR model in our interpreter on NumPy arrays, permute arrays between layouts,
// and compare outputs element by element with a tolerance.
#pragma once

#include "core/base/npy.h"
#include "core/base/result.h"
#include "core/interpreter/kernel.h"
#include "core/ir/graph.h"

#include <QString>

#include <vector>

namespace lf::test {

/// Runs the main graph on `inputs` (in graph input order; integer inputs are converted to the
/// input's integer dtype, e.g. int64 data for an int32 input) and returns the outputs in order.
Result<std::vector<NpyArray>> runInterpreter(const ir::Model& model, const std::vector<NpyArray>& inputs, int threads = 1,
                                             interp::QuantizedArithmetic arithmetic = interp::QuantizedArithmetic::Builtin);

/// `array` with its axes permuted: result dim i is input dim perm[i].
NpyArray permuteArray(const NpyArray& array, const std::vector<int>& perm);

/// Every element as double (bool as 0/1), for comparisons across dtypes.
std::vector<double> toDoubles(const NpyArray& array);

struct ArrayComparison {
    bool ok = false;
    double maxAbsError = 0;
    double maxAbsReference = 0;
    QString message; ///< why it failed: shape difference or the worst element
};

/// Passes when shapes have the same element count and |actual - expected| <= atol + rtol * |expected|
/// for every element (NaNs must match NaNs).
ArrayComparison compareArrays(const NpyArray& actual, const NpyArray& expected, double rtol, double atol);

} // namespace lf::test
