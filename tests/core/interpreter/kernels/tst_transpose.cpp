// SPDX-License-Identifier: GPL-3.0-or-later
// The permuting kernels (TRANSPOSE, DEPTH_TO_SPACE, SPACE_TO_DEPTH, BATCH_TO_SPACE_ND,
// SPACE_TO_BATCH_ND, REVERSE_V2) on one-node models of every element width: outputs must equal,
// byte for byte, an element-by-element index map written here from the op definitions (and the
// reference transpose), and for a subset of cases LiteRT's outputs.
#include "core/interpreter/kernels/reference/transpose.h"
#include "core/interpreter/kernels/transpose.h"
#include "tests/core/interpreter/kernels/kernel_test_support.h"

#include <QTest>

using namespace lf;
using namespace lf::test::kt;
using ir::OpKind;

namespace {

struct Case
{
    OpKind op = OpKind::Transpose;
    DType dtype = DType::Float32;
    std::vector<std::int64_t> shape;
    std::vector<std::int64_t> values; ///< perm, block_size, axes or block_shape
    std::vector<std::int64_t> amounts; ///< crops or paddings
    ir::QuantParams quant;
    bool liteRt = false;
};

} // namespace

Q_DECLARE_METATYPE(Case)

namespace {

NpyArray referenceTranspose(const NpyArray& input, std::vector<std::int64_t> perm)
{
    for (std::int64_t& axis : perm)
        axis = axis < 0 ? axis + static_cast<std::int64_t>(perm.size()) : axis;
    std::vector<std::int64_t> outShape;
    for (std::int64_t axis : perm)
        outShape.push_back(input.shape[static_cast<std::size_t>(axis)]);
    NpyArray out { input.dtype, outShape, std::vector<std::byte>(input.data.size()) };
    auto run = [&]<class T>(T) {
        interp::reference::transpose<T>(input.shape, perm,
            reinterpret_cast<const T*>(input.data.data()), reinterpret_cast<T*>(out.data.data()));
    };
    switch (ir::dtypeSize(input.dtype)) {
    case 1: run(std::uint8_t {}); break;
    case 2: run(std::uint16_t {}); break;
    case 4: run(std::uint32_t {}); break;
    default: run(std::uint64_t {}); break;
    }
    return out;
}

/// The op definitions as index maps.
NpyArray expected(const Case& c, const NpyArray& input)
{
    const std::vector<std::int64_t>& s = c.shape;
    switch (c.op) {
    case OpKind::Transpose: return referenceTranspose(input, c.values);
    case OpKind::DepthToSpace: {
        const std::int64_t b = c.values[0];
        const std::int64_t depth = s[3] / (b * b);
        return indexMap(
            input, { s[0], s[1] * b, s[2] * b, depth }, [&](const std::vector<std::int64_t>& o) {
                return flatIndex(
                    s, { o[0], o[1] / b, o[2] / b, ((o[1] % b) * b + o[2] % b) * depth + o[3] });
            });
    }
    case OpKind::SpaceToDepth: {
        const std::int64_t b = c.values[0];
        return indexMap(input, { s[0], s[1] / b, s[2] / b, s[3] * b * b },
            [&](const std::vector<std::int64_t>& o) {
                const std::int64_t block = o[3] / s[3];
                return flatIndex(
                    s, { o[0], o[1] * b + block / b, o[2] * b + block % b, o[3] % s[3] });
            });
    }
    case OpKind::ReverseV2: {
        std::vector<bool> reversed(s.size(), false);
        for (std::int64_t axis : c.values)
            reversed[static_cast<std::size_t>(
                axis < 0 ? axis + static_cast<std::int64_t>(s.size()) : axis)]
                = true;
        return indexMap(input, s, [&](const std::vector<std::int64_t>& o) {
            std::vector<std::int64_t> i = o;
            for (std::size_t d = 0; d < s.size(); ++d)
                i[d] = reversed[d] ? s[d] - 1 - o[d] : o[d];
            return flatIndex(s, i);
        });
    }
    case OpKind::BatchToSpaceNd: {
        // out[b][y][x] = in[(dy * bw + dx) * outBatch + b][(y + top) / bh][(x + left) / bw] with
        // dy = (y + top) % bh, dx = (x + left) % bw; a 3-D input has no x.
        const bool fourD = s.size() == 4;
        const std::int64_t bh = c.values[0];
        const std::int64_t bw = fourD ? c.values[1] : 1;
        const std::int64_t top = c.amounts[0];
        const std::int64_t left = fourD ? c.amounts[2] : 0;
        const std::int64_t outBatch = s[0] / (bh * bw);
        std::vector<std::int64_t> outShape = s;
        outShape[0] = outBatch;
        outShape[1] = s[1] * bh - c.amounts[0] - c.amounts[1];
        if (fourD)
            outShape[2] = s[2] * bw - c.amounts[2] - c.amounts[3];
        return indexMap(input, outShape, [&](const std::vector<std::int64_t>& o) {
            const std::int64_t y = o[1] + top;
            const std::int64_t x = fourD ? o[2] + left : 0;
            const std::int64_t batch = ((y % bh) * bw + x % bw) * outBatch + o[0];
            return fourD ? flatIndex(s, { batch, y / bh, x / bw, o[3] })
                         : flatIndex(s, { batch, y / bh, o[2] });
        });
    }
    case OpKind::SpaceToBatchNd: {
        const bool fourD = s.size() == 4;
        const std::int64_t bh = c.values[0];
        const std::int64_t bw = fourD ? c.values[1] : 1;
        const std::int64_t top = c.amounts[0];
        const std::int64_t left = fourD ? c.amounts[2] : 0;
        std::vector<std::int64_t> outShape = s;
        outShape[0] = s[0] * bh * bw;
        outShape[1] = (s[1] + c.amounts[0] + c.amounts[1]) / bh;
        if (fourD)
            outShape[2] = (s[2] + c.amounts[2] + c.amounts[3]) / bw;
        const auto pad
            = static_cast<std::byte>(c.quant.zeroPoints.empty() ? 0 : c.quant.zeroPoints[0] & 0xff);
        return indexMap(input, outShape,
            [&](const std::vector<std::int64_t>& o) -> std::int64_t {
                const std::int64_t block = o[0] / s[0];
                const std::int64_t y = o[1] * bh + block / bw - top;
                const std::int64_t x = fourD ? o[2] * bw + block % bw - left : 0;
                if (y < 0 || y >= s[1] || (fourD && (x < 0 || x >= s[2])))
                    return -1;
                return fourD ? flatIndex(s, { o[0] % s[0], y, x, o[3] })
                             : flatIndex(s, { o[0] % s[0], y, o[2] });
            },
            { ir::dtypeSize(c.dtype) == 1 ? pad : std::byte { 0 } });
    }
    default: return {};
    }
}

ir::Model buildModel(const Case& c, const std::vector<std::int64_t>& outShape)
{
    std::vector<TensorSpec> inputs { tensor("input", c.dtype, c.shape, c.quant) };
    ir::Attributes attributes;
    std::vector<std::int32_t> values(c.values.begin(), c.values.end());
    std::vector<std::int32_t> amounts(c.amounts.begin(), c.amounts.end());
    switch (c.op) {
    case OpKind::Transpose: inputs.push_back(int32Constant("perm", values)); break;
    case OpKind::ReverseV2: inputs.push_back(int32Constant("axis", values)); break;
    case OpKind::DepthToSpace:
    case OpKind::SpaceToDepth: attributes.set("block_size", c.values[0]); break;
    default:
        inputs.push_back(int32Constant("block_shape", values));
        inputs.push_back(int32Constant(c.op == OpKind::BatchToSpaceNd ? "crops" : "paddings",
            amounts, { static_cast<std::int64_t>(amounts.size() / 2), 2 }));
        break;
    }
    return oneNodeModel(
        c.op, inputs, { tensor("output", c.dtype, outShape, c.quant) }, std::move(attributes));
}

QString describe(const NpyArray& actual, const NpyArray& wanted, std::int64_t index)
{
    return QStringLiteral("first mismatch at element %1 of %2 (shape %3 vs %4)")
        .arg(index)
        .arg(elementCount(wanted.shape))
        .arg(shapeText(actual.shape), shapeText(wanted.shape));
}

void addCase(const char* name, Case c)
{
    QTest::newRow(name) << c;
}

} // namespace

