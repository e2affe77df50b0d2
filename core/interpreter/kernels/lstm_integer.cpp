// SPDX-License-Identifier: GPL-3.0-or-later
// UNIDIRECTIONAL_SEQUENCE_LSTM in integers, step for step as TFLite's 8x8->16 evaluation. Each gate
// sums its int8 input product and its int8 recurrent product in int32 (the zero points folded into
// per-row biases at prepare time), rescales each into Q3.12 with its own multiplier, adding them
// with int16 saturation, then adds the int16 peephole term and applies gemmlowp's fixed-point
// sigmoid (tanh for the cell gate). The int16 cell state, whose scale is a power of two, is updated
// by rounding shifts; the new output state is the output gate times tanh(cell), rescaled to int8.
//
// TFLite reads the hidden state's scale and zero point from the node's fifth intermediate tensor,
// which equals the output state's quantization when there is no projection (the hidden state is
// copied into it). Kernels see the node's inputs only, so this kernel uses the output state's, and
// refuses the variants that need the other intermediates: projection and layer normalization.
#include "core/interpreter/kernels/lstm_integer.h"

#include "core/interpreter/kernels/lstm.h"
#include "core/interpreter/kernels/reference/fixed_point_math.h"
#include "core/interpreter/quant_math.h"
#include "core/tflite/tflite_types.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

namespace lf::interp {
namespace {

using namespace lstm_tensors;
namespace fixedpoint = reference::fixedpoint;

/// Gates hold Q3.12 values before their activation (scale 2^-12) and Q0.15 after it.
constexpr int kGateExponent = -12;

/// The cell-state exponents TFLite's output tanh handles: 15 + exponent integer bits in [0, 6].
constexpr int kMinCellExponent = -15;
constexpr int kMaxCellExponent = -9;

std::int16_t saturateInt16(std::int32_t value)
{
    return static_cast<std::int16_t>(std::clamp<std::int32_t>(value, -32768, 32767));
}

std::int16_t sigmoidQ312(std::int16_t x)
{
    return fixedpoint::logistic(fixedpoint::Fixed<std::int16_t, 3>::fromRaw(x)).raw;
}

template <int IntegerBits> std::int16_t tanhOf(std::int16_t x)
{
    return fixedpoint::tanh(fixedpoint::Fixed<std::int16_t, IntegerBits>::fromRaw(x)).raw;
}

using Activation = std::int16_t (*)(std::int16_t);

/// tanh of an int16 with 0 to 6 integer bits, to Q0.15.
constexpr std::array<Activation, 7> kTanh
    = { &tanhOf<0>, &tanhOf<1>, &tanhOf<2>, &tanhOf<3>, &tanhOf<4>, &tanhOf<5>, &tanhOf<6> };

/// One gate's weights and the multipliers and biases prepared for them.
struct IntegerGate
{
    const std::int8_t* inputWeights = nullptr;
    const std::int8_t* recurrentWeights = nullptr;
    const std::int16_t* peephole = nullptr;
    std::vector<std::int32_t> inputBias; ///< gate bias - input zero point x weight row sums
    std::vector<std::int32_t> recurrentBias; ///< - output state zero point x weight row sums
    QuantizedMultiplier inputScale;
    QuantizedMultiplier recurrentScale;
    QuantizedMultiplier peepholeScale;
};

class IntegerLstmKernel final : public Kernel
{
public:
    Result<void> prepare(KernelArgs& args) override;
    void eval(const KernelArgs& args) override;

private:
    Result<void> readShapes(const KernelArgs& args);
    Result<void> checkVariant(const KernelArgs& args) const;
    Result<void> checkParameters(const KernelArgs& args) const;
    Result<void> readCellScale(const KernelArgs& args);
    void prepareGate(const KernelArgs& args, std::size_t gate);
    void prepareHidden(const KernelArgs& args);
    void computeGate(const IntegerGate& gate, const std::int8_t* x, const std::int8_t* h,
        const std::int16_t* cell, Activation activation, std::int16_t* out) const;
    void updateCell(std::int16_t* cell) const;
    void computeOutputState(const std::int16_t* cell, std::int8_t* h) const;
    void step(const std::int8_t* x, std::int8_t* h, std::int16_t* cell, std::int8_t* out);

