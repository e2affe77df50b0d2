// SPDX-License-Identifier: GPL-3.0-or-later
// Planning and execution of the reference interpreter: kernels are prepared in graph order (which
// fixes every shape), then activations get offsets in one arena where tensors whose lifetimes do not
// overlap share memory.
#include "core/interpreter/interpreter.h"

#include "core/interpreter/kernel_registry.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace lf::interp {

namespace {

constexpr std::size_t kAlignment = 64;

std::size_t alignUp(std::size_t value) { return (value + kAlignment - 1) / kAlignment * kAlignment; }

struct AlignedFree {
    void operator()(std::byte* pointer) const { std::free(pointer); }
};
using AlignedBuffer = std::unique_ptr<std::byte, AlignedFree>;

AlignedBuffer allocate(std::size_t bytes)
{
    return AlignedBuffer(static_cast<std::byte*>(std::aligned_alloc(kAlignment, alignUp(std::max<std::size_t>(bytes, 1)))));
}

std::string shapeText(const std::vector<std::int64_t>& shape)
{
    std::string text = "[";
    for (std::size_t i = 0; i < shape.size(); ++i)
        text += (i ? "," : "") + std::to_string(shape[i]);
    return text + "]";
}

std::string nodeLabel(const ir::Graph& graph, std::size_t index)
{
    const ir::Node& node = graph.nodes[index];
    return "node #" + std::to_string(index) + " " + node.typeName() + (node.name.empty() ? "" : " '" + node.name + "'");
}

/// Offsets for buffers with [first, last] node lifetimes, greedily packed largest first.
struct ArenaPlan {
    std::vector<std::size_t> offsets;
    std::size_t size = 0;
};

struct Lifetime {
    std::size_t bytes;
    int first;
    int last;
};

ArenaPlan planArena(const std::vector<Lifetime>& lifetimes)
{
    std::vector<std::size_t> order(lifetimes.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return lifetimes[a].bytes > lifetimes[b].bytes; });
    ArenaPlan plan;
    plan.offsets.assign(lifetimes.size(), 0);
    std::vector<std::size_t> placed;
    for (std::size_t index : order) {
        const Lifetime& current = lifetimes[index];
        const std::size_t bytes = alignUp(current.bytes);
        // Busy ranges of already placed buffers alive at the same time, by offset.
        std::vector<std::pair<std::size_t, std::size_t>> busy;
        for (std::size_t other : placed) {
            const Lifetime& o = lifetimes[other];
            if (o.first <= current.last && current.first <= o.last)
                busy.emplace_back(plan.offsets[other], plan.offsets[other] + alignUp(o.bytes));
        }
        std::sort(busy.begin(), busy.end());
        std::size_t offset = 0;
        for (const auto& [begin, end] : busy) {
            if (offset + bytes <= begin)
                break;
            offset = std::max(offset, end);
        }
        plan.offsets[index] = offset;
        plan.size = std::max(plan.size, offset + bytes);
        placed.push_back(index);
    }
    return plan;
}

} // namespace

struct Interpreter::State {
    std::shared_ptr<const ir::Model> model;
    const ir::Graph* graph = nullptr;
    const KernelRegistry* registry = nullptr;
    QuantizedArithmetic arithmetic = QuantizedArithmetic::Builtin;
    ThreadPool pool;
    std::vector<TensorView> views;
    std::vector<std::unique_ptr<Kernel>> kernels;
    std::vector<KernelArgs> args;
    std::vector<std::vector<std::int64_t>> inputShapes;
    bool inputsResized = false;
    AlignedBuffer arena;
    std::size_t arenaSize = 0;
    std::vector<AlignedBuffer> variables;

    explicit State(int threads) : pool(threads) {}
};

Interpreter::Interpreter(std::unique_ptr<State> state) : m_state(std::move(state)) {}

Interpreter::~Interpreter() = default;

Result<std::unique_ptr<Interpreter>> Interpreter::create(std::shared_ptr<const ir::Model> model, InterpreterOptions options)
{
    if (!model || model->graphs.empty())
        return fail(ErrorCode::InvalidArgument, "no model to interpret");
    auto state = std::make_unique<State>(options.threads);
    state->model = std::move(model);
    state->graph = &state->model->main();
    state->registry = options.registry ? options.registry : &KernelRegistry::builtin();
    state->arithmetic = options.arithmetic;
    const ir::Graph& graph = *state->graph;

    for (std::size_t n = 0; n < graph.nodes.size(); ++n) {
        const KernelFactory factory = state->registry->find(graph.nodes[n].op);
        if (!factory)
            return fail(ErrorCode::UnsupportedOp, "the interpreter has no kernel for " + graph.nodes[n].typeName(),
                        nodeLabel(graph, n));
        state->kernels.push_back(factory());
    }
    for (ir::TensorId input : graph.inputs) {
        std::vector<std::int64_t> shape = graph.tensors[static_cast<std::size_t>(input)].shape.extents();
        for (std::int64_t& extent : shape)
            extent = std::max<std::int64_t>(extent, 1); // dynamic dims run at 1 until resized
        state->inputShapes.push_back(std::move(shape));
    }
    std::unique_ptr<Interpreter> interpreter(new Interpreter(std::move(state)));
    if (auto planned = interpreter->plan(); !planned)
        return std::unexpected(planned.error());
    return interpreter;
}

