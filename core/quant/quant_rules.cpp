// SPDX-License-Identifier: GPL-3.0-or-later
// The table follows TFLite's quantization specification (the op-by-op list of int8 constraints) and
// the ops with 16x8 kernels. Ops not listed stay float.
#include "core/quant/quant_rules.h"

#include <algorithm>
#include <array>
#include <utility>

namespace lf::quant {

namespace {

using ir::OpKind;

constexpr OpRule calibrated(bool int16 = false)
{
    OpRule rule;
    rule.int16 = int16;
    return rule;
}

constexpr OpRule sameAsInput(bool int16 = false)
{
    OpRule rule;
    rule.output = OutputRule::SameAsInput;
    rule.int16 = int16;
    return rule;
}

constexpr OpRule fixed(float scale8, std::int32_t zeroPoint8, float scale16)
{
    OpRule rule;
    rule.output = OutputRule::Fixed;
    rule.fixedScale8 = scale8;
    rule.fixedZeroPoint8 = zeroPoint8;
    rule.fixedScale16 = scale16;
    rule.int16 = scale16 > 0;
    return rule;
}

constexpr OpRule weighted(int weights, int axis, int bias, int activation)
{
    OpRule rule;
    rule.weightsInput = weights;
    rule.weightsAxis = axis;
    rule.biasInput = bias;
    rule.activationInput = activation;
    rule.int16 = true;
    return rule;
}

const auto kRules = std::to_array<std::pair<OpKind, OpRule>>({
    {OpKind::Add, calibrated(true)},
    {OpKind::ArgMax, calibrated()},
    {OpKind::ArgMin, calibrated()},
    {OpKind::AveragePool2D, sameAsInput(true)},
    {OpKind::BatchMatMul, calibrated(true)},
    {OpKind::BatchToSpaceNd, sameAsInput()},
    {OpKind::BroadcastTo, sameAsInput()},
    {OpKind::Concatenation, calibrated(true)},
    {OpKind::Conv2D, weighted(1, 0, 2, 0)},
    {OpKind::DepthToSpace, sameAsInput()},
    {OpKind::DepthwiseConv2D, weighted(1, 3, 2, 0)},
    {OpKind::Elu, calibrated()},
    {OpKind::ExpandDims, sameAsInput(true)},
    {OpKind::FullyConnected, weighted(1, 0, 2, 0)},
    {OpKind::Gather, sameAsInput(true)},
    {OpKind::HardSwish, calibrated()},
    {OpKind::L2Normalization, fixed(1.0f / 128.0f, 0, 0)},
    {OpKind::LeakyRelu, calibrated(true)},
    {OpKind::LogSoftmax, fixed(16.0f / 256.0f, 127, 0)},
    {OpKind::Logistic, fixed(1.0f / 256.0f, -128, 1.0f / 32768.0f)},
    {OpKind::MaxPool2D, sameAsInput(true)},
    {OpKind::Maximum, calibrated(true)},
    {OpKind::Mean, calibrated(true)},
    {OpKind::Minimum, calibrated(true)},
    {OpKind::MirrorPad, sameAsInput()},
    {OpKind::Mul, calibrated(true)},
    {OpKind::Pack, sameAsInput(true)},
    {OpKind::Pad, sameAsInput(true)},
    {OpKind::PadV2, sameAsInput(true)},
    {OpKind::Prelu, calibrated()},
    {OpKind::ReduceMax, sameAsInput(true)},
    {OpKind::ReduceMin, sameAsInput(true)},
    {OpKind::Relu, calibrated(true)},
    {OpKind::Relu6, calibrated(true)},
    {OpKind::ReluN1To1, calibrated()},
    {OpKind::Reshape, sameAsInput(true)},
    {OpKind::ResizeBilinear, sameAsInput(true)},
    {OpKind::ResizeNearestNeighbor, sameAsInput(true)},
    {OpKind::Slice, sameAsInput(true)},
    {OpKind::Softmax, fixed(1.0f / 256.0f, -128, 1.0f / 32768.0f)},
    {OpKind::SpaceToBatchNd, sameAsInput()},
    {OpKind::SpaceToDepth, sameAsInput()},
    {OpKind::Split, sameAsInput(true)},
    {OpKind::SplitV, sameAsInput(true)},
    {OpKind::SquaredDifference, calibrated()},
    {OpKind::Squeeze, sameAsInput(true)},
    {OpKind::StridedSlice, sameAsInput(true)},
    {OpKind::Sub, calibrated(true)},
    {OpKind::Sum, calibrated(true)},
    {OpKind::Tanh, fixed(1.0f / 128.0f, 0, 1.0f / 32768.0f)},
    {OpKind::Tile, sameAsInput()},
    {OpKind::Transpose, sameAsInput(true)},
    {OpKind::TransposeConv, weighted(1, 0, 3, 2)},
    {OpKind::Unpack, sameAsInput(true)},
});

} // namespace

const OpRule* quantizationRule(ir::OpKind op)
{
    auto it = std::find_if(kRules.begin(), kRules.end(), [op](const auto& entry) { return entry.first == op; });
    return it == kRules.end() ? nullptr : &it->second;
}

} // namespace lf::quant
