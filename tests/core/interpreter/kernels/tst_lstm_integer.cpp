// SPDX-License-Identifier: GPL-3.0-or-later
// The integer (8x8->16) UNIDIRECTIONAL_SEQUENCE_LSTM kernel against TFLite itself, bit for bit.
// LiteRT.js refuses the variable tensors every LSTM needs, so the fixtures in
// tests/data/lstm_integer (made by make_models.py) carry TFLite's answers from its classic
// interpreter: one-node int8 LSTMs (batch- and time-major, CIFG, peepholes, cell clipping, cell
// scales 2^-10 to 2^-13, zero points, projection with bias and clipping, layer normalization with
// the gate scales of the node's intermediates; the int8 output state starts at its zero point, as
// TFLite resets variable tensors) run twice in a row so that the states carry over, and the shared
// corpus' int8 mnist_lstm on its ten reference digits, which must also be recognized and agree
// with the float model's probabilities. Variants the kernel cannot reproduce are refused with
// errors naming the node and the reason.
#include "core/base/npy.h"
#include "core/base/task_context.h"
#include "core/interpreter/interpreter.h"
#include "core/quant/image_decoding.h"
#include "core/tflite/tflite_reader.h"
#include "core/tflite/tflite_types.h"
#include "tests/support/runtime_runner.h"

#include <QFile>
#include <QTest>

#include <cmath>
#include <cstring>
#include <functional>

using namespace lf;
using ir::DType;

namespace {

std::filesystem::path fixture(const QString& name)
{
    return QFile::encodeName(test::sourceDir() + QStringLiteral("/tests/data/lstm_integer/") + name)
        .toStdString();
}

std::filesystem::path corpusModel(const char* name)
{
    return QFile::encodeName(test::sharedDir() + QStringLiteral("/corpus/tflite/mnist_lstm/"))
               .toStdString()
        + name;
}

Result<ir::Model> readModel(const std::filesystem::path& path)
{
    NullTaskContext context;
    return tflite::readTfliteFile(path, context);
}

Result<std::unique_ptr<interp::Interpreter>> makeInterpreter(ir::Model model)
{
    return interp::Interpreter::create(std::make_shared<const ir::Model>(std::move(model)));
}

/// Row `index` of an array whose first dimension counts rows, as bytes.
std::span<const std::byte> row(const NpyArray& array, std::int64_t index)
{
    const std::size_t size = array.data.size() / static_cast<std::size_t>(array.shape.front());
    return std::span<const std::byte>(array.data)
        .subspan(static_cast<std::size_t>(index) * size, size);
}

/// A corpus digit as the int8 model's input: pixels / 255, quantized with the input's parameters
/// (ties to even, as numpy rounds in make_models.py).
std::vector<std::int8_t> quantizedDigit(
    const quant::RgbImage& image, const interp::TensorView& input)
{
    std::vector<std::int8_t> values;
    for (std::size_t i = 0; i < image.pixels.size(); i += 3) {
        const float real = static_cast<float>(image.pixels[i]) / 255.0f;
        const float q
            = std::nearbyint(real / input.scale()) + static_cast<float>(input.zeroPoint());
        values.push_back(static_cast<std::int8_t>(std::clamp(q, -128.0f, 127.0f)));
    }
    return values;
}

ir::Node& lstmNode(ir::Model& model)
{
    return model.main().nodes.front();
}

/// Adds a constant to `model` and returns its id.
ir::TensorId addConstant(
    ir::Model& model, DType dtype, std::vector<std::int64_t> shape, float scale)
{
    ir::Tensor tensor;
    tensor.name = "added";
    tensor.dtype = dtype;
    tensor.shape = ir::Shape::fromExtents(shape);
    tensor.quant.scales = { scale };
    tensor.quant.zeroPoints = { 0 };
    std::int64_t count = 1;
    for (std::int64_t extent : shape)
        count *= extent;
    tensor.data = ir::ConstData::fromVector(
        std::vector<std::byte>(static_cast<std::size_t>(count) * ir::dtypeSize(dtype)));
    return model.main().addTensor(std::move(tensor));
}

using Mutation = std::function<void(ir::Model&)>;

} // namespace

Q_DECLARE_METATYPE(Mutation)

class TestLstmInteger : public QObject
{
    Q_OBJECT

private slots:
    void matchesTflite_data();
    void matchesTflite();
    void mnistDigits_data();
    void mnistDigits();
    void refusesUnsupportedVariants_data();
    void refusesUnsupportedVariants();
};

