// SPDX-License-Identifier: GPL-3.0-or-later
// RESIZE_BILINEAR and RESIZE_NEAREST_NEIGHBOR on one-node models for every dtype and every
// align_corners / half_pixel_centers combination, up- and downscaling by integer and fractional
// factors. The kernels (precomputed coordinate tables) must equal the per-pixel reference loops
// exactly; float bilinear must also match an independent double-precision evaluation of
// TensorFlow's coordinate definition, and 8-bit bilinear must stay within one step of it; LiteRT's
// outputs must match: float within tolerance, integers bit-exact.
#include "core/interpreter/kernels/reference/resize.h"
#include "core/interpreter/kernels/resize.h"
#include "tests/core/interpreter/kernels/kernel_test_support.h"

#include <QTest>

using namespace lf;
using namespace lf::test::kt;
using ir::OpKind;

namespace {

struct Case
{
    OpKind op = OpKind::ResizeBilinear;
    DType dtype = DType::Float32;
    std::vector<std::int64_t> shape; ///< NHWC input
    std::int64_t outHeight = 0;
    std::int64_t outWidth = 0;
    bool alignCorners = false;
    bool halfPixelCenters = false;
    bool liteRt = false;
};

} // namespace

Q_DECLARE_METATYPE(Case)

namespace {

ir::QuantParams quantFor(DType dtype)
{
    switch (dtype) {
    case DType::Int8: return perTensor(0.02f, 5);
    case DType::UInt8: return perTensor(0.02f, 128);
    case DType::Int16: return perTensor(0.0005f, 0);
    default: return {};
    }
}

ir::Model buildModel(const Case& c)
{
    ir::Attributes attributes;
    attributes.set("align_corners", c.alignCorners);
    attributes.set("half_pixel_centers", c.halfPixelCenters);
    const ir::QuantParams quant = quantFor(c.dtype);
    return oneNodeModel(c.op,
        { tensor("input", c.dtype, c.shape, quant),
            int32Constant("size",
                { static_cast<std::int32_t>(c.outHeight),
                    static_cast<std::int32_t>(c.outWidth) }) },
        { tensor("output", c.dtype, { c.shape[0], c.outHeight, c.outWidth, c.shape[3] }, quant) },
        std::move(attributes));
}

template <class T> NpyArray reference(const Case& c, const NpyArray& input)
{
    NpyArray out { c.dtype, { c.shape[0], c.outHeight, c.outWidth, c.shape[3] }, {} };
    out.data.resize(static_cast<std::size_t>(elementCount(out.shape)) * sizeof(T));
    const T* in = reinterpret_cast<const T*>(input.data.data());
    T* o = reinterpret_cast<T*>(out.data.data());
    if (c.op == OpKind::ResizeBilinear) {
        interp::reference::resizeBilinear<T>(in, c.shape[0], c.shape[1], c.shape[2], c.shape[3], o,
            c.outHeight, c.outWidth, c.alignCorners, c.halfPixelCenters);
    } else {
        const bool fixedPoint
            = std::is_same_v<T, std::uint8_t> && !c.alignCorners && !c.halfPixelCenters;
        interp::reference::resizeNearest<T>(in, c.shape[0], c.shape[1], c.shape[2], c.shape[3], o,
            c.outHeight, c.outWidth, c.alignCorners, c.halfPixelCenters, fixedPoint);
    }
    return out;
}

NpyArray referenceFor(const Case& c, const NpyArray& input)
{
    switch (c.dtype) {
    case DType::Float32: return reference<float>(c, input);
    case DType::UInt8: return reference<std::uint8_t>(c, input);
    case DType::Int8: return reference<std::int8_t>(c, input);
    case DType::Int16: return reference<std::int16_t>(c, input);
    default: return {};
    }
}

/// TensorFlow's bilinear resize evaluated in double: source coordinate (out + 0.5) * scale - 0.5
/// with half-pixel centres, out * scale otherwise (scale = (in - 1) / (out - 1) with aligned
/// corners), neighbours floor/ceil clamped into the image.
std::vector<double> idealBilinear(const Case& c, const std::vector<float>& input)
{
    const std::int64_t h = c.shape[1], w = c.shape[2], depth = c.shape[3];
    auto scaleOf = [&](std::int64_t in, std::int64_t out) {
        return c.alignCorners && out > 1 ? double(in - 1) / double(out - 1)
                                         : double(in) / double(out);
    };
    const double sy = scaleOf(h, c.outHeight), sx = scaleOf(w, c.outWidth);
    std::vector<double> out;
    for (std::int64_t b = 0; b < c.shape[0]; ++b) {
        for (std::int64_t y = 0; y < c.outHeight; ++y) {
            const double fy = c.halfPixelCenters ? (y + 0.5) * sy - 0.5 : y * sy;
            const std::int64_t y0
                = std::max<std::int64_t>(0, static_cast<std::int64_t>(std::floor(fy)));
            const std::int64_t y1
                = std::min<std::int64_t>(h - 1, static_cast<std::int64_t>(std::ceil(fy)));
            for (std::int64_t x = 0; x < c.outWidth; ++x) {
                const double fx = c.halfPixelCenters ? (x + 0.5) * sx - 0.5 : x * sx;
                const std::int64_t x0
                    = std::max<std::int64_t>(0, static_cast<std::int64_t>(std::floor(fx)));
                const std::int64_t x1
                    = std::min<std::int64_t>(w - 1, static_cast<std::int64_t>(std::ceil(fx)));
                const double dy = fy - y0, dx = fx - x0;
                for (std::int64_t k = 0; k < depth; ++k) {
                    auto at = [&](std::int64_t yy, std::int64_t xx) {
                        return double(
                            input[static_cast<std::size_t>(((b * h + yy) * w + xx) * depth + k)]);
                    };
                    out.push_back(at(y0, x0) * (1 - dy) * (1 - dx) + at(y0, x1) * (1 - dy) * dx
                        + at(y1, x0) * dy * (1 - dx) + at(y1, x1) * dy * dx);
                }
            }
        }
    }
    return out;
}

} // namespace

