// SPDX-License-Identifier: GPL-3.0-or-later
// Reference AVERAGE_POOL_2D and MAX_POOL_2D over NHWC tensors, written as plainly as TFLite's
// reference kernels: windows clipped to the input, averages over the in-bounds pixels only, integer
// averages rounded half away from zero, and the fused activation applied as a clamp.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <span>

namespace lf::interp::reference {

struct Pool2DParams {
    std::int64_t batches = 0;
    std::int64_t inHeight = 0;
    std::int64_t inWidth = 0;
    std::int64_t channels = 0;
    std::int64_t outHeight = 0;
    std::int64_t outWidth = 0;
    std::int64_t strideHeight = 1;
    std::int64_t strideWidth = 1;
    std::int64_t filterHeight = 1;
    std::int64_t filterWidth = 1;
    std::int64_t padTop = 0; ///< TFLite puts the odd padding pixel at the bottom/right
    std::int64_t padLeft = 0;
    float floatMin = std::numeric_limits<float>::lowest();
    float floatMax = std::numeric_limits<float>::max();
    std::int32_t quantizedMin = std::numeric_limits<std::int32_t>::min();
    std::int32_t quantizedMax = std::numeric_limits<std::int32_t>::max();
};

/// Output extent along one spatial axis (TFLite's ComputeOutSize); <= 0 when the window does not fit.
inline std::int64_t poolOutputSize(bool samePadding, std::int64_t inSize, std::int64_t filter, std::int64_t stride)
{
    return samePadding ? (inSize + stride - 1) / stride : (inSize + stride - filter) / stride;
}

/// Padding before the first pixel (TFLite's ComputePaddingWithOffset without the offset).
inline std::int64_t poolPaddingBefore(std::int64_t inSize, std::int64_t filter, std::int64_t stride, std::int64_t outSize)
{
    return std::max<std::int64_t>((outSize - 1) * stride + filter - inSize, 0) / 2;
}

/// The integer average TFLite computes: the sum divided by the pixel count, ties away from zero.
inline std::int32_t roundedAverage(std::int32_t sum, std::int32_t count)
{
    return sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
}

/// Calls visit(inputIndex) for every in-bounds pixel of output position (b, oy, ox), channel c.
template <class Visit>
void forEachWindowPixel(const Pool2DParams& p, std::int64_t b, std::int64_t oy, std::int64_t ox, std::int64_t c, Visit visit)
{
    const std::int64_t yOrigin = oy * p.strideHeight - p.padTop;
    const std::int64_t xOrigin = ox * p.strideWidth - p.padLeft;
    for (std::int64_t fy = std::max<std::int64_t>(0, -yOrigin); fy < std::min(p.filterHeight, p.inHeight - yOrigin); ++fy) {
        for (std::int64_t fx = std::max<std::int64_t>(0, -xOrigin); fx < std::min(p.filterWidth, p.inWidth - xOrigin); ++fx)
            visit(((b * p.inHeight + yOrigin + fy) * p.inWidth + xOrigin + fx) * p.channels + c);
    }
}

template <class Compute>
void forEachOutput(const Pool2DParams& p, Compute compute)
{
    for (std::int64_t b = 0; b < p.batches; ++b) {
        for (std::int64_t oy = 0; oy < p.outHeight; ++oy) {
            for (std::int64_t ox = 0; ox < p.outWidth; ++ox) {
                for (std::int64_t c = 0; c < p.channels; ++c)
                    compute(b, oy, ox, c, ((b * p.outHeight + oy) * p.outWidth + ox) * p.channels + c);
            }
        }
    }
}

inline void averagePool(const Pool2DParams& p, std::span<const float> input, std::span<float> output)
{
    forEachOutput(p, [&](std::int64_t b, std::int64_t oy, std::int64_t ox, std::int64_t c, std::int64_t out) {
        float sum = 0.0f;
        float count = 0.0f;
        forEachWindowPixel(p, b, oy, ox, c, [&](std::int64_t in) {
            sum += input[static_cast<std::size_t>(in)];
            count += 1.0f;
        });
        output[static_cast<std::size_t>(out)] = std::clamp(sum / count, p.floatMin, p.floatMax);
    });
}

/// int8, uint8 and int16; input and output share their quantization, so no rescaling happens.
template <class T>
void averagePoolQuantized(const Pool2DParams& p, std::span<const T> input, std::span<T> output)
{
    forEachOutput(p, [&](std::int64_t b, std::int64_t oy, std::int64_t ox, std::int64_t c, std::int64_t out) {
        std::int32_t sum = 0;
        std::int32_t count = 0;
        forEachWindowPixel(p, b, oy, ox, c, [&](std::int64_t in) {
            sum += input[static_cast<std::size_t>(in)];
            ++count;
        });
        output[static_cast<std::size_t>(out)] =
            static_cast<T>(std::clamp(roundedAverage(sum, count), p.quantizedMin, p.quantizedMax));
    });
}

inline void maxPool(const Pool2DParams& p, std::span<const float> input, std::span<float> output)
{
    forEachOutput(p, [&](std::int64_t b, std::int64_t oy, std::int64_t ox, std::int64_t c, std::int64_t out) {
        float best = std::numeric_limits<float>::lowest();
        forEachWindowPixel(p, b, oy, ox, c, [&](std::int64_t in) { best = std::max(best, input[static_cast<std::size_t>(in)]); });
        output[static_cast<std::size_t>(out)] = std::clamp(best, p.floatMin, p.floatMax);
    });
}

template <class T>
void maxPoolQuantized(const Pool2DParams& p, std::span<const T> input, std::span<T> output)
{
    forEachOutput(p, [&](std::int64_t b, std::int64_t oy, std::int64_t ox, std::int64_t c, std::int64_t out) {
        std::int32_t best = std::numeric_limits<T>::lowest();
        forEachWindowPixel(p, b, oy, ox, c, [&](std::int64_t in) {
            best = std::max<std::int32_t>(best, input[static_cast<std::size_t>(in)]);
        });
        output[static_cast<std::size_t>(out)] = static_cast<T>(std::clamp(best, p.quantizedMin, p.quantizedMax));
    });
}

} // namespace lf::interp::reference
