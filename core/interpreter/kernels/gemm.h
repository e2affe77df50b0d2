// SPDX-License-Identifier: GPL-3.0-or-later
// The packed GEMM that FULLY_CONNECTED, BATCH_MATMUL and the convolutions run on: weights repacked
// once into panels of output channels, an AVX2/FMA micro-kernel chosen at run time and a portable
// one otherwise; plus the shared int8/uint8/int16 requantization and quantization-scheme set-up.
#pragma once

#include "core/interpreter/kernel.h"
#include "core/interpreter/kernels/reference/conv.h"
#include "core/interpreter/quant_math.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace lf::interp {

namespace detail {

/// Output channels per packed weight panel: the width of one micro-kernel tile.
inline constexpr std::int64_t kGemmPanel = 16;

/// A [cols x depth] weight matrix (element (c, k) at data[c * colStride + k * depthStride])
/// repacked into panels of kGemmPanel columns, k-major inside a panel, zero-padded to whole panels.
struct PackedFloatWeights
{
    std::vector<float> data;
    std::int64_t depth = 0;
    std::int64_t cols = 0;
    std::int64_t panels() const { return (cols + kGemmPanel - 1) / kGemmPanel; }
};

void packFloatWeights(const float* weights, std::int64_t cols, std::int64_t depth,
    std::int64_t colStride, std::int64_t depthStride, PackedFloatWeights& packed);

/// out[i * ldo + c] = clamp(sum_k a[i * lda + k] * w(c, k) + bias[c]) for rows [0, rows) and the
/// columns of panels [panelBegin, panelEnd). `bias` is null or holds panels() * kGemmPanel values.
/// Single-threaded; callers split rows or panels over the pool.
void gemmFloat(const float* a, std::int64_t rows, std::int64_t lda, const PackedFloatWeights& w,
    std::int64_t panelBegin, std::int64_t panelEnd, const float* bias, FloatRange activation,
    float* out, std::int64_t ldo);

/// The same layout for int16 operands, with k taken in pairs (pmaddwd): depth is rounded up to
/// even and the extra k is zero. Each weight is stored as w + offset, which must fit in int16.
struct PackedInt16Weights
{
    std::vector<std::int16_t> data;
    std::int64_t depth = 0; ///< even
    std::int64_t cols = 0;
    std::int64_t panels() const { return (cols + kGemmPanel - 1) / kGemmPanel; }
};

template <class W>
void packInt16Weights(const W* weights, std::int64_t cols, std::int64_t depth,
    std::int64_t colStride, std::int64_t depthStride, std::int32_t offset,
    PackedInt16Weights& packed)
{
    packed.cols = cols;
    packed.depth = (depth + 1) / 2 * 2;
    packed.data.assign(static_cast<std::size_t>(packed.panels() * packed.depth * kGemmPanel), 0);
    for (std::int64_t c = 0; c < cols; ++c) {
        const std::int64_t panel = c / kGemmPanel;
        const std::int64_t lane = c % kGemmPanel;
        for (std::int64_t k = 0; k < depth; ++k) {
            const std::int64_t index
                = ((panel * (packed.depth / 2) + k / 2) * kGemmPanel + lane) * 2 + k % 2;
            packed.data[static_cast<std::size_t>(index)] = static_cast<std::int16_t>(
                static_cast<std::int32_t>(weights[c * colStride + k * depthStride]) + offset);
        }
    }
}

/// acc[i * ldacc + c] = sum_k a[i * lda + k] * w(c, k) in int32 for rows [0, rows), every column
/// of panels [panelBegin, panelEnd), padding columns included (so ldacc >= panels * kGemmPanel when
/// all panels are computed), and k in [2 * pairBegin, 2 * pairEnd). Rows of `a` hold w.depth
/// values (zero-padded). Exact as long as no partial sum leaves int32: always for 8-bit operands
/// with offsets; for int16 x int8 over at most kInt16PairsPerChunk pairs.
void gemmInt16(const std::int16_t* a, std::int64_t rows, std::int64_t lda,
    const PackedInt16Weights& w, std::int64_t panelBegin, std::int64_t panelEnd,
    std::int64_t pairBegin, std::int64_t pairEnd, std::int32_t* acc, std::int64_t ldacc);

/// |int16 x int8| < 2^22, so a pair sums to less than 2^23 and 256 pairs stay below 2^31.
inline constexpr std::int64_t kInt16PairsPerChunk = 256;

/// multiplyByQuantizedMultiplier (32-bit) inlined for the kernels' output loops; tested bit-equal
/// against quant_math.
inline std::int32_t multiplyByQuantizedMultiplierInline(std::int32_t x, QuantizedMultiplier m)
{
    const int leftShift = m.shift > 0 ? m.shift : 0;
    const int rightShift = m.shift > 0 ? 0 : -m.shift;
    // Wrapping like TFLite's int32 product on every compiler we target, without signed overflow.
    const auto shifted = static_cast<std::int32_t>(static_cast<std::uint32_t>(x) << leftShift);
    const std::int64_t product = static_cast<std::int64_t>(shifted) * m.multiplier;
    const std::int64_t nudge
        = product >= 0 ? (std::int64_t { 1 } << 30) : (1 - (std::int64_t { 1 } << 30));
    const bool overflow
        = shifted == m.multiplier && shifted == std::numeric_limits<std::int32_t>::min();
    const std::int32_t high = overflow
        ? std::numeric_limits<std::int32_t>::max()
        : static_cast<std::int32_t>((product + nudge) / (std::int64_t { 1 } << 31));
    const std::int32_t mask = static_cast<std::int32_t>((std::int64_t { 1 } << rightShift) - 1);
    const std::int32_t remainder = high & mask;
    const std::int32_t threshold = (mask >> 1) + (high < 0 ? 1 : 0);
    return (high >> rightShift) + (remainder > threshold ? 1 : 0);
}

/// Per-channel requantization as separate arrays, the form the vector code reads: TFLite's
/// fixed-point multipliers, or with `scales` set XNNPACK's fp32 requantization (acc as float times
/// the channel's scale, clamped, rounded to nearest even).
struct ChannelRequantizer
{
    std::vector<std::int32_t> multipliers;
    std::vector<std::int32_t> leftShifts;
    std::vector<std::int32_t> rightShifts;
    std::vector<float> scales;
    std::int32_t outputOffset = 0;
    std::int32_t min = 0;
    std::int32_t max = 0;
};

ChannelRequantizer makeRequantizer(const reference::RequantizeParams& params);

/// XNNPACK's requantization scales input_scale * weights_scale[c] / output_scale, in float
/// arithmetic as XNNPACK evaluates them; empty when a scale reaches 256, which XNNPACK refuses (the
/// op then stays on TFLite's builtin kernel).
std::vector<float> xnnpackRequantizationScales(
    float inputScale, std::span<const float> weightsScales, float outputScale, std::int64_t channels);

/// out[r * ldo + c] = clamp(multiplyByQuantizedMultiplier(acc[r * ldacc + c] + bias[c], multiplier
/// c) + output offset) for rows [0, rows) and columns [colBegin, colEnd), bit-exact with quant_math
/// (or XNNPACK's fp32 form when r.scales is set); `bias` may be null. Eight channels at a time with
/// AVX2 where the CPU has it.
void requantizeBlock(const std::int32_t* acc, std::int64_t ldacc, const std::int32_t* bias,
    const ChannelRequantizer& r, std::int64_t rows, std::int64_t colBegin, std::int64_t colEnd,
    std::int8_t* out, std::int64_t ldo);
void requantizeBlock(const std::int32_t* acc, std::int64_t ldacc, const std::int32_t* bias,
    const ChannelRequantizer& r, std::int64_t rows, std::int64_t colBegin, std::int64_t colEnd,
    std::uint8_t* out, std::int64_t ldo);

/// dst[0, n) = src[0, n) + offset as int16, in fixed-width blocks the compiler vectorises.
template <class T>
void widen(
    const T* __restrict src, std::int64_t n, std::int32_t offset, std::int16_t* __restrict dst)
{
    constexpr int kBlock = 16;
    std::int64_t i = 0;
    for (; i + kBlock <= n; i += kBlock) {
        for (int j = 0; j < kBlock; ++j)
            dst[i + j] = static_cast<std::int16_t>(static_cast<std::int32_t>(src[i + j]) + offset);
    }
    for (; i < n; ++i)
        dst[i] = static_cast<std::int16_t>(static_cast<std::int32_t>(src[i]) + offset);
}

/// Rows [rowBegin, rowEnd) of a matrix (element (r, k) at data[r * rowStride + k * depthStride]) as
/// int16 values + offset, `width` values per row with zeros past depth.
template <class T>
void widenRows(const T* data, std::int64_t rowBegin, std::int64_t rowEnd, std::int64_t depth,
    std::int64_t rowStride, std::int64_t depthStride, std::int32_t offset, std::int16_t* out,
    std::int64_t width)
{
    for (std::int64_t r = rowBegin; r < rowEnd; ++r) {
        std::int16_t* row = out + (r - rowBegin) * width;
        if (depthStride == 1) {
            widen(data + r * rowStride, depth, offset, row);
        } else {
            for (std::int64_t k = 0; k < depth; ++k)
                row[k] = static_cast<std::int16_t>(
                    static_cast<std::int32_t>(data[r * rowStride + k * depthStride]) + offset);
        }
        std::fill(row + depth, row + width, std::int16_t { 0 });
    }
}

/// How a conv-like op computes: on floats, on float activations with constant int8 weights
/// ("hybrid", see hybrid.h), or on integers in one of TFLite's schemes.
enum class Scheme { Float, Hybrid, Int8, UInt8, Int16 };

struct QuantizationSetup
{
    Scheme scheme = Scheme::Float;
    reference::RequantizeParams params; ///< integer schemes only
    ChannelRequantizer requantizer; ///< the same, for requantizeBlock
    bool int64Bias = false; ///< Int16 only: accumulate in 64 bits (int64 or no bias)
};

/// Reads fused_activation_function; fails for activations that cannot be fused (TANH, SIGN_BIT).
Result<std::string> readActivation(const KernelArgs& args);

/// Validates the dtypes and quantization of (input, weights, bias, output) of CONV_2D,
/// DEPTHWISE_CONV_2D, TRANSPOSE_CONV or FULLY_CONNECTED against TFLite's rules and computes the
/// requantization. `channelAxis` is the weights axis of the output channels; a weights zero point
/// is only accepted where TFLite applies it (uint8, and FULLY_CONNECTED's per-tensor int8).
Result<QuantizationSetup> prepareQuantization(const KernelArgs& args, const TensorView& input,
    const TensorView& weights, const TensorView* bias, const TensorView& output, int channelAxis,
    std::int64_t channels, const std::string& activation, bool weightsZeroPointAllowed);

/// The float values of int8 `weights` (per-tensor or per-channel along `channelAxis`).
std::vector<float> dequantizeWeights(const TensorView& weights, int channelAxis);

/// Splits [0, count) into `parts` near-equal ranges; returns range `part`.
inline std::pair<std::int64_t, std::int64_t> splitRange(
    std::int64_t count, std::int64_t parts, std::int64_t part)
{
    return { count * part / parts, count * (part + 1) / parts };
}

} // namespace detail

} // namespace lf::interp