class TestTranspose : public QObject
{
    Q_OBJECT

private slots:
    void permute_data();
    void permute();
    void rejectsBadAttributes_data();
    void rejectsBadAttributes();
    void stridedCopySimplifies();
};

void TestTranspose::permute_data()
{
    QTest::addColumn<Case>("c");
    const ir::QuantParams int8Quant = perTensor(0.05f, -7);
    addCase("transpose NHWC->NCHW f32 (blocked)",
        { OpKind::Transpose, DType::Float32, { 2, 19, 23, 40 }, { 0, 3, 1, 2 }, {}, {}, true });
    addCase("transpose NCHW->NHWC i8 (blocked)",
        { OpKind::Transpose, DType::Int8, { 1, 32, 17, 19 }, { 0, 2, 3, 1 }, {}, int8Quant, true });
    addCase("transpose 2-D f32 odd", { OpKind::Transpose, DType::Float32, { 37, 53 }, { 1, 0 } });
    addCase("transpose 2-D f32 large (threads)",
        { OpKind::Transpose, DType::Float32, { 300, 257 }, { 1, 0 } });
    addCase("transpose 3-D i16 negative perm",
        { OpKind::Transpose, DType::Int16, { 5, 6, 7 }, { -1, 0, 1 }, {}, {}, true });
    addCase("transpose 4-D i32 swap leading",
        { OpKind::Transpose, DType::Int32, { 3, 4, 5, 6 }, { 1, 0, 2, 3 }, {}, {}, true });
    addCase("transpose 5-D i64",
        { OpKind::Transpose, DType::Int64, { 2, 3, 4, 5, 6 }, { 4, 2, 0, 3, 1 }, {}, {}, true });
    addCase("transpose 6-D f16 reversed",
        { OpKind::Transpose, DType::Float16, { 2, 1, 3, 2, 4, 3 }, { 5, 4, 3, 2, 1, 0 } });
    addCase("transpose 6-D u8 LiteRT",
        { OpKind::Transpose, DType::UInt8, { 2, 3, 1, 4, 2, 3 }, { 1, 5, 0, 3, 2, 4 }, {}, {},
            true });
    addCase("transpose identity bool", { OpKind::Transpose, DType::Bool, { 3, 4 }, { 0, 1 } });
    addCase("transpose rank 1 u8", { OpKind::Transpose, DType::UInt8, { 17 }, { 0 } });
    addCase("depth_to_space f32 b2",
        { OpKind::DepthToSpace, DType::Float32, { 1, 2, 3, 8 }, { 2 }, {}, {}, true });
    addCase("depth_to_space i8 b3",
        { OpKind::DepthToSpace, DType::Int8, { 2, 3, 2, 18 }, { 3 }, {}, int8Quant, true });
    addCase("depth_to_space i64 b1", { OpKind::DepthToSpace, DType::Int64, { 1, 2, 2, 3 }, { 1 } });
    addCase("space_to_depth f32 b2",
        { OpKind::SpaceToDepth, DType::Float32, { 1, 4, 6, 3 }, { 2 }, {}, {}, true });
    addCase("space_to_depth u8 b3",
        { OpKind::SpaceToDepth, DType::UInt8, { 2, 3, 6, 2 }, { 3 }, {}, perTensor(0.1f, 128),
            true });
    addCase(
        "space_to_depth f16 b2", { OpKind::SpaceToDepth, DType::Float16, { 1, 2, 4, 5 }, { 2 } });
    addCase("reverse axis 0 f32",
        { OpKind::ReverseV2, DType::Float32, { 3, 4, 5 }, { 0 }, {}, {}, true });
    addCase("reverse axes 1,2 i8",
        { OpKind::ReverseV2, DType::Int8, { 3, 4, 5 }, { 1, 2 }, {}, int8Quant, true });
    addCase("reverse axis -1 i16",
        { OpKind::ReverseV2, DType::Int16, { 2, 3, 7 }, { -1 }, {}, {}, true });
    addCase("reverse axes 0,2 non-contiguous i64",
        { OpKind::ReverseV2, DType::Int64, { 2, 3, 4, 5 }, { 0, 2 } });
    addCase("reverse all bool", { OpKind::ReverseV2, DType::Bool, { 4, 3 }, { 1, 0 } });
    addCase("batch_to_space 4-D f32 crops",
        { OpKind::BatchToSpaceNd, DType::Float32, { 8, 2, 3, 3 }, { 2, 2 }, { 0, 1, 1, 0 }, {},
            true });
    addCase("batch_to_space 4-D i8 2x3",
        { OpKind::BatchToSpaceNd, DType::Int8, { 12, 3, 2, 5 }, { 2, 3 }, { 1, 1, 0, 2 }, int8Quant,
            true });
    addCase("batch_to_space 3-D f32",
        { OpKind::BatchToSpaceNd, DType::Float32, { 4, 3, 2 }, { 2 }, { 1, 0 }, {}, true });
    addCase("batch_to_space 4-D i64 no crops",
        { OpKind::BatchToSpaceNd, DType::Int64, { 4, 2, 2, 1 }, { 2, 2 }, { 0, 0, 0, 0 } });
    addCase("space_to_batch 4-D f32 pads",
        { OpKind::SpaceToBatchNd, DType::Float32, { 2, 5, 4, 3 }, { 2, 3 }, { 1, 0, 0, 2 }, {},
            true });
    addCase("space_to_batch 4-D i8 pads with zero point",
        { OpKind::SpaceToBatchNd, DType::Int8, { 1, 3, 3, 2 }, { 2, 2 }, { 1, 0, 0, 1 }, int8Quant,
            true });
    addCase("space_to_batch 4-D u8 pads with zero point",
        { OpKind::SpaceToBatchNd, DType::UInt8, { 2, 4, 3, 4 }, { 2, 2 }, { 0, 2, 1, 0 },
            perTensor(0.2f, 128), true });
    addCase("space_to_batch 3-D i32",
        { OpKind::SpaceToBatchNd, DType::Int32, { 2, 5, 3 }, { 3 }, { 1, 0 }, {}, true });
}

