// SPDX-License-Identifier: GPL-3.0-or-later
// UNIDIRECTIONAL_SEQUENCE_LSTM in float32; int8 nodes are handed to lstm_integer.cpp. Each time
// step computes the gates in TFLite's order (input, forget, cell; the cell update; then the output
// gate, whose peephole sees the new cell state) and with TFLite's float summation: the bias (or 0
// under layer normalization), plus the input product, plus the recurrent product, plus the peephole
// term, each product summed on its own. The output and cell states live in the node's state tensors
// (variable tensors in TFLite files), so a sequence continues where the previous invocation stopped.
#include "core/interpreter/kernels/lstm.h"

#include "core/interpreter/kernel_registry.h"
#include "core/interpreter/kernels/lstm_integer.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

namespace lf::interp {
namespace {

using namespace lstm_tensors;

/// TFLite's epsilon for a row whose variance is exactly zero.
constexpr float kNormalizationEpsilon = 1e-8f;

enum class Activation { None, Relu, ReluN1To1, Relu6, Tanh, Sigmoid };

float sigmoid(float x)
{
    return 1.0f / (1.0f + std::exp(-x));
}

float activate(Activation activation, float x)
{
    switch (activation) {
    case Activation::None: return x;
    case Activation::Relu: return std::max(0.0f, x);
    case Activation::ReluN1To1: return std::clamp(x, -1.0f, 1.0f);
    case Activation::Relu6: return std::clamp(x, 0.0f, 6.0f);
    case Activation::Tanh: return std::tanh(x);
    case Activation::Sigmoid: return sigmoid(x);
    }
    return x;
}

float dot(const float* a, const float* b, std::int64_t n)
{
    float sum = 0.0f;
    for (std::int64_t i = 0; i < n; ++i)
        sum += a[i] * b[i];
    return sum;
}

/// Normalizes `values` to zero mean and unit variance as TFLite's MeanStddevNormalization.
void normalize(float* values, std::int64_t n)
{
    float sum = 0.0f;
    float sumOfSquares = 0.0f;
    for (std::int64_t i = 0; i < n; ++i) {
        sum += values[i];
        sumOfSquares += values[i] * values[i];
    }
    const float mean = sum / static_cast<float>(n);
    const float variance = sumOfSquares / static_cast<float>(n) - mean * mean;
    const float inverse = 1.0f / std::sqrt(variance == 0.0f ? kNormalizationEpsilon : variance);
    for (std::int64_t i = 0; i < n; ++i)
        values[i] = (values[i] - mean) * inverse;
}

/// Pointers to one gate's parameters; null for the absent ones.
struct GateParameters
{
    const float* inputWeights = nullptr;
    const float* recurrentWeights = nullptr;
    const float* peephole = nullptr;
    const float* bias = nullptr;
    const float* layerNorm = nullptr;
};

class LstmKernel final : public Kernel
{
public:
    Result<void> prepare(KernelArgs& args) override;
    void eval(const KernelArgs& args) override;

private:
    Result<void> checkParameters(const KernelArgs& args) const;
    Result<void> readOptions(const KernelArgs& args);
    void bindParameters(const KernelArgs& args);
    void computeGate(const GateParameters& gate, const float* x, const float* h, const float* cell,
        Activation activation, float* out) const;
    void step(const float* x, float* h, float* cell, float* out);

