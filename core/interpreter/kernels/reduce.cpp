// SPDX-License-Identifier: GPL-3.0-or-later
// The reduction family. prepare() resolves the constant axes, fixes the output shape and picks the
// arithmetic of the code path LiteRT takes: XNNPACK's for 8-bit MEAN and SUM, TFLite's kernels'
// otherwise. eval() views the input as [outer, reduced, inner] and folds it in
// memory order, in parallel over outer slices and blocks of inner elements, so that reducing over H
// and W of an NHWC tensor adds contiguous channel vectors.
#include "core/interpreter/kernels/reduce.h"

#include "core/interpreter/kernels/reference/reduce.h"
#include "core/interpreter/quant_math.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace lf::interp {
namespace {

/// Below this many element operations a task is not worth handing to another thread.
constexpr std::int64_t kMinTaskWork = 1 << 14;
/// Inner elements one task handles at a time: long enough to vectorise, short enough to split.
constexpr std::int64_t kInnerBlock = 256;
/// Inner elements whose accumulators stay in registers while the reduced dims are walked. Blocks
/// have a fixed width and their loops are unrolled (#pragma GCC unroll), which is what GCC's -O2
/// cost model needs to vectorise them.
constexpr std::int64_t kLaneBlock = 16;

std::string typeName(ir::DType dtype) { return std::string(ir::dtypeName(dtype)); }

bool isQuantizedInteger(ir::DType dtype)
{
    return dtype == ir::DType::Int8 || dtype == ir::DType::UInt8 || dtype == ir::DType::Int16;
}

bool sameQuantization(const TensorView& a, const TensorView& b)
{
    return a.scale() == b.scale() && a.zeroPoint() == b.zeroPoint();
}

/// The values of the constant int32 (or, with `allowInt64`, int64) input `index`.
Result<std::vector<std::int64_t>> constantIntegers(const KernelArgs& args, std::size_t index, bool allowInt64)
{
    const TensorView& view = args.input(index);
    if (!view.isConstant)
        return kernelError(args, "needs a constant axis input");
    if (view.dtype == ir::DType::Int32) {
        const std::span<const std::int32_t> values = view.span<const std::int32_t>();
        return std::vector<std::int64_t>(values.begin(), values.end());
    }
    if (allowInt64 && view.dtype == ir::DType::Int64) {
        const std::span<const std::int64_t> values = view.span<const std::int64_t>();
        return std::vector<std::int64_t>(values.begin(), values.end());
    }
    return kernelError(args, "needs an int32" + std::string(allowInt64 ? " or int64" : "") + " axis, not " + typeName(view.dtype));
}

/// Reads a single axis from input `index` and normalises it against `rank`.
Result<int> constantAxis(const KernelArgs& args, std::size_t index, int rank, bool allowInt64)
{
    Result<std::vector<std::int64_t>> values = constantIntegers(args, index, allowInt64);
    if (!values)
        return std::unexpected(std::move(values.error()));
    if (values->size() != 1)
        return kernelError(args, "needs exactly one axis, got " + std::to_string(values->size()));
    const std::int64_t axis = values->front() < 0 ? values->front() + rank : values->front();
    if (axis < 0 || axis >= rank)
        return kernelError(args, "axis " + std::to_string(values->front()) + " is out of range for rank " + std::to_string(rank));
    return static_cast<int>(axis);
}

/// Runs body(outerIndex, innerBegin, innerEnd) over every outer slice and block of inner elements,
/// in parallel when the work is large; `workPerElement` is the cost of one (outer, inner) pair.
template <class Body>
void forEachSlice(ThreadPool& pool, std::int64_t outer, std::int64_t inner, std::int64_t workPerElement, Body body)
{
    const std::int64_t block = std::min(inner, kInnerBlock);
    if (outer <= 0 || block <= 0)
        return;
    const std::int64_t blocks = (inner + block - 1) / block;
    const std::int64_t taskWork = std::max<std::int64_t>(1, block * workPerElement);
    pool.parallelFor(outer * blocks, std::max<std::int64_t>(1, kMinTaskWork / taskWork), [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t task = begin; task < end; ++task) {
            const std::int64_t first = (task % blocks) * block;
            body(task / blocks, first, std::min(inner, first + block));
        }
    });
}

