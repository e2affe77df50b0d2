// SPDX-License-Identifier: GPL-3.0-or-later
// Implementation of the test-support helpers: folder lookup, seeded random arrays and the QProcess
// bridge to the Node runner, which exchanges arrays with it as .npy files in a temporary folder.
#include "tests/support/runtime_runner.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <algorithm>
#include <bit>
#include <cstring>
#include <filesystem>
#include <limits>
#include <random>
#include <type_traits>

namespace lf::test {

namespace {

/// One inference of a big model in WebAssembly takes seconds; two minutes means the runner hangs.
constexpr int kTimeoutMs = 120'000;

std::filesystem::path toPath(const QString& path)
{
    return std::filesystem::path(QFile::encodeName(path).toStdString());
}

QString fromStd(const std::string& text) { return QString::fromStdString(text); }

/// IEEE binary16 bits of `value`, rounded to nearest even. Only finite values of magnitude <= 1 are
/// passed in, so there is no overflow or NaN case.
std::uint16_t toHalf(float value)
{
    const auto bits = std::bit_cast<std::uint32_t>(value);
    const auto sign = static_cast<std::uint16_t>((bits >> 16) & 0x8000);
    const int exponent = static_cast<int>((bits >> 23) & 0xff) - 127 + 15;
    std::uint32_t mantissa = bits & 0x7fffff;
    std::uint32_t half = 0;
    std::uint32_t shift = 13;
    if (exponent <= 0) {
        if (exponent < -10)
            return sign;
        // Subnormal half: shift the mantissa (with its implicit leading 1) further right.
        mantissa |= 0x800000;
        shift = static_cast<std::uint32_t>(14 - exponent);
    } else {
        half = static_cast<std::uint32_t>(exponent) << 10;
    }
    half |= mantissa >> shift;
    const std::uint32_t rest = mantissa & ((1u << shift) - 1);
    const std::uint32_t halfway = 1u << (shift - 1);
    // A carry out of the mantissa correctly bumps the exponent.
    if (rest > halfway || (rest == halfway && (half & 1) != 0))
        ++half;
    return static_cast<std::uint16_t>(sign | half);
}

template <class T> void fillIntegers(std::mt19937& generator, std::vector<std::byte>& data)
{
    // uniform_int_distribution is not defined for char types, so draw 8-bit values as int.
    using Drawn = std::conditional_t<(sizeof(T) < sizeof(short)),
        std::conditional_t<std::is_signed_v<T>, int, unsigned>, T>;
    std::uniform_int_distribution<Drawn> distribution(
        std::numeric_limits<T>::min(), std::numeric_limits<T>::max());
    for (std::size_t offset = 0; offset < data.size(); offset += sizeof(T)) {
        const auto value = static_cast<T>(distribution(generator));
        std::memcpy(data.data() + offset, &value, sizeof(T));
    }
}

template <class T, class Convert>
void fillFloats(std::mt19937& generator, std::vector<std::byte>& data, Convert convert)
{
    std::uniform_real_distribution<double> distribution(-1.0, 1.0);
    for (std::size_t offset = 0; offset < data.size(); offset += sizeof(T)) {
        const T value = convert(distribution(generator));
        std::memcpy(data.data() + offset, &value, sizeof(T));
    }
}

} // namespace

QString sourceDir() { return qEnvironmentVariable("LF_SOURCE_DIR"); }

QString binaryDir() { return qEnvironmentVariable("LF_BINARY_DIR"); }

QString sharedDir() { return QDir::cleanPath(QString::fromUtf8(LF_SHARED_DIR)); }

std::vector<QString> corpusFiles(const QString& subdir, const QString& suffix)
{
    std::vector<QString> files;
    QDirIterator it(sharedDir() + QStringLiteral("/corpus/") + subdir, QDir::Files,
        QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (path.endsWith(suffix, Qt::CaseInsensitive))
            files.push_back(path);
    }
    std::ranges::sort(files);
    return files;
}

NpyArray randomNpyArray(ir::DType dtype, std::span<const std::int64_t> shape, std::uint32_t seed)
{
    NpyArray array;
    array.dtype = dtype;
    array.shape.assign(shape.begin(), shape.end());
    array.data.resize(static_cast<std::size_t>(array.elementCount()) * ir::dtypeSize(dtype));
    std::mt19937 generator(seed);
    switch (dtype) {
    case ir::DType::Float32:
        fillFloats<float>(generator, array.data, [](double v) { return static_cast<float>(v); });
        break;
    case ir::DType::Float64:
        fillFloats<double>(generator, array.data, [](double v) { return v; });
        break;
    case ir::DType::Float16:
        fillFloats<std::uint16_t>(
            generator, array.data, [](double v) { return toHalf(static_cast<float>(v)); });
        break;
    case ir::DType::Int8: fillIntegers<std::int8_t>(generator, array.data); break;
    case ir::DType::UInt8: fillIntegers<std::uint8_t>(generator, array.data); break;
    case ir::DType::Int16: fillIntegers<std::int16_t>(generator, array.data); break;
    case ir::DType::UInt16: fillIntegers<std::uint16_t>(generator, array.data); break;
    case ir::DType::Int32: fillIntegers<std::int32_t>(generator, array.data); break;
    case ir::DType::UInt32: fillIntegers<std::uint32_t>(generator, array.data); break;
    case ir::DType::Int64: fillIntegers<std::int64_t>(generator, array.data); break;
    case ir::DType::UInt64: fillIntegers<std::uint64_t>(generator, array.data); break;
    case ir::DType::Bool: {
        std::bernoulli_distribution distribution;
        for (std::byte& value : array.data)
            value = std::byte{distribution(generator) ? std::uint8_t{1} : std::uint8_t{0}};
        break;
    }
    default: qFatal("randomNpyArray: dtype %s has no .npy form", ir::dtypeName(dtype).data());
    }
    return array;
}

RuntimeRun runInRealRuntime(
    const QString& modelPath, const std::vector<NpyArray>& inputs, int benchRuns)
{
    RuntimeRun run;
    const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
    if (node.isEmpty()) {
        run.error = QStringLiteral("node is not on PATH");
        return run;
    }
    if (sourceDir().isEmpty() || binaryDir().isEmpty()) {
        run.error
            = QStringLiteral("LF_SOURCE_DIR and LF_BINARY_DIR must be set (lf_add_test does that)");
        return run;
    }
    const QString modules = binaryDir() + QStringLiteral("/node");
    if (!QFileInfo::exists(modules + QStringLiteral("/node_modules"))) {
        run.error = QStringLiteral(
            "the runtimes are not installed in %1; build the lf_test_runtimes target")
                        .arg(modules);
        return run;
    }
    QTemporaryDir folder;
    if (!folder.isValid()) {
        run.error = QStringLiteral("cannot create a temporary folder: ") + folder.errorString();
        return run;
    }

    QStringList arguments{sourceDir() + QStringLiteral("/tests/support/node/run_model.mjs"),
        QStringLiteral("--modules"), modules, QFileInfo(modelPath).absoluteFilePath()};
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const QString file = folder.filePath(QStringLiteral("input_%1.npy").arg(i));
        if (const Result<void> written = writeNpy(toPath(file), inputs[i]); !written) {
            run.error = fromStd(written.error().toString());
            return run;
        }
        arguments << QStringLiteral("--input") << file;
    }
    arguments << QStringLiteral("--output-dir") << folder.filePath(QStringLiteral("outputs"));
    if (benchRuns > 0)
        arguments << QStringLiteral("--bench") << QString::number(benchRuns);

