// SPDX-License-Identifier: GPL-3.0-or-later
// Activation kernels. Prepare validates like TFLite's activations.cc and precomputes multipliers;
// every 8-bit activation becomes a 256-entry table built from the reference element function (in
// XNNPACK's rounding where TFLite's default delegate takes the op), so eval is one gather per
// element. Float and int16 loops run in chunks spread over the thread pool.
#include "core/interpreter/kernels/activations.h"

#include "core/interpreter/kernel_registry.h"
#include "core/interpreter/kernels/reference/activations.h"
#include "core/interpreter/quant_math.h"

#include <bit>
#include <cmath>
#include <limits>
#include <string>

namespace lf::interp {
namespace {

using ir::DType;

constexpr std::int64_t kMemoryBoundChunk = std::int64_t{1} << 15;  ///< elements per task: clamps, lookups
constexpr std::int64_t kComputeBoundChunk = std::int64_t{1} << 11; ///< elements per task: exp, tanh, erfc

using ByteTable = std::array<std::uint8_t, 256>;

template <class Body>
void forChunks(const KernelArgs& args, std::int64_t count, std::int64_t minChunk, const Body& body)
{
    if (args.pool == nullptr || count < 2 * minChunk) {
        body(0, count);
        return;
    }
    args.pool->parallelFor(count, minChunk, body);
}

std::string dtypeText(DType dtype) { return std::string(ir::dtypeName(dtype)); }

Result<void> checkPerTensor(const KernelArgs& args, const TensorView& tensor, const char* role)
{
    if (tensor.quant->scales.size() != 1 || tensor.quant->zeroPoints.size() > 1)
        return kernelError(args, std::string(role) + " (" + dtypeText(tensor.dtype)
                                     + ") needs one per-tensor scale and zero point");
    return {};
}

/// TFLite's CheckedLog2: the rounded log2 of `x`, if `x` is a power of two within 1e-3 in log2.
bool checkedLog2(float x, int& log2)
{
    if (x <= 0.0f)
        return false;
    const float exact = std::log(x) * (1.0f / std::log(2.0f));
    const float rounded = std::round(exact);
    log2 = static_cast<int>(rounded);
    return std::abs(exact - rounded) < 1e-3f;
}

template <class Function>
ByteTable tabulateBytes(DType dtype, Function function)
{
    if (dtype == DType::Int8)
        return std::bit_cast<ByteTable>(reference::tabulate<std::int8_t>(function));
    return std::bit_cast<ByteTable>(reference::tabulate<std::uint8_t>(function));
}

template <class Transform>
ByteTable transformTable(const KernelArgs& args, Transform transform)
{
    const TensorView& in = args.input(0);
    const TensorView& out = args.output(0);
    if (in.dtype == DType::Int8)
        return std::bit_cast<ByteTable>(
            reference::makeLookupTable<std::int8_t>(in.scale(), in.zeroPoint(), out.scale(), out.zeroPoint(), transform));
    return std::bit_cast<ByteTable>(
        reference::makeLookupTable<std::uint8_t>(in.scale(), in.zeroPoint(), out.scale(), out.zeroPoint(), transform));
}

template <class Transform>
ByteTable xnnpackTable(const KernelArgs& args, Transform transform)
{
    const TensorView& in = args.input(0);
    const TensorView& out = args.output(0);
    if (in.dtype == DType::Int8)
        return std::bit_cast<ByteTable>(reference::makeXnnpackLookupTable<std::int8_t>(in.scale(), in.zeroPoint(), out.scale(),
                                                                                      out.zeroPoint(), transform));
    return std::bit_cast<ByteTable>(
        reference::makeXnnpackLookupTable<std::uint8_t>(in.scale(), in.zeroPoint(), out.scale(), out.zeroPoint(), transform));
}

/// One input, one output of the same dtype and shape. Subclasses provide the float loop, the 8-bit
/// table and, where TFLite has one, the int16 path.
class UnaryActivation : public Kernel {
public:
    Result<void> prepare(KernelArgs& args) final
    {
        if (auto arity = checkArity(args, 1, 1, 1); !arity)
            return arity;
        const TensorView& input = args.input(0);
        TensorView& output = args.output(0);
        if (input.dtype != output.dtype)
            return kernelError(args, "input is " + dtypeText(input.dtype) + " but output is " + dtypeText(output.dtype));
        output.shape = input.shape;
        m_dtype = input.dtype;
        readAttributes(args);
        switch (m_dtype) {
        case DType::Float32:
            return {};
        case DType::Int8:
        case DType::UInt8:
        case DType::Int16:
            if (auto ok = checkPerTensor(args, input, "input"); !ok)
                return ok;
            if (auto ok = checkPerTensor(args, output, "output"); !ok)
                return ok;
            return m_dtype == DType::Int16 ? prepareInt16(args) : prepare8Bit(args, m_table);
        default:
            return kernelError(args, "does not support " + dtypeText(m_dtype) + " tensors");
        }
    }