class TestResize : public QObject
{
    Q_OBJECT

private slots:
    void resize_data();
    void resize();
    void rejectsBothCoordinateModes();
};

void TestResize::resize_data()
{
    QTest::addColumn<Case>("c");
    struct Mode
    {
        bool align;
        bool half;
        const char* name;
    };
    const Mode bilinearModes[] = { { false, false, "asymmetric" }, { true, false, "align_corners" },
        { false, true, "half_pixel" } };
    const Mode nearestModes[] = { { false, false, "asymmetric" }, { true, false, "align_corners" },
        { false, true, "half_pixel" }, { true, true, "both" } };
    struct Size
    {
        std::vector<std::int64_t> shape;
        std::int64_t height;
        std::int64_t width;
        const char* name;
        bool liteRt;
    };
    const Size sizes[] = {
        { { 1, 4, 5, 3 }, 8, 10, "up x2", true },
        { { 2, 5, 7, 4 }, 8, 11, "up fractional", false },
        { { 1, 9, 8, 2 }, 4, 3, "down", true },
        { { 1, 1, 1, 2 }, 3, 3, "from 1x1", false },
        { { 1, 3, 2, 1 }, 1, 1, "to 1x1", false },
    };
    const DType dtypes[] = { DType::Float32, DType::UInt8, DType::Int8, DType::Int16 };
    for (DType dtype : dtypes) {
        for (const Size& size : sizes) {
            for (const Mode& mode : bilinearModes) {
                const QByteArray name = QByteArray("bilinear ") + ir::dtypeName(dtype).data() + " "
                    + size.name + " " + mode.name;
                QTest::newRow(name.constData()) << Case { OpKind::ResizeBilinear, dtype, size.shape,
                    size.height, size.width, mode.align, mode.half, size.liteRt };
            }
            for (const Mode& mode : nearestModes) {
                const QByteArray name = QByteArray("nearest ") + ir::dtypeName(dtype).data() + " "
                    + size.name + " " + mode.name;
                QTest::newRow(name.constData()) << Case { OpKind::ResizeNearestNeighbor, dtype,
                    size.shape, size.height, size.width, mode.align, mode.half,
                    size.liteRt && std::string_view(size.name) == "up x2" };
            }
        }
    }
    // 2 -> 82: output row 41 maps to input row 0 in float (41 * (2/82.f) < 1) but to row 1 in the
    // uint8 kernel's 16.16 fixed point.
    QTest::newRow("nearest u8 fixed-point rounding") << Case { OpKind::ResizeNearestNeighbor,
        DType::UInt8, { 1, 2, 2, 3 }, 82, 82, false, false, true };
    QTest::newRow("nearest f32 float rounding") << Case { OpKind::ResizeNearestNeighbor,
        DType::Float32, { 1, 2, 2, 3 }, 82, 82, false, false, true };
    QTest::newRow("bilinear f32 large (threads)") << Case { OpKind::ResizeBilinear, DType::Float32,
        { 1, 40, 30, 32 }, 80, 60, false, true, true };
    QTest::newRow("bilinear i8 large (threads)") << Case { OpKind::ResizeBilinear, DType::Int8,
        { 1, 40, 30, 32 }, 80, 60, false, true, true };
}

