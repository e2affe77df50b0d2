// SPDX-License-Identifier: GPL-3.0-or-later
// The shape kernels (RESHAPE, SQUEEZE, EXPAND_DIMS, SHAPE, BROADCAST_TO) on one-node models: output
// shapes must follow TFLite's inference rules (-1, zero extents, the legacy scalar shape, squeezing
// every unit dim), data must be the input bytes (broadcast: an index map written here), bad
// attributes must fail in prepare with a clear message, and a subset must match LiteRT exactly.
#include "core/interpreter/kernels/reshape.h"
#include "tests/core/interpreter/kernels/kernel_test_support.h"

#include <QTest>

using namespace lf;
using namespace lf::test::kt;
using ir::OpKind;

namespace {

struct Case
{
    OpKind op = OpKind::Reshape;
    DType dtype = DType::Float32;
    std::vector<std::int64_t> shape;
    std::vector<std::int64_t> values; ///< new shape, squeeze dims, axis or broadcast shape
    std::vector<std::int64_t> expected; ///< output shape
    bool valuesAsAttribute = false; ///< RESHAPE: new_shape option instead of the shape input
    bool liteRt = false;
};

} // namespace

Q_DECLARE_METATYPE(Case)
Q_DECLARE_METATYPE(lf::ir::DType)

namespace {

ir::Model buildModel(
    const Case& c, const std::vector<std::int64_t>& outShape, DType outType = DType::Float32)
{
    const ir::QuantParams quant = c.dtype == DType::Int8 ? perTensor(0.1f, 3) : ir::QuantParams {};
    std::vector<TensorSpec> inputs { tensor("input", c.dtype, c.shape, quant) };
    ir::Attributes attributes;
    const std::vector<std::int32_t> values(c.values.begin(), c.values.end());
    switch (c.op) {
    case OpKind::Reshape:
        if (c.valuesAsAttribute)
            attributes.set("new_shape", c.values);
        else
            inputs.push_back(int32Constant("shape", values));
        break;
    case OpKind::Squeeze: attributes.set("squeeze_dims", c.values); break;
    case OpKind::ExpandDims:
        inputs.push_back(constant("axis", DType::Int64, { 1 }, c.values));
        break;
    case OpKind::BroadcastTo: inputs.push_back(int32Constant("shape", values)); break;
    default: break;
    }
    const DType type = c.op == OpKind::Shape ? outType : c.dtype;
    // LiteRT registers BROADCAST_TO from version 2 on.
    return oneNodeModel(c.op, inputs,
        { tensor("output", type, outShape, c.op == OpKind::Shape ? ir::QuantParams {} : quant) },
        std::move(attributes), c.op == OpKind::BroadcastTo ? 2 : 0);
}

/// BROADCAST_TO as an index map: output index -> input index with leading dims dropped and unit
/// dims pinned to 0.
NpyArray broadcast(const NpyArray& input, const std::vector<std::int64_t>& outShape)
{
    const std::size_t size = ir::dtypeSize(input.dtype);
    NpyArray out { input.dtype, outShape,
        std::vector<std::byte>(static_cast<std::size_t>(elementCount(outShape)) * size) };
    const std::size_t leading = outShape.size() - input.shape.size();
    std::vector<std::int64_t> index(outShape.size(), 0);
    for (std::int64_t i = 0; i < elementCount(outShape); ++i) {
        std::int64_t from = 0;
        for (std::size_t d = 0; d < input.shape.size(); ++d)
            from = from * input.shape[d] + (input.shape[d] == 1 ? 0 : index[d + leading]);
        std::memcpy(out.data.data() + static_cast<std::size_t>(i) * size,
            input.data.data() + static_cast<std::size_t>(from) * size, size);
        for (std::size_t d = outShape.size(); d-- > 0;) {
            if (++index[d] < outShape[d])
                break;
            index[d] = 0;
        }
    }
    return out;
}

void addCase(const char* name, Case c)
{
    QTest::newRow(name) << c;
}

} // namespace

class TestReshape : public QObject
{
    Q_OBJECT

private slots:
    void shapes_data();
    void shapes();
    void shapeOp_data();
    void shapeOp();
    void rejects_data();
    void rejects();
    void rejectsComputedShape();
};

