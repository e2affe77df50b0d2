// SPDX-License-Identifier: GPL-3.0-or-later
// Sample arrays: shape adaptation with an explicit axis permutation, dtype conversion through
// double, and the search for the first non-finite element.
#include "core/quant/sample_arrays.h"

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <optional>

namespace lf::quant {

namespace {

bool fits(const std::vector<std::int64_t>& shape, const std::vector<std::int64_t>& inputShape)
{
    if (shape.size() != inputShape.size())
        return false;
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (inputShape[i] >= 0 && inputShape[i] != shape[i])
            return false;
    }
    return true;
}

/// [N,C,D1..Dk] → [N,D1..Dk,C] as "result dim i is input dim perm[i]".
std::vector<int> channelsLastPermutation(int rank)
{
    std::vector<int> perm(static_cast<std::size_t>(rank));
    perm[0] = 0;
    for (int i = 1; i + 1 < rank; ++i)
        perm[static_cast<std::size_t>(i)] = i + 1;
    perm.back() = 1;
    return perm;
}

NpyArray permute(const NpyArray& array, const std::vector<int>& perm)
{
    const std::size_t rank = array.shape.size();
    const std::size_t elementSize = ir::dtypeSize(array.dtype);
    std::vector<std::int64_t> strides(rank, 1);
    for (std::size_t i = rank - 1; i > 0; --i)
        strides[i - 1] = strides[i] * array.shape[i];
    NpyArray result;
    result.dtype = array.dtype;
    for (const int axis : perm)
        result.shape.push_back(array.shape[static_cast<std::size_t>(axis)]);
    result.data.resize(array.data.size());
    std::vector<std::int64_t> index(rank, 0); // position in the result
    const std::int64_t count = array.elementCount();
    for (std::int64_t out = 0; out < count; ++out) {
        std::int64_t in = 0;
        for (std::size_t i = 0; i < rank; ++i)
            in += index[i] * strides[static_cast<std::size_t>(perm[i])];
        std::memcpy(result.data.data() + static_cast<std::size_t>(out) * elementSize,
                    array.data.data() + static_cast<std::size_t>(in) * elementSize, elementSize);
        for (std::size_t i = rank; i-- > 0;) {
            if (++index[i] < result.shape[i])
                break;
            index[i] = 0;
        }
    }
    return result;
}

/// The array as it fits `inputShape` without a batch change, or nullopt.
std::optional<NpyArray> fitWithoutBatchChange(const NpyArray& array, const std::vector<std::int64_t>& inputShape)
{
    if (fits(array.shape, inputShape))
        return array;
    const int rank = static_cast<int>(array.shape.size());
    if (rank < 3)
        return std::nullopt;
    const std::vector<int> perm = channelsLastPermutation(rank);
    std::vector<std::int64_t> permuted;
    for (const int axis : perm)
        permuted.push_back(array.shape[static_cast<std::size_t>(axis)]);
    if (!fits(permuted, inputShape))
        return std::nullopt;
    return permute(array, perm);
}

float halfToFloat(std::uint16_t half)
{
    const std::uint32_t sign = static_cast<std::uint32_t>(half & 0x8000u) << 16;
    std::uint32_t exponent = (half >> 10) & 0x1fu;
    std::uint32_t mantissa = half & 0x3ffu;
    if (exponent == 0x1f)
        return std::bit_cast<float>(sign | 0x7f800000u | (mantissa << 13));
    if (exponent == 0) {
        const float value = std::ldexp(static_cast<float>(mantissa), -24);
        return sign ? -value : value;
    }
    return std::bit_cast<float>(sign | ((exponent + 112) << 23) | (mantissa << 13));
}

template <class T>
T load(const NpyArray& array, std::int64_t index)
{
    T value;
    std::memcpy(&value, array.data.data() + static_cast<std::size_t>(index) * sizeof(T), sizeof(T));
    return value;
}

std::optional<double> elementAsDouble(const NpyArray& array, std::int64_t i)
{
    using ir::DType;
    switch (array.dtype) {
    case DType::Float32: return load<float>(array, i);
    case DType::Float64: return load<double>(array, i);
    case DType::Float16: return halfToFloat(load<std::uint16_t>(array, i));
    case DType::Int8: return load<std::int8_t>(array, i);
    case DType::UInt8: return load<std::uint8_t>(array, i);
    case DType::Int16: return load<std::int16_t>(array, i);
    case DType::UInt16: return load<std::uint16_t>(array, i);
    case DType::Int32: return load<std::int32_t>(array, i);
    case DType::UInt32: return load<std::uint32_t>(array, i);
    case DType::Int64: return static_cast<double>(load<std::int64_t>(array, i));
    case DType::UInt64: return static_cast<double>(load<std::uint64_t>(array, i));
    default: return std::nullopt;
    }
}

template <class T>
bool storeInteger(NpyArray& result, std::int64_t i, double value)
{
    if (value != std::floor(value) || value < static_cast<double>(std::numeric_limits<T>::lowest())
        || value > static_cast<double>(std::numeric_limits<T>::max()))
        return false;
    const T typed = static_cast<T>(value);
    std::memcpy(result.data.data() + static_cast<std::size_t>(i) * sizeof(T), &typed, sizeof(T));
    return true;
}

/// Stores `value` as element i of `result`; false if the dtype cannot hold it.
bool store(NpyArray& result, std::int64_t i, double value)
{
    using ir::DType;
    switch (result.dtype) {
    case DType::Float32: {
        const float typed = static_cast<float>(value);
        std::memcpy(result.data.data() + static_cast<std::size_t>(i) * 4, &typed, 4);
        return true;
    }
    case DType::Int8: return storeInteger<std::int8_t>(result, i, value);
    case DType::UInt8: return storeInteger<std::uint8_t>(result, i, value);
    case DType::Int16: return storeInteger<std::int16_t>(result, i, value);
    case DType::Int32: return storeInteger<std::int32_t>(result, i, value);
    case DType::Int64: return storeInteger<std::int64_t>(result, i, value);
    default: return false;
    }
}

std::string indexString(const std::vector<std::int64_t>& shape, std::int64_t flat)
{
    std::vector<std::int64_t> index(shape.size());
    for (std::size_t i = shape.size(); i-- > 0;) {
        index[i] = shape[i] > 0 ? flat % shape[i] : 0;
        flat = shape[i] > 0 ? flat / shape[i] : 0;
    }
    return shapeString(index);
}

} // namespace

