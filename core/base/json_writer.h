// SPDX-License-Identifier: GPL-3.0-or-later
// A small streaming JSON writer (objects, arrays, strings, numbers) for CLI reports and rewrite logs.
// It produces compact, deterministic output and escapes strings per RFC 8259.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lf {

class JsonWriter final {
public:
    JsonWriter& beginObject();
    JsonWriter& endObject();
    JsonWriter& beginArray();
    JsonWriter& endArray();
    /// The key of the next value inside an object.
    JsonWriter& key(std::string_view name);
    JsonWriter& value(std::string_view text);
    JsonWriter& value(const char* text) { return value(std::string_view(text)); }
    JsonWriter& value(std::int64_t number);
    JsonWriter& value(int number) { return value(static_cast<std::int64_t>(number)); }
    JsonWriter& value(std::uint64_t number);
    JsonWriter& value(double number); ///< non-finite numbers become null
    JsonWriter& value(bool flag);
    JsonWriter& null();

    const std::string& text() const { return m_text; }

private:
    void separate();
    std::string m_text;
    std::vector<bool> m_hasItems; ///< per open container: whether a comma is needed
    bool m_afterKey = false;
};

} // namespace lf
