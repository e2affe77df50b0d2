// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/core/passes/pass_test_support.h"

#include "core/base/task_context.h"
#include "core/interpreter/node_evaluator.h"
#include "core/ir/verifier.h"
#include "tests/support/model_runner.h"

#include <algorithm>
#include <cstring>

namespace lf::test {

IrBuilder::IrBuilder(std::uint32_t seed)
    : m_model(ir::makeModel("main"))
    , m_rng(seed)
{
}

ir::TensorId IrBuilder::input(const std::string& name, std::vector<std::int64_t> shape)
{
    ir::Tensor tensor { .name = name, .shape = ir::Shape::fromExtents(shape) };
    if (shape.size() == 4)
        tensor.layout = ir::Layout::NCHW;
    const ir::TensorId id = graph().addTensor(std::move(tensor));
    graph().inputs.push_back(id);
    return id;
}

void IrBuilder::output(ir::TensorId tensor, const std::string& name)
{
    ir::Tensor& t = graph().tensors[static_cast<std::size_t>(tensor)];
    t.name = name;
    if (t.shape.rank() == 4)
        t.layout = ir::Layout::NCHW;
    graph().outputs.push_back(tensor);
}

ir::TensorId IrBuilder::floats(
    const std::string& name, std::vector<std::int64_t> shape, std::vector<float> values)
{
    return graph().addTensor({ .name = name,
        .shape = ir::Shape::fromExtents(shape),
        .data = ir::ConstData::fromValues(std::span<const float>(values)) });
}

ir::TensorId IrBuilder::randomFloats(
    const std::string& name, std::vector<std::int64_t> shape, float low, float high)
{
    std::int64_t count = 1;
    for (std::int64_t extent : shape)
        count *= extent;
    std::uniform_real_distribution<float> distribution(low, high);
    std::vector<float> values(static_cast<std::size_t>(count));
    for (float& value : values)
        value = distribution(m_rng);
    return floats(name, std::move(shape), std::move(values));
}

ir::TensorId IrBuilder::ints(const std::string& name, std::vector<std::int64_t> values)
{
    std::vector<std::int32_t> narrow(values.begin(), values.end());
    return graph().addTensor({ .name = name,
        .dtype = ir::DType::Int32,
        .shape = { static_cast<std::int64_t>(narrow.size()) },
        .data = ir::ConstData::fromValues(std::span<const std::int32_t>(narrow)) });
}

std::string IrBuilder::nextName(ir::OpKind op)
{
    return std::string(ir::opKindName(op)) + "_" + std::to_string(++m_counter);
}

std::vector<ir::TensorId> IrBuilder::nodeN(
    ir::OpKind op, std::vector<ir::TensorId> inputs, std::size_t outputs, ir::Attributes attributes)
{
    ir::Node node { .op = op,
        .name = nextName(op),
        .inputs = std::move(inputs),
        .outputs = {},
        .attributes = std::move(attributes) };
    node.origin = { node.name };
    for (std::size_t i = 0; i < outputs; ++i)
        node.outputs.push_back(graph().addTensor(
            { .name = node.name + ":" + std::to_string(i), .shape = ir::Shape::unranked() }));
    auto evaluated = interp::evaluateNode(graph(), node, true);
    if (!evaluated)
        qFatal("IrBuilder: %s", evaluated.error().toString().c_str());
    const bool folded = interp::hasOnlyConstantInputs(graph(), node);
    for (std::size_t i = 0; i < outputs; ++i) {
        ir::Tensor& tensor = graph().tensors[static_cast<std::size_t>(node.outputs[i])];
        tensor.shape = (*evaluated)[i].shape;
        if (folded)
            tensor.data = (*evaluated)[i].data;
    }
    std::vector<ir::TensorId> result = node.outputs;
    if (!folded)
        graph().addNode(std::move(node));
    return result;
}

ir::TensorId IrBuilder::node(ir::OpKind op, std::vector<ir::TensorId> inputs,
    ir::Attributes attributes, ir::DType outputType)
{
    ir::Node node { .op = op,
        .name = nextName(op),
        .inputs = std::move(inputs),
        .outputs = {},
        .attributes = std::move(attributes) };
    node.origin = { node.name };
    node.outputs.push_back(graph().addTensor(
        { .name = node.name, .dtype = outputType, .shape = ir::Shape::unranked() }));
    auto evaluated = interp::evaluateNode(graph(), node, true);
    if (!evaluated)
        qFatal("IrBuilder: %s", evaluated.error().toString().c_str());
    ir::Tensor& tensor = graph().tensors[static_cast<std::size_t>(node.outputs[0])];
    tensor.shape = (*evaluated)[0].shape;
    const ir::TensorId result = node.outputs[0];
    if (interp::hasOnlyConstantInputs(graph(), node))
        tensor.data = (*evaluated)[0].data;
    else
        graph().addNode(std::move(node));
    return result;
}

ir::TensorId IrBuilder::transpose(ir::TensorId x, std::vector<std::int64_t> perm)
{
    return node(
        ir::OpKind::Transpose, { x, ints(nextName(ir::OpKind::Transpose) + "/perm", perm) });
}

ir::TensorId IrBuilder::conv(ir::TensorId x, std::int64_t outChannels, std::int64_t kernel,
    std::int64_t stride, const std::string& padding)
{
    const std::int64_t channels = shapeOf(x)[1];
    const ir::TensorId weights = randomFloats(
        nextName(ir::OpKind::Conv2D) + "/weights", { outChannels, kernel, kernel, channels });
    const ir::TensorId bias = randomFloats(nextName(ir::OpKind::Conv2D) + "/bias", { outChannels });
    ir::Attributes attributes;
    attributes.set("padding", padding);
    attributes.set("stride_h", stride);
    attributes.set("stride_w", stride);
    attributes.set("fused_activation_function", std::string("NONE"));
    const ir::TensorId y
        = node(ir::OpKind::Conv2D, { toChannelsLast(x), weights, bias }, attributes);
    return toChannelsFirst(y);
}

ir::TensorId IrBuilder::depthwise(ir::TensorId x, std::int64_t kernel, const std::string& padding)
{
    const std::int64_t channels = shapeOf(x)[1];
    const ir::TensorId weights = randomFloats(
        nextName(ir::OpKind::DepthwiseConv2D) + "/weights", { 1, kernel, kernel, channels });
    const ir::TensorId bias
        = randomFloats(nextName(ir::OpKind::DepthwiseConv2D) + "/bias", { channels });
    ir::Attributes attributes;
    attributes.set("padding", padding);
    attributes.set("stride_h", std::int64_t { 1 });
    attributes.set("stride_w", std::int64_t { 1 });
    attributes.set("depth_multiplier", std::int64_t { 1 });
    const ir::TensorId y
        = node(ir::OpKind::DepthwiseConv2D, { toChannelsLast(x), weights, bias }, attributes);
    return toChannelsFirst(y);
}

ir::TensorId IrBuilder::batchNorm(ir::TensorId x)
{
    const std::int64_t channels = shapeOf(x)[1];
    const ir::TensorId scale
        = randomFloats(nextName(ir::OpKind::Mul) + "/scale", { channels, 1, 1 }, 0.5f, 1.5f);
    const ir::TensorId shift
        = randomFloats(nextName(ir::OpKind::Add) + "/shift", { channels, 1, 1 });
    return node(ir::OpKind::Add, { node(ir::OpKind::Mul, { x, scale }), shift });
}

ir::TensorId IrBuilder::globalAveragePool(ir::TensorId x)
{
    const std::vector<std::int64_t> shape = shapeOf(x);
    ir::Attributes attributes;
    attributes.set("padding", std::string("VALID"));
    attributes.set("stride_h", std::int64_t { 1 });
    attributes.set("stride_w", std::int64_t { 1 });
    attributes.set("filter_height", shape[2]);
    attributes.set("filter_width", shape[3]);
    attributes.set("fused_activation_function", std::string("NONE"));
    return toChannelsFirst(node(ir::OpKind::AveragePool2D, { toChannelsLast(x) }, attributes));
}

ir::TensorId IrBuilder::reshape(ir::TensorId x, std::vector<std::int64_t> shape)
{
    ir::Attributes attributes;
    attributes.set("new_shape", shape);
    return node(ir::OpKind::Reshape, { x, ints(nextName(ir::OpKind::Reshape) + "/shape", shape) },
        attributes);
}

ir::TensorId IrBuilder::fullyConnected(ir::TensorId x, std::int64_t outputs)
{
    const std::int64_t inputs = shapeOf(x).back();
    const ir::TensorId weights
        = randomFloats(nextName(ir::OpKind::FullyConnected) + "/weights", { outputs, inputs });
    const ir::TensorId bias
        = randomFloats(nextName(ir::OpKind::FullyConnected) + "/bias", { outputs });
    ir::Attributes attributes;
    attributes.set("fused_activation_function", std::string("NONE"));
    return node(ir::OpKind::FullyConnected, { x, weights, bias }, attributes);
}

std::vector<std::int64_t> IrBuilder::shapeOf(ir::TensorId tensor) const
{
    return m_model.main().tensors[static_cast<std::size_t>(tensor)].shape.extents();
}

std::vector<NpyArray> randomInputs(const ir::Model& model, std::uint32_t seed)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> distribution(-1.0f, 1.0f);
    std::vector<NpyArray> inputs;
    for (ir::TensorId id : model.main().inputs) {
        const ir::Tensor& tensor = model.main().tensors[static_cast<std::size_t>(id)];
        NpyArray array { ir::DType::Float32, tensor.shape.extents(), {} };
        std::vector<float> values(static_cast<std::size_t>(array.elementCount()));
        for (float& value : values)
            value = distribution(rng);
        array.data.resize(values.size() * sizeof(float));
        std::memcpy(array.data.data(), values.data(), array.data.size());
        inputs.push_back(std::move(array));
    }
    return inputs;
}

