// SPDX-License-Identifier: GPL-3.0-or-later
// What a kernel sees of a tensor at run time: element type, concrete shape, quantization and a pointer
// into the interpreter's arena (or into constant data, read-only).
#pragma once

#include "core/ir/dtype.h"
#include "core/ir/quant_params.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace lf::interp {

struct TensorView {
    ir::DType dtype = ir::DType::Float32;
    std::vector<std::int64_t> shape; ///< concrete extents, set by the producing kernel's prepare()
    const ir::QuantParams* quant = nullptr; ///< never null for tensors of a graph; may be empty
    std::byte* data = nullptr;
    bool isConstant = false;

    std::int64_t elementCount() const
    {
        std::int64_t count = 1;
        for (std::int64_t extent : shape)
            count *= extent;
        return count;
    }
    std::size_t byteSize() const { return static_cast<std::size_t>(elementCount()) * ir::dtypeSize(dtype); }
    int rank() const { return static_cast<int>(shape.size()); }
    std::int64_t dim(int axis) const { return shape[static_cast<std::size_t>(axis < 0 ? axis + rank() : axis)]; }

    template <class T>
    T* as() const { return reinterpret_cast<T*>(data); }
    template <class T>
    std::span<T> span() const { return {reinterpret_cast<T*>(data), static_cast<std::size_t>(elementCount())}; }

    float scale() const { return quant->scales.empty() ? 1.0f : quant->scales.front(); }
    std::int32_t zeroPoint() const { return quant->zeroPoints.empty() ? 0 : static_cast<std::int32_t>(quant->zeroPoints.front()); }
};

} // namespace lf::interp
