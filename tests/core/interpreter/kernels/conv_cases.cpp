// SPDX-License-Identifier: GPL-3.0-or-later
// Builds the convolution test cases: see conv_cases.h.
#include "tests/core/interpreter/kernels/conv_cases.h"

#include "core/interpreter/kernels/reference/conv.h"
#include "tests/core/interpreter/kernels/kernel_test_support.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace lf::test::conv_test {

namespace reference = lf::interp::reference;

namespace {

/// The scale and zero point of every quantized tensor of a case.
struct CaseQuant
{
    float inputScale = 1.0f;
    std::int64_t inputZeroPoint = 0;
    std::vector<float> weightScales;
    std::int64_t weightZeroPoint = 0;
    float outputScale = 1.0f;
    std::int64_t outputZeroPoint = 0;
};

DType inputType(Scheme s)
{
    switch (s) {
    case Scheme::Float:
    case Scheme::Hybrid:
    case Scheme::HybridPerTensor: return DType::Float32;
    case Scheme::Int8:
    case Scheme::Int8PerTensor: return DType::Int8;
    case Scheme::UInt8: return DType::UInt8;
    case Scheme::Int16:
    case Scheme::Int16Bias32: return DType::Int16;
    }
    return DType::Float32;
}

DType weightType(Scheme s)
{
    return s == Scheme::Float ? DType::Float32 : s == Scheme::UInt8 ? DType::UInt8 : DType::Int8;
}

/// The geometry of a case computed here from TFLite's documented rules (not the kernel's code).
reference::ConvGeometry geometryOf(const ConvCase& c)
{
    reference::ConvGeometry g;
    g.batches = c.inputShape[0];
    g.inputHeight = c.inputShape[1];
    g.inputWidth = c.inputShape[2];
    g.inputDepth = c.inputShape[3];
    g.filterHeight = c.kernelHeight;
    g.filterWidth = c.kernelWidth;
    g.filterDepth = c.op == OpKind::Conv2D ? g.inputDepth / c.groups : 1;
    g.outputDepth = c.outChannels;
    g.strideHeight = c.strideHeight;
    g.strideWidth = c.strideWidth;
    g.dilationHeight = c.op == OpKind::TransposeConv ? 1 : c.dilationHeight;
    g.dilationWidth = c.op == OpKind::TransposeConv ? 1 : c.dilationWidth;
    g.depthMultiplier = c.op == OpKind::DepthwiseConv2D ? c.outChannels / g.inputDepth : 1;
    const bool same = c.padding == "SAME";
    // SAME: ceil(in / stride) outputs, VALID: ceil((in - effective + 1) / stride); the total
    // padding is split with the odd pixel at the bottom/right.
    auto outSize = [&](std::int64_t in, std::int64_t k, std::int64_t s, std::int64_t d) {
        const std::int64_t effective = (k - 1) * d + 1;
        return same ? (in + s - 1) / s : (in - effective + s) / s;
    };
    auto leadingPad
        = [](std::int64_t in, std::int64_t k, std::int64_t s, std::int64_t d, std::int64_t out) {
              return std::max<std::int64_t>(0, ((out - 1) * s + (k - 1) * d + 1 - in) / 2);
          };
    if (c.op == OpKind::TransposeConv) {
        g.outputHeight = c.transposeOutput[0];
        g.outputWidth = c.transposeOutput[1];
        g.padTop = leadingPad(g.outputHeight, g.filterHeight, g.strideHeight, 1,
            outSize(g.outputHeight, g.filterHeight, g.strideHeight, 1));
        g.padLeft = leadingPad(g.outputWidth, g.filterWidth, g.strideWidth, 1,
            outSize(g.outputWidth, g.filterWidth, g.strideWidth, 1));
    } else {
        g.outputHeight = outSize(g.inputHeight, g.filterHeight, g.strideHeight, g.dilationHeight);
        g.outputWidth = outSize(g.inputWidth, g.filterWidth, g.strideWidth, g.dilationWidth);
        g.padTop = leadingPad(
            g.inputHeight, g.filterHeight, g.strideHeight, g.dilationHeight, g.outputHeight);
        g.padLeft = leadingPad(
            g.inputWidth, g.filterWidth, g.strideWidth, g.dilationWidth, g.outputWidth);
    }
    return g;
}

std::vector<std::int64_t> weightShape(const ConvCase& c, const reference::ConvGeometry& g)
{
    if (c.op == OpKind::DepthwiseConv2D)
        return { 1, c.kernelHeight, c.kernelWidth, c.outChannels };
    return { c.outChannels, c.kernelHeight, c.kernelWidth,
        c.op == OpKind::Conv2D ? g.filterDepth : g.inputDepth };
}

/// Quantization chosen so that the outputs spread over much of the output range (some clamp).
CaseQuant quantOf(const ConvCase& c, const reference::ConvGeometry& g, std::mt19937& generator)
{
    CaseQuant q;
    const std::int64_t perChannel = c.op == OpKind::Conv2D
        ? g.filterHeight * g.filterWidth * g.filterDepth
        : c.op == OpKind::DepthwiseConv2D ? g.filterHeight * g.filterWidth
                                          : g.filterHeight * g.filterWidth * g.inputDepth;
    const bool perTensor = c.scheme == Scheme::Int8PerTensor || c.scheme == Scheme::UInt8
        || c.scheme == Scheme::HybridPerTensor;
    std::uniform_real_distribution<float> scale(0.002f, 0.02f);
    q.weightScales.resize(perTensor ? 1 : static_cast<std::size_t>(c.outChannels));
    for (float& s : q.weightScales)
        s = scale(generator);
    const float meanWeightScale
        = std::accumulate(q.weightScales.begin(), q.weightScales.end(), 0.0f)
        / q.weightScales.size();
    const bool wide = c.scheme == Scheme::Int16 || c.scheme == Scheme::Int16Bias32;
    q.inputScale = wide ? 1.0f / 32768 : 0.02f;
    q.inputZeroPoint = wide ? 0 : c.scheme == Scheme::UInt8 ? 121 : -9;
    q.weightZeroPoint = c.scheme == Scheme::UInt8 ? 131 : 0;
    // Accumulators have a spread of about sqrt(taps) * 74 * 74 for 8-bit operands (74: the
    // deviation of a uniform byte); transpose convolutions sum over fewer taps per output.
    const double spread = std::sqrt(static_cast<double>(perChannel)) * (wide ? 18900.0 : 74.0)
        * 74.0
        / (c.op == OpKind::TransposeConv
                ? std::max<double>(1.0, static_cast<double>(c.strideHeight * c.strideWidth))
                : 1.0);
    q.outputScale
        = static_cast<float>(q.inputScale * meanWeightScale * spread / (wide ? 8000.0 : 40.0));
    q.outputZeroPoint = wide ? 0 : c.scheme == Scheme::UInt8 ? 117 : 6;
    return q;
}

reference::RequantizeParams requantizeOf(const ConvCase& c, const CaseQuant& q)
{
    reference::RequantizeParams params;
    params.inputOffset = static_cast<std::int32_t>(-q.inputZeroPoint);
    params.filterOffset = static_cast<std::int32_t>(-q.weightZeroPoint);
    params.outputOffset = static_cast<std::int32_t>(q.outputZeroPoint);
    params.multipliers
        = reference::channelMultipliers(q.inputScale, q.weightScales, q.outputScale, c.outChannels);
    interp::TensorView output;
    output.dtype = inputType(c.scheme);
    const ir::QuantParams outputQuant = kt::perTensor(q.outputScale, q.outputZeroPoint);
    output.quant = &outputQuant;
    params.range = interp::activationRange(c.activation, output);
    return params;
}

template <class T, class W, class Acc>
NpyArray expectedQuantized(const ConvCase& c, const reference::ConvGeometry& g,
    const reference::RequantizeParams& params, const std::vector<T>& input,
    const std::vector<W>& weights, const std::vector<Acc>& bias,
    const std::vector<std::int64_t>& outShape)
{
    std::vector<T> out(static_cast<std::size_t>(kt::elementCount(outShape)));
    if (c.op == OpKind::Conv2D)
        reference::conv2DQuantized<T, W, Acc>(g, params, input, weights, bias, out);
    else if (c.op == OpKind::DepthwiseConv2D)
        reference::depthwiseConv2DQuantized<T, W, Acc>(g, params, input, weights, bias, out);
    else
        reference::transposeConvQuantized<T, W, Acc>(g, params, input, weights, bias, out);
    return kt::arrayOf(inputType(c.scheme), outShape, out);
}

bool isHybrid(Scheme s)
{
    return s == Scheme::Hybrid || s == Scheme::HybridPerTensor;
}

/// The float input as the hybrid kernels see it (and LiteRT computes them): each row (a batch; a
/// pixel for 1x1 stride-1 convolutions, which run as matrix products) rounded onto 256 levels
/// spanning [min(x, 0), max(x, 0)], with an integer zero point.
std::vector<float> hybridInput(const ConvCase& c, const std::vector<float>& values)
{
    const bool pointwise = c.op == OpKind::Conv2D && c.kernelHeight == 1 && c.kernelWidth == 1
        && c.strideHeight == 1 && c.strideWidth == 1;
    const std::size_t rowSize = static_cast<std::size_t>(
        pointwise ? c.inputShape[3] : c.inputShape[1] * c.inputShape[2] * c.inputShape[3]);
    std::vector<float> result(values.size());
    for (std::size_t begin = 0; begin < values.size(); begin += rowSize) {
        const auto [low, high]
            = std::minmax_element(values.begin() + static_cast<std::ptrdiff_t>(begin),
                values.begin() + static_cast<std::ptrdiff_t>(begin + rowSize));
        const double lowest = std::min(0.0, static_cast<double>(*low));
        const double highest = std::max(0.0, static_cast<double>(*high));
        const double scale = (highest - lowest) / 255.0;
        const double zeroPoint = std::clamp(std::round(-128.0 - lowest / scale), -128.0, 127.0);
        for (std::size_t i = begin; i < begin + rowSize; ++i) {
            const double q = std::clamp(std::round(values[i] / scale + zeroPoint), -128.0, 127.0);
            result[i] = static_cast<float>(
                (q - zeroPoint) * static_cast<double>(static_cast<float>(scale)));
        }
    }
    return result;
}

NpyArray expectedFloat(const ConvCase& c, const reference::ConvGeometry& g,
    const std::vector<float>& input, const std::vector<float>& weights,
    const std::vector<float>& bias, const std::vector<std::int64_t>& outShape)
{
    std::vector<float> out(static_cast<std::size_t>(kt::elementCount(outShape)));
    const interp::FloatRange range = interp::activationRange(c.activation);
    if (c.op == OpKind::Conv2D)
        reference::conv2D(g, input, weights, bias, range, out);
    else if (c.op == OpKind::DepthwiseConv2D)
        reference::depthwiseConv2D(g, input, weights, bias, range, out);
    else
        reference::transposeConv(g, input, weights, bias, range, out);
    return kt::arrayOf(DType::Float32, outShape, out);
}

/// The case as a one-node model, random data, and the reference kernels' output.
} // namespace

