// SPDX-License-Identifier: GPL-3.0-or-later
// What the CONV_2D, DEPTHWISE_CONV_2D and TRANSPOSE_CONV kernels share: reading the window options,
// splitting work over threads, im2col, the per-tap multiply-accumulate loops, storing biased and
// activated pixels, and weights prepared once in the form the per-pixel loops read.
#pragma once

#include "core/interpreter/kernel.h"
#include "core/interpreter/kernels/gemm.h"
#include "core/interpreter/kernels/hybrid.h"
#include "core/interpreter/kernels/reference/conv.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <type_traits>

namespace lf::interp::conv_support {

using detail::QuantizationSetup;
using detail::Scheme;
using reference::ConvGeometry;

/// Multiply-accumulates below which a task is not worth handing to another thread.
inline constexpr std::int64_t kMinTaskWork = std::int64_t { 1 } << 18;
/// Bytes of im2col rows one GEMM call works on, so that they stay in L2 next to a weight panel.
inline constexpr std::int64_t kIm2colBytes = 96 * 1024;
/// Channels per vectorised block of the depthwise and transpose kernels.
inline constexpr int kBlock = 16;

struct Window
{
    bool same = true;
    std::int64_t strideHeight = 1;
    std::int64_t strideWidth = 1;
    std::int64_t dilationHeight = 1;
    std::int64_t dilationWidth = 1;
};

inline Result<Window> readWindow(const KernelArgs& args, bool dilated)
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
inline Result<void> completeGeometry(const KernelArgs& args, const Window& window, ConvGeometry& g)
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

inline std::int64_t partsFor(std::int64_t work, std::int64_t count, std::int64_t maxParts)
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

/// Weights of DEPTHWISE_CONV_2D and TRANSPOSE_CONV in the form their loops read: floats, or int16
/// with the weights offset added (hybrid: the int8 weights as they are).
struct ChannelWeights
{
    std::vector<float> floats;
    std::vector<std::int16_t> integers;
};

inline void prepareChannelWeights(const TensorView& filter, const QuantizationSetup& quant,
    std::span<const std::int64_t> order, ChannelWeights& weights)
{
    const auto count = static_cast<std::size_t>(filter.elementCount());
    weights.floats.clear();
    weights.integers.clear();
    switch (quant.scheme) {
    case Scheme::Float: {
        const float* source = filter.as<const float>();
        weights.floats.resize(count);
        for (std::size_t i = 0; i < count; ++i)
            weights.floats[i] = source[order.empty() ? static_cast<std::int64_t>(i) : order[i]];
        break;
    }
    case Scheme::Hybrid:
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

/// Evaluates a per-pixel convolution kernel (depthwise, transpose) by its scheme: the kernel's
/// runTyped<input, accumulator, weight, bias>() for float and the integer schemes, its evalHybrid()
/// for int8 weights with float activations.
template <class ConvKernel>
void evalByScheme(ConvKernel& kernel, const KernelArgs& args, const QuantizationSetup& quant, const ChannelWeights& weights)
{
    switch (quant.scheme) {
    case Scheme::Float: kernel.template runTyped<float, float, float, float>(args, weights.floats.data()); break;
    case Scheme::Hybrid: kernel.evalHybrid(args); break;
    case Scheme::Int8:
        kernel.template runTyped<std::int8_t, std::int32_t, std::int16_t, std::int32_t>(args, weights.integers.data());
        break;
    case Scheme::UInt8:
        kernel.template runTyped<std::uint8_t, std::int32_t, std::int16_t, std::int32_t>(args, weights.integers.data());
        break;
    case Scheme::Int16:
        if (quant.int64Bias)
            kernel.template runTyped<std::int16_t, std::int64_t, std::int16_t, std::int64_t>(args, weights.integers.data());
        else
            kernel.template runTyped<std::int16_t, std::int32_t, std::int16_t, std::int32_t>(args, weights.integers.data());
        break;
    }
}

/// Hybrid kernels: each batch of `input` (batchSize values each) quantized asymmetrically, as LiteRT
/// does, into `quantized`, with the batch's scale in `scales` (one entry per batch).
inline void quantizeBatches(const float* input, std::int64_t batchSize, std::int16_t* quantized, std::vector<float>& scales)
{
    for (std::size_t b = 0; b < scales.size(); ++b) {
        const std::int64_t offset = static_cast<std::int64_t>(b) * batchSize;
        scales[b] = detail::quantizeAsymmetric(input + offset, batchSize, quantized + offset).scale;
    }
}

std::unique_ptr<Kernel> makeDepthwiseConv2DKernel();
std::unique_ptr<Kernel> makeTransposeConvKernel();

} // namespace lf::interp::conv_support
