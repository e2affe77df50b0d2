// SPDX-License-Identifier: GPL-3.0-or-later
// Tests collapsible groups, the left-to-right layout and the minimap on generated graphs
// (offscreen): scope groups follow the op names exactly, repeated blocks have identical op
// sequences, collapsing a group removes (members - 1) boxes and expanding restores them,
// selecting a hidden op expands its groups, edges run down (or right) between boxes, a click in
// the minimap centres the view on the place clicked, and zoomed out a box is one plain rectangle.
#include "tests/widgets/graph_view/synthetic_graphs.h"

#include "widgets/graph_view/edge_item.h"
#include "widgets/graph_view/graph_groups.h"
#include "widgets/graph_view/graph_scene.h"
#include "widgets/graph_view/graph_view.h"
#include "widgets/graph_view/group_item.h"
#include "widgets/graph_view/minimap.h"
#include "widgets/graph_view/node_item.h"

#include <QImage>
#include <QPainter>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>

using namespace lf;
using namespace lf::ui;

namespace {

constexpr int kLayoutTimeoutMs = 20000;

int groupByPath(const GraphGroups& groups, const QString& path)
{
    for (std::size_t g = 0; g < groups.groups.size(); ++g) {
        if (groups.groups[g].path == path)
            return int(g);
    }
    return -1;
}

int opByName(const ir::Graph& graph, const std::string& name)
{
    for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
        if (graph.nodes[i].name == name)
            return int(i);
    }
    return -1;
}

/// Ops whose name starts with `prefix` + "/", counted independently of the grouping code.
int opsUnder(const ir::Graph& graph, const std::string& prefix)
{
    return int(std::count_if(graph.nodes.begin(), graph.nodes.end(),
                             [&](const ir::Node& n) { return n.name.rfind(prefix + "/", 0) == 0; }));
}

} // namespace

