// SPDX-License-Identifier: GPL-3.0-or-later
// The shape-only kernels. Output shapes follow TFLite's prepare() logic exactly (RESHAPE's -1 and
// zero-extent inference, the legacy [0] scalar shape, SQUEEZE without dims squeezing every unit
// dim); shape inputs must be constant, since the interpreter plans every shape before running.
#include "core/interpreter/kernels/reshape.h"

#include "core/interpreter/kernels/transpose.h"

#include <cstring>

namespace lf::interp {

namespace {

/// TFLite's limit for SQUEEZE and BROADCAST_TO.
constexpr int kMaxRank = 8;

std::string shapeText(const std::vector<std::int64_t>& shape)
{
    std::string text = "[";
    for (std::size_t i = 0; i < shape.size(); ++i)
        text += (i ? "," : "") + std::to_string(shape[i]);
    return text + "]";
}

/// The kernels whose output holds the input bytes unchanged.
class ByteCopyKernel : public Kernel
{
public:
    void eval(const KernelArgs& args) final
    {
        const TensorView& input = args.input(0);
        TensorView& output = args.output(0);
        if (output.data != input.data)
            std::memcpy(output.data, input.data, input.byteSize());
    }
};

class ReshapeKernel final : public ByteCopyKernel
{
public:
    Result<void> prepare(KernelArgs& args) override
    {
        if (auto ok = checkArity(args, 1, 2, 1); !ok)
            return ok;
        if (auto ok = checkMovable(args); !ok)
            return ok;
        std::vector<std::int64_t> shape;
        // TFLite takes the shape from a 1-D int32 second input and otherwise from the new_shape
        // option.
        const bool fromTensor = args.hasInput(1) && args.input(1).rank() == 1
            && args.input(1).dtype == ir::DType::Int32;
        if (fromTensor) {
            Result<std::vector<std::int64_t>> values = constantIntegers(args, 1, "shape");
            if (!values)
                return std::unexpected(values.error());
            shape = std::move(*values);
        } else {
            shape = args.node.attributes.getOr<std::vector<std::int64_t>>("new_shape", {});
            if (shape.size() == 1 && shape[0] == 0)
                shape.clear(); // legacy converters wrote [0] for a scalar
        }
        const TensorView& input = args.input(0);
        std::int64_t inputCount = 1;
        std::int64_t nonZeroInputCount = 1;
        for (std::int64_t extent : input.shape) {
            inputCount *= extent;
            if (extent != 0)
                nonZeroInputCount *= extent;
        }
        std::int64_t outputCount = 1;
        std::int64_t nonZeroOutputCount = 1;
        int stretch = -1;
        for (std::size_t d = 0; d < shape.size(); ++d) {
            if (shape[d] == -1) {
                if (stretch >= 0)
                    return kernelError(
                        args, "new shape " + shapeText(shape) + " has more than one -1");
                stretch = static_cast<int>(d);
                continue;
            }
            if (shape[d] < 0)
                return kernelError(
                    args, "new shape " + shapeText(shape) + " has a negative extent");
            if (shape[d] != 0)
                nonZeroOutputCount *= shape[d];
            outputCount *= shape[d];
        }
        if (stretch >= 0) {
            auto& extent = shape[static_cast<std::size_t>(stretch)];
            extent = (inputCount == 0 && outputCount != 0) ? 0
                                                           : nonZeroInputCount / nonZeroOutputCount;
            outputCount *= extent;
        }
        if (outputCount != inputCount) {
            const std::string hint = args.hasInput(1) && !fromTensor
                ? " (a shape input is read only when it is a 1-D int32 tensor, else new_shape)"
                : "";
            return kernelError(args,
                "cannot reshape " + shapeText(input.shape) + " (" + std::to_string(inputCount)
                    + " elements) to " + shapeText(shape) + hint);
        }
        args.output(0).shape = std::move(shape);
        return {};
    }
};

class SqueezeKernel final : public ByteCopyKernel
{
public:
    Result<void> prepare(KernelArgs& args) override
    {
        if (auto ok = checkArity(args, 1, 1, 1); !ok)
            return ok;
        if (auto ok = checkMovable(args); !ok)
            return ok;
        const TensorView& input = args.input(0);
        const int rank = input.rank();
        if (rank > kMaxRank)
            return kernelError(args,
                "supports up to " + std::to_string(kMaxRank) + " dims, not "
                    + std::to_string(rank));
        const auto dims = args.node.attributes.getOr<std::vector<std::int64_t>>("squeeze_dims", {});
        std::vector<bool> squeeze(static_cast<std::size_t>(rank), false);
        for (int d = 0; d < rank; ++d)
            squeeze[static_cast<std::size_t>(d)]
                = dims.empty() && input.shape[static_cast<std::size_t>(d)] == 1;
        for (std::int64_t dim : dims) {
            const std::int64_t d = dim < 0 ? dim + rank : dim;
            if (d < 0 || d >= rank || input.shape[static_cast<std::size_t>(d)] != 1)
                return kernelError(args,
                    "cannot squeeze dim " + std::to_string(dim) + " of " + shapeText(input.shape));
            squeeze[static_cast<std::size_t>(d)] = true;
        }
        std::vector<std::int64_t> shape;
        for (int d = 0; d < rank; ++d) {
            if (!squeeze[static_cast<std::size_t>(d)])
                shape.push_back(input.shape[static_cast<std::size_t>(d)]);
        }
        args.output(0).shape = std::move(shape);
        return {};
    }
};

class ExpandDimsKernel final : public ByteCopyKernel
{
public:
    Result<void> prepare(KernelArgs& args) override
    {
        if (auto ok = checkArity(args, 2, 2, 1); !ok)
            return ok;
        if (auto ok = checkMovable(args); !ok)
            return ok;
        const TensorView& input = args.input(0);
        TensorView& output = args.output(0);
        if (input.scale() != output.scale() || input.zeroPoint() != output.zeroPoint())
            return kernelError(args, "input and output quantization must be equal");
        Result<std::vector<std::int64_t>> axis = constantIntegers(args, 1, "axis");
        if (!axis)
            return std::unexpected(axis.error());
        if (axis->size() != 1)
            return kernelError(args, "axis must hold exactly one value");
        const int rank = input.rank();
        const std::int64_t at = (*axis)[0] < 0 ? (*axis)[0] + rank + 1 : (*axis)[0];
        if (at < 0 || at > rank)
            return kernelError(args,
                "axis " + std::to_string((*axis)[0]) + " is out of range for rank "
                    + std::to_string(rank));
        output.shape = input.shape;
        output.shape.insert(output.shape.begin() + at, 1);
        return {};
    }
};

class ShapeKernel final : public Kernel
{
public:
    Result<void> prepare(KernelArgs& args) override
    {
        if (auto ok = checkArity(args, 1, 1, 1); !ok)
            return ok;
        TensorView& output = args.output(0);
        if (output.dtype != ir::DType::Int32 && output.dtype != ir::DType::Int64)
            return kernelError(args,
                "out_type must be int32 or int64, not " + std::string(ir::dtypeName(output.dtype)));
        output.shape = { args.input(0).rank() };
        return {};
    }

