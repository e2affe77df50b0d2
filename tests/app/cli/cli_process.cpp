// SPDX-License-Identifier: GPL-3.0-or-later
// Running liteforge-cli from the build folder (LF_BINARY_DIR/bin) under QProcess.
#include "tests/app/cli/cli_process.h"

#include "tests/support/runtime_runner.h"

#include <QProcess>

namespace lf::test {

QString cliPath() { return binaryDir() + QStringLiteral("/bin/liteforge-cli"); }

CliRun runCli(const QStringList& arguments, const QString& workingDirectory,
    const QProcessEnvironment& environment, int timeoutMs)
{
    QProcess process;
    if (!workingDirectory.isEmpty())
        process.setWorkingDirectory(workingDirectory);
    if (!environment.isEmpty())
        process.setProcessEnvironment(environment);
    process.start(cliPath(), arguments);
    CliRun run;
    if (!process.waitForStarted() || !process.waitForFinished(timeoutMs)) {
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

} // namespace lf::test
