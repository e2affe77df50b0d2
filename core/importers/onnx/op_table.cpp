// SPDX-License-Identifier: GPL-3.0-or-later
// All op families in one sorted table.
#include "core/importers/onnx/ops/ops.h"

#include <algorithm>

namespace lf::onnx_import {

namespace {

const std::vector<OpLowering>& table()
{
    static const std::vector<OpLowering> lowerings = [] {
        std::vector<OpLowering> all;
        for (auto family : {ops::elementwiseLowerings, ops::activationLowerings, ops::convLowerings, ops::poolingLowerings,
                            ops::normalizationLowerings, ops::matmulLowerings, ops::shapeLowerings, ops::reduceLowerings,
                            ops::resizeLowerings, ops::recurrentLowerings}) {
            for (const OpLowering& lowering : family())
                all.push_back(lowering);
        }
        std::sort(all.begin(), all.end(), [](const OpLowering& a, const OpLowering& b) { return a.opType < b.opType; });
        return all;
    }();
    return lowerings;
}

} // namespace

const OpLowering* findLowering(std::string_view opType)
{
    const auto& all = table();
    auto it = std::lower_bound(all.begin(), all.end(), opType,
                               [](const OpLowering& lowering, std::string_view type) { return lowering.opType < type; });
    return it != all.end() && it->opType == opType ? &*it : nullptr;
}

std::vector<std::string_view> supportedOpTypes()
{
    std::vector<std::string_view> types;
    for (const OpLowering& lowering : table())
        types.push_back(lowering.opType);
    return types;
}

} // namespace lf::onnx_import
