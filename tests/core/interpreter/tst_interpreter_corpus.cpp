// SPDX-License-Identifier: GPL-3.0-or-later
// The interpreter on real models: every corpus .tflite that LiteRT runs gives LiteRT's outputs on
// the same seeded random inputs (with XNNPACK's integer arithmetic, which LiteRT runs), the
// corpus's own reference inputs give the outputs their sources recorded (TFLM goldens, Efinix
// device runs, with TFLite's builtin arithmetic as TFLM has it; Arm NN float runs, the examples'
// stated tolerances), and unsupported ops or wrong inputs are refused with errors naming the node
// or input.
#include "core/interpreter/interpreter.h"
#include "core/interpreter/kernel_registry.h"
#include "core/quant/image_decoding.h"
#include "core/tflite/tflite_reader.h"
#include "tests/support/runtime_runner.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstring>

using namespace lf;

namespace {

/// Float outputs: the interpreter accumulates in float like TFLite, but XNNPACK (inside LiteRT.js)
/// and Arm NN sum in other orders and fuse multiply-adds, which moves results by a few ulp of the
/// largest magnitudes involved; 1e-5 relative is ~100 ulp of headroom, the 1e-6 floor covers
/// outputs that are all near zero.
constexpr double kFloatRelative = 1e-5;
constexpr double kFloatAbsolute = 1e-6;
/// Integer outputs against LiteRT: a value (almost) exactly between two steps may round the other
/// way in another implementation; that is one step, and rare.
constexpr double kMinIdenticalFraction = 0.999;
constexpr int kMaxStepDifference = 1;
/// hello_world_test.cc accepts |sin(x) - y| <= 0.05 for both the float and the int8 model.
constexpr double kSineTolerance = 0.05;
/// Efinix prints int8 scores from TFLM, whose kernels round exactly like TFLite's reference ones,
/// so scores must be identical. (The corpus notes up to 13 steps between Arm NN and Efinix on
/// resnet8: Arm NN requantizes differently.)
constexpr int kEfinixScoreSteps = 0;
/// Efinix prints the anomaly MSE with 4 decimals (5e-5) after summing 640 squares in float on the
/// device (relative error up to 640 * 2^-24 ~ 4e-5 of ~13); 1e-3 covers both.
constexpr double kMseTolerance = 1e-3;
/// Efinix prints face landmarks cut (not rounded) to 4 decimals, so up to 1e-4 off; one output step
/// is 0.88 / 192 = 4.6e-3 there, so any step of difference still shows.
constexpr double kPrintedTolerance = 1e-4;

struct Comparison
{
    bool ok = true;
    QString summary;
};

template <class T> std::vector<double> valuesAs(const std::byte* data, std::int64_t count)
{
    std::vector<double> values(static_cast<std::size_t>(count));
    for (std::size_t i = 0; i < values.size(); ++i) {
        T value;
        std::memcpy(&value, data + i * sizeof(T), sizeof(T));
        values[i] = static_cast<double>(value);
    }
    return values;
}

std::vector<double> toDoubles(ir::DType dtype, const std::byte* data, std::int64_t count)
{
    switch (dtype) {
    case ir::DType::Float32: return valuesAs<float>(data, count);
    case ir::DType::Float64: return valuesAs<double>(data, count);
    case ir::DType::Int8: return valuesAs<std::int8_t>(data, count);
    case ir::DType::UInt8: return valuesAs<std::uint8_t>(data, count);
    case ir::DType::Int16: return valuesAs<std::int16_t>(data, count);
    case ir::DType::Int32: return valuesAs<std::int32_t>(data, count);
    case ir::DType::Int64: return valuesAs<std::int64_t>(data, count);
    case ir::DType::Bool: return valuesAs<std::uint8_t>(data, count);
    default: return {};
    }
}

std::vector<double> toDoubles(const interp::TensorView& view)
{
    return toDoubles(view.dtype, view.data, view.elementCount());
}

std::vector<double> toDoubles(const NpyArray& array)
{
    return toDoubles(array.dtype, array.data.data(), array.elementCount());
}

QString shapeText(const std::vector<std::int64_t>& shape)
{
    QStringList extents;
    for (std::int64_t extent : shape)
        extents << QString::number(extent);
    return u'[' + extents.join(u',') + u']';
}

/// Compares one output with the reference under the tolerances above and describes the numbers.
Comparison compare(const interp::TensorView& actual, const NpyArray& expected)
{
    Comparison result;
    const QString type = QString::fromLatin1(ir::dtypeName(expected.dtype).data());
    if (actual.dtype != expected.dtype || actual.shape != expected.shape) {
        return { false,
            QStringLiteral("ours is %1%2, the reference %3%4")
                .arg(QString::fromLatin1(ir::dtypeName(actual.dtype).data()),
                    shapeText(actual.shape), type, shapeText(expected.shape)) };
    }
    const std::vector<double> a = toDoubles(actual);
    const std::vector<double> e = toDoubles(expected);
    if (a.size() != e.size() || (a.empty() && actual.elementCount() > 0))
        return { false, QStringLiteral("%1 outputs cannot be compared here").arg(type) };
    if (ir::isFloatingPoint(expected.dtype)) {
        double maxError = 0;
        double maxMagnitude = 0;
        for (std::size_t i = 0; i < a.size(); ++i) {
            maxError = std::max(maxError, std::abs(a[i] - e[i]));
            maxMagnitude = std::max(maxMagnitude, std::abs(e[i]));
        }
        const double bound = kFloatRelative * maxMagnitude + kFloatAbsolute;
        result.ok = maxError <= bound;
        result.summary = QStringLiteral("%1%2 max abs error %3 (bound %4, max|ref| %5)")
                             .arg(type, shapeText(expected.shape))
                             .arg(maxError, 0, 'g', 3)
                             .arg(bound, 0, 'g', 3)
                             .arg(maxMagnitude, 0, 'g', 4);
        return result;
    }
    std::size_t identical = 0;
    double maxStep = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        identical += a[i] == e[i] ? 1 : 0;
        maxStep = std::max(maxStep, std::abs(a[i] - e[i]));
    }
    const double fraction
        = a.empty() ? 1.0 : static_cast<double>(identical) / static_cast<double>(a.size());
    const bool quantized = expected.dtype == ir::DType::Int8 || expected.dtype == ir::DType::UInt8
        || expected.dtype == ir::DType::Int16;
    result.ok = quantized ? fraction >= kMinIdenticalFraction && maxStep <= kMaxStepDifference
                          : identical == a.size();
    result.summary = QStringLiteral("%1%2 %3/%4 identical (%5 %), max difference %6 steps")
                         .arg(type, shapeText(expected.shape))
                         .arg(identical)
                         .arg(a.size())
                         .arg(100.0 * fraction, 0, 'f', 3)
                         .arg(maxStep);
    return result;
}

