// SPDX-License-Identifier: GPL-3.0-or-later
// DEPTHWISE_CONV_2D: per output row, channels innermost in vectorised blocks, each window tap
// multiplied into an accumulator row (integers exactly as TFLite sums them). Hybrid (float input,
// int8 weights) quantizes each batch's input at run time and rescales the integer sums, as TFLite's
// per-channel hybrid kernel.
#include "core/interpreter/kernels/conv_support.h"
#include "core/interpreter/kernels/hybrid.h"

namespace lf::interp::conv_support {

namespace {

class DepthwiseConv2DKernel final : public Kernel
{
public:
    Result<void> prepare(KernelArgs& args) override;
    void eval(const KernelArgs& args) override;
    // Called by evalByScheme:
    template <class T, class Acc, class W, class Bias>
    void runTyped(const KernelArgs& args, const W* weights);
    void evalHybrid(const KernelArgs& args);

private:
    template <class T, class Acc, class W, class Store>
    void run(const KernelArgs& args, const T* input, const W* weights, Store store);

    ConvGeometry m_g;
    QuantizationSetup m_quant;
    FloatRange m_activation {};
    ChannelWeights m_weights;
    std::vector<float> m_channelScales; ///< hybrid: weight scale per output channel
    std::vector<std::int16_t> m_hybridInput; ///< hybrid: the quantized input, zero point removed
    std::vector<float> m_batchScales; ///< hybrid: input scale per batch
    bool m_prepared = false;
    std::int64_t m_parts = 1;
};

Result<void> DepthwiseConv2DKernel::prepare(KernelArgs& args)
{
    if (auto arity = checkArity(args, 2, 3, 1); !arity)
        return arity;
    const TensorView& input = args.input(0);
    const TensorView& filter = args.input(1);
    const TensorView* bias = args.hasInput(2) ? &args.input(2) : nullptr;
    TensorView& output = args.output(0);
    if (input.rank() != 4 || filter.rank() != 4 || filter.dim(0) != 1 || filter.dim(1) <= 0
        || filter.dim(2) <= 0)
        return kernelError(
            args, "input must be NHWC and the filter [1, H, W, channels] with a non-empty window");
    Result<Window> window = readWindow(args, true);
    if (!window)
        return std::unexpected(window.error());
    m_g = ConvGeometry {};
    m_g.batches = input.dim(0);
    m_g.inputHeight = input.dim(1);
    m_g.inputWidth = input.dim(2);
    m_g.inputDepth = input.dim(3);
    m_g.filterHeight = filter.dim(1);
    m_g.filterWidth = filter.dim(2);
    m_g.outputDepth = filter.dim(3);
    if (m_g.inputDepth <= 0 || m_g.outputDepth % m_g.inputDepth != 0)
        return kernelError(args,
            "filter channels " + std::to_string(m_g.outputDepth)
                + " are not a multiple of the input's " + std::to_string(m_g.inputDepth));
    m_g.depthMultiplier = m_g.outputDepth / m_g.inputDepth;
    const std::int64_t declared = args.node.attributes.getOr<std::int64_t>("depth_multiplier", 0);
    if (declared != 0 && declared != m_g.depthMultiplier)
        return kernelError(args,
            "depth_multiplier " + std::to_string(declared) + " contradicts the shapes (which give "
                + std::to_string(m_g.depthMultiplier) + ")");
    if (auto geometry = completeGeometry(args, *window, m_g); !geometry)
        return geometry;
    output.shape = { m_g.batches, m_g.outputHeight, m_g.outputWidth, m_g.outputDepth };

    Result<std::string> activation = detail::readActivation(args);
    if (!activation)
        return std::unexpected(activation.error());
    Result<QuantizationSetup> quant = detail::prepareQuantization(
        args, input, filter, bias, output, 3, m_g.outputDepth, *activation, false);
    if (!quant)
        return std::unexpected(quant.error());
    m_quant = std::move(*quant);
    m_activation = activationRange(*activation);
    if (m_quant.scheme == Scheme::Hybrid) {
        m_channelScales = detail::channelScales(filter, m_g.outputDepth);
        m_hybridInput.assign(static_cast<std::size_t>(input.elementCount()), 0);
        m_batchScales.assign(static_cast<std::size_t>(m_g.batches), 0.0f);
    }
    m_prepared = filter.isConstant;
    if (m_prepared)
        prepareChannelWeights(filter, m_quant, {}, m_weights);
    m_parts = args.pool ? args.pool->threadCount() : 1;
    return {};
}

void DepthwiseConv2DKernel::eval(const KernelArgs& args)
{
    if (!m_prepared)
        prepareChannelWeights(args.input(1), m_quant, {}, m_weights);
    evalByScheme(*this, args, m_quant, m_weights);
}

template <class T, class Acc, class W, class Bias>
void DepthwiseConv2DKernel::runTyped(const KernelArgs& args, const W* weights)
{
    const Bias* bias = args.hasInput(2) ? args.input(2).as<const Bias>() : nullptr;
    T* output = args.output(0).as<T>();
    const std::int64_t rowSize = m_g.outputWidth * m_g.outputDepth;
    run<T, Acc>(args, args.input(0).as<const T>(), weights, [&](const Acc* acc, std::int64_t row) {
        storePixels(acc, bias, m_g.outputWidth, m_g.outputDepth, m_activation, m_quant,
            output + row * rowSize);
    });
}

/// TFLite's EvalHybridPerChannel: each batch quantized asymmetrically, out = sum x (channel scale
/// x input scale) + bias.
void DepthwiseConv2DKernel::evalHybrid(const KernelArgs& args)
{
    quantizeBatches(args.input(0).as<const float>(), m_g.inputHeight * m_g.inputWidth * m_g.inputDepth,
        m_hybridInput.data(), m_batchScales);
    const float* bias = args.hasInput(2) ? args.input(2).as<const float>() : nullptr;
    float* output = args.output(0).as<float>();
    const std::int64_t channels = m_g.outputDepth;
    run<std::int16_t, std::int32_t>(args, m_hybridInput.data(), m_weights.integers.data(),
        [&](const std::int32_t* acc, std::int64_t row) {
            const float batchScale
                = m_batchScales[static_cast<std::size_t>(row / m_g.outputHeight)];
            float* out = output + row * m_g.outputWidth * channels;
            for (std::int64_t i = 0; i < m_g.outputWidth * channels; ++i) {
                const std::int64_t c = i % channels;
                float value = static_cast<float>(acc[i])
                    * (m_channelScales[static_cast<std::size_t>(c)] * batchScale);
                if (bias)
                    value += bias[c];
                out[i] = std::clamp(value, m_activation.min, m_activation.max);
            }
        });
}

template <class T, class Acc, class W, class Store>
void DepthwiseConv2DKernel::run(
    const KernelArgs& args, const T* input, const W* weights, Store store)
{
    const ConvGeometry& g = m_g;
    const std::int32_t offset = m_quant.params.inputOffset;
    const std::int64_t rows = g.batches * g.outputHeight;
    const std::int64_t work = rows * g.outputWidth * g.outputDepth * g.filterHeight * g.filterWidth;
    parallelParts(args.pool, rows, partsFor(work, rows, m_parts),
        [&](std::int64_t, std::int64_t begin, std::int64_t end) {
            std::vector<Acc> rowAcc(static_cast<std::size_t>(g.outputWidth * g.outputDepth));
            std::vector<Tap<T, W>> taps(static_cast<std::size_t>(g.filterHeight * g.filterWidth));
            for (std::int64_t row = begin; row < end; ++row) {
                const std::int64_t b = row / g.outputHeight;
                const std::int64_t oy = row % g.outputHeight;
                for (std::int64_t ox = 0; ox < g.outputWidth; ++ox) {
                    Acc* acc = rowAcc.data() + ox * g.outputDepth;
                    std::size_t count = 0;
                    for (std::int64_t ky = 0; ky < g.filterHeight; ++ky) {
                        const std::int64_t iy
                            = oy * g.strideHeight - g.padTop + ky * g.dilationHeight;
                        for (std::int64_t kx = 0; kx < g.filterWidth; ++kx) {
                            const std::int64_t ix
                                = ox * g.strideWidth - g.padLeft + kx * g.dilationWidth;
                            if (iy >= 0 && iy < g.inputHeight && ix >= 0 && ix < g.inputWidth)
                                taps[count++] = { input
                                        + ((b * g.inputHeight + iy) * g.inputWidth + ix)
                                            * g.inputDepth,
                                    weights + (ky * g.filterWidth + kx) * g.outputDepth };
                        }
                    }
                    if (g.depthMultiplier == 1) {
                        accumulateTaps(taps.data(), count, g.outputDepth, offset, acc);
                    } else {
                        std::fill(acc, acc + g.outputDepth, Acc { 0 });
                        for (std::size_t t = 0; t < count; ++t) {
                            for (std::int64_t ic = 0; ic < g.inputDepth; ++ic)
                                multiplyAdd(acc + ic * g.depthMultiplier,
                                    inputValue(taps[t].input[ic], offset),
                                    taps[t].weights + ic * g.depthMultiplier, g.depthMultiplier);
                        }
                    }
                }
                store(rowAcc.data(), row);
            }
        });
}

} // namespace

std::unique_ptr<Kernel> makeDepthwiseConv2DKernel()
{
    return std::make_unique<DepthwiseConv2DKernel>();
}

} // namespace lf::interp::conv_support
