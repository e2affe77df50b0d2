// SPDX-License-Identifier: GPL-3.0-or-later
// The .lfir text dump: one line per tensor and per node, stable across runs and platforms, so that
// tests can compare models against golden files and users can diff conversion stages.
#pragma once

#include "core/ir/graph.h"

#include <string>

namespace lf::ir {

/// Prints the whole model. Constant data appears as its size and an FNV-1a hash, long float vectors
/// (per-channel scales) as their first values plus a hash of all of them.
std::string printModel(const Model& model);

/// 64-bit FNV-1a of a byte range, the content hash used in dumps.
std::uint64_t fnv1a(std::span<const std::byte> bytes);

} // namespace lf::ir
