// SPDX-License-Identifier: GPL-3.0-or-later
// Tests of `liteforge-cli check` and `convert` on ONNX and PyTorch models, run as a process:
// check's op counts against the onnx package's reading of each corpus model and the unsupported
// nodes of the integer-quantized one; convert --validate on corpus models and the written .tflite
// against ONNX's reference outputs; --rewrite-log against convertModel's own log; PyTorch models
// (TorchScript and a state dict) whose converted output matches PyTorch's; and bad inputs, which
// must give one error line, the right exit code and no file left behind.
#include "core/base/npy.h"
#include "core/convert/convert.h"
#include "core/passes/rewrite_log.h"
#include "core/tflite/tflite_reader.h"
#include "tests/app/cli/cli_process.h"
#include "tests/support/model_runner.h"
#include "tests/support/runtime_runner.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>

#include <signal.h>

using lf::test::CliRun;
using lf::test::describe;
using lf::test::isOneLine;
using lf::test::runCli;

namespace {

const QString kPython = QStringLiteral("/usr/bin/python3");
/// Importing PyTorch alone takes seconds; the export of these tiny nets well under a minute.
constexpr int kTorchTimeoutMs = 180'000;
/// Bound on |converted - reference| relative to the reference's largest magnitude.
constexpr double kRelativeTolerance = 1e-4;

QString corpusOnnx() { return lf::test::sharedDir() + QStringLiteral("/corpus/onnx"); }
QString mnistModel() { return corpusOnnx() + QStringLiteral("/mnist8_cntk/model.onnx"); }

std::filesystem::path toPath(const QString& path)
{
    return std::filesystem::path(QFile::encodeName(path).toStdString());
}

QByteArray readFile(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QJsonObject parseJson(const QByteArray& text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text, &error);
    return error.error == QJsonParseError::NoError ? document.object() : QJsonObject();
}

QStringList folderEntries(const QString& folder)
{
    return QDir(folder).entryList(
        QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
}

double maxAbs(const lf::NpyArray& array)
{
    double result = 0;
    for (const double value : lf::test::toDoubles(array))
        result = std::max(result, std::abs(value));
    return result;
}

bool isNhwcOf(const std::vector<std::int64_t>& shape, const std::vector<std::int64_t>& nchw)
{
    return shape.size() == 4 && nchw.size() == 4 && shape != nchw
        && shape == std::vector<std::int64_t>{nchw[0], nchw[2], nchw[3], nchw[1]};
}

/// Runs a converted .tflite in our interpreter on an NCHW input and gives its output in NCHW: the
/// converted model's 4-D I/O is NHWC unless --keep-io-layout.
void runConvertedModel(const QString& tflite, const lf::NpyArray& nchwInput,
    const std::vector<std::int64_t>& nchwOutputShape, lf::NpyArray& output)
{
    lf::NullTaskContext context;
    const lf::Result<lf::ir::Model> model = lf::tflite::readTfliteFile(toPath(tflite), context);
    QVERIFY2(model, model ? "" : model.error().toString().c_str());
    const lf::ir::Graph& graph = model->main();
    QCOMPARE(graph.inputs.size(), std::size_t{1});
    const std::vector<std::int64_t> inputShape
        = graph.tensors[static_cast<std::size_t>(graph.inputs[0])].shape.extents();
    const lf::NpyArray input = isNhwcOf(inputShape, nchwInput.shape)
        ? lf::test::permuteArray(nchwInput, {0, 2, 3, 1})
        : nchwInput;
    auto outputs = lf::test::runInterpreter(*model, {input});
    QVERIFY2(outputs, outputs ? "" : outputs.error().toString().c_str());
    QCOMPARE(outputs->size(), std::size_t{1});
    output = isNhwcOf(outputs->front().shape, nchwOutputShape)
        ? lf::test::permuteArray(outputs->front(), {0, 3, 1, 2})
        : outputs->front();
}

void compareWithReference(const lf::NpyArray& actual, const lf::NpyArray& expected)
{
    QCOMPARE(actual.shape, expected.shape);
    const double bound = kRelativeTolerance * maxAbs(expected) + 1e-6;
    const lf::test::ArrayComparison comparison
        = lf::test::compareArrays(actual, expected, 0.0, bound);
    QVERIFY2(comparison.ok,
        qPrintable(QStringLiteral("%1 (max abs error %2, bound %3)")
                       .arg(comparison.message)
                       .arg(comparison.maxAbsError)
                       .arg(bound)));
}

/// The validation line of `output`: within the tolerance ("ok"), with plausible numbers.
void verifyValidationLine(const QByteArray& report, const QString& output)
{
    static const QRegularExpression line(
        QStringLiteral("  output '(.+)' \\[[0-9,]+\\]: max abs error ([^,]+), RMSE ([^,]+), "
                       "cosine ([^,]+), ok\n"));
    const QRegularExpressionMatch match = line.match(QString::fromUtf8(report));
    QVERIFY2(match.hasMatch(), report.constData());
    QCOMPARE(match.captured(1), output);
    bool ok = false;
    QVERIFY(match.captured(2).toDouble(&ok) >= 0 && ok);
    QVERIFY(match.captured(3).toDouble(&ok) <= match.captured(2).toDouble() && ok);
    QVERIFY(match.captured(4).toDouble(&ok) >= 0.9999 && ok);
}

} // namespace

class TestCliConvert final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();

