// SPDX-License-Identifier: GPL-3.0-or-later
// Tests of liteforge-cli run as a process: broken and missing inputs give exit code 2 and one
// stderr line without leaving files behind, usage errors give 2, and on every corpus .tflite the op
// counts of `inspect --json` (before and after `convert`) match a decoding of the file by flatc,
// not by our reader. `run` must write what LiteRT computes and name the input or node it rejects;
// `bench` must report its statistics and stop on Ctrl+C.
#include "core/base/npy.h"
#include "core/tflite/tflite_reader.h"
#include "tests/app/cli/cli_process.h"
#include "tests/support/runtime_runner.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>

#include <signal.h>

namespace {

using lf::test::CliRun;
using lf::test::cliPath;
using lf::test::describe;
using lf::test::isOneLine;
using lf::test::runCli;

/// Loading the biggest corpus model takes well under a second; a minute means the CLI hangs.
constexpr int kTimeoutMs = 60'000;
constexpr int kCustomOperator = 32; ///< BuiltinOperator.CUSTOM in the TFLite schema

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly), qPrintable(path));
    QCOMPARE(file.write(bytes), bytes.size());
}

QByteArray readFile(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QStringList folderEntries(const QString& folder)
{
    return QDir(folder).entryList(
        QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
}

QString relativeToCorpus(const QString& path)
{
    return QDir(lf::test::sharedDir() + QStringLiteral("/corpus")).relativeFilePath(path);
}

QString corpusModel(const char* relativePath)
{
    return lf::test::sharedDir() + QStringLiteral("/corpus/tflite/") + QLatin1String(relativePath);
}

std::filesystem::path toPath(const QString& path)
{
    return std::filesystem::path(QFile::encodeName(path).toStdString());
}

/// The graph inputs of a .tflite as seeded random arrays (dynamic dims at 1, as LiteRT runs them).
std::vector<lf::NpyArray> randomInputs(const lf::ir::Model& model)
{
    std::vector<lf::NpyArray> inputs;
    const lf::ir::Graph& graph = model.main();
    for (std::size_t i = 0; i < graph.inputs.size(); ++i) {
        const lf::ir::Tensor& tensor = graph.tensors[static_cast<std::size_t>(graph.inputs[i])];
        std::vector<std::int64_t> shape = tensor.shape.extents();
        for (std::int64_t& extent : shape)
            extent = std::max<std::int64_t>(extent, 1);
        inputs.push_back(
            lf::test::randomNpyArray(tensor.dtype, shape, 4321 + static_cast<std::uint32_t>(i)));
    }
    return inputs;
}

template <class T> std::vector<double> valuesAs(const lf::NpyArray& array)
{
    std::vector<double> values(static_cast<std::size_t>(array.elementCount()));
    for (std::size_t i = 0; i < values.size(); ++i) {
        T value;
        std::memcpy(&value, array.data.data() + i * sizeof(T), sizeof(T));
        values[i] = static_cast<double>(value);
    }
    return values;
}

/// Empty if `actual` matches `expected` within the interpreter's tolerances, else why not.
QString compareOutput(const lf::NpyArray& actual, const lf::NpyArray& expected)
{
    if (actual.dtype != expected.dtype || actual.shape != expected.shape)
        return QStringLiteral("dtype or shape differs");
    if (actual.dtype == lf::ir::DType::Float32) {
        const std::vector<double> a = valuesAs<float>(actual);
        const std::vector<double> e = valuesAs<float>(expected);
        double maxError = 0;
        double maxMagnitude = 0;
        for (std::size_t i = 0; i < a.size(); ++i) {
            maxError = std::max(maxError, std::abs(a[i] - e[i]));
            maxMagnitude = std::max(maxMagnitude, std::abs(e[i]));
        }
        // The interpreter accumulates in float like TFLite, but in another order: rounding
        // differences of a few ulp of the largest values, plus an absolute floor for outputs near
        // 0.
        const double bound = 1e-5 * maxMagnitude + 1e-6;
        return maxError <= bound ? QString()
                                 : QStringLiteral("max abs error %1 > %2").arg(maxError).arg(bound);
    }
    // Integer kernels are bit-exact with TFLite's reference kernels, and on the models used here
    // LiteRT's XNNPACK path rounds no value differently (see tst_interpreter_corpus for deeper ones).
    return actual.data == expected.data ? QString() : QStringLiteral("integer outputs differ");
}

} // namespace

class TestCli final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();

    void badInput_data();
    void badInput();
    void usageErrors_data();
    void usageErrors();
    void help_data();
    void help();
    void refusesToOverwriteInput();
    void unwritableOutputIsProcessingError();
    void dumpPrintsModel();

    void runMatchesRealRuntime_data();
    void runMatchesRealRuntime();
    void runRejectsBadInput_data();
    void runRejectsBadInput();
    void runResizesDynamicDims();
    void runNamesUnsupportedNode();
    void benchReportsStatistics_data();
    void benchReportsStatistics();
    void benchStopsOnCtrlC();

    void inspectOpCountsMatchFile_data();
    void inspectOpCountsMatchFile();
    void convertKeepsOpCounts_data();
    void convertKeepsOpCounts();

private:
    void addCorpusRows();
    /// Operator counts by TFLite name (builtin or custom code), decoded by flatc from the schema.
    void flatcOpCounts(const QString& model, QMap<QString, int>& counts);
    /// The "tflite_op_counts" object of `liteforge-cli inspect --json`.
    void inspectOpCounts(const QString& model, QMap<QString, int>& counts);

    QTemporaryDir m_inputs;
    QString m_model; ///< a valid corpus .tflite
    QString m_flatc;
    QString m_schema;
    QHash<int, QString> m_builtinNames;
};

