// SPDX-License-Identifier: GPL-3.0-or-later
// An ONNX node as the lowering functions see it: plain C++ (no protobuf), attributes converted to IR
// attributes (INT -> int64, FLOAT -> double, STRING -> string, INTS/FLOATS -> vectors) and tensor
// attributes (Constant's `value`, ConstantOfShape's `value`) converted to IR tensors.
#pragma once

#include "core/ir/attribute.h"
#include "core/ir/graph.h"

#include <map>
#include <string>
#include <vector>

namespace lf::onnx_import {

struct SourceNode {
    std::string opType;
    std::string domain; ///< "" for the default ai.onnx domain
    std::string name;   ///< the node's name, or its first output's name when the model has none
    int opset = 0;      ///< the model's opset version for the node's domain
    std::vector<std::string> inputs;  ///< "" for omitted optional inputs
    std::vector<std::string> outputs; ///< "" for omitted optional outputs
    ir::Attributes attributes;
    std::map<std::string, ir::Tensor, std::less<>> tensorAttributes;
    std::map<std::string, std::vector<std::string>, std::less<>> stringListAttributes; ///< STRINGS (e.g. RNN activations)
    std::vector<std::string> unsupportedAttributes; ///< graph-valued or other attributes we cannot read
};

} // namespace lf::onnx_import
