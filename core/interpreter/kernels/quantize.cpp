// SPDX-License-Identifier: GPL-3.0-or-later
// Type-changing kernels. The arithmetic is LiteRT's, operation for operation: per-tensor QUANTIZE
// divides in double (the optimized AffineQuantize), per-channel QUANTIZE in float
// (PerChannelQuantize), both rounding half away from zero; requantization goes through
// multiplyByQuantizedMultiplier; DEQUANTIZE multiplies in double per tensor and in float per
// channel; CAST saturates floats that do not fit the integer type. With XNNPACK's arithmetic,
// per-tensor 8-bit QUANTIZE multiplies by the reciprocal scale and rounds to even, as LiteRT's
// delegate does. Elementwise loops are split over the thread pool.
#include "core/interpreter/kernels/quantize.h"

#include "core/interpreter/kernels/transpose.h"
#include "core/interpreter/quant_math.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <type_traits>

namespace lf::interp {

namespace {

template <class K> std::unique_ptr<Kernel> make()
{
    return std::make_unique<K>();
}

bool isQuantizedInteger(ir::DType dtype)
{
    return dtype == ir::DType::Int8 || dtype == ir::DType::UInt8 || dtype == ir::DType::Int16;
}

/// Calls f(T{}) with the C++ type of an integer quantized dtype.
template <class F> void withQuantizedType(ir::DType dtype, F&& f)
{
    switch (dtype) {
    case ir::DType::Int8: f(std::int8_t {}); break;
    case ir::DType::UInt8: f(std::uint8_t {}); break;
    case ir::DType::Int16: f(std::int16_t {}); break;
    case ir::DType::Int32: f(std::int32_t {}); break;
    default: break;
    }
}

/// Per-channel parameters: element i belongs to channel (i / inner) % scales.size().
struct PerChannel
{
    std::vector<float> scales;
    std::vector<std::int32_t> zeroPoints;
    std::int64_t inner = 1;

