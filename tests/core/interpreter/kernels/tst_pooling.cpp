// SPDX-License-Identifier: GPL-3.0-or-later
// AVERAGE_POOL_2D and MAX_POOL_2D on one-node models: the interpreter against the reference kernels
// (bit for bit) and against window statistics computed here in double, over odd shapes, both
// paddings, strides, activations and every dtype; a subset bit-exact against LiteRT.
#include "core/interpreter/kernels/pooling.h"
#include "core/interpreter/kernels/reference/pooling.h"
#include "tests/core/interpreter/kernels/kernel_test_support.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>

using namespace lf;
namespace kt = lf::test::kt;
namespace reference = lf::interp::reference;
using ir::DType;
using ir::OpKind;

namespace {

struct Quant {
    float scale = 1.0f;
    std::int64_t zeroPoint = 0;
};

struct Case {
    OpKind op = OpKind::AveragePool2D;
    DType dtype = DType::Float32;
    std::vector<std::int64_t> shape; ///< NHWC
    std::int64_t filterHeight = 2;
    std::int64_t filterWidth = 2;
    std::int64_t strideHeight = 2;
    std::int64_t strideWidth = 2;
    std::string padding = "VALID";
    std::string activation = "NONE";
    Quant quant;
    std::uint32_t seed = 1;
};

} // namespace

Q_DECLARE_METATYPE(Case)

