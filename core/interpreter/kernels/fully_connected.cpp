// SPDX-License-Identifier: GPL-3.0-or-later
// FULLY_CONNECTED and BATCH_MATMUL, and the packed GEMM under them and the convolutions. The GEMM
// keeps a tile of up to kTileRows rows x kGemmPanel columns in registers while it walks the depth:
// one weight row of the panel is loaded per k and multiplied by each row's broadcast input. On x86
// CPUs with AVX2 (checked once at run time) the tile is written with intrinsics, elsewhere in plain
// C++ with fixed-length inner loops that the compiler vectorises.
#include "core/interpreter/kernels/fully_connected.h"

#include "core/interpreter/kernels/reference/fully_connected.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <type_traits>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define LF_GEMM_AVX2 1
#endif

namespace lf::interp {
namespace detail {
namespace {

constexpr int kTileRows = 6;

/// Where a finished float tile goes: bias added, clamped, `width` of its columns stored.
struct FloatEpilogue
{
    const float* bias; ///< kGemmPanel values
    float min;
    float max;
    float* out;
    std::int64_t ldo;
    std::int64_t width;
};

#ifdef LF_GEMM_AVX2
bool hasAvx2()
{
    static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return has;
}

template <int R>
__attribute__((target("avx2,fma"))) void floatTileAvx2(const float* a, std::int64_t lda,
    const float* panel, std::int64_t depth, const FloatEpilogue& e)
{
    __m256 low[R];
    __m256 high[R];
#pragma GCC unroll 8
    for (int r = 0; r < R; ++r) {
        low[r] = _mm256_setzero_ps();
        high[r] = _mm256_setzero_ps();
    }
    for (std::int64_t k = 0; k < depth; ++k) {
        const __m256 w0 = _mm256_loadu_ps(panel + k * kGemmPanel);
        const __m256 w1 = _mm256_loadu_ps(panel + k * kGemmPanel + 8);
#pragma GCC unroll 8
        for (int r = 0; r < R; ++r) {
            const __m256 x = _mm256_broadcast_ss(a + r * lda + k);
            low[r] = _mm256_fmadd_ps(x, w0, low[r]);
            high[r] = _mm256_fmadd_ps(x, w1, high[r]);
        }
    }
    const __m256 bias0 = _mm256_loadu_ps(e.bias);
    const __m256 bias1 = _mm256_loadu_ps(e.bias + 8);
    const __m256 lowest = _mm256_set1_ps(e.min);
    const __m256 highest = _mm256_set1_ps(e.max);
#pragma GCC unroll 8
    for (int r = 0; r < R; ++r) {
        // maxps/minps return their second operand for a NaN, which keeps NaNs as std::clamp does.
        const __m256 v0
            = _mm256_min_ps(highest, _mm256_max_ps(lowest, _mm256_add_ps(low[r], bias0)));
        const __m256 v1
            = _mm256_min_ps(highest, _mm256_max_ps(lowest, _mm256_add_ps(high[r], bias1)));
        float* row = e.out + r * e.ldo;
        if (e.width == kGemmPanel) {
            _mm256_storeu_ps(row, v0);
            _mm256_storeu_ps(row + 8, v1);
        } else {
            float values[kGemmPanel];
            _mm256_storeu_ps(values, v0);
            _mm256_storeu_ps(values + 8, v1);
            std::memcpy(row, values, static_cast<std::size_t>(e.width) * sizeof(float));
        }
    }
}

template <int R>
__attribute__((target("avx2"))) void int16TileAvx2(const std::int16_t* a, std::int64_t lda,
    const std::int16_t* panel, std::int64_t pairs, std::int32_t* acc, std::int64_t ldacc)
{
    __m256i low[R];
    __m256i high[R];
#pragma GCC unroll 8
    for (int r = 0; r < R; ++r) {
        low[r] = _mm256_setzero_si256();
        high[r] = _mm256_setzero_si256();
    }
    for (std::int64_t kp = 0; kp < pairs; ++kp) {
        const __m256i w0
            = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(panel + kp * 2 * kGemmPanel));
        const __m256i w1 = _mm256_loadu_si256(
            reinterpret_cast<const __m256i*>(panel + kp * 2 * kGemmPanel + 16));
#pragma GCC unroll 8
        for (int r = 0; r < R; ++r) {
            std::int32_t pair;
            std::memcpy(&pair, a + r * lda + 2 * kp, sizeof pair);
            const __m256i x = _mm256_set1_epi32(pair);
            low[r] = _mm256_add_epi32(low[r], _mm256_madd_epi16(x, w0));
            high[r] = _mm256_add_epi32(high[r], _mm256_madd_epi16(x, w1));
        }
    }
#pragma GCC unroll 8
    for (int r = 0; r < R; ++r) {
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(acc + r * ldacc), low[r]);
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(acc + r * ldacc + 8), high[r]);
    }
}
#endif

template <int R>
void floatTilePortable(const float* a, std::int64_t lda, const float* panel, std::int64_t depth,
    const FloatEpilogue& e)
{
    float acc[R][kGemmPanel] = {};
    for (std::int64_t k = 0; k < depth; ++k) {
        const float* w = panel + k * kGemmPanel;
        for (int r = 0; r < R; ++r) {
            const float x = a[r * lda + k];
            for (int j = 0; j < kGemmPanel; ++j)
                acc[r][j] += x * w[j];
        }
    }
    for (int r = 0; r < R; ++r) {
        for (int j = 0; j < kGemmPanel; ++j)
            acc[r][j] = std::clamp(acc[r][j] + e.bias[j], e.min, e.max);
        std::memcpy(e.out + r * e.ldo, acc[r], static_cast<std::size_t>(e.width) * sizeof(float));
    }
}

