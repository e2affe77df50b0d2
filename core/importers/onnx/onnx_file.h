// SPDX-License-Identifier: GPL-3.0-or-later
// ONNX files without protobuf in the interface: TensorProto files (the inputs and expected outputs of
// ONNX's test_data_set_N folders) read as NumPy-style arrays, for the CLI and the tests.
#pragma once

#include "core/base/npy.h"
#include "core/base/result.h"

#include <filesystem>
#include <string>

namespace lf::onnx_import {

struct NamedArray {
    std::string name;
    NpyArray array;
};

/// Reads a serialized onnx.TensorProto with its exact dtype (int64 stays int64). Errors name the file.
Result<NamedArray> readTensorProtoFile(const std::filesystem::path& path);

} // namespace lf::onnx_import
