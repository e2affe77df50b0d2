// SPDX-License-Identifier: GPL-3.0-or-later
// NumPy .npy files (format versions 1.0, 2.0 and 3.0): reading and writing plain C-order arrays of
// the numeric and bool dtypes, for calibration inputs, reference outputs and the test runtimes.
// Everything read is untrusted and validated; structured, object, Fortran-order and big-endian
// arrays are refused.
#pragma once

#include "core/base/result.h"
#include "core/ir/dtype.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>
#include <vector>

namespace lf {

/// A dense little-endian array in C (row-major) order. An empty shape is a 0-d array of one
/// element.
struct NpyArray {
    ir::DType dtype = ir::DType::Float32;
    std::vector<std::int64_t> shape;
    std::vector<std::byte> data;

    std::int64_t elementCount() const;
};

/// True for the dtypes .npy files can carry here: f16/f32/f64, i8..i64, u8..u64 and bool.
bool isNpyDType(ir::DType dtype);

/// Parses the bytes of a .npy file; `sourceName` (usually the path) is the `where` of every error.
/// Malformed files (bad magic, truncated, header too long or not a dict, data size not matching the
/// shape) give InvalidArgument; well-formed arrays this code does not handle (big-endian, Fortran
/// order, other dtypes) give UnsupportedFeature. The data is copied, so `bytes` may go away
/// afterwards.
Result<NpyArray> parseNpy(std::span<const std::byte> bytes, std::string_view sourceName);

/// Reads and parses a .npy file; Io if it cannot be read, otherwise as parseNpy.
Result<NpyArray> readNpy(const std::filesystem::path& path);

/// The bytes of a .npy file holding `array`: version 1.0 unless the header needs 2.0, the header
/// padded so that the data starts at a multiple of 64 bytes, as numpy writes it. InvalidArgument if
/// the dtype cannot be stored or the data size does not match the shape.
Result<std::vector<std::byte>> serializeNpy(const NpyArray& array);

/// Writes `array` to `path` atomically (see writeFileAtomically); nothing is left behind on
/// failure.
Result<void> writeNpy(const std::filesystem::path& path, const NpyArray& array);

} // namespace lf