/// Why LiteRT's outputs on this model cannot judge ours (the rules of tst_tflite_roundtrip), or
/// empty.
QString whyRuntimeCannotJudge(const ir::Model& model)
{
    for (const ir::Node& node : model.main().nodes) {
        if (node.op == ir::OpKind::Custom)
            return QStringLiteral("LiteRT.js has no kernel for the custom op %1; its outputs are "
                                  "uninitialised memory")
                .arg(QString::fromStdString(node.typeName()));
        const bool shapeIsInput = node.op == ir::OpKind::TransposeConv
            && !model.main().tensors[static_cast<std::size_t>(node.inputs[0])].isConstant();
        if (shapeIsInput)
            return QStringLiteral("TRANSPOSE_CONV takes its output shape from a model input, which "
                                  "random data cannot fill; TFLM's golden output judges it in "
                                  "matchesCorpusReferences");
    }
    return {};
}

/// The graph input tensors in the order LiteRT binds them: the first signature's, else the graph's.
std::vector<ir::TensorId> runtimeInputOrder(const ir::Model& model)
{
    for (const ir::Signature& signature : model.signatures) {
        if (signature.graphIndex != 0)
            continue;
        std::vector<ir::TensorId> order;
        for (const auto& [name, tensor] : signature.inputs)
            order.push_back(tensor);
        return order;
    }
    return model.main().inputs;
}

/// The tensor LiteRT calls `name`: a signature output name or a tensor name.
ir::TensorId tensorForOutputName(const ir::Model& model, const QString& name)
{
    const std::string text = name.toStdString();
    for (const ir::Signature& signature : model.signatures) {
        for (const auto& [outputName, tensor] : signature.outputs) {
            if (signature.graphIndex == 0 && outputName == text)
                return tensor;
        }
    }
    return model.main().findTensor(text);
}

std::size_t indexOf(const std::vector<ir::TensorId>& tensors, ir::TensorId id)
{
    return static_cast<std::size_t>(std::ranges::find(tensors, id) - tensors.begin());
}

Result<std::shared_ptr<const ir::Model>> readModel(const QString& path)
{
    NullTaskContext context;
    Result<ir::Model> model
        = tflite::readTfliteFile(QFile::encodeName(path).toStdString(), context);
    if (!model)
        return std::unexpected(model.error());
    return std::make_shared<const ir::Model>(std::move(*model));
}

QString corpusPath(const QString& relative)
{
    return test::sharedDir() + QStringLiteral("/corpus/tflite/") + relative;
}

QString errorText(const Error& error)
{
    return QString::fromStdString(error.toString());
}

/// A grayscale .png as float32 values / 255 in the input's declared shape.
Result<NpyArray> grayImage(const QString& path, const ir::Tensor& input)
{
    const Result<quant::RgbImage> image = quant::readImage(QFile::encodeName(path).toStdString());
    if (!image)
        return std::unexpected(image.error());
    NpyArray array { ir::DType::Float32, input.shape.extents(), {} };
    const auto pixels = static_cast<std::int64_t>(image->width) * image->height;
    if (array.elementCount() != pixels)
        return fail(ErrorCode::ShapeMismatch,
            path.toStdString() + " does not fit " + input.shape.toString());
    array.data.resize(static_cast<std::size_t>(pixels) * sizeof(float));
    for (std::int64_t i = 0; i < pixels; ++i) {
        const float value
            = static_cast<float>(image->pixels[static_cast<std::size_t>(i) * 3]) / 255.0f;
        std::memcpy(array.data.data() + i * 4, &value, sizeof value);
    }
    return array;
}

