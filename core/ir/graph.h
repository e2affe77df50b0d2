// SPDX-License-Identifier: GPL-3.0-or-later
// The graph IR: value-semantic models made of graphs of nodes and tensors addressed by integer ids.
// Copying a Model is cheap (constant data is shared), so passes take a snapshot and return a new
// one, and the GUI can keep every stage for before/after views.
#pragma once

#include "core/ir/attribute.h"
#include "core/ir/const_data.h"
#include "core/ir/dtype.h"
#include "core/ir/op_kind.h"
#include "core/ir/quant_params.h"
#include "core/ir/shape.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lf::ir {

using TensorId = std::int32_t; ///< index into Graph::tensors
using NodeId = std::int32_t;   ///< index into Graph::nodes
constexpr TensorId kNoTensor = -1; ///< an omitted optional input

struct Tensor {
    std::string name; ///< preserved from the source model
    DType dtype = DType::Float32;
    Shape shape;
    Layout layout = Layout::Unspecified;
    QuantParams quant; ///< empty when not quantized
    ConstData data;    ///< non-empty for constants
    bool isVariable = false;

    bool isConstant() const { return !data.empty(); }
    bool isQuantized() const { return !quant.scales.empty(); }
};

struct Node {
    OpKind op = OpKind::Opaque;
    std::string name; ///< source-model node name where the format has one
    std::vector<TensorId> inputs; ///< kNoTensor for omitted optional inputs
    std::vector<TensorId> outputs;
    Attributes attributes;
    /// Version of the op in the TFLite op set this node was read with or will be written as; 0 = choose.
    int version = 0;
    /// Names of the source-model nodes this node came from (set by importers and kept by passes).
    std::vector<std::string> origin;

    /// The display name of the op: the canonical kind, the custom code, or the kept TFLite builtin.
    std::string typeName() const;
};

struct Graph {
    std::string name;
    std::vector<Tensor> tensors;
    std::vector<Node> nodes; ///< in execution (topological) order
    std::vector<TensorId> inputs;
    std::vector<TensorId> outputs;

    TensorId addTensor(Tensor tensor);
    NodeId addNode(Node node);
    /// For every tensor, the node producing it or -1 (graph inputs, constants).
    std::vector<NodeId> producers() const;
    /// Finds a tensor by name; -1 if there is none.
    TensorId findTensor(std::string_view tensorName) const;
};

/// A named entry point into a graph, with the names users see for its inputs and outputs (TFLite
/// SignatureDef; importers create one from the source model's signature or I/O names).
struct Signature {
    std::string key;
    int graphIndex = 0;
    std::vector<std::pair<std::string, TensorId>> inputs;
    std::vector<std::pair<std::string, TensorId>> outputs;
};

struct Metadata {
    std::string name;
    ConstData data;
};

struct Model {
    std::vector<Graph> graphs; ///< graphs[0] is the main graph; others are called by control-flow ops
    std::vector<Signature> signatures;
    std::string description;
    std::vector<Metadata> metadata;
    std::string sourceFormat; ///< "tflite", "onnx", ... as detected on import
    std::string sourcePath;

    const Graph& main() const { return graphs.front(); }
    Graph& main() { return graphs.front(); }
};

/// Creates a tensor-less, single-graph model, the usual start for importers and tests.
Model makeModel(std::string graphName);

} // namespace lf::ir