void TestCli::initTestCase()
{
    QVERIFY2(!lf::test::binaryDir().isEmpty(), "LF_BINARY_DIR is not set; run through ctest");
    QVERIFY2(QFileInfo(cliPath()).isExecutable(), qPrintable(cliPath()));
    QVERIFY(m_inputs.isValid());
    const std::vector<QString> models
        = lf::test::corpusFiles(QStringLiteral("tflite"), QStringLiteral(".tflite"));
    QVERIFY2(!models.empty(), qPrintable(lf::test::sharedDir()));
    m_model = models.front();
    const QByteArray model = readFile(m_model);
    QVERIFY(model.size() > 100);

    writeFile(m_inputs.filePath(QStringLiteral("truncated.tflite")), model.left(100));
    writeFile(m_inputs.filePath(QStringLiteral("empty.tflite")), QByteArray());
    std::mt19937 generator(20240611);
    QByteArray noise(4096, '\0');
    for (char& byte : noise)
        byte = static_cast<char>(generator() & 0xff);
    writeFile(m_inputs.filePath(QStringLiteral("random.tflite")), noise);
    writeFile(m_inputs.filePath(QStringLiteral("wrong_magic.tflite")),
        QByteArray(model).replace(4, 4, "XXXX"));
    QVERIFY(QDir(m_inputs.path()).mkdir(QStringLiteral("folder.tflite")));
    const auto writeArray
        = [this](const char* name, lf::ir::DType dtype, std::vector<std::int64_t> shape) {
              QVERIFY(lf::writeNpy(toPath(m_inputs.filePath(QLatin1String(name))),
                  lf::test::randomNpyArray(dtype, shape)));
          };
    writeArray("f32_1x1.npy", lf::ir::DType::Float32, {1, 1});
    writeArray("f32_1x2.npy", lf::ir::DType::Float32, {1, 2});
    writeArray("f32_1.npy", lf::ir::DType::Float32, {1});
    writeArray("i8_1x1.npy", lf::ir::DType::Int8, {1, 1});
    writeFile(m_inputs.filePath(QStringLiteral("garbage.npy")), noise);

    m_flatc = QStandardPaths::findExecutable(QStringLiteral("flatc"));
    m_schema = lf::test::sourceDir() + QStringLiteral("/core/tflite/schema/tflite.fbs");
    const QString schema = QString::fromUtf8(readFile(m_schema));
    const qsizetype start = schema.indexOf(QStringLiteral("enum BuiltinOperator"));
    const qsizetype end = schema.indexOf(u'}', start);
    QVERIFY2(start >= 0 && end > start, qPrintable(m_schema));
    static const QRegularExpression entry(QStringLiteral("\\b([A-Z][A-Z0-9_]*)\\s*=\\s*(\\d+)"));
    for (const QRegularExpressionMatch& match : entry.globalMatch(schema.mid(start, end - start)))
        m_builtinNames.insert(match.captured(2).toInt(), match.captured(1));
    QCOMPARE(m_builtinNames.value(kCustomOperator), QStringLiteral("CUSTOM"));
}

