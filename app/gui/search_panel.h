// SPDX-License-Identifier: GPL-3.0-or-later
// The Search dock's content: a query field and the list of nodes, ops and tensors of the current
// model that match it (SearchResultModel). Picking a row reports the node and tensor to show; the
// window selects and centres them in the graph view.
#pragma once

#include "core/ir/graph.h"

#include <QWidget>

#include <memory>

class QLabel;
class QLineEdit;
class QModelIndex;
class QTableView;

namespace lf::ui {

class SearchResultModel;

class SearchPanel final : public QWidget {
    Q_OBJECT

public:
    explicit SearchPanel(QWidget* parent = nullptr);

    /// Searches `model` from now on (nullptr: nothing), keeping the query.
    void setModel(std::shared_ptr<const ir::Model> model);
    /// Puts the keyboard focus in the query field with its text selected.
    void focusQuery();
    /// Sets the query field's text, which runs the search.
    void setQuery(const QString& text);
    /// Picks the first result, if any; false if there is none.
    bool pickFirst();

    QLineEdit* queryEdit() const { return m_queryEdit; }
    QTableView* resultView() const { return m_resultView; }
    SearchResultModel* resultModel() const { return m_results; }

signals:
    /// A result was picked: the node to show (-1 if none) and the tensor of a tensor row (-1).
    void resultPicked(int node, int tensor);

private:
    void runQuery(const QString& text);
    void pickResult(const QModelIndex& current);
    void updateCount();

    QLineEdit* m_queryEdit = nullptr;
    QLabel* m_countLabel = nullptr;
    QTableView* m_resultView = nullptr;
    SearchResultModel* m_results = nullptr;
};

} // namespace lf::ui
