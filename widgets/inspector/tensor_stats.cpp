// SPDX-License-Identifier: GPL-3.0-or-later
// Decoding of constant data per dtype (little-endian, as TFLite stores it) and two-pass statistics
// (mean first, then the squared deviations, which is stable enough for weight tensors).
#include "widgets/inspector/tensor_stats.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace lf::ui {

namespace {

template <class T>
T load(const std::byte* data, std::size_t index)
{
    T value;
    std::memcpy(&value, data + index * sizeof(T), sizeof(T));
    return value;
}

double halfToDouble(std::uint16_t bits)
{
    const int sign = bits >> 15 ? -1 : 1;
    const int exponent = (bits >> 10) & 0x1f;
    const int mantissa = bits & 0x3ff;
    if (exponent == 0)
        return sign * std::ldexp(mantissa, -24);
    if (exponent == 31)
        return mantissa ? std::nan("") : sign * INFINITY;
    return sign * std::ldexp(mantissa + 1024, exponent - 25);
}

std::optional<double> element(ir::DType dtype, const std::byte* data, std::size_t i)
{
    switch (dtype) {
    case ir::DType::Float32: return load<float>(data, i);
    case ir::DType::Float64: return load<double>(data, i);
    case ir::DType::Float16: return halfToDouble(load<std::uint16_t>(data, i));
    case ir::DType::BFloat16: return double(std::bit_cast<float>(std::uint32_t(load<std::uint16_t>(data, i)) << 16));
    case ir::DType::Int8: return load<std::int8_t>(data, i);
    case ir::DType::UInt8: return load<std::uint8_t>(data, i);
    case ir::DType::Int16: return load<std::int16_t>(data, i);
    case ir::DType::UInt16: return load<std::uint16_t>(data, i);
    case ir::DType::Int32: return load<std::int32_t>(data, i);
    case ir::DType::UInt32: return load<std::uint32_t>(data, i);
    case ir::DType::Int64: return double(load<std::int64_t>(data, i));
    case ir::DType::UInt64: return double(load<std::uint64_t>(data, i));
    case ir::DType::Bool: return load<std::uint8_t>(data, i) ? 1.0 : 0.0;
    default: return std::nullopt;
    }
}

} // namespace

std::optional<std::vector<double>> tensorValues(const ir::Tensor& tensor, bool dequantize, std::size_t limit)
{
    const std::size_t size = ir::dtypeSize(tensor.dtype);
    if (!tensor.isConstant() || size == 0)
        return std::nullopt;
    const std::size_t count = tensor.data.size() / size;
    if (const auto expected = tensor.shape.numElements(); expected && std::size_t(*expected) != count)
        return std::nullopt;
    if (!element(tensor.dtype, tensor.data.bytes().data(), 0) && count > 0)
        return std::nullopt;

    const auto& quant = tensor.quant;
    const bool scaled = dequantize && !quant.scales.empty() && !isFloatingPoint(tensor.dtype);
    // Per-channel: element i belongs to channel (i / inner) % channels, inner = product of the dims
    // after the quantized axis.
    std::size_t inner = 1;
    std::size_t channels = quant.scales.size();
    if (scaled && quant.isPerAxis()) {
        const auto extents = tensor.shape.extents();
        if (quant.axis < 0 || quant.axis >= int(extents.size()) || extents[std::size_t(quant.axis)] != std::int64_t(channels))
            return std::nullopt;
        for (std::size_t d = std::size_t(quant.axis) + 1; d < extents.size(); ++d)
            inner *= std::size_t(std::max<std::int64_t>(extents[d], 1));
    }
    const std::size_t n = std::min(count, limit);
    std::vector<double> values(n);
    const std::byte* data = tensor.data.bytes().data();
    for (std::size_t i = 0; i < n; ++i) {
        double v = *element(tensor.dtype, data, i);
        if (scaled) {
            const std::size_t c = quant.isPerAxis() ? (i / inner) % channels : 0;
            const double zeroPoint = c < quant.zeroPoints.size() ? double(quant.zeroPoints[c])
                : quant.zeroPoints.empty()                       ? 0.0
                                                                 : double(quant.zeroPoints.front());
            v = double(quant.scales[c]) * (v - zeroPoint);
        }
        values[i] = v;
    }
    return values;
}

TensorStatistics tensorStatistics(std::span<const double> values)
{
    TensorStatistics stats;
    stats.count = values.size();
    if (values.empty())
        return stats;
    const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    stats.min = *lo;
    stats.max = *hi;
    double sum = 0;
    for (double v : values) {
        sum += v;
        stats.zeros += v == 0.0;
    }
    stats.mean = sum / double(values.size());
    double squares = 0;
    for (double v : values)
        squares += (v - stats.mean) * (v - stats.mean);
    stats.stddev = std::sqrt(squares / double(values.size()));
    return stats;
}

Histogram makeHistogram(std::span<const double> values, int bins)
{
    Histogram histogram;
    if (values.empty() || bins <= 0)
        return histogram;
    const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    double low = *lo;
    double high = *hi;
    if (!(high > low)) { // all equal: one bin-width either side so the bar sits in the middle
        low -= 0.5;
        high += 0.5;
    }
    histogram.low = low;
    histogram.binWidth = (high - low) / bins;
    histogram.counts.assign(std::size_t(bins), 0);
    for (double v : values) {
        if (!std::isfinite(v))
            continue;
        const auto bin = std::clamp<long>(long((v - low) / histogram.binWidth), 0, bins - 1);
        ++histogram.counts[std::size_t(bin)];
    }
    return histogram;
}

} // namespace lf::ui
