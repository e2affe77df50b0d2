// SPDX-License-Identifier: GPL-3.0-or-later
// The reduction family (MEAN, SUM, REDUCE_MAX/MIN/PROD, ARG_MAX/ARG_MIN, CUMSUM, L2_NORMALIZATION)
// on one-node models: the interpreter bit for bit against the reference functions, against values
// computed here in double (within a float or one-quantization-step bound), and a subset of every
// integer path bit-exact against LiteRT.
#include "core/interpreter/kernels/reduce.h"
#include "core/interpreter/kernels/reference/reduce.h"
#include "tests/core/interpreter/kernels/kernel_test_support.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <random>

using namespace lf;
namespace kt = lf::test::kt;
namespace reference = lf::interp::reference;
using ir::DType;
using ir::OpKind;
using interp::QuantizedMultiplier;
using interp::quantizeMultiplier;

namespace {

struct Quant {
    float scale = 1.0f;
    std::int64_t zeroPoint = 0;
};

struct Case {
    OpKind op = OpKind::Mean;
    DType dtype = DType::Float32;
    DType outputDtype = DType::Float32; ///< differs only for ARG_MAX/ARG_MIN
    std::vector<std::int64_t> shape;
    std::vector<std::int32_t> axes; ///< one entry for ARG_MAX/ARG_MIN/CUMSUM, none for L2
    bool axisInt64 = false;
    bool keepDims = false;
    bool exclusive = false;
    bool reverse = false;
    Quant input;
    Quant output;
    std::uint32_t seed = 1;
};

} // namespace

Q_DECLARE_METATYPE(Case)

