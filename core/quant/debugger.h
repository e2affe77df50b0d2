// SPDX-License-Identifier: GPL-3.0-or-later
// The per-layer quantization debugger: runs a float model and its quantized version on the same
// samples and compares every quantized tensor with the float tensor of the same name, in two modes.
// Accumulated: the quantized model end to end, so a layer's error includes all it inherits.
// Isolated: each quantized node alone, fed the float model's inputs (quantized with the node's own
// input parameters), which separates a layer's own error. It flags layers whose RMSE/scale exceeds
// 0.7 (uniform rounding alone gives ~0.289), marks where accumulated error first jumps, and suggests
// a small set of nodes to keep in float. Per layer and mode it also keeps a bounded, evenly strided
// sample of element pairs (float value, dequantized value) for a scatter plot.
#pragma once

#include "core/base/result.h"
#include "core/base/task_context.h"
#include "core/ir/graph.h"
#include "core/quant/dataset.h"

#include <optional>
#include <string>
#include <vector>

namespace lf::quant {

struct DebugOptions {
    std::size_t maxSamples = 0;       ///< 0: the whole dataset
    std::size_t isolatedSamples = 8;  ///< isolated mode runs on the first this many samples
    double flagThreshold = 0.7;       ///< RMSE/scale above this flags a layer
    double jumpDb = 6.0;              ///< SQNR drop below a layer's inputs that counts as a jump
    int histogramBins = 32;
    std::size_t histogramSamples = 8; ///< histograms are filled from the first this many samples
    std::size_t maxValuePairs = 2000; ///< element pairs kept per layer and mode (0: none)
};

struct ErrorMetrics {
    double meanError = 0;
    double maxAbsError = 0;
    double mse = 0;
    double rmseOverScale = 0; ///< QuantizationDebugger's headline metric
    double cosine = 1;
    double sqnrDb = 0;
};

struct Histogram {
    double min = 0;
    double max = 0;
    std::vector<std::uint64_t> counts;
};

/// One element of a layer's tensor in both models: where it is and its two values.
struct ValuePair {
    std::uint32_t sample = 0; ///< dataset sample
    std::uint32_t index = 0;  ///< flat element index within the tensor
    float floatValue = 0;
    float quantizedValue = 0; ///< dequantized
};

struct LayerReport {
    std::string tensor;
    std::string node;
    std::string opType;
    std::vector<std::string> origin; ///< source-model node names
    std::vector<std::string> consumers; ///< nodes reading the tensor (they quantize it again if kept)
    std::int64_t elements = 0;       ///< per sample
    float scale = 0;
    std::int64_t zeroPoint = 0;
    ErrorMetrics accumulated;
    std::optional<ErrorMetrics> isolated;
    bool flagged = false;
    Histogram floatHistogram;
    Histogram quantizedHistogram;
    /// Up to DebugOptions::maxValuePairs elements, taken from sample 0 evenly strided (index k * n /
    /// count); a tensor with fewer elements gives all of them, then continues the same way in the
    /// following samples. Isolated pairs come from the samples the isolated mode runs on.
    std::vector<ValuePair> accumulatedPairs;
    std::vector<ValuePair> isolatedPairs;
};

struct OutputReport {
    std::string name;
    ErrorMetrics metrics;
};

struct DebugReport {
    std::vector<LayerReport> layers; ///< in the quantized model's execution order
    std::vector<OutputReport> outputs;
    std::optional<std::size_t> firstJump; ///< index into layers
    std::size_t samples = 0;

    /// Everything, value pairs included.
    std::string toJson() const;
    /// One line per layer: tensor, op, elements, scale, zero point, accumulated and isolated metrics.
    std::string toCsv() const;
};

/// Compares `quantModel` with `floatModel` on `data` (samples in `floatModel`'s input layout; int8 or
/// uint8 inputs of `quantModel` get them quantized with the input's parameters). Progress per sample.
Result<DebugReport> debugQuantization(const ir::Model& floatModel, const ir::Model& quantModel, const Dataset& data,
                                      const DebugOptions& options, TaskContext& context);

/// Greedy keep-in-float suggestion: flagged layers ordered by isolated error (accumulated where no
/// isolated value exists); each brings its node and the nodes reading its tensor, so the tensor is
/// not quantized at all. At most `maxNodes` node names.
std::vector<std::string> suggestKeepFloat(const DebugReport& report, std::size_t maxNodes);

/// Output SQNR over all outputs of the report (the mean over outputs), the number the suggestion improves.
double outputSqnrDb(const DebugReport& report);

} // namespace lf::quant