namespace {

Case make(OpKind op, DType dtype, std::vector<std::int64_t> shape, std::int64_t filter, std::int64_t stride, std::string padding,
          std::string activation = "NONE", Quant quant = {})
{
    Case c;
    c.op = op;
    c.dtype = dtype;
    c.shape = std::move(shape);
    c.filterHeight = c.filterWidth = filter;
    c.strideHeight = c.strideWidth = stride;
    c.padding = std::move(padding);
    c.activation = std::move(activation);
    c.quant = quant;
    return c;
}

Case withWindow(Case c, std::int64_t filterHeight, std::int64_t filterWidth, std::int64_t strideHeight, std::int64_t strideWidth)
{
    c.filterHeight = filterHeight;
    c.filterWidth = filterWidth;
    c.strideHeight = strideHeight;
    c.strideWidth = strideWidth;
    return c;
}

/// Output extent and padding before the first pixel along one axis, from TensorFlow's definition of
/// SAME (ceil(in / stride) outputs, the odd padding pixel after) and VALID.
std::pair<std::int64_t, std::int64_t> outputAndPadding(const std::string& padding, std::int64_t in, std::int64_t filter,
                                                       std::int64_t stride)
{
    if (padding == "VALID")
        return {(in - filter) / stride + 1, 0};
    const std::int64_t out = (in + stride - 1) / stride;
    return {out, std::max<std::int64_t>(0, (out - 1) * stride + filter - in) / 2};
}

/// The fused activation's clamp: in real values for float, in quantized steps otherwise.
std::pair<double, double> activationBounds(const Case& c)
{
    double low = -std::numeric_limits<double>::infinity();
    double high = std::numeric_limits<double>::infinity();
    if (c.activation == "RELU" || c.activation == "RELU6")
        low = 0.0;
    if (c.activation == "RELU6")
        high = 6.0;
    if (c.activation == "RELU_N1_TO_1") {
        low = -1.0;
        high = 1.0;
    }
    if (c.dtype == DType::Float32)
        return {std::max<double>(low, std::numeric_limits<float>::lowest()), std::min<double>(high, std::numeric_limits<float>::max())};
    const double typeLow = c.dtype == DType::Int8 ? -128 : c.dtype == DType::UInt8 ? 0 : -32768;
    const double typeHigh = c.dtype == DType::Int8 ? 127 : c.dtype == DType::UInt8 ? 255 : 32767;
    auto quantize = [&](double v) { return static_cast<double>(c.quant.zeroPoint) + std::round(static_cast<float>(v) / c.quant.scale); };
    return {std::isfinite(low) ? std::max(typeLow, quantize(low)) : typeLow, std::isfinite(high) ? std::min(typeHigh, quantize(high)) : typeHigh};
}

reference::Pool2DParams paramsFor(const Case& c)
{
    reference::Pool2DParams p;
    p.batches = c.shape[0];
    p.inHeight = c.shape[1];
    p.inWidth = c.shape[2];
    p.channels = c.shape[3];
    std::tie(p.outHeight, p.padTop) = outputAndPadding(c.padding, p.inHeight, c.filterHeight, c.strideHeight);
    std::tie(p.outWidth, p.padLeft) = outputAndPadding(c.padding, p.inWidth, c.filterWidth, c.strideWidth);
    p.strideHeight = c.strideHeight;
    p.strideWidth = c.strideWidth;
    p.filterHeight = c.filterHeight;
    p.filterWidth = c.filterWidth;
    const auto [low, high] = activationBounds(c);
    if (c.dtype == DType::Float32) {
        p.floatMin = static_cast<float>(low);
        p.floatMax = static_cast<float>(high);
    } else {
        p.quantizedMin = static_cast<std::int32_t>(low);
        p.quantizedMax = static_cast<std::int32_t>(high);
    }
    return p;
}

std::vector<std::int64_t> outputShape(const Case& c)
{
    const reference::Pool2DParams p = paramsFor(c);
    return {p.batches, p.outHeight, p.outWidth, p.channels};
}

ir::Tensor tensor(std::string name, const Case& c, ir::Shape shape)
{
    ir::Tensor t;
    t.name = std::move(name);
    t.dtype = c.dtype;
    t.shape = std::move(shape);
    t.layout = ir::Layout::NHWC;
    if (c.dtype != DType::Float32)
        t.quant = {{c.quant.scale}, {c.quant.zeroPoint}, 0, {}, {}};
    return t;
}

/// The model pool(input) -> output; the output shape defaults to the expected one.
ir::Model buildModel(const Case& c, std::optional<ir::Shape> declaredOutput = std::nullopt)
{
    ir::Model model = ir::makeModel("main");
    ir::Graph& g = model.main();
    const ir::TensorId in = g.addTensor(tensor("input", c, ir::Shape::fromExtents(c.shape)));
    const ir::TensorId out = g.addTensor(tensor("output", c, declaredOutput ? *declaredOutput : ir::Shape::fromExtents(outputShape(c))));
    ir::Node node{c.op, "pool", {in}, {out}, {}, 0, {}};
    node.attributes.set("padding", c.padding);
    node.attributes.set("filter_height", c.filterHeight);
    node.attributes.set("filter_width", c.filterWidth);
    node.attributes.set("stride_h", c.strideHeight);
    node.attributes.set("stride_w", c.strideWidth);
    node.attributes.set("fused_activation_function", c.activation);
    g.addNode(std::move(node));
    g.inputs = {in};
    g.outputs = {out};
    return model;
}

Result<NpyArray> runOurs(const ir::Model& model, const NpyArray& input, int threads = 1)
{
    return kt::runOursFirst(model, { input }, interp::registerPoolingKernels, threads);
}

/// The pooled value of every output element from its window, in double: the mean rounded half away
/// from zero for integers, the maximum otherwise, then the activation clamp.
std::vector<double> windowStatistics(const Case& c, const NpyArray& input)
{
    const reference::Pool2DParams p = paramsFor(c);
    const auto [low, high] = activationBounds(c);
    std::vector<double> result;
    for (std::int64_t b = 0; b < p.batches; ++b) {
        for (std::int64_t oy = 0; oy < p.outHeight; ++oy) {
            for (std::int64_t ox = 0; ox < p.outWidth; ++ox) {
                for (std::int64_t ch = 0; ch < p.channels; ++ch) {
                    double sum = 0;
                    double best = -std::numeric_limits<double>::infinity();
                    int count = 0;
                    for (std::int64_t y = oy * p.strideHeight - p.padTop; y < oy * p.strideHeight - p.padTop + p.filterHeight; ++y) {
                        for (std::int64_t x = ox * p.strideWidth - p.padLeft; x < ox * p.strideWidth - p.padLeft + p.filterWidth; ++x) {
                            if (y < 0 || y >= p.inHeight || x < 0 || x >= p.inWidth)
                                continue;
                            const double v = kt::valueAt(input, static_cast<std::size_t>(((b * p.inHeight + y) * p.inWidth + x) * p.channels + ch));
                            sum += v;
                            best = std::max(best, v);
                            ++count;
                        }
                    }
                    double value = best;
                    if (c.op == OpKind::AveragePool2D)
                        value = c.dtype == DType::Float32 ? sum / count : std::round(sum / count);
                    result.push_back(std::clamp(value, low, high));
                }
            }
        }
    }
    return result;
}

NpyArray referenceOutput(const Case& c, const NpyArray& input)
{
    const reference::Pool2DParams p = paramsFor(c);
    NpyArray out{c.dtype, outputShape(c), std::vector<std::byte>(static_cast<std::size_t>(p.batches * p.outHeight * p.outWidth * p.channels)
                                                                  * ir::dtypeSize(c.dtype))};
    const bool average = c.op == OpKind::AveragePool2D;
    auto run = [&]<class T>(T) {
        const std::span<const T> in(reinterpret_cast<const T*>(input.data.data()), input.data.size() / sizeof(T));
        const std::span<T> result(reinterpret_cast<T*>(out.data.data()), out.data.size() / sizeof(T));
        if constexpr (std::is_floating_point_v<T>)
            average ? reference::averagePool(p, in, result) : reference::maxPool(p, in, result);
        else
            average ? reference::averagePoolQuantized(p, in, result) : reference::maxPoolQuantized(p, in, result);
    };
    switch (c.dtype) {
    case DType::Float32: run(float{}); break;
    case DType::Int8: run(std::int8_t{}); break;
    case DType::UInt8: run(std::uint8_t{}); break;
    default: run(std::int16_t{}); break;
    }
    return out;
}

std::size_t countMismatches(const NpyArray& ours, const NpyArray& theirs, QString* first)
{
    std::size_t mismatches = 0;
    for (std::size_t i = 0; i < static_cast<std::size_t>(ours.elementCount()); ++i) {
        if (kt::valueAt(ours, i) != kt::valueAt(theirs, i) && mismatches++ == 0 && first)
            *first = QStringLiteral("element %1: ours %2, theirs %3").arg(i).arg(kt::valueAt(ours, i)).arg(kt::valueAt(theirs, i));
    }
    return mismatches;
}

const Quant kInt8{0.05f, -7};
const Quant kUInt8{0.04f, 131};
const Quant kInt16{1.0f / 4096, 0};

} // namespace