template <int R>
void int16TilePortable(const std::int16_t* a, std::int64_t lda, const std::int16_t* panel,
    std::int64_t pairs, std::int32_t* acc, std::int64_t ldacc)
{
    std::int32_t sums[R][kGemmPanel] = {};
    for (std::int64_t kp = 0; kp < pairs; ++kp) {
        const std::int16_t* w = panel + kp * 2 * kGemmPanel;
        for (int r = 0; r < R; ++r) {
            const std::int32_t x0 = a[r * lda + 2 * kp];
            const std::int32_t x1 = a[r * lda + 2 * kp + 1];
            for (int j = 0; j < kGemmPanel; ++j)
                sums[r][j] += x0 * w[2 * j] + x1 * w[2 * j + 1];
        }
    }
    for (int r = 0; r < R; ++r)
        std::memcpy(acc + r * ldacc, sums[r], sizeof sums[r]);
}

using FloatTile
    = void (*)(const float*, std::int64_t, const float*, std::int64_t, const FloatEpilogue&);
using Int16Tile = void (*)(const std::int16_t*, std::int64_t, const std::int16_t*, std::int64_t,
    std::int32_t*, std::int64_t);

template <template <int> class Pick> constexpr auto tileTable()
{
    return std::array { Pick<1>::fn, Pick<2>::fn, Pick<3>::fn, Pick<4>::fn, Pick<5>::fn,
        Pick<6>::fn };
}

template <int R> struct FloatPortable
{
    static constexpr FloatTile fn = &floatTilePortable<R>;
};
template <int R> struct Int16Portable
{
    static constexpr Int16Tile fn = &int16TilePortable<R>;
};
#ifdef LF_GEMM_AVX2
template <int R> struct FloatAvx2
{
    static constexpr FloatTile fn = &floatTileAvx2<R>;
};
template <int R> struct Int16Avx2
{
    static constexpr Int16Tile fn = &int16TileAvx2<R>;
};
#endif

const auto& floatTiles()
{
#ifdef LF_GEMM_AVX2
    static const auto tiles = hasAvx2() ? tileTable<FloatAvx2>() : tileTable<FloatPortable>();
#else
    static const auto tiles = tileTable<FloatPortable>();
#endif
    return tiles;
}

const auto& int16Tiles()
{
#ifdef LF_GEMM_AVX2
    static const auto tiles = hasAvx2() ? tileTable<Int16Avx2>() : tileTable<Int16Portable>();
#else
    static const auto tiles = tileTable<Int16Portable>();
#endif
    return tiles;
}

} // namespace

void packFloatWeights(const float* weights, std::int64_t cols, std::int64_t depth,
    std::int64_t colStride, std::int64_t depthStride, PackedFloatWeights& packed)
{
    packed.cols = cols;
    packed.depth = depth;
    packed.data.assign(static_cast<std::size_t>(packed.panels() * depth * kGemmPanel), 0.0f);
    for (std::int64_t c = 0; c < cols; ++c) {
        float* lane = packed.data.data() + (c / kGemmPanel) * depth * kGemmPanel + c % kGemmPanel;
        for (std::int64_t k = 0; k < depth; ++k)
            lane[k * kGemmPanel] = weights[c * colStride + k * depthStride];
    }
}

void gemmFloat(const float* a, std::int64_t rows, std::int64_t lda, const PackedFloatWeights& w,
    std::int64_t panelBegin, std::int64_t panelEnd, const float* bias, FloatRange activation,
    float* out, std::int64_t ldo)
{
    const auto& tiles = floatTiles();
    for (std::int64_t p = panelBegin; p < panelEnd; ++p) {
        const float* panel = w.data.data() + p * w.depth * kGemmPanel;
        const std::int64_t col = p * kGemmPanel;
        float panelBias[kGemmPanel] = {};
        if (bias)
            std::memcpy(panelBias, bias + col, sizeof panelBias);
        for (std::int64_t i = 0; i < rows; i += kTileRows) {
            const int height = static_cast<int>(std::min<std::int64_t>(kTileRows, rows - i));
            const FloatEpilogue epilogue { panelBias, activation.min, activation.max,
                out + i * ldo + col, ldo, std::min(kGemmPanel, w.cols - col) };
            tiles[static_cast<std::size_t>(height - 1)](a + i * lda, lda, panel, w.depth, epilogue);
        }
    }
}

void gemmInt16(const std::int16_t* a, std::int64_t rows, std::int64_t lda,
    const PackedInt16Weights& w, std::int64_t panelBegin, std::int64_t panelEnd,
    std::int64_t pairBegin, std::int64_t pairEnd, std::int32_t* acc, std::int64_t ldacc)
{
    const auto& tiles = int16Tiles();
    for (std::int64_t p = panelBegin; p < panelEnd; ++p) {
        const std::int16_t* panel
            = w.data.data() + p * w.depth * kGemmPanel + pairBegin * 2 * kGemmPanel;
        for (std::int64_t i = 0; i < rows; i += kTileRows) {
            const int height = static_cast<int>(std::min<std::int64_t>(kTileRows, rows - i));
            tiles[static_cast<std::size_t>(height - 1)](a + i * lda + 2 * pairBegin, lda, panel,
                pairEnd - pairBegin, acc + i * ldacc + p * kGemmPanel, ldacc);
        }
    }
}

