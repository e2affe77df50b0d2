// SPDX-License-Identifier: GPL-3.0-or-later
// Selection, repetition and padding. SLICE, STRIDED_SLICE and TILE are affine and become one
// simplified StridedCopy in prepare(); GATHER and GATHER_ND copy one contiguous slice per index;
// the PAD family writes every output row once, as left border, copied middle run and right border,
// with per-dim index maps that say where a padded coordinate reads from (or that it is padding).
#include "core/interpreter/kernels/slice.h"

#include "core/interpreter/kernels/reference/slice.h"
#include "core/interpreter/kernels/transpose.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace lf::interp {

namespace {

std::string shapeText(const std::vector<std::int64_t>& shape)
{
    std::string text = "[";
    for (std::size_t i = 0; i < shape.size(); ++i)
        text += (i ? "," : "") + std::to_string(shape[i]);
    return text + "]";
}

template <class K> std::unique_ptr<Kernel> make()
{
    return std::make_unique<K>();
}

/// Up to 8 bytes of one element value, as raw bytes.
using ElementBytes = std::array<std::byte, 8>;

/// Writes `count` copies of `value` (elementSize bytes) to dst.
void fillElements(std::byte* dst, std::int64_t count, std::size_t elementSize,
    const ElementBytes& value, ThreadPool* pool)
{
    const bool uniform
        = std::all_of(value.begin(), value.begin() + static_cast<std::ptrdiff_t>(elementSize),
            [&](std::byte b) { return b == value[0]; });
    parallelChunks(pool, count, static_cast<std::int64_t>(elementSize),
        [&](std::int64_t begin, std::int64_t end) {
            std::byte* out = dst + static_cast<std::size_t>(begin) * elementSize;
            const auto n = static_cast<std::size_t>(end - begin);
            if (uniform) {
                std::memset(out, std::to_integer<int>(value[0]), n * elementSize);
                return;
            }
            for (std::size_t i = 0; i < n; ++i)
                std::memcpy(out + i * elementSize, value.data(), elementSize);
        });
}

/// Element `index` of an int16, int32 or int64 index tensor.
std::int64_t indexAt(const TensorView& view, std::int64_t index)
{
    if (view.dtype == ir::DType::Int16)
        return view.as<const std::int16_t>()[index];
    return integerAt(view, index);
}

bool isIndexType(ir::DType dtype)
{
    return dtype == ir::DType::Int16 || dtype == ir::DType::Int32 || dtype == ir::DType::Int64;
}

class SliceKernel final : public Kernel
{
public:
    Result<void> prepare(KernelArgs& args) override
    {
        if (auto ok = checkArity(args, 3, 3, 1); !ok)
            return ok;
        if (auto ok = checkMovable(args); !ok)
            return ok;
        Result<std::vector<std::int64_t>> begin = constantIntegers(args, 1, "begin");
        if (!begin)
            return std::unexpected(begin.error());
        Result<std::vector<std::int64_t>> size = constantIntegers(args, 2, "size");
        if (!size)
            return std::unexpected(size.error());
        const TensorView& input = args.input(0);
        const int rank = input.rank();
        if (static_cast<int>(begin->size()) != rank || static_cast<int>(size->size()) != rank)
            return kernelError(args, "begin and size need one entry per input dim");
        StridedCopy copy;
        copy.elementSize = ir::dtypeSize(input.dtype);
        copy.srcStrides = rowMajorStrides(input.shape);
        for (int d = 0; d < rank; ++d) {
            const auto i = static_cast<std::size_t>(d);
            std::int64_t extent = (*size)[i];
            if (extent == -1)
                extent = input.shape[i] - (*begin)[i];
            if ((*begin)[i] < 0 || extent < 0 || (*begin)[i] + extent > input.shape[i])
                return kernelError(args,
                    "begin " + std::to_string((*begin)[i]) + " and size "
                        + std::to_string((*size)[i]) + " do not fit dim " + std::to_string(d)
                        + " of " + shapeText(input.shape));
            copy.extents.push_back(extent);
            copy.srcOffset += (*begin)[i] * copy.srcStrides[i];
        }
        copy.dstStrides = rowMajorStrides(copy.extents);
        args.output(0).shape = copy.extents;
        m_copy = simplify(std::move(copy));
        return {};
    }

