// SPDX-License-Identifier: GPL-3.0-or-later
// The conversion wizard driven page by page, offscreen: an ONNX CNN (float), a float TensorFlow
// Lite model re-quantized to int8 with random calibration, and a traced PyTorch model. Each run's
// output must load and run in LiteRT, and the validation numbers the result page shows must equal
// numbers computed here from independent runtimes (onnxruntime / PyTorch / LiteRT for the source,
// LiteRT for the .tflite) on the same seeded inputs. Stop must end a run within 1 s without an
// output file, and the GUI thread must never be blocked for more than 100 ms during a run. The
// optimisation page's fuse-activations box decides whether RELUs stay ops; a PyTorch state dict
// converts with its module:Class; the image preprocessing reaches calibration (the quantized
// input's scale) and validation (on the first calibration image).
#include "core/base/npy.h"
#include "core/convert/validation.h"
#include "core/importers/load_model.h"
#include "core/interpreter/interpreter.h"
#include "core/interpreter/random_input.h"
#include "tests/support/runtime_runner.h"
#include "widgets/rewrite_inspector/rewrite_inspector.h"
#include "widgets/wizards/conversion_wizard.h"
#include "widgets/wizards/pages/coverage_page.h"
#include "widgets/wizards/pages/image_preprocessing_box.h"
#include "widgets/wizards/pages/inputs_page.h"
#include "widgets/wizards/pages/optimization_page.h"
#include "widgets/wizards/pages/output_page.h"
#include "widgets/wizards/pages/quantization_page.h"
#include "widgets/wizards/pages/result_page.h"
#include "widgets/wizards/pages/run_page.h"
#include "widgets/wizards/pages/source_page.h"

#include <QAbstractButton>
#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <cstring>

using namespace lf;
using namespace lf::ui;

namespace {

const QString kPython = QStringLiteral("/usr/bin/python3");
constexpr int kRunTimeoutMs = 300000;

std::filesystem::path toPath(const QString& path)
{
    return std::filesystem::path(path.toStdString());
}

/// Watches the GUI thread while it is alive: the longest gap between two ticks of a 10 ms timer.
class BlockMeter
{
public:
    BlockMeter()
    {
        m_clock.start();
        QObject::connect(&m_timer, &QTimer::timeout,
            [this] { m_longest = std::max(m_longest, m_clock.restart()); });
        m_timer.start(10);
    }
    qint64 longestGapMs() const { return m_longest; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_longest = 0;
};

std::vector<float> floats(const NpyArray& array)
{
    std::vector<float> values(array.data.size() / sizeof(float));
    std::memcpy(values.data(), array.data.data(), values.size() * sizeof(float));
    return values;
}

/// `array` (rank 4, NCHW) as NHWC.
NpyArray toNhwc(const NpyArray& array)
{
    const auto& s = array.shape;
    NpyArray result { array.dtype, { s[0], s[2], s[3], s[1] },
        std::vector<std::byte>(array.data.size()) };
    const std::size_t size = ir::dtypeSize(array.dtype);
    std::size_t out = 0;
    for (std::int64_t n = 0; n < s[0]; ++n)
        for (std::int64_t h = 0; h < s[2]; ++h)
            for (std::int64_t w = 0; w < s[3]; ++w)
                for (std::int64_t c = 0; c < s[1]; ++c, out += size) {
                    const std::int64_t in = ((n * s[1] + c) * s[2] + h) * s[3] + w;
                    std::memcpy(result.data.data() + out, array.data.data() + in * size, size);
                }
    return result;
}

/// The seeded input the validation feeds input `index` of the source model.
NpyArray validationInput(std::vector<std::int64_t> shape, std::size_t index)
{
    ir::QuantParams noQuant;
    const interp::TensorView view { ir::DType::Float32, shape, &noQuant, nullptr, false };
    return NpyArray { ir::DType::Float32, shape,
        interp::randomInput(view, kValidationSeed + static_cast<std::uint32_t>(index)) };
}

struct Numbers
{
    double maxAbsError = 0;
    double rmse = 0;
};

Numbers compare(const std::vector<float>& actual, const std::vector<float>& reference)
{
    Numbers numbers;
    double squares = 0;
    for (std::size_t i = 0; i < reference.size(); ++i) {
        const double error = std::abs(static_cast<double>(actual[i]) - reference[i]);
        numbers.maxAbsError = std::max(numbers.maxAbsError, error);
        squares += error * error;
    }
    numbers.rmse = std::sqrt(squares / static_cast<double>(reference.size()));
    return numbers;
}

/// With LF_SCREENSHOT_DIR set, saves a picture of `widget` there as `name`.png (for the README and
/// for looking at the layouts; run under xvfb-run with QT_QPA_PLATFORM=xcb).
void snapshot(QWidget& widget, const QString& name)
{
    const QString dir = qEnvironmentVariable("LF_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QTest::qWait(150); // let the page finish its layout
    widget.grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
}

/// Output 0 of `model` run in our interpreter on `input` (empty on failure).
std::vector<float> runInInterpreter(std::shared_ptr<const ir::Model> model, const NpyArray& input)
{
    auto interpreter = interp::Interpreter::create(std::move(model));
    if (!interpreter || !(*interpreter)->setInput(0, input.dtype, input.shape, input.data)
        || !(*interpreter)->invoke())
        return {};
    const interp::TensorView& output = (*interpreter)->output(0);
    std::vector<float> values(output.byteSize() / sizeof(float));
    std::memcpy(values.data(), output.data, values.size() * sizeof(float));
    return values;
}

std::vector<float> runInInterpreter(const QString& path, const NpyArray& input)
{
    NullTaskContext context;
    Result<ir::Model> model = loadModel(toPath(path), context);
    if (!model)
        return {};
    return runInInterpreter(std::make_shared<const ir::Model>(std::move(*model)), input);
}

} // namespace

class TestConversionWizard final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void onnxEndToEnd();
    void tfliteRequantizeEndToEnd();
    void pytorchEndToEnd();
    void stopEndsRunWithoutFile();
    void choicesAreRemembered();
    void disabledFusionKeepsRelu();
    void pytorchStateDict();
    void preprocessingReachesCalibration();

private:
    /// Drives the wizard from the source page to the end of the run; `quantize` sets the
    /// quantization page, `optimize` (if given) the optimisation page.
    void driveToRun(ConversionWizard& wizard, const QString& source, const QString& output,
        const std::function<void(QuantizationPage&)>& quantize,
        const std::function<void(OptimizationPage&)>& optimize = {});
    bool waitForRun(ConversionWizard& wizard, qint64& longestGapMs);
    /// Max abs error and RMSE shown for output 0.
    Numbers shownNumbers(ConversionWizard& wizard);

