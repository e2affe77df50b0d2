// SPDX-License-Identifier: GPL-3.0-or-later
// Joining and splitting. Seen from the big tensor (the concatenation's output, the split's input),
// every operand owns one contiguous run in each of `outer` rows, so both directions are lists of
// memcpy calls that are spread over the thread pool. CONCATENATION additionally rescales uint8/int8
// operands whose quantization differs from the output's, in float exactly like TFLite's
// ConcatenationWithScaling, and applies a fused activation.
#include "core/interpreter/kernels/concatenation.h"

#include "core/interpreter/kernels/transpose.h"
#include "core/interpreter/quant_math.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace lf::interp {

namespace {

std::string shapeText(const std::vector<std::int64_t>& shape)
{
    std::string text = "[";
    for (std::size_t i = 0; i < shape.size(); ++i)
        text += (i ? "," : "") + std::to_string(shape[i]);
    return text + "]";
}

/// The big tensor as `outer` rows of `rowElements`, operand i owning `pieceElements[i]` elements of
/// every row from `pieceOffsets[i]` on.
struct RunLayout
{
    std::int64_t outer = 1;
    std::int64_t rowElements = 0;
    std::vector<std::int64_t> pieceElements;
    std::vector<std::int64_t> pieceOffsets;
    std::size_t elementSize = 1;

    std::size_t pieceBytes(std::size_t piece) const
    {
        return static_cast<std::size_t>(pieceElements[piece]) * elementSize;
    }
    std::size_t bigOffset(std::int64_t row, std::size_t piece) const
    {
        return static_cast<std::size_t>(row * rowElements + pieceOffsets[piece]) * elementSize;
    }
    std::size_t pieceOffset(std::int64_t row, std::size_t piece) const
    {
        return static_cast<std::size_t>(row * pieceElements[piece]) * elementSize;
    }
};

/// The layout of operands with extents `axisExtents` along `axis` of the big tensor `bigShape`.
RunLayout runLayout(const std::vector<std::int64_t>& bigShape, std::size_t axis,
    const std::vector<std::int64_t>& axisExtents, std::size_t elementSize)
{
    RunLayout layout;
    layout.elementSize = elementSize;
    std::int64_t inner = 1;
    for (std::size_t d = 0; d < bigShape.size(); ++d) {
        if (d < axis)
            layout.outer *= bigShape[d];
        else if (d > axis)
            inner *= bigShape[d];
    }
    std::int64_t offset = 0;
    for (std::int64_t extent : axisExtents) {
        layout.pieceElements.push_back(extent * inner);
        layout.pieceOffsets.push_back(offset);
        offset += extent * inner;
    }
    layout.rowElements = offset;
    return layout;
}

/// Copies every run of every operand, in parallel: from the inputs into output 0 when joining, from
/// input `bigIndex` into the outputs when splitting.
void moveRuns(const RunLayout& layout, const KernelArgs& args, bool join, std::size_t bigIndex = 0)
{
    const std::size_t pieces = layout.pieceElements.size();
    const auto rowBytes = static_cast<std::int64_t>(
        layout.rowElements * static_cast<std::int64_t>(layout.elementSize));
    parallelChunks(args.pool, layout.outer * static_cast<std::int64_t>(pieces),
        rowBytes / std::max<std::int64_t>(1, static_cast<std::int64_t>(pieces)),
        [&](std::int64_t begin, std::int64_t end) {
            for (std::int64_t item = begin; item < end; ++item) {
                const std::int64_t row = item / static_cast<std::int64_t>(pieces);
                const auto piece
                    = static_cast<std::size_t>(item % static_cast<std::int64_t>(pieces));
                if (join)
                    std::memcpy(args.output(0).data + layout.bigOffset(row, piece),
                        args.input(piece).data + layout.pieceOffset(row, piece),
                        layout.pieceBytes(piece));
                else
                    std::memcpy(args.output(piece).data + layout.pieceOffset(row, piece),
                        args.input(bigIndex).data + layout.bigOffset(row, piece),
                        layout.pieceBytes(piece));
            }
        });
}

template <class K> std::unique_ptr<Kernel> make()
{
    return std::make_unique<K>();
}

/// How CONCATENATION writes one operand's runs: a plain copy, or TFLite's float rescaling
/// round(q * scale + bias) + output zero point with scale = input scale * (1 / output scale).
struct Rescale
{
    bool copy = true;
    float scale = 1.0f;
    float bias = 0.0f;
};

class ConcatenationKernel final : public Kernel
{
public:
    Result<void> prepare(KernelArgs& args) override
    {
        if (auto ok = checkArity(args, 1, std::numeric_limits<std::size_t>::max(), 1); !ok)
            return ok;
        if (auto ok = checkMovable(args); !ok)
            return ok;
        const TensorView& first = args.input(0);
        TensorView& output = args.output(0);
        const int rank = first.rank();
        std::int64_t axis = args.node.attributes.getOr<std::int64_t>("axis", 0);
        if (axis < 0)
            axis += rank;
        if (axis < 0 || (axis >= rank && !(rank == 0 && axis == 0)))
            return kernelError(args,
                "axis " + std::to_string(axis) + " is out of range for rank "
                    + std::to_string(rank));
        std::vector<std::int64_t> extents;
        for (std::size_t i = 0; i < args.inputs.size(); ++i) {
            if (!args.inputs[i])
                return kernelError(args, "input " + std::to_string(i) + " is missing");
            const TensorView& input = args.input(i);
            if (input.dtype != first.dtype || input.rank() != rank)
                return kernelError(
                    args, "input " + std::to_string(i) + " differs in type or rank from input 0");
            for (int d = 0; d < rank; ++d) {
                if (d != axis
                    && input.shape[static_cast<std::size_t>(d)]
                        != first.shape[static_cast<std::size_t>(d)])
                    return kernelError(args,
                        "cannot concatenate " + shapeText(input.shape) + " with "
                            + shapeText(first.shape) + " along axis " + std::to_string(axis));
            }
            extents.push_back(rank == 0 ? 1 : input.shape[static_cast<std::size_t>(axis)]);
        }
        // TFLite joins constant scalars into a vector.
        output.shape = rank == 0
            ? std::vector<std::int64_t> { static_cast<std::int64_t>(extents.size()) }
            : first.shape;
        std::int64_t total = 0;
        for (std::int64_t extent : extents)
            total += extent;
        output.shape[static_cast<std::size_t>(axis)] = total;
        m_layout = runLayout(
            output.shape, static_cast<std::size_t>(axis), extents, ir::dtypeSize(first.dtype));
        return prepareValues(args);
    }

