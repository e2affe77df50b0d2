// SPDX-License-Identifier: GPL-3.0-or-later
// Calibration: activation ranges observed by running the float model on a representative dataset.
// Every float tensor the model computes (and every float graph input) is observed in a callback
// without copying it: per-sample min/max, and for the percentile and MSE methods a histogram.
//
// Methods (all ranges lie within the observed [min, max]):
//  - minmax (default, what TFLiteConverter does): the min and max over all samples;
//  - moving-average: per-sample min and max averaged in sample order with momentum m (default
//    0.9): avg = m * avg + (1 - m) * sample, starting from the first sample's values;
//  - percentile: min at the (100 - p)-th and max at the p-th percentile of all values (default
//    p = 99.99), read from the histogram with linear interpolation inside a bin;
//  - mse: the clipping range that minimises the expected squared error of uniform quantization
//    to mseLevels steps (clipping error plus step²/12 rounding error), searched on a grid.
// Constant tensors give min == max; the range is recorded as is and the quantizer widens zero
// ranges, so no zero scale comes out of calibration. NaN or Inf produced by the model is an error
// naming the tensor, the node and the sample; the one exception is the ±inf a PADV2 pads with (max
// pools lowered from ONNX pad with -inf), which is left out of that tensor's statistics.
//
// Samples run in parallel, one interpreter (threads = 1) per worker. Results do not depend on
// thread timing: per-sample min/max are combined in sample order and the histograms merge exactly
// (see range_histogram.h).
#pragma once

#include "core/base/result.h"
#include "core/base/task_context.h"
#include "core/ir/graph.h"

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace lf::quant {

class Dataset;

struct TensorRange {
    float min = 0;
    float max = 0;
};

struct Calibration {
    /// By tensor name of the float model (so the result survives graph copies). Tensors that share
    /// a name share the union of their ranges (with a warning).
    std::map<std::string, TensorRange, std::less<>> ranges;
    std::size_t samples = 0;
};

enum class CalibrationMethod { MinMax, MovingAverage, Percentile, Mse };

/// "minmax", "moving-average", "percentile", "mse".
const char* calibrationMethodName(CalibrationMethod method);
std::optional<CalibrationMethod> calibrationMethodFromName(std::string_view name);

struct CalibrationOptions {
    CalibrationMethod method = CalibrationMethod::MinMax;
    std::size_t maxSamples = 0; ///< 0: the whole dataset
    int threads = 0;            ///< workers; <= 0: one per core
    double percentile = 99.99;  ///< for Percentile, in (50, 100]
    double momentum = 0.9;      ///< for MovingAverage, in [0, 1)
    int histogramBins = 2048;   ///< per sign, for Percentile and Mse
    int mseLevels = 256;        ///< for Mse: 256 for int8 activations, 65536 for int16
};

/// Runs `floatModel`'s main graph on the first samples of `data` and returns a range for every
/// non-constant float32 tensor. Progress is reported per sample; Cancelled as soon as `context`
/// asks for it. Errors: the dataset's (naming the file), the interpreter's, NaN/Inf in a tensor.
Result<Calibration> calibrate(const ir::Model& floatModel, const Dataset& data, const CalibrationOptions& options,
                              TaskContext& context);

} // namespace lf::quant