    void checkReportsCoverage_data();
    void checkReportsCoverage();
    void checkListsUnsupportedNodes();

    void convertValidates_data();
    void convertValidates();
    void validateLayersFindsNoDivergence();
    void rewriteLogMatchesConversion_data();
    void rewriteLogMatchesConversion();
    void rewriteLogHasLayoutOverrides();

    void convertsPyTorch_data();
    void convertsPyTorch();

    void badInput_data();
    void badInput();
    void exportStopsOnCtrlC();

private:
    QString fixture(const QString& name) const { return m_fixtures.filePath(name); }

    QTemporaryDir m_fixtures;
    QJsonObject m_onnxOps; ///< per corpus .onnx, as the onnx package reads it
};

void TestCliConvert::initTestCase()
{
    QVERIFY2(!lf::test::binaryDir().isEmpty(), "LF_BINARY_DIR is not set; run through ctest");
    QVERIFY2(QFileInfo(lf::test::cliPath()).isExecutable(), qPrintable(lf::test::cliPath()));
    QVERIFY2(QFileInfo(kPython).isExecutable(), "the fixtures need /usr/bin/python3");
    QVERIFY(m_fixtures.isValid());
    QProcess python;
    python.start(kPython,
        {lf::test::sourceDir() + QStringLiteral("/tests/app/cli/cli_fixtures.py"),
            m_fixtures.path(), corpusOnnx()});
    QVERIFY(python.waitForFinished(kTorchTimeoutMs));
    QVERIFY2(python.exitStatus() == QProcess::NormalExit && python.exitCode() == 0,
        python.readAllStandardError().constData());
    m_onnxOps = parseJson(readFile(fixture(QStringLiteral("onnx_ops.json"))));
    QVERIFY(!m_onnxOps.isEmpty());

    const QByteArray model = readFile(mnistModel());
    QFile truncated(fixture(QStringLiteral("truncated.onnx")));
    QVERIFY(truncated.open(QIODevice::WriteOnly) && truncated.write(model.left(100)) == 100);
    QFile garbage(fixture(QStringLiteral("garbage.pt")));
    QVERIFY(garbage.open(QIODevice::WriteOnly) && garbage.write("not a PyTorch file\n") > 0);
    // A Python path entry whose "torch" fails to import, as on a machine without PyTorch.
    QVERIFY(QDir(m_fixtures.path()).mkpath(QStringLiteral("no_torch/torch")));
    QFile fakeTorch(fixture(QStringLiteral("no_torch/torch/__init__.py")));
    QVERIFY(fakeTorch.open(QIODevice::WriteOnly)
        && fakeTorch.write("raise ImportError('No module named torch')\n") > 0);
    const std::int64_t wrongShape[] = {1, 1, 28};
    QVERIFY(lf::writeNpy(toPath(fixture(QStringLiteral("wrong_shape.npy"))),
        lf::test::randomNpyArray(lf::ir::DType::Float32, wrongShape)));
}

void TestCliConvert::checkReportsCoverage_data()
{
    QTest::addColumn<QString>("model");
    for (const QString& model : lf::test::corpusFiles(QStringLiteral("onnx"), QStringLiteral(".onnx")))
        QTest::newRow(qPrintable(QDir(corpusOnnx()).relativeFilePath(model))) << model;
}