Result<void> Interpreter::plan()
{
    State& s = *m_state;
    const ir::Graph& graph = *s.graph;
    s.views.assign(graph.tensors.size(), TensorView{});
    s.variables.clear();
    for (std::size_t t = 0; t < graph.tensors.size(); ++t) {
        const ir::Tensor& tensor = graph.tensors[t];
        TensorView& view = s.views[t];
        view.dtype = tensor.dtype;
        view.quant = &tensor.quant;
        if (tensor.isConstant() || tensor.isVariable) {
            if (!tensor.shape.isStatic())
                return fail(ErrorCode::UnsupportedFeature, "constant or variable tensor without a static shape",
                            "tensor '" + tensor.name + "'");
            view.shape = tensor.shape.extents();
        }
        if (tensor.isConstant()) {
            // Kernels only read constants; the const_cast keeps one view type for inputs and outputs.
            view.data = const_cast<std::byte*>(tensor.data.bytes().data());
            view.isConstant = true;
        } else if (tensor.isVariable) {
            s.variables.push_back(allocate(view.byteSize()));
            view.data = s.variables.back().get();
            // TFLite's ResetVariableTensor: int8 variables start at their zero point (real 0).
            const bool int8 = tensor.dtype == ir::DType::Int8 && !tensor.quant.zeroPoints.empty();
            std::memset(view.data, int8 ? static_cast<int>(tensor.quant.zeroPoints.front()) : 0,
                        view.byteSize());
        }
    }
    for (std::size_t i = 0; i < graph.inputs.size(); ++i)
        s.views[static_cast<std::size_t>(graph.inputs[i])].shape = s.inputShapes[i];

    s.args.clear();
    for (std::size_t n = 0; n < graph.nodes.size(); ++n) {
        const ir::Node& node = graph.nodes[n];
        KernelArgs args{node, {}, {}, &s.pool, s.arithmetic, &graph};
        for (ir::TensorId input : node.inputs)
            args.inputs.push_back(input == ir::kNoTensor ? nullptr : &s.views[static_cast<std::size_t>(input)]);
        for (ir::TensorId output : node.outputs)
            args.outputs.push_back(&s.views[static_cast<std::size_t>(output)]);
        if (auto prepared = s.kernels[n]->prepare(args); !prepared)
            return std::unexpected(std::move(prepared.error()).in(nodeLabel(graph, n)));
        for (ir::TensorId output : node.outputs) {
            const ir::Shape& declared = graph.tensors[static_cast<std::size_t>(output)].shape;
            const std::vector<std::int64_t>& computed = s.views[static_cast<std::size_t>(output)].shape;
            bool agrees = !declared.rankKnown || (declared.rank() == static_cast<int>(computed.size()));
            for (std::size_t d = 0; agrees && declared.rankKnown && d < computed.size(); ++d)
                agrees = !declared.dims[d].isStatic() || s.inputsResized || declared.dims[d].extent == computed[d];
            if (!agrees)
                return fail(ErrorCode::ShapeMismatch,
                            "computes shape " + shapeText(computed) + " for '" + graph.tensors[static_cast<std::size_t>(output)].name
                                + "', but the model declares " + declared.toString(),
                            nodeLabel(graph, n));
        }
        s.args.push_back(std::move(args));
    }

    // Lifetimes in node indices: graph inputs live from -1.
    const int end = static_cast<int>(graph.nodes.size());
    std::vector<int> first(graph.tensors.size(), end);
    std::vector<int> last(graph.tensors.size(), -1);
    for (ir::TensorId input : graph.inputs)
        first[static_cast<std::size_t>(input)] = -1;
    for (int n = 0; n < end; ++n) {
        for (ir::TensorId output : graph.nodes[static_cast<std::size_t>(n)].outputs)
            first[static_cast<std::size_t>(output)] = std::min(first[static_cast<std::size_t>(output)], n);
        for (ir::TensorId input : graph.nodes[static_cast<std::size_t>(n)].inputs) {
            if (input != ir::kNoTensor)
                last[static_cast<std::size_t>(input)] = std::max(last[static_cast<std::size_t>(input)], n);
        }
    }
    // Graph inputs stay intact for the caller and for the next invoke(); outputs until read.
    for (ir::TensorId input : graph.inputs)
        last[static_cast<std::size_t>(input)] = end;
    for (ir::TensorId output : graph.outputs)
        last[static_cast<std::size_t>(output)] = end;
    std::vector<Lifetime> lifetimes;
    std::vector<std::size_t> owners;
    for (std::size_t t = 0; t < graph.tensors.size(); ++t) {
        if (s.views[t].isConstant || graph.tensors[t].isVariable || first[t] == end)
            continue;
        lifetimes.push_back({s.views[t].byteSize(), first[t], std::max(last[t], first[t])});
        owners.push_back(t);
    }
    const ArenaPlan arena = planArena(lifetimes);
    s.arena = allocate(arena.size);
    s.arenaSize = arena.size;
    for (std::size_t i = 0; i < owners.size(); ++i)
        s.views[owners[i]].data = s.arena.get() + arena.offsets[i];
    return {};
}

