// SPDX-License-Identifier: GPL-3.0-or-later
// Seeded random input data: a Mersenne Twister per input, so values depend only on the seed.
#include "core/interpreter/random_input.h"

#include <cstring>
#include <limits>
#include <random>

namespace lf::interp {

/// Random data for a bench input: floats uniform in [-1, 1], quantized integers over their whole
/// range, bools 0/1. Other integers (indices, sizes) stay zero, the one value valid for any of
/// them.
std::vector<std::byte> randomInput(const TensorView& view, std::uint32_t seed)
{
    std::vector<std::byte> bytes(view.byteSize());
    std::mt19937 generator(seed);
    const auto fill = [&bytes](auto draw) {
        using T = decltype(draw());
        for (std::size_t offset = 0; offset + sizeof(T) <= bytes.size(); offset += sizeof(T)) {
            const T value = draw();
            std::memcpy(bytes.data() + offset, &value, sizeof(T));
        }
    };
    const auto fillIntegers = [&]<class T>(T) {
        std::uniform_int_distribution<int> draw(
            std::numeric_limits<T>::min(), std::numeric_limits<T>::max());
        fill([&] { return static_cast<T>(draw(generator)); });
    };
    std::uniform_real_distribution<float> unit(-1.0f, 1.0f);
    const bool quantized = !view.quant->scales.empty();
    switch (view.dtype) {
    case ir::DType::Float32: fill([&] { return unit(generator); }); break;
    case ir::DType::Float64: fill([&] { return static_cast<double>(unit(generator)); }); break;
    case ir::DType::Bool: fill([&] { return static_cast<std::uint8_t>(generator() & 1u); }); break;
    case ir::DType::Int8:
        if (quantized)
            fillIntegers(std::int8_t {});
        break;
    case ir::DType::UInt8:
        if (quantized)
            fillIntegers(std::uint8_t {});
        break;
    case ir::DType::Int16:
        if (quantized)
            fillIntegers(std::int16_t {});
        break;
    default: break;
    }
    return bytes;
}

} // namespace lf::interp
