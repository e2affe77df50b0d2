// SPDX-License-Identifier: GPL-3.0-or-later
// A histogram of a tensor's values whose range grows as values arrive, for percentile and
// error-minimising calibration. Bins are aligned at zero with a width that is a power of two
// divided by the bin count; when a larger value comes, the width doubles (pairs of bins merge).
// Because of that alignment the histogram of a set of values does not depend on the order they
// came in or on how partial histograms were merged, so parallel calibration is deterministic.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace lf::quant {

class RangeHistogram {
public:
    /// `binsPerSign` bins cover [0, R) and as many cover (-R, 0].
    explicit RangeHistogram(int binsPerSign = 2048);

    /// Adds finite values; `maxAbs` is their largest magnitude (the caller scans them anyway).
    void add(std::span<const float> values, float maxAbs);
    void merge(const RangeHistogram& other);

    std::uint64_t count() const { return m_count; }
    /// The value below which `fraction` (0..1) of the values lie, interpolated linearly within a
    /// bin; 0 for an empty histogram.
    double quantile(double fraction) const;
    /// The clipping range [lo, hi] (lo <= 0 <= hi) minimising the expected squared error of
    /// quantizing the values to `levels` uniform steps: clipping error of the values outside plus
    /// step²/12 for each value inside. Candidates are a geometric grid of fractions of [min(lo0,0), max(hi0,0)].
    std::pair<double, double> mseRange(double lo0, double hi0, int levels) const;

    /// Width of one bin (0 while every value seen is zero).
    double binWidth() const;

private:
    void growTo(int exponent);

    int m_bins = 0;
    int m_exponent = 0; ///< values lie in (-2^e, 2^e)
    bool m_hasScale = false;
    std::uint64_t m_count = 0;
    std::vector<std::uint64_t> m_positive; ///< bin i: [i w, (i+1) w)
    std::vector<std::uint64_t> m_negative; ///< bin i: (-(i+1) w, -i w]
};

} // namespace lf::quant