    void eval(const KernelArgs& args) final
    {
        const TensorView& input = args.input(0);
        const TensorView& output = args.output(0);
        const std::int64_t count = input.elementCount();
        switch (m_dtype) {
        case DType::Float32: {
            const float* in = input.as<const float>();
            float* out = output.as<float>();
            forChunks(args, count, floatChunk(), [&](std::int64_t begin, std::int64_t end) {
                evalFloat(in + begin, out + begin, end - begin);
            });
            break;
        }
        case DType::Int8:
        case DType::UInt8: {
            const std::uint8_t* in = input.as<const std::uint8_t>();
            std::uint8_t* out = output.as<std::uint8_t>();
            forChunks(args, count, kMemoryBoundChunk, [&](std::int64_t begin, std::int64_t end) {
                for (std::int64_t i = begin; i < end; ++i)
                    out[i] = m_table[in[i]];
            });
            break;
        }
        case DType::Int16: {
            const std::int16_t* in = input.as<const std::int16_t>();
            std::int16_t* out = output.as<std::int16_t>();
            forChunks(args, count, kComputeBoundChunk, [&](std::int64_t begin, std::int64_t end) {
                evalInt16(in + begin, out + begin, end - begin);
            });
            break;
        }
        default:
            break;
        }
    }

protected:
    virtual void readAttributes(const KernelArgs&) {}
    virtual void evalFloat(const float* __restrict in, float* __restrict out, std::int64_t count) const = 0;
    virtual std::int64_t floatChunk() const { return kComputeBoundChunk; }
    virtual Result<void> prepare8Bit(const KernelArgs& args, ByteTable& table) = 0;
    virtual Result<void> prepareInt16(const KernelArgs& args)
    {
        return kernelError(args, "has no int16 kernel in TFLite");
    }
    virtual void evalInt16(const std::int16_t*, std::int16_t*, std::int64_t) const {}

private:
    DType m_dtype = DType::Float32;
    ByteTable m_table{};
};

/// RELU, RELU6, RELU_N1_TO_1 and RELU_0_TO_1: a clamp in float, a requantizing clamp when quantized.
class ReluKernel final : public UnaryActivation {
public:
    ReluKernel(const char* activation, float min, float max, bool hasInt16)
        : m_activation(activation), m_min(min), m_max(max), m_hasInt16(hasInt16)
    {
    }

protected:
    void evalFloat(const float* __restrict in, float* __restrict out, std::int64_t count) const override
    {
        const float min = m_min;
        const float max = m_max;
        for (std::int64_t i = 0; i < count; ++i)
            out[i] = std::min(std::max(in[i], min), max);
    }
    std::int64_t floatChunk() const override { return kMemoryBoundChunk; }

    Result<void> prepare8Bit(const KernelArgs& args, ByteTable& table) override
    {
        const reference::RequantizeClampParams params = makeParams(args);
        if (args.input(0).dtype == DType::Int8)
            table = tabulateBytes(DType::Int8, [&](std::int8_t x) { return reference::requantizeClamp(x, params); });
        else
            table = tabulateBytes(DType::UInt8, [&](std::uint8_t x) { return reference::requantizeClamp(x, params); });
        return {};
    }

    Result<void> prepareInt16(const KernelArgs& args) override
    {
        if (!m_hasInt16)
            return UnaryActivation::prepareInt16(args);
        if (args.input(0).zeroPoint() != 0 || args.output(0).zeroPoint() != 0)
            return kernelError(args, "int16 needs zero points of 0");
        m_params = makeParams(args);
        return {};
    }

