// SPDX-License-Identifier: GPL-3.0-or-later
// Seeded random data for a model input, shared by the CLI's run/bench and the conversion
// validation (CLI and GUI), so that every caller feeds the same values for the same seed.
#pragma once

#include "core/interpreter/tensor_view.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace lf::interp {

/// Random data for an input: floats uniform in [-1, 1], quantized integers over their whole range,
/// bools 0/1. Other integers (indices, sizes) stay zero, the one value valid for any of them.
std::vector<std::byte> randomInput(const TensorView& view, std::uint32_t seed);

} // namespace lf::interp
