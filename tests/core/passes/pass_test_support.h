// SPDX-License-Identifier: GPL-3.0-or-later
// Building IR graphs the way the ONNX importer emits them (NCHW boundaries, channels-last convs and
// pools between layout TRANSPOSEs, batch norm as MUL/ADD by [C,1,1] constants), and running a model
// before and after passes on the same random inputs to compare the outputs.
#pragma once

#include "core/base/npy.h"
#include "core/ir/graph.h"
#include "core/passes/pass.h"

#include <QString>

#include <random>
#include <string>
#include <vector>

namespace lf::test {

class IrBuilder final
{
public:
    explicit IrBuilder(std::uint32_t seed = 1);

    ir::Model& model() { return m_model; }
    ir::Graph& graph() { return m_model.main(); }

    /// A float graph input; rank-4 inputs are tagged NCHW.
    ir::TensorId input(const std::string& name, std::vector<std::int64_t> shape);
    /// Marks `tensor` as a graph output (rank 4: tagged NCHW) named `name`.
    void output(ir::TensorId tensor, const std::string& name);
    ir::TensorId floats(
        const std::string& name, std::vector<std::int64_t> shape, std::vector<float> values);
    ir::TensorId randomFloats(
        const std::string& name, std::vector<std::int64_t> shape, float low = -1, float high = 1);
    ir::TensorId ints(const std::string& name, std::vector<std::int64_t> values);

    /// Appends a node; output shapes come from the kernel (as the importer's emit()).
    ir::TensorId node(ir::OpKind op, std::vector<ir::TensorId> inputs,
        ir::Attributes attributes = {}, ir::DType outputType = ir::DType::Float32);
    std::vector<ir::TensorId> nodeN(ir::OpKind op, std::vector<ir::TensorId> inputs,
        std::size_t outputs, ir::Attributes attributes = {});
    ir::TensorId transpose(ir::TensorId x, std::vector<std::int64_t> perm);
    ir::TensorId toChannelsLast(ir::TensorId x) { return transpose(x, { 0, 2, 3, 1 }); }
    ir::TensorId toChannelsFirst(ir::TensorId x) { return transpose(x, { 0, 3, 1, 2 }); }

    /// ONNX Conv on an NCHW tensor: TRANSPOSE, CONV_2D (random OHWI weights and bias), TRANSPOSE.
    ir::TensorId conv(ir::TensorId x, std::int64_t outChannels, std::int64_t kernel,
        std::int64_t stride = 1, const std::string& padding = "SAME");
    /// ONNX depthwise Conv (group = channels) on an NCHW tensor.
    ir::TensorId depthwise(
        ir::TensorId x, std::int64_t kernel, const std::string& padding = "SAME");
    /// ONNX BatchNormalization on an NCHW tensor: MUL and ADD by random [C,1,1] constants.
    ir::TensorId batchNorm(ir::TensorId x);
    /// ONNX GlobalAveragePool: TRANSPOSE, AVERAGE_POOL_2D over the whole plane, TRANSPOSE.
    ir::TensorId globalAveragePool(ir::TensorId x);
    ir::TensorId reshape(ir::TensorId x, std::vector<std::int64_t> shape);
    /// ONNX Gemm with transB: FULLY_CONNECTED with random [out, in] weights and bias.
    ir::TensorId fullyConnected(ir::TensorId x, std::int64_t outputs);

    std::vector<std::int64_t> shapeOf(ir::TensorId tensor) const;

private:
    std::string nextName(ir::OpKind op);

    ir::Model m_model;
    std::mt19937 m_rng;
    int m_counter = 0;
};

/// Random inputs for every graph input of `model`.
std::vector<NpyArray> randomInputs(const ir::Model& model, std::uint32_t seed);

/// Runs `converted` on `inputs` made for `original` (inputs that the conversion made channels-last
/// are permuted on the way in, such outputs permuted back) and compares with `original`'s outputs.
/// Returns an empty string when every output matches within rtol 1e-5 (atol 1e-5), else why not.
QString compareModels(const ir::Model& original, const ir::Model& converted, std::uint32_t seed);

/// How many nodes of `model`'s main graph have `op`.
int countOps(const ir::Model& model, ir::OpKind op);

struct PassRun
{
    passes::RewriteLog log;
    QString error; ///< empty on success
};

/// Runs `pass` on `model` (with a fresh log and the user's `layout` overrides), then the verifier.
PassRun runPass(
    ir::Model& model, const passes::Pass& pass, const passes::LayoutOverrides* layout = nullptr);

} // namespace lf::test