/// Reads a reference input: a .npy, a grayscale .png (scaled to [0, 1]), a .csv of integers in the
/// model input's dtype and declared shape, or "values:a,b,..." in the input's dtype with the
/// leading (batch) dim set to fit the count.
Result<NpyArray> readReferenceInput(
    const QString& folder, const QString& spec, const ir::Tensor& input)
{
    if (spec.endsWith(QStringLiteral(".npy")))
        return readNpy(QFile::encodeName(folder + spec).toStdString());
    if (spec.endsWith(QStringLiteral(".png")))
        return grayImage(folder + spec, input);
    QString text = spec;
    if (spec.startsWith(QStringLiteral("values:"))) {
        text = spec.mid(7);
    } else {
        QFile file(folder + spec);
        if (!file.open(QIODevice::ReadOnly))
            return fail(ErrorCode::Io, "cannot read " + (folder + spec).toStdString());
        text = QString::fromUtf8(file.readAll());
    }
    std::vector<double> values;
    for (const QString& item : text.split(u',', Qt::SkipEmptyParts))
        values.push_back(item.trimmed().toDouble());
    NpyArray array;
    array.dtype = input.dtype;
    array.shape = input.shape.extents();
    std::int64_t rest = 1;
    for (std::size_t d = 1; d < array.shape.size(); ++d)
        rest *= array.shape[d];
    if (!array.shape.empty())
        array.shape.front()
            = static_cast<std::int64_t>(values.size()) / std::max<std::int64_t>(rest, 1);
    if (array.elementCount() != static_cast<std::int64_t>(values.size()))
        return fail(ErrorCode::ShapeMismatch,
            spec.toStdString() + " does not fit " + input.shape.toString());
    const std::size_t width = ir::dtypeSize(array.dtype);
    array.data.resize(values.size() * width);
    for (std::size_t i = 0; i < values.size(); ++i) {
        std::byte* out = array.data.data() + i * width;
        const auto store = [out](auto value) { std::memcpy(out, &value, sizeof value); };
        switch (array.dtype) {
        case ir::DType::Float32: store(static_cast<float>(values[i])); break;
        case ir::DType::Int8: store(static_cast<std::int8_t>(values[i])); break;
        case ir::DType::Int16: store(static_cast<std::int16_t>(values[i])); break;
        case ir::DType::Int32: store(static_cast<std::int32_t>(values[i])); break;
        default: return fail(ErrorCode::UnsupportedFeature, "no literal values of this dtype");
        }
    }
    return array;
}

/// Every number with a decimal point in a text file (Efinix prints its outputs that way).
std::vector<double> decimalsIn(const QString& path)
{
    QFile file(path);
    std::vector<double> numbers;
    if (!file.open(QIODevice::ReadOnly))
        return numbers;
    static const QRegularExpression number(QStringLiteral("-?\\d+\\.\\d+"));
    for (const QRegularExpressionMatch& match :
        number.globalMatch(QString::fromUtf8(file.readAll())))
        numbers.push_back(match.captured().toDouble());
    return numbers;
}

double dequantize(double value, const interp::TensorView& view)
{
    return (value - view.zeroPoint()) * view.scale();
}

std::size_t argmax(const double* values, std::size_t count)
{
    return static_cast<std::size_t>(std::max_element(values, values + count) - values);
}

/// A one-node model y = |x| over an int8 [1,4] input, for the setInput checks.
std::shared_ptr<const ir::Model> absModel()
{
    ir::Model model = ir::makeModel("main");
    ir::Graph& graph = model.main();
    ir::Tensor input { "x", ir::DType::Int8, ir::Shape { 1, 4 }, ir::Layout::Unspecified,
        { { 0.5f }, { 0 } }, {}, false };
    ir::Tensor output = input;
    output.name = "y";
    const ir::TensorId x = graph.addTensor(std::move(input));
    const ir::TensorId y = graph.addTensor(std::move(output));
    graph.addNode(ir::Node { ir::OpKind::Abs, "abs", { x }, { y }, {}, 0, {} });
    graph.inputs = { x };
    graph.outputs = { y };
    return std::make_shared<const ir::Model>(std::move(model));
}

/// Copies its input: enough of a kernel to plan and run absModel() without the real families.
class CopyKernel final : public interp::Kernel
{
public:
    Result<void> prepare(interp::KernelArgs& args) override
    {
        args.output(0).shape = args.input(0).shape;
        return {};
    }
    void eval(const interp::KernelArgs& args) override
    {
        std::memcpy(args.output(0).data, args.input(0).data, args.input(0).byteSize());
    }
};

std::unique_ptr<interp::Kernel> makeCopyKernel()
{
    return std::make_unique<CopyKernel>();
}

} // namespace

