// SPDX-License-Identifier: GPL-3.0-or-later
// Tests of `liteforge-cli convert --quantize` and `quant-debug`, run as a process on the digits CNN
// (trained by tests/data/digits/train_digits.py, the ctest fixture digits_fixtures) and the corpus's
// TensorFlow-made float/int8 pair: every scheme writes a model whose predictions agree with the float
// model's; the report's output SQNR equals an independent computation and quant-debug gives the same
// number for the same pair; the keep-float suggestion given back as --keep-float reaches the SQNR the
// summary promised; --keep-float keeps a source-named node in float; a constant calibration
// tensor gets a widened, finite scale; bad calibration data and option mistakes give one error line,
// the right exit code and no file; Ctrl+C stops a calibration with exit 130 and no file.
#include "core/base/npy.h"
#include "core/convert/convert.h"
#include "core/tflite/tflite_reader.h"
#include "tests/app/cli/cli_process.h"
#include "tests/support/model_runner.h"
#include "tests/support/runtime_runner.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstring>
#include <limits>

#include <signal.h>

using lf::test::CliRun;
using lf::test::describe;
using lf::test::isOneLine;
using lf::test::runCli;

namespace {

QString digitsDir() { return lf::test::binaryDir() + QStringLiteral("/tests/data/digits"); }
QString digitsModel() { return digitsDir() + QStringLiteral("/digits_cnn.onnx"); }
QString digitsCalibration() { return digitsDir() + QStringLiteral("/calibration"); }
QString vwwDir() { return lf::test::sharedDir() + QStringLiteral("/corpus/tflite/vww_mobilenet_96_mlperf"); }

std::filesystem::path toPath(const QString& path) { return std::filesystem::path(QFile::encodeName(path).toStdString()); }

QJsonObject readJson(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

QStringList folderEntries(const QString& folder)
{
    return QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
}

lf::NpyArray floatArray(const std::vector<std::int64_t>& shape, float value)
{
    lf::NpyArray array{lf::ir::DType::Float32, shape, {}};
    std::vector<float> values(static_cast<std::size_t>(array.elementCount()), value);
    array.data.resize(values.size() * sizeof(float));
    std::memcpy(array.data.data(), values.data(), array.data.size());
    return array;
}

/// Calibration sample i of the digits fixture as the converted model's NHWC input.
lf::NpyArray calibrationSample(int i)
{
    const auto array = lf::readNpy(toPath(digitsCalibration() + QStringLiteral("/%1.npy").arg(i, 3, 10, QChar('0'))));
    if (!array)
        return {};
    lf::NpyArray sample = *array;
    sample.shape = {1, 8, 8, 1}; // one channel: NCHW and NHWC hold the same order
    return sample;
}

std::size_t argmax(const std::vector<double>& values)
{
    return static_cast<std::size_t>(std::max_element(values.begin(), values.end()) - values.begin());
}

/// The output SQNR of `quantized` against `floatModel` over the first `samples` calibration samples,
/// as the debugger defines it: 10 log10(sum signal^2 / sum error^2).
double outputSqnr(const lf::ir::Model& floatModel, const lf::ir::Model& quantized, int samples)
{
    double signal = 0;
    double noise = 0;
    for (int i = 0; i < samples; ++i) {
        const lf::NpyArray sample = calibrationSample(i);
        auto expected = lf::test::runInterpreter(floatModel, {sample});
        auto actual = lf::test::runInterpreter(quantized, {sample});
        if (!expected || !actual)
            return std::numeric_limits<double>::quiet_NaN();
        const std::vector<double> e = lf::test::toDoubles(expected->front());
        const std::vector<double> a = lf::test::toDoubles(actual->front());
        for (std::size_t k = 0; k < e.size(); ++k) {
            signal += e[k] * e[k];
            noise += (a[k] - e[k]) * (a[k] - e[k]);
        }
    }
    return 10 * std::log10(signal / noise);
}

} // namespace

class TestCliQuantize final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void schemesAgreeWithFloat_data();
    void schemesAgreeWithFloat();
    void reportMatchesIndependentSqnr();
    void keepFloatBySourceName();
    void suggestionRaisesSqnr();
    void quantDebugOnTensorFlowPair();
    void constantCalibrationTensor();
    void badInput_data();
    void badInput();
    void ctrlCStopsCalibration();

private:
    QString fixture(const QString& name) const { return m_fixtures.filePath(name); }

