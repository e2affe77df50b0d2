// SPDX-License-Identifier: GPL-3.0-or-later
// ONNX's backend conformance suite: every node test case whose ops LiteForge can express is
// converted, run by our interpreter before and after the conversion passes, and compared with the
// suite's expected outputs. Cases listed in conformance_passing.txt must pass (regressions fail);
// other cases are skipped with their reason, and the summary prints the pass count per op.
// LF_ONNX_CASES=<regex> selects cases; LF_UPDATE_GOLDEN=1 rewrites the list from the current results.
#include "core/convert/convert.h"
#include "core/importers/onnx/onnx_file.h"
#include "core/importers/onnx/onnx_importer.h"
#include "tests/support/model_runner.h"
#include "tests/support/runtime_runner.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

#include <map>
#include <set>

using namespace lf;

namespace {

QString testDataDir() { return qEnvironmentVariable("LF_ONNX_TESTDATA", QStringLiteral("/usr/share/libonnx-testdata/data/node")); }

QString passingListPath() { return test::sourceDir() + QStringLiteral("/tests/core/importers/onnx/conformance_passing.txt"); }

std::set<QString> readPassingList()
{
    std::set<QString> cases;
    QFile file(passingListPath());
    if (file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        for (const QByteArray& line : file.readAll().split('\n')) {
            const QString name = QString::fromUtf8(line).trimmed();
            if (!name.isEmpty() && !name.startsWith('#'))
                cases.insert(name);
        }
    }
    return cases;
}

/// input_0.pb, input_1.pb, ... (or output_N.pb) in index order.
std::vector<QString> numberedFiles(const QString& folder, const QString& prefix)
{
    std::vector<QString> files;
    for (int i = 0;; ++i) {
        const QString path = folder + '/' + prefix + QString::number(i) + QStringLiteral(".pb");
        if (!QFile::exists(path))
            return files;
        files.push_back(path);
    }
}

struct CaseResult {
    enum class Outcome { Passed, Failed, Unsupported };
    Outcome outcome = Outcome::Failed;
    QString op;
    QString reason;
    bool frozen = false; ///< passed with the inputs after the first frozen to constants
};

bool sameShape(const std::vector<std::int64_t>& shape, const ir::Shape& declared) { return declared.extents() == shape; }

/// [0, 2, ..., rank-1, 1]: channels-first to channels-last, and its inverse.
std::vector<int> toChannelsLast(std::size_t rank)
{
    std::vector<int> perm{0};
    for (int axis = 2; axis < static_cast<int>(rank); ++axis)
        perm.push_back(axis);
    perm.push_back(1);
    return perm;
}

std::vector<int> toChannelsFirst(std::size_t rank)
{
    std::vector<int> perm{0, static_cast<int>(rank) - 1};
    for (int axis = 1; axis + 1 < static_cast<int>(rank); ++axis)
        perm.push_back(axis);
    return perm;
}

/// Compares a run of `model` on `inputs` with `expected`, adapting 4-D arrays to NHWC where the
/// converted model's I/O became NHWC.
QString compareRun(const ir::Model& model, std::vector<NpyArray> inputs, const std::vector<NpyArray>& expected)
{
    const ir::Graph& graph = model.main();
    for (std::size_t i = 0; i < inputs.size() && i < graph.inputs.size(); ++i) {
        const ir::Shape& declared = graph.tensors[static_cast<std::size_t>(graph.inputs[i])].shape;
        if (inputs[i].shape.size() >= 3 && !sameShape(inputs[i].shape, declared))
            inputs[i] = test::permuteArray(inputs[i], toChannelsLast(inputs[i].shape.size()));
    }
    auto outputs = test::runInterpreter(model, inputs);
    if (!outputs)
        return QString::fromStdString("run failed: " + outputs.error().toString());
    if (outputs->size() != expected.size())
        return QStringLiteral("%1 outputs, expected %2").arg(outputs->size()).arg(expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        NpyArray actual = (*outputs)[i];
        if (actual.shape.size() >= 3 && actual.shape != expected[i].shape)
            actual = test::permuteArray(actual, toChannelsFirst(actual.shape.size()));
        if (actual.shape != expected[i].shape && actual.elementCount() != expected[i].elementCount())
            return QStringLiteral("output %1 has %2 elements, expected %3").arg(i).arg(actual.elementCount()).arg(expected[i].elementCount());
        const bool exact = !ir::isFloatingPoint(expected[i].dtype);
        const test::ArrayComparison comparison = test::compareArrays(actual, expected[i], exact ? 0 : 1e-3, exact ? 0 : 1e-5);
        if (!comparison.ok)
            return QStringLiteral("output %1: %2").arg(i).arg(comparison.message);
    }
    return {};
}

CaseResult runCase(const QString& folder)
{
    CaseResult result;
    const std::filesystem::path model = (folder + QStringLiteral("/model.onnx")).toStdString();
    NullTaskContext context;
    auto report = onnx_import::checkOnnx(model, context);
    if (!report) {
        result.reason = QString::fromStdString(report.error().toString());
        return result;
    }
    for (const auto& [op, count] : report->opCounts) {
        if (op != "Constant" || result.op.isEmpty())
            result.op = QString::fromStdString(op);
    }
    if (!report->convertible()) {
        result.outcome = CaseResult::Outcome::Unsupported;
        const auto& first = report->unsupported.front();
        result.reason = QString::fromStdString(first.reasonCode + ": " + first.reason);
        return result;
    }
    std::vector<onnx_import::NamedArray> inputs;
    std::vector<NpyArray> expected;
    for (const QString& path : numberedFiles(folder + QStringLiteral("/test_data_set_0"), QStringLiteral("input_"))) {
        auto named = onnx_import::readTensorProtoFile(path.toStdString());
        if (!named) {
            result.reason = QString::fromStdString(named.error().toString());
            return result;
        }
        inputs.push_back(std::move(*named));
    }
    for (const QString& path : numberedFiles(folder + QStringLiteral("/test_data_set_0"), QStringLiteral("output_"))) {
        auto named = onnx_import::readTensorProtoFile(path.toStdString());
        if (!named) {
            result.reason = QString::fromStdString(named.error().toString());
            return result;
        }
        expected.push_back(std::move(named->array));
    }
    // Shape operands fed as model inputs (a Reshape's shape, a Resize's scales) must be constants in
    // TFLite: when the conversion asks for that, every input after the first (or
    // the only one) is frozen to its value.
    auto convertWith = [&](std::size_t frozenFrom) {
        ConvertOptions options;
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            if (inputs[i].name.empty())
                continue;
            if (i >= frozenFrom)
                options.constantInputs[inputs[i].name] = inputs[i].array;
            else
                options.inputShapes[inputs[i].name] = inputs[i].array.shape;
        }
        return convertModel(model, options, context);
    };
    std::size_t fed = inputs.size();
    auto conversion = convertWith(fed);
    if (!conversion && conversion.error().message.find("requires") != std::string::npos
        && conversion.error().message.find("constant") != std::string::npos) {
        fed = inputs.size() > 1 ? 1 : 0;
        conversion = convertWith(fed);
        result.frozen = true;
    }
    if (!conversion) {
        result.reason = QString::fromStdString("conversion failed: " + conversion.error().toString());
        return result;
    }
    std::vector<NpyArray> feeds;
    for (std::size_t i = 0; i < fed; ++i)
        feeds.push_back(inputs[i].array);
    if (QString failure = compareRun(conversion->imported, feeds, expected); !failure.isEmpty()) {
        result.reason = QStringLiteral("imported graph: ") + failure;
        return result;
    }
    if (QString failure = compareRun(conversion->converted, feeds, expected); !failure.isEmpty()) {
        result.reason = QStringLiteral("converted graph: ") + failure;
        return result;
    }
    result.outcome = CaseResult::Outcome::Passed;
    return result;
}

} // namespace

