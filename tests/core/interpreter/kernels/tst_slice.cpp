// SPDX-License-Identifier: GPL-3.0-or-later
// Selection and padding kernels (SLICE, STRIDED_SLICE, GATHER, GATHER_ND, TILE, PAD, PADV2,
// MIRROR_PAD, FILL, ZEROS_LIKE) on one-node models. Outputs must equal index maps written here from
// the op definitions; STRIDED_SLICE's strided-copy fast path must equal the reference element loop,
// its output shapes the numpy-style shapes worked out by hand for every mask combination, and its
// data LiteRT's; a representative subset of the other ops is also compared with LiteRT byte for
// byte.
#include "core/interpreter/kernels/reference/slice.h"
#include "core/interpreter/kernels/slice.h"
#include "tests/core/interpreter/kernels/kernel_test_support.h"

#include <QTest>

using namespace lf;
using namespace lf::test::kt;
using ir::OpKind;

namespace {

struct StridedCase
{
    DType dtype = DType::Float32;
    std::vector<std::int64_t> shape;
    std::vector<std::int32_t> begin;
    std::vector<std::int32_t> end;
    std::vector<std::int32_t> strides;
    std::int64_t beginMask = 0;
    std::int64_t endMask = 0;
    std::int64_t ellipsisMask = 0;
    std::int64_t newAxisMask = 0;
    std::int64_t shrinkAxisMask = 0;
    bool offset = false;
    std::vector<std::int64_t> expectedShape;
    bool liteRt = true;
};

/// Every other op: input shape, op-specific integer parameters, quantization and flags.
struct Case
{
    OpKind op = OpKind::Slice;
    DType dtype = DType::Float32;
    std::vector<std::int64_t> shape;
    std::vector<std::int64_t> first; ///< begin, indices shape, multiples, paddings, fill dims
    std::vector<std::int64_t> second; ///< size, index values, ...
    ir::Attributes attributes;
    ir::QuantParams quant;
    bool liteRt = false;
};

} // namespace

Q_DECLARE_METATYPE(StridedCase)
Q_DECLARE_METATYPE(Case)

