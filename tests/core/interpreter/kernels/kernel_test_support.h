// SPDX-License-Identifier: GPL-3.0-or-later
// Shared harness of the per-kernel interpreter tests (tests/core/interpreter/kernels/tst_*.cpp):
// one-node IR models built from tensor specs, running them in our interpreter (with only the
// family's kernels registered) and in LiteRT, typed access to .npy arrays, seeded random values and
// element-wise comparison.
#pragma once

#include "core/base/npy.h"
#include "core/interpreter/interpreter.h"
#include "core/interpreter/kernel_registry.h"
#include "core/tflite/tflite_writer.h"
#include "tests/support/runtime_runner.h"

#include <QString>
#include <QTemporaryDir>

#include <cmath>
#include <cstring>
#include <functional>
#include <numeric>
#include <random>
#include <span>
#include <string>
#include <vector>

namespace lf::test::kt {

using ir::DType;
using RegisterKernels = void (*)(interp::KernelRegistry&);

/// A tensor of the one-node model: a graph input unless it has constant data; an empty name stands
/// for an omitted optional input.
struct TensorSpec
{
    std::string name;
    DType dtype = DType::Float32;
    std::vector<std::int64_t> shape;
    ir::QuantParams quant;
    std::vector<std::byte> data;
    bool constant = false;
};

inline ir::QuantParams perTensor(float scale, std::int64_t zeroPoint)
{
    return { { scale }, { zeroPoint }, 0, {}, {} };
}

/// An IR tensor without data.
inline ir::Tensor makeTensor(
    std::string name, DType dtype, std::vector<std::int64_t> shape, ir::QuantParams quant = {})
{
    ir::Tensor t;
    t.name = std::move(name);
    t.dtype = dtype;
    t.shape = ir::Shape::fromExtents(shape);
    t.quant = std::move(quant);
    return t;
}

template <class T> ir::ConstData constData(const std::vector<T>& values)
{
    return ir::ConstData::fromValues(std::span<const T>(values));
}

inline TensorSpec tensor(
    std::string name, DType dtype, std::vector<std::int64_t> shape, ir::QuantParams quant = {})
{
    return { std::move(name), dtype, std::move(shape), std::move(quant), {}, false };
}

template <class T>
TensorSpec constant(std::string name, DType dtype, std::vector<std::int64_t> shape,
    const std::vector<T>& values, ir::QuantParams quant = {})
{
    TensorSpec spec = tensor(std::move(name), dtype, std::move(shape), std::move(quant));
    spec.data.resize(values.size() * sizeof(T));
    if (!values.empty())
        std::memcpy(spec.data.data(), values.data(), spec.data.size());
    spec.constant = true;
    return spec;
}

inline TensorSpec int32Constant(
    std::string name, const std::vector<std::int32_t>& values, std::vector<std::int64_t> shape = {})
{
    if (shape.empty())
        shape = { static_cast<std::int64_t>(values.size()) };
    return constant(std::move(name), DType::Int32, std::move(shape), values);
}

inline std::int64_t elementCount(const std::vector<std::int64_t>& shape)
{
    return std::accumulate(shape.begin(), shape.end(), std::int64_t { 1 }, std::multiplies<>());
}

/// op(inputs) -> outputs with the given options; non-constant inputs become graph inputs in order.
inline ir::Model oneNodeModel(ir::OpKind op, const std::vector<TensorSpec>& inputs,
    const std::vector<TensorSpec>& outputs, ir::Attributes attributes = {}, int version = 0)
{
    ir::Model model = ir::makeModel("main");
    ir::Graph& g = model.main();
    ir::Node node { op, "op", {}, {}, std::move(attributes), version, {} };
    auto add = [&](const TensorSpec& spec) {
        ir::Tensor t;
        t.name = spec.name;
        t.dtype = spec.dtype;
        t.shape = ir::Shape::fromExtents(spec.shape);
        t.quant = spec.quant;
        if (spec.constant)
            t.data = ir::ConstData::fromVector(spec.data);
        return g.addTensor(std::move(t));
    };
    for (const TensorSpec& spec : inputs) {
        if (spec.name.empty()) {
            node.inputs.push_back(ir::kNoTensor);
            continue;
        }
        const ir::TensorId id = add(spec);
        node.inputs.push_back(id);
        if (!spec.constant)
            g.inputs.push_back(id);
    }
    for (const TensorSpec& spec : outputs) {
        const ir::TensorId id = add(spec);
        node.outputs.push_back(id);
        g.outputs.push_back(id);
    }
    g.addNode(std::move(node));
    return model;
}

/// Prepares the model in our interpreter with only `registerKernels`' kernels and drops it: the
/// error preparation gives, if any.
inline Result<void> prepareOurs(const ir::Model& model, RegisterKernels registerKernels)
{
    interp::KernelRegistry registry;
    registerKernels(registry);
    interp::InterpreterOptions options;
    options.registry = &registry;
    auto interpreter
        = interp::Interpreter::create(std::make_shared<const ir::Model>(model), options);
    if (!interpreter)
        return std::unexpected(interpreter.error());
    return {};
}

/// Runs the model in our interpreter with only `registerKernels`' kernels (threads <= 0: one per
/// core).
inline Result<std::vector<NpyArray>> runOurs(const ir::Model& model,
    const std::vector<NpyArray>& inputs, RegisterKernels registerKernels, int threads = 2,
    interp::QuantizedArithmetic arithmetic = interp::QuantizedArithmetic::Builtin)
{
    interp::KernelRegistry registry;
    registerKernels(registry);
    interp::InterpreterOptions options;
    options.registry = &registry;
    options.threads = threads;
    options.arithmetic = arithmetic;
    auto interpreter
        = interp::Interpreter::create(std::make_shared<const ir::Model>(model), options);
    if (!interpreter)
        return std::unexpected(interpreter.error());
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        if (auto set
            = (*interpreter)->setInput(i, inputs[i].dtype, inputs[i].shape, inputs[i].data);
            !set)
            return std::unexpected(set.error());
    }
    if (auto invoked = (*interpreter)->invoke(); !invoked)
        return std::unexpected(invoked.error());
    std::vector<NpyArray> outputs;
    for (std::size_t i = 0; i < (*interpreter)->outputCount(); ++i) {
        const interp::TensorView& out = (*interpreter)->output(i);
        outputs.push_back(
            NpyArray { out.dtype, out.shape, { out.data, out.data + out.byteSize() } });
    }
    return outputs;
}