class TestInterpreterCorpus : public QObject
{
    Q_OBJECT

private slots:
    void matchesLiteRt_data();
    void matchesLiteRt();
    void matchesCorpusReferences_data();
    void matchesCorpusReferences();
    void namesUnsupportedNode();
    void setInputNamesTheInput_data();
    void setInputNamesTheInput();
    void cleanupTestCase();

private:
    /// matchesLiteRt rows started; fewer than the corpus when rows were picked by name.
    int m_rowsOfLiteRt = 0;
    int m_runByLiteRt = 0;
    QStringList m_report;
};

void TestInterpreterCorpus::matchesLiteRt_data()
{
    QTest::addColumn<QString>("path");
    const std::vector<QString> files
        = test::corpusFiles(QStringLiteral("tflite"), QStringLiteral(".tflite"));
    QVERIFY2(files.size() >= 20, "the corpus under ../shared/corpus/tflite is missing");
    for (const QString& file : files)
        QTest::newRow(qPrintable(QFileInfo(file).fileName())) << file;
}

void TestInterpreterCorpus::matchesLiteRt()
{
    QFETCH(QString, path);
    ++m_rowsOfLiteRt;
    const Result<std::shared_ptr<const ir::Model>> model = readModel(path);
    QVERIFY2(model, model ? "" : model.error().toString().c_str());
    if (const QString reason = whyRuntimeCannotJudge(**model); !reason.isEmpty())
        QSKIP(qPrintable(reason));

    const ir::Graph& graph = (*model)->main();
    const std::vector<ir::TensorId> order = runtimeInputOrder(**model);
    std::vector<NpyArray> inputs;
    for (std::size_t i = 0; i < order.size(); ++i) {
        const ir::Tensor& input = graph.tensors[static_cast<std::size_t>(order[i])];
        std::vector<std::int64_t> shape = input.shape.extents();
        // LiteRT.js runs a dynamic dim at its stored size, 1.
        for (std::int64_t& extent : shape)
            extent = std::max<std::int64_t>(extent, 1);
        inputs.push_back(
            test::randomNpyArray(input.dtype, shape, 1234 + static_cast<std::uint32_t>(i)));
    }
    const test::RuntimeRun reference = test::runInRealRuntime(path, inputs);
    if (!reference.ok)
        QSKIP(qPrintable(
            QStringLiteral("LiteRT refuses the original: ") + reference.error.left(300)));
    ++m_runByLiteRt;

    auto interpreter = interp::Interpreter::create(
        *model, { .arithmetic = interp::QuantizedArithmetic::Xnnpack });
    QVERIFY2(interpreter, interpreter ? "" : interpreter.error().toString().c_str());
    for (std::size_t i = 0; i < order.size(); ++i) {
        const Result<void> set = (*interpreter)
                                     ->setInput(indexOf(graph.inputs, order[i]), inputs[i].dtype,
                                         inputs[i].shape, inputs[i].data);
        QVERIFY2(set, set ? "" : set.error().toString().c_str());
    }
    const Result<void> invoked = (*interpreter)->invoke();
    QVERIFY2(invoked, invoked ? "" : invoked.error().toString().c_str());

    QCOMPARE(reference.outputs.size(), (*interpreter)->outputCount());
    const QString fileName = QFileInfo(path).fileName();
    bool allOk = true;
    QStringList lines;
    for (std::size_t o = 0; o < reference.outputs.size(); ++o) {
        const std::size_t ours
            = indexOf(graph.outputs, tensorForOutputName(**model, reference.outputNames[o]));
        QVERIFY2(ours < graph.outputs.size(), qPrintable(reference.outputNames[o]));
        const Comparison comparison = compare((*interpreter)->output(ours), reference.outputs[o]);
        allOk = allOk && comparison.ok;
        const QString verdict = comparison.ok ? QString() : QStringLiteral(" FAILS");
        lines << QStringLiteral("%1 output '%2': %3%4")
                     .arg(fileName, reference.outputNames[o], comparison.summary, verdict);
    }
    for (const QString& line : lines)
        qInfo("%s", qPrintable(line));
    m_report << lines;
    QVERIFY2(allOk, qPrintable(lines.join(QStringLiteral("; "))));
}

