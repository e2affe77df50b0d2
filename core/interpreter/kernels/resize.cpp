// SPDX-License-Identifier: GPL-3.0-or-later
// The resize kernels. prepare() computes every coordinate once per output row and column (the index
// maps of nearest neighbour, the taps and weights of bilinear), so eval() only gathers pixels:
// nearest copies depth-contiguous pixels, bilinear blends four of them with a vectorisable inner
// loop (float32 in float, int8/uint8 in XNNPACK's Q11 as LiteRT does, int16 in TFLite's Q10). Rows
// of the output are spread over the thread pool.
#include "core/interpreter/kernels/resize.h"

#include "core/interpreter/kernels/reference/resize.h"
#include "core/interpreter/kernels/transpose.h"

#include <array>
#include <cstring>

namespace lf::interp {

namespace {

struct Geometry
{
    std::int64_t batches = 0;
    std::int64_t inHeight = 0;
    std::int64_t inWidth = 0;
    std::int64_t depth = 0;
    std::int64_t outHeight = 0;
    std::int64_t outWidth = 0;
    bool alignCorners = false;
    bool halfPixelCenters = false;
};

Result<Geometry> prepareGeometry(KernelArgs& args)
{
    if (auto ok = checkArity(args, 2, 2, 1); !ok)
        return std::unexpected(ok.error());
    if (auto ok = checkMovable(args); !ok)
        return std::unexpected(ok.error());
    const TensorView& input = args.input(0);
    if (input.rank() != 4)
        return kernelError(
            args, "needs a 4-D NHWC input, not rank " + std::to_string(input.rank()));
    Result<std::vector<std::int64_t>> size = constantIntegers(args, 1, "size");
    if (!size)
        return std::unexpected(size.error());
    if (size->size() != 2 || (*size)[0] <= 0 || (*size)[1] <= 0)
        return kernelError(args, "size must hold two positive extents");
    Geometry g;
    g.batches = input.shape[0];
    g.inHeight = input.shape[1];
    g.inWidth = input.shape[2];
    g.depth = input.shape[3];
    g.outHeight = (*size)[0];
    g.outWidth = (*size)[1];
    g.alignCorners = args.node.attributes.getOr<bool>("align_corners", false);
    g.halfPixelCenters = args.node.attributes.getOr<bool>("half_pixel_centers", false);
    args.output(0).shape = { g.batches, g.outHeight, g.outWidth, g.depth };
    return g;
}

/// out[c] = blend(the four neighbours' channel c). The pointers are restrict so that the vectoriser
/// needs no run-time alias checks.
template <class T, class Blend>
void blendChannels(
    const std::array<const T*, 4>& corners, T* __restrict out, std::int64_t depth, Blend blend)
{
    const T* __restrict topLeft = corners[0];
    const T* __restrict topRight = corners[1];
    const T* __restrict bottomLeft = corners[2];
    const T* __restrict bottomRight = corners[3];
    for (std::int64_t c = 0; c < depth; ++c)
        out[c] = blend(topLeft[c], topRight[c], bottomLeft[c], bottomRight[c]);
}

template <class K> std::unique_ptr<Kernel> make()
{
    return std::make_unique<K>();
}

class ResizeNearestNeighborKernel final : public Kernel
{
public:
    Result<void> prepare(KernelArgs& args) override
    {
        Result<Geometry> g = prepareGeometry(args);
        if (!g)
            return std::unexpected(g.error());
        m_g = *g;
        // LiteRT's optimized uint8 kernel maps coordinates in fixed point when neither option is
        // set.
        const bool fixedPoint
            = args.input(0).dtype == ir::DType::UInt8 && !m_g.alignCorners && !m_g.halfPixelCenters;
        auto map = [&](std::int64_t outSize, std::int64_t inSize) {
            std::vector<std::int64_t> indices(static_cast<std::size_t>(outSize));
            for (std::int64_t i = 0; i < outSize; ++i)
                indices[static_cast<std::size_t>(i)] = fixedPoint
                    ? reference::nearestIndexFixedPoint(i, inSize, outSize)
                    : reference::nearestIndex(
                        i, inSize, outSize, m_g.alignCorners, m_g.halfPixelCenters);
            return indices;
        };
        m_rows = map(m_g.outHeight, m_g.inHeight);
        m_columns = map(m_g.outWidth, m_g.inWidth);
        m_pixelBytes = static_cast<std::size_t>(m_g.depth) * ir::dtypeSize(args.input(0).dtype);
        return {};
    }