void TestCli::badInput_data()
{
    QTest::addColumn<QString>("subcommand");
    QTest::addColumn<QString>("input");
    const QString names[] = {
        QStringLiteral("truncated.tflite"),
        QStringLiteral("empty.tflite"),
        QStringLiteral("random.tflite"),
        QStringLiteral("wrong_magic.tflite"),
        QStringLiteral("missing.tflite"),
        QStringLiteral("folder.tflite"),
    };
    for (const QString& subcommand : {QStringLiteral("inspect"), QStringLiteral("convert")}) {
        for (const QString& name : names)
            QTest::addRow("%s %s", qPrintable(subcommand), qPrintable(name))
                << subcommand << m_inputs.filePath(name);
    }
}

void TestCli::badInput()
{
    QFETCH(QString, subcommand);
    QFETCH(QString, input);
    QTemporaryDir outputFolder;
    QVERIFY(outputFolder.isValid());
    const QString output = outputFolder.filePath(QStringLiteral("out.tflite"));
    QStringList arguments{subcommand, input};
    if (subcommand == QStringLiteral("convert"))
        arguments << QStringLiteral("-o") << output;

    const CliRun run = runCli(arguments);
    QVERIFY2(!run.crashed, qPrintable(describe(run)));
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(isOneLine(run.err), qPrintable(describe(run)));
    QVERIFY2(run.err.startsWith("liteforge-cli: error: "), run.err.constData());
    QVERIFY2(QString::fromUtf8(run.err).contains(input), run.err.constData());
    QVERIFY(run.out.isEmpty());
    QVERIFY(!QFile::exists(output));
    QCOMPARE(folderEntries(outputFolder.path()), QStringList());
}

void TestCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    const QString model = m_model;
    QTest::newRow("no arguments") << QStringList();
    QTest::newRow("unknown subcommand") << QStringList{QStringLiteral("frobnicate"), model};
    QTest::newRow("convert without -o") << QStringList{QStringLiteral("convert"), model};
    QTest::newRow("-o without value")
        << QStringList{QStringLiteral("convert"), model, QStringLiteral("-o")};
    QTest::newRow("inspect without model") << QStringList{QStringLiteral("inspect")};
    QTest::newRow("two models") << QStringList{QStringLiteral("inspect"), model, model};
    QTest::newRow("unknown option")
        << QStringList{QStringLiteral("inspect"), QStringLiteral("--bogus"), model};
    QTest::newRow("flag with value")
        << QStringList{QStringLiteral("inspect"), QStringLiteral("--json=yes"), model};
    QTest::newRow("help for unknown subcommand")
        << QStringList{QStringLiteral("help"), QStringLiteral("frobnicate")};
    QTest::newRow("run without -o") << QStringList{QStringLiteral("run"), model};
    QTest::newRow("bench with zero runs") << QStringList{QStringLiteral("bench"), model,
        QStringLiteral("--runs"), QStringLiteral("0")};
    QTest::newRow("bench with words for threads") << QStringList{QStringLiteral("bench"), model,
        QStringLiteral("-t"), QStringLiteral("two")};
    QTest::newRow("run with negative threads") << QStringList{QStringLiteral("run"), model,
        QStringLiteral("-o"), QStringLiteral("out"), QStringLiteral("--threads=-1")};
}

void TestCli::usageErrors()
{
    QFETCH(QStringList, arguments);
    const CliRun run = runCli(arguments);
    QVERIFY2(!run.crashed, qPrintable(describe(run)));
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(isOneLine(run.err), qPrintable(describe(run)));
    QVERIFY2(run.err.startsWith("liteforge-cli: error: "), run.err.constData());
    QVERIFY(run.out.isEmpty());
}