namespace {

bool isQuantized(DType dtype) { return dtype == DType::Int8 || dtype == DType::UInt8 || dtype == DType::Int16; }
bool isReducer(OpKind op)
{
    return op == OpKind::Mean || op == OpKind::Sum || op == OpKind::ReduceMax || op == OpKind::ReduceMin || op == OpKind::ReduceProd;
}
bool isArg(OpKind op) { return op == OpKind::ArgMax || op == OpKind::ArgMin; }

Case reducer(OpKind op, DType dtype, std::vector<std::int64_t> shape, std::vector<std::int32_t> axes, bool keepDims, Quant in = {},
             Quant out = {})
{
    Case c;
    c.op = op;
    c.dtype = c.outputDtype = dtype;
    c.shape = std::move(shape);
    c.axes = std::move(axes);
    c.keepDims = keepDims;
    c.input = in;
    c.output = out;
    return c;
}

Case arg(OpKind op, DType dtype, std::vector<std::int64_t> shape, std::int32_t axis, DType outputDtype, bool axisInt64 = false)
{
    Case c = reducer(op, dtype, std::move(shape), {axis}, false);
    c.outputDtype = outputDtype;
    c.axisInt64 = axisInt64;
    return c;
}

Case cumSum(DType dtype, std::vector<std::int64_t> shape, std::int32_t axis, bool exclusive, bool reverse)
{
    Case c = reducer(OpKind::CumSum, dtype, std::move(shape), {axis}, false);
    c.exclusive = exclusive;
    c.reverse = reverse;
    return c;
}

Case l2(DType dtype, std::vector<std::int64_t> shape, Quant in = {})
{
    const Quant out{1.0f / 128.0f, dtype == DType::UInt8 ? 128 : 0};
    return reducer(OpKind::L2Normalization, dtype, std::move(shape), {}, false, in, out);
}

int normalizedAxis(const Case& c) { return c.axes[0] < 0 ? c.axes[0] + static_cast<int>(c.shape.size()) : c.axes[0]; }

/// Which input dims the op reduces, from the axes as TensorFlow defines them.
std::vector<bool> reducedDims(const Case& c)
{
    std::vector<bool> reduced(c.shape.size(), false);
    for (std::int32_t axis : c.axes)
        reduced[static_cast<std::size_t>(axis < 0 ? axis + static_cast<int>(c.shape.size()) : axis)] = true;
    return reduced;
}

std::vector<std::int64_t> outputShape(const Case& c)
{
    if (isArg(c.op)) {
        std::vector<std::int64_t> shape = c.shape;
        shape.erase(shape.begin() + normalizedAxis(c));
        return shape;
    }
    if (!isReducer(c.op))
        return c.shape;
    const std::vector<bool> reduced = reducedDims(c);
    std::vector<std::int64_t> shape;
    for (std::size_t d = 0; d < c.shape.size(); ++d) {
        if (!reduced[d])
            shape.push_back(c.shape[d]);
        else if (c.keepDims)
            shape.push_back(1);
    }
    return shape;
}

ir::Tensor tensor(std::string name, DType dtype, ir::Shape shape, Quant q)
{
    ir::Tensor t;
    t.name = std::move(name);
    t.dtype = dtype;
    t.shape = std::move(shape);
    if (isQuantized(dtype))
        t.quant = {{q.scale}, {q.zeroPoint}, 0, {}, {}};
    return t;
}

ir::Model buildModel(const Case& c, std::optional<ir::Shape> declaredOutput = std::nullopt)
{
    ir::Model model = ir::makeModel("main");
    ir::Graph& g = model.main();
    const ir::TensorId in = g.addTensor(tensor("input", c.dtype, ir::Shape::fromExtents(c.shape), c.input));
    ir::Node node{c.op, "op", {in}, {}, {}, 0, {}};
    if (c.op != OpKind::L2Normalization) {
        ir::Tensor axis = tensor("axis", c.axisInt64 ? DType::Int64 : DType::Int32, {static_cast<std::int64_t>(c.axes.size())}, {});
        if (c.axisInt64) {
            const std::vector<std::int64_t> wide(c.axes.begin(), c.axes.end());
            axis.data = ir::ConstData::fromValues(std::span<const std::int64_t>(wide));
        } else {
            axis.data = ir::ConstData::fromValues(std::span<const std::int32_t>(c.axes));
        }
        node.inputs.push_back(g.addTensor(std::move(axis)));
    }
    const ir::TensorId out =
        g.addTensor(tensor("output", c.outputDtype, declaredOutput ? *declaredOutput : ir::Shape::fromExtents(outputShape(c)), c.output));
    node.outputs = {out};
    if (isReducer(c.op))
        node.attributes.set("keep_dims", c.keepDims);
    if (isArg(c.op))
        node.attributes.set("output_type", std::string(c.outputDtype == DType::Int64 ? "INT64" : "INT32"));
    if (c.op == OpKind::CumSum) {
        node.attributes.set("exclusive", c.exclusive);
        node.attributes.set("reverse", c.reverse);
    }
    if (c.op == OpKind::L2Normalization)
        node.attributes.set("fused_activation_function", std::string("NONE"));
    g.addNode(std::move(node));
    g.inputs = {in};
    g.outputs = {out};
    return model;
}

/// Floats uniform in [-1, 1]; 8- and 16-bit integers over their whole range; int32/int64 in
/// [-50, 50] so that sums, products and cumulative sums stay far from overflow.
NpyArray makeInput(const Case& c)
{
    if (c.dtype != DType::Int32 && c.dtype != DType::Int64)
        return test::randomNpyArray(c.dtype, c.shape, c.seed);
    std::mt19937 generator(c.seed);
    std::uniform_int_distribution<int> small(-50, 50);
    NpyArray array{c.dtype, c.shape, {}};
    for (std::int64_t i = 0; i < kt::elementCount(c.shape); ++i) {
        const std::int64_t v = small(generator);
        const std::size_t size = ir::dtypeSize(c.dtype);
        array.data.resize(array.data.size() + size);
        std::memcpy(array.data.data() + array.data.size() - size, &v, size); // little-endian low bytes
    }
    return array;
}

Result<NpyArray> runOurs(const ir::Model& model, const NpyArray& input, int threads = 1)
{
    return kt::runOursFirst(model, { input }, interp::registerReduceKernels, threads);
}

template <class T>
std::span<const T> viewOf(const NpyArray& array)
{
    return {reinterpret_cast<const T*>(array.data.data()), array.data.size() / sizeof(T)};
}

NpyArray emptyOutput(const Case& c)
{
    const std::vector<std::int64_t> shape = outputShape(c);
    return NpyArray{c.outputDtype, shape, std::vector<std::byte>(static_cast<std::size_t>(kt::elementCount(shape)) * ir::dtypeSize(c.outputDtype))};
}

template <class T>
void referenceReduce(const Case& c, const NpyArray& input, NpyArray& output)
{
    const std::vector<int> axes = *reference::resolveAxes(static_cast<int>(c.shape.size()), c.axes);
    const std::int64_t count = reference::reducedCount(c.shape, axes);
    const std::span<const T> in = viewOf<T>(input);
    const std::span<T> out(reinterpret_cast<T*>(output.data.data()), output.data.size() / sizeof(T));
    auto fold = [&]<class Acc>(Acc init, auto combine) {
        std::vector<Acc> acc(out.size(), init);
        reference::reduceInto(c.shape, axes, in, std::span<Acc>(acc), combine);
        return acc;
    };
    if constexpr (std::is_floating_point_v<T>) {
        std::vector<float> acc;
        switch (c.op) {
        case OpKind::Mean:
        case OpKind::Sum: acc = fold(-0.0f, [](float a, float b) { return a + b; }); break;
        case OpKind::ReduceMax: acc = fold(-INFINITY, [](float a, float b) { return a > b ? a : b; }); break;
        case OpKind::ReduceMin: acc = fold(INFINITY, [](float a, float b) { return a < b ? a : b; }); break;
        default: acc = fold(1.0f, [](float a, float b) { return a * b; }); break;
        }
        for (std::size_t o = 0; o < out.size(); ++o)
            out[o] = c.op == OpKind::Mean ? acc[o] / static_cast<float>(count) : acc[o];
    } else if constexpr (sizeof(T) >= 4) {
        if (c.op == OpKind::Mean) {
            const std::vector<std::int64_t> sums = fold(std::int64_t{0}, [](std::int64_t a, T b) { return a + b; });
            for (std::size_t o = 0; o < out.size(); ++o)
                out[o] = static_cast<T>(sums[o] / count);
            return;
        }
        std::vector<T> acc;
        switch (c.op) {
        case OpKind::Sum: acc = fold(T(0), [](T a, T b) { return reference::wrappingAdd(a, b); }); break;
        case OpKind::ReduceMax: acc = fold(std::numeric_limits<T>::lowest(), [](T a, T b) { return std::max(a, b); }); break;
        case OpKind::ReduceMin: acc = fold(std::numeric_limits<T>::max(), [](T a, T b) { return std::min(a, b); }); break;
        default: acc = fold(T(1), [](T a, T b) { return reference::wrappingMul(a, b); }); break;
        }
        std::copy(acc.begin(), acc.end(), out.begin());
    } else {
        const auto inZero = static_cast<std::int32_t>(c.input.zeroPoint);
        const auto outZero = static_cast<std::int32_t>(c.output.zeroPoint);
        if (c.op == OpKind::ReduceMax || c.op == OpKind::ReduceMin || (c.op == OpKind::Sum && c.dtype == DType::Int16)) {
            std::vector<T> acc;
            if (c.op == OpKind::ReduceMax)
                acc = fold(std::numeric_limits<T>::lowest(), [](T a, T b) { return std::max(a, b); });
            else if (c.op == OpKind::ReduceMin)
                acc = fold(std::numeric_limits<T>::max(), [](T a, T b) { return std::min(a, b); });
            else
                acc = fold(T(0), [](T a, T b) { return reference::wrappingAdd(a, b); });
            std::copy(acc.begin(), acc.end(), out.begin());
        } else if (c.op == OpKind::ReduceProd) {
            if (count == 1) {
                std::copy(in.begin(), in.end(), out.begin());
                return;
            }
            const QuantizedMultiplier m = reference::prodMultiplier(c.input.scale, c.output.scale, count);
            const std::vector<reference::ProdAccumulator> products =
                fold(reference::ProdAccumulator{}, [&](reference::ProdAccumulator a, T b) { return reference::prodStep(a, b - inZero, m); });
            for (std::size_t o = 0; o < out.size(); ++o)
                out[o] = reference::requantizeProd<T>(products[o].value, m, outZero);
        } else {
            const std::vector<std::int32_t> sums = fold(std::int32_t{0}, [](std::int32_t a, T b) { return a + b; });
            // LiteRT hands 8-bit means and sums to XNNPACK; int16 means stay with TFLite's kernel.
            const QuantizedMultiplier ratio = quantizeMultiplier(static_cast<double>(c.input.scale) / static_cast<double>(c.output.scale));
            const QuantizedMultiplier mean = reference::meanMultiplier(ratio, count);
            const reference::FloatRescale rescale =
                reference::floatRescale(c.input.scale, inZero, c.output.scale, outZero, count, c.op == OpKind::Mean);
            for (std::size_t o = 0; o < out.size(); ++o) {
                if (c.dtype != DType::Int16)
                    out[o] = reference::requantizeInFloat<T>(sums[o], rescale);
                else
                    out[o] = reference::requantizeMean<T>(sums[o], count, inZero, mean, outZero);
            }
        }
    }
}

/// The output as TFLite computes it, from the reference functions.
NpyArray referenceOutput(const Case& c, const NpyArray& input)
{
    NpyArray output = emptyOutput(c);
    auto run = [&]<class T>(T) {
        const std::span<const T> in = viewOf<T>(input);
        if (isArg(c.op)) {
            if (c.outputDtype == DType::Int64)
                reference::argMinMax(c.shape, normalizedAxis(c), in, c.op == OpKind::ArgMax,
                                     std::span<std::int64_t>(reinterpret_cast<std::int64_t*>(output.data.data()), output.data.size() / 8));
            else
                reference::argMinMax(c.shape, normalizedAxis(c), in, c.op == OpKind::ArgMax,
                                     std::span<std::int32_t>(reinterpret_cast<std::int32_t*>(output.data.data()), output.data.size() / 4));
            return;
        }
        const std::span<T> out(reinterpret_cast<T*>(output.data.data()), output.data.size() / sizeof(T));
        if constexpr (!std::is_same_v<T, std::int8_t> && !std::is_same_v<T, std::uint8_t> && !std::is_same_v<T, std::int16_t>) {
            if (c.op == OpKind::CumSum) {
                reference::cumSum(c.shape, normalizedAxis(c), c.exclusive, c.reverse, in, out);
                return;
            }
        }
        if (c.op == OpKind::L2Normalization) {
            const std::int64_t depth = c.shape.back();
            const std::int64_t rows = kt::elementCount(c.shape) / depth;
            if constexpr (std::is_same_v<T, float>)
                reference::l2Normalize(rows, depth, in, out);
            else if constexpr (std::is_same_v<T, std::int8_t>)
                reference::l2NormalizeInt8(rows, depth, static_cast<std::int32_t>(c.input.zeroPoint), in, out);
            else if constexpr (std::is_same_v<T, std::uint8_t>)
                reference::l2NormalizeUInt8(rows, depth, static_cast<std::int32_t>(c.input.zeroPoint), in, out);
            return;
        }
        if (isReducer(c.op))
            referenceReduce<T>(c, input, output);
    };
    switch (c.dtype) {
    case DType::Float32: run(float{}); break;
    case DType::Int8: run(std::int8_t{}); break;
    case DType::UInt8: run(std::uint8_t{}); break;
    case DType::Int16: run(std::int16_t{}); break;
    case DType::Int32: run(std::int32_t{}); break;
    default: run(std::int64_t{}); break;
    }
    return output;
}

/// One expected output value computed in double, with how far a correct kernel may be from it.
struct Ideal {
    double value = 0;
    double tolerance = 0;
};

/// Reductions, cumulative sums and norms of the real input values in double. Float tolerances are
/// the worst-case error of n float additions, n * 2^-24 * sum |x|; quantized results are rounded
/// to the output grid and may be one step off, since TFLite rescales with a rounded multiplier.
std::vector<Ideal> idealOutput(const Case& c, const NpyArray& input)
{
    const bool quantized = isQuantized(c.dtype);
    auto real = [&](std::size_t i) {
        const double raw = kt::valueAt(input, i);
        return quantized ? c.input.scale * (raw - static_cast<double>(c.input.zeroPoint)) : raw;
    };
    auto requantize = [&](double v) {
        if (!quantized)
            return v;
        const double low = c.dtype == DType::Int8 ? -128 : c.dtype == DType::UInt8 ? 0 : -32768;
        const double high = c.dtype == DType::Int8 ? 127 : c.dtype == DType::UInt8 ? 255 : 32767;
        return std::clamp(std::round(v / c.output.scale) + static_cast<double>(c.output.zeroPoint), low, high);
    };
    const double floatUlp = std::ldexp(1.0, -24);
    const std::vector<std::int64_t> outShape = outputShape(c);
    std::vector<Ideal> ideal;
    if (isReducer(c.op)) {
        const std::vector<bool> reduced = reducedDims(c);
        const auto outCount = static_cast<std::size_t>(kt::elementCount(outShape));
        std::vector<double> sum(outCount, 0), absSum(outCount, 0), prod(outCount, 1);
        std::vector<double> high(outCount, -INFINITY), low(outCount, INFINITY);
        std::vector<std::int64_t> counts(outCount, 0);
        for (std::int64_t i = 0; i < kt::elementCount(c.shape); ++i) {
            std::int64_t rest = i;
            std::int64_t out = 0;
            std::int64_t stride = 1;
            for (std::size_t d = c.shape.size(); d-- > 0;) {
                const std::int64_t index = rest % c.shape[d];
                rest /= c.shape[d];
                if (!reduced[d]) {
                    out += index * stride;
                    stride *= c.shape[d];
                }
            }
            const auto o = static_cast<std::size_t>(out);
            const double v = real(static_cast<std::size_t>(i));
            sum[o] += v;
            absSum[o] += std::abs(v);
            prod[o] *= v;
            high[o] = std::max(high[o], v);
            low[o] = std::min(low[o], v);
            ++counts[o];
        }
        for (std::size_t o = 0; o < outCount; ++o) {
            const auto n = static_cast<double>(counts[o]);
            double value = c.op == OpKind::Mean ? sum[o] / n : c.op == OpKind::Sum ? sum[o] : c.op == OpKind::ReduceMax ? high[o]
                : c.op == OpKind::ReduceMin ? low[o] : prod[o];
            if (c.dtype == DType::Int32 && c.op == OpKind::Mean)
                value = std::trunc(value); // integer division
            double tolerance = 0;
            if (c.dtype == DType::Float32 && (c.op == OpKind::Mean || c.op == OpKind::Sum))
                tolerance = n * floatUlp * (c.op == OpKind::Mean ? absSum[o] / n : absSum[o]) + 1e-12;
            if (c.dtype == DType::Float32 && c.op == OpKind::ReduceProd)
                tolerance = n * floatUlp * std::abs(value) + 1e-30;
            if (quantized && (c.op == OpKind::Mean || c.op == OpKind::Sum))
                tolerance = 1;
            ideal.push_back({requantize(value), tolerance});
        }
        return ideal;
    }
    if (isArg(c.op) || c.op == OpKind::CumSum) {
        const reference::AxisSplit s = reference::splitAt(c.shape, normalizedAxis(c));
        std::vector<Ideal> result(static_cast<std::size_t>(kt::elementCount(c.op == OpKind::CumSum ? c.shape : outShape)));
        for (std::int64_t o = 0; o < s.outer; ++o) {
            for (std::int64_t i = 0; i < s.inner; ++i) {
                auto at = [&](std::int64_t a) { return static_cast<std::size_t>((o * s.axis + a) * s.inner + i); };
                if (isArg(c.op)) {
                    std::int64_t best = 0;
                    for (std::int64_t a = 1; a < s.axis; ++a) {
                        const bool better = c.op == OpKind::ArgMax ? real(at(a)) > real(at(best)) : real(at(a)) < real(at(best));
                        best = better ? a : best;
                    }
                    result[static_cast<std::size_t>(o * s.inner + i)] = {static_cast<double>(best), 0};
                    continue;
                }
                double running = 0;
                double absRunning = 0;
                for (std::int64_t step = 0; step < s.axis; ++step) {
                    const std::int64_t a = c.reverse ? s.axis - 1 - step : step;
                    const double before = running;
                    running += real(at(a));
                    absRunning += std::abs(real(at(a)));
                    const double tolerance = c.dtype == DType::Float32 ? static_cast<double>(step + 1) * floatUlp * absRunning : 0;
                    result[at(a)] = {c.exclusive ? before : running, tolerance};
                }
            }
        }
        return result;
    }
    const std::int64_t depth = c.shape.back();
    for (std::int64_t r = 0; r < kt::elementCount(c.shape) / depth; ++r) {
        double squares = 0;
        for (std::int64_t d = 0; d < depth; ++d)
            squares += real(static_cast<std::size_t>(r * depth + d)) * real(static_cast<std::size_t>(r * depth + d));
        const double norm = std::max(std::sqrt(squares), static_cast<double>(reference::kL2NormEpsilon));
        for (std::int64_t d = 0; d < depth; ++d) {
            // Float: a float sum of squares, a sqrt and a division, each a few ulps.
            ideal.push_back({requantize(real(static_cast<std::size_t>(r * depth + d)) / norm), quantized ? 1.0 : 4 * depth * floatUlp});
        }
    }
    return ideal;
}

std::size_t countMismatches(const NpyArray& ours, const NpyArray& theirs, QString* first)
{
    std::size_t mismatches = 0;
    for (std::size_t i = 0; i < static_cast<std::size_t>(ours.elementCount()); ++i) {
        const double a = kt::valueAt(ours, i);
        const double b = kt::valueAt(theirs, i);
        const bool same = a == b || (std::isnan(a) && std::isnan(b));
        if (!same && mismatches++ == 0 && first)
            *first = QStringLiteral("element %1: ours %2, theirs %3").arg(i).arg(a).arg(b);
    }
    return mismatches;
}

const Quant kInt8{0.05f, -3};
const Quant kInt8Out{0.02f, 5};
const Quant kUInt8{0.04f, 131};
const Quant kUInt8Out{0.01f, 120};
const Quant kInt16{1.0f / 4096, 0};
const Quant kInt16Out{1.0f / 16384, 0};

} // namespace