    void eval(const KernelArgs& args) override
    {
        const std::byte* src = args.input(0).data;
        std::byte* dst = args.output(0).data;
        parallelChunks(args.pool, m_g.batches * m_g.outHeight,
            static_cast<std::int64_t>(m_pixelBytes) * m_g.outWidth,
            [&](std::int64_t begin, std::int64_t end) {
                for (std::int64_t row = begin; row < end; ++row) {
                    const std::int64_t b = row / m_g.outHeight;
                    const std::int64_t y = row % m_g.outHeight;
                    const std::byte* in = src
                        + static_cast<std::size_t>(
                              (b * m_g.inHeight + m_rows[static_cast<std::size_t>(y)])
                              * m_g.inWidth)
                            * m_pixelBytes;
                    std::byte* out
                        = dst + static_cast<std::size_t>(row * m_g.outWidth) * m_pixelBytes;
                    for (std::int64_t x = 0; x < m_g.outWidth; ++x, out += m_pixelBytes)
                        std::memcpy(out,
                            in
                                + static_cast<std::size_t>(m_columns[static_cast<std::size_t>(x)])
                                    * m_pixelBytes,
                            m_pixelBytes);
                }
            });
    }

private:
    Geometry m_g;
    std::vector<std::int64_t> m_rows;
    std::vector<std::int64_t> m_columns;
    std::size_t m_pixelBytes = 0;
};

class ResizeBilinearKernel final : public Kernel
{
public:
    Result<void> prepare(KernelArgs& args) override
    {
        Result<Geometry> g = prepareGeometry(args);
        if (!g)
            return std::unexpected(g.error());
        m_g = *g;
        if (m_g.alignCorners && m_g.halfPixelCenters)
            return kernelError(args, "half_pixel_centers and align_corners cannot both be set");
        m_dtype = args.input(0).dtype;
        if (m_dtype != ir::DType::Float32 && m_dtype != ir::DType::UInt8
            && m_dtype != ir::DType::Int8 && m_dtype != ir::DType::Int16)
            return kernelError(args,
                "supports float32, uint8, int8 and int16, not "
                    + std::string(ir::dtypeName(m_dtype)));
        m_rowTaps.clear();
        m_columnTaps.clear();
        m_rowTapsQ11.clear();
        m_columnTapsQ11.clear();
        m_rowTapsFixed.clear();
        m_columnTapsFixed.clear();
        if (m_dtype == ir::DType::Int8 || m_dtype == ir::DType::UInt8) {
            for (std::int64_t y = 0; y < m_g.outHeight; ++y)
                m_rowTapsQ11.push_back(reference::bilinearTapQ11(
                    y, m_g.inHeight, m_g.outHeight, m_g.alignCorners, m_g.halfPixelCenters));
            for (std::int64_t x = 0; x < m_g.outWidth; ++x)
                m_columnTapsQ11.push_back(reference::bilinearTapQ11(
                    x, m_g.inWidth, m_g.outWidth, m_g.alignCorners, m_g.halfPixelCenters));
        } else if (m_dtype == ir::DType::Float32) {
            const float heightScale
                = reference::resizeScale(m_g.inHeight, m_g.outHeight, m_g.alignCorners);
            const float widthScale
                = reference::resizeScale(m_g.inWidth, m_g.outWidth, m_g.alignCorners);
            for (std::int64_t y = 0; y < m_g.outHeight; ++y)
                m_rowTaps.push_back(
                    reference::bilinearTap(y, heightScale, m_g.halfPixelCenters, m_g.inHeight));
            for (std::int64_t x = 0; x < m_g.outWidth; ++x)
                m_columnTaps.push_back(
                    reference::bilinearTap(x, widthScale, m_g.halfPixelCenters, m_g.inWidth));
        } else {
            const std::int32_t heightScale
                = reference::resizeScale10(m_g.inHeight, m_g.outHeight, m_g.alignCorners);
            const std::int32_t widthScale
                = reference::resizeScale10(m_g.inWidth, m_g.outWidth, m_g.alignCorners);
            for (std::int64_t y = 0; y < m_g.outHeight; ++y)
                m_rowTapsFixed.push_back(reference::bilinearTapFixed(
                    y, heightScale, m_g.halfPixelCenters, m_g.inHeight));
            for (std::int64_t x = 0; x < m_g.outWidth; ++x)
                m_columnTapsFixed.push_back(
                    reference::bilinearTapFixed(x, widthScale, m_g.halfPixelCenters, m_g.inWidth));
        }
        return {};
    }

