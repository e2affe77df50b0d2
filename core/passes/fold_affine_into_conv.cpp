// SPDX-License-Identifier: GPL-3.0-or-later
// CONV_2D / DEPTHWISE_CONV_2D / FULLY_CONNECTED (float, constant weights, no fused activation)
// whose only reader is a MUL or DIV by a per-output-channel (or single) constant: the weights of
// each output channel are scaled. Followed by ADD or SUB of such a constant: it goes into the bias
// (one is created if absent). The affine node's fused activation moves to the layer. Repeated, so
// BN's MUL then ADD both fold. New constants are written; shared weights are never changed in
// place.
#include "core/passes/fold_affine_into_conv.h"

#include "core/passes/graph_edit.h"

#include <algorithm>

namespace lf::passes {

namespace {

constexpr const char* kPass = "fold-affine-into-conv";

bool isFoldTarget(const ir::Graph& graph, const ir::Node& node)
{
    if (node.op != ir::OpKind::Conv2D && node.op != ir::OpKind::DepthwiseConv2D
        && node.op != ir::OpKind::FullyConnected)
        return false;
    if (node.inputs.size() < 2 || node.outputs.size() != 1
        || node.attributes.getOr<std::string>("fused_activation_function", "NONE") != "NONE"
        || node.attributes.getOr<std::string>("weights_format", "DEFAULT") != "DEFAULT")
        return false;
    const ir::Tensor& output = tensorOf(graph, node.outputs[0]);
    const bool floatBias = node.inputs.size() < 3 || node.inputs[2] == ir::kNoTensor
        || constantFloats(graph, node.inputs[2]).has_value();
    return output.dtype == ir::DType::Float32 && !output.isQuantized()
        && constantFloats(graph, node.inputs[1]) && floatBias && output.shape.isStatic()
        && output.shape.rank() >= 1;
}

/// Output channel of weight element `index`: OHWI and [O, I] weights lead with it, depthwise ends
/// with it.
std::int64_t channelOf(
    const ir::Node& node, std::size_t index, std::int64_t channels, std::size_t count)
{
    if (node.op == ir::OpKind::DepthwiseConv2D)
        return static_cast<std::int64_t>(index) % channels;
    return static_cast<std::int64_t>(index / (count / static_cast<std::size_t>(channels)));
}

/// The per-channel values of constant `id` for `channels` channels, if it varies at most along the
/// last axis.
std::optional<std::vector<float>> perChannel(
    const ir::Graph& graph, ir::TensorId id, std::int64_t channels, int rank)
{
    const auto values = constantFloats(graph, id);
    if (!values)
        return std::nullopt;
    if (values->size() == 1)
        return std::vector<float>(static_cast<std::size_t>(channels), values->front());
    const std::vector<std::int64_t> extents = tensorOf(graph, id).shape.extents();
    if (extents.empty() || static_cast<int>(extents.size()) > rank || extents.back() != channels
        || static_cast<std::int64_t>(values->size()) != channels)
        return std::nullopt;
    return values;
}

class AffineFolder final
{
public:
    AffineFolder(ir::Graph& graph, PassContext& context)
        : m_graph(graph)
        , m_context(context)
        , m_erased(graph.nodes.size(), false)
    {
    }

    void run()
    {
        for (std::size_t n = 0; n < m_graph.nodes.size(); ++n) {
            while (!m_erased[n] && isFoldTarget(m_graph, m_graph.nodes[n]) && foldNext(n)) { }
        }
        eraseNodes(m_graph, m_erased);
    }

private:
    /// The only reader of `tensor` among live nodes, or -1.
    std::ptrdiff_t soleReader(ir::TensorId tensor) const;
    bool foldNext(std::size_t n);
    ir::TensorId scaledWeights(const ir::Node& node, const std::vector<float>& scale);
    ir::TensorId shiftedBias(
        const ir::Node& node, const std::vector<float>& scale, const std::vector<float>& shift);

