// SPDX-License-Identifier: GPL-3.0-or-later
// Layout of the start page: a centred column with the title, drop hint and two file lists. The
// lists are rich-text labels with one link per file (the name, its folder dimmed below), like a
// welcome page.
#include "app/gui/start_page.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QPushButton>
#include <QStringList>
#include <QUrl>
#include <QVBoxLayout>

namespace lf::ui {

namespace {

constexpr int kColumnWidth = 760; // keeps the lists readable on wide windows
constexpr int kMaxFolderWidth = 280; // folders are elided in the middle beyond this many pixels

QLabel* sectionLabel(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

QLabel* linkList(QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setTextFormat(Qt::RichText);
    label->setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    label->setWordWrap(false);
    return label;
}

} // namespace

StartPage::StartPage(QWidget* parent)
    : QWidget(parent)
{
    auto* column = new QWidget(this);
    column->setMaximumWidth(kColumnWidth);

    auto* icon = new QLabel(column);
    const QIcon appIcon = QApplication::windowIcon();
    if (!appIcon.isNull())
        icon->setPixmap(appIcon.pixmap(64, 64));
    else
        icon->hide();

    auto* title = new QLabel(tr("LiteForge"), column);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 2.2);
    titleFont.setBold(true);
    title->setFont(titleFont);
    auto* subtitle = new QLabel(tr("Inspect models and convert them to TensorFlow Lite."), column);

    auto* titleBox = new QVBoxLayout;
    titleBox->setSpacing(2);
    titleBox->addWidget(title);
    titleBox->addWidget(subtitle);
    auto* header = new QHBoxLayout;
    header->setSpacing(16);
    header->addWidget(icon);
    header->addLayout(titleBox, 1);

    auto* openButton = new QPushButton(tr("Open Model…"), column);
    connect(openButton, &QPushButton::clicked, this, &StartPage::openDialogRequested);
    auto* convertButton = new QPushButton(tr("Convert to TensorFlow Lite…"), column);
    connect(convertButton, &QPushButton::clicked, this, &StartPage::convertRequested);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(openButton);
    buttons->addWidget(convertButton);
    buttons->addStretch(1);

    auto* dropHint = new QLabel(tr("Drop a model file or folder here"), column);
    dropHint->setObjectName(QStringLiteral("dropHint"));
    dropHint->setAlignment(Qt::AlignCenter);
    dropHint->setMinimumHeight(96);
    dropHint->setStyleSheet(QStringLiteral("#dropHint { border: 2px dashed palette(mid); "
                                           "border-radius: 8px; color: palette(dark); }"));

    m_recentList = linkList(column);
    m_sampleList = linkList(column);
    for (QLabel* list : {m_recentList, m_sampleList}) {
        connect(list, &QLabel::linkActivated, this,
                [this](const QString& link) { emit openRequested(QUrl(link).toLocalFile()); });
    }

    auto* lists = new QHBoxLayout;
    lists->setSpacing(32);
    auto* recentBox = new QVBoxLayout;
    recentBox->setSpacing(6);
    recentBox->addWidget(sectionLabel(tr("Recent"), column));
    recentBox->addWidget(m_recentList, 1);
    auto* sampleBox = new QVBoxLayout;
    sampleBox->setSpacing(6);
    sampleBox->addWidget(sectionLabel(tr("Samples"), column));
    sampleBox->addWidget(m_sampleList, 1);
    lists->addLayout(recentBox, 3);
    lists->addLayout(sampleBox, 2);

    auto* columnLayout = new QVBoxLayout(column);
    columnLayout->setContentsMargins(0, 0, 0, 0);
    columnLayout->setSpacing(16);
    columnLayout->addLayout(header);
    columnLayout->addLayout(buttons);
    columnLayout->addWidget(dropHint);
    columnLayout->addSpacing(8);
    columnLayout->addLayout(lists, 1);

    auto* outer = new QHBoxLayout(this);
    outer->setContentsMargins(32, 32, 32, 32);
    outer->addStretch(1);
    outer->addWidget(column, 100);
    outer->addStretch(1);

    setRecentFiles({});
    setSampleFiles({});
}

void StartPage::setRecentFiles(const QStringList& paths)
{
    fillList(m_recentList, paths, tr("No recent files yet."));
}

void StartPage::setSampleFiles(const QStringList& paths)
{
    fillList(m_sampleList, paths, tr("No sample models found."));
}

void StartPage::fillList(QLabel* list, const QStringList& paths, const QString& emptyText)
{
    if (paths.isEmpty()) {
        list->setText(emptyText.toHtmlEscaped());
        return;
    }
    const QString folderColor = palette().color(QPalette::Disabled, QPalette::WindowText).name();
    const QFontMetrics metrics(list->font());
    QStringList rows;
    for (const QString& path : paths) {
        const QFileInfo info(path);
        const QString folder = metrics.elidedText(QDir::toNativeSeparators(info.absolutePath()),
                                                  Qt::ElideMiddle, kMaxFolderWidth);
        rows.append(QStringLiteral("<p style=\"margin-bottom:8px\"><a href=\"%1\">%2</a><br>"
                                   "<span style=\"color:%3\">%4</span></p>")
                        .arg(QUrl::fromLocalFile(path).toString(QUrl::FullyEncoded).toHtmlEscaped(),
                             info.fileName().toHtmlEscaped(), folderColor, folder.toHtmlEscaped()));
    }
    list->setText(rows.join(QString()));
}

} // namespace lf::ui
