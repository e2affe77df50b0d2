// SPDX-License-Identifier: GPL-3.0-or-later
// Affine quantization parameters of a tensor: real = scale * (q - zero_point), either one pair for
// the whole tensor or one pair per slice along `axis` (per-channel weights).
#pragma once

#include <cstdint>
#include <vector>

namespace lf::ir {

struct QuantParams {
    std::vector<float> scales;
    std::vector<std::int64_t> zeroPoints;
    int axis = 0; ///< the quantized dimension; meaningful when there is more than one scale
    std::vector<float> min; ///< calibration ranges as read or observed, optional
    std::vector<float> max;

    bool isPerAxis() const { return scales.size() > 1; }
    bool empty() const { return scales.empty() && zeroPoints.empty() && min.empty() && max.empty(); }
    friend bool operator==(const QuantParams&, const QuantParams&) = default;
};

} // namespace lf::ir