class TestPooling : public QObject {
    Q_OBJECT

private slots:
    void matchesReference_data();
    void matchesReference();
    void matchesLiteRt_data();
    void matchesLiteRt();
    void threadedMatchesSingleThreaded();
    void rejectsWhatTfliteRejects_data();
    void rejectsWhatTfliteRejects();
};

void TestPooling::matchesReference_data()
{
    QTest::addColumn<Case>("c");
    std::uint32_t seed = 100;
    auto add = [&](const char* name, Case c) {
        c.seed = seed++;
        QTest::newRow(name) << c;
    };
    for (OpKind op : {OpKind::AveragePool2D, OpKind::MaxPool2D}) {
        const bool avg = op == OpKind::AveragePool2D;
        auto row = [&](const char* what) { return (std::string(avg ? "avg " : "max ") + what); };
        add(row("f32 valid 2x2/2").c_str(), make(op, DType::Float32, {1, 8, 8, 3}, 2, 2, "VALID"));
        add(row("f32 same 3x3/2 odd").c_str(), make(op, DType::Float32, {2, 7, 9, 5}, 3, 2, "SAME"));
        add(row("f32 same 3x3/1 relu6").c_str(), make(op, DType::Float32, {1, 5, 6, 17}, 3, 1, "SAME", "RELU6"));
        add(row("f32 same 4x4/3 relu").c_str(), make(op, DType::Float32, {1, 11, 10, 4}, 4, 3, "SAME", "RELU"));
        add(row("f32 valid 5x2 stride 1x3").c_str(), withWindow(make(op, DType::Float32, {3, 9, 13, 2}, 1, 1, "VALID"), 5, 2, 1, 3));
        add(row("f32 same 2x5 stride 3x1 n1to1").c_str(),
            withWindow(make(op, DType::Float32, {1, 10, 7, 33}, 1, 1, "SAME", "RELU_N1_TO_1"), 2, 5, 3, 1));
        add(row("f32 global 7x7").c_str(), make(op, DType::Float32, {1, 7, 7, 40}, 7, 1, "VALID"));
        add(row("f32 filter larger than input same").c_str(), make(op, DType::Float32, {1, 3, 4, 6}, 6, 2, "SAME"));
        add(row("i8 valid 2x2/2").c_str(), make(op, DType::Int8, {1, 8, 8, 16}, 2, 2, "VALID", "NONE", kInt8));
        add(row("i8 same 3x3/2 odd").c_str(), make(op, DType::Int8, {2, 9, 7, 5}, 3, 2, "SAME", "NONE", kInt8));
        add(row("i8 same 3x3/1 relu").c_str(), make(op, DType::Int8, {1, 6, 5, 24}, 3, 1, "SAME", "RELU", kInt8));
        add(row("i8 same 5x5/2 relu6").c_str(), make(op, DType::Int8, {1, 13, 11, 7}, 5, 2, "SAME", "RELU6", {0.03f, -100}));
        add(row("i8 valid 3x1 stride 2x1 n1to1").c_str(),
            withWindow(make(op, DType::Int8, {2, 9, 8, 3}, 1, 1, "VALID", "RELU_N1_TO_1", {0.01f, 5}), 3, 1, 2, 1));
        add(row("u8 same 3x3/2").c_str(), make(op, DType::UInt8, {1, 9, 10, 8}, 3, 2, "SAME", "NONE", kUInt8));
        add(row("u8 valid 2x3 relu6").c_str(), withWindow(make(op, DType::UInt8, {1, 8, 9, 5}, 1, 1, "VALID", "RELU6", kUInt8), 2, 3, 2, 2));
        add(row("i16 same 3x3/2").c_str(), make(op, DType::Int16, {1, 9, 7, 6}, 3, 2, "SAME", "NONE", kInt16));
        add(row("i16 valid 4x4/4 relu").c_str(), make(op, DType::Int16, {2, 8, 8, 3}, 4, 4, "VALID", "RELU", kInt16));
    }
}

