// SPDX-License-Identifier: GPL-3.0-or-later
// Shape queries and printing.
#include "core/ir/shape.h"

#include <limits>

namespace lf::ir {

Shape::Shape(std::initializer_list<std::int64_t> extents)
{
    for (std::int64_t extent : extents)
        dims.push_back(Dim{extent, {}});
}

Shape Shape::fromExtents(const std::vector<std::int64_t>& extents)
{
    Shape shape;
    for (std::int64_t extent : extents)
        shape.dims.push_back(Dim{extent < 0 ? Dim::kUnknown : extent, {}});
    return shape;
}

Shape Shape::unranked()
{
    Shape shape;
    shape.rankKnown = false;
    return shape;
}

bool Shape::isStatic() const
{
    if (!rankKnown)
        return false;
    for (const Dim& dim : dims) {
        if (!dim.isStatic())
            return false;
    }
    return true;
}

std::optional<std::int64_t> Shape::numElements() const
{
    if (!isStatic())
        return std::nullopt;
    std::int64_t count = 1;
    for (const Dim& dim : dims) {
        if (dim.extent != 0 && count > std::numeric_limits<std::int64_t>::max() / dim.extent)
            return std::nullopt;
        count *= dim.extent;
    }
    return count;
}

std::vector<std::int64_t> Shape::extents() const
{
    std::vector<std::int64_t> result;
    result.reserve(dims.size());
    for (const Dim& dim : dims)
        result.push_back(dim.extent);
    return result;
}

std::string Shape::toString() const
{
    if (!rankKnown)
        return "[*]";
    std::string text = "[";
    for (std::size_t i = 0; i < dims.size(); ++i) {
        if (i > 0)
            text += ',';
        if (!dims[i].symbol.empty())
            text += dims[i].symbol;
        else if (dims[i].isStatic())
            text += std::to_string(dims[i].extent);
        else
            text += '?';
    }
    return text + "]";
}

const char* layoutName(Layout layout)
{
    switch (layout) {
    case Layout::Unspecified: return "";
    case Layout::NCHW: return "NCHW";
    case Layout::NHWC: return "NHWC";
    case Layout::OIHW: return "OIHW";
    case Layout::OHWI: return "OHWI";
    case Layout::HWIO: return "HWIO";
    }
    return "";
}

} // namespace lf::ir