std::size_t Interpreter::inputCount() const { return m_state->graph->inputs.size(); }
std::size_t Interpreter::outputCount() const { return m_state->graph->outputs.size(); }

const TensorView& Interpreter::input(std::size_t index) const
{
    return m_state->views[static_cast<std::size_t>(m_state->graph->inputs[index])];
}

const TensorView& Interpreter::output(std::size_t index) const
{
    return m_state->views[static_cast<std::size_t>(m_state->graph->outputs[index])];
}

const TensorView& Interpreter::tensor(ir::TensorId id) const { return m_state->views[static_cast<std::size_t>(id)]; }

const ir::Graph& Interpreter::graph() const { return *m_state->graph; }

std::size_t Interpreter::arenaBytes() const { return m_state->arenaSize; }

int Interpreter::threadCount() const { return m_state->pool.threadCount(); }

Result<void> Interpreter::resizeInput(std::size_t index, std::vector<std::int64_t> shape)
{
    if (index >= inputCount())
        return fail(ErrorCode::InvalidArgument, "input index " + std::to_string(index) + " is out of range");
    const ir::Tensor& tensor = m_state->graph->tensors[static_cast<std::size_t>(m_state->graph->inputs[index])];
    for (std::int64_t extent : shape) {
        if (extent < 0)
            return fail(ErrorCode::InvalidArgument, "negative extent in " + shapeText(shape), "input '" + tensor.name + "'");
    }
    m_state->inputShapes[index] = std::move(shape);
    m_state->inputsResized = true;
    return plan();
}

Result<void> Interpreter::setInput(std::size_t index, ir::DType dtype, std::span<const std::int64_t> shape,
                                   std::span<const std::byte> bytes)
{
    if (index >= inputCount())
        return fail(ErrorCode::InvalidArgument, "the model has " + std::to_string(inputCount()) + " inputs, not "
                                                    + std::to_string(index + 1));
    const TensorView& view = input(index);
    const std::string where = "input '" + m_state->graph->tensors[static_cast<std::size_t>(m_state->graph->inputs[index])].name + "'";
    if (dtype != view.dtype)
        return fail(ErrorCode::ShapeMismatch,
                    "expects " + std::string(ir::dtypeName(view.dtype)) + ", got " + std::string(ir::dtypeName(dtype)), where);
    const std::vector<std::int64_t> given(shape.begin(), shape.end());
    if (given != view.shape)
        return fail(ErrorCode::ShapeMismatch, "expects shape " + shapeText(view.shape) + ", got " + shapeText(given), where);
    if (bytes.size() != view.byteSize())
        return fail(ErrorCode::ShapeMismatch,
                    "expects " + std::to_string(view.byteSize()) + " bytes, got " + std::to_string(bytes.size()), where);
    std::memcpy(view.data, bytes.data(), bytes.size());
    return {};
}

Result<void> Interpreter::invoke(TensorObserver* observer, TaskContext* context)
{
    State& s = *m_state;
    const ir::Graph& graph = *s.graph;
    for (std::size_t n = 0; n < s.kernels.size(); ++n) {
        if (context && context->isCancelled())
            return fail(ErrorCode::Cancelled, "cancelled", nodeLabel(graph, n));
        if (auto checked = s.kernels[n]->checkInputValues(s.args[n]); !checked)
            return std::unexpected(std::move(checked.error()).in(nodeLabel(graph, n)));
        s.kernels[n]->eval(s.args[n]);
        if (observer) {
            for (ir::TensorId output : graph.nodes[n].outputs)
                observer->tensorProduced(static_cast<ir::NodeId>(n), output, s.views[static_cast<std::size_t>(output)]);
        }
    }
    return {};
}

} // namespace lf::interp