    void eval(const KernelArgs& args) override
    {
        runStridedCopy(m_copy, args.input(0).data, args.output(0).data, args.pool);
    }

private:
    StridedCopy m_copy;
};

class StridedSliceKernel final : public Kernel
{
public:
    Result<void> prepare(KernelArgs& args) override
    {
        if (auto ok = checkArity(args, 4, 4, 1); !ok)
            return ok;
        if (auto ok = checkMovable(args); !ok)
            return ok;
        const ir::Attributes& attributes = args.node.attributes;
        m_spec = reference::StridedSliceSpec {};
        m_spec.beginMask = attributes.getOr<std::int64_t>("begin_mask", 0);
        m_spec.endMask = attributes.getOr<std::int64_t>("end_mask", 0);
        m_spec.ellipsisMask = attributes.getOr<std::int64_t>("ellipsis_mask", 0);
        m_spec.newAxisMask = attributes.getOr<std::int64_t>("new_axis_mask", 0);
        m_spec.shrinkAxisMask = attributes.getOr<std::int64_t>("shrink_axis_mask", 0);
        m_spec.offset = attributes.getOr<bool>("offset", false);
        // With `offset` the output shape depends on end and strides only, so begin may be computed.
        m_runtimeBegin = m_spec.offset && args.hasInput(1) && !args.input(1).isConstant;
        if (m_runtimeBegin) {
            const TensorView& begin = args.input(1);
            if (begin.dtype != ir::DType::Int32 && begin.dtype != ir::DType::Int64)
                return kernelError(args, "begin must be int32 or int64");
            m_spec.begin.assign(static_cast<std::size_t>(begin.elementCount()), 0);
        } else {
            Result<std::vector<std::int64_t>> begin = constantIntegers(args, 1, "begin");
            if (!begin)
                return std::unexpected(begin.error());
            m_spec.begin = std::move(*begin);
        }
        Result<std::vector<std::int64_t>> end = constantIntegers(args, 2, "end");
        if (!end)
            return std::unexpected(end.error());
        Result<std::vector<std::int64_t>> strides = constantIntegers(args, 3, "strides");
        if (!strides)
            return std::unexpected(strides.error());
        m_spec.end = std::move(*end);
        m_spec.strides = std::move(*strides);
        if (m_spec.begin.size() != m_spec.end.size() || m_spec.strides.size() != m_spec.end.size()
            || m_spec.end.size() > 31)
            return kernelError(args, "begin, end and strides need the same length, at most 31");

        const TensorView& input = args.input(0);
        std::optional<std::vector<reference::StridedSliceDim>> dims
            = reference::canonicalStridedSlice(input.shape, m_spec);
        if (!dims)
            return kernelError(args,
                "the slice spec does not match the rank-" + std::to_string(input.rank())
                    + " input");
        std::optional<std::vector<std::int64_t>> shape
            = reference::stridedSliceShape(*dims, m_spec);
        if (!shape)
            return kernelError(
                args, "strides must be non-zero (and offset mode needs an end per dim)");
        TensorView& output = args.output(0);
        output.shape = std::move(*shape);
        m_dims = std::move(*dims);
        m_elementSize = ir::dtypeSize(input.dtype);
        m_outputCount = output.elementCount();
        m_inputStrides = rowMajorStrides(input.shape);
        if (!m_runtimeBegin)
            m_copy = plan(m_dims);
        return {};
    }

    void eval(const KernelArgs& args) override
    {
        if (!m_runtimeBegin) {
            run(m_copy, args);
            return;
        }
        std::vector<reference::StridedSliceDim> dims = m_dims;
        const auto specified
            = reference::canonicalStridedSlice(args.input(0).shape, withBegin(args.input(1)));
        if (specified)
            dims = *specified;
        run(plan(dims), args);
    }

private:
    reference::StridedSliceSpec withBegin(const TensorView& begin) const
    {
        reference::StridedSliceSpec spec = m_spec;
        for (std::size_t i = 0; i < spec.begin.size(); ++i)
            spec.begin[i] = integerAt(begin, static_cast<std::int64_t>(i));
        return spec;
    }

