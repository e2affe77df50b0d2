// SPDX-License-Identifier: GPL-3.0-or-later
// The inputs page: a table of input name, type and shape filled from the model (loadModel on a
// worker thread; the importer's warnings about dynamic dims are shown above the table), and the
// NCHW/NHWC choice for the converted model's inputs and outputs (keepIoLayout), and the image
// preprocessing, enabled when an input has an image's shape.
#include "widgets/wizards/pages/inputs_page.h"

#include "core/importers/load_model.h"
#include "widgets/wizards/conversion_wizard.h"
#include "widgets/wizards/pages/image_preprocessing_box.h"

#include <QButtonGroup>
#include <QFutureWatcher>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QRadioButton>
#include <QSettings>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <mutex>

namespace lf::ui {

namespace {

const QString kKeepNchwKey = wizardSettingsKey("keepIoLayout");

enum Column { NameColumn, TypeColumn, ShapeColumn };

/// Keeps the importer's warnings (dynamic dims pinned to 1 and the like).
class CollectingContext final : public TaskContext
{
public:
    bool isCancelled() const override { return false; }
    void setProgress(int, int, std::string_view) override { }
    void report(Diagnostic diagnostic) override
    {
        const std::lock_guard lock(m_mutex);
        messages.append(QString::fromStdString(diagnostic.where.empty()
                ? diagnostic.message
                : diagnostic.where + ": " + diagnostic.message));
    }
    QStringList messages;

private:
    std::mutex m_mutex;
};

QString dimsText(const std::vector<std::int64_t>& dims)
{
    QStringList parts;
    for (const std::int64_t extent : dims)
        parts.append(extent < 0 ? QStringLiteral("?") : QString::number(extent));
    return parts.join(QLatin1Char(','));
}

/// "1,3,224,224" with every dim >= 1; empty for anything else ("?" included).
std::vector<std::int64_t> parsePinnedDims(const QString& text)
{
    std::vector<std::int64_t> dims;
    for (const QString& part : text.split(QLatin1Char(','))) {
        bool ok = false;
        const qlonglong extent = part.trimmed().toLongLong(&ok);
        if (!ok || extent < 1)
            return {};
        dims.push_back(extent);
    }
    return dims;
}

} // namespace

struct InputsPage::Loaded
{
    struct Input
    {
        QString name;
        QString type;
        std::vector<std::int64_t> shape;
    };
    std::vector<Input> inputs;
    QStringList warnings;
    QString error;
};

namespace {

/// Rank 4 with 1 or 3 channels first or last (the shapes calibration images can fill).
bool isImageShape(const std::vector<std::int64_t>& shape)
{
    const auto channels = [](std::int64_t extent) { return extent == 1 || extent == 3; };
    return shape.size() == 4 && (channels(shape[1]) || channels(shape[3]));
}

} // namespace

InputsPage::InputsPage(QWidget* parent)
    : QWizardPage(parent)
{
    setTitle(tr("Inputs"));
    setSubTitle(
        tr("Check the input shapes; edit a shape to pin dimensions the model leaves dynamic."));

    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_table = new QTableWidget(0, 3, this);
    m_table->setHorizontalHeaderLabels({ tr("Input"), tr("Type"), tr("Shape (editable)") });
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    connect(m_table, &QTableWidget::itemChanged, this, &InputsPage::completeChanged);

    auto* layoutBox = new QGroupBox(tr("Layout of the converted model's inputs and outputs"), this);
    m_channelsLast = new QRadioButton(
        tr("NHWC, the TensorFlow Lite convention (feed images as height × width × channels)"),
        layoutBox);
    m_keepNchw = new QRadioButton(
        tr("NCHW, as the source model (the same input arrays as before)"), layoutBox);
    auto* group = new QButtonGroup(this);
    group->addButton(m_channelsLast);
    group->addButton(m_keepNchw);
    (QSettings().value(kKeepNchwKey, false).toBool() ? m_keepNchw : m_channelsLast)
        ->setChecked(true);
    auto* boxLayout = new QVBoxLayout(layoutBox);
    boxLayout->addWidget(m_channelsLast);
    boxLayout->addWidget(m_keepNchw);

    m_preprocessing = new ImagePreprocessingBox(this);
    connect(m_preprocessing, &ImagePreprocessingBox::changed, this, &InputsPage::completeChanged);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(m_table, 1);
    layout->addWidget(layoutBox);
    layout->addWidget(m_preprocessing);
}

void InputsPage::initializePage()
{
    auto* wizard = qobject_cast<ConversionWizard*>(this->wizard());
    const ConversionRequest& request = wizard->request();
    m_table->setRowCount(0);
    m_originalShapes.clear();
    const bool tflite = request.format == ModelFormat::TFLite;
    m_channelsLast->setEnabled(!tflite);
    m_keepNchw->setEnabled(!tflite);
    if (request.fromTorch) {
        showTorchInputs();
        return;
    }
    m_loading = true;
    m_status->setText(tr("Reading the model's inputs…"));
    emit completeChanged();
    const quint64 generation = ++m_generation;
    const std::filesystem::path path = request.source;
    auto* watcher = new QFutureWatcher<Loaded>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation == m_generation)
            showInputs(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run([path] {
        CollectingContext context;
        Loaded loaded;
        const Result<ir::Model> model = loadModel(path, context);
        loaded.warnings = context.messages;
        if (!model) {
            loaded.error = QString::fromStdString(model.error().toString());
            return loaded;
        }
        const ir::Graph& graph = model->main();
        for (const ir::TensorId id : graph.inputs) {
            const ir::Tensor& tensor = graph.tensors[static_cast<std::size_t>(id)];
            loaded.inputs.push_back({ QString::fromStdString(tensor.name),
                QString::fromStdString(std::string(ir::dtypeName(tensor.dtype))),
                tensor.shape.extents() });
        }
        return loaded;
    }));
}

