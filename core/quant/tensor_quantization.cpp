// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/quant/tensor_quantization.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace lf::quant {

namespace {

template <class T>
ir::ConstData pack(const std::vector<T>& values)
{
    return ir::ConstData::fromValues(std::span<const T>(values));
}

std::int64_t clampToType(double value, ir::DType dtype)
{
    switch (dtype) {
    case ir::DType::Int8: return static_cast<std::int64_t>(std::clamp(value, -128.0, 127.0));
    case ir::DType::UInt8: return static_cast<std::int64_t>(std::clamp(value, 0.0, 255.0));
    case ir::DType::Int16: return static_cast<std::int64_t>(std::clamp(value, -32768.0, 32767.0));
    case ir::DType::Int32: return static_cast<std::int64_t>(std::clamp(value, -2147483648.0, 2147483647.0));
    default: return static_cast<std::int64_t>(std::clamp(value, -9.2e18, 9.2e18));
    }
}

void store(std::vector<std::byte>& bytes, std::size_t index, std::int64_t value, ir::DType dtype)
{
    switch (dtype) {
    case ir::DType::Int8: bytes[index] = static_cast<std::byte>(static_cast<std::int8_t>(value)); break;
    case ir::DType::UInt8: bytes[index] = static_cast<std::byte>(static_cast<std::uint8_t>(value)); break;
    case ir::DType::Int16: {
        const auto v = static_cast<std::int16_t>(value);
        std::memcpy(bytes.data() + index * 2, &v, 2);
        break;
    }
    case ir::DType::Int32: {
        const auto v = static_cast<std::int32_t>(value);
        std::memcpy(bytes.data() + index * 4, &v, 4);
        break;
    }
    default: std::memcpy(bytes.data() + index * 8, &value, 8); break;
    }
}

} // namespace

ir::QuantParams activationParams(float min, float max, ir::DType dtype, bool* widened)
{
    min = std::min(min, 0.0f);
    max = std::max(max, 0.0f);
    if (widened)
        *widened = false;
    if (!(max - min > 1e-9f)) {
        max = min + 1e-3f; // a constant-zero tensor: any positive scale represents it exactly
        if (widened)
            *widened = true;
    }
    ir::QuantParams params;
    params.min = {min};
    params.max = {max};
    if (dtype == ir::DType::Int16) {
        params.scales = {std::max(std::abs(min), std::abs(max)) / 32767.0f};
        params.zeroPoints = {0};
        return params;
    }
    const double qmin = dtype == ir::DType::UInt8 ? 0.0 : -128.0;
    const double qmax = qmin + 255.0;
    const double scale = (static_cast<double>(max) - min) / 255.0;
    const double zeroPoint = std::clamp(std::round(qmin - min / scale), qmin, qmax);
    params.scales = {static_cast<float>(scale)};
    params.zeroPoints = {static_cast<std::int64_t>(zeroPoint)};
    return params;
}

ir::Tensor quantizeWeights(const ir::Tensor& weights, int axis)
{
    const std::vector<std::int64_t> shape = weights.shape.extents();
    const auto values = weights.data.as<float>();
    const std::int64_t channels = shape.empty() ? 1 : shape[static_cast<std::size_t>(axis)];
    std::int64_t inner = 1;
    for (std::size_t d = static_cast<std::size_t>(axis) + 1; d < shape.size(); ++d)
        inner *= shape[d];
    auto channelOf = [&](std::size_t i) { return static_cast<std::int64_t>(i) / inner % channels; };

    std::vector<float> maxAbs(static_cast<std::size_t>(channels), 0.0f);
    for (std::size_t i = 0; i < values.size(); ++i)
        maxAbs[static_cast<std::size_t>(channelOf(i))] = std::max(maxAbs[static_cast<std::size_t>(channelOf(i))], std::abs(values[i]));
    ir::Tensor result = weights;
    result.dtype = ir::DType::Int8;
    result.quant = {};
    result.quant.axis = axis;
    for (float m : maxAbs) {
        result.quant.scales.push_back(m > 0 ? m / 127.0f : 1.0f);
        result.quant.zeroPoints.push_back(0);
    }
    std::vector<std::int8_t> quantized(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
        const float scale = result.quant.scales[static_cast<std::size_t>(channelOf(i))];
        quantized[i] = static_cast<std::int8_t>(std::clamp(std::round(values[i] / scale), -127.0f, 127.0f));
    }
    result.data = pack(quantized);
    return result;
}

ir::Tensor quantizeBias(const ir::Tensor& bias, float inputScale, std::span<const float> weightScales, ir::DType dtype)
{
    const auto values = bias.data.as<float>();
    ir::Tensor result = bias;
    result.dtype = dtype;
    result.quant = {};
    result.quant.axis = 0;
    std::vector<std::byte> bytes(values.size() * ir::dtypeSize(dtype));
    for (std::size_t c = 0; c < values.size(); ++c) {
        const float weightScale = weightScales.size() == 1 ? weightScales[0] : weightScales[c];
        const double scale = static_cast<double>(inputScale) * weightScale;
        result.quant.scales.push_back(static_cast<float>(scale));
        result.quant.zeroPoints.push_back(0);
        store(bytes, c, clampToType(std::round(values[c] / scale), dtype), dtype);
    }
    if (weightScales.size() == 1) {
        result.quant.scales.resize(1);
        result.quant.zeroPoints.resize(1);
    }
    result.data = ir::ConstData::fromVector(std::move(bytes));
    return result;
}

ir::Tensor quantizeConstant(const ir::Tensor& constant, const ir::QuantParams& params, ir::DType dtype)
{
    const auto values = constant.data.as<float>();
    ir::Tensor result = constant;
    result.dtype = dtype;
    result.quant = params;
    std::vector<std::byte> bytes(values.size() * ir::dtypeSize(dtype));
    const double scale = params.scales.front();
    const double zeroPoint = static_cast<double>(params.zeroPoints.front());
    for (std::size_t i = 0; i < values.size(); ++i)
        store(bytes, i, clampToType(std::round(values[i] / scale) + zeroPoint, dtype), dtype);
    result.data = ir::ConstData::fromVector(std::move(bytes));
    return result;
}

ir::Tensor toFloat16(const ir::Tensor& constant)
{
    const auto values = constant.data.as<float>();
    std::vector<_Float16> halves(values.size());
    std::transform(values.begin(), values.end(), halves.begin(), [](float v) { return static_cast<_Float16>(v); });
    ir::Tensor result = constant;
    result.dtype = ir::DType::Float16;
    result.data = pack(halves);
    return result;
}

} // namespace lf::quant
