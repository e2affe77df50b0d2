// SPDX-License-Identifier: GPL-3.0-or-later
// ONNX conversion end to end on whole networks: convertModel() turns each model into a .tflite that
// runs in LiteRT (LiteRT.js) and in our interpreter, and both must reproduce an independent
// reference. The PyTorch fixtures (tests/data/onnx/make_fixtures.py, exported into the build tree
// by the onnx_fixtures test) carry PyTorch's own outputs, which onnxruntime must also reproduce
// (that validates the fixture); the corpus models under ../shared/corpus/onnx carry the outputs
// their sources recorded. The CNNs must come out without TRANSPOSE ops; the integer-quantized
// corpus model must be refused with a report, not crash.
#include "core/convert/convert.h"
#include "core/importers/onnx/onnx_file.h"
#include "core/tflite/tflite_writer.h"
#include "tests/support/model_runner.h"
#include "tests/support/runtime_runner.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstring>

using namespace lf;

namespace {

/// The bound for converted models: max abs error <= 1e-4 x max|reference|, with a floor for
/// outputs that are all near zero.
constexpr double kRelative = 1e-4;
constexpr double kAbsolute = 1e-5;

std::filesystem::path toPath(const QString& path)
{
    return std::filesystem::path(QFile::encodeName(path).toStdString());
}

/// The error with its first notes (an unsupported-node report has one note per node).
QString errorText(const Error& error)
{
    constexpr std::size_t kMaxNotes = 8;
    QString text = QString::fromStdString(error.toString());
    for (std::size_t i = 0; i < std::min(error.notes.size(), kMaxNotes); ++i)
        text += QStringLiteral("\n  ") + QString::fromStdString(error.notes[i]);
    if (error.notes.size() > kMaxNotes)
        text += QStringLiteral("\n  (%1 more)").arg(error.notes.size() - kMaxNotes);
    return text;
}

QString shapeText(const std::vector<std::int64_t>& shape)
{
    QStringList extents;
    for (std::int64_t extent : shape)
        extents << QString::number(extent);
    return u'[' + extents.join(u',') + u']';
}

QString fixturesDir()
{
    return test::binaryDir() + QStringLiteral("/tests/data/onnx");
}

QString corpusPath(const QString& relative)
{
    return test::sharedDir() + QStringLiteral("/corpus/onnx/") + relative;
}

/// The permutation that moves axis 1 (channels) last: 0, 2, ..., rank-1, 1.
std::vector<int> channelsLast(std::size_t rank)
{
    std::vector<int> perm { 0 };
    for (int d = 2; d < static_cast<int>(rank); ++d)
        perm.push_back(d);
    perm.push_back(1);
    return perm;
}

/// The inverse of channelsLast(): moves the last axis to position 1.
std::vector<int> channelsFirst(std::size_t rank)
{
    const int last = static_cast<int>(rank) - 1;
    std::vector<int> perm { 0, last };
    for (int d = 1; d < last; ++d)
        perm.push_back(d);
    return perm;
}

std::vector<std::int64_t> permutedShape(
    const std::vector<std::int64_t>& shape, const std::vector<int>& perm)
{
    std::vector<std::int64_t> result;
    for (int axis : perm)
        result.push_back(shape[static_cast<std::size_t>(axis)]);
    return result;
}

/// `array` (in the source model's layout) as the converted model's input `tensor` takes it: as is
/// when the shapes agree, channels-last when the converted input is the channels-last permutation.
NpyArray toModelLayout(const NpyArray& array, const ir::Tensor& tensor)
{
    const std::vector<std::int64_t> wanted = tensor.shape.extents();
    if (wanted == array.shape || array.shape.size() < 3)
        return array;
    const std::vector<int> perm = channelsLast(array.shape.size());
    if (permutedShape(array.shape, perm) == wanted)
        return test::permuteArray(array, perm);
    return array;
}

/// One of our outputs in the reference's layout: converted image outputs are channels-last.
NpyArray toReferenceLayout(const NpyArray& ours, const std::vector<std::int64_t>& referenceShape)
{
    if (ours.shape == referenceShape || ours.shape.size() < 3
        || ours.shape.size() != referenceShape.size())
        return ours;
    if (permutedShape(referenceShape, channelsLast(referenceShape.size())) == ours.shape)
        return test::permuteArray(ours, channelsFirst(ours.shape.size()));
    return ours;
}

NpyArray floatArray(std::vector<std::int64_t> shape, const std::vector<float>& values)
{
    NpyArray array;
    array.shape = std::move(shape);
    array.data.resize(values.size() * sizeof(float));
    std::memcpy(array.data.data(), values.data(), array.data.size());
    return array;
}

struct Comparison
{
    bool ok = false;
    double maxError = 0;
    QString summary;
};

/// Compares `actual` (brought into the reference's layout) with `expected`: max abs error <=
/// relative x max|expected| + absolute.
Comparison compare(
    const NpyArray& actual, const NpyArray& expected, double relative, double absolute)
{
    const NpyArray ours = toReferenceLayout(actual, expected.shape);
    if (ours.elementCount() != expected.elementCount()
        || (ours.shape != expected.shape && expected.shape.size() > 1)) {
        return { false, 0,
            QStringLiteral("shape %1, the reference has %2")
                .arg(shapeText(actual.shape), shapeText(expected.shape)) };
    }
    const std::vector<double> a = test::toDoubles(ours);
    const std::vector<double> e = test::toDoubles(expected);
    if (a.size() != e.size() || a.empty())
        return { false, 0, QStringLiteral("cannot compare these dtypes") };
    double maxError = 0;
    double maxMagnitude = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        maxError = std::max(maxError, std::isfinite(a[i]) ? std::abs(a[i] - e[i]) : INFINITY);
        maxMagnitude = std::max(maxMagnitude, std::abs(e[i]));
    }
    const double bound = relative * maxMagnitude + absolute;
    return { maxError <= bound, maxError,
        QStringLiteral("max abs error %1 (bound %2, max|ref| %3)")
            .arg(maxError, 0, 'g', 3)
            .arg(bound, 0, 'g', 3)
            .arg(maxMagnitude, 0, 'g', 4) };
}