std::string shapeString(const std::vector<std::int64_t>& shape)
{
    std::string text = "[";
    for (std::size_t i = 0; i < shape.size(); ++i)
        text += (i ? "," : "") + (shape[i] < 0 ? std::string("?") : std::to_string(shape[i]));
    return text + "]";
}

Result<NpyArray> adaptToInput(NpyArray array, const std::vector<std::int64_t>& inputShape, std::string_view sourceName)
{
    if (auto fitted = fitWithoutBatchChange(array, inputShape))
        return std::move(*fitted);
    if (array.shape.size() + 1 == inputShape.size() && inputShape[0] <= 1) {
        NpyArray batched = array;
        batched.shape.insert(batched.shape.begin(), 1);
        if (auto fitted = fitWithoutBatchChange(batched, inputShape))
            return std::move(*fitted);
    }
    std::string expected = shapeString(inputShape);
    if (inputShape.size() >= 3) {
        std::vector<std::int64_t> channelsFirst = {inputShape[0], inputShape.back()};
        channelsFirst.insert(channelsFirst.end(), inputShape.begin() + 1, inputShape.end() - 1);
        expected += " (or channels-first " + shapeString(channelsFirst) + ")";
    }
    return fail(ErrorCode::ShapeMismatch,
                "the sample has shape " + shapeString(array.shape) + ", the input expects " + expected,
                std::string(sourceName));
}

Result<NpyArray> convertArray(const NpyArray& array, ir::DType dtype, std::string_view sourceName)
{
    if (array.dtype == dtype)
        return array;
    const bool toFloat = dtype == ir::DType::Float32;
    if (array.dtype == ir::DType::Bool || (!toFloat && ir::isFloatingPoint(array.dtype)))
        return fail(ErrorCode::UnsupportedFeature,
                    "the sample is " + std::string(ir::dtypeName(array.dtype)) + ", the input needs "
                        + std::string(ir::dtypeName(dtype)), std::string(sourceName));
    NpyArray result;
    result.dtype = dtype;
    result.shape = array.shape;
    result.data.resize(static_cast<std::size_t>(array.elementCount()) * ir::dtypeSize(dtype));
    for (std::int64_t i = 0; i < array.elementCount(); ++i) {
        const std::optional<double> value = elementAsDouble(array, i);
        if (!value || !store(result, i, *value))
            return fail(ErrorCode::UnsupportedFeature,
                        "element " + indexString(array.shape, i) + " of the " + std::string(ir::dtypeName(array.dtype))
                            + " sample does not convert to the input's dtype " + std::string(ir::dtypeName(dtype)),
                        std::string(sourceName));
    }
    return result;
}

Result<void> checkFinite(const NpyArray& array, std::string_view sourceName)
{
    if (!ir::isFloatingPoint(array.dtype))
        return {};
    for (std::int64_t i = 0; i < array.elementCount(); ++i) {
        const std::optional<double> value = elementAsDouble(array, i);
        if (value && !std::isfinite(*value))
            return fail(ErrorCode::InvalidArgument,
                        std::string(std::isnan(*value) ? "NaN" : "Inf") + " at index " + indexString(array.shape, i)
                            + " (calibration data must be finite)", std::string(sourceName));
    }
    return {};
}

NpyArray arrayRow(const NpyArray& array, std::int64_t row)
{
    NpyArray result;
    result.dtype = array.dtype;
    result.shape = array.shape;
    result.shape[0] = 1;
    const std::size_t rowBytes = static_cast<std::size_t>(result.elementCount()) * ir::dtypeSize(array.dtype);
    const auto begin = array.data.begin() + static_cast<std::ptrdiff_t>(rowBytes * static_cast<std::size_t>(row));
    result.data.assign(begin, begin + static_cast<std::ptrdiff_t>(rowBytes));
    return result;
}

} // namespace lf::quant