void TestPooling::matchesReference()
{
    QFETCH(Case, c);
    const NpyArray input = test::randomNpyArray(c.dtype, c.shape, c.seed);
    const Result<NpyArray> ours = runOurs(buildModel(c), input);
    QVERIFY2(ours, ours ? "" : ours.error().toString().c_str());
    QCOMPARE(ours->shape, outputShape(c));

    // Same sums in the same order as the reference kernel: bit-identical, floats included.
    QString first;
    QCOMPARE(countMismatches(*ours, referenceOutput(c, input), &first), std::size_t{0});

    const std::vector<double> expected = windowStatistics(c, input);
    double maxMagnitude = 0;
    for (double v : expected)
        maxMagnitude = std::max(maxMagnitude, std::abs(v));
    for (std::size_t i = 0; i < expected.size(); ++i) {
        // Float averages: at most 49 float additions of values in [-1, 1] against a double sum.
        const double allowed = c.dtype == DType::Float32 && c.op == OpKind::AveragePool2D ? 1e-6 * maxMagnitude + 1e-7 : 0.0;
        if (std::abs(kt::valueAt(*ours, i) - expected[i]) > allowed)
            QFAIL(qPrintable(QStringLiteral("element %1: got %2, want %3").arg(i).arg(kt::valueAt(*ours, i)).arg(expected[i])));
    }
}

