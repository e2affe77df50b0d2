// SPDX-License-Identifier: GPL-3.0-or-later
// Type-changing kernels (QUANTIZE, DEQUANTIZE, CAST) on one-node models. Float quantization must
// round half away from zero and saturate like TFLite (checked on exact ties), requantization must
// be within one step of the real-valued ideal and bit-exact with LiteRT, dequantization must equal
// the double-precision product rounded to float, CAST must follow TFLite's truncation, wrap-around
// and saturation rules, and the float16 conversions must round to nearest even over every half
// value.
#include "core/interpreter/kernels/quantize.h"
#include "tests/core/interpreter/kernels/kernel_test_support.h"

#include <QTest>

#include <bit>
#include <limits>

using namespace lf;
using namespace lf::test::kt;
using ir::OpKind;

namespace {

struct Case
{
    OpKind op = OpKind::Quantize;
    DType from = DType::Float32;
    DType to = DType::Int8;
    std::vector<std::int64_t> shape;
    ir::QuantParams inQuant;
    ir::QuantParams outQuant;
    std::vector<double> values; ///< explicit input values; random when empty
    bool liteRt = false;
};

} // namespace

Q_DECLARE_METATYPE(Case)

namespace {

ir::QuantParams perAxis(std::vector<float> scales, std::vector<std::int64_t> zeroPoints, int axis)
{
    return { std::move(scales), std::move(zeroPoints), axis, {}, {} };
}

/// Stores `values` (or seeded random data) in an array of `dtype`.
NpyArray makeInput(const Case& c)
{
    if (c.values.empty()) {
        NpyArray random = randomArray(c.from, c.shape, 41);
        if (c.from == DType::Float32) {
            // Spread floats over [-8, 8] so that quantization saturates at the edges of 8-bit
            // ranges.
            std::vector<float> v = valuesOf<float>(random);
            for (float& x : v)
                x *= 8.0f;
            return arrayOf(DType::Float32, c.shape, v);
        }
        return random;
    }
    NpyArray array { c.from, c.shape,
        std::vector<std::byte>(c.values.size() * ir::dtypeSize(c.from)) };
    for (std::size_t i = 0; i < c.values.size(); ++i) {
        auto put = [&]<class T>(T) {
            const auto v = static_cast<T>(c.values[i]);
            std::memcpy(array.data.data() + i * sizeof(T), &v, sizeof(T));
        };
        switch (c.from) {
        case DType::Float32: put(float {}); break;
        case DType::Float16: {
            const std::uint16_t h = interp::floatToHalf(static_cast<float>(c.values[i]));
            std::memcpy(array.data.data() + i * 2, &h, 2);
            break;
        }
        case DType::Int8: put(std::int8_t {}); break;
        case DType::UInt8: put(std::uint8_t {}); break;
        case DType::Bool: put(std::uint8_t {}); break;
        case DType::Int16: put(std::int16_t {}); break;
        case DType::Int32: put(std::int32_t {}); break;
        case DType::UInt32: put(std::uint32_t {}); break;
        case DType::Int64: put(std::int64_t {}); break;
        default: break;
        }
    }
    return array;
}

double readAny(const NpyArray& array, std::size_t i)
{
    if (array.dtype == DType::Float16) {
        std::uint16_t h;
        std::memcpy(&h, array.data.data() + 2 * i, 2);
        return interp::halfToFloat(h);
    }
    return valueAt(array, i);
}

double integerMin(DType dtype)
{
    switch (dtype) {
    case DType::Int8: return -128;
    case DType::Int16: return -32768;
    case DType::Int32: return std::numeric_limits<std::int32_t>::min();
    case DType::Int64: return -9223372036854775808.0;
    default: return 0;
    }
}

double integerMax(DType dtype)
{
    switch (dtype) {
    case DType::Int8: return 127;
    case DType::UInt8: return 255;
    case DType::Int16: return 32767;
    case DType::UInt16: return 65535;
    case DType::Int32: return std::numeric_limits<std::int32_t>::max();
    case DType::UInt32: return std::numeric_limits<std::uint32_t>::max();
    case DType::Int64: return 9223372036854775807.0;
    default: return 1;
    }
}

std::size_t channelOf(
    const ir::QuantParams& q, const std::vector<std::int64_t>& shape, std::size_t i)
{
    if (!q.isPerAxis())
        return 0;
    std::int64_t inner = 1;
    for (std::size_t d = static_cast<std::size_t>(q.axis) + 1; d < shape.size(); ++d)
        inner *= shape[d];
    return static_cast<std::size_t>(
        (static_cast<std::int64_t>(i) / inner) % static_cast<std::int64_t>(q.scales.size()));
}

double zeroPointOf(const ir::QuantParams& q, std::size_t channel)
{
    return q.zeroPoints.empty()
        ? 0.0
        : static_cast<double>(q.zeroPoints[q.zeroPoints.size() == 1 ? 0 : channel]);
}

/// Runs the case and checks every element against the op's definition; returns our output.
NpyArray runAndCheck(const Case& c, const ir::Model& model, const NpyArray& input)
{
    Result<std::vector<NpyArray>> ours
        = runOurs(model, { input }, &interp::registerQuantizeKernels);
    if (!ours) {
        QTest::qFail(ours.error().toString().c_str(), __FILE__, __LINE__);
        return {};
    }
    const NpyArray& out = ours->front();
    const std::size_t count = static_cast<std::size_t>(elementCount(c.shape));
    for (std::size_t i = 0; i < count; ++i) {
        const double x = readAny(input, i);
        const double y = readAny(out, i);
        double wanted = 0;
        double tolerance = 0;
        if (c.op == OpKind::Quantize && c.from == DType::Float32) {
            const std::size_t channel = channelOf(c.outQuant, c.shape, i);
            const double scale = c.outQuant.scales[channel];
            // Per tensor LiteRT divides in double, per channel in float; both round half away from
            // zero.
            const double ratio = c.outQuant.isPerAxis()
                ? static_cast<double>(static_cast<float>(x) / c.outQuant.scales[channel])
                : x / scale;
            wanted = std::clamp(std::round(ratio) + zeroPointOf(c.outQuant, channel),
                integerMin(c.to), integerMax(c.to));
        } else if (c.op == OpKind::Quantize) {
            const double real = c.inQuant.scales[0] * (x - zeroPointOf(c.inQuant, 0));
            wanted
                = std::clamp(std::round(real / c.outQuant.scales[0]) + zeroPointOf(c.outQuant, 0),
                    integerMin(c.to), integerMax(c.to));
            tolerance = 1; // the fixed-point multiplier rounds the scale ratio to 31 bits and
                           // rounds twice
        } else if (c.op == OpKind::Dequantize) {
            if (c.from == DType::Float16) {
                wanted = x;
            } else {
                const std::size_t channel = channelOf(c.inQuant, c.shape, i);
                wanted = static_cast<float>(static_cast<double>(c.inQuant.scales[channel])
                    * (x - zeroPointOf(c.inQuant, channel)));
            }
        } else if (c.to == DType::Bool) {
            wanted = x != 0 ? 1 : 0;
        } else if (c.to == DType::Float32 || c.to == DType::Float16) {
            wanted = static_cast<float>(x);
            if (c.to == DType::Float16)
                wanted = interp::halfToFloat(interp::floatToHalf(static_cast<float>(x)));
        } else if (isFloatingPoint(c.from)) {
            wanted = std::isnan(x) ? integerMax(c.to)
                                   : std::clamp(std::trunc(x), integerMin(c.to), integerMax(c.to));
        } else {
            // Integer to integer wraps around, as static_cast does.
            const double span = integerMax(c.to) - integerMin(c.to) + 1;
            wanted = x - span * std::floor((x - integerMin(c.to)) / span);
        }
        if (std::abs(y - wanted) > tolerance) {
            QTest::qFail(qPrintable(QStringLiteral("element %1: input %2 gives %3, expected %4")
                                        .arg(i)
                                        .arg(x)
                                        .arg(y)
                                        .arg(wanted)),
                __FILE__, __LINE__);
            return out;
        }
    }
    return out;
}

void addCase(const char* name, Case c)
{
    QTest::newRow(name) << c;
}

std::vector<double> range(double from, double to, double step)
{
    std::vector<double> values;
    for (double v = from; v <= to + step / 2; v += step)
        values.push_back(v);
    return values;
}

} // namespace