ChannelRequantizer makeRequantizer(const reference::RequantizeParams& params)
{
    ChannelRequantizer r;
    for (const QuantizedMultiplier& m : params.multipliers) {
        r.multipliers.push_back(m.multiplier);
        r.leftShifts.push_back(m.shift > 0 ? m.shift : 0);
        r.rightShifts.push_back(m.shift > 0 ? 0 : -m.shift);
    }
    r.outputOffset = params.outputOffset;
    r.min = params.range.min;
    r.max = params.range.max;
    return r;
}

namespace {

template <class T>
void requantizeScalar(const std::int32_t* acc, const std::int32_t* bias,
    const ChannelRequantizer& r, std::int64_t begin, std::int64_t end, T* out)
{
    for (std::int64_t c = begin; c < end; ++c) {
        const auto i = static_cast<std::size_t>(c);
        const QuantizedMultiplier m { r.multipliers[i],
            r.leftShifts[i] > 0 ? r.leftShifts[i] : -r.rightShifts[i] };
        const std::int32_t scaled
            = multiplyByQuantizedMultiplierInline(acc[c] + (bias ? bias[c] : 0), m)
            + r.outputOffset;
        out[c] = static_cast<T>(std::clamp(scaled, r.min, r.max));
    }
}

#ifdef LF_GEMM_AVX2
/// Eight lanes of TFLite's MultiplyByQuantizedMultiplier. The doubling high multiply is done on
/// magnitudes (pmuludq on even and odd lanes), where rounding half away from zero is a plain add
/// of 2^30 (2^30 - 1 for negative values, which truncation toward zero needs) and a shift; the
/// sign is put back afterwards. Multipliers are never negative, so the single overflow case of
/// the scalar code (both operands INT32_MIN) cannot occur.
template <class T>
__attribute__((target("avx2"))) void requantizeAvx2(const std::int32_t* acc, std::int64_t ldacc,
    const std::int32_t* bias, const ChannelRequantizer& r, std::int64_t rows, std::int64_t begin,
    std::int64_t end, T* out, std::int64_t ldo)
{
    const __m256i one = _mm256_set1_epi32(1);
    const __m256i nudge = _mm256_set1_epi64x(std::int64_t { 1 } << 30);
    const __m256i lowHalves = _mm256_set1_epi64x(0xFFFFFFFF);
    const __m256i offset = _mm256_set1_epi32(r.outputOffset);
    const __m256i low = _mm256_set1_epi32(r.min);
    const __m256i high = _mm256_set1_epi32(r.max);
    for (std::int64_t row = 0; row < rows; ++row) {
        const std::int32_t* rowAcc = acc + row * ldacc;
        T* rowOut = out + row * ldo;
        std::int64_t c = begin;
        for (; c + 8 <= end; c += 8) {
            __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(rowAcc + c));
            if (bias)
                x = _mm256_add_epi32(
                    x, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(bias + c)));
            const __m256i multiplier
                = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(r.multipliers.data() + c));
            const __m256i rightShift
                = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(r.rightShifts.data() + c));
            x = _mm256_sllv_epi32(
                x, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(r.leftShifts.data() + c)));

            const __m256i magnitude = _mm256_abs_epi32(x);
            const __m256i negative = _mm256_srli_epi32(x, 31);
            __m256i even = _mm256_mul_epu32(magnitude, multiplier);
            __m256i odd = _mm256_mul_epu32(
                _mm256_srli_epi64(magnitude, 32), _mm256_srli_epi64(multiplier, 32));
            even = _mm256_srli_epi64(_mm256_sub_epi64(_mm256_add_epi64(even, nudge),
                                         _mm256_and_si256(negative, lowHalves)),
                31);
            odd = _mm256_srli_epi64(
                _mm256_sub_epi64(_mm256_add_epi64(odd, nudge), _mm256_srli_epi64(negative, 32)),
                31);
            __m256i product = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xAA);
            product = _mm256_sign_epi32(product, x);

            const __m256i mask = _mm256_sub_epi32(_mm256_sllv_epi32(one, rightShift), one);
            const __m256i remainder = _mm256_and_si256(product, mask);
            const __m256i threshold
                = _mm256_sub_epi32(_mm256_srai_epi32(mask, 1), _mm256_srai_epi32(product, 31));
            __m256i result = _mm256_sub_epi32(
                _mm256_srav_epi32(product, rightShift), _mm256_cmpgt_epi32(remainder, threshold));

            result
                = _mm256_min_epi32(_mm256_max_epi32(_mm256_add_epi32(result, offset), low), high);
            const __m128i words = _mm_packs_epi32(
                _mm256_castsi256_si128(result), _mm256_extracti128_si256(result, 1));
            const __m128i bytes = std::is_signed_v<T> ? _mm_packs_epi16(words, words)
                                                      : _mm_packus_epi16(words, words);
            _mm_storel_epi64(reinterpret_cast<__m128i*>(rowOut + c), bytes);
        }
        requantizeScalar(rowAcc, bias, r, c, end, rowOut);
    }
}
#endif