void TestResize::resize()
{
    QFETCH(Case, c);
    const NpyArray input = randomArray(c.dtype, c.shape, 29);
    const ir::Model model = buildModel(c);
    Result<std::vector<NpyArray>> ours = runOurs(model, { input }, &interp::registerResizeKernels);
    QVERIFY2(ours.has_value(), ours ? "" : ours.error().toString().c_str());
    const NpyArray& out = ours->front();
    const NpyArray wanted = referenceFor(c, input);
    QCOMPARE(out.shape, wanted.shape);
    const std::int64_t mismatch = firstMismatch(out, wanted);
    QVERIFY2(mismatch < 0,
        qPrintable(QStringLiteral("differs from the reference loop at element %1").arg(mismatch)));

    if (c.dtype == DType::Float32 && c.op == OpKind::ResizeBilinear) {
        const std::vector<double> ideal = idealBilinear(c, valuesOf<float>(input));
        const std::vector<float> actual = valuesOf<float>(out);
        double maxError = 0;
        for (std::size_t i = 0; i < ideal.size(); ++i)
            maxError = std::max(maxError, std::abs(actual[i] - ideal[i]));
        // Inputs in [-1, 1]; float weights and four float products: a few ulps of 1.
        QVERIFY2(maxError <= 1e-5,
            qPrintable(QStringLiteral("max error %1 against the double evaluation").arg(maxError)));
    }

    if (c.op == OpKind::ResizeBilinear && ir::dtypeSize(c.dtype) == 1) {
        std::vector<float> real;
        for (std::size_t i = 0; i < static_cast<std::size_t>(elementCount(c.shape)); ++i)
            real.push_back(static_cast<float>(valueAt(input, i)));
        const std::vector<double> ideal = idealBilinear(c, real);
        double maxError = 0;
        for (std::size_t i = 0; i < ideal.size(); ++i)
            maxError = std::max(maxError, std::abs(valueAt(out, i) - ideal[i]));
        // Q11 weights (error <= 2^-12 per axis on values up to 255) plus rounding: below one step.
        QVERIFY2(maxError < 1.0,
            qPrintable(
                QStringLiteral("max error %1 steps against the double evaluation").arg(maxError)));
    }

    if (!c.liteRt)
        return;
    Result<std::vector<NpyArray>> liteRt = runLiteRt(model, { input });
    QVERIFY2(liteRt.has_value(), liteRt ? "" : liteRt.error().toString().c_str());
    QCOMPARE(liteRt->front().shape, out.shape);
    if (c.dtype == DType::Float32) {
        const FloatError error = floatError(out, liteRt->front());
        // LiteRT (XNNPACK) forms the bilinear weights in another order: float rounding only.
        QVERIFY2(error.maxAbs <= 1e-5 * error.maxMagnitude + 1e-6,
            qPrintable(QStringLiteral("max error %1").arg(error.maxAbs)));
    } else {
        const std::int64_t mismatches = mismatchCount(out, liteRt->front());
        const std::int64_t first = firstMismatch(out, liteRt->front());
        QVERIFY2(mismatches == 0,
            qPrintable(
                QStringLiteral(
                    "%1 of %2 elements differ from LiteRT; first at %3: ours %4, LiteRT %5")
                    .arg(mismatches)
                    .arg(elementCount(out.shape))
                    .arg(first)
                    .arg(valueAt(out, static_cast<std::size_t>(std::max<std::int64_t>(first, 0))))
                    .arg(valueAt(liteRt->front(),
                        static_cast<std::size_t>(std::max<std::int64_t>(first, 0))))));
    }
}

void TestResize::rejectsBothCoordinateModes()
{
    const Case c { OpKind::ResizeBilinear, DType::Float32, { 1, 2, 2, 1 }, 4, 4, true, true };
    Result<std::vector<NpyArray>> ours = runOurs(
        buildModel(c), { randomArray(c.dtype, c.shape, 1) }, &interp::registerResizeKernels);
    QVERIFY(!ours.has_value());
    QVERIFY2(QString::fromStdString(ours.error().message).contains(QStringLiteral("cannot both")),
        ours.error().toString().c_str());
}

QTEST_GUILESS_MAIN(TestResize)
#include "tst_resize.moc"
