// SPDX-License-Identifier: GPL-3.0-or-later
// Run-time input quantization of the hybrid kernels, with TFLite's float and double steps.
#include "core/interpreter/kernels/hybrid.h"

#include <algorithm>
#include <cmath>

namespace lf::interp::detail {

RowQuantization quantizeAsymmetric(const float* values, std::int64_t count, std::int16_t* out)
{
    constexpr double kMin = -128.0;
    constexpr double kMax = 127.0;
    if (count <= 0)
        return {};
    const auto [low, high] = std::minmax_element(values, values + count);
    const auto rmin = static_cast<double>(std::min(0.0f, *low));
    const auto rmax = static_cast<double>(std::max(0.0f, *high));
    if (rmin == rmax) {
        std::fill(out, out + count, std::int16_t { 0 });
        return {};
    }
    const double scale = (rmax - rmin) / (kMax - kMin);
    // The zero point from whichever end loses less precision, nudged onto an integer.
    const double fromMin = kMin - rmin / scale;
    const double fromMax = kMax - rmax / scale;
    const double errorFromMin = std::abs(kMin) + std::abs(rmin / scale);
    const double errorFromMax = std::abs(kMax) + std::abs(rmax / scale);
    const double zeroPoint = errorFromMin < errorFromMax ? fromMin : fromMax;
    std::int32_t nudged = 0;
    if (zeroPoint <= kMin)
        nudged = static_cast<std::int32_t>(kMin);
    else if (zeroPoint >= kMax)
        nudged = static_cast<std::int32_t>(kMax);
    else
        nudged = static_cast<std::int32_t>(std::round(zeroPoint));
    const auto inverse = static_cast<float>(1.0 / scale);
    for (std::int64_t i = 0; i < count; ++i) {
        const auto q = static_cast<std::int32_t>(
            std::round(static_cast<float>(nudged) + values[i] * inverse));
        out[i] = static_cast<std::int16_t>(std::clamp(q, -128, 127) - nudged);
    }
    return { static_cast<float>(scale), nudged };
}

std::vector<float> channelScales(const TensorView& weights, std::int64_t channels)
{
    const std::vector<float>& scales = weights.quant->scales;
    if (scales.size() == 1)
        return std::vector<float>(static_cast<std::size_t>(channels), scales.front());
    return scales;
}

} // namespace lf::interp::detail