template <class T>
void requantizeAny(const std::int32_t* acc, std::int64_t ldacc, const std::int32_t* bias,
    const ChannelRequantizer& r, std::int64_t rows, std::int64_t begin, std::int64_t end, T* out,
    std::int64_t ldo)
{
#ifdef LF_GEMM_AVX2
    if (hasAvx2()) {
        requantizeAvx2(acc, ldacc, bias, r, rows, begin, end, out, ldo);
        return;
    }
#endif
    for (std::int64_t row = 0; row < rows; ++row)
        requantizeScalar(acc + row * ldacc, bias, r, begin, end, out + row * ldo);
}

} // namespace

void requantizeBlock(const std::int32_t* acc, std::int64_t ldacc, const std::int32_t* bias,
    const ChannelRequantizer& r, std::int64_t rows, std::int64_t colBegin, std::int64_t colEnd,
    std::int8_t* out, std::int64_t ldo)
{
    requantizeAny(acc, ldacc, bias, r, rows, colBegin, colEnd, out, ldo);
}

void requantizeBlock(const std::int32_t* acc, std::int64_t ldacc, const std::int32_t* bias,
    const ChannelRequantizer& r, std::int64_t rows, std::int64_t colBegin, std::int64_t colEnd,
    std::uint8_t* out, std::int64_t ldo)
{
    requantizeAny(acc, ldacc, bias, r, rows, colBegin, colEnd, out, ldo);
}

Result<std::string> readActivation(const KernelArgs& args)
{
    std::string activation
        = args.node.attributes.getOr<std::string>("fused_activation_function", "NONE");
    if (activation != "NONE" && activation != "RELU" && activation != "RELU6"
        && activation != "RELU_N1_TO_1")
        return kernelError(args, "fused_activation_function " + activation + " is not supported");
    return activation;
}

namespace {

bool hasScales(const TensorView& view)
{
    return view.quant && !view.quant->scales.empty()
        && std::all_of(
            view.quant->scales.begin(), view.quant->scales.end(), [](float s) { return s > 0.0f; });
}

std::string typeList(const TensorView& input, const TensorView& weights, const TensorView* bias,
    const TensorView& output)
{
    std::string text = std::string(ir::dtypeName(input.dtype)) + " input, "
        + std::string(ir::dtypeName(weights.dtype)) + " weights, ";
    if (bias)
        text += std::string(ir::dtypeName(bias->dtype)) + " bias, ";
    return text + std::string(ir::dtypeName(output.dtype)) + " output";
}

} // namespace

Result<QuantizationSetup> prepareQuantization(const KernelArgs& args, const TensorView& input,
    const TensorView& weights, const TensorView* bias, const TensorView& output, int channelAxis,
    std::int64_t channels, const std::string& activation, bool weightsZeroPointAllowed)
{
    using ir::DType;
    QuantizationSetup setup;
    const std::string types = typeList(input, weights, bias, output);
    if (bias && bias->elementCount() != channels)
        return kernelError(args,
            "bias has " + std::to_string(bias->elementCount()) + " elements for "
                + std::to_string(channels) + " output channels");
    if (input.dtype == DType::Float32) {
        if (output.dtype != DType::Float32 || (bias && bias->dtype != DType::Float32)
            || (weights.dtype != DType::Float32 && weights.dtype != DType::Int8))
            return kernelError(args, "unsupported combination: " + types);
        if (weights.dtype == DType::Int8) {
            if (!weights.isConstant || !hasScales(weights))
                return kernelError(
                    args, "int8 weights of a float op must be constant and quantized");
            const std::size_t scales = weights.quant->scales.size();
            if (scales != 1
                && (scales != static_cast<std::size_t>(channels)
                    || weights.quant->axis != channelAxis))
                return kernelError(
                    args, "weights quantization must be per-tensor or per output channel");
            setup.scheme = Scheme::Hybrid;
        }
        return setup;
    }

    const bool int8 = input.dtype == DType::Int8 && weights.dtype == DType::Int8
        && output.dtype == DType::Int8 && (!bias || bias->dtype == DType::Int32);
    const bool uint8 = input.dtype == DType::UInt8 && weights.dtype == DType::UInt8
        && output.dtype == DType::UInt8 && (!bias || bias->dtype == DType::Int32);
    const bool int16 = input.dtype == DType::Int16 && weights.dtype == DType::Int8
        && output.dtype == DType::Int16
        && (!bias || bias->dtype == DType::Int64 || bias->dtype == DType::Int32);
    if (!int8 && !uint8 && !int16)
        return kernelError(args, "unsupported combination: " + types);
    if (!hasScales(input) || !hasScales(weights) || !hasScales(output))
        return kernelError(
            args, "input, weights and output must carry quantization parameters (" + types + ")");

    const std::vector<float>& scales = weights.quant->scales;
    const bool perChannel = scales.size() > 1;
    if (perChannel
        && (scales.size() != static_cast<std::size_t>(channels)
            || weights.quant->axis != channelAxis))
        return kernelError(args,
            "per-channel weights need one scale per output channel along axis "
                + std::to_string(channelAxis));
    if (perChannel && uint8)
        return kernelError(args, "uint8 weights must be quantized per tensor");
    const std::int64_t weightsZeroPoint = weights.zeroPoint();
    const bool zeroPointsVanish = std::all_of(weights.quant->zeroPoints.begin(),
        weights.quant->zeroPoints.end(), [](std::int64_t zp) { return zp == 0; });
    if (!uint8 && !zeroPointsVanish && (perChannel || !weightsZeroPointAllowed || int16))
        return kernelError(args, "int8 weights must have zero point 0 here (TFLite ignores it)");
    if (int16 && (input.zeroPoint() != 0 || output.zeroPoint() != 0))
        return kernelError(args, "int16 input and output must have zero point 0");

    setup.scheme = int8 ? Scheme::Int8 : uint8 ? Scheme::UInt8 : Scheme::Int16;
    setup.int64Bias = int16 && (!bias || bias->dtype == DType::Int64);
    setup.params.inputOffset = -input.zeroPoint();
    setup.params.filterOffset = static_cast<std::int32_t>(-weightsZeroPoint);
    setup.params.outputOffset = output.zeroPoint();
    setup.params.multipliers
        = reference::channelMultipliers(input.scale(), scales, output.scale(), channels);
    setup.params.range = activationRange(activation, output);
    setup.requantizer = makeRequantizer(setup.params);
    return setup;
}