class TestOnnxConformance : public QObject {
    Q_OBJECT

private slots:
    void conformance_data();
    void conformance();
    void cleanupTestCase();

private:
    std::set<QString> m_expectedPassing = readPassingList();
    std::map<QString, CaseResult> m_results;
};

void TestOnnxConformance::conformance_data()
{
    QTest::addColumn<QString>("folder");
    const QDir root(testDataDir());
    if (!root.exists())
        QSKIP("ONNX's conformance suite is not installed (Debian package libonnx-testdata)");
    const QRegularExpression filter(qEnvironmentVariable("LF_ONNX_CASES", QStringLiteral(".")));
    for (const QString& name : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        if (filter.match(name).hasMatch())
            QTest::newRow(qPrintable(name)) << root.filePath(name);
    }
}

void TestOnnxConformance::conformance()
{
    QFETCH(QString, folder);
    const QString name = QFileInfo(folder).fileName();
    const CaseResult result = runCase(folder);
    m_results[name] = result;
    const bool mustPass = m_expectedPassing.count(name) > 0;
    if (result.outcome == CaseResult::Outcome::Passed) {
        if (!mustPass)
            qInfo("%s passes now: add it to conformance_passing.txt (LF_UPDATE_GOLDEN=1)", qPrintable(name));
        if (result.frozen)
            qInfo("%s: passes with its shape operands frozen to constants", qPrintable(name));
        return;
    }
    if (mustPass)
        QFAIL(qPrintable(QStringLiteral("regression: ") + result.reason));
    QSKIP(qPrintable((result.outcome == CaseResult::Outcome::Unsupported ? QStringLiteral("not expressible: ")
                                                                         : QStringLiteral("fails: "))
                     + result.reason));
}

