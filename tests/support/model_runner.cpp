// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/model_runner.h"

#include "core/interpreter/interpreter.h"

#include <cmath>
#include <cstring>
#include <memory>

namespace lf::test {

namespace {

template <class T>
void appendAs(const NpyArray& array, std::vector<double>& out)
{
    const auto* values = reinterpret_cast<const T*>(array.data.data());
    for (std::int64_t i = 0; i < array.elementCount(); ++i)
        out.push_back(static_cast<double>(values[i]));
}

NpyArray castIntegers(const NpyArray& array, ir::DType target)
{
    const std::vector<double> values = toDoubles(array);
    NpyArray result{target, array.shape, std::vector<std::byte>(values.size() * ir::dtypeSize(target))};
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (target == ir::DType::Int32) {
            const auto value = static_cast<std::int32_t>(values[i]);
            std::memcpy(result.data.data() + i * 4, &value, 4);
        } else if (target == ir::DType::Int64) {
            const auto value = static_cast<std::int64_t>(values[i]);
            std::memcpy(result.data.data() + i * 8, &value, 8);
        } else {
            return array;
        }
    }
    return result;
}

} // namespace

std::vector<double> toDoubles(const NpyArray& array)
{
    std::vector<double> values;
    switch (array.dtype) {
    case ir::DType::Float32: appendAs<float>(array, values); break;
    case ir::DType::Float64: appendAs<double>(array, values); break;
    case ir::DType::Int8: appendAs<std::int8_t>(array, values); break;
    case ir::DType::UInt8:
    case ir::DType::Bool: appendAs<std::uint8_t>(array, values); break;
    case ir::DType::Int16: appendAs<std::int16_t>(array, values); break;
    case ir::DType::UInt16: appendAs<std::uint16_t>(array, values); break;
    case ir::DType::Int32: appendAs<std::int32_t>(array, values); break;
    case ir::DType::UInt32: appendAs<std::uint32_t>(array, values); break;
    case ir::DType::Int64: appendAs<std::int64_t>(array, values); break;
    case ir::DType::UInt64: appendAs<std::uint64_t>(array, values); break;
    default: break;
    }
    return values;
}

Result<std::vector<NpyArray>> runInterpreter(const ir::Model& model, const std::vector<NpyArray>& inputs, int threads,
                                             interp::QuantizedArithmetic arithmetic)
{
    auto created = interp::Interpreter::create(std::make_shared<const ir::Model>(model),
                                               interp::InterpreterOptions{.threads = threads, .arithmetic = arithmetic});
    if (!created)
        return std::unexpected(std::move(created.error()));
    interp::Interpreter& interpreter = **created;
    if (inputs.size() != interpreter.inputCount())
        return fail(ErrorCode::InvalidArgument,
                    "the model has " + std::to_string(interpreter.inputCount()) + " inputs, got " + std::to_string(inputs.size()));
    // Resizing re-plans the arena, so every input is resized before any data is set.
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        if (interpreter.input(i).shape == inputs[i].shape)
            continue;
        if (auto resized = interpreter.resizeInput(i, inputs[i].shape); !resized)
            return std::unexpected(std::move(resized.error()));
    }
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const ir::DType wanted = interpreter.input(i).dtype;
        const NpyArray input = inputs[i].dtype == wanted ? inputs[i] : castIntegers(inputs[i], wanted);
        if (auto set = interpreter.setInput(i, input.dtype, input.shape, input.data); !set)
            return std::unexpected(std::move(set.error()));
    }
    if (auto ran = interpreter.invoke(); !ran)
        return std::unexpected(std::move(ran.error()));
    std::vector<NpyArray> outputs;
    for (std::size_t i = 0; i < interpreter.outputCount(); ++i) {
        const interp::TensorView& view = interpreter.output(i);
        outputs.push_back(NpyArray{view.dtype, view.shape, std::vector<std::byte>(view.data, view.data + view.byteSize())});
    }
    return outputs;
}

NpyArray permuteArray(const NpyArray& array, const std::vector<int>& perm)
{
    const std::size_t rank = array.shape.size();
    const std::size_t elementSize = ir::dtypeSize(array.dtype);
    NpyArray result{array.dtype, std::vector<std::int64_t>(rank), std::vector<std::byte>(array.data.size())};
    std::vector<std::int64_t> inputStrides(rank, 1);
    for (std::size_t d = rank; d-- > 1;)
        inputStrides[d - 1] = inputStrides[d] * array.shape[d];
    for (std::size_t d = 0; d < rank; ++d)
        result.shape[d] = array.shape[static_cast<std::size_t>(perm[d])];
    std::vector<std::int64_t> index(rank, 0);
    for (std::int64_t out = 0; out < array.elementCount(); ++out) {
        std::int64_t in = 0;
        for (std::size_t d = 0; d < rank; ++d)
            in += index[d] * inputStrides[static_cast<std::size_t>(perm[d])];
        std::memcpy(result.data.data() + out * static_cast<std::int64_t>(elementSize),
                    array.data.data() + in * static_cast<std::int64_t>(elementSize), elementSize);
        for (std::size_t d = rank; d-- > 0;) {
            if (++index[d] < result.shape[d])
                break;
            index[d] = 0;
        }
    }
    return result;
}

ArrayComparison compareArrays(const NpyArray& actual, const NpyArray& expected, double rtol, double atol)
{
    ArrayComparison comparison;
    const std::vector<double> a = toDoubles(actual);
    const std::vector<double> e = toDoubles(expected);
    if (a.size() != e.size()) {
        comparison.message = QStringLiteral("element count %1 vs expected %2").arg(a.size()).arg(e.size());
        return comparison;
    }
    std::size_t worst = 0;
    double worstExcess = 0;
    bool ok = true;
    for (std::size_t i = 0; i < a.size(); ++i) {
        comparison.maxAbsReference = std::max(comparison.maxAbsReference, std::abs(e[i]));
        if (std::isnan(e[i]) || std::isnan(a[i])) {
            if (std::isnan(e[i]) != std::isnan(a[i]))
                ok = false, worst = i, worstExcess = INFINITY;
            continue;
        }
        if (std::isinf(e[i]) && a[i] == e[i])
            continue;
        const double error = std::abs(a[i] - e[i]);
        comparison.maxAbsError = std::max(comparison.maxAbsError, error);
        const double excess = error - (atol + rtol * std::abs(e[i]));
        if (excess > 0 && excess > worstExcess) {
            ok = false;
            worst = i;
            worstExcess = excess;
        }
    }
    comparison.ok = ok;
    if (!ok)
        comparison.message = QStringLiteral("element %1: %2 vs expected %3 (max abs error %4)")
                                 .arg(worst)
                                 .arg(a[worst], 0, 'g', 9)
                                 .arg(e[worst], 0, 'g', 9)
                                 .arg(comparison.maxAbsError, 0, 'g', 3);
    return comparison;
}

} // namespace lf::test
