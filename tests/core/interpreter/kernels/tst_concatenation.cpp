// SPDX-License-Identifier: GPL-3.0-or-later
// Joining and splitting kernels (CONCATENATION, PACK, UNPACK, SPLIT, SPLIT_V) on one-node models:
// outputs must equal concatenations and slices computed here element by element, CONCATENATION of
// 8-bit inputs with their own quantization must rescale exactly as TFLite's
// ConcatenationWithScaling (float multiply-add, round half away from zero), and a subset must match
// LiteRT byte for byte.
#include "core/interpreter/kernels/concatenation.h"
#include "tests/core/interpreter/kernels/kernel_test_support.h"

#include <QTest>

#include <algorithm>

using namespace lf;
using namespace lf::test::kt;
using ir::OpKind;

namespace {

struct Case
{
    OpKind op = OpKind::Concatenation;
    DType dtype = DType::Float32;
    std::vector<std::vector<std::int64_t>>
        shapes; ///< the inputs (CONCATENATION, PACK) or the value
    std::int64_t axis = 0;
    std::vector<std::int64_t> sizes; ///< SPLIT: {parts}; SPLIT_V: size_splits
    std::string activation = "NONE";
    std::vector<ir::QuantParams> quants; ///< per input; the last entry is the output's
    bool liteRt = false;
};

} // namespace

Q_DECLARE_METATYPE(Case)

namespace {

std::int64_t normalized(std::int64_t axis, std::size_t rank)
{
    return axis < 0 ? axis + static_cast<std::int64_t>(rank) : axis;
}

/// Rows and run lengths of `shape` cut before and after `axis`.
std::pair<std::int64_t, std::int64_t> outerInner(
    const std::vector<std::int64_t>& shape, std::size_t axis)
{
    std::int64_t outer = 1;
    std::int64_t inner = 1;
    for (std::size_t d = 0; d < shape.size(); ++d)
        (d < axis ? outer : inner) *= d == axis ? 1 : shape[d];
    return { outer, inner };
}

/// Concatenation along `axis` by rows, with TFLite's float rescale for 8-bit operands whose
/// quantization differs from the output's, and the activation clamp.
NpyArray concatenate(const Case& c, const std::vector<NpyArray>& inputs, std::size_t axis,
    const std::vector<std::int64_t>& outShape)
{
    const std::size_t size = ir::dtypeSize(c.dtype);
    NpyArray out { c.dtype, outShape, {} };
    const std::int64_t outer = outerInner(outShape, axis).first;
    const bool quantized8 = c.dtype == DType::Int8 || c.dtype == DType::UInt8;
    const ir::QuantParams* outQuant = c.quants.empty() ? nullptr : &c.quants.back();
    const double lowest = c.dtype == DType::Int8 ? -128 : 0;
    const double highest = c.dtype == DType::Int8 ? 127 : 255;
    for (std::int64_t row = 0; row < outer; ++row) {
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            const std::int64_t run
                = elementCount(inputs[i].shape) / std::max<std::int64_t>(outer, 1);
            for (std::int64_t j = 0; j < run; ++j) {
                const std::size_t from = static_cast<std::size_t>(row * run + j);
                std::vector<std::byte> element(
                    inputs[i].data.begin() + static_cast<std::ptrdiff_t>(from * size),
                    inputs[i].data.begin() + static_cast<std::ptrdiff_t>((from + 1) * size));
                if (quantized8) {
                    const ir::QuantParams& q = c.quants[i];
                    double value = valueAt(inputs[i], from);
                    if (q.scales[0] != outQuant->scales[0]
                        || q.zeroPoints[0] != outQuant->zeroPoints[0]) {
                        const float scale = q.scales[0] * (1.0f / outQuant->scales[0]);
                        const float bias = static_cast<float>(-q.zeroPoints[0]) * scale;
                        value = std::round(static_cast<float>(value) * scale + bias)
                            + static_cast<double>(outQuant->zeroPoints[0]);
                    }
                    if (c.activation == "RELU6") {
                        const double zero = static_cast<double>(outQuant->zeroPoints[0]);
                        value
                            = std::clamp(value, zero, zero + std::round(6.0 / outQuant->scales[0]));
                    }
                    const auto q8 = static_cast<std::int32_t>(std::clamp(value, lowest, highest));
                    element[0] = static_cast<std::byte>(q8 & 0xff);
                } else if (c.activation == "RELU6") {
                    float v;
                    std::memcpy(&v, element.data(), 4);
                    v = std::clamp(v, 0.0f, 6.0f);
                    std::memcpy(element.data(), &v, 4);
                }
                out.data.insert(out.data.end(), element.begin(), element.end());
            }
        }
    }
    return out;
}

