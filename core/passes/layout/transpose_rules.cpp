// SPDX-License-Identifier: GPL-3.0-or-later
// Transpose sinking rules per op family. Notation: the node reads xt = transpose(x, P), so dim i of
// xt is dim P[i] of x. Rewritten, it reads x: an axis a becomes P[a], a per-dim vector v becomes v'
// with v'[P[i]] = v[i], and a constant operand c (broadcast up to rank r) becomes transpose(c,
// inverse(P)). Its output y' then satisfies y = transpose(y', Q), with Q = P for rank-keeping ops.
#include "core/passes/layout/transpose_rules.h"

#include <algorithm>
#include <numeric>

namespace lf::passes::layout {

namespace {

using ir::OpKind;

enum class Family {
    None,
    Elementwise, ///< unary ops, activations, casts and quantization: nothing to fix
    Broadcast, ///< n-ary elementwise ops: constant operands are permuted
    LastAxis, ///< works on the last axis: only perms that keep it last
    Concat, ///< axis attribute
    Reduce, ///< axes input 1, keep_dims attribute
    ArgReduce, ///< single axis input 1, drops that dim
    AxisInput, ///< axes input 1, same rank (CUMSUM, REVERSE_V2)
    Pad, ///< paddings input 1 of shape [r, 2]
    PerDim, ///< per-dim vectors at inputs 1.. (SLICE, TILE, BROADCAST_TO)
    StridedSlice,
    Split, ///< SPLIT: axis input 0, data input 1
    SplitV, ///< SPLIT_V: data input 0, axis input 2
    Gather, ///< axis attribute, 1-D or scalar indices
    Pack, ///< axis attribute, adds a dim
    Unpack, ///< axis attribute, drops a dim
    Reshape, ///< only when the dims it merges stay adjacent and in order
};

Family familyOf(OpKind op)
{
    switch (op) {
    case OpKind::Abs:
    case OpKind::Ceil:
    case OpKind::Cos:
    case OpKind::Elu:
    case OpKind::Exp:
    case OpKind::Floor:
    case OpKind::Gelu:
    case OpKind::HardSwish:
    case OpKind::LeakyRelu:
    case OpKind::Log:
    case OpKind::LogicalNot:
    case OpKind::Logistic:
    case OpKind::Neg:
    case OpKind::Relu:
    case OpKind::Relu0To1:
    case OpKind::Relu6:
    case OpKind::ReluN1To1:
    case OpKind::Round:
    case OpKind::Rsqrt:
    case OpKind::Sign:
    case OpKind::Sin:
    case OpKind::Sqrt:
    case OpKind::Square:
    case OpKind::Tanh:
    case OpKind::Quantize:
    case OpKind::Dequantize:
    case OpKind::Cast:
    case OpKind::ZerosLike: return Family::Elementwise;
    case OpKind::Add:
    case OpKind::Sub:
    case OpKind::Mul:
    case OpKind::Div:
    case OpKind::Maximum:
    case OpKind::Minimum:
    case OpKind::Pow:
    case OpKind::SquaredDifference:
    case OpKind::FloorDiv:
    case OpKind::FloorMod:
    case OpKind::Equal:
    case OpKind::NotEqual:
    case OpKind::Less:
    case OpKind::LessEqual:
    case OpKind::Greater:
    case OpKind::GreaterEqual:
    case OpKind::LogicalAnd:
    case OpKind::LogicalOr:
    case OpKind::SelectV2:
    case OpKind::Prelu:
    case OpKind::AddN: return Family::Broadcast;
    case OpKind::Softmax:
    case OpKind::LogSoftmax:
    case OpKind::L2Normalization: return Family::LastAxis;
    case OpKind::Concatenation: return Family::Concat;
    case OpKind::Mean:
    case OpKind::Sum:
    case OpKind::ReduceMax:
    case OpKind::ReduceMin:
    case OpKind::ReduceProd: return Family::Reduce;
    case OpKind::ArgMax:
    case OpKind::ArgMin: return Family::ArgReduce;
    case OpKind::CumSum:
    case OpKind::ReverseV2: return Family::AxisInput;
    case OpKind::Pad:
    case OpKind::PadV2:
    case OpKind::MirrorPad: return Family::Pad;
    case OpKind::Slice:
    case OpKind::Tile:
    case OpKind::BroadcastTo: return Family::PerDim;
    case OpKind::StridedSlice: return Family::StridedSlice;
    case OpKind::Split: return Family::Split;
    case OpKind::SplitV: return Family::SplitV;
    case OpKind::Gather: return Family::Gather;
    case OpKind::Pack: return Family::Pack;
    case OpKind::Unpack: return Family::Unpack;
    case OpKind::Reshape: return Family::Reshape;
    default: return Family::None;
    }
}

std::size_t at(std::int64_t i)
{
    return static_cast<std::size_t>(i);
}

std::int64_t rankOf(const Perm& perm)
{
    return static_cast<std::int64_t>(perm.size());
}

/// A constant of integer values with `dtype` (int32 unless the original was int64) and `shape`.
ir::TensorId addIntegers(ir::Graph& graph, const std::string& name, ir::DType dtype,
    const std::vector<std::int64_t>& shape, const std::vector<std::int64_t>& values)
{
    if (dtype == ir::DType::Int64)
        return addConstant(graph, name, dtype, shape,
            ir::ConstData::fromValues(std::span<const std::int64_t>(values)));
    std::vector<std::int32_t> narrow(values.begin(), values.end());
    return addConstant(graph, name, ir::DType::Int32, shape,
        ir::ConstData::fromValues(std::span<const std::int32_t>(narrow)));
}

/// Replaces integer input `index` by `values`, keeping its dtype and shape; records the rewrite.
void replaceIntegerInput(ir::Graph& graph, PushedNode& pushed, std::size_t index,
    const std::vector<std::int64_t>& values, const char* what)
{
    const ir::Tensor& old = tensorOf(graph, pushed.node.inputs[index]);
    const std::vector<std::int64_t> before = *constantIntegers(graph, pushed.node.inputs[index]);
    const ir::TensorId replacement
        = addIntegers(graph, old.name + "/sunk", old.dtype, old.shape.extents(), values);
    pushed.node.inputs[index] = replacement;
    pushed.rewrites.push_back(
        std::string(what) + " " + formatList(before) + " -> " + formatList(values));
}

/// Axis a of xt in x; nullopt if out of range.
std::optional<std::int64_t> mapAxis(std::int64_t axis, const Perm& perm)
{
    const std::int64_t rank = rankOf(perm);
    if (axis < -rank || axis >= rank)
        return std::nullopt;
    return perm[at(axis < 0 ? axis + rank : axis)];
}

/// The perm restoring the output of a reduction over `axes` of xt (given in xt's dims) without kept
/// dims.
Perm reducedPerm(const Perm& perm, const std::vector<std::int64_t>& axes)
{
    std::vector<bool> reducedInX(perm.size(), false);
    for (std::int64_t a : axes)
        reducedInX[at(perm[at(a)])] = true;
    std::vector<std::int64_t> positionInOutput(perm.size(), -1);
    std::int64_t next = 0;
    for (std::size_t d = 0; d < perm.size(); ++d) {
        if (!reducedInX[d])
            positionInOutput[d] = next++;
    }
    Perm result;
    for (std::size_t i = 0; i < perm.size(); ++i) {
        if (!reducedInX[at(perm[i])])
            result.push_back(positionInOutput[at(perm[i])]);
    }
    return result;
}

/// Normalised axes of constant input `index`; nullopt if not constant or out of range.
std::optional<std::vector<std::int64_t>> axesOf(
    const ir::Graph& graph, const ir::Node& node, std::size_t index, const Perm& perm)
{
    if (index >= node.inputs.size())
        return std::nullopt;
    auto axes = constantIntegers(graph, node.inputs[index]);
    if (!axes)
        return std::nullopt;
    const std::int64_t rank = rankOf(perm);
    for (std::int64_t& a : *axes) {
        if (a < -rank || a >= rank)
            return std::nullopt;
        if (a < 0)
            a += rank;
    }
    return axes;
}

/// Maps the axes input `index` through perm; returns the axes (in xt) it held.
std::optional<std::vector<std::int64_t>> remapAxesInput(
    ir::Graph& graph, PushedNode& pushed, std::size_t index, const Perm& perm)
{
    auto axes = axesOf(graph, pushed.node, index, perm);
    if (!axes)
        return std::nullopt;
    std::vector<std::int64_t> mapped;
    for (std::int64_t a : *axes)
        mapped.push_back(perm[at(a)]);
    replaceIntegerInput(graph, pushed, index, mapped, "axes");
    return axes;
}

/// Maps a per-dim vector input (one value per dim of xt).
bool remapPerDimInput(
    ir::Graph& graph, PushedNode& pushed, std::size_t index, const Perm& perm, const char* what)
{
    if (index >= pushed.node.inputs.size())
        return false;
    auto values = constantIntegers(graph, pushed.node.inputs[index]);
    if (!values || values->size() != perm.size())
        return false;
    std::vector<std::int64_t> mapped(perm.size());
    for (std::size_t i = 0; i < perm.size(); ++i)
        mapped[at(perm[i])] = (*values)[i];
    replaceIntegerInput(graph, pushed, index, mapped, what);
    return true;
}

bool remapPaddings(ir::Graph& graph, PushedNode& pushed, const Perm& perm)
{
    auto values = constantIntegers(graph, pushed.node.inputs[1]);
    if (!values || values->size() != 2 * perm.size())
        return false;
    std::vector<std::int64_t> mapped(values->size());
    for (std::size_t i = 0; i < perm.size(); ++i) {
        mapped[2 * at(perm[i])] = (*values)[2 * i];
        mapped[2 * at(perm[i]) + 1] = (*values)[2 * i + 1];
    }
    replaceIntegerInput(graph, pushed, 1, mapped, "paddings");
    return true;
}

bool remapAxisAttribute(PushedNode& pushed, const Perm& perm)
{
    const std::int64_t axis = pushed.node.attributes.getOr<std::int64_t>("axis", 0);
    const auto mapped = mapAxis(axis, perm);
    if (!mapped)
        return false;
    pushed.node.attributes.set("axis", *mapped);
    pushed.rewrites.push_back("axis " + std::to_string(axis) + " -> " + std::to_string(*mapped));
    return true;
}

std::int64_t remapMask(std::int64_t mask, const Perm& perm)
{
    std::int64_t mapped = 0;
    for (std::size_t i = 0; i < perm.size(); ++i) {
        if (mask & (std::int64_t { 1 } << i))
            mapped |= std::int64_t { 1 } << perm[i];
    }
    return mapped;
}

bool remapStridedSlice(ir::Graph& graph, PushedNode& pushed, const Perm& perm)
{
    ir::Attributes& attributes = pushed.node.attributes;
    if (attributes.getOr<std::int64_t>("ellipsis_mask", 0) != 0
        || attributes.getOr<std::int64_t>("new_axis_mask", 0) != 0
        || attributes.getOr<std::int64_t>("shrink_axis_mask", 0) != 0
        || pushed.node.inputs.size() != 4)
        return false;
    if (!remapPerDimInput(graph, pushed, 1, perm, "begin")
        || !remapPerDimInput(graph, pushed, 2, perm, "end")
        || !remapPerDimInput(graph, pushed, 3, perm, "strides"))
        return false;
    for (const char* mask : { "begin_mask", "end_mask" }) {
        const std::int64_t value = attributes.getOr<std::int64_t>(mask, 0);
        if (value != 0)
            attributes.set(mask, remapMask(value, perm));
    }
    return true;
}

/// Replaces the single-axis constant input `index` by its image under perm.
bool remapSingleAxisInput(ir::Graph& graph, PushedNode& pushed, std::size_t index, const Perm& perm)
{
    auto axes = axesOf(graph, pushed.node, index, perm);
    if (!axes || axes->size() != 1)
        return false;
    replaceIntegerInput(graph, pushed, index, { perm[at(axes->front())] }, "axis");
    return true;
}

/// transpose(c, inverse(perm)) of constant `id`, broadcast-extended to the perm's rank first.
std::optional<ir::TensorId> permuteConstant(
    ir::Graph& graph, ir::TensorId id, const Perm& perm, std::vector<std::string>& log)
{
    const ir::Tensor& constant = tensorOf(graph, id);
    const std::int64_t rank = rankOf(perm);
    if (constant.quant.isPerAxis() || !constant.shape.isStatic() || constant.shape.rank() > rank)
        return std::nullopt;
    if (constant.shape.numElements() == 1)
        return id; // a single value broadcasts the same way in any layout
    std::vector<std::int64_t> extents = constant.shape.extents();
    extents.insert(extents.begin(), at(rank - constant.shape.rank()), 1);
    const Perm inverse = invertPerm(perm);
    ir::Tensor permuted = constant;
    permuted.name = uniqueTensorName(graph, constant.name + "/permuted");
    permuted.shape = ir::Shape::fromExtents(permuteExtents(extents, inverse));
    permuted.data = permuteData(constant.data, extents, ir::dtypeSize(constant.dtype), inverse);
    permuted.layout = ir::Layout::Unspecified;
    log.push_back("'" + constant.name + "' " + constant.shape.toString() + " -> "
        + permuted.shape.toString());
    return graph.addTensor(std::move(permuted));
}

/// PACK along axis k of the transposed inputs becomes PACK along k of the untransposed ones; the
/// output then needs the perm that moves the packed dim and the others back.
bool remapPack(PushedNode& pushed, const Perm& perm)
{
    const std::int64_t rank = rankOf(perm);
    std::int64_t axis = pushed.node.attributes.getOr<std::int64_t>("axis", 0);
    axis = axis < 0 ? axis + rank + 1 : axis;
    if (axis < 0 || axis > rank)
        return false;
    Perm restore;
    for (std::int64_t j = 0; j <= rank; ++j) {
        if (j == axis) {
            restore.push_back(axis);
            continue;
        }
        const std::int64_t dim = perm[at(j < axis ? j : j - 1)];
        restore.push_back(dim < axis ? dim : dim + 1);
    }
    pushed.outputPerms = { restore };
    return true;
}

/// Gather with scalar indices drops the gathered dim, like a reduction without kept dims.
bool remapGather(ir::Graph& graph, PushedNode& pushed, const Perm& perm)
{
    const int indicesRank = tensorOf(graph, pushed.node.inputs[1]).shape.rank();
    const std::int64_t rank = rankOf(perm);
    const std::int64_t axis = pushed.node.attributes.getOr<std::int64_t>("axis", 0);
    if (indicesRank > 1 || pushed.node.attributes.getOr<std::int64_t>("batch_dims", 0) != 0
        || axis < -rank || axis >= rank || !remapAxisAttribute(pushed, perm))
        return false;
    if (indicesRank == 0)
        pushed.outputPerms = { reducedPerm(perm, { axis < 0 ? axis + rank : axis }) };
    return true;
}

/// The dims of a reshape in groups: consecutive input dims [inBegin, inEnd) whose product is that
/// of the output dims [outBegin, outEnd). nullopt for empty or unknown extents.
struct DimGroup
{
    std::size_t inBegin = 0, inEnd = 0, outBegin = 0, outEnd = 0;
};

std::optional<std::vector<DimGroup>> reshapeGroups(
    const std::vector<std::int64_t>& in, const std::vector<std::int64_t>& out)
{
    if (std::ranges::any_of(in, [](std::int64_t e) { return e <= 0; })
        || std::ranges::any_of(out, [](std::int64_t e) { return e <= 0; }) || in.empty()
        || out.empty())
        return std::nullopt;
    std::vector<DimGroup> groups;
    std::size_t i = 0, o = 0;
    while (i < in.size() && o < out.size()) {
        DimGroup group { .inBegin = i, .inEnd = i + 1, .outBegin = o, .outEnd = o + 1 };
        std::int64_t inProduct = in[i++], outProduct = out[o++];
        while (inProduct != outProduct) {
            if (inProduct < outProduct && i < in.size())
                inProduct *= in[i++];
            else if (outProduct < inProduct && o < out.size())
                outProduct *= out[o++];
            else
                return std::nullopt;
        }
        group.inEnd = i;
        group.outEnd = o;
        groups.push_back(group);
    }
    // Trailing unit dims join the last group.
    for (; i < in.size(); ++i) {
        if (in[i] != 1)
            return std::nullopt;
        groups.back().inEnd = i + 1;
    }
    for (; o < out.size(); ++o) {
        if (out[o] != 1)
            return std::nullopt;
        groups.back().outEnd = o + 1;
    }
    return groups;
}

/// True if the input dims of every group stay adjacent and in order under perm.
bool groupsStayAdjacent(const std::vector<DimGroup>& groups, const Perm& perm)
{
    return std::ranges::all_of(groups, [&](const DimGroup& g) {
        for (std::size_t a = g.inBegin + 1; a < g.inEnd; ++a) {
            if (perm[a] != perm[a - 1] + 1)
                return false;
        }
        return true;
    });
}

/// RESHAPE of transpose(x, P): each group of merged or split dims is reshaped where its dims sit in
/// x, and the output is put back in order by the perm of the groups.
bool remapReshape(ir::Graph& graph, PushedNode& pushed, const Perm& perm,
    const std::vector<std::int64_t>& in, const std::vector<std::int64_t>& out)
{
    const auto groups = reshapeGroups(in, out);
    if (!groups || !groupsStayAdjacent(*groups, perm))
        return false;
    std::vector<std::size_t> order(groups->size());
    std::iota(order.begin(), order.end(), std::size_t { 0 });
    std::ranges::sort(order, [&](std::size_t a, std::size_t b) {
        return perm[(*groups)[a].inBegin] < perm[(*groups)[b].inBegin];
    });
    std::vector<std::int64_t> shape;
    std::vector<std::int64_t> start(groups->size());
    for (std::size_t g : order) {
        start[g] = static_cast<std::int64_t>(shape.size());
        for (std::size_t d = (*groups)[g].outBegin; d < (*groups)[g].outEnd; ++d)
            shape.push_back(out[d]);
    }
    Perm restore;
    for (std::size_t g = 0; g < groups->size(); ++g) {
        for (std::size_t d = (*groups)[g].outBegin; d < (*groups)[g].outEnd; ++d)
            restore.push_back(start[g] + static_cast<std::int64_t>(d - (*groups)[g].outBegin));
    }
    const ir::TensorId shapeInput = addIntegers(graph, pushed.node.name + "/shape",
        ir::DType::Int32, { static_cast<std::int64_t>(shape.size()) }, shape);
    pushed.node.inputs.resize(2);
    pushed.node.inputs[1] = shapeInput;
    if (pushed.node.attributes.has("new_shape"))
        pushed.node.attributes.set("new_shape", shape);
    pushed.rewrites.push_back("shape " + formatList(out) + " -> " + formatList(shape));
    pushed.outputPerms = { restore };
    return true;
}

/// Fixes the non-layout parts of the node; false if the op's attributes do not allow the perm.
bool fixAxes(ir::Graph& graph, PushedNode& pushed, Family family, const Perm& perm)
{
    const std::int64_t rank = rankOf(perm);
    switch (family) {
    case Family::Elementwise:
    case Family::Broadcast: return true;
    case Family::LastAxis: return perm.back() == rank - 1;
    case Family::Concat: return remapAxisAttribute(pushed, perm);
    case Family::Reduce: {
        auto axes = remapAxesInput(graph, pushed, 1, perm);
        if (!axes)
            return false;
        if (!pushed.node.attributes.getOr<bool>("keep_dims", false))
            pushed.outputPerms = { reducedPerm(perm, *axes) };
        return true;
    }
    case Family::ArgReduce: {
        auto axes = axesOf(graph, pushed.node, 1, perm);
        if (!axes || axes->size() != 1 || !remapSingleAxisInput(graph, pushed, 1, perm))
            return false;
        pushed.outputPerms = { reducedPerm(perm, *axes) };
        return true;
    }
    case Family::AxisInput: return remapAxesInput(graph, pushed, 1, perm).has_value();
    case Family::Pad: return pushed.node.inputs.size() >= 2 && remapPaddings(graph, pushed, perm);
    case Family::PerDim: {
        const char* what = pushed.node.op == OpKind::Tile ? "multiples"
            : pushed.node.op == OpKind::Slice             ? "begin"
                                                          : "shape";
        if (!remapPerDimInput(graph, pushed, 1, perm, what))
            return false;
        return pushed.node.op != OpKind::Slice || remapPerDimInput(graph, pushed, 2, perm, "size");
    }
    case Family::StridedSlice: return remapStridedSlice(graph, pushed, perm);
    case Family::Split: return remapSingleAxisInput(graph, pushed, 0, perm);
    case Family::SplitV:
        return pushed.node.inputs.size() == 3 && remapSingleAxisInput(graph, pushed, 2, perm);
    case Family::Gather: return pushed.node.inputs.size() == 2 && remapGather(graph, pushed, perm);
    case Family::Pack: return remapPack(pushed, perm);
    case Family::Unpack: {
        const std::int64_t axis = pushed.node.attributes.getOr<std::int64_t>("axis", 0);
        if (axis < -rank || axis >= rank || !remapAxisAttribute(pushed, perm))
            return false;
        pushed.outputPerms.assign(
            pushed.node.outputs.size(), reducedPerm(perm, { axis < 0 ? axis + rank : axis }));
        return true;
    }
    case Family::Reshape: {
        const ir::Shape& input = tensorOf(graph, pushed.node.inputs[0]).shape;
        const ir::Shape& output = tensorOf(graph, pushed.node.outputs[0]).shape;
        if (!input.isStatic() || !output.isStatic())
            return false;
        return remapReshape(
            graph, pushed, perm, permuteExtents(input.extents(), perm), output.extents());
    }
    case Family::None: return false;
    }
    return false;
}

} // namespace

std::optional<std::pair<Perm, Perm>> splitForReshape(const Perm& perm,
    const std::vector<std::int64_t>& untransposed, const std::vector<std::int64_t>& reshaped)
{
    const auto groups = reshapeGroups(permuteExtents(untransposed, perm), reshaped);
    if (!groups || groupsStayAdjacent(*groups, perm))
        return std::nullopt;
    std::vector<std::size_t> order(groups->size());
    std::iota(order.begin(), order.end(), std::size_t { 0 });
    auto lowest = [&](std::size_t g) {
        return *std::min_element(perm.begin() + static_cast<std::ptrdiff_t>((*groups)[g].inBegin),
            perm.begin() + static_cast<std::ptrdiff_t>((*groups)[g].inEnd));
    };
    std::ranges::sort(order, [&](std::size_t a, std::size_t b) { return lowest(a) < lowest(b); });
    Perm first;
    for (std::size_t g : order) {
        for (std::size_t a = (*groups)[g].inBegin; a < (*groups)[g].inEnd; ++a)
            first.push_back(perm[a]);
    }
    const Perm second = composePerms(invertPerm(first), perm);
    if (isIdentityPerm(second))
        return std::nullopt;
    return std::pair { first, second };
}

std::vector<std::size_t> layoutInputs(const ir::Node& node)
{
    switch (familyOf(node.op)) {
    case Family::None: return {};
    case Family::Broadcast:
    case Family::Concat:
    case Family::Pack: {
        std::vector<std::size_t> all(node.inputs.size());
        std::iota(all.begin(), all.end(), std::size_t { 0 });
        return all;
    }
    case Family::Split: return { 1 };
    default: return { 0 };
    }
}

bool permutesConstantInputs(OpKind op)
{
    const Family family = familyOf(op);
    return family == Family::Broadcast || family == Family::Concat;
}

std::optional<PushedNode> pushThrough(ir::Graph& graph, const ir::Node& node, const Perm& perm,
    const std::vector<ir::TensorId>& sources)
{
    const Family family = familyOf(node.op);
    const std::vector<std::size_t> inputs = layoutInputs(node);
    if (family == Family::None || inputs.size() != sources.size())
        return std::nullopt;
    PushedNode pushed { .node = node, .outputPerms = {}, .rewrites = {}, .permuted = {} };
    for (std::size_t k = 0; k < inputs.size(); ++k) {
        if (sources[k] != ir::kNoTensor) {
            pushed.node.inputs[inputs[k]] = sources[k];
            continue;
        }
        if (family == Family::Concat
            && tensorOf(graph, node.inputs[inputs[k]]).shape.rank() != rankOf(perm))
            return std::nullopt;
        auto permuted = permuteConstant(graph, node.inputs[inputs[k]], perm, pushed.permuted);
        if (!permuted)
            return std::nullopt;
        pushed.node.inputs[inputs[k]] = *permuted;
    }
    pushed.outputPerms.assign(node.outputs.size(), perm);
    if (!fixAxes(graph, pushed, family, perm))
        return std::nullopt;
    return pushed;
}

} // namespace lf::passes::layout