    QTemporaryDir m_dir;
};

void TestConversionWizard::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("LiteForgeTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_conversion_wizard"));
    QSettings().clear();
    QVERIFY(m_dir.isValid());
}

void TestConversionWizard::driveToRun(ConversionWizard& wizard, const QString& source,
    const QString& output, const std::function<void(QuantizationPage&)>& quantize,
    const std::function<void(OptimizationPage&)>& optimize)
{
    const QString shot = QFileInfo(output).completeBaseName() + QStringLiteral("_");
    wizard.show();
    wizard.setSourcePath(source);
    QTRY_VERIFY_WITH_TIMEOUT(wizard.sourcePage()->isComplete(), 60000);
    snapshot(wizard, shot + QStringLiteral("1_source"));
    wizard.next();
    QCOMPARE(wizard.currentId(), int(ConversionWizard::Inputs));
    QTRY_VERIFY_WITH_TIMEOUT(!wizard.inputsPage()->isLoading(), 60000);
    QVERIFY(wizard.inputsPage()->isComplete());
    snapshot(wizard, shot + QStringLiteral("2_inputs"));
    wizard.next();
    QCOMPARE(wizard.currentId(), int(ConversionWizard::Coverage));
    QTRY_VERIFY_WITH_TIMEOUT(!wizard.coveragePage()->isChecking(), 120000);
    QVERIFY2(wizard.coveragePage()->isComplete(),
        qPrintable(wizard.coveragePage()->summaryLabel()->text()));
    QVERIFY(wizard.coveragePage()->table()->rowCount() > 0);
    snapshot(wizard, shot + QStringLiteral("3_coverage"));
    wizard.next();
    QCOMPARE(wizard.currentId(), int(ConversionWizard::Optimization));
    if (optimize)
        optimize(*wizard.optimizationPage());
    snapshot(wizard, shot + QStringLiteral("4_optimization"));
    wizard.next();
    QCOMPARE(wizard.currentId(), int(ConversionWizard::Quantization));
    quantize(*wizard.quantizationPage());
    QVERIFY(wizard.quantizationPage()->isComplete());
    snapshot(wizard, shot + QStringLiteral("5_quantization"));
    wizard.next();
    QCOMPARE(wizard.currentId(), int(ConversionWizard::Output));
    wizard.outputPage()->pathEdit()->setText(output);
    QVERIFY(wizard.outputPage()->isComplete());
    snapshot(wizard, shot + QStringLiteral("6_output"));
    wizard.next();
    QCOMPARE(wizard.currentId(), int(ConversionWizard::Run));
}