/// The first output of a run, or its error.
inline Result<NpyArray> firstOutput(Result<std::vector<NpyArray>> outputs)
{
    if (!outputs)
        return std::unexpected(outputs.error());
    if (outputs->empty())
        return fail(ErrorCode::Internal, "the model has no output");
    return std::move(outputs->front());
}

/// runOurs() for a one-output model.
inline Result<NpyArray> runOursFirst(const ir::Model& model, const std::vector<NpyArray>& inputs,
    RegisterKernels registerKernels, int threads,
    interp::QuantizedArithmetic arithmetic = interp::QuantizedArithmetic::Builtin)
{
    return firstOutput(runOurs(model, inputs, registerKernels, threads, arithmetic));
}

/// Writes the model as .tflite in a temporary folder and runs it in LiteRT; a failed write is
/// reported like a failed run.
inline RuntimeRun runInLiteRt(const ir::Model& model, const std::vector<NpyArray>& inputs)
{
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("model.tflite"));
    if (auto written = tflite::writeTfliteFile(model, path.toStdString()); !written)
        return { false, QString::fromStdString(written.error().toString()), {}, {}, 0 };
    return runInRealRuntime(path, inputs);
}

/// The model's outputs from LiteRT.
inline Result<std::vector<NpyArray>> runLiteRt(
    const ir::Model& model, const std::vector<NpyArray>& inputs)
{
    RuntimeRun run = runInLiteRt(model, inputs);
    if (!run.ok)
        return fail(ErrorCode::Internal, run.error.toStdString());
    return std::move(run.outputs);
}

/// runLiteRt() for a one-output model.
inline Result<NpyArray> runLiteRtFirst(
    const ir::Model& model, const std::vector<NpyArray>& inputs)
{
    return firstOutput(runLiteRt(model, inputs));
}

/// Typed pointers into an array's bytes.
template <class T> T* values(NpyArray& array)
{
    return reinterpret_cast<T*>(array.data.data());
}

template <class T> const T* values(const NpyArray& array)
{
    return reinterpret_cast<const T*>(array.data.data());
}