    /// The loops of TFLite's sequential writer as one copy: every effective dim iterates its count
    /// with stride * input stride, and the output is written densely in loop order.
    StridedCopy plan(const std::vector<reference::StridedSliceDim>& dims) const
    {
        StridedCopy copy;
        copy.elementSize = m_elementSize;
        for (const reference::StridedSliceDim& dim : dims) {
            const std::int64_t start = reference::stridedSliceStart(dim);
            const std::int64_t stop = reference::stridedSliceStop(dim, start, m_spec.offset);
            const std::int64_t step
                = dim.inputDim >= 0 ? m_inputStrides[static_cast<std::size_t>(dim.inputDim)] : 0;
            copy.extents.push_back(reference::stridedSliceCount(start, stop, dim.stride));
            copy.srcStrides.push_back(dim.stride * step);
            copy.srcOffset += start * step;
        }
        copy.dstStrides = rowMajorStrides(copy.extents);
        return simplify(std::move(copy));
    }

    /// Runs the copy if it fills the output exactly. Otherwise (slices TFLite sizes inconsistently,
    /// e.g. a shrunk axis beyond the end) the elements TFLite's writer would produce are written
    /// and the rest of the output, which TFLite leaves uninitialised, is zeroed.
    void run(const StridedCopy& copy, const KernelArgs& args) const
    {
        std::int64_t visited = 1;
        for (std::int64_t extent : copy.extents)
            visited *= extent;
        std::byte* out = args.output(0).data;
        if (visited == m_outputCount) {
            runStridedCopy(copy, args.input(0).data, out, args.pool);
            return;
        }
        std::memset(out, 0, static_cast<std::size_t>(m_outputCount) * m_elementSize);
        if (visited < m_outputCount)
            runStridedCopy(copy, args.input(0).data, out, args.pool);
    }

    reference::StridedSliceSpec m_spec;
    std::vector<reference::StridedSliceDim> m_dims;
    std::vector<std::int64_t> m_inputStrides;
    StridedCopy m_copy;
    std::size_t m_elementSize = 1;
    std::int64_t m_outputCount = 0;
    bool m_runtimeBegin = false;
};

class GatherKernel final : public Kernel
{
public:
    Result<void> prepare(KernelArgs& args) override
    {
        if (auto ok = checkArity(args, 2, 2, 1); !ok)
            return ok;
        if (auto ok = checkMovable(args); !ok)
            return ok;
        const TensorView& params = args.input(0);
        const TensorView& indices = args.input(1);
        if (!isIndexType(indices.dtype))
            return kernelError(args, "indices must be int16, int32 or int64");
        std::int64_t axis = args.node.attributes.getOr<std::int64_t>("axis", 0);
        std::int64_t batchDims = args.node.attributes.getOr<std::int64_t>("batch_dims", 0);
        if (axis < 0)
            axis += params.rank();
        if (batchDims < 0)
            batchDims += indices.rank();
        if (axis < 0 || axis >= params.rank() || batchDims < 0 || batchDims > axis
            || batchDims > indices.rank())
            return kernelError(args, "axis and batch_dims are out of range");
        m_batch = m_outer = m_inner = m_coords = 1;
        for (std::int64_t d = 0; d < batchDims; ++d) {
            if (params.shape[static_cast<std::size_t>(d)]
                != indices.shape[static_cast<std::size_t>(d)])
                return kernelError(
                    args, "params and indices differ in batch dim " + std::to_string(d));
            m_batch *= params.shape[static_cast<std::size_t>(d)];
        }
        for (std::int64_t d = batchDims; d < axis; ++d)
            m_outer *= params.shape[static_cast<std::size_t>(d)];
        for (std::size_t d = static_cast<std::size_t>(axis) + 1; d < params.shape.size(); ++d)
            m_inner *= params.shape[d];
        for (std::size_t d = static_cast<std::size_t>(batchDims); d < indices.shape.size(); ++d)
            m_coords *= indices.shape[d];
        m_axisExtent = params.shape[static_cast<std::size_t>(axis)];
        TensorView& output = args.output(0);
        output.shape.assign(params.shape.begin(), params.shape.begin() + axis);
        output.shape.insert(
            output.shape.end(), indices.shape.begin() + batchDims, indices.shape.end());
        output.shape.insert(
            output.shape.end(), params.shape.begin() + axis + 1, params.shape.end());
        m_elementSize = ir::dtypeSize(params.dtype);
        if (indices.isConstant) {
            for (std::int64_t i = 0; i < indices.elementCount(); ++i) {
                const std::int64_t index = indexAt(indices, i);
                if (index < 0 || index >= m_axisExtent)
                    return kernelError(args,
                        "index " + std::to_string(index) + " is out of range [0, "
                            + std::to_string(m_axisExtent) + ")");
            }
        }
        return {};
    }