    std::int64_t m_batches = 0;
    std::int64_t m_steps = 0;
    std::int64_t m_inputs = 0;
    std::int64_t m_cells = 0;
    std::int64_t m_outputs = 0;
    bool m_timeMajor = false;
    bool m_cifg = false;
    int m_cellExponent = 0; ///< the cell state's scale is 2^m_cellExponent
    std::int16_t m_cellClip = 0; ///< 0: no clipping
    QuantizedMultiplier m_hiddenScale;
    std::int32_t m_hiddenZeroPoint = 0;
    std::array<IntegerGate, kGates> m_gates {};
    std::array<std::vector<std::int16_t>, kGates> m_gateValues;
};

std::string gateName(std::size_t gate)
{
    static constexpr const char* kNames[] = { "input", "forget", "cell", "output" };
    return kNames[gate];
}

std::string shapeText(const std::vector<std::int64_t>& shape)
{
    std::string text;
    for (std::int64_t extent : shape)
        text += (text.empty() ? "" : ",") + std::to_string(extent);
    return "[" + text + "]";
}

/// Checks a tensor's element type and shape; absent optional tensors pass.
Result<void> checkTensor(const KernelArgs& args, std::size_t index, const std::string& what,
    ir::DType dtype, const std::vector<std::int64_t>& shape, bool required)
{
    if (!args.hasInput(index)) {
        if (required)
            return kernelError(args, what + " (input " + std::to_string(index) + ") is required");
        return {};
    }
    const TensorView& view = args.input(index);
    if (view.dtype != dtype)
        return kernelError(args,
            what + " is " + std::string(ir::dtypeName(view.dtype)) + "; the integer LSTM needs "
                + std::string(ir::dtypeName(dtype)));
    if (view.shape != shape)
        return kernelError(args, what + " must have shape " + shapeText(shape));
    return {};
}

/// Checks that a constant quantized parameter has one scale and a zero point of 0.
Result<void> checkSymmetric(const KernelArgs& args, std::size_t index, const std::string& what)
{
    const TensorView& view = args.input(index);
    if (!view.isConstant)
        return kernelError(args, what + " must be constant");
    if (view.quant->scales.size() != 1)
        return kernelError(args, what + " must have exactly one (per-tensor) scale");
    if (view.zeroPoint() != 0)
        return kernelError(args, what + " must be symmetric (zero point 0)");
    return {};
}

Result<void> IntegerLstmKernel::prepare(KernelArgs& args)
{
    if (auto shapes = readShapes(args); !shapes)
        return shapes;
    if (auto variant = checkVariant(args); !variant)
        return variant;
    if (auto checked = checkParameters(args); !checked)
        return checked;
    if (auto cell = readCellScale(args); !cell)
        return cell;
    for (std::size_t gate = 0; gate < kGates; ++gate) {
        if (gate != kInputGate || !m_cifg)
            prepareGate(args, gate);
    }
    prepareHidden(args);
    args.output(0).shape = m_timeMajor
        ? std::vector<std::int64_t> { m_steps, m_batches, m_outputs }
        : std::vector<std::int64_t> { m_batches, m_steps, m_outputs };
    for (std::vector<std::int16_t>& values : m_gateValues)
        values.assign(static_cast<std::size_t>(m_cells), 0);
    return {};
}

Result<void> IntegerLstmKernel::readShapes(const KernelArgs& args)
{
    if (args.inputs.size() != 20 && args.inputs.size() != kInputCount)
        return kernelError(
            args, "takes 20 or 24 inputs, not " + std::to_string(args.inputs.size()));
    if (args.outputs.size() != 1)
        return kernelError(
            args, "has " + std::to_string(args.outputs.size()) + " outputs, expected 1");
    for (std::size_t required : { kInputWeights + kOutputGate, kRecurrentWeights + kOutputGate,
             kOutputState, kCellState }) {
        if (!args.hasInput(required))
            return kernelError(args, "input " + std::to_string(required) + " is required");
    }
    const TensorView& input = args.input(kInput);
    if (input.rank() != 3)
        return kernelError(args, "input must have rank 3");
    m_timeMajor = args.node.attributes.getOr<bool>("time_major", false);
    m_steps = input.dim(m_timeMajor ? 0 : 1);
    m_batches = input.dim(m_timeMajor ? 1 : 0);
    m_inputs = input.dim(2);
    const TensorView& toOutput = args.input(kInputWeights + kOutputGate);
    const TensorView& recurrentToOutput = args.input(kRecurrentWeights + kOutputGate);
    if (toOutput.rank() != 2 || recurrentToOutput.rank() != 2)
        return kernelError(args, "weights must be matrices");
    m_cells = toOutput.dim(0);
    m_outputs = recurrentToOutput.dim(1);
    m_cifg = !args.hasInput(kInputWeights + kInputGate);
    return {};
}

Result<void> IntegerLstmKernel::checkVariant(const KernelArgs& args) const
{
    const std::string missing = " needs the scales of the node's intermediate tensors, which the "
                                "interpreter does not give its kernels";
    if (args.hasInput(kProjectionWeights) || args.hasInput(kProjectionBias))
        return kernelError(args, "the integer LSTM with projection is not supported: it" + missing);
    for (std::size_t gate = 0; gate < kGates; ++gate) {
        if (args.hasInput(kLayerNorm + gate))
            return kernelError(
                args, "the integer LSTM with layer normalization is not supported: it" + missing);
    }
    if (m_outputs != m_cells)
        return kernelError(args, "without projection, outputs must equal cells");
    const ir::Attributes& attributes = args.node.attributes;
    const auto intermediates = attributes.getOr<std::vector<std::int64_t>>(
        std::string(tflite::kIntermediatesAttribute), {});
    if (!intermediates.empty() && intermediates.size() != 5)
        return kernelError(args,
            "has " + std::to_string(intermediates.size())
                + " intermediate tensors; only the 8x8->16 integer LSTM (5) is supported");
    const std::string activation
        = attributes.getOr<std::string>("fused_activation_function", "TANH");
    if (activation != "TANH")
        return kernelError(
            args, "the integer LSTM computes tanh only, not the activation " + activation);
    if (attributes.getOr<bool>("diagonal_recurrent_tensors", false))
        return kernelError(args, "diagonal recurrent weights are not supported");
    return {};
}

Result<void> IntegerLstmKernel::checkParameters(const KernelArgs& args) const
{
    using ir::DType;
    for (std::size_t gate = 0; gate < kGates; ++gate) {
        const std::string name = gateName(gate);
        if (gate == kInputGate && m_cifg) {
            if (args.hasInput(kRecurrentWeights + kInputGate) || args.hasInput(kCellToInput))
                return kernelError(args,
                    "without input gate weights (CIFG) there must be no recurrent-to-input or "
                    "cell-to-input weights");
            continue;
        }
        const std::size_t weights[] = { kInputWeights + gate, kRecurrentWeights + gate };
        const std::vector<std::int64_t> shapes[]
            = { { m_cells, m_inputs }, { m_cells, m_outputs } };
        const std::string names[]
            = { "input-to-" + name + " weights", "recurrent-to-" + name + " weights" };
        for (std::size_t w = 0; w < 2; ++w) {
            if (auto c = checkTensor(args, weights[w], names[w], DType::Int8, shapes[w], true); !c)
                return c;
            if (auto c = checkSymmetric(args, weights[w], names[w]); !c)
                return c;
        }
        if (auto c = checkTensor(
                args, kGateBias + gate, name + " gate bias", DType::Int32, { m_cells }, true);
            !c)
            return c;
        if (!args.input(kGateBias + gate).isConstant)
            return kernelError(args, name + " gate bias must be constant");
    }
    const std::size_t peepholes[] = { kCellToInput, kCellToForget, kCellToOutput };
    for (std::size_t peephole : peepholes) {
        if (auto c
            = checkTensor(args, peephole, "peephole weights", DType::Int16, { m_cells }, false);
            !c)
            return c;
        if (args.hasInput(peephole)) {
            if (auto c = checkSymmetric(args, peephole, "peephole weights"); !c)
                return c;
        }
    }
    if (args.hasInput(kCellToForget) != args.hasInput(kCellToOutput)
        || (!m_cifg && args.hasInput(kCellToForget) != args.hasInput(kCellToInput)))
        return kernelError(args, "peephole weights must be given for all gates or none");
    if (auto c = checkTensor(
            args, kOutputState, "output state", DType::Int8, { m_batches, m_outputs }, true);
        !c)
        return c;
    if (auto c
        = checkTensor(args, kCellState, "cell state", DType::Int16, { m_batches, m_cells }, true);
        !c)
        return c;
    for (std::size_t state : { kOutputState, kCellState }) {
        if (args.input(state).isConstant)
            return kernelError(args,
                std::string(state == kOutputState ? "output" : "cell")
                    + " state must be a variable tensor, not a constant");
    }
    if (args.output(0).dtype != DType::Int8)
        return kernelError(args, "output must be int8");
    return {};
}

Result<void> IntegerLstmKernel::readCellScale(const KernelArgs& args)
{
    const float scale = args.input(kCellState).scale();
    const float log2 = std::log(scale) * (1.0f / std::log(2.0f));
    const float rounded = std::round(log2);
    if (!(scale > 0.0f) || std::abs(log2 - rounded) >= 1e-3f)
        return kernelError(
            args, "cell state scale " + std::to_string(scale) + " is not a power of two");
    m_cellExponent = static_cast<int>(rounded);
    if (m_cellExponent < kMinCellExponent || m_cellExponent > kMaxCellExponent)
        return kernelError(args,
            "cell state scale 2^" + std::to_string(m_cellExponent)
                + " is outside the 2^-15 to 2^-9 the integer LSTM handles");
    const auto clip = static_cast<float>(args.node.attributes.getOr<double>("cell_clip", 0.0));
    if (clip < 0.0f)
        return kernelError(args, "cell_clip must not be negative");
    m_cellClip = clip > 0.0f
        ? static_cast<std::int16_t>(std::min(std::max(clip / scale, -32768.0f), 32767.0f))
        : std::int16_t { 0 };
    return {};
}

/// Row sums of a [rows, columns] int8 matrix times `factor`, added to `bias` (or to zeros).
std::vector<std::int32_t> foldZeroPoint(const std::int8_t* weights, std::int64_t rows,
    std::int64_t columns, std::int32_t factor, const std::int32_t* bias)
{
    std::vector<std::int32_t> folded(static_cast<std::size_t>(rows), 0);
    for (std::int64_t r = 0; r < rows; ++r) {
        std::int32_t sum = 0;
        for (std::int64_t c = 0; c < columns; ++c)
            sum += weights[r * columns + c];
        folded[static_cast<std::size_t>(r)] = (bias ? bias[r] : 0) + sum * factor;
    }
    return folded;
}

void IntegerLstmKernel::prepareGate(const KernelArgs& args, std::size_t gate)
{
    // TFLite computes the effective scales in float, in this order, then decomposes them.
    const float gateScale = std::ldexp(1.0f, kGateExponent);
    const float inputScale = args.input(kInput).scale();
    const float stateScale = args.input(kOutputState).scale();
    const TensorView& inputWeights = args.input(kInputWeights + gate);
    const TensorView& recurrentWeights = args.input(kRecurrentWeights + gate);
    IntegerGate& g = m_gates[gate];
    g.inputWeights = inputWeights.as<const std::int8_t>();
    g.recurrentWeights = recurrentWeights.as<const std::int8_t>();
    const float inputEffective = inputWeights.scale() * inputScale / gateScale;
    const float recurrentEffective = recurrentWeights.scale() * stateScale / gateScale;
    g.inputScale = quantizeMultiplier(inputEffective);
    g.recurrentScale = quantizeMultiplier(recurrentEffective);
    g.inputBias = foldZeroPoint(g.inputWeights, m_cells, m_inputs, -args.input(kInput).zeroPoint(),
        args.input(kGateBias + gate).as<const std::int32_t>());
    g.recurrentBias = foldZeroPoint(
        g.recurrentWeights, m_cells, m_outputs, -args.input(kOutputState).zeroPoint(), nullptr);
    const std::size_t peephole = gate == kInputGate ? kCellToInput
        : gate == kForgetGate                       ? kCellToForget
        : gate == kOutputGate                       ? kCellToOutput
                                                    : kInputCount;
    if (peephole != kInputCount && args.hasInput(peephole)) {
        const TensorView& weights = args.input(peephole);
        g.peephole = weights.as<const std::int16_t>();
        const float peepholeEffective
            = std::ldexp(1.0f, m_cellExponent) * weights.scale() / gateScale;
        g.peepholeScale = quantizeMultiplier(peepholeEffective);
    }
}

void IntegerLstmKernel::prepareHidden(const KernelArgs& args)
{
    // Output gate (Q0.15) times tanh(cell) (Q0.15), rescaled to the hidden (output) state.
    const TensorView& state = args.input(kOutputState);
    const auto effective
        = static_cast<float>(std::ldexp(1.0, -15) / state.scale() * std::ldexp(1.0, -15));
    m_hiddenScale = quantizeMultiplier(effective);
    m_hiddenZeroPoint = state.zeroPoint();
}

void IntegerLstmKernel::computeGate(const IntegerGate& gate, const std::int8_t* x,
    const std::int8_t* h, const std::int16_t* cell, Activation activation, std::int16_t* out) const
{
    for (std::int64_t c = 0; c < m_cells; ++c) {
        const std::int8_t* w = gate.inputWeights + c * m_inputs;
        std::int32_t acc = gate.inputBias[static_cast<std::size_t>(c)];
        for (std::int64_t k = 0; k < m_inputs; ++k)
            acc += std::int32_t { w[k] } * x[k];
        std::int16_t value = saturateInt16(multiplyByQuantizedMultiplier(acc, gate.inputScale));
        const std::int8_t* r = gate.recurrentWeights + c * m_outputs;
        acc = gate.recurrentBias[static_cast<std::size_t>(c)];
        for (std::int64_t k = 0; k < m_outputs; ++k)
            acc += std::int32_t { r[k] } * h[k];
        value = saturateInt16(multiplyByQuantizedMultiplier(acc, gate.recurrentScale) + value);
        if (gate.peephole) {
            const std::int32_t product = std::int32_t { gate.peephole[c] } * cell[c];
            value
                = saturateInt16(multiplyByQuantizedMultiplier(product, gate.peepholeScale) + value);
        }
        out[c] = activation(value);
    }
}

/// cell = forget x cell + input x cellGate (input = 1 - forget under CIFG), each product brought to
/// the cell scale by a rounding shift, then the sum saturated and clipped.
void IntegerLstmKernel::updateCell(std::int16_t* cell) const
{
    const std::int16_t* inputGate = m_gateValues[kInputGate].data();
    const std::int16_t* forgetGate = m_gateValues[kForgetGate].data();
    const std::int16_t* cellGate = m_gateValues[kCellGate].data();
    for (std::int64_t c = 0; c < m_cells; ++c) {
        const std::int16_t forget = forgetGate[c];
        const auto kept = static_cast<std::int16_t>(roundingDivideByPot(forget * cell[c], 15));
        const std::int16_t input
            = m_cifg ? static_cast<std::int16_t>(32767 - forget) : inputGate[c];
        const auto added = static_cast<std::int16_t>(
            roundingDivideByPot(input * cellGate[c], 30 + m_cellExponent));
        std::int16_t value = saturateInt16(std::int32_t { kept } + added);
        if (m_cellClip > 0)
            value = std::clamp<std::int16_t>(
                value, static_cast<std::int16_t>(-m_cellClip), m_cellClip);
        cell[c] = value;
    }
}

void IntegerLstmKernel::computeOutputState(const std::int16_t* cell, std::int8_t* h) const
{
    const Activation tanh = kTanh[static_cast<std::size_t>(15 + m_cellExponent)];
    const std::int16_t* outputGate = m_gateValues[kOutputGate].data();
    for (std::int64_t c = 0; c < m_cells; ++c) {
        const std::int32_t product = std::int32_t { outputGate[c] } * tanh(cell[c]);
        // TFLite's CwiseMul subtracts the zero point it is given (the hidden one) here.
        const std::int32_t value
            = multiplyByQuantizedMultiplier(product, m_hiddenScale) - m_hiddenZeroPoint;
        h[c] = static_cast<std::int8_t>(std::clamp<std::int32_t>(value, -128, 127));
    }
}

/// One time step of one batch row: x is the input row, h and cell that row's states (updated in
/// place), out the output row.
void IntegerLstmKernel::step(
    const std::int8_t* x, std::int8_t* h, std::int16_t* cell, std::int8_t* out)
{
    const Activation tanh = kTanh[3];
    if (!m_cifg)
        computeGate(m_gates[kInputGate], x, h, cell, &sigmoidQ312, m_gateValues[kInputGate].data());
    computeGate(m_gates[kForgetGate], x, h, cell, &sigmoidQ312, m_gateValues[kForgetGate].data());
    computeGate(m_gates[kCellGate], x, h, cell, tanh, m_gateValues[kCellGate].data());
    updateCell(cell);
    computeGate(m_gates[kOutputGate], x, h, cell, &sigmoidQ312, m_gateValues[kOutputGate].data());
    computeOutputState(cell, h);
    std::copy(h, h + m_outputs, out);
}

void IntegerLstmKernel::eval(const KernelArgs& args)
{
    const auto* input = args.input(kInput).as<const std::int8_t>();
    auto* outputState = args.input(kOutputState).as<std::int8_t>();
    auto* cellState = args.input(kCellState).as<std::int16_t>();
    auto* output = args.output(0).as<std::int8_t>();
    for (std::int64_t b = 0; b < m_batches; ++b) {
        for (std::int64_t t = 0; t < m_steps; ++t) {
            const std::int64_t row = m_timeMajor ? t * m_batches + b : b * m_steps + t;
            step(input + row * m_inputs, outputState + b * m_outputs, cellState + b * m_cells,
                output + row * m_outputs);
        }
    }
}

} // namespace

std::unique_ptr<Kernel> makeIntegerLstmKernel()
{
    return std::make_unique<IntegerLstmKernel>();
}

} // namespace lf::interp