namespace {

std::vector<int> channelsLast(std::size_t rank)
{
    std::vector<int> perm { 0 };
    for (int d = 2; d < static_cast<int>(rank); ++d)
        perm.push_back(d);
    perm.push_back(1);
    return perm;
}

/// True if the conversion made tensor `before` of `original` channels-last as `after`.
bool becameChannelsLast(
    const ir::Model& original, const ir::Model& converted, ir::TensorId before, ir::TensorId after)
{
    const ir::Tensor& old = original.main().tensors[static_cast<std::size_t>(before)];
    const ir::Tensor& now = converted.main().tensors[static_cast<std::size_t>(after)];
    if (old.shape.rank() == 4)
        return old.layout == ir::Layout::NCHW && now.layout == ir::Layout::NHWC;
    const std::vector<std::int64_t> was = old.shape.extents();
    const std::vector<std::int64_t> is = now.shape.extents();
    if (was == is || was.size() < 3 || was.size() != is.size())
        return false;
    const std::vector<int> perm = channelsLast(was.size());
    for (std::size_t i = 0; i < perm.size(); ++i) {
        if (is[i] != was[static_cast<std::size_t>(perm[i])])
            return false;
    }
    return true;
}

std::vector<int> inverse(const std::vector<int>& perm)
{
    std::vector<int> result(perm.size());
    for (std::size_t i = 0; i < perm.size(); ++i)
        result[static_cast<std::size_t>(perm[i])] = static_cast<int>(i);
    return result;
}

} // namespace

