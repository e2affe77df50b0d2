// SPDX-License-Identifier: GPL-3.0-or-later
// Graph-view benchmark (issue 6): generates 1,000- and 10,000-op graphs (a residual conv chain with
// branches and skips, and a transformer-like encoder), then times the layout alone, the grouping,
// setModel() until the items exist plus the first paint of the view, full repaints while panning
// across the scene at the initial zoom and zoomed out, collapse all / expand all, and the minimap.
// Prints one markdown table. Not a test: nothing is asserted. See README.md.
// `graph_view_bench --screenshot FILE` instead saves a picture of a 3-layer encoder laid out left
// to right with two groups collapsed, a selected op framed by its group, and the minimap showing.
#include "tests/widgets/graph_view/synthetic_graphs.h"

#include "widgets/graph_view/graph_elements.h"
#include "widgets/graph_view/graph_groups.h"
#include "widgets/graph_view/graph_layout.h"
#include "widgets/graph_view/graph_scene.h"
#include "widgets/graph_view/graph_view.h"
#include "widgets/graph_view/group_item.h"
#include "widgets/graph_view/minimap.h"
#include "widgets/graph_view/node_item.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QScrollBar>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <vector>

using namespace lf;
using namespace lf::ui;

namespace {

constexpr int kPanSteps = 40;

double msSince(const QElapsedTimer& timer)
{
    return static_cast<double>(timer.nsecsElapsed()) / 1e6;
}

struct Frames {
    double min = 0;
    double median = 0;
    double max = 0;
};

Frames summarize(std::vector<double> times)
{
    std::sort(times.begin(), times.end());
    return {times.front(), times[times.size() / 2], times.back()};
}

/// Waits for `signal` of `scene` (the layout runs on a worker thread and posts its result).
template <class Signal>
void waitFor(GraphScene* scene, Signal signal)
{
    QEventLoop loop;
    QObject::connect(scene, signal, &loop, &QEventLoop::quit);
    QTimer::singleShot(120000, &loop, &QEventLoop::quit);
    loop.exec();
}

/// Full repaints of the viewport while the view scrolls from one end of the scene to the other
/// (vertically for a top-to-bottom layout), one repaint per step.
Frames pan(GraphView& view)
{
    QScrollBar* bar = view.verticalScrollBar()->maximum() > view.horizontalScrollBar()->maximum()
        ? view.verticalScrollBar()
        : view.horizontalScrollBar();
    std::vector<double> times;
    for (int step = 0; step <= kPanSteps; ++step) {
        bar->setValue(bar->minimum() + (bar->maximum() - bar->minimum()) * step / kPanSteps);
        QElapsedTimer timer;
        timer.start();
        view.viewport()->repaint();
        times.push_back(msSince(timer));
    }
    return summarize(times);
}

GraphLayoutInput layoutInput(const ir::Graph& graph, const GraphElements& elements)
{
    GraphLayoutInput input;
    for (const VisualNode& node : elements.nodes)
        input.nodeSizes.push_back(NodeItem::sizeFor(NodeItem::titleFor(graph, node), NodeItem::attributeLines(graph, node)));
    for (const VisualEdge& edge : elements.edges)
        input.edges.push_back({edge.from, edge.to});
    return input;
}

void run(const char* name, const ir::Model& generated)
{
    const auto model = std::make_shared<const ir::Model>(generated);
    const ir::Graph& graph = model->main();
    const GraphElements elements = graphElements(graph);

    QElapsedTimer timer;
    timer.start();
    const GraphLayoutInput input = layoutInput(graph, elements);
    const double measure = msSince(timer);
    timer.restart();
    const GraphLayout layout = computeGraphLayout(input);
    const double layoutMs = msSince(timer);
    timer.restart();
    const GraphGroups groups = groupGraph(graph, elements);
    const double groupMs = msSince(timer);

    GraphView view;
    view.resize(1600, 1000);
    view.show();
    QApplication::processEvents();
    timer.restart();
    view.setModel(model);
    waitFor(view.graphScene(), &GraphScene::layoutFinished);
    const double itemsMs = msSince(timer);
    view.viewport()->repaint();
    const double firstPaintMs = msSince(timer);

    const Frames near = pan(view);
    const double zoom = view.zoom();
    view.setTransform(QTransform::fromScale(0.1, 0.1));
    const Frames far = pan(view);
    view.fitToWindow();
    timer.restart();
    view.viewport()->repaint();
    const double fitMs = msSince(timer);
    timer.restart();
    view.minimap()->rebuild();
    const double minimapMs = msSince(timer);

    timer.restart();
    view.collapseAllGroups();
    waitFor(view.graphScene(), &GraphScene::layoutUpdated);
    const double collapseMs = msSince(timer);
    const int collapsedBoxes = view.graphScene()->visibleBoxCount();
    timer.restart();
    view.expandAllGroups();
    waitFor(view.graphScene(), &GraphScene::layoutUpdated);
    const double expandMs = msSince(timer);

    std::printf("| %s | %zu | %zu | %.0f | %.0f | %.0f | %.0f | **%.0f** | %.1f / %.1f / %.1f (zoom %.2f) | %.1f / %.1f / %.1f | %.0f | %.1f | %zu → %d boxes: %.0f / %.0f |\n",
                name, graph.nodes.size(), elements.edges.size(), measure, layoutMs, groupMs, itemsMs, firstPaintMs,
                near.min, near.median, near.max, zoom, far.min, far.median, far.max, fitMs, minimapMs,
                elements.nodes.size(), collapsedBoxes, collapseMs, expandMs);
    std::fflush(stdout);
    (void)layout;
    (void)groups;
}

int screenshot(const QString& path)
{
    GraphView view;
    view.resize(1500, 900);
    view.show();
    view.setLayoutDirection(LayoutDirection::LeftToRight);
    view.setModel(std::make_shared<const ir::Model>(test::transformerModel(3 * test::transformerOpsPerLayer())));
    waitFor(view.graphScene(), &GraphScene::layoutFinished);
    GraphScene* scene = view.graphScene();
    for (const QString& collapsed : {QStringLiteral("encoder/layer.0"), QStringLiteral("encoder/layer.2/attention/output/LayerNorm")}) {
        const auto& groups = scene->groups().groups;
        for (std::size_t g = 0; g < groups.size(); ++g) {
            if (groups[g].path == collapsed) {
                scene->collapseGroup(static_cast<int>(g));
                waitFor(scene, &GraphScene::layoutUpdated);
            }
        }
    }
    view.setTransform(QTransform::fromScale(0.6, 0.6));
    // A selected op shows the frame of its expanded group.
    const auto& nodes = view.graphScene()->graph()->nodes;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (nodes[i].name == "/encoder/layer.1/attention/self/query/Reshape") {
            view.selectNode(static_cast<int>(i));
            view.centerOn(scene->nodeItem(static_cast<int>(i))->sceneBoundingRect().center() - QPointF(300, 0));
        }
    }
    QApplication::processEvents();
    return view.grab().save(path) ? 0 : 1;
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    if (argc == 3 && QByteArray(argv[1]) == "--screenshot")
        return screenshot(QString::fromLocal8Bit(argv[2]));
    std::printf("| graph | ops | edges | measure ms | layout ms | groups ms | setModel→items ms | + first paint ms "
                "| pan frame min/median/max ms | pan at zoom 0.1 ms | fit repaint ms | minimap ms | collapse all / expand all ms |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    std::fflush(stdout);
    run("chain 1k", test::deepChainModel(1000));
    run("transformer 1k", test::transformerModel(1000));
    run("chain 10k", test::deepChainModel(10000));
    run("transformer 10k", test::transformerModel(10000));
    return 0;
}