/// The outputs of one runtime, in the converted graph's output order.
struct Outputs
{
    QString error; ///< empty on success
    std::vector<NpyArray> arrays;
};

Outputs runInLiteRt(
    const ir::Model& model, const std::vector<NpyArray>& inputs, const QString& path)
{
    Outputs outputs;
    if (const Result<void> written = tflite::writeTfliteFile(model, toPath(path)); !written) {
        outputs.error = QStringLiteral("writing the .tflite: ") + errorText(written.error());
        return outputs;
    }
    const test::RuntimeRun run = test::runInRealRuntime(path, inputs);
    if (!run.ok) {
        outputs.error = run.error;
        return outputs;
    }
    const ir::Graph& graph = model.main();
    outputs.arrays.resize(graph.outputs.size());
    for (std::size_t i = 0; i < run.outputs.size(); ++i) {
        const ir::TensorId tensor = graph.findTensor(run.outputNames[i].toStdString());
        const auto at = std::ranges::find(graph.outputs, tensor);
        const std::size_t slot
            = at == graph.outputs.end() ? i : static_cast<std::size_t>(at - graph.outputs.begin());
        if (slot < outputs.arrays.size())
            outputs.arrays[slot] = run.outputs[i];
    }
    return outputs;
}

Outputs runInInterpreter(const ir::Model& model, const std::vector<NpyArray>& inputs)
{
    Result<std::vector<NpyArray>> arrays = test::runInterpreter(model, inputs);
    if (!arrays)
        return { errorText(arrays.error()), {} };
    return { {}, std::move(*arrays) };
}

std::size_t countTransposes(const ir::Model& model)
{
    return static_cast<std::size_t>(std::ranges::count_if(
        model.main().nodes, [](const ir::Node& node) { return node.op == ir::OpKind::Transpose; }));
}

bool hasVariableTensors(const ir::Model& model)
{
    return std::ranges::any_of(
        model.main().tensors, [](const ir::Tensor& tensor) { return tensor.isVariable; });
}

/// The TRANSPOSE nodes of the main graph, each with its input shape and the source nodes it came
/// from, for failure messages.
QString describeTransposes(const ir::Model& model)
{
    const ir::Graph& graph = model.main();
    QStringList descriptions;
    for (const ir::Node& node : graph.nodes) {
        if (node.op != ir::OpKind::Transpose)
            continue;
        QStringList origin;
        for (const std::string& name : node.origin)
            origin << QString::fromStdString(name);
        const ir::Tensor& input = graph.tensors[static_cast<std::size_t>(node.inputs.front())];
        descriptions << QStringLiteral("'%1' on %2 from [%3]")
                            .arg(QString::fromStdString(node.name),
                                QString::fromStdString(input.shape.toString()),
                                origin.join(QStringLiteral(", ")));
    }
    return descriptions.join(QStringLiteral("; "));
}