class TestReduce : public QObject {
    Q_OBJECT

private slots:
    void matchesReference_data();
    void matchesReference();
    void matchesLiteRt_data();
    void matchesLiteRt();
    void invSqrtMatchesFloat();
    void threadedMatchesSingleThreaded();
    void rejectsWhatTfliteRejects_data();
    void rejectsWhatTfliteRejects();
};

void TestReduce::matchesReference_data()
{
    QTest::addColumn<Case>("c");
    std::uint32_t seed = 10;
    auto add = [&](const char* name, Case c) {
        c.seed = seed++;
        QTest::newRow(name) << c;
    };
    const DType f32 = DType::Float32;
    for (OpKind op : {OpKind::Mean, OpKind::Sum, OpKind::ReduceMax, OpKind::ReduceMin, OpKind::ReduceProd}) {
        auto name = [&](const char* what) { return std::string(ir::opKindName(op)) + " " + what; };
        add(name("f32 hw keep").c_str(), reducer(op, f32, {2, 7, 5, 9}, {1, 2}, true));
        add(name("f32 last axis").c_str(), reducer(op, f32, {3, 4, 37}, {-1}, false));
        add(name("f32 first axis").c_str(), reducer(op, f32, {9, 4, 5}, {0}, true));
        add(name("f32 split axes").c_str(), reducer(op, f32, {3, 4, 5, 6}, {0, 2}, false));
        add(name("f32 all axes duplicated").c_str(), reducer(op, f32, {3, 1, 5}, {2, 0, -1, 1}, false));
        add(name("f32 unit axis").c_str(), reducer(op, f32, {3, 1, 5}, {1}, false));
        add(name("i32 middle axis").c_str(), reducer(op, DType::Int32, {3, 4, 5}, {1}, false));
    }
    const auto mean = OpKind::Mean;
    add("Mean i8 hw keep rescaled", reducer(mean, DType::Int8, {2, 7, 7, 40}, {1, 2}, true, kInt8, kInt8Out));
    add("Mean i8 hw keep same quantization", reducer(mean, DType::Int8, {1, 5, 6, 17}, {2, 1}, true, kInt8, kInt8));
    add("Mean i8 hw no keep", reducer(mean, DType::Int8, {1, 6, 6, 16}, {1, 2}, false, kInt8, kInt8Out));
    add("Mean i8 hw negative axes", reducer(mean, DType::Int8, {1, 6, 5, 8}, {-3, -2}, true, kInt8, kInt8Out));
    add("Mean i8 last axis", reducer(mean, DType::Int8, {4, 5, 33}, {-1}, false, kInt8, kInt8Out));
    add("Mean i8 split axes", reducer(mean, DType::Int8, {3, 4, 5, 6}, {0, 2}, true, {0.003f, 100}, {0.5f, -60}));
    add("Mean i8 large count", reducer(mean, DType::Int8, {1, 300, 220}, {1, 2}, false, kInt8, kInt8Out));
    add("Mean u8 hw keep", reducer(mean, DType::UInt8, {1, 7, 7, 16}, {1, 2}, true, kUInt8, kUInt8Out));
    add("Mean u8 first axis", reducer(mean, DType::UInt8, {5, 6, 7}, {0}, false, kUInt8, kUInt8Out));
    add("Mean i16 hw keep", reducer(mean, DType::Int16, {1, 5, 5, 8}, {1, 2}, true, kInt16, kInt16Out));
    add("Mean i16 middle axis", reducer(mean, DType::Int16, {3, 9, 4}, {1}, false, kInt16, kInt16));
    add("Sum i8 middle axis", reducer(OpKind::Sum, DType::Int8, {2, 6, 7}, {1}, false, kInt8, {0.4f, 2}));
    add("Sum i8 same quantization", reducer(OpKind::Sum, DType::Int8, {2, 3, 4}, {0, 2}, true, kInt8, kInt8));
    add("Sum u8 last axis", reducer(OpKind::Sum, DType::UInt8, {4, 9}, {-1}, false, kUInt8, {0.5f, 10}));
    add("Sum i16 same quantization", reducer(OpKind::Sum, DType::Int16, {4, 9}, {1}, false, kInt16, kInt16));
    add("ReduceMax i8", reducer(OpKind::ReduceMax, DType::Int8, {2, 5, 7}, {1, 2}, false, kInt8, kInt8));
    add("ReduceMin i8 keep", reducer(OpKind::ReduceMin, DType::Int8, {2, 5, 7}, {-1}, true, kInt8, kInt8));
    add("ReduceMax u8", reducer(OpKind::ReduceMax, DType::UInt8, {6, 5}, {0}, false, kUInt8, kUInt8));
    add("ReduceMin i16", reducer(OpKind::ReduceMin, DType::Int16, {3, 4, 5}, {0, 2}, false, kInt16, kInt16));
    add("ReduceProd i8", reducer(OpKind::ReduceProd, DType::Int8, {2, 3, 4}, {2}, false, {0.01f, 2}, {0.0005f, -1}));
    add("ReduceProd i8 unit axis copies", reducer(OpKind::ReduceProd, DType::Int8, {2, 1, 4}, {1}, false, {0.01f, 2}, {0.0005f, -1}));
    add("ReduceProd i16", reducer(OpKind::ReduceProd, DType::Int16, {3, 2, 5}, {1}, true, {1.0f / 16384, 0}, {1.0f / 32768, 0}));

    for (OpKind op : {OpKind::ArgMax, OpKind::ArgMin}) {
        auto name = [&](const char* what) { return std::string(ir::opKindName(op)) + " " + what; };
        add(name("f32 middle").c_str(), arg(op, f32, {3, 7, 5}, 1, DType::Int32));
        add(name("f32 last int64").c_str(), arg(op, f32, {4, 33}, -1, DType::Int64, true));
        add(name("i8 first, ties").c_str(), arg(op, DType::Int8, {300, 6}, 0, DType::Int32));
        add(name("u8 last, ties").c_str(), arg(op, DType::UInt8, {5, 700}, 1, DType::Int64));
        add(name("i32 middle").c_str(), arg(op, DType::Int32, {2, 40, 3}, -2, DType::Int32));
    }
    add("CumSum f32 middle", cumSum(f32, {3, 5, 4}, 1, false, false));
    add("CumSum f32 last exclusive reverse", cumSum(f32, {3, 40}, -1, true, true));
    add("CumSum f32 first exclusive", cumSum(f32, {6, 300}, 0, true, false));
    add("CumSum f32 reverse", cumSum(f32, {2, 7, 3}, 1, false, true));
    add("CumSum i32 first", cumSum(DType::Int32, {7, 3}, 0, true, false));
    add("CumSum i64 last reverse", cumSum(DType::Int64, {2, 9}, -1, false, true));
    add("L2 f32", l2(f32, {3, 5, 16}));
    add("L2 f32 depth 1", l2(f32, {7, 1}));
    add("L2 i8", l2(DType::Int8, {2, 3, 32}, {0.05f, -5}));
    add("L2 i8 long rows", l2(DType::Int8, {3, 1000}, {0.01f, 0}));
    add("L2 u8", l2(DType::UInt8, {4, 20}, {0.02f, 120}));
}

