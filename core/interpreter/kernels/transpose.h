// SPDX-License-Identifier: GPL-3.0-or-later
// Kernels that permute elements without changing them: TRANSPOSE, DEPTH_TO_SPACE, SPACE_TO_DEPTH,
// BATCH_TO_SPACE_ND, SPACE_TO_BATCH_ND and REVERSE_V2. Also the strided copy they are built on,
// which the slicing, tiling, padding and broadcasting kernels reuse: any copy between two affine
// views of one iteration space, run as memcpy of contiguous runs or cache-blocked 2-D transposes.
#pragma once

#include "core/base/thread_pool.h"
#include "core/interpreter/kernel_registry.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace lf::interp {

/// dst[dstOffset + sum(i_d * dstStrides[d])] = src[srcOffset + sum(i_d * srcStrides[d])] for every
/// index i in the box `extents` (outermost first). Strides and offsets count elements; source
/// strides may be zero (broadcast) or negative (reversal). Destinations must not overlap each
/// other.
struct StridedCopy
{
    std::vector<std::int64_t> extents;
    std::vector<std::int64_t> srcStrides;
    std::vector<std::int64_t> dstStrides;
    std::int64_t srcOffset = 0;
    std::int64_t dstOffset = 0;
    std::size_t elementSize = 1; ///< 1, 2, 4 or 8 bytes
};

/// Row-major (C order) strides of `shape`, in elements.
std::vector<std::int64_t> rowMajorStrides(std::span<const std::int64_t> shape);

/// The same copy with unit dims dropped and neighbouring dims merged wherever both views are
/// contiguous across them; call once in prepare() so that eval() only runs loops.
StridedCopy simplify(StridedCopy copy);

/// Runs `copy` (ideally simplified), splitting the outer dims over `pool` when it is large; `pool`
/// may be null.
void runStridedCopy(
    const StridedCopy& copy, const std::byte* src, std::byte* dst, ThreadPool* pool);

/// Calls body(begin, end) over [0, count) on `pool` (serially when it is null), in chunks of at
/// least 32 KiB given that one item moves `bytesPerItem` bytes.
void parallelChunks(ThreadPool* pool, std::int64_t count, std::int64_t bytesPerItem,
    const std::function<void(std::int64_t, std::int64_t)>& body);

/// True for element types the data-movement kernels move as raw bytes (1, 2, 4 or 8 bytes wide).
bool isMovableType(ir::DType dtype);

/// Checks that input 0 has a movable type and that every output has the same type.
Result<void> checkMovable(const KernelArgs& args);

/// The values of input `index`, an int32 or int64 tensor that must be constant at prepare time
/// (block shapes, permutations, paddings, ...); the error names the input as `what`.
Result<std::vector<std::int64_t>> constantIntegers(
    const KernelArgs& args, std::size_t index, std::string_view what);

/// Reads element `index` of an int32 or int64 tensor as int64.
std::int64_t integerAt(const TensorView& view, std::int64_t index);

void registerTransposeKernels(KernelRegistry& registry);

} // namespace lf::interp