    ir::Graph& m_graph;
    PassContext& m_context;
    std::vector<bool> m_erased;
};

std::ptrdiff_t AffineFolder::soleReader(ir::TensorId tensor) const
{
    std::ptrdiff_t reader = -1;
    for (std::size_t n = 0; n < m_graph.nodes.size(); ++n) {
        if (m_erased[n])
            continue;
        const auto reads = std::ranges::count(m_graph.nodes[n].inputs, tensor);
        if (reads == 0)
            continue;
        if (reader >= 0 || reads > 1)
            return -1;
        reader = static_cast<std::ptrdiff_t>(n);
    }
    return reader;
}

bool AffineFolder::foldNext(std::size_t n)
{
    const ir::Node node = m_graph.nodes[n];
    const ir::TensorId output = node.outputs[0];
    const std::ptrdiff_t readerIndex = soleReader(output);
    if (readerIndex < 0 || isGraphOutput(m_graph, output))
        return false;
    const ir::Node affine = m_graph.nodes[static_cast<std::size_t>(readerIndex)];
    const bool scales = affine.op == ir::OpKind::Mul || affine.op == ir::OpKind::Div;
    const bool shifts = affine.op == ir::OpKind::Add || affine.op == ir::OpKind::Sub;
    const bool commutes = affine.op == ir::OpKind::Mul || affine.op == ir::OpKind::Add;
    if ((!scales && !shifts) || affine.inputs.size() != 2 || affine.outputs.size() != 1)
        return false;
    const std::size_t side = affine.inputs[0] == output ? 0 : 1;
    if (side == 1 && !commutes)
        return false;
    const ir::Tensor& result = tensorOf(m_graph, affine.outputs[0]);
    const ir::Tensor& produced = tensorOf(m_graph, output);
    if (result.shape != produced.shape || result.dtype != produced.dtype || result.isQuantized())
        return false;
    const std::int64_t channels = produced.shape.extents().back();
    auto values = perChannel(m_graph, affine.inputs[1 - side], channels, produced.shape.rank());
    if (!values)
        return false;
    if (affine.op == ir::OpKind::Div && std::ranges::find(*values, 0.0f) != values->end())
        return false;
    const bool hasBias = node.inputs.size() > 2 && node.inputs[2] != ir::kNoTensor;
    if (hasBias
        && constantFloats(m_graph, node.inputs[2])->size() != static_cast<std::size_t>(channels))
        return false;
    std::vector<float> scale(static_cast<std::size_t>(channels), 1.0f);
    std::vector<float> shift(static_cast<std::size_t>(channels), 0.0f);
    for (std::size_t c = 0; c < scale.size(); ++c) {
        switch (affine.op) {
        case ir::OpKind::Mul: scale[c] = (*values)[c]; break;
        case ir::OpKind::Div: scale[c] = 1.0f / (*values)[c]; break;
        case ir::OpKind::Add: shift[c] = (*values)[c]; break;
        default: shift[c] = -(*values)[c]; break;
        }
    }
    ir::Node& folded = m_graph.nodes[n];
    if (scales)
        folded.inputs[1] = scaledWeights(node, scale);
    const ir::TensorId bias = shiftedBias(node, scale, shift);
    folded.inputs.resize(3, ir::kNoTensor);
    folded.inputs[2] = bias;
    folded.outputs[0] = affine.outputs[0];
    folded.attributes.set("fused_activation_function",
        affine.attributes.getOr<std::string>("fused_activation_function", "NONE"));
    folded.origin = sourcesOf({ &node, &affine });
    m_erased[static_cast<std::size_t>(readerIndex)] = true;
    logRewrite(m_context.log, RewriteKind::Fused, kPass, { &node, &affine },
        affine.typeName() + " by a per-channel constant folded into "
            + (scales ? "weights and bias" : "bias"));
    return true;
}

ir::TensorId AffineFolder::scaledWeights(const ir::Node& node, const std::vector<float>& scale)
{
    const ir::Tensor& weights = tensorOf(m_graph, node.inputs[1]);
    std::vector<float> values = *constantFloats(m_graph, node.inputs[1]);
    const auto channels = static_cast<std::int64_t>(scale.size());
    for (std::size_t i = 0; i < values.size(); ++i)
        values[i] *= scale[static_cast<std::size_t>(channelOf(node, i, channels, values.size()))];
    return addConstant(m_graph, weights.name + "/folded", ir::DType::Float32,
        weights.shape.extents(), ir::ConstData::fromValues(std::span<const float>(values)));
}

ir::TensorId AffineFolder::shiftedBias(
    const ir::Node& node, const std::vector<float>& scale, const std::vector<float>& shift)
{
    const bool hasBias = node.inputs.size() > 2 && node.inputs[2] != ir::kNoTensor;
    std::vector<float> bias = hasBias ? *constantFloats(m_graph, node.inputs[2])
                                      : std::vector<float>(scale.size(), 0.0f);
    for (std::size_t c = 0; c < bias.size() && c < scale.size(); ++c)
        bias[c] = bias[c] * scale[c] + shift[c];
    const std::string name
        = hasBias ? tensorOf(m_graph, node.inputs[2]).name + "/folded" : node.name + "/bias";
    return addConstant(m_graph, name, ir::DType::Float32,
        { static_cast<std::int64_t>(bias.size()) },
        ir::ConstData::fromValues(std::span<const float>(bias)));
}

} // namespace

Result<void> foldAffineIntoConv(ir::Model& model, PassContext& context)
{
    AffineFolder(model.main(), context).run();
    return {};
}

} // namespace lf::passes