void InputsPage::showTorchInputs()
{
    Loaded loaded;
    for (const auto& [name, dims] :
        qobject_cast<ConversionWizard*>(wizard())->request().torch.inputs)
        loaded.inputs.push_back({ QString::fromStdString(name), QStringLiteral("float32"), dims });
    showInputs(loaded);
    m_status->setText(tr("The PyTorch export uses the example shapes from the previous page."));
    for (int row = 0; row < m_table->rowCount(); ++row)
        m_table->item(row, ShapeColumn)->setFlags(Qt::ItemIsEnabled);
}

void InputsPage::showInputs(const Loaded& loaded)
{
    m_loading = false;
    const QSignalBlocker blocker(m_table);
    m_table->setRowCount(static_cast<int>(loaded.inputs.size()));
    for (std::size_t i = 0; i < loaded.inputs.size(); ++i) {
        const int row = static_cast<int>(i);
        const auto& input = loaded.inputs[i];
        auto* name = new QTableWidgetItem(input.name);
        name->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        auto* type = new QTableWidgetItem(input.type);
        type->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        m_table->setItem(row, NameColumn, name);
        m_table->setItem(row, TypeColumn, type);
        m_table->setItem(row, ShapeColumn, new QTableWidgetItem(dimsText(input.shape)));
        m_originalShapes.push_back(input.shape);
    }
    m_table->resizeColumnsToContents();
    m_preprocessing->setEnabled(std::ranges::any_of(
        loaded.inputs, [](const Loaded::Input& input) { return isImageShape(input.shape); }));
    if (!loaded.error.isEmpty())
        m_status->setText(tr("Cannot read the model: %1").arg(loaded.error));
    else if (!loaded.warnings.isEmpty())
        m_status->setText(loaded.warnings.join(QLatin1Char('\n')));
    else
        m_status->setText(tr("%n input(s).", nullptr, static_cast<int>(loaded.inputs.size())));
    emit completeChanged();
}

bool InputsPage::isComplete() const
{
    if (m_loading || m_table->rowCount() == 0 || !m_preprocessing->options())
        return false;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QString text = m_table->item(row, ShapeColumn)->text();
        if (parsePinnedDims(text).empty()
            && text != dimsText(m_originalShapes[static_cast<std::size_t>(row)]))
            return false;
    }
    return true;
}

bool InputsPage::validatePage()
{
    ConversionRequest& request = qobject_cast<ConversionWizard*>(wizard())->request();
    request.convert.inputShapes.clear();
    if (request.format == ModelFormat::Onnx && !request.fromTorch) {
        for (int row = 0; row < m_table->rowCount(); ++row) {
            const std::vector<std::int64_t> dims
                = parsePinnedDims(m_table->item(row, ShapeColumn)->text());
            if (!dims.empty() && dims != m_originalShapes[static_cast<std::size_t>(row)])
                request.convert.inputShapes[m_table->item(row, NameColumn)->text().toStdString()]
                    = dims;
        }
    }
    request.convert.pipeline.keepIoLayout
        = m_keepNchw->isChecked() && request.format != ModelFormat::TFLite;
    QSettings().setValue(kKeepNchwKey, m_keepNchw->isChecked());
    request.image = *m_preprocessing->options();
    m_preprocessing->remember();
    return true;
}

} // namespace lf::ui