    QTemporaryDir m_fixtures;
    lf::ir::Model m_floatModel; ///< the digits CNN as convert writes it in float
};

void TestCliQuantize::initTestCase()
{
    QVERIFY2(QFileInfo(lf::test::cliPath()).isExecutable(), qPrintable(lf::test::cliPath()));
    QVERIFY2(QFile::exists(digitsModel()), "the digits fixture is missing: run through ctest (fixture digits_fixtures)");
    QVERIFY(m_fixtures.isValid());
    lf::NullTaskContext context;
    auto conversion = lf::convertModel(toPath(digitsModel()), {}, context);
    QVERIFY2(conversion, conversion ? "" : conversion.error().toString().c_str());
    m_floatModel = std::move(conversion->converted);

    QDir folder(m_fixtures.path());
    QVERIFY(folder.mkdir(QStringLiteral("empty")) && folder.mkdir(QStringLiteral("broken_images")));
    QFile broken(fixture(QStringLiteral("broken_images/digit.png")));
    QVERIFY(broken.open(QIODevice::WriteOnly) && broken.write("not a PNG file\n") > 0);
    broken.close();
    QVERIFY(lf::writeNpy(toPath(fixture(QStringLiteral("wrong_shape.npy"))), floatArray({1, 1, 7, 7}, 0.5f)));
    lf::NpyArray withNan = floatArray({1, 1, 8, 8}, 0.5f);
    const float nan = std::numeric_limits<float>::quiet_NaN();
    std::memcpy(withNan.data.data() + 27 * sizeof(float), &nan, sizeof nan);
    QVERIFY(lf::writeNpy(toPath(fixture(QStringLiteral("nan.npy"))), withNan));
    QVERIFY(lf::writeNpy(toPath(fixture(QStringLiteral("zeros.npy"))), floatArray({4, 1, 8, 8}, 0.0f)));
}

void TestCliQuantize::schemesAgreeWithFloat_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<lf::ir::DType>("weightType"); ///< a dtype the quantized weights have
    QTest::newRow("int8") << QStringList{QStringLiteral("--quantize"), QStringLiteral("int8")} << lf::ir::DType::Int8;
    QTest::newRow("int8, uint8 I/O, mse")
        << QStringList{QStringLiteral("--quantize"), QStringLiteral("int8"), QStringLiteral("--io-type"), QStringLiteral("uint8"),
                       QStringLiteral("--calibration-method"), QStringLiteral("mse")}
        << lf::ir::DType::Int8;
    QTest::newRow("16x8") << QStringList{QStringLiteral("--quantize"), QStringLiteral("16x8")} << lf::ir::DType::Int8;
    QTest::newRow("dynamic-range") << QStringList{QStringLiteral("--quantize"), QStringLiteral("dynamic-range")}
                                   << lf::ir::DType::Int8;
    QTest::newRow("float16") << QStringList{QStringLiteral("--quantize"), QStringLiteral("float16")} << lf::ir::DType::Float16;
}

void TestCliQuantize::schemesAgreeWithFloat()
{
    QFETCH(QStringList, options);
    QFETCH(lf::ir::DType, weightType);
    QTemporaryDir folder;
    const QString output = folder.filePath(QStringLiteral("digits.tflite"));
    const bool calibrated = options.contains(QStringLiteral("int8")) || options.contains(QStringLiteral("16x8"));
    QStringList arguments{QStringLiteral("convert"), digitsModel(), QStringLiteral("-o"), output};
    arguments += options;
    if (calibrated)
        arguments << QStringLiteral("--calibration") << digitsCalibration();
    const CliRun run = runCli(arguments);
    QVERIFY2(!run.crashed && run.exitCode == 0, qPrintable(describe(run)));
    QVERIFY2(run.out.startsWith("quantized: " + options[1].toUtf8()), run.out.constData());
    QCOMPARE(run.out.contains("calibrated on 100 samples"), calibrated);

    lf::NullTaskContext context;
    const auto model = lf::tflite::readTfliteFile(toPath(output), context);
    QVERIFY2(model, model ? "" : model.error().toString().c_str());
    const lf::ir::Graph& graph = model->main();
    QVERIFY(std::ranges::any_of(graph.tensors, [&](const lf::ir::Tensor& tensor) { return tensor.dtype == weightType; }));

    // Predictions on the calibration images agree with the float model's.
    const lf::ir::Tensor& input = graph.tensors[static_cast<std::size_t>(graph.inputs[0])];
    int agree = 0;
    constexpr int kSamples = 50;
    for (int i = 0; i < kSamples; ++i) {
        lf::NpyArray sample = calibrationSample(i);
        auto expected = lf::test::runInterpreter(m_floatModel, {sample});
        if (input.dtype == lf::ir::DType::UInt8) {
            const std::vector<double> values = lf::test::toDoubles(sample);
            sample.dtype = lf::ir::DType::UInt8;
            sample.data.resize(values.size());
            for (std::size_t k = 0; k < values.size(); ++k)
                sample.data[k] = static_cast<std::byte>(std::clamp(
                    std::round(values[k] / input.quant.scales[0]) + static_cast<double>(input.quant.zeroPoints[0]), 0.0, 255.0));
        }
        auto actual = lf::test::runInterpreter(*model, {sample});
        QVERIFY2(expected && actual, actual ? "" : actual.error().toString().c_str());
        agree += argmax(lf::test::toDoubles(expected->front())) == argmax(lf::test::toDoubles(actual->front()));
    }
    qInfo("%s: %d of %d predictions equal to float's", qPrintable(options.join(' ')), agree, kSamples);
    QVERIFY(agree >= kSamples - 1);
}