    void eval(const KernelArgs& args) override
    {
        const std::vector<std::int64_t>& shape = args.input(0).shape;
        TensorView& output = args.output(0);
        for (std::size_t d = 0; d < shape.size(); ++d) {
            if (output.dtype == ir::DType::Int64)
                output.as<std::int64_t>()[d] = shape[d];
            else
                output.as<std::int32_t>()[d] = static_cast<std::int32_t>(shape[d]);
        }
    }
};

class BroadcastToKernel final : public Kernel
{
public:
    Result<void> prepare(KernelArgs& args) override
    {
        if (auto ok = checkArity(args, 2, 2, 1); !ok)
            return ok;
        if (auto ok = checkMovable(args); !ok)
            return ok;
        Result<std::vector<std::int64_t>> shape = constantIntegers(args, 1, "shape");
        if (!shape)
            return std::unexpected(shape.error());
        const TensorView& input = args.input(0);
        const int rank = static_cast<int>(shape->size());
        if (args.input(1).rank() != 1 || rank > kMaxRank || input.rank() > rank)
            return kernelError(
                args, "cannot broadcast " + shapeText(input.shape) + " to " + shapeText(*shape));
        const std::vector<std::int64_t> inStrides = rowMajorStrides(input.shape);
        StridedCopy copy;
        copy.elementSize = ir::dtypeSize(input.dtype);
        copy.extents = *shape;
        copy.srcStrides.assign(static_cast<std::size_t>(rank), 0);
        const int leading = rank - input.rank();
        for (int d = 0; d < rank; ++d) {
            const std::int64_t extent = (*shape)[static_cast<std::size_t>(d)];
            if (extent < 0)
                return kernelError(args, "shape " + shapeText(*shape) + " has a negative extent");
            if (d < leading)
                continue;
            const auto from = static_cast<std::size_t>(d - leading);
            if (input.shape[from] != 1 && input.shape[from] != extent)
                return kernelError(args,
                    "cannot broadcast " + shapeText(input.shape) + " to " + shapeText(*shape));
            if (input.shape[from] != 1)
                copy.srcStrides[static_cast<std::size_t>(d)] = inStrides[from];
        }
        copy.dstStrides = rowMajorStrides(*shape);
        args.output(0).shape = std::move(*shape);
        m_copy = simplify(std::move(copy));
        return {};
    }

    void eval(const KernelArgs& args) override
    {
        runStridedCopy(m_copy, args.input(0).data, args.output(0).data, args.pool);
    }

private:
    StridedCopy m_copy;
};

template <class K> std::unique_ptr<Kernel> make()
{
    return std::make_unique<K>();
}

} // namespace

void registerReshapeKernels(KernelRegistry& registry)
{
    registry.add(ir::OpKind::BroadcastTo, &make<BroadcastToKernel>);
    registry.add(ir::OpKind::ExpandDims, &make<ExpandDimsKernel>);
    registry.add(ir::OpKind::Reshape, &make<ReshapeKernel>);
    registry.add(ir::OpKind::Shape, &make<ShapeKernel>);
    registry.add(ir::OpKind::Squeeze, &make<SqueezeKernel>);
}

} // namespace lf::interp