void TestPooling::matchesLiteRt_data()
{
    QTest::addColumn<Case>("c");
    std::uint32_t seed = 500;
    auto add = [&](const char* name, Case c) {
        c.seed = seed++;
        QTest::newRow(name) << c;
    };
    const auto avg = OpKind::AveragePool2D;
    const auto max = OpKind::MaxPool2D;
    add("avg f32 same 3x3/2", make(avg, DType::Float32, {1, 9, 7, 5}, 3, 2, "SAME"));
    add("avg f32 valid 2x3 relu6", withWindow(make(avg, DType::Float32, {2, 8, 9, 4}, 1, 1, "VALID", "RELU6"), 2, 3, 2, 1));
    add("max f32 same 3x3/2", make(max, DType::Float32, {1, 9, 7, 5}, 3, 2, "SAME"));
    add("max f32 valid 2x2/2 relu", make(max, DType::Float32, {1, 8, 8, 3}, 2, 2, "VALID", "RELU"));
    add("avg i8 same 3x3/2", make(avg, DType::Int8, {1, 9, 7, 5}, 3, 2, "SAME", "NONE", kInt8));
    add("avg i8 same 3x3/1 relu", make(avg, DType::Int8, {1, 6, 5, 24}, 3, 1, "SAME", "RELU", kInt8));
    add("avg i8 same 5x5/2 relu6", make(avg, DType::Int8, {1, 13, 11, 7}, 5, 2, "SAME", "RELU6", {0.03f, -100}));
    add("avg i8 valid 3x1 stride 2x1", withWindow(make(avg, DType::Int8, {2, 9, 8, 3}, 1, 1, "VALID", "NONE", kInt8), 3, 1, 2, 1));
    add("avg i8 global 7x7", make(avg, DType::Int8, {1, 7, 7, 32}, 7, 1, "VALID", "NONE", kInt8));
    add("avg u8 same 3x3/2", make(avg, DType::UInt8, {1, 9, 10, 8}, 3, 2, "SAME", "NONE", kUInt8));
    add("avg u8 valid 2x2/2 relu6", make(avg, DType::UInt8, {1, 8, 8, 5}, 2, 2, "VALID", "RELU6", kUInt8));
    add("avg i16 same 3x3/2", make(avg, DType::Int16, {1, 9, 7, 6}, 3, 2, "SAME", "NONE", kInt16));
    add("avg i16 valid 2x2/2 relu", make(avg, DType::Int16, {1, 8, 8, 3}, 2, 2, "VALID", "RELU", kInt16));
    add("max i8 same 3x3/2", make(max, DType::Int8, {1, 9, 7, 5}, 3, 2, "SAME", "NONE", kInt8));
    add("max i8 valid 2x2/2 relu6", make(max, DType::Int8, {1, 8, 8, 16}, 2, 2, "VALID", "RELU6", {0.03f, -100}));
    add("max u8 same 3x3/1 relu", make(max, DType::UInt8, {1, 6, 5, 8}, 3, 1, "SAME", "RELU", kUInt8));
    add("max i16 same 3x3/2 n1to1", make(max, DType::Int16, {1, 9, 7, 6}, 3, 2, "SAME", "RELU_N1_TO_1", kInt16));
}

