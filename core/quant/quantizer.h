// SPDX-License-Identifier: GPL-3.0-or-later
// Post-training quantization of a float IR model (TFLite-level ops, NHWC, after the conversion
// pipeline): float16 weights, dynamic-range int8 weights, full-integer int8 with calibrated
// activations (TFLite's quantization spec: symmetric per-channel int8 weights in [-127, 127], int32
// biases with scale input_scale x weight_scale, asymmetric int8 activations, fixed output parameters
// for LOGISTIC/SOFTMAX/TANH/...), and 16x8 (int16 activations, int8 weights). Nodes without an
// integer kernel, or kept in float on request, run in float between QUANTIZE/DEQUANTIZE nodes.
#pragma once

#include "core/base/result.h"
#include "core/base/task_context.h"
#include "core/ir/graph.h"
#include "core/quant/calibration.h"

#include <set>
#include <string>
#include <vector>

namespace lf::quant {

enum class Scheme { Float16, DynamicRange, Int8, Int16x8 };
enum class IoType { Float32, Int8, UInt8 };

/// "float16", "dynamic-range", "int8", "16x8"; nullopt for other text.
std::optional<Scheme> schemeFromName(std::string_view name);
const char* schemeName(Scheme scheme);
std::optional<IoType> ioTypeFromName(std::string_view name);

struct QuantizeOptions {
    Scheme scheme = Scheme::Int8;
    IoType ioType = IoType::Float32; ///< model inputs and outputs (full-integer schemes only)
    /// Nodes that stay float, by IR node name or by source-model node name (Node::origin).
    std::set<std::string, std::less<>> keepFloat;
};

struct QuantizeResult {
    ir::Model model;
    /// Names of the nodes left in float (requested, or without an integer kernel), with the reason.
    std::vector<std::pair<std::string, std::string>> floatNodes;
};

/// Quantizes `floatModel`. Full-integer schemes need `calibration` to hold a range for every float
/// activation tensor the quantized nodes use (by tensor name); weights need none.
Result<QuantizeResult> quantizeModel(const ir::Model& floatModel, const Calibration& calibration,
                                     const QuantizeOptions& options, TaskContext& context);

} // namespace lf::quant
