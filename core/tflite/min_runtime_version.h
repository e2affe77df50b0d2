// SPDX-License-Identifier: GPL-3.0-or-later
// The oldest TFLite runtime release that can run a model, written into its "min_runtime_version"
// metadata. Derived from the op kinds, op versions and tensor types the model uses.
#pragma once

#include "core/ir/graph.h"

#include <string>

namespace lf::tflite {

/// A version string such as "1.14.0".
std::string minRuntimeVersion(const ir::Model& model);

} // namespace lf::tflite
