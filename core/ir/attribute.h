// SPDX-License-Identifier: GPL-3.0-or-later
// Node attributes: a sorted name -> value map, so dumps and comparisons are deterministic.
// Names are snake_case; for TFLite-level ops they are the option field names of the TFLite schema.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace lf::ir {

using Attribute = std::variant<bool, std::int64_t, double, std::string, std::vector<std::int64_t>,
                               std::vector<double>, std::vector<std::byte>>;

class Attributes final {
public:
    using Map = std::map<std::string, Attribute, std::less<>>;

    void set(std::string name, Attribute value) { m_values.insert_or_assign(std::move(name), std::move(value)); }
    bool has(std::string_view name) const { return m_values.find(name) != m_values.end(); }
    void erase(std::string_view name)
    {
        if (auto it = m_values.find(name); it != m_values.end())
            m_values.erase(it);
    }
    const Attribute* find(std::string_view name) const
    {
        auto it = m_values.find(name);
        return it == m_values.end() ? nullptr : &it->second;
    }

    /// The value if present and of type T; integers also read as double, booleans as integers.
    template <class T>
    std::optional<T> get(std::string_view name) const;

    template <class T>
    T getOr(std::string_view name, T fallback) const { return get<T>(name).value_or(std::move(fallback)); }

    const Map& values() const { return m_values; }
    bool empty() const { return m_values.empty(); }
    friend bool operator==(const Attributes&, const Attributes&) = default;

private:
    Map m_values;
};

template <class T>
std::optional<T> Attributes::get(std::string_view name) const
{
    const Attribute* value = find(name);
    if (!value)
        return std::nullopt;
    if (const T* exact = std::get_if<T>(value))
        return *exact;
    if constexpr (std::is_same_v<T, double>) {
        if (const auto* integer = std::get_if<std::int64_t>(value))
            return static_cast<double>(*integer);
    }
    if constexpr (std::is_same_v<T, std::int64_t>) {
        if (const auto* flag = std::get_if<bool>(value))
            return *flag ? 1 : 0;
    }
    return std::nullopt;
}

} // namespace lf::ir
