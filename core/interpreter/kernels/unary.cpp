// SPDX-License-Identifier: GPL-3.0-or-later
// The elementwise unary kernels. prepare() checks the dtype and, for quantized int8 ABS, RSQRT,
// EXP, LOG and SQRT, tabulates TFLite's integer result for each of the 256 inputs (int16 EXP, LOG
// and RSQRT: TFLite's 513-entry interpolated table; int16 SQRT is computed per element); eval() is
// then a table lookup, or a tight (vectorizable where the function allows) loop over the flat
// tensor, split across the pool.
#include "core/interpreter/kernels/unary.h"

#include "core/interpreter/kernels/reference/activations.h"
#include "core/interpreter/kernels/reference/softmax.h"
#include "core/interpreter/kernels/reference/unary.h"
#include "core/interpreter/quant_math.h"

#include <array>
#include <cmath>
#include <cstdint>
#include <functional>
#include <string>
#include <type_traits>

namespace lf::interp {
namespace {

namespace ref = reference;

// Loops run in blocks of fixed length so that g++ -O2 vectorizes them (see binary.cpp).
constexpr std::int64_t kBlock = 16;
// Minimum elements per thread: plain loops are memory-bound; libm calls cost far more per element.
constexpr std::int64_t kCheapChunk = 32768;
constexpr std::int64_t kCostlyChunk = 2048;

enum class UnaryOp {
    Abs,
    Neg,
    Exp,
    Log,
    Sqrt,
    Rsqrt,
    Sin,
    Cos,
    Square,
    Floor,
    Ceil,
    Round,
    Sign,
    LogicalNot
};

bool isCostly(UnaryOp op)
{
    switch (op) {
    case UnaryOp::Exp:
    case UnaryOp::Log:
    case UnaryOp::Sqrt:
    case UnaryOp::Rsqrt:
    case UnaryOp::Sin:
    case UnaryOp::Cos:
    case UnaryOp::Floor:
    case UnaryOp::Ceil:
    case UnaryOp::Round: return true;
    default: return false;
    }
}

template <class T, class F>
void unaryRun(const T* __restrict in, T* __restrict out, std::int64_t n, const F& function)
{
    // A local copy: stores through an 8-bit `out` may alias anything, which would otherwise make
    // the compiler reload the function's captures after every element.
    const F f = function;
    std::int64_t i = 0;
    for (; i + kBlock <= n; i += kBlock) {
        for (std::int64_t k = 0; k < kBlock; ++k)
            out[i + k] = f(in[i + k]);
    }
    for (; i < n; ++i)
        out[i] = f(in[i]);
}

template <class T, class F> void runUnary(const KernelArgs& args, std::int64_t minChunk, const F& f)
{
    const T* in = args.input(0).as<const T>();
    T* out = args.output(0).as<T>();
    const std::function<void(std::int64_t, std::int64_t)> body
        = [&](std::int64_t begin, std::int64_t end) {
              unaryRun(in + begin, out + begin, end - begin, f);
          };
    const std::int64_t count = args.input(0).elementCount();
    if (args.pool)
        args.pool->parallelFor(count, minChunk, body);
    else
        body(0, count);
}

/// Per-tensor parameters with a positive scale.
bool perTensorQuant(const TensorView& view, float& scale, std::int32_t& zeroPoint)
{
    if (!view.quant || view.quant->scales.size() != 1 || view.quant->zeroPoints.size() > 1
        || !(view.quant->scales.front() > 0.0f))
        return false;
    scale = view.quant->scales.front();
    zeroPoint = view.zeroPoint();
    const QuantizedRange range = dtypeRange(view.dtype);
    return zeroPoint >= range.min && zeroPoint <= range.max;
}

class UnaryKernel final : public Kernel
{
public:
    explicit UnaryKernel(UnaryOp op)
        : m_op(op)
    {
    }

    Result<void> prepare(KernelArgs& args) override;
    void eval(const KernelArgs& args) override;

private:
    enum class Mode { Plain, Table, QuantizedAbsInt16, Int16Table, QuantizedSqrtInt16 };

    bool supportedPlain(ir::DType dtype) const;
    Result<void> prepareTables(const KernelArgs& args, float inScale, std::int32_t inZeroPoint,
        float outScale, std::int32_t outZeroPoint);
    template <class T> void evalInteger(const KernelArgs& args) const;
    void evalFloat(const KernelArgs& args) const;

