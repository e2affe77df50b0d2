// SPDX-License-Identifier: GPL-3.0-or-later
// Straightforward CONV_2D, DEPTHWISE_CONV_2D and TRANSPOSE_CONV over NHWC tensors, written like
// TFLite's reference kernels (same loop order, same integer pipeline), plus TFLite's output-size
// and padding rules. The fast kernels in conv.cpp are tested against these.
#pragma once

#include "core/interpreter/quant_math.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

namespace lf::interp::reference {

/// TFLite's ComputeOutSize: the output extent of a convolution over `in` pixels.
inline std::int64_t convOutputSize(
    bool same, std::int64_t in, std::int64_t filter, std::int64_t stride, std::int64_t dilation)
{
    const std::int64_t effectiveFilter = (filter - 1) * dilation + 1;
    return same ? (in + stride - 1) / stride : (in + stride - effectiveFilter) / stride;
}

/// TFLite's ComputePaddingWithOffset: the leading (top/left) padding. The trailing side gets
/// the odd pixel of an odd total, which the kernels never need explicitly.
inline std::int64_t convLeadingPadding(std::int64_t stride, std::int64_t dilation, std::int64_t in,
    std::int64_t filter, std::int64_t out)
{
    const std::int64_t effectiveFilter = (filter - 1) * dilation + 1;
    const std::int64_t total = (out - 1) * stride + effectiveFilter - in;
    return total > 0 ? total / 2 : 0;
}

/// Extents and window of one convolution. For TRANSPOSE_CONV, `input` is the small tensor that is
/// scattered and the padding applies to the output, as in TFLite.
struct ConvGeometry
{
    std::int64_t batches = 1;
    std::int64_t inputHeight = 1;
    std::int64_t inputWidth = 1;
    std::int64_t inputDepth = 1;
    std::int64_t filterHeight = 1;
    std::int64_t filterWidth = 1;
    std::int64_t filterDepth = 1; ///< CONV_2D: input channels per group (inputDepth / groups)
    std::int64_t outputHeight = 1;
    std::int64_t outputWidth = 1;
    std::int64_t outputDepth = 1;
    std::int64_t strideHeight = 1;
    std::int64_t strideWidth = 1;
    std::int64_t dilationHeight = 1;
    std::int64_t dilationWidth = 1;
    std::int64_t padTop = 0;
    std::int64_t padLeft = 0;
    std::int64_t depthMultiplier
        = 1; ///< DEPTHWISE_CONV_2D: output channel = input channel * multiplier + m
};

/// The integer pipeline after accumulation: acc = sum((x + inputOffset) * (w + filterOffset)) +
/// bias, then multiplyByQuantizedMultiplier with the output channel's multiplier, + outputOffset,
/// clamp.
struct RequantizeParams
{
    std::int32_t inputOffset = 0; ///< minus the input zero point
    std::int32_t filterOffset
        = 0; ///< minus the weights zero point (legacy uint8 only; 0 otherwise)
    std::int32_t outputOffset = 0; ///< the output zero point
    std::vector<QuantizedMultiplier> multipliers; ///< one per output channel
    /// When not empty, the real multipliers to apply in double instead (round(acc * m), half away
    /// from zero), which is how TFLite requantizes 16x8 FULLY_CONNECTED.
    std::vector<double> doubleMultipliers;
    QuantizedRange range {};
};

/// TFLite's per-channel multipliers: in_scale * w_scale[c] / out_scale evaluated in double, with a
/// single weights scale broadcast to every channel.
inline std::vector<QuantizedMultiplier> channelMultipliers(
    float inputScale, std::span<const float> filterScales, float outputScale, std::int64_t channels)
{
    std::vector<QuantizedMultiplier> multipliers(static_cast<std::size_t>(channels));
    for (std::int64_t c = 0; c < channels; ++c) {
        const float filterScale = filterScales.size() == 1
            ? filterScales[0]
            : filterScales[static_cast<std::size_t>(c)];
        multipliers[static_cast<std::size_t>(c)]
            = quantizeMultiplier(static_cast<double>(inputScale) * static_cast<double>(filterScale)
                / static_cast<double>(outputScale));
    }
    return multipliers;
}

/// The final step of every integer kernel here; Acc is std::int32_t (8-bit schemes) or std::int64_t
/// (16x8), which selects the matching multiplyByQuantizedMultiplier.
template <class Acc>
inline std::int32_t requantize(Acc acc, const RequantizeParams& params, std::int64_t channel)
{
    const auto c = static_cast<std::size_t>(channel);
    std::int32_t scaled;
    if (params.doubleMultipliers.empty()) {
        scaled = multiplyByQuantizedMultiplier(acc, params.multipliers[c]);
    } else {
        // Clamped before the conversion, which would otherwise be undefined for huge sums.
        const double real = std::round(static_cast<double>(acc) * params.doubleMultipliers[c]);
        scaled = static_cast<std::int32_t>(std::clamp(real, -2147483648.0, 2147483647.0));
    }
    return std::clamp(scaled + params.outputOffset, params.range.min, params.range.max);
}

/// CONV_2D in float; filter OHWI [outputDepth, filterHeight, filterWidth, filterDepth]; grouped
/// when inputDepth is a multiple of filterDepth. `bias` may be empty.
inline void conv2D(const ConvGeometry& g, std::span<const float> input,
    std::span<const float> filter, std::span<const float> bias, FloatRange activation,
    std::span<float> output)
{
    const std::int64_t groups = g.inputDepth / g.filterDepth;
    const std::int64_t filtersPerGroup = g.outputDepth / groups;
    for (std::int64_t b = 0; b < g.batches; ++b) {
        for (std::int64_t oy = 0; oy < g.outputHeight; ++oy) {
            for (std::int64_t ox = 0; ox < g.outputWidth; ++ox) {
                for (std::int64_t oc = 0; oc < g.outputDepth; ++oc) {
                    const std::int64_t channelBase = (oc / filtersPerGroup) * g.filterDepth;
                    float total = 0.0f;
                    for (std::int64_t ky = 0; ky < g.filterHeight; ++ky) {
                        const std::int64_t iy
                            = oy * g.strideHeight - g.padTop + ky * g.dilationHeight;
                        for (std::int64_t kx = 0; kx < g.filterWidth; ++kx) {
                            const std::int64_t ix
                                = ox * g.strideWidth - g.padLeft + kx * g.dilationWidth;
                            if (iy < 0 || iy >= g.inputHeight || ix < 0 || ix >= g.inputWidth)
                                continue;
                            for (std::int64_t ic = 0; ic < g.filterDepth; ++ic) {
                                const float x = input[static_cast<std::size_t>(
                                    ((b * g.inputHeight + iy) * g.inputWidth + ix) * g.inputDepth
                                    + channelBase + ic)];
                                const float w = filter[static_cast<std::size_t>(
                                    ((oc * g.filterHeight + ky) * g.filterWidth + kx)
                                        * g.filterDepth
                                    + ic)];
                                total += x * w;
                            }
                        }
                    }
                    if (!bias.empty())
                        total += bias[static_cast<std::size_t>(oc)];
                    output[static_cast<std::size_t>(
                        ((b * g.outputHeight + oy) * g.outputWidth + ox) * g.outputDepth + oc)]
                        = std::clamp(total, activation.min, activation.max);
                }
            }
        }
    }
}

/// CONV_2D on integers: T int8/uint8/int16 activations, W int8/uint8 weights, Acc int32/int64 (the
/// bias type). `bias` may be empty.
template <class T, class W, class Acc>
void conv2DQuantized(const ConvGeometry& g, const RequantizeParams& params,
    std::span<const T> input, std::span<const W> filter, std::span<const Acc> bias,
    std::span<T> output)
{
    const std::int64_t groups = g.inputDepth / g.filterDepth;
    const std::int64_t filtersPerGroup = g.outputDepth / groups;
    for (std::int64_t b = 0; b < g.batches; ++b) {
        for (std::int64_t oy = 0; oy < g.outputHeight; ++oy) {
            for (std::int64_t ox = 0; ox < g.outputWidth; ++ox) {
                for (std::int64_t oc = 0; oc < g.outputDepth; ++oc) {
                    const std::int64_t channelBase = (oc / filtersPerGroup) * g.filterDepth;
                    Acc acc = 0;
                    for (std::int64_t ky = 0; ky < g.filterHeight; ++ky) {
                        const std::int64_t iy
                            = oy * g.strideHeight - g.padTop + ky * g.dilationHeight;
                        for (std::int64_t kx = 0; kx < g.filterWidth; ++kx) {
                            const std::int64_t ix
                                = ox * g.strideWidth - g.padLeft + kx * g.dilationWidth;
                            if (iy < 0 || iy >= g.inputHeight || ix < 0 || ix >= g.inputWidth)
                                continue;
                            for (std::int64_t ic = 0; ic < g.filterDepth; ++ic) {
                                const std::int32_t x = input[static_cast<std::size_t>(
                                    ((b * g.inputHeight + iy) * g.inputWidth + ix) * g.inputDepth
                                    + channelBase + ic)];
                                const std::int32_t w = filter[static_cast<std::size_t>(
                                    ((oc * g.filterHeight + ky) * g.filterWidth + kx)
                                        * g.filterDepth
                                    + ic)];
                                acc += static_cast<Acc>(
                                    (x + params.inputOffset) * (w + params.filterOffset));
                            }
                        }
                    }
                    if (!bias.empty())
                        acc += bias[static_cast<std::size_t>(oc)];
                    output[static_cast<std::size_t>(
                        ((b * g.outputHeight + oy) * g.outputWidth + ox) * g.outputDepth + oc)]
                        = static_cast<T>(requantize(acc, params, oc));
                }
            }
        }
    }
}

/// DEPTHWISE_CONV_2D in float; filter [1, filterHeight, filterWidth, outputDepth].
inline void depthwiseConv2D(const ConvGeometry& g, std::span<const float> input,
    std::span<const float> filter, std::span<const float> bias, FloatRange activation,
    std::span<float> output)
{
    for (std::int64_t b = 0; b < g.batches; ++b) {
        for (std::int64_t oy = 0; oy < g.outputHeight; ++oy) {
            for (std::int64_t ox = 0; ox < g.outputWidth; ++ox) {
                for (std::int64_t ic = 0; ic < g.inputDepth; ++ic) {
                    for (std::int64_t m = 0; m < g.depthMultiplier; ++m) {
                        const std::int64_t oc = ic * g.depthMultiplier + m;
                        float total = 0.0f;
                        for (std::int64_t ky = 0; ky < g.filterHeight; ++ky) {
                            const std::int64_t iy
                                = oy * g.strideHeight - g.padTop + ky * g.dilationHeight;
                            for (std::int64_t kx = 0; kx < g.filterWidth; ++kx) {
                                const std::int64_t ix
                                    = ox * g.strideWidth - g.padLeft + kx * g.dilationWidth;
                                if (iy < 0 || iy >= g.inputHeight || ix < 0 || ix >= g.inputWidth)
                                    continue;
                                total += input[static_cast<std::size_t>(
                                             ((b * g.inputHeight + iy) * g.inputWidth + ix)
                                                 * g.inputDepth
                                             + ic)]
                                    * filter[static_cast<std::size_t>(
                                        (ky * g.filterWidth + kx) * g.outputDepth + oc)];
                            }
                        }
                        if (!bias.empty())
                            total += bias[static_cast<std::size_t>(oc)];
                        output[static_cast<std::size_t>(
                            ((b * g.outputHeight + oy) * g.outputWidth + ox) * g.outputDepth + oc)]
                            = std::clamp(total, activation.min, activation.max);
                    }
                }
            }
        }
    }
}

/// DEPTHWISE_CONV_2D on integers, with the type roles of conv2DQuantized.
template <class T, class W, class Acc>
void depthwiseConv2DQuantized(const ConvGeometry& g, const RequantizeParams& params,
    std::span<const T> input, std::span<const W> filter, std::span<const Acc> bias,
    std::span<T> output)
{
    for (std::int64_t b = 0; b < g.batches; ++b) {
        for (std::int64_t oy = 0; oy < g.outputHeight; ++oy) {
            for (std::int64_t ox = 0; ox < g.outputWidth; ++ox) {
                for (std::int64_t ic = 0; ic < g.inputDepth; ++ic) {
                    for (std::int64_t m = 0; m < g.depthMultiplier; ++m) {
                        const std::int64_t oc = ic * g.depthMultiplier + m;
                        Acc acc = 0;
                        for (std::int64_t ky = 0; ky < g.filterHeight; ++ky) {
                            const std::int64_t iy
                                = oy * g.strideHeight - g.padTop + ky * g.dilationHeight;
                            for (std::int64_t kx = 0; kx < g.filterWidth; ++kx) {
                                const std::int64_t ix
                                    = ox * g.strideWidth - g.padLeft + kx * g.dilationWidth;
                                if (iy < 0 || iy >= g.inputHeight || ix < 0 || ix >= g.inputWidth)
                                    continue;
                                const std::int32_t x = input[static_cast<std::size_t>(
                                    ((b * g.inputHeight + iy) * g.inputWidth + ix) * g.inputDepth
                                    + ic)];
                                const std::int32_t w = filter[static_cast<std::size_t>(
                                    (ky * g.filterWidth + kx) * g.outputDepth + oc)];
                                acc += static_cast<Acc>(
                                    (x + params.inputOffset) * (w + params.filterOffset));
                            }
                        }
                        if (!bias.empty())
                            acc += bias[static_cast<std::size_t>(oc)];
                        output[static_cast<std::size_t>(
                            ((b * g.outputHeight + oy) * g.outputWidth + ox) * g.outputDepth + oc)]
                            = static_cast<T>(requantize(acc, params, oc));
                    }
                }
            }
        }
    }
}

/// TRANSPOSE_CONV in float, TFLite's scatter formulation; filter OHWI [outputDepth, filterHeight,
/// filterWidth, inputDepth].
inline void transposeConv(const ConvGeometry& g, std::span<const float> input,
    std::span<const float> filter, std::span<const float> bias, FloatRange activation,
    std::span<float> output)
{
    std::fill(output.begin(), output.end(), 0.0f);
    for (std::int64_t b = 0; b < g.batches; ++b) {
        for (std::int64_t iy = 0; iy < g.inputHeight; ++iy) {
            for (std::int64_t ix = 0; ix < g.inputWidth; ++ix) {
                for (std::int64_t ic = 0; ic < g.inputDepth; ++ic) {
                    const float x = input[static_cast<std::size_t>(
                        ((b * g.inputHeight + iy) * g.inputWidth + ix) * g.inputDepth + ic)];
                    for (std::int64_t ky = 0; ky < g.filterHeight; ++ky) {
                        const std::int64_t oy = iy * g.strideHeight - g.padTop + ky;
                        for (std::int64_t kx = 0; kx < g.filterWidth; ++kx) {
                            const std::int64_t ox = ix * g.strideWidth - g.padLeft + kx;
                            if (oy < 0 || oy >= g.outputHeight || ox < 0 || ox >= g.outputWidth)
                                continue;
                            for (std::int64_t oc = 0; oc < g.outputDepth; ++oc) {
                                output[static_cast<std::size_t>(
                                    ((b * g.outputHeight + oy) * g.outputWidth + ox) * g.outputDepth
                                    + oc)]
                                    += x
                                    * filter[static_cast<std::size_t>(
                                        ((oc * g.filterHeight + ky) * g.filterWidth + kx)
                                            * g.inputDepth
                                        + ic)];
                            }
                        }
                    }
                }
            }
        }
    }
    for (std::size_t i = 0; i < output.size(); ++i) {
        const float withBias = bias.empty()
            ? output[i]
            : output[i] + bias[i % static_cast<std::size_t>(g.outputDepth)];
        output[i] = std::clamp(withBias, activation.min, activation.max);
    }
}

/// TRANSPOSE_CONV on integers (scatter into Acc, then bias and requantization per output element).
template <class T, class W, class Acc>
void transposeConvQuantized(const ConvGeometry& g, const RequantizeParams& params,
    std::span<const T> input, std::span<const W> filter, std::span<const Acc> bias,
    std::span<T> output)
{
    std::vector<Acc> scratch(output.size(), 0);
    for (std::int64_t b = 0; b < g.batches; ++b) {
        for (std::int64_t iy = 0; iy < g.inputHeight; ++iy) {
            for (std::int64_t ix = 0; ix < g.inputWidth; ++ix) {
                for (std::int64_t ic = 0; ic < g.inputDepth; ++ic) {
                    const std::int32_t x = input[static_cast<std::size_t>(
                        ((b * g.inputHeight + iy) * g.inputWidth + ix) * g.inputDepth + ic)];
                    for (std::int64_t ky = 0; ky < g.filterHeight; ++ky) {
                        const std::int64_t oy = iy * g.strideHeight - g.padTop + ky;
                        for (std::int64_t kx = 0; kx < g.filterWidth; ++kx) {
                            const std::int64_t ox = ix * g.strideWidth - g.padLeft + kx;
                            if (oy < 0 || oy >= g.outputHeight || ox < 0 || ox >= g.outputWidth)
                                continue;
                            for (std::int64_t oc = 0; oc < g.outputDepth; ++oc) {
                                const std::int32_t w = filter[static_cast<std::size_t>(
                                    ((oc * g.filterHeight + ky) * g.filterWidth + kx) * g.inputDepth
                                    + ic)];
                                scratch[static_cast<std::size_t>(
                                    ((b * g.outputHeight + oy) * g.outputWidth + ox) * g.outputDepth
                                    + oc)]
                                    += static_cast<Acc>(
                                        (x + params.inputOffset) * (w + params.filterOffset));
                            }
                        }
                    }
                }
            }
        }
    }
    for (std::size_t i = 0; i < output.size(); ++i) {
        const auto channel = static_cast<std::int64_t>(i % static_cast<std::size_t>(g.outputDepth));
        Acc acc = scratch[i];
        if (!bias.empty())
            acc += bias[static_cast<std::size_t>(channel)];
        output[i] = static_cast<T>(requantize(acc, params, channel));
    }
}

} // namespace lf::interp::reference