/// What one runtime gave against the references, per output; `ok` is false on any mismatch.
struct Verdict
{
    bool ok = true;
    double maxError = 0;
    QStringList lines;
};

Verdict judge(const QString& runtime, const Outputs& outputs,
    const std::vector<NpyArray>& references, double relative, double absolute)
{
    Verdict verdict;
    if (!outputs.error.isEmpty()) {
        verdict.ok = false;
        verdict.lines << runtime + QStringLiteral(": fails: ") + outputs.error.left(600);
        return verdict;
    }
    if (outputs.arrays.size() != references.size()) {
        verdict.ok = false;
        verdict.lines << runtime
                + QStringLiteral(": %1 outputs, %2 references")
                      .arg(outputs.arrays.size())
                      .arg(references.size());
        return verdict;
    }
    for (std::size_t o = 0; o < references.size(); ++o) {
        const Comparison comparison = compare(outputs.arrays[o], references[o], relative, absolute);
        verdict.ok = verdict.ok && comparison.ok;
        verdict.maxError = std::max(verdict.maxError, comparison.maxError);
        verdict.lines << QStringLiteral("%1 output %2 %3: %4%5")
                             .arg(runtime)
                             .arg(o)
                             .arg(shapeText(outputs.arrays[o].shape), comparison.summary,
                                 comparison.ok ? QString() : QStringLiteral(" FAILS"));
    }
    return verdict;
}

/// The reference outputs of fixture `name`: NAME.output.npy, or NAME.output_0.npy, _1, ...
Result<std::vector<NpyArray>> readFixtureOutputs(const QString& name)
{
    const QString single = fixturesDir() + u'/' + name + QStringLiteral(".output.npy");
    if (QFileInfo::exists(single)) {
        Result<NpyArray> array = readNpy(toPath(single));
        if (!array)
            return std::unexpected(array.error());
        return std::vector<NpyArray> { std::move(*array) };
    }
    std::vector<NpyArray> arrays;
    for (int k = 0;; ++k) {
        const QString file = fixturesDir() + QStringLiteral("/%1.output_%2.npy").arg(name).arg(k);
        if (!QFileInfo::exists(file))
            break;
        Result<NpyArray> array = readNpy(toPath(file));
        if (!array)
            return std::unexpected(array.error());
        arrays.push_back(std::move(*array));
    }
    if (arrays.empty())
        return fail(ErrorCode::Io, "no reference outputs for " + name.toStdString());
    return arrays;
}

/// ((uint8 - 127) / 128) in NCHW, the UltraFace repository's preprocessing of an NHWC uint8 image.
NpyArray ultraFaceInput(const NpyArray& image)
{
    std::vector<float> values(image.data.size());
    for (std::size_t i = 0; i < values.size(); ++i)
        values[i]
            = (static_cast<float>(std::to_integer<std::uint8_t>(image.data[i])) - 127.0f) / 128.0f;
    std::vector<std::int64_t> shape = image.shape;
    if (shape.size() == 3)
        shape.insert(shape.begin(), 1);
    return test::permuteArray(floatArray(shape, values), channelsFirst(shape.size()));
}

/// Reads a corpus input or reference spec: "pb:FILE" (a TensorProto), "npy:FILE",
/// "ultraface:FILE" (a uint8 image, preprocessed) or "values:a,b,...;SHAPE" ("4x1").
Result<NpyArray> readSpec(const QString& folder, const QString& spec)
{
    const QString kind = spec.section(u':', 0, 0);
    const QString rest = spec.section(u':', 1);
    if (kind == QStringLiteral("pb")) {
        Result<onnx_import::NamedArray> named
            = onnx_import::readTensorProtoFile(toPath(folder + rest));
        if (!named)
            return std::unexpected(named.error());
        return std::move(named->array);
    }
    if (kind == QStringLiteral("values")) {
        std::vector<float> values;
        for (const QString& item : rest.section(u';', 0, 0).split(u','))
            values.push_back(item.toFloat());
        std::vector<std::int64_t> shape;
        for (const QString& extent : rest.section(u';', 1).split(u'x'))
            shape.push_back(extent.toLongLong());
        return floatArray(shape, values);
    }
    Result<NpyArray> array = readNpy(toPath(folder + rest));
    if (!array || kind != QStringLiteral("ultraface"))
        return array;
    return ultraFaceInput(*array);
}

} // namespace