void TestTranspose::permute()
{
    QFETCH(Case, c);
    const NpyArray input = randomArray(c.dtype, c.shape, 7);
    const NpyArray wanted = expected(c, input);
    const ir::Model model = buildModel(c, wanted.shape);

    Result<std::vector<NpyArray>> ours
        = runOurs(model, { input }, &interp::registerTransposeKernels);
    QVERIFY2(ours.has_value(), ours ? "" : ours.error().toString().c_str());
    QCOMPARE(ours->front().shape, wanted.shape);
    const std::int64_t mismatch = firstMismatch(ours->front(), wanted);
    QVERIFY2(mismatch < 0, qPrintable(describe(ours->front(), wanted, mismatch)));

    // One thread must give the same bytes as two.
    Result<std::vector<NpyArray>> serial
        = runOurs(model, { input }, &interp::registerTransposeKernels, 1);
    QVERIFY(serial.has_value());
    QCOMPARE(firstMismatch(serial->front(), wanted), std::int64_t { -1 });

    if (!c.liteRt)
        return;
    Result<std::vector<NpyArray>> liteRt = runLiteRt(model, { input });
    QVERIFY2(liteRt.has_value(), liteRt ? "" : liteRt.error().toString().c_str());
    QCOMPARE(liteRt->front().shape, wanted.shape);
    const std::int64_t liteRtMismatch = firstMismatch(liteRt->front(), ours->front());
    QVERIFY2(liteRtMismatch < 0,
        qPrintable(QStringLiteral("LiteRT differs: ")
            + describe(ours->front(), liteRt->front(), liteRtMismatch)));
}