void TestCliQuantize::reportMatchesIndependentSqnr()
{
    QTemporaryDir folder;
    const QString output = folder.filePath(QStringLiteral("digits.tflite"));
    const QString json = folder.filePath(QStringLiteral("report.json"));
    const QString csv = folder.filePath(QStringLiteral("layers.csv"));
    const CliRun run = runCli({QStringLiteral("convert"), digitsModel(), QStringLiteral("-o"), output, QStringLiteral("--quantize"),
                               QStringLiteral("int8"), QStringLiteral("--calibration"), digitsCalibration(), QStringLiteral("--report"),
                               json, QStringLiteral("--report-csv"), csv, QStringLiteral("--report-samples"), QStringLiteral("40")});
    QVERIFY2(!run.crashed && run.exitCode == 0, qPrintable(describe(run)));
    const QJsonObject report = readJson(json);
    QCOMPARE(report[QStringLiteral("samples")].toInt(), 40);
    const QJsonArray layers = report[QStringLiteral("layers")].toArray();
    QVERIFY(layers.size() >= 4);
    QFile csvFile(csv);
    QVERIFY(csvFile.open(QIODevice::ReadOnly));
    QCOMPARE(csvFile.readAll().count('\n'), layers.size() + 1);

    lf::NullTaskContext context;
    const auto quantized = lf::tflite::readTfliteFile(toPath(output), context);
    QVERIFY(quantized);
    const double expected = outputSqnr(m_floatModel, *quantized, 40);
    const double reported
        = report[QStringLiteral("outputs")].toArray()[0].toObject()[QStringLiteral("metrics")].toObject()[QStringLiteral("sqnr_db")].toDouble();
    qInfo("digits int8 output SQNR: report %.3f dB, direct %.3f dB", reported, expected);
    QVERIFY(std::abs(reported - expected) < 1e-3);
    QVERIFY2(run.out.contains(QStringLiteral("output 'logits': SQNR %1 dB").arg(reported, 0, 'f', 1).toUtf8()), run.out.constData());

    // quant-debug on the same pair and data gives the same report.
    const QString again = folder.filePath(QStringLiteral("again.json"));
    const CliRun debug = runCli({QStringLiteral("quant-debug"), digitsModel(), output, QStringLiteral("--calibration"), digitsCalibration(),
                                 QStringLiteral("--calibration-samples"), QStringLiteral("40"), QStringLiteral("--report"), again});
    QVERIFY2(!debug.crashed && debug.exitCode == 0, qPrintable(describe(debug)));
    QCOMPARE(readJson(again)[QStringLiteral("outputs")], report[QStringLiteral("outputs")]);
    QCOMPARE(readJson(again)[QStringLiteral("layers")].toArray().size(), layers.size());
}

