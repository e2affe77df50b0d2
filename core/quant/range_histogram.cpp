// SPDX-License-Identifier: GPL-3.0-or-later
// The zero-aligned growing histogram: binning with exact power-of-two scaling, merging, quantiles
// and the MSE search over clipping ranges with prefix sums.
#include "core/quant/range_histogram.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lf::quant {

namespace {

/// Candidates per side in the MSE search: fractions of the full range spaced geometrically from 1
/// down to 1e-4 (steps of about 5 %), so that one far outlier can be clipped to the bulk's range.
constexpr int kGridSteps = 192;
constexpr double kSmallestFraction = 1e-4;

/// Bins merged pairwise `times` times: bin i goes to i >> times.
void coarsen(std::vector<std::uint64_t>& bins, int times)
{
    if (times <= 0)
        return;
    std::vector<std::uint64_t> merged(bins.size(), 0);
    const int shift = std::min(times, 62);
    for (std::size_t i = 0; i < bins.size(); ++i)
        merged[i >> shift] += bins[i];
    bins = std::move(merged);
}

} // namespace

RangeHistogram::RangeHistogram(int binsPerSign)
    : m_bins(std::max(binsPerSign, 2)), m_positive(static_cast<std::size_t>(m_bins), 0), m_negative(static_cast<std::size_t>(m_bins), 0)
{
}

double RangeHistogram::binWidth() const { return m_hasScale ? std::ldexp(1.0, m_exponent) / m_bins : 0.0; }

void RangeHistogram::growTo(int exponent)
{
    if (!m_hasScale) {
        m_exponent = exponent;
        m_hasScale = true;
        return;
    }
    if (exponent <= m_exponent)
        return;
    coarsen(m_positive, exponent - m_exponent);
    coarsen(m_negative, exponent - m_exponent);
    m_exponent = exponent;
}

void RangeHistogram::add(std::span<const float> values, float maxAbs)
{
    if (maxAbs > 0) {
        int exponent = 0;
        std::frexp(maxAbs, &exponent); // maxAbs < 2^exponent
        growTo(exponent);
    }
    m_count += values.size();
    if (!m_hasScale) { // only zeros so far
        m_positive[0] += values.size();
        return;
    }
    // bins / 2^e times a float is exact in double, so the bin of a value never depends on rounding
    const double scale = std::ldexp(static_cast<double>(m_bins), -m_exponent);
    const auto last = static_cast<std::size_t>(m_bins - 1);
    for (const float value : values) {
        if (value >= 0)
            ++m_positive[std::min(static_cast<std::size_t>(value * scale), last)];
        else
            ++m_negative[std::min(static_cast<std::size_t>(-value * scale), last)];
    }
}

void RangeHistogram::merge(const RangeHistogram& other)
{
    if (other.m_count == 0)
        return;
    RangeHistogram aligned = other;
    if (m_hasScale && aligned.m_hasScale) {
        const int exponent = std::max(m_exponent, aligned.m_exponent);
        growTo(exponent);
        aligned.growTo(exponent);
    } else if (aligned.m_hasScale) {
        growTo(aligned.m_exponent);
    }
    for (std::size_t i = 0; i < m_positive.size(); ++i) {
        m_positive[i] += aligned.m_positive[i];
        m_negative[i] += aligned.m_negative[i];
    }
    m_count += aligned.m_count;
}

double RangeHistogram::quantile(double fraction) const
{
    if (m_count == 0)
        return 0;
    const double width = binWidth();
    const double target = std::clamp(fraction, 0.0, 1.0) * static_cast<double>(m_count);
    double before = 0;
    // negative bins from the most negative, then positive bins upwards; each bin spans [low, low+width)
    for (int i = m_bins - 1; i >= 0; --i) {
        const auto n = static_cast<double>(m_negative[static_cast<std::size_t>(i)]);
        if (n > 0 && before + n >= target)
            return -(i + 1) * width + (target - before) / n * width;
        before += n;
    }
    for (int i = 0; i < m_bins; ++i) {
        const auto n = static_cast<double>(m_positive[static_cast<std::size_t>(i)]);
        if (n > 0 && before + n >= target)
            return i * width + (target - before) / n * width;
        before += n;
    }
    return m_bins * width;
}

