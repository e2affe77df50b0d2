// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/importers/onnx/ops/ops.h"

namespace lf::onnx_import::ops {

std::span<const OpLowering> reduceLowerings()
{
    return {};
}

} // namespace lf::onnx_import::ops