void TestCliQuantize::keepFloatBySourceName()
{
    QTemporaryDir folder;
    const QString output = folder.filePath(QStringLiteral("digits.tflite"));
    const CliRun run = runCli({QStringLiteral("convert"), digitsModel(), QStringLiteral("-o"), output, QStringLiteral("--quantize"),
                               QStringLiteral("int8"), QStringLiteral("--calibration"), digitsCalibration(), QStringLiteral("--keep-float"),
                               QStringLiteral("/fc2/Gemm")});
    QVERIFY2(!run.crashed && run.exitCode == 0, qPrintable(describe(run)));
    QVERIFY2(run.out.contains("kept in float: 1 nodes\n"), run.out.constData());
    lf::NullTaskContext context;
    const auto model = lf::tflite::readTfliteFile(toPath(output), context);
    QVERIFY(model);
    const lf::ir::Graph& graph = model->main();
    int floatFc = 0;
    int int8Fc = 0;
    for (const lf::ir::Node& node : graph.nodes) {
        if (node.op != lf::ir::OpKind::FullyConnected)
            continue;
        const bool isFloat = graph.tensors[static_cast<std::size_t>(node.inputs[1])].dtype == lf::ir::DType::Float32;
        (isFloat ? floatFc : int8Fc) += 1;
    }
    QCOMPARE(floatFc, 1);
    QCOMPARE(int8Fc, 1);
}

void TestCliQuantize::suggestionRaisesSqnr()
{
    // TensorFlow's float VWW MobileNet on random data has flagged layers; the suggested set, given
    // back as --keep-float, must reach the output SQNR the summary promised, above the plain one.
    if (!QFile::exists(vwwDir() + QStringLiteral("/vww_96_float.tflite")))
        QSKIP("corpus model vww_96_float.tflite missing");
    QTemporaryDir folder;
    const QStringList common{QStringLiteral("convert"), vwwDir() + QStringLiteral("/vww_96_float.tflite"), QStringLiteral("-o"),
                             folder.filePath(QStringLiteral("vww.tflite")), QStringLiteral("--quantize"), QStringLiteral("int8"),
                             QStringLiteral("--calibration"), QStringLiteral("random"), QStringLiteral("--calibration-samples"),
                             QStringLiteral("8"), QStringLiteral("--report"), folder.filePath(QStringLiteral("report.json"))};
    const CliRun run = runCli(common);
    QVERIFY2(!run.crashed && run.exitCode == 0, qPrintable(describe(run)));
    static const QRegularExpression suggestion(
        QStringLiteral("\\nsuggestion: --keep-float (\\S+) raises the output SQNR from ([0-9.-]+) dB to ([0-9.-]+) dB\\n"));
    const QRegularExpressionMatch match = suggestion.match(QString::fromUtf8(run.out));
    QVERIFY2(match.hasMatch(), run.out.constData());
    const double before = match.captured(2).toDouble();
    const double promised = match.captured(3).toDouble();
    qInfo("vww_96 on random data: output SQNR %.1f dB, %.1f dB with the %lld suggested nodes in float", before, promised,
          static_cast<long long>(match.captured(1).count(',') + 1));
    QVERIFY(promised > before);

    const CliRun kept = runCli(common + QStringList{QStringLiteral("--keep-float"), match.captured(1)});
    QVERIFY2(!kept.crashed && kept.exitCode == 0, qPrintable(describe(kept)));
    const double reached = readJson(folder.filePath(QStringLiteral("report.json")))[QStringLiteral("outputs")]
                               .toArray()[0]
                               .toObject()[QStringLiteral("metrics")]
                               .toObject()[QStringLiteral("sqnr_db")]
                               .toDouble();
    QVERIFY2(std::abs(reached - promised) <= 0.051, qPrintable(QStringLiteral("%1 vs %2").arg(reached).arg(promised)));
}

void TestCliQuantize::quantDebugOnTensorFlowPair()
{
    if (!QFile::exists(vwwDir() + QStringLiteral("/vww_96_int8.tflite")))
        QSKIP("corpus model vww_96_int8.tflite missing");
    QTemporaryDir folder;
    const QString json = folder.filePath(QStringLiteral("vww.json"));
    const QString csv = folder.filePath(QStringLiteral("vww.csv"));
    const CliRun run = runCli({QStringLiteral("quant-debug"), vwwDir() + QStringLiteral("/vww_96_float.tflite"),
                               vwwDir() + QStringLiteral("/vww_96_int8.tflite"), QStringLiteral("--calibration"), QStringLiteral("random"),
                               QStringLiteral("--calibration-samples"), QStringLiteral("4"), QStringLiteral("--report"), json,
                               QStringLiteral("--report-csv"), csv});
    QVERIFY2(!run.crashed && run.exitCode == 0, qPrintable(describe(run)));
    const QJsonObject report = readJson(json);
    QCOMPARE(report[QStringLiteral("samples")].toInt(), 4);
    QVERIFY(report[QStringLiteral("layers")].toArray().size() > 20);
    const double sqnr
        = report[QStringLiteral("outputs")].toArray()[0].toObject()[QStringLiteral("metrics")].toObject()[QStringLiteral("sqnr_db")].toDouble();
    qInfo("TensorFlow's vww_96 int8 vs float on random data: output SQNR %.2f dB", sqnr);
    QVERIFY(sqnr > 10 && sqnr < 120);
    QVERIFY2(run.out.startsWith("report: "), run.out.constData());
}

