// SPDX-License-Identifier: GPL-3.0-or-later
// CONV_2D, DEPTHWISE_CONV_2D and TRANSPOSE_CONV on one-node models: the interpreter's fast kernels
// against the reference kernels for randomized shapes, paddings, strides, dilations, groups and
// every dtype scheme, a subset also in LiteRT (bit-exact for integers), the errors prepare() must
// give, and a small timing run on MobileNet-sized layers (printed, not asserted).
#include "core/interpreter/kernels/conv.h"
#include "core/interpreter/kernels/reference/conv.h"
#include "tests/core/interpreter/kernels/kernel_test_support.h"

#include <QTest>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <ctime>
#include <numeric>
#include <random>

using namespace lf;
namespace kt = lf::test::kt;
namespace reference = lf::interp::reference;
using ir::DType;
using ir::OpKind;

namespace {

enum class Scheme {
    Float,
    Hybrid,
    HybridPerTensor,
    Int8,
    Int8PerTensor,
    UInt8,
    Int16,
    Int16Bias32
};

struct ConvCase
{
    OpKind op = OpKind::Conv2D;
    Scheme scheme = Scheme::Float;
    std::vector<std::int64_t> inputShape; ///< NHWC
    std::int64_t outChannels
        = 1; ///< CONV_2D, TRANSPOSE_CONV; depthwise: input channels * multiplier
    std::int64_t kernelHeight = 1;
    std::int64_t kernelWidth = 1;
    std::int64_t strideHeight = 1;
    std::int64_t strideWidth = 1;
    std::int64_t dilationHeight = 1;
    std::int64_t dilationWidth = 1;
    std::string padding = "SAME";
    std::string activation = "NONE";
    std::int64_t groups = 1; ///< CONV_2D only
    std::vector<std::int64_t> transposeOutput; ///< TRANSPOSE_CONV: output H, W
    bool bias = true;
    std::uint32_t seed = 1;
};

} // namespace

Q_DECLARE_METATYPE(ConvCase)

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