/// Calls block.template operator()<width>(first) for full blocks of kLaneBlock elements of
/// [begin, end), then once per remaining element with width 1.
template <class Block>
void forEachLaneBlock(std::int64_t begin, std::int64_t end, Block block)
{
    std::int64_t first = begin;
    for (; first + kLaneBlock <= end; first += kLaneBlock)
        block.template operator()<kLaneBlock>(first);
    for (; first < end; ++first)
        block.template operator()<1>(first);
}

/// A reduction as [outer, reduced, inner] once unit dims are dropped and neighbouring dims that are
/// all reduced or all kept are merged; nullopt when the reduced dims are not contiguous.
struct Collapsed {
    std::int64_t outer = 1;
    std::int64_t reduced = 1;
    std::int64_t inner = 1;
};

std::optional<Collapsed> collapse(std::span<const std::int64_t> shape, const std::vector<int>& axes)
{
    std::vector<std::pair<std::int64_t, bool>> groups;
    for (std::size_t d = 0; d < shape.size(); ++d) {
        if (shape[d] == 1)
            continue;
        const bool reduced = reference::isReduced(axes, d);
        if (!groups.empty() && groups.back().second == reduced)
            groups.back().first *= shape[d];
        else
            groups.emplace_back(shape[d], reduced);
    }
    Collapsed result;
    std::size_t next = 0;
    if (next < groups.size() && !groups[next].second)
        result.outer = groups[next++].first;
    if (next < groups.size() && groups[next].second)
        result.reduced = groups[next++].first;
    if (next < groups.size() && !groups[next].second)
        result.inner = groups[next++].first;
    if (next != groups.size())
        return std::nullopt;
    return result;
}

/// The identity of a fold, chosen so that folding the first element yields exactly that element:
/// -0 for float sums and +-infinity for float extremes (a NaN or infinite first element survives).
template <class T>
T sumIdentity()
{
    if constexpr (std::is_floating_point_v<T>)
        return -0.0f;
    else
        return T(0);
}

template <class T>
T maxIdentity()
{
    if constexpr (std::is_floating_point_v<T>)
        return -std::numeric_limits<T>::infinity();
    else
        return std::numeric_limits<T>::lowest();
}

template <class T>
T minIdentity()
{
    if constexpr (std::is_floating_point_v<T>)
        return std::numeric_limits<T>::infinity();
    else
        return std::numeric_limits<T>::max();
}

template <class T>
T multiplyValues(T a, T b)
{
    if constexpr (std::is_integral_v<T>)
        return reference::wrappingMul(a, b);
    else
        return a * b;
}

enum class ReduceOp { Mean, Sum, Max, Min, Prod };

/// The code path LiteRT takes for a reduction, which fixes its arithmetic.
enum class Arithmetic {
    Plain,         ///< the values themselves: float, int32, int64, and quantized max/min/int16 sum
    FloatRescaled, ///< int8/uint8 mean and sum, which XNNPACK takes over: rescaled in float
    MeanInt16,     ///< TFLite's QuantizedMeanOrSum: a fixed-point multiplier absorbing 1/count
    ProdQuantized, ///< int8/int16 product rescaled after every multiplication
};

class ReduceKernel final : public Kernel {
public:
    explicit ReduceKernel(ReduceOp op) : m_op(op) {}

    Result<void> prepare(KernelArgs& args) override;
    void eval(const KernelArgs& args) override;

private:
    Result<void> chooseArithmetic(const KernelArgs& args);
    template <class In, class Acc, class Combine>
    void fold(const KernelArgs& args, const In* input, Acc* acc, Acc init, Combine combine) const;
    template <class T>
    void evalPlain(const KernelArgs& args);
    template <class T>
    void evalQuantized(const KernelArgs& args);

    ReduceOp m_op;
    Arithmetic m_arithmetic = Arithmetic::Plain;
    std::vector<std::int64_t> m_shape;
    std::vector<int> m_axes;
    std::optional<Collapsed> m_collapsed;
    std::int64_t m_count = 1; ///< input elements per output element
    std::int64_t m_inputCount = 0;
    std::int64_t m_outputCount = 0;
    std::int32_t m_inputZeroPoint = 0;
    std::int32_t m_outputZeroPoint = 0;
    QuantizedMultiplier m_multiplier;
    reference::FloatRescale m_rescale;
    std::vector<std::int32_t> m_sums;
    std::vector<std::int64_t> m_wideSums;
    std::vector<reference::ProdAccumulator> m_products;
};

