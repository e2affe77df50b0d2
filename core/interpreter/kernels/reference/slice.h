// SPDX-License-Identifier: GPL-3.0-or-later
// STRIDED_SLICE as TFLite defines it: the canonicalisation of the begin/end/strides inputs and the
// five masks into one (start, stop, stride) triple per dim of the "effective" input (the input with
// new axes inserted), the output shape rule, and a straightforward element loop that writes the
// output sequentially like TFLite's SequentialTensorWriter. The kernel's strided-copy fast path is
// tested against stridedSlice() below.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace lf::interp::reference {

/// The op's index inputs and StridedSliceOptions.
struct StridedSliceSpec
{
    std::vector<std::int64_t> begin;
    std::vector<std::int64_t> end;
    std::vector<std::int64_t> strides;
    std::int64_t beginMask = 0;
    std::int64_t endMask = 0;
    std::int64_t ellipsisMask = 0;
    std::int64_t newAxisMask = 0;
    std::int64_t shrinkAxisMask = 0;
    bool offset = false; ///< end holds sizes relative to begin
};

/// One dim of the effective input.
struct StridedSliceDim
{
    std::int64_t extent = 1;
    int inputDim = -1; ///< the input dim it reads, -1 for an inserted axis
    std::int64_t begin = 0;
    std::int64_t end = 0;
    std::int64_t stride = 1;
    bool beginMasked = false;
    bool endMasked = false;
    bool shrink = false;
};

inline bool maskBit(std::int64_t mask, std::int64_t bit)
{
    return bit >= 0 && bit < 32 && ((mask >> bit) & 1) != 0;
}

/// TFLite's BuildStridedSliceParams: expands the ellipsis, inserts new axes and maps every
/// effective dim back to its entry in the spec. nullopt if the spec refers to dims the input does
/// not have.
inline std::optional<std::vector<StridedSliceDim>> canonicalStridedSlice(
    std::span<const std::int64_t> inputShape, const StridedSliceSpec& spec)
{
    const auto inputRank = static_cast<std::int64_t>(inputShape.size());
    const auto count = static_cast<std::int64_t>(spec.begin.size());
    std::int64_t addedAxes = 0;
    for (std::int64_t i = 0; i < count; ++i) {
        if (!maskBit(spec.ellipsisMask, i) && maskBit(spec.newAxisMask, i))
            ++addedAxes;
    }
    const std::int64_t dims = inputRank + addedAxes;
    // Effective positions covered by the ellipsis, and those where a new axis goes. A new-axis bit
    // on the ellipsis entry itself has no effect.
    std::vector<bool> ellipsis(static_cast<std::size_t>(dims), false);
    std::vector<bool> newAxis(static_cast<std::size_t>(dims), false);
    std::int64_t ellipsisStart = dims;
    std::int64_t expanded = 0;
    for (std::int64_t i = 0; i < dims;) {
        if (maskBit(spec.ellipsisMask, i)) {
            ellipsisStart = i;
            const std::int64_t stop
                = std::max(i + 1, std::min(i + 1 + addedAxes + inputRank - count, dims));
            expanded = stop - i - 1;
            for (; i < stop; ++i)
                ellipsis[static_cast<std::size_t>(i)] = true;
            continue;
        }
        newAxis[static_cast<std::size_t>(i)] = maskBit(spec.newAxisMask, i - expanded);
        ++i;
    }

    std::vector<StridedSliceDim> result(static_cast<std::size_t>(dims));
    std::int64_t ellipsisShift = 0;
    std::int64_t inserted = 0;
    for (std::int64_t i = 0; i < dims; ++i) {
        StridedSliceDim& dim = result[static_cast<std::size_t>(i)];
        if (newAxis[static_cast<std::size_t>(i)] && !ellipsis[static_cast<std::size_t>(i)]) {
            dim.end = 1;
            ++inserted;
            continue;
        }
        const std::int64_t from = i - inserted;
        if (from < 0 || from >= inputRank)
            return std::nullopt;
        dim.inputDim = static_cast<int>(from);
        dim.extent = inputShape[static_cast<std::size_t>(from)];
        if (ellipsis[static_cast<std::size_t>(i)]) {
            ellipsisShift = std::max<std::int64_t>(0, i - ellipsisStart);
            dim.beginMasked = dim.endMasked = true;
        } else if (i >= count + expanded) {
            dim.beginMasked = dim.endMasked = true;
        } else {
            const std::int64_t entry = i - ellipsisShift;
            if (entry < 0 || entry >= count || entry >= static_cast<std::int64_t>(spec.end.size())
                || entry >= static_cast<std::int64_t>(spec.strides.size()))
                return std::nullopt;
            dim.begin = spec.begin[static_cast<std::size_t>(entry)];
            dim.end = spec.end[static_cast<std::size_t>(entry)];
            dim.stride = spec.strides[static_cast<std::size_t>(entry)];
            dim.beginMasked = maskBit(spec.beginMask, entry);
            dim.endMasked = maskBit(spec.endMask, entry);
            dim.shrink = maskBit(spec.shrinkAxisMask, entry);
        }
    }
    return result;
}

