// SPDX-License-Identifier: GPL-3.0-or-later
// The source page: file picker, framework detection, and the PyTorch check run on a worker thread
// (QtConcurrent + QFutureWatcher; only the newest check's answer is shown).
#include "widgets/wizards/pages/source_page.h"

#include "core/base/task_context.h"
#include "core/convert/torch_export.h"
#include "core/importers/load_model.h"
#include "widgets/wizards/conversion_wizard.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace lf::ui {

namespace {

const QString kPythonKey = wizardSettingsKey("python");
const QString kShapeKey = wizardSettingsKey("torchInputShape");
const QString kDirKey = wizardSettingsKey("sourceDir");
// The model class and its folder belong to one state dict: restored only for the same file.
const QString kModuleClassKey = wizardSettingsKey("torchModuleClass");
const QString kModuleDirKey = wizardSettingsKey("torchModuleDir");
const QString kModuleSourceKey = wizardSettingsKey("torchModuleSource");

std::optional<std::vector<std::int64_t>> parseDims(const QString& text)
{
    std::vector<std::int64_t> dims;
    for (const QString& part : text.split(QLatin1Char(','))) {
        bool ok = false;
        const qlonglong extent = part.trimmed().toLongLong(&ok);
        if (!ok || extent < 1)
            return std::nullopt;
        dims.push_back(extent);
    }
    return dims;
}

} // namespace

SourcePage::SourcePage(QWidget* parent)
    : QWizardPage(parent)
{
    setTitle(tr("Source model"));
    setSubTitle(tr("Choose the model to convert to TensorFlow Lite: ONNX, PyTorch (.pt/.pth) or a "
                   "TensorFlow Lite model to re-quantize."));

    m_pathEdit = new QLineEdit(this);
    m_pathEdit->setPlaceholderText(tr("Model file"));
    auto* browseButton = new QPushButton(tr("Browse…"), this);
    connect(browseButton, &QPushButton::clicked, this, &SourcePage::browse);
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(m_pathEdit, 1);
    pathRow->addWidget(browseButton);
    m_formatLabel = new QLabel(this);
    m_formatLabel->setWordWrap(true);

    const QSettings settings;
    m_torchBox = new QGroupBox(tr("PyTorch export"), this);
    m_pythonEdit = new QLineEdit(
        settings.value(kPythonKey, QStringLiteral("python3")).toString(), m_torchBox);
    m_torchStatus = new QLabel(m_torchBox);
    m_torchStatus->setWordWrap(true);
    m_torchStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_shapeEdit = new QLineEdit(
        settings.value(kShapeKey, QStringLiteral("input=1,3,224,224")).toString(), m_torchBox);
    m_shapeEdit->setToolTip(tr("One NAME=D,D,… per model input, in call order, separated by ';'"));
    auto* torchForm = new QFormLayout(m_torchBox);
    torchForm->addRow(tr("Python:"), m_pythonEdit);
    torchForm->addRow(QString(), m_torchStatus);
    torchForm->addRow(tr("Example input shape:"), m_shapeEdit);
    m_moduleClassEdit = new QLineEdit(m_torchBox);
    m_moduleClassEdit->setPlaceholderText(tr("module:Class — only for a state dict"));
    m_moduleClassEdit->setToolTip(
        tr("For a file saved with torch.save(model.state_dict()): the model class, constructed "
           "without arguments, as module:Class (like liteforge-cli's --torch-module)"));
    m_moduleDirEdit = new QLineEdit(m_torchBox);
    m_moduleDirEdit->setPlaceholderText(tr("the model file's folder"));
    m_moduleDirEdit->setToolTip(tr("The folder Python imports the module from"));
    auto* moduleDirButton = new QPushButton(tr("Browse…"), m_torchBox);
    connect(moduleDirButton, &QPushButton::clicked, this, &SourcePage::browseModuleDir);
    auto* moduleDirRow = new QHBoxLayout;
    moduleDirRow->addWidget(m_moduleDirEdit, 1);
    moduleDirRow->addWidget(moduleDirButton);
    torchForm->addRow(tr("Model class:"), m_moduleClassEdit);
    torchForm->addRow(tr("Module folder:"), moduleDirRow);

    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    form->addRow(tr("File:"), pathRow);
    form->addRow(tr("Framework:"), m_formatLabel);
    layout->addLayout(form);
    layout->addWidget(m_torchBox);
    layout->addStretch(1);

    connect(m_pathEdit, &QLineEdit::textChanged, this, &SourcePage::updateFormat);
    connect(m_pythonEdit, &QLineEdit::editingFinished, this, &SourcePage::detectTorch);
    connect(m_shapeEdit, &QLineEdit::textChanged, this, &SourcePage::completeChanged);
    connect(m_moduleClassEdit, &QLineEdit::textChanged, this, &SourcePage::completeChanged);
    updateFormat();
}