namespace {

ir::QuantParams quantFor(DType dtype)
{
    if (dtype == DType::Int8)
        return perTensor(0.05f, -3);
    if (dtype == DType::UInt8)
        return perTensor(0.05f, 131);
    return {};
}

std::vector<std::int32_t> int32s(const std::vector<std::int64_t>& values)
{
    return { values.begin(), values.end() };
}

std::vector<std::byte> elementBytes(DType dtype, double value)
{
    std::vector<std::byte> bytes(ir::dtypeSize(dtype));
    auto put = [&]<class T>(T) {
        const auto v = static_cast<T>(value);
        std::memcpy(bytes.data(), &v, sizeof(T));
    };
    switch (dtype) {
    case DType::Float32: put(float {}); break;
    case DType::Int8: put(std::int8_t {}); break;
    case DType::UInt8: put(std::uint8_t {}); break;
    case DType::Int16: put(std::int16_t {}); break;
    case DType::Int32: put(std::int32_t {}); break;
    case DType::Int64: put(std::int64_t {}); break;
    case DType::Bool: put(std::uint8_t {}); break;
    default: break;
    }
    return bytes;
}

/// Index of out-coordinate i in an input of extent n padded by mirroring (REFLECT skips the edge).
std::int64_t mirror(std::int64_t i, std::int64_t n, bool reflect)
{
    if (i < 0)
        return reflect ? -i : -i - 1;
    if (i >= n)
        return reflect ? 2 * n - 2 - i : 2 * n - 1 - i;
    return i;
}

/// The model for `c` and the graph-input arrays it takes, plus the expected output.
struct Prepared
{
    ir::Model model;
    std::vector<NpyArray> inputs;
    NpyArray expected;
};

Prepared prepare(const Case& c)
{
    Prepared p;
    const ir::QuantParams quant = c.quant;
    const NpyArray input = randomArray(c.dtype, c.shape, 17);
    std::vector<TensorSpec> specs { tensor("input", c.dtype, c.shape, quant) };
    p.inputs = { input };
    const std::vector<std::int64_t>& s = c.shape;
    switch (c.op) {
    case OpKind::Slice: {
        std::vector<std::int64_t> size = c.second;
        for (std::size_t d = 0; d < size.size(); ++d)
            size[d] = size[d] == -1 ? s[d] - c.first[d] : size[d];
        p.expected = indexMap(input, size, [&](const std::vector<std::int64_t>& o) {
            std::vector<std::int64_t> i = o;
            for (std::size_t d = 0; d < i.size(); ++d)
                i[d] += c.first[d];
            return flatIndex(s, i);
        });
        specs.push_back(int32Constant("begin", int32s(c.first)));
        specs.push_back(int32Constant("size", int32s(c.second)));
        break;
    }
    case OpKind::Gather: {
        // first: indices shape, second: index values (constant).
        const std::int64_t rank = static_cast<std::int64_t>(s.size());
        std::int64_t axis = c.attributes.getOr<std::int64_t>("axis", 0);
        axis = axis < 0 ? axis + rank : axis;
        std::int64_t batchDims = c.attributes.getOr<std::int64_t>("batch_dims", 0);
        batchDims
            = batchDims < 0 ? batchDims + static_cast<std::int64_t>(c.first.size()) : batchDims;
        std::vector<std::int64_t> outShape(s.begin(), s.begin() + axis);
        outShape.insert(outShape.end(), c.first.begin() + batchDims, c.first.end());
        outShape.insert(outShape.end(), s.begin() + axis + 1, s.end());
        const auto indexRank = static_cast<std::int64_t>(c.first.size());
        p.expected = indexMap(input, outShape, [&](const std::vector<std::int64_t>& o) {
            // o = params[:axis] + indices[batch_dims:] + params[axis+1:]
            std::vector<std::int64_t> indexPosition(o.begin(), o.begin() + batchDims);
            indexPosition.insert(
                indexPosition.end(), o.begin() + axis, o.begin() + axis + indexRank - batchDims);
            const std::int64_t index
                = c.second[static_cast<std::size_t>(flatIndex(c.first, indexPosition))];
            std::vector<std::int64_t> i(o.begin(), o.begin() + axis);
            i.push_back(index);
            i.insert(i.end(), o.begin() + axis + indexRank - batchDims, o.end());
            return flatIndex(s, i);
        });
        specs.push_back(constant("indices", DType::Int64, c.first, c.second));
        break;
    }
    case OpKind::GatherNd: {
        const std::int64_t depth = c.first.back();
        std::vector<std::int64_t> outShape(c.first.begin(), c.first.end() - 1);
        outShape.insert(outShape.end(), s.begin() + depth, s.end());
        const std::size_t lookupRank = c.first.size() - 1;
        p.expected = indexMap(input, outShape, [&](const std::vector<std::int64_t>& o) {
            const std::int64_t lookup
                = flatIndex(std::vector<std::int64_t>(c.first.begin(), c.first.end() - 1),
                    std::vector<std::int64_t>(
                        o.begin(), o.begin() + static_cast<std::ptrdiff_t>(lookupRank)));
            std::vector<std::int64_t> i;
            for (std::int64_t j = 0; j < depth; ++j)
                i.push_back(c.second[static_cast<std::size_t>(lookup * depth + j)]);
            i.insert(i.end(), o.begin() + static_cast<std::ptrdiff_t>(lookupRank), o.end());
            return flatIndex(s, i);
        });
        specs.push_back(int32Constant("indices", int32s(c.second), c.first));
        break;
    }
    case OpKind::Tile: {
        std::vector<std::int64_t> outShape = s;
        for (std::size_t d = 0; d < s.size(); ++d)
            outShape[d] *= c.first[d];
        p.expected = indexMap(input, outShape, [&](const std::vector<std::int64_t>& o) {
            std::vector<std::int64_t> i = o;
            for (std::size_t d = 0; d < i.size(); ++d)
                i[d] %= s[d];
            return flatIndex(s, i);
        });
        specs.push_back(int32Constant("multiples", int32s(c.first)));
        break;
    }
    case OpKind::Pad:
    case OpKind::PadV2:
    case OpKind::MirrorPad: {
        std::vector<std::int64_t> outShape = s;
        for (std::size_t d = 0; d < s.size(); ++d)
            outShape[d] += c.first[2 * d] + c.first[2 * d + 1];
        const bool mirrorMode = c.op == OpKind::MirrorPad;
        const bool reflect = c.attributes.getOr<std::string>("mode", "") == "REFLECT";
        // PAD pads with the zero point (the real 0); PADV2 with its constant_values (second[0]).
        double padValue = quant.zeroPoints.empty() ? 0.0 : static_cast<double>(quant.zeroPoints[0]);
        if (c.op == OpKind::PadV2)
            padValue = static_cast<double>(c.second[0]);
        p.expected = indexMap(
            input, outShape,
            [&](const std::vector<std::int64_t>& o) -> std::int64_t {
                std::vector<std::int64_t> i = o;
                for (std::size_t d = 0; d < i.size(); ++d) {
                    i[d] -= c.first[2 * d];
                    if (mirrorMode)
                        i[d] = mirror(i[d], s[d], reflect);
                    else if (i[d] < 0 || i[d] >= s[d])
                        return -1;
                }
                return flatIndex(s, i);
            },
            elementBytes(c.dtype, padValue));
        specs.push_back(
            int32Constant("paddings", int32s(c.first), { static_cast<std::int64_t>(s.size()), 2 }));
        if (c.op == OpKind::PadV2) {
            TensorSpec value = tensor("constant_values", c.dtype, {}, quant);
            value.data = elementBytes(c.dtype, padValue);
            value.constant = true;
            specs.push_back(value);
        }
        break;
    }
    case OpKind::Fill: {
        // The input is the fill value (a graph input); first holds the dims.
        specs = { int32Constant("dims", int32s(c.first)), tensor("value", c.dtype, {}, quant) };
        const NpyArray value { c.dtype, {},
            std::vector<std::byte>(input.data.begin(),
                input.data.begin() + static_cast<std::ptrdiff_t>(ir::dtypeSize(c.dtype))) };
        p.inputs = { value };
        p.expected = indexMap(value, c.first, [](const std::vector<std::int64_t>&) { return 0; });
        break;
    }
    case OpKind::ZerosLike:
        p.expected = indexMap(input, s, [](const std::vector<std::int64_t>&) { return -1; });
        break;
    default: break;
    }
    p.model = oneNodeModel(
        c.op, specs, { tensor("output", c.dtype, p.expected.shape, quant) }, c.attributes);
    return p;
}

ir::Model stridedModel(const StridedCase& c, const std::vector<std::int64_t>& outShape)
{
    ir::Attributes attributes;
    attributes.set("begin_mask", c.beginMask);
    attributes.set("end_mask", c.endMask);
    attributes.set("ellipsis_mask", c.ellipsisMask);
    attributes.set("new_axis_mask", c.newAxisMask);
    attributes.set("shrink_axis_mask", c.shrinkAxisMask);
    attributes.set("offset", c.offset);
    const ir::QuantParams quant = quantFor(c.dtype);
    return oneNodeModel(OpKind::StridedSlice,
        { tensor("input", c.dtype, c.shape, quant), int32Constant("begin", c.begin),
            int32Constant("end", c.end), int32Constant("strides", c.strides) },
        { tensor("output", c.dtype, outShape, quant) }, std::move(attributes));
}

template <class T>
void referenceSlice(const StridedCase& c, const NpyArray& input, NpyArray& output)
{
    interp::reference::StridedSliceSpec spec;
    spec.begin.assign(c.begin.begin(), c.begin.end());
    spec.end.assign(c.end.begin(), c.end.end());
    spec.strides.assign(c.strides.begin(), c.strides.end());
    spec.beginMask = c.beginMask;
    spec.endMask = c.endMask;
    spec.ellipsisMask = c.ellipsisMask;
    spec.newAxisMask = c.newAxisMask;
    spec.shrinkAxisMask = c.shrinkAxisMask;
    spec.offset = c.offset;
    const auto dims = interp::reference::canonicalStridedSlice(input.shape, spec);
    QVERIFY(dims.has_value());
    const auto shape = interp::reference::stridedSliceShape(*dims, spec);
    QVERIFY(shape.has_value());
    output = NpyArray { input.dtype, *shape,
        std::vector<std::byte>(static_cast<std::size_t>(elementCount(*shape)) * sizeof(T)) };
    interp::reference::stridedSlice<T>(*dims, spec.offset, input.shape,
        reinterpret_cast<const T*>(input.data.data()),
        std::span<T>(reinterpret_cast<T*>(output.data.data()), output.data.size() / sizeof(T)));
}

void compareWithLiteRt(
    const ir::Model& model, const std::vector<NpyArray>& inputs, const NpyArray& ours)
{
    Result<std::vector<NpyArray>> liteRt = runLiteRt(model, inputs);
    QVERIFY2(liteRt.has_value(), liteRt ? "" : liteRt.error().toString().c_str());
    QCOMPARE(liteRt->front().shape, ours.shape);
    const std::int64_t mismatches = mismatchCount(liteRt->front(), ours);
    QVERIFY2(mismatches == 0,
        qPrintable(QStringLiteral("%1 of %2 elements differ from LiteRT")
                       .arg(mismatches)
                       .arg(elementCount(ours.shape))));
}

ir::Attributes attrs(std::initializer_list<std::pair<const char*, ir::Attribute>> values)
{
    ir::Attributes attributes;
    for (const auto& [name, value] : values)
        attributes.set(name, value);
    return attributes;
}

} // namespace