/// A built one-node model with its input and the expected output from the reference kernels.
struct Built
{
    ir::Model model;
    NpyArray input;
    NpyArray expected;
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
            bias64 = kt::randomValues<std::int64_t>(generator, c.outChannels, -biasRange, biasRange);
            bias = kt::makeTensor("bias", DType::Int64, { c.outChannels }, biasQuant);
            bias.data = kt::constData(bias64);
        } else {
            bias32 = kt::randomValues<std::int32_t>(generator, c.outChannels, -biasRange, biasRange);
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

ConvCase conv(Scheme scheme, std::vector<std::int64_t> input, std::int64_t out, std::int64_t k,
    std::int64_t stride, std::string padding, std::string activation = "NONE")
{
    ConvCase c;
    c.op = OpKind::Conv2D;
    c.scheme = scheme;
    c.inputShape = std::move(input);
    c.outChannels = out;
    c.kernelHeight = c.kernelWidth = k;
    c.strideHeight = c.strideWidth = stride;
    c.padding = std::move(padding);
    c.activation = std::move(activation);
    return c;
}

ConvCase depthwise(Scheme scheme, std::vector<std::int64_t> input, std::int64_t multiplier,
    std::int64_t k, std::int64_t stride, std::string padding, std::string activation = "NONE")
{
    ConvCase c
        = conv(scheme, std::move(input), 0, k, stride, std::move(padding), std::move(activation));
    c.op = OpKind::DepthwiseConv2D;
    c.outChannels = c.inputShape[3] * multiplier;
    return c;
}

ConvCase transposeConv(Scheme scheme, std::vector<std::int64_t> input, std::int64_t out,
    std::int64_t k, std::int64_t stride, std::string padding, std::vector<std::int64_t> outputHw,
    std::string activation = "NONE")
{
    ConvCase c
        = conv(scheme, std::move(input), out, k, stride, std::move(padding), std::move(activation));
    c.op = OpKind::TransposeConv;
    c.transposeOutput = std::move(outputHw);
    return c;
}

ConvCase with(ConvCase c, auto change)
{
    change(c);
    return c;
}

/// Every row of the reference and LiteRT tables: shapes with odd extents, both paddings, strides,
/// dilations, groups, multipliers, every activation and every dtype scheme.
void addCases(bool liteRtSubset)
{
    QTest::addColumn<ConvCase>("c");
    auto add = [&](const char* name, ConvCase c, bool inLiteRt) {
        if (!liteRtSubset || inLiteRt)
            QTest::newRow(name) << c;
    };
    const auto dilated = [](ConvCase& c) {
        c.dilationHeight = 2;
        c.dilationWidth = 3;
    };
    const auto noBias = [](ConvCase& c) { c.bias = false; };
    const auto oblong = [](ConvCase& c) {
        c.kernelHeight = 3;
        c.kernelWidth = 2;
        c.strideHeight = 1;
        c.strideWidth = 2;
    };

    add("conv float 1x1", conv(Scheme::Float, { 1, 7, 9, 32 }, 24, 1, 1, "SAME"), true);
    add("conv float 3x3 same s1 relu6",
        conv(Scheme::Float, { 2, 9, 11, 5 }, 19, 3, 1, "SAME", "RELU6"), true);
    add("conv float 3x3 same s2", conv(Scheme::Float, { 1, 10, 13, 3 }, 16, 3, 2, "SAME", "RELU"),
        true);
    add("conv float 5x5 valid s2", conv(Scheme::Float, { 1, 12, 9, 4 }, 7, 5, 2, "VALID"), false);
    add("conv float 1x1 s2", conv(Scheme::Float, { 1, 9, 9, 8 }, 33, 1, 2, "SAME"), false);
    add("conv float dilated",
        with(conv(Scheme::Float, { 1, 13, 14, 6 }, 10, 3, 1, "SAME"), dilated), true);
    add("conv float oblong",
        with(conv(Scheme::Float, { 1, 8, 9, 5 }, 6, 3, 1, "VALID", "RELU_N1_TO_1"), oblong), false);
    add("conv float no bias", with(conv(Scheme::Float, { 1, 6, 6, 3 }, 5, 3, 1, "SAME"), noBias),
        false);
    add("conv float grouped",
        with(conv(Scheme::Float, { 1, 6, 7, 8 }, 6, 3, 1, "SAME"),
            [](ConvCase& c) { c.groups = 2; }),
        true);
    add("conv float large", conv(Scheme::Float, { 1, 30, 30, 16 }, 40, 3, 1, "SAME", "RELU"),
        false);
    add("conv hybrid", conv(Scheme::Hybrid, { 1, 8, 8, 6 }, 9, 3, 1, "SAME", "RELU"), true);
    add("conv hybrid 1x1", conv(Scheme::Hybrid, { 1, 8, 8, 16 }, 9, 1, 1, "SAME"), true);
    add("conv hybrid 1x1 two batches", conv(Scheme::Hybrid, { 2, 5, 5, 16 }, 9, 1, 1, "SAME"),
        true);
    add("conv hybrid two batches s2",
        conv(Scheme::Hybrid, { 2, 9, 7, 5 }, 11, 3, 2, "VALID", "RELU6"), true);
    add("conv hybrid per-tensor",
        conv(Scheme::HybridPerTensor, { 1, 10, 7, 1 }, 16, 3, 1, "SAME", "RELU"), true);
    add("conv hybrid per-tensor 1x1",
        conv(Scheme::HybridPerTensor, { 1, 6, 5, 24 }, 20, 1, 1, "VALID"), true);
    add("conv hybrid dilated",
        with(conv(Scheme::Hybrid, { 1, 13, 14, 6 }, 10, 3, 1, "SAME"), dilated), true);
    add("conv int8 1x1", conv(Scheme::Int8, { 1, 7, 9, 32 }, 24, 1, 1, "SAME"), true);
    add("conv int8 3x3 same s2 relu6",
        conv(Scheme::Int8, { 2, 11, 10, 7 }, 17, 3, 2, "SAME", "RELU6"), true);
    add("conv int8 3x3 valid", conv(Scheme::Int8, { 1, 9, 8, 3 }, 5, 3, 1, "VALID", "RELU"), true);
    add("conv int8 dilated", with(conv(Scheme::Int8, { 1, 12, 13, 5 }, 8, 3, 1, "SAME"), dilated),
        true);
    add("conv int8 oblong",
        with(conv(Scheme::Int8, { 1, 8, 9, 5 }, 6, 3, 1, "SAME", "RELU_N1_TO_1"), oblong), true);
    add("conv int8 no bias", with(conv(Scheme::Int8, { 1, 6, 6, 3 }, 5, 3, 1, "SAME"), noBias),
        false);
    add("conv int8 grouped",
        with(conv(Scheme::Int8, { 1, 6, 7, 8 }, 12, 3, 1, "SAME"),
            [](ConvCase& c) { c.groups = 4; }),
        false);
    add("conv int8 large", conv(Scheme::Int8, { 1, 30, 30, 16 }, 40, 3, 1, "SAME", "RELU"), false);
    add("conv int8 per-tensor", conv(Scheme::Int8PerTensor, { 1, 7, 8, 4 }, 9, 3, 1, "SAME"), true);
    add("conv uint8", conv(Scheme::UInt8, { 1, 9, 7, 5 }, 11, 3, 2, "SAME", "RELU"), true);
    add("conv uint8 1x1", conv(Scheme::UInt8, { 1, 5, 6, 20 }, 13, 1, 1, "VALID"), false);
    add("conv int16", conv(Scheme::Int16, { 1, 8, 9, 5 }, 7, 3, 1, "SAME", "RELU6"), true);
    add("conv int16 int32 bias", conv(Scheme::Int16Bias32, { 1, 7, 6, 4 }, 5, 3, 2, "SAME"), false);
    add("conv int16 deep", conv(Scheme::Int16, { 1, 6, 7, 64 }, 10, 3, 1, "SAME"),
        true); // 576 taps: two int32 chunks
    add("conv int16 grouped",
        with(conv(Scheme::Int16, { 1, 5, 6, 6 }, 4, 3, 1, "SAME"),
            [](ConvCase& c) { c.groups = 2; }),
        false);

    add("depthwise float 3x3 s1",
        depthwise(Scheme::Float, { 1, 9, 11, 37 }, 1, 3, 1, "SAME", "RELU6"), true);
    add("depthwise float 3x3 s2", depthwise(Scheme::Float, { 2, 10, 9, 16 }, 1, 3, 2, "SAME"),
        true);
    add("depthwise float multiplier 3",
        depthwise(Scheme::Float, { 1, 7, 8, 5 }, 3, 3, 1, "VALID", "RELU"), true);
    add("depthwise float dilated",
        with(depthwise(Scheme::Float, { 1, 12, 11, 6 }, 2, 3, 1, "SAME"), dilated), false);
    add("depthwise float 5x5 no bias",
        with(depthwise(Scheme::Float, { 1, 9, 9, 18 }, 1, 5, 2, "VALID"), noBias), false);
    add("depthwise hybrid", depthwise(Scheme::Hybrid, { 1, 8, 8, 20 }, 1, 3, 1, "SAME"), true);
    add("depthwise hybrid two batches, multiplier 2",
        depthwise(Scheme::Hybrid, { 2, 7, 6, 5 }, 2, 3, 2, "VALID", "RELU"), true);
    // LiteRT's hybrid depthwise kernel reads one weight scale per channel, past the end of a
    // per-tensor scale: only the reference judges this row.
    add("depthwise hybrid per-tensor",
        depthwise(Scheme::HybridPerTensor, { 1, 6, 7, 8 }, 1, 3, 1, "SAME"), false);
    add("depthwise int8 3x3 s1",
        depthwise(Scheme::Int8, { 1, 9, 11, 37 }, 1, 3, 1, "SAME", "RELU6"), true);
    add("depthwise int8 3x3 s2", depthwise(Scheme::Int8, { 2, 10, 9, 16 }, 1, 3, 2, "SAME"), true);
    add("depthwise int8 multiplier 2",
        depthwise(Scheme::Int8, { 1, 7, 8, 5 }, 2, 3, 1, "VALID", "RELU"), true);
    add("depthwise int8 dilated",
        with(depthwise(Scheme::Int8, { 1, 12, 11, 6 }, 1, 3, 1, "SAME"), dilated), true);
    add("depthwise int8 per-tensor",
        depthwise(Scheme::Int8PerTensor, { 1, 6, 7, 8 }, 1, 3, 1, "SAME"), false);
    add("depthwise uint8", depthwise(Scheme::UInt8, { 1, 9, 8, 19 }, 1, 3, 2, "SAME", "RELU6"),
        true);
    add("depthwise int16", depthwise(Scheme::Int16, { 1, 8, 9, 21 }, 1, 3, 1, "SAME"), true);
    add("depthwise int16 int32 bias",
        depthwise(Scheme::Int16Bias32, { 1, 6, 5, 4 }, 2, 3, 1, "SAME"), false);

    add("transpose hybrid",
        transposeConv(Scheme::Hybrid, { 1, 5, 6, 7 }, 9, 3, 2, "SAME", { 10, 12 }), true);
    add("transpose hybrid per-tensor two batches",
        transposeConv(Scheme::HybridPerTensor, { 2, 4, 5, 6 }, 8, 3, 2, "VALID", { 9, 11 }, "RELU"),
        true);
    add("transpose float s2 same",
        transposeConv(Scheme::Float, { 1, 5, 6, 7 }, 9, 3, 2, "SAME", { 10, 12 }), true);
    add("transpose float s2 valid",
        transposeConv(Scheme::Float, { 1, 4, 5, 3 }, 6, 3, 2, "VALID", { 9, 11 }, "RELU"), true);
    add("transpose float s1",
        transposeConv(Scheme::Float, { 2, 6, 5, 4 }, 5, 3, 1, "SAME", { 6, 5 }), false);
    add("transpose float 4x4 s2 odd output",
        transposeConv(Scheme::Float, { 1, 4, 4, 6 }, 20, 4, 2, "SAME", { 7, 8 }), false);
    add("transpose float no bias",
        with(transposeConv(Scheme::Float, { 1, 3, 4, 5 }, 4, 2, 2, "VALID", { 6, 8 }), noBias),
        true);
    add("transpose int8 s2 same",
        transposeConv(Scheme::Int8, { 1, 5, 6, 7 }, 9, 3, 2, "SAME", { 10, 12 }), true);
    add("transpose int8 s2 valid relu",
        transposeConv(Scheme::Int8, { 1, 4, 5, 3 }, 6, 3, 2, "VALID", { 9, 11 }, "RELU"), true);
    add("transpose int8 no bias",
        with(transposeConv(Scheme::Int8, { 1, 3, 4, 5 }, 4, 2, 2, "VALID", { 6, 8 }), noBias),
        true);
    add("transpose uint8", transposeConv(Scheme::UInt8, { 1, 4, 4, 3 }, 5, 3, 2, "SAME", { 8, 8 }),
        false);
    add("transpose int16", transposeConv(Scheme::Int16, { 1, 4, 5, 3 }, 6, 3, 2, "SAME", { 8, 10 }),
        true);
}

} // namespace