class TestGraphGroups : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("LiteForgeTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_graph_groups"));
        QSettings().clear();
        m_transformer = std::make_shared<const ir::Model>(test::transformerModel(3 * test::transformerOpsPerLayer()));
        m_chain = std::make_shared<const ir::Model>(test::deepChainModel(3 * test::kDeepChainSpanOps));
        m_view = std::make_unique<GraphView>();
        m_view->resize(1000, 700);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    }

    void cleanupTestCase()
    {
        m_view.reset();
        QSettings().clear();
    }

    void scopeOfNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("scope");
        QTest::newRow("onnx") << QStringLiteral("/layer1/layer1.0/conv1/Conv") << QStringLiteral("layer1|layer1.0|conv1");
        QTest::newRow("tflite fused") << QStringLiteral("model/block_3/conv/Conv2D;model/block_3/bn/FusedBatchNorm") << QStringLiteral("model|block_3|conv");
        QTest::newRow("no scope") << QStringLiteral("conv") << QStringLiteral("");
        QTest::newRow("empty") << QStringLiteral("") << QStringLiteral("");
        QTest::newRow("double slash") << QStringLiteral("a//b/c") << QStringLiteral("a|b");
    }

    void scopeOfNames()
    {
        QFETCH(QString, name);
        QFETCH(QString, scope);
        QStringList parts;
        for (const std::string& part : scopeOf(name.toStdString()))
            parts.append(QString::fromStdString(part));
        QCOMPARE(parts.join(QLatin1Char('|')), scope);
    }

    void scopeGroupsMatchNames()
    {
        const ir::Graph& graph = m_transformer->main();
        const GraphElements elements = graphElements(graph);
        const GraphGroups groups = groupGraph(graph, elements);
        QCOMPARE(groups.source, GraphGroups::Source::Scopes);
        for (const char* path : {"encoder", "encoder/layer.1", "encoder/layer.1/attention", "encoder/layer.1/attention/self",
                                 "encoder/layer.1/attention/self/query", "encoder/layer.2/output/LayerNorm",
                                 "embeddings/LayerNorm"}) {
            const int g = groupByPath(groups, QString::fromUtf8(path));
            QVERIFY2(g >= 0, path);
            QCOMPARE(int(groups.groups[std::size_t(g)].members.size()), opsUnder(graph, std::string("/") + path));
        }
        QCOMPARE(int(groups.groups[std::size_t(groupByPath(groups, QStringLiteral("encoder/layer.1")))].members.size()),
                 test::transformerOpsPerLayer());
        // A scope with a single op ("…/query/…" has three, ".../output/dense" one) is no group.
        QCOMPARE(groupByPath(groups, QStringLiteral("encoder/layer.1/output/dense")), -1);
        for (const NodeGroup& group : groups.groups) {
            QVERIFY(group.members.size() >= 2);
            if (group.parent < 0)
                continue;
            const auto& outer = groups.groups[std::size_t(group.parent)].members;
            QVERIFY(std::includes(outer.begin(), outer.end(), group.members.begin(), group.members.end()));
            QVERIFY(group.path.startsWith(groups.groups[std::size_t(group.parent)].path + QLatin1Char('/')));
        }
        const int query = opByName(graph, "/encoder/layer.1/attention/self/query/MatMul");
        QCOMPARE(groups.innermost[std::size_t(query)], groupByPath(groups, QStringLiteral("encoder/layer.1/attention/self/query")));
        const int tanh = opByName(graph, "/pooler/activation/Tanh");
        // "pooler" has two ops and is a group; "pooler/activation" has one and is none.
        QCOMPARE(groups.innermost[std::size_t(tanh)], groupByPath(groups, QStringLiteral("pooler")));
        QCOMPARE(groups.innermost[std::size_t(elements.opCount)], -1); // the graph input's box
    }

    void repeatedBlocksWithoutScopes()
    {
        const ir::Graph& graph = m_chain->main();
        const GraphGroups groups = groupGraph(graph, graphElements(graph));
        QCOMPARE(groups.source, GraphGroups::Source::RepeatedBlocks);
        QCOMPARE(int(groups.groups.size()), 3);
        for (std::size_t g = 0; g < groups.groups.size(); ++g) {
            const auto& members = groups.groups[g].members;
            QCOMPARE(int(members.size()), test::kDeepChainSpanOps);
            QCOMPARE(members.front(), int(g) * test::kDeepChainSpanOps); // contiguous spans, in order
            QCOMPARE(members.back() - members.front() + 1, int(members.size()));
            for (std::size_t k = 0; k < members.size(); ++k)
                QCOMPARE(graph.nodes[std::size_t(members[k])].op, graph.nodes[std::size_t(groups.groups[0].members[k])].op);
            QVERIFY(groups.groups[g].title.startsWith(QStringLiteral("Repeated block")));
        }
    }

    void nothingCollapsedShowsEveryOp()
    {
        show(m_transformer);
        const ir::Graph& graph = m_transformer->main();
        QCOMPARE(scene()->visibleBoxCount(), int(graph.nodes.size() + graph.inputs.size() + graph.outputs.size()));
        QCOMPARE(scene()->opItemCount(), int(graph.nodes.size()));
    }

    void collapseAndExpand_data()
    {
        QTest::addColumn<bool>("transformer");
        QTest::addColumn<QString>("path");
        QTest::newRow("layer") << true << QStringLiteral("encoder/layer.1");
        QTest::newRow("nested leaf") << true << QStringLiteral("encoder/layer.2/attention/self/query");
        QTest::newRow("repeated block") << false << QStringLiteral("block 2");
    }

    void collapseAndExpand()
    {
        QFETCH(bool, transformer);
        QFETCH(QString, path);
        show(transformer ? m_transformer : m_chain);
        const int before = scene()->visibleBoxCount();
        const int group = groupByPath(scene()->groups(), path);
        QVERIFY(group >= 0);
        const auto& members = scene()->groups().groups[std::size_t(group)].members;

        scene()->collapseGroup(group);
        QVERIFY(waitForLayout());
        QCOMPARE(scene()->visibleBoxCount(), before - int(members.size() - 1));
        GroupItem* box = scene()->groupItem(group);
        QVERIFY(box && box->isVisible());
        for (int member : members)
            QVERIFY(!scene()->nodeItems()[std::size_t(member)]->isVisible());
        verifyEdgesFollowDirection(LayoutDirection::TopToBottom);
        // No visible box overlaps the group's box.
        for (const NodeItem* item : scene()->nodeItems()) {
            if (item->isVisible())
                QVERIFY(!item->sceneBoundingRect().adjusted(2, 2, -2, -2).intersects(box->sceneBoundingRect().adjusted(2, 2, -2, -2)));
        }

        scene()->expandGroup(group);
        QVERIFY(waitForLayout());
        QCOMPARE(scene()->visibleBoxCount(), before);
        QVERIFY(!box->isVisible());
        verifyEdgesFollowDirection(LayoutDirection::TopToBottom);
    }

    void collapseAllShowsOutermostGroups()
    {
        show(m_transformer);
        const GraphGroups& groups = scene()->groups();
        m_view->collapseAllGroups();
        QVERIFY(waitForLayout());
        int ungrouped = 0;
        for (int g : groups.innermost)
            ungrouped += g < 0 ? 1 : 0;
        const int outermost = int(std::count_if(groups.groups.begin(), groups.groups.end(), [](const NodeGroup& g) { return g.parent < 0; }));
        QCOMPARE(scene()->visibleBoxCount(), ungrouped + outermost);

        // Expanding "encoder" shows its layers, still collapsed.
        scene()->expandGroup(groupByPath(groups, QStringLiteral("encoder")));
        QVERIFY(waitForLayout());
        QCOMPARE(scene()->visibleBoxCount(), ungrouped + outermost - 1 + 3);
        QVERIFY(scene()->groupItem(groupByPath(groups, QStringLiteral("encoder/layer.0")))->isVisible());
        m_view->expandAllGroups();
        QVERIFY(waitForLayout());
        QCOMPARE(scene()->visibleBoxCount(), int(scene()->nodeItems().size()));
    }

    void selectingHiddenOpExpandsItsGroups()
    {
        show(m_transformer);
        const ir::Graph& graph = m_transformer->main();
        const GraphGroups& groups = scene()->groups();
        const int before = scene()->visibleBoxCount();
        m_view->collapseAllGroups();
        QVERIFY(waitForLayout());
        const int node = opByName(graph, "/encoder/layer.2/attention/self/Softmax");
        QVERIFY(node >= 0);
        QVERIFY(!scene()->nodeItem(node)->isVisible());

        QSignalSpy selected(m_view.get(), &GraphView::nodeSelected);
        m_view->selectNode(node);
        QCOMPARE(scene()->selectedItem(), node); // at once, before the new layout
        QCOMPARE(selected.count(), 1);
        QCOMPARE(selected.first().first().toInt(), node);
        for (int g = groups.innermost[std::size_t(node)]; g >= 0; g = groups.groups[std::size_t(g)].parent)
            QVERIFY(!scene()->isCollapsed(g));
        QVERIFY(waitForLayout());
        QVERIFY(scene()->nodeItem(node)->isVisible());
        QVERIFY(scene()->nodeItem(node)->isSelected());
        const QRectF visible = m_view->mapToScene(m_view->viewport()->rect()).boundingRect();
        QVERIFY(visible.contains(scene()->nodeItem(node)->sceneBoundingRect().center()));
        QVERIFY(scene()->visibleBoxCount() < before); // other groups stay collapsed
        m_view->expandAllGroups();
        QVERIFY(waitForLayout());
    }

    /// The selected op's expanded group is framed; the frame's "−" badge collapses it.
    void frameCollapsesSelectedGroup()
    {
        show(m_transformer);
        const int node = opByName(m_transformer->main(), "/encoder/layer.1/attention/self/key/Reshape");
        const int group = groupByPath(scene()->groups(), QStringLiteral("encoder/layer.1/attention/self/key"));
        m_view->selectNode(node);
        GroupFrameItem* frame = scene()->groupFrame();
        QVERIFY(frame && frame->isVisible());
        QCOMPARE(frame->group(), group);
        for (int member : scene()->groups().groups[std::size_t(group)].members)
            QVERIFY(frame->sceneBoundingRect().contains(scene()->nodeItems()[std::size_t(member)]->sceneBoundingRect()));

        m_view->setTransform(QTransform());
        m_view->centerOn(frame->badgeRect().center());
        const QPoint at = m_view->mapFromScene(frame->badgeRect().center());
        QSignalSpy updated(scene(), &GraphScene::layoutUpdated);
        QTest::mouseClick(m_view->viewport(), Qt::LeftButton, Qt::NoModifier, at);
        QVERIFY(scene()->isCollapsed(group));
        QVERIFY(updated.wait(kLayoutTimeoutMs));
        QVERIFY(!frame->isVisible() || frame->group() != group);
        QVERIFY(scene()->groupItem(group)->isVisible());
        m_view->expandAllGroups();
        QVERIFY(waitForLayout());
    }

    void leftToRightAndBack()
    {
        show(m_transformer);
        m_view->setLayoutDirection(LayoutDirection::LeftToRight);
        QVERIFY(waitForLayout());
        QCOMPARE(m_view->layoutDirection(), LayoutDirection::LeftToRight);
        verifyEdgesFollowDirection(LayoutDirection::LeftToRight);
        const QRectF wide = scene()->itemsBoundingRect();
        QVERIFY(wide.width() > 3 * wide.height());
        m_view->setLayoutDirection(LayoutDirection::TopToBottom);
        QVERIFY(waitForLayout());
        verifyEdgesFollowDirection(LayoutDirection::TopToBottom);
        const QRectF tall = scene()->itemsBoundingRect();
        QVERIFY(tall.height() > 3 * tall.width());
    }

    void minimapClickCentresView()
    {
        show(m_transformer);
        Minimap* minimap = m_view->minimap();
        QVERIFY(minimap->isVisible());
        const ir::Graph& graph = m_transformer->main();
        for (const int node : {int(graph.nodes.size()) / 2, int(graph.nodes.size()) * 3 / 4}) {
            const QPointF target = scene()->nodeItem(node)->sceneBoundingRect().center();
            const QPoint at = minimap->fromScene(target).toPoint();
            QVERIFY(minimap->rect().contains(at));
            QTest::mouseClick(minimap, Qt::LeftButton, Qt::NoModifier, at);
            const QRectF visible = m_view->mapToScene(m_view->viewport()->rect()).boundingRect();
            // Centred up to the rounding to a minimap pixel (and the scroll range sideways).
            const double pixel = (minimap->toScene(QPointF(0, 1)) - minimap->toScene(QPointF(0, 0))).y();
            QVERIFY2(std::abs(visible.center().y() - target.y()) <= pixel + 1,
                     qPrintable(QStringLiteral("%1 vs %2 (pixel %3)").arg(visible.center().y()).arg(target.y()).arg(pixel)));
            QVERIFY(visible.contains(target));
            // The outline drawn in the minimap is the visible part.
            QVERIFY(minimap->visibleRect().contains(minimap->fromScene(target)));
        }
    }

    /// Level of detail: at 100 % an op box has a light body under its coloured header; at 10 % it
    /// is one rectangle in the header colour (and the pixel colour says which was drawn).
    void levelOfDetail()
    {
        show(m_transformer);
        NodeItem* item = scene()->nodeItem(opByName(m_transformer->main(), "/encoder/layer.0/attention/self/query/MatMul"));
        QVERIFY(item && !item->lines().isEmpty()); // FullyConnected: "units 768" below the header
        const QRectF box = item->sceneBoundingRect().adjusted(2, 2, -2, -2);
        // The header is 22 px and one attribute line makes the box 42 px tall: y = 30 is mid-body.
        QCOMPARE(box.height(), 42.0);
        const QPointF body(box.left() + 5, box.top() + 30); // left of the centred attribute text
        for (const double zoom : {1.0, 0.1}) {
            QImage image(QSize(400, 400), QImage::Format_ARGB32);
            image.fill(Qt::black);
            QPainter painter(&image);
            const QRectF source(body - QPointF(200 / zoom, 200 / zoom), QSizeF(400 / zoom, 400 / zoom));
            scene()->render(&painter, QRectF(0, 0, 400, 400), source);
            painter.end();
            const QColor pixel = image.pixelColor(200, 200);
            if (zoom == 1.0)
                QCOMPARE(pixel, QColor(0xfa, 0xfa, 0xfa));
            else
                QCOMPARE(pixel, item->color());
        }
    }

