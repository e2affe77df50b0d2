// SPDX-License-Identifier: GPL-3.0-or-later
// CONV_2D, DEPTHWISE_CONV_2D and TRANSPOSE_CONV. CONV_2D runs on the packed GEMM of
// fully_connected.h: a 1x1 stride-1 float convolution multiplies the input pixels directly, other
// shapes first copy a tile of output pixels' windows into a per-thread im2col buffer (for integers
// as int16 values with the input zero point already subtracted, so padding is plain zeros). The
// depthwise and transpose kernels work per output pixel with channels innermost. Work is split over
// output pixels or rows; grouped convolutions use the reference kernels.
#include "core/interpreter/kernels/conv.h"

#include "core/interpreter/kernels/gemm.h"
#include "core/interpreter/kernels/reference/conv.h"

#include <algorithm>
#include <cstring>
#include <type_traits>

namespace lf::interp {
namespace {

using detail::QuantizationSetup;
using detail::Scheme;
using reference::ConvGeometry;

/// Multiply-accumulates below which a task is not worth handing to another thread.
constexpr std::int64_t kMinTaskWork = std::int64_t { 1 } << 18;
/// Bytes of im2col rows one GEMM call works on, so that they stay in L2 next to a weight panel.
constexpr std::int64_t kIm2colBytes = 96 * 1024;
/// Channels per vectorised block of the depthwise and transpose kernels.
constexpr int kBlock = 16;

struct Window
{
    bool same = true;
    std::int64_t strideHeight = 1;
    std::int64_t strideWidth = 1;
    std::int64_t dilationHeight = 1;
    std::int64_t dilationWidth = 1;
};

Result<Window> readWindow(const KernelArgs& args, bool dilated)
{
    const ir::Attributes& attributes = args.node.attributes;
    const std::string padding = attributes.getOr<std::string>("padding", "SAME");
    if (padding != "SAME" && padding != "VALID")
        return kernelError(args, "padding " + padding + " is not supported");
    Window window;
    window.same = padding == "SAME";
    window.strideHeight = attributes.getOr<std::int64_t>("stride_h", 1);
    window.strideWidth = attributes.getOr<std::int64_t>("stride_w", 1);
    if (dilated) {
        window.dilationHeight = attributes.getOr<std::int64_t>("dilation_h_factor", 1);
        window.dilationWidth = attributes.getOr<std::int64_t>("dilation_w_factor", 1);
    }
    if (window.strideHeight < 1 || window.strideWidth < 1 || window.dilationHeight < 1
        || window.dilationWidth < 1)
        return kernelError(args, "strides and dilation factors must be at least 1");
    return window;
}

/// Output extents and leading padding of a convolution of `g`'s input with `g`'s filter.
Result<void> completeGeometry(const KernelArgs& args, const Window& window, ConvGeometry& g)
{
    g.strideHeight = window.strideHeight;
    g.strideWidth = window.strideWidth;
    g.dilationHeight = window.dilationHeight;
    g.dilationWidth = window.dilationWidth;
    g.outputHeight = reference::convOutputSize(
        window.same, g.inputHeight, g.filterHeight, g.strideHeight, g.dilationHeight);
    g.outputWidth = reference::convOutputSize(
        window.same, g.inputWidth, g.filterWidth, g.strideWidth, g.dilationWidth);
    if (g.outputHeight <= 0 || g.outputWidth <= 0)
        return kernelError(args, "the filter window is larger than the input");
    g.padTop = reference::convLeadingPadding(
        g.strideHeight, g.dilationHeight, g.inputHeight, g.filterHeight, g.outputHeight);
    g.padLeft = reference::convLeadingPadding(
        g.strideWidth, g.dilationWidth, g.inputWidth, g.filterWidth, g.outputWidth);
    return {};
}

/// Runs body(part, begin, end) for `parts` near-equal ranges of [0, count) on the pool.
template <class Body>
void parallelParts(ThreadPool* pool, std::int64_t count, std::int64_t parts, Body body)
{
    if (parts <= 1 || !pool) {
        body(0, 0, count);
        return;
    }
    pool->parallelFor(parts, 1, [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t part = begin; part < end; ++part) {
            const auto [first, last] = detail::splitRange(count, parts, part);
            body(part, first, last);
        }
    });
}

std::int64_t partsFor(std::int64_t work, std::int64_t count, std::int64_t maxParts)
{
    return std::clamp<std::int64_t>(
        std::min(work / kMinTaskWork, count), 1, std::max<std::int64_t>(maxParts, 1));
}

/// Copies the windows of output pixels [pixel, pixel + rows) into rows of `width` values (the
/// window's KH * KW * C values in OHWI order, then at most one zero that rounds the int16 depth up
/// to pairs): floats as they are, integers as int16 x + offset. Taps outside the input are zero,
/// which for integers is the zero point.
template <class T, class D>
void im2col(const ConvGeometry& g, const T* input, std::int64_t pixel, std::int64_t rows,
    std::int32_t offset, D* out, std::int64_t width)
{
    const std::int64_t channels = g.inputDepth;
    const std::int64_t depth = g.filterHeight * g.filterWidth * channels;
    std::int64_t b = pixel / (g.outputHeight * g.outputWidth);
    std::int64_t oy = pixel / g.outputWidth % g.outputHeight;
    std::int64_t ox = pixel % g.outputWidth;
    for (std::int64_t r = 0; r < rows; ++r) {
        D* row = out + r * width;
        const std::int64_t ix0 = ox * g.strideWidth - g.padLeft;
        // With dilation 1 and the window inside the input, a window row is one contiguous run.
        const bool wholeRows
            = g.dilationWidth == 1 && ix0 >= 0 && ix0 + g.filterWidth <= g.inputWidth;
        const std::int64_t runs = wholeRows ? 1 : g.filterWidth;
        const std::int64_t runLength = wholeRows ? g.filterWidth * channels : channels;
        for (std::int64_t ky = 0; ky < g.filterHeight; ++ky) {
            const std::int64_t iy = oy * g.strideHeight - g.padTop + ky * g.dilationHeight;
            for (std::int64_t kx = 0; kx < runs; ++kx) {
                const std::int64_t ix = ix0 + kx * g.dilationWidth;
                D* dst = row + (ky * g.filterWidth + kx) * channels;
                if (iy < 0 || iy >= g.inputHeight || ix < 0 || ix >= g.inputWidth) {
                    std::fill(dst, dst + runLength, D { 0 });
                    continue;
                }
                const T* src = input + ((b * g.inputHeight + iy) * g.inputWidth + ix) * channels;
                if constexpr (std::is_same_v<T, D>)
                    std::memcpy(dst, src, static_cast<std::size_t>(runLength) * sizeof(D));
                else
                    detail::widen(src, runLength, offset, dst);
            }
        }
        if (width > depth)
            row[depth] = D { 0 };
        if (++ox == g.outputWidth) {
            ox = 0;
            if (++oy == g.outputHeight) {
                oy = 0;
                ++b;
            }
        }
    }
}

/// The value an input element contributes: a float as is; an integer as x + input offset in int16
/// (which holds it for every 8-bit scheme, and 16x8 has no offset), so that products are the
/// int16 x int16 -> int32 multiplies vector units have.
template <class T> auto inputValue(T x, std::int32_t offset)
{
    if constexpr (std::is_floating_point_v<T>)
        return x;
    else
        return static_cast<std::int16_t>(static_cast<std::int32_t>(x) + offset);
}

template <class Acc, class V, class W> Acc product(V value, W weight)
{
    if constexpr (std::is_floating_point_v<Acc>)
        return value * weight;
    else
        return static_cast<Acc>(
            static_cast<std::int32_t>(value) * static_cast<std::int32_t>(weight));
}

/// acc[0, n) += value * w[0, n), in fixed-width blocks the compiler vectorises.
template <class Acc, class V, class W>
void multiplyAdd(Acc* __restrict acc, V value, const W* __restrict w, std::int64_t n)
{
    std::int64_t c = 0;
    for (; c + kBlock <= n; c += kBlock) {
        for (int j = 0; j < kBlock; ++j)
            acc[c + j] += product<Acc>(value, w[c + j]);
    }
    for (; c < n; ++c)
        acc[c] += product<Acc>(value, w[c]);
}

/// One window pixel of a depthwise output pixel: its input channels and its weights.
template <class T, class W> struct Tap
{
    const T* input;
    const W* weights;
};

/// acc[c] = sum over the taps of value(input[c]) * weights[c] for c in [0, channels), each block
/// of channels summed in registers over all taps before it is stored.
template <class T, class W, class Acc>
void accumulateTaps(
    const Tap<T, W>* taps, std::size_t count, std::int64_t channels, std::int32_t offset, Acc* acc)
{
    std::int64_t c = 0;
    for (; c + kBlock <= channels; c += kBlock) {
        Acc sums[kBlock] = {};
        for (std::size_t t = 0; t < count; ++t) {
            const T* __restrict x = taps[t].input + c;
            const W* __restrict w = taps[t].weights + c;
            if constexpr (std::is_floating_point_v<Acc>) {
                // Unrolled, the float sums stay in registers; the integer loop vectorises only
                // rolled.
#pragma GCC unroll 16
                for (int j = 0; j < kBlock; ++j)
                    sums[j] += product<Acc>(inputValue(x[j], offset), w[j]);
            } else {
                for (int j = 0; j < kBlock; ++j)
                    sums[j] += product<Acc>(inputValue(x[j], offset), w[j]);
            }
        }
        std::copy(sums, sums + kBlock, acc + c);
    }
    for (; c < channels; ++c) {
        Acc sum = 0;
        for (std::size_t t = 0; t < count; ++t)
            sum += product<Acc>(inputValue(taps[t].input[c], offset), taps[t].weights[c]);
        acc[c] = sum;
    }
}

/// Writes the finished accumulators of `pixels` output pixels: floats with bias and clamp, integers
/// through bias and requantization (vectorised for int32 sums into 8-bit outputs).
template <class T, class Acc, class Bias>
void storePixels(const Acc* acc, const Bias* bias, std::int64_t pixels, std::int64_t channels,
    FloatRange activation, const QuantizationSetup& quant, T* out)
{
    if constexpr (std::is_same_v<Acc, std::int32_t> && sizeof(T) == 1) {
        detail::requantizeBlock(
            acc, channels, bias, quant.requantizer, pixels, 0, channels, out, channels);
    } else {
        for (std::int64_t pixel = 0; pixel < pixels; ++pixel) {
            const Acc* __restrict sums = acc + pixel * channels;
            T* __restrict values = out + pixel * channels;
            for (std::int64_t c = 0; c < channels; ++c) {
                const Acc sum
                    = bias ? static_cast<Acc>(sums[c] + static_cast<Acc>(bias[c])) : sums[c];
                if constexpr (std::is_floating_point_v<T>)
                    values[c] = std::clamp(sum, activation.min, activation.max);
                else
                    values[c] = static_cast<T>(reference::requantize(sum, quant.params, c));
            }
        }
    }
}

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
    const bool floating = m_quant.scheme == Scheme::Float || m_quant.scheme == Scheme::Hybrid;
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
        detail::packFloatWeights(m_dequantized.data(), cols, m_depth, m_depth, 1, m_floatWeights);
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
    case Scheme::Float:
    case Scheme::Hybrid: evalFloat(args); break;
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

/// Weights of DEPTHWISE_CONV_2D and TRANSPOSE_CONV in the form their loops read: floats, or int16
/// with the weights offset added.
struct ChannelWeights
{
    std::vector<float> floats;
    std::vector<std::int16_t> integers;
};

void prepareChannelWeights(const TensorView& filter, const QuantizationSetup& quant,
    std::span<const float> dequantized, std::span<const std::int64_t> order,
    ChannelWeights& weights)
{
    const auto count = static_cast<std::size_t>(filter.elementCount());
    weights.floats.clear();
    weights.integers.clear();
    switch (quant.scheme) {
    case Scheme::Float:
    case Scheme::Hybrid: {
        const float* source
            = quant.scheme == Scheme::Hybrid ? dequantized.data() : filter.as<const float>();
        weights.floats.resize(count);
        for (std::size_t i = 0; i < count; ++i)
            weights.floats[i] = source[order.empty() ? static_cast<std::int64_t>(i) : order[i]];
        break;
    }
    case Scheme::Int8:
    case Scheme::Int16:
    case Scheme::UInt8:
        weights.integers.resize(count);
        for (std::size_t i = 0; i < count; ++i) {
            const std::int64_t from = order.empty() ? static_cast<std::int64_t>(i) : order[i];
            const std::int32_t w = quant.scheme == Scheme::UInt8
                ? static_cast<std::int32_t>(filter.as<const std::uint8_t>()[from])
                : static_cast<std::int32_t>(filter.as<const std::int8_t>()[from]);
            weights.integers[i] = static_cast<std::int16_t>(w + quant.params.filterOffset);
        }
        break;
    }
}

class DepthwiseConv2DKernel final : public Kernel
{
public:
    Result<void> prepare(KernelArgs& args) override;
    void eval(const KernelArgs& args) override;

private:
    template <class T, class Acc, class W, class Bias>
    void run(const KernelArgs& args, const W* weights);