void TestCliQuantize::constantCalibrationTensor()
{
    // All-zero calibration data: the input's range is [0, 0]. The quantizer widens it (documented in
    // calibration.h) and says so; no zero or non-finite scale may come out.
    QTemporaryDir folder;
    const QString output = folder.filePath(QStringLiteral("zeros.tflite"));
    const CliRun run = runCli({QStringLiteral("convert"), digitsModel(), QStringLiteral("-o"), output, QStringLiteral("--quantize"),
                               QStringLiteral("int8"), QStringLiteral("--calibration"), fixture(QStringLiteral("zeros.npy"))});
    QVERIFY2(!run.crashed && run.exitCode == 0, qPrintable(describe(run)));
    QVERIFY2(run.err.contains("zero-range"), run.err.constData());
    lf::NullTaskContext context;
    const auto model = lf::tflite::readTfliteFile(toPath(output), context);
    QVERIFY(model);
    int quantizedTensors = 0;
    for (const lf::ir::Tensor& tensor : model->main().tensors) {
        for (const float scale : tensor.quant.scales) {
            QVERIFY2(std::isfinite(scale) && scale > 0, tensor.name.c_str());
            ++quantizedTensors;
        }
    }
    QVERIFY(quantizedTensors > 0);
}

void TestCliQuantize::badInput_data()
{
    QTest::addColumn<QStringList>("arguments"); ///< after "convert MODEL -o OUT" unless it starts with quant-debug
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    const QString quantize = QStringLiteral("--quantize");
    const QString int8 = QStringLiteral("int8");
    const QString calibration = QStringLiteral("--calibration");
    QTest::newRow("empty folder") << QStringList{quantize, int8, calibration, QStringLiteral("empty")} << 2
                                  << QStringLiteral("calibration data: empty: the folder holds no PNG, JPEG, BMP, .npy or .npz files");
    QTest::newRow("unreadable image") << QStringList{quantize, int8, calibration, QStringLiteral("broken_images")} << 2
                                      << QStringLiteral("calibration data: broken_images/digit.png: not a readable PNG, JPEG or BMP image");
    QTest::newRow("wrong sample shape") << QStringList{quantize, int8, calibration, QStringLiteral("wrong_shape.npy")} << 2
                                        << QStringLiteral("wrong_shape.npy: the sample has shape [1,1,7,7], the input expects [1,8,8,1]");
    QTest::newRow("NaN in data") << QStringList{quantize, int8, calibration, QStringLiteral("nan.npy")} << 2
                                 << QStringLiteral("nan.npy: NaN at index [0,0,3,3]");
    QTest::newRow("missing source") << QStringList{quantize, int8, calibration, QStringLiteral("missing")} << 2
                                    << QStringLiteral("missing: no such file or folder");
    QTest::newRow("unknown input name") << QStringList{quantize, int8, calibration, QStringLiteral("bogus=random")} << 2
                                        << QStringLiteral("bogus");
    QTest::newRow("int8 without data") << QStringList{quantize, int8} << 2 << QStringLiteral("--quantize int8 needs --calibration data");
    QTest::newRow("unknown scheme") << QStringList{quantize, QStringLiteral("int4")} << 2
                                    << QStringLiteral("option '--quantize' takes float16, dynamic-range, int8 or 16x8, got 'int4'");
    QTest::newRow("--io-type with float16")
        << QStringList{quantize, QStringLiteral("float16"), QStringLiteral("--io-type"), int8} << 2
        << QStringLiteral("--io-type int8 needs a full-integer scheme");
    QTest::newRow("--calibration without --quantize") << QStringList{calibration, QStringLiteral("random")} << 2
                                                       << QStringLiteral("--calibration applies with --quantize");
    QTest::newRow("report without data") << QStringList{quantize, QStringLiteral("float16"), QStringLiteral("--report"), QStringLiteral("r.json")}
                                         << 2 << QStringLiteral("the report needs --calibration data");
    QTest::newRow("--image-mean without mean-std")
        << QStringList{quantize, int8, calibration, QStringLiteral("random"), QStringLiteral("--image-mean"), QStringLiteral("0.5")} << 2
        << QStringLiteral("--image-mean applies with --image-scale mean-std");
    QTest::newRow("zero --image-std")
        << QStringList{quantize, int8, calibration, QStringLiteral("random"), QStringLiteral("--image-scale"), QStringLiteral("mean-std"),
                       QStringLiteral("--image-std"), QStringLiteral("0.2,0,0.2")}
        << 2 << QStringLiteral("--image-std needs one or three positive numbers");
    QTest::newRow("report over the output") << QStringList{quantize, int8, calibration, QStringLiteral("random"), QStringLiteral("--report"),
                                                           QStringLiteral("OUT")}
                                            << 2 << QStringLiteral("--report and --output name the same file");
    QTest::newRow("quant-debug without data") << QStringList{QStringLiteral("quant-debug"), QStringLiteral("MODEL"), QStringLiteral("MODEL")}
                                              << 2 << QStringLiteral("missing option --calibration");
    QTest::newRow("quant-debug with one model")
        << QStringList{QStringLiteral("quant-debug"), QStringLiteral("MODEL"), calibration, QStringLiteral("random")} << 2
        << QStringLiteral("missing FLOAT_MODEL QUANT_MODEL");
}