class TestOnnxModels : public QObject
{
    Q_OBJECT

private slots:
    void matchesPyTorch_data();
    void matchesPyTorch();
    void matchesCorpusReferences_data();
    void matchesCorpusReferences();
    void refusesIntegerQuantizedModel();
    void cleanupTestCase();

private:
    /// Converts `onnxPath`, runs the result in LiteRT and the interpreter on `inputs` (given in the
    /// ONNX model's layout) and checks both against `references`. Returns the converted model.
    std::optional<ir::Model> checkConversion(const QString& onnxPath, const ConvertOptions& options,
        const std::vector<NpyArray>& inputs, const std::vector<NpyArray>& references,
        double relative, double absolute);

    QTemporaryDir m_folder;
    QStringList m_report;
};

std::optional<ir::Model> TestOnnxModels::checkConversion(const QString& onnxPath,
    const ConvertOptions& options, const std::vector<NpyArray>& inputs,
    const std::vector<NpyArray>& references, double relative, double absolute)
{
    const QString tag = QString::fromLatin1(QTest::currentDataTag());
    NullTaskContext context;
    Result<Conversion> conversion = convertModel(toPath(onnxPath), options, context);
    if (!conversion) {
        m_report << tag + QStringLiteral(": conversion fails: ") + errorText(conversion.error());
        QTest::qFail(
            qPrintable(QStringLiteral("conversion fails: ") + errorText(conversion.error())),
            __FILE__, __LINE__);
        return std::nullopt;
    }
    const ir::Graph& graph = conversion->converted.main();
    if (graph.inputs.size() != inputs.size()) {
        QTest::qFail(qPrintable(QStringLiteral("the converted model has %1 inputs, expected %2")
                                    .arg(graph.inputs.size())
                                    .arg(inputs.size())),
            __FILE__, __LINE__);
        return std::nullopt;
    }
    std::vector<NpyArray> modelInputs;
    for (std::size_t i = 0; i < inputs.size(); ++i)
        modelInputs.push_back(
            toModelLayout(inputs[i], graph.tensors[static_cast<std::size_t>(graph.inputs[i])]));

    const QString tflite
        = m_folder.filePath(QFileInfo(onnxPath).completeBaseName() + QStringLiteral(".tflite"));
    const Outputs liteRtOutputs = runInLiteRt(conversion->converted, modelInputs, tflite);
    Verdict liteRt = judge(QStringLiteral("LiteRT"), liteRtOutputs, references, relative, absolute);
    const Verdict ours = judge(QStringLiteral("interpreter"),
        runInInterpreter(conversion->converted, modelInputs), references, relative, absolute);
    QStringList lines;
    lines << QStringLiteral("%1 nodes, %2 TRANSPOSE")
                 .arg(graph.nodes.size())
                 .arg(countTransposes(conversion->converted));
    // LiteRT.js refuses some models with variable (state) tensors; the issue accepts the
    // interpreter's numbers alone for those.
    if (!liteRtOutputs.error.isEmpty() && hasVariableTensors(conversion->converted)) {
        liteRt.ok = true;
        liteRt.lines = { QStringLiteral("LiteRT refuses the model (it has variable tensors), "
                                        "judged by the interpreter alone: ")
            + liteRtOutputs.error.left(300) };
    }
    lines << liteRt.lines << ours.lines;
    for (const QString& line : lines)
        m_report << tag + QStringLiteral(": ") + line;
    qInfo("%s: %s", qPrintable(tag), qPrintable(lines.join(QStringLiteral("; "))));
    if (!liteRt.ok || !ours.ok) {
        QTest::qFail(qPrintable(lines.join(QStringLiteral("; "))), __FILE__, __LINE__);
        return std::nullopt;
    }
    return std::move(conversion->converted);
}

void TestOnnxModels::matchesPyTorch_data()
{
    // The fixture name; the most TRANSPOSE ops the converted graph may keep (-1: only reported).
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("maxTransposes");
    for (const char* cnn : { "mobilenet_v2", "resnet18", "squeezenet1_1", "mnist_cnn", "unet_small",
             "ds_cnn_kws", "conv1d_net" })
        QTest::newRow(cnn) << QString::fromLatin1(cnn) << 0;
    // ShuffleNetV2 x0.5 has 16 channel shuffles, each a reshape-transpose-reshape that is a real
    // data movement, not a layout change.
    QTest::newRow("shufflenet_v2_x0_5") << QStringLiteral("shufflenet_v2_x0_5") << 16;
    QTest::newRow("gru") << QStringLiteral("gru") << -1;
    QTest::newRow("lstm") << QStringLiteral("lstm") << -1;
}

