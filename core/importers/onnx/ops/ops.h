// SPDX-License-Identifier: GPL-3.0-or-later
// The lowering tables of the op families, one file each; op_table.cpp joins them.
#pragma once

#include "core/importers/onnx/lowering_context.h"

#include <span>

namespace lf::onnx_import::ops {

std::span<const OpLowering> elementwiseLowerings(); ///< unary/binary math, comparisons, logic, Where, Cast, Clip
std::span<const OpLowering> activationLowerings();  ///< Relu, LeakyRelu, PRelu, Sigmoid, HardSigmoid, HardSwish, Elu, Selu, Gelu, Softplus, ...
std::span<const OpLowering> convLowerings();        ///< Conv, ConvTranspose
std::span<const OpLowering> poolingLowerings();     ///< MaxPool, AveragePool, GlobalAveragePool, GlobalMaxPool
std::span<const OpLowering> normalizationLowerings(); ///< BatchNormalization, InstanceNormalization, LayerNormalization, LpNormalization
std::span<const OpLowering> matmulLowerings();      ///< Gemm, MatMul
std::span<const OpLowering> shapeLowerings();       ///< Reshape, Flatten, Transpose, Squeeze, Unsqueeze, Concat, Split, Slice, Gather, Shape, Expand, Tile, Pad, ConstantOfShape, Identity, ...
std::span<const OpLowering> reduceLowerings();      ///< Reduce*, ArgMax/ArgMin, Softmax, LogSoftmax
std::span<const OpLowering> resizeLowerings();      ///< Resize, Upsample, DepthToSpace, SpaceToDepth
std::span<const OpLowering> recurrentLowerings();   ///< GRU, LSTM, RNN (unrolled over time)

} // namespace lf::onnx_import::ops
