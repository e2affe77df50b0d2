// SPDX-License-Identifier: GPL-3.0-or-later
// The fast broadcasting loop shared by elementwise kernels: a NumPy broadcast of up to three inputs
// folded into a few collapsed dims, walked in contiguous runs of the output, each run a tight loop
// over one of three input patterns (both contiguous, either one a scalar), split across the pool.
#pragma once

#include "core/interpreter/kernel.h"
#include "core/interpreter/kernels/reference/binary.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace lf::interp {

constexpr std::size_t kMaxBroadcastRank = 6;
// Inner loops run in blocks of fixed length: g++ -O2 (cheap vectorizer cost model) only vectorizes
// loops whose trip count it knows.
constexpr std::int64_t kBroadcastBlock = 16;

/// The broadcast after dropping extent-1 dims and merging neighbours that every input broadcasts
/// alike, so that the innermost dim is as long as possible. An input's stride is 0 along dims it
/// broadcasts; along the innermost dim it is 0 or 1.
struct BroadcastPlan
{
    int rank = 1;
    std::int64_t count = 0;
    std::array<std::int64_t, kMaxBroadcastRank> extents {};
    std::array<std::array<std::int64_t, kMaxBroadcastRank>, 3> strides {};
};

/// The plan for `output` = broadcast of `inputs` (at most 3, right-aligned, rank <= 6; the caller
/// has checked that they broadcast to `output`).
inline BroadcastPlan makeBroadcastPlan(
    std::span<const std::vector<std::int64_t>> inputs, const std::vector<std::int64_t>& output)
{
    BroadcastPlan plan;
    plan.count = reference::elementCount(output);
    std::array<unsigned, kMaxBroadcastRank> fullMasks {}; // bit k: input k spans the dim
    int rank = 0;
    for (std::size_t d = 0; d < output.size(); ++d) {
        if (output[d] == 1)
            continue;
        unsigned mask = 0;
        for (std::size_t k = 0; k < inputs.size(); ++k) {
            const std::size_t lead = output.size() - inputs[k].size();
            if (d >= lead && inputs[k][d - lead] != 1)
                mask |= 1u << k;
        }
        if (rank > 0 && fullMasks[static_cast<std::size_t>(rank - 1)] == mask) {
            plan.extents[static_cast<std::size_t>(rank - 1)] *= output[d];
        } else {
            fullMasks[static_cast<std::size_t>(rank)] = mask;
            plan.extents[static_cast<std::size_t>(rank)] = output[d];
            ++rank;
        }
    }
    if (rank == 0) {
        plan.extents[0] = 1;
        rank = 1;
    }
    plan.rank = rank;
    for (std::size_t k = 0; k < inputs.size(); ++k) {
        std::int64_t running = 1;
        for (int d = rank - 1; d >= 0; --d) {
            const auto u = static_cast<std::size_t>(d);
            plan.strides[k][u] = (fullMasks[u] >> k) & 1u ? running : 0;
            running *= (fullMasks[u] >> k) & 1u ? plan.extents[u] : 1;
        }
    }
    return plan;
}

/// Calls inner(offsets, position, n) for the contiguous runs of output positions [begin, end):
/// offsets[k] is where input k's run starts.
template <std::size_t N, class Inner>
void walkBroadcast(const BroadcastPlan& plan, std::int64_t begin, std::int64_t end, Inner&& inner)
{
    const auto last = static_cast<std::size_t>(plan.rank - 1);
    std::array<std::int64_t, kMaxBroadcastRank> index {};
    std::array<std::int64_t, N> offsets {};
    std::int64_t rest = begin;
    for (std::size_t k = 0; k <= last; ++k) {
        const std::size_t d = last - k;
        index[d] = rest % plan.extents[d];
        rest /= plan.extents[d];
        for (std::size_t i = 0; i < N; ++i)
            offsets[i] += index[d] * plan.strides[i][d];
    }
    for (std::int64_t position = begin; position < end;) {
        const std::int64_t n = std::min(plan.extents[last] - index[last], end - position);
        inner(offsets, position, n);
        position += n;
        index[last] += n;
        for (std::size_t i = 0; i < N; ++i)
            offsets[i] += n * plan.strides[i][last];
        for (std::size_t d = last; d > 0 && index[d] == plan.extents[d]; --d) {
            for (std::size_t i = 0; i < N; ++i)
                offsets[i] += plan.strides[i][d - 1] - index[d] * plan.strides[i][d];
            index[d] = 0;
            ++index[d - 1];
        }
    }
}