bool TestConversionWizard::waitForRun(ConversionWizard& wizard, qint64& longestGapMs)
{
    BlockMeter meter;
    QSignalSpy finished(wizard.runPage(), &RunPage::runFinished);
    if (!finished.wait(kRunTimeoutMs))
        return false;
    longestGapMs = meter.longestGapMs();
    snapshot(wizard,
        QFileInfo(QString::fromStdString(wizard.request().output.string())).completeBaseName()
            + QStringLiteral("_7_result"));
    return finished.first().at(0).toBool();
}

Numbers TestConversionWizard::shownNumbers(ConversionWizard& wizard)
{
    QTableWidget* table = wizard.resultPage()->validationTable();
    Numbers numbers;
    numbers.maxAbsError = table->item(0, ResultPage::MaxErrorColumn)->text().toDouble();
    numbers.rmse = table->item(0, ResultPage::RmseColumn)->text().toDouble();
    return numbers;
}

void TestConversionWizard::onnxEndToEnd()
{
    const QString source
        = test::sharedDir() + QStringLiteral("/corpus/onnx/mnist8_cntk/model.onnx");
    QVERIFY(QFileInfo::exists(source));
    const QString output = m_dir.filePath(QStringLiteral("mnist.tflite"));
    ConversionWizard wizard;
    driveToRun(wizard, source, output, [](QuantizationPage& page) {
        page.modeGroup()->button(static_cast<int>(QuantMode::None))->setChecked(true);
    });
    qint64 gap = 0;
    QVERIFY2(waitForRun(wizard, gap), qPrintable(wizard.runPage()->logView()->toPlainText()));
    QVERIFY2(gap <= 100, qPrintable(QStringLiteral("GUI blocked for %1 ms").arg(gap)));
    QTRY_COMPARE(wizard.currentId(), int(ConversionWizard::Result));
    QVERIFY(QFileInfo::exists(output));

    // Independent numbers: onnxruntime on the source, LiteRT on the .tflite (NHWC input).
    const NpyArray input = validationInput({ 1, 1, 28, 28 }, 0);
    const test::RuntimeRun reference = test::runInRealRuntime(source, { input });
    QVERIFY2(reference.ok, qPrintable(reference.error));
    const test::RuntimeRun converted = test::runInRealRuntime(output, { toNhwc(input) });
    QVERIFY2(converted.ok, qPrintable(converted.error));
    const Numbers expected = compare(floats(converted.outputs[0]), floats(reference.outputs[0]));
    const Numbers shown = shownNumbers(wizard);
    qInfo("shown max abs %.3g rmse %.3g; independent %.3g / %.3g", shown.maxAbsError, shown.rmse,
        expected.maxAbsError, expected.rmse);
    // The wizard ran both models in our interpreter, the test in onnxruntime and LiteRT: by the
    // triangle inequality the numbers differ by at most how far our interpreter is from each
    // runtime on the same model (float rounding noise).
    const std::vector<float> oursSource = runInInterpreter(wizard.outcome()->imported, input);
    const std::vector<float> oursTflite = runInInterpreter(output, toNhwc(input));
    const Numbers sourceRuntimes = compare(oursSource, floats(reference.outputs[0]));
    const Numbers tfliteRuntimes = compare(oursTflite, floats(converted.outputs[0]));
    qInfo("our interpreter vs onnxruntime %.3g, vs LiteRT %.3g", sourceRuntimes.maxAbsError,
        tfliteRuntimes.maxAbsError);
    constexpr double kPrinted = 1e-9; // six significant digits of values near 1e-6
    QVERIFY(std::abs(shown.maxAbsError - expected.maxAbsError)
        <= sourceRuntimes.maxAbsError + tfliteRuntimes.maxAbsError + kPrinted);
    QVERIFY(std::abs(shown.rmse - expected.rmse)
        <= sourceRuntimes.rmse + tfliteRuntimes.rmse + kPrinted);
    QVERIFY(shown.maxAbsError <= 1e-3);

    // A float ONNX result can go to the quantization panel and opens the rewrite inspector.
    QVERIFY(wizard.resultPage()->quantizationButton()->isEnabled());
    QSignalSpy handOver(&wizard, &ConversionWizard::quantizationRequested);
    wizard.resultPage()->quantizationButton()->click();
    QCOMPARE(handOver.count(), 1);
    QCOMPARE(handOver.first().at(0).toString(), output);
    QVERIFY(wizard.resultPage()->inspectorButton()->isEnabled());
    QVERIFY(wizard.resultPage()->openInspector());
}