    QProcess process;
    process.start(node, arguments);
    if (!process.waitForStarted()) {
        run.error = QStringLiteral("cannot start node: ") + process.errorString();
        return run;
    }
    if (!process.waitForFinished(kTimeoutMs)) {
        process.kill();
        process.waitForFinished();
        run.error = QStringLiteral("the runtime did not finish within %1 s").arg(kTimeoutMs / 1000);
        return run;
    }
    const QString errors = QString::fromUtf8(process.readAllStandardError()).trimmed();
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        run.error = errors.isEmpty()
            ? QStringLiteral("the runtime exited with code %1").arg(process.exitCode())
            : errors;
        return run;
    }

    const QList<QByteArray> lines = process.readAllStandardOutput().trimmed().split('\n');
    QJsonParseError parseError;
    const QJsonDocument report = QJsonDocument::fromJson(lines.last(), &parseError);
    if (!report.isObject()) {
        run.error = QStringLiteral("unreadable runner report (%1): %2")
                        .arg(parseError.errorString(), QString::fromUtf8(lines.last()));
        return run;
    }
    for (const QJsonValue& output : report.object().value(QStringLiteral("outputs")).toArray()) {
        Result<NpyArray> array = readNpy(toPath(output[QStringLiteral("file")].toString()));
        if (!array) {
            run.error = fromStd(array.error().toString());
            return run;
        }
        run.outputs.push_back(std::move(*array));
        run.outputNames.push_back(output[QStringLiteral("name")].toString());
    }
    run.medianMs = report.object().value(QStringLiteral("ms")).toDouble();
    run.ok = true;
    return run;
}

} // namespace lf::test
