// SPDX-License-Identifier: GPL-3.0-or-later
// Every corpus .tflite is read into the IR and written back; Google's LiteRT runtime must load the
// result wherever it loads the original and produce bit-identical outputs on the same inputs.
#include "core/ir/text_format.h"
#include "core/tflite/tflite_reader.h"
#include "core/tflite/tflite_writer.h"
#include "tests/support/runtime_runner.h"

#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace lf;

class TestTfliteRoundTrip : public QObject {
    Q_OBJECT

private slots:
    void outputsAreBitIdentical_data();
    void outputsAreBitIdentical();
    void cleanupTestCase();

private:
    int m_comparedInRuntime = 0;
};

namespace {

/// The dump of the graphs and signatures; metadata may legitimately grow (min_runtime_version).
std::string graphDump(ir::Model model)
{
    model.metadata.clear();
    model.description.clear();
    model.sourcePath.clear();
    return ir::printModel(model);
}

/// Why LiteRT.js outputs on this model say nothing about our writer, or an empty string.
QString whyRuntimeCannotJudge(const ir::Model& model)
{
    for (const ir::Node& node : model.main().nodes) {
        if (node.op == ir::OpKind::Custom)
            return QStringLiteral("LiteRT.js has no kernel for the custom op %1; its outputs are uninitialised memory")
                .arg(QString::fromStdString(node.typeName()));
        const bool shapeIsInput = node.op == ir::OpKind::TransposeConv
            && !model.main().tensors[static_cast<std::size_t>(node.inputs[0])].isConstant();
        if (shapeIsInput)
            return QStringLiteral("TRANSPOSE_CONV takes its output shape from a model input, which random data cannot fill");
    }
    return {};
}

} // namespace

void TestTfliteRoundTrip::outputsAreBitIdentical_data()
{
    QTest::addColumn<QString>("path");
    const std::vector<QString> files = test::corpusFiles(QStringLiteral("tflite"), QStringLiteral(".tflite"));
    QVERIFY2(files.size() >= 20, "the corpus under ../shared/corpus/tflite is missing");
    for (const QString& file : files)
        QTest::newRow(qPrintable(QFileInfo(file).fileName())) << file;
}

void TestTfliteRoundTrip::outputsAreBitIdentical()
{
    QFETCH(QString, path);
    NullTaskContext context;
    Result<ir::Model> model = tflite::readTfliteFile(path.toStdString(), context);
    QVERIFY2(model, model ? "" : model.error().toString().c_str());

    QTemporaryDir folder;
    const QString written = folder.filePath(QStringLiteral("roundtrip.tflite"));
    Result<void> saved = tflite::writeTfliteFile(*model, written.toStdString());
    QVERIFY2(saved, saved ? "" : saved.error().toString().c_str());

    // Our reader must see the same graph in what we wrote.
    Result<ir::Model> reread = tflite::readTfliteFile(written.toStdString(), context);
    QVERIFY2(reread, reread ? "" : reread.error().toString().c_str());
    if (model->signatures.empty())
        reread->signatures.clear(); // the writer adds serving_default where the source had none
    QCOMPARE(graphDump(*reread), graphDump(*model));

    if (const QString reason = whyRuntimeCannotJudge(*model); !reason.isEmpty())
        QSKIP(qPrintable(reason));
    std::vector<NpyArray> inputs;
    const ir::Graph& graph = model->main();
    for (std::size_t i = 0; i < graph.inputs.size(); ++i) {
        const ir::Tensor& input = graph.tensors[static_cast<std::size_t>(graph.inputs[i])];
        std::vector<std::int64_t> shape = input.shape.extents();
        for (std::int64_t& extent : shape)
            extent = std::max<std::int64_t>(extent, 1); // LiteRT.js runs a dynamic dim at its stored size, 1
        inputs.push_back(test::randomNpyArray(input.dtype, shape, 1234 + static_cast<std::uint32_t>(i)));
    }
    const test::RuntimeRun original = test::runInRealRuntime(path, inputs);
    if (!original.ok)
        QSKIP(qPrintable(QStringLiteral("LiteRT refuses the original too: ") + original.error.left(300)));
    const test::RuntimeRun converted = test::runInRealRuntime(written, inputs);
    QVERIFY2(converted.ok, qPrintable(converted.error));
    QCOMPARE(converted.outputs.size(), original.outputs.size());
    for (std::size_t o = 0; o < original.outputs.size(); ++o) {
        QCOMPARE(converted.outputs[o].dtype, original.outputs[o].dtype);
        QCOMPARE(converted.outputs[o].shape, original.outputs[o].shape);
        QVERIFY2(converted.outputs[o].data == original.outputs[o].data,
                 qPrintable(QStringLiteral("output %1 differs").arg(o)));
    }
    ++m_comparedInRuntime;
}

void TestTfliteRoundTrip::cleanupTestCase()
{
    // Skips are legitimate only for the few files LiteRT itself refuses (stateful LSTM, TFLM quirks).
    QVERIFY2(m_comparedInRuntime >= 21, qPrintable(QString::number(m_comparedInRuntime) + " models compared"));
}

QTEST_GUILESS_MAIN(TestTfliteRoundTrip)
#include "tst_tflite_roundtrip.moc"