void TestReduce::matchesReference()
{
    QFETCH(Case, c);
    const NpyArray input = makeInput(c);
    const Result<NpyArray> ours = runOurs(buildModel(c), input);
    QVERIFY2(ours, ours ? "" : ours.error().toString().c_str());
    QCOMPARE(ours->shape, outputShape(c));
    QVERIFY(ours->dtype == c.outputDtype);

    // The kernels fold in the reference's order, so even float results are bit-identical.
    QString first;
    const std::size_t mismatches = countMismatches(*ours, referenceOutput(c, input), &first);
    QVERIFY2(mismatches == 0, qPrintable(QStringLiteral("%1 mismatches with the reference, first %2").arg(mismatches).arg(first)));

    // A quantized product is rescaled after every factor and an int16 sum wraps around as TFLite's
    // does: both are checked against the reference and LiteRT only.
    if ((c.op == OpKind::ReduceProd && isQuantized(c.dtype)) || (c.op == OpKind::Sum && c.dtype == DType::Int16))
        return;
    const std::vector<Ideal> ideal = idealOutput(c, input);
    QCOMPARE(ideal.size(), static_cast<std::size_t>(ours->elementCount()));
    for (std::size_t i = 0; i < ideal.size(); ++i) {
        if (std::abs(kt::valueAt(*ours, i) - ideal[i].value) > ideal[i].tolerance)
            QFAIL(qPrintable(QStringLiteral("element %1: got %2, want %3 within %4").arg(i).arg(kt::valueAt(*ours, i)).arg(ideal[i].value).arg(ideal[i].tolerance)));
    }
}