    void eval(const KernelArgs& args) override
    {
        const TensorView& indices = args.input(1);
        const std::byte* src = args.input(0).data;
        std::byte* dst = args.output(0).data;
        const auto sliceBytes = static_cast<std::size_t>(m_inner) * m_elementSize;
        // Computed indices out of range (an error in TFLite) produce zeros instead of reading
        // outside.
        parallelChunks(args.pool, m_batch * m_outer * m_coords,
            static_cast<std::int64_t>(sliceBytes), [&](std::int64_t begin, std::int64_t end) {
                for (std::int64_t item = begin; item < end; ++item) {
                    const std::int64_t row = item / m_coords; // batch * outer + outer index
                    const std::int64_t coord = item % m_coords;
                    const std::int64_t index = indexAt(indices, (row / m_outer) * m_coords + coord);
                    std::byte* out = dst + static_cast<std::size_t>(item) * sliceBytes;
                    if (index < 0 || index >= m_axisExtent)
                        std::memset(out, 0, sliceBytes);
                    else
                        std::memcpy(out,
                            src + static_cast<std::size_t>(row * m_axisExtent + index) * sliceBytes,
                            sliceBytes);
                }
            });
    }

private:
    std::int64_t m_batch = 1;
    std::int64_t m_outer = 1;
    std::int64_t m_inner = 1;
    std::int64_t m_coords = 1;
    std::int64_t m_axisExtent = 0;
    std::size_t m_elementSize = 1;
};

class GatherNdKernel final : public Kernel
{
public:
    Result<void> prepare(KernelArgs& args) override
    {
        if (auto ok = checkArity(args, 2, 2, 1); !ok)
            return ok;
        if (auto ok = checkMovable(args); !ok)
            return ok;
        const TensorView& params = args.input(0);
        const TensorView& indices = args.input(1);
        if (!isIndexType(indices.dtype))
            return kernelError(args, "indices must be int16, int32 or int64");
        if (indices.rank() < 1 || params.rank() < 1)
            return kernelError(args, "params and indices must have at least one dim");
        m_depth = indices.shape.back();
        if (m_depth > params.rank())
            return kernelError(args,
                "index depth " + std::to_string(m_depth) + " exceeds the params rank "
                    + std::to_string(params.rank()));
        m_paramsShape = params.shape;
        m_paramsStrides = rowMajorStrides(params.shape);
        m_slice = 1;
        for (std::size_t d = static_cast<std::size_t>(m_depth); d < params.shape.size(); ++d)
            m_slice *= params.shape[d];
        TensorView& output = args.output(0);
        output.shape.assign(indices.shape.begin(), indices.shape.end() - 1);
        output.shape.insert(output.shape.end(), params.shape.begin() + m_depth, params.shape.end());
        m_lookups = 1;
        for (std::size_t d = 0; d + 1 < indices.shape.size(); ++d)
            m_lookups *= indices.shape[d];
        m_elementSize = ir::dtypeSize(params.dtype);
        if (indices.isConstant && m_depth > 0) {
            for (std::int64_t i = 0; i < indices.elementCount(); ++i) {
                const std::int64_t index = indexAt(indices, i);
                const std::int64_t extent = params.shape[static_cast<std::size_t>(i % m_depth)];
                if (index < 0 || index >= extent)
                    return kernelError(args,
                        "index " + std::to_string(index) + " is out of range [0, "
                            + std::to_string(extent) + ")");
            }
        }
        return {};
    }