    std::size_t channel(std::int64_t i) const
    {
        return static_cast<std::size_t>((i / inner) % static_cast<std::int64_t>(scales.size()));
    }
};

Result<PerChannel> perChannel(const KernelArgs& args, const TensorView& view)
{
    const ir::QuantParams& quant = *view.quant;
    const int axis = quant.axis;
    if (axis < 0 || axis >= view.rank()
        || view.shape[static_cast<std::size_t>(axis)]
            != static_cast<std::int64_t>(quant.scales.size()))
        return kernelError(args,
            "per-channel quantization needs one scale per entry of dim " + std::to_string(axis));
    if (quant.zeroPoints.size() != quant.scales.size() && quant.zeroPoints.size() > 1)
        return kernelError(
            args, "per-channel quantization needs one zero point per scale, or one for all");
    PerChannel result;
    result.scales = quant.scales;
    for (std::size_t c = 0; c < quant.scales.size(); ++c)
        result.zeroPoints.push_back(quant.zeroPoints.empty()
                ? 0
                : static_cast<std::int32_t>(
                    quant.zeroPoints[quant.zeroPoints.size() == 1 ? 0 : c]));
    for (std::size_t d = static_cast<std::size_t>(axis) + 1; d < view.shape.size(); ++d)
        result.inner *= view.shape[d];
    return result;
}

/// std::round for |value| < 2^52 without a libm call: truncate, then step away from zero when the
/// (exact) remainder is at least one half.
inline double roundHalfAway(double value)
{
    const auto truncated = static_cast<double>(static_cast<std::int64_t>(value));
    const double remainder = value - truncated;
    return remainder >= 0.5 ? truncated + 1 : (remainder <= -0.5 ? truncated - 1 : truncated);
}

/// Runs body(begin, end) over the elements of a tensor in parallel chunks.
void forElements(const KernelArgs& args, std::int64_t count,
    const std::function<void(std::int64_t, std::int64_t)>& body)
{
    parallelChunks(args.pool, count, 4, body);
}

class QuantizeKernel final : public Kernel
{
public:
    Result<void> prepare(KernelArgs& args) override
    {
        if (auto ok = checkArity(args, 1, 1, 1); !ok)
            return ok;
        const TensorView& input = args.input(0);
        TensorView& output = args.output(0);
        if (output.quant->scales.empty())
            return kernelError(args, "the output has no quantization parameters");
        output.shape = input.shape;
        m_perChannel = output.quant->isPerAxis();
        if (input.dtype == ir::DType::Float32) {
            if (!isQuantizedInteger(output.dtype))
                return kernelError(args,
                    "quantizes float32 to int8, uint8 or int16, not "
                        + std::string(ir::dtypeName(output.dtype)));
            if (m_perChannel) {
                Result<PerChannel> channels = perChannel(args, output);
                if (!channels)
                    return std::unexpected(channels.error());
                m_channels = std::move(*channels);
            }
            m_byReciprocal = args.arithmetic == QuantizedArithmetic::Xnnpack && !m_perChannel
                && output.dtype != ir::DType::Int16;
            return {};
        }
        const bool supported
            = ((input.dtype == ir::DType::Int8 || input.dtype == ir::DType::UInt8)
                  && (output.dtype == ir::DType::Int8 || output.dtype == ir::DType::UInt8))
            || (input.dtype == ir::DType::Int16
                && (output.dtype == ir::DType::Int8 || output.dtype == ir::DType::Int16
                    || output.dtype == ir::DType::Int32))
            || (input.dtype == ir::DType::Int32
                && (output.dtype == ir::DType::Int8 || output.dtype == ir::DType::Int16));
        if (!supported)
            return kernelError(args,
                "cannot requantize " + std::string(ir::dtypeName(input.dtype)) + " to "
                    + std::string(ir::dtypeName(output.dtype)));
        if (m_perChannel || input.quant->isPerAxis())
            return kernelError(args, "requantization needs per-tensor quantization");
        if (input.dtype == ir::DType::Int16 && output.dtype == ir::DType::Int16
            && (input.zeroPoint() != 0 || output.zeroPoint() != 0))
            return kernelError(args, "int16 requantization needs zero points of 0");
        m_multiplier = quantizeMultiplier(
            static_cast<double>(input.scale()) / static_cast<double>(output.scale()));
        return {};
    }

    void eval(const KernelArgs& args) override
    {
        const TensorView& input = args.input(0);
        const TensorView& output = args.output(0);
        withQuantizedType(output.dtype, [&](auto outTag) {
            using Out = decltype(outTag);
            if (input.dtype == ir::DType::Float32) {
                if (m_perChannel)
                    quantizePerChannel<Out>(args);
                else if (m_byReciprocal)
                    quantizeByReciprocal<Out>(args);
                else
                    quantizePerTensor<Out>(args);
                return;
            }
            withQuantizedType(
                input.dtype, [&](auto inTag) { requantize<decltype(inTag), Out>(args); });
        });
    }

private:
    template <class Out> void quantizePerTensor(const KernelArgs& args) const
    {
        const float* __restrict in = args.input(0).as<const float>();
        Out* __restrict out = args.output(0).as<Out>();
        const auto scale = static_cast<double>(args.output(0).scale());
        const double zeroPoint = args.output(0).zeroPoint();
        constexpr double kMin = std::numeric_limits<Out>::min();
        constexpr double kMax = std::numeric_limits<Out>::max();
        // One step beyond the output range rounds and clamps like the unbounded value.
        const double low = kMin - zeroPoint - 1;
        const double high = kMax - zeroPoint + 1;
        forElements(args, args.input(0).elementCount(), [&](std::int64_t begin, std::int64_t end) {
            for (std::int64_t i = begin; i < end; ++i) {
                // The division is in double as in LiteRT's optimized kernel. NaN gives the lowest
                // value, as TFLite's float-to-int conversion does on x86.
                const double ratio = static_cast<double>(in[i]) / scale;
                const double bounded = ratio > high ? high : (ratio >= low ? ratio : low);
                out[i]
                    = static_cast<Out>(std::clamp(roundHalfAway(bounded) + zeroPoint, kMin, kMax));
            }
        });
    }