void TestReduce::matchesLiteRt_data()
{
    QTest::addColumn<Case>("c");
    std::uint32_t seed = 900;
    auto add = [&](const char* name, Case c) {
        c.seed = seed++;
        QTest::newRow(name) << c;
    };
    const DType f32 = DType::Float32;
    const auto mean = OpKind::Mean;
    add("Mean f32 hw keep", reducer(mean, f32, {1, 7, 7, 32}, {1, 2}, true));
    add("Mean f32 split axes", reducer(mean, f32, {3, 4, 5, 6}, {0, 2}, false));
    add("Mean i8 hw keep rescaled", reducer(mean, DType::Int8, {1, 7, 7, 40}, {1, 2}, true, kInt8, kInt8Out));
    add("Mean i8 hw keep same quantization", reducer(mean, DType::Int8, {1, 5, 6, 17}, {2, 1}, true, kInt8, kInt8));
    add("Mean i8 classifier head", reducer(mean, DType::Int8, {1, 7, 7, 1280}, {1, 2}, true, {0.0235f, -128}, {0.0102f, -128}));
    add("Mean i8 tie-prone scales", reducer(mean, DType::Int8, {2000, 4}, {1}, false, {0.1f, 7}, {0.05f, -4}));
    add("Mean i8 hw no keep", reducer(mean, DType::Int8, {1, 6, 6, 16}, {1, 2}, false, kInt8, kInt8Out));
    add("Mean i8 hw negative axes", reducer(mean, DType::Int8, {1, 6, 5, 8}, {-3, -2}, true, kInt8, kInt8Out));
    add("Mean i8 last axis", reducer(mean, DType::Int8, {4, 5, 33}, {-1}, false, kInt8, kInt8Out));
    add("Mean i8 split axes", reducer(mean, DType::Int8, {3, 4, 5, 6}, {0, 2}, true, {0.003f, 100}, {0.5f, -60}));
    add("Mean u8 hw keep", reducer(mean, DType::UInt8, {1, 7, 7, 16}, {1, 2}, true, kUInt8, kUInt8Out));
    add("Mean u8 first axis", reducer(mean, DType::UInt8, {5, 6, 7}, {0}, false, kUInt8, kUInt8Out));
    add("Mean i16 hw keep", reducer(mean, DType::Int16, {1, 5, 5, 8}, {1, 2}, true, kInt16, kInt16Out));
    add("Mean i16 middle axis", reducer(mean, DType::Int16, {3, 9, 4}, {1}, false, kInt16, kInt16));
    add("Sum f32 middle axis", reducer(OpKind::Sum, f32, {3, 4, 5}, {1}, false));
    add("Sum i8 middle axis", reducer(OpKind::Sum, DType::Int8, {2, 6, 7}, {1}, false, kInt8, {0.4f, 2}));
    add("Sum i8 same quantization", reducer(OpKind::Sum, DType::Int8, {2, 3, 4}, {0, 2}, true, kInt8, kInt8));
    add("Sum u8 last axis", reducer(OpKind::Sum, DType::UInt8, {4, 9}, {-1}, false, kUInt8, {0.5f, 10}));
    add("ReduceMax i8", reducer(OpKind::ReduceMax, DType::Int8, {2, 5, 7}, {1, 2}, false, kInt8, kInt8));
    add("ReduceMax f32", reducer(OpKind::ReduceMax, f32, {6, 5}, {0}, false));
    add("ReduceMin i8 keep", reducer(OpKind::ReduceMin, DType::Int8, {2, 5, 7}, {-1}, true, kInt8, kInt8));
    add("ReduceProd f32", reducer(OpKind::ReduceProd, f32, {3, 4, 5}, {1}, false));
    add("ReduceProd i8", reducer(OpKind::ReduceProd, DType::Int8, {2, 3, 4}, {2}, false, {0.01f, 2}, {0.0005f, -1}));
    add("ReduceProd i16", reducer(OpKind::ReduceProd, DType::Int16, {3, 2, 5}, {1}, true, {1.0f / 16384, 0}, {1.0f / 32768, 0}));
    add("ArgMax f32 middle", arg(OpKind::ArgMax, f32, {3, 7, 5}, 1, DType::Int32));
    add("ArgMax i8 last int64", arg(OpKind::ArgMax, DType::Int8, {4, 300}, -1, DType::Int64, true));
    add("ArgMax u8 first", arg(OpKind::ArgMax, DType::UInt8, {300, 6}, 0, DType::Int32));
    add("ArgMin f32 first", arg(OpKind::ArgMin, f32, {6, 5}, 0, DType::Int64));
    add("ArgMin i8 middle", arg(OpKind::ArgMin, DType::Int8, {2, 300, 3}, 1, DType::Int32));
    add("CumSum f32 middle", cumSum(f32, {3, 5, 4}, 1, false, false));
    add("CumSum f32 last exclusive reverse", cumSum(f32, {3, 40}, -1, true, true));
    add("CumSum i32 first exclusive", cumSum(DType::Int32, {7, 3}, 0, true, false));
    add("L2 f32", l2(f32, {3, 5, 16}));
    add("L2 i8", l2(DType::Int8, {2, 3, 32}, {0.05f, -5}));
    add("L2 u8", l2(DType::UInt8, {4, 20}, {0.02f, 120}));
}

