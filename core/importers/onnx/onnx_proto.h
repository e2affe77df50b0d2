// SPDX-License-Identifier: GPL-3.0-or-later
// The protobuf side of the ONNX importer (internal to core/importers/onnx): parsing a ModelProto,
// converting TensorProto (inline, typed fields or external data) and NodeProto into IR values.
#pragma once

#include "core/base/result.h"
#include "core/importers/onnx/source_node.h"
#include "core/ir/graph.h"

#include <onnx/onnx_pb.h>

#include <filesystem>
#include <optional>

namespace lf::onnx_import {

/// Parses `path` as an ONNX ModelProto. InvalidModel for bytes that are not one.
Result<onnx::ModelProto> parseModelProto(const std::filesystem::path& path);

/// The IR dtype of an ONNX TensorProto data type; nullopt for types the IR cannot hold.
std::optional<ir::DType> dtypeFromOnnx(int onnxType);

/// Converts a TensorProto exactly (int64 stays Int64). `baseDir` resolves external data files.
Result<ir::Tensor> tensorFromProto(const onnx::TensorProto& proto, const std::filesystem::path& baseDir);

/// The IR's integer policy: Int64 tensors become Int32 (saturating), everything else is unchanged.
ir::Tensor narrowInt64(ir::Tensor tensor);

/// Converts a node's attributes and identity; tensor attributes are read with `baseDir` for external data.
Result<SourceNode> sourceNodeFromProto(const onnx::NodeProto& proto, int opset, const std::filesystem::path& baseDir);

} // namespace lf::onnx_import
