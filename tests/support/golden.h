// SPDX-License-Identifier: GPL-3.0-or-later
// Golden-file comparison: the expected text lives in tests/golden/<name>; on mismatch the actual text
// is written beside it as .actual and a unified diff is printed. LF_UPDATE_GOLDEN=1 rewrites the file.
#pragma once

#include <QString>

#include <string>

namespace lf::test {

/// True if `actual` equals tests/golden/`name` (relative to the source dir).
bool matchesGolden(const QString& name, const std::string& actual);

} // namespace lf::test