void TestReduce::matchesLiteRt()
{
    QFETCH(Case, c);
    const ir::Model model = buildModel(c);
    const NpyArray input = makeInput(c);
    const Result<NpyArray> ours = runOurs(model, input);
    QVERIFY2(ours, ours ? "" : ours.error().toString().c_str());
    const Result<NpyArray> theirs = kt::runLiteRtFirst(model, { input });
    QVERIFY2(theirs, theirs ? "" : theirs.error().toString().c_str());
    QCOMPARE(theirs->shape, ours->shape);
    QVERIFY(theirs->dtype == ours->dtype);
    if (c.outputDtype != DType::Float32) {
        QString first;
        const std::size_t mismatches = countMismatches(*ours, *theirs, &first);
        QVERIFY2(mismatches == 0, qPrintable(QStringLiteral("%1 of %2 differ, first %3").arg(mismatches).arg(ours->elementCount()).arg(first)));
        return;
    }
    const kt::FloatError error = kt::floatError(*ours, *theirs);
    // LiteRT (Eigen, XNNPACK) may sum in another order, pairwise or vectorised: float rounding only.
    QVERIFY2(error.maxAbs <= 1e-5 * error.maxMagnitude + 1e-6, qPrintable(QStringLiteral("max error %1 of %2").arg(error.maxAbs).arg(error.maxMagnitude)));
}

