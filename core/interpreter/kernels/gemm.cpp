// SPDX-License-Identifier: GPL-3.0-or-later
// The packed GEMM under FULLY_CONNECTED, BATCH_MATMUL and the convolutions. It
// keeps a tile of up to kTileRows rows x kGemmPanel columns in registers while it walks the depth:
// one weight row of the panel is loaded per k and multiplied by each row's broadcast input. On x86
// CPUs with AVX2 (checked once at run time) the tile is written with intrinsics, elsewhere in plain
// C++ with fixed-length inner loops that the compiler vectorises.
#include "core/interpreter/kernels/gemm.h"

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

std::vector<float> xnnpackRequantizationScales(
    float inputScale, std::span<const float> weightsScales, float outputScale, std::int64_t channels)
{
    std::vector<float> scales;
    for (std::int64_t c = 0; c < channels; ++c) {
        const float weightsScale
            = weightsScales[weightsScales.size() == 1 ? 0 : static_cast<std::size_t>(c)];
        const float scale = inputScale * weightsScale / outputScale;
        if (!(scale < 256.0f))
            return {};
        scales.push_back(scale);
    }
    return scales;
}

namespace {

template <class T>
void requantizeFloatScalar(const std::int32_t* acc, const std::int32_t* bias,
    const ChannelRequantizer& r, std::int64_t begin, std::int64_t end, T* out)
{
    const auto low = static_cast<float>(r.min - r.outputOffset);
    const auto high = static_cast<float>(r.max - r.outputOffset);
    for (std::int64_t c = begin; c < end; ++c) {
        const float scaled = static_cast<float>(acc[c] + (bias ? bias[c] : 0))
            * r.scales[static_cast<std::size_t>(c)];
        out[c] = static_cast<T>(
            static_cast<std::int32_t>(std::nearbyint(std::clamp(scaled, low, high)))
            + r.outputOffset);
    }
}

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
/// Stores eight int32 lanes, already within T's range, as eight 8-bit values.
template <class T> __attribute__((target("avx2"))) inline void storeBytes(__m256i values, T* out)
{
    const __m128i words
        = _mm_packs_epi32(_mm256_castsi256_si128(values), _mm256_extracti128_si256(values, 1));
    const __m128i bytes
        = std::is_signed_v<T> ? _mm_packs_epi16(words, words) : _mm_packus_epi16(words, words);
    _mm_storel_epi64(reinterpret_cast<__m128i*>(out), bytes);
}

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
            storeBytes(result, rowOut + c);
        }
        requantizeScalar(rowAcc, bias, r, c, end, rowOut);
    }
}
#endif

#ifdef LF_GEMM_AVX2
/// Eight lanes of XNNPACK's fp32 requantization; cvtps rounds to nearest even like its kernels.
template <class T>
__attribute__((target("avx2"))) void requantizeFloatAvx2(const std::int32_t* acc,
    std::int64_t ldacc, const std::int32_t* bias, const ChannelRequantizer& r, std::int64_t rows,
    std::int64_t begin, std::int64_t end, T* out, std::int64_t ldo)
{
    const __m256 low = _mm256_set1_ps(static_cast<float>(r.min - r.outputOffset));
    const __m256 high = _mm256_set1_ps(static_cast<float>(r.max - r.outputOffset));
    const __m256i offset = _mm256_set1_epi32(r.outputOffset);
    for (std::int64_t row = 0; row < rows; ++row) {
        const std::int32_t* rowAcc = acc + row * ldacc;
        T* rowOut = out + row * ldo;
        std::int64_t c = begin;
        for (; c + 8 <= end; c += 8) {
            __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(rowAcc + c));
            if (bias)
                x = _mm256_add_epi32(
                    x, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(bias + c)));
            __m256 scaled = _mm256_mul_ps(_mm256_cvtepi32_ps(x), _mm256_loadu_ps(r.scales.data() + c));
            scaled = _mm256_min_ps(_mm256_max_ps(scaled, low), high);
            const __m256i result = _mm256_add_epi32(_mm256_cvtps_epi32(scaled), offset);
            storeBytes(result, rowOut + c);
        }
        requantizeFloatScalar(rowAcc, bias, r, c, end, rowOut);
    }
}
#endif

template <class T>
void requantizeAny(const std::int32_t* acc, std::int64_t ldacc, const std::int32_t* bias,
    const ChannelRequantizer& r, std::int64_t rows, std::int64_t begin, std::int64_t end, T* out,
    std::int64_t ldo)
{
    const bool fp32 = !r.scales.empty();
#ifdef LF_GEMM_AVX2
    if (hasAvx2()) {
        if (fp32)
            requantizeFloatAvx2(acc, ldacc, bias, r, rows, begin, end, out, ldo);
        else
            requantizeAvx2(acc, ldacc, bias, r, rows, begin, end, out, ldo);
        return;
    }
#endif
    for (std::int64_t row = 0; row < rows; ++row) {
        if (fp32)
            requantizeFloatScalar(acc + row * ldacc, bias, r, begin, end, out + row * ldo);
        else
            requantizeScalar(acc + row * ldacc, bias, r, begin, end, out + row * ldo);
    }
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
    if (args.arithmetic == QuantizedArithmetic::Xnnpack && !int16)
        setup.requantizer.scales
            = xnnpackRequantizationScales(input.scale(), scales, output.scale(), channels);
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
