// SPDX-License-Identifier: GPL-3.0-or-later
// The TFLite reader on hostile input: every truncation and thousands of byte corruptions of a real
// model must give an error or a verified model, never a crash; plus the repair of bad quantized
// dimensions and what the reader keeps of custom ops.
#include "core/base/file_io.h"
#include "core/ir/verifier.h"
#include "core/tflite/tflite_reader.h"
#include "tests/support/runtime_runner.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <random>

using namespace lf;

namespace {

class RecordingContext final : public TaskContext {
public:
    bool isCancelled() const override { return false; }
    void setProgress(int, int, std::string_view) override {}
    void report(Diagnostic diagnostic) override { diagnostics.push_back(std::move(diagnostic)); }
    std::vector<Diagnostic> diagnostics;
};

QByteArray corpusBytes(const QString& relative)
{
    QFile file(test::sharedDir() + QStringLiteral("/corpus/tflite/") + relative);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

Result<ir::Model> readBytes(const QByteArray& bytes, TaskContext& context)
{
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("model.tflite"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        return fail(ErrorCode::Io, "cannot write the test file");
    file.close();
    return tflite::readTfliteFile(path.toStdString(), context);
}

} // namespace

class TestTfliteReader : public QObject {
    Q_OBJECT

private slots:
    void everyTruncationIsRejected();
    void corruptedBytesNeverCrash();
    void wrongIdentifierIsNamed();
    void repairsQuantizedDimensionBeyondRank();
    void keepsCustomOpsOpaque();
    void constantsAliasTheMappedFile();
};

void TestTfliteReader::everyTruncationIsRejected()
{
    const QByteArray model = corpusBytes(QStringLiteral("hello_world_sine/hello_world_int8.tflite"));
    QVERIFY(model.size() > 1000);
    NullTaskContext context;
    for (qsizetype length = 0; length < model.size(); length += 7) {
        const Result<ir::Model> read = readBytes(model.left(length), context);
        QVERIFY2(!read, qPrintable(QStringLiteral("a %1-byte prefix was accepted").arg(length)));
        QCOMPARE(read.error().code, ErrorCode::InvalidModel);
        QVERIFY(read.error().toString().find("model.tflite") != std::string::npos);
    }
    QVERIFY(readBytes(model, context));
}

void TestTfliteReader::corruptedBytesNeverCrash()
{
    const QByteArray model = corpusBytes(QStringLiteral("kws_ds_cnn_mlperf/kws_ref_model_int8.tflite"));
    QVERIFY(!model.isEmpty());
    std::mt19937 generator(7);
    std::uniform_int_distribution<qsizetype> position(0, model.size() - 1);
    std::uniform_int_distribution<int> byte(0, 255);
    NullTaskContext context;
    int rejected = 0;
    for (int trial = 0; trial < 1500; ++trial) {
        QByteArray corrupted = model;
        // Corrupt the first 2 KiB (tables, vtables, offsets) more often than the weights.
        for (int flips = 0; flips < 4; ++flips) {
            const qsizetype at = trial % 2 ? position(generator) % 2048 : position(generator);
            corrupted[at] = static_cast<char>(byte(generator));
        }
        const Result<ir::Model> read = readBytes(corrupted, context);
        if (read)
            QVERIFY(ir::verify(*read));
        else
            ++rejected;
    }
    QVERIFY2(rejected > 100, qPrintable(QString::number(rejected))); // the corruption did reach the structure
}

void TestTfliteReader::wrongIdentifierIsNamed()
{
    QByteArray model = corpusBytes(QStringLiteral("hello_world_sine/hello_world_float.tflite"));
    model.replace(4, 4, "XXXX");
    NullTaskContext context;
    const Result<ir::Model> read = readBytes(model, context);
    QVERIFY(!read);
    QVERIFY2(read.error().message.find("TFL3") != std::string::npos, read.error().message.c_str());
}

void TestTfliteReader::repairsQuantizedDimensionBeyondRank()
{
    RecordingContext context;
    const Result<ir::Model> read = tflite::readTfliteFile(
        (test::sharedDir() + QStringLiteral("/corpus/tflite/person_detect_int8/person_detect.tflite")).toStdString(), context);
    QVERIFY2(read, read ? "" : read.error().toString().c_str());
    QVERIFY(!context.diagnostics.empty());
    QVERIFY(context.diagnostics[0].message.find("quantized dimension 3 is outside rank 1") != std::string::npos);
    QVERIFY(context.diagnostics[0].where.find("Conv2D_bias") != std::string::npos);
    for (const ir::Tensor& tensor : read->main().tensors) {
        if (tensor.quant.isPerAxis())
            QVERIFY(tensor.quant.axis < tensor.shape.rank());
    }
}

void TestTfliteReader::keepsCustomOpsOpaque()
{
    NullTaskContext context;
    const Result<ir::Model> read = tflite::readTfliteFile(
        (test::sharedDir() + QStringLiteral("/corpus/tflite/micro_speech_int8/audio_preprocessor_int8.tflite")).toStdString(),
        context);
    QVERIFY2(read, read ? "" : read.error().toString().c_str());
    int custom = 0;
    for (const ir::Node& node : read->main().nodes) {
        if (node.op != ir::OpKind::Custom)
            continue;
        ++custom;
        QVERIFY(node.typeName().starts_with("Signal"));
        QVERIFY(node.attributes.has("custom_options"));
    }
    QCOMPARE(custom, 9);
}

void TestTfliteReader::constantsAliasTheMappedFile()
{
    const QString path = test::sharedDir() + QStringLiteral("/corpus/tflite/vww_mobilenet_96_mlperf/vww_96_float.tflite");
    Result<std::shared_ptr<const MappedFile>> file = MappedFile::open(path.toStdString());
    QVERIFY(file);
    const std::span<const std::byte> mapped = (*file)->bytes();
    NullTaskContext context;
    const Result<ir::Model> read = tflite::readTflite(*file, context);
    QVERIFY(read);
    int constants = 0;
    for (const ir::Tensor& tensor : read->main().tensors) {
        if (!tensor.isConstant())
            continue;
        ++constants;
        QVERIFY(tensor.data.bytes().data() >= mapped.data());
        QVERIFY(tensor.data.bytes().data() + tensor.data.size() <= mapped.data() + mapped.size());
    }
    QVERIFY(constants > 20);
}

QTEST_GUILESS_MAIN(TestTfliteReader)
#include "tst_tflite_reader.moc"
