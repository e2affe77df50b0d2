// SPDX-License-Identifier: GPL-3.0-or-later
// CONV_2D (and the registration of the convolution kernels). CONV_2D runs on the packed GEMM of
// gemm.h: a 1x1 stride-1 float convolution multiplies the input pixels directly, other
// shapes first copy a tile of output pixels' windows into a per-thread im2col buffer (for integers
// as int16 values with the input zero point already subtracted, so padding is plain zeros). Hybrid
// convolutions (float input, int8 weights) quantize each batch's input at run time, as TFLite does,
// and run the integer GEMM. Work is split over output pixels; grouped convolutions use the
// reference kernels (hybrid ones on dequantized weights).
#include "core/interpreter/kernels/conv.h"

#include "core/interpreter/kernels/conv_support.h"
#include "core/interpreter/kernels/hybrid.h"

namespace lf::interp {

namespace {

using namespace conv_support;

class Conv2DKernel final : public Kernel
{
public:
    Result<void> prepare(KernelArgs& args) override;
    void eval(const KernelArgs& args) override;

private:
    void packWeights(const KernelArgs& args);
    void evalFloat(const KernelArgs& args);
    template <class T> void evalQuantized(const KernelArgs& args);
    template <class Bias> void evalWide(const KernelArgs& args);
    void evalHybrid(const KernelArgs& args);
    void evalReference(const KernelArgs& args) const;

