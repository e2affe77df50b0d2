// SPDX-License-Identifier: GPL-3.0-or-later
// SELECT and SELECT_V2: the broadcast machinery of the binary kernels with three inputs; values
// are copied as bytes of their element size, whatever the dtype.
#include "core/interpreter/kernels/binary.h"

#include "core/interpreter/kernels/broadcast.h"
#include "core/interpreter/kernels/reference/binary.h"

#include <array>
#include <cstdint>
#include <string>

namespace lf::interp {
namespace {

namespace ref = reference;

/// Minimum elements per thread: a select is a memory-bound copy.
constexpr std::int64_t kCheapChunk = 32768;

/// SELECT (condition of the inputs' shape, a scalar, or a vector along dim 0) and SELECT_V2 (all
/// three broadcast). Values are copied as bytes of the element size, whatever the dtype.
class SelectKernel final : public Kernel
{
public:
    explicit SelectKernel(bool broadcasting)
        : m_broadcasting(broadcasting)
    {
    }

    Result<void> prepare(KernelArgs& args) override;
    void eval(const KernelArgs& args) override;

private:
    template <class T> void run(const KernelArgs& args) const;

    bool m_broadcasting;
    std::size_t m_elementSize = 0;
    BroadcastPlan m_plan;
};

Result<void> SelectKernel::prepare(KernelArgs& args)
{
    if (auto arity = checkArity(args, 3, 3, 1); !arity)
        return arity;
    const TensorView& condition = args.input(0);
    const TensorView& x = args.input(1);
    const TensorView& y = args.input(2);
    TensorView& out = args.output(0);
    if (condition.dtype != ir::DType::Bool)
        return kernelError(args, "needs a bool condition");
    if (x.dtype != y.dtype || out.dtype != x.dtype)
        return kernelError(args, "needs both value inputs and the output of one dtype");
    m_elementSize = ir::dtypeSize(x.dtype);
    if (m_elementSize != 1 && m_elementSize != 2 && m_elementSize != 4 && m_elementSize != 8)
        return kernelError(
            args, "does not support " + std::string(ir::dtypeName(x.dtype)) + " values");
    if (condition.shape.size() > kMaxBroadcastRank || x.shape.size() > kMaxBroadcastRank
        || y.shape.size() > kMaxBroadcastRank)
        return kernelError(args, "supports inputs up to rank " + std::to_string(kMaxBroadcastRank));
    std::array shapes { condition.shape, x.shape, y.shape };
    if (m_broadcasting) {
        const auto broadcast = ref::broadcastShapes(shapes);
        if (!broadcast)
            return kernelError(args, "cannot broadcast the input shapes together");
        out.shape = *broadcast;
    } else {
        if (x.shape != y.shape)
            return kernelError(args, "needs both value inputs of one shape");
        if (condition.shape != x.shape) {
            const bool vector = condition.shape.size() == 1 && !x.shape.empty()
                && condition.shape[0] == x.shape[0];
            if (!condition.shape.empty() && !vector)
                return kernelError(args,
                    "needs a condition of the inputs' shape, a scalar, or a vector along dim 0");
            if (vector) // selects whole slices along dim 0
                shapes[0].resize(x.shape.size(), 1);
        }
        out.shape = x.shape;
    }
    m_plan = makeBroadcastPlan(shapes, out.shape);
    return {};
}

template <class T> void SelectKernel::run(const KernelArgs& args) const
{
    const auto* condition = args.input(0).as<const std::uint8_t>();
    const T* x = args.input(1).as<const T>();
    const T* y = args.input(2).as<const T>();
    T* out = args.output(0).as<T>();
    const auto last = static_cast<std::size_t>(m_plan.rank - 1);
    const std::int64_t conditionStep = m_plan.strides[0][last];
    const std::int64_t xStep = m_plan.strides[1][last];
    const std::int64_t yStep = m_plan.strides[2][last];
    runParallel(args, m_plan.count, kCheapChunk, [&](std::int64_t begin, std::int64_t end) {
        walkBroadcast<3>(m_plan, begin, end,
            [&](const std::array<std::int64_t, 3>& offsets, std::int64_t position, std::int64_t n) {
                const std::uint8_t* c = condition + offsets[0];
                const T* a = x + offsets[1];
                const T* b = y + offsets[2];
                T* o = out + position;
                for (std::int64_t i = 0; i < n; ++i)
                    o[i] = c[i * conditionStep] != 0 ? a[i * xStep] : b[i * yStep];
            });
    });
}

void SelectKernel::eval(const KernelArgs& args)
{
    if (m_plan.count == 0)
        return;
    switch (m_elementSize) {
    case 1: return run<std::uint8_t>(args);
    case 2: return run<std::uint16_t>(args);
    case 4: return run<std::uint32_t>(args);
    default: return run<std::uint64_t>(args);
    }
}

template <bool Broadcasting> std::unique_ptr<Kernel> makeSelectKernel()
{
    return std::make_unique<SelectKernel>(Broadcasting);
}

} // namespace

void registerSelectKernels(KernelRegistry& registry)
{
    registry.add(ir::OpKind::Select, &makeSelectKernel<false>);
    registry.add(ir::OpKind::SelectV2, &makeSelectKernel<true>);
}

} // namespace lf::interp
