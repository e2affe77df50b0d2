// SPDX-License-Identifier: GPL-3.0-or-later
// Turns core errors into user-facing text: a translated headline chosen by ErrorCode, the core's
// English technical message as the body and its notes as expandable details. The dialog it shows is
// non-blocking, so a failed background task never stalls the event loop (or a test).
#pragma once

#include "core/base/result.h"

#include <QCoreApplication>
#include <QString>

class QMessageBox;
class QWidget;

namespace lf::ui {

class ErrorPresenter final {
    Q_DECLARE_TR_FUNCTIONS(lf::ui::ErrorPresenter)

public:
    /// A short translated sentence for the kind of failure ("The file is not a valid model.").
    static QString headline(ErrorCode code);
    /// The technical text of the error, "where: message", as the core formats it.
    static QString text(const Error& error);
    /// The notes of the error, one per line; empty when there are none.
    static QString details(const Error& error);

    /// Opens a window-modal warning box over `parent` and returns immediately. The box deletes
    /// itself when closed.
    static QMessageBox* show(QWidget* parent, const QString& title, const Error& error);
};

} // namespace lf::ui