/// Elements [begin, begin + count) of `input` along `axis`.
NpyArray sliceAlong(const NpyArray& input, std::size_t axis, std::int64_t begin, std::int64_t count)
{
    const std::size_t size = ir::dtypeSize(input.dtype);
    std::vector<std::int64_t> shape = input.shape;
    shape[axis] = count;
    NpyArray out { input.dtype, shape, {} };
    const auto [outer, inner] = outerInner(input.shape, axis);
    for (std::int64_t row = 0; row < outer; ++row) {
        const std::size_t from
            = static_cast<std::size_t>((row * input.shape[axis] + begin) * inner) * size;
        out.data.insert(out.data.end(), input.data.begin() + static_cast<std::ptrdiff_t>(from),
            input.data.begin()
                + static_cast<std::ptrdiff_t>(
                    from + static_cast<std::size_t>(count * inner) * size));
    }
    return out;
}

/// The expected outputs and the model computing them.
std::pair<std::vector<NpyArray>, ir::Model> expectedAndModel(
    const Case& c, const std::vector<NpyArray>& inputs)
{
    auto quantOf = [&](std::size_t i) {
        return c.quants.empty() ? ir::QuantParams {} : c.quants[std::min(i, c.quants.size() - 1)];
    };
    auto outQuant = [&] { return c.quants.empty() ? ir::QuantParams {} : c.quants.back(); };
    ir::Attributes attributes;
    std::vector<TensorSpec> inputSpecs;
    std::vector<TensorSpec> outputSpecs;
    std::vector<NpyArray> outputs;
    const std::size_t rank = c.shapes[0].size();
    if (c.op == OpKind::Concatenation || c.op == OpKind::Pack) {
        const bool pack = c.op == OpKind::Pack;
        const auto axis = static_cast<std::size_t>(normalized(c.axis, rank + (pack ? 1 : 0)));
        std::vector<NpyArray> parts = inputs;
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            inputSpecs.push_back(
                tensor("input" + std::to_string(i), c.dtype, inputs[i].shape, quantOf(i)));
            if (pack)
                parts[i].shape.insert(
                    parts[i].shape.begin() + static_cast<std::ptrdiff_t>(axis), 1);
        }
        std::vector<std::int64_t> outShape = parts[0].shape;
        outShape.resize(std::max<std::size_t>(outShape.size(), 1), 1);
        outShape[axis] = 0;
        for (const NpyArray& part : parts)
            outShape[axis] += part.shape.empty() ? 1 : part.shape[axis];
        outputs.push_back(concatenate(c, parts, axis, outShape));
        outputSpecs.push_back(tensor("output", c.dtype, outShape, outQuant()));
        attributes.set("axis", c.axis);
        if (pack)
            attributes.set("values_count", static_cast<std::int64_t>(inputs.size()));
        else
            attributes.set("fused_activation_function", c.activation);
    } else {
        const auto axis = static_cast<std::size_t>(normalized(c.axis, rank));
        const std::int64_t length = c.shapes[0][axis];
        std::vector<std::int64_t> sizes;
        if (c.op == OpKind::Unpack)
            sizes.assign(static_cast<std::size_t>(length), 1);
        else if (c.op == OpKind::Split)
            sizes.assign(static_cast<std::size_t>(c.sizes[0]), length / c.sizes[0]);
        else
            sizes = c.sizes;
        const auto unknown = std::find(sizes.begin(), sizes.end(), -1);
        if (unknown != sizes.end())
            *unknown
                = length - (std::accumulate(sizes.begin(), sizes.end(), std::int64_t { 0 }) + 1);
        std::int64_t begin = 0;
        for (std::size_t i = 0; i < sizes.size(); ++i) {
            NpyArray part = sliceAlong(inputs[0], axis, begin, sizes[i]);
            begin += sizes[i];
            if (c.op == OpKind::Unpack)
                part.shape.erase(part.shape.begin() + static_cast<std::ptrdiff_t>(axis));
            outputSpecs.push_back(
                tensor("output" + std::to_string(i), c.dtype, part.shape, outQuant()));
            outputs.push_back(std::move(part));
        }
        const TensorSpec value = tensor("value", c.dtype, c.shapes[0], quantOf(0));
        const TensorSpec axisSpec
            = int32Constant("axis", { static_cast<std::int32_t>(c.axis) }, { 1 });
        if (c.op == OpKind::Unpack) {
            inputSpecs = { value };
            attributes.set("num", length);
            attributes.set("axis", c.axis);
        } else if (c.op == OpKind::Split) {
            inputSpecs = { axisSpec, value };
            attributes.set("num_splits", c.sizes[0]);
        } else {
            inputSpecs = { value,
                int32Constant(
                    "size_splits", std::vector<std::int32_t>(c.sizes.begin(), c.sizes.end())),
                axisSpec };
            attributes.set("num_splits", static_cast<std::int64_t>(c.sizes.size()));
        }
    }
    return { std::move(outputs),
        oneNodeModel(c.op, inputSpecs, outputSpecs, std::move(attributes)) };
}

