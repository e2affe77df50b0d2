// SPDX-License-Identifier: GPL-3.0-or-later
// PAD folding. SAME starts its windows at -floor(total / 2) and yields ceil(in / stride) outputs;
// a VALID convolution of the padded tensor is the same computation when its leading pad equals that
// offset and it yields as many outputs (any unread trailing zeros do not matter). Only PAD (and
// PADV2 with a zero value) whose batch and channel pads are zero, in NHWC, with the convolution as
// its only reader. MAX_POOL is not a candidate: its SAME padding is -inf, not zero.
#include "core/passes/fold_pad.h"

#include "core/interpreter/kernels/reference/conv.h"
#include "core/passes/graph_edit.h"

namespace lf::passes {

namespace {

constexpr const char* kPass = "fold-pad";

/// True if the constant value input of a PADV2 pads with zeros (a PAD always does).
bool padsWithZero(const ir::Graph& graph, const ir::Node& pad)
{
    if (pad.op == ir::OpKind::Pad)
        return pad.inputs.size() == 2;
    if (pad.op != ir::OpKind::PadV2 || pad.inputs.size() != 3
        || tensorOf(graph, pad.inputs[0]).isQuantized())
        return false;
    const auto value = constantFloats(graph, pad.inputs[2]);
    return value && value->size() == 1 && value->front() == 0.0f;
}

/// True if padding a dim of `in` by (before, after) and convolving VALID equals convolving SAME.
bool matchesSame(std::int64_t in, std::int64_t before, std::int64_t after, std::int64_t filter,
    std::int64_t stride, std::int64_t dilation)
{
    namespace ref = interp::reference;
    const std::int64_t sameOut = ref::convOutputSize(true, in, filter, stride, dilation);
    const std::int64_t validOut
        = ref::convOutputSize(false, in + before + after, filter, stride, dilation);
    return validOut == sameOut
        && before == ref::convLeadingPadding(stride, dilation, in, filter, sameOut);
}

bool canFold(const ir::Graph& graph, const ir::Node& pad, const ir::Node& conv)
{
    if ((conv.op != ir::OpKind::Conv2D && conv.op != ir::OpKind::DepthwiseConv2D)
        || conv.inputs.size() < 2
        || conv.attributes.getOr<std::string>("padding", "SAME") != "VALID"
        || !padsWithZero(graph, pad))
        return false;
    const ir::Tensor& input = tensorOf(graph, pad.inputs[0]);
    const ir::Tensor& filter = tensorOf(graph, conv.inputs[1]);
    const auto paddings = constantIntegers(graph, pad.inputs[1]);
    if (!paddings || paddings->size() != 8 || input.shape.rank() != 4 || !input.shape.isStatic()
        || filter.shape.rank() != 4 || !filter.shape.isStatic())
        return false;
    const std::vector<std::int64_t>& p = *paddings;
    if (p[0] != 0 || p[1] != 0 || p[6] != 0 || p[7] != 0)
        return false;
    const std::vector<std::int64_t> in = input.shape.extents();
    const std::vector<std::int64_t> window = filter.shape.extents();
    const ir::Attributes& a = conv.attributes;
    return matchesSame(in[1], p[2], p[3], window[1], a.getOr<std::int64_t>("stride_h", 1),
               a.getOr<std::int64_t>("dilation_h_factor", 1))
        && matchesSame(in[2], p[4], p[5], window[2], a.getOr<std::int64_t>("stride_w", 1),
            a.getOr<std::int64_t>("dilation_w_factor", 1));
}

} // namespace

Result<void> foldPad(ir::Model& model, PassContext& context)
{
    ir::Graph& graph = model.main();
    const std::vector<ir::NodeId> producers = graph.producers();
    const std::vector<std::vector<ir::NodeId>> readers = consumersOf(graph);
    std::vector<bool> folded(graph.nodes.size(), false);
    for (ir::Node& conv : graph.nodes) {
        if (conv.inputs.empty() || conv.inputs[0] == ir::kNoTensor)
            continue;
        const ir::TensorId padded = conv.inputs[0];
        const ir::NodeId padId = producers[static_cast<std::size_t>(padded)];
        if (padId < 0 || readers[static_cast<std::size_t>(padded)].size() != 1
            || isGraphOutput(graph, padded))
            continue;
        const ir::Node& pad = graph.nodes[static_cast<std::size_t>(padId)];
        if (!canFold(graph, pad, conv))
            continue;
        conv.inputs[0] = pad.inputs[0];
        conv.attributes.set("padding", std::string("SAME"));
        conv.origin = sourcesOf({ &pad, &conv });
        folded[static_cast<std::size_t>(padId)] = true;
        logRewrite(context.log, RewriteKind::Fused, kPass, { &pad, &conv },
            "paddings " + formatList(*constantIntegers(graph, pad.inputs[1]))
                + " became padding SAME");
    }
    eraseNodes(graph, folded);
    return {};
}

} // namespace lf::passes
