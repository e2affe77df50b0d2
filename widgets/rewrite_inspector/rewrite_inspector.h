// SPDX-License-Identifier: GPL-3.0-or-later
// The rewrite inspector: the imported graph (the source's NCHW semantics, explicit layout
// transposes) and the converted graph (NHWC) side by side, with selection kept in step through
// Node::origin: selecting a node on one side highlights the nodes that come from the same source
// nodes on the other. TRANSPOSE nodes and nodes whose weights were permuted carry badges
// ("inserted", "cancelled", "removed", "weights permuted"); the filterable rewrite log below
// navigates both views. Layout overrides (issue 7): the imported graph's context menu and the
// override panel mark tensors "Keep NCHW" / "Treat as non-image"; "Re-run conversion" runs the core
// convertModel with them on a worker thread and shows the new models, log and badges.
#pragma once

#include "core/convert/convert.h"
#include "core/ir/graph.h"
#include "core/passes/rewrite_log.h"

#include <QDialog>
#include <QFutureWatcher>

#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

class QComboBox;
class QLineEdit;
class QTableView;

namespace lf::ui {

class GraphView;
class LayoutOverridePanel;
class RewriteEventModel;

class RewriteInspector final : public QDialog
{
    Q_OBJECT

public:
    RewriteInspector(std::shared_ptr<const ir::Model> imported,
        std::shared_ptr<const ir::Model> converted, passes::RewriteLog log,
        QWidget* parent = nullptr);

    GraphView* sourceView() const { return m_sourceView; }
    GraphView* convertedView() const { return m_convertedView; }
    RewriteEventModel* eventModel() const { return m_events; }
    QTableView* eventTable() const { return m_eventTable; }
    QLineEdit* filterEdit() const { return m_filterEdit; }
    QComboBox* kindCombo() const { return m_kindCombo; }
    LayoutOverridePanel* overridePanel() const { return m_overridePanel; }

    /// The source file and options the models were converted from, for "Re-run conversion" (the
    /// options' layout overrides fill the panel). Without it, a model imported from ONNX is
    /// converted again from its own file with its input shapes as imported.
    void setConversionSource(std::filesystem::path source, ConvertOptions options);
    /// Converts the source again with the panel's overrides on a worker thread; does nothing while
    /// a conversion runs or without a source. conversionFinished follows.
    void rerunConversion();
    /// True from rerunConversion() until its conversionFinished.
    bool isConverting() const { return m_converting; }
    std::shared_ptr<const ir::Model> importedModel() const { return m_imported; }
    std::shared_ptr<const ir::Model> convertedModel() const { return m_converted; }
    /// The options of the shown conversion (with the overrides it used).
    const ConvertOptions& conversionOptions() const { return m_options; }

    /// Highlights imported node `node` with every imported node lowered from the same source node,
    /// and the converted nodes that come from it.
    void selectSourceNode(int node);
    /// Highlights converted node `node` and the imported nodes it comes from.
    void selectConvertedNode(int node);
    /// Highlights the nodes that log event row `row` (of the filtered list) names, on both sides.
    void navigateToEvent(int row);

    /// The highlighted nodes, sorted.
    std::vector<int> highlightedSourceNodes() const { return m_sourceHighlight; }
    std::vector<int> highlightedConvertedNodes() const { return m_convertedHighlight; }
    /// Badge texts by node id (source side: nodeItems() index, so inputs and outputs follow the
    /// ops), once the layouts are done.
    const std::vector<std::pair<int, QString>>& sourceBadges() const { return m_sourceBadges; }
    const std::vector<std::pair<int, QString>>& convertedBadges() const
    {
        return m_convertedBadges;
    }
    /// True when both graphs are laid out (badges placed).
    bool isReady() const { return m_layoutsDone == 2; }

signals:
    void ready();
    /// A re-run ended; on success both views, the rewrite list and the badges show its result.
    void conversionFinished(bool ok);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    using Names = std::set<std::string, std::less<>>;
    QWidget* createGraphPanel(GraphView* view, const QString& title);
    QWidget* createEventPanel();
    void adoptImportSource();
    void finishConversion();
    void showModels();
    /// Shows override actions for the imported-graph box at `position` (viewport coordinates);
    /// false when there is no box there.
    bool showOverrideMenu(const QPoint& position, const QPoint& globalPosition);
    void addOverrideBadges();
    void applyFilter();
    void onLayoutFinished();
    void addBadges();
    void highlight(GraphView* view, const std::vector<int>& nodes, std::vector<int>& store);
    static std::vector<int> nodesFrom(
        const ir::Graph& graph, const Names& sources, const Names& names);

    std::shared_ptr<const ir::Model> m_imported;
    std::shared_ptr<const ir::Model> m_converted;
    GraphView* m_sourceView = nullptr;
    GraphView* m_convertedView = nullptr;
    RewriteEventModel* m_events = nullptr;
    QTableView* m_eventTable = nullptr;
    QLineEdit* m_filterEdit = nullptr;
    QComboBox* m_kindCombo = nullptr;
    LayoutOverridePanel* m_overridePanel = nullptr;
    QFutureWatcher<Result<Conversion>>* m_watcher = nullptr;
    std::filesystem::path m_source;
    ConvertOptions m_options;
    ConvertOptions m_requested; ///< the options of the conversion running
    bool m_converting = false;
    std::vector<int> m_sourceHighlight;
    std::vector<int> m_convertedHighlight;
    std::vector<std::pair<int, QString>> m_sourceBadges;
    std::vector<std::pair<int, QString>> m_convertedBadges;
    int m_layoutsDone = 0;
    bool m_syncing = false;
};

} // namespace lf::ui