void TestPooling::matchesLiteRt()
{
    QFETCH(Case, c);
    const ir::Model model = buildModel(c);
    const NpyArray input = test::randomNpyArray(c.dtype, c.shape, c.seed);
    const Result<NpyArray> ours = runOurs(model, input);
    QVERIFY2(ours, ours ? "" : ours.error().toString().c_str());
    const Result<NpyArray> theirs = kt::runLiteRtFirst(model, { input });
    QVERIFY2(theirs, theirs ? "" : theirs.error().toString().c_str());
    QCOMPARE(theirs->shape, ours->shape);
    if (c.dtype != DType::Float32) {
        QString first;
        const std::size_t mismatches = countMismatches(*ours, *theirs, &first);
        QVERIFY2(mismatches == 0, qPrintable(QStringLiteral("%1 mismatches, first %2").arg(mismatches).arg(first)));
        return;
    }
    const kt::FloatError error = kt::floatError(*ours, *theirs);
    // LiteRT (XNNPACK) may sum a window in another order or multiply by 1/count: a few float ulps.
    QVERIFY2(error.maxAbs <= 1e-5 * error.maxMagnitude + 1e-6, qPrintable(QStringLiteral("max error %1").arg(error.maxAbs)));
}

void TestPooling::threadedMatchesSingleThreaded()
{
    for (const Case& c : {make(OpKind::AveragePool2D, DType::Float32, {2, 57, 41, 64}, 3, 2, "SAME"),
                          make(OpKind::AveragePool2D, DType::Int8, {2, 57, 41, 64}, 3, 1, "SAME", "NONE", kInt8),
                          make(OpKind::MaxPool2D, DType::UInt8, {2, 57, 41, 64}, 3, 2, "VALID", "NONE", kUInt8)}) {
        const NpyArray input = test::randomNpyArray(c.dtype, c.shape, 9);
        const Result<NpyArray> single = runOurs(buildModel(c), input, 1);
        const Result<NpyArray> threaded = runOurs(buildModel(c), input, 2);
        QVERIFY(single && threaded);
        QVERIFY(single->data == threaded->data);
        QCOMPARE(countMismatches(*single, referenceOutput(c, input), nullptr), std::size_t{0});
    }
}

void TestPooling::rejectsWhatTfliteRejects_data()
{
    QTest::addColumn<Case>("c");
    QTest::addColumn<QString>("reason");
    Case rank3 = make(OpKind::AveragePool2D, DType::Float32, {8, 8, 3}, 2, 2, "VALID");
    QTest::newRow("rank 3") << rank3 << QStringLiteral("4-D");
    Case zeroStride = make(OpKind::MaxPool2D, DType::Float32, {1, 8, 8, 3}, 2, 0, "VALID");
    zeroStride.strideWidth = 1;
    QTest::newRow("zero stride") << zeroStride << QStringLiteral("positive");
    QTest::newRow("valid filter too large") << make(OpKind::MaxPool2D, DType::Float32, {1, 3, 3, 1}, 4, 1, "VALID")
                                            << QStringLiteral("does not fit");
    QTest::newRow("tanh activation") << make(OpKind::AveragePool2D, DType::Float32, {1, 4, 4, 1}, 2, 2, "VALID", "TANH")
                                     << QStringLiteral("activation");
    QTest::newRow("int32") << make(OpKind::MaxPool2D, DType::Int32, {1, 4, 4, 1}, 2, 2, "VALID") << QStringLiteral("supports");
}

void TestPooling::rejectsWhatTfliteRejects()
{
    QFETCH(Case, c);
    QFETCH(QString, reason);
    const ir::Model model = buildModel(c, ir::Shape::unranked());
    const Result<void> prepared = kt::prepareOurs(model, interp::registerPoolingKernels);
    QVERIFY(!prepared);
    QVERIFY2(QString::fromStdString(prepared.error().message).contains(reason), prepared.error().message.c_str());
}

QTEST_GUILESS_MAIN(TestPooling)
#include "tst_pooling.moc"