Result<void> ReduceKernel::prepare(KernelArgs& args)
{
    if (auto arity = checkArity(args, 2, 2, 1); !arity)
        return arity;
    const TensorView& input = args.input(0);
    TensorView& output = args.output(0);
    if (input.dtype != output.dtype)
        return kernelError(args, "input and output element types differ");
    const Result<std::vector<std::int64_t>> rawAxes = constantIntegers(args, 1, false);
    if (!rawAxes)
        return std::unexpected(rawAxes.error());
    m_shape = input.shape;
    // TFLite ignores the axes of a scalar.
    std::optional<std::vector<int>> axes = std::vector<int>{};
    if (input.rank() > 0)
        axes = reference::resolveAxes(input.rank(), std::vector<std::int32_t>(rawAxes->begin(), rawAxes->end()));
    if (!axes)
        return kernelError(args, "has an axis out of range for rank " + std::to_string(input.rank()));
    m_axes = std::move(*axes);
    const bool keepDims = args.node.attributes.getOr<bool>("keep_dims", false);
    output.shape = reference::reducedShape(m_shape, m_axes, keepDims);
    m_collapsed = collapse(m_shape, m_axes);
    m_count = reference::reducedCount(m_shape, m_axes);
    m_inputCount = input.elementCount();
    m_outputCount = output.elementCount();
    return chooseArithmetic(args);
}

Result<void> ReduceKernel::chooseArithmetic(const KernelArgs& args)
{
    const TensorView& input = args.input(0);
    const TensorView& output = args.output(0);
    const ir::DType dtype = input.dtype;
    const bool plainType = dtype == ir::DType::Float32 || dtype == ir::DType::Int32 || dtype == ir::DType::Int64;
    if (!plainType && !isQuantizedInteger(dtype))
        return kernelError(args, "does not support " + typeName(dtype));
    m_arithmetic = Arithmetic::Plain;
    if (plainType) {
        if (m_op == ReduceOp::Mean && dtype != ir::DType::Float32)
            m_wideSums.resize(static_cast<std::size_t>(m_outputCount));
        return {};
    }
    if (dtype == ir::DType::Int16 && (input.zeroPoint() != 0 || output.zeroPoint() != 0))
        return kernelError(args, "needs zero points of 0 for int16");
    m_inputZeroPoint = input.zeroPoint();
    m_outputZeroPoint = output.zeroPoint();
    const bool eightBit = dtype != ir::DType::Int16;
    switch (m_op) {
    case ReduceOp::Mean:
    case ReduceOp::Sum:
        if (eightBit) {
            m_arithmetic = Arithmetic::FloatRescaled;
            m_sums.resize(static_cast<std::size_t>(m_outputCount));
            m_rescale = reference::floatRescale(input.scale(), m_inputZeroPoint, output.scale(), m_outputZeroPoint, m_count,
                                                m_op == ReduceOp::Mean);
            return {};
        }
        if (m_op == ReduceOp::Mean) {
            m_arithmetic = Arithmetic::MeanInt16;
            m_sums.resize(static_cast<std::size_t>(m_outputCount));
            const QuantizedMultiplier ratio = quantizeMultiplier(static_cast<double>(input.scale()) / static_cast<double>(output.scale()));
            m_multiplier = m_count > 0 ? reference::meanMultiplier(ratio, m_count) : ratio;
            return {};
        }
        break;
    case ReduceOp::Prod:
        if (input.quant->scales.empty())
            return {}; // plain integers: TFLite multiplies them without rescaling
        if (dtype == ir::DType::UInt8)
            return kernelError(args, "does not support quantized uint8");
        m_arithmetic = Arithmetic::ProdQuantized;
        m_products.resize(static_cast<std::size_t>(m_outputCount));
        if (m_inputCount > 0 && m_outputCount > 0)
            m_multiplier = reference::prodMultiplier(input.scale(), output.scale(), m_inputCount / m_outputCount);
        return {};
    case ReduceOp::Max:
    case ReduceOp::Min:
        break;
    }
    // The remaining paths work on the quantized values themselves.
    if (!sameQuantization(input, output))
        return kernelError(args, "needs the same quantization on input and output");
    return {};
}

