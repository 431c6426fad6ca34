"""utils.plotting: the network diagrams of notebook 01, the training curves, bars and confusion matrix."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402
from matplotlib.text import Annotation  # noqa: E402

import utils  # noqa: E402
from utils.plotting import DIAGRAM_STYLES, draw_diagram  # noqa: E402

FOLDED = {"x": (0, 0, "$x_t$", "input"), "h": (0, 1, "$h_t$", "state"), "y": (0, 2, "$y_t$", "output")}
FOLDED_EDGES = [("x", "h", "$W$"), ("h", "h", "$U$"), ("h", "y", "$V$")]


def _draw(nodes, edges, **kwargs):
    fig, ax = plt.subplots()
    draw_diagram(ax, nodes, edges, **kwargs)
    return fig, ax


def test_draw_diagram_draws_one_box_per_node_one_arrow_per_edge_and_a_legend_per_kind():
    fig, ax = _draw(FOLDED, FOLDED_EDGES, title="Folded", caption="the loop feeds h back in")
    arrows = [text for text in ax.texts if isinstance(text, Annotation)]
    boxes = [text for text in ax.texts if not isinstance(text, Annotation) and text.get_bbox_patch() is not None]
    labels = [text for text in ax.texts if not isinstance(text, Annotation) and text.get_bbox_patch() is None]
    assert len(arrows) == len(FOLDED_EDGES) and all(arrow.arrow_patch is not None for arrow in arrows)
    assert [box.get_text() for box in boxes] == ["$x_t$", "$h_t$", "$y_t$"]
    for box, (_, _, _, kind) in zip(boxes, FOLDED.values()):
        assert box.get_bbox_patch().get_facecolor() == to_rgba(DIAGRAM_STYLES[kind][0])
    assert sorted(label.get_text() for label in labels) == ["$U$", "$V$", "$W$"]  # the loop's label too
    legend = ax.get_legend()
    assert [text.get_text() for text in legend.get_texts()] == [DIAGRAM_STYLES[k][2] for k in ("input", "state", "output")]
    assert len(legend.get_patches()) == 3
    assert ax.get_title() == "Folded" and ax.get_xlabel() == "the loop feeds h back in"
    assert not ax.get_xticks().size and not ax.get_yticks().size
    fig.canvas.draw()  # the arrows find their boxes when drawn
    plt.close(fig)


def test_draw_diagram_leaves_out_empty_labels_and_lists_each_kind_once():
    nodes = {"a": (0, 0, "×", "op"), "b": (2, 0, "+", "op"), "f": (0, 1, "$f_t$", "gate")}
    fig, ax = _draw(nodes, [("a", "b", ""), ("f", "a", "")])
    assert sum(isinstance(text, Annotation) for text in ax.texts) == 2
    assert len(ax.texts) == 2 + len(nodes)  # no edge labels
    assert len(ax.get_legend().get_patches()) == 2
    plt.close(fig)


@pytest.mark.parametrize("nodes, edges, message", [
    ({}, [], "at least one node"),
    ({"h": (0, 1, "$h$", "hidden")}, [], "use one of"),
    ({"h": (0, 1, "$h$")}, [], r"\(x, y, label, kind\)"),
    (FOLDED, [("x", "z", "")], "'z', which is not a node"),
    (FOLDED, [("x", "h")], r"\(from, to, label\)"),
])
def test_draw_diagram_says_what_to_fix(nodes, edges, message):
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match=message):
        draw_diagram(ax, nodes, edges)
    plt.close(fig)


# ---- The training curves, bars and confusion matrix

def _labels(figure):
    return [(ax.get_title(), ax.get_xlabel(), ax.get_ylabel(), ax.get_legend() is not None) for ax in figure.axes]


def test_plot_history_labels_everything_for_one_or_several_runs():
    logs = {"accuracy": [0.5, 0.7], "val_accuracy": [0.5, 0.6], "loss": [0.7, 0.5], "val_loss": [0.7, 0.6]}
    plt.close("all")
    utils.plot_history(logs, title="One run")
    figure = plt.gcf()
    assert figure._suptitle.get_text() == "One run"
    assert _labels(figure) == [("Accuracy", "epoch", "accuracy", True), ("Loss", "epoch", "loss", True)]
    plt.close("all")
    utils.plot_history({"LSTM": logs, "GRU": logs}, metrics=("loss",), title="Two runs")
    assert len(plt.gcf().axes[0].lines) == 4
    with pytest.raises(ValueError, match="None of the metrics"):
        utils.plot_history({"auc": [1.0]})
    with pytest.raises(TypeError):
        utils.plot_history(3)


def test_plot_bars_and_confusion_matrix():
    plt.close("all")
    utils.plot_bars({"LSTM": 0.88, "GRU": 0.87}, ylabel="test accuracy", title="Models")
    assert _labels(plt.gcf())[0] == ("Models", "model", "test accuracy", False)
    plt.close("all")
    counts = utils.plot_confusion_matrix([0, 1, 1, 2], [0, 1, 2, 2], ["a", "b", "c"])
    np.testing.assert_array_equal(counts, [[1, 0, 0], [0, 1, 1], [0, 0, 1]])
    assert plt.gcf().axes[0].get_xlabel() == "predicted class"
    with pytest.raises(ValueError):
        utils.plot_confusion_matrix([0, 1], [0], ["a", "b"])


@pytest.mark.parametrize("y_pred, message", [
    (np.array([[0.2], [0.9], [0.6]]), "not probabilities"),
    (np.array([[0.2, 0.8], [0.9, 0.1], [0.4, 0.6]]), "one class label per example"),
    (np.array([0, -1, 1]), "holds the label -1"),
    (np.array([0, 2, 1]), "holds the label 2"),
    (np.array(["neg", "pos", "pos"]), "whole-number class labels"),
    (np.array([0, 1]), "3 labels but y_pred has 2"),
])
def test_confusion_matrix_refuses_what_is_not_class_labels(y_pred, message):
    with pytest.raises(ValueError, match=message):
        utils.plot_confusion_matrix(np.array([0, 1, 1]), y_pred, ["negative", "positive"])


def test_confusion_matrix_takes_a_column_of_labels(monkeypatch):
    monkeypatch.setattr(plt, "show", lambda: None)
    counts = utils.plot_confusion_matrix(np.array([0, 1, 1]), np.array([[0], [1], [0]]), ["negative", "positive"])
    assert counts.tolist() == [[1, 0], [1, 1]]
    plt.close("all")


def test_plots_name_bad_input():
    with pytest.raises(ValueError, match="history is empty"):
        utils.plot_history({})
    with pytest.raises(ValueError, match="list of numbers"):
        utils.plot_history({"loss": ["a", "b"]})
    with pytest.raises(ValueError, match="needs numbers as values"):
        utils.plot_bars({"LSTM": "high"}, ylabel="accuracy", title="t")
    with pytest.raises(TypeError, match="dict of model name"):
        utils.plot_bars([0.8, 0.9], ylabel="accuracy", title="t")