    ConvGeometry m_g;
    QuantizationSetup m_quant;
    FloatRange m_activation {};
    std::vector<float> m_dequantized;
    ChannelWeights m_weights;
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
    if (m_quant.scheme == Scheme::Hybrid)
        m_dequantized = detail::dequantizeWeights(filter, 3);
    m_prepared = filter.isConstant;
    if (m_prepared)
        prepareChannelWeights(filter, m_quant, m_dequantized, {}, m_weights);
    m_parts = args.pool ? args.pool->threadCount() : 1;
    return {};
}

void DepthwiseConv2DKernel::eval(const KernelArgs& args)
{
    if (!m_prepared)
        prepareChannelWeights(args.input(1), m_quant, m_dequantized, {}, m_weights);
    switch (m_quant.scheme) {
    case Scheme::Float:
    case Scheme::Hybrid: run<float, float, float, float>(args, m_weights.floats.data()); break;
    case Scheme::Int8:
        run<std::int8_t, std::int32_t, std::int16_t, std::int32_t>(args, m_weights.integers.data());
        break;
    case Scheme::UInt8:
        run<std::uint8_t, std::int32_t, std::int16_t, std::int32_t>(
            args, m_weights.integers.data());
        break;
    case Scheme::Int16:
        if (m_quant.int64Bias)
            run<std::int16_t, std::int64_t, std::int16_t, std::int64_t>(
                args, m_weights.integers.data());
        else
            run<std::int16_t, std::int32_t, std::int16_t, std::int32_t>(
                args, m_weights.integers.data());
        break;
    }
}

template <class T, class Acc, class W, class Bias>
void DepthwiseConv2DKernel::run(const KernelArgs& args, const W* weights)
{
    const ConvGeometry& g = m_g;
    const T* input = args.input(0).as<const T>();
    const Bias* bias = args.hasInput(2) ? args.input(2).as<const Bias>() : nullptr;
    T* output = args.output(0).as<T>();
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
                storePixels(rowAcc.data(), bias, g.outputWidth, g.outputDepth, m_activation,
                    m_quant, output + row * g.outputWidth * g.outputDepth);
            }
        });
}

