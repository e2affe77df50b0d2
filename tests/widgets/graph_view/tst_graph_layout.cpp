// SPDX-License-Identifier: GPL-3.0-or-later
// Tests the layered layout as pure data: no overlapping boxes, every edge runs downwards from a
// higher layer to a lower one, identical output for identical input. With LF_LAYOUT_BENCH=1 it also
// times both engines on the largest corpus models and a 3000-node chain with skips, and counts
// geometric edge crossings as the quality measure.
#include "widgets/graph_view/graph_elements.h"
#include "widgets/graph_view/graph_layout.h"

#include "core/base/task_context.h"
#include "core/importers/load_model.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QLineF>
#include <QTest>

#include <algorithm>
#include <set>

using namespace lf::ui;

namespace {

QString corpusFile(const char* relative)
{
    return QStringLiteral(LF_SHARED_DIR "/corpus/") + QString::fromUtf8(relative);
}

GraphLayoutInput inputFor(const GraphElements& elements)
{
    GraphLayoutInput input;
    for (std::size_t i = 0; i < elements.nodes.size(); ++i)
        input.nodeSizes.emplace_back(80 + 40 * static_cast<double>(i % 3), 36 + 8 * static_cast<double>(i % 2));
    for (const VisualEdge& edge : elements.edges)
        input.edges.push_back({edge.from, edge.to});
    return input;
}

GraphLayoutInput corpusInput(const char* relative)
{
    lf::NullTaskContext context;
    auto model = lf::loadModel(QFileInfo(corpusFile(relative)).filesystemFilePath(), context);
    if (!model)
        return {};
    return inputFor(graphElements(model->main()));
}

/// A chain of `n` nodes where every 5th node also feeds the node 3 further down and every 17th the
/// node 9 further down (residual-style skips), like a deep ResNet/transformer stack.
GraphLayoutInput chainWithSkips(int n)
{
    GraphLayoutInput input;
    for (int i = 0; i < n; ++i)
        input.nodeSizes.emplace_back(100 + 20 * (i % 4), 40);
    for (int i = 0; i + 1 < n; ++i) {
        input.edges.push_back({i, i + 1});
        if (i % 5 == 0 && i + 3 < n)
            input.edges.push_back({i, i + 3});
        if (i % 17 == 0 && i + 9 < n)
            input.edges.push_back({i, i + 9});
    }
    return input;
}

std::vector<QLineF> flatten(const std::vector<QPointF>& path)
{
    std::vector<QLineF> lines;
    constexpr int kSteps = 8;
    for (std::size_t i = 0; i + 3 < path.size(); i += 3) {
        QPointF previous = path[i];
        for (int s = 1; s <= kSteps; ++s) {
            const double t = s / double(kSteps);
            const double u = 1 - t;
            const QPointF p = u * u * u * path[i] + 3 * u * u * t * path[i + 1] + 3 * u * t * t * path[i + 2]
                + t * t * t * path[i + 3];
            lines.emplace_back(previous, p);
            previous = p;
        }
    }
    return lines;
}

/// Proper crossings between the flattened edges (touching at shared end points does not count).
int countCrossings(const GraphLayout& layout)
{
    struct Segment {
        QLineF line;
        std::size_t edge;
        double minY, maxY;
    };
    std::vector<Segment> segments;
    for (std::size_t e = 0; e < layout.edges.size(); ++e) {
        for (const QLineF& line : flatten(layout.edges[e]))
            segments.push_back({line, e, std::min(line.y1(), line.y2()), std::max(line.y1(), line.y2())});
    }
    std::sort(segments.begin(), segments.end(), [](const Segment& a, const Segment& b) { return a.minY < b.minY; });
    std::set<std::pair<std::size_t, std::size_t>> crossing;
    for (std::size_t i = 0; i < segments.size(); ++i) {
        for (std::size_t j = i + 1; j < segments.size() && segments[j].minY <= segments[i].maxY; ++j) {
            if (segments[i].edge == segments[j].edge)
                continue;
            QPointF at;
            if (segments[i].line.intersects(segments[j].line, &at) != QLineF::BoundedIntersection)
                continue;
            const auto near = [&at](QPointF p) { return QLineF(p, at).length() < 1.0; };
            const QLineF& a = segments[i].line;
            const QLineF& b = segments[j].line;
            if (near(a.p1()) || near(a.p2()) || near(b.p1()) || near(b.p2()))
                continue;
            crossing.insert(std::minmax(segments[i].edge, segments[j].edge));
        }
    }
    return static_cast<int>(crossing.size());
}

void verifyNoOverlap(const GraphLayout& layout)
{
    std::vector<std::size_t> byTop(layout.nodes.size());
    for (std::size_t i = 0; i < byTop.size(); ++i)
        byTop[i] = i;
    std::sort(byTop.begin(), byTop.end(),
              [&](std::size_t a, std::size_t b) { return layout.nodes[a].top() < layout.nodes[b].top(); });
    for (std::size_t i = 0; i < byTop.size(); ++i) {
        const QRectF a = layout.nodes[byTop[i]];
        for (std::size_t j = i + 1; j < byTop.size() && layout.nodes[byTop[j]].top() < a.bottom(); ++j) {
            const QRectF b = layout.nodes[byTop[j]];
            if (a.intersected(b).width() > 0.01 && a.intersected(b).height() > 0.01)
                QFAIL(qPrintable(QStringLiteral("nodes %1 and %2 overlap").arg(byTop[i]).arg(byTop[j])));
        }
    }
}

} // namespace