private:
    GraphScene* scene() const { return m_view->graphScene(); }

    void show(const std::shared_ptr<const ir::Model>& model)
    {
        if (scene()->model() == model && !scene()->isLayoutRunning())
            return;
        QSignalSpy finished(scene(), &GraphScene::layoutFinished);
        m_view->setModel(model);
        QVERIFY(finished.wait(kLayoutTimeoutMs));
    }

    bool waitForLayout()
    {
        QSignalSpy updated(scene(), &GraphScene::layoutUpdated);
        return updated.wait(kLayoutTimeoutMs);
    }

    /// Every shown edge between two shown boxes runs from the source's bottom (right) side to a
    /// box strictly below (right of) it.
    void verifyEdgesFollowDirection(LayoutDirection direction)
    {
        const auto& elements = scene()->elements();
        const auto boxOf = [this](int index) -> QRectF {
            const int owner = scene()->collapsedOwner(index);
            return owner >= 0 ? scene()->groupItem(owner)->sceneBoundingRect()
                              : scene()->nodeItems()[std::size_t(index)]->sceneBoundingRect();
        };
        int checked = 0;
        for (std::size_t e = 0; e < elements.edges.size(); ++e) {
            if (!scene()->edgeItems()[e]->isVisible())
                continue;
            const QRectF from = boxOf(elements.edges[e].from);
            const QRectF to = boxOf(elements.edges[e].to);
            const QPointF start = scene()->edgeItems()[e]->startPoint();
            if (direction == LayoutDirection::TopToBottom) {
                QVERIFY2(to.top() > from.bottom(), qPrintable(QStringLiteral("edge %1").arg(e)));
                QVERIFY(std::abs(start.y() - (from.bottom() - 2)) < 0.5); // bounding rects have a 2 px margin
            } else {
                QVERIFY2(to.left() > from.right(), qPrintable(QStringLiteral("edge %1").arg(e)));
                QVERIFY(std::abs(start.x() - (from.right() - 2)) < 0.5);
            }
            ++checked;
        }
        QVERIFY(checked > 0);
    }

    std::shared_ptr<const ir::Model> m_transformer;
    std::shared_ptr<const ir::Model> m_chain;
    std::unique_ptr<GraphView> m_view;
};

QTEST_MAIN(TestGraphGroups)
#include "tst_graph_groups.moc"
