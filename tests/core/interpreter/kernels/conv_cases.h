// SPDX-License-Identifier: GPL-3.0-or-later
// The cases of the convolution kernel test (tst_conv.cpp): CONV_2D, DEPTHWISE_CONV_2D and
// TRANSPOSE_CONV in every dtype scheme, and for each the one-node model with seeded weights and
// quantization, a seeded input and the expected output from the reference kernels
// (reference/conv.h) with the geometry computed from TFLite's documented rules.
#pragma once

#include "core/base/npy.h"
#include "core/ir/graph.h"

#include <string>
#include <vector>

namespace lf::test::conv_test {

using ir::DType;
using ir::OpKind;

enum class Scheme {
    Float,
    Hybrid,
    HybridPerTensor,
    Int8,
    Int8PerTensor,
    UInt8,
    Int16,
    Int16Bias32
};

struct ConvCase
{
    OpKind op = OpKind::Conv2D;
    Scheme scheme = Scheme::Float;
    std::vector<std::int64_t> inputShape; ///< NHWC
    std::int64_t outChannels
        = 1; ///< CONV_2D, TRANSPOSE_CONV; depthwise: input channels * multiplier
    std::int64_t kernelHeight = 1;
    std::int64_t kernelWidth = 1;
    std::int64_t strideHeight = 1;
    std::int64_t strideWidth = 1;
    std::int64_t dilationHeight = 1;
    std::int64_t dilationWidth = 1;
    std::string padding = "SAME";
    std::string activation = "NONE";
    std::int64_t groups = 1; ///< CONV_2D only
    std::vector<std::int64_t> transposeOutput; ///< TRANSPOSE_CONV: output H, W
    bool bias = true;
    std::uint32_t seed = 1;
};

/// A built one-node model with its input and the expected output from the reference kernels.
struct Built
{
    ir::Model model;
    NpyArray input;
    NpyArray expected;
};

/// The case's model, input and expected output; the same for the same case (seeded).
Built build(const ConvCase& c);

} // namespace lf::test::conv_test
