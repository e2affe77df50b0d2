// SPDX-License-Identifier: GPL-3.0-or-later
// SOFTMAX and LOG_SOFTMAX kernels. Prepare checks TFLite's output quantization constraints and builds
// the exp tables; eval splits the rows over the thread pool and runs the reference row loops.
#include "core/interpreter/kernels/softmax.h"

#include "core/interpreter/kernel_registry.h"
#include "core/interpreter/kernels/reference/softmax.h"

#include <cmath>
#include <string>

namespace lf::interp {
namespace {

using ir::DType;

constexpr std::int64_t kElementsPerTask = std::int64_t{1} << 13;

std::string dtypeText(DType dtype) { return std::string(ir::dtypeName(dtype)); }

Result<void> checkPerTensor(const KernelArgs& args, const TensorView& tensor, const char* role)
{
    if (tensor.quant->scales.size() != 1 || tensor.quant->zeroPoints.size() > 1)
        return kernelError(args, std::string(role) + " (" + dtypeText(tensor.dtype)
                                     + ") needs one per-tensor scale and zero point");
    return {};
}

/// Calls body(data offset, row count) on groups of whole rows, in parallel when there is enough work.
template <class Body>
void forRows(const KernelArgs& args, std::int64_t depth, const Body& body)
{
    if (depth == 0)
        return;
    const std::int64_t rows = args.input(0).elementCount() / depth;
    const std::int64_t minRows = std::max<std::int64_t>(1, kElementsPerTask / depth);
    auto run = [&](std::int64_t begin, std::int64_t end) { body(begin * depth, end - begin); };
    if (args.pool == nullptr || rows < 2 * minRows)
        run(0, rows);
    else
        args.pool->parallelFor(rows, minRows, run);
}

/// Shared checks: one input of rank >= 1, output shape = input shape, per-tensor quantization.
Result<void> prepareCommon(KernelArgs& args)
{
    if (auto arity = checkArity(args, 1, 1, 1); !arity)
        return arity;
    const TensorView& input = args.input(0);
    TensorView& output = args.output(0);
    if (input.rank() < 1)
        return kernelError(args, "needs an input of rank 1 or more");
    output.shape = input.shape;
    if (input.dtype != DType::Float32) {
        if (auto ok = checkPerTensor(args, input, "input"); !ok)
            return ok;
        if (auto ok = checkPerTensor(args, output, "output"); !ok)
            return ok;
    }
    return {};
}

class SoftmaxKernel final : public Kernel {
public:
    Result<void> prepare(KernelArgs& args) override
    {
        if (auto common = prepareCommon(args); !common)
            return common;
        const TensorView& input = args.input(0);
        const TensorView& output = args.output(0);
        m_in = input.dtype;
        m_out = output.dtype;
        m_depth = input.shape.back();
        const auto beta = static_cast<float>(args.node.attributes.getOr<double>("beta", 0.0));
        const bool supported = (m_in == DType::Float32 && m_out == DType::Float32)
            || ((m_in == DType::Int8 || m_in == DType::UInt8) && (m_out == m_in || m_out == DType::Int16))
            || (m_in == DType::Int16 && m_out == DType::Int16);
        if (!supported)
            return kernelError(args, "does not support " + dtypeText(m_in) + " input with " + dtypeText(m_out) + " output");
        if (m_in == DType::Float32) {
            m_beta = beta;
            return {};
        }
        if (m_in == DType::Int8 && m_out == DType::Int8
            && (output.zeroPoint() != -128 || std::abs(output.scale() - 1.0f / 256) > 0.001f * 1.0f / 256))
            return kernelError(args, "int8 output needs scale 1/256 and zero point -128");
        if (m_in == DType::Int16) {
            if (input.zeroPoint() != 0 || output.zeroPoint() != 0)
                return kernelError(args, "int16 needs zero points of 0");
            if (std::abs(output.scale() - 1.0f / 32768) > 0.001f * 1.0f / 32768)
                return kernelError(args, "int16 output needs scale 1/32768");
            if (input.rank() > 4)
                return kernelError(args, "int16 supports ranks 1 to 4 only (as TFLite)");
            m_int16 = reference::makeSoftmaxInt16Params(input.scale(), beta);
            return {};
        }
        m_table = reference::makeSoftmaxExpTable(input.scale(), beta);
        m_outputScale = output.scale();
        m_outputZeroPoint = output.zeroPoint();
        return {};
    }