    void eval(const KernelArgs& args) override
    {
        const TensorView& indices = args.input(1);
        const std::byte* src = args.input(0).data;
        std::byte* dst = args.output(0).data;
        const auto sliceBytes = static_cast<std::size_t>(m_slice) * m_elementSize;
        parallelChunks(args.pool, m_lookups, static_cast<std::int64_t>(sliceBytes),
            [&](std::int64_t begin, std::int64_t end) {
                for (std::int64_t lookup = begin; lookup < end; ++lookup) {
                    std::int64_t offset = 0;
                    bool inside = true;
                    for (std::int64_t j = 0; j < m_depth; ++j) {
                        const std::int64_t index = indexAt(indices, lookup * m_depth + j);
                        inside = inside && index >= 0
                            && index < m_paramsShape[static_cast<std::size_t>(j)];
                        offset += index * m_paramsStrides[static_cast<std::size_t>(j)];
                    }
                    std::byte* out = dst + static_cast<std::size_t>(lookup) * sliceBytes;
                    if (inside)
                        std::memcpy(out, src + static_cast<std::size_t>(offset) * m_elementSize,
                            sliceBytes);
                    else
                        std::memset(out, 0, sliceBytes);
                }
            });
    }

private:
    std::vector<std::int64_t> m_paramsShape;
    std::vector<std::int64_t> m_paramsStrides;
    std::int64_t m_depth = 0;
    std::int64_t m_slice = 1;
    std::int64_t m_lookups = 0;
    std::size_t m_elementSize = 1;
};

class TileKernel final : public Kernel
{
public:
    Result<void> prepare(KernelArgs& args) override
    {
        if (auto ok = checkArity(args, 2, 2, 1); !ok)
            return ok;
        if (auto ok = checkMovable(args); !ok)
            return ok;
        Result<std::vector<std::int64_t>> multiples = constantIntegers(args, 1, "multiples");
        if (!multiples)
            return std::unexpected(multiples.error());
        const TensorView& input = args.input(0);
        if (static_cast<int>(multiples->size()) != input.rank())
            return kernelError(args, "multiples needs one entry per input dim");
        TensorView& output = args.output(0);
        output.shape = input.shape;
        for (std::size_t d = 0; d < input.shape.size(); ++d) {
            if ((*multiples)[d] < 0)
                return kernelError(args, "multiples must not be negative");
            output.shape[d] *= (*multiples)[d];
        }
        // Each dim splits into (repetition, position): the repetition reads with stride 0.
        const std::vector<std::int64_t> inStrides = rowMajorStrides(input.shape);
        const std::vector<std::int64_t> outStrides = rowMajorStrides(output.shape);
        StridedCopy copy;
        copy.elementSize = ir::dtypeSize(input.dtype);
        for (std::size_t d = 0; d < input.shape.size(); ++d) {
            copy.extents.insert(copy.extents.end(), { (*multiples)[d], input.shape[d] });
            copy.srcStrides.insert(copy.srcStrides.end(), { 0, inStrides[d] });
            copy.dstStrides.insert(
                copy.dstStrides.end(), { input.shape[d] * outStrides[d], outStrides[d] });
        }
        m_copy = simplify(std::move(copy));
        return {};
    }

    void eval(const KernelArgs& args) override
    {
        runStridedCopy(m_copy, args.input(0).data, args.output(0).data, args.pool);
    }

private:
    StridedCopy m_copy;
};

enum class PadMode { Constant, Reflect, Symmetric };

/// PAD, PADV2 and MIRROR_PAD. Trailing dims without padding are folded into one "unit" of bytes, so
/// the output is rows of units: each row is either all padding or left border, the copied input row
/// and right border. Per kept dim a map gives the input coordinate of each output one (-1:
/// padding).
class PadKernel final : public Kernel
{
public:
    explicit PadKernel(PadMode mode)
        : m_mode(mode)
    {
    }