std::vector<float> dequantizeWeights(const TensorView& weights, int channelAxis)
{
    const std::int64_t count = weights.elementCount();
    std::int64_t inner = 1;
    for (int axis = channelAxis + 1; axis < weights.rank(); ++axis)
        inner *= weights.dim(axis);
    const std::vector<float>& scales = weights.quant->scales;
    const std::vector<std::int64_t>& zeroPoints = weights.quant->zeroPoints;
    const auto channels = static_cast<std::int64_t>(scales.size());
    const std::int8_t* data = weights.as<const std::int8_t>();
    std::vector<float> values(static_cast<std::size_t>(count));
    for (std::int64_t i = 0; i < count; ++i) {
        const auto c = static_cast<std::size_t>(channels == 1 ? 0 : (i / inner) % channels);
        const std::int64_t zeroPoint
            = zeroPoints.empty() ? 0 : zeroPoints[std::min(c, zeroPoints.size() - 1)];
        values[static_cast<std::size_t>(i)] = static_cast<float>(data[i] - zeroPoint) * scales[c];
    }
    return values;
}

} // namespace detail
} // namespace lf::interp

namespace lf::interp {
namespace {

using detail::QuantizationSetup;
using detail::Scheme;

/// Multiply-accumulates below which a task is not worth handing to another thread.
constexpr std::int64_t kMinTaskWork = std::int64_t { 1 } << 18;

/// Runs body(rowBegin, rowEnd, panelBegin, panelEnd) over a split of a rows x panels GEMM: by rows
/// when each thread gets at least a full tile of them, else by panels. Small products stay on the
/// calling thread.
template <class Body>
void parallelGemm(
    ThreadPool* pool, std::int64_t rows, std::int64_t panels, std::int64_t work, Body body)
{
    const std::int64_t parts
        = std::clamp<std::int64_t>(work / kMinTaskWork, 1, pool ? pool->threadCount() : 1);
    if (parts <= 1) {
        body(0, rows, 0, panels);
        return;
    }
    const bool byRows = rows >= parts * 6;
    const std::int64_t count = byRows ? rows : panels;
    pool->parallelFor(std::min(parts, count), 1, [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t part = begin; part < end; ++part) {
            const auto [first, last] = detail::splitRange(count, std::min(parts, count), part);
            if (byRows)
                body(first, last, 0, panels);
            else
                body(0, rows, first, last);
        }
    });
}

class FullyConnectedKernel final : public Kernel
{
public:
    Result<void> prepare(KernelArgs& args) override;
    void eval(const KernelArgs& args) override;

private:
    void packWeights(const KernelArgs& args);
    void evalFloat(const KernelArgs& args);
    template <class T> void evalQuantized(const KernelArgs& args);
    template <class Acc> void evalInt16(const KernelArgs& args) const;