template <class In, class Acc, class Combine>
void ReduceKernel::fold(const KernelArgs& args, const In* input, Acc* acc, Acc init, Combine combine) const
{
    if (!m_collapsed) {
        std::fill_n(acc, m_outputCount, init);
        reference::reduceInto(std::span<const std::int64_t>(m_shape), m_axes,
                              std::span<const In>(input, static_cast<std::size_t>(m_inputCount)),
                              std::span<Acc>(acc, static_cast<std::size_t>(m_outputCount)), combine);
        return;
    }
    const Collapsed c = *m_collapsed;
    forEachSlice(*args.pool, c.outer, c.inner, c.reduced, [&](std::int64_t o, std::int64_t begin, std::int64_t end) {
        const In* base = input + o * c.reduced * c.inner;
        forEachLaneBlock(begin, end, [&]<std::int64_t kWidth>(std::int64_t first) {
            Acc lanes[kWidth];
            std::fill_n(lanes, kWidth, init);
            for (std::int64_t r = 0; r < c.reduced; ++r) {
                const In* src = base + r * c.inner + first;
#pragma GCC unroll 16
                for (std::int64_t l = 0; l < kWidth; ++l)
                    lanes[l] = combine(lanes[l], src[l]);
            }
            std::copy_n(lanes, kWidth, acc + o * c.inner + first);
        });
    });
}

template <class T>
void ReduceKernel::evalPlain(const KernelArgs& args)
{
    const T* input = args.input(0).as<const T>();
    T* output = args.output(0).as<T>();
    switch (m_op) {
    case ReduceOp::Sum:
        return fold(args, input, output, sumIdentity<T>(), [](T a, T b) { return reference::addValues(a, b); });
    case ReduceOp::Prod:
        return fold(args, input, output, T(1), [](T a, T b) { return multiplyValues(a, b); });
    case ReduceOp::Max:
        return fold(args, input, output, maxIdentity<T>(), [](T a, T b) { return a > b ? a : b; });
    case ReduceOp::Min:
        return fold(args, input, output, minIdentity<T>(), [](T a, T b) { return a < b ? a : b; });
    case ReduceOp::Mean:
        if constexpr (std::is_floating_point_v<T>) {
            fold(args, input, output, sumIdentity<T>(), [](T a, T b) { return a + b; });
            const T count = m_inputCount == 0 ? std::numeric_limits<T>::quiet_NaN() : static_cast<T>(m_count);
            for (std::int64_t o = 0; o < m_outputCount; ++o)
                output[o] = m_inputCount == 0 ? count : output[o] / count;
        } else if constexpr (sizeof(T) >= 4) {
            std::int64_t* sums = m_wideSums.data();
            fold(args, input, sums, std::int64_t{0}, [](std::int64_t a, T b) { return reference::wrappingAdd<std::int64_t>(a, b); });
            for (std::int64_t o = 0; o < m_outputCount; ++o)
                output[o] = m_count == 0 ? T(0) : static_cast<T>(sums[o] / m_count);
        }
        return;
    }
}

template <class T>
void ReduceKernel::evalQuantized(const KernelArgs& args)
{
    const T* input = args.input(0).as<const T>();
    T* output = args.output(0).as<T>();
    if (m_arithmetic == Arithmetic::ProdQuantized) {
        // TFLite drops unit dims first; when nothing is left to reduce it copies without rescaling.
        if (m_count == 1) {
            std::memcpy(output, input, static_cast<std::size_t>(m_inputCount) * sizeof(T));
            return;
        }
        const std::int32_t zeroPoint = m_inputZeroPoint;
        const QuantizedMultiplier multiplier = m_multiplier;
        reference::ProdAccumulator* products = m_products.data();
        fold(args, input, products, reference::ProdAccumulator{}, [&](reference::ProdAccumulator a, T b) {
            return reference::prodStep(a, b - zeroPoint, multiplier);
        });
        for (std::int64_t o = 0; o < m_outputCount; ++o)
            output[o] = reference::requantizeProd<T>(products[o].value, multiplier, m_outputZeroPoint);
        return;
    }
    std::int32_t* sums = m_sums.data();
    fold(args, input, sums, std::int32_t{0}, [](std::int32_t a, T b) { return reference::wrappingAdd<std::int32_t>(a, b); });
    if (m_inputCount == 0 && m_op == ReduceOp::Mean) {
        std::fill_n(output, m_outputCount, T(0)); // TFLite writes its integer "NaN", 0
        return;
    }
    if (m_arithmetic == Arithmetic::FloatRescaled) {
        for (std::int64_t o = 0; o < m_outputCount; ++o)
            output[o] = reference::requantizeInFloat<T>(sums[o], m_rescale);
        return;
    }
    for (std::int64_t o = 0; o < m_outputCount; ++o)
        output[o] = reference::requantizeMean<T>(sums[o], m_count, m_inputZeroPoint, m_multiplier, m_outputZeroPoint);
}

