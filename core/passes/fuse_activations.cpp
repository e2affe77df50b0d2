// SPDX-License-Identifier: GPL-3.0-or-later
// Activation fusion. The producer must have no fused activation yet and the activation must be the
// only reader of its output (which must not be a graph output); the producer then writes the
// activation's output tensor directly. A RESHAPE between the two (a 1-D convolution's) is looked
// through: it then writes the activation's output. TRANSPOSE_CONV is left alone: LiteRT accepts a
// fused activation there only from op version 4 on, and TANH is not fused (TFLite kernels reject it
// for most ops).
#include "core/passes/fuse_activations.h"

#include "core/passes/graph_edit.h"

#include <algorithm>

namespace lf::passes {

namespace {

constexpr const char* kPass = "fuse-activations";

const char* fusedName(ir::OpKind op)
{
    switch (op) {
    case ir::OpKind::Relu: return "RELU";
    case ir::OpKind::Relu6: return "RELU6";
    case ir::OpKind::ReluN1To1: return "RELU_N1_TO_1";
    default: return nullptr;
    }
}

bool takesFusedActivation(ir::OpKind op)
{
    switch (op) {
    case ir::OpKind::Conv2D:
    case ir::OpKind::DepthwiseConv2D:
    case ir::OpKind::FullyConnected:
    case ir::OpKind::Add:
    case ir::OpKind::Sub:
    case ir::OpKind::Mul:
    case ir::OpKind::Div:
    case ir::OpKind::Concatenation:
    case ir::OpKind::AveragePool2D:
    case ir::OpKind::MaxPool2D: return true;
    default: return false;
    }
}

/// The node feeding `activation` that could take it, looking through one RESHAPE (an elementwise
/// activation commutes with it); -1 if there is none. Sets `reshape` to the RESHAPE's id or -1.
ir::NodeId fusionTarget(const ir::Graph& graph, const ir::Node& activation,
    const std::vector<ir::NodeId>& producers, const std::vector<std::vector<ir::NodeId>>& readers,
    ir::NodeId& reshape)
{
    reshape = -1;
    auto soleProducer = [&](ir::TensorId tensor) -> ir::NodeId {
        if (readers[static_cast<std::size_t>(tensor)].size() != 1 || isGraphOutput(graph, tensor))
            return -1;
        return producers[static_cast<std::size_t>(tensor)];
    };
    ir::NodeId producer = soleProducer(activation.inputs[0]);
    if (producer >= 0
        && graph.nodes[static_cast<std::size_t>(producer)].op == ir::OpKind::Reshape) {
        reshape = producer;
        producer = soleProducer(graph.nodes[static_cast<std::size_t>(producer)].inputs[0]);
    }
    if (producer < 0)
        return -1;
    const ir::Node& node = graph.nodes[static_cast<std::size_t>(producer)];
    const bool fits = takesFusedActivation(node.op) && node.outputs.size() == 1
        && node.attributes.getOr<std::string>("fused_activation_function", "NONE") == "NONE"
        && tensorOf(graph, node.outputs[0]).dtype == tensorOf(graph, activation.outputs[0]).dtype
        && tensorOf(graph, node.outputs[0]).quant == tensorOf(graph, activation.inputs[0]).quant;
    return fits ? producer : -1;
}

} // namespace

Result<void> fuseActivations(ir::Model& model, PassContext& context)
{
    ir::Graph& graph = model.main();
    const std::vector<ir::NodeId> producers = graph.producers();
    const std::vector<std::vector<ir::NodeId>> readers = consumersOf(graph);
    std::vector<bool> fused(graph.nodes.size(), false);
    for (std::size_t n = 0; n < graph.nodes.size(); ++n) {
        const ir::Node& activation = graph.nodes[n];
        const char* name = fusedName(activation.op);
        if (!name || activation.inputs.size() != 1 || activation.outputs.size() != 1)
            continue;
        ir::NodeId reshape = -1;
        const ir::NodeId target = fusionTarget(graph, activation, producers, readers, reshape);
        if (target < 0)
            continue;
        ir::Node& producer = graph.nodes[static_cast<std::size_t>(target)];
        producer.attributes.set("fused_activation_function", std::string(name));
        ir::Node& last = reshape >= 0 ? graph.nodes[static_cast<std::size_t>(reshape)] : producer;
        last.outputs[0] = activation.outputs[0];
        producer.origin = sourcesOf({ &producer, &activation });
        fused[n] = true;
        logRewrite(context.log, RewriteKind::Fused, kPass, { &producer, &activation },
            std::string(name) + " fused into " + producer.typeName());
    }
    eraseNodes(graph, fused);
    return {};
}

} // namespace lf::passes
