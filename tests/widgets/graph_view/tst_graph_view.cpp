// SPDX-License-Identifier: GPL-3.0-or-later
// Tests the graph view on a corpus model (offscreen): one box per op plus the input/output boxes,
// labelled quantized edges, clicking a box fills the inspector (attributes, weight statistics and
// histogram), search selects and cycles through matches, zoom keys and fit, PNG and SVG export.
#include "widgets/graph_view/edge_item.h"
#include "widgets/graph_view/graph_scene.h"
#include "widgets/graph_view/graph_view.h"
#include "widgets/graph_view/node_item.h"
#include "widgets/inspector/node_inspector.h"
#include "widgets/plotting/histogram_plot.h"

#include "core/base/task_context.h"
#include "core/importers/load_model.h"

#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QImage>
#include <QNativeGestureEvent>
#include <QPointingDevice>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace lf;
using namespace lf::ui;

namespace {

constexpr int kLayoutTimeoutMs = 20000;

QString vwwPath()
{
    return QStringLiteral(LF_SHARED_DIR "/corpus/tflite/vww_mobilenet_96_mlperf/vww_96_int8.tflite");
}

std::shared_ptr<const ir::Model> loadVww()
{
    NullTaskContext context;
    auto model = loadModel(QFileInfo(vwwPath()).filesystemFilePath(), context);
    if (!model)
        return nullptr;
    return std::make_shared<const ir::Model>(std::move(*model));
}

int firstNodeOf(const ir::Graph& graph, ir::OpKind kind)
{
    for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
        if (graph.nodes[i].op == kind)
            return int(i);
    }
    return -1;
}

} // namespace