template <class T> std::vector<T> valuesOf(const NpyArray& array)
{
    std::vector<T> values(array.data.size() / sizeof(T));
    if (!values.empty())
        std::memcpy(values.data(), array.data.data(), array.data.size());
    return values;
}

template <class T>
NpyArray arrayOf(DType dtype, std::vector<std::int64_t> shape, const std::vector<T>& values)
{
    NpyArray array { dtype, std::move(shape), std::vector<std::byte>(values.size() * sizeof(T)) };
    if (!values.empty())
        std::memcpy(array.data.data(), values.data(), array.data.size());
    return array;
}

/// Uniform random values: floats in [low, high] as float, integers over [low, high].
template <class T>
std::vector<T> randomValues(std::mt19937& generator, std::int64_t count, double low, double high)
{
    std::vector<T> values(static_cast<std::size_t>(count));
    if constexpr (std::is_floating_point_v<T>) {
        std::uniform_real_distribution<float> uniform(
            static_cast<float>(low), static_cast<float>(high));
        for (T& v : values)
            v = uniform(generator);
    } else {
        std::uniform_int_distribution<std::int64_t> uniform(
            static_cast<std::int64_t>(low), static_cast<std::int64_t>(high));
        for (T& v : values)
            v = static_cast<T>(uniform(generator));
    }
    return values;
}

/// Seeded random data: floats uniform in [-1, 1], integers over the type's whole range, bools 0/1.
inline NpyArray randomArray(DType dtype, const std::vector<std::int64_t>& shape, std::uint32_t seed)
{
    return randomNpyArray(dtype, shape, seed);
}

/// Index of the first differing element (by raw bytes of `elementSize`), or -1 if equal.
inline std::int64_t firstMismatch(const NpyArray& actual, const NpyArray& expected)
{
    const std::size_t size = ir::dtypeSize(expected.dtype);
    if (actual.data.size() != expected.data.size())
        return 0;
    for (std::size_t i = 0; i * size < expected.data.size(); ++i) {
        if (std::memcmp(actual.data.data() + i * size, expected.data.data() + i * size, size) != 0)
            return static_cast<std::int64_t>(i);
    }
    return -1;
}

/// Number of elements whose raw bytes differ.
inline std::int64_t mismatchCount(const NpyArray& actual, const NpyArray& expected)
{
    const std::size_t size = ir::dtypeSize(expected.dtype);
    if (actual.data.size() != expected.data.size())
        return std::max<std::int64_t>(1, static_cast<std::int64_t>(expected.data.size() / size));
    std::int64_t count = 0;
    for (std::size_t i = 0; i * size < expected.data.size(); ++i)
        count += std::memcmp(actual.data.data() + i * size, expected.data.data() + i * size, size)
                != 0
            ? 1
            : 0;
    return count;
}

/// Element i as double (raw integer value for integer types, 0/1 for bool).
inline double valueAt(const NpyArray& array, std::size_t i)
{
    auto read = [&]<class T>(T) {
        T v;
        std::memcpy(&v, array.data.data() + i * sizeof(T), sizeof(T));
        return static_cast<double>(v);
    };
    switch (array.dtype) {
    case DType::Float32: return read(float {});
    case DType::Float64: return read(double {});
    case DType::Int8: return read(std::int8_t {});
    case DType::UInt8: return read(std::uint8_t {});
    case DType::Bool: return read(std::uint8_t {});
    case DType::Int16: return read(std::int16_t {});
    case DType::UInt16: return read(std::uint16_t {});
    case DType::Int32: return read(std::int32_t {});
    case DType::UInt32: return read(std::uint32_t {});
    case DType::Int64: return read(std::int64_t {});
    case DType::UInt64: return read(std::uint64_t {});
    default: return 0.0;
    }
}

/// max |actual - expected| over float32 arrays, and max |expected|.
struct FloatError
{
    double maxAbs = 0;
    double maxMagnitude = 0;
};

