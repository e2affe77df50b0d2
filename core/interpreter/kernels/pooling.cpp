// SPDX-License-Identifier: GPL-3.0-or-later
// AVERAGE_POOL_2D and MAX_POOL_2D: prepare() derives TFLite's output size, SAME padding and the
// activation clamp; eval() splits the output rows over the thread pool and, with channels innermost,
// walks each window once per block of channels, adding or maxing them in registers.
#include "core/interpreter/kernels/pooling.h"

#include "core/interpreter/kernels/reference/pooling.h"
#include "core/interpreter/quant_math.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace lf::interp {
namespace {

enum class PoolKind { Average, Max };

/// Below this many window reads a task is not worth handing to another thread.
constexpr std::int64_t kMinTaskWork = 1 << 14;

struct Window {
    std::int64_t yBegin, yEnd, xBegin, xEnd;
    std::int64_t count() const { return (yEnd - yBegin) * (xEnd - xBegin); }
};

/// Calls visit(batch, window, outputOffset) for every output pixel of rows [begin, end), a row
/// being one (batch, output y) pair.
template <class Visit>
void forEachOutputPixel(const reference::Pool2DParams& p, std::int64_t begin, std::int64_t end, Visit visit)
{
    for (std::int64_t row = begin; row < end; ++row) {
        const std::int64_t batch = row / p.outHeight;
        const std::int64_t yOrigin = (row % p.outHeight) * p.strideHeight - p.padTop;
        for (std::int64_t ox = 0; ox < p.outWidth; ++ox) {
            const std::int64_t xOrigin = ox * p.strideWidth - p.padLeft;
            const Window window{std::max<std::int64_t>(0, yOrigin), std::min(p.inHeight, yOrigin + p.filterHeight),
                                std::max<std::int64_t>(0, xOrigin), std::min(p.inWidth, xOrigin + p.filterWidth)};
            visit(batch, window, (row * p.outWidth + ox) * p.channels);
        }
    }
}

/// Calls add(pixelPointer) for each input pixel of `window`.
template <class T, class Add>
void forEachWindowPixel(const reference::Pool2DParams& p, const T* input, std::int64_t batch, const Window& window, Add add)
{
    for (std::int64_t y = window.yBegin; y < window.yEnd; ++y) {
        const T* rowStart = input + (batch * p.inHeight + y) * p.inWidth * p.channels;
        for (std::int64_t x = window.xBegin; x < window.xEnd; ++x)
            add(rowStart + x * p.channels);
    }
}

/// Channels handled per step: the accumulators of one block stay in vector registers while the
/// window is walked. Blocks have a fixed width and their loops are unrolled (#pragma GCC unroll),
/// which is what GCC's -O2 cost model needs to vectorise them.
constexpr std::int64_t kChannelBlock = 16;

/// Calls block.template operator()<width>(firstChannel) for full blocks of kChannelBlock channels,
/// then once per remaining channel with width 1.
template <class Block>
void forEachChannelBlock(std::int64_t channels, Block block)
{
    std::int64_t channel = 0;
    for (; channel + kChannelBlock <= channels; channel += kChannelBlock)
        block.template operator()<kChannelBlock>(channel);
    for (; channel < channels; ++channel)
        block.template operator()<1>(channel);
}

class Pool2DKernel final : public Kernel {
public:
    explicit Pool2DKernel(PoolKind kind) : m_kind(kind) {}

    Result<void> prepare(KernelArgs& args) override;
    void eval(const KernelArgs& args) override;

private:
    template <class Body>
    void parallelRows(const KernelArgs& args, Body body) const;
    void averageFloat(const KernelArgs& args) const;
    template <class T>
    void averageQuantized(const KernelArgs& args) const;
    template <class T>
    void maximum(const KernelArgs& args, T low, T high) const;