    QuantizationSetup m_quant;
    FloatRange m_activation {};
    std::int64_t m_batches = 0;
    std::int64_t m_depth = 0;
    std::int64_t m_units = 0;
    bool m_packed = false;
    std::vector<float> m_dequantized;
    detail::PackedFloatWeights m_floatWeights;
    detail::PackedInt16Weights m_int16Weights;
    std::vector<float> m_bias;
    std::vector<std::int16_t> m_rows;
    std::vector<std::int32_t> m_acc;
};

Result<void> FullyConnectedKernel::prepare(KernelArgs& args)
{
    if (auto arity = checkArity(args, 2, 3, 1); !arity)
        return arity;
    const TensorView& input = args.input(0);
    const TensorView& weights = args.input(1);
    const TensorView* bias = args.hasInput(2) ? &args.input(2) : nullptr;
    TensorView& output = args.output(0);
    if (weights.rank() != 2 || weights.dim(1) <= 0)
        return kernelError(args, "weights must be a non-empty [units, depth] matrix");
    if (args.node.attributes.getOr<std::string>("weights_format", "DEFAULT") != "DEFAULT")
        return kernelError(args, "only the DEFAULT weights_format is supported");
    m_units = weights.dim(0);
    m_depth = weights.dim(1);
    if (input.elementCount() % m_depth != 0)
        return kernelError(args,
            "input of " + std::to_string(input.elementCount())
                + " elements is not a whole number of rows of " + std::to_string(m_depth));
    m_batches = input.elementCount() / m_depth;
    if (args.node.attributes.getOr<bool>("keep_num_dims", false)) {
        if (input.rank() == 0 || input.dim(-1) != m_depth)
            return kernelError(
                args, "keep_num_dims needs the input's last dimension to equal the weights depth");
        output.shape = input.shape;
        output.shape.back() = m_units;
    } else {
        output.shape = { m_batches, m_units };
    }
    Result<std::string> activation = detail::readActivation(args);
    if (!activation)
        return std::unexpected(activation.error());
    Result<QuantizationSetup> quant = detail::prepareQuantization(
        args, input, weights, bias, output, 0, m_units, *activation, true);
    if (!quant)
        return std::unexpected(quant.error());
    m_quant = std::move(*quant);
    m_activation = activationRange(*activation);
    if (m_quant.scheme == Scheme::Hybrid)
        m_dequantized = detail::dequantizeWeights(weights, 0);
    if (m_quant.scheme == Scheme::Int16) {
        // TFLite requantizes 16x8 FULLY_CONNECTED in double, not with the 64-bit fixed-point
        // multiply its 16x8 convolutions use.
        const std::vector<float>& scales = weights.quant->scales;
        for (std::int64_t u = 0; u < m_units; ++u) {
            const float weightScale
                = scales.size() == 1 ? scales[0] : scales[static_cast<std::size_t>(u)];
            m_quant.params.doubleMultipliers.push_back(static_cast<double>(input.scale())
                * static_cast<double>(weightScale) / static_cast<double>(output.scale()));
        }
    }
    m_packed = false;
    if (weights.isConstant)
        packWeights(args);
    const std::int64_t panels = (m_units + detail::kGemmPanel - 1) / detail::kGemmPanel;
    m_bias.assign(static_cast<std::size_t>(panels * detail::kGemmPanel), 0.0f);
    if (m_quant.scheme == Scheme::Int8 || m_quant.scheme == Scheme::UInt8) {
        m_rows.assign(static_cast<std::size_t>(m_batches * ((m_depth + 1) / 2 * 2)), 0);
        m_acc.assign(static_cast<std::size_t>(m_batches * panels * detail::kGemmPanel), 0);
    }
    return {};
}

void FullyConnectedKernel::packWeights(const KernelArgs& args)
{
    const TensorView& weights = args.input(1);
    switch (m_quant.scheme) {
    case Scheme::Float:
        detail::packFloatWeights(
            weights.as<const float>(), m_units, m_depth, m_depth, 1, m_floatWeights);
        break;
    case Scheme::Hybrid:
        detail::packFloatWeights(
            m_dequantized.data(), m_units, m_depth, m_depth, 1, m_floatWeights);
        break;
    case Scheme::Int8:
        detail::packInt16Weights(weights.as<const std::int8_t>(), m_units, m_depth, m_depth, 1,
            m_quant.params.filterOffset, m_int16Weights);
        break;
    case Scheme::UInt8:
        detail::packInt16Weights(weights.as<const std::uint8_t>(), m_units, m_depth, m_depth, 1,
            m_quant.params.filterOffset, m_int16Weights);
        break;
    case Scheme::Int16: break;
    }
    m_packed = true;
}

void FullyConnectedKernel::eval(const KernelArgs& args)
{
    if (!m_packed || !args.input(1).isConstant)
        packWeights(args);
    switch (m_quant.scheme) {
    case Scheme::Float:
    case Scheme::Hybrid: evalFloat(args); break;
    case Scheme::Int8: evalQuantized<std::int8_t>(args); break;
    case Scheme::UInt8: evalQuantized<std::uint8_t>(args); break;
    case Scheme::Int16:
        if (m_quant.int64Bias)
            evalInt16<std::int64_t>(args);
        else
            evalInt16<std::int32_t>(args);
        break;
    }
}

void FullyConnectedKernel::evalFloat(const KernelArgs& args)
{
    if (args.hasInput(2))
        std::copy_n(args.input(2).as<const float>(), m_units, m_bias.begin());
    const float* input = args.input(0).as<const float>();
    float* output = args.output(0).as<float>();
    parallelGemm(args.pool, m_batches, m_floatWeights.panels(), m_batches * m_depth * m_units,
        [&](std::int64_t r0, std::int64_t r1, std::int64_t p0, std::int64_t p1) {
            detail::gemmFloat(input + r0 * m_depth, r1 - r0, m_depth, m_floatWeights, p0, p1,
                args.hasInput(2) ? m_bias.data() : nullptr, m_activation, output + r0 * m_units,
                m_units);
        });
}

template <class T> void FullyConnectedKernel::evalQuantized(const KernelArgs& args)
{
    const std::int64_t width = m_int16Weights.depth;
    const std::int64_t ldacc = m_int16Weights.panels() * detail::kGemmPanel;
    detail::widenRows(args.input(0).as<const T>(), 0, m_batches, m_depth, m_depth, 1,
        m_quant.params.inputOffset, m_rows.data(), width);
    const std::int32_t* bias = args.hasInput(2) ? args.input(2).as<const std::int32_t>() : nullptr;
    T* output = args.output(0).as<T>();
    parallelGemm(args.pool, m_batches, m_int16Weights.panels(), m_batches * m_depth * m_units,
        [&](std::int64_t r0, std::int64_t r1, std::int64_t p0, std::int64_t p1) {
            detail::gemmInt16(m_rows.data() + r0 * width, r1 - r0, width, m_int16Weights, p0, p1, 0,
                width / 2, m_acc.data() + r0 * ldacc, ldacc);
            detail::requantizeBlock(m_acc.data() + r0 * ldacc, ldacc, bias, m_quant.requantizer,
                r1 - r0, p0 * detail::kGemmPanel, std::min(p1 * detail::kGemmPanel, m_units),
                output + r0 * m_units, m_units);
        });
}

template <class Acc> void FullyConnectedKernel::evalInt16(const KernelArgs& args) const
{
    std::span<const Acc> bias;
    if (args.hasInput(2))
        bias = args.input(2).span<const Acc>();
    reference::fullyConnectedQuantized<std::int16_t, std::int8_t, Acc>(m_batches, m_depth, m_units,
        m_quant.params, args.input(0).span<const std::int16_t>(),
        args.input(1).span<const std::int8_t>(), bias, args.output(0).span<std::int16_t>());
}

class BatchMatMulKernel final : public Kernel
{
public:
    Result<void> prepare(KernelArgs& args) override;
    void eval(const KernelArgs& args) override;

private:
    void evalFloat(const KernelArgs& args);
    void evalInt8(const KernelArgs& args);