void TestLstmInteger::matchesTflite_data()
{
    QTest::addColumn<QString>("name");
    for (const char* name :
        { "basic", "batches_time_major", "cifg_peephole_clip", "peephole_cell_exponent_10",
            "state_zero_point", "saturating_cell_exponent_13", "projection",
            "projection_clip_time_major", "layer_norm", "layer_norm_cifg_peephole_projection" })
        QTest::newRow(name) << QString::fromLatin1(name);
}

void TestLstmInteger::matchesTflite()
{
    QFETCH(QString, name);
    Result<ir::Model> model = readModel(fixture(name + QStringLiteral(".tflite")));
    QVERIFY2(model, model ? "" : model.error().toString().c_str());
    const Result<NpyArray> inputs = readNpy(fixture(name + QStringLiteral("_inputs.npy")));
    const Result<NpyArray> expected = readNpy(fixture(name + QStringLiteral("_expected.npy")));
    QVERIFY(inputs && expected);
    auto created = makeInterpreter(std::move(*model));
    QVERIFY2(created, created ? "" : created.error().toString().c_str());
    interp::Interpreter& interpreter = **created;
    const std::vector<std::int64_t> shape(inputs->shape.begin() + 1, inputs->shape.end());
    int differences = 0;
    int largest = 0;
    // Two invocations: the second starts from the states the first left behind.
    for (std::int64_t run = 0; run < inputs->shape.front(); ++run) {
        QVERIFY(interpreter.setInput(0, DType::Int8, shape, row(*inputs, run)));
        QVERIFY(interpreter.invoke());
        const std::span<const std::int8_t> ours = interpreter.output(0).span<const std::int8_t>();
        const std::span<const std::byte> theirs = row(*expected, run);
        QCOMPARE(ours.size(), theirs.size());
        for (std::size_t i = 0; i < ours.size(); ++i) {
            const int difference = std::abs(ours[i] - static_cast<std::int8_t>(theirs[i]));
            differences += difference != 0;
            largest = std::max(largest, difference);
        }
    }
    QVERIFY2(differences == 0,
        qPrintable(QStringLiteral("%1 outputs differ from TFLite's, by up to %2")
                       .arg(differences)
                       .arg(largest)));
}

void TestLstmInteger::mnistDigits_data()
{
    QTest::addColumn<int>("digit");
    for (int digit = 0; digit < 10; ++digit)
        QTest::addRow("sample%d", digit) << digit;
}

void TestLstmInteger::mnistDigits()
{
    QFETCH(int, digit);
    const std::filesystem::path integerPath = corpusModel("trained_lstm_int8.tflite");
    if (!std::filesystem::exists(integerPath))
        QSKIP("the shared corpus is not beside the repository");
    const Result<quant::RgbImage> image
        = quant::readImage(corpusModel("ref/sample") += std::to_string(digit) + ".png");
    QVERIFY2(image, image ? "" : image.error().toString().c_str());
    Result<ir::Model> integerModel = readModel(integerPath);
    Result<ir::Model> floatModel = readModel(corpusModel("trained_lstm.tflite"));
    QVERIFY(integerModel && floatModel);
    auto integer = makeInterpreter(std::move(*integerModel));
    auto real = makeInterpreter(std::move(*floatModel));
    QVERIFY2(integer, integer ? "" : integer.error().toString().c_str());
    QVERIFY2(real, real ? "" : real.error().toString().c_str());

    const std::vector<std::int8_t> quantized = quantizedDigit(*image, (*integer)->input(0));
    const std::vector<std::int64_t> shape = (*integer)->input(0).shape;
    QVERIFY((*integer)->setInput(0, DType::Int8, shape, std::as_bytes(std::span(quantized))));
    std::vector<float> pixels;
    for (std::size_t i = 0; i < image->pixels.size(); i += 3)
        pixels.push_back(static_cast<float>(image->pixels[i]) / 255.0f);
    QVERIFY((*real)->setInput(0, DType::Float32, shape, std::as_bytes(std::span(pixels))));
    QVERIFY((*integer)->invoke());
    QVERIFY((*real)->invoke());

    const Result<NpyArray> expected
        = readNpy(fixture(QStringLiteral("mnist_lstm_int8_expected.npy")));
    QVERIFY(expected);
    const interp::TensorView& output = (*integer)->output(0);
    const std::span<const std::int8_t> ours = output.span<const std::int8_t>();
    const std::span<const std::byte> theirs = row(*expected, digit);
    QCOMPARE(ours.size(), std::size_t { 10 });
    for (std::size_t c = 0; c < ours.size(); ++c)
        QCOMPARE(int { ours[c] }, int { static_cast<std::int8_t>(theirs[c]) });

    const std::span<const float> probabilities = (*real)->output(0).span<const float>();
    double worst = 0;
    for (std::size_t c = 0; c < ours.size(); ++c) {
        const double dequantized = output.scale() * (ours[c] - output.zeroPoint());
        worst = std::max(worst, std::abs(dequantized - probabilities[c]));
    }
    QCOMPARE(std::ranges::max_element(ours) - ours.begin(), std::ptrdiff_t { digit });
    // Within three steps of the output's 1/256 of the float model's probabilities.
    QVERIFY2(worst <= 3.0 / 256, qPrintable(QStringLiteral("max probability error %1").arg(worst)));
}

