// SPDX-License-Identifier: GPL-3.0-or-later
// ONNX lowerings against PyTorch where ONNX's conformance suite has no cases: each case in
// pytorch_cases/ (exported by pytorch_cases/make_cases.py with PyTorch's outputs as the expected
// values) is converted, and both the imported and the converted graph are run by our interpreter
// and compared with PyTorch. They cover GRU with linear_before_reset = 1, bidirectional and stacked
// LSTM/GRU, batch_first, initial states; grouped, depthwise and 1-D (transposed) convolutions; and
// pools whose ceil_mode or pads need the explicit PAD and count correction.
#include "core/convert/convert.h"
#include "core/importers/onnx/onnx_file.h"
#include "tests/support/model_runner.h"
#include "tests/support/runtime_runner.h"

#include <QDir>
#include <QTest>

using namespace lf;

namespace {

QString casesDir()
{
    return test::sourceDir() + QStringLiteral("/tests/core/importers/onnx/pytorch_cases");
}

/// <folder>/test_data_set_0/<prefix>N.pb for N = 0, 1, ... as arrays; stops at the first missing or
/// unreadable file (which the comparison then reports as a missing array).
std::vector<onnx_import::NamedArray> readNumbered(const QString& folder, const QString& prefix)
{
    std::vector<onnx_import::NamedArray> arrays;
    for (int i = 0;; ++i) {
        const QString path = folder + QStringLiteral("/test_data_set_0/") + prefix
            + QString::number(i) + QStringLiteral(".pb");
        if (!QFile::exists(path))
            return arrays;
        auto named = onnx_import::readTensorProtoFile(path.toStdString());
        if (!named) {
            qWarning("%s", named.error().toString().c_str());
            return arrays;
        }
        arrays.push_back(std::move(*named));
    }
}

/// An empty string if `model` reproduces `expected` on `inputs`, otherwise why not.
QString mismatch(const ir::Model& model, const std::vector<NpyArray>& inputs,
    const std::vector<onnx_import::NamedArray>& expected)
{
    auto outputs = test::runInterpreter(model, inputs);
    if (!outputs)
        return QString::fromStdString("run failed: " + outputs.error().toString());
    if (outputs->size() != expected.size())
        return QStringLiteral("%1 outputs, expected %2").arg(outputs->size()).arg(expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        if ((*outputs)[i].shape != expected[i].array.shape)
            return QStringLiteral("output %1 has the wrong shape").arg(i);
        const test::ArrayComparison comparison
            = test::compareArrays((*outputs)[i], expected[i].array, 1e-4, 1e-5);
        if (!comparison.ok)
            return QStringLiteral("output %1: %2").arg(i).arg(comparison.message);
    }
    return {};
}

} // namespace

class TestOnnxPytorchCases : public QObject
{
    Q_OBJECT

private slots:
    void matchesPyTorch_data();
    void matchesPyTorch();
};

void TestOnnxPytorchCases::matchesPyTorch_data()
{
    QTest::addColumn<QString>("folder");
    const QDir root(casesDir());
    const QStringList cases = root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    QVERIFY2(cases.size() >= 21, qPrintable(QStringLiteral("missing cases in ") + root.path()));
    for (const QString& name : cases)
        QTest::newRow(qPrintable(name)) << root.filePath(name);
}

void TestOnnxPytorchCases::matchesPyTorch()
{
    QFETCH(QString, folder);
    std::vector<NpyArray> inputs;
    ConvertOptions options;
    options.pipeline.keepIoLayout = true;
    for (onnx_import::NamedArray& named : readNumbered(folder, QStringLiteral("input_"))) {
        options.inputShapes[named.name] = named.array.shape;
        inputs.push_back(std::move(named.array));
    }
    const std::vector<onnx_import::NamedArray> expected
        = readNumbered(folder, QStringLiteral("output_"));
    QVERIFY(!expected.empty());

    NullTaskContext context;
    auto conversion
        = convertModel((folder + QStringLiteral("/model.onnx")).toStdString(), options, context);
    QVERIFY2(conversion, conversion ? "" : conversion.error().toString().c_str());
    const QString imported = mismatch(conversion->imported, inputs, expected);
    QVERIFY2(imported.isEmpty(), qPrintable(QStringLiteral("imported graph: ") + imported));
    const QString converted = mismatch(conversion->converted, inputs, expected);
    QVERIFY2(converted.isEmpty(), qPrintable(QStringLiteral("converted graph: ") + converted));
}

QTEST_GUILESS_MAIN(TestOnnxPytorchCases)
#include "tst_onnx_pytorch_cases.moc"
