// SPDX-License-Identifier: GPL-3.0-or-later
// UNIDIRECTIONAL_SEQUENCE_LSTM in integers, step for step as TFLite's 8x8->16 evaluation. Each gate
// sums its int8 input product and its int8 recurrent product in int32 (the zero points folded into
// per-row biases at prepare time), rescales each into the gate's int16 scale with its own
// multiplier, adding them with int16 saturation, then adds the int16 peephole term, normalizes the
// row in integers under layer normalization (TFLite's ApplyLayerNorm, ending in Q3.12), and applies
// gemmlowp's fixed-point sigmoid (tanh for the cell gate). The int16 cell state, whose scale is a
// power of two, is updated by rounding shifts; the hidden state is the output gate times
// tanh(cell), rescaled to int8, and becomes the output state directly or through the int8
// projection.
//
// The gate scales under layer normalization and the hidden state's scale and zero point come from
// the node's five intermediate tensors, as TFLite reads them; a node without them (not read from a
// TFLite file) uses Q3.12 gates and the output state's quantization for the hidden state.
#include "core/interpreter/kernels/lstm_integer.h"

#include "core/interpreter/kernels/lstm.h"
#include "core/interpreter/kernels/reference/fixed_point_math.h"
#include "core/interpreter/kernels/reference/unary.h"
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
/// The intermediate tensor that holds the hidden state's quantization.
constexpr std::size_t kHiddenIntermediate = 4;

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
    const std::int16_t* layerNorm = nullptr; ///< coefficients; the gate bias then goes here
    const std::int32_t* layerNormBias = nullptr;
    QuantizedMultiplier layerNormScale;
    std::int32_t varianceGuard = 1; ///< replaces a variance below 1
};

class IntegerLstmKernel final : public Kernel
{
public:
    Result<void> prepare(KernelArgs& args) override;
    void eval(const KernelArgs& args) override;

private:
    Result<void> readShapes(const KernelArgs& args);
    Result<void> checkVariant(const KernelArgs& args);
    Result<void> checkParameters(const KernelArgs& args) const;
    Result<void> checkProjection(const KernelArgs& args) const;
    Result<void> readCellScale(const KernelArgs& args);
    Result<void> readIntermediates(const KernelArgs& args);
    void prepareGate(const KernelArgs& args, std::size_t gate);
    void prepareHidden();
    void prepareProjection(const KernelArgs& args);
    void computeGate(const IntegerGate& gate, const std::int8_t* x, const std::int8_t* h,
        const std::int16_t* cell, Activation activation, std::int16_t* out) const;
    void normalize(const IntegerGate& gate, std::int16_t* values) const;
    void updateCell(std::int16_t* cell) const;
    void computeOutputState(const std::int16_t* cell, std::int8_t* h);
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
    bool m_layerNorm = false;
    std::array<float, kGates> m_gateScales {}; ///< before activation
    float m_hiddenScaleValue = 1.0f;
    QuantizedMultiplier m_hiddenScale;
    std::int32_t m_hiddenZeroPoint = 0;
    std::array<IntegerGate, kGates> m_gates {};
    std::array<std::vector<std::int16_t>, kGates> m_gateValues;
    const std::int8_t* m_projectionWeights = nullptr; ///< [outputs, cells]; null without projection
    std::vector<std::int32_t> m_projectionBias; ///< bias - hidden zero point x weight row sums
    QuantizedMultiplier m_projectionScale;
    std::int32_t m_outputZeroPoint = 0;
    std::int8_t m_projectionClip = 0; ///< 0: no clipping
    std::vector<std::int8_t> m_hidden; ///< before the projection
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
    if (auto projection = checkProjection(args); !projection)
        return projection;
    if (auto cell = readCellScale(args); !cell)
        return cell;
    if (auto intermediates = readIntermediates(args); !intermediates)
        return intermediates;
    for (std::size_t gate = 0; gate < kGates; ++gate) {
        if (gate != kInputGate || !m_cifg)
            prepareGate(args, gate);
    }
    prepareHidden();
    prepareProjection(args);
    args.output(0).shape = m_timeMajor
        ? std::vector<std::int64_t> { m_steps, m_batches, m_outputs }
        : std::vector<std::int64_t> { m_batches, m_steps, m_outputs };
    for (std::vector<std::int16_t>& values : m_gateValues)
        values.assign(static_cast<std::size_t>(m_cells), 0);
    return {};
}

Result<void> IntegerLstmKernel::readShapes(const KernelArgs& args)
{
    const Result<LstmShape> shape = readLstmShape(args);
    if (!shape)
        return std::unexpected(shape.error());
    m_timeMajor = shape->timeMajor;
    m_steps = shape->steps;
    m_batches = shape->batches;
    m_inputs = shape->inputs;
    m_cells = shape->cells;
    m_outputs = shape->outputs;
    m_cifg = shape->cifg;
    return {};
}