void TestInterpreterCorpus::matchesCorpusReferences_data()
{
    // The model under corpus/tflite; per model input a file under the model's ref/ or
    // "values:..."; how the first output is judged (see matchesCorpusReferences()); what it is
    // judged against: a file under ref/ or "values:...".
    QTest::addColumn<QString>("model");
    QTest::addColumn<QStringList>("inputs");
    QTest::addColumn<QString>("check");
    QTest::addColumn<QString>("expected");

    // TF Serving's test model computes y = 0.5 x + 2.
    for (const char* x : { "1", "2", "5" }) {
        QTest::addRow("half_plus_two: x = %s", x)
            << QStringLiteral("half_plus_two_tfserving/model.tflite")
            << QStringList { QStringLiteral("values:") + QLatin1String(x) }
            << QStringLiteral("near")
            << QStringLiteral("values:") + QString::number(0.5 * QByteArray(x).toDouble() + 2);
    }

    const QString helloFloat = QStringLiteral("hello_world_sine/hello_world_float.tflite");
    QTest::newRow("hello_world float: Arm NN")
        << helloFloat << QStringList { QStringLiteral("armnn_float_in.npy") }
        << QStringLiteral("near") << QStringLiteral("armnn_float_out.npy");
    QTest::newRow("hello_world float: sine")
        << helloFloat << QStringList { QStringLiteral("values:0,1,3,5") } << QStringLiteral("sine")
        << QString();
    QTest::newRow("hello_world int8: sine")
        << QStringLiteral("hello_world_sine/hello_world_int8.tflite")
        << QStringList { QStringLiteral("values:-96,-63,-34,0") } << QStringLiteral("sine")
        << QString();

    const QString keypoint
        = QStringLiteral("keypoint_classifier_handgesture/keypoint_classifier.tflite");
    QTest::newRow("keypoint_classifier: Arm NN")
        << keypoint << QStringList { QStringLiteral("keypoint_rows_in.npy") }
        << QStringLiteral("near") << QStringLiteral("armnn_keypoint_classifier_out.npy");
    QTest::newRow("keypoint_classifier: labels")
        << keypoint << QStringList { QStringLiteral("keypoint_rows_in.npy") }
        << QStringLiteral("argmax") << QStringLiteral("keypoint_labels.npy");

    // efinix_ref_outputs.txt: "on" scores 127, every other class -128.
    QTest::newRow("kws int8: Efinix 'on'")
        << QStringLiteral("kws_ds_cnn_mlperf/kws_ref_model_int8.tflite")
        << QStringList { QStringLiteral("efinix_input1_on.npy") } << QStringLiteral("scores")
        << QStringLiteral("-128,-128,-128,-128,-128,127,-128,-128,-128,-128,-128,-128");
    QTest::newRow("kws float: 'on'")
        << QStringLiteral("kws_ds_cnn_mlperf/kws_ref_model_float32.tflite")
        << QStringList { QStringLiteral("input1_on_dequantized_float.npy") }
        << QStringLiteral("argmax") << QStringLiteral("5");

    // tflite-micro's mnist_lstm evaluate_test: the digit in sample<N>.png, scaled by 1/255, is N.
    for (int digit = 0; digit < 10; ++digit) {
        QTest::addRow("mnist_lstm float: sample%d", digit)
            << QStringLiteral("mnist_lstm/trained_lstm.tflite")
            << QStringList { QStringLiteral("sample%1.png").arg(digit) } << QStringLiteral("argmax")
            << QString::number(digit);
    }

    const char* const classes[]
        = { "airplane", "car", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck" };
    for (std::size_t c = 0; c < std::size(classes); ++c) {
        const QString name = QString::fromLatin1(classes[c]);
        QTest::addRow("resnet8 float: Arm NN %s", classes[c])
            << QStringLiteral("resnet8_cifar10_mlperf/pretrainedResnet_float.tflite")
            << QStringList { QStringLiteral("armnn_float_input_%1_in.npy").arg(name) }
            << QStringLiteral("near") << QStringLiteral("armnn_float_input_%1_out.npy").arg(name);
    }
    // efinix_ref_outputs.txt holds five inferences, in this order.
    const std::pair<const char*, const char*> resnetScores[] = {
        { "airplane", "9,-128,-125,-128,-127,-116,-127,-31,-128,-124" },
        { "car", "-128,127,-128,-128,-128,-128,-128,-128,-128,-128" },
        { "bird", "-128,-128,127,-128,-128,-128,-128,-128,-128,-128" },
        { "truck", "-128,-128,-128,-128,-128,-128,-128,-128,-128,127" },
        { "deer", "-128,-128,-128,-128,109,-127,-110,-128,-128,-128" },
    };
    for (const auto& [name, scores] : resnetScores) {
        QTest::addRow("resnet8 int8: Efinix %s", name)
            << QStringLiteral("resnet8_cifar10_mlperf/pretrainedResnet_int8.tflite")
            << QStringList { QStringLiteral("efinix_input_%1.npy").arg(QLatin1String(name)) }
            << QStringLiteral("scores") << QString::fromLatin1(scores);
    }

    // efinix_ref_outputs.txt: MSE(dequant(out) - dequant(in)) per slice.
    const std::pair<const char*, const char*> anomalySlices[] = {
        { "input1_anomaly_s1", "12.7776" },
        { "input2_anomaly_s2", "12.2427" },
        { "input3_normal_s1", "9.2414" },
        { "input4_normal_s2", "9.7161" },
    };
    for (const auto& [slice, mse] : anomalySlices) {
        QTest::addRow("anomaly int8: Efinix MSE %s", slice)
            << QStringLiteral("anomaly_ad01_mlperf/ad01_int8.tflite")
            << QStringList { QStringLiteral("efinix_%1.npy").arg(QLatin1String(slice)) }
            << QStringLiteral("mse") << QString::fromLatin1(mse);
        QTest::addRow("anomaly float: Arm NN %s", slice)
            << QStringLiteral("anomaly_ad01_mlperf/ad01_fp32.tflite")
            << QStringList { QStringLiteral("armnn_float_%1_in.npy").arg(QLatin1String(slice)) }
            << QStringLiteral("near")
            << QStringLiteral("armnn_float_%1_out.npy").arg(QLatin1String(slice));
    }

    // efinix_ref_outputs.txt prints (person, no person); the model's output is (no person, person).
    const std::pair<const char*, const char*> personScores[] = {
        { "input1_person", "-113,113" },
        { "input2_no_person", "57,-57" },
        { "input3_people1", "-93,93" },
        { "input4_people2", "-57,57" },
        { "input5_no_people1", "51,-51" },
        { "input6_no_people2", "111,-111" },
    };
    for (const auto& [input, scores] : personScores) {
        QTest::addRow("person_detect: Efinix %s", input)
            << QStringLiteral("person_detect_int8/person_detect.tflite")
            << QStringList { QStringLiteral("efinix_%1.npy").arg(QLatin1String(input)) }
            << QStringLiteral("scores") << QString::fromLatin1(scores);
    }

    QTest::newRow("vww float: Arm NN")
        << QStringLiteral("vww_mobilenet_96_mlperf/vww_96_float.tflite")
        << QStringList { QStringLiteral("armnn_float_coco000000018380_in.npy") }
        << QStringLiteral("near") << QStringLiteral("armnn_float_coco000000018380_out.npy");

    QTest::newRow("face landmarks: Efinix")
        << QStringLiteral("mediapipe_face_landmark_efinix/mediapipe_face_landmark.tflite")
        << QStringList { QStringLiteral("efinix_input_192x192x3.npy") }
        << QStringLiteral("landmarks") << QStringLiteral("efinix_ref_outputs.txt");

    // TFLM's SEANet integration tests: goldens are TFLite reference kernel outputs, bit for bit.
    for (const char* layer : { "conv0", "leaky_relu0", "pad0" }) {
        QTest::addRow("seanet %s: TFLM golden", layer)
            << QStringLiteral("seanet_int16_layers/%1.tflite").arg(QLatin1String(layer))
            << QStringList { QStringLiteral("%1_input0_int16.csv").arg(QLatin1String(layer)) }
            << QStringLiteral("golden")
            << QStringLiteral("%1_golden_int16.csv").arg(QLatin1String(layer));
    }
    QTest::newRow("seanet transpose_conv0: TFLM golden")
        << QStringLiteral("seanet_int16_layers/transpose_conv0.tflite")
        << QStringList { QStringLiteral("transpose_conv0_input0_int32.csv"),
               QStringLiteral("transpose_conv0_input1_int16.csv") }
        << QStringLiteral("golden") << QStringLiteral("transpose_conv0_golden_int16.csv");
}

/// Checks: "near" = the float tolerance against a .npy or literal values; "sine" = |sin(dequant(x))
/// - dequant(y)|
/// <= kSineTolerance; "argmax" = top class per row equals the labels; "scores" = int8 scores within
/// kEfinixScoreSteps and the same top class; "mse" = MSE(dequant(out) - dequant(in)) within
/// kMseTolerance; "landmarks" = dequant(out) / 192 and the face flag's sigmoid as printed;
/// "golden" = identical to a .csv.
void TestInterpreterCorpus::matchesCorpusReferences()
{
    QFETCH(QString, model);
    QFETCH(QStringList, inputs);
    QFETCH(QString, check);
    QFETCH(QString, expected);
    const QString path = corpusPath(model);
    const QString refFolder = QFileInfo(path).path() + QStringLiteral("/ref/");
    const Result<std::shared_ptr<const ir::Model>> loaded = readModel(path);
    QVERIFY2(loaded, loaded ? "" : loaded.error().toString().c_str());
    const ir::Graph& graph = (*loaded)->main();
    QCOMPARE(static_cast<std::size_t>(inputs.size()), graph.inputs.size());

    auto created = interp::Interpreter::create(*loaded);
    QVERIFY2(created, created ? "" : created.error().toString().c_str());
    interp::Interpreter& interpreter = **created;
    std::vector<NpyArray> arrays;
    for (std::size_t i = 0; i < graph.inputs.size(); ++i) {
        const ir::Tensor& tensor = graph.tensors[static_cast<std::size_t>(graph.inputs[i])];
        Result<NpyArray> array
            = readReferenceInput(refFolder, inputs[static_cast<qsizetype>(i)], tensor);
        QVERIFY2(array, array ? "" : array.error().toString().c_str());
        if (array->shape != interpreter.input(i).shape) {
            const Result<void> resized = interpreter.resizeInput(i, array->shape);
            QVERIFY2(resized, resized ? "" : resized.error().toString().c_str());
        }
        arrays.push_back(std::move(*array));
    }
    for (std::size_t i = 0; i < arrays.size(); ++i) {
        const Result<void> set
            = interpreter.setInput(i, arrays[i].dtype, arrays[i].shape, arrays[i].data);
        QVERIFY2(set, set ? "" : set.error().toString().c_str());
    }
    const Result<void> invoked = interpreter.invoke();
    QVERIFY2(invoked, invoked ? "" : invoked.error().toString().c_str());

    const interp::TensorView& output = interpreter.output(0);
    const std::vector<double> values = toDoubles(output);
    const std::size_t classes
        = static_cast<std::size_t>(output.shape.empty() ? 1 : output.shape.back());
    QString summary;
    if (check == QStringLiteral("near") || check == QStringLiteral("golden")) {
        const ir::Tensor& outputTensor = graph.tensors[static_cast<std::size_t>(graph.outputs[0])];
        Result<NpyArray> reference = expected.endsWith(QStringLiteral(".npy"))
            ? readNpy(QFile::encodeName(refFolder + expected).toStdString())
            : readReferenceInput(refFolder, expected, outputTensor);
        QVERIFY2(reference, reference ? "" : reference.error().toString().c_str());
        if (!expected.endsWith(QStringLiteral(".npy")))
            reference->shape = output.shape; // .csv files and literal values are flat
        const Comparison comparison = compare(output, *reference);
        summary = comparison.summary;
        if (check == QStringLiteral("golden"))
            QVERIFY2(reference->data
                    == std::vector<std::byte>(output.data, output.data + output.byteSize()),
                qPrintable(summary));
        QVERIFY2(comparison.ok, qPrintable(summary));
    } else if (check == QStringLiteral("sine")) {
        const interp::TensorView& input = interpreter.input(0);
        const std::vector<double> x = toDoubles(arrays[0]);
        QCOMPARE(x.size(), values.size());
        double worst = 0;
        for (std::size_t i = 0; i < x.size(); ++i) {
            const double xi = input.quant->scales.empty() ? x[i] : dequantize(x[i], input);
            const double yi
                = output.quant->scales.empty() ? values[i] : dequantize(values[i], output);
            worst = std::max(worst, std::abs(std::sin(xi) - yi));
        }
        summary = QStringLiteral("max |sin(x) - y| %1").arg(worst, 0, 'g', 3);
        QVERIFY2(worst <= kSineTolerance, qPrintable(summary));
    } else if (check == QStringLiteral("argmax")) {
        std::vector<double> labels;
        if (expected.endsWith(QStringLiteral(".npy"))) {
            const Result<NpyArray> file
                = readNpy(QFile::encodeName(refFolder + expected).toStdString());
            QVERIFY(file);
            labels = toDoubles(*file);
        } else {
            for (const QString& label : expected.split(u','))
                labels.push_back(label.toDouble());
        }
        QCOMPARE(labels.size() * classes, values.size());
        QStringList found;
        for (std::size_t row = 0; row < labels.size(); ++row) {
            const std::size_t top = argmax(values.data() + row * classes, classes);
            found << QString::number(top);
            QCOMPARE(static_cast<double>(top), labels[row]);
        }
        summary = QStringLiteral("top classes %1").arg(found.join(u','));
    } else if (check == QStringLiteral("scores")) {
        std::vector<double> scores;
        for (const QString& score : expected.split(u','))
            scores.push_back(score.toDouble());
        QCOMPARE(values.size(), scores.size());
        double maxStep = 0;
        for (std::size_t i = 0; i < scores.size(); ++i)
            maxStep = std::max(maxStep, std::abs(values[i] - scores[i]));
        QStringList ours;
        for (double value : values)
            ours << QString::number(value);
        summary = QStringLiteral("scores %1, max difference %2 steps")
                      .arg(ours.join(u','))
                      .arg(maxStep);
        QVERIFY2(argmax(values.data(), values.size()) == argmax(scores.data(), scores.size()),
            qPrintable(summary));
        QVERIFY2(maxStep <= kEfinixScoreSteps, qPrintable(summary));
    } else if (check == QStringLiteral("mse")) {
        const interp::TensorView& input = interpreter.input(0);
        const std::vector<double> x = toDoubles(arrays[0]);
        QCOMPARE(x.size(), values.size());
        double sum = 0;
        for (std::size_t i = 0; i < x.size(); ++i) {
            const double difference = dequantize(values[i], output) - dequantize(x[i], input);
            sum += difference * difference;
        }
        const double mse = sum / static_cast<double>(x.size());
        summary = QStringLiteral("MSE %1, Efinix %2").arg(mse, 0, 'f', 5).arg(expected);
        QVERIFY2(std::abs(mse - expected.toDouble()) <= kMseTolerance, qPrintable(summary));
    } else if (check == QStringLiteral("landmarks")) {
        // Efinix prints x, y and z / 192 for each of the 468 landmarks, then sigmoid(face flag).
        const std::vector<double> printed = decimalsIn(refFolder + expected);
        QCOMPARE(printed.size(), values.size() + 1);
        double worst = 0;
        for (std::size_t i = 0; i < values.size(); ++i)
            worst = std::max(worst, std::abs(dequantize(values[i], output) / 192.0 - printed[i]));
        // The flag goes through Efinix's own float sigmoid, printed with 2 digits: it must be
        // nearer to our step's sigmoid than to either neighbour's.
        const interp::TensorView& flag = interpreter.output(1);
        const auto sigmoid
            = [&flag](double step) { return 1.0 / (1.0 + std::exp(-dequantize(step, flag))); };
        const double step = toDoubles(flag).front();
        const double distance = std::abs(sigmoid(step) - printed.back());
        summary = QStringLiteral("max landmark difference %1, face flag %2 (printed %3)")
                      .arg(worst, 0, 'g', 3)
                      .arg(sigmoid(step), 0, 'f', 4)
                      .arg(printed.back());
        QVERIFY2(worst <= kPrintedTolerance, qPrintable(summary));
        QVERIFY2(distance < std::abs(sigmoid(step - 1) - printed.back())
                && distance < std::abs(sigmoid(step + 1) - printed.back()),
            qPrintable(summary));
    } else {
        QFAIL(qPrintable(QStringLiteral("unknown check ") + check));
    }
    qInfo("%s: %s", QTest::currentDataTag(), qPrintable(summary));
    m_report << QString::fromLatin1(QTest::currentDataTag()) + QStringLiteral(": ") + summary;
}

void TestInterpreterCorpus::namesUnsupportedNode()
{
    // The audio front end starts with TFLM's SignalWindow custom op, for which no kernel exists.
    const Result<std::shared_ptr<const ir::Model>> model
        = readModel(corpusPath(QStringLiteral("micro_speech_int8/audio_preprocessor_int8.tflite")));
    QVERIFY2(model, model ? "" : model.error().toString().c_str());
    const auto created = interp::Interpreter::create(*model);
    QVERIFY(!created);
    QCOMPARE(created.error().code, ErrorCode::UnsupportedOp);
    const QString text = errorText(created.error());
    QVERIFY2(
        text.contains(QStringLiteral("node #0 SignalWindow 'signal_window'")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("no kernel for SignalWindow")), qPrintable(text));
}

void TestInterpreterCorpus::setInputNamesTheInput_data()
{
    QTest::addColumn<int>("index");
    QTest::addColumn<int>("dtype");
    QTest::addColumn<QList<qint64>>("shape");
    QTest::addColumn<int>("bytes");
    QTest::addColumn<QString>("expected"); ///< what the error must say besides naming input 'x'
    const int int8 = static_cast<int>(ir::DType::Int8);
    QTest::newRow("wrong dtype") << 0 << static_cast<int>(ir::DType::Float32)
                                 << QList<qint64> { 1, 4 } << 16
                                 << QStringLiteral("expects i8, got f32");
    QTest::newRow("wrong shape") << 0 << int8 << QList<qint64> { 1, 5 } << 5
                                 << QStringLiteral("expects shape [1,4], got [1,5]");
    QTest::newRow("same count, other shape")
        << 0 << int8 << QList<qint64> { 4 } << 4 << QStringLiteral("[1,4]");
    QTest::newRow("too few bytes")
        << 0 << int8 << QList<qint64> { 1, 4 } << 3 << QStringLiteral("expects 4 bytes, got 3");
    QTest::newRow("missing input")
        << 1 << int8 << QList<qint64> { 1, 4 } << 4 << QStringLiteral("has 1 inputs, not 2");
}

void TestInterpreterCorpus::setInputNamesTheInput()
{
    QFETCH(int, index);
    QFETCH(int, dtype);
    QFETCH(QList<qint64>, shape);
    QFETCH(int, bytes);
    QFETCH(QString, expected);
    interp::KernelRegistry registry;
    registry.add(ir::OpKind::Abs, &makeCopyKernel);
    interp::InterpreterOptions options;
    options.registry = &registry;
    auto created = interp::Interpreter::create(absModel(), options);
    QVERIFY2(created, created ? "" : created.error().toString().c_str());

    const std::vector<std::int64_t> extents(shape.begin(), shape.end());
    const std::vector<std::byte> data(static_cast<std::size_t>(bytes));
    const Result<void> set = (*created)->setInput(
        static_cast<std::size_t>(index), static_cast<ir::DType>(dtype), extents, data);
    QVERIFY(!set);
    const QString text = errorText(set.error());
    QVERIFY2(text.contains(expected), qPrintable(text));
    if (index == 0)
        QVERIFY2(text.contains(QStringLiteral("input 'x'")), qPrintable(text));

    // A correct call still works afterwards.
    const std::int64_t good[] = { 1, 4 };
    const std::byte four[4] = {};
    QVERIFY((*created)->setInput(0, ir::DType::Int8, good, four));
}

void TestInterpreterCorpus::cleanupTestCase()
{
    qInfo("%s", qPrintable(m_report.join(u'\n')));
    const auto corpusSize = static_cast<int>(
        test::corpusFiles(QStringLiteral("tflite"), QStringLiteral(".tflite")).size());
    if (m_rowsOfLiteRt < corpusSize)
        return;
    // Skips are legitimate only for the few files LiteRT itself refuses (variable tensors, per-axis
    // quantization on the last axis) and the custom-op and TRANSPOSE_CONV rules above.
    QVERIFY2(
        m_runByLiteRt >= 21, qPrintable(QString::number(m_runByLiteRt) + " models run by LiteRT"));
}

QTEST_GUILESS_MAIN(TestInterpreterCorpus)
#include "tst_interpreter_corpus.moc"
