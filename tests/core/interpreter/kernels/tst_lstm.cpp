// SPDX-License-Identifier: GPL-3.0-or-later
// UNIDIRECTIONAL_SEQUENCE_LSTM on one-node models against a textbook LSTM computed in double:
// random odd shapes, time-major and batch-major, CIFG, peepholes, projection with and without
// bias, layer normalization, cell and projection clipping, other cell activations, and the state
// carried over from one invocation to the next through the variable state tensors. (LiteRT.js
// refuses models with variable tensors, so it cannot judge this kernel.) An int8 LSTM with float
// parameters is refused with an error naming the node; tst_lstm_integer tests the integer kernel.
#include "core/interpreter/interpreter.h"
#include "core/interpreter/kernel_registry.h"
#include "core/interpreter/kernels/lstm.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>

using namespace lf;
using ir::DType;

namespace {

struct LstmCase
{
    std::int64_t batches = 1;
    std::int64_t steps = 1;
    std::int64_t inputs = 1;
    std::int64_t cells = 1;
    std::int64_t outputs = 0; ///< 0: no projection (outputs = cells)
    bool timeMajor = false;
    bool cifg = false;
    bool peephole = false;
    bool projectionBias = false;
    bool layerNorm = false;
    double cellClip = 0.0;
    double projectionClip = 0.0;
    std::string activation = "TANH";
    std::uint32_t seed = 1;
};

} // namespace

Q_DECLARE_METATYPE(LstmCase)