class TestGraphLayout : public QObject {
    Q_OBJECT

private slots:
    void layoutProperties_data()
    {
        QTest::addColumn<int>("engine");
        QTest::addColumn<QString>("model");
        for (int engine : {int(LayoutEngine::Sugiyama), int(LayoutEngine::Graphviz)}) {
            if (engine == int(LayoutEngine::Graphviz) && !isGraphvizAvailable())
                continue;
            const char* name = engine == int(LayoutEngine::Sugiyama) ? "sugiyama" : "graphviz";
            for (const char* model : {"tflite/vww_mobilenet_96_mlperf/vww_96_int8.tflite",
                                      "tflite/yolo_person_detect_efinix/yolo_person_detect.tflite",
                                      "tflite/mediapipe_face_landmark_efinix/mediapipe_face_landmark.tflite",
                                      "tflite/resnet8_cifar10_mlperf/pretrainedResnet_int8.tflite",
                                      "synthetic:chain300"})
                QTest::addRow("%s %s", name, model) << engine << QString::fromUtf8(model);
        }
    }

    void layoutProperties()
    {
        QFETCH(int, engine);
        QFETCH(QString, model);
        GraphLayoutInput input;
        if (model.startsWith(QStringLiteral("synthetic:")))
            input = chainWithSkips(300);
        else if (QFileInfo::exists(corpusFile(model.toUtf8().constData())))
            input = corpusInput(model.toUtf8().constData());
        else
            QSKIP("corpus model not available");
        QVERIFY(!input.nodeSizes.empty());

        const GraphLayout layout = computeGraphLayout(input, LayoutEngine(engine));
        QCOMPARE(layout.nodes.size(), input.nodeSizes.size());
        QCOMPARE(layout.edges.size(), input.edges.size());
        for (std::size_t i = 0; i < layout.nodes.size(); ++i)
            QCOMPARE(layout.nodes[i].size(), input.nodeSizes[i]);
        verifyNoOverlap(layout);

        for (std::size_t e = 0; e < input.edges.size(); ++e) {
            const auto [from, to] = input.edges[e];
            const auto& path = layout.edges[e];
            QVERIFY2(path.size() >= 4 && (path.size() - 1) % 3 == 0, qPrintable(QString::number(e)));
            QVERIFY(layout.layers[std::size_t(from)] < layout.layers[std::size_t(to)]);
            QVERIFY(layout.nodes[std::size_t(from)].bottom() < layout.nodes[std::size_t(to)].top());
            // The curve's anchor points (every third point) never go up.
            for (std::size_t k = 3; k < path.size(); k += 3)
                QVERIFY2(path[k].y() >= path[k - 3].y() - 0.5, qPrintable(QStringLiteral("edge %1").arg(e)));
            if (LayoutEngine(engine) == LayoutEngine::Sugiyama) { // dot may attach edges to a box side
                QVERIFY(std::abs(path.front().y() - layout.nodes[std::size_t(from)].bottom()) < 0.01);
                QVERIFY(std::abs(path.back().y() - layout.nodes[std::size_t(to)].top()) < 0.01);
            }
        }
    }

    void leftToRight_data() { layoutProperties_data(); }

