// SPDX-License-Identifier: GPL-3.0-or-later
// The .lfir dump of real models against golden files: it must be stable (the golden files pin every
// tensor, attribute and hash) and deterministic (two reads print the same text).
#include "core/ir/text_format.h"
#include "core/tflite/tflite_reader.h"
#include "tests/support/golden.h"
#include "tests/support/runtime_runner.h"

#include <QTest>

using namespace lf;

class TestTextFormat : public QObject {
    Q_OBJECT

private slots:
    void matchesGolden_data();
    void matchesGolden();
};

void TestTextFormat::matchesGolden_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("golden");
    QTest::newRow("hello_world_int8") << QStringLiteral("hello_world_sine/hello_world_int8.tflite")
                                      << QStringLiteral("tflite/hello_world_int8.expected.lfir");
    QTest::newRow("kws_ref_model_int8") << QStringLiteral("kws_ds_cnn_mlperf/kws_ref_model_int8.tflite")
                                        << QStringLiteral("tflite/kws_ref_model_int8.expected.lfir");
    QTest::newRow("audio_preprocessor_int8") << QStringLiteral("micro_speech_int8/audio_preprocessor_int8.tflite")
                                             << QStringLiteral("tflite/audio_preprocessor_int8.expected.lfir");
}

void TestTextFormat::matchesGolden()
{
    QFETCH(QString, model);
    QFETCH(QString, golden);
    NullTaskContext context;
    const std::string path = (test::sharedDir() + QStringLiteral("/corpus/tflite/") + model).toStdString();
    Result<ir::Model> first = tflite::readTfliteFile(path, context);
    QVERIFY2(first, first ? "" : first.error().toString().c_str());
    Result<ir::Model> second = tflite::readTfliteFile(path, context);
    QVERIFY(second);
    first->sourcePath.clear(); // machine-specific
    second->sourcePath.clear();
    const std::string text = ir::printModel(*first);
    QCOMPARE(ir::printModel(*second), text);
    QVERIFY2(test::matchesGolden(golden, text), "see the diff above");
}

QTEST_GUILESS_MAIN(TestTextFormat)
#include "tst_text_format.moc"