inline FloatError floatError(const NpyArray& actual, const NpyArray& expected)
{
    FloatError error;
    const std::vector<float> a = valuesOf<float>(actual);
    const std::vector<float> e = valuesOf<float>(expected);
    for (std::size_t i = 0; i < std::min(a.size(), e.size()); ++i) {
        error.maxAbs = std::max(error.maxAbs, std::abs(static_cast<double>(a[i]) - e[i]));
        error.maxMagnitude = std::max(error.maxMagnitude, std::abs(static_cast<double>(e[i])));
    }
    if (a.size() != e.size())
        error.maxAbs = INFINITY;
    return error;
}

/// Empty if `actual` matches `expected` with the same dtype and shape: float32 elements within
/// 1e-5 * max|expected| + 1e-6 (sums in another order, and FMA, differ by a few ulps of the largest
/// terms), 8- and 16-bit integers exactly. Otherwise how many differ and the worst difference.
inline QString compareTight(const NpyArray& actual, const NpyArray& expected)
{
    if (actual.dtype != expected.dtype || actual.shape != expected.shape
        || actual.data.size() != expected.data.size())
        return QStringLiteral("dtype, shape or size differ");
    auto mismatches = [&]<class T>(T, double tolerance) {
        const std::vector<T> a = valuesOf<T>(actual);
        const std::vector<T> e = valuesOf<T>(expected);
        std::size_t count = 0;
        std::size_t at = 0;
        double worst = 0;
        for (std::size_t i = 0; i < e.size(); ++i) {
            // In T's own arithmetic (float for float32), as the kernels' results are.
            const auto error = static_cast<double>(std::abs(a[i] - e[i]));
            if (error <= tolerance)
                continue;
            if (count++ == 0 || !(error <= worst)) {
                worst = error;
                at = i;
            }
        }
        if (count == 0)
            return QString();
        return QStringLiteral("%1 of %2 differ, worst at %3 (%4 vs %5), tolerance %6")
            .arg(count)
            .arg(e.size())
            .arg(at)
            .arg(static_cast<double>(a[at]))
            .arg(static_cast<double>(e[at]))
            .arg(tolerance);
    };
    switch (expected.dtype) {
    case DType::Float32: {
        float largest = 0.0f;
        for (float v : valuesOf<float>(expected))
            largest = std::max(largest, std::abs(v));
        return mismatches(float {}, 1e-5f * largest + 1e-6f);
    }
    case DType::Int8: return mismatches(std::int8_t {}, 0.0);
    case DType::UInt8: return mismatches(std::uint8_t {}, 0.0);
    case DType::Int16: return mismatches(std::int16_t {}, 0.0);
    default: return QStringLiteral("unexpected dtype");
    }
}

/// output[o] = input[from(index of o)] element by element, or `pad` (raw bytes of one element)
/// where from() returns -1: the straightforward definition every data-movement op is checked
/// against.
inline NpyArray indexMap(const NpyArray& input, const std::vector<std::int64_t>& outShape,
    const std::function<std::int64_t(const std::vector<std::int64_t>&)>& from,
    std::vector<std::byte> pad = {})
{
    const std::size_t size = ir::dtypeSize(input.dtype);
    pad.resize(size, std::byte { 0 });
    NpyArray out { input.dtype, outShape,
        std::vector<std::byte>(static_cast<std::size_t>(elementCount(outShape)) * size) };
    std::vector<std::int64_t> index(outShape.size(), 0);
    for (std::int64_t i = 0; i < elementCount(outShape); ++i) {
        const std::int64_t source = from(index);
        std::memcpy(out.data.data() + static_cast<std::size_t>(i) * size,
            source >= 0 ? input.data.data() + static_cast<std::size_t>(source) * size : pad.data(),
            size);
        for (std::size_t d = outShape.size(); d-- > 0;) {
            if (++index[d] < outShape[d])
                break;
            index[d] = 0;
        }
    }
    return out;
}

/// Row-major flat offset of `index` in `shape`.
inline std::int64_t flatIndex(
    const std::vector<std::int64_t>& shape, const std::vector<std::int64_t>& index)
{
    std::int64_t offset = 0;
    for (std::size_t d = 0; d < shape.size(); ++d)
        offset = offset * shape[d] + index[d];
    return offset;
}

inline QString shapeText(const std::vector<std::int64_t>& shape)
{
    QStringList parts;
    for (std::int64_t extent : shape)
        parts << QString::number(extent);
    return QLatin1Char('[') + parts.join(QLatin1Char(',')) + QLatin1Char(']');
}

} // namespace lf::test::kt
