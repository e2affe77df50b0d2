// SPDX-License-Identifier: GPL-3.0-or-later
// Immutable bytes of a constant tensor, shared without copies: a view into a memory-mapped model
// file or an owned vector, kept alive by shared ownership. Copying a Graph copies only the handle.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <span>
#include <vector>

namespace lf::ir {

class ConstData final {
public:
    ConstData() = default;

    /// Views `bytes`, which stay valid as long as `owner` lives (e.g. a MappedFile).
    ConstData(std::shared_ptr<const void> owner, std::span<const std::byte> bytes)
        : m_owner(std::move(owner)), m_bytes(bytes)
    {
    }

    static ConstData fromVector(std::vector<std::byte> bytes)
    {
        auto owned = std::make_shared<const std::vector<std::byte>>(std::move(bytes));
        return ConstData(owned, std::span<const std::byte>(*owned));
    }

    template <class T>
    static ConstData fromValues(std::span<const T> values)
    {
        std::vector<std::byte> bytes(values.size_bytes());
        if (!values.empty())
            std::memcpy(bytes.data(), values.data(), values.size_bytes());
        return fromVector(std::move(bytes));
    }

    std::span<const std::byte> bytes() const { return m_bytes; }
    std::size_t size() const { return m_bytes.size(); }
    bool empty() const { return m_bytes.empty(); }

    /// Typed view; the caller checks the dtype. Data in memory maps may be unaligned for T only if the
    /// file was, which the TFLite reader rejects.
    template <class T>
    std::span<const T> as() const
    {
        return {reinterpret_cast<const T*>(m_bytes.data()), m_bytes.size() / sizeof(T)};
    }

private:
    std::shared_ptr<const void> m_owner;
    std::span<const std::byte> m_bytes;
};

} // namespace lf::ir