    Result<void> prepare(KernelArgs& args) override
    {
        const bool v2 = args.node.op == ir::OpKind::PadV2;
        if (auto ok = checkArity(args, 2, v2 ? 3 : 2, 1); !ok)
            return ok;
        if (auto ok = checkMovable(args); !ok)
            return ok;
        if (m_mode != PadMode::Constant) {
            const std::string mode = args.node.attributes.getOr<std::string>("mode", "REFLECT");
            if (mode != "REFLECT" && mode != "SYMMETRIC")
                return kernelError(args, "unsupported mode " + mode);
            m_mode = mode == "REFLECT" ? PadMode::Reflect : PadMode::Symmetric;
        }
        Result<std::vector<std::int64_t>> paddings = constantIntegers(args, 1, "paddings");
        if (!paddings)
            return std::unexpected(paddings.error());
        const TensorView& input = args.input(0);
        TensorView& output = args.output(0);
        const auto rank = static_cast<std::size_t>(input.rank());
        if (paddings->size() != 2 * rank)
            return kernelError(args, "paddings must have shape [" + std::to_string(rank) + ", 2]");
        const std::size_t elementSize = ir::dtypeSize(input.dtype);
        output.shape = input.shape;
        std::size_t kept = 0; // dims up to the last padded one
        for (std::size_t d = 0; d < rank; ++d) {
            const std::int64_t before = (*paddings)[2 * d];
            const std::int64_t after = (*paddings)[2 * d + 1];
            const std::int64_t extent = input.shape[d];
            const std::int64_t limit = m_mode == PadMode::Reflect ? extent - 1 : extent;
            if (before < 0 || after < 0
                || (m_mode != PadMode::Constant && (before > limit || after > limit)))
                return kernelError(args,
                    "paddings " + std::to_string(before) + ", " + std::to_string(after)
                        + " are invalid for dim " + std::to_string(d) + " of extent "
                        + std::to_string(extent));
            output.shape[d] = before + extent + after;
            if (before > 0 || after > 0)
                kept = d + 1;
        }
        m_unitBytes = elementSize;
        for (std::size_t d = kept; d < rank; ++d)
            m_unitBytes *= static_cast<std::size_t>(input.shape[d]);
        m_outShape.assign(
            output.shape.begin(), output.shape.begin() + static_cast<std::ptrdiff_t>(kept));
        m_inShape.assign(
            input.shape.begin(), input.shape.begin() + static_cast<std::ptrdiff_t>(kept));
        m_maps.clear();
        for (std::size_t d = 0; d < kept; ++d)
            m_maps.push_back(indexMap((*paddings)[2 * d], input.shape[d], (*paddings)[2 * d + 1]));
        m_before = kept > 0 ? (*paddings)[2 * kept - 2] : 0;
        m_value = {};
        m_valueInput = false;
        if (m_mode == PadMode::Constant) {
            if (auto ok = preparePadValue(args, elementSize); !ok)
                return ok;
        }
        m_padRow.clear();
        if (m_mode == PadMode::Constant && !m_valueInput && !m_outShape.empty())
            m_padRow = padRow(m_value, elementSize);
        return {};
    }

    void eval(const KernelArgs& args) override
    {
        if (!m_valueInput) {
            run(args, m_padRow);
            return;
        }
        ElementBytes value {};
        const std::size_t elementSize = ir::dtypeSize(args.input(0).dtype);
        std::memcpy(value.data(), args.input(2).data, elementSize);
        run(args, padRow(value, elementSize));
    }

private:
    /// Output coordinate -> input coordinate along one dim, -1 where the output is padding.
    std::vector<std::int64_t> indexMap(
        std::int64_t before, std::int64_t extent, std::int64_t after) const
    {
        std::vector<std::int64_t> map;
        const std::int64_t reflect = m_mode == PadMode::Reflect ? 1 : 0;
        for (std::int64_t i = 0; i < before; ++i)
            map.push_back(m_mode == PadMode::Constant ? -1 : before - 1 + reflect - i);
        for (std::int64_t i = 0; i < extent; ++i)
            map.push_back(i);
        for (std::int64_t i = 0; i < after; ++i)
            map.push_back(m_mode == PadMode::Constant ? -1 : extent - 1 - reflect - i);
        return map;
    }