void addCase(const char* name, Case c)
{
    QTest::newRow(name) << c;
}

} // namespace

class TestConcatenation : public QObject
{
    Q_OBJECT

private slots:
    void join_data();
    void join();
    void rejects_data();
    void rejects();
};

// Not compared with LiteRT: int8 inputs with their own scales and fused activations, which TFLite's
// kernel refuses and LiteRT's XNNPACK path gets wrong (it ignores the activation and does not
// rescale).
void TestConcatenation::join_data()
{
    QTest::addColumn<Case>("c");
    const auto q = perTensor;
    using S = std::vector<std::vector<std::int64_t>>;
    addCase("concat f32 axis 1, three inputs",
        { OpKind::Concatenation, DType::Float32, S { { 2, 3, 4 }, { 2, 1, 4 }, { 2, 5, 4 } }, 1, {},
            "NONE", {}, true });
    addCase("concat f32 axis -1",
        { OpKind::Concatenation, DType::Float32, S { { 2, 3 }, { 2, 4 } }, -1, {}, "NONE", {},
            true });
    addCase("concat f32 axis 0 large (threads)",
        { OpKind::Concatenation, DType::Float32, S { { 100, 300 }, { 200, 300 } }, 0 });
    addCase("concat f32 relu6",
        { OpKind::Concatenation, DType::Float32, S { { 3, 2 }, { 3, 3 } }, 1, {}, "RELU6" });
    addCase("concat i8 equal quantization",
        { OpKind::Concatenation, DType::Int8, S { { 1, 4, 4, 3 }, { 1, 4, 4, 5 } }, 3, {}, "NONE",
            { q(0.05f, -3), q(0.05f, -3), q(0.05f, -3) }, true });
    addCase("concat u8 different scales (ConcatenationWithScaling)",
        { OpKind::Concatenation, DType::UInt8, S { { 2, 3, 4 }, { 2, 2, 4 }, { 2, 1, 4 } }, 1, {},
            "NONE", { q(0.1f, 128), q(0.05f, 100), q(0.08f, 120), q(0.08f, 120) }, true });
    addCase("concat u8 different zero points only",
        { OpKind::Concatenation, DType::UInt8, S { { 4, 5 }, { 4, 3 } }, 1, {}, "NONE",
            { q(0.02f, 0), q(0.02f, 255), q(0.02f, 128) }, true });
    addCase("concat i8 different scales",
        { OpKind::Concatenation, DType::Int8, S { { 3, 4 }, { 3, 2 } }, 1, {}, "NONE",
            { q(0.1f, -5), q(0.03f, 10), q(0.07f, 0) } });
    addCase("concat i8 rescale with relu6",
        { OpKind::Concatenation, DType::Int8, S { { 2, 6 }, { 2, 6 } }, 0, {}, "RELU6",
            { q(0.1f, -128), q(0.02f, 0), q(0.04f, -128) } });
    addCase("concat i16 zero zero points",
        { OpKind::Concatenation, DType::Int16, S { { 2, 2, 3 }, { 2, 5, 3 } }, 1, {}, "NONE",
            { q(0.001f, 0), q(0.001f, 0), q(0.001f, 0) }, true });
    addCase("concat i64 axis 0",
        { OpKind::Concatenation, DType::Int64, S { { 1, 3 }, { 2, 3 } }, 0, {}, "NONE", {}, true });
    addCase("concat bool axis 1",
        { OpKind::Concatenation, DType::Bool, S { { 2, 1 }, { 2, 2 } }, 1, {}, "NONE", {}, true });
    addCase("concat f16", { OpKind::Concatenation, DType::Float16, S { { 3 }, { 4 } }, 0 });
    addCase("concat scalars", { OpKind::Concatenation, DType::Int32, S { {}, {}, {} }, 0 });
    addCase("pack f32 axis 0",
        { OpKind::Pack, DType::Float32, S { { 3, 4 }, { 3, 4 }, { 3, 4 } }, 0, {}, "NONE", {},
            true });
    addCase("pack i8 axis 1",
        { OpKind::Pack, DType::Int8, S { { 3, 4 }, { 3, 4 } }, 1, {}, "NONE",
            { q(0.1f, 1), q(0.1f, 1), q(0.1f, 1) }, true });
    addCase("pack i32 axis -1",
        { OpKind::Pack, DType::Int32, S { { 2, 3 }, { 2, 3 }, { 2, 3 }, { 2, 3 } }, -1, {}, "NONE",
            {}, true });
    addCase("pack scalars", { OpKind::Pack, DType::Int64, S { {}, {} }, 0 });
    addCase("unpack f32 axis 1",
        { OpKind::Unpack, DType::Float32, S { { 3, 4, 5 } }, 1, {}, "NONE", {}, true });
    addCase("unpack u8 axis -1",
        { OpKind::Unpack, DType::UInt8, S { { 2, 3 } }, -1, {}, "NONE", { q(0.5f, 7), q(0.5f, 7) },
            true });
    addCase("unpack bool axis 0", { OpKind::Unpack, DType::Bool, S { { 2, 3 } }, 0 });
    addCase("split f32 axis 0 into 3",
        { OpKind::Split, DType::Float32, S { { 6, 4 } }, 0, { 3 }, "NONE", {}, true });
    addCase("split i16 axis -1 into 3",
        { OpKind::Split, DType::Int16, S { { 2, 9 } }, -1, { 3 }, "NONE", {}, true });
    addCase("split i8 axis 1 into 1",
        { OpKind::Split, DType::Int8, S { { 2, 4, 3 } }, 1, { 1 }, "NONE",
            { q(0.2f, 0), q(0.2f, 0) }, true });
    addCase("split_v f32 with -1",
        { OpKind::SplitV, DType::Float32, S { { 10, 3 } }, 0, { 2, -1, 5 }, "NONE", {}, true });
    addCase("split_v i64 axis 1",
        { OpKind::SplitV, DType::Int64, S { { 4, 7 } }, 1, { 3, 4 }, "NONE", {}, true });
    addCase("split_v f16 zero-size part",
        { OpKind::SplitV, DType::Float16, S { { 5, 2 } }, 0, { 0, 5 } });
}