    void eval(const KernelArgs& args) override
    {
        const std::byte* in = args.input(0).data;
        std::byte* out = args.output(0).data;
        forRows(args, m_depth, [&](std::int64_t offset, std::int64_t rows) {
            if (m_in == DType::Float32)
                reference::softmaxFloat(typed<float>(in) + offset, typed<float>(out) + offset, rows, m_depth, m_beta);
            else if (m_in == DType::Int16)
                reference::softmaxInt16(typed<std::int16_t>(in) + offset, typed<std::int16_t>(out) + offset, rows, m_depth, m_int16);
            else if (m_in == DType::Int8)
                runQuantized<std::int8_t>(in, out, offset, rows);
            else
                runQuantized<std::uint8_t>(in, out, offset, rows);
        });
    }

private:
    template <class T>
    static T* typed(std::byte* data) { return reinterpret_cast<T*>(data); }
    template <class T>
    static const T* typed(const std::byte* data) { return reinterpret_cast<const T*>(data); }

    template <class In>
    void runQuantized(const std::byte* in, std::byte* out, std::int64_t offset, std::int64_t rows) const
    {
        if (m_out == DType::Int16)
            reference::softmaxQuantized(typed<In>(in) + offset, typed<std::int16_t>(out) + offset, rows, m_depth, m_table,
                                        m_outputScale, m_outputZeroPoint);
        else
            reference::softmaxQuantized(typed<In>(in) + offset, typed<In>(out) + offset, rows, m_depth, m_table,
                                        m_outputScale, m_outputZeroPoint);
    }

    DType m_in = DType::Float32;
    DType m_out = DType::Float32;
    std::int64_t m_depth = 0;
    float m_beta = 1.0f;
    std::array<float, 256> m_table{};
    float m_outputScale = 1.0f;
    std::int32_t m_outputZeroPoint = 0;
    reference::SoftmaxInt16Params m_int16;
};

class LogSoftmaxKernel final : public Kernel {
public:
    Result<void> prepare(KernelArgs& args) override
    {
        if (auto common = prepareCommon(args); !common)
            return common;
        const TensorView& input = args.input(0);
        const TensorView& output = args.output(0);
        m_dtype = input.dtype;
        m_depth = input.shape.back();
        if (output.dtype != m_dtype)
            return kernelError(args, "input is " + dtypeText(m_dtype) + " but output is " + dtypeText(output.dtype));
        if (m_dtype == DType::Float32)
            return {};
        if (m_dtype != DType::Int8 && m_dtype != DType::UInt8)
            return kernelError(args, "does not support " + dtypeText(m_dtype) + " tensors");
        const std::int32_t zeroPoint = m_dtype == DType::Int8 ? 127 : 255;
        if (output.scale() != 16.0f / 256 || output.zeroPoint() != zeroPoint)
            return kernelError(args, dtypeText(m_dtype) + " output needs scale 16/256 and zero point " + std::to_string(zeroPoint));
        m_table = reference::makeSoftmaxExpTable(input.scale(), 1.0f);
        m_inputScale = input.scale();
        m_outputScale = output.scale();
        m_outputZeroPoint = zeroPoint;
        return {};
    }

    void eval(const KernelArgs& args) override
    {
        const std::byte* in = args.input(0).data;
        std::byte* out = args.output(0).data;
        forRows(args, m_depth, [&](std::int64_t offset, std::int64_t rows) {
            if (m_dtype == DType::Float32)
                reference::logSoftmaxFloat(reinterpret_cast<const float*>(in) + offset, reinterpret_cast<float*>(out) + offset,
                                           rows, m_depth);
            else if (m_dtype == DType::Int8)
                run<std::int8_t>(in, out, offset, rows);
            else
                run<std::uint8_t>(in, out, offset, rows);
        });
    }

private:
    template <class T>
    void run(const std::byte* in, std::byte* out, std::int64_t offset, std::int64_t rows) const
    {
        reference::logSoftmaxQuantized(reinterpret_cast<const T*>(in) + offset, reinterpret_cast<T*>(out) + offset, rows,
                                       m_depth, m_table, m_inputScale, m_outputScale, m_outputZeroPoint);
    }

    DType m_dtype = DType::Float32;
    std::int64_t m_depth = 0;
    std::array<float, 256> m_table{};
    float m_inputScale = 1.0f;
    float m_outputScale = 1.0f;
    std::int32_t m_outputZeroPoint = 0;
};

std::unique_ptr<Kernel> makeSoftmaxKernel() { return std::make_unique<SoftmaxKernel>(); }
std::unique_ptr<Kernel> makeLogSoftmaxKernel() { return std::make_unique<LogSoftmaxKernel>(); }

} // namespace

void registerSoftmaxKernels(KernelRegistry& registry)
{
    registry.add(ir::OpKind::LogSoftmax, &makeLogSoftmaxKernel);
    registry.add(ir::OpKind::Softmax, &makeSoftmaxKernel);
}

} // namespace lf::interp
