// SPDX-License-Identifier: GPL-3.0-or-later
// The contract between the interpreter and its kernels. A kernel is created once per node; prepare()
// runs at planning time (validate dtypes, ranks and attributes, set output shapes, precompute
// quantized multipliers and tables) and eval() on every invocation. eval() must not fail: everything
// that can go wrong is checked in prepare(), or in checkInputValues() where it depends on values.
#pragma once

#include "core/base/result.h"
#include "core/base/thread_pool.h"
#include "core/interpreter/tensor_view.h"
#include "core/ir/graph.h"

#include <memory>
#include <vector>

namespace lf::interp {

/// Whose integer arithmetic the quantized kernels reproduce where TFLite's runtimes disagree.
/// Both requantize the same int32 accumulators; they differ in rounding, so at ties and near-ties
/// an output may move by one step, and those steps compound with depth.
enum class QuantizedArithmetic {
    /// TFLite's builtin kernels, as TFLite Micro and the reference kernels run them: fixed-point
    /// multipliers, rounding twice (doubling high multiply, then rounding shift).
    Builtin,
    /// LiteRT on CPU with its default XNNPACK delegate (also TFLite's Python interpreter): int8
    /// CONV_2D, DEPTHWISE_CONV_2D, TRANSPOSE_CONV and FULLY_CONNECTED requantize in fp32 with ties
    /// to even, ADD/SUB with 20-bit multipliers and one flooring shift, MUL in fp32, QUANTIZE from
    /// float by the reciprocal scale with ties to even.
    Xnnpack,
};

struct KernelArgs {
    const ir::Node& node;
    /// One per node input; nullptr for omitted optional inputs. During prepare(), only constant inputs
    /// have data; every input has its dtype, quantization and shape.
    std::vector<TensorView*> inputs;
    /// One per node output, with dtype and quantization from the IR; prepare() sets `shape`.
    std::vector<TensorView*> outputs;
    ThreadPool* pool = nullptr; ///< set for eval()
    QuantizedArithmetic arithmetic = QuantizedArithmetic::Builtin;
    const ir::Graph* graph = nullptr; ///< the node's graph, for the shapes the model declares

    const TensorView& input(std::size_t i) const { return *inputs[i]; }
    TensorView& output(std::size_t i) const { return *outputs[i]; }
    bool hasInput(std::size_t i) const { return i < inputs.size() && inputs[i] != nullptr; }
};

class Kernel {
public:
    virtual ~Kernel() = default;
    virtual Result<void> prepare(KernelArgs& args) = 0;
    /// Runs right before eval() and checks what only input values can tell, e.g. an output shape
    /// that a model input gives; most kernels have nothing to check.
    virtual Result<void> checkInputValues(const KernelArgs&) const { return {}; }
    virtual void eval(const KernelArgs& args) = 0;
};

/// Error helper for prepare(); the interpreter adds the node's label to `where`.
std::unexpected<Error> kernelError(const KernelArgs& args, std::string message);
/// Checks input/output counts: at least `minInputs`, at most `maxInputs` inputs, exactly `outputs` outputs.
Result<void> checkArity(const KernelArgs& args, std::size_t minInputs, std::size_t maxInputs, std::size_t outputs);

} // namespace lf::interp
