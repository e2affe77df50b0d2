// SPDX-License-Identifier: GPL-3.0-or-later
// Reads a .tflite flatbuffer into the IR. Everything in the file is untrusted: the buffer is checked
// with the flatbuffers Verifier, then every index, shape, dtype and buffer size before use. Constant
// tensors alias the memory-mapped file. Builtin options become attributes named after the schema's
// fields; custom ops are kept as opaque Custom nodes with their custom_options bytes.
#pragma once

#include "core/base/file_io.h"
#include "core/base/result.h"
#include "core/base/task_context.h"
#include "core/ir/graph.h"

#include <filesystem>
#include <memory>

namespace lf::tflite {

/// True if `bytes` carry the TFLite file identifier "TFL3" at offset 4.
bool hasTfliteIdentifier(std::span<const std::byte> bytes);

/// Reads a model. Defects that runtimes tolerate or that can be repaired unambiguously (a per-axis
/// quantized_dimension beyond a bias tensor's rank, as some TFLM files have) are repaired and
/// reported to `context` as warnings.
Result<ir::Model> readTflite(std::shared_ptr<const MappedFile> file, TaskContext& context);
Result<ir::Model> readTfliteFile(const std::filesystem::path& path, TaskContext& context);

} // namespace lf::tflite