void TestReduce::invSqrtMatchesFloat()
{
    for (std::int32_t squares : {2, 3, 4, 17, 1000, 65025, 1 << 20, (1 << 29) + 12345, std::numeric_limits<std::int32_t>::max()}) {
        const QuantizedMultiplier m = reference::invSqrtMultiplier(squares);
        const double value = m.multiplier * std::ldexp(1.0, m.shift - 31);
        // Five Newton steps from 1 leave about 1e-5 relative error at the bottom of the normalised
        // range (1/sqrt(2)); this checks the port, LiteRT checks the bits.
        QVERIFY2(std::abs(value * std::sqrt(static_cast<double>(squares)) - 1.0) < 3e-5,
                 qPrintable(QStringLiteral("1/sqrt(%1): %2").arg(squares).arg(value)));
    }
}

void TestReduce::threadedMatchesSingleThreaded()
{
    const std::vector<Case> cases{
        reducer(OpKind::Mean, DType::Float32, {2, 31, 29, 300}, {1, 2}, true),
        reducer(OpKind::Mean, DType::Int8, {2, 31, 29, 300}, {1, 2}, true, kInt8, kInt8Out),
        reducer(OpKind::Sum, DType::Int8, {600, 500}, {1}, false, kInt8, {0.5f, 0}),
        reducer(OpKind::ReduceMax, DType::Float32, {3, 50, 7, 90}, {0, 2}, false),
        arg(OpKind::ArgMax, DType::Float32, {90, 70, 40}, 1, DType::Int32),
        cumSum(DType::Float32, {40, 300, 30}, 1, true, true),
        l2(DType::Int8, {3000, 64}, {0.05f, -5}),
    };
    for (const Case& c : cases) {
        const NpyArray input = makeInput(c);
        const Result<NpyArray> single = runOurs(buildModel(c), input, 1);
        const Result<NpyArray> threaded = runOurs(buildModel(c), input, 2);
        QVERIFY(single && threaded);
        QVERIFY(single->data == threaded->data);
        QCOMPARE(countMismatches(*single, referenceOutput(c, input), nullptr), std::size_t{0});
    }
}