    PoolKind m_kind;
    reference::Pool2DParams m_params;
};

Result<void> Pool2DKernel::prepare(KernelArgs& args)
{
    if (auto arity = checkArity(args, 1, 1, 1); !arity)
        return arity;
    const TensorView& input = args.input(0);
    TensorView& output = args.output(0);
    if (input.rank() != 4)
        return kernelError(args, "needs a 4-D NHWC input, got rank " + std::to_string(input.rank()));
    if (input.dtype != output.dtype)
        return kernelError(args, "input and output element types differ");
    const bool quantized = input.dtype != ir::DType::Float32;
    if (quantized && input.dtype != ir::DType::Int8 && input.dtype != ir::DType::UInt8 && input.dtype != ir::DType::Int16)
        return kernelError(args, "supports float32, int8, uint8 and int16, not " + std::string(ir::dtypeName(input.dtype)));
    // TFLite pools quantized values without rescaling, which is only right if both sides agree.
    if (quantized && (std::abs(input.scale() - output.scale()) > 1e-6f || input.zeroPoint() != output.zeroPoint()))
        return kernelError(args, "needs the same quantization on input and output");

    const ir::Attributes& attributes = args.node.attributes;
    const std::string padding = attributes.getOr<std::string>("padding", "SAME");
    if (padding != "SAME" && padding != "VALID")
        return kernelError(args, "unsupported padding '" + padding + "'");
    reference::Pool2DParams& p = m_params;
    p.strideHeight = attributes.getOr<std::int64_t>("stride_h", 0);
    p.strideWidth = attributes.getOr<std::int64_t>("stride_w", 0);
    p.filterHeight = attributes.getOr<std::int64_t>("filter_height", 0);
    p.filterWidth = attributes.getOr<std::int64_t>("filter_width", 0);
    if (p.strideHeight <= 0 || p.strideWidth <= 0 || p.filterHeight <= 0 || p.filterWidth <= 0)
        return kernelError(args, "strides and filter sizes must be positive");
    const std::string activation = attributes.getOr<std::string>("fused_activation_function", "NONE");
    if (activation != "NONE" && activation != "RELU" && activation != "RELU6" && activation != "RELU_N1_TO_1")
        return kernelError(args, "unsupported fused activation '" + activation + "'");

    p.batches = input.dim(0);
    p.inHeight = input.dim(1);
    p.inWidth = input.dim(2);
    p.channels = input.dim(3);
    const bool same = padding == "SAME";
    p.outHeight = reference::poolOutputSize(same, p.inHeight, p.filterHeight, p.strideHeight);
    p.outWidth = reference::poolOutputSize(same, p.inWidth, p.filterWidth, p.strideWidth);
    if (p.outHeight <= 0 || p.outWidth <= 0)
        return kernelError(args, "the filter does not fit the input with VALID padding");
    p.padTop = reference::poolPaddingBefore(p.inHeight, p.filterHeight, p.strideHeight, p.outHeight);
    p.padLeft = reference::poolPaddingBefore(p.inWidth, p.filterWidth, p.strideWidth, p.outWidth);
    const FloatRange floatRange = activationRange(activation);
    p.floatMin = floatRange.min;
    p.floatMax = floatRange.max;
    if (quantized) {
        const QuantizedRange range = activationRange(activation, output);
        p.quantizedMin = range.min;
        p.quantizedMax = range.max;
    }
    output.shape = {p.batches, p.outHeight, p.outWidth, p.channels};
    return {};
}

template <class Body>
void Pool2DKernel::parallelRows(const KernelArgs& args, Body body) const
{
    const reference::Pool2DParams& p = m_params;
    const std::int64_t rowWork = std::max<std::int64_t>(1, p.outWidth * p.channels * p.filterHeight * p.filterWidth);
    args.pool->parallelFor(p.batches * p.outHeight, std::max<std::int64_t>(1, kMinTaskWork / rowWork), body);
}

void Pool2DKernel::averageFloat(const KernelArgs& args) const
{
    const reference::Pool2DParams& p = m_params;
    const float* input = args.input(0).as<const float>();
    float* output = args.output(0).as<float>();
    parallelRows(args, [&](std::int64_t begin, std::int64_t end) {
        forEachOutputPixel(p, begin, end, [&](std::int64_t batch, const Window& window, std::int64_t outOffset) {
            const auto count = static_cast<float>(window.count());
            const float low = p.floatMin;
            const float high = p.floatMax;
            forEachChannelBlock(p.channels, [&]<std::int64_t kWidth>(std::int64_t channel) {
                float sum[kWidth] = {};
                forEachWindowPixel(p, input + channel, batch, window, [&](const float* pixel) {
#pragma GCC unroll 16
                    for (std::int64_t l = 0; l < kWidth; ++l)
                        sum[l] += pixel[l];
                });
                for (std::int64_t l = 0; l < kWidth; ++l)
                    output[outOffset + channel + l] = std::min(std::max(sum[l] / count, low), high);
            });
        });
    });
}

template <class T>
void Pool2DKernel::averageQuantized(const KernelArgs& args) const
{
    const reference::Pool2DParams& p = m_params;
    const T* input = args.input(0).as<const T>();
    T* output = args.output(0).as<T>();
    const std::int32_t low = p.quantizedMin;
    const std::int32_t high = p.quantizedMax;
    parallelRows(args, [&](std::int64_t begin, std::int64_t end) {
        forEachOutputPixel(p, begin, end, [&](std::int64_t batch, const Window& window, std::int64_t outOffset) {
            const auto count = static_cast<std::int32_t>(window.count());
            forEachChannelBlock(p.channels, [&]<std::int64_t kWidth>(std::int64_t channel) {
                std::int32_t sum[kWidth] = {};
                forEachWindowPixel(p, input + channel, batch, window, [&](const T* pixel) {
#pragma GCC unroll 16
                    for (std::int64_t l = 0; l < kWidth; ++l)
                        sum[l] += pixel[l];
                });
                for (std::int64_t l = 0; l < kWidth; ++l)
                    output[outOffset + channel + l] = static_cast<T>(std::clamp(reference::roundedAverage(sum[l], count), low, high));
            });
        });
    });
}

template <class T>
void Pool2DKernel::maximum(const KernelArgs& args, T low, T high) const
{
    // x86-64's baseline SSE2 has no signed byte maximum, but a 16-bit one.
    using Best = std::conditional_t<std::is_same_v<T, std::int8_t>, std::int16_t, T>;
    const reference::Pool2DParams& p = m_params;
    const T* input = args.input(0).as<const T>();
    T* output = args.output(0).as<T>();
    parallelRows(args, [&](std::int64_t begin, std::int64_t end) {
        forEachOutputPixel(p, begin, end, [&](std::int64_t batch, const Window& window, std::int64_t outOffset) {
            forEachChannelBlock(p.channels, [&]<std::int64_t kWidth>(std::int64_t channel) {
                Best best[kWidth];
                std::fill_n(best, kWidth, std::numeric_limits<T>::lowest());
                forEachWindowPixel(p, input + channel, batch, window, [&](const T* pixel) {
#pragma GCC unroll 16
                    for (std::int64_t l = 0; l < kWidth; ++l)
                        best[l] = best[l] < pixel[l] ? pixel[l] : best[l]; // std::max: a NaN pixel never wins
                });
                for (std::int64_t l = 0; l < kWidth; ++l)
                    output[outOffset + channel + l] = static_cast<T>(std::min<Best>(std::max<Best>(best[l], low), high));
            });
        });
    });
}

void Pool2DKernel::eval(const KernelArgs& args)
{
    const reference::Pool2DParams& p = m_params;
    const bool average = m_kind == PoolKind::Average;
    // The quantized activation range lies within the element type (prepare() intersects them).
    auto maximumOf = [&]<class T>(T) { maximum<T>(args, static_cast<T>(p.quantizedMin), static_cast<T>(p.quantizedMax)); };
    switch (args.input(0).dtype) {
    case ir::DType::Float32:
        return average ? averageFloat(args) : maximum<float>(args, p.floatMin, p.floatMax);
    case ir::DType::Int8:
        return average ? averageQuantized<std::int8_t>(args) : maximumOf(std::int8_t{});
    case ir::DType::UInt8:
        return average ? averageQuantized<std::uint8_t>(args) : maximumOf(std::uint8_t{});
    case ir::DType::Int16:
        return average ? averageQuantized<std::int16_t>(args) : maximumOf(std::int16_t{});
    default:
        return; // prepare() admits no other type
    }
}

std::unique_ptr<Kernel> makeAveragePool2DKernel() { return std::make_unique<Pool2DKernel>(PoolKind::Average); }
std::unique_ptr<Kernel> makeMaxPool2DKernel() { return std::make_unique<Pool2DKernel>(PoolKind::Max); }

} // namespace

void registerPoolingKernels(KernelRegistry& registry)
{
    registry.add(ir::OpKind::AveragePool2D, &makeAveragePool2DKernel);
    registry.add(ir::OpKind::MaxPool2D, &makeMaxPool2DKernel);
}

} // namespace lf::interp