class TestConv : public QObject
{
    Q_OBJECT

private slots:
    void matchesReference_data();
    void matchesReference();
    void matchesLiteRt_data();
    void matchesLiteRt();
    void padsLikeTflite();
    void rejectsWhatItCannotRun_data();
    void rejectsWhatItCannotRun();
    void takesOutputShapeFromModelInput();
    void timesMobileNetLayers();
};

void TestConv::matchesReference_data()
{
    addCases(false);
}

void TestConv::matchesReference()
{
    QFETCH(ConvCase, c);
    const Built built = build(c);
    for (int threads : { 1, 2 }) {
        const Result<NpyArray> actual = kt::runOursFirst(
            built.model, { built.input }, interp::registerConvKernels, threads);
        QVERIFY2(actual, actual ? "" : actual.error().toString().c_str());
        const QString problem = kt::compareTight(*actual, built.expected);
        QVERIFY2(problem.isEmpty(),
            qPrintable(QStringLiteral("%1 threads: %2").arg(threads).arg(problem)));
    }
}

void TestConv::matchesLiteRt_data()
{
    addCases(true);
}

void TestConv::matchesLiteRt()
{
    QFETCH(ConvCase, c);
    const Built built = build(c);
    // LiteRT runs 8-bit convolutions in XNNPACK: with its arithmetic, every element must agree.
    const Result<NpyArray> actual
        = kt::runOursFirst(built.model, { built.input }, interp::registerConvKernels, 2,
            interp::QuantizedArithmetic::Xnnpack);
    QVERIFY2(actual, actual ? "" : actual.error().toString().c_str());
    const test::RuntimeRun run = kt::runInLiteRt(built.model, { built.input });
    QVERIFY2(run.ok, qPrintable(run.error));
    QCOMPARE(run.outputs.size(), std::size_t { 1 });
    const QString problem = kt::compareTight(*actual, run.outputs[0]);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestConv::padsLikeTflite()
{
    // in 10, filter 4, stride 3, SAME: 4 outputs need 13 pixels, 3 of padding: 1 top, 2 bottom.
    QCOMPARE(reference::convOutputSize(true, 10, 4, 3, 1), std::int64_t { 4 });
    QCOMPARE(reference::convLeadingPadding(3, 1, 10, 4, 4), std::int64_t { 1 });
    // VALID never pads, and dilation widens the window: (3 - 1) * 2 + 1 = 5.
    QCOMPARE(reference::convOutputSize(false, 10, 3, 2, 2), std::int64_t { 3 });
    QCOMPARE(reference::convLeadingPadding(2, 2, 10, 3, 3), std::int64_t { 0 });
    QCOMPARE(reference::convOutputSize(true, 7, 3, 2, 2), std::int64_t { 4 });
    QCOMPARE(reference::convLeadingPadding(2, 2, 7, 3, 4), std::int64_t { 2 });
}

void TestConv::rejectsWhatItCannotRun_data()
{
    QTest::addColumn<ConvCase>("c");
    QTest::addColumn<int>("change");
    QTest::addColumn<QString>("message");
    const ConvCase base = conv(Scheme::Float, { 1, 5, 5, 3 }, 4, 3, 1, "SAME");
    QTest::newRow("padding") << base << 0 << QStringLiteral("padding");
    QTest::newRow("activation") << base << 1 << QStringLiteral("fused_activation_function");
    QTest::newRow("stride") << base << 2 << QStringLiteral("stride");
    QTest::newRow("window larger than input") << conv(Scheme::Float, { 1, 2, 2, 3 }, 4, 3, 1,
        "VALID") << -1 << QStringLiteral("larger than the input");
    QTest::newRow("transpose output_shape at run time, output undeclared")
        << transposeConv(Scheme::Float, { 1, 3, 3, 2 }, 4, 3, 2, "SAME", { 6, 6 }) << 3
        << QStringLiteral("does not declare a static");
    QTest::newRow("int8 weights with zero point")
        << conv(Scheme::Int8, { 1, 5, 5, 3 }, 4, 3, 1, "SAME") << 4 << QStringLiteral("zero point");
    QTest::newRow("depth_multiplier contradicts shapes") << depthwise(Scheme::Float, { 1, 5, 5, 3 },
        2, 3, 1, "SAME") << 5 << QStringLiteral("depth_multiplier");
}

void TestConv::rejectsWhatItCannotRun()
{
    QFETCH(ConvCase, c);
    QFETCH(int, change);
    QFETCH(QString, message);
    Built built = build(c);
    ir::Graph& graph = built.model.main();
    ir::Node& node = graph.nodes.front();
    switch (change) {
    case 0: node.attributes.set("padding", std::string("EXPLICIT")); break;
    case 1: node.attributes.set("fused_activation_function", std::string("TANH")); break;
    case 2: node.attributes.set("stride_h", std::int64_t { 0 }); break;
    case 3: {
        // The shape comes from a graph input, and the model leaves the output's height open.
        ir::Tensor& shape = graph.tensors[static_cast<std::size_t>(node.inputs[0])];
        shape.data = {};
        graph.inputs.push_back(node.inputs[0]);
        graph.tensors[static_cast<std::size_t>(node.outputs[0])].shape.dims[1] = ir::Dim {};
        break;
    }
    case 4: graph.tensors[static_cast<std::size_t>(node.inputs[1])].quant.zeroPoints[0] = 3; break;
    case 5: node.attributes.set("depth_multiplier", std::int64_t { 3 }); break;
    default: break;
    }
    const Result<void> prepared = kt::prepareOurs(built.model, interp::registerConvKernels);
    QVERIFY(!prepared);
    QVERIFY2(QString::fromStdString(prepared.error().toString()).contains(message),
        prepared.error().toString().c_str());
}

void TestConv::takesOutputShapeFromModelInput()
{
    // TRANSPOSE_CONV's output_shape as a model input (as in TFLM's seanet layers): planned with the
    // declared output shape, the same results as with a constant, and a value that contradicts the
    // plan is an error of invoke() naming the node.
    const ConvCase c = transposeConv(Scheme::Float, { 1, 3, 3, 2 }, 4, 3, 2, "SAME", { 6, 6 });
    Built built = build(c);
    ir::Graph& graph = built.model.main();
    const ir::TensorId shapeInput = graph.nodes.front().inputs[0];
    graph.tensors[static_cast<std::size_t>(shapeInput)].data = {};
    graph.inputs.push_back(shapeInput);
    interp::KernelRegistry registry;
    interp::registerConvKernels(registry);
    interp::InterpreterOptions options;
    options.registry = &registry;
    auto created
        = interp::Interpreter::create(std::make_shared<const ir::Model>(built.model), options);
    QVERIFY2(created, created ? "" : created.error().toString().c_str());
    interp::Interpreter& interpreter = **created;
    const std::int64_t shapeDims[] = { 4 };
    const auto setShape = [&](std::array<std::int32_t, 4> values) {
        return interpreter.setInput(1, DType::Int32, shapeDims, std::as_bytes(std::span(values)));
    };
    QVERIFY(interpreter.setInput(0, built.input.dtype, built.input.shape, built.input.data));
    QVERIFY(setShape({ 1, 6, 6, 4 }));
    QVERIFY(interpreter.invoke());
    const interp::TensorView& out = interpreter.output(0);
    const auto* bytes = out.as<const std::byte>();
    const NpyArray actual { out.dtype, out.shape,
        std::vector<std::byte>(bytes, bytes + out.byteSize()) };
    const QString problem = kt::compareTight(actual, built.expected);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    QVERIFY(setShape({ 1, 5, 6, 4 }));
    const Result<void> wrong = interpreter.invoke();
    QVERIFY(!wrong);
    QVERIFY2(wrong.error().toString().find("differs from the output shape")
            != std::string::npos,
        wrong.error().toString().c_str());
}

void TestConv::timesMobileNetLayers()
{
    struct Layer
    {
        const char* name;
        ConvCase c;
    };
    const std::vector<Layer> layers {
        { "1x1 conv 112x112x32->64 float",
            conv(Scheme::Float, { 1, 112, 112, 32 }, 64, 1, 1, "SAME", "RELU6") },
        { "1x1 conv 112x112x32->64 int8",
            conv(Scheme::Int8, { 1, 112, 112, 32 }, 64, 1, 1, "SAME", "RELU6") },
        { "3x3 depthwise 112x112x32 float",
            depthwise(Scheme::Float, { 1, 112, 112, 32 }, 1, 3, 1, "SAME", "RELU6") },
        { "3x3 depthwise 112x112x32 int8",
            depthwise(Scheme::Int8, { 1, 112, 112, 32 }, 1, 3, 1, "SAME", "RELU6") },
        { "3x3 conv s2 224x224x3->32 float",
            conv(Scheme::Float, { 1, 224, 224, 3 }, 32, 3, 2, "SAME", "RELU6") },
        { "3x3 conv s2 224x224x3->32 int8",
            conv(Scheme::Int8, { 1, 224, 224, 3 }, 32, 3, 2, "SAME", "RELU6") },
    };
    constexpr int kRuns = 20;
    for (const Layer& layer : layers) {
        const Built built = build(layer.c);
        for (int threads : { 1, 2 }) {
            interp::KernelRegistry registry;
            interp::registerConvKernels(registry);
            interp::InterpreterOptions options;
            options.registry = &registry;
            options.threads = threads;
            auto interpreter = interp::Interpreter::create(
                std::make_shared<const ir::Model>(built.model), options);
            QVERIFY(interpreter);
            QVERIFY((*interpreter)
                        ->setInput(0, built.input.dtype, built.input.shape, built.input.data));
            // The machine is shared: the fastest wall time and the median CPU time of the process
            // (all threads) say more than a median wall time.
            std::vector<double> wall;
            std::vector<double> cpu;
            for (int run = 0; run < kRuns; ++run) {
                const auto start = std::chrono::steady_clock::now();
                const std::clock_t cpuStart = std::clock();
                QVERIFY((*interpreter)->invoke());
                cpu.push_back(
                    1000.0 * static_cast<double>(std::clock() - cpuStart) / CLOCKS_PER_SEC);
                wall.push_back(std::chrono::duration<double, std::milli>(
                    std::chrono::steady_clock::now() - start)
                                   .count());
            }
            std::nth_element(cpu.begin(), cpu.begin() + kRuns / 2, cpu.end());
            qInfo("%s, %d thread(s): fastest %.3f ms, median CPU %.3f ms", layer.name, threads,
                *std::min_element(wall.begin(), wall.end()), cpu[kRuns / 2]);
        }
    }
}

QTEST_GUILESS_MAIN(TestConv)
#include "tst_conv.moc"