    UnaryOp m_op;
    Mode m_mode = Mode::Plain;
    ir::DType m_dtype = ir::DType::Float32;
    ref::QuantizedAbsParams m_abs;
    /// int8 results for inputs -128..127.
    std::array<std::int8_t, 256> m_table {};
    /// int16 EXP and LOG: samples over the input range, interpolated between.
    std::array<std::int16_t, 513> m_table16 {};
    float m_inScale = 1.0f; ///< int16 SQRT
    float m_outScale = 1.0f; ///< int16 SQRT
};

/// TFLite's quantized SQRT: dequantize in float, sqrt, divide by the output scale, truncate, add
/// the zero point, saturate. TFLite fails on negative inputs; they give sqrt(0) here.
std::int32_t quantizedSqrt(std::int32_t x, float inScale, std::int32_t inZeroPoint, float outScale,
    std::int32_t outZeroPoint, QuantizedRange range)
{
    const float value = std::max(0.0f, inScale * static_cast<float>(x - inZeroPoint));
    const auto quantized = static_cast<std::int32_t>(std::sqrt(value) / outScale) + outZeroPoint;
    return std::clamp(quantized, range.min, range.max);
}

/// The real function an integer EXP or LOG tabulates. TFLite's LOG gives the output's lowest value
/// for x <= 0; EXP is capped where every output saturates anyway (float-to-int of infinity is
/// undefined).
auto tableFunction(UnaryOp op, float outputScale, float outputMin)
{
    return [=](float x) {
        if (op == UnaryOp::Log)
            return x <= 0.0f ? outputMin : std::log(x);
        if (op == UnaryOp::Rsqrt)
            return x <= 0.0f ? 32767.0f * outputScale : 1.0f / std::sqrt(x);
        return std::min(std::exp(x), 1e9f * outputScale);
    };
}

bool UnaryKernel::supportedPlain(ir::DType dtype) const
{
    using ir::DType;
    switch (m_op) {
    case UnaryOp::Abs:
        return dtype == DType::Float32 || dtype == DType::Int32 || dtype == DType::Int16;
    case UnaryOp::Neg:
        return dtype == DType::Float32 || dtype == DType::Int32 || dtype == DType::Int64
            || dtype == DType::Int8 || dtype == DType::Int16;
    case UnaryOp::Sign: return dtype == DType::Float32 || dtype == DType::Int32;
    case UnaryOp::LogicalNot: return dtype == DType::Bool;
    default: return dtype == DType::Float32;
    }
}

Result<void> UnaryKernel::prepare(KernelArgs& args)
{
    if (auto arity = checkArity(args, 1, 1, 1); !arity)
        return arity;
    const TensorView& in = args.input(0);
    TensorView& out = args.output(0);
    if (out.dtype != in.dtype)
        return kernelError(args, "needs an output of the input's dtype");
    m_dtype = in.dtype;
    out.shape = in.shape;

    const bool quantizedInput = in.quant && !in.quant->scales.empty();
    const bool lookup = m_op == UnaryOp::Exp || m_op == UnaryOp::Log
        || (m_op == UnaryOp::Rsqrt && m_dtype == ir::DType::Int16);
    const bool tabulated = m_dtype == ir::DType::Int8
        && (m_op == UnaryOp::Abs || m_op == UnaryOp::Rsqrt || m_op == UnaryOp::Sqrt || lookup);
    const bool quantized16 = m_dtype == ir::DType::Int16 && quantizedInput
        && (m_op == UnaryOp::Abs || m_op == UnaryOp::Sqrt || lookup);
    if (!tabulated && !quantized16) {
        if (!supportedPlain(m_dtype))
            return kernelError(
                args, "does not support " + std::string(ir::dtypeName(m_dtype)) + " inputs");
        m_mode = Mode::Plain;
        return {};
    }
    float inScale = 0.0f;
    float outScale = 0.0f;
    std::int32_t inZeroPoint = 0;
    std::int32_t outZeroPoint = 0;
    if (!perTensorQuant(in, inScale, inZeroPoint) || !perTensorQuant(out, outScale, outZeroPoint))
        return kernelError(args,
            "needs per-tensor quantization (positive scale, zero point inside the dtype) on "
            "its input and output");
    if (lookup)
        return prepareTables(args, inScale, inZeroPoint, outScale, outZeroPoint);
    if (m_op == UnaryOp::Sqrt) {
        if (m_dtype == ir::DType::Int16 && (inZeroPoint != 0 || outZeroPoint != 0))
            return kernelError(args, "int16 SQRT needs zero points 0");
        m_inScale = inScale;
        m_outScale = outScale;
        const QuantizedRange range = dtypeRange(m_dtype);
        for (int i = 0; i < 256; ++i)
            m_table[static_cast<std::size_t>(i)] = static_cast<std::int8_t>(
                quantizedSqrt(i - 128, inScale, inZeroPoint, outScale, outZeroPoint, range));
        m_mode = m_dtype == ir::DType::Int16 ? Mode::QuantizedSqrtInt16 : Mode::Table;
        return {};
    }
    if (quantized16) {
        if (inZeroPoint != 0 || outZeroPoint != 0)
            return kernelError(args, "int16 ABS needs zero points 0");
        m_abs = ref::makeQuantizedAbsParams(
            inScale, inZeroPoint, outScale, outZeroPoint, dtypeRange(m_dtype));
        m_mode = Mode::QuantizedAbsInt16;
        return {};
    }
    m_mode = Mode::Table;
    if (m_op == UnaryOp::Abs) {
        const ref::QuantizedAbsParams params = ref::makeQuantizedAbsParams(
            inScale, inZeroPoint, outScale, outZeroPoint, dtypeRange(m_dtype));
        for (int i = 0; i < 256; ++i)
            m_table[static_cast<std::size_t>(i)]
                = static_cast<std::int8_t>(ref::quantizedAbs(i - 128, params));
    } else {
        const ref::QuantizedRsqrtParams params
            = ref::makeQuantizedRsqrtParams(inScale, inZeroPoint, outScale, outZeroPoint);
        for (int i = 0; i < 256; ++i)
            m_table[static_cast<std::size_t>(i)]
                = static_cast<std::int8_t>(ref::quantizedRsqrt(i - 128, params));
    }
    return {};
}

Result<void> UnaryKernel::prepareTables(const KernelArgs& args, float inScale,
    std::int32_t inZeroPoint, float outScale, std::int32_t outZeroPoint)
{
    const QuantizedRange range = dtypeRange(m_dtype);
    const float outputMin = static_cast<float>(range.min - outZeroPoint) * outScale;
    const auto function = tableFunction(m_op, outScale, outputMin);
    if (m_dtype == ir::DType::Int16) {
        if (inZeroPoint != 0 || outZeroPoint != 0)
            return kernelError(args, "int16 EXP, LOG and RSQRT need zero points 0");
        m_table16 = ref::makeInt16LookupTable<float>(
            inScale, inZeroPoint, outScale, outZeroPoint, function);
        m_mode = Mode::Int16Table;
        return {};
    }
    const std::array<std::int8_t, 256> table
        = ref::makeLookupTable<std::int8_t>(inScale, inZeroPoint, outScale, outZeroPoint, function);
    for (int i = 0; i < 256; ++i)
        m_table[static_cast<std::size_t>(i)] = table[static_cast<std::uint8_t>(i - 128)];
    m_mode = Mode::Table;
    return {};
}

template <class T> void UnaryKernel::evalInteger(const KernelArgs& args) const
{
    switch (m_op) {
    case UnaryOp::Abs:
        // TFLite's int16 ABS goes through int32, so -32768 wraps back to itself; int32 wraps alike.
        runUnary<T>(args, kCheapChunk, [](T x) { return x < 0 ? ref::negate(x) : x; });
        return;
    case UnaryOp::Neg: runUnary<T>(args, kCheapChunk, [](T x) { return ref::negate(x); }); return;
    case UnaryOp::Sign: runUnary<T>(args, kCheapChunk, [](T x) { return ref::sign(x); }); return;
    case UnaryOp::LogicalNot:
        runUnary<T>(args, kCheapChunk, [](T x) { return static_cast<T>(x == 0); });
        return;
    default: return;
    }
}

void UnaryKernel::evalFloat(const KernelArgs& args) const
{
    const std::int64_t chunk = isCostly(m_op) ? kCostlyChunk : kCheapChunk;
    switch (m_op) {
    case UnaryOp::Abs: return runUnary<float>(args, chunk, [](float x) { return std::abs(x); });
    case UnaryOp::Neg: return runUnary<float>(args, chunk, [](float x) { return -x; });
    case UnaryOp::Exp: return runUnary<float>(args, chunk, [](float x) { return std::exp(x); });
    case UnaryOp::Log: return runUnary<float>(args, chunk, [](float x) { return std::log(x); });
    case UnaryOp::Sqrt: return runUnary<float>(args, chunk, [](float x) { return std::sqrt(x); });
    case UnaryOp::Rsqrt:
        return runUnary<float>(args, chunk, [](float x) { return 1.0f / std::sqrt(x); });
    case UnaryOp::Sin: return runUnary<float>(args, chunk, [](float x) { return std::sin(x); });
    case UnaryOp::Cos: return runUnary<float>(args, chunk, [](float x) { return std::cos(x); });
    case UnaryOp::Square: return runUnary<float>(args, chunk, [](float x) { return x * x; });
    case UnaryOp::Floor: return runUnary<float>(args, chunk, [](float x) { return std::floor(x); });
    case UnaryOp::Ceil: return runUnary<float>(args, chunk, [](float x) { return std::ceil(x); });
    case UnaryOp::Round:
        return runUnary<float>(args, chunk, [](float x) { return ref::roundHalfToEven(x); });
    case UnaryOp::Sign: return runUnary<float>(args, chunk, [](float x) { return ref::sign(x); });
    case UnaryOp::LogicalNot: return;
    }
}

void UnaryKernel::eval(const KernelArgs& args)
{
    if (args.input(0).elementCount() == 0)
        return;
    switch (m_mode) {
    case Mode::Table: {
        const std::int8_t* table = m_table.data() + 128;
        return runUnary<std::int8_t>(
            args, kCheapChunk, [table](std::int8_t x) { return table[x]; });
    }
    case Mode::QuantizedAbsInt16: {
        const ref::QuantizedAbsParams params = m_abs;
        return runUnary<std::int16_t>(args, kCheapChunk / 4, [params](std::int16_t x) {
            return static_cast<std::int16_t>(ref::quantizedAbs(x, params));
        });
    }
    case Mode::Int16Table: {
        const std::array<std::int16_t, 513>* table = &m_table16;
        return runUnary<std::int16_t>(args, kCheapChunk / 4,
            [table](std::int16_t x) { return ref::lookupInterpolated(x, *table); });
    }
    case Mode::QuantizedSqrtInt16: {
        const float inScale = m_inScale;
        const float outScale = m_outScale;
        const QuantizedRange range = dtypeRange(m_dtype);
        return runUnary<std::int16_t>(args, kCostlyChunk, [=](std::int16_t x) {
            return static_cast<std::int16_t>(quantizedSqrt(x, inScale, 0, outScale, 0, range));
        });
    }
    case Mode::Plain: break;
    }
    using ir::DType;
    switch (m_dtype) {
    case DType::Float32: return evalFloat(args);
    case DType::Int32: return evalInteger<std::int32_t>(args);
    case DType::Int64: return evalInteger<std::int64_t>(args);
    case DType::Int16: return evalInteger<std::int16_t>(args);
    case DType::Int8: return evalInteger<std::int8_t>(args);
    case DType::Bool: return evalInteger<std::uint8_t>(args);
    default: return;
    }
}

template <UnaryOp Op> std::unique_ptr<Kernel> makeUnaryKernel()
{
    return std::make_unique<UnaryKernel>(Op);
}

} // namespace

void registerUnaryKernels(KernelRegistry& registry)
{
    using ir::OpKind;
    registry.add(OpKind::Abs, &makeUnaryKernel<UnaryOp::Abs>);
    registry.add(OpKind::Neg, &makeUnaryKernel<UnaryOp::Neg>);
    registry.add(OpKind::Exp, &makeUnaryKernel<UnaryOp::Exp>);
    registry.add(OpKind::Log, &makeUnaryKernel<UnaryOp::Log>);
    registry.add(OpKind::Sqrt, &makeUnaryKernel<UnaryOp::Sqrt>);
    registry.add(OpKind::Rsqrt, &makeUnaryKernel<UnaryOp::Rsqrt>);
    registry.add(OpKind::Sin, &makeUnaryKernel<UnaryOp::Sin>);
    registry.add(OpKind::Cos, &makeUnaryKernel<UnaryOp::Cos>);
    registry.add(OpKind::Square, &makeUnaryKernel<UnaryOp::Square>);
    registry.add(OpKind::Floor, &makeUnaryKernel<UnaryOp::Floor>);
    registry.add(OpKind::Ceil, &makeUnaryKernel<UnaryOp::Ceil>);
    registry.add(OpKind::Round, &makeUnaryKernel<UnaryOp::Round>);
    registry.add(OpKind::Sign, &makeUnaryKernel<UnaryOp::Sign>);
    registry.add(OpKind::LogicalNot, &makeUnaryKernel<UnaryOp::LogicalNot>);
}

} // namespace lf::interp