void TestConversionWizard::tfliteRequantizeEndToEnd()
{
    const QString source = test::sharedDir()
        + QStringLiteral("/corpus/tflite/resnet8_cifar10_mlperf/pretrainedResnet_float.tflite");
    QVERIFY(QFileInfo::exists(source));
    const QString output = m_dir.filePath(QStringLiteral("resnet8_int8.tflite"));
    ConversionWizard wizard;
    driveToRun(wizard, source, output, [](QuantizationPage& page) {
        page.modeGroup()->button(static_cast<int>(QuantMode::Int8))->setChecked(true);
        page.datasetCombo()->setCurrentIndex(
            page.datasetCombo()->findData(static_cast<int>(DatasetKind::Random)));
        page.samplesSpin()->setValue(16);
        page.ioTypeCombo()->setCurrentIndex(
            page.ioTypeCombo()->findData(static_cast<int>(quant::IoType::Float32)));
    });
    qint64 gap = 0;
    QVERIFY2(waitForRun(wizard, gap), qPrintable(wizard.runPage()->logView()->toPlainText()));
    QVERIFY2(gap <= 100, qPrintable(QStringLiteral("GUI blocked for %1 ms").arg(gap)));
    QTRY_COMPARE(wizard.currentId(), int(ConversionWizard::Result));
    QVERIFY(QFileInfo::exists(output));
    QVERIFY(QFileInfo(output).size() < QFileInfo(source).size() / 2);
    QVERIFY(!wizard.resultPage()->quantizationButton()->isEnabled()); // already quantized

    // LiteRT runs both the float source and the int8 output on the validation's input.
    const NpyArray input = validationInput({ 1, 32, 32, 3 }, 0);
    const test::RuntimeRun reference = test::runInRealRuntime(source, { input });
    QVERIFY2(reference.ok, qPrintable(reference.error));
    const test::RuntimeRun quantized = test::runInRealRuntime(output, { input });
    QVERIFY2(quantized.ok, qPrintable(quantized.error));
    const Numbers expected = compare(floats(quantized.outputs[0]), floats(reference.outputs[0]));
    const Numbers shown = shownNumbers(wizard);
    qInfo("shown max abs %.4g rmse %.4g; independent %.4g / %.4g", shown.maxAbsError, shown.rmse,
        expected.maxAbsError, expected.rmse);
    // The wizard's numbers come from our kernels, the independent ones from LiteRT's. By the
    // triangle inequality they can differ by at most the largest (and RMS) differences between the
    // two runtimes on the float and on the int8 model, which must themselves stay small (the int8
    // softmax output has steps of 1/256).
    const std::vector<float> oursInt8 = runInInterpreter(output, input);
    const std::vector<float> oursFloat = runInInterpreter(source, input);
    QCOMPARE(oursInt8.size(), floats(quantized.outputs[0]).size());
    QCOMPARE(oursFloat.size(), floats(reference.outputs[0]).size());
    const Numbers int8Runtimes = compare(oursInt8, floats(quantized.outputs[0]));
    const Numbers floatRuntimes = compare(oursFloat, floats(reference.outputs[0]));
    qInfo("our kernels vs LiteRT: int8 max %.4g RMS %.4g, float max %.3g RMS %.3g",
        int8Runtimes.maxAbsError, int8Runtimes.rmse, floatRuntimes.maxAbsError, floatRuntimes.rmse);
    QVERIFY(int8Runtimes.maxAbsError <= 4.0 / 256.0);
    QVERIFY(floatRuntimes.maxAbsError <= 1e-5);
    QVERIFY(expected.maxAbsError > 0);
    constexpr double kPrinted = 1e-5; // the table shows six significant digits
    QVERIFY(std::abs(shown.maxAbsError - expected.maxAbsError)
        <= int8Runtimes.maxAbsError + floatRuntimes.maxAbsError + kPrinted);
    QVERIFY(
        std::abs(shown.rmse - expected.rmse) <= int8Runtimes.rmse + floatRuntimes.rmse + kPrinted);
}