void TestConcatenation::join()
{
    QFETCH(Case, c);
    std::vector<NpyArray> inputs;
    for (std::size_t i = 0; i < c.shapes.size(); ++i)
        inputs.push_back(randomArray(c.dtype, c.shapes[i], static_cast<std::uint32_t>(31 + i)));
    auto [expected, model] = expectedAndModel(c, inputs);
    Result<std::vector<NpyArray>> ours
        = runOurs(model, inputs, &interp::registerConcatenationKernels);
    QVERIFY2(ours.has_value(), ours ? "" : ours.error().toString().c_str());
    QCOMPARE(ours->size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        QCOMPARE((*ours)[i].shape, expected[i].shape);
        const std::int64_t mismatch = firstMismatch((*ours)[i], expected[i]);
        QVERIFY2(mismatch < 0,
            qPrintable(QStringLiteral("output %1: first mismatch at element %2 (%3 vs %4)")
                           .arg(i)
                           .arg(mismatch)
                           .arg(valueAt((*ours)[i],
                               static_cast<std::size_t>(std::max<std::int64_t>(mismatch, 0))))
                           .arg(valueAt(expected[i],
                               static_cast<std::size_t>(std::max<std::int64_t>(mismatch, 0))))));
    }
    if (!c.liteRt)
        return;
    Result<std::vector<NpyArray>> liteRt = runLiteRt(model, inputs);
    QVERIFY2(liteRt.has_value(), liteRt ? "" : liteRt.error().toString().c_str());
    QCOMPARE(liteRt->size(), ours->size());
    for (std::size_t i = 0; i < ours->size(); ++i) {
        const std::int64_t mismatches = mismatchCount((*liteRt)[i], (*ours)[i]);
        QVERIFY2(mismatches == 0,
            qPrintable(QStringLiteral("output %1: %2 elements differ from LiteRT")
                           .arg(i)
                           .arg(mismatches)));
    }
}