void ReduceKernel::eval(const KernelArgs& args)
{
    const bool plain = m_arithmetic == Arithmetic::Plain;
    switch (args.input(0).dtype) {
    case ir::DType::Float32: return evalPlain<float>(args);
    case ir::DType::Int32: return evalPlain<std::int32_t>(args);
    case ir::DType::Int64: return evalPlain<std::int64_t>(args);
    case ir::DType::Int8: return plain ? evalPlain<std::int8_t>(args) : evalQuantized<std::int8_t>(args);
    case ir::DType::UInt8: return plain ? evalPlain<std::uint8_t>(args) : evalQuantized<std::uint8_t>(args);
    case ir::DType::Int16: return plain ? evalPlain<std::int16_t>(args) : evalQuantized<std::int16_t>(args);
    default: return; // prepare() admits no other type
    }
}

class ArgMinMaxKernel final : public Kernel {
public:
    explicit ArgMinMaxKernel(bool isMax) : m_isMax(isMax) {}

    Result<void> prepare(KernelArgs& args) override;
    void eval(const KernelArgs& args) override;

private:
    template <class T>
    void evalInput(const KernelArgs& args) const;
    template <class T, class Index, bool kMax>
    void run(const KernelArgs& args) const;

    bool m_isMax;
    reference::AxisSplit m_split;
};

Result<void> ArgMinMaxKernel::prepare(KernelArgs& args)
{
    if (auto arity = checkArity(args, 2, 2, 1); !arity)
        return arity;
    const TensorView& input = args.input(0);
    TensorView& output = args.output(0);
    const ir::DType dtype = input.dtype;
    if (dtype != ir::DType::Float32 && dtype != ir::DType::UInt8 && dtype != ir::DType::Int8 && dtype != ir::DType::Int32
        && dtype != ir::DType::Bool)
        return kernelError(args, "does not support " + typeName(dtype));
    if (input.rank() < 1)
        return kernelError(args, "needs an input of rank 1 or more");
    const Result<int> axis = constantAxis(args, 1, input.rank(), true);
    if (!axis)
        return std::unexpected(axis.error());
    // A node built without options says nothing; the output tensor then tells the index type.
    if (const std::optional<std::string> outputType = args.node.attributes.get<std::string>("output_type")) {
        const ir::DType wanted = *outputType == "INT32" ? ir::DType::Int32 : *outputType == "INT64" ? ir::DType::Int64 : ir::DType::Float32;
        if (wanted == ir::DType::Float32)
            return kernelError(args, "unsupported output_type '" + *outputType + "'");
        if (wanted != output.dtype)
            return kernelError(args, "output_type " + *outputType + " disagrees with the output tensor's " + typeName(output.dtype));
    } else if (output.dtype != ir::DType::Int32 && output.dtype != ir::DType::Int64) {
        return kernelError(args, "needs an int32 or int64 output, not " + typeName(output.dtype));
    }
    if (input.dim(*axis) == 0)
        return kernelError(args, "cannot reduce an empty axis");
    m_split = reference::splitAt(input.shape, *axis);
    output.shape = input.shape;
    output.shape.erase(output.shape.begin() + *axis);
    return {};
}

template <class T, class Index, bool kMax>
void ArgMinMaxKernel::run(const KernelArgs& args) const
{
    const reference::AxisSplit s = m_split;
    const T* input = args.input(0).as<const T>();
    Index* output = args.output(0).as<Index>();
    forEachSlice(*args.pool, s.outer, s.inner, s.axis, [&](std::int64_t o, std::int64_t begin, std::int64_t end) {
        const T* base = input + o * s.axis * s.inner;
        forEachLaneBlock(begin, end, [&]<std::int64_t kWidth>(std::int64_t first) {
            T best[kWidth];
            Index index[kWidth] = {};
            std::copy_n(base + first, kWidth, best);
            for (std::int64_t a = 1; a < s.axis; ++a) {
                const T* src = base + a * s.inner + first;
#pragma GCC unroll 16
                for (std::int64_t l = 0; l < kWidth; ++l) {
                    const bool better = reference::beats(src[l], best[l], kMax);
                    best[l] = better ? src[l] : best[l];
                    index[l] = better ? static_cast<Index>(a) : index[l];
                }
            }
            std::copy_n(index, kWidth, output + o * s.inner + first);
        });
    });
}