void TestTranspose::rejectsBadAttributes_data()
{
    QTest::addColumn<Case>("c");
    QTest::addColumn<QString>("message");
    QTest::newRow("duplicate perm") << Case { OpKind::Transpose, DType::Float32, { 2, 3 },
        { 1, 1 } } << QStringLiteral("repeats");
    QTest::newRow("perm out of range") << Case { OpKind::Transpose, DType::Float32, { 2, 3 },
        { 0, 2 } } << QStringLiteral("out of range");
    QTest::newRow("perm too short") << Case { OpKind::Transpose, DType::Float32, { 2, 3, 4 },
        { 1, 0 } } << QStringLiteral("entries");
    QTest::newRow("depth not divisible") << Case { OpKind::DepthToSpace, DType::Float32,
        { 1, 2, 2, 6 }, { 2 } } << QStringLiteral("multiple");
    QTest::newRow("space not divisible") << Case { OpKind::SpaceToDepth, DType::Float32,
        { 1, 3, 4, 1 }, { 2 } } << QStringLiteral("multiples");
    QTest::newRow("batch not divisible")
        << Case { OpKind::BatchToSpaceNd, DType::Float32, { 3, 2, 2, 1 }, { 2, 2 }, { 0, 0, 0, 0 } }
        << QStringLiteral("multiple");
    QTest::newRow("padded extent not divisible")
        << Case { OpKind::SpaceToBatchNd, DType::Float32, { 1, 3, 4, 1 }, { 2, 2 }, { 0, 0, 0, 0 } }
        << QStringLiteral("multiples");
    QTest::newRow("reverse axis twice") << Case { OpKind::ReverseV2, DType::Float32, { 2, 3 },
        { 1, -1 } } << QStringLiteral("twice");
}

