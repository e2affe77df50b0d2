// SPDX-License-Identifier: GPL-3.0-or-later
// What an ONNX op's lowering function works with. Lowering turns one ONNX node into TFLite-level IR
// nodes that keep ONNX's NCHW semantics at their boundaries: layout-sensitive ops (Conv, pools,
// Resize, DepthToSpace, ...) are emitted as NHWC TFLite ops between explicit TRANSPOSE nodes, weights
// are permuted physically, and the layout pass later sinks and cancels the transposes. So the graph
// is runnable by the interpreter after every single node, which is how shapes are inferred: emit()
// prepares each new node with its kernel (and folds it when all inputs are constant).
//
// Integer policy: ONNX int64 tensors become int32 in the IR (TFLite's index type); constants are
// narrowed with saturation (INT64_MAX slice ends become INT32_MAX).
#pragma once

#include "core/base/result.h"
#include "core/importers/onnx/source_node.h"
#include "core/ir/graph.h"
#include "core/passes/rewrite_log.h"

#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

namespace lf::onnx_import {

class LoweringContext final {
public:
    /// `bindings` maps ONNX value names to IR tensors of `graph` (inputs, initializers, lowered outputs).
    LoweringContext(ir::Graph& graph, const SourceNode& node, std::function<ir::TensorId(std::string_view)> lookup,
                    passes::RewriteLog& log);

    const SourceNode& node() const { return m_node; }
    int opset() const { return m_node.opset; }
    const ir::Attributes& attributes() const { return m_node.attributes; }
    ir::Graph& graph() { return m_graph; }

    // ---- inputs
    std::size_t inputCount() const { return m_node.inputs.size(); }
    /// True if input `i` exists and is not an omitted optional input ("").
    bool hasInput(std::size_t i) const;
    /// The IR tensor of input `i`; kNoTensor if omitted.
    ir::TensorId input(std::size_t i) const;
    const ir::Tensor& tensor(ir::TensorId id) const { return m_graph.tensors[static_cast<std::size_t>(id)]; }
    const ir::Tensor& inputTensor(std::size_t i) const { return tensor(input(i)); }
    /// Static extents of input `i` (every input has a static shape once inputs are pinned).
    std::vector<std::int64_t> inputShape(std::size_t i) const { return inputTensor(i).shape.extents(); }
    int inputRank(std::size_t i) const { return inputTensor(i).shape.rank(); }
    bool isConstant(std::size_t i) const { return hasInput(i) && inputTensor(i).isConstant(); }
    /// Values of a constant integer (or bool) input; UnsupportedOp "requires a constant <what>" otherwise.
    Result<std::vector<std::int64_t>> constantInts(std::size_t i, std::string_view what) const;
    /// Values of a constant floating-point input, as float.
    Result<std::vector<float>> constantFloats(std::size_t i, std::string_view what) const;

    // ---- building
    /// A new constant tensor named "<node>/<suffix>".
    ir::TensorId constant(ir::DType dtype, std::vector<std::int64_t> shape, ir::ConstData data, std::string_view suffix);
    ir::TensorId constantInt32(std::span<const std::int32_t> values, std::vector<std::int64_t> shape, std::string_view suffix);
    ir::TensorId constantFloat(std::span<const float> values, std::vector<std::int64_t> shape, std::string_view suffix);
    /// Appends a node named "<node>" (first call without suffix) or "<node>/<suffix>", with one output
    /// per entry of `outputTypes`; shapes come from the op's kernel, constant inputs are folded.
    /// Returns the output tensor ids. Errors name the ONNX node.
    Result<std::vector<ir::TensorId>> emit(ir::OpKind op, std::vector<ir::TensorId> inputs,
                                           std::vector<ir::DType> outputTypes, ir::Attributes attributes = {},
                                           std::string_view suffix = {});
    /// emit() for single-output ops.
    Result<ir::TensorId> emit1(ir::OpKind op, std::vector<ir::TensorId> inputs, ir::DType outputType,
                               ir::Attributes attributes = {}, std::string_view suffix = {});
    /// A layout TRANSPOSE of `value` by `perm`, logged as TransposeInserted.
    Result<ir::TensorId> transpose(ir::TensorId value, std::vector<std::int32_t> perm, std::string_view suffix);
    /// Channels-first -> channels-last of a rank 3..5 tensor (NCW->NWC, NCHW->NHWC, NCDHW->NDHWC) and back.
    Result<ir::TensorId> toChannelsLast(ir::TensorId value);
    Result<ir::TensorId> toChannelsFirst(ir::TensorId value);

    // ---- results
    /// Binds ONNX output `i` to `value`; the IR tensor takes the ONNX output's name.
    void setOutput(std::size_t i, ir::TensorId value);
    std::size_t outputCount() const { return m_node.outputs.size(); }
    bool hasOutput(std::size_t i) const { return i < m_node.outputs.size() && !m_node.outputs[i].empty(); }
    const std::vector<std::pair<std::size_t, ir::TensorId>>& boundOutputs() const { return m_outputs; }

    /// Records a rewrite attributed to this node.
    void log(passes::RewriteKind kind, std::string detail, std::vector<std::string> irNodes = {});
    /// UnsupportedOp naming the node: "<OpType> '<name>': <reason>".
    std::unexpected<Error> unsupported(std::string reason) const;
    /// A short label for messages: "Conv 'conv1'".
    std::string label() const;

private:
    std::string nodeName(std::string_view suffix) const;

    ir::Graph& m_graph;
    const SourceNode& m_node;
    std::function<ir::TensorId(std::string_view)> m_lookup;
    passes::RewriteLog& m_log;
    std::vector<std::pair<std::size_t, ir::TensorId>> m_outputs;
    bool m_firstNodeNamed = false;
};

using LowerFunction = Result<void> (*)(LoweringContext& context);
/// Static check for the coverage report, before anything is converted: the reason the node cannot be
/// lowered (attribute values, opset, input count), or an empty string if it can.
using CheckFunction = std::string (*)(const SourceNode& node);

struct OpLowering {
    std::string_view opType;
    LowerFunction lower;
    CheckFunction check = nullptr;
    /// For lowerings that change the numbers (a polynomial instead of the function, a less precise
    /// formula): what differs from ONNX's definition for this node, or an empty string if it is
    /// exact. The coverage report lists such nodes as approximated.
    CheckFunction approximation = nullptr;
};

/// The lowering for an op of the default domain; nullptr if the op is not supported.
const OpLowering* findLowering(std::string_view opType);
/// Every supported op type, sorted.
std::vector<std::string_view> supportedOpTypes();

} // namespace lf::onnx_import