void TestCli::help_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("expected");
    QTest::newRow("--help") << QStringList{QStringLiteral("--help")}
                            << QStringLiteral("Subcommands:");
    QTest::newRow("-h") << QStringList{QStringLiteral("-h")} << QStringLiteral("Subcommands:");
    QTest::newRow("help") << QStringList{QStringLiteral("help")} << QStringLiteral("Subcommands:");
    QTest::newRow("--version") << QStringList{QStringLiteral("--version")}
                               << QStringLiteral("liteforge-cli ");
    QTest::newRow("help convert") << QStringList{QStringLiteral("help"), QStringLiteral("convert")}
                                  << QStringLiteral("-o, --output OUT");
    QTest::newRow("inspect --help") << QStringList{QStringLiteral("inspect"),
        QStringLiteral("--help")} << QStringLiteral("--tensors");
    QTest::newRow("help run") << QStringList{QStringLiteral("help"), QStringLiteral("run")}
                              << QStringLiteral("-i, --input [NAME=]FILE");
    QTest::newRow("bench --help") << QStringList{QStringLiteral("bench"),
        QStringLiteral("--help")} << QStringLiteral("--warmup");
}

void TestCli::help()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, expected);
    const CliRun run = runCli(arguments);
    QVERIFY2(!run.crashed, qPrintable(describe(run)));
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(QString::fromUtf8(run.out).contains(expected), run.out.constData());
    QVERIFY(run.err.isEmpty());
}

void TestCli::refusesToOverwriteInput()
{
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    const QString input = folder.filePath(QStringLiteral("model.tflite"));
    QVERIFY(QFile::copy(m_model, input));
    const QByteArray before = readFile(input);
    // Another spelling of the same path must be recognised as well.
    const QString sameFile = folder.path() + QStringLiteral("/./model.tflite");

    const CliRun run = runCli({QStringLiteral("convert"), input, QStringLiteral("-o"), sameFile});
    QVERIFY2(!run.crashed, qPrintable(describe(run)));
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(isOneLine(run.err), qPrintable(describe(run)));
    QVERIFY2(run.err.contains("overwrite"), run.err.constData());
    QVERIFY(readFile(input) == before);
    QCOMPARE(folderEntries(folder.path()), QStringList{QStringLiteral("model.tflite")});
}

void TestCli::unwritableOutputIsProcessingError()
{
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    const QString output = folder.filePath(QStringLiteral("no_such_folder/out.tflite"));
    const CliRun run = runCli({QStringLiteral("convert"), m_model, QStringLiteral("-o"), output});
    QVERIFY2(!run.crashed, qPrintable(describe(run)));
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(isOneLine(run.err), qPrintable(describe(run)));
    QVERIFY2(QString::fromUtf8(run.err).contains(output), run.err.constData());
    QCOMPARE(folderEntries(folder.path()), QStringList());
}

void TestCli::dumpPrintsModel()
{
    const CliRun run = runCli({QStringLiteral("dump"), m_model});
    QVERIFY2(!run.crashed, qPrintable(describe(run)));
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.count('\n') > 1);
}

void TestCli::runMatchesRealRuntime_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("binding"); ///< "order", "tensor" or "signature"
    const auto addRow = [](const char* path, const char* binding) {
        QTest::addRow("%s by %s", path, binding)
            << corpusModel(path) << QString::fromLatin1(binding);
    };
    addRow("hello_world_sine/hello_world_float.tflite", "order");
    addRow("hello_world_sine/hello_world_float.tflite", "signature");
    addRow("hello_world_sine/hello_world_int8.tflite", "tensor");
    addRow("keypoint_classifier_handgesture/keypoint_classifier.tflite", "order");
    addRow("micro_speech_int8/micro_speech_quantized.tflite", "tensor");
}