namespace {

using Values = std::vector<float>;

/// Every parameter of the case, drawn at random; absent ones empty.
struct Parameters
{
    Values inputWeights[4]; ///< gates input, forget, cell, output
    Values recurrentWeights[4];
    Values bias[4];
    Values layerNorm[4];
    Values peephole[4]; ///< [2] (cell gate) always empty
    Values projection;
    Values projectionBias;
};

std::int64_t outputsOf(const LstmCase& c)
{
    return c.outputs > 0 ? c.outputs : c.cells;
}

Values random(std::mt19937& generator, std::int64_t count, float low, float high)
{
    std::uniform_real_distribution<float> uniform(low, high);
    Values values(static_cast<std::size_t>(count));
    for (float& v : values)
        v = uniform(generator);
    return values;
}

Parameters makeParameters(const LstmCase& c, std::mt19937& generator)
{
    Parameters p;
    const std::int64_t outputs = outputsOf(c);
    for (int gate = 0; gate < 4; ++gate) {
        if (gate == 0 && c.cifg)
            continue;
        p.inputWeights[gate] = random(generator, c.cells * c.inputs, -0.6f, 0.6f);
        p.recurrentWeights[gate] = random(generator, c.cells * outputs, -0.6f, 0.6f);
        p.bias[gate] = random(generator, c.cells, -0.5f, 0.5f);
        if (c.layerNorm)
            p.layerNorm[gate] = random(generator, c.cells, 0.5f, 1.5f);
        if (c.peephole && gate != 2)
            p.peephole[gate] = random(generator, c.cells, -0.5f, 0.5f);
    }
    if (c.outputs > 0) {
        p.projection = random(generator, c.outputs * c.cells, -0.8f, 0.8f);
        if (c.projectionBias)
            p.projectionBias = random(generator, c.outputs, -0.3f, 0.3f);
    }
    return p;
}

double activate(const std::string& name, double x)
{
    if (name == "TANH")
        return std::tanh(x);
    if (name == "SIGMOID")
        return 1.0 / (1.0 + std::exp(-x));
    if (name == "RELU")
        return std::max(0.0, x);
    if (name == "RELU6")
        return std::clamp(x, 0.0, 6.0);
    return x;
}

double sigmoid(double x)
{
    return 1.0 / (1.0 + std::exp(-x));
}

/// The LSTM of the TFLite documentation in double: all batches and steps, from states h and cell.
Values referenceLstm(const LstmCase& c, const Parameters& p, const Values& input,
    std::vector<double>& h, std::vector<double>& cell)
{
    const std::int64_t outputs = outputsOf(c);
    Values result(static_cast<std::size_t>(c.batches * c.steps * outputs));
    for (std::int64_t b = 0; b < c.batches; ++b) {
        for (std::int64_t t = 0; t < c.steps; ++t) {
            const std::int64_t row = c.timeMajor ? t * c.batches + b : b * c.steps + t;
            const float* x = input.data() + row * c.inputs;
            double* hb = h.data() + b * outputs;
            double* cb = cell.data() + b * c.cells;
            std::vector<double> gates[4];
            // Pre-activation of one gate; `state` is the cell state its peephole sees.
            const auto gateValues = [&](int gate, const double* state) {
                std::vector<double> z(static_cast<std::size_t>(c.cells));
                for (std::int64_t i = 0; i < c.cells; ++i) {
                    double sum = 0;
                    for (std::int64_t k = 0; k < c.inputs; ++k)
                        sum += p.inputWeights[gate][static_cast<std::size_t>(i * c.inputs + k)]
                            * x[k];
                    for (std::int64_t k = 0; k < outputs; ++k)
                        sum += p.recurrentWeights[gate][static_cast<std::size_t>(i * outputs + k)]
                            * hb[k];
                    if (!p.peephole[gate].empty())
                        sum += p.peephole[gate][static_cast<std::size_t>(i)] * state[i];
                    z[static_cast<std::size_t>(i)] = sum;
                }
                if (c.layerNorm) {
                    double mean = 0;
                    for (double v : z)
                        mean += v;
                    mean /= static_cast<double>(c.cells);
                    double variance = 0;
                    for (double v : z)
                        variance += (v - mean) * (v - mean);
                    variance /= static_cast<double>(c.cells);
                    for (std::size_t i = 0; i < z.size(); ++i)
                        z[i] = (z[i] - mean) / std::sqrt(variance == 0 ? 1e-8 : variance)
                            * p.layerNorm[gate][i];
                }
                for (std::size_t i = 0; i < z.size(); ++i)
                    z[i] += p.bias[gate][i];
                return z;
            };
            for (int gate : { 1, 2, 0 }) {
                if (gate == 0 && c.cifg)
                    continue;
                gates[gate] = gateValues(gate, cb);
                for (double& v : gates[gate])
                    v = gate == 2 ? activate(c.activation, v) : sigmoid(v);
            }
            for (std::int64_t i = 0; i < c.cells; ++i) {
                const auto k = static_cast<std::size_t>(i);
                const double in = c.cifg ? 1.0 - gates[1][k] : gates[0][k];
                cb[i] = gates[1][k] * cb[i] + in * gates[2][k];
                if (c.cellClip > 0)
                    cb[i] = std::clamp(cb[i], -c.cellClip, c.cellClip);
            }
            gates[3] = gateValues(3, cb);
            std::vector<double> hidden(static_cast<std::size_t>(c.cells));
            for (std::int64_t i = 0; i < c.cells; ++i)
                hidden[static_cast<std::size_t>(i)] = sigmoid(gates[3][static_cast<std::size_t>(i)])
                    * activate(c.activation, cb[i]);
            for (std::int64_t o = 0; o < outputs; ++o) {
                double value = hidden[static_cast<std::size_t>(std::min(o, c.cells - 1))];
                if (c.outputs > 0) {
                    value = p.projectionBias.empty()
                        ? 0.0
                        : p.projectionBias[static_cast<std::size_t>(o)];
                    for (std::int64_t i = 0; i < c.cells; ++i)
                        value += p.projection[static_cast<std::size_t>(o * c.cells + i)]
                            * hidden[static_cast<std::size_t>(i)];
                    if (c.projectionClip > 0)
                        value = std::clamp(value, -c.projectionClip, c.projectionClip);
                }
                hb[o] = value;
                result[static_cast<std::size_t>(row * outputs + o)] = static_cast<float>(value);
            }
        }
    }
    return result;
}

ir::TensorId addTensor(ir::Graph& g, std::string name, std::vector<std::int64_t> shape,
    const Values& values = {}, DType dtype = DType::Float32)
{
    ir::Tensor t;
    t.name = std::move(name);
    t.dtype = dtype;
    t.shape = ir::Shape::fromExtents(shape);
    if (!values.empty())
        t.data = ir::ConstData::fromValues(std::span<const float>(values));
    return g.addTensor(std::move(t));
}

ir::Model buildModel(const LstmCase& c, const Parameters& p, DType inputType = DType::Float32)
{
    ir::Model model = ir::makeModel("main");
    ir::Graph& g = model.main();
    const std::int64_t outputs = outputsOf(c);
    const std::vector<std::int64_t> inputShape = c.timeMajor
        ? std::vector<std::int64_t> { c.steps, c.batches, c.inputs }
        : std::vector<std::int64_t> { c.batches, c.steps, c.inputs };
    const ir::TensorId input = addTensor(g, "input", inputShape, {}, inputType);
    std::vector<ir::TensorId> inputs(24, ir::kNoTensor);
    inputs[0] = input;
    const auto optional
        = [&g](const std::string& name, std::vector<std::int64_t> shape, const Values& values) {
              return values.empty() ? ir::kNoTensor : addTensor(g, name, std::move(shape), values);
          };
    for (std::size_t gate = 0; gate < 4; ++gate) {
        const std::string n = std::to_string(gate);
        inputs[1 + gate] = optional("w" + n, { c.cells, c.inputs }, p.inputWeights[gate]);
        inputs[5 + gate] = optional("r" + n, { c.cells, outputs }, p.recurrentWeights[gate]);
        inputs[12 + gate] = optional("b" + n, { c.cells }, p.bias[gate]);
        inputs[20 + gate] = optional("ln" + n, { c.cells }, p.layerNorm[gate]);
    }
    inputs[9] = optional("p0", { c.cells }, p.peephole[0]);
    inputs[10] = optional("p1", { c.cells }, p.peephole[1]);
    inputs[11] = optional("p3", { c.cells }, p.peephole[3]);
    inputs[16] = optional("proj", { outputs, c.cells }, p.projection);
    inputs[17] = optional("proj_bias", { outputs }, p.projectionBias);
    for (const auto& [index, name, width] :
        { std::tuple { 18, "h", outputs }, std::tuple { 19, "c", c.cells } }) {
        ir::Tensor state;
        state.name = name;
        state.shape = ir::Shape::fromExtents({ c.batches, width });
        state.isVariable = true;
        inputs[static_cast<std::size_t>(index)] = g.addTensor(std::move(state));
    }
    std::vector<std::int64_t> outputShape = inputShape;
    outputShape.back() = outputs;
    const ir::TensorId output = addTensor(g, "output", outputShape);
    ir::Node node { ir::OpKind::UnidirectionalSequenceLstm, "lstm", inputs, { output }, {}, 0, {} };
    node.attributes.set("time_major", c.timeMajor);
    node.attributes.set("cell_clip", c.cellClip);
    node.attributes.set("proj_clip", c.projectionClip);
    node.attributes.set("fused_activation_function", c.activation);
    g.addNode(std::move(node));
    g.inputs = { input };
    g.outputs = { output };
    return model;
}

Result<std::unique_ptr<interp::Interpreter>> makeInterpreter(ir::Model model)
{
    static const interp::KernelRegistry registry = [] {
        interp::KernelRegistry filled;
        interp::registerLstmKernels(filled);
        return filled;
    }();
    interp::InterpreterOptions options;
    options.registry = &registry;
    return interp::Interpreter::create(
        std::make_shared<const ir::Model>(std::move(model)), options);
}

} // namespace