Built build(const ConvCase& c)
{
    std::mt19937 generator(c.seed);
    const reference::ConvGeometry g = geometryOf(c);
    const std::vector<std::int64_t> wShape = weightShape(c, g);
    const std::vector<std::int64_t> outShape { g.batches, g.outputHeight, g.outputWidth,
        c.outChannels };
    const CaseQuant q = quantOf(c, g, generator);
    const DType inType = inputType(c.scheme);
    const bool quantized = inType != DType::Float32;
    const int channelAxis = c.op == OpKind::DepthwiseConv2D ? 3 : 0;

    Built built { ir::makeModel("main"), {}, {} };
    ir::Graph& graph = built.model.main();
    ir::Node node { c.op, "op", {}, {}, {}, 0, {} };
    if (c.op == OpKind::TransposeConv) {
        const std::vector<std::int32_t> extents { static_cast<std::int32_t>(outShape[0]),
            static_cast<std::int32_t>(outShape[1]), static_cast<std::int32_t>(outShape[2]),
            static_cast<std::int32_t>(outShape[3]) };
        ir::Tensor shape = kt::makeTensor("output_shape", DType::Int32, { 4 });
        shape.data = kt::constData(extents);
        node.inputs.push_back(graph.addTensor(std::move(shape)));
    }
    const ir::QuantParams inputQuant
        = quantized ? kt::perTensor(q.inputScale, q.inputZeroPoint) : ir::QuantParams {};
    const ir::TensorId input
        = graph.addTensor(kt::makeTensor("input", inType, c.inputShape, inputQuant));

    ir::QuantParams weightQuant;
    if (c.scheme != Scheme::Float) {
        weightQuant.scales = q.weightScales;
        weightQuant.zeroPoints.assign(q.weightScales.size(), q.weightZeroPoint);
        weightQuant.axis = channelAxis;
    }
    ir::Tensor weights = kt::makeTensor("weights", weightType(c.scheme), wShape, weightQuant);
    ir::Tensor bias = kt::makeTensor("bias", DType::Float32, { c.outChannels });
    std::vector<float> floatWeights;
    std::vector<float> floatBias;
    std::vector<std::int8_t> int8Weights;
    std::vector<std::uint8_t> uint8Weights;
    if (c.scheme == Scheme::Float) {
        floatWeights = kt::randomValues<float>(generator, kt::elementCount(wShape), -1.0, 1.0);
        weights.data = kt::constData(floatWeights);
    } else if (c.scheme == Scheme::UInt8) {
        uint8Weights = kt::randomValues<std::uint8_t>(generator, kt::elementCount(wShape), 0, 255);
        weights.data = kt::constData(uint8Weights);
    } else {
        int8Weights = kt::randomValues<std::int8_t>(generator, kt::elementCount(wShape), -127, 127);
        weights.data = kt::constData(int8Weights);
    }
    if (isHybrid(c.scheme)) {
        floatWeights.resize(int8Weights.size());
        const std::int64_t inner = channelAxis == 0 ? kt::elementCount(wShape) / c.outChannels : 1;
        for (std::size_t i = 0; i < int8Weights.size(); ++i) {
            const auto channel = static_cast<std::size_t>(channelAxis == 0
                    ? static_cast<std::int64_t>(i) / inner
                    : static_cast<std::int64_t>(i) % c.outChannels);
            floatWeights[i] = static_cast<float>(int8Weights[i])
                * q.weightScales[q.weightScales.size() == 1 ? 0 : channel];
        }
    }

    std::vector<std::int32_t> bias32;
    std::vector<std::int64_t> bias64;
    if (c.bias) {
        ir::QuantParams biasQuant;
        if (quantized) {
            for (float weightScale : q.weightScales) {
                biasQuant.scales.push_back(q.inputScale * weightScale);
                biasQuant.zeroPoints.push_back(0);
            }
        }
        const double biasRange = 20.0 * q.outputScale / (q.inputScale * q.weightScales[0]);
        if (!quantized) {
            floatBias = kt::randomValues<float>(generator, c.outChannels, -1.0, 1.0);
            bias.data = kt::constData(floatBias);
        } else if (c.scheme == Scheme::Int16) {
            bias64 = kt::randomValues<std::int64_t>(
                generator, c.outChannels, -biasRange, biasRange);
            bias = kt::makeTensor("bias", DType::Int64, { c.outChannels }, biasQuant);
            bias.data = kt::constData(bias64);
        } else {
            bias32 = kt::randomValues<std::int32_t>(
                generator, c.outChannels, -biasRange, biasRange);
            bias = kt::makeTensor("bias", DType::Int32, { c.outChannels }, biasQuant);
            bias.data = kt::constData(bias32);
        }
    }
    const ir::TensorId weightsId = graph.addTensor(std::move(weights));
    if (c.op == OpKind::TransposeConv) {
        node.inputs.push_back(weightsId);
        node.inputs.push_back(input);
    } else {
        node.inputs = { input, weightsId };
    }
    if (c.bias)
        node.inputs.push_back(graph.addTensor(std::move(bias)));
    const ir::QuantParams outputQuant
        = quantized ? kt::perTensor(q.outputScale, q.outputZeroPoint) : ir::QuantParams {};
    const ir::TensorId output
        = graph.addTensor(kt::makeTensor("output", inType, outShape, outputQuant));
    node.outputs = { output };
    node.attributes.set("padding", c.padding);
    node.attributes.set("stride_h", c.strideHeight);
    node.attributes.set("stride_w", c.strideWidth);
    node.attributes.set("fused_activation_function", c.activation);
    if (c.op != OpKind::TransposeConv) {
        node.attributes.set("dilation_h_factor", c.dilationHeight);
        node.attributes.set("dilation_w_factor", c.dilationWidth);
    }
    if (c.op == OpKind::DepthwiseConv2D)
        node.attributes.set("depth_multiplier", g.depthMultiplier);
    graph.addNode(std::move(node));
    graph.inputs = { input };
    graph.outputs = { output };

    const std::int64_t inCount = kt::elementCount(c.inputShape);
    const reference::RequantizeParams params = requantizeOf(c, q);
    switch (c.scheme) {
    case Scheme::Float:
    case Scheme::Hybrid:
    case Scheme::HybridPerTensor: {
        const std::vector<float> values = kt::randomValues<float>(generator, inCount, -1.0, 1.0);
        built.input = kt::arrayOf(DType::Float32, c.inputShape, values);
        built.expected = expectedFloat(c, g, isHybrid(c.scheme) ? hybridInput(c, values) : values,
            floatWeights, floatBias, outShape);
        break;
    }
    case Scheme::Int8:
    case Scheme::Int8PerTensor: {
        const std::vector<std::int8_t> values
            = kt::randomValues<std::int8_t>(generator, inCount, -128, 127);
        built.input = kt::arrayOf(DType::Int8, c.inputShape, values);
        built.expected = expectedQuantized(c, g, params, values, int8Weights, bias32, outShape);
        break;
    }
    case Scheme::UInt8: {
        const std::vector<std::uint8_t> values
            = kt::randomValues<std::uint8_t>(generator, inCount, 0, 255);
        built.input = kt::arrayOf(DType::UInt8, c.inputShape, values);
        built.expected = expectedQuantized(c, g, params, values, uint8Weights, bias32, outShape);
        break;
    }
    case Scheme::Int16:
    case Scheme::Int16Bias32: {
        const std::vector<std::int16_t> values
            = kt::randomValues<std::int16_t>(generator, inCount, -32768, 32767);
        built.input = kt::arrayOf(DType::Int16, c.inputShape, values);
        built.expected = c.scheme == Scheme::Int16 || !c.bias
            ? expectedQuantized(c, g, params, values, int8Weights, bias64, outShape)
            : expectedQuantized(c, g, params, values, int8Weights, bias32, outShape);
        break;
    }
    }
    return built;
}

} // namespace lf::test::conv_test