    ConvGeometry m_g;
    QuantizationSetup m_quant;
    FloatRange m_activation {};
    bool m_gemm = false;
    bool m_pointwise = false;
    bool m_packed = false;
    std::int64_t m_depth = 0; ///< KH * KW * input channels
    std::int64_t m_tileRows = 0; ///< output pixels per GEMM call
    std::int64_t m_parts = 1;
    std::vector<float> m_dequantized;
    detail::PackedFloatWeights m_floatWeights;
    detail::PackedInt16Weights m_int16Weights;
    std::vector<float> m_bias;
    std::vector<float> m_floatScratch;
    std::vector<std::int16_t> m_int16Scratch;
    std::vector<std::int32_t> m_accScratch;
    std::vector<std::int64_t> m_wideAccScratch; ///< 16x8: int32 chunk sums added up in 64 bits
    std::vector<float> m_channelScales; ///< hybrid: weight scale per output channel
    std::vector<std::int16_t> m_hybridInput; ///< hybrid: the quantized input, zero point removed
    std::vector<float> m_rowScales; ///< hybrid: input scale per quantized row
    std::int64_t m_quantRowSize = 0; ///< hybrid: input values per quantized row
};

Result<void> Conv2DKernel::prepare(KernelArgs& args)
{
    if (auto arity = checkArity(args, 2, 3, 1); !arity)
        return arity;
    const TensorView& input = args.input(0);
    const TensorView& filter = args.input(1);
    const TensorView* bias = args.hasInput(2) ? &args.input(2) : nullptr;
    TensorView& output = args.output(0);
    if (input.rank() != 4 || filter.rank() != 4 || filter.dim(1) <= 0 || filter.dim(2) <= 0)
        return kernelError(
            args, "input and filter must have rank 4 (NHWC, OHWI) and a non-empty window");
    Result<Window> window = readWindow(args, true);
    if (!window)
        return std::unexpected(window.error());
    m_g = ConvGeometry {};
    m_g.batches = input.dim(0);
    m_g.inputHeight = input.dim(1);
    m_g.inputWidth = input.dim(2);
    m_g.inputDepth = input.dim(3);
    m_g.outputDepth = filter.dim(0);
    m_g.filterHeight = filter.dim(1);
    m_g.filterWidth = filter.dim(2);
    m_g.filterDepth = filter.dim(3);
    if (m_g.filterDepth <= 0 || m_g.inputDepth % m_g.filterDepth != 0
        || m_g.outputDepth % (m_g.inputDepth / m_g.filterDepth) != 0)
        return kernelError(args,
            "input channels " + std::to_string(m_g.inputDepth)
                + " do not split into groups of the filter's " + std::to_string(m_g.filterDepth)
                + " for " + std::to_string(m_g.outputDepth) + " outputs");
    if (auto geometry = completeGeometry(args, *window, m_g); !geometry)
        return geometry;
    output.shape = { m_g.batches, m_g.outputHeight, m_g.outputWidth, m_g.outputDepth };

    Result<std::string> activation = detail::readActivation(args);
    if (!activation)
        return std::unexpected(activation.error());
    Result<QuantizationSetup> quant = detail::prepareQuantization(
        args, input, filter, bias, output, 0, m_g.outputDepth, *activation, false);
    if (!quant)
        return std::unexpected(quant.error());
    m_quant = std::move(*quant);
    m_activation = activationRange(*activation);
    if (m_quant.scheme == Scheme::Hybrid)
        m_dequantized = detail::dequantizeWeights(filter, 0);

    m_gemm = m_g.inputDepth == m_g.filterDepth;
    m_depth = m_g.filterHeight * m_g.filterWidth * m_g.filterDepth;
    m_pointwise = m_g.filterHeight == 1 && m_g.filterWidth == 1 && m_g.strideHeight == 1
        && m_g.strideWidth == 1 && m_g.padTop == 0 && m_g.padLeft == 0;
    m_packed = false;
    if (!m_gemm)
        return {};
    if (filter.isConstant)
        packWeights(args);
    m_parts = args.pool ? args.pool->threadCount() : 1;
    const std::int64_t panels = (m_g.outputDepth + detail::kGemmPanel - 1) / detail::kGemmPanel;
    m_bias.assign(static_cast<std::size_t>(panels * detail::kGemmPanel), 0.0f);
    const bool floating = m_quant.scheme == Scheme::Float;
    const std::int64_t width = floating ? m_depth : (m_depth + 1) / 2 * 2;
    const std::int64_t elementBytes = floating ? 4 : 2;
    m_tileRows = std::clamp<std::int64_t>(kIm2colBytes / (width * elementBytes) / 6 * 6, 6, 512);
    if (floating) {
        m_floatScratch.assign(
            m_pointwise ? 0 : static_cast<std::size_t>(m_parts * m_tileRows * width), 0.0f);
    } else {
        m_int16Scratch.assign(static_cast<std::size_t>(m_parts * m_tileRows * width), 0);
        m_accScratch.assign(
            static_cast<std::size_t>(m_parts * m_tileRows * panels * detail::kGemmPanel), 0);
    }
    if (m_quant.scheme == Scheme::Int16)
        m_wideAccScratch.assign(m_accScratch.size(), 0);
    if (m_quant.scheme == Scheme::Hybrid) {
        m_channelScales = detail::channelScales(filter, m_g.outputDepth);
        m_hybridInput.assign(static_cast<std::size_t>(input.elementCount()), 0);
        m_quantRowSize
            = m_pointwise ? m_g.inputDepth : m_g.inputHeight * m_g.inputWidth * m_g.inputDepth;
        m_rowScales.assign(static_cast<std::size_t>(input.elementCount() / m_quantRowSize), 0.0f);
    }
    return {};
}

void Conv2DKernel::packWeights(const KernelArgs& args)
{
    const TensorView& filter = args.input(1);
    const std::int64_t cols = m_g.outputDepth;
    switch (m_quant.scheme) {
    case Scheme::Float:
        detail::packFloatWeights(
            filter.as<const float>(), cols, m_depth, m_depth, 1, m_floatWeights);
        break;
    case Scheme::Hybrid:
        detail::packInt16Weights(
            filter.as<const std::int8_t>(), cols, m_depth, m_depth, 1, 0, m_int16Weights);
        break;
    case Scheme::Int8:
        detail::packInt16Weights(filter.as<const std::int8_t>(), cols, m_depth, m_depth, 1,
            m_quant.params.filterOffset, m_int16Weights);
        break;
    case Scheme::UInt8:
        detail::packInt16Weights(filter.as<const std::uint8_t>(), cols, m_depth, m_depth, 1,
            m_quant.params.filterOffset, m_int16Weights);
        break;
    case Scheme::Int16:
        detail::packInt16Weights(
            filter.as<const std::int8_t>(), cols, m_depth, m_depth, 1, 0, m_int16Weights);
        break;
    }
    m_packed = true;
}

void Conv2DKernel::eval(const KernelArgs& args)
{
    if (!m_gemm) {
        evalReference(args);
        return;
    }
    if (!m_packed || !args.input(1).isConstant)
        packWeights(args);
    switch (m_quant.scheme) {
    case Scheme::Float: evalFloat(args); break;
    case Scheme::Hybrid: evalHybrid(args); break;
    case Scheme::Int8: evalQuantized<std::int8_t>(args); break;
    case Scheme::UInt8: evalQuantized<std::uint8_t>(args); break;
    case Scheme::Int16:
        if (m_quant.int64Bias)
            evalWide<std::int64_t>(args);
        else
            evalWide<std::int32_t>(args);
        break;
    }
}

void Conv2DKernel::evalFloat(const KernelArgs& args)
{
    const float* bias = nullptr;
    if (args.hasInput(2)) {
        std::copy_n(args.input(2).as<const float>(), m_g.outputDepth, m_bias.begin());
        bias = m_bias.data();
    }
    const float* input = args.input(0).as<const float>();
    float* output = args.output(0).as<float>();
    const std::int64_t pixels = m_g.batches * m_g.outputHeight * m_g.outputWidth;
    const std::int64_t parts = partsFor(pixels * m_depth * m_g.outputDepth, pixels, m_parts);
    parallelParts(
        args.pool, pixels, parts, [&](std::int64_t part, std::int64_t begin, std::int64_t end) {
            float* scratch
                = m_pointwise ? nullptr : m_floatScratch.data() + part * m_tileRows * m_depth;
            for (std::int64_t pixel = begin; pixel < end; pixel += m_tileRows) {
                const std::int64_t rows = std::min(m_tileRows, end - pixel);
                const float* a = input + pixel * m_g.inputDepth;
                if (!m_pointwise) {
                    im2col(m_g, input, pixel, rows, 0, scratch, m_depth);
                    a = scratch;
                }
                detail::gemmFloat(a, rows, m_depth, m_floatWeights, 0, m_floatWeights.panels(),
                    bias, m_activation, output + pixel * m_g.outputDepth, m_g.outputDepth);
            }
        });
}

template <class T> void Conv2DKernel::evalQuantized(const KernelArgs& args)
{
    const std::int32_t* bias = args.hasInput(2) ? args.input(2).as<const std::int32_t>() : nullptr;
    const T* input = args.input(0).as<const T>();
    T* output = args.output(0).as<T>();
    const std::int64_t width = m_int16Weights.depth;
    const std::int64_t ldacc = m_int16Weights.panels() * detail::kGemmPanel;
    const std::int64_t pixels = m_g.batches * m_g.outputHeight * m_g.outputWidth;
    const std::int64_t parts = partsFor(pixels * m_depth * m_g.outputDepth, pixels, m_parts);
    parallelParts(
        args.pool, pixels, parts, [&](std::int64_t part, std::int64_t begin, std::int64_t end) {
            std::int16_t* rowsScratch = m_int16Scratch.data() + part * m_tileRows * width;
            std::int32_t* acc = m_accScratch.data() + part * m_tileRows * ldacc;
            for (std::int64_t pixel = begin; pixel < end; pixel += m_tileRows) {
                const std::int64_t rows = std::min(m_tileRows, end - pixel);
                im2col(m_g, input, pixel, rows, m_quant.params.inputOffset, rowsScratch, width);
                detail::gemmInt16(rowsScratch, rows, width, m_int16Weights, 0,
                    m_int16Weights.panels(), 0, width / 2, acc, ldacc);
                detail::requantizeBlock(acc, ldacc, bias, m_quant.requantizer, rows, 0,
                    m_g.outputDepth, output + pixel * m_g.outputDepth, m_g.outputDepth);
            }
        });
}

/// As LiteRT computes hybrid convolutions (XNNPACK's dynamically quantized convolution, and
/// TFLite's EvalHybridPerChannel): each batch of the input, or each pixel when the convolution is a
/// plain matrix product (1x1, stride 1), is quantized asymmetrically to int8; the exact int32 sums
/// of (q - zero point) x weight give out = sum x weight scale x input scale + bias.
void Conv2DKernel::evalHybrid(const KernelArgs& args)
{
    const float* input = args.input(0).as<const float>();
    for (std::size_t row = 0; row < m_rowScales.size(); ++row) {
        const auto offset = static_cast<std::int64_t>(row) * m_quantRowSize;
        m_rowScales[row] = detail::quantizeAsymmetric(
            input + offset, m_quantRowSize, m_hybridInput.data() + offset)
                               .scale;
    }
    const float* bias = args.hasInput(2) ? args.input(2).as<const float>() : nullptr;
    float* output = args.output(0).as<float>();
    const std::int64_t width = m_int16Weights.depth;
    const std::int64_t ldacc = m_int16Weights.panels() * detail::kGemmPanel;
    const std::int64_t channels = m_g.outputDepth;
    const std::int64_t pixelsPerBatch = m_g.outputHeight * m_g.outputWidth;
    const std::int64_t pixels = m_g.batches * pixelsPerBatch;
    const std::int64_t parts = partsFor(pixels * m_depth * channels, pixels, m_parts);
    parallelParts(
        args.pool, pixels, parts, [&](std::int64_t part, std::int64_t begin, std::int64_t end) {
            std::int16_t* rowsScratch = m_int16Scratch.data() + part * m_tileRows * width;
            std::int32_t* acc = m_accScratch.data() + part * m_tileRows * ldacc;
            for (std::int64_t pixel = begin; pixel < end; pixel += m_tileRows) {
                const std::int64_t rows = std::min(m_tileRows, end - pixel);
                im2col(m_g, m_hybridInput.data(), pixel, rows, 0, rowsScratch, width);
                detail::gemmInt16(rowsScratch, rows, width, m_int16Weights, 0,
                    m_int16Weights.panels(), 0, width / 2, acc, ldacc);
                for (std::int64_t r = 0; r < rows; ++r) {
                    const float rowScale = m_rowScales[static_cast<std::size_t>(
                        m_pointwise ? pixel + r : (pixel + r) / pixelsPerBatch)];
                    float* out = output + (pixel + r) * channels;
                    for (std::int64_t c = 0; c < channels; ++c) {
                        const auto sum = static_cast<float>(acc[r * ldacc + c]);
                        float value = sum * m_channelScales[static_cast<std::size_t>(c)] * rowScale;
                        if (bias)
                            value += bias[c];
                        out[c] = std::clamp(value, m_activation.min, m_activation.max);
                    }
                }
            }
        });
}

/// 16x8: the int16 GEMM runs over chunks of the depth small enough for int32 sums, which are added
/// up in 64 bits. With an int32 bias TFLite accumulates in (wrapping) int32, which the truncation
/// of the 64-bit sum reproduces.
template <class Bias> void Conv2DKernel::evalWide(const KernelArgs& args)
{
    const Bias* bias = args.hasInput(2) ? args.input(2).as<const Bias>() : nullptr;
    const auto* input = args.input(0).as<const std::int16_t>();
    auto* output = args.output(0).as<std::int16_t>();
    const std::int64_t width = m_int16Weights.depth;
    const std::int64_t pairs = width / 2;
    const std::int64_t ldacc = m_int16Weights.panels() * detail::kGemmPanel;
    const std::int64_t channels = m_g.outputDepth;
    const std::int64_t pixels = m_g.batches * m_g.outputHeight * m_g.outputWidth;
    const std::int64_t parts = partsFor(pixels * m_depth * channels, pixels, m_parts);
    parallelParts(
        args.pool, pixels, parts, [&](std::int64_t part, std::int64_t begin, std::int64_t end) {
            std::int16_t* rowsScratch = m_int16Scratch.data() + part * m_tileRows * width;
            std::int32_t* acc = m_accScratch.data() + part * m_tileRows * ldacc;
            std::int64_t* wide = m_wideAccScratch.data() + part * m_tileRows * ldacc;
            for (std::int64_t pixel = begin; pixel < end; pixel += m_tileRows) {
                const std::int64_t rows = std::min(m_tileRows, end - pixel);
                im2col(m_g, input, pixel, rows, 0, rowsScratch, width);
                std::fill(wide, wide + rows * ldacc, std::int64_t { 0 });
                for (std::int64_t chunk = 0; chunk < pairs; chunk += detail::kInt16PairsPerChunk) {
                    detail::gemmInt16(rowsScratch, rows, width, m_int16Weights, 0,
                        m_int16Weights.panels(), chunk,
                        std::min(chunk + detail::kInt16PairsPerChunk, pairs), acc, ldacc);
                    for (std::int64_t i = 0; i < rows * ldacc; ++i)
                        wide[i] += acc[i];
                }
                for (std::int64_t r = 0; r < rows; ++r) {
                    for (std::int64_t c = 0; c < channels; ++c) {
                        const std::int64_t sum = wide[r * ldacc + c] + (bias ? bias[c] : 0);
                        const std::int32_t value = std::is_same_v<Bias, std::int64_t>
                            ? reference::requantize(sum, m_quant.params, c)
                            : reference::requantize(
                                static_cast<std::int32_t>(sum), m_quant.params, c);
                        output[(pixel + r) * channels + c] = static_cast<std::int16_t>(value);
                    }
                }
            }
        });
}

void Conv2DKernel::evalReference(const KernelArgs& args) const
{
    const TensorView& input = args.input(0);
    const TensorView& filter = args.input(1);
    const TensorView& output = args.output(0);
    switch (m_quant.scheme) {
    case Scheme::Float:
    case Scheme::Hybrid: {
        std::span<const float> bias;
        if (args.hasInput(2))
            bias = args.input(2).span<const float>();
        const std::span<const float> weights = m_quant.scheme == Scheme::Hybrid
            ? std::span<const float>(m_dequantized)
            : filter.span<const float>();
        reference::conv2D(
            m_g, input.span<const float>(), weights, bias, m_activation, output.span<float>());
        break;
    }
    case Scheme::Int8:
        reference::conv2DQuantized<std::int8_t, std::int8_t, std::int32_t>(m_g, m_quant.params,
            input.span<const std::int8_t>(), filter.span<const std::int8_t>(),
            args.hasInput(2) ? args.input(2).span<const std::int32_t>()
                             : std::span<const std::int32_t>(),
            output.span<std::int8_t>());
        break;
    case Scheme::UInt8:
        reference::conv2DQuantized<std::uint8_t, std::uint8_t, std::int32_t>(m_g, m_quant.params,
            input.span<const std::uint8_t>(), filter.span<const std::uint8_t>(),
            args.hasInput(2) ? args.input(2).span<const std::int32_t>()
                             : std::span<const std::int32_t>(),
            output.span<std::uint8_t>());
        break;
    case Scheme::Int16:
        if (m_quant.int64Bias)
            reference::conv2DQuantized<std::int16_t, std::int8_t, std::int64_t>(m_g, m_quant.params,
                input.span<const std::int16_t>(), filter.span<const std::int8_t>(),
                args.hasInput(2) ? args.input(2).span<const std::int64_t>()
                                 : std::span<const std::int64_t>(),
                output.span<std::int16_t>());
        else
            reference::conv2DQuantized<std::int16_t, std::int8_t, std::int32_t>(m_g, m_quant.params,
                input.span<const std::int16_t>(), filter.span<const std::int8_t>(),
                args.input(2).span<const std::int32_t>(), output.span<std::int16_t>());
        break;
    }
}

std::unique_ptr<Kernel> makeConv2DKernel()
{
    return std::make_unique<Conv2DKernel>();
}

} // namespace

void registerConvKernels(KernelRegistry& registry)
{
    registry.add(ir::OpKind::Conv2D, &makeConv2DKernel);
    registry.add(ir::OpKind::DepthwiseConv2D, &conv_support::makeDepthwiseConv2DKernel);
    registry.add(ir::OpKind::TransposeConv, &conv_support::makeTransposeConvKernel);
}

} // namespace lf::interp
