// SPDX-License-Identifier: GPL-3.0-or-later
// One entry point for opening any model file or folder: detects the format from the content (not only
// the extension), runs the matching importer and verifies the result.
#pragma once

#include "core/base/result.h"
#include "core/base/task_context.h"
#include "core/ir/graph.h"

#include <filesystem>
#include <string>

namespace lf {

enum class ModelFormat { TFLite, Onnx, Keras, TensorFlow, Darknet, Unknown };

const char* modelFormatName(ModelFormat format);

/// Guesses the format of `path` from its first bytes and its name; Unknown if nothing matches.
ModelFormat detectModelFormat(const std::filesystem::path& path);

/// Loads and verifies a model. Errors name the file and the reason; InvalidModel or Io for files that
/// cannot be read as any supported format, UnsupportedFeature for formats without an importer yet.
Result<ir::Model> loadModel(const std::filesystem::path& path, TaskContext& context);

} // namespace lf