void TestCli::runMatchesRealRuntime()
{
    QFETCH(QString, model);
    QFETCH(QString, binding);
    lf::NullTaskContext context;
    const lf::Result<lf::ir::Model> ir = lf::tflite::readTfliteFile(toPath(model), context);
    QVERIFY2(ir, ir ? "" : ir.error().toString().c_str());
    const lf::ir::Graph& graph = ir->main();
    const std::vector<lf::NpyArray> inputs = randomInputs(*ir);

    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    QStringList arguments{QStringLiteral("run"), model, QStringLiteral("-o"),
        folder.filePath(QStringLiteral("out")), QStringLiteral("--threads"), QStringLiteral("2")};
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const QString file = folder.filePath(QStringLiteral("input_%1.npy").arg(i));
        QVERIFY(lf::writeNpy(toPath(file), inputs[i]));
        const lf::ir::TensorId id = graph.inputs[i];
        QString name;
        if (binding == QStringLiteral("tensor"))
            name = QString::fromStdString(graph.tensors[static_cast<std::size_t>(id)].name);
        for (const lf::ir::Signature& signature : ir->signatures) {
            for (const auto& [signatureName, tensor] : signature.inputs) {
                if (binding == QStringLiteral("signature") && tensor == id)
                    name = QString::fromStdString(signatureName);
            }
        }
        QVERIFY(binding == QStringLiteral("order") || !name.isEmpty());
        arguments << QStringLiteral("--input") << (name.isEmpty() ? file : name + u'=' + file);
    }
    const CliRun run = runCli(arguments);
    QVERIFY2(!run.crashed && run.exitCode == 0, qPrintable(describe(run)));

    // LiteRT takes its inputs in signature order and names its outputs by the signature; every
    // model used here has one input, and outputs are matched by name.
    const lf::test::RuntimeRun reference = lf::test::runInRealRuntime(model, inputs);
    QVERIFY2(reference.ok, qPrintable(reference.error));
    for (std::size_t o = 0; o < reference.outputs.size(); ++o) {
        const std::string name = reference.outputNames[o].toStdString();
        lf::ir::TensorId id = graph.findTensor(name);
        for (const lf::ir::Signature& signature : ir->signatures) {
            for (const auto& [signatureName, tensor] : signature.outputs) {
                if (signatureName == name)
                    id = tensor;
            }
        }
        const auto ours = std::ranges::find(graph.outputs, id);
        QVERIFY2(ours != graph.outputs.end(), name.c_str());
        const QString file = folder.filePath(
            QStringLiteral("out/output_%1.npy").arg(ours - graph.outputs.begin()));
        const lf::Result<lf::NpyArray> written = lf::readNpy(toPath(file));
        QVERIFY2(written, written ? "" : written.error().toString().c_str());
        const QString problem = compareOutput(*written, reference.outputs[o]);
        QVERIFY2(problem.isEmpty(), qPrintable(QStringLiteral("%1: %2").arg(file, problem)));
    }
}

void TestCli::runRejectsBadInput_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QStringList>("inputs"); ///< --input values; file names are in m_inputs
    QTest::addColumn<QString>("expected"); ///< text the error line must contain
    const QString int8Model = corpusModel("hello_world_sine/hello_world_int8.tflite");
    const QString floatModel = corpusModel("hello_world_sine/hello_world_float.tflite");
    const QString input = QStringLiteral("'serving_default_dense_input:0'");
    QTest::newRow("missing input")
        << int8Model << QStringList() << QStringLiteral("missing input ") + input;
    QTest::newRow("wrong dtype") << int8Model << QStringList{QStringLiteral("f32_1x1.npy")}
                                 << QStringLiteral("input ") + input
            + QStringLiteral(" (signature name 'dense_input') expects i8");
    QTest::newRow("wrong shape") << floatModel << QStringList{QStringLiteral("f32_1x2.npy")}
                                 << QStringLiteral("input ") + input;
    QTest::newRow("wrong rank") << floatModel
                                << QStringList{QStringLiteral("dense_input=f32_1.npy")}
                                << QStringLiteral("has shape [?,1], but ");
    QTest::newRow("unknown input name")
        << int8Model << QStringList{QStringLiteral("bogus=i8_1x1.npy")}
        << QStringLiteral("no input named 'bogus'");
    QTest::newRow("input given twice")
        << int8Model
        << QStringList{QStringLiteral("dense_input=i8_1x1.npy"),
               QStringLiteral("serving_default_dense_input:0=i8_1x1.npy")}
        << input + QStringLiteral(" (signature name 'dense_input') is given twice");
    QTest::newRow("too many inputs")
        << int8Model << QStringList{QStringLiteral("i8_1x1.npy"), QStringLiteral("i8_1x1.npy")}
        << QStringLiteral("nothing left to bind");
    QTest::newRow("unreadable array") << int8Model << QStringList{QStringLiteral("garbage.npy")}
                                      << QStringLiteral("garbage.npy");
    QTest::newRow("missing array") << int8Model << QStringList{QStringLiteral("absent.npy")}
                                   << QStringLiteral("absent.npy");
}