void TestConversionWizard::pytorchEndToEnd()
{
    if (!QFileInfo(kPython).isExecutable())
        QSKIP("needs /usr/bin/python3 with torch");
    const QString model = m_dir.filePath(QStringLiteral("tiny.pt"));
    const QString inputFile = m_dir.filePath(QStringLiteral("tiny_input.npy"));
    const QString referenceFile = m_dir.filePath(QStringLiteral("tiny_reference.npy"));
    const std::vector<std::int64_t> shape { 1, 3, 16, 16 };
    const NpyArray input = validationInput(shape, 0);
    QVERIFY(writeNpy(toPath(inputFile), input));
    // A traced conv net; PyTorch's own output on the validation input is the reference.
    const QString script = QStringLiteral(
        "import sys, numpy as np, torch\n"
        "torch.manual_seed(0)\n"
        "net = torch.nn.Sequential(torch.nn.Conv2d(3, 8, 3, padding=1), torch.nn.BatchNorm2d(8), "
        "torch.nn.ReLU(),\n"
        "    torch.nn.MaxPool2d(2), torch.nn.Conv2d(8, 4, 3), torch.nn.Flatten(), "
        "torch.nn.Linear(4*6*6, 5)).eval()\n"
        "with torch.no_grad():\n"
        "    net[1].running_mean.uniform_(-0.5, 0.5); net[1].running_var.uniform_(0.5, 2.0)\n"
        "    traced = torch.jit.trace(net, torch.zeros(1, 3, 16, 16))\n"
        "    traced.save(sys.argv[1])\n"
        "    x = torch.from_numpy(np.load(sys.argv[2]))\n"
        "    np.save(sys.argv[3], net(x).numpy())\n");
    QProcess python;
    python.start(kPython, { QStringLiteral("-c"), script, model, inputFile, referenceFile });
    QVERIFY(python.waitForFinished(120000));
    QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());

    const QString output = m_dir.filePath(QStringLiteral("tiny.tflite"));
    ConversionWizard wizard;
    wizard.sourcePage()->pythonEdit()->setText(kPython);
    wizard.sourcePage()->shapeEdit()->setText(QStringLiteral("input=1,3,16,16"));
    driveToRun(wizard, model, output, [](QuantizationPage& page) {
        page.modeGroup()->button(static_cast<int>(QuantMode::None))->setChecked(true);
    });
    QVERIFY(wizard.sourcePage()->torchStatusLabel()->text().contains(QStringLiteral("PyTorch 1.")));
    qint64 gap = 0;
    QVERIFY2(waitForRun(wizard, gap), qPrintable(wizard.runPage()->logView()->toPlainText()));
    QVERIFY2(gap <= 100, qPrintable(QStringLiteral("GUI blocked for %1 ms").arg(gap)));
    QTRY_COMPARE(wizard.currentId(), int(ConversionWizard::Result));

    const Result<NpyArray> reference = readNpy(toPath(referenceFile));
    QVERIFY(reference);
    const test::RuntimeRun converted = test::runInRealRuntime(output, { toNhwc(input) });
    QVERIFY2(converted.ok, qPrintable(converted.error));
    const Numbers expected = compare(floats(converted.outputs[0]), floats(*reference));
    const Numbers shown = shownNumbers(wizard);
    qInfo("shown max abs %.3g rmse %.3g; independent %.3g / %.3g", shown.maxAbsError, shown.rmse,
        expected.maxAbsError, expected.rmse);
    // As for ONNX: the difference is bounded by how far our interpreter is from PyTorch on the
    // exported model and from LiteRT on the .tflite.
    const Numbers sourceRuntimes
        = compare(runInInterpreter(wizard.outcome()->imported, input), floats(*reference));
    const Numbers tfliteRuntimes
        = compare(runInInterpreter(output, toNhwc(input)), floats(converted.outputs[0]));
    constexpr double kPrinted = 1e-9;
    QVERIFY(std::abs(shown.maxAbsError - expected.maxAbsError)
        <= sourceRuntimes.maxAbsError + tfliteRuntimes.maxAbsError + kPrinted);
    QVERIFY(std::abs(shown.rmse - expected.rmse)
        <= sourceRuntimes.rmse + tfliteRuntimes.rmse + kPrinted);
    QVERIFY(expected.maxAbsError <= 1e-3);
}

void TestConversionWizard::stopEndsRunWithoutFile()
{
    const QString source = test::sharedDir()
        + QStringLiteral("/corpus/tflite/resnet8_cifar10_mlperf/pretrainedResnet_float.tflite");
    const QString output = m_dir.filePath(QStringLiteral("cancelled.tflite"));
    ConversionWizard wizard;
    // Calibration on many samples: long enough to be stopped in the middle.
    driveToRun(wizard, source, output, [](QuantizationPage& page) {
        page.modeGroup()->button(static_cast<int>(QuantMode::Int8))->setChecked(true);
        page.datasetCombo()->setCurrentIndex(
            page.datasetCombo()->findData(static_cast<int>(DatasetKind::Random)));
        page.samplesSpin()->setValue(100000);
    });
    QSignalSpy finished(wizard.runPage(), &RunPage::runFinished);
    QTest::qWait(1500);
    QVERIFY(wizard.runPage()->isRunning());
    snapshot(wizard, QStringLiteral("cancelled_run"));
    BlockMeter meter;
    QTest::qWait(300);
    QElapsedTimer stopClock;
    stopClock.start();
    QTest::mouseClick(wizard.runPage()->cancelButton(), Qt::LeftButton);
    QVERIFY(finished.wait(5000));
    const qint64 stopMs = stopClock.elapsed();
    qInfo("stopped after %lld ms; longest GUI gap %lld ms", stopMs, meter.longestGapMs());
    QVERIFY(stopMs <= 1000);
    QCOMPARE(finished.first().at(0).toBool(), false);
    QCOMPARE(finished.first().at(1).toBool(), true);
    QVERIFY(!QFileInfo::exists(output));
    QVERIFY(meter.longestGapMs() <= 100);
    QCOMPARE(wizard.currentId(), int(ConversionWizard::Run));
    QVERIFY(!wizard.runPage()->isComplete());
}

