// SPDX-License-Identifier: GPL-3.0-or-later
// The permuting kernels and the strided-copy engine. TRANSPOSE, DEPTH_TO_SPACE, SPACE_TO_DEPTH and
// REVERSE_V2 are affine relabellings of the element index, so prepare() turns each into a
// simplified StridedCopy; the batch/space kernels copy depth-contiguous pixels in explicit loops
// because crops and paddings make their index maps piecewise.
#include "core/interpreter/kernels/transpose.h"

#include <algorithm>
#include <cstring>

namespace lf::interp {

namespace {

/// Tile edge of the blocked 2-D transpose: 16x16 elements of up to 8 bytes stay within L1.
constexpr std::int64_t kBlock = 16;
/// Below this many bytes per task, splitting a copy over threads costs more than it saves.
constexpr std::int64_t kMinTaskBytes = 32 * 1024;
/// TFLite's limit for TRANSPOSE and REVERSE_V2.
constexpr int kMaxPermuteRank = 8;

template <class T>
void copyRow(
    const T* src, std::int64_t srcStride, T* dst, std::int64_t dstStride, std::int64_t count)
{
    if (srcStride == 1 && dstStride == 1) {
        std::memcpy(dst, src, static_cast<std::size_t>(count) * sizeof(T));
    } else if (srcStride == 0 && dstStride == 1) {
        std::fill_n(dst, count, *src);
    } else {
        for (std::int64_t i = 0; i < count; ++i)
            dst[i * dstStride] = src[i * srcStride];
    }
}

template <class T> void runTyped(const StridedCopy& copy, const T* src, T* dst, ThreadPool* pool)
{
    const auto rank = static_cast<int>(copy.extents.size());
    if (rank == 0) {
        dst[copy.dstOffset] = src[copy.srcOffset];
        return;
    }
    if (std::ranges::find(copy.extents, 0) != copy.extents.end())
        return;
    const int inner = rank - 1;
    const std::int64_t count = copy.extents[inner];
    const std::int64_t srcStride = copy.srcStrides[inner];
    const std::int64_t dstStride = copy.dstStrides[inner];

    // When the inner dim is written contiguously but read with a stride, and some outer dim is read
    // contiguously, the copy is a transpose of those two dims: copy it in square tiles so that both
    // the reads and the writes stay within a few cache lines.
    int pair = -1;
    if (dstStride == 1 && srcStride != 1) {
        for (int d = 0; d < inner && pair < 0; ++d) {
            if (copy.srcStrides[d] == 1)
                pair = d;
        }
    }
    std::vector<int> outer;
    for (int d = 0; d < inner; ++d) {
        if (d != pair)
            outer.push_back(d);
    }
    std::int64_t outerCount = 1;
    for (int d : outer)
        outerCount *= copy.extents[d];
    const std::int64_t pairExtent = pair >= 0 ? copy.extents[pair] : 1;
    const std::int64_t blocks = (pairExtent + kBlock - 1) / kBlock;
    const std::int64_t units = outerCount * blocks;
    const std::int64_t unitBytes
        = std::min(pairExtent, kBlock) * count * static_cast<std::int64_t>(sizeof(T));

    auto body = [&](std::int64_t begin, std::int64_t end) {
        std::vector<std::int64_t> index(outer.size(), 0);
        std::int64_t srcBase = copy.srcOffset;
        std::int64_t dstBase = copy.dstOffset;
        std::int64_t rest = begin / blocks;
        for (std::size_t k = outer.size(); k-- > 0;) {
            const int d = outer[k];
            index[k] = rest % copy.extents[d];
            rest /= copy.extents[d];
            srcBase += index[k] * copy.srcStrides[d];
            dstBase += index[k] * copy.dstStrides[d];
        }
        std::int64_t block = begin % blocks;
        for (std::int64_t unit = begin; unit < end; ++unit) {
            if (pair < 0) {
                copyRow(src + srcBase, srcStride, dst + dstBase, dstStride, count);
            } else {
                const std::int64_t rowStride = copy.dstStrides[pair];
                const std::int64_t rowBegin = block * kBlock;
                const std::int64_t rowEnd = std::min(pairExtent, rowBegin + kBlock);
                for (std::int64_t j0 = 0; j0 < count; j0 += kBlock) {
                    const std::int64_t j1 = std::min(count, j0 + kBlock);
                    for (std::int64_t i = rowBegin; i < rowEnd; ++i) {
                        const T* from = src + srcBase + i;
                        T* to = dst + dstBase + i * rowStride;
                        for (std::int64_t j = j0; j < j1; ++j)
                            to[j] = from[j * srcStride];
                    }
                }
            }
            if (++block < blocks)
                continue;
            block = 0;
            for (std::size_t k = outer.size(); k-- > 0;) {
                const int d = outer[k];
                srcBase += copy.srcStrides[d];
                dstBase += copy.dstStrides[d];
                if (++index[k] < copy.extents[d])
                    break;
                srcBase -= copy.extents[d] * copy.srcStrides[d];
                dstBase -= copy.extents[d] * copy.dstStrides[d];
                index[k] = 0;
            }
        }
    };
    parallelChunks(pool, units, unitBytes, body);
}

/// Base of the kernels that are one strided copy: prepare() plans it once, eval() runs it.
class StridedCopyKernel : public Kernel
{
public:
    Result<void> prepare(KernelArgs& args) final
    {
        Result<StridedCopy> planned = plan(args);
        if (!planned)
            return std::unexpected(std::move(planned.error()));
        m_copy = simplify(std::move(*planned));
        return {};
    }
    void eval(const KernelArgs& args) final
    {
        runStridedCopy(m_copy, args.input(0).data, args.output(0).data, args.pool);
    }

protected:
    /// Validates, sets the output shape and returns the copy from input 0 to output 0.
    virtual Result<StridedCopy> plan(KernelArgs& args) = 0;

private:
    StridedCopy m_copy;
};

class TransposeKernel final : public StridedCopyKernel
{
    Result<StridedCopy> plan(KernelArgs& args) override
    {
        if (auto ok = checkArity(args, 2, 2, 1); !ok)
            return std::unexpected(ok.error());
        if (auto ok = checkMovable(args); !ok)
            return std::unexpected(ok.error());
        const TensorView& input = args.input(0);
        const int rank = input.rank();
        if (rank > kMaxPermuteRank)
            return kernelError(args,
                "supports up to " + std::to_string(kMaxPermuteRank) + " dims, not "
                    + std::to_string(rank));
        Result<std::vector<std::int64_t>> perm = constantIntegers(args, 1, "perm");
        if (!perm)
            return std::unexpected(perm.error());
        if (static_cast<int>(perm->size()) != rank)
            return kernelError(args,
                "perm has " + std::to_string(perm->size()) + " entries for a rank-"
                    + std::to_string(rank) + " input");
        std::vector<bool> seen(static_cast<std::size_t>(rank), false);
        for (std::int64_t& axis : *perm) {
            if (axis < -rank || axis >= rank)
                return kernelError(args, "perm entry " + std::to_string(axis) + " is out of range");
            if (axis < 0)
                axis += rank;
            if (seen[static_cast<std::size_t>(axis)])
                return kernelError(args, "perm repeats axis " + std::to_string(axis));
            seen[static_cast<std::size_t>(axis)] = true;
        }
        const std::vector<std::int64_t> inStrides = rowMajorStrides(input.shape);
        TensorView& output = args.output(0);
        StridedCopy copy;
        copy.elementSize = ir::dtypeSize(input.dtype);
        output.shape.resize(static_cast<std::size_t>(rank));
        for (int d = 0; d < rank; ++d) {
            const auto from = static_cast<std::size_t>((*perm)[static_cast<std::size_t>(d)]);
            output.shape[static_cast<std::size_t>(d)] = input.shape[from];
            copy.srcStrides.push_back(inStrides[from]);
        }
        copy.extents = output.shape;
        copy.dstStrides = rowMajorStrides(output.shape);
        return copy;
    }
};

/// Reads block_size and checks the 4-D NHWC input shared by DEPTH_TO_SPACE and SPACE_TO_DEPTH.
Result<std::int64_t> blockSize(const KernelArgs& args)
{
    if (auto ok = checkArity(args, 1, 1, 1); !ok)
        return std::unexpected(ok.error());
    if (auto ok = checkMovable(args); !ok)
        return std::unexpected(ok.error());
    if (args.input(0).rank() != 4)
        return kernelError(
            args, "needs a 4-D NHWC input, not rank " + std::to_string(args.input(0).rank()));
    const std::int64_t block = args.node.attributes.getOr<std::int64_t>("block_size", 0);
    if (block < 1)
        return kernelError(args, "block_size must be at least 1, not " + std::to_string(block));
    return block;
}

class DepthToSpaceKernel final : public StridedCopyKernel
{
    Result<StridedCopy> plan(KernelArgs& args) override
    {
        Result<std::int64_t> block = blockSize(args);
        if (!block)
            return std::unexpected(block.error());
        const std::int64_t b = *block;
        const std::vector<std::int64_t>& in = args.input(0).shape;
        const std::int64_t n = in[0], h = in[1], w = in[2], c = in[3];
        if (c % (b * b) != 0)
            return kernelError(args,
                "depth " + std::to_string(c)
                    + " is not a multiple of block_size^2 = " + std::to_string(b * b));
        const std::int64_t depth = c / (b * b);
        args.output(0).shape = { n, h * b, w * b, depth };
        // out[n][y*b+dy][x*b+dx][k] = in[n][y][x][(dy*b+dx)*depth+k], iterated as (n, y, dy, x, dx,
        // k).
        StridedCopy copy;
        copy.elementSize = ir::dtypeSize(args.input(0).dtype);
        copy.extents = { n, h, b, w, b, depth };
        copy.srcStrides = { h * w * c, w * c, b * depth, c, depth, 1 };
        copy.dstStrides = rowMajorStrides(copy.extents);
        return copy;
    }
};

class SpaceToDepthKernel final : public StridedCopyKernel
{
    Result<StridedCopy> plan(KernelArgs& args) override
    {
        Result<std::int64_t> block = blockSize(args);
        if (!block)
            return std::unexpected(block.error());
        const std::int64_t b = *block;
        const std::vector<std::int64_t>& in = args.input(0).shape;
        const std::int64_t n = in[0], h = in[1], w = in[2], c = in[3];
        if (h % b != 0 || w % b != 0)
            return kernelError(
                args, "height and width must be multiples of block_size " + std::to_string(b));
        args.output(0).shape = { n, h / b, w / b, c * b * b };
        // out[n][y][x][(dy*b+dx)*c+k] = in[n][y*b+dy][x*b+dx][k], iterated as (n, y, x, dy, dx, k).
        StridedCopy copy;
        copy.elementSize = ir::dtypeSize(args.input(0).dtype);
        copy.extents = { n, h / b, w / b, b, b, c };
        copy.srcStrides = { h * w * c, b * w * c, b * c, w * c, c, 1 };
        copy.dstStrides = rowMajorStrides(copy.extents);
        return copy;
    }
};

class ReverseV2Kernel final : public StridedCopyKernel
{
    Result<StridedCopy> plan(KernelArgs& args) override
    {
        if (auto ok = checkArity(args, 2, 2, 1); !ok)
            return std::unexpected(ok.error());
        if (auto ok = checkMovable(args); !ok)
            return std::unexpected(ok.error());
        const TensorView& input = args.input(0);
        const int rank = input.rank();
        if (rank > kMaxPermuteRank)
            return kernelError(args,
                "supports up to " + std::to_string(kMaxPermuteRank) + " dims, not "
                    + std::to_string(rank));
        Result<std::vector<std::int64_t>> axes = constantIntegers(args, 1, "axis");
        if (!axes)
            return std::unexpected(axes.error());
        StridedCopy copy;
        copy.elementSize = ir::dtypeSize(input.dtype);
        copy.extents = input.shape;
        copy.srcStrides = rowMajorStrides(input.shape);
        copy.dstStrides = copy.srcStrides;
        std::vector<bool> reversed(static_cast<std::size_t>(rank), false);
        for (std::int64_t axis : *axes) {
            if (axis < -rank || axis >= rank)
                return kernelError(args,
                    "axis " + std::to_string(axis) + " is out of range for rank "
                        + std::to_string(rank));
            const auto d = static_cast<std::size_t>(axis < 0 ? axis + rank : axis);
            if (reversed[d])
                return kernelError(args, "axis " + std::to_string(d) + " is listed twice");
            reversed[d] = true;
            copy.srcOffset += (input.shape[d] - 1) * copy.srcStrides[d];
            copy.srcStrides[d] = -copy.srcStrides[d];
        }
        args.output(0).shape = input.shape;
        return copy;
    }
};

/// Geometry shared by BATCH_TO_SPACE_ND and SPACE_TO_BATCH_ND: TFLite's 3-D (NHC) and 4-D (NHWC)
/// forms, with a 3-D input read as W = 1.
struct BatchSpaceGeometry
{
    std::int64_t batch = 0;
    std::int64_t height = 0;
    std::int64_t width = 1;
    std::int64_t depth = 0;
    std::int64_t blockHeight = 1;
    std::int64_t blockWidth = 1;
    std::int64_t before[2] = { 0, 0 }; ///< crops or paddings at the start of H and W
    std::int64_t after[2] = { 0, 0 };
};

Result<BatchSpaceGeometry> batchSpaceGeometry(const KernelArgs& args, std::string_view amountName)
{
    if (auto ok = checkArity(args, 3, 3, 1); !ok)
        return std::unexpected(ok.error());
    if (auto ok = checkMovable(args); !ok)
        return std::unexpected(ok.error());
    const TensorView& input = args.input(0);
    const int rank = input.rank();
    if (rank != 3 && rank != 4)
        return kernelError(args, "needs a 3-D or 4-D input, not rank " + std::to_string(rank));
    const auto spatial = static_cast<std::size_t>(rank - 2);
    Result<std::vector<std::int64_t>> block = constantIntegers(args, 1, "block_shape");
    if (!block)
        return std::unexpected(block.error());
    Result<std::vector<std::int64_t>> amounts = constantIntegers(args, 2, amountName);
    if (!amounts)
        return std::unexpected(amounts.error());
    if (block->size() != spatial || amounts->size() != 2 * spatial)
        return kernelError(args,
            "block_shape and " + std::string(amountName) + " must describe "
                + std::to_string(spatial) + " spatial dims");
    BatchSpaceGeometry g;
    g.batch = input.shape[0];
    g.height = input.shape[1];
    g.width = rank == 4 ? input.shape[2] : 1;
    g.depth = input.shape.back();
    g.blockHeight = (*block)[0];
    g.blockWidth = spatial == 2 ? (*block)[1] : 1;
    for (std::size_t d = 0; d < spatial; ++d) {
        g.before[d] = (*amounts)[2 * d];
        g.after[d] = (*amounts)[2 * d + 1];
        if ((*block)[d] < 1)
            return kernelError(args, "block_shape entries must be at least 1");
        if (g.before[d] < 0 || g.after[d] < 0)
            return kernelError(args, std::string(amountName) + " must not be negative");
    }
    return g;
}

class BatchToSpaceNdKernel final : public Kernel
{
public:
    Result<void> prepare(KernelArgs& args) override
    {
        Result<BatchSpaceGeometry> g = batchSpaceGeometry(args, "crops");
        if (!g)
            return std::unexpected(g.error());
        m_in = *g;
        const std::int64_t blocks = m_in.blockHeight * m_in.blockWidth;
        if (m_in.batch % blocks != 0)
            return kernelError(args,
                "batch " + std::to_string(m_in.batch)
                    + " is not a multiple of the block size product " + std::to_string(blocks));
        m_outBatch = m_in.batch / blocks;
        m_outHeight = m_in.height * m_in.blockHeight - m_in.before[0] - m_in.after[0];
        m_outWidth = m_in.width * m_in.blockWidth - m_in.before[1] - m_in.after[1];
        if (m_outHeight < 0 || m_outWidth < 0)
            return kernelError(args, "crops remove more than the whole output");
        TensorView& output = args.output(0);
        output.shape = args.input(0).rank() == 4
            ? std::vector<std::int64_t> { m_outBatch, m_outHeight, m_outWidth, m_in.depth }
            : std::vector<std::int64_t> { m_outBatch, m_outHeight, m_in.depth };
        m_elementSize = ir::dtypeSize(output.dtype);
        return {};
    }