void TestCliConvert::checkReportsCoverage()
{
    QFETCH(QString, model);
    const QJsonObject expected = m_onnxOps[QDir(corpusOnnx()).relativeFilePath(model)].toObject();
    QVERIFY(!expected.isEmpty());
    const CliRun run = runCli({QStringLiteral("check"), QStringLiteral("--json"), model});
    QVERIFY2(!run.crashed, qPrintable(describe(run)));
    const QJsonObject report = parseJson(run.out);
    QVERIFY2(!report.isEmpty(), run.out.constData());
    QCOMPARE(report[QStringLiteral("node_count")].toInt(), expected[QStringLiteral("node_count")].toInt());
    QCOMPARE(report[QStringLiteral("op_counts")].toObject(), expected[QStringLiteral("op_counts")].toObject());
    // Every unsupported entry is a real node of the op type it names, and the exit code says
    // whether there are any.
    const QJsonArray unsupported = report[QStringLiteral("unsupported")].toArray();
    const QJsonObject nodesByOp = expected[QStringLiteral("nodes_by_op")].toObject();
    for (const QJsonValue entry : unsupported) {
        const QString op = entry[QStringLiteral("op_type")].toString();
        QVERIFY2(nodesByOp[op].toArray().contains(entry[QStringLiteral("name")]),
            qPrintable(op + QStringLiteral(" ") + entry[QStringLiteral("name")].toString()));
    }
    QCOMPARE(report[QStringLiteral("convertible")].toBool(), unsupported.isEmpty());
    QCOMPARE(run.exitCode, unsupported.isEmpty() ? 0 : 1);
}

void TestCliConvert::checkListsUnsupportedNodes()
{
    // ConvInteger and MatMulInteger have no TFLite counterpart: each such node must be named.
    const QString model
        = corpusOnnx() + QStringLiteral("/mnist_integer_quantized_onnxquantize/quantized_model.onnx");
    const CliRun run = runCli({QStringLiteral("check"), model});
    QVERIFY2(!run.crashed, qPrintable(describe(run)));
    QCOMPARE(run.exitCode, 1);
    QVERIFY(run.err.isEmpty());
    const QJsonObject nodesByOp = m_onnxOps[QStringLiteral(
        "mnist_integer_quantized_onnxquantize/quantized_model.onnx")][QStringLiteral("nodes_by_op")]
                                      .toObject();
    int listed = 0;
    for (const QString& op : {QStringLiteral("ConvInteger"), QStringLiteral("MatMulInteger")}) {
        for (const QJsonValue name : nodesByOp[op].toArray()) {
            const QString line = QStringLiteral("  %1 '%2' [").arg(op, name.toString());
            QVERIFY2(run.out.contains(line.toUtf8()), qPrintable(line));
            ++listed;
        }
    }
    QCOMPARE(listed, 3);
    QVERIFY2(run.out.contains(" node(s) cannot be converted:\n"), run.out.constData());
}

void TestCliConvert::convertValidates_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::newRow("random inputs") << QStringList{};
    QTest::newRow("keep io layout") << QStringList{QStringLiteral("--keep-io-layout")};
    QTest::newRow("keep the input's layout")
        << QStringList{QStringLiteral("--keep-layout"), QStringLiteral("Input3")};
    QTest::newRow("a tensor that is not an image")
        << QStringList{QStringLiteral("--not-image"), QStringLiteral("ReLU32_Output_0,Plus112_Output_0")};
    QTest::newRow("given input") << QStringList{QStringLiteral("--input"), QStringLiteral("mnist_input.npy")};
    QTest::newRow("given input by name")
        << QStringList{QStringLiteral("--input"), QStringLiteral("Input3=mnist_input.npy")};
}

