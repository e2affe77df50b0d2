// SPDX-License-Identifier: GPL-3.0-or-later
// RNN, GRU and LSTM unrolled over their static sequence length into TFLite builtins. Per direction,
// the input projection of every time step is one FULLY_CONNECTED over [seq * batch, input] (with
// the biases that sit outside the recurrence folded in), UNPACKed into steps; each step adds the
// recurrent FULLY_CONNECTED of the previous hidden state, SPLITs the gates and applies LOGISTIC /
// TANH / MUL / ADD as ONNX defines the cell (LSTM peepholes, GRU's linear_before_reset both ways).
// The hidden states are PACKed into Y [seq, num_directions, batch, hidden]; Y_h and Y_c are the
// last states of each direction; layout = 1 (batch-major) is handled with transposes at both ends.
// Only the default activations are supported (plus Relu for RNN, which PyTorch's nn.RNN exports), and
// sequence_lens must be absent or a constant equal to the sequence length everywhere.
#include "core/importers/onnx/ops/node_builder.h"
#include "core/importers/onnx/ops/ops.h"

#include <algorithm>

namespace lf::onnx_import::ops {

namespace {

using ir::OpKind;
using ir::TensorId;

enum class CellKind { Rnn, Gru, Lstm };

int gateCount(CellKind kind)
{
    return kind == CellKind::Rnn ? 1 : kind == CellKind::Gru ? 3 : 4;
}

/// True if `activations` repeats, once per direction, the default functions of the op (RNN: Tanh, or
/// Relu; GRU: Sigmoid, Tanh; LSTM: Sigmoid, Tanh, Tanh).
bool supportedActivations(const SourceNode& node, const std::vector<std::string>& activations)
{
    std::vector<std::vector<std::string>> choices;
    if (node.opType == "RNN")
        choices = { { "Tanh" }, { "Relu" } };
    else if (node.opType == "GRU")
        choices = { { "Sigmoid", "Tanh" } };
    else
        choices = { { "Sigmoid", "Tanh", "Tanh" } };
    return std::any_of(choices.begin(), choices.end(), [&](const std::vector<std::string>& perDirection) {
        if (activations.empty() || activations.size() % perDirection.size() != 0)
            return false;
        for (std::size_t i = 0; i < activations.size(); ++i) {
            if (activations[i] != perDirection[i % perDirection.size()])
                return false;
        }
        return true;
    });
}

std::string checkRecurrent(const SourceNode& node)
{
    if (auto activations = node.stringListAttributes.find("activations");
        activations != node.stringListAttributes.end() && !supportedActivations(node, activations->second))
        return "custom activations are not supported (only the defaults, and Relu for RNN)";
    if (node.attributes.has("clip"))
        return "clip is not supported";
    if (node.attributes.getOr<std::int64_t>("input_forget", 0) != 0)
        return "input_forget (coupled input and forget gates) is not supported";
    const std::string direction = node.attributes.getOr<std::string>("direction", "forward");
    if (direction != "forward" && direction != "reverse" && direction != "bidirectional")
        return "direction '" + direction + "' is not an ONNX value";
    if (node.attributes.getOr<std::int64_t>("hidden_size", 0) < 1)
        return "hidden_size is required";
    if (node.inputs.size() < 3)
        return "needs X, W and R";
    return {};
}

/// The static facts of one recurrent node.
struct Recurrence
{
    CellKind kind = CellKind::Lstm;
    std::int64_t hidden = 0;
    std::int64_t seq = 0;
    std::int64_t batch = 0;
    std::int64_t inputSize = 0;
    int directions = 1;
    bool reverseOnly = false;
    bool batchMajor = false;
    bool rnnRelu = false; ///< RNN with activations = [Relu]
    bool linearBeforeReset = false;
    std::int64_t gates() const { return gateCount(kind) * hidden; }
};

/// Row `d` of a [num_directions, ...] tensor with the leading axis dropped, reshaped to `shape`.
TensorId directionSlice(NodeBuilder& b, TensorId value, int d,
    const std::vector<std::int64_t>& shape, std::string_view tag)
{
    std::vector<std::int64_t> size = b.shape(value);
    std::vector<std::int64_t> begin(size.size(), 0);
    begin[0] = d;
    size[0] = 1;
    return b.reshape(b.slice(value, begin, size, std::string(tag) + "/slice"), shape, tag);
}

/// Elements [first, first + count) of a 1-D tensor.
TensorId range(
    NodeBuilder& b, TensorId value, std::int64_t first, std::int64_t count, std::string_view tag)
{
    return b.slice(value, { first }, { count }, tag);
}

TensorId fullyConnected(
    NodeBuilder& b, TensorId input, TensorId weights, TensorId bias, std::string_view tag)
{
    ir::Attributes attributes;
    attributes.set("fused_activation_function", std::string("NONE"));
    attributes.set("keep_num_dims", false);
    return b.emit(OpKind::FullyConnected, { input, weights, bias }, std::move(attributes), tag,
        b.dtype(input));
}

/// The weights and state of one direction.
struct DirectionParams
{
    TensorId w = ir::kNoTensor; ///< [gates, input]
    TensorId r = ir::kNoTensor; ///< [gates, hidden]
    TensorId inputBias = ir::kNoTensor; ///< [gates]: the biases outside the recurrence
    TensorId recurrentBias = ir::kNoTensor; ///< GRU with linear_before_reset: [0, 0, Rbh]
    TensorId h = ir::kNoTensor; ///< [batch, hidden]
    TensorId c = ir::kNoTensor; ///< LSTM: [batch, hidden]
    std::vector<TensorId> peepholes; ///< LSTM: i, o, f as [hidden]
};

DirectionParams directionParams(NodeBuilder& b, const Recurrence& rec, int d)
{
    LoweringContext& context = b.context();
    const std::string tag = "d" + std::to_string(d);
    DirectionParams p;
    p.w = directionSlice(b, context.input(1), d, { rec.gates(), rec.inputSize }, tag + "/w");
    p.r = directionSlice(b, context.input(2), d, { rec.gates(), rec.hidden }, tag + "/r");
    if (context.hasInput(3)) {
        const TensorId biases
            = directionSlice(b, context.input(3), d, { 2 * rec.gates() }, tag + "/b");
        const TensorId wb = range(b, biases, 0, rec.gates(), tag + "/wb");
        const TensorId rb = range(b, biases, rec.gates(), rec.gates(), tag + "/rb");
        if (rec.kind == CellKind::Gru && rec.linearBeforeReset) {
            // Rbz and Rbr join the input projection; Rbh stays in the recurrent projection, inside
            // r * (...).
            const auto zeros = [&](std::int64_t count) {
                return b.constantFloat(std::vector<float>(static_cast<std::size_t>(count), 0.0f),
                    { count }, tag + "/zeros");
            };
            p.recurrentBias = b.concat(
                { zeros(2 * rec.hidden), range(b, rb, 2 * rec.hidden, rec.hidden, tag + "/rbh") },
                0, tag + "/rb_inside");
            p.inputBias = b.binary(OpKind::Add, wb,
                b.concat({ range(b, rb, 0, 2 * rec.hidden, tag + "/rbzr"), zeros(rec.hidden) }, 0,
                    tag + "/rb_outside"),
                tag + "/bias");
        } else {
            p.inputBias = b.binary(OpKind::Add, wb, rb, tag + "/bias");
        }
    }
    const std::vector<std::int64_t> state { rec.batch, rec.hidden };
    const auto initial = [&](std::size_t input, std::string_view name) {
        if (context.hasInput(input))
            return directionSlice(b, context.input(input), d, state, tag + "/" + std::string(name));
        return b.constantFloat(
            std::vector<float>(static_cast<std::size_t>(rec.batch * rec.hidden), 0.0f), state,
            tag + "/" + std::string(name));
    };
    p.h = initial(5, "h0");
    if (rec.kind == CellKind::Lstm) {
        p.c = initial(6, "c0");
        if (context.hasInput(7)) {
            const TensorId peepholes
                = directionSlice(b, context.input(7), d, { 3 * rec.hidden }, tag + "/p");
            for (int k = 0; k < 3; ++k)
                p.peepholes.push_back(range(
                    b, peepholes, k * rec.hidden, rec.hidden, tag + "/p" + std::to_string(k)));
        }
    }
    return p;
}

TensorId sigmoidOf(NodeBuilder& b, TensorId x, const std::string& tag)
{
    return b.unary(OpKind::Logistic, x, tag);
}
TensorId tanhOf(NodeBuilder& b, TensorId x, const std::string& tag)
{
    return b.unary(OpKind::Tanh, x, tag);
}

/// One LSTM step; updates p.h and p.c.
void lstmStep(NodeBuilder& b, DirectionParams& p, TensorId projected, const std::string& tag)
{
    const TensorId gates = b.binary(OpKind::Add, projected,
        fullyConnected(b, p.h, p.r, ir::kNoTensor, tag + "/rh"), tag + "/gates");
    const std::vector<TensorId> g = b.split(gates, 1, 4, tag + "/split"); // i, o, f, c
    const auto peep = [&](TensorId gate, std::size_t k, TensorId cell, const std::string& name) {
        if (p.peepholes.empty())
            return gate;
        return b.binary(OpKind::Add, gate,
            b.binary(OpKind::Mul, p.peepholes[k], cell, tag + "/" + name + "_peep"),
            tag + "/" + name + "_in");
    };
    const TensorId i = sigmoidOf(b, peep(g[0], 0, p.c, "i"), tag + "/i");
    const TensorId f = sigmoidOf(b, peep(g[2], 2, p.c, "f"), tag + "/f");
    const TensorId candidate = tanhOf(b, g[3], tag + "/c_candidate");
    p.c = b.binary(OpKind::Add, b.binary(OpKind::Mul, f, p.c, tag + "/keep"),
        b.binary(OpKind::Mul, i, candidate, tag + "/write"), tag + "/c");
    const TensorId o = sigmoidOf(b, peep(g[1], 1, p.c, "o"), tag + "/o");
    p.h = b.binary(OpKind::Mul, o, tanhOf(b, p.c, tag + "/c_tanh"), tag + "/h");
}

/// One GRU step; updates p.h.
void gruStep(NodeBuilder& b, const Recurrence& rec, DirectionParams& p, TensorId projected,
    const std::string& tag)
{
    const std::vector<TensorId> x = b.split(projected, 1, 3, tag + "/x_split"); // z, r, h
    TensorId candidateInput = ir::kNoTensor;
    TensorId z = ir::kNoTensor;
    if (rec.linearBeforeReset) {
        const std::vector<TensorId> rh = b.split(
            fullyConnected(b, p.h, p.r, p.recurrentBias, tag + "/rh"), 1, 3, tag + "/rh_split");
        z = sigmoidOf(b, b.binary(OpKind::Add, x[0], rh[0], tag + "/z_in"), tag + "/z");
        const TensorId r
            = sigmoidOf(b, b.binary(OpKind::Add, x[1], rh[1], tag + "/r_in"), tag + "/r");
        candidateInput = b.binary(
            OpKind::Add, x[2], b.binary(OpKind::Mul, r, rh[2], tag + "/reset"), tag + "/h_in");
    } else {
        const TensorId rzr = b.slice(p.r, { 0, 0 }, { 2 * rec.hidden, rec.hidden }, tag + "/r_zr");
        const TensorId rh
            = b.slice(p.r, { 2 * rec.hidden, 0 }, { rec.hidden, rec.hidden }, tag + "/r_h");
        const std::vector<TensorId> zr = b.split(
            fullyConnected(b, p.h, rzr, ir::kNoTensor, tag + "/rzr"), 1, 2, tag + "/rzr_split");
        z = sigmoidOf(b, b.binary(OpKind::Add, x[0], zr[0], tag + "/z_in"), tag + "/z");
        const TensorId r
            = sigmoidOf(b, b.binary(OpKind::Add, x[1], zr[1], tag + "/r_in"), tag + "/r");
        const TensorId reset = b.binary(OpKind::Mul, r, p.h, tag + "/reset");
        candidateInput = b.binary(OpKind::Add, x[2],
            fullyConnected(b, reset, rh, ir::kNoTensor, tag + "/rh"), tag + "/h_in");
    }
    const TensorId candidate = tanhOf(b, candidateInput, tag + "/h_candidate");
    // (1 - z) * candidate + z * h = candidate + z * (h - candidate)
    p.h = b.binary(OpKind::Add, candidate,
        b.binary(
            OpKind::Mul, z, b.binary(OpKind::Sub, p.h, candidate, tag + "/delta"), tag + "/keep"),
        tag + "/h");
}

void rnnStep(NodeBuilder& b, DirectionParams& p, TensorId projected, bool relu, const std::string& tag)
{
    const TensorId in = b.binary(OpKind::Add, projected,
        fullyConnected(b, p.h, p.r, ir::kNoTensor, tag + "/rh"), tag + "/in");
    p.h = relu ? b.unary(OpKind::Relu, in, tag + "/h") : tanhOf(b, in, tag + "/h");
}

TensorId pack(NodeBuilder& b, std::vector<TensorId> values, int axis, std::string_view tag)
{
    ir::Attributes attributes;
    attributes.set("axis", std::int64_t { axis });
    attributes.set("values_count", static_cast<std::int64_t>(values.size()));
    return b.emit(OpKind::Pack, std::move(values), std::move(attributes), tag);
}

/// The outputs of one direction: hidden states in time order and the final states.
struct DirectionResult
{
    std::vector<TensorId> states;
    TensorId lastH = ir::kNoTensor;
    TensorId lastC = ir::kNoTensor;
};

DirectionResult runDirection(
    NodeBuilder& b, const Recurrence& rec, TensorId sequence, int d, bool reverse)
{
    DirectionParams p = directionParams(b, rec, d);
    const std::string tag = "d" + std::to_string(d);
    const TensorId flat
        = b.reshape(sequence, { rec.seq * rec.batch, rec.inputSize }, tag + "/x_flat");
    const TensorId projected = b.reshape(fullyConnected(b, flat, p.w, p.inputBias, tag + "/x_proj"),
        { rec.seq, rec.batch, rec.gates() }, tag + "/x_steps");
    std::vector<TensorId> steps;
    if (rec.seq == 1) {
        steps.push_back(b.reshape(projected, { rec.batch, rec.gates() }, tag + "/x_step"));
    } else {
        ir::Attributes unpack;
        unpack.set("axis", std::int64_t { 0 });
        unpack.set("num", rec.seq);
        steps = b.emitMany(OpKind::Unpack, { projected }, static_cast<std::size_t>(rec.seq),
            std::move(unpack), tag + "/unpack", ir::DType::Float32);
    }
    DirectionResult result;
    result.states.assign(static_cast<std::size_t>(rec.seq), ir::kNoTensor);
    for (std::int64_t k = 0; k < rec.seq && b.ok(); ++k) {
        const std::int64_t t = reverse ? rec.seq - 1 - k : k;
        const std::string stepTag = tag + "/t" + std::to_string(t);
        const TensorId x = steps[static_cast<std::size_t>(t)];
        if (rec.kind == CellKind::Lstm)
            lstmStep(b, p, x, stepTag);
        else if (rec.kind == CellKind::Gru)
            gruStep(b, rec, p, x, stepTag);
        else
            rnnStep(b, p, x, rec.rnnRelu, stepTag);
        result.states[static_cast<std::size_t>(t)] = p.h;
    }
    result.lastH = p.h;
    result.lastC = p.c;
    return result;
}

Result<void> lowerRecurrent(LoweringContext& context, CellKind kind)
{
    NodeBuilder b(context);
    Recurrence rec;
    rec.kind = kind;
    rec.hidden = context.attributes().getOr<std::int64_t>("hidden_size", 0);
    rec.batchMajor = context.attributes().getOr<std::int64_t>("layout", 0) != 0;
    rec.linearBeforeReset = context.attributes().getOr<std::int64_t>("linear_before_reset", 0) != 0;
    if (auto activations = context.node().stringListAttributes.find("activations");
        activations != context.node().stringListAttributes.end())
        rec.rnnRelu = kind == CellKind::Rnn && activations->second.front() == "Relu";
    const std::string direction = context.attributes().getOr<std::string>("direction", "forward");
    rec.directions = direction == "bidirectional" ? 2 : 1;
    rec.reverseOnly = direction == "reverse";
    const std::vector<std::int64_t> xShape = context.inputShape(0);
    if (xShape.size() != 3)
        return context.unsupported("X must have rank 3");
    rec.seq = rec.batchMajor ? xShape[1] : xShape[0];
    rec.batch = rec.batchMajor ? xShape[0] : xShape[1];
    rec.inputSize = xShape[2];
    if (context.inputTensor(0).dtype != ir::DType::Float32)
        return context.unsupported("only float32 sequences are supported");
    if (context.inputShape(1)
        != std::vector<std::int64_t> { rec.directions, rec.gates(), rec.inputSize })
        return context.unsupported("W does not match hidden_size, direction and the input size");
    if (context.hasInput(4)) {
        auto lengths = context.constantInts(4, "sequence_lens");
        if (!lengths)
            return std::unexpected(std::move(lengths.error()));
        for (std::int64_t length : *lengths) {
            if (length != rec.seq)
                return context.unsupported("sequence_lens must equal the sequence length "
                    + std::to_string(rec.seq) + " (variable lengths are not supported)");
        }
    }

    const TensorId sequence = rec.batchMajor
        ? b.transpose(context.input(0), { 1, 0, 2 }, "x_time_major")
        : context.input(0);
    std::vector<DirectionResult> results;
    for (int d = 0; d < rec.directions; ++d)
        results.push_back(runDirection(b, rec, sequence, d, rec.reverseOnly || d == 1));
    if (!b.ok())
        return b.finish();

    if (context.hasOutput(0)) {
        // [seq, num_directions, batch, hidden], or [batch, seq, num_directions, hidden] for
        // layout 1.
        std::vector<TensorId> perStep;
        for (std::int64_t t = 0; t < rec.seq; ++t) {
            std::vector<TensorId> directions;
            for (const DirectionResult& result : results)
                directions.push_back(result.states[static_cast<std::size_t>(t)]);
            perStep.push_back(
                pack(b, std::move(directions), rec.batchMajor ? 1 : 0, "y/t" + std::to_string(t)));
        }
        context.setOutput(0, pack(b, std::move(perStep), rec.batchMajor ? 1 : 0, "y"));
    }
    // Y_h and Y_c: [num_directions, batch, hidden], or [batch, num_directions, hidden] for
    // layout 1.
    std::vector<TensorId> lastH;
    std::vector<TensorId> lastC;
    for (const DirectionResult& result : results) {
        lastH.push_back(result.lastH);
        lastC.push_back(result.lastC);
    }
    if (context.hasOutput(1))
        context.setOutput(1, pack(b, std::move(lastH), rec.batchMajor ? 1 : 0, "y_h"));
    if (kind == CellKind::Lstm && context.hasOutput(2))
        context.setOutput(2, pack(b, std::move(lastC), rec.batchMajor ? 1 : 0, "y_c"));
    return b.finish();
}

Result<void> lowerRnn(LoweringContext& context)
{
    return lowerRecurrent(context, CellKind::Rnn);
}

Result<void> lowerGru(LoweringContext& context)
{
    return lowerRecurrent(context, CellKind::Gru);
}

Result<void> lowerLstm(LoweringContext& context)
{
    return lowerRecurrent(context, CellKind::Lstm);
}

const OpLowering kLowerings[] = {
    { "GRU", &lowerGru, &checkRecurrent },
    { "LSTM", &lowerLstm, &checkRecurrent },
    { "RNN", &lowerRnn, &checkRecurrent },
};

} // namespace

std::span<const OpLowering> recurrentLowerings()
{
    return kLowerings;
}

} // namespace lf::onnx_import::ops
