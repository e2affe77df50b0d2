// SPDX-License-Identifier: GPL-3.0-or-later
// Entry point of the liteforge GUI: application identity, translations and the command line
// (`liteforge [MODEL...] [--lang CODE] [--quantize] [--find TEXT] [--convert FILE] [--screenshot FILE.png] [--quit-after MS]`).
// Several models open one after the other, each in its own tab.
#include "app/gui/main_window.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QTimer>
#include <QTranslator>

#include <cstdio>
#include <memory>

#ifndef LF_VERSION
#define LF_VERSION "0.0.0"
#endif

namespace {

void installTranslators(QApplication& app, const QLocale& locale)
{
    // Parented to the application, so they live as long as it does.
    auto* qtTranslator = new QTranslator(&app);
    if (qtTranslator->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                           QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qtTranslator);
    auto* appTranslator = new QTranslator(&app);
    if (appTranslator->load(locale, QStringLiteral("liteforge"), QStringLiteral("_"),
                            QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(appTranslator);
}

void saveScreenshot(lf::ui::MainWindow& window, const QString& file)
{
    if (!window.grab().save(file)) {
        std::fprintf(stderr, "liteforge: cannot write screenshot %s\n", qPrintable(file));
        QCoreApplication::exit(1);
        return;
    }
    QCoreApplication::quit();
}

/// A short delay lets the tables, header and graph finish their layout before the grab.
void scheduleScreenshot(lf::ui::MainWindow& window, const QString& file)
{
    constexpr int kSettleMs = 600;
    QTimer::singleShot(kSettleMs, &window, [&window, file] { saveScreenshot(window, file); });
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("LiteForge"));
    QCoreApplication::setApplicationName(QStringLiteral("LiteForge"));
    QCoreApplication::setApplicationVersion(QStringLiteral(LF_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/liteforge.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("LiteForge: inspect models and convert them to TensorFlow Lite."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("model"),
                                 QStringLiteral("Model files or folders to open, each in a tab."),
                                 QStringLiteral("[MODEL...]"));
    const QCommandLineOption langOption(
        QStringLiteral("lang"),
        QStringLiteral("User interface language (e.g. de); default: system."),
        QStringLiteral("code"));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        QStringLiteral("Save a picture of the window once the models are shown, then exit."),
        QStringLiteral("file.png"));
    const QCommandLineOption quitAfterOption(
        QStringLiteral("quit-after"),
        QStringLiteral("Quit after the given number of milliseconds."), QStringLiteral("ms"));
    const QCommandLineOption quantizeOption(
        QStringLiteral("quantize"),
        QStringLiteral("Show the quantization panel and run it once the last model is shown."));
    const QCommandLineOption convertOption(
        QStringLiteral("convert"),
        QStringLiteral("Open the conversion wizard with FILE as the source model (\"\" for none)."),
        QStringLiteral("file"));
    const QCommandLineOption findOption(
        QStringLiteral("find"),
        QStringLiteral("Search the last model for TEXT and show the first match."),
        QStringLiteral("text"));
    parser.addOptions({langOption, screenshotOption, quitAfterOption, quantizeOption, convertOption,
                       findOption});
    parser.process(app);

    const QLocale locale
        = parser.isSet(langOption) ? QLocale(parser.value(langOption)) : QLocale::system();
    QLocale::setDefault(locale);
    installTranslators(app, locale);

    lf::ui::MainWindow window;
    window.show();

    // Loads replace each other, so the next model is opened once the previous one is shown; the
    // last one shown is the cue for --quantize and --screenshot.
    const QStringList models = parser.positionalArguments();
    auto remaining = std::make_shared<QStringList>(models.mid(1));
    const QString screenshot = parser.value(screenshotOption);
    const bool quantize = parser.isSet(quantizeOption);
    const QString find = parser.value(findOption);
    auto chain = std::make_shared<QMetaObject::Connection>();
    *chain = QObject::connect(&window, &lf::ui::MainWindow::modelLoaded, &window,
                     [&window, remaining, screenshot, quantize, find, chain] {
                         if (!remaining->isEmpty()) {
                             window.openModel(remaining->takeFirst());
                             return;
                         }
                         QObject::disconnect(*chain);
                         if (!find.isEmpty())
                             window.findInModel(find);
                         if (quantize)
                             window.showQuantizationPanel(true);
                         if (!screenshot.isEmpty())
                             scheduleScreenshot(window, screenshot);
                     });
    if (!screenshot.isEmpty()) {
        if (models.isEmpty()) {
            scheduleScreenshot(window, screenshot);
        } else {
            QObject::connect(&window, &lf::ui::MainWindow::modelLoadFailed, &window,
                             [](const QString& path, const QString& message) {
                                 std::fprintf(stderr, "liteforge: cannot open %s: %s\n",
                                              qPrintable(path), qPrintable(message));
                                 QCoreApplication::exit(1);
                             });
        }
    }
    if (parser.isSet(quitAfterOption)) {
        bool ok = false;
        const int ms = parser.value(quitAfterOption).toInt(&ok);
        if (!ok || ms < 0) {
            std::fprintf(stderr, "liteforge: --quit-after expects milliseconds\n");
            return 2;
        }
        QTimer::singleShot(ms, &app, &QCoreApplication::quit);
    }
    if (parser.isSet(convertOption)) {
        const QString source = parser.value(convertOption);
        QTimer::singleShot(0, &window, [&window, source] { window.showConversionWizard(source); });
    }
    if (!models.isEmpty()) {
        // Once the event loop runs, so that a synchronous failure can still end it with exit(1).
        const QString first = models.first();
        QTimer::singleShot(0, &window, [&window, first] { window.openModel(first); });
    }

    return app.exec();
}