    Result<void> preparePadValue(const KernelArgs& args, std::size_t elementSize)
    {
        const TensorView& output = args.output(0);
        const bool quantized = output.dtype == ir::DType::Int8 || output.dtype == ir::DType::UInt8
            || output.dtype == ir::DType::Int16;
        if (args.hasInput(2)) {
            const TensorView& value = args.input(2);
            if (value.dtype != output.dtype || value.elementCount() != 1)
                return kernelError(args, "constant_values must be one element of the input type");
            if (quantized
                && (value.scale() != output.scale() || value.zeroPoint() != output.zeroPoint()))
                return kernelError(args, "constant_values must have the output's quantization");
            if (value.isConstant)
                std::memcpy(m_value.data(), value.data, elementSize);
            else
                m_valueInput = true;
            return {};
        }
        if (quantized) {
            const std::int32_t zeroPoint = output.zeroPoint();
            if (output.dtype == ir::DType::Int16) {
                const auto v = static_cast<std::int16_t>(zeroPoint);
                std::memcpy(m_value.data(), &v, sizeof v);
            } else {
                m_value[0] = static_cast<std::byte>(zeroPoint & 0xff);
            }
        }
        return {};
    }

    /// One output row of padding: the pad value repeated over every unit.
    std::vector<std::byte> padRow(const ElementBytes& value, std::size_t elementSize) const
    {
        if (m_outShape.empty())
            return {};
        std::vector<std::byte> row(static_cast<std::size_t>(m_outShape.back()) * m_unitBytes);
        for (std::size_t offset = 0; offset < row.size(); offset += elementSize)
            std::memcpy(row.data() + offset, value.data(), elementSize);
        return row;
    }

    void run(const KernelArgs& args, const std::vector<std::byte>& padding) const
    {
        const std::byte* src = args.input(0).data;
        std::byte* dst = args.output(0).data;
        if (m_outShape.empty()) {
            std::memcpy(dst, src, m_unitBytes);
            return;
        }
        const std::size_t last = m_outShape.size() - 1;
        const auto outWidth = static_cast<std::size_t>(m_outShape[last]);
        const auto inWidth = static_cast<std::size_t>(m_inShape[last]);
        const std::vector<std::int64_t>& lastMap = m_maps[last];
        const std::size_t unit = m_unitBytes;
        std::vector<std::int64_t> inRowStrides(last, 1);
        for (std::size_t d = last; d-- > 1;)
            inRowStrides[d - 1] = inRowStrides[d] * m_inShape[d];
        std::int64_t rows = 1;
        for (std::size_t d = 0; d < last; ++d)
            rows *= m_outShape[d];
        const bool constant = m_mode == PadMode::Constant;
        parallelChunks(args.pool, rows, static_cast<std::int64_t>(outWidth * unit),
            [&](std::int64_t begin, std::int64_t end) {
                std::vector<std::int64_t> index(last, 0);
                std::int64_t rest = begin;
                for (std::size_t d = last; d-- > 0;) {
                    index[d] = rest % m_outShape[d];
                    rest /= m_outShape[d];
                }
                for (std::int64_t row = begin; row < end; ++row) {
                    std::byte* out = dst + static_cast<std::size_t>(row) * outWidth * unit;
                    std::int64_t fromRow = 0;
                    bool padded = false;
                    for (std::size_t d = 0; d < last; ++d) {
                        const std::int64_t mapped = m_maps[d][static_cast<std::size_t>(index[d])];
                        padded = padded || mapped < 0;
                        fromRow += mapped * inRowStrides[d];
                    }
                    if (padded) {
                        std::memcpy(out, padding.data(), outWidth * unit);
                    } else {
                        const std::byte* in
                            = src + static_cast<std::size_t>(fromRow) * inWidth * unit;
                        const auto before = static_cast<std::size_t>(m_before);
                        const std::size_t after = before + inWidth;
                        if (constant) {
                            std::memcpy(out, padding.data(), before * unit);
                            std::memcpy(
                                out + after * unit, padding.data(), (outWidth - after) * unit);
                        } else {
                            for (std::size_t j = 0; j < before; ++j)
                                std::memcpy(out + j * unit,
                                    in + static_cast<std::size_t>(lastMap[j]) * unit, unit);
                            for (std::size_t j = after; j < outWidth; ++j)
                                std::memcpy(out + j * unit,
                                    in + static_cast<std::size_t>(lastMap[j]) * unit, unit);
                        }
                        std::memcpy(out + before * unit, in, inWidth * unit);
                    }
                    for (std::size_t d = last; d-- > 0;) {
                        if (++index[d] < m_outShape[d])
                            break;
                        index[d] = 0;
                    }
                }
            });
    }