class TestSlice : public QObject
{
    Q_OBJECT

private slots:
    void stridedSlice_data();
    void stridedSlice();
    void ops_data();
    void ops();
    void stridedSliceOffsetWithComputedBegin();
    void padV2WithComputedValue();
    void gatherOutOfRangeComputedIndexGivesZeros();
    void rejects_data();
    void rejects();
};

void TestSlice::stridedSlice_data()
{
    QTest::addColumn<StridedCase>("c");
    using V = std::vector<std::int32_t>;
    using S = std::vector<std::int64_t>;
    auto add = [](const char* name, StridedCase c) { QTest::newRow(name) << c; };
    add("x[1:3, 0:5:2, 2:6:2]",
        { DType::Float32, { 4, 5, 6 }, V { 1, 0, 2 }, V { 3, 5, 6 }, V { 1, 2, 2 }, 0, 0, 0, 0, 0,
            false, S { 2, 3, 2 } });
    add("x[-1:-5:-1, 4:0:-2] negative strides",
        { DType::Float32, { 4, 5 }, V { -1, 4 }, V { -5, 0 }, V { -1, -2 }, 0, 0, 0, 0, 0, false,
            S { 4, 2 } });
    add("begin_mask 0b101, end_mask 0b010",
        { DType::Int8, { 4, 5, 6 }, V { 1, 1, 1 }, V { 2, 2, 2 }, V { 1, 1, 1 }, 5, 2, 0, 0, 0,
            false, S { 2, 4, 2 } });
    add("shrink 0b101",
        { DType::Float32, { 4, 5, 6 }, V { 1, 0, 2 }, V { 2, 5, 3 }, V { 1, 1, 1 }, 0, 0, 0, 0, 5,
            false, S { 5 } });
    add("shrink with negative index x[-1, :]",
        { DType::Int16, { 4, 5 }, V { -1, 0 }, V { 0, 5 }, V { 1, 1 }, 0, 0, 0, 0, 1, false,
            S { 5 } });
    add("ellipsis first x[..., 1:3]",
        { DType::Float32, { 2, 3, 4, 5 }, V { 0, 1 }, V { 0, 3 }, V { 1, 1 }, 0, 0, 1, 0, 0, false,
            S { 2, 3, 4, 2 } });
    add("ellipsis middle x[1:2, ..., 0:4:2]",
        { DType::UInt8, { 2, 3, 4, 5 }, V { 1, 0, 0 }, V { 2, 0, 4 }, V { 1, 1, 2 }, 0, 0, 2, 0, 0,
            false, S { 1, 3, 4, 2 } });
    add("new axis first x[newaxis, 0:3, 0:4]",
        { DType::Float32, { 3, 4 }, V { 0, 0, 0 }, V { 0, 3, 4 }, V { 1, 1, 1 }, 0, 0, 0, 1, 0,
            false, S { 1, 3, 4 } });
    add("shrink then new axis x[1, newaxis, :]",
        { DType::Int32, { 3, 4 }, V { 1, 0, 0 }, V { 2, 0, 4 }, V { 1, 1, 1 }, 0, 0, 0, 2, 1, false,
            S { 1, 4 } });
    add("ellipsis then new axis x[..., newaxis]",
        { DType::Float32, { 2, 3, 4 }, V { 0, 0 }, V { 0, 0 }, V { 1, 1 }, 0, 0, 1, 2, 0, false,
            S { 2, 3, 4, 1 } });
    add("new axis on the ellipsis entry is ignored",
        { DType::Float32, { 2, 3 }, V { 0, 0 }, V { 0, 2 }, V { 1, 1 }, 0, 0, 1, 1, 0, false,
            S { 2, 2 } });
    add("fewer entries than dims x[1:3]",
        { DType::Int64, { 3, 4, 5 }, V { 1 }, V { 3 }, V { 1 }, 0, 0, 0, 0, 0, false,
            S { 2, 4, 5 } });
    add("out of range indices clamp",
        { DType::Float32, { 5 }, V { -10 }, V { 10 }, V { 1 }, 0, 0, 0, 0, 0, false, S { 5 } });
    add("empty slice",
        { DType::Float32, { 5, 2 }, V { 7, 0 }, V { 10, 2 }, V { 1, 1 }, 0, 0, 0, 0, 0, false,
            S { 0, 2 }, false });
    add("negative stride with end mask x[4::-2]",
        { DType::Float32, { 6 }, V { 4 }, V { 0 }, V { -2 }, 0, 1, 0, 0, 0, false, S { 3 } });
    add("reverse both dims x[::-1, ::-1]",
        { DType::Float16, { 3, 4 }, V { 0, 0 }, V { 0, 0 }, V { -1, -1 }, 3, 3, 0, 0, 0, false,
            S { 3, 4 } });
    add("offset sizes x[1:1+3, 2:2+2]",
        { DType::Float32, { 5, 6 }, V { 1, 2 }, V { 3, 2 }, V { 1, 1 }, 0, 0, 0, 0, 0, true,
            S { 3, 2 } });
    add("strided inner i8 x[:, 1::3]",
        { DType::Int8, { 4, 10 }, V { 0, 1 }, V { 4, 10 }, V { 1, 3 }, 0, 2, 0, 0, 0, false,
            S { 4, 3 } });
    add("bool rows",
        { DType::Bool, { 6, 3 }, V { 1, 0 }, V { 6, 3 }, V { 2, 1 }, 0, 0, 0, 0, 0, false,
            S { 3, 3 } });
    add("large (threads)",
        { DType::Float32, { 64, 64, 64 }, V { 0, 1, 0 }, V { 64, 63, 64 }, V { 1, 1, 2 }, 0, 0, 0,
            0, 0, false, S { 64, 62, 32 }, false });
}