    void eval(const KernelArgs& args) override
    {
        if (!m_transform) {
            moveRuns(m_layout, args, true);
            return;
        }
        switch (args.output(0).dtype) {
        case ir::DType::Float32: transformRuns<float>(args); break;
        case ir::DType::Int8: transformRuns<std::int8_t>(args); break;
        case ir::DType::UInt8: transformRuns<std::uint8_t>(args); break;
        case ir::DType::Int16: transformRuns<std::int16_t>(args); break;
        default: break;
        }
    }

private:
    /// Rescaling and the fused activation; m_transform stays false for the plain copy.
    Result<void> prepareValues(const KernelArgs& args)
    {
        const TensorView& output = args.output(0);
        const std::string activation
            = args.node.attributes.getOr<std::string>("fused_activation_function", "NONE");
        if (activation != "NONE" && activation != "RELU" && activation != "RELU6"
            && activation != "RELU_N1_TO_1" && activation != "RELU_0_TO_1")
            return kernelError(args, "unsupported fused_activation_function " + activation);
        const bool quantized8 = output.dtype == ir::DType::Int8 || output.dtype == ir::DType::UInt8;
        m_rescales.assign(args.inputs.size(), Rescale {});
        m_transform = activation != "NONE";
        if (quantized8) {
            const float inverseOutputScale = 1.0f / output.scale();
            for (std::size_t i = 0; i < args.inputs.size(); ++i) {
                const TensorView& input = args.input(i);
                if (input.scale() == output.scale() && input.zeroPoint() == output.zeroPoint())
                    continue;
                Rescale& rescale = m_rescales[i];
                rescale.copy = false;
                rescale.scale = input.scale() * inverseOutputScale;
                rescale.bias = static_cast<float>(-input.zeroPoint()) * rescale.scale;
                m_transform = true;
            }
        }
        if (output.dtype == ir::DType::Int16) {
            for (const TensorView* input : args.inputs) {
                if (input->zeroPoint() != 0)
                    return kernelError(args, "int16 inputs must have a zero point of 0");
            }
            if (output.zeroPoint() != 0)
                return kernelError(args, "an int16 output must have a zero point of 0");
        }
        if (!m_transform)
            return {};
        if (output.dtype == ir::DType::Float32) {
            m_floatRange = activationRange(activation);
        } else if (quantized8 || output.dtype == ir::DType::Int16) {
            m_range = activationRange(activation, output);
        } else {
            return kernelError(
                args, "supports a fused activation only for float32, int8, uint8 and int16");
        }
        return {};
    }