    reference::BatchMatMulGeometry m_geometry;
    ir::DType m_dtype = ir::DType::Float32;
    reference::RequantizeParams m_params;
    detail::ChannelRequantizer m_requantizer;
    std::vector<float> m_lhs;
    std::vector<std::int16_t> m_rows;
    std::vector<std::int32_t> m_acc;
    detail::PackedFloatWeights m_floatRhs;
    detail::PackedInt16Weights m_int16Rhs;
};

Result<void> BatchMatMulKernel::prepare(KernelArgs& args)
{
    using ir::DType;
    if (auto arity = checkArity(args, 2, 2, 1); !arity)
        return arity;
    const TensorView& lhs = args.input(0);
    const TensorView& rhs = args.input(1);
    TensorView& output = args.output(0);
    if (lhs.rank() < 2 || rhs.rank() < 2 || lhs.rank() > 5 || rhs.rank() > 5)
        return kernelError(args, "operands must have rank 2 to 5");
    const int rank = std::max(lhs.rank(), rhs.rank());
    m_geometry.lhsShape.assign(static_cast<std::size_t>(rank - lhs.rank()), 1);
    m_geometry.lhsShape.insert(m_geometry.lhsShape.end(), lhs.shape.begin(), lhs.shape.end());
    m_geometry.rhsShape.assign(static_cast<std::size_t>(rank - rhs.rank()), 1);
    m_geometry.rhsShape.insert(m_geometry.rhsShape.end(), rhs.shape.begin(), rhs.shape.end());
    m_geometry.adjX = args.node.attributes.getOr<bool>("adj_x", false);
    m_geometry.adjY = args.node.attributes.getOr<bool>("adj_y", false);
    for (std::size_t i = 0; i + 2 < m_geometry.lhsShape.size(); ++i) {
        const std::int64_t l = m_geometry.lhsShape[i];
        const std::int64_t r = m_geometry.rhsShape[i];
        if (l != r && l != 1 && r != 1)
            return kernelError(args,
                "batch dimensions " + std::to_string(l) + " and " + std::to_string(r)
                    + " do not broadcast");
    }
    const std::int64_t rhsDepth = m_geometry.adjY
        ? m_geometry.rhsShape.back()
        : m_geometry.rhsShape[m_geometry.rhsShape.size() - 2];
    if (m_geometry.depth() != rhsDepth)
        return kernelError(args,
            "inner dimensions differ: " + std::to_string(m_geometry.depth()) + " and "
                + std::to_string(rhsDepth));

    m_dtype = lhs.dtype;
    if (rhs.dtype != m_dtype || output.dtype != m_dtype
        || (m_dtype != DType::Float32 && m_dtype != DType::Int8 && m_dtype != DType::Int16))
        return kernelError(args,
            "unsupported combination: " + std::string(ir::dtypeName(lhs.dtype)) + " x "
                + std::string(ir::dtypeName(rhs.dtype)) + " -> "
                + std::string(ir::dtypeName(output.dtype)));
    if (m_dtype != DType::Float32) {
        for (const TensorView* view : { &lhs, &rhs, static_cast<const TensorView*>(&output) }) {
            if (view->quant->scales.size() != 1 || view->scale() <= 0.0f)
                return kernelError(args, "integer operands need per-tensor quantization");
        }
        if (m_dtype == DType::Int16
            && (lhs.zeroPoint() != 0 || rhs.zeroPoint() != 0 || output.zeroPoint() != 0))
            return kernelError(args, "int16 operands must have zero point 0");
        m_params.inputOffset = -lhs.zeroPoint();
        m_params.filterOffset = -rhs.zeroPoint();
        m_params.outputOffset = output.zeroPoint();
        const float rhsScale = rhs.scale();
        m_params.multipliers = reference::channelMultipliers(
            lhs.scale(), std::span<const float>(&rhsScale, 1), output.scale(), m_geometry.cols());
        m_params.range = dtypeRange(m_dtype);
        m_requantizer = detail::makeRequantizer(m_params);
    }
    output.shape = m_geometry.outputShape();
    const std::int64_t rows = m_geometry.rows();
    const std::int64_t panels = (m_geometry.cols() + detail::kGemmPanel - 1) / detail::kGemmPanel;
    if (m_dtype == DType::Float32 && m_geometry.adjX)
        m_lhs.assign(static_cast<std::size_t>(rows * m_geometry.depth()), 0.0f);
    if (m_dtype == DType::Int8) {
        m_rows.assign(static_cast<std::size_t>(rows * ((m_geometry.depth() + 1) / 2 * 2)), 0);
        m_acc.assign(static_cast<std::size_t>(rows * panels * detail::kGemmPanel), 0);
    }
    return {};
}

void BatchMatMulKernel::eval(const KernelArgs& args)
{
    switch (m_dtype) {
    case ir::DType::Float32: evalFloat(args); break;
    case ir::DType::Int8: evalInt8(args); break;
    default:
        reference::batchMatMulQuantized<std::int16_t, std::int64_t>(m_geometry, m_params,
            args.input(0).span<const std::int16_t>(), args.input(1).span<const std::int16_t>(),
            args.output(0).span<std::int16_t>());
        break;
    }
}

void BatchMatMulKernel::evalFloat(const KernelArgs& args)
{
    const reference::BatchMatMulGeometry& g = m_geometry;
    const std::int64_t rows = g.rows();
    const std::int64_t cols = g.cols();
    const std::int64_t depth = g.depth();
    const float* lhs = args.input(0).as<const float>();
    const float* rhs = args.input(1).as<const float>();
    float* output = args.output(0).as<float>();
    const FloatRange none = activationRange("NONE");
    std::int64_t packedOffset = -1;
    for (std::int64_t batch = 0; batch < g.batchCount(); ++batch) {
        const auto [lhsOffset, rhsOffset] = g.batchOffsets(batch);
        const float* a = lhs + lhsOffset;
        if (g.adjX) {
            for (std::int64_t r = 0; r < rows; ++r) {
                for (std::int64_t k = 0; k < depth; ++k)
                    m_lhs[static_cast<std::size_t>(r * depth + k)] = a[k * rows + r];
            }
            a = m_lhs.data();
        }
        if (rhsOffset != packedOffset) {
            detail::packFloatWeights(
                rhs + rhsOffset, cols, depth, g.adjY ? depth : 1, g.adjY ? 1 : cols, m_floatRhs);
            packedOffset = rhsOffset;
        }
        float* out = output + batch * rows * cols;
        parallelGemm(args.pool, rows, m_floatRhs.panels(), rows * depth * cols,
            [&](std::int64_t r0, std::int64_t r1, std::int64_t p0, std::int64_t p1) {
                detail::gemmFloat(a + r0 * depth, r1 - r0, depth, m_floatRhs, p0, p1, nullptr, none,
                    out + r0 * cols, cols);
            });
    }
}

void BatchMatMulKernel::evalInt8(const KernelArgs& args)
{
    const reference::BatchMatMulGeometry& g = m_geometry;
    const std::int64_t rows = g.rows();
    const std::int64_t cols = g.cols();
    const std::int64_t depth = g.depth();
    const auto* lhs = args.input(0).as<const std::int8_t>();
    const auto* rhs = args.input(1).as<const std::int8_t>();
    auto* output = args.output(0).as<std::int8_t>();
    std::int64_t packedOffset = -1;
    for (std::int64_t batch = 0; batch < g.batchCount(); ++batch) {
        const auto [lhsOffset, rhsOffset] = g.batchOffsets(batch);
        if (rhsOffset != packedOffset) {
            detail::packInt16Weights(rhs + rhsOffset, cols, depth, g.adjY ? depth : 1,
                g.adjY ? 1 : cols, m_params.filterOffset, m_int16Rhs);
            packedOffset = rhsOffset;
        }
        const std::int64_t width = m_int16Rhs.depth;
        const std::int64_t ldacc = m_int16Rhs.panels() * detail::kGemmPanel;
        detail::widenRows(lhs + lhsOffset, 0, rows, depth, g.adjX ? 1 : depth, g.adjX ? rows : 1,
            m_params.inputOffset, m_rows.data(), width);
        std::int8_t* out = output + batch * rows * cols;
        parallelGemm(args.pool, rows, m_int16Rhs.panels(), rows * depth * cols,
            [&](std::int64_t r0, std::int64_t r1, std::int64_t p0, std::int64_t p1) {
                detail::gemmInt16(m_rows.data() + r0 * width, r1 - r0, width, m_int16Rhs, p0, p1, 0,
                    width / 2, m_acc.data() + r0 * ldacc, ldacc);
                detail::requantizeBlock(m_acc.data() + r0 * ldacc, ldacc, nullptr, m_requantizer,
                    r1 - r0, p0 * detail::kGemmPanel, std::min(p1 * detail::kGemmPanel, cols),
                    out + r0 * cols, cols);
            });
    }
}

std::unique_ptr<Kernel> makeFullyConnectedKernel()
{
    return std::make_unique<FullyConnectedKernel>();
}
std::unique_ptr<Kernel> makeBatchMatMulKernel()
{
    return std::make_unique<BatchMatMulKernel>();
}

} // namespace

void registerMatmulKernels(KernelRegistry& registry)
{
    registry.add(ir::OpKind::FullyConnected, &makeFullyConnectedKernel);
    registry.add(ir::OpKind::BatchMatMul, &makeBatchMatMulKernel);
}

} // namespace lf::interp
