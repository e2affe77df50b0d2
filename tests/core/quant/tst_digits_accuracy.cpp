// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 5's trained-model acceptance: a small CNN trained with PyTorch on scikit-learn's 8x8 digits
// (tests/data/digits/train_digits.py, run as the ctest fixture digits_fixtures) is converted from
// ONNX, calibrated on 100 images of the TRAINING split (a folder of NCHW .npy files, adapted to the
// converted NHWC input by the dataset) and quantized to int8 through quantizeFloatModel. Over the
// whole test split the int8 model's accuracy in our interpreter must be within 1 point of the float
// model's, and the float model must match PyTorch's own accuracy. The int8 model with int8 I/O must
// load in LiteRT and give our interpreter's outputs, allowing XNNPACK's one-step requantization
// differences.
#include "core/convert/convert.h"
#include "core/convert/quantize_pipeline.h"
#include "core/tflite/tflite_reader.h"
#include "core/tflite/tflite_writer.h"
#include "tests/support/model_runner.h"
#include "tests/support/runtime_runner.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstring>

using namespace lf;

namespace {

QString digitsDir() { return test::binaryDir() + QStringLiteral("/tests/data/digits"); }

std::filesystem::path digitsFile(const QString& name) { return (digitsDir() + '/' + name).toStdString(); }

/// Image i of an [N,1,8,8] float array as a [1,8,8,1] array (the converted model's NHWC input; one
/// channel, so the values keep their order).
NpyArray imageAt(const NpyArray& images, std::size_t i)
{
    constexpr std::size_t kPixels = 64;
    NpyArray image{ir::DType::Float32, {1, 8, 8, 1}, std::vector<std::byte>(kPixels * sizeof(float))};
    std::memcpy(image.data.data(), images.data.data() + i * kPixels * sizeof(float), kPixels * sizeof(float));
    return image;
}

/// The input quantized with the model input's parameters when that input is an integer tensor.
NpyArray toModelInput(const ir::Model& model, const NpyArray& sample)
{
    const ir::Tensor& input = model.main().tensors[static_cast<std::size_t>(model.main().inputs[0])];
    if (input.dtype == ir::DType::Float32)
        return sample;
    const std::vector<double> values = test::toDoubles(sample);
    NpyArray result{input.dtype, sample.shape, std::vector<std::byte>(values.size())};
    for (std::size_t i = 0; i < values.size(); ++i) {
        const double q = std::round(values[i] / input.quant.scales[0]) + static_cast<double>(input.quant.zeroPoints[0]);
        result.data[i] = static_cast<std::byte>(static_cast<std::int8_t>(std::clamp(q, -128.0, 127.0)));
    }
    return result;
}

std::size_t argmax(const std::vector<double>& values)
{
    return static_cast<std::size_t>(std::max_element(values.begin(), values.end()) - values.begin());
}

struct Fixture {
    ir::Model floatModel;
    ir::Model int8Model;
    NpyArray images;
    std::vector<double> labels;
    double torchAccuracy = 0;
};

} // namespace

class TestDigitsAccuracy : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void int8AccuracyWithinOnePoint();
    void liteRtAgrees();

private:
    double accuracy(const ir::Model& model);

    Fixture m_fixture;
};

void TestDigitsAccuracy::initTestCase()
{
    QVERIFY2(QFile::exists(digitsDir() + QStringLiteral("/digits.stamp")),
             "the digits fixture is missing: run through ctest (fixture digits_fixtures) or train_digits.py");
    NullTaskContext context;
    Result<Conversion> conversion = convertModel(digitsFile(QStringLiteral("digits_cnn.onnx")), {}, context);
    QVERIFY2(conversion, conversion ? "" : conversion.error().toString().c_str());
    m_fixture.floatModel = std::move(conversion->converted);

    quant::DatasetSpec spec;
    spec.sources = {digitsFile(QStringLiteral("calibration")).string()};
    auto data = quant::openDataset(spec, m_fixture.floatModel);
    QVERIFY2(data, data ? "" : data.error().toString().c_str());
    QCOMPARE((*data)->size(), std::size_t(100));
    QuantizePipelineOptions options;
    auto outcome = quantizeFloatModel(m_fixture.floatModel, data->get(), options, context);
    QVERIFY2(outcome, outcome ? "" : outcome.error().toString().c_str());
    QCOMPARE(outcome->calibration->samples, std::size_t(100));
    for (const auto& [node, reason] : outcome->quantized.floatNodes)
        qInfo("float: %s (%s)", node.c_str(), reason.c_str());
    m_fixture.int8Model = std::move(outcome->quantized.model);

    auto images = readNpy(digitsFile(QStringLiteral("test_images.npy")));
    auto labels = readNpy(digitsFile(QStringLiteral("test_labels.npy")));
    QVERIFY(images && labels);
    QCOMPARE(images->shape.size(), std::size_t(4));
    QCOMPARE(images->shape[0], labels->shape[0]);
    m_fixture.images = std::move(*images);
    m_fixture.labels = test::toDoubles(*labels);
    QFile accuracyFile(digitsDir() + QStringLiteral("/accuracy.txt"));
    QVERIFY(accuracyFile.open(QIODevice::ReadOnly));
    m_fixture.torchAccuracy = accuracyFile.readAll().trimmed().toDouble();
}