void TestSlice::stridedSlice()
{
    QFETCH(StridedCase, c);
    const NpyArray input = randomArray(c.dtype, c.shape, 23);
    NpyArray wanted;
    switch (ir::dtypeSize(c.dtype)) {
    case 1: referenceSlice<std::uint8_t>(c, input, wanted); break;
    case 2: referenceSlice<std::uint16_t>(c, input, wanted); break;
    case 4: referenceSlice<std::uint32_t>(c, input, wanted); break;
    default: referenceSlice<std::uint64_t>(c, input, wanted); break;
    }
    QCOMPARE(wanted.shape, c.expectedShape);
    const ir::Model model = stridedModel(c, c.expectedShape);
    Result<std::vector<NpyArray>> ours = runOurs(model, { input }, &interp::registerSliceKernels);
    QVERIFY2(ours.has_value(), ours ? "" : ours.error().toString().c_str());
    QCOMPARE(ours->front().shape, c.expectedShape);
    QCOMPARE(firstMismatch(ours->front(), wanted), std::int64_t { -1 });
    if (c.liteRt)
        compareWithLiteRt(model, { input }, ours->front());
}

void TestSlice::ops_data()
{
    QTest::addColumn<Case>("c");
    using S = std::vector<std::int64_t>;
    auto add = [](const char* name, Case c) { QTest::newRow(name) << c; };
    add("slice f32 with -1",
        { OpKind::Slice, DType::Float32, { 4, 5, 6 }, S { 1, 0, 2 }, S { 2, -1, 3 }, {}, {},
            true });
    add("slice i8",
        { OpKind::Slice, DType::Int8, { 3, 7 }, S { 1, 2 }, S { 2, 4 }, {}, quantFor(DType::Int8),
            true });
    add("slice i64 full", { OpKind::Slice, DType::Int64, { 2, 3 }, S { 0, 0 }, S { -1, -1 } });
    add("gather axis 0",
        { OpKind::Gather, DType::Float32, { 5, 4 }, S { 3 }, S { 4, 0, 2 }, {}, {}, true });
    add("gather axis 1 2-D indices",
        { OpKind::Gather, DType::Int16, { 3, 5, 2 }, S { 2, 2 }, S { 1, 4, 0, 4 },
            attrs({ { "axis", std::int64_t { 1 } } }), {}, true });
    add("gather batch_dims 1",
        { OpKind::Gather, DType::Float32, { 2, 5, 3 }, S { 2, 4 }, S { 0, 4, 4, 1, 2, 3, 0, 0 },
            attrs({ { "axis", std::int64_t { 1 } }, { "batch_dims", std::int64_t { 1 } } }), {},
            true });
    add("gather axis -1 i8",
        { OpKind::Gather, DType::Int8, { 2, 3, 6 }, S { 4 }, S { 5, 0, 3, 3 },
            attrs({ { "axis", std::int64_t { -1 } } }), quantFor(DType::Int8), true });
    add("gather bool scalar index", { OpKind::Gather, DType::Bool, { 4, 2 }, S {}, S { 3 } });
    add("gather_nd depth 2",
        { OpKind::GatherNd, DType::Float32, { 3, 4, 5 }, S { 2, 2 }, S { 2, 3, 0, 1 }, {}, {},
            true });
    add("gather_nd depth 3 i8",
        { OpKind::GatherNd, DType::Int8, { 3, 4, 5 }, S { 2, 3 }, S { 2, 3, 4, 0, 0, 1 }, {},
            quantFor(DType::Int8), true });
    add("gather_nd depth 1 batch of lookups",
        { OpKind::GatherNd, DType::Int32, { 3, 4, 5 }, S { 2, 2, 1 }, S { 2, 0, 1, 1 }, {}, {},
            true });
    add("tile f32", { OpKind::Tile, DType::Float32, { 2, 3 }, S { 2, 3 }, {}, {}, {}, true });
    add("tile i8 3-D",
        { OpKind::Tile, DType::Int8, { 1, 2, 3 }, S { 2, 1, 2 }, {}, {}, quantFor(DType::Int8),
            true });
    add("tile i64 1-D", { OpKind::Tile, DType::Int64, { 3 }, S { 4 }, {}, {}, {}, true });
    add("tile bool x1", { OpKind::Tile, DType::Bool, { 2, 2 }, S { 1, 1 } });
    add("pad f32", { OpKind::Pad, DType::Float32, { 2, 3 }, S { 1, 2, 0, 1 }, {}, {}, {}, true });
    add("pad i8 pads with the zero point",
        { OpKind::Pad, DType::Int8, { 1, 3, 3, 2 }, S { 0, 0, 1, 1, 2, 0, 0, 0 }, {}, {},
            quantFor(DType::Int8), true });
    add("pad u8 pads with the zero point",
        { OpKind::Pad, DType::UInt8, { 2, 3 }, S { 2, 0, 1, 3 }, {}, {}, quantFor(DType::UInt8),
            true });
    add("pad i16 zero point 0",
        { OpKind::Pad, DType::Int16, { 3, 2 }, S { 1, 1, 1, 1 }, {}, {}, perTensor(0.001f, 0),
            true });
    add("pad f32 outer dim only",
        { OpKind::Pad, DType::Float32, { 3, 4 }, S { 1, 2, 0, 0 }, {}, {}, {}, true });
    add("pad f32 nothing to pad", { OpKind::Pad, DType::Float32, { 2, 3 }, S { 0, 0, 0, 0 } });
    add("pad i8 large (threads)",
        { OpKind::Pad, DType::Int8, { 1, 112, 112, 96 }, S { 0, 0, 0, 1, 0, 1, 0, 0 }, {}, {},
            quantFor(DType::Int8), true });
    add("pad i64 5-D",
        { OpKind::Pad, DType::Int64, { 1, 2, 1, 2, 3 }, S { 0, 1, 1, 0, 0, 0, 2, 1, 0, 1 } });
    add("padv2 f32 constant 2",
        { OpKind::PadV2, DType::Float32, { 2, 3 }, S { 1, 0, 2, 2 }, S { 2 }, {}, {}, true });
    add("padv2 i8 constant -100",
        { OpKind::PadV2, DType::Int8, { 2, 2, 3 }, S { 0, 1, 1, 0, 2, 1 }, S { -100 }, {},
            quantFor(DType::Int8), true });
    add("mirror_pad reflect f32",
        { OpKind::MirrorPad, DType::Float32, { 3, 4 }, S { 2, 1, 1, 3 }, {},
            attrs({ { "mode", std::string("REFLECT") } }), {}, true });
    add("mirror_pad symmetric i8",
        { OpKind::MirrorPad, DType::Int8, { 2, 3, 4 }, S { 1, 2, 0, 3, 4, 1 }, {},
            attrs({ { "mode", std::string("SYMMETRIC") } }), quantFor(DType::Int8), true });
    add("mirror_pad reflect 4-D u8",
        { OpKind::MirrorPad, DType::UInt8, { 1, 4, 5, 2 }, S { 0, 0, 3, 2, 1, 4, 0, 0 }, {},
            attrs({ { "mode", std::string("REFLECT") } }), quantFor(DType::UInt8), true });
    add("mirror_pad symmetric outer dim only",
        { OpKind::MirrorPad, DType::Int16, { 3, 4 }, S { 2, 3, 0, 0 }, {},
            attrs({ { "mode", std::string("SYMMETRIC") } }), {}, true });
    add("mirror_pad symmetric i64",
        { OpKind::MirrorPad, DType::Int64, { 4 }, S { 4, 2 }, {},
            attrs({ { "mode", std::string("SYMMETRIC") } }) });
    add("fill f32", { OpKind::Fill, DType::Float32, {}, S { 2, 3 }, {}, {}, {}, true });
    add("fill i32", { OpKind::Fill, DType::Int32, {}, S { 4 }, {}, {}, {}, true });
    add("fill i64 3-D", { OpKind::Fill, DType::Int64, {}, S { 2, 1, 3 }, {}, {}, {}, true });
    add("fill bool", { OpKind::Fill, DType::Bool, {}, S { 5 }, {}, {}, {}, true });
    add("zeros_like f32", { OpKind::ZerosLike, DType::Float32, { 3, 4 }, {}, {}, {}, {}, true });
    add("zeros_like i64", { OpKind::ZerosLike, DType::Int64, { 5 }, {}, {}, {}, {}, true });
    add("zeros_like i8 writes raw zeros",
        { OpKind::ZerosLike, DType::Int8, { 2, 2 }, {}, {}, {}, quantFor(DType::Int8) });
}