void TestCli::runRejectsBadInput()
{
    QFETCH(QString, model);
    QFETCH(QStringList, inputs);
    QFETCH(QString, expected);
    QTemporaryDir outputFolder;
    QVERIFY(outputFolder.isValid());
    const QString output = outputFolder.filePath(QStringLiteral("out"));
    QStringList arguments{QStringLiteral("run"), model, QStringLiteral("--output-dir"), output};
    for (const QString& value : inputs) {
        const qsizetype equals = value.indexOf(u'=');
        arguments << QStringLiteral("--input")
                  << value.left(equals + 1) + m_inputs.filePath(value.mid(equals + 1));
    }
    const CliRun run = runCli(arguments);
    QVERIFY2(!run.crashed, qPrintable(describe(run)));
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(isOneLine(run.err), qPrintable(describe(run)));
    QVERIFY2(run.err.startsWith("liteforge-cli: error: "), run.err.constData());
    QVERIFY2(QString::fromUtf8(run.err).contains(expected), run.err.constData());
    QVERIFY(run.out.isEmpty());
    QVERIFY(!QFileInfo::exists(output));
}

void TestCli::runResizesDynamicDims()
{
    // The batch dim of hello_world's input is dynamic ([?,1]): three rows must give what each row
    // gives alone.
    const QString model = corpusModel("hello_world_sine/hello_world_float.tflite");
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    const std::int64_t batchShape[] = {3, 1};
    const lf::NpyArray batch = lf::test::randomNpyArray(lf::ir::DType::Float32, batchShape, 99);
    const QString batchFile = folder.filePath(QStringLiteral("batch.npy"));
    QVERIFY(lf::writeNpy(toPath(batchFile), batch));
    const CliRun run = runCli({QStringLiteral("run"), model, QStringLiteral("-i"), batchFile,
        QStringLiteral("-o"), folder.filePath(QStringLiteral("batch"))});
    QVERIFY2(!run.crashed && run.exitCode == 0, qPrintable(describe(run)));
    const lf::Result<lf::NpyArray> batchOutput
        = lf::readNpy(toPath(folder.filePath(QStringLiteral("batch/output_0.npy"))));
    QVERIFY(batchOutput);
    QCOMPARE(batchOutput->shape, (std::vector<std::int64_t>{3, 1}));

    for (std::size_t row = 0; row < 3; ++row) {
        const lf::NpyArray single{lf::ir::DType::Float32, {1, 1},
            std::vector<std::byte>(
                batch.data.begin() + 4 * row, batch.data.begin() + 4 * (row + 1))};
        const QString singleFile = folder.filePath(QStringLiteral("row%1.npy").arg(row));
        QVERIFY(lf::writeNpy(toPath(singleFile), single));
        const QString outputDir = folder.filePath(QStringLiteral("row%1").arg(row));
        const CliRun rowRun = runCli({QStringLiteral("run"), model, QStringLiteral("-i"),
            singleFile, QStringLiteral("-o"), outputDir});
        QVERIFY2(!rowRun.crashed && rowRun.exitCode == 0, qPrintable(describe(rowRun)));
        const lf::Result<lf::NpyArray> rowOutput
            = lf::readNpy(toPath(outputDir + QStringLiteral("/output_0.npy")));
        QVERIFY(rowOutput);
        const lf::NpyArray expected{lf::ir::DType::Float32, {1, 1},
            std::vector<std::byte>(
                batchOutput->data.begin() + 4 * row, batchOutput->data.begin() + 4 * (row + 1))};
        const QString problem = compareOutput(*rowOutput, expected);
        QVERIFY2(problem.isEmpty(), qPrintable(QStringLiteral("row %1: %2").arg(row).arg(problem)));
    }
}

