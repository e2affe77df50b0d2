// SPDX-License-Identifier: GPL-3.0-or-later
// One-node models run by the interpreter itself, so folded values are bit-identical to what the
// interpreter would compute at run time.
#include "core/interpreter/node_evaluator.h"

#include "core/interpreter/interpreter.h"

#include <memory>

namespace lf::interp {

bool hasOnlyConstantInputs(const ir::Graph& graph, const ir::Node& node)
{
    for (ir::TensorId input : node.inputs) {
        if (input != ir::kNoTensor && !graph.tensors[static_cast<std::size_t>(input)].isConstant())
            return false;
    }
    return true;
}

Result<std::vector<EvaluatedOutput>> evaluateNode(const ir::Graph& graph, const ir::Node& node, bool computeValues)
{
    auto model = std::make_shared<ir::Model>(ir::makeModel("evaluate"));
    ir::Graph& single = model->main();
    ir::Node copy = node;
    for (ir::TensorId& input : copy.inputs) {
        if (input == ir::kNoTensor)
            continue;
        const ir::Tensor& source = graph.tensors[static_cast<std::size_t>(input)];
        if (!source.isConstant() && !source.shape.rankKnown)
            return fail(ErrorCode::UnsupportedFeature, "input '" + source.name + "' has an unknown rank", node.name);
        input = single.addTensor(source); // dynamic dims are planned as 1, as the interpreter does
        if (!source.isConstant())
            single.inputs.push_back(input);
    }
    for (ir::TensorId& output : copy.outputs) {
        ir::Tensor tensor = graph.tensors[static_cast<std::size_t>(output)];
        tensor.shape = ir::Shape::unranked();
        tensor.data = {};
        output = single.addTensor(std::move(tensor));
        single.outputs.push_back(output);
    }
    single.addNode(std::move(copy));

    auto interpreter = Interpreter::create(model, InterpreterOptions{.threads = 1});
    if (!interpreter)
        return std::unexpected(std::move(interpreter.error()));
    const bool evaluate = computeValues && single.inputs.empty();
    if (evaluate) {
        if (auto ran = (*interpreter)->invoke(); !ran)
            return std::unexpected(std::move(ran.error()));
    }
    std::vector<EvaluatedOutput> results;
    for (std::size_t i = 0; i < single.outputs.size(); ++i) {
        const TensorView& view = (*interpreter)->output(i);
        EvaluatedOutput result{ir::Shape::fromExtents(view.shape), {}};
        if (evaluate) {
            const auto* begin = view.data;
            result.data = ir::ConstData::fromVector(std::vector<std::byte>(begin, begin + view.byteSize()));
        }
        results.push_back(std::move(result));
    }
    return results;
}

} // namespace lf::interp