void TestSlice::ops()
{
    QFETCH(Case, c);
    const Prepared p = prepare(c);
    Result<std::vector<NpyArray>> ours = runOurs(p.model, p.inputs, &interp::registerSliceKernels);
    QVERIFY2(ours.has_value(), ours ? "" : ours.error().toString().c_str());
    QCOMPARE(ours->front().shape, p.expected.shape);
    const std::int64_t mismatch = firstMismatch(ours->front(), p.expected);
    QVERIFY2(mismatch < 0,
        qPrintable(QStringLiteral("first mismatch at element %1: %2 vs %3")
                       .arg(mismatch)
                       .arg(valueAt(ours->front(),
                           static_cast<std::size_t>(std::max<std::int64_t>(mismatch, 0))))
                       .arg(valueAt(p.expected,
                           static_cast<std::size_t>(std::max<std::int64_t>(mismatch, 0))))));
    if (c.liteRt)
        compareWithLiteRt(p.model, p.inputs, ours->front());
}

void TestSlice::stridedSliceOffsetWithComputedBegin()
{
    // With `offset`, end holds sizes, so the output shape is known while begin is computed.
    ir::Attributes attributes;
    attributes.set("offset", true);
    const ir::Model model = oneNodeModel(OpKind::StridedSlice,
        { tensor("input", DType::Float32, { 5, 6 }), tensor("begin", DType::Int32, { 2 }),
            int32Constant("end", { 3, 2 }), int32Constant("strides", { 1, 1 }) },
        { tensor("output", DType::Float32, { 3, 2 }) }, attributes);
    const NpyArray input = randomArray(DType::Float32, { 5, 6 }, 5);
    const NpyArray begin = arrayOf<std::int32_t>(DType::Int32, { 2 }, { 1, 2 });
    Result<std::vector<NpyArray>> ours
        = runOurs(model, { input, begin }, &interp::registerSliceKernels);
    QVERIFY2(ours.has_value(), ours ? "" : ours.error().toString().c_str());
    const NpyArray wanted = indexMap(input, { 3, 2 }, [](const std::vector<std::int64_t>& o) {
        return flatIndex({ 5, 6 }, { o[0] + 1, o[1] + 2 });
    });
    QCOMPARE(firstMismatch(ours->front(), wanted), std::int64_t { -1 });
    compareWithLiteRt(model, { input, begin }, ours->front());
}