    PadMode m_mode;
    std::vector<std::int64_t> m_outShape; ///< output dims up to the last padded one
    std::vector<std::int64_t> m_inShape;
    std::vector<std::vector<std::int64_t>> m_maps;
    std::int64_t m_before = 0; ///< padding before the last kept dim
    std::size_t m_unitBytes
        = 1; ///< bytes of one element of the last kept dim, trailing dims folded in
    ElementBytes m_value {};
    std::vector<std::byte> m_padRow;
    bool m_valueInput = false; ///< PADV2 with a computed constant_values input
};

std::unique_ptr<Kernel> makePad()
{
    return std::make_unique<PadKernel>(PadMode::Constant);
}
std::unique_ptr<Kernel> makeMirrorPad()
{
    return std::make_unique<PadKernel>(PadMode::Reflect);
}

class FillKernel final : public Kernel
{
public:
    Result<void> prepare(KernelArgs& args) override
    {
        if (auto ok = checkArity(args, 2, 2, 1); !ok)
            return ok;
        Result<std::vector<std::int64_t>> dims = constantIntegers(args, 0, "dims");
        if (!dims)
            return std::unexpected(dims.error());
        const TensorView& value = args.input(1);
        TensorView& output = args.output(0);
        if (!isMovableType(value.dtype) || value.elementCount() != 1 || output.dtype != value.dtype)
            return kernelError(args, "value must be one element of the output type");
        for (std::int64_t extent : *dims) {
            if (extent < 0)
                return kernelError(args, "dims must not be negative");
        }
        output.shape = std::move(*dims);
        return {};
    }

    void eval(const KernelArgs& args) override
    {
        const TensorView& value = args.input(1);
        ElementBytes bytes {};
        std::memcpy(bytes.data(), value.data, ir::dtypeSize(value.dtype));
        fillElements(args.output(0).data, args.output(0).elementCount(), ir::dtypeSize(value.dtype),
            bytes, args.pool);
    }
};

class ZerosLikeKernel final : public Kernel
{
public:
    Result<void> prepare(KernelArgs& args) override
    {
        if (auto ok = checkArity(args, 1, 1, 1); !ok)
            return ok;
        if (auto ok = checkMovable(args); !ok)
            return ok;
        args.output(0).shape = args.input(0).shape;
        return {};
    }

    void eval(const KernelArgs& args) override
    {
        const TensorView& output = args.output(0);
        fillElements(output.data, output.elementCount(), ir::dtypeSize(output.dtype),
            ElementBytes {}, args.pool);
    }
};

} // namespace

void registerSliceKernels(KernelRegistry& registry)
{
    registry.add(ir::OpKind::Fill, &make<FillKernel>);
    registry.add(ir::OpKind::Gather, &make<GatherKernel>);
    registry.add(ir::OpKind::GatherNd, &make<GatherNdKernel>);
    registry.add(ir::OpKind::MirrorPad, &makeMirrorPad);
    registry.add(ir::OpKind::Pad, &makePad);
    registry.add(ir::OpKind::PadV2, &makePad);
    registry.add(ir::OpKind::Slice, &make<SliceKernel>);
    registry.add(ir::OpKind::StridedSlice, &make<StridedSliceKernel>);
    registry.add(ir::OpKind::Tile, &make<TileKernel>);
    registry.add(ir::OpKind::ZerosLike, &make<ZerosLikeKernel>);
}

} // namespace lf::interp