void TestCli::runNamesUnsupportedNode()
{
    // The audio front end starts with TFLM's SignalWindow custom op, which has no kernel.
    const QString model = corpusModel("micro_speech_int8/audio_preprocessor_int8.tflite");
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    const QString input = folder.filePath(QStringLiteral("audio.npy"));
    const std::int64_t shape[] = {1, 480};
    QVERIFY(lf::writeNpy(toPath(input), lf::test::randomNpyArray(lf::ir::DType::Int16, shape)));
    const CliRun run = runCli({QStringLiteral("run"), model, QStringLiteral("-i"), input,
        QStringLiteral("-o"), folder.filePath(QStringLiteral("out"))});
    QVERIFY2(!run.crashed, qPrintable(describe(run)));
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(isOneLine(run.err), qPrintable(describe(run)));
    QVERIFY2(run.err.contains("SignalWindow 'signal_window'"), run.err.constData());
    QVERIFY2(run.err.contains("no kernel"), run.err.constData());
    QVERIFY(!QFileInfo::exists(folder.filePath(QStringLiteral("out"))));
}

void TestCli::benchReportsStatistics_data()
{
    QTest::addColumn<bool>("json");
    QTest::newRow("text") << false;
    QTest::newRow("json") << true;
}

void TestCli::benchReportsStatistics()
{
    QFETCH(bool, json);
    QStringList arguments{QStringLiteral("bench"),
        corpusModel("hello_world_sine/hello_world_int8.tflite"), QStringLiteral("--runs"),
        QStringLiteral("3"), QStringLiteral("--warmup"), QStringLiteral("1"), QStringLiteral("-t"),
        QStringLiteral("1")};
    if (json)
        arguments << QStringLiteral("--json");
    const CliRun run = runCli(arguments);
    QVERIFY2(!run.crashed && run.exitCode == 0, qPrintable(describe(run)));
    QVERIFY(run.err.isEmpty());
    if (!json) {
        for (const char* line :{"threads:  1\n", "runs:     3 (after 1 warm-up)\n",
                 "latency:  min ", " ms, median ", "arena:    ", "peak RSS: "})
            QVERIFY2(run.out.contains(line), run.out.constData());
        return;
    }
    QVERIFY(isOneLine(run.out));
    QJsonParseError error;
    const QJsonObject report = QJsonDocument::fromJson(run.out, &error).object();
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    QCOMPARE(report[QStringLiteral("threads")].toInt(), 1);
    QCOMPARE(report[QStringLiteral("runs")].toInt(), 3);
    QCOMPARE(report[QStringLiteral("warmup")].toInt(), 1);
    const double minimum = report[QStringLiteral("min_ms")].toDouble(-1);
    const double median = report[QStringLiteral("median_ms")].toDouble(-1);
    const double maximum = report[QStringLiteral("max_ms")].toDouble(-1);
    QVERIFY(minimum >= 0 && minimum <= median && median <= maximum);
    QVERIFY(report[QStringLiteral("arena_bytes")].toInteger() > 0);
    QVERIFY(report[QStringLiteral("peak_rss_kib")].toInteger() > 0);
}

void TestCli::benchStopsOnCtrlC()
{
    QProcess process;
    process.start(cliPath(),
        {QStringLiteral("bench"), corpusModel("vww_mobilenet_96_mlperf/vww_96_int8.tflite"),
            QStringLiteral("--runs"), QStringLiteral("1000000000")});
    QVERIFY(process.waitForStarted());
    // Two seconds put the CLI well inside the timed loop: loading and planning take milliseconds.
    QVERIFY2(!process.waitForFinished(2000),
        qPrintable(QStringLiteral("bench ended by itself: exit %1, stderr: %2")
                       .arg(process.exitCode())
                       .arg(QString::fromUtf8(process.readAllStandardError()))));
    QCOMPARE(::kill(static_cast<pid_t>(process.processId()), SIGINT), 0);
    QVERIFY(process.waitForFinished(kTimeoutMs));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 130);
    QCOMPARE(process.readAllStandardError(), QByteArray("liteforge-cli: error: cancelled\n"));
}

void TestCli::addCorpusRows()
{
    QTest::addColumn<QString>("model");
    for (const QString& model :
        lf::test::corpusFiles(QStringLiteral("tflite"), QStringLiteral(".tflite")))
        QTest::newRow(qPrintable(relativeToCorpus(model))) << model;
}