double TestDigitsAccuracy::accuracy(const ir::Model& model)
{
    std::size_t correct = 0;
    for (std::size_t i = 0; i < m_fixture.labels.size(); ++i) {
        auto outputs = test::runInterpreter(model, {imageAt(m_fixture.images, i)});
        if (!outputs)
            return -1;
        correct += argmax(test::toDoubles(outputs->front())) == static_cast<std::size_t>(m_fixture.labels[i]);
    }
    return static_cast<double>(correct) / static_cast<double>(m_fixture.labels.size());
}

void TestDigitsAccuracy::int8AccuracyWithinOnePoint()
{
    const double floatAccuracy = accuracy(m_fixture.floatModel);
    const double int8Accuracy = accuracy(m_fixture.int8Model);
    qInfo("digits test split (%zu images): PyTorch %.2f %%, float %.2f %%, int8 %.2f %%", m_fixture.labels.size(),
          100 * m_fixture.torchAccuracy, 100 * floatAccuracy, 100 * int8Accuracy);
    // The converted float model is PyTorch's network: at most one image may flip on float rounding.
    QVERIFY2(std::abs(floatAccuracy - m_fixture.torchAccuracy) * static_cast<double>(m_fixture.labels.size()) <= 1.01,
             qPrintable(QStringLiteral("float %1 vs PyTorch %2").arg(floatAccuracy).arg(m_fixture.torchAccuracy)));
    QVERIFY2(floatAccuracy > 0.9, "the trained network should classify digits");
    QVERIFY2(int8Accuracy >= floatAccuracy - 0.01,
             qPrintable(QStringLiteral("int8 %1 vs float %2").arg(int8Accuracy).arg(floatAccuracy)));
}

void TestDigitsAccuracy::liteRtAgrees()
{
    NullTaskContext context;
    quant::DatasetSpec spec;
    spec.sources = {digitsFile(QStringLiteral("calibration")).string()};
    auto data = quant::openDataset(spec, m_fixture.floatModel);
    QVERIFY(data);
    QuantizePipelineOptions options;
    options.quantize.ioType = quant::IoType::Int8;
    auto outcome = quantizeFloatModel(m_fixture.floatModel, data->get(), options, context);
    QVERIFY2(outcome, outcome ? "" : outcome.error().toString().c_str());
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("digits_int8.tflite"));
    QVERIFY(tflite::writeTfliteFile(outcome->quantized.model, path.toStdString()).has_value());
    auto reread = tflite::readTfliteFile(path.toStdString(), context);
    QVERIFY(reread.has_value());

    constexpr std::size_t kSamples = 16;
    std::size_t identical = 0;
    std::size_t total = 0;
    std::size_t sameClass = 0;
    double maxSteps = 0;
    for (std::size_t s = 0; s < kSamples; ++s) {
        const NpyArray input = toModelInput(*reread, imageAt(m_fixture.images, s));
        auto ours = test::runInterpreter(*reread, {input});
        QVERIFY2(ours, ours ? "" : ours.error().toString().c_str());
        const test::RuntimeRun liteRt = test::runInRealRuntime(path, {input});
        QVERIFY2(liteRt.ok, qPrintable(liteRt.error));
        const std::vector<double> a = test::toDoubles(ours->front());
        const std::vector<double> b = test::toDoubles(liteRt.outputs.front());
        QCOMPARE(a.size(), b.size());
        for (std::size_t i = 0; i < a.size(); ++i) {
            identical += a[i] == b[i];
            maxSteps = std::max(maxSteps, std::abs(a[i] - b[i]));
        }
        total += a.size();
        sameClass += argmax(a) == argmax(b);
    }
    qInfo("digits int8 in LiteRT: %zu of %zu output elements identical to ours, at most %g steps apart; same class on %zu of %zu",
          identical, total, maxSteps, sameClass, kSamples);
    // XNNPACK requantizes in fp32 arithmetic: a step here and there, compounding over the four layers.
    QVERIFY(maxSteps <= 2);
    QVERIFY(identical * 10 >= total * 9);
    QVERIFY(sameClass + 1 >= kSamples);
}

QTEST_GUILESS_MAIN(TestDigitsAccuracy)
#include "tst_digits_accuracy.moc"
