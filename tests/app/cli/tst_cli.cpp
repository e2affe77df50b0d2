// SPDX-License-Identifier: GPL-3.0-or-later
// Tests of liteforge-cli run as a process: broken and missing inputs give exit code 2 and one
// stderr line without leaving files behind, usage errors give 2, and on every corpus .tflite the op
// counts of `inspect --json` (before and after `convert`) match a decoding of the file by flatc,
// not by our reader.
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
#include <random>

namespace {

/// Loading the biggest corpus model takes well under a second; a minute means the CLI hangs.
constexpr int kTimeoutMs = 60'000;
constexpr int kCustomOperator = 32; ///< BuiltinOperator.CUSTOM in the TFLite schema

struct CliRun {
    int exitCode = -1;
    bool crashed = false;
    QByteArray out;
    QByteArray err;
};

QString cliPath() { return lf::test::binaryDir() + QStringLiteral("/bin/liteforge-cli"); }

CliRun runCli(const QStringList& arguments)
{
    QProcess process;
    process.start(cliPath(), arguments);
    CliRun run;
    if (!process.waitForStarted() || !process.waitForFinished(kTimeoutMs)) {
        process.kill();
        process.waitForFinished();
        run.crashed = true;
        return run;
    }
    run.crashed = process.exitStatus() != QProcess::NormalExit;
    run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

QString describe(const CliRun& run)
{
    return QStringLiteral("exit %1%2, stderr: %3")
        .arg(run.exitCode)
        .arg(run.crashed ? QStringLiteral(" (crashed or timed out)") : QString())
        .arg(QString::fromUtf8(run.err));
}

bool isOneLine(const QByteArray& text) { return text.endsWith('\n') && text.count('\n') == 1; }

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
