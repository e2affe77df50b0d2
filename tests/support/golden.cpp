// SPDX-License-Identifier: GPL-3.0-or-later
// Implementation of the golden-file comparison.
#include "tests/support/golden.h"

#include "tests/support/runtime_runner.h"

#include <QFile>
#include <QProcess>
#include <QtDebug>

namespace lf::test {

namespace {

bool writeText(const QString& path, const std::string& text)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        && file.write(text.data(), static_cast<qint64>(text.size())) == static_cast<qint64>(text.size());
}

} // namespace

bool matchesGolden(const QString& name, const std::string& actual)
{
    const QString expectedPath = sourceDir() + QStringLiteral("/tests/golden/") + name;
    if (qEnvironmentVariableIntValue("LF_UPDATE_GOLDEN") == 1)
        return writeText(expectedPath, actual);
    QFile expected(expectedPath);
    if (expected.open(QIODevice::ReadOnly) && expected.readAll().toStdString() == actual) {
        QFile::remove(expectedPath + QStringLiteral(".actual"));
        return true;
    }
    const QString actualPath = expectedPath + QStringLiteral(".actual");
    writeText(actualPath, actual);
    QProcess diff;
    diff.start(QStringLiteral("diff"), {QStringLiteral("-u"), expectedPath, actualPath});
    diff.waitForFinished(10'000);
    qWarning().noquote() << "golden mismatch for" << name << "(LF_UPDATE_GOLDEN=1 regenerates it)\n"
                         << QString::fromUtf8(diff.readAllStandardOutput()).left(6000);
    return false;
}

} // namespace lf::test