    /// XNNPACK's conversion: times the scale's float reciprocal, clamped (NaN to the lowest
    /// value), rounded to nearest even.
    template <class Out> void quantizeByReciprocal(const KernelArgs& args) const
    {
        const float* __restrict in = args.input(0).as<const float>();
        Out* __restrict out = args.output(0).as<Out>();
        const float reciprocal = 1.0f / args.output(0).scale();
        const std::int32_t zeroPoint = args.output(0).zeroPoint();
        const auto low = static_cast<float>(std::numeric_limits<Out>::min() - zeroPoint);
        const auto high = static_cast<float>(std::numeric_limits<Out>::max() - zeroPoint);
        forElements(args, args.input(0).elementCount(), [&](std::int64_t begin, std::int64_t end) {
            for (std::int64_t i = begin; i < end; ++i) {
                const float bounded = std::fmin(std::fmax(in[i] * reciprocal, low), high);
                out[i] = static_cast<Out>(
                    static_cast<std::int32_t>(std::nearbyint(bounded)) + zeroPoint);
            }
        });
    }

    template <class Out> void quantizePerChannel(const KernelArgs& args) const
    {
        const float* __restrict in = args.input(0).as<const float>();
        Out* __restrict out = args.output(0).as<Out>();
        constexpr double kMin = std::numeric_limits<Out>::min();
        constexpr double kMax = std::numeric_limits<Out>::max();
        forElements(args, args.input(0).elementCount(), [&](std::int64_t begin, std::int64_t end) {
            for (std::int64_t i = begin; i < end; ++i) {
                const std::size_t c = m_channels.channel(i);
                const double zeroPoint = m_channels.zeroPoints[c];
                const double low = kMin - zeroPoint - 1;
                const double high = kMax - zeroPoint + 1;
                // Divided in float here (PerChannelQuantize); the quotient is exact in double.
                const double ratio = in[i] / m_channels.scales[c];
                const double bounded = ratio > high ? high : (ratio >= low ? ratio : low);
                out[i]
                    = static_cast<Out>(std::clamp(roundHalfAway(bounded) + zeroPoint, kMin, kMax));
            }
        });
    }

    template <class In, class Out> void requantize(const KernelArgs& args) const
    {
        const In* in = args.input(0).as<const In>();
        Out* out = args.output(0).as<Out>();
        const std::int32_t inputZeroPoint = args.input(0).zeroPoint();
        const std::int32_t outputZeroPoint = args.output(0).zeroPoint();
        constexpr std::int32_t kMin = std::numeric_limits<Out>::min();
        constexpr std::int32_t kMax = std::numeric_limits<Out>::max();
        forElements(args, args.input(0).elementCount(), [&](std::int64_t begin, std::int64_t end) {
            for (std::int64_t i = begin; i < end; ++i) {
                const std::int32_t value
                    = multiplyByQuantizedMultiplier(
                          static_cast<std::int32_t>(in[i]) - inputZeroPoint, m_multiplier)
                    + outputZeroPoint;
                out[i] = static_cast<Out>(std::clamp(value, kMin, kMax));
            }
        });
    }

    bool m_perChannel = false;
    bool m_byReciprocal = false;
    PerChannel m_channels;
    QuantizedMultiplier m_multiplier;
};

class DequantizeKernel final : public Kernel
{
public:
    Result<void> prepare(KernelArgs& args) override
    {
        if (auto ok = checkArity(args, 1, 1, 1); !ok)
            return ok;
        const TensorView& input = args.input(0);
        TensorView& output = args.output(0);
        if (output.dtype != ir::DType::Float32)
            return kernelError(
                args, "dequantizes to float32, not " + std::string(ir::dtypeName(output.dtype)));
        if (input.dtype != ir::DType::Float16 && !isQuantizedInteger(input.dtype))
            return kernelError(args,
                "dequantizes int8, uint8, int16 and float16, not "
                    + std::string(ir::dtypeName(input.dtype)));
        output.shape = input.shape;
        m_perChannel = input.dtype != ir::DType::Float16 && input.quant->isPerAxis();
        if (m_perChannel) {
            Result<PerChannel> channels = perChannel(args, input);
            if (!channels)
                return std::unexpected(channels.error());
            m_channels = std::move(*channels);
        }
        return {};
    }