class TestQuantize : public QObject
{
    Q_OBJECT

private slots:
    void convert_data();
    void convert();
    void halfConversionRoundsToNearestEven();
    void castSaturatesFloats();
    void rejects();
};

void TestQuantize::convert_data()
{
    QTest::addColumn<Case>("c");
    const auto q = perTensor;
    const std::vector<double> ties = range(-5.0, 5.0, 0.25); // with scale 0.5: exact halves
    addCase("quantize f32->i8",
        { OpKind::Quantize, DType::Float32, DType::Int8, { 2, 50 }, {}, q(0.05f, -3), {}, true });
    addCase("quantize f32->i8 ties",
        { OpKind::Quantize, DType::Float32, DType::Int8, { static_cast<std::int64_t>(ties.size()) },
            {}, q(0.5f, 1), ties, true });
    addCase("quantize f32->u8",
        { OpKind::Quantize, DType::Float32, DType::UInt8, { 3, 40 }, {}, q(0.04f, 128), {}, true });
    addCase("quantize f32->u8 ties",
        { OpKind::Quantize, DType::Float32, DType::UInt8,
            { static_cast<std::int64_t>(ties.size()) }, {}, q(0.5f, 10), ties, true });
    addCase("quantize f32->i16",
        { OpKind::Quantize, DType::Float32, DType::Int16, { 4, 25 }, {}, q(0.0003f, 0), {}, true });
    addCase("quantize f32->i16 ties",
        { OpKind::Quantize, DType::Float32, DType::Int16,
            { static_cast<std::int64_t>(ties.size()) }, {}, q(0.5f, 0), ties, true });
    addCase("quantize f32->i8 per channel axis 1",
        { OpKind::Quantize, DType::Float32, DType::Int8, { 4, 3, 5 }, {},
            perAxis({ 0.02f, 0.05f, 0.1f }, { 0, 0, 0 }, 1), {}, true });
    addCase("quantize f32->i8 per channel axis 0 ties",
        { OpKind::Quantize, DType::Float32, DType::Int8, { 2, 41 }, {},
            perAxis({ 0.5f, 0.25f }, { 0, 0 }, 0),
            [&] {
                auto v = ties;
                v.insert(v.end(), ties.begin(), ties.end());
                return v;
            }(),
            true });
    addCase("quantize f32->u8 per channel, one zero point",
        { OpKind::Quantize, DType::Float32, DType::UInt8, { 3, 7 }, {},
            perAxis({ 0.01f, 0.02f, 0.03f, 0.04f, 0.05f, 0.06f, 0.07f }, { 100 }, 1) });
    addCase("quantize f32->i8 large (threads)",
        { OpKind::Quantize, DType::Float32, DType::Int8, { 64, 1024 }, {}, q(0.05f, 0) });
    addCase("requantize i8->i8",
        { OpKind::Quantize, DType::Int8, DType::Int8, { 200 }, q(0.05f, -3), q(0.08f, 10), {},
            true });
    addCase("requantize i8->u8 same scale",
        { OpKind::Quantize, DType::Int8, DType::UInt8, { 200 }, q(0.05f, -3), q(0.05f, 125), {},
            true });
    addCase("requantize u8->i8",
        { OpKind::Quantize, DType::UInt8, DType::Int8, { 200 }, q(0.03f, 128), q(0.07f, -20), {},
            true });
    addCase("requantize u8->u8 upscale",
        { OpKind::Quantize, DType::UInt8, DType::UInt8, { 200 }, q(0.1f, 100), q(0.02f, 120), {},
            true });
    addCase("requantize i16->i8",
        { OpKind::Quantize, DType::Int16, DType::Int8, { 300 }, q(0.0004f, 0), q(0.05f, 4), {},
            true });
    addCase("requantize i16->i16",
        { OpKind::Quantize, DType::Int16, DType::Int16, { 300 }, q(0.0004f, 0), q(0.0007f, 0), {},
            true });
    addCase("requantize i16->i32",
        { OpKind::Quantize, DType::Int16, DType::Int32, { 300 }, q(0.0004f, 0), q(0.00001f, 3) });
    addCase("requantize i32->i8",
        { OpKind::Quantize, DType::Int32, DType::Int8, { 5 }, q(0.001f, 0), q(0.1f, 2),
            { -20000, -1234, 0, 777, 99999 } });
    addCase("dequantize i8",
        { OpKind::Dequantize, DType::Int8, DType::Float32, { 256 }, q(0.0731f, -7), {}, {}, true });
    addCase("dequantize u8",
        { OpKind::Dequantize, DType::UInt8, DType::Float32, { 256 }, q(0.0123f, 131), {}, {},
            true });
    addCase("dequantize i16",
        { OpKind::Dequantize, DType::Int16, DType::Float32, { 512 }, q(0.00031f, 0), {}, {},
            true });
    addCase("dequantize i8 per channel axis 0",
        { OpKind::Dequantize, DType::Int8, DType::Float32, { 3, 20 },
            perAxis({ 0.1f, 0.013f, 2.5f }, { 0, 0, 0 }, 0), {}, {}, true });
    addCase("dequantize i8 per channel axis 2",
        { OpKind::Dequantize, DType::Int8, DType::Float32, { 2, 3, 4 },
            perAxis({ 0.1f, 0.2f, 0.3f, 0.4f }, { 1, -2, 3, 0 }, 2) });
    addCase("dequantize f16",
        { OpKind::Dequantize, DType::Float16, DType::Float32, { 9 }, {}, {},
            { 0.0, -1.5, 65504.0, 1e-7, 3.14159, -0.1, 1024.5, 6e-5, -2.0 }, true });
    const std::vector<double> floats { -300.75, -128.5, -1.9, -0.5, -0.0, 0.4, 0.999, 1.0, 2.5,
        127.9, 254.99, 255.5, 70000.25 };
    const auto n = static_cast<std::int64_t>(floats.size());
    addCase("cast f32->i32 truncates",
        { OpKind::Cast, DType::Float32, DType::Int32, { n }, {}, {}, floats, true });
    addCase("cast f32->i64",
        { OpKind::Cast, DType::Float32, DType::Int64, { n }, {}, {}, floats, true });
    addCase("cast f32->i16", { OpKind::Cast, DType::Float32, DType::Int16, { n }, {}, {}, floats });
    addCase("cast f32->u8 in range",
        { OpKind::Cast, DType::Float32, DType::UInt8, { 6 }, {}, {},
            { 0.0, 0.5, 1.99, 128.7, 200.0, 254.9 }, true });
    addCase("cast f32->u8 saturates",
        { OpKind::Cast, DType::Float32, DType::UInt8, { n }, {}, {}, floats });
    addCase("cast f32->i8 saturates",
        { OpKind::Cast, DType::Float32, DType::Int8, { n }, {}, {}, floats });
    addCase("cast f32->u32",
        { OpKind::Cast, DType::Float32, DType::UInt32, { 5 }, {}, {},
            { 0.0, 1.5, 3e9, 12345.6, 0.99 }, true });
    addCase("cast f32->bool",
        { OpKind::Cast, DType::Float32, DType::Bool, { n }, {}, {}, floats, true });
    addCase("cast f32->f16",
        { OpKind::Cast, DType::Float32, DType::Float16, { n }, {}, {}, floats, true });
    addCase("cast f16->f32",
        { OpKind::Cast, DType::Float16, DType::Float32, { n }, {}, {}, floats, true });
    addCase("cast f16->i32",
        { OpKind::Cast, DType::Float16, DType::Int32, { n }, {}, {}, floats, true });
    addCase("cast bool->f32",
        { OpKind::Cast, DType::Bool, DType::Float32, { 6 }, {}, {}, { 0, 1, 1, 0, 1, 0 }, true });
    addCase("cast bool->i64",
        { OpKind::Cast, DType::Bool, DType::Int64, { 4 }, {}, {}, { 1, 0, 0, 1 }, true });
    addCase(
        "cast i32->f32", { OpKind::Cast, DType::Int32, DType::Float32, { 64 }, {}, {}, {}, true });
    addCase(
        "cast i32->i64", { OpKind::Cast, DType::Int32, DType::Int64, { 64 }, {}, {}, {}, true });
    addCase(
        "cast i32->bool", { OpKind::Cast, DType::Int32, DType::Bool, { 64 }, {}, {}, {}, true });
    addCase("cast i32->f16",
        { OpKind::Cast, DType::Int32, DType::Float16, { 6 }, {}, {},
            { 0, 1, -7, 2049, 65519, 100000 }, true });
    addCase("cast i64->i32 wraps",
        { OpKind::Cast, DType::Int64, DType::Int32, { 5 }, {}, {},
            { 0, -1, 4294967296.0 + 5, -4294967296.0 - 3, 2147483648.0 }, true });
    addCase(
        "cast u8->f32", { OpKind::Cast, DType::UInt8, DType::Float32, { 64 }, {}, {}, {}, true });
    addCase(
        "cast u8->i8 wraps", { OpKind::Cast, DType::UInt8, DType::Int8, { 64 }, {}, {}, {}, true });
    addCase("cast i8->i16", { OpKind::Cast, DType::Int8, DType::Int16, { 64 }, {}, {}, {}, true });
    addCase(
        "cast i16->f32", { OpKind::Cast, DType::Int16, DType::Float32, { 64 }, {}, {}, {}, true });
    addCase("cast i16->u8 wraps", { OpKind::Cast, DType::Int16, DType::UInt8, { 64 }, {}, {}, {} });
    addCase("cast u32->i64", { OpKind::Cast, DType::UInt32, DType::Int64, { 64 }, {}, {}, {} });
    addCase(
        "cast i64->f32", { OpKind::Cast, DType::Int64, DType::Float32, { 64 }, {}, {}, {}, true });
}

