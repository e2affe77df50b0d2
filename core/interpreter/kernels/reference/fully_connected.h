// SPDX-License-Identifier: GPL-3.0-or-later
// Straightforward FULLY_CONNECTED and BATCH_MATMUL, written like TFLite's reference kernels, with
// the integer pipeline of reference/conv.h. The fast kernels in fully_connected.cpp are tested
// against these.
#pragma once

#include "core/interpreter/kernels/reference/conv.h"

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

namespace lf::interp::reference {

/// FULLY_CONNECTED in float: output[b, u] = act(sum_d input[b, d] * weights[u, d] + bias[u]).
inline void fullyConnected(std::int64_t batches, std::int64_t depth, std::int64_t units,
    std::span<const float> input, std::span<const float> weights, std::span<const float> bias,
    FloatRange activation, std::span<float> output)
{
    for (std::int64_t b = 0; b < batches; ++b) {
        for (std::int64_t u = 0; u < units; ++u) {
            float total = 0.0f;
            for (std::int64_t d = 0; d < depth; ++d)
                total += input[static_cast<std::size_t>(b * depth + d)]
                    * weights[static_cast<std::size_t>(u * depth + d)];
            if (!bias.empty())
                total += bias[static_cast<std::size_t>(u)];
            output[static_cast<std::size_t>(b * units + u)]
                = std::clamp(total, activation.min, activation.max);
        }
    }
}

/// FULLY_CONNECTED on integers; `params.multipliers` has one entry per unit (repeated for
/// per-tensor weights). Type roles as in conv2DQuantized.
template <class T, class W, class Acc>
void fullyConnectedQuantized(std::int64_t batches, std::int64_t depth, std::int64_t units,
    const RequantizeParams& params, std::span<const T> input, std::span<const W> weights,
    std::span<const Acc> bias, std::span<T> output)
{
    for (std::int64_t b = 0; b < batches; ++b) {
        for (std::int64_t u = 0; u < units; ++u) {
            Acc acc = 0;
            for (std::int64_t d = 0; d < depth; ++d) {
                const std::int32_t x = input[static_cast<std::size_t>(b * depth + d)];
                const std::int32_t w = weights[static_cast<std::size_t>(u * depth + d)];
                acc += static_cast<Acc>((x + params.inputOffset) * (w + params.filterOffset));
            }
            if (!bias.empty())
                acc += bias[static_cast<std::size_t>(u)];
            output[static_cast<std::size_t>(b * units + u)]
                = static_cast<T>(requantize(acc, params, u));
        }
    }
}

/// Operand shapes of BATCH_MATMUL, both extended with leading 1s to the output rank (at least 2).
struct BatchMatMulGeometry
{
    std::vector<std::int64_t> lhsShape;
    std::vector<std::int64_t> rhsShape;
    bool adjX = false;
    bool adjY = false;