void TestTranspose::rejectsBadAttributes()
{
    QFETCH(Case, c);
    QFETCH(QString, message);
    const ir::Model model = buildModel(c, std::vector<std::int64_t>(c.shape.size(), -1));
    Result<std::vector<NpyArray>> ours
        = runOurs(model, { randomArray(c.dtype, c.shape, 1) }, &interp::registerTransposeKernels);
    QVERIFY(!ours.has_value());
    QVERIFY2(QString::fromStdString(ours.error().message).contains(message),
        ours.error().toString().c_str());
}

void TestTranspose::stridedCopySimplifies()
{
    // NHWC -> NCHW: H and W merge on both sides, leaving a [N][C][H*W] copy read with stride C.
    interp::StridedCopy copy;
    copy.extents = { 2, 3, 4, 5 };
    copy.srcStrides = { 60, 1, 15, 3 };
    copy.dstStrides = { 60, 20, 5, 1 };
    const interp::StridedCopy simple = interp::simplify(copy);
    QCOMPARE(simple.extents, (std::vector<std::int64_t> { 2, 3, 20 }));
    QCOMPARE(simple.srcStrides, (std::vector<std::int64_t> { 60, 1, 3 }));
    QCOMPARE(simple.dstStrides, (std::vector<std::int64_t> { 60, 20, 1 }));
    // A contiguous copy collapses to one run; unit dims vanish.
    copy.extents = { 1, 4, 1, 6 };
    copy.srcStrides = { 24, 6, 6, 1 };
    copy.dstStrides = { 24, 6, 6, 1 };
    QCOMPARE(interp::simplify(copy).extents, (std::vector<std::int64_t> { 24 }));
}

QTEST_GUILESS_MAIN(TestTranspose)
#include "tst_transpose.moc"