    void eval(const KernelArgs& args) override
    {
        const TensorView& input = args.input(0);
        float* out = args.output(0).as<float>();
        if (input.dtype == ir::DType::Float16) {
            const std::uint16_t* in = input.as<const std::uint16_t>();
            forElements(args, input.elementCount(), [&](std::int64_t begin, std::int64_t end) {
                for (std::int64_t i = begin; i < end; ++i)
                    out[i] = halfToFloat(in[i]);
            });
            return;
        }
        withQuantizedType(input.dtype, [&](auto tag) {
            using In = decltype(tag);
            const In* in = input.as<const In>();
            if (m_perChannel) {
                forElements(args, input.elementCount(), [&](std::int64_t begin, std::int64_t end) {
                    for (std::int64_t i = begin; i < end; ++i) {
                        const std::size_t c = m_channels.channel(i);
                        out[i] = m_channels.scales[c]
                            * static_cast<float>(
                                static_cast<std::int32_t>(in[i]) - m_channels.zeroPoints[c]);
                    }
                });
                return;
            }
            const auto scale = static_cast<double>(input.scale());
            const std::int32_t zeroPoint = input.zeroPoint();
            forElements(args, input.elementCount(), [&](std::int64_t begin, std::int64_t end) {
                for (std::int64_t i = begin; i < end; ++i)
                    out[i] = static_cast<float>(
                        scale * static_cast<double>(static_cast<std::int32_t>(in[i]) - zeroPoint));
            });
        });
    }

private:
    bool m_perChannel = false;
    PerChannel m_channels;
};

/// In-memory forms of the two CAST types that C++ arithmetic types do not cover.
struct Half
{
    std::uint16_t bits;
};
struct Bool
{
    std::uint8_t value; ///< any non-zero byte reads as true
};

/// TFLite's SaturatingCastFloatingToInteger: NaN becomes the maximum, out-of-range values clamp.
template <class To, class From> To saturatingCast(From value)
{
    if (std::isnan(value))
        return std::numeric_limits<To>::max();
    const auto lowest = static_cast<From>(std::numeric_limits<To>::lowest());
    auto highest = static_cast<From>(std::numeric_limits<To>::max());
    // int32/int64 maxima round up when converted to float; step below so the cast stays defined.
    if (static_cast<long double>(highest)
        > static_cast<long double>(std::numeric_limits<To>::max()))
        highest = std::nextafter(highest, From { 0 });
    if (value < lowest)
        return std::numeric_limits<To>::lowest();
    if (value > highest)
        return std::numeric_limits<To>::max();
    return static_cast<To>(value);
}

template <class To, class From> To castValue(From value)
{
    if constexpr (std::is_same_v<From, Half>)
        return castValue<To>(halfToFloat(value.bits));
    else if constexpr (std::is_same_v<From, Bool>)
        return castValue<To>(static_cast<std::int32_t>(value.value != 0));
    else if constexpr (std::is_same_v<To, Half>)
        return Half { floatToHalf(static_cast<float>(value)) };
    else if constexpr (std::is_same_v<To, Bool>)
        return Bool { static_cast<std::uint8_t>(value != From { 0 }) };
    else if constexpr (std::is_floating_point_v<From> && std::is_integral_v<To>)
        return saturatingCast<To>(value);
    else
        return static_cast<To>(value);
}

template <class F> bool withCastType(ir::DType dtype, F&& f)
{
    switch (dtype) {
    case ir::DType::Float32: f(float {}); return true;
    case ir::DType::Float16: f(Half {}); return true;
    case ir::DType::Float64: f(double {}); return true;
    case ir::DType::Int8: f(std::int8_t {}); return true;
    case ir::DType::UInt8: f(std::uint8_t {}); return true;
    case ir::DType::Int16: f(std::int16_t {}); return true;
    case ir::DType::UInt16: f(std::uint16_t {}); return true;
    case ir::DType::Int32: f(std::int32_t {}); return true;
    case ir::DType::UInt32: f(std::uint32_t {}); return true;
    case ir::DType::Int64: f(std::int64_t {}); return true;
    case ir::DType::UInt64: f(std::uint64_t {}); return true;
    case ir::DType::Bool: f(Bool {}); return true;
    default: return false;
    }
}

class CastKernel final : public Kernel
{
public:
    Result<void> prepare(KernelArgs& args) override
    {
        if (auto ok = checkArity(args, 1, 1, 1); !ok)
            return ok;
        const TensorView& input = args.input(0);
        TensorView& output = args.output(0);
        auto noop = [](auto) {};
        if (!withCastType(input.dtype, noop) || !withCastType(output.dtype, noop))
            return kernelError(args,
                "cannot cast " + std::string(ir::dtypeName(input.dtype)) + " to "
                    + std::string(ir::dtypeName(output.dtype)));
        output.shape = input.shape;
        return {};
    }

