// SPDX-License-Identifier: GPL-3.0-or-later
// FULLY_CONNECTED and BATCH_MATMUL over the packed GEMM of gemm.h. Hybrid FULLY_CONNECTED (float
// input, int8 weights) quantizes each input row at run time and rescales the int32 sums, as LiteRT
// does.
#include "core/interpreter/kernels/fully_connected.h"

#include "core/interpreter/kernels/gemm.h"
#include "core/interpreter/kernels/hybrid.h"
#include "core/interpreter/kernels/reference/fully_connected.h"

#include <algorithm>
#include <cstring>
#include <type_traits>

namespace lf::interp {
namespace {

using detail::QuantizationSetup;
using detail::Scheme;

/// Multiply-accumulates below which a task is not worth handing to another thread.
constexpr std::int64_t kMinTaskWork = std::int64_t { 1 } << 18;

/// Runs body(rowBegin, rowEnd, panelBegin, panelEnd) over a split of a rows x panels GEMM: by rows
/// when each thread gets at least a full tile of them, else by panels. Small products stay on the
/// calling thread.
template <class Body>
void parallelGemm(
    ThreadPool* pool, std::int64_t rows, std::int64_t panels, std::int64_t work, Body body)
{
    const std::int64_t parts
        = std::clamp<std::int64_t>(work / kMinTaskWork, 1, pool ? pool->threadCount() : 1);
    if (parts <= 1) {
        body(0, rows, 0, panels);
        return;
    }
    const bool byRows = rows >= parts * 6;
    const std::int64_t count = byRows ? rows : panels;
    pool->parallelFor(std::min(parts, count), 1, [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t part = begin; part < end; ++part) {
            const auto [first, last] = detail::splitRange(count, std::min(parts, count), part);
            if (byRows)
                body(first, last, 0, panels);
            else
                body(0, rows, first, last);
        }
    });
}

class FullyConnectedKernel final : public Kernel
{
public:
    Result<void> prepare(KernelArgs& args) override;
    void eval(const KernelArgs& args) override;

private:
    void packWeights(const KernelArgs& args);
    void evalFloat(const KernelArgs& args);
    void evalHybrid(const KernelArgs& args);
    template <class T> void evalQuantized(const KernelArgs& args);
    template <class Acc> void evalInt16(const KernelArgs& args) const;