class TestLstm : public QObject
{
    Q_OBJECT

private slots:
    void matchesReference_data();
    void matchesReference();
    void refusesInt8WithFloatParameters();
};

void TestLstm::matchesReference_data()
{
    QTest::addColumn<LstmCase>("c");
    const auto row = [](const char* name, LstmCase c) { QTest::newRow(name) << c; };
    row("batch-major 1x28x28, 20 cells (mnist shape)", { 1, 28, 28, 20 });
    row("batch-major 3x5x7, 9 cells",
        { 3, 5, 7, 9, 0, false, false, false, false, false, 0, 0, "TANH", 2 });
    row("time-major 4x3x6, 5 cells",
        { 3, 4, 6, 5, 0, true, false, false, false, false, 0, 0, "TANH", 3 });
    row("cifg", { 2, 6, 5, 7, 0, false, true, false, false, false, 0, 0, "TANH", 4 });
    row("peepholes", { 2, 6, 5, 7, 0, false, false, true, false, false, 0, 0, "TANH", 5 });
    row("cifg with peepholes, time-major",
        { 3, 5, 4, 6, 0, true, true, true, false, false, 0, 0, "TANH", 6 });
    row("projection without bias",
        { 2, 5, 6, 11, 4, false, false, false, false, false, 0, 0, "TANH", 7 });
    row("projection with bias and clip",
        { 2, 5, 6, 11, 4, false, false, false, true, false, 0, 0.3, "TANH", 8 });
    row("layer norm", { 2, 5, 6, 9, 0, false, false, false, false, true, 0, 0, "TANH", 9 });
    row("layer norm, peepholes, projection",
        { 2, 5, 6, 9, 5, true, false, true, true, true, 0, 0, "TANH", 10 });
    row("cell clip", { 2, 7, 3, 5, 0, false, false, false, false, false, 0.4, 0, "TANH", 11 });
    row("relu cell activation",
        { 2, 4, 3, 5, 0, false, false, false, false, false, 3.0, 0, "RELU", 12 });
    row("sigmoid cell activation",
        { 1, 4, 3, 5, 0, false, false, false, false, false, 0, 0, "SIGMOID", 13 });
    row("one step, one input, one cell",
        { 1, 1, 1, 1, 0, false, false, false, false, false, 0, 0, "TANH", 14 });
}

