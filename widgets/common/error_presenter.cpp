// SPDX-License-Identifier: GPL-3.0-or-later
// Error headlines by ErrorCode and the non-blocking warning box used for failed tasks.
#include "widgets/common/error_presenter.h"

#include <QMessageBox>
#include <QStringList>

namespace lf::ui {

QString ErrorPresenter::headline(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidArgument: return tr("The request is not valid.");
    case ErrorCode::Io: return tr("The file could not be read or written.");
    case ErrorCode::InvalidModel: return tr("The file is not a valid model.");
    case ErrorCode::UnsupportedOp: return tr("The model uses an operator that is not supported.");
    case ErrorCode::UnsupportedFeature:
        return tr("The model uses a feature that is not supported yet.");
    case ErrorCode::ShapeMismatch: return tr("Tensor shapes or types do not match.");
    case ErrorCode::Cancelled: return tr("The operation was cancelled.");
    case ErrorCode::Internal: return tr("An internal error occurred.");
    }
    return tr("An unknown error occurred.");
}

QString ErrorPresenter::text(const Error& error)
{
    return QString::fromStdString(error.toString());
}

QString ErrorPresenter::details(const Error& error)
{
    QStringList lines;
    lines.reserve(static_cast<qsizetype>(error.notes.size()));
    for (const std::string& note : error.notes)
        lines.append(QString::fromStdString(note));
    return lines.join(QLatin1Char('\n'));
}

QMessageBox* ErrorPresenter::show(QWidget* parent, const QString& title, const Error& error)
{
    auto* box = new QMessageBox(QMessageBox::Warning, title, headline(error.code), QMessageBox::Ok,
                                parent);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(text(error));
    box->setDetailedText(details(error));
    box->setTextInteractionFlags(Qt::TextSelectableByMouse);
    box->open();
    return box;
}

} // namespace lf::ui