class TransposeConvKernel final : public Kernel
{
public:
    Result<void> prepare(KernelArgs& args) override;
    void eval(const KernelArgs& args) override;

private:
    template <class T, class Acc, class W, class Bias>
    void run(const KernelArgs& args, const W* weights);

    ConvGeometry m_g;
    QuantizationSetup m_quant;
    FloatRange m_activation {};
    std::vector<float> m_dequantized;
    std::vector<std::int64_t> m_order; ///< OHWI index of each [KH, KW, IC, OC] weight
    ChannelWeights m_weights;
    bool m_prepared = false;
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
    if (!outputShape.isConstant)
        return kernelError(args,
            "output_shape must be constant: the interpreter plans output shapes before running");
    if (input.rank() != 4 || filter.rank() != 4 || filter.dim(1) <= 0 || filter.dim(2) <= 0)
        return kernelError(
            args, "input and weights must have rank 4 (NHWC, OHWI) and a non-empty window");
    const std::int32_t* extents = outputShape.as<const std::int32_t>();
    output.shape.assign(extents, extents + 4);
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
    if (m_quant.scheme == Scheme::Hybrid)
        m_dequantized = detail::dequantizeWeights(filter, 0);
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
        prepareChannelWeights(filter, m_quant, m_dequantized, m_order, m_weights);
    m_parts = args.pool ? args.pool->threadCount() : 1;
    return {};
}