void SourcePage::setPath(const QString& path)
{
    m_pathEdit->setText(path);
}

void SourcePage::browse()
{
    QSettings settings;
    const QString path = QFileDialog::getOpenFileName(this, tr("Choose a model"),
        settings.value(kDirKey).toString(),
        tr("Models (*.onnx *.pt *.pth *.torchscript *.tflite);;All files (*)"));
    if (path.isEmpty())
        return;
    settings.setValue(kDirKey, QFileInfo(path).absolutePath());
    setPath(path);
}

void SourcePage::browseModuleDir()
{
    const QString start = m_moduleDirEdit->text().isEmpty()
        ? QFileInfo(m_pathEdit->text()).absolutePath()
        : m_moduleDirEdit->text();
    const QString dir
        = QFileDialog::getExistingDirectory(this, tr("Folder of the model's module"), start);
    if (!dir.isEmpty())
        m_moduleDirEdit->setText(dir);
}

bool SourcePage::isModuleClassValid() const
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z_][\\w.]*:[A-Za-z_]\\w*$"));
    const QString text = m_moduleClassEdit->text().trimmed();
    return text.isEmpty() || pattern.match(text).hasMatch();
}

bool SourcePage::isTorchSource() const
{
    return isTorchFile(m_pathEdit->text().toStdString());
}

void SourcePage::updateFormat()
{
    const QString path = m_pathEdit->text();
    const bool exists = QFileInfo(path).isFile();
    const bool torch = exists && isTorchSource();
    m_torchBox->setVisible(torch);
    if (!exists) {
        m_formatLabel->setText(path.isEmpty() ? tr("Choose a file.") : tr("No such file."));
    } else if (torch) {
        m_formatLabel->setText(
            tr("PyTorch — exported to ONNX with your Python, then converted natively"));
        const QSettings settings;
        const bool sameFile
            = settings.value(kModuleSourceKey).toString() == QFileInfo(path).absoluteFilePath();
        m_moduleClassEdit->setText(
            sameFile ? settings.value(kModuleClassKey).toString() : QString());
        m_moduleDirEdit->setText(sameFile ? settings.value(kModuleDirKey).toString() : QString());
        detectTorch();
    } else {
        switch (detectModelFormat(path.toStdString())) {
        case ModelFormat::Onnx: m_formatLabel->setText(tr("ONNX")); break;
        case ModelFormat::TFLite:
            m_formatLabel->setText(
                tr("TensorFlow Lite — the model is re-quantized (or rewritten) as it is"));
            break;
        case ModelFormat::Keras:
        case ModelFormat::TensorFlow:
        case ModelFormat::Darknet:
            m_formatLabel->setText(
                tr("This framework has no wizard page yet; convert it with liteforge-cli."));
            break;
        case ModelFormat::Unknown:
            m_formatLabel->setText(tr("Not a model format LiteForge can read."));
            break;
        }
    }
    emit completeChanged();
}