void TestLstmInteger::refusesUnsupportedVariants_data()
{
    QTest::addColumn<Mutation>("mutate");
    QTest::addColumn<QString>("reason");
    QTest::newRow("projection without intermediates") << Mutation([](ir::Model& m) {
        lstmNode(m).inputs[16] = addConstant(m, DType::Int8, { 4, 4 }, 0.01f);
        lstmNode(m).attributes.set(
            std::string(tflite::kIntermediatesAttribute), std::vector<std::int64_t> {});
    }) << QStringLiteral("projection needs the hidden state's scale");
    QTest::newRow("layer normalization without intermediates") << Mutation([](ir::Model& m) {
        lstmNode(m).inputs.resize(24, ir::kNoTensor);
        for (std::size_t gate = 0; gate < 4; ++gate)
            lstmNode(m).inputs[20 + gate] = addConstant(m, DType::Int16, { 4 }, 0.001f);
    }) << QStringLiteral("layer normalization needs the input gate's scale");
    QTest::newRow("peepholes with projection to fewer outputs") << Mutation([](ir::Model& m) {
        ir::Model peepholes = *readModel(fixture(QStringLiteral("projection.tflite")));
        m = std::move(peepholes);
        for (std::size_t peephole : { 9, 10, 11 })
            lstmNode(m).inputs[peephole] = addConstant(m, DType::Int16, { 6 }, 0.001f);
    }) << QStringLiteral("peepholes with a projection to other than the cell count");
    QTest::newRow("cell scale not a power of two") << Mutation([](ir::Model& m) {
        m.main().tensors[static_cast<std::size_t>(lstmNode(m).inputs[19])].quant.scales = { 3e-4f };
    }) << QStringLiteral("is not a power of two");
    QTest::newRow("cell scale too coarse") << Mutation([](ir::Model& m) {
        m.main().tensors[static_cast<std::size_t>(lstmNode(m).inputs[19])].quant.scales
            = { 1.0f / 128 };
    }) << QStringLiteral("cell state scale 2^-7 is outside");
    QTest::newRow("per-channel weights") << Mutation([](ir::Model& m) {
        ir::QuantParams& quant
            = m.main().tensors[static_cast<std::size_t>(lstmNode(m).inputs[2])].quant;
        quant.scales.assign(4, quant.scales.front());
        quant.zeroPoints.assign(4, 0);
    }) << QStringLiteral("input-to-forget weights must have exactly one (per-tensor) scale");
    QTest::newRow("relu cell activation") << Mutation([](ir::Model& m) {
        lstmNode(m).attributes.set("fused_activation_function", std::string("RELU"));
    }) << QStringLiteral("computes tanh only, not the activation RELU");
    QTest::newRow("int16 input weights") << Mutation([](ir::Model& m) {
        lstmNode(m).inputs[3] = addConstant(m, DType::Int16, { 4, 5 }, 0.01f);
    }) << QStringLiteral("input-to-cell weights is i16; the integer LSTM needs i8");
}

void TestLstmInteger::refusesUnsupportedVariants()
{
    QFETCH(Mutation, mutate);
    QFETCH(QString, reason);
    Result<ir::Model> model = readModel(fixture(QStringLiteral("basic.tflite")));
    QVERIFY2(model, model ? "" : model.error().toString().c_str());
    mutate(*model);
    const auto created = makeInterpreter(std::move(*model));
    QVERIFY(!created);
    const QString text = QString::fromStdString(created.error().toString());
    QVERIFY2(text.contains(QStringLiteral("UnidirectionalSequenceLstm")), qPrintable(text));
    QVERIFY2(text.contains(reason), qPrintable(text));
}

QTEST_GUILESS_MAIN(TestLstmInteger)
#include "tst_lstm_integer.moc"
