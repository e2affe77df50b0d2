// SPDX-License-Identifier: GPL-3.0-or-later
// How each TFLite op is quantized in the full-integer schemes, following TFLite's quantization spec:
// which input holds weights (and their channel axis), which holds the bias, and how the output's
// parameters are chosen (from calibration, equal to the input's, or fixed by the kernel).
#pragma once

#include "core/ir/op_kind.h"

#include <cstdint>

namespace lf::quant {

enum class OutputRule {
    Calibrated,  ///< from the output tensor's calibrated range
    SameAsInput, ///< identical to the (first) activation input's parameters
    Fixed,       ///< fixed by the kernel (LOGISTIC, SOFTMAX, TANH, ...)
};

struct OpRule {
    int weightsInput = -1; ///< constant weights, symmetric int8 per channel along weightsAxis
    int weightsAxis = 0;
    int biasInput = -1;     ///< int32 (int64 for 16x8) bias with scale input_scale * weight_scale
    int activationInput = 0; ///< the activation the bias scale uses
    OutputRule output = OutputRule::Calibrated;
    float fixedScale8 = 0;  ///< for OutputRule::Fixed, int8 outputs
    std::int32_t fixedZeroPoint8 = 0;
    float fixedScale16 = 0; ///< for OutputRule::Fixed, int16 outputs (zero point 0)
    bool int16 = false;     ///< TFLite has a 16x8 kernel for the op
};

/// The rule for `op`, or nullptr if the quantizer has none (no TFLite integer kernel, or one whose
/// parameters it cannot derive yet, such as the integer LSTM's): the node stays float.
const OpRule* quantizationRule(ir::OpKind op);

} // namespace lf::quant
