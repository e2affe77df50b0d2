// SPDX-License-Identifier: GPL-3.0-or-later
// Writes an IR model as a .tflite flatbuffer: 16-byte aligned, de-duplicated buffers; tensors with
// shape_signature for dynamic dims and per-tensor or per-axis quantization; operator codes with both
// the deprecated and the extended builtin code; a "serving_default" SignatureDef keeping source names
// and order; description and min_runtime_version metadata. Files are written atomically.
#pragma once

#include "core/base/result.h"
#include "core/ir/graph.h"

#include <cstddef>
#include <filesystem>
#include <vector>

namespace lf::tflite {

Result<std::vector<std::byte>> serializeTflite(const ir::Model& model);
Result<void> writeTfliteFile(const ir::Model& model, const std::filesystem::path& path);

} // namespace lf::tflite