    void eval(const KernelArgs& args) override
    {
        const std::byte* src = args.input(0).data;
        std::byte* dst = args.output(0).data;
        const auto pixelBytes = static_cast<std::size_t>(m_in.depth) * m_elementSize;
        // Every output pixel comes from exactly one input pixel, so input rows can be split freely.
        auto body = [&](std::int64_t begin, std::int64_t end) {
            for (std::int64_t row = begin; row < end; ++row) {
                const std::int64_t inBatch = row / m_in.height;
                const std::int64_t inY = row % m_in.height;
                const std::int64_t outBatch = inBatch % m_outBatch;
                const std::int64_t offset = inBatch / m_outBatch;
                const std::int64_t outY
                    = inY * m_in.blockHeight + offset / m_in.blockWidth - m_in.before[0];
                if (outY < 0 || outY >= m_outHeight)
                    continue;
                for (std::int64_t inX = 0; inX < m_in.width; ++inX) {
                    const std::int64_t outX
                        = inX * m_in.blockWidth + offset % m_in.blockWidth - m_in.before[1];
                    if (outX < 0 || outX >= m_outWidth)
                        continue;
                    std::memcpy(dst
                            + static_cast<std::size_t>(
                                  (outBatch * m_outHeight + outY) * m_outWidth + outX)
                                * pixelBytes,
                        src + static_cast<std::size_t>(row * m_in.width + inX) * pixelBytes,
                        pixelBytes);
                }
            }
        };
        parallelChunks(args.pool, m_in.batch * m_in.height,
            static_cast<std::int64_t>(pixelBytes) * m_in.width, body);
    }

private:
    BatchSpaceGeometry m_in;
    std::int64_t m_outBatch = 0;
    std::int64_t m_outHeight = 0;
    std::int64_t m_outWidth = 0;
    std::size_t m_elementSize = 1;
};

class SpaceToBatchNdKernel final : public Kernel
{
public:
    Result<void> prepare(KernelArgs& args) override
    {
        Result<BatchSpaceGeometry> g = batchSpaceGeometry(args, "paddings");
        if (!g)
            return std::unexpected(g.error());
        m_in = *g;
        const TensorView& input = args.input(0);
        TensorView& output = args.output(0);
        if (input.dtype == ir::DType::Int8 || input.dtype == ir::DType::UInt8
            || input.dtype == ir::DType::Int16) {
            if (input.scale() != output.scale() || input.zeroPoint() != output.zeroPoint())
                return kernelError(args, "input and output quantization must be equal");
            if (input.dtype == ir::DType::Int16 && input.zeroPoint() != 0)
                return kernelError(args, "int16 tensors must have a zero point of 0");
        }
        const std::int64_t paddedHeight = m_in.height + m_in.before[0] + m_in.after[0];
        const std::int64_t paddedWidth = m_in.width + m_in.before[1] + m_in.after[1];
        if (paddedHeight % m_in.blockHeight != 0 || paddedWidth % m_in.blockWidth != 0)
            return kernelError(args, "padded spatial dims must be multiples of block_shape");
        m_outBatch = m_in.batch * m_in.blockHeight * m_in.blockWidth;
        m_outHeight = paddedHeight / m_in.blockHeight;
        m_outWidth = paddedWidth / m_in.blockWidth;
        output.shape = input.rank() == 4
            ? std::vector<std::int64_t> { m_outBatch, m_outHeight, m_outWidth, m_in.depth }
            : std::vector<std::int64_t> { m_outBatch, m_outHeight, m_in.depth };
        m_elementSize = ir::dtypeSize(output.dtype);
        // TFLite memsets padding with the output zero point (8-bit) or 0: the real value 0.
        m_padByte = m_elementSize == 1 ? static_cast<std::byte>(output.zeroPoint() & 0xff)
                                       : std::byte { 0 };
        return {};
    }