void TestCliQuantize::badInput()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    QTemporaryDir folder;
    const QString output = folder.filePath(QStringLiteral("out.tflite"));
    arguments.replaceInStrings(QRegularExpression(QStringLiteral("^OUT$")), output);
    arguments.replaceInStrings(QRegularExpression(QStringLiteral("^MODEL$")), digitsModel());
    if (arguments.front() != QStringLiteral("quant-debug"))
        arguments = QStringList{QStringLiteral("convert"), digitsModel(), QStringLiteral("-o"), output} + arguments;
    const CliRun run = runCli(arguments, m_fixtures.path());
    QVERIFY2(!run.crashed, qPrintable(describe(run)));
    QCOMPARE(run.exitCode, exitCode);
    QVERIFY2(isOneLine(run.err), qPrintable(describe(run)));
    QVERIFY2(run.err.startsWith("liteforge-cli: error: "), run.err.constData());
    QVERIFY2(QString::fromUtf8(run.err).contains(message), run.err.constData());
    QVERIFY(run.out.isEmpty());
    QCOMPARE(folderEntries(folder.path()), QStringList());
    QVERIFY(!QFile::exists(fixture(QStringLiteral("r.json"))));
}

void TestCliQuantize::ctrlCStopsCalibration()
{
    if (!QFile::exists(vwwDir() + QStringLiteral("/vww_96_float.tflite")))
        QSKIP("corpus model vww_96_float.tflite missing");
    QTemporaryDir folder;
    QProcess process;
    process.start(lf::test::cliPath(),
                  {QStringLiteral("convert"), vwwDir() + QStringLiteral("/vww_96_float.tflite"), QStringLiteral("-o"),
                   folder.filePath(QStringLiteral("out.tflite")), QStringLiteral("--quantize"), QStringLiteral("int8"),
                   QStringLiteral("--calibration"), QStringLiteral("random"), QStringLiteral("--calibration-samples"),
                   QStringLiteral("1000000"), QStringLiteral("--report"), folder.filePath(QStringLiteral("report.json"))});
    QVERIFY(process.waitForStarted());
    QTest::qWait(1000);
    QCOMPARE(process.state(), QProcess::Running);
    QCOMPARE(::kill(static_cast<pid_t>(process.processId()), SIGINT), 0);
    QVERIFY(process.waitForFinished(30'000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 130);
    QCOMPARE(process.readAllStandardError(), QByteArray("liteforge-cli: error: cancelled\n"));
    QCOMPARE(folderEntries(folder.path()), QStringList());
}

QTEST_GUILESS_MAIN(TestCliQuantize)
#include "tst_cli_quantize.moc"
