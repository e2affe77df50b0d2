// SPDX-License-Identifier: GPL-3.0-or-later
// Recent files under the "recentFiles" QSettings key; samples from ../share/liteforge/samples next
// to the binary, or LF_SAMPLES_DIR (the source tree) in a build tree.
#include "app/gui/model_files.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace lf::ui {

namespace {

const QString kRecentFilesKey = QStringLiteral("recentFiles");

QStringList existingPaths(const QStringList& paths)
{
    QStringList result;
    for (const QString& path : paths) {
        if (!path.isEmpty() && QFileInfo::exists(path) && !result.contains(path))
            result.append(path);
    }
    return result;
}

QStringList sampleDirectories()
{
    QStringList dirs{QCoreApplication::applicationDirPath()
                     + QStringLiteral("/../share/liteforge/samples")};
#ifdef LF_SAMPLES_DIR
    dirs.append(QStringLiteral(LF_SAMPLES_DIR));
#endif
    return dirs;
}

} // namespace

QStringList storedRecentFiles(int limit)
{
    return existingPaths(QSettings().value(kRecentFilesKey).toStringList()).mid(0, limit);
}

void storeRecentFiles(const QStringList& paths)
{
    QSettings().setValue(kRecentFilesKey, paths);
}

QStringList withRecentFile(QStringList paths, const QString& path, int limit)
{
    paths.removeAll(path);
    paths.prepend(path);
    return paths.mid(0, limit);
}

QStringList bundledSampleModels()
{
    static const QStringList kPatterns{QStringLiteral("*.tflite"), QStringLiteral("*.onnx"),
                                       QStringLiteral("*.h5"),     QStringLiteral("*.keras"),
                                       QStringLiteral("*.pb"),     QStringLiteral("*.cfg")};
    for (const QString& dirPath : sampleDirectories()) {
        const QDir dir(dirPath);
        if (!dir.exists())
            continue;
        QStringList result;
        for (const QFileInfo& info : dir.entryInfoList(kPatterns, QDir::Files, QDir::Name))
            result.append(info.canonicalFilePath());
        if (!result.isEmpty())
            return result;
    }
    return {};
}

} // namespace lf::ui