    void evalInt16(const std::int16_t* __restrict in, std::int16_t* __restrict out, std::int64_t count) const override
    {
        for (std::int64_t i = 0; i < count; ++i)
            out[i] = reference::requantizeClamp(in[i], m_params);
    }

private:
    reference::RequantizeClampParams makeParams(const KernelArgs& args) const
    {
        const TensorView& in = args.input(0);
        const TensorView& out = args.output(0);
        const QuantizedRange range = activationRange(m_activation, out);
        // The scale ratio is a float division, as in TFLite's ReluPrepare.
        return {in.zeroPoint(), out.zeroPoint(), quantizeMultiplier(in.scale() / out.scale()), range.min, range.max};
    }

    const char* m_activation;
    float m_min;
    float m_max;
    bool m_hasInt16;
    reference::RequantizeClampParams m_params;
};

class LeakyReluKernel final : public UnaryActivation {
protected:
    void readAttributes(const KernelArgs& args) override
    {
        m_alpha = static_cast<float>(args.node.attributes.getOr<double>("alpha", 0.0));
    }

    void evalFloat(const float* __restrict in, float* __restrict out, std::int64_t count) const override
    {
        // Both branches computed and added: a select the compiler can vectorise (a conditional
        // multiply could trap), and exact since one of the two terms is zero.
        const float alpha = m_alpha;
        for (std::int64_t i = 0; i < count; ++i)
            out[i] = std::max(in[i], 0.0f) + alpha * std::min(in[i], 0.0f);
    }
    std::int64_t floatChunk() const override { return kMemoryBoundChunk; }

    Result<void> prepare8Bit(const KernelArgs& args, ByteTable& table) override
    {
        const TensorView& in = args.input(0);
        const TensorView& out = args.output(0);
        // XNNPACK takes the op over whenever its Q8 multipliers can express the scales.
        if (const auto xnnpack = reference::makeXnnpackLeakyReluParams(in.scale(), in.zeroPoint(), out.scale(), out.zeroPoint(), m_alpha)) {
            if (in.dtype == DType::Int8)
                table = tabulateBytes(DType::Int8, [&](std::int8_t x) { return reference::leakyReluXnnpack(x, *xnnpack); });
            else
                table = tabulateBytes(DType::UInt8, [&](std::uint8_t x) { return reference::leakyReluXnnpack(x, *xnnpack); });
            return {};
        }
        const reference::LeakyReluParams params = makeParams(args);
        if (args.input(0).dtype == DType::Int8)
            table = tabulateBytes(DType::Int8, [&](std::int8_t x) { return reference::leakyRelu8Bit(x, params); });
        else
            table = tabulateBytes(DType::UInt8, [&](std::uint8_t x) { return reference::leakyRelu8Bit(x, params); });
        return {};
    }

    Result<void> prepareInt16(const KernelArgs& args) override
    {
        if (args.input(0).zeroPoint() != 0 || args.output(0).zeroPoint() != 0)
            return kernelError(args, "int16 needs zero points of 0");
        m_params = makeParams(args);
        return {};
    }

    void evalInt16(const std::int16_t* __restrict in, std::int16_t* __restrict out, std::int64_t count) const override
    {
        for (std::int64_t i = 0; i < count; ++i)
            out[i] = reference::leakyReluInt16(in[i], m_params);
    }

private:
    reference::LeakyReluParams makeParams(const KernelArgs& args) const
    {
        const TensorView& in = args.input(0);
        const TensorView& out = args.output(0);
        // Float products and quotients, as in TFLite's LeakyReluPrepare.
        return {in.zeroPoint(), out.zeroPoint(), quantizeMultiplier(in.scale() / out.scale()),
                quantizeMultiplier(in.scale() * m_alpha / out.scale())};
    }

    float m_alpha = 0.0f;
    reference::LeakyReluParams m_params;
};

class HardSwishKernel final : public UnaryActivation {
protected:
    void evalFloat(const float* __restrict in, float* __restrict out, std::int64_t count) const override
    {
        for (std::int64_t i = 0; i < count; ++i)
            out[i] = reference::hardSwishValue(in[i]);
    }
    std::int64_t floatChunk() const override { return kMemoryBoundChunk; }