void TestConcatenation::rejects_data()
{
    QTest::addColumn<Case>("c");
    QTest::addColumn<QString>("message");
    using S = std::vector<std::vector<std::int64_t>>;
    QTest::newRow("concat mismatched dims") << Case { OpKind::Concatenation, DType::Float32,
        S { { 2, 3 }, { 3, 3 } }, 1 } << QStringLiteral("cannot concatenate");
    QTest::newRow("concat axis out of range") << Case { OpKind::Concatenation, DType::Float32,
        S { { 2, 3 }, { 2, 3 } }, 2 } << QStringLiteral("out of range");
    QTest::newRow("concat i16 zero point")
        << Case { OpKind::Concatenation, DType::Int16, S { { 2 }, { 2 } }, 0, {}, "NONE",
               { perTensor(0.1f, 1), perTensor(0.1f, 0), perTensor(0.1f, 0) } }
        << QStringLiteral("zero point");
    QTest::newRow("split not divisible") << Case { OpKind::Split, DType::Float32, S { { 5, 2 } }, 0,
        { 2 } } << QStringLiteral("equal parts");
    QTest::newRow("split_v sizes too large") << Case { OpKind::SplitV, DType::Float32,
        S { { 5, 2 } }, 0, { 4, -1, 3 } } << QStringLiteral("add up");
}

void TestConcatenation::rejects()
{
    QFETCH(Case, c);
    QFETCH(QString, message);
    std::vector<NpyArray> inputs;
    std::vector<TensorSpec> specs;
    for (std::size_t i = 0; i < c.shapes.size(); ++i) {
        inputs.push_back(randomArray(c.dtype, c.shapes[i], 1));
        specs.push_back(tensor("input" + std::to_string(i), c.dtype, c.shapes[i],
            c.quants.empty() ? ir::QuantParams {} : c.quants[i]));
    }
    ir::Attributes attributes;
    attributes.set("axis", c.axis);
    std::vector<TensorSpec> outputs { tensor(
        "output", c.dtype, { -1, -1 }, c.quants.empty() ? ir::QuantParams {} : c.quants.back()) };
    if (c.op == OpKind::Split) {
        specs.insert(
            specs.begin(), int32Constant("axis", { static_cast<std::int32_t>(c.axis) }, { 1 }));
        attributes.set("num_splits", c.sizes[0]);
        outputs.assign(static_cast<std::size_t>(c.sizes[0]), outputs[0]);
    } else if (c.op == OpKind::SplitV) {
        specs.push_back(int32Constant(
            "size_splits", std::vector<std::int32_t>(c.sizes.begin(), c.sizes.end())));
        specs.push_back(int32Constant("axis", { static_cast<std::int32_t>(c.axis) }, { 1 }));
        outputs.assign(c.sizes.size(), outputs[0]);
    }
    for (std::size_t i = 0; i < outputs.size(); ++i)
        outputs[i].name = "output" + std::to_string(i);
    const ir::Model model = oneNodeModel(c.op, specs, outputs, attributes);
    Result<std::vector<NpyArray>> ours
        = runOurs(model, inputs, &interp::registerConcatenationKernels);
    QVERIFY(!ours.has_value());
    QVERIFY2(QString::fromStdString(ours.error().message).contains(message),
        ours.error().toString().c_str());
}

QTEST_GUILESS_MAIN(TestConcatenation)
#include "tst_concatenation.moc"