void TransposeConvKernel::eval(const KernelArgs& args)
{
    if (!m_prepared)
        prepareChannelWeights(args.input(1), m_quant, m_dequantized, m_order, m_weights);
    switch (m_quant.scheme) {
    case Scheme::Float:
    case Scheme::Hybrid: run<float, float, float, float>(args, m_weights.floats.data()); break;
    case Scheme::Int8:
        run<std::int8_t, std::int32_t, std::int16_t, std::int32_t>(args, m_weights.integers.data());
        break;
    case Scheme::UInt8:
        run<std::uint8_t, std::int32_t, std::int16_t, std::int32_t>(
            args, m_weights.integers.data());
        break;
    case Scheme::Int16:
        if (m_quant.int64Bias)
            run<std::int16_t, std::int64_t, std::int16_t, std::int64_t>(
                args, m_weights.integers.data());
        else
            run<std::int16_t, std::int32_t, std::int16_t, std::int32_t>(
                args, m_weights.integers.data());
        break;
    }
}

/// Gathers each output pixel from the input pixels whose scattered window covers it, which gives
/// TFLite's sums (exactly for integers) while output rows stay independent.
template <class T, class Acc, class W, class Bias>
void TransposeConvKernel::run(const KernelArgs& args, const W* weights)
{
    const ConvGeometry& g = m_g;
    const T* input = args.input(2).as<const T>();
    const Bias* bias = args.hasInput(3) ? args.input(3).as<const Bias>() : nullptr;
    T* output = args.output(0).as<T>();
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
                storePixels(rowAcc.data(), bias, g.outputWidth, g.outputDepth, m_activation,
                    m_quant, output + row * g.outputWidth * g.outputDepth);
            }
        });
}

std::unique_ptr<Kernel> makeConv2DKernel()
{
    return std::make_unique<Conv2DKernel>();
}
std::unique_ptr<Kernel> makeDepthwiseConv2DKernel()
{
    return std::make_unique<DepthwiseConv2DKernel>();
}
std::unique_ptr<Kernel> makeTransposeConvKernel()
{
    return std::make_unique<TransposeConvKernel>();
}

} // namespace

void registerConvKernels(KernelRegistry& registry)
{
    registry.add(ir::OpKind::Conv2D, &makeConv2DKernel);
    registry.add(ir::OpKind::DepthwiseConv2D, &makeDepthwiseConv2DKernel);
    registry.add(ir::OpKind::TransposeConv, &makeTransposeConvKernel);
}

} // namespace lf::interp
