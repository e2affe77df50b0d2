// SPDX-License-Identifier: GPL-3.0-or-later
// Test support for the CLI tests: running the built liteforge-cli as a process and describing how
// it ended.
#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace lf::test {

struct CliRun {
    int exitCode = -1;
    bool crashed = false; ///< ended by a signal or killed after the timeout
    QByteArray out;
    QByteArray err;
};

QString cliPath();

/// Runs liteforge-cli with `arguments` in `workingDirectory` (empty: the test's) and `environment`
/// (empty: the test's); gives up after `timeoutMs`.
CliRun runCli(const QStringList& arguments, const QString& workingDirectory = {},
    const QProcessEnvironment& environment = {}, int timeoutMs = 60'000);

/// "exit N, stderr: ..." for failure messages.
QString describe(const CliRun& run);

/// True for exactly one line ending in '\n'.
bool isOneLine(const QByteArray& text);

} // namespace lf::test
