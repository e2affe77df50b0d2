// SPDX-License-Identifier: GPL-3.0-or-later
// Activation fusion. The producer must have no fused activation yet and the activation must be the
// only reader of its output (which must not be a graph output); the producer then writes the
// activation's output tensor directly. TRANSPOSE_CONV is left alone: LiteRT accepts a fused
// activation there only from op version 4 on, and TANH is not fused (TFLite kernels reject it for
// most ops).
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
        const ir::TensorId input = activation.inputs[0];
        const ir::NodeId producerId = producers[static_cast<std::size_t>(input)];
        if (producerId < 0 || readers[static_cast<std::size_t>(input)].size() != 1 || isGraphOutput(graph, input))
            continue;
        ir::Node& producer = graph.nodes[static_cast<std::size_t>(producerId)];
        if (!takesFusedActivation(producer.op) || producer.outputs.size() != 1
            || producer.attributes.getOr<std::string>("fused_activation_function", "NONE") != "NONE"
            || tensorOf(graph, input).dtype != tensorOf(graph, activation.outputs[0]).dtype)
            continue;
        producer.attributes.set("fused_activation_function", std::string(name));
        producer.outputs[0] = activation.outputs[0];
        producer.origin = sourcesOf({&producer, &activation});
        fused[n] = true;
        logRewrite(context.log, RewriteKind::Fused, kPass, {&producer, &activation},
                   std::string(name) + " fused into " + producer.typeName());
    }
    eraseNodes(graph, fused);
    return {};
}

} // namespace lf::passes