template <class T>
void ArgMinMaxKernel::evalInput(const KernelArgs& args) const
{
    const bool wide = args.output(0).dtype == ir::DType::Int64;
    if (m_isMax)
        return wide ? run<T, std::int64_t, true>(args) : run<T, std::int32_t, true>(args);
    return wide ? run<T, std::int64_t, false>(args) : run<T, std::int32_t, false>(args);
}

void ArgMinMaxKernel::eval(const KernelArgs& args)
{
    switch (args.input(0).dtype) {
    case ir::DType::Float32: return evalInput<float>(args);
    case ir::DType::UInt8: return evalInput<std::uint8_t>(args);
    case ir::DType::Int8: return evalInput<std::int8_t>(args);
    case ir::DType::Int32: return evalInput<std::int32_t>(args);
    case ir::DType::Bool: return evalInput<bool>(args);
    default: return; // prepare() admits no other type
    }
}

class CumSumKernel final : public Kernel {
public:
    Result<void> prepare(KernelArgs& args) override;
    void eval(const KernelArgs& args) override;

private:
    template <class T>
    void run(const KernelArgs& args) const;

    reference::AxisSplit m_split;
    bool m_exclusive = false;
    bool m_reverse = false;
};

Result<void> CumSumKernel::prepare(KernelArgs& args)
{
    if (auto arity = checkArity(args, 2, 2, 1); !arity)
        return arity;
    const TensorView& input = args.input(0);
    TensorView& output = args.output(0);
    if (input.dtype != ir::DType::Float32 && input.dtype != ir::DType::Int32 && input.dtype != ir::DType::Int64)
        return kernelError(args, "supports float32, int32 and int64, not " + typeName(input.dtype));
    if (input.dtype != output.dtype)
        return kernelError(args, "input and output element types differ");
    if (input.rank() < 1)
        return kernelError(args, "needs an input of rank 1 or more");
    const Result<int> axis = constantAxis(args, 1, input.rank(), false);
    if (!axis)
        return std::unexpected(axis.error());
    m_split = reference::splitAt(input.shape, *axis);
    m_exclusive = args.node.attributes.getOr<bool>("exclusive", false);
    m_reverse = args.node.attributes.getOr<bool>("reverse", false);
    output.shape = input.shape;
    return {};
}

template <class T>
void CumSumKernel::run(const KernelArgs& args) const
{
    const reference::AxisSplit s = m_split;
    const T* input = args.input(0).as<const T>();
    T* output = args.output(0).as<T>();
    const bool exclusive = m_exclusive;
    const bool reverse = m_reverse;
    forEachSlice(*args.pool, s.outer, s.inner, s.axis, [&](std::int64_t o, std::int64_t begin, std::int64_t end) {
        forEachLaneBlock(begin, end, [&]<std::int64_t kWidth>(std::int64_t first) {
            T running[kWidth] = {};
            for (std::int64_t step = 0; step < s.axis; ++step) {
                const std::int64_t offset = (o * s.axis + (reverse ? s.axis - 1 - step : step)) * s.inner + first;
                for (std::int64_t l = 0; l < kWidth; ++l) {
                    const T next = reference::addValues(running[l], input[offset + l]);
                    output[offset + l] = exclusive ? running[l] : next;
                    running[l] = next;
                }
            }
        });
    });
}

void CumSumKernel::eval(const KernelArgs& args)
{
    switch (args.input(0).dtype) {
    case ir::DType::Float32: return run<float>(args);
    case ir::DType::Int32: return run<std::int32_t>(args);
    case ir::DType::Int64: return run<std::int64_t>(args);
    default: return; // prepare() admits no other type
    }
}

class L2NormalizationKernel final : public Kernel {
public:
    Result<void> prepare(KernelArgs& args) override;
    void eval(const KernelArgs& args) override;

private:
    std::int64_t m_rows = 0;
    std::int64_t m_depth = 0;
};