/// body(begin, end) over [0, count) on the pool, in chunks of at least minChunk elements.
inline void runParallel(const KernelArgs& args, std::int64_t count, std::int64_t minChunk,
    const std::function<void(std::int64_t, std::int64_t)>& body)
{
    if (args.pool)
        args.pool->parallelFor(count, minChunk, body);
    else
        body(0, count);
}

namespace detail {

template <class A, class B, class O, class Op>
void runContiguous(const A* __restrict a, const B* __restrict b, O* __restrict out, std::int64_t n,
    const Op& operation)
{
    // A local copy: stores through an 8-bit `out` may alias anything, which would otherwise make
    // the compiler reload the operation's parameters after every element.
    const Op op = operation;
    std::int64_t i = 0;
    for (; i + kBroadcastBlock <= n; i += kBroadcastBlock) {
        for (std::int64_t k = 0; k < kBroadcastBlock; ++k)
            out[i + k] = op(a[i + k], b[i + k]);
    }
    for (; i < n; ++i)
        out[i] = op(a[i], b[i]);
}

template <class A, class B, class O, class Op>
void runFirstScalar(
    A a, const B* __restrict b, O* __restrict out, std::int64_t n, const Op& operation)
{
    // A local copy: stores through an 8-bit `out` may alias anything, which would otherwise make
    // the compiler reload the operation's parameters after every element.
    const Op op = operation;
    std::int64_t i = 0;
    for (; i + kBroadcastBlock <= n; i += kBroadcastBlock) {
        for (std::int64_t k = 0; k < kBroadcastBlock; ++k)
            out[i + k] = op(a, b[i + k]);
    }
    for (; i < n; ++i)
        out[i] = op(a, b[i]);
}

template <class A, class B, class O, class Op>
void runSecondScalar(
    const A* __restrict a, B b, O* __restrict out, std::int64_t n, const Op& operation)
{
    // A local copy: stores through an 8-bit `out` may alias anything, which would otherwise make
    // the compiler reload the operation's parameters after every element.
    const Op op = operation;
    std::int64_t i = 0;
    for (; i + kBroadcastBlock <= n; i += kBroadcastBlock) {
        for (std::int64_t k = 0; k < kBroadcastBlock; ++k)
            out[i + k] = op(a[i + k], b);
    }
    for (; i < n; ++i)
        out[i] = op(a[i], b);
}

} // namespace detail

/// out = op(in1, in2) over the plan of a node's inputs 0 and 1, with `A`, `B` and `O` the element
/// types as stored (bools as bytes).
template <class A, class B, class O, class Op>
void runBroadcastBinary(
    const KernelArgs& args, const BroadcastPlan& plan, std::int64_t minChunk, const Op& op)
{
    const A* in1 = args.input(0).as<const A>();
    const B* in2 = args.input(1).as<const B>();
    O* out = args.output(0).as<O>();
    const auto last = static_cast<std::size_t>(plan.rank - 1);
    const bool firstScalar = plan.strides[0][last] == 0;
    const bool secondScalar = plan.strides[1][last] == 0;
    runParallel(args, plan.count, minChunk, [&](std::int64_t begin, std::int64_t end) {
        walkBroadcast<2>(plan, begin, end,
            [&](const std::array<std::int64_t, 2>& offsets, std::int64_t position, std::int64_t n) {
                const A* a = in1 + offsets[0];
                const B* b = in2 + offsets[1];
                O* o = out + position;
                if (firstScalar && secondScalar)
                    std::fill_n(o, n, op(*a, *b));
                else if (firstScalar)
                    detail::runFirstScalar(*a, b, o, n, op);
                else if (secondScalar)
                    detail::runSecondScalar(a, *b, o, n, op);
                else
                    detail::runContiguous(a, b, o, n, op);
            });
    });
}

} // namespace lf::interp
