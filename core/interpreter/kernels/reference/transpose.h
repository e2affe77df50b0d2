// SPDX-License-Identifier: GPL-3.0-or-later
// TRANSPOSE element by element: for every output index, the input index it comes from. The kernel's
// strided copy (merged dims, memcpy runs, blocked 2-D tiles) is tested against this.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace lf::interp::reference {

/// output[i] = input[j] where output dim d is input dim perm[d] (perm already non-negative).
template <class T>
void transpose(std::span<const std::int64_t> inputShape, std::span<const std::int64_t> perm,
    const T* input, T* output)
{
    const std::size_t rank = inputShape.size();
    std::vector<std::int64_t> inputStrides(rank, 1);
    for (std::size_t d = rank; d-- > 1;)
        inputStrides[d - 1] = inputStrides[d] * inputShape[d];
    std::vector<std::int64_t> outputShape(rank);
    std::int64_t count = 1;
    for (std::size_t d = 0; d < rank; ++d) {
        outputShape[d] = inputShape[static_cast<std::size_t>(perm[d])];
        count *= outputShape[d];
    }
    std::vector<std::int64_t> index(rank, 0);
    for (std::int64_t i = 0; i < count; ++i) {
        std::int64_t from = 0;
        for (std::size_t d = 0; d < rank; ++d)
            from += index[d] * inputStrides[static_cast<std::size_t>(perm[d])];
        output[i] = input[from];
        for (std::size_t d = rank; d-- > 0;) {
            if (++index[d] < outputShape[d])
                break;
            index[d] = 0;
        }
    }
}

} // namespace lf::interp::reference