void TestQuantize::convert()
{
    QFETCH(Case, c);
    const NpyArray input = makeInput(c);
    const ir::Model model = oneNodeModel(c.op, { tensor("input", c.from, c.shape, c.inQuant) },
        { tensor("output", c.to, c.shape, c.outQuant) });
    const NpyArray ours = runAndCheck(c, model, input);
    if (QTest::currentTestFailed() || !c.liteRt)
        return;
    Result<std::vector<NpyArray>> liteRt = runLiteRt(model, { input });
    QVERIFY2(liteRt.has_value(), liteRt ? "" : liteRt.error().toString().c_str());
    // LiteRT delegates per-tensor 8-bit QUANTIZE from float to XNNPACK, whose arithmetic we have:
    // every element must agree.
    if (c.op == OpKind::Quantize && c.from == DType::Float32 && !c.outQuant.isPerAxis()
        && c.to != DType::Int16) {
        Result<std::vector<NpyArray>> xnnpack = runOurs(
            model, { input }, &interp::registerQuantizeKernels, 2, interp::QuantizedArithmetic::Xnnpack);
        QVERIFY2(xnnpack.has_value(), xnnpack ? "" : xnnpack.error().toString().c_str());
        QVERIFY2(xnnpack->front().data == liteRt->front().data, "differs from LiteRT's XNNPACK path");
        return;
    }
    // Requantization between 8-bit types runs in XNNPACK too, which rounds exact ties upwards where
    // we keep TFLite's rounding: those elements may differ by one step and nothing else may.
    const bool xnnpack = c.op == OpKind::Quantize && !c.outQuant.isPerAxis()
        && (c.to == DType::Int8 || c.to == DType::UInt8)
        && (c.from == DType::Int8 || c.from == DType::UInt8);
    std::int64_t ties = 0;
    std::int64_t others = 0;
    std::int64_t firstOther = -1;
    for (std::size_t i = 0; i < static_cast<std::size_t>(elementCount(c.shape)); ++i) {
        const double theirs = readAny(liteRt->front(), i);
        const double mine = readAny(ours, i);
        if (std::memcmp(liteRt->front().data.data() + i * ir::dtypeSize(c.to),
                ours.data.data() + i * ir::dtypeSize(c.to), ir::dtypeSize(c.to))
            == 0)
            continue;
        const double x = readAny(input, i);
        const double ratio = c.from == DType::Float32 ? x / c.outQuant.scales[0]
            : c.inQuant.scales.empty()
            ? 0.0
            : c.inQuant.scales[0] * (x - zeroPointOf(c.inQuant, 0)) / c.outQuant.scales[0];
        const bool tie = std::abs(ratio - std::floor(ratio) - 0.5) < 1e-4;
        if (xnnpack && tie && std::abs(theirs - mine) == 1) {
            ++ties;
        } else {
            ++others;
            firstOther = firstOther < 0 ? static_cast<std::int64_t>(i) : firstOther;
        }
    }
    if (ties > 0)
        qInfo("%lld of %lld elements are exact ties that LiteRT's XNNPACK path rounds differently",
            static_cast<long long>(ties), static_cast<long long>(elementCount(c.shape)));
    const auto at = static_cast<std::size_t>(std::max<std::int64_t>(firstOther, 0));
    QVERIFY2(others == 0,
        qPrintable(QStringLiteral(
            "%1 of %2 elements differ from LiteRT; first at %3: input %4, ours %5, LiteRT %6")
                       .arg(others)
                       .arg(elementCount(c.shape))
                       .arg(firstOther)
                       .arg(readAny(input, at))
                       .arg(readAny(ours, at))
                       .arg(readAny(liteRt->front(), at))));
}