void TestOnnxModels::matchesPyTorch()
{
    QFETCH(QString, name);
    QFETCH(int, maxTransposes);
    const QString onnx = fixturesDir() + u'/' + name + QStringLiteral(".onnx");
    QVERIFY2(QFileInfo::exists(onnx),
        qPrintable(onnx
            + QStringLiteral(" is missing: run `ctest -R onnx_fixtures` (tests/data/onnx/"
                             "make_fixtures.py) first")));
    const Result<NpyArray> input
        = readNpy(toPath(fixturesDir() + u'/' + name + QStringLiteral(".input.npy")));
    QVERIFY2(input, input ? "" : input.error().toString().c_str());
    const Result<std::vector<NpyArray>> references = readFixtureOutputs(name);
    QVERIFY2(references, references ? "" : references.error().toString().c_str());

    // The fixture itself: onnxruntime must agree with PyTorch.
    const test::RuntimeRun onnxRuntime = test::runInRealRuntime(onnx, { *input });
    QVERIFY2(onnxRuntime.ok, qPrintable(onnxRuntime.error));
    const Verdict fixture = judge(QStringLiteral("onnxruntime"),
        Outputs { {}, onnxRuntime.outputs }, *references, kRelative, kAbsolute);
    QVERIFY2(fixture.ok, qPrintable(fixture.lines.join(QStringLiteral("; "))));

    const std::optional<ir::Model> converted
        = checkConversion(onnx, {}, { *input }, *references, kRelative, kAbsolute);
    if (!converted)
        return;
    const auto transposes = static_cast<int>(countTransposes(*converted));
    if (maxTransposes >= 0)
        QVERIFY2(transposes <= maxTransposes,
            qPrintable(QStringLiteral("%1 TRANSPOSE ops, at most %2 allowed: %3")
                           .arg(transposes)
                           .arg(maxTransposes)
                           .arg(describeTransposes(*converted))));
}

void TestOnnxModels::matchesCorpusReferences_data()
{
    // The model under corpus/onnx; its inputs and references (see readSpec(), relative to the
    // model's folder); input shapes to pin ("name=4x1"); the tolerance, relative to max|reference|,
    // and its absolute floor.
    QTest::addColumn<QString>("model");
    QTest::addColumn<QStringList>("inputs");
    QTest::addColumn<QStringList>("references");
    QTest::addColumn<QString>("pin");
    QTest::addColumn<double>("relative");
    QTest::addColumn<double>("absolute");

    // The ONNX Model Zoo's own test data (CNTK's outputs).
    for (const char* set : { "test_data_set_0", "test_data_set_1", "test_data_set_2" }) {
        const QString folder = QLatin1String(set) + u'/';
        QTest::addRow("mnist8_cntk %s", set)
            << QStringLiteral("mnist8_cntk/model.onnx")
            << QStringList { QStringLiteral("pb:") + folder + QStringLiteral("input_0.pb") }
            << QStringList { QStringLiteral("pb:") + folder + QStringLiteral("output_0.pb") }
            << QString() << kRelative << kAbsolute;
    }
    // onnx2c's test: "Calculated with unoptimized BatchNorm", tolerance 1e-5.
    QTest::newRow("mnist_mlp_bn_pytorch digit 7")
        << QStringLiteral("mnist_mlp_bn_pytorch/pytorch.onnx")
        << QStringList { QStringLiteral("npy:ref/input_0_digit7.npy") }
        << QStringList { QStringLiteral("npy:ref/expected_output_0.npy") } << QString() << 1e-5
        << 1e-6;
    // The manifest's OpenCV outputs for x = 0, 1, 3, 5, printed with 3 decimals.
    QTest::newRow("hello_world_sine_keras2onnx")
        << QStringLiteral("hello_world_sine_keras2onnx/model.onnx")
        << QStringList { QStringLiteral("values:0,1,3,5;4x1") }
        << QStringList { QStringLiteral("values:0.039,0.875,0.155,-0.906;4x1") }
        << QStringLiteral("dense_2_input=4x1") << 0.0 << 1e-3;
    // OpenCV 4.6 dnn on the repository's sample image: scores, then boxes.
    const std::pair<const char*, const char*> ultraFaces[] = {
        { "ultraface_rfb320", "ultraface_rfb320_pytorch/version-RFB-320.onnx" },
        { "ultraface_slim320",
            "ultraface_slim320_nopostproc_pytorch/version-slim-320_without_postprocessing.onnx" },
    };
    for (const auto& [tag, model] : ultraFaces) {
        QTest::newRow(tag) << QString::fromLatin1(
            model) << QStringList { QStringLiteral("ultraface:ref/input_rgb_240x320_uint8.npy") }
                           << QStringList { QStringLiteral("npy:ref/opencv_out_scores.npy"),
                                  QStringLiteral("npy:ref/opencv_out_boxes.npy") }
                           << QString() << kRelative << kAbsolute;
    }
}