void TestConversionWizard::choicesAreRemembered()
{
    {
        ConversionWizard wizard;
        wizard.show();
        QuantizationPage& page = *wizard.quantizationPage();
        wizard.setSourcePath(
            test::sharedDir() + QStringLiteral("/corpus/onnx/mnist8_cntk/model.onnx"));
        page.modeGroup()->button(static_cast<int>(QuantMode::Float16))->setChecked(true);
        page.samplesSpin()->setValue(42);
        QVERIFY(page.validatePage());
    }
    ConversionWizard wizard;
    QCOMPARE(
        wizard.quantizationPage()->modeGroup()->checkedId(), static_cast<int>(QuantMode::Float16));
    QCOMPARE(wizard.quantizationPage()->samplesSpin()->value(), 42);
}

/// Count of `kind` nodes in the .tflite at `path` (-1 if it cannot be read).
static int countOps(const QString& path, ir::OpKind kind)
{
    NullTaskContext context;
    const Result<ir::Model> model = loadModel(toPath(path), context);
    if (!model)
        return -1;
    return static_cast<int>(std::ranges::count_if(
        model->main().nodes, [kind](const ir::Node& node) { return node.op == kind; }));
}

void TestConversionWizard::disabledFusionKeepsRelu()
{
    // MNIST's two Conv → Add → Relu: by default the Relus fuse into the convolutions; with
    // fuse-activations cleared on the optimisation page they stay RELU ops, and the output
    // still matches the source.
    const QString source
        = test::sharedDir() + QStringLiteral("/corpus/onnx/mnist8_cntk/model.onnx");
    const auto noQuantization = [](QuantizationPage& page) {
        page.modeGroup()->button(static_cast<int>(QuantMode::None))->setChecked(true);
    };
    const QString fused = m_dir.filePath(QStringLiteral("mnist_fused.tflite"));
    {
        ConversionWizard wizard;
        driveToRun(wizard, source, fused, noQuantization);
        qint64 gap = 0;
        QVERIFY2(waitForRun(wizard, gap), qPrintable(wizard.runPage()->logView()->toPlainText()));
    }
    const QString separate = m_dir.filePath(QStringLiteral("mnist_relu.tflite"));
    ConversionWizard wizard;
    driveToRun(wizard, source, separate, noQuantization, [](OptimizationPage& page) {
        QVERIFY(page.passBox("fuse-activations")->isChecked()); // the CLI's default
        page.passBox("fuse-activations")->setChecked(false);
    });
    QVERIFY(wizard.request().convert.pipeline.disabledPasses.contains("fuse-activations"));
    qint64 gap = 0;
    QVERIFY2(waitForRun(wizard, gap), qPrintable(wizard.runPage()->logView()->toPlainText()));
    QCOMPARE(countOps(fused, ir::OpKind::Relu), 0);
    QCOMPARE(countOps(separate, ir::OpKind::Relu), 2);

    const NpyArray input = validationInput({ 1, 1, 28, 28 }, 0);
    const test::RuntimeRun reference = test::runInRealRuntime(source, { input });
    QVERIFY2(reference.ok, qPrintable(reference.error));
    const test::RuntimeRun converted = test::runInRealRuntime(separate, { toNhwc(input) });
    QVERIFY2(converted.ok, qPrintable(converted.error));
    const Numbers independent = compare(floats(converted.outputs[0]), floats(reference.outputs[0]));
    const Numbers shown = shownNumbers(wizard);
    qInfo("unfused: shown max abs %.3g, onnxruntime vs LiteRT %.3g", shown.maxAbsError,
        independent.maxAbsError);
    QVERIFY(shown.maxAbsError <= 1e-3);
    QVERIFY(independent.maxAbsError <= 1e-3);

    // The rewrite inspector opened from this run converts again with the wizard's options: the
    // Relus stay separate there too.
    auto* inspector = qobject_cast<RewriteInspector*>(wizard.resultPage()->openInspector());
    QVERIFY(inspector);
    QSignalSpy finished(inspector, &RewriteInspector::conversionFinished);
    inspector->rerunConversion();
    QVERIFY(finished.wait(30000));
    QVERIFY(finished.first().at(0).toBool());
    const auto& rerun = inspector->convertedModel()->main().nodes;
    QCOMPARE(std::count_if(rerun.begin(), rerun.end(),
                 [](const ir::Node& node) { return node.op == ir::OpKind::Relu; }),
        std::ptrdiff_t { 2 });

    // Remembered for the next wizard, until restored.
    ConversionWizard next;
    QVERIFY(!next.optimizationPage()->passBox("fuse-activations")->isChecked());
    QVERIFY(next.optimizationPage()->passBox("fold-pad")->isChecked());
    next.optimizationPage()->passBox("fuse-activations")->setChecked(true);
    QSettings().remove(wizardSettingsKey("disabledPasses"));
}