    void eval(const KernelArgs& args) override
    {
        const std::byte* src = args.input(0).data;
        std::byte* dst = args.output(0).data;
        const auto pixelBytes = static_cast<std::size_t>(m_in.depth) * m_elementSize;
        auto body = [&](std::int64_t begin, std::int64_t end) {
            for (std::int64_t row = begin; row < end; ++row) {
                const std::int64_t outBatch = row / m_outHeight;
                const std::int64_t outY = row % m_outHeight;
                const std::int64_t inBatch = outBatch % m_in.batch;
                const std::int64_t shift = outBatch / m_in.batch;
                const std::int64_t inY
                    = outY * m_in.blockHeight + shift / m_in.blockWidth - m_in.before[0];
                std::byte* out = dst + static_cast<std::size_t>(row * m_outWidth) * pixelBytes;
                if (inY < 0 || inY >= m_in.height) {
                    std::memset(out, std::to_integer<int>(m_padByte),
                        static_cast<std::size_t>(m_outWidth) * pixelBytes);
                    continue;
                }
                for (std::int64_t outX = 0; outX < m_outWidth; ++outX, out += pixelBytes) {
                    const std::int64_t inX
                        = outX * m_in.blockWidth + shift % m_in.blockWidth - m_in.before[1];
                    if (inX < 0 || inX >= m_in.width)
                        std::memset(out, std::to_integer<int>(m_padByte), pixelBytes);
                    else
                        std::memcpy(out,
                            src
                                + static_cast<std::size_t>(
                                      (inBatch * m_in.height + inY) * m_in.width + inX)
                                    * pixelBytes,
                            pixelBytes);
                }
            }
        };
        parallelChunks(args.pool, m_outBatch * m_outHeight,
            static_cast<std::int64_t>(pixelBytes) * m_outWidth, body);
    }

private:
    BatchSpaceGeometry m_in;
    std::int64_t m_outBatch = 0;
    std::int64_t m_outHeight = 0;
    std::int64_t m_outWidth = 0;
    std::size_t m_elementSize = 1;
    std::byte m_padByte { 0 };
};

template <class K> std::unique_ptr<Kernel> make()
{
    return std::make_unique<K>();
}

} // namespace

std::vector<std::int64_t> rowMajorStrides(std::span<const std::int64_t> shape)
{
    std::vector<std::int64_t> strides(shape.size(), 1);
    for (std::size_t d = shape.size(); d-- > 1;)
        strides[d - 1] = strides[d] * shape[d];
    return strides;
}

StridedCopy simplify(StridedCopy copy)
{
    StridedCopy out;
    out.elementSize = copy.elementSize;
    out.srcOffset = copy.srcOffset;
    out.dstOffset = copy.dstOffset;
    if (std::ranges::find(copy.extents, 0) != copy.extents.end()) {
        out.extents = { 0 };
        out.srcStrides = { 0 };
        out.dstStrides = { 0 };
        return out;
    }
    for (std::size_t d = 0; d < copy.extents.size(); ++d) {
        const std::int64_t extent = copy.extents[d];
        if (extent == 1)
            continue;
        const std::int64_t src = copy.srcStrides[d];
        const std::int64_t dst = copy.dstStrides[d];
        if (!out.extents.empty() && out.srcStrides.back() == src * extent
            && out.dstStrides.back() == dst * extent) {
            out.extents.back() *= extent;
            out.srcStrides.back() = src;
            out.dstStrides.back() = dst;
            continue;
        }
        out.extents.push_back(extent);
        out.srcStrides.push_back(src);
        out.dstStrides.push_back(dst);
    }
    return out;
}

void runStridedCopy(const StridedCopy& copy, const std::byte* src, std::byte* dst, ThreadPool* pool)
{
    switch (copy.elementSize) {
    case 1:
        runTyped(copy, reinterpret_cast<const std::uint8_t*>(src),
            reinterpret_cast<std::uint8_t*>(dst), pool);
        break;
    case 2:
        runTyped(copy, reinterpret_cast<const std::uint16_t*>(src),
            reinterpret_cast<std::uint16_t*>(dst), pool);
        break;
    case 4:
        runTyped(copy, reinterpret_cast<const std::uint32_t*>(src),
            reinterpret_cast<std::uint32_t*>(dst), pool);
        break;
    case 8:
        runTyped(copy, reinterpret_cast<const std::uint64_t*>(src),
            reinterpret_cast<std::uint64_t*>(dst), pool);
        break;
    default: break;
    }
}

void parallelChunks(ThreadPool* pool, std::int64_t count, std::int64_t bytesPerItem,
    const std::function<void(std::int64_t, std::int64_t)>& body)
{
    const std::int64_t minChunk
        = std::max<std::int64_t>(1, kMinTaskBytes / std::max<std::int64_t>(bytesPerItem, 1));
    if (pool)
        pool->parallelFor(count, minChunk, body);
    else if (count > 0)
        body(0, count);
}

bool isMovableType(ir::DType dtype)
{
    const std::size_t size = ir::dtypeSize(dtype);
    return size == 1 || size == 2 || size == 4 || size == 8;
}

Result<void> checkMovable(const KernelArgs& args)
{
    const ir::DType dtype = args.input(0).dtype;
    if (!isMovableType(dtype))
        return kernelError(
            args, "does not support " + std::string(ir::dtypeName(dtype)) + " tensors");
    for (const TensorView* output : args.outputs) {
        if (output->dtype != dtype)
            return kernelError(args,
                "output is " + std::string(ir::dtypeName(output->dtype)) + ", input is "
                    + std::string(ir::dtypeName(dtype)));
    }
    return {};
}

Result<std::vector<std::int64_t>> constantIntegers(
    const KernelArgs& args, std::size_t index, std::string_view what)
{
    if (!args.hasInput(index))
        return kernelError(args, "needs the " + std::string(what) + " input");
    const TensorView& view = args.input(index);
    if (view.dtype != ir::DType::Int32 && view.dtype != ir::DType::Int64)
        return kernelError(args,
            std::string(what) + " must be int32 or int64, not "
                + std::string(ir::dtypeName(view.dtype)));
    if (!view.isConstant)
        return kernelError(args,
            std::string(what) + " must be a constant tensor; computed " + std::string(what)
                + " values are not supported");
    std::vector<std::int64_t> values(static_cast<std::size_t>(view.elementCount()));
    for (std::size_t i = 0; i < values.size(); ++i)
        values[i] = integerAt(view, static_cast<std::int64_t>(i));
    return values;
}

std::int64_t integerAt(const TensorView& view, std::int64_t index)
{
    if (view.dtype == ir::DType::Int64)
        return view.as<const std::int64_t>()[index];
    return view.as<const std::int32_t>()[index];
}

void registerTransposeKernels(KernelRegistry& registry)
{
    registry.add(ir::OpKind::BatchToSpaceNd, &make<BatchToSpaceNdKernel>);
    registry.add(ir::OpKind::DepthToSpace, &make<DepthToSpaceKernel>);
    registry.add(ir::OpKind::ReverseV2, &make<ReverseV2Kernel>);
    registry.add(ir::OpKind::SpaceToBatchNd, &make<SpaceToBatchNdKernel>);
    registry.add(ir::OpKind::SpaceToDepth, &make<SpaceToDepthKernel>);
    registry.add(ir::OpKind::Transpose, &make<TransposeKernel>);
}

} // namespace lf::interp