Result<void> IntegerLstmKernel::checkVariant(const KernelArgs& args)
{
    m_layerNorm = args.hasInput(kLayerNorm + kForgetGate);
    if (!args.hasInput(kProjectionWeights)
        && (m_outputs != m_cells || args.hasInput(kProjectionBias)))
        return kernelError(args,
            "without projection weights, outputs must equal cells and there is no projection bias");
    // TFLite's peephole product runs over `outputs` elements of each cell state row.
    if (args.hasInput(kCellToOutput) && m_outputs != m_cells)
        return kernelError(args,
            "peepholes with a projection to other than the cell count are not supported (TFLite "
            "indexes the cell state by the output count there)");
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
        if (args.inputs.size() == kInputCount) {
            const std::string what = name + " layer norm coefficients";
            if (auto c = checkTensor(
                    args, kLayerNorm + gate, what, DType::Int16, { m_cells }, m_layerNorm);
                !c)
                return c;
            if (m_layerNorm) {
                if (auto c = checkSymmetric(args, kLayerNorm + gate, what); !c)
                    return c;
            }
        }
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

Result<void> IntegerLstmKernel::checkProjection(const KernelArgs& args) const
{
    if (!args.hasInput(kProjectionWeights))
        return {};
    if (auto c = checkTensor(args, kProjectionWeights, "projection weights", ir::DType::Int8,
            { m_outputs, m_cells }, true);
        !c)
        return c;
    if (auto c = checkSymmetric(args, kProjectionWeights, "projection weights"); !c)
        return c;
    if (auto c = checkTensor(
            args, kProjectionBias, "projection bias", ir::DType::Int32, { m_outputs }, false);
        !c)
        return c;
    if (args.hasInput(kProjectionBias) && !args.input(kProjectionBias).isConstant)
        return kernelError(args, "projection bias must be constant");
    if (args.node.attributes.getOr<double>("proj_clip", 0.0) < 0.0)
        return kernelError(args, "proj_clip must not be negative");
    return {};
}

/// The quantization of the node's intermediate tensor `index`; null when the node names none or it
/// is not quantized.
const ir::QuantParams* intermediate(const KernelArgs& args, std::size_t index)
{
    const auto ids = args.node.attributes.getOr<std::vector<std::int64_t>>(
        std::string(tflite::kIntermediatesAttribute), {});
    if (!args.graph || index >= ids.size() || ids[index] < 0
        || static_cast<std::size_t>(ids[index]) >= args.graph->tensors.size())
        return nullptr;
    const ir::QuantParams& quant = args.graph->tensors[static_cast<std::size_t>(ids[index])].quant;
    return quant.scales.empty() ? nullptr : &quant;
}

Result<void> IntegerLstmKernel::readIntermediates(const KernelArgs& args)
{
    const ir::QuantParams* hidden = intermediate(args, kHiddenIntermediate);
    if (!hidden && args.hasInput(kProjectionWeights))
        return kernelError(args,
            "the integer LSTM with projection needs the hidden state's scale from the node's fifth "
            "intermediate tensor");
    const TensorView& state = args.input(kOutputState);
    m_hiddenScaleValue = hidden ? hidden->scales.front() : state.scale();
    m_hiddenZeroPoint = state.zeroPoint();
    if (hidden)
        m_hiddenZeroPoint = hidden->zeroPoints.empty()
            ? 0
            : static_cast<std::int32_t>(hidden->zeroPoints.front());
    for (std::size_t gate = 0; gate < kGates; ++gate) {
        m_gateScales[gate] = std::ldexp(1.0f, kGateExponent);
        if (!m_layerNorm || (gate == kInputGate && m_cifg))
            continue;
        const ir::QuantParams* quant = intermediate(args, gate);
        if (!quant)
            return kernelError(args,
                "the integer LSTM with layer normalization needs the " + gateName(gate)
                    + " gate's scale from the node's intermediate tensor " + std::to_string(gate));
        m_gateScales[gate] = quant->scales.front();
    }
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
    const float gateScale = m_gateScales[gate];
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
    const auto* bias = args.input(kGateBias + gate).as<const std::int32_t>();
    g.inputBias = foldZeroPoint(g.inputWeights, m_cells, m_inputs, -args.input(kInput).zeroPoint(),
        m_layerNorm ? nullptr : bias);
    if (m_layerNorm) {
        // The bias is added after the normalization instead.
        const TensorView& coefficients = args.input(kLayerNorm + gate);
        g.layerNorm = coefficients.as<const std::int16_t>();
        g.layerNormBias = bias;
        g.layerNormScale = quantizeMultiplier(coefficients.scale());
        g.varianceGuard = std::max(1, static_cast<std::int32_t>(10000 * coefficients.scale()));
    }
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

void IntegerLstmKernel::prepareHidden()
{
    // Output gate (Q0.15) times tanh(cell) (Q0.15), rescaled to the hidden state.
    const auto effective
        = static_cast<float>(std::ldexp(1.0, -15) / m_hiddenScaleValue * std::ldexp(1.0, -15));
    m_hiddenScale = quantizeMultiplier(effective);
    m_hidden.assign(static_cast<std::size_t>(m_cells), 0);
}

void IntegerLstmKernel::prepareProjection(const KernelArgs& args)
{
    m_projectionWeights = nullptr;
    if (!args.hasInput(kProjectionWeights))
        return;
    const TensorView& weights = args.input(kProjectionWeights);
    const TensorView& state = args.input(kOutputState);
    m_projectionWeights = weights.as<const std::int8_t>();
    const float effective = weights.scale() * m_hiddenScaleValue / state.scale();
    m_projectionScale = quantizeMultiplier(effective);
    m_projectionBias = foldZeroPoint(m_projectionWeights, m_outputs, m_cells, m_hiddenZeroPoint,
        args.hasInput(kProjectionBias) ? args.input(kProjectionBias).as<const std::int32_t>()
                                       : nullptr);
    m_outputZeroPoint = state.zeroPoint();
    const auto clip = static_cast<float>(args.node.attributes.getOr<double>("proj_clip", 0.0));
    m_projectionClip = clip > 0.0f
        ? static_cast<std::int8_t>(std::min(std::max(clip / state.scale(), -128.0f), 127.0f))
        : std::int8_t { 0 };
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
        out[c] = value;
    }
    if (gate.layerNorm)
        normalize(gate, out);
    for (std::int64_t c = 0; c < m_cells; ++c)
        out[c] = activation(out[c]);
}

/// TFLite's ApplyLayerNorm: the row normalized with an integer mean and inverse square root (in
/// Q.10), times the coefficients plus the bias, rescaled to Q3.12.
void IntegerLstmKernel::normalize(const IntegerGate& gate, std::int16_t* values) const
{
    constexpr std::int64_t kTwoToThe20 = std::int64_t { 1 } << 20;
    std::int64_t sum = 0;
    std::int64_t sumOfSquares = 0;
    for (std::int64_t c = 0; c < m_cells; ++c) {
        sum += values[c];
        sumOfSquares += std::int32_t { values[c] } * values[c];
    }
    const auto mean = static_cast<std::int32_t>(sum * 1024 / m_cells);
    const std::int64_t variance = sumOfSquares * static_cast<std::int32_t>(kTwoToThe20 / m_cells)
        - std::int64_t { mean } * mean;
    auto scaledVariance = static_cast<std::int32_t>(variance / kTwoToThe20);
    if (scaledVariance < 1)
        scaledVariance = gate.varianceGuard;
    const QuantizedMultiplier inverse = reference::inverseSqrtMultiplier(scaledVariance);
    const QuantizedMultiplier toGate { gate.layerNormScale.multiplier,
        gate.layerNormScale.shift + 12 };
    for (std::int64_t c = 0; c < m_cells; ++c) {
        const std::int32_t rescaled
            = multiplyByQuantizedMultiplier(1024 * values[c] - mean, inverse);
        // TFLite multiplies and adds in 32 bits (wrapping) before widening.
        const auto weighted = static_cast<std::int32_t>(static_cast<std::uint32_t>(rescaled)
                * static_cast<std::uint32_t>(std::int32_t { gate.layerNorm[c] })
            + static_cast<std::uint32_t>(gate.layerNormBias[c]));
        const std::int64_t wide = weighted;
        const auto rounded = static_cast<std::int32_t>((wide > 0 ? wide + 512 : wide - 512) / 1024);
        values[c] = saturateInt16(multiplyByQuantizedMultiplier(rounded, toGate));
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

void IntegerLstmKernel::computeOutputState(const std::int16_t* cell, std::int8_t* h)
{
    const Activation tanh = kTanh[static_cast<std::size_t>(15 + m_cellExponent)];
    const std::int16_t* outputGate = m_gateValues[kOutputGate].data();
    std::int8_t* hidden = m_projectionWeights ? m_hidden.data() : h;
    for (std::int64_t c = 0; c < m_cells; ++c) {
        const std::int32_t product = std::int32_t { outputGate[c] } * tanh(cell[c]);
        // TFLite's CwiseMul subtracts the zero point it is given (the hidden one); the
        // projection's bias adds it back (zero point x weight row sums).
        const std::int32_t value
            = multiplyByQuantizedMultiplier(product, m_hiddenScale) - m_hiddenZeroPoint;
        hidden[c] = static_cast<std::int8_t>(std::clamp<std::int32_t>(value, -128, 127));
    }
    if (!m_projectionWeights)
        return;
    for (std::int64_t o = 0; o < m_outputs; ++o) {
        const std::int8_t* w = m_projectionWeights + o * m_cells;
        std::int32_t acc = m_projectionBias[static_cast<std::size_t>(o)];
        for (std::int64_t c = 0; c < m_cells; ++c)
            acc += std::int32_t { w[c] } * hidden[c];
        std::int32_t value
            = multiplyByQuantizedMultiplier(acc, m_projectionScale) + m_outputZeroPoint;
        value = std::clamp<std::int32_t>(value, -128, 127);
        if (m_projectionClip > 0)
            value = std::clamp<std::int32_t>(value, -m_projectionClip, m_projectionClip);
        h[o] = static_cast<std::int8_t>(value);
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
