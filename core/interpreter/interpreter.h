// SPDX-License-Identifier: GPL-3.0-or-later
// The reference interpreter: runs the main graph of an IR model (TFLite-level ops, float and
// integer-quantized) exactly as TFLite does. Planning happens once (kernel prepare, shapes, one arena
// with buffer reuse), then invoke() runs as often as needed. Observers see every tensor as it is
// produced, which calibration and the per-layer comparison build on.
#pragma once

#include "core/base/result.h"
#include "core/base/task_context.h"
#include "core/base/thread_pool.h"
#include "core/interpreter/kernel.h"
#include "core/interpreter/tensor_view.h"
#include "core/ir/graph.h"

#include <memory>
#include <vector>

namespace lf::interp {

/// Sees each node's outputs right after the node ran. The view points into the arena and is
/// overwritten later in the same invocation: copy what must outlive the callback.
class TensorObserver {
public:
    virtual ~TensorObserver() = default;
    virtual void tensorProduced(ir::NodeId node, ir::TensorId tensor, const TensorView& view) = 0;
};

class KernelRegistry;

struct InterpreterOptions {
    int threads = 0; ///< <= 0: one per core
    const KernelRegistry* registry = nullptr; ///< nullptr: KernelRegistry::builtin()
    QuantizedArithmetic arithmetic = QuantizedArithmetic::Builtin;
};

class Interpreter final {
public:
    /// Plans the main graph. Fails with UnsupportedOp naming the node for ops without a kernel, and
    /// with the kernel's error for unsupported dtypes, shapes or attributes. Dynamic input dims are
    /// planned as 1 until resizeInput() says otherwise.
    static Result<std::unique_ptr<Interpreter>> create(std::shared_ptr<const ir::Model> model,
                                                       InterpreterOptions options = {});
    ~Interpreter();

    std::size_t inputCount() const;
    std::size_t outputCount() const;
    const TensorView& input(std::size_t index) const;
    const TensorView& output(std::size_t index) const;
    /// Any tensor of the main graph; after invoke() only graph inputs, outputs and constants keep
    /// their values (intermediate buffers are reused). Inputs keep theirs across invocations.
    const TensorView& tensor(ir::TensorId id) const;
    const ir::Graph& graph() const;

    /// Changes an input's shape and re-plans, which discards every input value set so far: resize
    /// all inputs first, then set them. Fails if the graph cannot take that shape.
    Result<void> resizeInput(std::size_t index, std::vector<std::int64_t> shape);
    /// Copies `bytes` into input `index` after checking dtype and element count.
    Result<void> setInput(std::size_t index, ir::DType dtype, std::span<const std::int64_t> shape,
                          std::span<const std::byte> bytes);

    /// Runs every node. Returns Cancelled (between nodes) if `context` asks for it.
    Result<void> invoke(TensorObserver* observer = nullptr, TaskContext* context = nullptr);

    /// Bytes of the activation arena (peak working memory apart from constants).
    std::size_t arenaBytes() const;
    int threadCount() const;

private:
    struct State;
    explicit Interpreter(std::unique_ptr<State> state);
    Result<void> plan();
    std::unique_ptr<State> m_state;
};

} // namespace lf::interp
