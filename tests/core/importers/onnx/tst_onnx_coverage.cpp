// SPDX-License-Identifier: GPL-3.0-or-later
// The coverage report's "approximated" class on single-op models of ONNX's conformance suite:
// nodes whose lowering changes the numbers are listed (with the reason, in the text and the JSON of
// `liteforge-cli check`), exact ones are not. For Erf, the converted model's outputs stay within
// the documented bound of the suite's expected values. int64 arithmetic on runtime values is
// approximated (it runs in int32), int64 shape arithmetic is not (it folds at conversion time).
#include "core/convert/convert.h"
#include "core/importers/onnx/onnx_file.h"
#include "core/importers/onnx/onnx_importer.h"
#include "tests/support/model_runner.h"

#include <QTemporaryDir>
#include <QTest>

#include <onnx/onnx_pb.h>

#include <fstream>

using namespace lf;

class TestOnnxCoverage : public QObject {
    Q_OBJECT

private slots:
    void approximated_data();
    void approximated();
    void erfStaysWithinItsBound();
    void int64ShapeArithmeticIsExact();
};

namespace {

QString caseDir(const QString& name) { return QStringLiteral("/usr/share/libonnx-testdata/data/node/") + name; }

std::filesystem::path caseModel(const QString& name) { return (caseDir(name) + QStringLiteral("/model.onnx")).toStdString(); }

} // namespace

void TestOnnxCoverage::approximated_data()
{
    QTest::addColumn<QString>("testCase");
    QTest::addColumn<QString>("reasonMentions"); ///< empty: the node is exact
    QTest::newRow("Erf polynomial") << "test_erf" << "Abramowitz-Stegun";
    QTest::newRow("Softplus overflow") << "test_softplus" << "overflows";
    QTest::newRow("Asinh exp/log form") << "test_asinh" << "relative precision";
    QTest::newRow("Acosh near 1") << "test_acosh" << "near 1";
    QTest::newRow("int64 Pow in int32") << "test_pow_types_int64_int64" << "int32";
    QTest::newRow("Relu exact") << "test_relu" << "";
    QTest::newRow("Tanh exact") << "test_tanh" << "";
    QTest::newRow("float Pow exact") << "test_pow" << "";
    QTest::newRow("fmod exact") << "test_mod_mixed_sign_float32" << "";
}

void TestOnnxCoverage::approximated()
{
    QFETCH(QString, testCase);
    QFETCH(QString, reasonMentions);
    if (!QFile::exists(caseDir(testCase)))
        QSKIP("ONNX's conformance data (libonnx-testdata) is not installed");
    NullTaskContext context;
    const auto report = onnx_import::checkOnnx(caseModel(testCase), context);
    QVERIFY2(report, report ? "" : report.error().toString().c_str());
    QVERIFY(report->convertible());
    const QString text = QString::fromStdString(report->toText());
    const QString json = QString::fromStdString(report->toJson());
    if (reasonMentions.isEmpty()) {
        QVERIFY2(report->approximated.empty(), qPrintable(text));
        QVERIFY(json.contains(QStringLiteral("\"approximated\":[]")));
        return;
    }
    QCOMPARE(report->approximated.size(), std::size_t(1));
    const onnx_import::ApproximatedNode& node = report->approximated.front();
    QVERIFY2(QString::fromStdString(node.reason).contains(reasonMentions), node.reason.c_str());
    QVERIFY(text.contains(QStringLiteral("1 node(s) are converted with approximated numbers")));
    QVERIFY(text.contains(QString::fromStdString(node.opType + " '" + node.name + "' [approximated]")));
    QVERIFY(json.contains(QStringLiteral("\"approximated\":[{\"op_type\":\"%1\"").arg(QString::fromStdString(node.opType))));
}

void TestOnnxCoverage::erfStaysWithinItsBound()
{
    if (!QFile::exists(caseDir(QStringLiteral("test_erf"))))
        QSKIP("ONNX's conformance data (libonnx-testdata) is not installed");
    NullTaskContext context;
    const auto conversion = convertModel(caseModel(QStringLiteral("test_erf")), {}, context);
    QVERIFY2(conversion, conversion ? "" : conversion.error().toString().c_str());
    const QString data = caseDir(QStringLiteral("test_erf")) + QStringLiteral("/test_data_set_0/");
    const auto input = onnx_import::readTensorProtoFile((data + QStringLiteral("input_0.pb")).toStdString());
    const auto expected = onnx_import::readTensorProtoFile((data + QStringLiteral("output_0.pb")).toStdString());
    QVERIFY(input && expected);
    const auto outputs = test::runInterpreter(conversion->converted, {input->array});
    QVERIFY2(outputs, outputs ? "" : outputs.error().toString().c_str());
    // The polynomial's 1.5e-7, plus float32 rounding of values up to 1 in its evaluation.
    const test::ArrayComparison comparison = test::compareArrays(outputs->front(), expected->array, 0.0, 1.5e-7 + 4.8e-7);
    qInfo("Erf: max abs error %.3g against ONNX's reference", comparison.maxAbsError);
    QVERIFY2(comparison.ok, qPrintable(comparison.message));
}

void TestOnnxCoverage::int64ShapeArithmeticIsExact()
{
    // x: int64 [2]; "shape_mul" = Shape(x) * Shape(x) (known at conversion time), "runtime_mul" = x * x.
    onnx::ModelProto model;
    model.set_ir_version(7);
    model.add_opset_import()->set_version(13);
    onnx::GraphProto& graph = *model.mutable_graph();
    graph.set_name("int64");
    const auto addValue = [](onnx::ValueInfoProto& info, const char* name) {
        info.set_name(name);
        auto& tensor = *info.mutable_type()->mutable_tensor_type();
        tensor.set_elem_type(onnx::TensorProto::INT64);
        tensor.mutable_shape()->add_dim()->set_dim_value(2);
    };
    addValue(*graph.add_input(), "x");
    const auto addNode = [&](const char* op, const char* name, std::vector<std::string> inputs, const char* output) {
        onnx::NodeProto& node = *graph.add_node();
        node.set_op_type(op);
        node.set_name(name);
        for (const std::string& input : inputs)
            node.add_input(input);
        node.add_output(output);
    };
    addNode("Shape", "shape", {"x"}, "s");
    addNode("Mul", "shape_mul", {"s", "s"}, "s2");
    addNode("Mul", "runtime_mul", {"x", "x"}, "y");
    addValue(*graph.add_output(), "y");
    addValue(*graph.add_output(), "s2");
    graph.mutable_output(1)->mutable_type()->mutable_tensor_type()->mutable_shape()->mutable_dim(0)->set_dim_value(1);
    QTemporaryDir dir;
    const std::filesystem::path path = (dir.path() + QStringLiteral("/int64.onnx")).toStdString();
    std::ofstream(path, std::ios::binary) << model.SerializeAsString();

    NullTaskContext context;
    const auto report = onnx_import::checkOnnx(path, context);
    QVERIFY2(report, report ? "" : report.error().toString().c_str());
    QVERIFY2(report->convertible(), report->toText().c_str());
    QCOMPARE(report->approximated.size(), std::size_t(1));
    QCOMPARE(report->approximated.front().name, std::string("runtime_mul"));
}

QTEST_GUILESS_MAIN(TestOnnxCoverage)
#include "tst_onnx_coverage.moc"