    Result<void> prepare8Bit(const KernelArgs& args, ByteTable& table) override
    {
        const TensorView& in = args.input(0);
        const TensorView& out = args.output(0);
        const reference::HardSwishParams params = reference::makeHardSwishParams(in.scale(), in.zeroPoint(), out.scale(), out.zeroPoint());
        if (params.outputExponent > 0)
            return kernelError(args, "needs an output scale of at least input scale / 128 (TFLite's quantized HARD_SWISH)");
        if (in.dtype == DType::Int8)
            table = tabulateBytes(DType::Int8, [&](std::int8_t x) { return reference::hardSwishQuantized(x, params); });
        else
            table = tabulateBytes(DType::UInt8, [&](std::uint8_t x) { return reference::hardSwishQuantized(x, params); });
        return {};
    }
};

class EluKernel final : public UnaryActivation {
protected:
    void evalFloat(const float* __restrict in, float* __restrict out, std::int64_t count) const override
    {
        for (std::int64_t i = 0; i < count; ++i)
            out[i] = reference::eluValue(in[i]);
    }

    Result<void> prepare8Bit(const KernelArgs& args, ByteTable& table) override
    {
        if (args.input(0).dtype != DType::Int8)
            return kernelError(args, "has no uint8 kernel in TFLite (int8 only)");
        // XNNPACK always takes int8 ELU over from the builtin kernel.
        table = xnnpackTable(args, reference::xnnpackEluValue);
        return {};
    }
};

class GeluKernel final : public UnaryActivation {
protected:
    void readAttributes(const KernelArgs& args) override
    {
        m_approximate = args.node.attributes.getOr<bool>("approximate", false);
    }

    void evalFloat(const float* __restrict in, float* __restrict out, std::int64_t count) const override
    {
        if (m_approximate) {
            for (std::int64_t i = 0; i < count; ++i)
                out[i] = reference::geluApproximateValue(in[i]);
        } else {
            for (std::int64_t i = 0; i < count; ++i)
                out[i] = reference::geluValue(in[i]);
        }
    }

    Result<void> prepare8Bit(const KernelArgs& args, ByteTable& table) override
    {
        table = transformTable(args, m_approximate ? reference::geluApproximateValue : reference::geluValue);
        return {};
    }

private:
    bool m_approximate = false;
};

/// LOGISTIC and TANH share their int16 input scaling: a power-of-two input scale runs the
/// fixed-point functions, any other scale the interpolated sigmoid table.
class SigmoidFamilyKernel : public UnaryActivation {
protected:
    Result<void> prepareInt16(const KernelArgs& args) override
    {
        const TensorView& in = args.input(0);
        const TensorView& out = args.output(0);
        if (in.zeroPoint() != 0 || out.zeroPoint() != 0)
            return kernelError(args, "int16 needs zero points of 0");
        int outputLog2 = 0;
        if (!checkedLog2(out.scale(), outputLog2) || outputLog2 != -15)
            return kernelError(args, "int16 needs an output scale of 2^-15");
        int inputLog2 = 0;
        const bool powerOfTwo = checkedLog2(in.scale(), inputLog2);
        // Q3.12 is the fixed-point functions' input format.
        m_scaling.leftShift = 12 + inputLog2;
        m_scaling.multiplier = 0;
        if (!powerOfTwo || !acceptsPowerOfTwoShift(m_scaling.leftShift)) {
            // Bring the input onto the table's 1 / (3 * 4096) scale with a 15-bit integer multiplier.
            double multiplier = static_cast<double>(in.scale()) * 4096.0 * 3.0;
            m_scaling.leftShift = 0;
            while (multiplier <= 32767.0 / 2.0 && m_scaling.leftShift <= 30) {
                ++m_scaling.leftShift;
                multiplier *= 2.0;
            }
            m_scaling.multiplier = static_cast<std::int32_t>(multiplier);
        }
        return {};
    }

    virtual bool acceptsPowerOfTwoShift(int leftShift) const = 0;

    reference::Int16TableScaling m_scaling;
};

class LogisticKernel final : public SigmoidFamilyKernel {
protected:
    void evalFloat(const float* __restrict in, float* __restrict out, std::int64_t count) const override
    {
        for (std::int64_t i = 0; i < count; ++i)
            out[i] = reference::logisticValue(in[i]);
    }

    Result<void> prepare8Bit(const KernelArgs& args, ByteTable& table) override
    {
        if (args.output(0).scale() != 1.0f / 256.0f)
            return kernelError(args, "8-bit output needs a scale of 1/256 (got " + std::to_string(args.output(0).scale()) + ")");
        table = transformTable(args, reference::logisticValue);
        return {};
    }

