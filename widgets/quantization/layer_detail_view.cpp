// SPDX-License-Identifier: GPL-3.0-or-later
// Layer detail texts. The representable range is (q_min − zero point) × scale … (q_max − zero point)
// × scale for the activation type of the scheme: int8 for int8, int16 for 16x8.
#include "widgets/quantization/layer_detail_view.h"

#include "widgets/quantization/histogram_overlay_plot.h"
#include "widgets/quantization/layer_metric.h"
#include "widgets/quantization/value_scatter_plot.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace lf::ui {

namespace {

QString number(double value)
{
    return QString::number(value, 'g', 5);
}

std::pair<double, double> integerRange(quant::Scheme scheme)
{
    if (scheme == quant::Scheme::Int16x8)
        return {-32768.0, 32767.0};
    return {-128.0, 127.0};
}

} // namespace

LayerDetailView::LayerDetailView(QWidget* parent)
    : QWidget(parent)
{
    m_title = new QLabel(this);
    m_title->setWordWrap(true);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_parameters = new QLabel(this);
    m_parameters->setWordWrap(true);
    m_parameters->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_parameters->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_plot = new HistogramOverlayPlot(this);
    m_scatter = new ValueScatterPlot(this);
    m_scatterMode = new QComboBox(this);
    for (ErrorMode mode : {ErrorMode::Accumulated, ErrorMode::Isolated})
        m_scatterMode->addItem(modeDescription(mode), int(mode));
    m_scatterMode->setToolTip(tr("Accumulated: the quantized model end to end. Isolated: the layer alone, fed "
                                 "the float model's inputs."));
    connect(m_scatterMode, &QComboBox::currentIndexChanged, this,
            [this] { m_scatter->setMode(ErrorMode(m_scatterMode->currentData().toInt())); });
    connect(m_scatter, &ValueScatterPlot::modeChanged, this,
            [this](ErrorMode mode) { m_scatterMode->setCurrentIndex(m_scatterMode->findData(int(mode))); });
    auto* scatterRow = new QHBoxLayout;
    scatterRow->addStretch(1);
    scatterRow->addWidget(new QLabel(tr("Scatter plot values:"), this));
    scatterRow->addWidget(m_scatterMode);
    auto* plots = new QHBoxLayout;
    plots->addWidget(m_plot, 1);
    plots->addWidget(m_scatter, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_parameters);
    layout->addLayout(scatterRow);
    layout->addLayout(plots, 1);
    setLayer(nullptr, -1);
}

void LayerDetailView::setLayer(std::shared_ptr<const QuantizationResults> results, int layer)
{
    if (!results || layer < 0 || std::size_t(layer) >= results->report.layers.size()) {
        m_layer = -1;
        m_title->setText(tr("Click a bar in the chart or a node in the graph."));
        m_parameters->clear();
        m_plot->clear();
        m_scatter->setLayer(nullptr, -1);
        return;
    }
    m_layer = layer;
    const quant::LayerReport& report = results->report.layers[std::size_t(layer)];
    QString title = tr("<b>#%1 %2</b> (%3)<br>tensor %4")
                        .arg(layer)
                        .arg(elidedName(report.node, 44).toHtmlEscaped(), QString::fromStdString(report.opType),
                             elidedName(report.tensor, 40).toHtmlEscaped());
    if (report.elements > 0) // 0 when the shape has a dynamic dim
        title += tr(", %1 values per sample").arg(report.elements);
    m_title->setText(title);
    m_title->setToolTip(tr("node %1\ntensor %2")
                            .arg(QString::fromStdString(report.node), QString::fromStdString(report.tensor)));
    const auto [qmin, qmax] = integerRange(results->request.scheme);
    const double scale = report.scale;
    QString text = tr("scale %1, zero point %2<br>representable [%3, %4]")
                       .arg(number(scale))
                       .arg(report.zeroPoint)
                       .arg(number((qmin - double(report.zeroPoint)) * scale),
                            number((qmax - double(report.zeroPoint)) * scale));
    if (results->calibration) {
        const auto it = results->calibration->ranges.find(report.tensor);
        if (it != results->calibration->ranges.end())
            text += tr(", calibrated [%1, %2]").arg(number(it->second.min), number(it->second.max));
    }
    text += tr("<br>float values seen [%1, %2]")
                .arg(number(report.floatHistogram.min), number(report.floatHistogram.max));
    if (report.flagged)
        text += tr("<br><span style='color:#c03030'>flagged: RMSE/scale above 0.7</span>");
    m_parameters->setText(text);
    m_plot->setHistograms(report.floatHistogram, report.quantizedHistogram);
    m_scatter->setLayer(results, layer);
}

QString LayerDetailView::parametersText() const
{
    return m_parameters->text();
}

} // namespace lf::ui