void TestCliConvert::convertValidates()
{
    QFETCH(QStringList, options);
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    const QString output = folder.filePath(QStringLiteral("mnist.tflite"));
    const CliRun run = runCli(QStringList{QStringLiteral("convert"), mnistModel(), QStringLiteral("-o"),
                                  output, QStringLiteral("--validate")}
            + options,
        m_fixtures.path());
    QVERIFY2(!run.crashed && run.exitCode == 0, qPrintable(describe(run)));
    verifyValidationLine(run.out, QStringLiteral("Plus214_Output_0"));
    if (QTest::currentTestFailed())
        return;

    // The written model against ONNX's own reference output for the digit.
    const lf::Result<lf::NpyArray> input = lf::readNpy(toPath(fixture(QStringLiteral("mnist_input.npy"))));
    const lf::Result<lf::NpyArray> expected
        = lf::readNpy(toPath(fixture(QStringLiteral("mnist_output.npy"))));
    QVERIFY(input && expected);
    lf::NpyArray actual;
    runConvertedModel(output, *input, expected->shape, actual);
    if (QTest::currentTestFailed())
        return;
    compareWithReference(actual, *expected);

    lf::NullTaskContext context;
    const auto written = lf::tflite::readTfliteFile(toPath(output), context);
    QVERIFY(written);
    const lf::ir::Graph& graph = written->main();
    const std::vector<std::int64_t> inputShape
        = graph.tensors[static_cast<std::size_t>(graph.inputs[0])].shape.extents();
    const bool keepsInput
        = options.contains(QStringLiteral("--keep-io-layout")) || options.contains(QStringLiteral("--keep-layout"));
    QCOMPARE(inputShape,
        keepsInput ? (std::vector<std::int64_t>{1, 1, 28, 28}) : (std::vector<std::int64_t>{1, 28, 28, 1}));
    // Each tensor that is not an image stays NCHW, between transposes (a kept one-channel input
    // needs none: its move to channels-last is a reshape).
    const auto transposes = std::ranges::count(graph.nodes, lf::ir::OpKind::Transpose, &lf::ir::Node::op);
    QCOMPARE(transposes, options.contains(QStringLiteral("--not-image")) ? 4 : 0);

}

void TestCliConvert::validateLayersFindsNoDivergence()
{
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    const CliRun run = runCli({QStringLiteral("convert"), mnistModel(), QStringLiteral("-o"),
        folder.filePath(QStringLiteral("mnist.tflite")), QStringLiteral("--validate-layers")});
    QVERIFY2(!run.crashed && run.exitCode == 0, qPrintable(describe(run)));
    verifyValidationLine(run.out, QStringLiteral("Plus214_Output_0"));
    static const QRegularExpression summary(QStringLiteral("\nlayers: (\\d+) tensors compared by name:\n"));
    const QRegularExpressionMatch match = summary.match(QString::fromUtf8(run.out));
    QVERIFY2(match.hasMatch(), run.out.constData());
    // Both convolutions, both pools, the reshape and the output at least.
    QVERIFY2(match.captured(1).toInt() >= 6, run.out.constData());
    QVERIFY2(run.out.endsWith("no layer diverges\n"), run.out.constData());
    QVERIFY2(!run.out.contains("exceeds the tolerance"), run.out.constData());
}

void TestCliConvert::rewriteLogMatchesConversion_data()
{
    QTest::addColumn<bool>("keepIoLayout");
    QTest::newRow("default") << false;
    QTest::newRow("keep io layout") << true;
}

void TestCliConvert::rewriteLogMatchesConversion()
{
    QFETCH(bool, keepIoLayout);
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    const QString log = folder.filePath(QStringLiteral("rewrites.json"));
    QStringList arguments{QStringLiteral("convert"), mnistModel(), QStringLiteral("-o"),
        folder.filePath(QStringLiteral("mnist.tflite")), QStringLiteral("--rewrite-log"), log};
    if (keepIoLayout)
        arguments << QStringLiteral("--keep-io-layout");
    const CliRun run = runCli(arguments);
    QVERIFY2(!run.crashed && run.exitCode == 0, qPrintable(describe(run)));

    lf::ConvertOptions options;
    options.pipeline.keepIoLayout = keepIoLayout;
    lf::NullTaskContext context;
    const lf::Result<lf::Conversion> conversion = lf::convertModel(toPath(mnistModel()), options, context);
    QVERIFY2(conversion, conversion ? "" : conversion.error().toString().c_str());
    const std::vector<lf::passes::RewriteEvent>& expected = conversion->log.events();
    QVERIFY(!expected.empty());

    const QJsonArray events = parseJson(readFile(log))[QStringLiteral("events")].toArray();
    QCOMPARE(static_cast<std::size_t>(events.size()), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const QJsonObject event = events[static_cast<qsizetype>(i)].toObject();
        QCOMPARE(event[QStringLiteral("kind")].toString(),
            QString::fromUtf8(lf::passes::rewriteKindName(expected[i].kind)));
        QCOMPARE(event[QStringLiteral("pass")].toString(), QString::fromStdString(expected[i].pass));
    }
    const auto ioEvents = std::ranges::count(expected, lf::passes::RewriteKind::IoLayoutChanged,
        &lf::passes::RewriteEvent::kind);
    QCOMPARE(ioEvents == 0, keepIoLayout);
}