Result<void> L2NormalizationKernel::prepare(KernelArgs& args)
{
    if (auto arity = checkArity(args, 1, 1, 1); !arity)
        return arity;
    const TensorView& input = args.input(0);
    TensorView& output = args.output(0);
    if (input.dtype != ir::DType::Float32 && input.dtype != ir::DType::UInt8 && input.dtype != ir::DType::Int8)
        return kernelError(args, "supports float32, uint8 and int8, not " + typeName(input.dtype));
    if (input.dtype != output.dtype)
        return kernelError(args, "input and output element types differ");
    if (input.rank() < 1)
        return kernelError(args, "needs an input of rank 1 or more");
    // The integer kernels write q = 128 * x / |x| (+ 128 for uint8), so only this quantization fits.
    if (input.dtype != ir::DType::Float32) {
        const std::int32_t zeroPoint = input.dtype == ir::DType::UInt8 ? 128 : 0;
        if (output.scale() != 1.0f / 128.0f || output.zeroPoint() != zeroPoint)
            return kernelError(args, "needs output scale 1/128 and zero point " + std::to_string(zeroPoint));
    }
    const std::string activation = args.node.attributes.getOr<std::string>("fused_activation_function", "NONE");
    if (activation != "NONE")
        return kernelError(args, "does not support the fused activation '" + activation + "'");
    m_depth = input.dim(-1);
    m_rows = m_depth == 0 ? 0 : input.elementCount() / m_depth;
    output.shape = input.shape;
    return {};
}

void L2NormalizationKernel::eval(const KernelArgs& args)
{
    const TensorView& input = args.input(0);
    const TensorView& output = args.output(0);
    const std::int64_t depth = m_depth;
    const std::int32_t zeroPoint = input.zeroPoint();
    args.pool->parallelFor(m_rows, std::max<std::int64_t>(1, kMinTaskWork / std::max<std::int64_t>(depth, 1)),
                           [&](std::int64_t begin, std::int64_t end) {
        const auto offset = static_cast<std::size_t>(begin * depth);
        const auto count = static_cast<std::size_t>((end - begin) * depth);
        switch (input.dtype) {
        case ir::DType::Float32:
            reference::l2Normalize(end - begin, depth, input.span<const float>().subspan(offset, count),
                                   output.span<float>().subspan(offset, count));
            break;
        case ir::DType::Int8:
            reference::l2NormalizeInt8(end - begin, depth, zeroPoint, input.span<const std::int8_t>().subspan(offset, count),
                                       output.span<std::int8_t>().subspan(offset, count));
            break;
        default:
            reference::l2NormalizeUInt8(end - begin, depth, zeroPoint, input.span<const std::uint8_t>().subspan(offset, count),
                                        output.span<std::uint8_t>().subspan(offset, count));
            break;
        }
    });
}

template <ReduceOp kOp>
std::unique_ptr<Kernel> makeReduceKernel() { return std::make_unique<ReduceKernel>(kOp); }
std::unique_ptr<Kernel> makeArgMaxKernel() { return std::make_unique<ArgMinMaxKernel>(true); }
std::unique_ptr<Kernel> makeArgMinKernel() { return std::make_unique<ArgMinMaxKernel>(false); }
std::unique_ptr<Kernel> makeCumSumKernel() { return std::make_unique<CumSumKernel>(); }
std::unique_ptr<Kernel> makeL2NormalizationKernel() { return std::make_unique<L2NormalizationKernel>(); }

} // namespace

void registerReduceKernels(KernelRegistry& registry)
{
    registry.add(ir::OpKind::ArgMax, &makeArgMaxKernel);
    registry.add(ir::OpKind::ArgMin, &makeArgMinKernel);
    registry.add(ir::OpKind::CumSum, &makeCumSumKernel);
    registry.add(ir::OpKind::L2Normalization, &makeL2NormalizationKernel);
    registry.add(ir::OpKind::Mean, &makeReduceKernel<ReduceOp::Mean>);
    registry.add(ir::OpKind::ReduceMax, &makeReduceKernel<ReduceOp::Max>);
    registry.add(ir::OpKind::ReduceMin, &makeReduceKernel<ReduceOp::Min>);
    registry.add(ir::OpKind::ReduceProd, &makeReduceKernel<ReduceOp::Prod>);
    registry.add(ir::OpKind::Sum, &makeReduceKernel<ReduceOp::Sum>);
}

} // namespace lf::interp