void TestQuantize::halfConversionRoundsToNearestEven()
{
    // Known encodings.
    QCOMPARE(interp::floatToHalf(1.0f), std::uint16_t { 0x3c00 });
    QCOMPARE(interp::floatToHalf(-2.0f), std::uint16_t { 0xc000 });
    QCOMPARE(interp::floatToHalf(65504.0f), std::uint16_t { 0x7bff });
    QCOMPARE(interp::floatToHalf(65520.0f), std::uint16_t { 0x7c00 });
    QCOMPARE(interp::floatToHalf(std::ldexp(1.0f, -24)), std::uint16_t { 0x0001 });
    QCOMPARE(
        interp::floatToHalf(std::ldexp(1.0f, -25)), std::uint16_t { 0x0000 }); // tie to even (0)
    QCOMPARE(interp::floatToHalf(0.1f), std::uint16_t { 0x2e66 });
    QCOMPARE(interp::floatToHalf(std::numeric_limits<float>::infinity()), std::uint16_t { 0x7c00 });
    QCOMPARE(interp::floatToHalf(std::nanf("")) & 0x7e00, 0x7e00);
    // Every finite half survives the round trip, and the midpoint to its successor rounds to the
    // even one of the two.
    for (std::uint32_t h = 0; h < 0x7c00; ++h) {
        const auto bits = static_cast<std::uint16_t>(h);
        const float value = interp::halfToFloat(bits);
        QCOMPARE(interp::floatToHalf(value), bits);
        QCOMPARE(interp::floatToHalf(-value), static_cast<std::uint16_t>(bits | 0x8000));
        if (h + 1 < 0x7c00) {
            const float next = interp::halfToFloat(static_cast<std::uint16_t>(h + 1));
            const float middle = value + (next - value) / 2; // exact: halves have 11-bit mantissas
            QCOMPARE(
                interp::floatToHalf(middle), static_cast<std::uint16_t>((h & 1) == 0 ? h : h + 1));
            QCOMPARE(interp::floatToHalf(std::nextafter(middle, next)),
                static_cast<std::uint16_t>(h + 1));
        }
    }
}