    void eval(const KernelArgs& args) override
    {
        const TensorView& input = args.input(0);
        const TensorView& output = args.output(0);
        withCastType(input.dtype, [&](auto fromTag) {
            withCastType(output.dtype, [&](auto toTag) {
                using From = decltype(fromTag);
                using To = decltype(toTag);
                const From* in = input.as<const From>();
                To* out = output.as<To>();
                forElements(args, input.elementCount(), [&](std::int64_t begin, std::int64_t end) {
                    for (std::int64_t i = begin; i < end; ++i)
                        out[i] = castValue<To>(in[i]);
                });
            });
        });
    }
};

} // namespace

float halfToFloat(std::uint16_t half)
{
    const std::uint32_t sign = static_cast<std::uint32_t>(half & 0x8000u) << 16;
    const std::uint32_t exponent = (half >> 10) & 0x1fu;
    const std::uint32_t mantissa = half & 0x3ffu;
    if (exponent == 0) {
        // Zero or subnormal: mantissa * 2^-24, exact in float.
        const float magnitude = std::ldexp(static_cast<float>(mantissa), -24);
        return sign != 0 ? -magnitude : magnitude;
    }
    const std::uint32_t bits = exponent == 31
        ? (sign | 0x7f800000u | (mantissa << 13))
        : (sign | ((exponent + 112) << 23) | (mantissa << 13));
    return std::bit_cast<float>(bits);
}

std::uint16_t floatToHalf(float value)
{
    const auto bits = std::bit_cast<std::uint32_t>(value);
    const auto sign = static_cast<std::uint16_t>((bits >> 16) & 0x8000u);
    const std::uint32_t magnitude = bits & 0x7fffffffu;
    if (magnitude > 0x7f800000u)
        return sign | 0x7e00u; // NaN becomes the canonical quiet NaN
    if (magnitude >= 0x477ff000u)
        return sign | 0x7c00u; // 65520 and above round to infinity
    if (magnitude < 0x38800000u) {
        // Below the smallest normal half (2^-14): a multiple of 2^-24, rounded to nearest even.
        const float scaled = std::bit_cast<float>(magnitude) * 16777216.0f;
        return static_cast<std::uint16_t>(
            sign | static_cast<std::uint16_t>(std::nearbyint(scaled)));
    }
    std::uint32_t half = (magnitude >> 13) - (112u << 10);
    const std::uint32_t rest = magnitude & 0x1fffu;
    if (rest > 0x1000u || (rest == 0x1000u && (half & 1u) != 0))
        ++half; // a carry into the exponent is the correct rounding
    return static_cast<std::uint16_t>(sign | half);
}

void registerQuantizeKernels(KernelRegistry& registry)
{
    registry.add(ir::OpKind::Cast, &make<CastKernel>);
    registry.add(ir::OpKind::Dequantize, &make<DequantizeKernel>);
    registry.add(ir::OpKind::Quantize, &make<QuantizeKernel>);
}

} // namespace lf::interp