/// TFLite's StartForAxis: the first index read, clamped into the axis.
inline std::int64_t stridedSliceStart(const StridedSliceDim& dim)
{
    std::int64_t start = dim.begin < 0 ? dim.begin + dim.extent : dim.begin;
    start = dim.stride > 0 ? std::clamp<std::int64_t>(start, 0, dim.extent)
                           : std::clamp<std::int64_t>(start, -1, dim.extent - 1);
    if (dim.beginMasked)
        start = dim.stride > 0 ? 0 : dim.extent - 1;
    return start;
}

/// TFLite's EndForAxis: one past the last index read (in the direction of the stride).
inline std::int64_t stridedSliceStop(const StridedSliceDim& dim, std::int64_t start, bool offset)
{
    if (dim.shrink)
        return start >= dim.extent ? start : start + 1;
    std::int64_t stop = offset ? dim.end + start : dim.end;
    if (stop < 0)
        stop += dim.extent;
    stop = dim.stride > 0 ? std::clamp<std::int64_t>(stop, 0, dim.extent)
                          : std::clamp<std::int64_t>(stop, -1, dim.extent - 1);
    if (dim.endMasked)
        stop = dim.stride > 0 ? dim.extent : -1;
    return stop;
}

/// How many indices start, start + stride, ... come before `stop`.
inline std::int64_t stridedSliceCount(std::int64_t start, std::int64_t stop, std::int64_t stride)
{
    if (stride > 0)
        return stop > start ? (stop - start + stride - 1) / stride : 0;
    return start > stop ? (start - stop - stride - 1) / -stride : 0;
}

/// The output shape, TFLite's way: shrunk dims vanish; with `offset` the extent is the raw end
/// value of the effective dim's position. nullopt for a zero stride or an end missing in offset
/// mode.
inline std::optional<std::vector<std::int64_t>> stridedSliceShape(
    const std::vector<StridedSliceDim>& dims, const StridedSliceSpec& spec)
{
    std::vector<std::int64_t> shape;
    for (std::size_t i = 0; i < dims.size(); ++i) {
        const StridedSliceDim& dim = dims[i];
        if (dim.stride == 0)
            return std::nullopt;
        if (dim.shrink)
            continue;
        std::int64_t extent = 0;
        if (spec.offset) {
            if (i >= spec.end.size())
                return std::nullopt;
            extent = spec.end[i];
        } else {
            const std::int64_t start = stridedSliceStart(dim);
            extent = stridedSliceStop(dim, start, false) - start;
        }
        if ((extent < 0) != (dim.stride < 0))
            extent = 0;
        else if (dim.stride < 0)
            extent = (extent + 1) / dim.stride + 1;
        else
            extent = extent == 0 ? 0 : (extent - 1) / dim.stride + 1;
        shape.push_back(extent);
    }
    return shape;
}

/// Straightforward STRIDED_SLICE: visits the effective input in loop order and writes sequentially,
/// stopping when the output is full; output elements nothing was written to are left untouched.
template <class T>
void stridedSlice(const std::vector<StridedSliceDim>& dims, bool offset,
    std::span<const std::int64_t> inputShape, const T* input, std::span<T> output)
{
    std::vector<std::int64_t> inputStrides(inputShape.size(), 1);
    for (std::size_t d = inputShape.size(); d-- > 1;)
        inputStrides[d - 1] = inputStrides[d] * inputShape[d];
    std::size_t written = 0;
    auto visit = [&](auto&& self, std::size_t d, std::int64_t base) -> void {
        if (d == dims.size()) {
            if (written < output.size())
                output[written++] = input[base];
            return;
        }
        const StridedSliceDim& dim = dims[d];
        const std::int64_t start = stridedSliceStart(dim);
        const std::int64_t stop = stridedSliceStop(dim, start, offset);
        const std::int64_t step
            = dim.inputDim >= 0 ? inputStrides[static_cast<std::size_t>(dim.inputDim)] : 0;
        for (std::int64_t i = start; dim.stride > 0 ? i < stop : i > stop; i += dim.stride)
            self(self, d + 1, base + i * step);
    };
    visit(visit, 0, 0);
}

} // namespace lf::interp::reference