void TestSlice::padV2WithComputedValue()
{
    const ir::Model model = oneNodeModel(OpKind::PadV2,
        { tensor("input", DType::Int32, { 2 }), int32Constant("paddings", { 1, 2 }, { 1, 2 }),
            tensor("value", DType::Int32, {}) },
        { tensor("output", DType::Int32, { 5 }) });
    Result<std::vector<NpyArray>> ours = runOurs(model,
        { arrayOf<std::int32_t>(DType::Int32, { 2 }, { 7, 8 }),
            arrayOf<std::int32_t>(DType::Int32, {}, { -3 }) },
        &interp::registerSliceKernels);
    QVERIFY2(ours.has_value(), ours ? "" : ours.error().toString().c_str());
    QCOMPARE(
        valuesOf<std::int32_t>(ours->front()), (std::vector<std::int32_t> { -3, 7, 8, -3, -3 }));
}

void TestSlice::gatherOutOfRangeComputedIndexGivesZeros()
{
    // TFLite fails at run time on an index outside the axis; our eval cannot fail, so it writes
    // zeros.
    const ir::Model model = oneNodeModel(OpKind::Gather,
        { tensor("params", DType::Float32, { 3, 2 }), tensor("indices", DType::Int32, { 3 }) },
        { tensor("output", DType::Float32, { 3, 2 }) });
    const NpyArray params = arrayOf<float>(DType::Float32, { 3, 2 }, { 1, 2, 3, 4, 5, 6 });
    const NpyArray indices = arrayOf<std::int32_t>(DType::Int32, { 3 }, { 2, 7, -1 });
    Result<std::vector<NpyArray>> ours
        = runOurs(model, { params, indices }, &interp::registerSliceKernels);
    QVERIFY2(ours.has_value(), ours ? "" : ours.error().toString().c_str());
    QCOMPARE(valuesOf<float>(ours->front()), (std::vector<float> { 5, 6, 0, 0, 0, 0 }));
}