void TestCliConvert::rewriteLogHasLayoutOverrides()
{
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    const QString log = folder.filePath(QStringLiteral("rewrites.json"));
    const CliRun run = runCli({QStringLiteral("convert"), mnistModel(), QStringLiteral("-o"),
        folder.filePath(QStringLiteral("mnist.tflite")), QStringLiteral("--rewrite-log"), log,
        QStringLiteral("--keep-layout"), QStringLiteral("Input3"), QStringLiteral("--not-image"),
        QStringLiteral("ReLU32_Output_0")});
    QVERIFY2(!run.crashed && run.exitCode == 0, qPrintable(describe(run)));
    QStringList overrides;
    for (const QJsonValue& value : parseJson(readFile(log))[QStringLiteral("events")].toArray()) {
        const QJsonObject event = value.toObject();
        if (event[QStringLiteral("kind")].toString() == QStringLiteral("user_override"))
            overrides << event[QStringLiteral("pass")].toString() + u' ' + event[QStringLiteral("detail")].toString();
    }
    QVERIFY2(overrides.size() >= 2, qPrintable(overrides.join(u'\n')));
    QCOMPARE(overrides.front(),
        QStringLiteral("io-layout input 'Input3' [1,1,28,28] kept channels-first instead of channels-last "
                       "(user override: keep layout)"));
    for (qsizetype i = 1; i < overrides.size(); ++i) {
        QVERIFY2(overrides[i].startsWith(QStringLiteral("sink-transposes "))
                && overrides[i].endsWith(QStringLiteral("'ReLU32_Output_0' is not an image (user override)")),
            qPrintable(overrides[i]));
    }
}

void TestCliConvert::convertsPyTorch_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("inputShape");
    QTest::addColumn<QStringList>("options");
    QTest::newRow("torchscript conv relu")
        << QStringLiteral("conv_relu") << QStringLiteral("conv_relu.pt")
        << QStringLiteral("input=1,3,8,8") << QStringList{QStringLiteral("--validate")};
    QTest::newRow("torchscript conv bn pool linear")
        << QStringLiteral("pool_linear") << QStringLiteral("pool_linear.pt")
        << QStringLiteral("x=1,3,16,16") << QStringList{QStringLiteral("--validate-layers")};
    QTest::newRow("state dict with --torch-module")
        << QStringLiteral("state_dict") << QStringLiteral("state_dict.pth")
        << QStringLiteral("input=1,3,8,8")
        << QStringList{QStringLiteral("--torch-module"), QStringLiteral("netmod:ConvNet")};
}

void TestCliConvert::convertsPyTorch()
{
    QFETCH(QString, name);
    QFETCH(QString, file);
    QFETCH(QString, inputShape);
    QFETCH(QStringList, options);
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    const QString output = folder.filePath(name + QStringLiteral(".tflite"));
    // Run from the fixture folder, where netmod.py can be imported.
    const CliRun run = runCli(QStringList{QStringLiteral("convert"), file, QStringLiteral("--input-shape"),
                                  inputShape, QStringLiteral("--python"), kPython,
                                  QStringLiteral("-o"), output}
            + options,
        m_fixtures.path(), {}, kTorchTimeoutMs);
    QVERIFY2(!run.crashed && run.exitCode == 0, qPrintable(describe(run)));
    QCOMPARE(folderEntries(folder.path()), QStringList{name + QStringLiteral(".tflite")});

    const lf::Result<lf::NpyArray> input = lf::readNpy(toPath(fixture(name + QStringLiteral("_x.npy"))));
    const lf::Result<lf::NpyArray> expected = lf::readNpy(toPath(fixture(name + QStringLiteral("_y.npy"))));
    QVERIFY(input && expected);
    lf::NpyArray actual;
    runConvertedModel(output, *input, expected->shape, actual);
    if (QTest::currentTestFailed())
        return;
    compareWithReference(actual, *expected);
}

