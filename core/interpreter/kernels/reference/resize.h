// SPDX-License-Identifier: GPL-3.0-or-later
// RESIZE_NEAREST_NEIGHBOR and RESIZE_BILINEAR over NHWC tensors as LiteRT computes them: the
// per-axis coordinate maths for every align_corners / half_pixel_centers combination (float,
// or 16.16 fixed point for the optimized uint8 nearest kernel); bilinear in float for float32, with
// XNNPACK's Q11 weights for int8 and uint8 (LiteRT delegates those to XNNPACK, whose rounding
// differs from TFLite's builtin kernels) and with TFLite's 10-bit ResizeBilinearInteger for int16.
// The coordinate functions are shared with the kernel; the loops here are the per-pixel reference.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <type_traits>

namespace lf::interp::reference {

/// Ratio between input and output coordinates along one axis.
inline float resizeScale(std::int64_t inSize, std::int64_t outSize, bool alignCorners)
{
    if (alignCorners && outSize > 1)
        return static_cast<float>(inSize - 1) / static_cast<float>(outSize - 1);
    return static_cast<float>(inSize) / static_cast<float>(outSize);
}

/// TFLite's GetNearestNeighbor: the input coordinate output coordinate `out` copies.
inline std::int64_t nearestIndex(std::int64_t out, std::int64_t inSize, std::int64_t outSize,
    bool alignCorners, bool halfPixelCenters)
{
    const float scale = resizeScale(inSize, outSize, alignCorners);
    const float offset = halfPixelCenters ? 0.5f : 0.0f;
    const float position = (static_cast<float>(out) + offset) * scale;
    std::int64_t index = alignCorners ? static_cast<std::int64_t>(std::round(position))
                                      : static_cast<std::int64_t>(std::floor(position));
    index = std::min(index, inSize - 1);
    if (halfPixelCenters)
        index = std::max<std::int64_t>(0, index);
    return index;
}

/// The optimized uint8 kernel's variant without align_corners or half_pixel_centers: the scale in
/// 16.16 fixed point, plus one so that it is never rounded down to zero.
inline std::int64_t nearestIndexFixedPoint(
    std::int64_t out, std::int64_t inSize, std::int64_t outSize)
{
    const std::int64_t scale = (inSize << 16) / outSize + 1;
    return std::min((out * scale) >> 16, inSize - 1);
}

/// TFLite's ComputeInterpolationValues: the real input coordinate and its two integer neighbours.
struct BilinearTap
{
    float position = 0;
    std::int64_t lower = 0;
    std::int64_t upper = 0;
};

inline BilinearTap bilinearTap(
    std::int64_t out, float scale, bool halfPixelCenters, std::int64_t inSize)
{
    BilinearTap tap;
    const auto value = static_cast<float>(out);
    tap.position = halfPixelCenters ? (value + 0.5f) * scale - 0.5f : value * scale;
    tap.lower = std::max<std::int64_t>(static_cast<std::int64_t>(std::floor(tap.position)), 0);
    tap.upper
        = std::min<std::int64_t>(static_cast<std::int64_t>(std::ceil(tap.position)), inSize - 1);
    return tap;
}

/// The same in ResizeBilinearInteger's fixed point with 10 fractional bits.
struct BilinearTapFixed
{
    std::int32_t position = 0; ///< input coordinate * 1024
    std::int64_t lower = 0;
    std::int64_t upper = 0;
};

inline std::int32_t resizeScale10(std::int64_t inSize, std::int64_t outSize, bool alignCorners)
{
    if (alignCorners && outSize > 1)
        return static_cast<std::int32_t>(
            ((1 << 10) * (inSize - 1) + (outSize - 1) / 2) / (outSize - 1));
    return static_cast<std::int32_t>(((1 << 10) * inSize + outSize / 2) / outSize);
}

inline BilinearTapFixed bilinearTapFixed(
    std::int64_t out, std::int32_t scale10, bool halfPixelCenters, std::int64_t inSize)
{
    BilinearTapFixed tap;
    const auto value = static_cast<std::int32_t>(out);
    tap.position = halfPixelCenters ? value * scale10 + scale10 / 2 - (1 << 9) : value * scale10;
    // Integer division truncates towards zero, so a slightly negative position still gives 0.
    tap.lower = std::max<std::int32_t>(tap.position / (1 << 10), 0);
    tap.upper = std::min<std::int64_t>((tap.position + (1 << 10) - 1) / (1 << 10), inSize - 1);
    return tap;
}

/// The distance of the tap from its lower neighbour, in Q10.
inline std::int32_t fraction10(const BilinearTapFixed& tap)
{
    return tap.position - static_cast<std::int32_t>((1 << 10) * tap.lower);
}

/// One output value of ResizeBilinearInteger from the four neighbours and the Q10 fractions dy, dx:
/// products in Q20, rounded half away from zero.
template <class T>
T bilinearInteger(
    T topLeft, T topRight, T bottomLeft, T bottomRight, std::int32_t dy, std::int32_t dx)
{
    const std::int64_t sum = std::int64_t { topLeft } * ((1 << 10) - dy) * ((1 << 10) - dx)
        + std::int64_t { bottomLeft } * dy * ((1 << 10) - dx)
        + std::int64_t { topRight } * ((1 << 10) - dy) * dx
        + std::int64_t { bottomRight } * dy * dx;
    const std::int64_t round = sum > 0 ? (1 << 19) : -(1 << 19);
    return static_cast<T>((sum + round) / (1 << 20));
}

/// XNNPACK's resize-bilinear coordinates (xnn_indirection_init_resize_bilinear2d_hwc_q11): the top
/// or left neighbour, the other one, and the fraction between them in Q11, rounded to nearest even.
/// Half-pixel positions are clamped into the image instead of clamping the neighbours.
struct BilinearTapQ11
{
    std::int64_t lower = 0;
    std::int64_t upper = 0;
    std::int32_t weight = 0;
};

inline BilinearTapQ11 bilinearTapQ11(std::int64_t out, std::int64_t inSize, std::int64_t outSize,
    bool alignCorners, bool halfPixelCenters)
{
    const std::int64_t adjustment = alignCorners && outSize != 1 ? 1 : 0;
    const float scale
        = static_cast<float>(inSize - adjustment) / static_cast<float>(outSize - adjustment);
    float position = static_cast<float>(out) * scale;
    if (halfPixelCenters && !alignCorners) {
        const float offset = 0.5f * scale - 0.5f;
        position = std::min(std::max(position + offset, 0.0f), static_cast<float>(inSize - 1));
    }
    BilinearTapQ11 tap;
    tap.lower = static_cast<std::int64_t>(position);
    tap.upper = std::min(tap.lower + 1, inSize - 1);
    tap.weight = static_cast<std::int32_t>(
        std::lrint((position - static_cast<float>(tap.lower)) * 2048.0f));
    return tap;
}

/// XNNPACK's ibilinear micro-kernel with the Q11 weights wy, wx: interpolate the rows horizontally
/// in Q11, then vertically in Q22, and round half up.
template <class T>
T bilinearQ11(T topLeft, T topRight, T bottomLeft, T bottomRight, std::int32_t wy, std::int32_t wx)
{
    const std::int32_t top = topLeft * 2048 + (topRight - topLeft) * wx;
    const std::int32_t bottom = bottomLeft * 2048 + (bottomRight - bottomLeft) * wx;
    const std::int32_t sum = top * 2048 + (bottom - top) * wy;
    return static_cast<T>((sum + (1 << 21)) >> 22);
}

/// The four bilinear weights in float, as TFLite forms them: (1 - dy)(1 - dx), (1 - dy)dx, dy(1 -
/// dx), dy dx.
struct BilinearWeights
{
    float topLeft;
    float topRight;
    float bottomLeft;
    float bottomRight;
};

inline BilinearWeights bilinearWeights(const BilinearTap& y, const BilinearTap& x)
{
    const float dy = y.position - static_cast<float>(y.lower);
    const float dx = x.position - static_cast<float>(x.lower);
    return { (1 - dy) * (1 - dx), (1 - dy) * dx, dy * (1 - dx), dy * dx };
}

/// Straightforward RESIZE_NEAREST_NEIGHBOR; `fixedPoint` selects the uint8 kernel's index maths.
template <class T>
void resizeNearest(const T* input, std::int64_t batches, std::int64_t inHeight,
    std::int64_t inWidth, std::int64_t depth, T* output, std::int64_t outHeight,
    std::int64_t outWidth, bool alignCorners, bool halfPixelCenters, bool fixedPoint)
{
    auto index = [&](std::int64_t out, std::int64_t inSize, std::int64_t outSize) {
        return fixedPoint ? nearestIndexFixedPoint(out, inSize, outSize)
                          : nearestIndex(out, inSize, outSize, alignCorners, halfPixelCenters);
    };
    for (std::int64_t b = 0; b < batches; ++b) {
        for (std::int64_t y = 0; y < outHeight; ++y) {
            const std::int64_t inY = index(y, inHeight, outHeight);
            for (std::int64_t x = 0; x < outWidth; ++x) {
                const std::int64_t inX = index(x, inWidth, outWidth);
                for (std::int64_t c = 0; c < depth; ++c)
                    output[((b * outHeight + y) * outWidth + x) * depth + c]
                        = input[((b * inHeight + inY) * inWidth + inX) * depth + c];
            }
        }
    }
}

/// Straightforward RESIZE_BILINEAR: float for float32, Q11 for int8 and uint8, Q10 for int16.
template <class T>
void resizeBilinear(const T* input, std::int64_t batches, std::int64_t inHeight,
    std::int64_t inWidth, std::int64_t depth, T* output, std::int64_t outHeight,
    std::int64_t outWidth, bool alignCorners, bool halfPixelCenters)
{
    const float heightScale = resizeScale(inHeight, outHeight, alignCorners);
    const float widthScale = resizeScale(inWidth, outWidth, alignCorners);
    const std::int32_t heightScale10 = resizeScale10(inHeight, outHeight, alignCorners);
    const std::int32_t widthScale10 = resizeScale10(inWidth, outWidth, alignCorners);
    auto at = [&](std::int64_t b, std::int64_t y, std::int64_t x, std::int64_t c) {
        return input[((b * inHeight + y) * inWidth + x) * depth + c];
    };
    for (std::int64_t b = 0; b < batches; ++b) {
        for (std::int64_t y = 0; y < outHeight; ++y) {
            for (std::int64_t x = 0; x < outWidth; ++x) {
                for (std::int64_t c = 0; c < depth; ++c) {
                    T& out = output[((b * outHeight + y) * outWidth + x) * depth + c];
                    if constexpr (std::is_same_v<T, float>) {
                        const BilinearTap ty
                            = bilinearTap(y, heightScale, halfPixelCenters, inHeight);
                        const BilinearTap tx
                            = bilinearTap(x, widthScale, halfPixelCenters, inWidth);
                        const BilinearWeights w = bilinearWeights(ty, tx);
                        float sum = at(b, ty.lower, tx.lower, c) * w.topLeft;
                        sum += at(b, ty.lower, tx.upper, c) * w.topRight;
                        sum += at(b, ty.upper, tx.lower, c) * w.bottomLeft;
                        sum += at(b, ty.upper, tx.upper, c) * w.bottomRight;
                        out = sum;
                    } else if constexpr (sizeof(T) == 1) {
                        const BilinearTapQ11 ty = bilinearTapQ11(
                            y, inHeight, outHeight, alignCorners, halfPixelCenters);
                        const BilinearTapQ11 tx
                            = bilinearTapQ11(x, inWidth, outWidth, alignCorners, halfPixelCenters);
                        out = bilinearQ11(at(b, ty.lower, tx.lower, c),
                            at(b, ty.lower, tx.upper, c), at(b, ty.upper, tx.lower, c),
                            at(b, ty.upper, tx.upper, c), ty.weight, tx.weight);
                    } else {
                        const BilinearTapFixed ty
                            = bilinearTapFixed(y, heightScale10, halfPixelCenters, inHeight);
                        const BilinearTapFixed tx
                            = bilinearTapFixed(x, widthScale10, halfPixelCenters, inWidth);
                        out = bilinearInteger(at(b, ty.lower, tx.lower, c),
                            at(b, ty.lower, tx.upper, c), at(b, ty.upper, tx.lower, c),
                            at(b, ty.upper, tx.upper, c), fraction10(ty), fraction10(tx));
                    }
                }
            }
        }
    }
}

} // namespace lf::interp::reference
