// SPDX-License-Identifier: GPL-3.0-or-later
// Hostile and broken ONNX files (made by tests/data/onnx/make_bad_models.py into the build tree):
// each import fails with the right error code and a message naming the file and the node, tensor or
// reason; the valid twin converts.
#include "core/convert/convert.h"
#include "core/importers/onnx/onnx_importer.h"
#include "tests/support/runtime_runner.h"

#include <QTest>

using namespace lf;

class TestOnnxBadInput : public QObject {
    Q_OBJECT

private slots:
    void rejects_data();
    void rejects();
    void validTwinConverts();
};

namespace {

QString badModel(const QString& name) { return test::binaryDir() + QStringLiteral("/tests/data/onnx_bad/") + name; }

} // namespace

void TestOnnxBadInput::rejects_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("code");
    QTest::addColumn<QStringList>("mentions");
    const int invalid = static_cast<int>(ErrorCode::InvalidModel);
    QTest::newRow("truncated") << "truncated.onnx" << invalid << QStringList{"truncated.onnx", "cannot be parsed"};
    QTest::newRow("not protobuf") << "not_protobuf.onnx" << invalid << QStringList{"not_protobuf.onnx", "not a valid ONNX model"};
    QTest::newRow("missing external data") << "missing_external_data.onnx" << static_cast<int>(ErrorCode::Io)
                                           << QStringList{"missing_weights.bin", "tensor 'w'"};
    QTest::newRow("cycle") << "cyclic.onnx" << invalid << QStringList{"Conv 'conv'", "cycle"};
    QTest::newRow("unknown domain") << "unknown_domain.onnx" << static_cast<int>(ErrorCode::UnsupportedOp)
                                    << QStringList{"Relu 'relu'", "com.example.custom"};
    QTest::newRow("dims over 2^31") << "huge_dims.onnx" << invalid << QStringList{"tensor 'w'", "2147483653", "2^31"};
    QTest::newRow("unsupported ops, all listed") << "unsupported_ops.onnx" << static_cast<int>(ErrorCode::UnsupportedOp)
                                                 << QStringList{"2 node(s)", "NonMaxSuppression 'nms'", "Loop 'loop'"};
}

void TestOnnxBadInput::rejects()
{
    QFETCH(QString, file);
    QFETCH(int, code);
    QFETCH(QStringList, mentions);
    NullTaskContext context;
    const auto conversion = convertModel(badModel(file).toStdString(), {}, context);
    QVERIFY(!conversion);
    QString text = QString::fromStdString(conversion.error().toString());
    for (const std::string& note : conversion.error().notes)
        text += QStringLiteral("; ") + QString::fromStdString(note);
    QCOMPARE(static_cast<int>(conversion.error().code), code);
    for (const QString& mention : mentions)
        QVERIFY2(text.contains(mention), qPrintable(text + QStringLiteral(" (should mention: ") + mention + ')'));
}

void TestOnnxBadInput::validTwinConverts()
{
    NullTaskContext context;
    const auto conversion = convertModel(badModel(QStringLiteral("valid.onnx")).toStdString(), {}, context);
    QVERIFY2(conversion, conversion ? "" : conversion.error().toString().c_str());
    QCOMPARE(conversion->converted.main().nodes.size(), std::size_t(1)); // CONV_2D with the RELU fused
}

QTEST_GUILESS_MAIN(TestOnnxBadInput)
#include "tst_onnx_bad_input.moc"
