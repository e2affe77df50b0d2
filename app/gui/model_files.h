// SPDX-License-Identifier: GPL-3.0-or-later
// Where the window finds models besides the Open dialog: the recent-files list kept in QSettings and
// the sample models bundled with the application.
#pragma once

#include <QString>
#include <QStringList>

namespace lf::ui {

/// The stored recent files, newest first, at most `limit`, without duplicates or files that no
/// longer exist.
QStringList storedRecentFiles(int limit);
/// Stores `paths` as the recent files.
void storeRecentFiles(const QStringList& paths);
/// `paths` with `path` moved (or added) to the front, at most `limit` entries.
QStringList withRecentFile(QStringList paths, const QString& path, int limit);

/// Model files in the bundled samples folder: next to an installed binary, else the source tree.
QStringList bundledSampleModels();

} // namespace lf::ui