class TestGraphView : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (!QFileInfo::exists(vwwPath()))
            QSKIP("shared corpus not available");
        m_model = loadVww();
        QVERIFY(m_model);
        m_window = std::make_unique<QWidget>();
        m_view = new GraphView(m_window.get());
        m_inspector = new NodeInspector(m_window.get());
        auto* layout = new QHBoxLayout(m_window.get());
        layout->addWidget(m_view, 2);
        layout->addWidget(m_inspector, 1);
        connect(m_view, &GraphView::nodeSelected, m_inspector, &NodeInspector::setNode);
        m_window->resize(1300, 850);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));

        QSignalSpy finished(m_view->graphScene(), &GraphScene::layoutFinished);
        m_view->setModel(m_model);
        m_inspector->setModel(m_model);
        QVERIFY(m_view->graphScene()->isLayoutRunning());
        QVERIFY(finished.wait(kLayoutTimeoutMs));
        QCOMPARE(finished.count(), 1);
    }

    void cleanupTestCase() { m_window.reset(); }

    void oneBoxPerOpPlusIo()
    {
        const ir::Graph& graph = m_model->main();
        int ops = 0;
        int io = 0;
        int edges = 0;
        for (QGraphicsItem* item : m_view->graphScene()->items()) {
            if (item->type() == NodeItem::Type)
                (static_cast<NodeItem*>(item)->visualNode().kind == VisualNode::Kind::Op ? ops : io) += 1;
            else if (item->type() == EdgeItem::Type)
                ++edges;
        }
        QCOMPARE(ops, int(graph.nodes.size()));
        QCOMPARE(io, int(graph.inputs.size() + graph.outputs.size()));
        QCOMPARE(m_view->graphScene()->opItemCount(), ops);
        QCOMPARE(m_view->graphScene()->ioItemCount(), io);
        QVERIFY(edges >= ops); // a chain at least: every op has an incoming edge
    }

    void nodesShowTypeAndAttributes()
    {
        const ir::Graph& graph = m_model->main();
        const int conv = firstNodeOf(graph, ir::OpKind::Conv2D);
        QVERIFY(conv >= 0);
        NodeItem* item = m_view->graphScene()->nodeItem(conv);
        QVERIFY(item);
        QCOMPARE(item->title(), QStringLiteral("Conv2D"));
        // vww first convolution: 3×3 kernel, stride 2, SAME padding, fused ReLU.
        QVERIFY2(item->lines().join(QLatin1Char(' ')).contains(QStringLiteral("3×3")), qPrintable(item->lines().join(QLatin1Char('|'))));
        QVERIFY(item->lines().join(QLatin1Char(' ')).contains(QStringLiteral("s2")));
        QVERIFY(item->lines().join(QLatin1Char(' ')).contains(QStringLiteral("SAME")));
        QVERIFY2(item->lines().contains(QStringLiteral("RELU")), qPrintable(item->lines().join(QLatin1Char('|'))));
    }

    void edgesLabelledWithQuantBadge()
    {
        int labelled = 0;
        for (EdgeItem* edge : m_view->graphScene()->edgeItems()) {
            if (edge->label().isEmpty())
                continue;
            ++labelled;
            QVERIFY2(edge->label().startsWith(QStringLiteral("i8[")), qPrintable(edge->label()));
            QVERIFY(edge->isQuantized());
        }
        QVERIFY(labelled > 0);
        const auto& edges = m_view->graphScene()->edgeItems();
        QStringList labels;
        for (EdgeItem* e : edges)
            labels.append(e->label());
        QVERIFY2(std::any_of(edges.begin(), edges.end(),
                            [](EdgeItem* e) { return e->label() == QStringLiteral("i8[?,48,48,8]"); }), // the batch dim is dynamic
                 qPrintable(labels.join(QLatin1Char(' '))));
    }

    void clickFillsInspector()
    {
        const ir::Graph& graph = m_model->main();
        const int conv = firstNodeOf(graph, ir::OpKind::DepthwiseConv2D);
        QVERIFY(conv >= 0);
        NodeItem* item = m_view->graphScene()->nodeItem(conv);
        m_view->setTransform(QTransform());
        m_view->centerOn(item->sceneBoundingRect().center());
        const QPoint at = m_view->mapFromScene(item->sceneBoundingRect().center());
        QVERIFY(m_view->viewport()->rect().contains(at));
        QTest::mouseClick(m_view->viewport(), Qt::LeftButton, Qt::NoModifier, at);
        QVERIFY(item->isSelected());
        QCOMPARE(m_inspector->node(), conv);
        QVERIFY(m_inspector->titleText().contains(QStringLiteral("DepthwiseConv2D")));

        QStringList attributes;
        for (int row = 0; row < m_inspector->attributeTable()->rowCount(); ++row)
            attributes.append(m_inspector->attributeTable()->item(row, 0)->text());
        QVERIFY2(attributes.contains(QStringLiteral("stride_w")), qPrintable(attributes.join(QLatin1Char(','))));
        QVERIFY(attributes.contains(QStringLiteral("padding")));
        QCOMPARE(m_inspector->inputTable()->rowCount(), int(graph.nodes[std::size_t(conv)].inputs.size()));

        // The details show the (per-channel quantized) weights: scales plot, statistics, histogram.
        const ir::Tensor& weights = graph.tensors[std::size_t(graph.nodes[std::size_t(conv)].inputs[1])];
        QCOMPARE(m_inspector->detailTensor(), graph.nodes[std::size_t(conv)].inputs[1]);
        QVERIFY(m_inspector->statisticsText().contains(QStringLiteral("mean")));
        QCOMPARE(m_inspector->histogramPlot()->barCount(), NodeInspector::kHistogramBins);
        if (weights.quant.isPerAxis())
            QCOMPARE(m_inspector->scalePlot()->barCount(), int(weights.quant.scales.size()));
        QVERIFY(m_inspector->valueTable()->rowCount() > 0);

        // Clicking the empty background clears the selection.
        const QPointF empty = item->sceneBoundingRect().topLeft() - QPointF(6, 6);
        QTest::mouseClick(m_view->viewport(), Qt::LeftButton, Qt::NoModifier, m_view->mapFromScene(empty));
        QCOMPARE(m_view->graphScene()->selectedItem(), -1);
        QCOMPARE(m_inspector->node(), -1);
    }

    void searchSelectsMatches()
    {
        const ir::Graph& graph = m_model->main();
        const int target = int(graph.nodes.size()) / 2;
        const QString name = QString::fromStdString(graph.nodes[std::size_t(target)].name);
        QVERIFY(!name.isEmpty());
        QVERIFY(m_view->find(name) >= 1); // the node's own name is usually also its output tensor's
        QCOMPARE(m_view->graphScene()->selectedItem(), target);
        QCOMPARE(m_inspector->node(), target);
        const QRectF visible = m_view->mapToScene(m_view->viewport()->rect()).boundingRect();
        QVERIFY(visible.contains(m_view->graphScene()->nodeItem(target)->sceneBoundingRect().center()));

        // By op type: every depthwise convolution, in layout order, cycling with next/previous.
        const int depthwise = int(std::count_if(graph.nodes.begin(), graph.nodes.end(),
                                                [](const ir::Node& n) { return n.op == ir::OpKind::DepthwiseConv2D; }));
        QCOMPARE(m_view->find(QStringLiteral("depthwiseconv2d")), depthwise);
        const int first = m_view->graphScene()->selectedItem();
        m_view->findNext();
        const int second = m_view->graphScene()->selectedItem();
        QVERIFY(second != first);
        m_view->findPrevious();
        QCOMPARE(m_view->graphScene()->selectedItem(), first);

        // By tensor name: the graph input box matches its tensor.
        const QString input = QString::fromStdString(graph.tensors[std::size_t(graph.inputs.front())].name);
        QVERIFY(m_view->find(input) >= 1);
        QCOMPARE(m_view->find(QStringLiteral("no-such-node-xyz")), 0);
    }

    void zoomKeysAndFit()
    {
        m_view->setFocus();
        m_view->setTransform(QTransform());
        QTest::keyClick(m_view, Qt::Key_Plus);
        QTRY_VERIFY(m_view->zoom() > 1.2);
        QTest::keyClick(m_view, Qt::Key_F);
        const QRectF visible = m_view->mapToScene(m_view->viewport()->rect()).boundingRect();
        QVERIFY(visible.adjusted(-2, -2, 2, 2).contains(m_view->graphScene()->itemsBoundingRect()));
    }

    void exportPngAndSvg()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString png = dir.filePath(QStringLiteral("graph.png"));
        const QString svg = dir.filePath(QStringLiteral("graph.svg"));
        QVERIFY(m_view->exportPng(png, 1.0));
        QVERIFY(QFileInfo(png).size() > 0);
        const QImage image(png);
        QVERIFY(!image.isNull());
        QVERIFY(image.height() > image.width()); // a tall, layered graph
        QVERIFY(m_view->exportSvg(svg));
        QFile file(svg);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray content = file.readAll();
        QVERIFY(content.contains("<svg"));
        QVERIFY(content.contains("Conv2D"));
    }

    void inspectorNamesSourceNode()
    {
        // An op lowered from a source model names the nodes it came from.
        auto model = std::make_shared<ir::Model>(*m_model);
        model->main().nodes[0].origin = { "/features/features.0/Conv" };
        NodeInspector inspector;
        inspector.setModel(model);
        inspector.setNode(0);
        QVERIFY2(inspector.titleText().contains(QStringLiteral("/features/features.0/Conv")),
            qPrintable(inspector.titleText()));
        inspector.setNode(1);
        QVERIFY(!inspector.titleText().contains(QStringLiteral("From source node")));
    }

    void pinchZooms()
    {
        // A touchpad pinch (native zoom gesture) scales the view by 1 + its value.
        m_view->resetTransform();
        const QPointF centre = m_view->viewport()->rect().center();
        QNativeGestureEvent pinch(Qt::ZoomNativeGesture, QPointingDevice::primaryPointingDevice(),
            2, centre, centre, m_view->viewport()->mapToGlobal(centre), 0.25, QPointF());
        QCoreApplication::sendEvent(m_view->viewport(), &pinch);
        QVERIFY(std::abs(m_view->zoom() - 1.25) < 1e-9);
        m_view->resetTransform();
    }

    void newModelReplacesItems()
    {
        QSignalSpy finished(m_view->graphScene(), &GraphScene::layoutFinished);
        m_view->setModel(nullptr);
        QVERIFY(finished.wait(kLayoutTimeoutMs));
        QCOMPARE(m_view->graphScene()->nodeItems().size(), std::size_t(0));
        // Two requests in a row: only the newest produces items.
        m_view->setModel(m_model);
        m_view->setModel(m_model);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, kLayoutTimeoutMs);
        QTest::qWait(50);
        QCOMPARE(finished.count(), 2);
        QCOMPARE(int(m_view->graphScene()->nodeItems().size()),
                 int(m_model->main().nodes.size() + m_model->main().inputs.size() + m_model->main().outputs.size()));
    }

private:
    std::shared_ptr<const ir::Model> m_model;
    std::unique_ptr<QWidget> m_window;
    GraphView* m_view = nullptr;
    NodeInspector* m_inspector = nullptr;
};

QTEST_MAIN(TestGraphView)
#include "tst_graph_view.moc"