    Result<void> prepareInt16(const KernelArgs& args) override
    {
        if (args.output(0).scale() != 1.0f / 32768.0f)
            return kernelError(args, "int16 output needs a scale of 1/32768");
        return SigmoidFamilyKernel::prepareInt16(args);
    }

    bool acceptsPowerOfTwoShift(int leftShift) const override { return leftShift == 0; }

    void evalInt16(const std::int16_t* __restrict in, std::int16_t* __restrict out, std::int64_t count) const override
    {
        if (m_scaling.multiplier > 0) {
            for (std::int64_t i = 0; i < count; ++i)
                out[i] = reference::logisticInt16Table(in[i], m_scaling);
        } else {
            for (std::int64_t i = 0; i < count; ++i)
                out[i] = reference::logisticInt16FixedPoint(in[i]);
        }
    }
};

class TanhKernel final : public SigmoidFamilyKernel {
protected:
    void evalFloat(const float* __restrict in, float* __restrict out, std::int64_t count) const override
    {
        for (std::int64_t i = 0; i < count; ++i)
            out[i] = reference::tanhValue(in[i]);
    }

    Result<void> prepare8Bit(const KernelArgs& args, ByteTable& table) override
    {
        table = transformTable(args, reference::tanhValue);
        return {};
    }

    bool acceptsPowerOfTwoShift(int leftShift) const override { return leftShift == 0 || leftShift == 1; }

    void evalInt16(const std::int16_t* __restrict in, std::int16_t* __restrict out, std::int64_t count) const override
    {
        if (m_scaling.multiplier > 0) {
            for (std::int64_t i = 0; i < count; ++i)
                out[i] = reference::tanhInt16Table(in[i], m_scaling);
        } else {
            for (std::int64_t i = 0; i < count; ++i)
                out[i] = reference::tanhInt16FixedPoint(in[i], m_scaling.leftShift);
        }
    }
};

/// PRELU: alpha broadcasts (numpy-style, right-aligned) to the input's shape, which the output keeps.
class PreluKernel final : public Kernel {
public:
    Result<void> prepare(KernelArgs& args) override
    {
        if (auto arity = checkArity(args, 2, 2, 1); !arity)
            return arity;
        const TensorView& input = args.input(0);
        const TensorView& alpha = args.input(1);
        TensorView& output = args.output(0);
        m_dtype = input.dtype;
        if (alpha.dtype != m_dtype || output.dtype != m_dtype)
            return kernelError(args, "input, alpha and output must share a dtype (got " + dtypeText(m_dtype) + ", "
                                         + dtypeText(alpha.dtype) + ", " + dtypeText(output.dtype) + ")");
        if (m_dtype != DType::Float32 && m_dtype != DType::Int8 && m_dtype != DType::UInt8)
            return kernelError(args, "does not support " + dtypeText(m_dtype) + " tensors");
        if (alpha.rank() > input.rank())
            return kernelError(args, "alpha has a higher rank than the input");
        for (int i = 1; i <= alpha.rank(); ++i) {
            const std::int64_t a = alpha.dim(-i);
            if (a != 1 && a != input.dim(-i))
                return kernelError(args, "alpha dimension " + std::to_string(a) + " does not broadcast to input dimension "
                                             + std::to_string(input.dim(-i)));
        }
        output.shape = input.shape;
        // Rows are the last dimension; alpha offsets per row come from the leading strides.
        m_depth = input.rank() == 0 ? 1 : input.shape.back();
        m_alphaStrides = reference::broadcastStrides(alpha.shape, input.shape);
        if (m_dtype == DType::Float32)
            return {};
        for (const auto& [tensor, role] : {std::pair{&input, "input"}, {&alpha, "alpha"}, {&output, "output"}}) {
            if (auto ok = checkPerTensor(args, *tensor, role); !ok)
                return ok;
        }
        // Float products and quotients, as in TFLite's PreluPrepare.
        m_params = {input.zeroPoint(), alpha.zeroPoint(), output.zeroPoint(), quantizeMultiplier(input.scale() / output.scale()),
                    quantizeMultiplier(input.scale() * alpha.scale() / output.scale())};
        return {};
    }