void TestCli::flatcOpCounts(const QString& model, QMap<QString, int>& counts)
{
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    QProcess flatc;
    flatc.start(m_flatc,
        {QStringLiteral("--json"), QStringLiteral("--strict-json"), QStringLiteral("--raw-binary"),
            QStringLiteral("-o"), folder.path(), m_schema, QStringLiteral("--"), model});
    QVERIFY(flatc.waitForFinished(kTimeoutMs));
    QVERIFY2(flatc.exitStatus() == QProcess::NormalExit && flatc.exitCode() == 0,
        flatc.readAllStandardError().constData());
    const QStringList outputs
        = QDir(folder.path()).entryList({QStringLiteral("*.json")}, QDir::Files);
    QCOMPARE(outputs.size(), 1);
    QJsonParseError error;
    const QJsonDocument document
        = QJsonDocument::fromJson(readFile(folder.filePath(outputs.front())), &error);
    QVERIFY2(document.isObject(), qPrintable(error.errorString()));

    const QJsonArray codes = document[QStringLiteral("operator_codes")].toArray();
    for (const QJsonValue subgraph : document[QStringLiteral("subgraphs")].toArray()) {
        for (const QJsonValue op : subgraph[QStringLiteral("operators")].toArray()) {
            // Fields holding their default value are absent from flatc's JSON.
            const int index = op[QStringLiteral("opcode_index")].toInt(0);
            QVERIFY2(index >= 0 && index < codes.size(), "opcode_index out of range");
            const QJsonObject code = codes[index].toObject();
            const QJsonValue builtinValue = code[QStringLiteral("builtin_code")];
            // flatc prints known enum values by name and unknown ones as numbers.
            const int builtin = builtinValue.isString()
                ? m_builtinNames.key(builtinValue.toString(), -1)
                : builtinValue.toInt(0);
            QVERIFY2(builtin >= 0, qPrintable(builtinValue.toString()));
            // The effective code, as TFLite's GetBuiltinCode computes it from the two fields.
            const int effective
                = std::max(code[QStringLiteral("deprecated_builtin_code")].toInt(0), builtin);
            const QString name = effective == kCustomOperator
                ? code[QStringLiteral("custom_code")].toString()
                : m_builtinNames.value(effective, QString::number(effective));
            ++counts[name];
        }
    }
}

void TestCli::inspectOpCounts(const QString& model, QMap<QString, int>& counts)
{
    const CliRun run = runCli({QStringLiteral("inspect"), QStringLiteral("--json"), model});
    QVERIFY2(!run.crashed, qPrintable(describe(run)));
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(run.out, &error);
    QVERIFY2(document.isObject(), qPrintable(error.errorString()));
    const QJsonValue opCounts = document[QStringLiteral("tflite_op_counts")];
    QVERIFY2(opCounts.isObject(), "no tflite_op_counts object in the summary");
    const QJsonObject object = opCounts.toObject();
    for (auto it = object.begin(); it != object.end(); ++it)
        counts.insert(it.key(), it.value().toInt());
}

void TestCli::inspectOpCountsMatchFile_data() { addCorpusRows(); }

void TestCli::inspectOpCountsMatchFile()
{
    QFETCH(QString, model);
    if (m_flatc.isEmpty())
        QSKIP("flatc is not on PATH");
    QMap<QString, int> expected;
    flatcOpCounts(model, expected);
    if (QTest::currentTestFailed())
        return;
    QMap<QString, int> actual;
    inspectOpCounts(model, actual);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(actual, expected);
}

void TestCli::convertKeepsOpCounts_data() { addCorpusRows(); }

void TestCli::convertKeepsOpCounts()
{
    QFETCH(QString, model);
    if (m_flatc.isEmpty())
        QSKIP("flatc is not on PATH");
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    const QString output = folder.filePath(QStringLiteral("converted.tflite"));
    const CliRun run = runCli({QStringLiteral("convert"), model, QStringLiteral("-o"), output});
    QVERIFY2(!run.crashed, qPrintable(describe(run)));
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QCOMPARE(folderEntries(folder.path()), QStringList{QStringLiteral("converted.tflite")});

    QMap<QString, int> original;
    inspectOpCounts(model, original);
    if (QTest::currentTestFailed())
        return;
    QMap<QString, int> converted;
    inspectOpCounts(output, converted);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(converted, original);

    // Also independently of our reader: the written operator codes decode to the same operators.
    QMap<QString, int> originalInFile;
    flatcOpCounts(model, originalInFile);
    if (QTest::currentTestFailed())
        return;
    QMap<QString, int> convertedInFile;
    flatcOpCounts(output, convertedInFile);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(convertedInFile, originalInFile);
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