void TestReshape::shapes_data()
{
    QTest::addColumn<Case>("c");
    addCase("reshape -1 from tensor f32",
        { OpKind::Reshape, DType::Float32, { 2, 3, 4 }, { -1, 4 }, { 6, 4 }, false, true });
    addCase("reshape from option i8",
        { OpKind::Reshape, DType::Int8, { 2, 3, 4 }, { 4, 6 }, { 4, 6 }, true, true });
    addCase("reshape to scalar via legacy [0]",
        { OpKind::Reshape, DType::Int32, { 1, 1 }, { 0 }, {}, true });
    addCase("reshape f16", { OpKind::Reshape, DType::Float16, { 6 }, { 3, 2 }, { 3, 2 } });
    addCase(
        "reshape bool", { OpKind::Reshape, DType::Bool, { 2, 5 }, { 10 }, { 10 }, false, true });
    addCase("reshape i64 -1 first",
        { OpKind::Reshape, DType::Int64, { 4, 5 }, { -1, 2, 5 }, { 2, 2, 5 }, false, true });
    addCase("squeeze all unit dims",
        { OpKind::Squeeze, DType::Float32, { 1, 3, 1, 2 }, {}, { 3, 2 }, false, true });
    addCase("squeeze dim 0 u8",
        { OpKind::Squeeze, DType::UInt8, { 1, 3, 1, 2 }, { 0 }, { 3, 1, 2 }, false, true });
    addCase("squeeze dim -2 i16",
        { OpKind::Squeeze, DType::Int16, { 1, 3, 1, 2 }, { -2 }, { 1, 3, 2 } });
    addCase("squeeze twice the same dim",
        { OpKind::Squeeze, DType::Float32, { 4, 1 }, { 1, -1 }, { 4 } });
    addCase("expand_dims axis 0",
        { OpKind::ExpandDims, DType::Float32, { 3, 4 }, { 0 }, { 1, 3, 4 }, false, true });
    addCase("expand_dims axis -1 i8",
        { OpKind::ExpandDims, DType::Int8, { 3, 4 }, { -1 }, { 3, 4, 1 }, false, true });
    addCase("expand_dims axis 1 i64",
        { OpKind::ExpandDims, DType::Int64, { 3, 4 }, { 1 }, { 3, 1, 4 } });
    addCase("expand_dims scalar", { OpKind::ExpandDims, DType::Float32, {}, { 0 }, { 1 } });
    addCase("broadcast_to add leading dims f32",
        { OpKind::BroadcastTo, DType::Float32, { 3, 1 }, { 2, 3, 4 }, { 2, 3, 4 }, false, true });
    addCase("broadcast_to inner unit i8",
        { OpKind::BroadcastTo, DType::Int8, { 2, 1, 3 }, { 2, 4, 3 }, { 2, 4, 3 }, false, true });
    addCase("broadcast_to scalar-like i32",
        { OpKind::BroadcastTo, DType::Int32, { 1 }, { 5 }, { 5 }, false, true });
    addCase("broadcast_to last dim f16",
        { OpKind::BroadcastTo, DType::Float16, { 4, 1 }, { 4, 7 }, { 4, 7 } });
    addCase("broadcast_to same shape bool",
        { OpKind::BroadcastTo, DType::Bool, { 2, 3 }, { 2, 3 }, { 2, 3 } });
    addCase("broadcast_to large (threads)",
        { OpKind::BroadcastTo, DType::Float32, { 1, 1, 300 }, { 8, 70, 300 }, { 8, 70, 300 } });
}

void TestReshape::shapes()
{
    QFETCH(Case, c);
    const NpyArray input = randomArray(c.dtype, c.shape, 11);
    const ir::Model model = buildModel(c, c.expected);
    Result<std::vector<NpyArray>> ours = runOurs(model, { input }, &interp::registerReshapeKernels);
    QVERIFY2(ours.has_value(), ours ? "" : ours.error().toString().c_str());
    QCOMPARE(ours->front().shape, c.expected);
    NpyArray wanted = c.op == OpKind::BroadcastTo
        ? broadcast(input, c.expected)
        : NpyArray { input.dtype, c.expected, input.data };
    const std::int64_t mismatch = firstMismatch(ours->front(), wanted);
    QVERIFY2(
        mismatch < 0, qPrintable(QStringLiteral("first mismatch at element %1").arg(mismatch)));
    if (!c.liteRt)
        return;
    Result<std::vector<NpyArray>> liteRt = runLiteRt(model, { input });
    QVERIFY2(liteRt.has_value(), liteRt ? "" : liteRt.error().toString().c_str());
    QCOMPARE(liteRt->front().shape, c.expected);
    QCOMPARE(firstMismatch(liteRt->front(), ours->front()), std::int64_t { -1 });
}

