// SPDX-License-Identifier: GPL-3.0-or-later
// Builders for the generated graphs. Weights are shaped tensors without data or producer: the
// view only reads their shapes (kernel sizes), and they draw no edges.
#include "tests/widgets/graph_view/synthetic_graphs.h"

#include <string>
#include <utility>

namespace lf::test {

namespace {

class Builder {
public:
    Builder()
        : m_model(ir::makeModel("synthetic"))
    {
    }

    ir::TensorId input(const std::string& name, ir::Shape shape)
    {
        const ir::TensorId id = tensor(name, std::move(shape));
        graph().inputs.push_back(id);
        return id;
    }

    ir::TensorId weight(const std::string& name, ir::Shape shape) { return tensor(name, std::move(shape)); }

    ir::TensorId op(ir::OpKind kind, const std::string& name, std::vector<ir::TensorId> inputs, ir::Shape shape,
                    ir::Attributes attributes = {})
    {
        const ir::TensorId out = tensor(name + ":0", std::move(shape));
        ir::Node node;
        node.op = kind;
        node.name = name;
        node.inputs = std::move(inputs);
        node.outputs = {out};
        node.attributes = std::move(attributes);
        graph().addNode(std::move(node));
        return out;
    }

    int opCount() const { return static_cast<int>(m_model.main().nodes.size()); }

    ir::Model finish(ir::TensorId output)
    {
        graph().outputs.push_back(output);
        return std::move(m_model);
    }

private:
    ir::Graph& graph() { return m_model.main(); }

    ir::TensorId tensor(const std::string& name, ir::Shape shape)
    {
        ir::Tensor t;
        t.name = name;
        t.shape = std::move(shape);
        return graph().addTensor(std::move(t));
    }

