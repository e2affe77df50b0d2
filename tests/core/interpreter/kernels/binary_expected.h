// SPDX-License-Identifier: GPL-3.0-or-later
// The cases of the binary and select kernel test (tst_binary.cpp) and their expected outputs,
// computed independently of the kernels: plain formulas for float, integer and bool operands, the
// reference element functions (reference/binary.h, with TFLite's parameters) for quantized ones.
#pragma once

#include "core/base/npy.h"
#include "core/ir/graph.h"

#include <optional>
#include <string>
#include <vector>

namespace lf::test::binary_test {

using ir::DType;
using ir::OpKind;
using Shape = std::vector<std::int64_t>;

struct Quant
{
    float scale = 0.0f; ///< 0: not quantized
    std::int64_t zeroPoint = 0;
};

struct Operand
{
    DType dtype = DType::Float32;
    Shape shape;
    Quant quant;
    bool constant = false;
};

/// A one-node model op(inputs...) -> output and the attributes that matter.
struct Case
{
    OpKind op = OpKind::Add;
    std::vector<Operand> inputs;
    DType outputDtype = DType::Float32;
    Quant output;
    std::string activation; ///< empty: attribute absent
    std::optional<bool> potScaleInt16;
    std::uint32_t seed = 1;
};

bool isComparison(OpKind op);

/// Per-tensor parameters, none for an unquantized operand.
ir::QuantParams quantParams(Quant q);

/// The broadcast shape of the operands (SELECT: the shape of x).
Shape outputShape(const Case& c);

/// The expected output for the operand values `data` (constant ones included), in input order.
NpyArray expected(const Case& c, const std::vector<NpyArray>& data);

} // namespace lf::test::binary_test