void TestReshape::shapeOp_data()
{
    QTest::addColumn<DType>("outType");
    QTest::newRow("int32") << DType::Int32;
    QTest::newRow("int64") << DType::Int64;
}

void TestReshape::shapeOp()
{
    // Not compared with LiteRT: LiteRT.js returns uninitialised memory for a SHAPE output (it
    // computes the tensor at prepare time and does not hand it out).
    QFETCH(DType, outType);
    const Case c { OpKind::Shape, DType::Float32, { 2, 7, 1, 3 }, {}, { 4 } };
    ir::Model model = buildModel(c, { 4 }, outType);
    model.main().nodes[0].attributes.set(
        "out_type", std::string(outType == DType::Int32 ? "INT32" : "INT64"));
    Result<std::vector<NpyArray>> ours
        = runOurs(model, { randomArray(c.dtype, c.shape, 3) }, &interp::registerReshapeKernels);
    QVERIFY2(ours.has_value(), ours ? "" : ours.error().toString().c_str());
    QCOMPARE(ours->front().dtype, outType);
    std::vector<double> dims;
    for (std::size_t i = 0; i < 4; ++i)
        dims.push_back(valueAt(ours->front(), i));
    QCOMPARE(dims, (std::vector<double> { 2, 7, 1, 3 }));
}

void TestReshape::rejects_data()
{
    QTest::addColumn<Case>("c");
    QTest::addColumn<QString>("message");
    QTest::newRow("two -1") << Case { OpKind::Reshape, DType::Float32, { 2, 3 }, { -1, -1 } }
                            << QStringLiteral("more than one -1");
    QTest::newRow("element count") << Case { OpKind::Reshape, DType::Float32, { 2, 3 }, { 4, 2 } }
                                   << QStringLiteral("cannot reshape");
    QTest::newRow("squeeze non-unit") << Case { OpKind::Squeeze, DType::Float32, { 2, 3 }, { 1 } }
                                      << QStringLiteral("cannot squeeze");
    QTest::newRow("expand_dims axis") << Case { OpKind::ExpandDims, DType::Float32, { 2, 3 },
        { 4 } } << QStringLiteral("out of range");
    QTest::newRow("broadcast incompatible") << Case { OpKind::BroadcastTo, DType::Float32, { 2, 3 },
        { 2, 4 } } << QStringLiteral("cannot broadcast");
    QTest::newRow("broadcast to lower rank") << Case { OpKind::BroadcastTo, DType::Float32,
        { 2, 3 }, { 3 } } << QStringLiteral("cannot broadcast");
}

void TestReshape::rejects()
{
    QFETCH(Case, c);
    QFETCH(QString, message);
    const ir::Model model = buildModel(c, std::vector<std::int64_t>(c.values.size(), -1));
    Result<std::vector<NpyArray>> ours
        = runOurs(model, { randomArray(c.dtype, c.shape, 1) }, &interp::registerReshapeKernels);
    QVERIFY(!ours.has_value());
    QVERIFY2(QString::fromStdString(ours.error().message).contains(message),
        ours.error().toString().c_str());
}

void TestReshape::rejectsComputedShape()
{
    // The interpreter plans every shape before running, so a shape tensor computed by the graph
    // cannot be honoured; prepare must say so instead of guessing.
    const ir::Model model = oneNodeModel(OpKind::Reshape,
        { tensor("input", DType::Float32, { 2, 3 }), tensor("shape", DType::Int32, { 2 }) },
        { tensor("output", DType::Float32, { -1, -1 }) });
    Result<std::vector<NpyArray>> ours = runOurs(model,
        { randomArray(DType::Float32, { 2, 3 }, 1),
            arrayOf<std::int32_t>(DType::Int32, { 2 }, { 3, 2 }) },
        &interp::registerReshapeKernels);
    QVERIFY(!ours.has_value());
    QVERIFY2(
        QString::fromStdString(ours.error().message).contains(QStringLiteral("must be a constant")),
        ours.error().toString().c_str());
}

QTEST_GUILESS_MAIN(TestReshape)
#include "tst_reshape.moc"
