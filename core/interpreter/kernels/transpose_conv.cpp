// SPDX-License-Identifier: GPL-3.0-or-later
// TRANSPOSE_CONV: each output pixel gathers from the input pixels whose scattered window covers it,
// which gives TFLite's sums (exactly for integers) while output rows stay independent. Hybrid
// (float input, int8 weights) quantizes each batch's input at run time and rescales the integer
// sums, as LiteRT does.
#include "core/interpreter/kernels/conv_support.h"
#include "core/interpreter/kernels/hybrid.h"

namespace lf::interp::conv_support {

namespace {

class TransposeConvKernel final : public Kernel
{
public:
    Result<void> prepare(KernelArgs& args) override;
    Result<void> checkInputValues(const KernelArgs& args) const override;
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
    std::vector<float> m_channelScales; ///< hybrid: weight scale per output channel
    std::vector<std::int16_t> m_hybridInput; ///< hybrid: the quantized input, zero point removed
    std::vector<float> m_batchScales; ///< hybrid: input scale per batch
    std::vector<std::int64_t> m_order; ///< OHWI index of each [KH, KW, IC, OC] weight
    ChannelWeights m_weights;
    bool m_prepared = false;
    bool m_outputShapeAtRunTime = false; ///< output_shape is computed or a model input
    std::int64_t m_parts = 1;
};

Result<void> TransposeConvKernel::prepare(KernelArgs& args)
{
    if (auto arity = checkArity(args, 3, 4, 1); !arity)
        return arity;
    const TensorView& outputShape = args.input(0);
    const TensorView& filter = args.input(1);
    const TensorView& input = args.input(2);
    const TensorView* bias = args.hasInput(3) ? &args.input(3) : nullptr;
    TensorView& output = args.output(0);
    if (outputShape.dtype != ir::DType::Int32 || outputShape.elementCount() != 4)
        return kernelError(args, "output_shape must be an int32 tensor of 4 values");
    if (input.rank() != 4 || filter.rank() != 4 || filter.dim(1) <= 0 || filter.dim(2) <= 0)
        return kernelError(
            args, "input and weights must have rank 4 (NHWC, OHWI) and a non-empty window");
    m_outputShapeAtRunTime = !outputShape.isConstant;
    if (m_outputShapeAtRunTime) {
        // Shapes are planned before any value is known: the model's declared output shape is
        // planned, and checkInputValues() holds output_shape to it on every invocation.
        const ir::Shape& declared
            = args.graph->tensors[static_cast<std::size_t>(args.node.outputs[0])].shape;
        if (!declared.isStatic() || declared.rank() != 4)
            return kernelError(args,
                "output_shape is known only at run time and the model does not declare a static "
                "4-D output shape to plan with");
        output.shape = declared.extents();
    } else {
        const std::int32_t* extents = outputShape.as<const std::int32_t>();
        output.shape.assign(extents, extents + 4);
    }
    m_g = ConvGeometry {};
    m_g.batches = input.dim(0);
    m_g.inputHeight = input.dim(1);
    m_g.inputWidth = input.dim(2);
    m_g.inputDepth = input.dim(3);
    m_g.outputDepth = filter.dim(0);
    m_g.filterHeight = filter.dim(1);
    m_g.filterWidth = filter.dim(2);
    m_g.outputHeight = output.shape[1];
    m_g.outputWidth = output.shape[2];
    if (filter.dim(3) != m_g.inputDepth || output.shape[0] != m_g.batches
        || output.shape[3] != m_g.outputDepth || m_g.outputHeight <= 0 || m_g.outputWidth <= 0)
        return kernelError(args, "output_shape, weights and input do not agree");
    Result<Window> window = readWindow(args, false);
    if (!window)
        return std::unexpected(window.error());
    m_g.strideHeight = window->strideHeight;
    m_g.strideWidth = window->strideWidth;
    // TFLite pads as if a convolution of the output produced the input.
    m_g.padTop
        = reference::convLeadingPadding(m_g.strideHeight, 1, m_g.outputHeight, m_g.filterHeight,
            reference::convOutputSize(
                window->same, m_g.outputHeight, m_g.filterHeight, m_g.strideHeight, 1));
    m_g.padLeft
        = reference::convLeadingPadding(m_g.strideWidth, 1, m_g.outputWidth, m_g.filterWidth,
            reference::convOutputSize(
                window->same, m_g.outputWidth, m_g.filterWidth, m_g.strideWidth, 1));

    Result<std::string> activation = detail::readActivation(args);
    if (!activation)
        return std::unexpected(activation.error());
    Result<QuantizationSetup> quant = detail::prepareQuantization(
        args, input, filter, bias, output, 0, m_g.outputDepth, *activation, false);
    if (!quant)
        return std::unexpected(quant.error());
    m_quant = std::move(*quant);
    m_activation = activationRange(*activation);
    if (m_quant.scheme == Scheme::Hybrid) {
        m_channelScales = detail::channelScales(filter, m_g.outputDepth);
        m_hybridInput.assign(static_cast<std::size_t>(input.elementCount()), 0);
        m_batchScales.assign(static_cast<std::size_t>(m_g.batches), 0.0f);
    }
    m_order.resize(static_cast<std::size_t>(filter.elementCount()));
    std::size_t next = 0;
    for (std::int64_t ky = 0; ky < m_g.filterHeight; ++ky) {
        for (std::int64_t kx = 0; kx < m_g.filterWidth; ++kx) {
            for (std::int64_t ic = 0; ic < m_g.inputDepth; ++ic) {
                for (std::int64_t oc = 0; oc < m_g.outputDepth; ++oc)
                    m_order[next++]
                        = ((oc * m_g.filterHeight + ky) * m_g.filterWidth + kx) * m_g.inputDepth
                        + ic;
            }
        }
    }
    m_prepared = filter.isConstant;
    if (m_prepared)
        prepareChannelWeights(filter, m_quant, m_order, m_weights);
    m_parts = args.pool ? args.pool->threadCount() : 1;
    return {};
}

Result<void> TransposeConvKernel::checkInputValues(const KernelArgs& args) const
{
    if (!m_outputShapeAtRunTime)
        return {};
    const std::int32_t* extents = args.input(0).as<const std::int32_t>();
    const std::vector<std::int64_t>& planned = args.output(0).shape;
    if (std::equal(planned.begin(), planned.end(), extents))
        return {};
    std::string given;
    for (int d = 0; d < 4; ++d)
        given += (d ? "," : "") + std::to_string(extents[d]);
    return kernelError(args,
        "output_shape [" + given + "] differs from the output shape the model declares and the "
            "interpreter planned");
}

void TransposeConvKernel::eval(const KernelArgs& args)
{
    if (!m_prepared)
        prepareChannelWeights(args.input(1), m_quant, m_order, m_weights);
    evalByScheme(*this, args, m_quant, m_weights);
}

template <class T, class Acc, class W, class Bias>
void TransposeConvKernel::runTyped(const KernelArgs& args, const W* weights)
{
    const Bias* bias = args.hasInput(3) ? args.input(3).as<const Bias>() : nullptr;
    T* output = args.output(0).as<T>();
    const std::int64_t rowSize = m_g.outputWidth * m_g.outputDepth;
    run<T, Acc>(args, args.input(2).as<const T>(), weights, [&](const Acc* acc, std::int64_t row) {
        storePixels(acc, bias, m_g.outputWidth, m_g.outputDepth, m_activation, m_quant,
            output + row * rowSize);
    });
}

/// As LiteRT computes a hybrid TRANSPOSE_CONV: each batch of the input quantized asymmetrically,
/// out = sum x weight scale x input scale + bias.
void TransposeConvKernel::evalHybrid(const KernelArgs& args)
{
    quantizeBatches(args.input(2).as<const float>(), m_g.inputHeight * m_g.inputWidth * m_g.inputDepth,
        m_hybridInput.data(), m_batchScales);
    const float* bias = args.hasInput(3) ? args.input(3).as<const float>() : nullptr;
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
                    * m_channelScales[static_cast<std::size_t>(c)] * batchScale;
                if (bias)
                    value += bias[c];
                out[i] = std::clamp(value, m_activation.min, m_activation.max);
            }
        });
}