    template <class T> void transformRuns(const KernelArgs& args) const
    {
        const std::size_t pieces = m_layout.pieceElements.size();
        const std::int32_t outputZeroPoint = args.output(0).zeroPoint();
        parallelChunks(args.pool, m_layout.outer * static_cast<std::int64_t>(pieces),
            m_layout.rowElements / static_cast<std::int64_t>(pieces)
                * static_cast<std::int64_t>(sizeof(T)),
            [&](std::int64_t begin, std::int64_t end) {
                for (std::int64_t item = begin; item < end; ++item) {
                    const std::int64_t row = item / static_cast<std::int64_t>(pieces);
                    const auto piece
                        = static_cast<std::size_t>(item % static_cast<std::int64_t>(pieces));
                    const T* in = reinterpret_cast<const T*>(
                        args.input(piece).data + m_layout.pieceOffset(row, piece));
                    T* out = reinterpret_cast<T*>(
                        args.output(0).data + m_layout.bigOffset(row, piece));
                    const std::int64_t count = m_layout.pieceElements[piece];
                    if constexpr (std::is_same_v<T, float>) {
                        for (std::int64_t j = 0; j < count; ++j)
                            out[j] = std::clamp(in[j], m_floatRange.min, m_floatRange.max);
                    } else if (m_rescales[piece].copy) {
                        for (std::int64_t j = 0; j < count; ++j)
                            out[j] = static_cast<T>(
                                std::clamp<std::int32_t>(in[j], m_range.min, m_range.max));
                    } else {
                        const Rescale& r = m_rescales[piece];
                        for (std::int64_t j = 0; j < count; ++j) {
                            // float multiply-add then round half away from zero, as TFLite.
                            const float value = static_cast<float>(in[j]) * r.scale + r.bias;
                            const std::int32_t q
                                = static_cast<std::int32_t>(std::round(value)) + outputZeroPoint;
                            out[j] = static_cast<T>(std::clamp(q, m_range.min, m_range.max));
                        }
                    }
                }
            });
    }

    RunLayout m_layout;
    std::vector<Rescale> m_rescales;
    bool m_transform = false;
    FloatRange m_floatRange {};
    QuantizedRange m_range {};
};

class PackKernel final : public Kernel
{
public:
    Result<void> prepare(KernelArgs& args) override
    {
        if (auto ok = checkArity(args, 1, std::numeric_limits<std::size_t>::max(), 1); !ok)
            return ok;
        if (auto ok = checkMovable(args); !ok)
            return ok;
        const TensorView& first = args.input(0);
        const auto count = static_cast<std::int64_t>(args.inputs.size());
        if (args.node.attributes.getOr<std::int64_t>("values_count", count) != count)
            return kernelError(
                args, "values_count does not match the " + std::to_string(count) + " inputs");
        const int rank = first.rank();
        std::int64_t axis = args.node.attributes.getOr<std::int64_t>("axis", 0);
        if (axis < 0)
            axis += rank + 1;
        if (axis < 0 || axis > rank)
            return kernelError(
                args, "axis is out of range for packing rank-" + std::to_string(rank) + " tensors");
        for (const TensorView* input : args.inputs) {
            if (!input || input->dtype != first.dtype || input->shape != first.shape)
                return kernelError(args,
                    "all inputs must have the type and shape of input 0, "
                        + shapeText(first.shape));
        }
        TensorView& output = args.output(0);
        output.shape = first.shape;
        output.shape.insert(output.shape.begin() + axis, count);
        m_layout = runLayout(output.shape, static_cast<std::size_t>(axis),
            std::vector<std::int64_t>(static_cast<std::size_t>(count), 1),
            ir::dtypeSize(first.dtype));
        return {};
    }

