// SPDX-License-Identifier: GPL-3.0-or-later
// The UNIDIRECTIONAL_SEQUENCE_LSTM kernels, as TFLite computes them. The float32 one handles
// time-major or batch-major sequences, CIFG, peepholes, projection, layer normalization, cell and
// projection clipping; int8 nodes go to the integer kernel of lstm_integer.h. Both keep the output
// and cell states in their (variable) state tensors across invocations.
#pragma once

#include "core/base/result.h"

#include <cstddef>
#include <cstdint>

namespace lf::interp {

class KernelRegistry;
struct KernelArgs;

/// The node's inputs as TFLite numbers them; per-gate tensors are at base + gate.
namespace lstm_tensors {
constexpr std::size_t kInput = 0;
constexpr std::size_t kInputWeights = 1; ///< input-to-gate weights [cells, inputs]
constexpr std::size_t kRecurrentWeights = 5; ///< output-to-gate weights [cells, outputs]
constexpr std::size_t kCellToInput = 9; ///< peepholes [cells] of the input, forget, output gates
constexpr std::size_t kCellToForget = 10;
constexpr std::size_t kCellToOutput = 11;
constexpr std::size_t kGateBias = 12; ///< [cells]
constexpr std::size_t kProjectionWeights = 16; ///< [outputs, cells]
constexpr std::size_t kProjectionBias = 17; ///< [outputs]
constexpr std::size_t kOutputState = 18; ///< [batches, outputs], variable
constexpr std::size_t kCellState = 19; ///< [batches, cells], variable
constexpr std::size_t kLayerNorm = 20; ///< layer normalization coefficients [cells]
constexpr std::size_t kInputCount = 24;

constexpr std::size_t kInputGate = 0;
constexpr std::size_t kForgetGate = 1;
constexpr std::size_t kCellGate = 2;
constexpr std::size_t kOutputGate = 3;
constexpr std::size_t kGates = 4;
} // namespace lstm_tensors

/// The extents of a sequence LSTM node, the same for the float and the integer kernel.
struct LstmShape
{
    std::int64_t steps = 0;
    std::int64_t batches = 0;
    std::int64_t inputs = 0;
    std::int64_t cells = 0;
    std::int64_t outputs = 0;
    bool timeMajor = false;
    bool cifg = false; ///< no input gate (coupled input and forget gates)
};

/// Checks the input count (20 or 24), the required inputs and the rank-3 input, then reads the
/// extents and the time_major attribute.
Result<LstmShape> readLstmShape(const KernelArgs& args);

/// Adds the UNIDIRECTIONAL_SEQUENCE_LSTM kernel to `registry`.
void registerLstmKernels(KernelRegistry& registry);

} // namespace lf::interp