/// Gathers each output pixel from the input pixels whose scattered window covers it, which gives
/// TFLite's sums (exactly for integers) while output rows stay independent.
template <class T, class Acc, class W, class Store>
void TransposeConvKernel::run(const KernelArgs& args, const T* input, const W* weights, Store store)
{
    const ConvGeometry& g = m_g;
    const std::int32_t offset = m_quant.params.inputOffset;
    const std::int64_t rows = g.batches * g.outputHeight;
    const std::int64_t work = g.batches * g.inputHeight * g.inputWidth * g.inputDepth
        * g.filterHeight * g.filterWidth * g.outputDepth;
    parallelParts(args.pool, rows, partsFor(work, rows, m_parts),
        [&](std::int64_t, std::int64_t begin, std::int64_t end) {
            std::vector<Acc> rowAcc(static_cast<std::size_t>(g.outputWidth * g.outputDepth));
            for (std::int64_t row = begin; row < end; ++row) {
                const std::int64_t b = row / g.outputHeight;
                const std::int64_t oy = row % g.outputHeight;
                std::fill(rowAcc.begin(), rowAcc.end(), Acc { 0 });
                for (std::int64_t ox = 0; ox < g.outputWidth; ++ox) {
                    Acc* acc = rowAcc.data() + ox * g.outputDepth;
                    for (std::int64_t ky = 0; ky < g.filterHeight; ++ky) {
                        const std::int64_t ny = oy + g.padTop - ky;
                        if (ny < 0 || ny % g.strideHeight != 0
                            || ny / g.strideHeight >= g.inputHeight)
                            continue;
                        for (std::int64_t kx = 0; kx < g.filterWidth; ++kx) {
                            const std::int64_t nx = ox + g.padLeft - kx;
                            if (nx < 0 || nx % g.strideWidth != 0
                                || nx / g.strideWidth >= g.inputWidth)
                                continue;
                            const T* pixel = input
                                + ((b * g.inputHeight + ny / g.strideHeight) * g.inputWidth
                                      + nx / g.strideWidth)
                                    * g.inputDepth;
                            const W* tap = weights
                                + (ky * g.filterWidth + kx) * g.inputDepth * g.outputDepth;
                            for (std::int64_t ic = 0; ic < g.inputDepth; ++ic)
                                multiplyAdd(acc, inputValue(pixel[ic], offset),
                                    tap + ic * g.outputDepth, g.outputDepth);
                        }
                    }
                }
                store(rowAcc.data(), row);
            }
        });
}

} // namespace

std::unique_ptr<Kernel> makeTransposeConvKernel()
{
    return std::make_unique<TransposeConvKernel>();
}

} // namespace lf::interp::conv_support