    void eval(const KernelArgs& args) override
    {
        switch (m_dtype) {
        case ir::DType::Float32: run<float>(args); break;
        case ir::DType::UInt8: run<std::uint8_t>(args); break;
        case ir::DType::Int8: run<std::int8_t>(args); break;
        case ir::DType::Int16: run<std::int16_t>(args); break;
        default: break;
        }
    }

private:
    template <class T> void run(const KernelArgs& args) const
    {
        const T* src = args.input(0).as<const T>();
        T* dst = args.output(0).as<T>();
        const std::int64_t depth = m_g.depth;
        parallelChunks(args.pool, m_g.batches * m_g.outHeight,
            m_g.outWidth * depth * static_cast<std::int64_t>(sizeof(T)),
            [&](std::int64_t begin, std::int64_t end) {
                for (std::int64_t row = begin; row < end; ++row) {
                    const std::int64_t b = row / m_g.outHeight;
                    const auto y = static_cast<std::size_t>(row % m_g.outHeight);
                    const T* image = src + b * m_g.inHeight * m_g.inWidth * depth;
                    T* out = dst + row * m_g.outWidth * depth;
                    for (std::size_t x = 0; x < static_cast<std::size_t>(m_g.outWidth);
                         ++x, out += depth) {
                        if constexpr (std::is_same_v<T, float>)
                            blendFloat(image, y, x, out);
                        else if constexpr (sizeof(T) == 1)
                            blendQ11(image, y, x, out);
                        else
                            blendFixed(image, y, x, out);
                    }
                }
            });
    }

    /// The four neighbours of output pixel (y, x), each the start of `depth` channels.
    template <class T, class Tap>
    std::array<const T*, 4> corners(const T* image, const Tap& ty, const Tap& tx) const
    {
        const std::int64_t depth = m_g.depth;
        return { image + (ty.lower * m_g.inWidth + tx.lower) * depth,
            image + (ty.lower * m_g.inWidth + tx.upper) * depth,
            image + (ty.upper * m_g.inWidth + tx.lower) * depth,
            image + (ty.upper * m_g.inWidth + tx.upper) * depth };
    }

    void blendFloat(const float* image, std::size_t y, std::size_t x, float* out) const
    {
        const reference::BilinearWeights w
            = reference::bilinearWeights(m_rowTaps[y], m_columnTaps[x]);
        // Summed left to right like TFLite; without -ffast-math the compiler keeps that order.
        blendChannels(corners(image, m_rowTaps[y], m_columnTaps[x]), out, m_g.depth,
            [w](float tl, float tr, float bl, float br) {
                return tl * w.topLeft + tr * w.topRight + bl * w.bottomLeft + br * w.bottomRight;
            });
    }

    /// int8 and uint8 as LiteRT runs them, in XNNPACK's fixed point.
    template <class T> void blendQ11(const T* image, std::size_t y, std::size_t x, T* out) const
    {
        const std::int32_t wy = m_rowTapsQ11[y].weight;
        const std::int32_t wx = m_columnTapsQ11[x].weight;
        blendChannels(corners(image, m_rowTapsQ11[y], m_columnTapsQ11[x]), out, m_g.depth,
            [wy, wx](
                T tl, T tr, T bl, T br) { return reference::bilinearQ11(tl, tr, bl, br, wy, wx); });
    }

    template <class T> void blendFixed(const T* image, std::size_t y, std::size_t x, T* out) const
    {
        const std::int32_t dy = reference::fraction10(m_rowTapsFixed[y]);
        const std::int32_t dx = reference::fraction10(m_columnTapsFixed[x]);
        blendChannels(corners(image, m_rowTapsFixed[y], m_columnTapsFixed[x]), out, m_g.depth,
            [dy, dx](T tl, T tr, T bl, T br) {
                return reference::bilinearInteger(tl, tr, bl, br, dy, dx);
            });
    }

    Geometry m_g;
    ir::DType m_dtype = ir::DType::Float32;
    std::vector<reference::BilinearTap> m_rowTaps;
    std::vector<reference::BilinearTap> m_columnTaps;
    std::vector<reference::BilinearTapQ11> m_rowTapsQ11;
    std::vector<reference::BilinearTapQ11> m_columnTapsQ11;
    std::vector<reference::BilinearTapFixed> m_rowTapsFixed;
    std::vector<reference::BilinearTapFixed> m_columnTapsFixed;
};

} // namespace

void registerResizeKernels(KernelRegistry& registry)
{
    registry.add(ir::OpKind::ResizeBilinear, &make<ResizeBilinearKernel>);
    registry.add(ir::OpKind::ResizeNearestNeighbor, &make<ResizeNearestNeighborKernel>);
}

} // namespace lf::interp