void TestCliConvert::badInput_data()
{
    QTest::addColumn<QStringList>("arguments"); ///< relative file names are fixtures
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message"); ///< text the error line must contain
    QTest::addColumn<bool>("withoutTorch"); ///< run with a PYTHONPATH where torch fails to import
    const QString mnist = mnistModel();
    const QString convert = QStringLiteral("convert");
    const QString shape = QStringLiteral("--input-shape");
    const QString python = QStringLiteral("--python");
    QTest::newRow("check missing file") << QStringList{QStringLiteral("check"), QStringLiteral("missing.onnx")}
                                        << 2 << QStringLiteral("missing.onnx") << false;
    QTest::newRow("convert missing file")
        << QStringList{convert, QStringLiteral("missing.onnx")} << 2 << QStringLiteral("missing.onnx") << false;
    QTest::newRow("check truncated onnx") << QStringList{QStringLiteral("check"), QStringLiteral("truncated.onnx")}
                                          << 2 << QStringLiteral("truncated.onnx") << false;
    QTest::newRow("convert truncated onnx")
        << QStringList{convert, QStringLiteral("truncated.onnx")} << 2 << QStringLiteral("truncated.onnx")
        << false;
    QTest::newRow("unknown --input-shape name")
        << QStringList{convert, mnist, shape, QStringLiteral("bogus=1,1,28,28")} << 2
        << QStringLiteral("the model has no input 'bogus' (inputs: Input3)") << false;
    QTest::newRow("--input-shape of wrong rank")
        << QStringList{convert, mnist, shape, QStringLiteral("Input3=1,28,28")} << 2
        << QStringLiteral("rank 3") << false;
    QTest::newRow("malformed --input-shape")
        << QStringList{convert, mnist, shape, QStringLiteral("Input3=1,x,28,28")} << 2
        << QStringLiteral("--input-shape needs NAME=D,D,...") << false;
    QTest::newRow("--keep-layout of an unknown name")
        << QStringList{convert, mnist, QStringLiteral("--keep-layout"), QStringLiteral("bogus")} << 2
        << QStringLiteral("keep-layout names 'bogus', which is not a graph input or output (they are 'Input3', "
                          "'Plus214_Output_0')")
        << false;
    QTest::newRow("--not-image of an unknown name")
        << QStringList{convert, mnist, QStringLiteral("--not-image"), QStringLiteral("bogus")} << 2
        << QStringLiteral("not-image names 'bogus', which is no tensor of the model") << false;
    QTest::newRow("malformed --not-image")
        << QStringList{convert, mnist, QStringLiteral("--not-image"), QStringLiteral("a,,b")} << 2
        << QStringLiteral("--not-image needs tensor names separated by commas, got 'a,,b'") << false;
    QTest::newRow("--input without --validate")
        << QStringList{convert, mnist, QStringLiteral("--input"), QStringLiteral("mnist_input.npy")} << 2
        << QStringLiteral("use it with --validate") << false;
    QTest::newRow("validation input of wrong shape")
        << QStringList{convert, mnist, QStringLiteral("--validate"), QStringLiteral("--input"),
               QStringLiteral("wrong_shape.npy")}
        << 2 << QStringLiteral("wrong_shape.npy has shape [1,1,28]") << false;
    QTest::newRow("--python /nonexistent")
        << QStringList{convert, QStringLiteral("conv_relu.pt"), shape, QStringLiteral("input=1,3,8,8"), python,
               QStringLiteral("/nonexistent")}
        << 2 << QStringLiteral("Python not found: /nonexistent") << false;
    QTest::newRow("PyTorch model without --input-shape")
        << QStringList{convert, QStringLiteral("conv_relu.pt"), python, kPython} << 2
        << QStringLiteral("needs --input-shape") << false;
    QTest::newRow("missing PyTorch model")
        << QStringList{convert, QStringLiteral("missing.pt"), shape, QStringLiteral("input=1,3,8,8"), python,
               kPython}
        << 2 << QStringLiteral("missing.pt: no such file") << false;
    QTest::newRow("not a PyTorch model")
        << QStringList{convert, QStringLiteral("garbage.pt"), shape, QStringLiteral("input=1,3,8,8"), python,
               kPython}
        << 2 << QStringLiteral("garbage.pt: PyTorch cannot load the model: ") << false;
    QTest::newRow("PyTorch not installed")
        << QStringList{convert, QStringLiteral("conv_relu.pt"), shape, QStringLiteral("input=1,3,8,8"), python,
               kPython}
        << 1 << QStringLiteral("PyTorch is not installed for /usr/bin/python3: install python3-torch")
        << true;
    QTest::newRow("export fails")
        << QStringList{convert, QStringLiteral("conv_relu.pt"), shape, QStringLiteral("input=1,3,8"), python,
               kPython}
        << 1 << QStringLiteral("the ONNX export failed: RuntimeError: ") << false;
    QTest::newRow("unconvertible ONNX")
        << QStringList{convert,
               corpusOnnx() + QStringLiteral("/mnist_integer_quantized_onnxquantize/quantized_model.onnx")}
        << 1 << QStringLiteral("ConvInteger 'Convolution28_quant' [unsupported_op]") << false;
}