void TestOnnxModels::matchesCorpusReferences()
{
    QFETCH(QString, model);
    QFETCH(QStringList, inputs);
    QFETCH(QStringList, references);
    QFETCH(QString, pin);
    QFETCH(double, relative);
    QFETCH(double, absolute);
    const QString path = corpusPath(model);
    QVERIFY2(QFileInfo::exists(path), qPrintable(path + QStringLiteral(" is missing")));
    const QString folder = QFileInfo(path).path() + u'/';
    std::vector<NpyArray> inputArrays;
    for (const QString& spec : inputs) {
        Result<NpyArray> array = readSpec(folder, spec);
        QVERIFY2(array, array ? "" : array.error().toString().c_str());
        inputArrays.push_back(std::move(*array));
    }
    std::vector<NpyArray> referenceArrays;
    for (const QString& spec : references) {
        Result<NpyArray> array = readSpec(folder, spec);
        QVERIFY2(array, array ? "" : array.error().toString().c_str());
        referenceArrays.push_back(std::move(*array));
    }
    ConvertOptions options;
    if (!pin.isEmpty()) {
        std::vector<std::int64_t> shape;
        for (const QString& extent : pin.section(u'=', 1).split(u'x'))
            shape.push_back(extent.toLongLong());
        options.inputShapes[pin.section(u'=', 0, 0).toStdString()] = shape;
    }

    // onnxruntime on the original: how far an exact runtime is from the recorded references.
    const test::RuntimeRun onnxRuntime = test::runInRealRuntime(path, inputArrays);
    QVERIFY2(onnxRuntime.ok, qPrintable(onnxRuntime.error));
    const Verdict original = judge(QStringLiteral("onnxruntime"),
        Outputs { {}, onnxRuntime.outputs }, referenceArrays, relative, absolute);
    for (const QString& line : original.lines)
        m_report << QString::fromLatin1(QTest::currentDataTag()) + QStringLiteral(": ") + line;
    QVERIFY2(original.ok, qPrintable(original.lines.join(QStringLiteral("; "))));

    checkConversion(path, options, inputArrays, referenceArrays, relative, absolute);
}

void TestOnnxModels::refusesIntegerQuantizedModel()
{
    // ConvInteger/MatMulInteger under a misdeclared "ai.onnx" opset domain: a report, not a crash.
    const QString path
        = corpusPath(QStringLiteral("mnist_integer_quantized_onnxquantize/quantized_model.onnx"));
    QVERIFY2(QFileInfo::exists(path), qPrintable(path + QStringLiteral(" is missing")));
    NullTaskContext context;
    const Result<Conversion> conversion = convertModel(toPath(path), {}, context);
    QVERIFY2(!conversion, "the integer-quantized model converted");
    const QString text = errorText(conversion.error());
    m_report << QStringLiteral("mnist_integer_quantized_onnxquantize: refused (%1): %2")
                    .arg(QString::fromLatin1(errorCodeName(conversion.error().code)), text);
    QVERIFY2(conversion.error().code == ErrorCode::UnsupportedOp
            || conversion.error().code == ErrorCode::InvalidModel,
        qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("ConvInteger"))
            || text.contains(QStringLiteral("MatMulInteger"))
            || text.contains(QStringLiteral("domain")),
        qPrintable(text));
}

void TestOnnxModels::cleanupTestCase()
{
    qInfo("%s", qPrintable(m_report.join(u'\n')));
}

QTEST_GUILESS_MAIN(TestOnnxModels)
#include "tst_onnx_models.moc"
