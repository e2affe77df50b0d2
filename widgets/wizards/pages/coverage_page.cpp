// SPDX-License-Identifier: GPL-3.0-or-later
// The coverage page: the check (and for PyTorch the export) runs on a worker thread; the table
// lists unsupported ops first, then the approximated ones, then the supported ones, by name within
// each; each status has its own icon and colour.
#include "widgets/wizards/pages/coverage_page.h"

#include "core/importers/load_model.h"
#include "core/importers/onnx/onnx_importer.h"
#include "widgets/wizards/conversion_wizard.h"

#include <QBrush>
#include <QFutureWatcher>
#include <QHeaderView>
#include <QLabel>
#include <QStyle>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <map>

namespace lf::ui {

namespace {

/// In the order the table lists them.
enum class OpStatus { Unsupported, Approximated, Supported };

struct OpRow
{
    QString op;
    std::size_t count = 0;
    OpStatus status = OpStatus::Supported;
    QString reason;
};

/// Adds "'name': reason" to the row's reasons.
void addReason(OpRow& row, const std::string& name, const std::string& reason)
{
    const QString text = QStringLiteral("'%1': %2")
                             .arg(QString::fromStdString(name), QString::fromStdString(reason));
    row.reason = row.reason.isEmpty() ? text : row.reason + QStringLiteral("; ") + text;
}

} // namespace

struct CoveragePage::Check
{
    std::vector<OpRow> rows;
    QString summary;
    QString error;
    std::shared_ptr<TemporaryFolder> exportFolder;
    std::filesystem::path exportedOnnx;
};

namespace {

std::vector<OpRow> rowsOf(const onnx_import::CoverageReport& report)
{
    std::map<std::string, OpRow, std::less<>> rows;
    for (const auto& [op, count] : report.opCounts)
        rows[op] = OpRow { QString::fromStdString(op), count, OpStatus::Supported, {} };
    for (const onnx_import::ApproximatedNode& node : report.approximated) {
        OpRow& row = rows[node.opType];
        row.op = QString::fromStdString(node.opType);
        row.status = OpStatus::Approximated;
        addReason(row, node.name, node.reason);
    }
    for (const onnx_import::UnsupportedNode& node : report.unsupported) {
        OpRow& row = rows[node.opType];
        if (row.status == OpStatus::Approximated)
            row.reason.clear();
        row.op = QString::fromStdString(node.opType);
        row.status = OpStatus::Unsupported;
        addReason(row, node.name, node.reason);
    }
    std::vector<OpRow> result;
    for (auto& [op, row] : rows)
        result.push_back(std::move(row));
    std::ranges::stable_sort(result, {}, &OpRow::status);
    return result;
}

/// The status cell: icon, text and colour.
QTableWidgetItem* statusItem(OpStatus status, const QStyle& style)
{
    QString text;
    QColor colour;
    QStyle::StandardPixmap icon = QStyle::SP_DialogApplyButton;
    switch (status) {
    case OpStatus::Unsupported:
        text = CoveragePage::tr("unsupported");
        colour = QColor(0xc6, 0x28, 0x28);
        icon = QStyle::SP_MessageBoxCritical;
        break;
    case OpStatus::Approximated:
        text = CoveragePage::tr("approximated");
        colour = QColor(0xb2, 0x6a, 0x00);
        icon = QStyle::SP_MessageBoxWarning;
        break;
    case OpStatus::Supported:
        text = CoveragePage::tr("supported");
        colour = QColor(0x2e, 0x7d, 0x32);
        break;
    }
    auto* item = new QTableWidgetItem(style.standardIcon(icon), text);
    item->setForeground(QBrush(colour));
    return item;
}

std::vector<OpRow> rowsOf(const ir::Model& model)
{
    std::map<std::string, std::size_t> counts;
    for (const ir::Node& node : model.main().nodes)
        ++counts[node.typeName()];
    std::vector<OpRow> rows;
    for (const auto& [op, count] : counts)
        rows.push_back(OpRow { QString::fromStdString(op), count, OpStatus::Supported, {} });
    return rows;
}

} // namespace

CoveragePage::CoveragePage(QWidget* parent)
    : QWizardPage(parent)
{
    setTitle(tr("Pre-flight check"));
    setSubTitle(
        tr("Every operator of the model, checked against the converter before anything runs."));
    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_table = new QTableWidget(0, 4, this);
    m_table->setHorizontalHeaderLabels({ tr("Operator"), tr("Count"), tr("Status"), tr("Reason") });
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);
}

