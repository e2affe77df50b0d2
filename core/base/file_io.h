// SPDX-License-Identifier: GPL-3.0-or-later
// Reading model files without copying them (read-only memory maps) and writing outputs atomically
// (a temporary file in the target folder, flushed, then renamed over the target).
#pragma once

#include "core/base/result.h"

#include <cstddef>
#include <filesystem>
#include <memory>
#include <span>

namespace lf {

/// A read-only memory map of a whole file. Constant tensors of a loaded model alias into it and keep it
/// alive through shared ownership, so a 500 MB model is never copied into the heap.
class MappedFile final {
public:
    static Result<std::shared_ptr<const MappedFile>> open(const std::filesystem::path& path);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    std::span<const std::byte> bytes() const { return {m_data, m_size}; }
    const std::filesystem::path& path() const { return m_path; }

private:
    MappedFile(std::filesystem::path path, const std::byte* data, std::size_t size);
    std::filesystem::path m_path;
    const std::byte* m_data = nullptr;
    std::size_t m_size = 0;
};

/// Writes `bytes` to `path` so that readers see either the old file or the complete new one: the data
/// goes to a temporary file beside `path`, is fsync'ed and renamed over it. On failure nothing is left.
Result<void> writeFileAtomically(const std::filesystem::path& path, std::span<const std::byte> bytes);

} // namespace lf