    /// Left to right: every edge runs from the right side of its source to the left side of a box
    /// further right, its anchor points never go left, and the rows are the top-to-bottom layers.
    void leftToRight()
    {
        QFETCH(int, engine);
        QFETCH(QString, model);
        GraphLayoutInput input;
        if (model.startsWith(QStringLiteral("synthetic:")))
            input = chainWithSkips(300);
        else if (QFileInfo::exists(corpusFile(model.toUtf8().constData())))
            input = corpusInput(model.toUtf8().constData());
        else
            QSKIP("corpus model not available");
        const GraphLayout down = computeGraphLayout(input, LayoutEngine(engine));
        input.direction = LayoutDirection::LeftToRight;
        const GraphLayout across = computeGraphLayout(input, LayoutEngine(engine));
        QCOMPARE(across.nodes.size(), input.nodeSizes.size());
        for (std::size_t i = 0; i < across.nodes.size(); ++i)
            QCOMPARE(across.nodes[i].size(), input.nodeSizes[i]);
        verifyNoOverlap(across);
        QCOMPARE(across.layers, LayoutEngine(engine) == LayoutEngine::Sugiyama ? down.layers : across.layers);
        for (std::size_t e = 0; e < input.edges.size(); ++e) {
            const QRectF from = across.nodes[std::size_t(input.edges[e].from)];
            const QRectF to = across.nodes[std::size_t(input.edges[e].to)];
            const auto& path = across.edges[e];
            QVERIFY2(to.left() > from.right(), qPrintable(QStringLiteral("edge %1").arg(e)));
            QVERIFY(path.size() >= 4);
            for (std::size_t k = 3; k < path.size(); k += 3)
                QVERIFY2(path[k].x() >= path[k - 3].x() - 0.5, qPrintable(QStringLiteral("edge %1").arg(e)));
            if (LayoutEngine(engine) == LayoutEngine::Sugiyama) {
                QVERIFY(std::abs(path.front().x() - from.right()) < 0.01);
                QVERIFY(std::abs(path.back().x() - to.left()) < 0.01);
            }
        }
        QVERIFY(across.bounds.width() > across.bounds.height()); // a deep graph is wide, not tall
    }

    void deterministic()
    {
        const GraphLayoutInput input = chainWithSkips(500);
        const GraphLayout a = computeGraphLayout(input);
        const GraphLayout b = computeGraphLayout(input);
        QCOMPARE(a.nodes, b.nodes);
        QCOMPARE(a.edges, b.edges);
        QCOMPARE(a.layers, b.layers);
    }

    void handlesCyclesAndEmpty()
    {
        QVERIFY(computeGraphLayout({}).nodes.empty());
        GraphLayoutInput input;
        input.nodeSizes = {QSizeF(50, 20), QSizeF(50, 20), QSizeF(50, 20)};
        input.edges = {{0, 1}, {1, 2}, {2, 0}, {1, 1}, {0, 7}};
        const GraphLayout layout = computeGraphLayout(input);
        QCOMPARE(layout.nodes.size(), std::size_t(3));
        verifyNoOverlap(layout);
        QVERIFY(layout.layers[0] < layout.layers[1] && layout.layers[1] < layout.layers[2]);
        QVERIFY(layout.edges[3].empty()); // self loop
        QVERIFY(layout.edges[4].empty()); // out of range
    }

    void benchmark_data()
    {
        QTest::addColumn<QString>("model");
        QTest::newRow("yolo_person_detect") << QStringLiteral("tflite/yolo_person_detect_efinix/yolo_person_detect.tflite");
        QTest::newRow("mediapipe_face_landmark") << QStringLiteral("tflite/mediapipe_face_landmark_efinix/mediapipe_face_landmark.tflite");
        QTest::newRow("vww_96_int8") << QStringLiteral("tflite/vww_mobilenet_96_mlperf/vww_96_int8.tflite");
        QTest::newRow("chain3000") << QStringLiteral("synthetic:chain3000");
    }

    void benchmark()
    {
        if (qEnvironmentVariableIsEmpty("LF_LAYOUT_BENCH"))
            QSKIP("set LF_LAYOUT_BENCH=1 to time the engines");
        QFETCH(QString, model);
        const GraphLayoutInput input = model.startsWith(QStringLiteral("synthetic:"))
            ? chainWithSkips(3000)
            : corpusInput(model.toUtf8().constData());
        for (LayoutEngine engine : {LayoutEngine::Sugiyama, LayoutEngine::Graphviz}) {
            if (engine == LayoutEngine::Graphviz && !isGraphvizAvailable())
                continue;
            QElapsedTimer timer;
            timer.start();
            const GraphLayout layout = computeGraphLayout(input, engine);
            const double ms = double(timer.nsecsElapsed()) / 1e6;
            double edgeLength = 0;
            for (const auto& path : layout.edges)
                for (const QLineF& line : flatten(path))
                    edgeLength += line.length();
            qInfo("LAYOUT %s %s nodes=%zu edges=%zu time_ms=%.1f crossings=%d size=%.0fx%.0f edge_len=%.0f",
                  engine == LayoutEngine::Sugiyama ? "sugiyama" : "graphviz", qPrintable(model),
                  input.nodeSizes.size(), input.edges.size(), ms, countCrossings(layout),
                  layout.bounds.width(), layout.bounds.height(), edgeLength);
        }
    }
};

QTEST_GUILESS_MAIN(TestGraphLayout)
#include "tst_graph_layout.moc"