void TestConversionWizard::pytorchStateDict()
{
    if (!QFileInfo(kPython).isExecutable())
        QSKIP("needs /usr/bin/python3 with torch");
    // A state dict in the temporary folder, its model class in a module in code/ beside it.
    const QString codeDir = m_dir.filePath(QStringLiteral("code"));
    QVERIFY(QDir().mkpath(codeDir));
    QFile module(codeDir + QStringLiteral("/tinynet.py"));
    QVERIFY(module.open(QIODevice::WriteOnly));
    module.write("import torch\n"
                 "class TinyNet(torch.nn.Module):\n"
                 "    def __init__(self):\n"
                 "        super().__init__()\n"
                 "        self.conv = torch.nn.Conv2d(3, 6, 3, padding=1)\n"
                 "        self.fc = torch.nn.Linear(6, 4)\n"
                 "    def forward(self, x):\n"
                 "        return self.fc(torch.relu(self.conv(x)).mean(dim=(2, 3)))\n");
    module.close();
    const QString weights = m_dir.filePath(QStringLiteral("tiny_state.pth"));
    const QString inputFile = m_dir.filePath(QStringLiteral("state_input.npy"));
    const QString referenceFile = m_dir.filePath(QStringLiteral("state_reference.npy"));
    const NpyArray input = validationInput({ 1, 3, 8, 8 }, 0);
    QVERIFY(writeNpy(toPath(inputFile), input));
    const QString script = QStringLiteral("import sys, numpy as np, torch\n"
                                          "sys.path.insert(0, sys.argv[1])\n"
                                          "from tinynet import TinyNet\n"
                                          "torch.manual_seed(1)\n"
                                          "net = TinyNet().eval()\n"
                                          "torch.save(net.state_dict(), sys.argv[2])\n"
                                          "with torch.no_grad():\n"
                                          "    x = torch.from_numpy(np.load(sys.argv[3]))\n"
                                          "    np.save(sys.argv[4], net(x).numpy())\n");
    QProcess python;
    python.start(
        kPython, { QStringLiteral("-c"), script, codeDir, weights, inputFile, referenceFile });
    QVERIFY(python.waitForFinished(120000));
    QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());

    const QString output = m_dir.filePath(QStringLiteral("tiny_state.tflite"));
    ConversionWizard wizard;
    SourcePage& source = *wizard.sourcePage();
    source.pythonEdit()->setText(kPython);
    source.shapeEdit()->setText(QStringLiteral("input=1,3,8,8"));
    source.setPath(weights);
    source.moduleClassEdit()->setText(QStringLiteral("tinynet")); // no class
    QTRY_VERIFY_WITH_TIMEOUT(source.isTorchReady(), 60000);
    QVERIFY(!source.isComplete());
    source.moduleClassEdit()->setText(QStringLiteral("tinynet:TinyNet"));
    source.moduleDirEdit()->setText(codeDir);
    driveToRun(wizard, weights, output, [](QuantizationPage& page) {
        page.modeGroup()->button(static_cast<int>(QuantMode::None))->setChecked(true);
    });
    QCOMPARE(wizard.request().torch.moduleClass, std::string("tinynet:TinyNet"));
    QCOMPARE(wizard.request().torch.moduleDir, toPath(codeDir));
    qint64 gap = 0;
    QVERIFY2(waitForRun(wizard, gap), qPrintable(wizard.runPage()->logView()->toPlainText()));

    const Result<NpyArray> reference = readNpy(toPath(referenceFile));
    QVERIFY(reference);
    const test::RuntimeRun converted = test::runInRealRuntime(output, { toNhwc(input) });
    QVERIFY2(converted.ok, qPrintable(converted.error));
    const Numbers litert = compare(floats(converted.outputs[0]), floats(*reference));
    qInfo("state dict: LiteRT vs PyTorch max abs %.3g; shown %.3g", litert.maxAbsError,
        shownNumbers(wizard).maxAbsError);
    QVERIFY(litert.maxAbsError <= 1e-5);

    // The class and folder come back for the same file only.
    ConversionWizard again;
    again.setSourcePath(weights);
    QCOMPARE(again.sourcePage()->moduleClassEdit()->text(), QStringLiteral("tinynet:TinyNet"));
    QCOMPARE(again.sourcePage()->moduleDirEdit()->text(), codeDir);
    QFile other(m_dir.filePath(QStringLiteral("other.pt")));
    QVERIFY(other.open(QIODevice::WriteOnly));
    other.close();
    again.setSourcePath(other.fileName());
    QVERIFY(again.sourcePage()->moduleClassEdit()->text().isEmpty());
}