    void eval(const KernelArgs& args) override
    {
        switch (m_dtype) {
        case DType::Float32:
            run<float>(args, [](float x, float a) { return reference::preluValue(x, a); });
            break;
        case DType::Int8:
            run<std::int8_t>(args, [this](std::int8_t x, std::int8_t a) { return reference::preluQuantized(x, a, m_params); });
            break;
        case DType::UInt8:
            run<std::uint8_t>(args, [this](std::uint8_t x, std::uint8_t a) { return reference::preluQuantized(x, a, m_params); });
            break;
        default:
            break;
        }
    }

private:
    template <class T, class Op>
    void run(const KernelArgs& args, Op op) const
    {
        const TensorView& input = args.input(0);
        const T* in = input.as<const T>();
        const T* alpha = args.input(1).as<const T>();
        T* out = args.output(0).as<T>();
        const std::int64_t rows = m_depth == 0 ? 0 : input.elementCount() / m_depth;
        const std::int64_t depth = m_depth;
        const std::int64_t alphaStep = m_alphaStrides.empty() ? 0 : m_alphaStrides.back();
        const std::vector<std::int64_t>& shape = input.shape;
        const std::int64_t minRows = std::max<std::int64_t>(1, kMemoryBoundChunk / std::max<std::int64_t>(depth, 1));
        forChunks(args, rows, minRows, [&](std::int64_t begin, std::int64_t end) {
            for (std::int64_t row = begin; row < end; ++row) {
                std::int64_t alphaOffset = 0;
                std::int64_t rest = row;
                for (std::size_t k = shape.size(); k > 1; --k) {
                    alphaOffset += (rest % shape[k - 2]) * m_alphaStrides[k - 2];
                    rest /= shape[k - 2];
                }
                const T* x = in + row * depth;
                const T* a = alpha + alphaOffset;
                T* y = out + row * depth;
                for (std::int64_t c = 0; c < depth; ++c)
                    y[c] = op(x[c], a[c * alphaStep]);
            }
        });
    }

    DType m_dtype = DType::Float32;
    std::int64_t m_depth = 1;
    std::vector<std::int64_t> m_alphaStrides;
    reference::PreluParams m_params;
};

constexpr float kInfinity = std::numeric_limits<float>::infinity();

std::unique_ptr<Kernel> makeReluKernel() { return std::make_unique<ReluKernel>("RELU", 0.0f, kInfinity, true); }
std::unique_ptr<Kernel> makeRelu6Kernel() { return std::make_unique<ReluKernel>("RELU6", 0.0f, 6.0f, true); }
std::unique_ptr<Kernel> makeReluN1To1Kernel() { return std::make_unique<ReluKernel>("RELU_N1_TO_1", -1.0f, 1.0f, false); }
std::unique_ptr<Kernel> makeRelu0To1Kernel() { return std::make_unique<ReluKernel>("RELU_0_TO_1", 0.0f, 1.0f, false); }
std::unique_ptr<Kernel> makeLeakyReluKernel() { return std::make_unique<LeakyReluKernel>(); }
std::unique_ptr<Kernel> makePreluKernel() { return std::make_unique<PreluKernel>(); }
std::unique_ptr<Kernel> makeHardSwishKernel() { return std::make_unique<HardSwishKernel>(); }
std::unique_ptr<Kernel> makeEluKernel() { return std::make_unique<EluKernel>(); }
std::unique_ptr<Kernel> makeGeluKernel() { return std::make_unique<GeluKernel>(); }
std::unique_ptr<Kernel> makeLogisticKernel() { return std::make_unique<LogisticKernel>(); }
std::unique_ptr<Kernel> makeTanhKernel() { return std::make_unique<TanhKernel>(); }

} // namespace

void registerActivationKernels(KernelRegistry& registry)
{
    registry.add(ir::OpKind::Elu, &makeEluKernel);
    registry.add(ir::OpKind::Gelu, &makeGeluKernel);
    registry.add(ir::OpKind::HardSwish, &makeHardSwishKernel);
    registry.add(ir::OpKind::LeakyRelu, &makeLeakyReluKernel);
    registry.add(ir::OpKind::Logistic, &makeLogisticKernel);
    registry.add(ir::OpKind::Prelu, &makePreluKernel);
    registry.add(ir::OpKind::Relu, &makeReluKernel);
    registry.add(ir::OpKind::Relu0To1, &makeRelu0To1Kernel);
    registry.add(ir::OpKind::Relu6, &makeRelu6Kernel);
    registry.add(ir::OpKind::ReluN1To1, &makeReluN1To1Kernel);
    registry.add(ir::OpKind::Tanh, &makeTanhKernel);
}

} // namespace lf::interp