QString compareModels(const ir::Model& original, const ir::Model& converted, std::uint32_t seed)
{
    const std::vector<NpyArray> inputs = randomInputs(original, seed);
    if (original.main().inputs.size() != converted.main().inputs.size()
        || original.main().outputs.size() != converted.main().outputs.size())
        return QStringLiteral("the conversion changed the number of graph inputs or outputs");
    std::vector<NpyArray> convertedInputs = inputs;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        if (becameChannelsLast(
                original, converted, original.main().inputs[i], converted.main().inputs[i]))
            convertedInputs[i] = permuteArray(inputs[i], channelsLast(inputs[i].shape.size()));
    }
    auto expected = runInterpreter(original, inputs);
    if (!expected)
        return QString::fromStdString("original: " + expected.error().toString());
    auto actual = runInterpreter(converted, convertedInputs);
    if (!actual)
        return QString::fromStdString("converted: " + actual.error().toString());
    for (std::size_t i = 0; i < expected->size(); ++i) {
        NpyArray result = (*actual)[i];
        if (becameChannelsLast(
                original, converted, original.main().outputs[i], converted.main().outputs[i]))
            result = permuteArray(result, inverse(channelsLast(result.shape.size())));
        if (result.shape != (*expected)[i].shape)
            return QStringLiteral("output %1 has another shape").arg(i);
        const ArrayComparison comparison = compareArrays(result, (*expected)[i], 1e-5, 1e-5);
        if (!comparison.ok)
            return QStringLiteral("output %1: %2").arg(i).arg(comparison.message);
    }
    return {};
}

int countOps(const ir::Model& model, ir::OpKind op)
{
    return static_cast<int>(std::ranges::count_if(
        model.main().nodes, [op](const ir::Node& node) { return node.op == op; }));
}

PassRun runPass(ir::Model& model, const passes::Pass& pass, const passes::LayoutOverrides* layout)
{
    PassRun run;
    NullTaskContext task;
    passes::PassContext context { run.log, task, layout };
    if (auto done = pass.run(model, context); !done)
        run.error = QString::fromStdString(std::string(pass.name) + ": " + done.error().toString());
    else if (auto valid = ir::verify(model); !valid)
        run.error = QString::fromStdString(
            std::string(pass.name) + " left an invalid graph: " + valid.error().toString());
    return run;
}

} // namespace lf::test