    QuantizationSetup m_quant;
    FloatRange m_activation {};
    std::int64_t m_batches = 0;
    std::int64_t m_depth = 0;
    std::int64_t m_units = 0;
    bool m_packed = false;
    std::vector<float> m_channelScales; ///< hybrid: weight scale per unit
    std::vector<float> m_rowScales; ///< hybrid: input scale per row
    detail::PackedFloatWeights m_floatWeights;
    detail::PackedInt16Weights m_int16Weights;
    std::vector<float> m_bias;
    std::vector<std::int16_t> m_rows;
    std::vector<std::int32_t> m_acc;
};

Result<void> FullyConnectedKernel::prepare(KernelArgs& args)
{
    if (auto arity = checkArity(args, 2, 3, 1); !arity)
        return arity;
    const TensorView& input = args.input(0);
    const TensorView& weights = args.input(1);
    const TensorView* bias = args.hasInput(2) ? &args.input(2) : nullptr;
    TensorView& output = args.output(0);
    if (weights.rank() != 2 || weights.dim(1) <= 0)
        return kernelError(args, "weights must be a non-empty [units, depth] matrix");
    if (args.node.attributes.getOr<std::string>("weights_format", "DEFAULT") != "DEFAULT")
        return kernelError(args, "only the DEFAULT weights_format is supported");
    m_units = weights.dim(0);
    m_depth = weights.dim(1);
    if (input.elementCount() % m_depth != 0)
        return kernelError(args,
            "input of " + std::to_string(input.elementCount())
                + " elements is not a whole number of rows of " + std::to_string(m_depth));
    m_batches = input.elementCount() / m_depth;
    if (args.node.attributes.getOr<bool>("keep_num_dims", false)) {
        if (input.rank() == 0 || input.dim(-1) != m_depth)
            return kernelError(
                args, "keep_num_dims needs the input's last dimension to equal the weights depth");
        output.shape = input.shape;
        output.shape.back() = m_units;
    } else {
        output.shape = { m_batches, m_units };
    }
    Result<std::string> activation = detail::readActivation(args);
    if (!activation)
        return std::unexpected(activation.error());
    Result<QuantizationSetup> quant = detail::prepareQuantization(
        args, input, weights, bias, output, 0, m_units, *activation, true);
    if (!quant)
        return std::unexpected(quant.error());
    m_quant = std::move(*quant);
    m_activation = activationRange(*activation);
    if (m_quant.scheme == Scheme::Hybrid) {
        m_channelScales = detail::channelScales(weights, m_units);
        m_rowScales.assign(static_cast<std::size_t>(m_batches), 0.0f);
    }
    if (m_quant.scheme == Scheme::Int16) {
        // TFLite requantizes 16x8 FULLY_CONNECTED in double, not with the 64-bit fixed-point
        // multiply its 16x8 convolutions use.
        const std::vector<float>& scales = weights.quant->scales;
        for (std::int64_t u = 0; u < m_units; ++u) {
            const float weightScale
                = scales.size() == 1 ? scales[0] : scales[static_cast<std::size_t>(u)];
            m_quant.params.doubleMultipliers.push_back(static_cast<double>(input.scale())
                * static_cast<double>(weightScale) / static_cast<double>(output.scale()));
        }
    }
    m_packed = false;
    if (weights.isConstant)
        packWeights(args);
    const std::int64_t panels = (m_units + detail::kGemmPanel - 1) / detail::kGemmPanel;
    m_bias.assign(static_cast<std::size_t>(panels * detail::kGemmPanel), 0.0f);
    if (m_quant.scheme == Scheme::Int8 || m_quant.scheme == Scheme::UInt8
        || m_quant.scheme == Scheme::Hybrid) {
        m_rows.assign(static_cast<std::size_t>(m_batches * ((m_depth + 1) / 2 * 2)), 0);
        m_acc.assign(static_cast<std::size_t>(m_batches * panels * detail::kGemmPanel), 0);
    }
    return {};
}

void FullyConnectedKernel::packWeights(const KernelArgs& args)
{
    const TensorView& weights = args.input(1);
    switch (m_quant.scheme) {
    case Scheme::Float:
        detail::packFloatWeights(
            weights.as<const float>(), m_units, m_depth, m_depth, 1, m_floatWeights);
        break;
    case Scheme::Hybrid:
        detail::packInt16Weights(
            weights.as<const std::int8_t>(), m_units, m_depth, m_depth, 1, 0, m_int16Weights);
        break;
    case Scheme::Int8:
        detail::packInt16Weights(weights.as<const std::int8_t>(), m_units, m_depth, m_depth, 1,
            m_quant.params.filterOffset, m_int16Weights);
        break;
    case Scheme::UInt8:
        detail::packInt16Weights(weights.as<const std::uint8_t>(), m_units, m_depth, m_depth, 1,
            m_quant.params.filterOffset, m_int16Weights);
        break;
    case Scheme::Int16: break;
    }
    m_packed = true;
}

void FullyConnectedKernel::eval(const KernelArgs& args)
{
    if (!m_packed || !args.input(1).isConstant)
        packWeights(args);
    switch (m_quant.scheme) {
    case Scheme::Float: evalFloat(args); break;
    case Scheme::Hybrid: evalHybrid(args); break;
    case Scheme::Int8: evalQuantized<std::int8_t>(args); break;
    case Scheme::UInt8: evalQuantized<std::uint8_t>(args); break;
    case Scheme::Int16:
        if (m_quant.int64Bias)
            evalInt16<std::int64_t>(args);
        else
            evalInt16<std::int32_t>(args);
        break;
    }
}

void FullyConnectedKernel::evalFloat(const KernelArgs& args)
{
    if (args.hasInput(2))
        std::copy_n(args.input(2).as<const float>(), m_units, m_bias.begin());
    const float* input = args.input(0).as<const float>();
    float* output = args.output(0).as<float>();
    parallelGemm(args.pool, m_batches, m_floatWeights.panels(), m_batches * m_depth * m_units,
        [&](std::int64_t r0, std::int64_t r1, std::int64_t p0, std::int64_t p1) {
            detail::gemmFloat(input + r0 * m_depth, r1 - r0, m_depth, m_floatWeights, p0, p1,
                args.hasInput(2) ? m_bias.data() : nullptr, m_activation, output + r0 * m_units,
                m_units);
        });
}

/// Hybrid FULLY_CONNECTED as LiteRT computes it (XNNPACK's dynamically quantized fully connected;
/// TFLite's own kernel with asymmetric_quantize_inputs): each input row quantized asymmetrically to
/// int8, out = bias + sum x (input scale x weight scale). (TFLite's kernel without XNNPACK
/// quantizes symmetrically unless asymmetric_quantize_inputs is set; LiteRT does not.)
void FullyConnectedKernel::evalHybrid(const KernelArgs& args)
{
    const std::int64_t width = m_int16Weights.depth;
    const std::int64_t ldacc = m_int16Weights.panels() * detail::kGemmPanel;
    const float* input = args.input(0).as<const float>();
    for (std::int64_t b = 0; b < m_batches; ++b) {
        std::int16_t* row = m_rows.data() + b * width;
        m_rowScales[static_cast<std::size_t>(b)]
            = detail::quantizeAsymmetric(input + b * m_depth, m_depth, row).scale;
    }
    const float* bias = args.hasInput(2) ? args.input(2).as<const float>() : nullptr;
    float* output = args.output(0).as<float>();
    parallelGemm(args.pool, m_batches, m_int16Weights.panels(), m_batches * m_depth * m_units,
        [&](std::int64_t r0, std::int64_t r1, std::int64_t p0, std::int64_t p1) {
            detail::gemmInt16(m_rows.data() + r0 * width, r1 - r0, width, m_int16Weights, p0, p1, 0,
                width / 2, m_acc.data() + r0 * ldacc, ldacc);
            const std::int64_t end = std::min(p1 * detail::kGemmPanel, m_units);
            for (std::int64_t r = r0; r < r1; ++r) {
                const float rowScale = m_rowScales[static_cast<std::size_t>(r)];
                for (std::int64_t u = p0 * detail::kGemmPanel; u < end; ++u) {
                    const float scale = rowScale * m_channelScales[static_cast<std::size_t>(u)];
                    const float sum = static_cast<float>(m_acc[r * ldacc + u]) * scale;
                    output[r * m_units + u] = std::clamp(
                        bias ? bias[u] + sum : sum, m_activation.min, m_activation.max);
                }
            }
        });
}

template <class T> void FullyConnectedKernel::evalQuantized(const KernelArgs& args)
{
    const std::int64_t width = m_int16Weights.depth;
    const std::int64_t ldacc = m_int16Weights.panels() * detail::kGemmPanel;
    detail::widenRows(args.input(0).as<const T>(), 0, m_batches, m_depth, m_depth, 1,
        m_quant.params.inputOffset, m_rows.data(), width);
    const std::int32_t* bias = args.hasInput(2) ? args.input(2).as<const std::int32_t>() : nullptr;
    T* output = args.output(0).as<T>();
    parallelGemm(args.pool, m_batches, m_int16Weights.panels(), m_batches * m_depth * m_units,
        [&](std::int64_t r0, std::int64_t r1, std::int64_t p0, std::int64_t p1) {
            detail::gemmInt16(m_rows.data() + r0 * width, r1 - r0, width, m_int16Weights, p0, p1, 0,
                width / 2, m_acc.data() + r0 * ldacc, ldacc);
            detail::requantizeBlock(m_acc.data() + r0 * ldacc, ldacc, bias, m_quant.requantizer,
                r1 - r0, p0 * detail::kGemmPanel, std::min(p1 * detail::kGemmPanel, m_units),
                output + r0 * m_units, m_units);
        });
}

template <class Acc> void FullyConnectedKernel::evalInt16(const KernelArgs& args) const
{
    std::span<const Acc> bias;
    if (args.hasInput(2))
        bias = args.input(2).span<const Acc>();
    reference::fullyConnectedQuantized<std::int16_t, std::int8_t, Acc>(m_batches, m_depth, m_units,
        m_quant.params, args.input(0).span<const std::int16_t>(),
        args.input(1).span<const std::int8_t>(), bias, args.output(0).span<std::int16_t>());
}

class BatchMatMulKernel final : public Kernel
{
public:
    Result<void> prepare(KernelArgs& args) override;
    void eval(const KernelArgs& args) override;

private:
    void evalFloat(const KernelArgs& args);
    void evalInt8(const KernelArgs& args);