    std::int64_t rank() const { return static_cast<std::int64_t>(lhsShape.size()); }
    std::int64_t rows() const { return adjX ? lhsShape.back() : lhsShape[lhsShape.size() - 2]; }
    std::int64_t depth() const { return adjX ? lhsShape[lhsShape.size() - 2] : lhsShape.back(); }
    std::int64_t cols() const { return adjY ? rhsShape[rhsShape.size() - 2] : rhsShape.back(); }
    /// The broadcast batch extents followed by rows and cols.
    std::vector<std::int64_t> outputShape() const
    {
        std::vector<std::int64_t> shape;
        for (std::size_t i = 0; i + 2 < lhsShape.size(); ++i)
            shape.push_back(lhsShape[i] == 1 ? rhsShape[i] : lhsShape[i]);
        shape.push_back(rows());
        shape.push_back(cols());
        return shape;
    }
    std::int64_t batchCount() const
    {
        std::int64_t count = 1;
        for (std::size_t i = 0; i + 2 < lhsShape.size(); ++i)
            count *= std::max(lhsShape[i], rhsShape[i]);
        return count;
    }
    /// Element offsets of the lhs and rhs matrices used by output batch `batch` (row-major over
    /// the broadcast batch dims; a dim of extent 1 repeats).
    std::pair<std::int64_t, std::int64_t> batchOffsets(std::int64_t batch) const
    {
        std::int64_t lhsOffset = 0;
        std::int64_t rhsOffset = 0;
        std::int64_t lhsStride = lhsShape[lhsShape.size() - 2] * lhsShape.back();
        std::int64_t rhsStride = rhsShape[rhsShape.size() - 2] * rhsShape.back();
        for (std::int64_t i = rank() - 3; i >= 0; --i) {
            const auto axis = static_cast<std::size_t>(i);
            const std::int64_t extent = std::max(lhsShape[axis], rhsShape[axis]);
            const std::int64_t index = batch % extent;
            batch /= extent;
            if (lhsShape[axis] != 1)
                lhsOffset += index * lhsStride;
            if (rhsShape[axis] != 1)
                rhsOffset += index * rhsStride;
            lhsStride *= lhsShape[axis];
            rhsStride *= rhsShape[axis];
        }
        return { lhsOffset, rhsOffset };
    }
    std::int64_t lhsIndex(std::int64_t row, std::int64_t k) const
    {
        return adjX ? k * rows() + row : row * depth() + k;
    }
    std::int64_t rhsIndex(std::int64_t k, std::int64_t col) const
    {
        return adjY ? col * depth() + k : k * cols() + col;
    }
};

/// BATCH_MATMUL in float.
inline void batchMatMul(const BatchMatMulGeometry& g, std::span<const float> lhs,
    std::span<const float> rhs, std::span<float> output)
{
    const std::int64_t rows = g.rows();
    const std::int64_t cols = g.cols();
    const std::int64_t depth = g.depth();
    for (std::int64_t batch = 0; batch < g.batchCount(); ++batch) {
        const auto [lhsOffset, rhsOffset] = g.batchOffsets(batch);
        for (std::int64_t i = 0; i < rows; ++i) {
            for (std::int64_t j = 0; j < cols; ++j) {
                float total = 0.0f;
                for (std::int64_t k = 0; k < depth; ++k)
                    total += lhs[static_cast<std::size_t>(lhsOffset + g.lhsIndex(i, k))]
                        * rhs[static_cast<std::size_t>(rhsOffset + g.rhsIndex(k, j))];
                output[static_cast<std::size_t>((batch * rows + i) * cols + j)] = total;
            }
        }
    }
}

/// BATCH_MATMUL on integers: params.inputOffset applies to lhs, params.filterOffset to rhs, and
/// there is one multiplier (multipliers[0]); Acc is std::int32_t for int8, std::int64_t for int16.
template <class T, class Acc>
void batchMatMulQuantized(const BatchMatMulGeometry& g, const RequantizeParams& params,
    std::span<const T> lhs, std::span<const T> rhs, std::span<T> output)
{
    const std::int64_t rows = g.rows();
    const std::int64_t cols = g.cols();
    const std::int64_t depth = g.depth();
    for (std::int64_t batch = 0; batch < g.batchCount(); ++batch) {
        const auto [lhsOffset, rhsOffset] = g.batchOffsets(batch);
        for (std::int64_t i = 0; i < rows; ++i) {
            for (std::int64_t j = 0; j < cols; ++j) {
                Acc acc = 0;
                for (std::int64_t k = 0; k < depth; ++k) {
                    const std::int32_t a
                        = lhs[static_cast<std::size_t>(lhsOffset + g.lhsIndex(i, k))];
                    const std::int32_t b
                        = rhs[static_cast<std::size_t>(rhsOffset + g.rhsIndex(k, j))];
                    acc += static_cast<Acc>((a + params.inputOffset) * (b + params.filterOffset));
                }
                output[static_cast<std::size_t>((batch * rows + i) * cols + j)]
                    = static_cast<T>(requantize(acc, params, 0));
            }
        }
    }
}

} // namespace lf::interp::reference