void TestSlice::rejects_data()
{
    QTest::addColumn<Case>("c");
    QTest::addColumn<QString>("message");
    using S = std::vector<std::int64_t>;
    QTest::newRow("slice beyond the end") << Case { OpKind::Slice, DType::Float32, { 4 }, S { 2 },
        S { 3 } } << QStringLiteral("do not fit");
    QTest::newRow("gather index out of range") << Case { OpKind::Gather, DType::Float32, { 3, 2 },
        S { 2 }, S { 0, 3 } } << QStringLiteral("out of range");
    QTest::newRow("reflect pad too large") << Case { OpKind::MirrorPad, DType::Float32, { 3 },
        S { 3, 0 }, {}, attrs({ { "mode", std::string("REFLECT") } }) }
                                           << QStringLiteral("invalid");
    QTest::newRow("negative pad") << Case { OpKind::Pad, DType::Float32, { 3 }, S { -1, 0 } }
                                  << QStringLiteral("invalid");
}

void TestSlice::rejects()
{
    QFETCH(Case, c);
    QFETCH(QString, message);
    Prepared p;
    std::vector<TensorSpec> specs { tensor("input", c.dtype, c.shape) };
    switch (c.op) {
    case OpKind::Slice:
        specs.push_back(int32Constant("begin", int32s(c.first)));
        specs.push_back(int32Constant("size", int32s(c.second)));
        break;
    case OpKind::Gather:
        specs.push_back(int32Constant("indices", int32s(c.second), c.first));
        break;
    default:
        specs.push_back(int32Constant(
            "paddings", int32s(c.first), { static_cast<std::int64_t>(c.shape.size()), 2 }));
        break;
    }
    const ir::Model model = oneNodeModel(c.op, specs,
        { tensor("output", c.dtype, std::vector<std::int64_t>(c.shape.size(), -1)) }, c.attributes);
    Result<std::vector<NpyArray>> ours
        = runOurs(model, { randomArray(c.dtype, c.shape, 1) }, &interp::registerSliceKernels);
    QVERIFY(!ours.has_value());
    QVERIFY2(QString::fromStdString(ours.error().message).contains(message),
        ours.error().toString().c_str());
}

QTEST_GUILESS_MAIN(TestSlice)
#include "tst_slice.moc"