void CoveragePage::initializePage()
{
    const ConversionRequest request = qobject_cast<ConversionWizard*>(wizard())->request();
    m_checking = true;
    m_convertible = false;
    m_table->setRowCount(0);
    m_summary->setText(request.fromTorch
            ? tr("Exporting the model to ONNX with PyTorch, then checking it…")
            : tr("Checking the model…"));
    emit completeChanged();
    const quint64 generation = ++m_generation;
    auto* watcher = new QFutureWatcher<Check>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation == m_generation)
            showCheck(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run([request] {
        NullTaskContext context;
        Check check;
        std::filesystem::path onnxPath = request.source;
        if (request.fromTorch) {
            check.exportFolder = std::make_shared<TemporaryFolder>();
            auto exported = exportTorchToOnnx(
                request.source, request.torch, check.exportFolder->path(), context);
            if (!exported) {
                check.error = QString::fromStdString(exported.error().toString());
                return check;
            }
            onnxPath = check.exportedOnnx = *exported;
        }
        if (request.format == ModelFormat::TFLite) {
            auto model = loadModel(request.source, context);
            if (!model)
                check.error = QString::fromStdString(model.error().toString());
            else
                check.rows = rowsOf(*model);
            return check;
        }
        auto report = onnx_import::checkOnnx(onnxPath, context);
        if (!report) {
            check.error = QString::fromStdString(report.error().toString());
            return check;
        }
        check.rows = rowsOf(*report);
        check.summary = QStringLiteral("%1 · opset %2")
                            .arg(QString::fromStdString(report->producer))
                            .arg(report->opset);
        return check;
    }));
}

void CoveragePage::cleanupPage()
{
    ++m_generation; // a check still running is no longer wanted
    m_checking = false;
}

void CoveragePage::showCheck(const Check& check)
{
    m_checking = false;
    auto* wizard = qobject_cast<ConversionWizard*>(this->wizard());
    if (check.exportFolder) {
        wizard->keepExport(check.exportFolder);
        wizard->request().exportedOnnx = check.exportedOnnx;
    }
    m_table->setRowCount(static_cast<int>(check.rows.size()));
    std::size_t nodes = 0;
    int unsupported = 0;
    int approximated = 0;
    for (std::size_t i = 0; i < check.rows.size(); ++i) {
        const OpRow& row = check.rows[i];
        const int r = static_cast<int>(i);
        nodes += row.count;
        unsupported += row.status == OpStatus::Unsupported ? 1 : 0;
        approximated += row.status == OpStatus::Approximated ? 1 : 0;
        m_table->setItem(r, OpColumn, new QTableWidgetItem(row.op));
        auto* count = new QTableWidgetItem(QString::number(row.count));
        count->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_table->setItem(r, CountColumn, count);
        m_table->setItem(r, StatusColumn, statusItem(row.status, *style()));
        auto* reason = new QTableWidgetItem(row.reason);
        reason->setToolTip(row.reason); // long reasons are elided in the cell
        m_table->setItem(r, ReasonColumn, reason);
    }
    m_table->resizeColumnsToContents();
    m_convertible = check.error.isEmpty() && unsupported == 0;
    if (!check.error.isEmpty())
        m_summary->setText(tr("The check failed: %1").arg(check.error));
    else if (unsupported > 0)
        m_summary->setText(
            tr("%1 operator type(s) cannot be converted; see the reasons below.").arg(unsupported));
    else if (approximated > 0)
        m_summary->setText(tr("All %1 nodes (%2 operator types) can be converted; %3 operator "
                              "type(s) with approximated numbers, see the reasons below. %4")
                               .arg(nodes)
                               .arg(check.rows.size())
                               .arg(approximated)
                               .arg(check.summary));
    else
        m_summary->setText(tr("All %1 nodes (%2 operator types) can be converted. %3")
                               .arg(nodes)
                               .arg(check.rows.size())
                               .arg(check.summary));
    emit completeChanged();
}

bool CoveragePage::isComplete() const
{
    return !m_checking && m_convertible;
}

} // namespace lf::ui