    ir::Model m_model;
};

ir::Attributes convAttributes(std::int64_t stride, const char* activation)
{
    ir::Attributes attributes;
    attributes.set("padding", std::string("SAME"));
    attributes.set("stride_h", stride);
    attributes.set("stride_w", stride);
    attributes.set("fused_activation_function", std::string(activation));
    return attributes;
}

ir::TensorId conv(Builder& b, const std::string& name, ir::TensorId x, std::int64_t kernel, const char* activation)
{
    const ir::TensorId w = b.weight(name + "/weights", ir::Shape{64, kernel, kernel, 64});
    return b.op(ir::OpKind::Conv2D, name, {x, w}, ir::Shape{1, 56, 56, 64}, convAttributes(1, activation));
}

/// x -> mean-centred, variance-normalised, scaled and shifted: nine ops, like an exported LayerNorm.
ir::TensorId layerNorm(Builder& b, const std::string& scope, ir::TensorId x)
{
    const ir::Shape shape{1, 128, 768};
    const ir::Shape reduced{1, 128, 1};
    const ir::TensorId mean = b.op(ir::OpKind::Mean, scope + "/ReduceMean", {x}, reduced);
    const ir::TensorId centred = b.op(ir::OpKind::Sub, scope + "/Sub", {x, mean}, shape);
    const ir::TensorId square = b.op(ir::OpKind::Mul, scope + "/Pow", {centred, centred}, shape);
    const ir::TensorId variance = b.op(ir::OpKind::Mean, scope + "/ReduceMean_1", {square}, reduced);
    const ir::TensorId eps = b.weight(scope + "/eps", ir::Shape{1});
    const ir::TensorId shifted = b.op(ir::OpKind::Add, scope + "/Add", {variance, eps}, reduced);
    const ir::TensorId inverse = b.op(ir::OpKind::Rsqrt, scope + "/Rsqrt", {shifted}, reduced);
    const ir::TensorId normed = b.op(ir::OpKind::Mul, scope + "/Mul", {centred, inverse}, shape);
    const ir::TensorId gamma = b.weight(scope + "/weight", ir::Shape{768});
    const ir::TensorId scaled = b.op(ir::OpKind::Mul, scope + "/Mul_1", {normed, gamma}, shape);
    const ir::TensorId beta = b.weight(scope + "/bias", ir::Shape{768});
    return b.op(ir::OpKind::Add, scope + "/Add_1", {scaled, beta}, shape);
}

ir::TensorId dense(Builder& b, const std::string& scope, ir::TensorId x, std::int64_t units, std::int64_t rows = 128)
{
    const ir::TensorId w = b.weight(scope + "/weight", ir::Shape{units, 768});
    return b.op(ir::OpKind::FullyConnected, scope + "/MatMul", {x, w}, ir::Shape{1, rows, units});
}

/// One projection into heads: dense, reshape to [1,128,12,64], transpose to [1,12,128,64].
ir::TensorId heads(Builder& b, const std::string& scope, ir::TensorId x)
{
    const ir::TensorId projected = dense(b, scope, x, 768);
    const ir::TensorId split = b.op(ir::OpKind::Reshape, scope + "/Reshape", {projected}, ir::Shape{1, 128, 12, 64});
    return b.op(ir::OpKind::Transpose, scope + "/Transpose", {split}, ir::Shape{1, 12, 128, 64});
}

ir::TensorId encoderLayer(Builder& b, const std::string& layer, ir::TensorId x)
{
    const std::string attention = layer + "/attention";
    const ir::TensorId q = heads(b, attention + "/self/query", x);
    const ir::TensorId k = heads(b, attention + "/self/key", x);
    const ir::TensorId v = heads(b, attention + "/self/value", x);
    const ir::TensorId scores = b.op(ir::OpKind::BatchMatMul, attention + "/self/MatMul", {q, k}, ir::Shape{1, 12, 128, 128});
    const ir::TensorId scale = b.weight(attention + "/self/scale", ir::Shape{1});
    const ir::TensorId scaled = b.op(ir::OpKind::Mul, attention + "/self/Mul", {scores, scale}, ir::Shape{1, 12, 128, 128});
    const ir::TensorId probs = b.op(ir::OpKind::Softmax, attention + "/self/Softmax", {scaled}, ir::Shape{1, 12, 128, 128});
    const ir::TensorId context = b.op(ir::OpKind::BatchMatMul, attention + "/self/MatMul_1", {probs, v}, ir::Shape{1, 12, 128, 64});
    const ir::TensorId merged = b.op(ir::OpKind::Transpose, attention + "/self/Transpose", {context}, ir::Shape{1, 128, 12, 64});
    const ir::TensorId flat = b.op(ir::OpKind::Reshape, attention + "/self/Reshape", {merged}, ir::Shape{1, 128, 768});
    const ir::TensorId out = dense(b, attention + "/output/dense", flat, 768);
    const ir::TensorId residual = b.op(ir::OpKind::Add, attention + "/output/Add", {out, x}, ir::Shape{1, 128, 768});
    const ir::TensorId normed = layerNorm(b, attention + "/output/LayerNorm", residual);

    const ir::TensorId up = dense(b, layer + "/intermediate/dense", normed, 3072);
    const ir::TensorId gelu = b.op(ir::OpKind::Gelu, layer + "/intermediate/Gelu", {up}, ir::Shape{1, 128, 3072});
    const ir::TensorId w = b.weight(layer + "/output/dense/weight", ir::Shape{768, 3072});
    const ir::TensorId down = b.op(ir::OpKind::FullyConnected, layer + "/output/dense/MatMul", {gelu, w}, ir::Shape{1, 128, 768});
    const ir::TensorId residual2 = b.op(ir::OpKind::Add, layer + "/output/Add", {down, normed}, ir::Shape{1, 128, 768});
    return layerNorm(b, layer + "/output/LayerNorm", residual2);
}

} // namespace

ir::Model deepChainModel(int ops)
{
    Builder b;
    ir::TensorId x = b.input("image", ir::Shape{1, 56, 56, 64});
    ir::TensorId saved = x;
    for (int block = 0; b.opCount() < ops; ++block) {
        const std::string name = "block" + std::to_string(block);
        const ir::TensorId a = conv(b, name + "_conv_a", x, 3, "RELU");
        const ir::TensorId c = conv(b, name + "_conv_b", a, 3, "NONE");
        x = b.op(ir::OpKind::Add, name + "_add", {c, x}, ir::Shape{1, 56, 56, 64});
        if (block % 3 == 2) {
            const ir::TensorId dw = b.weight(name + "_dw_weights", ir::Shape{1, 5, 5, 64});
            const ir::TensorId left = b.op(ir::OpKind::DepthwiseConv2D, name + "_branch_dw", {x, dw},
                                           ir::Shape{1, 56, 56, 64}, convAttributes(1, "RELU6"));
            const ir::TensorId right = conv(b, name + "_branch_conv", x, 1, "RELU6");
            ir::Attributes axis;
            axis.set("axis", std::int64_t{3});
            const ir::TensorId joined = b.op(ir::OpKind::Concatenation, name + "_concat", {left, right},
                                             ir::Shape{1, 56, 56, 128}, axis);
            const ir::TensorId w = b.weight(name + "_reduce_weights", ir::Shape{64, 1, 1, 128});
            x = b.op(ir::OpKind::Conv2D, name + "_reduce", {joined, w}, ir::Shape{1, 56, 56, 64}, convAttributes(1, "NONE"));
        }
        if (block % 6 == 5) {
            x = b.op(ir::OpKind::Add, name + "_long_skip", {x, saved}, ir::Shape{1, 56, 56, 64});
            saved = x;
        }
    }
    return b.finish(x);
}

int transformerOpsPerLayer()
{
    return 3 * 3 + 6 + 2 + 9 + 4 + 9; // heads, attention core, output dense + add, norm, FFN, norm
}

ir::Model transformerModel(int ops)
{
    Builder b;
    const ir::TensorId ids = b.input("input_ids", ir::Shape{1, 128});
    const ir::TensorId table = b.weight("/embeddings/word_embeddings/weight", ir::Shape{30522, 768});
    ir::TensorId x = b.op(ir::OpKind::Gather, "/embeddings/word_embeddings/Gather", {table, ids}, ir::Shape{1, 128, 768});
    const ir::TensorId positions = b.weight("/embeddings/position_embeddings/weight", ir::Shape{1, 128, 768});
    x = b.op(ir::OpKind::Add, "/embeddings/Add", {x, positions}, ir::Shape{1, 128, 768});
    x = layerNorm(b, "/embeddings/LayerNorm", x);
    for (int layer = 0; b.opCount() < ops - 2; ++layer)
        x = encoderLayer(b, "/encoder/layer." + std::to_string(layer), x);
    const ir::TensorId pooled = dense(b, "/pooler/dense", x, 768);
    return b.finish(b.op(ir::OpKind::Tanh, "/pooler/activation/Tanh", {pooled}, ir::Shape{1, 128, 768}));
}

} // namespace lf::test
