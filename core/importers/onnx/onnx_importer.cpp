// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/importers/onnx/onnx_importer.h"

namespace lf::onnx_import {

Result<CoverageReport> checkOnnx(const std::filesystem::path& path, TaskContext&)
{
    return fail(ErrorCode::UnsupportedFeature, "ONNX import is not available yet", path.string());
}

Result<ir::Model> importOnnx(const std::filesystem::path& path, const ImportOptions&, TaskContext&, passes::RewriteLog&)
{
    return fail(ErrorCode::UnsupportedFeature, "ONNX import is not available yet", path.string());
}

} // namespace lf::onnx_import
