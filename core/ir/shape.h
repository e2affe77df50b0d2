// SPDX-License-Identifier: GPL-3.0-or-later
// Tensor shapes: static extents, unknown extents (-1) and named symbolic extents ("batch"), plus
// tensors of unknown rank. Also the layout tag that tells passes how to read a 4-D shape.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lf::ir {

struct Dim {
    static constexpr std::int64_t kUnknown = -1;
    std::int64_t extent = kUnknown;
    std::string symbol; ///< non-empty for a named dynamic dim; extent is then kUnknown

    bool isStatic() const { return extent >= 0; }
    friend bool operator==(const Dim&, const Dim&) = default;
};

struct Shape {
    std::vector<Dim> dims;
    bool rankKnown = true;

    Shape() = default;
    Shape(std::initializer_list<std::int64_t> extents);
    static Shape fromExtents(const std::vector<std::int64_t>& extents);
    static Shape unranked();

    int rank() const { return static_cast<int>(dims.size()); }
    bool isStatic() const;
    /// Product of the extents; nullopt when a dim is unknown or the rank is unknown.
    std::optional<std::int64_t> numElements() const;
    /// Extents with kUnknown for dynamic dims.
    std::vector<std::int64_t> extents() const;
    /// "[1,224,224,3]", with "?" for unknown dims and the symbol for named ones; "[*]" when unranked.
    std::string toString() const;
    friend bool operator==(const Shape&, const Shape&) = default;
};

/// How the dims of an activation or weight tensor are ordered. Importers set it; the layout pass reads
/// and rewrites it; TFLite tensors are NHWC (activations) and OHWI / 1HWO (weights).
enum class Layout : unsigned char {
    Unspecified,
    NCHW,
    NHWC,
    OIHW,
    OHWI,
    HWIO,
};

const char* layoutName(Layout layout);

} // namespace lf::ir