    std::int64_t m_batches = 0;
    std::int64_t m_steps = 0;
    std::int64_t m_inputs = 0;
    std::int64_t m_cells = 0;
    std::int64_t m_outputs = 0;
    bool m_timeMajor = false;
    bool m_cifg = false;
    Activation m_activation = Activation::Tanh;
    float m_cellClip = 0.0f;
    float m_projectionClip = 0.0f;
    std::array<GateParameters, kGates> m_gates {};
    const float* m_projectionWeights = nullptr;
    const float* m_projectionBias = nullptr;
    std::array<std::vector<float>, kGates> m_gateValues;
    std::vector<float> m_hidden; ///< output gate x activation(cell), before any projection
};

const TensorView* optionalInput(const KernelArgs& args, std::size_t index)
{
    return args.hasInput(index) ? &args.input(index) : nullptr;
}

/// Checks that `index` is absent or a float32 tensor of exactly `shape`.
Result<void> checkTensor(const KernelArgs& args, std::size_t index, const char* what,
    std::vector<std::int64_t> shape, bool required)
{
    const TensorView* view = optionalInput(args, index);
    if (!view) {
        if (required)
            return kernelError(
                args, std::string(what) + " (input " + std::to_string(index) + ") is required");
        return {};
    }
    if (view->dtype != ir::DType::Float32)
        return kernelError(args,
            std::string(what) + " is " + std::string(ir::dtypeName(view->dtype))
                + ": the float32 LSTM needs float32 parameters (hybrid LSTMs are not supported)");
    if (view->shape != shape) {
        std::string expected;
        for (std::int64_t extent : shape)
            expected += (expected.empty() ? "" : ",") + std::to_string(extent);
        return kernelError(args, std::string(what) + " must have shape [" + expected + "]");
    }
    return {};
}

Result<void> LstmKernel::prepare(KernelArgs& args)
{
    const Result<LstmShape> shape = readLstmShape(args);
    if (!shape)
        return std::unexpected(shape.error());
    const TensorView& input = args.input(kInput);
    if (input.dtype != ir::DType::Float32)
        return kernelError(args,
            "an UNIDIRECTIONAL_SEQUENCE_LSTM with " + std::string(ir::dtypeName(input.dtype))
                + " input is not supported; only float32 and int8");
    if (auto options = readOptions(args); !options)
        return options;
    m_steps = shape->steps;
    m_batches = shape->batches;
    m_inputs = shape->inputs;
    m_cells = shape->cells;
    m_outputs = shape->outputs;
    m_cifg = shape->cifg;
    m_timeMajor = shape->timeMajor;
    if (auto checked = checkParameters(args); !checked)
        return checked;
    for (std::size_t state : { kOutputState, kCellState }) {
        if (args.input(state).isConstant)
            return kernelError(args,
                std::string(state == kOutputState ? "output" : "cell")
                    + " state must be a variable tensor, not a constant");
    }
    TensorView& output = args.output(0);
    if (output.dtype != ir::DType::Float32)
        return kernelError(args, "output must be float32");
    output.shape = m_timeMajor ? std::vector<std::int64_t> { m_steps, m_batches, m_outputs }
                               : std::vector<std::int64_t> { m_batches, m_steps, m_outputs };
    for (std::vector<float>& values : m_gateValues)
        values.assign(static_cast<std::size_t>(m_cells), 0.0f);
    m_hidden.assign(static_cast<std::size_t>(m_cells), 0.0f);
    return {};
}

Result<void> LstmKernel::readOptions(const KernelArgs& args)
{
    const ir::Attributes& attributes = args.node.attributes;
    m_cellClip = static_cast<float>(attributes.getOr<double>("cell_clip", 0.0));
    m_projectionClip = static_cast<float>(attributes.getOr<double>("proj_clip", 0.0));
    if (m_cellClip < 0.0f || m_projectionClip < 0.0f)
        return kernelError(args, "cell_clip and proj_clip must not be negative");
    if (attributes.getOr<bool>("diagonal_recurrent_tensors", false))
        return kernelError(args, "diagonal recurrent weights are not supported");
    const std::string activation
        = attributes.getOr<std::string>("fused_activation_function", "TANH");
    static constexpr std::pair<const char*, Activation> kActivations[] = {
        { "NONE", Activation::None },
        { "RELU", Activation::Relu },
        { "RELU_N1_TO_1", Activation::ReluN1To1 },
        { "RELU6", Activation::Relu6 },
        { "TANH", Activation::Tanh },
        { "SIGMOID", Activation::Sigmoid },
    };
    for (const auto& [name, kind] : kActivations) {
        if (activation == name) {
            m_activation = kind;
            return {};
        }
    }
    return kernelError(args, "activation " + activation + " is not supported");
}

Result<void> LstmKernel::checkParameters(const KernelArgs& args) const
{
    static constexpr const char* kGateNames[] = { "input", "forget", "cell", "output" };
    const bool layerNorm = args.hasInput(kLayerNorm + kForgetGate);
    for (std::size_t gate = 0; gate < kGates; ++gate) {
        const bool present = gate != kInputGate || !m_cifg;
        const std::string name = kGateNames[gate];
        if (!present) {
            if (args.hasInput(kRecurrentWeights + kInputGate) || args.hasInput(kCellToInput))
                return kernelError(args,
                    "without input gate weights (CIFG) there must be no recurrent-to-input or "
                    "cell-to-input weights");
            continue;
        }
        if (auto c = checkTensor(args, kInputWeights + gate, (name + " input weights").c_str(),
                { m_cells, m_inputs }, true);
            !c)
            return c;
        if (auto c = checkTensor(args, kRecurrentWeights + gate,
                (name + " recurrent weights").c_str(), { m_cells, m_outputs }, true);
            !c)
            return c;
        if (auto c
            = checkTensor(args, kGateBias + gate, (name + " gate bias").c_str(), { m_cells }, true);
            !c)
            return c;
        if (args.inputs.size() == kInputCount) {
            if (auto c = checkTensor(args, kLayerNorm + gate,
                    (name + " layer norm coefficients").c_str(), { m_cells }, layerNorm);
                !c)
                return c;
        }
    }
    for (std::size_t peephole : { kCellToInput, kCellToForget, kCellToOutput }) {
        if (auto c = checkTensor(args, peephole, "peephole weights", { m_cells }, false); !c)
            return c;
    }
    if (args.hasInput(kCellToForget) != args.hasInput(kCellToOutput)
        || (!m_cifg && args.hasInput(kCellToForget) != args.hasInput(kCellToInput)))
        return kernelError(args, "peephole weights must be given for all gates or none");
    if (auto c = checkTensor(
            args, kProjectionWeights, "projection weights", { m_outputs, m_cells }, false);
        !c)
        return c;
    if (auto c = checkTensor(args, kProjectionBias, "projection bias", { m_outputs }, false); !c)
        return c;
    if (!args.hasInput(kProjectionWeights)
        && (m_outputs != m_cells || args.hasInput(kProjectionBias)))
        return kernelError(args,
            "without projection weights, outputs must equal cells and there is no projection bias");
    if (auto c = checkTensor(args, kOutputState, "output state", { m_batches, m_outputs }, true);
        !c)
        return c;
    return checkTensor(args, kCellState, "cell state", { m_batches, m_cells }, true);
}

void LstmKernel::bindParameters(const KernelArgs& args)
{
    const auto data = [&args](std::size_t index) -> const float* {
        return args.hasInput(index) ? args.input(index).as<const float>() : nullptr;
    };
    for (std::size_t gate = 0; gate < kGates; ++gate) {
        GateParameters& p = m_gates[gate];
        p.inputWeights = data(kInputWeights + gate);
        p.recurrentWeights = data(kRecurrentWeights + gate);
        p.bias = data(kGateBias + gate);
        p.layerNorm = gate + kLayerNorm < args.inputs.size() ? data(kLayerNorm + gate) : nullptr;
    }
    m_gates[kInputGate].peephole = data(kCellToInput);
    m_gates[kForgetGate].peephole = data(kCellToForget);
    m_gates[kOutputGate].peephole = data(kCellToOutput);
    m_projectionWeights = data(kProjectionWeights);
    m_projectionBias = data(kProjectionBias);
}

void LstmKernel::computeGate(const GateParameters& gate, const float* x, const float* h,
    const float* cell, Activation activation, float* out) const
{
    for (std::int64_t c = 0; c < m_cells; ++c) {
        float sum = gate.layerNorm ? 0.0f : gate.bias[c];
        sum += dot(gate.inputWeights + c * m_inputs, x, m_inputs);
        sum += dot(gate.recurrentWeights + c * m_outputs, h, m_outputs);
        if (gate.peephole)
            sum += gate.peephole[c] * cell[c];
        out[c] = sum;
    }
    if (gate.layerNorm) {
        normalize(out, m_cells);
        for (std::int64_t c = 0; c < m_cells; ++c)
            out[c] = out[c] * gate.layerNorm[c] + gate.bias[c];
    }
    for (std::int64_t c = 0; c < m_cells; ++c)
        out[c] = activate(activation, out[c]);
}

/// One time step of one batch row: x is the input row, h and cell that row's states (updated in
/// place), out the output row.
void LstmKernel::step(const float* x, float* h, float* cell, float* out)
{
    float* inputGate = m_gateValues[kInputGate].data();
    float* forgetGate = m_gateValues[kForgetGate].data();
    float* cellGate = m_gateValues[kCellGate].data();
    float* outputGate = m_gateValues[kOutputGate].data();
    if (!m_cifg)
        computeGate(m_gates[kInputGate], x, h, cell, Activation::Sigmoid, inputGate);
    computeGate(m_gates[kForgetGate], x, h, cell, Activation::Sigmoid, forgetGate);
    computeGate(m_gates[kCellGate], x, h, cell, m_activation, cellGate);
    for (std::int64_t c = 0; c < m_cells; ++c) {
        const float input = m_cifg ? 1.0f - forgetGate[c] : inputGate[c];
        float value = cell[c] * forgetGate[c];
        value += cellGate[c] * input;
        cell[c] = m_cellClip > 0.0f ? std::clamp(value, -m_cellClip, m_cellClip) : value;
    }
    computeGate(m_gates[kOutputGate], x, h, cell, Activation::Sigmoid, outputGate);
    for (std::int64_t c = 0; c < m_cells; ++c)
        m_hidden[static_cast<std::size_t>(c)] = outputGate[c] * activate(m_activation, cell[c]);
    if (m_projectionWeights) {
        for (std::int64_t o = 0; o < m_outputs; ++o) {
            float value = m_projectionBias ? m_projectionBias[o] : 0.0f;
            value += dot(m_projectionWeights + o * m_cells, m_hidden.data(), m_cells);
            h[o] = m_projectionClip > 0.0f ? std::clamp(value, -m_projectionClip, m_projectionClip)
                                           : value;
        }
    } else {
        std::copy(m_hidden.begin(), m_hidden.end(), h);
    }
    std::copy(h, h + m_outputs, out);
}

void LstmKernel::eval(const KernelArgs& args)
{
    bindParameters(args);
    const float* input = args.input(kInput).as<const float>();
    float* outputState = args.input(kOutputState).as<float>();
    float* cellState = args.input(kCellState).as<float>();
    float* output = args.output(0).as<float>();
    for (std::int64_t b = 0; b < m_batches; ++b) {
        for (std::int64_t t = 0; t < m_steps; ++t) {
            const std::int64_t row = m_timeMajor ? t * m_batches + b : b * m_steps + t;
            step(input + row * m_inputs, outputState + b * m_outputs, cellState + b * m_cells,
                output + row * m_outputs);
        }
    }
}

/// Picks the float or the integer kernel by the input's element type.
class LstmDispatchKernel final : public Kernel
{
public:
    Result<void> prepare(KernelArgs& args) override
    {
        const bool integer = !args.inputs.empty() && args.hasInput(kInput)
            && args.input(kInput).dtype == ir::DType::Int8;
        m_kernel = integer ? makeIntegerLstmKernel() : std::make_unique<LstmKernel>();
        return m_kernel->prepare(args);
    }
    void eval(const KernelArgs& args) override { m_kernel->eval(args); }

private:
    std::unique_ptr<Kernel> m_kernel;
};

std::unique_ptr<Kernel> makeLstmKernel()
{
    return std::make_unique<LstmDispatchKernel>();
}

} // namespace

Result<LstmShape> readLstmShape(const KernelArgs& args)
{
    using namespace lstm_tensors;
    if (args.inputs.size() != 20 && args.inputs.size() != kInputCount)
        return kernelError(
            args, "takes 20 or 24 inputs, not " + std::to_string(args.inputs.size()));
    if (args.outputs.size() != 1)
        return kernelError(
            args, "has " + std::to_string(args.outputs.size()) + " outputs, expected 1");
    for (std::size_t required : { kInput, kInputWeights + kOutputGate,
             kRecurrentWeights + kOutputGate, kOutputState, kCellState }) {
        if (!args.hasInput(required))
            return kernelError(args, "input " + std::to_string(required) + " is required");
    }
    const TensorView& input = args.input(kInput);
    if (input.rank() != 3)
        return kernelError(args, "input must have rank 3");
    const TensorView& toOutput = args.input(kInputWeights + kOutputGate);
    const TensorView& recurrentToOutput = args.input(kRecurrentWeights + kOutputGate);
    if (toOutput.rank() != 2 || recurrentToOutput.rank() != 2)
        return kernelError(args, "weights must be matrices");
    LstmShape shape;
    shape.timeMajor = args.node.attributes.getOr<bool>("time_major", false);
    shape.steps = input.dim(shape.timeMajor ? 0 : 1);
    shape.batches = input.dim(shape.timeMajor ? 1 : 0);
    shape.inputs = input.dim(2);
    shape.cells = toOutput.dim(0);
    shape.outputs = recurrentToOutput.dim(1);
    shape.cifg = !args.hasInput(kInputWeights + kInputGate);
    return shape;
}

void registerLstmKernels(KernelRegistry& registry)
{
    registry.add(ir::OpKind::UnidirectionalSequenceLstm, &makeLstmKernel);
}

} // namespace lf::interp