void TestQuantize::castSaturatesFloats()
{
    const std::vector<double> special { std::numeric_limits<double>::quiet_NaN(), INFINITY,
        -INFINITY, 3e9, -3e9, 2147483520.0 };
    const Case c { OpKind::Cast, DType::Float32, DType::Int32, { 6 }, {}, {}, special };
    const ir::Model model = oneNodeModel(
        c.op, { tensor("input", c.from, c.shape) }, { tensor("output", c.to, c.shape) });
    Result<std::vector<NpyArray>> ours
        = runOurs(model, { makeInput(c) }, &interp::registerQuantizeKernels);
    QVERIFY(ours.has_value());
    constexpr std::int32_t kMax = std::numeric_limits<std::int32_t>::max();
    constexpr std::int32_t kMin = std::numeric_limits<std::int32_t>::min();
    QCOMPARE(valuesOf<std::int32_t>(ours->front()),
        (std::vector<std::int32_t> { kMax, kMax, kMin, kMax, kMin, 2147483520 }));
}

void TestQuantize::rejects()
{
    const ir::Model noQuant = oneNodeModel(OpKind::Quantize,
        { tensor("input", DType::Float32, { 3 }) }, { tensor("output", DType::Int8, { 3 }) });
    Result<std::vector<NpyArray>> result = runOurs(
        noQuant, { randomArray(DType::Float32, { 3 }, 1) }, &interp::registerQuantizeKernels);
    QVERIFY(!result.has_value());
    QVERIFY(
        QString::fromStdString(result.error().message).contains(QStringLiteral("no quantization")));

    const ir::Model badPair = oneNodeModel(OpKind::Quantize,
        { tensor("input", DType::Int8, { 3 }, perTensor(0.1f, 0)) },
        { tensor("output", DType::Int16, { 3 }, perTensor(0.1f, 0)) });
    result = runOurs(
        badPair, { randomArray(DType::Int8, { 3 }, 1) }, &interp::registerQuantizeKernels);
    QVERIFY(!result.has_value());
    QVERIFY(QString::fromStdString(result.error().message)
                .contains(QStringLiteral("cannot requantize")));

    const ir::Model badCast = oneNodeModel(OpKind::Cast, { tensor("input", DType::String, { 3 }) },
        { tensor("output", DType::Int8, { 3 }) });
    result = runOurs(badCast, {}, &interp::registerQuantizeKernels);
    QVERIFY(!result.has_value());
}

QTEST_GUILESS_MAIN(TestQuantize)
#include "tst_quantize.moc"
