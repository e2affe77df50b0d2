// SPDX-License-Identifier: GPL-3.0-or-later
// NumPy .npz archives (numpy.savez and numpy.savez_compressed): a zip file of .npy members, stored
// or deflated. Everything read is untrusted: sizes, offsets and CRCs are checked.
#pragma once

#include "core/base/npy.h"
#include "core/base/result.h"

#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lf::quant {

struct NpzEntry {
    std::string name; ///< the member name without ".npy" (numpy's key)
    NpyArray array;
};

/// The members of an .npz in archive order. InvalidArgument (naming the file and the member) for
/// malformed archives, bad CRCs and members that are not .npy; UnsupportedFeature for compression
/// methods other than stored and deflate, encrypted members and zip64 archives with more than
/// 65535 members.
Result<std::vector<NpzEntry>> parseNpz(std::span<const std::byte> bytes, std::string_view sourceName);
Result<std::vector<NpzEntry>> readNpz(const std::filesystem::path& path);

} // namespace lf::quant