void TestReduce::rejectsWhatTfliteRejects_data()
{
    QTest::addColumn<Case>("c");
    QTest::addColumn<QString>("reason");
    QTest::newRow("axis out of range") << reducer(OpKind::Sum, DType::Float32, {3, 4}, {2}, false) << QStringLiteral("out of range");
    QTest::newRow("max with requantization") << reducer(OpKind::ReduceMax, DType::Int8, {3, 4}, {1}, false, kInt8, kInt8Out)
                                             << QStringLiteral("same quantization");
    QTest::newRow("int16 mean with zero point") << reducer(OpKind::Mean, DType::Int16, {3, 4}, {1}, false, {0.01f, 3}, {0.01f, 0})
                                                << QStringLiteral("zero points");
    QTest::newRow("quantized uint8 prod") << reducer(OpKind::ReduceProd, DType::UInt8, {3, 4}, {1}, false, kUInt8, kUInt8)
                                          << QStringLiteral("uint8");
    QTest::newRow("argmax two axes") << reducer(OpKind::ArgMax, DType::Float32, {3, 4}, {0, 1}, false) << QStringLiteral("exactly one");
    QTest::newRow("argmax float output") << arg(OpKind::ArgMax, DType::Float32, {3, 4}, 1, DType::Float32) << QStringLiteral("output_type");
    QTest::newRow("l2 wrong output scale") << reducer(OpKind::L2Normalization, DType::Int8, {3, 4}, {}, false, kInt8, kInt8)
                                           << QStringLiteral("1/128");
    QTest::newRow("cumsum int8") << cumSum(DType::Int8, {3, 4}, 0, false, false) << QStringLiteral("supports");
}

void TestReduce::rejectsWhatTfliteRejects()
{
    QFETCH(Case, c);
    QFETCH(QString, reason);
    const ir::Model model = buildModel(c, ir::Shape::unranked());
    const Result<void> prepared = kt::prepareOurs(model, interp::registerReduceKernels);
    QVERIFY(!prepared);
    QVERIFY2(QString::fromStdString(prepared.error().message).contains(reason), prepared.error().message.c_str());
}

QTEST_GUILESS_MAIN(TestReduce)
#include "tst_reduce.moc"