    reference::BatchMatMulGeometry m_geometry;
    ir::DType m_dtype = ir::DType::Float32;
    reference::RequantizeParams m_params;
    detail::ChannelRequantizer m_requantizer;
    std::vector<float> m_lhs;
    std::vector<std::int16_t> m_rows;
    std::vector<std::int32_t> m_acc;
    detail::PackedFloatWeights m_floatRhs;
    detail::PackedInt16Weights m_int16Rhs;
};

Result<void> BatchMatMulKernel::prepare(KernelArgs& args)
{
    using ir::DType;
    if (auto arity = checkArity(args, 2, 2, 1); !arity)
        return arity;
    const TensorView& lhs = args.input(0);
    const TensorView& rhs = args.input(1);
    TensorView& output = args.output(0);
    if (lhs.rank() < 2 || rhs.rank() < 2 || lhs.rank() > 5 || rhs.rank() > 5)
        return kernelError(args, "operands must have rank 2 to 5");
    const int rank = std::max(lhs.rank(), rhs.rank());
    m_geometry.lhsShape.assign(static_cast<std::size_t>(rank - lhs.rank()), 1);
    m_geometry.lhsShape.insert(m_geometry.lhsShape.end(), lhs.shape.begin(), lhs.shape.end());
    m_geometry.rhsShape.assign(static_cast<std::size_t>(rank - rhs.rank()), 1);
    m_geometry.rhsShape.insert(m_geometry.rhsShape.end(), rhs.shape.begin(), rhs.shape.end());
    m_geometry.adjX = args.node.attributes.getOr<bool>("adj_x", false);
    m_geometry.adjY = args.node.attributes.getOr<bool>("adj_y", false);
    for (std::size_t i = 0; i + 2 < m_geometry.lhsShape.size(); ++i) {
        const std::int64_t l = m_geometry.lhsShape[i];
        const std::int64_t r = m_geometry.rhsShape[i];
        if (l != r && l != 1 && r != 1)
            return kernelError(args,
                "batch dimensions " + std::to_string(l) + " and " + std::to_string(r)
                    + " do not broadcast");
    }
    const std::int64_t rhsDepth = m_geometry.adjY
        ? m_geometry.rhsShape.back()
        : m_geometry.rhsShape[m_geometry.rhsShape.size() - 2];
    if (m_geometry.depth() != rhsDepth)
        return kernelError(args,
            "inner dimensions differ: " + std::to_string(m_geometry.depth()) + " and "
                + std::to_string(rhsDepth));

    m_dtype = lhs.dtype;
    if (rhs.dtype != m_dtype || output.dtype != m_dtype
        || (m_dtype != DType::Float32 && m_dtype != DType::Int8 && m_dtype != DType::Int16))
        return kernelError(args,
            "unsupported combination: " + std::string(ir::dtypeName(lhs.dtype)) + " x "
                + std::string(ir::dtypeName(rhs.dtype)) + " -> "
                + std::string(ir::dtypeName(output.dtype)));
    if (m_dtype != DType::Float32) {
        for (const TensorView* view : { &lhs, &rhs, static_cast<const TensorView*>(&output) }) {
            if (view->quant->scales.size() != 1 || view->scale() <= 0.0f)
                return kernelError(args, "integer operands need per-tensor quantization");
        }
        if (m_dtype == DType::Int16
            && (lhs.zeroPoint() != 0 || rhs.zeroPoint() != 0 || output.zeroPoint() != 0))
            return kernelError(args, "int16 operands must have zero point 0");
        m_params.inputOffset = -lhs.zeroPoint();
        m_params.filterOffset = -rhs.zeroPoint();
        m_params.outputOffset = output.zeroPoint();
        const float rhsScale = rhs.scale();
        m_params.multipliers = reference::channelMultipliers(
            lhs.scale(), std::span<const float>(&rhsScale, 1), output.scale(), m_geometry.cols());
        m_params.range = dtypeRange(m_dtype);
        m_requantizer = detail::makeRequantizer(m_params);
    }
    output.shape = m_geometry.outputShape();
    const std::int64_t rows = m_geometry.rows();
    const std::int64_t panels = (m_geometry.cols() + detail::kGemmPanel - 1) / detail::kGemmPanel;
    if (m_dtype == DType::Float32 && m_geometry.adjX)
        m_lhs.assign(static_cast<std::size_t>(rows * m_geometry.depth()), 0.0f);
    if (m_dtype == DType::Int8) {
        m_rows.assign(static_cast<std::size_t>(rows * ((m_geometry.depth() + 1) / 2 * 2)), 0);
        m_acc.assign(static_cast<std::size_t>(rows * panels * detail::kGemmPanel), 0);
    }
    return {};
}

void BatchMatMulKernel::eval(const KernelArgs& args)
{
    switch (m_dtype) {
    case ir::DType::Float32: evalFloat(args); break;
    case ir::DType::Int8: evalInt8(args); break;
    default:
        reference::batchMatMulQuantized<std::int16_t, std::int64_t>(m_geometry, m_params,
            args.input(0).span<const std::int16_t>(), args.input(1).span<const std::int16_t>(),
            args.output(0).span<std::int16_t>());
        break;
    }
}

void BatchMatMulKernel::evalFloat(const KernelArgs& args)
{
    const reference::BatchMatMulGeometry& g = m_geometry;
    const std::int64_t rows = g.rows();
    const std::int64_t cols = g.cols();
    const std::int64_t depth = g.depth();
    const float* lhs = args.input(0).as<const float>();
    const float* rhs = args.input(1).as<const float>();
    float* output = args.output(0).as<float>();
    const FloatRange none = activationRange("NONE");
    std::int64_t packedOffset = -1;
    for (std::int64_t batch = 0; batch < g.batchCount(); ++batch) {
        const auto [lhsOffset, rhsOffset] = g.batchOffsets(batch);
        const float* a = lhs + lhsOffset;
        if (g.adjX) {
            for (std::int64_t r = 0; r < rows; ++r) {
                for (std::int64_t k = 0; k < depth; ++k)
                    m_lhs[static_cast<std::size_t>(r * depth + k)] = a[k * rows + r];
            }
            a = m_lhs.data();
        }
        if (rhsOffset != packedOffset) {
            detail::packFloatWeights(
                rhs + rhsOffset, cols, depth, g.adjY ? depth : 1, g.adjY ? 1 : cols, m_floatRhs);
            packedOffset = rhsOffset;
        }
        float* out = output + batch * rows * cols;
        parallelGemm(args.pool, rows, m_floatRhs.panels(), rows * depth * cols,
            [&](std::int64_t r0, std::int64_t r1, std::int64_t p0, std::int64_t p1) {
                detail::gemmFloat(a + r0 * depth, r1 - r0, depth, m_floatRhs, p0, p1, nullptr, none,
                    out + r0 * cols, cols);
            });
    }
}

void BatchMatMulKernel::evalInt8(const KernelArgs& args)
{
    const reference::BatchMatMulGeometry& g = m_geometry;
    const std::int64_t rows = g.rows();
    const std::int64_t cols = g.cols();
    const std::int64_t depth = g.depth();
    const auto* lhs = args.input(0).as<const std::int8_t>();
    const auto* rhs = args.input(1).as<const std::int8_t>();
    auto* output = args.output(0).as<std::int8_t>();
    std::int64_t packedOffset = -1;
    for (std::int64_t batch = 0; batch < g.batchCount(); ++batch) {
        const auto [lhsOffset, rhsOffset] = g.batchOffsets(batch);
        if (rhsOffset != packedOffset) {
            detail::packInt16Weights(rhs + rhsOffset, cols, depth, g.adjY ? depth : 1,
                g.adjY ? 1 : cols, m_params.filterOffset, m_int16Rhs);
            packedOffset = rhsOffset;
        }
        const std::int64_t width = m_int16Rhs.depth;
        const std::int64_t ldacc = m_int16Rhs.panels() * detail::kGemmPanel;
        detail::widenRows(lhs + lhsOffset, 0, rows, depth, g.adjX ? 1 : depth, g.adjX ? rows : 1,
            m_params.inputOffset, m_rows.data(), width);
        std::int8_t* out = output + batch * rows * cols;
        parallelGemm(args.pool, rows, m_int16Rhs.panels(), rows * depth * cols,
            [&](std::int64_t r0, std::int64_t r1, std::int64_t p0, std::int64_t p1) {
                detail::gemmInt16(m_rows.data() + r0 * width, r1 - r0, width, m_int16Rhs, p0, p1, 0,
                    width / 2, m_acc.data() + r0 * ldacc, ldacc);
                detail::requantizeBlock(m_acc.data() + r0 * ldacc, ldacc, nullptr, m_requantizer,
                    r1 - r0, p0 * detail::kGemmPanel, std::min(p1 * detail::kGemmPanel, cols),
                    out + r0 * cols, cols);
            });
    }
}

std::unique_ptr<Kernel> makeFullyConnectedKernel()
{
    return std::make_unique<FullyConnectedKernel>();
}
std::unique_ptr<Kernel> makeBatchMatMulKernel()
{
    return std::make_unique<BatchMatMulKernel>();
}

} // namespace

void registerMatmulKernels(KernelRegistry& registry)
{
    registry.add(ir::OpKind::FullyConnected, &makeFullyConnectedKernel);
    registry.add(ir::OpKind::BatchMatMul, &makeBatchMatMulKernel);
}

} // namespace lf::interp