void SourcePage::detectTorch()
{
    m_torchVersion.reset();
    const std::string python = m_pythonEdit->text().trimmed().toStdString();
    const quint64 generation = ++m_detectGeneration;
    m_torchStatus->setText(tr("Checking %1 for PyTorch…").arg(m_pythonEdit->text()));
    emit completeChanged();
    auto* watcher = new QFutureWatcher<Result<std::string>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_detectGeneration)
            return;
        const Result<std::string> version = watcher->result();
        if (version) {
            m_torchVersion = *version;
            m_torchStatus->setText(tr("PyTorch %1 found.").arg(QString::fromStdString(*version)));
        } else {
            m_torchStatus->setText(
                tr("%1. PyTorch models are exported with Python and PyTorch: install "
                   "them (Debian/Ubuntu: apt install python3-torch; elsewhere: pip "
                   "install torch) or give the path of a Python that has them.")
                    .arg(QString::fromStdString(version.error().message)));
        }
        emit completeChanged();
    });
    watcher->setFuture(QtConcurrent::run([python] {
        NullTaskContext context;
        return lf::detectTorch(python, context);
    }));
}

std::optional<std::vector<std::pair<std::string, std::vector<std::int64_t>>>>
SourcePage::parseInputShapes(const QString& text)
{
    std::vector<std::pair<std::string, std::vector<std::int64_t>>> shapes;
    for (const QString& entry : text.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const qsizetype equals = entry.lastIndexOf(QLatin1Char('='));
        const QString name = equals < 0 ? QStringLiteral("input") : entry.left(equals).trimmed();
        const auto dims = parseDims(entry.mid(equals + 1));
        if (name.isEmpty() || !dims)
            return std::nullopt;
        shapes.emplace_back(name.toStdString(), *dims);
    }
    if (shapes.empty())
        return std::nullopt;
    return shapes;
}

bool SourcePage::isComplete() const
{
    const QString path = m_pathEdit->text();
    if (!QFileInfo(path).isFile())
        return false;
    if (isTorchSource())
        return isTorchReady() && parseInputShapes(m_shapeEdit->text()).has_value()
            && isModuleClassValid();
    const ModelFormat format = detectModelFormat(path.toStdString());
    return format == ModelFormat::Onnx || format == ModelFormat::TFLite;
}

bool SourcePage::validatePage()
{
    auto* wizard = qobject_cast<ConversionWizard*>(this->wizard());
    ConversionRequest& request = wizard->request();
    request.source = QFileInfo(m_pathEdit->text()).absoluteFilePath().toStdString();
    request.fromTorch = isTorchSource();
    request.exportedOnnx.clear();
    request.format = request.fromTorch ? ModelFormat::Onnx : detectModelFormat(request.source);
    request.convert.inputShapes.clear();
    if (request.fromTorch) {
        request.torch.python = m_pythonEdit->text().trimmed().toStdString();
        request.torch.inputs = *parseInputShapes(m_shapeEdit->text());
        const QString moduleClass = m_moduleClassEdit->text().trimmed();
        const QString moduleDir = m_moduleDirEdit->text().trimmed();
        request.torch.moduleClass = moduleClass.toStdString();
        request.torch.moduleDir.clear();
        if (!moduleClass.isEmpty())
            request.torch.moduleDir
                = (moduleDir.isEmpty() ? QFileInfo(m_pathEdit->text()).absolutePath() : moduleDir)
                      .toStdString();
        QSettings settings;
        settings.setValue(kPythonKey, m_pythonEdit->text().trimmed());
        settings.setValue(kShapeKey, m_shapeEdit->text().trimmed());
        settings.setValue(kModuleSourceKey, QString::fromStdString(request.source.string()));
        settings.setValue(kModuleClassKey, moduleClass);
        settings.setValue(kModuleDirKey, moduleDir);
    }
    return true;
}

} // namespace lf::ui