std::pair<double, double> RangeHistogram::mseRange(double lo0, double hi0, int levels) const
{
    lo0 = std::min(lo0, 0.0);
    hi0 = std::max(hi0, 0.0);
    if (m_count == 0 || hi0 - lo0 <= 0 || !m_hasScale)
        return {lo0, hi0};
    // bins in ascending order, bin j covering [(j - B) w, (j - B + 1) w), with prefix sums of n,
    // n*c and n*c^2 (c = bin center); values are taken as spread uniformly inside their bin
    const double width = binWidth();
    const std::size_t size = 2 * static_cast<std::size_t>(m_bins);
    std::vector<double> n(size + 1, 0), s1(size + 1, 0), s2(size + 1, 0);
    for (std::size_t j = 0; j < size; ++j) {
        const bool negative = j < static_cast<std::size_t>(m_bins);
        const double count = static_cast<double>(negative ? m_negative[static_cast<std::size_t>(m_bins) - 1 - j] : m_positive[j - static_cast<std::size_t>(m_bins)]);
        const double center = (static_cast<double>(j) - m_bins + 0.5) * width;
        n[j + 1] = n[j] + count;
        s1[j + 1] = s1[j] + count * center;
        s2[j + 1] = s2[j] + count * center * center;
    }
    auto binOf = [&](double value) {
        return static_cast<std::size_t>(std::clamp(std::floor(value / width) + m_bins, 0.0, static_cast<double>(size - 1)));
    };
    // squared distance to `edge` of the values in bins [first, last), plus their in-bin variance
    auto clipped = [&](std::size_t first, std::size_t last, double edge) {
        const double count = n[last] - n[first];
        return (s2[last] - s2[first]) - 2 * edge * (s1[last] - s1[first]) + edge * edge * count + count * width * width / 12;
    };
    auto error = [&](double lo, double hi) {
        const std::size_t low = binOf(lo);
        const std::size_t high = binOf(hi);
        const double below = (lo - (static_cast<double>(low) - m_bins) * width) / width;       // part of bin `low` under lo
        const double above = ((static_cast<double>(high) - m_bins + 1) * width - hi) / width;  // part of bin `high` over hi
        const double lowCount = n[low + 1] - n[low];
        const double highCount = n[high + 1] - n[high];
        const double outside = n[low] + lowCount * below + (n[size] - n[high + 1]) + highCount * above;
        const double clipError = clipped(0, low, lo) + lowCount * below * std::pow(below * width, 2) / 3
            + clipped(high + 1, size, hi) + highCount * above * std::pow(above * width, 2) / 3;
        const double step = (hi - lo) / (levels - 1);
        return clipError + std::max(n[size] - outside, 0.0) * step * step / 12;
    };
    std::vector<double> fractions;
    for (int i = 0; i < kGridSteps; ++i)
        fractions.push_back(std::pow(kSmallestFraction, static_cast<double>(i) / (kGridSteps - 1)));
    const std::span<const double> loFractions = lo0 < 0 ? std::span<const double>(fractions) : std::span<const double>(fractions).first(1);
    const std::span<const double> hiFractions = hi0 > 0 ? std::span<const double>(fractions) : std::span<const double>(fractions).first(1);
    std::pair<double, double> best = {lo0, hi0};
    double bestError = std::numeric_limits<double>::infinity();
    for (const double a : loFractions) {
        for (const double b : hiFractions) {
            const double candidate = error(lo0 * a, hi0 * b);
            if (candidate < bestError) {
                bestError = candidate;
                best = {lo0 * a, hi0 * b};
            }
        }
    }
    return best;
}

} // namespace lf::quant
