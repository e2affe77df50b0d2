// SPDX-License-Identifier: GPL-3.0-or-later
// The page shown while no model is open: title, "open" and "convert" buttons, a drop hint and clickable lists
// of recent files and bundled sample models. It only reports what the user picked; MainWindow
// loads.
#pragma once

#include <QWidget>

class QLabel;

namespace lf::ui {

class StartPage final : public QWidget {
    Q_OBJECT

public:
    explicit StartPage(QWidget* parent = nullptr);

    void setRecentFiles(const QStringList& paths);
    void setSampleFiles(const QStringList& paths);

signals:
    void openRequested(const QString& path);
    void openDialogRequested();
    void convertRequested();

private:
    void fillList(QLabel* list, const QStringList& paths, const QString& emptyText);

    QLabel* m_recentList = nullptr;
    QLabel* m_sampleList = nullptr;
};

} // namespace lf::ui
