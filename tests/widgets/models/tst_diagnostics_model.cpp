// SPDX-License-Identifier: GPL-3.0-or-later
// Tests DiagnosticsModel: conversion of core diagnostics and errors (file prefix removed from the
// location, notes appended), appended rows and clearing under QAbstractItemModelTester, and counts
// per severity.
#include "widgets/models/diagnostics_model.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using lf::ui::DiagnosticsModel;

class TestDiagnosticsModel : public QObject {
    Q_OBJECT

private slots:
    void fromDiagnostic_data()
    {
        QTest::addColumn<QString>("where");
        QTest::addColumn<QString>("expectedWhere");
        QTest::newRow("file prefix removed") << QStringLiteral("/m/a.tflite: tensor 'w' (3)")
                                             << QStringLiteral("tensor 'w' (3)");
        QTest::newRow("just the file") << QStringLiteral("/m/a.tflite") << QString();
        QTest::newRow("other location kept") << QStringLiteral("input 'x'") << QStringLiteral("input 'x'");
        QTest::newRow("other file kept") << QStringLiteral("/m/b.tflite: op 2")
                                         << QStringLiteral("/m/b.tflite: op 2");
    }

    void fromDiagnostic()
    {
        QFETCH(QString, where);
        QFETCH(QString, expectedWhere);
        const lf::Diagnostic diagnostic{lf::Diagnostic::Severity::Warning, "quantized dimension 3 is outside rank 1",
                                        where.toStdString()};
        const auto entry = DiagnosticsModel::fromDiagnostic(QStringLiteral("/m/a.tflite"), diagnostic);
        QCOMPARE(entry.severity, DiagnosticsModel::Severity::Warning);
        QCOMPARE(entry.where, expectedWhere);
        QCOMPARE(entry.message, QStringLiteral("quantized dimension 3 is outside rank 1"));
        QCOMPARE(entry.file, QStringLiteral("/m/a.tflite"));
    }

    void fromError()
    {
        const lf::Error error{lf::ErrorCode::InvalidModel, "truncated buffer", "/m/a.tflite: buffer 4",
                              {"file is 50 bytes", "expected 1200"}};
        const auto entry = DiagnosticsModel::fromError(QStringLiteral("/m/a.tflite"), error);
        QCOMPARE(entry.severity, DiagnosticsModel::Severity::Error);
        QCOMPARE(entry.where, QStringLiteral("buffer 4"));
        QCOMPARE(entry.message, QStringLiteral("truncated buffer; file is 50 bytes; expected 1200"));
    }

    void appendAndClear()
    {
        DiagnosticsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.columnCount(), int(DiagnosticsModel::ColumnCount));

        model.append({DiagnosticsModel::Severity::Warning, QStringLiteral("/m/a.tflite"), QStringLiteral("tensor 3"),
                      QStringLiteral("repaired")});
        model.append(std::vector<DiagnosticsModel::Entry>{
            {DiagnosticsModel::Severity::Error, QStringLiteral("/m/b.onnx"), {}, QStringLiteral("bad")},
            {DiagnosticsModel::Severity::Info, QStringLiteral("/m/b.onnx"), {}, QStringLiteral("note")}});
        model.append(std::vector<DiagnosticsModel::Entry>{}); // no signal for nothing
        QCOMPARE(inserted.count(), 2);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.count(DiagnosticsModel::Severity::Warning), 1);
        QCOMPARE(model.count(DiagnosticsModel::Severity::Error), 1);
        QCOMPARE(model.count(DiagnosticsModel::Severity::Info), 1);

        const auto cell = [&model](int row, int column) { return model.index(row, column).data().toString(); };
        QCOMPARE(cell(0, DiagnosticsModel::SeverityColumn), QStringLiteral("Warning"));
        QCOMPARE(cell(0, DiagnosticsModel::FileColumn), QStringLiteral("a.tflite"));
        QCOMPARE(cell(0, DiagnosticsModel::LocationColumn), QStringLiteral("tensor 3"));
        QCOMPARE(cell(0, DiagnosticsModel::MessageColumn), QStringLiteral("repaired"));
        QCOMPARE(cell(1, DiagnosticsModel::SeverityColumn), QStringLiteral("Error"));
        QCOMPARE(model.index(1, 0).data(DiagnosticsModel::FilePathRole).toString(), QStringLiteral("/m/b.onnx"));
        QCOMPARE(model.index(1, 0).data(DiagnosticsModel::SeverityRole).toInt(),
                 int(DiagnosticsModel::Severity::Error));
        QVERIFY(model.index(1, DiagnosticsModel::SeverityColumn).data(Qt::ForegroundRole).isValid());
        QVERIFY(!model.index(2, DiagnosticsModel::SeverityColumn).data(Qt::ForegroundRole).isValid());

        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.count(DiagnosticsModel::Severity::Error), 0);
    }
};

QTEST_MAIN(TestDiagnosticsModel)
#include "tst_diagnostics_model.moc"