void TestCliConvert::badInput()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    QFETCH(bool, withoutTorch);
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    const QString output = folder.filePath(QStringLiteral("out.tflite"));
    if (arguments.front() == QStringLiteral("convert"))
        arguments << QStringLiteral("-o") << output;
    // Temporary export folders go to TMPDIR: they must be gone afterwards as well.
    QVERIFY(QDir(folder.path()).mkdir(QStringLiteral("tmp")));
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("TMPDIR"), folder.filePath(QStringLiteral("tmp")));
    if (withoutTorch)
        environment.insert(QStringLiteral("PYTHONPATH"), fixture(QStringLiteral("no_torch")));

    const CliRun run = runCli(arguments, m_fixtures.path(), environment, kTorchTimeoutMs);
    QVERIFY2(!run.crashed, qPrintable(describe(run)));
    QCOMPARE(run.exitCode, exitCode);
    QVERIFY2(isOneLine(run.err), qPrintable(describe(run)));
    QVERIFY2(run.err.startsWith("liteforge-cli: error: "), run.err.constData());
    QVERIFY2(QString::fromUtf8(run.err).contains(message), run.err.constData());
    QVERIFY(run.out.isEmpty());
    QCOMPARE(folderEntries(folder.path()), QStringList{QStringLiteral("tmp")});
    QCOMPARE(folderEntries(folder.filePath(QStringLiteral("tmp"))), QStringList());
}

void TestCliConvert::exportStopsOnCtrlC()
{
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    QVERIFY(QDir(folder.path()).mkdir(QStringLiteral("tmp")));
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("TMPDIR"), folder.filePath(QStringLiteral("tmp")));
    QProcess process;
    process.setProcessEnvironment(environment);
    process.setWorkingDirectory(m_fixtures.path());
    process.start(lf::test::cliPath(),
        {QStringLiteral("convert"), QStringLiteral("conv_relu.pt"), QStringLiteral("--input-shape"),
            QStringLiteral("input=1,3,8,8"), QStringLiteral("--python"), kPython, QStringLiteral("-o"),
            folder.filePath(QStringLiteral("out.tflite"))});
    QVERIFY(process.waitForStarted());
    // Importing PyTorch alone takes over a second: the export is running by then.
    QTest::qWait(700);
    const QStringList running = folderEntries(folder.filePath(QStringLiteral("tmp")));
    QCOMPARE(running.size(), 1);
    QCOMPARE(::kill(static_cast<pid_t>(process.processId()), SIGINT), 0);
    QVERIFY(process.waitForFinished(kTorchTimeoutMs));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 130);
    QCOMPARE(process.readAllStandardError(), QByteArray("liteforge-cli: error: cancelled\n"));
    QCOMPARE(folderEntries(folder.path()), QStringList{QStringLiteral("tmp")});
    QCOMPARE(folderEntries(folder.filePath(QStringLiteral("tmp"))), QStringList());
    // The Python child is gone too: its script lived in that folder.
    QProcess pgrep;
    pgrep.start(QStringLiteral("pgrep"), {QStringLiteral("-f"), running.front()});
    QVERIFY(pgrep.waitForFinished());
    QCOMPARE(pgrep.exitCode(), 1);
}

QTEST_GUILESS_MAIN(TestCliConvert)
#include "tst_cli_convert.moc"