void TestLstm::matchesReference()
{
    QFETCH(LstmCase, c);
    std::mt19937 generator(c.seed);
    const Parameters parameters = makeParameters(c, generator);
    auto created = makeInterpreter(buildModel(c, parameters));
    QVERIFY2(created, created ? "" : created.error().toString().c_str());
    interp::Interpreter& interpreter = **created;
    std::vector<double> h(static_cast<std::size_t>(c.batches * outputsOf(c)), 0.0);
    std::vector<double> cell(static_cast<std::size_t>(c.batches * c.cells), 0.0);
    // Two invocations: the second starts from the states the first left behind.
    for (int run = 0; run < 2; ++run) {
        const Values input = random(generator, c.batches * c.steps * c.inputs, -1.5f, 1.5f);
        const interp::TensorView& in = interpreter.input(0);
        const Result<void> set = interpreter.setInput(
            0, DType::Float32, in.shape, std::as_bytes(std::span<const float>(input)));
        QVERIFY2(set, set ? "" : set.error().toString().c_str());
        QVERIFY(interpreter.invoke());
        const Values expected = referenceLstm(c, parameters, input, h, cell);
        const interp::TensorView& out = interpreter.output(0);
        QCOMPARE(static_cast<std::size_t>(out.elementCount()), expected.size());
        double worst = 0;
        for (std::size_t i = 0; i < expected.size(); ++i)
            worst = std::max(
                worst, std::abs(static_cast<double>(out.as<const float>()[i]) - expected[i]));
        // Float against double over a few dozen dependent steps: a few hundred ulp of values <= 1.
        QVERIFY2(worst <= 2e-5,
            qPrintable(QStringLiteral("run %1: max abs error %2").arg(run).arg(worst)));
    }
}

void TestLstm::refusesInt8WithFloatParameters()
{
    // An int8 input goes to the integer kernel, which names the node and the first parameter whose
    // element type does not fit.
    const LstmCase c { 1, 2, 3, 4 };
    std::mt19937 generator(1);
    auto created = makeInterpreter(buildModel(c, makeParameters(c, generator), DType::Int8));
    QVERIFY(!created);
    const QString text = QString::fromStdString(created.error().toString());
    QVERIFY2(text.contains(QStringLiteral("'lstm'")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("input-to-input weights is f32")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("needs i8")), qPrintable(text));
}

QTEST_GUILESS_MAIN(TestLstm)
#include "tst_lstm.moc"
