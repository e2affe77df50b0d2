// SPDX-License-Identifier: GPL-3.0-or-later
// The integer ("8x8->16") UNIDIRECTIONAL_SEQUENCE_LSTM kernel, as TFLite's builtin computes it:
// int8 input, output, weights and projection, int16 cell state with a power-of-two scale, int16
// peepholes and layer normalization coefficients, int16 gates in Q3.12 (or the scales of the node's
// intermediates under layer normalization) before and Q0.15 after gemmlowp's fixed-point sigmoid
// and tanh. lstm.cpp hands it the nodes whose input is int8.
#pragma once

#include "core/interpreter/kernel.h"

#include <memory>

namespace lf::interp {

/// A kernel for one int8 UNIDIRECTIONAL_SEQUENCE_LSTM node.
std::unique_ptr<Kernel> makeIntegerLstmKernel();

} // namespace lf::interp