    void eval(const KernelArgs& args) override { moveRuns(m_layout, args, true); }

private:
    RunLayout m_layout;
};

/// Base of UNPACK, SPLIT and SPLIT_V: input `value` cut along one axis into the outputs.
class SplitKernelBase : public Kernel
{
public:
    void eval(const KernelArgs& args) final { moveRuns(m_layout, args, false, m_valueIndex); }

protected:
    /// Validates types and sets the output shapes and the layout; `extents` may contain one -1.
    Result<void> planSplit(KernelArgs& args, std::size_t valueIndex, std::int64_t axis,
        std::vector<std::int64_t> extents, bool dropAxis)
    {
        const TensorView& value = args.input(valueIndex);
        if (!isMovableType(value.dtype))
            return kernelError(
                args, "does not support " + std::string(ir::dtypeName(value.dtype)) + " tensors");
        const int rank = value.rank();
        if (axis < 0)
            axis += rank;
        if (axis < 0 || axis >= rank)
            return kernelError(args, "axis is out of range for rank " + std::to_string(rank));
        const std::int64_t length = value.shape[static_cast<std::size_t>(axis)];
        if (extents.size() != args.outputs.size())
            return kernelError(args,
                "splits into " + std::to_string(extents.size()) + " parts but has "
                    + std::to_string(args.outputs.size()) + " outputs");
        std::int64_t known = 0;
        int unknown = -1;
        for (std::size_t i = 0; i < extents.size(); ++i) {
            if (extents[i] == -1 && unknown < 0) {
                unknown = static_cast<int>(i);
            } else if (extents[i] < 0) {
                return kernelError(args, "split sizes must not be negative (one -1 is allowed)");
            } else {
                known += extents[i];
            }
        }
        if (unknown >= 0)
            extents[static_cast<std::size_t>(unknown)] = length - known;
        if ((unknown >= 0 && known > length) || (unknown < 0 && known != length))
            return kernelError(args,
                "split sizes do not add up to the extent " + std::to_string(length) + " of axis "
                    + std::to_string(axis));
        for (std::size_t i = 0; i < args.outputs.size(); ++i) {
            TensorView& output = args.output(i);
            if (output.dtype != value.dtype)
                return kernelError(
                    args, "output " + std::to_string(i) + " differs in type from the input");
            output.shape = value.shape;
            if (dropAxis)
                output.shape.erase(output.shape.begin() + axis);
            else
                output.shape[static_cast<std::size_t>(axis)] = extents[i];
        }
        m_layout = runLayout(
            value.shape, static_cast<std::size_t>(axis), extents, ir::dtypeSize(value.dtype));
        m_valueIndex = valueIndex;
        return {};
    }

private:
    RunLayout m_layout;
    std::size_t m_valueIndex = 0;
};

class UnpackKernel final : public SplitKernelBase
{
public:
    Result<void> prepare(KernelArgs& args) override
    {
        if (auto ok = checkArity(args, 1, 1, args.outputs.size()); !ok)
            return ok;
        const TensorView& value = args.input(0);
        const int rank = value.rank();
        std::int64_t axis = args.node.attributes.getOr<std::int64_t>("axis", 0);
        if (axis < -rank || axis >= rank)
            return kernelError(args, "axis is out of range for rank " + std::to_string(rank));
        if (axis < 0)
            axis += rank;
        const std::int64_t length = value.shape[static_cast<std::size_t>(axis)];
        if (args.node.attributes.getOr<std::int64_t>("num", length) != length)
            return kernelError(
                args, "num does not match the extent " + std::to_string(length) + " of the axis");
        return planSplit(
            args, 0, axis, std::vector<std::int64_t>(static_cast<std::size_t>(length), 1), true);
    }
};

class SplitKernel final : public SplitKernelBase
{
public:
    Result<void> prepare(KernelArgs& args) override
    {
        // SPLIT takes the axis first and the value second.
        if (auto ok = checkArity(args, 2, 2, args.outputs.size()); !ok)
            return ok;
        Result<std::vector<std::int64_t>> axis = constantIntegers(args, 0, "axis");
        if (!axis)
            return std::unexpected(axis.error());
        if (axis->size() != 1)
            return kernelError(args, "axis must hold exactly one value");
        const auto parts = args.node.attributes.getOr<std::int64_t>(
            "num_splits", static_cast<std::int64_t>(args.outputs.size()));
        const TensorView& value = args.input(1);
        const std::int64_t a = (*axis)[0] < 0 ? (*axis)[0] + value.rank() : (*axis)[0];
        if (parts < 1 || a < 0 || a >= value.rank()
            || value.shape[static_cast<std::size_t>(a)] % parts != 0)
            return kernelError(args,
                "cannot split " + shapeText(value.shape) + " into " + std::to_string(parts)
                    + " equal parts along axis " + std::to_string((*axis)[0]));
        const std::int64_t part = value.shape[static_cast<std::size_t>(a)] / parts;
        return planSplit(
            args, 1, a, std::vector<std::int64_t>(static_cast<std::size_t>(parts), part), false);
    }
};

class SplitVKernel final : public SplitKernelBase
{
public:
    Result<void> prepare(KernelArgs& args) override
    {
        if (auto ok = checkArity(args, 3, 3, args.outputs.size()); !ok)
            return ok;
        Result<std::vector<std::int64_t>> sizes = constantIntegers(args, 1, "size_splits");
        if (!sizes)
            return std::unexpected(sizes.error());
        Result<std::vector<std::int64_t>> axis = constantIntegers(args, 2, "axis");
        if (!axis)
            return std::unexpected(axis.error());
        if (axis->size() != 1)
            return kernelError(args, "axis must hold exactly one value");
        return planSplit(args, 0, (*axis)[0], std::move(*sizes), false);
    }
};

} // namespace

void registerConcatenationKernels(KernelRegistry& registry)
{
    registry.add(ir::OpKind::Concatenation, &make<ConcatenationKernel>);
    registry.add(ir::OpKind::Pack, &make<PackKernel>);
    registry.add(ir::OpKind::Split, &make<SplitKernel>);
    registry.add(ir::OpKind::SplitV, &make<SplitVKernel>);
    registry.add(ir::OpKind::Unpack, &make<UnpackKernel>);
}

} // namespace lf::interp