void TestOnnxConformance::cleanupTestCase()
{
    struct Counts {
        int passed = 0;
        int attempted = 0;
        int unsupported = 0;
    };
    std::map<QString, Counts> perOp;
    Counts total;
    for (const auto& [name, result] : m_results) {
        Counts& op = perOp[result.op];
        const bool unsupported = result.outcome == CaseResult::Outcome::Unsupported;
        const bool passed = result.outcome == CaseResult::Outcome::Passed;
        for (Counts* counts : {&op, &total}) {
            counts->unsupported += unsupported;
            counts->attempted += !unsupported;
            counts->passed += passed;
        }
    }
    QString table;
    for (const auto& [op, counts] : perOp) {
        if (counts.attempted > 0)
            table += QStringLiteral("  %1: %2/%3\n").arg(op).arg(counts.passed).arg(counts.attempted);
    }
    qInfo("ONNX conformance: %d of %d expressible cases pass (%d cases not expressible)\n%s", total.passed, total.attempted,
          total.unsupported, qPrintable(table));
    if (qEnvironmentVariableIntValue("LF_UPDATE_GOLDEN") == 1) {
        std::set<QString> passing;
        for (const QString& name : m_expectedPassing) {
            if (!m_results.count(name))
                passing.insert(name); // not run this time (LF_ONNX_CASES): keep
        }
        for (const auto& [name, result] : m_results) {
            if (result.outcome == CaseResult::Outcome::Passed)
                passing.insert(name);
        }
        QFile file(passingListPath());
        if (file.open(QIODevice::WriteOnly | QIODevice::Text | QIODevice::Truncate)) {
            file.write("# ONNX conformance cases (libonnx-testdata, node/) that must pass; regenerate with LF_UPDATE_GOLDEN=1\n");
            for (const QString& name : passing)
                file.write(name.toUtf8() + '\n');
        }
    }
}

QTEST_GUILESS_MAIN(TestOnnxConformance)
#include "tst_onnx_conformance.moc"
