// SPDX-License-Identifier: GPL-3.0-or-later
// Values, statistics and histograms of constant tensors for the inspector, as pure data (no Qt).
// Quantized tensors are dequantized (per tensor or per channel along the quantized axis) so the
// numbers are the real values the model computes with.
#pragma once

#include "core/ir/graph.h"

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace lf::ui {

/// The elements of constant `tensor` as doubles, dequantized when it is quantized; nullopt for
/// non-constant tensors, dtypes without numbers (string, resource, packed int4) and data whose size
/// does not match the shape. At most `limit` elements are read.
std::optional<std::vector<double>> tensorValues(const ir::Tensor& tensor, bool dequantize = true,
                                                std::size_t limit = std::size_t(-1));

struct TensorStatistics {
    std::size_t count = 0;
    double min = 0;
    double max = 0;
    double mean = 0;
    double stddev = 0; ///< population standard deviation
    std::size_t zeros = 0;
};

TensorStatistics tensorStatistics(std::span<const double> values);

struct Histogram {
    double low = 0; ///< left edge of the first bin
    double binWidth = 0;
    std::vector<std::size_t> counts;
};

/// `bins` equal-width bins over [min, max]; a constant input gives one non-empty middle bin.
Histogram makeHistogram(std::span<const double> values, int bins);

} // namespace lf::ui