/// The scale of the int8 tensor the written model quantizes input 0 into (0 if there is none).
static double inputScale(const ir::Model& model)
{
    const ir::Graph& graph = model.main();
    for (const ir::Node& node : graph.nodes) {
        if (node.op == ir::OpKind::Quantize && node.inputs.front() == graph.inputs.front()) {
            const ir::Tensor& out = graph.tensors[static_cast<std::size_t>(node.outputs.front())];
            return out.quant.scales.empty() ? 0.0 : out.quant.scales.front();
        }
    }
    return 0.0;
}

void TestConversionWizard::preprocessingReachesCalibration()
{
    // Gray MNIST-sized images spanning 0..255: calibrated as [0, 1] the quantized input's scale
    // is 1/255, as [-1, 1] it is 2/255. The first image is also the validation sample.
    const QString images = m_dir.filePath(QStringLiteral("digits"));
    QVERIFY(QDir().mkpath(images));
    for (int i = 0; i < 3; ++i) {
        QImage image(28, 28, QImage::Format_Grayscale8);
        for (int y = 0; y < 28; ++y)
            for (int x = 0; x < 28; ++x)
                image.setPixel(x, y, qRgb((x * 9 + y * 3 + i * 40) % 256, 0, 0));
        image.setPixel(0, 0, qRgb(0, 0, 0));
        image.setPixel(1, 0, qRgb(255, 255, 255));
        QVERIFY(image.save(images + QStringLiteral("/digit_%1.png").arg(i)));
    }
    const QString source
        = test::sharedDir() + QStringLiteral("/corpus/onnx/mnist8_cntk/model.onnx");
    const auto calibrateOnImages = [&](QuantizationPage& page) {
        page.modeGroup()->button(static_cast<int>(QuantMode::Int8))->setChecked(true);
        page.datasetCombo()->setCurrentIndex(
            page.datasetCombo()->findData(static_cast<int>(DatasetKind::Folder)));
        page.datasetEdit()->setText(images);
        page.ioTypeCombo()->setCurrentIndex(
            page.ioTypeCombo()->findData(static_cast<int>(quant::IoType::Float32)));
    };
    std::map<quant::PixelScale, double> scales;
    for (const quant::PixelScale scale :
        { quant::PixelScale::Unit, quant::PixelScale::Symmetric }) {
        ConversionWizard wizard;
        QComboBox* combo = wizard.inputsPage()->preprocessingBox()->scaleCombo();
        combo->setCurrentIndex(combo->findData(static_cast<int>(scale)));
        const QString output
            = m_dir.filePath(QStringLiteral("digits_%1.tflite").arg(static_cast<int>(scale)));
        driveToRun(wizard, source, output, calibrateOnImages);
        QCOMPARE(wizard.request().image.scale, scale);
        qint64 gap = 0;
        QVERIFY2(waitForRun(wizard, gap), qPrintable(wizard.runPage()->logView()->toPlainText()));
        QVERIFY(wizard.outcome()->validation);
        QVERIFY(!wizard.outcome()->validation->randomInputs);
        QVERIFY(wizard.outcome()->validationNote.contains(QStringLiteral("calibration sample")));
        scales[scale] = inputScale(*wizard.outcome()->written);
    }
    qInfo("input scale: [0,1] %.6g, [-1,1] %.6g", scales[quant::PixelScale::Unit],
        scales[quant::PixelScale::Symmetric]);
    QVERIFY(std::abs(scales[quant::PixelScale::Unit] * 255.0 - 1.0) <= 1e-3);
    QVERIFY(std::abs(scales[quant::PixelScale::Symmetric] * 255.0 - 2.0) <= 2e-3);

    // The last choice comes back.
    ConversionWizard next;
    QCOMPARE(next.inputsPage()->preprocessingBox()->scaleCombo()->currentData().toInt(),
        static_cast<int>(quant::PixelScale::Symmetric));
    QSettings().remove(wizardSettingsKey("imageScale"));
}

QTEST_MAIN(TestConversionWizard)
#include "tst_conversion_wizard.moc"
