"""Plots the notebooks share: training curves, bar charts, confusion matrices, network diagrams."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator


def _history_dict(history: Any) -> dict[str, list[float]]:
    logs = getattr(history, "history", history)
    if not isinstance(logs, Mapping):
        raise TypeError(
            "Pass a Keras History (what model.fit returns), its .history dict, "
            f"or a dict of them by model name; got {type(history).__name__}."
        )
    if not logs:
        raise ValueError("The history is empty: pass the History of a model.fit that ran at least one epoch.")
    curves = {}
    for key, values in logs.items():
        try:
            curves[str(key)] = [float(value) for value in values]
        except (TypeError, ValueError) as error:
            raise ValueError(f"history[{key!r}] should be a list of numbers, one per epoch; got {values!r}.") from error
    return curves


def plot_history(
    histories: Any,
    metrics: Sequence[str] = ("accuracy", "loss"),
    title: str = "Training curves",
) -> None:
    """Plot training (solid) and validation (dashed) curves, one panel per metric.

    ``histories`` is one Keras ``History`` (or its ``.history`` dict), or a
    dict mapping model names to them, drawn in one colour per model on shared
    axes so that runs can be compared.
    """
    if hasattr(histories, "history"):
        runs = {"": _history_dict(histories)}
    elif isinstance(histories, Mapping) and histories and all(
        hasattr(h, "history") or isinstance(h, Mapping) for h in histories.values()
    ):
        runs = {str(name): _history_dict(h) for name, h in histories.items()}
    else:
        runs = {"": _history_dict(histories)}
    available = [m for m in metrics if any(m in logs for logs in runs.values())]
    if not available:
        found = sorted({k for logs in runs.values() for k in logs})
        raise ValueError(f"None of the metrics {list(metrics)} was recorded; the history has {found}.")

    fig, axes = plt.subplots(1, len(available), figsize=(5.5 * len(available), 4), squeeze=False)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for ax, metric in zip(axes[0], available):
        for i, (name, logs) in enumerate(runs.items()):
            colour = colours[i % len(colours)]
            prefix = f"{name}: " if name else ""
            for key, style, label in ((metric, "-", "train"), (f"val_{metric}", "--", "validation")):
                if key in logs:
                    epochs = np.arange(1, len(logs[key]) + 1)
                    ax.plot(epochs, logs[key], style, color=colour, marker=".", label=f"{prefix}{label}")
        ax.set_title(metric.replace("_", " ").capitalize())
        ax.set_xlabel("epoch")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # whole epochs only
        ax.set_ylabel(metric.replace("_", " "))
        ax.grid(alpha=0.3)
        ax.legend()
    fig.suptitle(title)
    fig.tight_layout()
    plt.show()


def plot_bars(values: Mapping[str, float], ylabel: str, title: str, fmt: str = "{:.3f}") -> None:
    """A bar chart comparing one figure (an accuracy, seconds per epoch) across models."""
    if isinstance(values, Mapping) and not values:
        raise ValueError("plot_bars() needs at least one value, e.g. {'LSTM': 0.88}.")
    if not isinstance(values, Mapping):
        raise TypeError(f"plot_bars() needs a dict of model name -> number, got {type(values).__name__}.")
    try:
        names, numbers = [str(name) for name in values], [float(v) for v in values.values()]
    except (TypeError, ValueError) as error:
        raise ValueError(f"plot_bars() needs numbers as values, got {list(values.values())[:3]!r}.") from error
    fig, ax = plt.subplots(figsize=(1.6 * len(names) + 2, 4))
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    bars = ax.bar(names, numbers, color=[colours[i % len(colours)] for i in range(len(names))])
    ax.bar_label(bars, labels=[fmt.format(v) for v in numbers])
    ax.set_xlabel("model")  # one series, named on the x axis: no legend needed
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.margins(y=0.15)
    fig.tight_layout()
    plt.show()


def _class_labels(name: str, labels: Any, n_classes: int) -> np.ndarray:
    """Whole-number class labels in 0..n_classes-1, one per example, or a clear error."""
    try:
        labels = np.asarray(labels)
    except ValueError as error:
        raise ValueError(f"{name} must be one class label per example; got rows of different lengths.") from error
    if labels.ndim == 2 and labels.shape[1] == 1:
        labels = labels[:, 0]
    if labels.ndim != 1 or labels.size == 0:
        raise ValueError(
            f"{name} has shape {labels.shape}: pass one class label per example (a 1-D array). "
            "From probabilities, take probabilities.argmax(axis=1), or (probabilities > 0.5).astype(int) for one sigmoid output."
        )
    if labels.dtype.kind == "f" and not np.all(np.mod(labels, 1) == 0):
        raise ValueError(
            f"{name} holds fractions such as {labels[np.mod(labels, 1) != 0][0]:.3f}: pass class labels, not probabilities. "
            "Use (probabilities > 0.5).astype(int) for one sigmoid output, or probabilities.argmax(axis=1)."
        )
    if labels.dtype.kind not in "biuf":
        raise ValueError(f"{name} must hold whole-number class labels, got {labels.dtype} values such as {labels[0]!r}.")
    labels = labels.astype(np.int64)
    outside = labels[(labels < 0) | (labels >= n_classes)]
    if outside.size:
        raise ValueError(f"{name} holds the label {outside[0]}, but class_names names classes 0 to {n_classes - 1} only.")
    return labels


def plot_confusion_matrix(
    y_true: Any, y_pred: Any, class_names: Sequence[str], title: str = "Confusion matrix"
) -> np.ndarray:
    """Draw the confusion matrix (rows: true class, columns: predicted) and return its counts."""
    n = len(class_names)
    if n < 2:
        raise ValueError(f"class_names needs a name for each class (at least 2), got {list(class_names)!r}.")
    y_true = _class_labels("y_true", y_true, n)
    y_pred = _class_labels("y_pred", y_pred, n)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true has {y_true.size} labels but y_pred has {y_pred.size}; pass one prediction per example.")
    counts = np.zeros((n, n), dtype=np.int64)
    np.add.at(counts, (y_true, y_pred), 1)
    fig, ax = plt.subplots(figsize=(max(5.5, 0.6 * n + 3), max(4.5, 0.6 * n + 2.5)))
    image = ax.imshow(counts, cmap="Blues")
    fig.colorbar(image, ax=ax, label="examples")
    for (row, col), value in np.ndenumerate(counts):
        ax.text(col, row, str(value), ha="center", va="center",
                color="white" if value > counts.max() / 2 else "black", fontsize=8)
    ax.set_xticks(range(n), class_names)
    ax.set_yticks(range(n), class_names)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.set_title(title)
    fig.tight_layout()
    plt.show()
    return counts


DIAGRAM_STYLES: dict[str, tuple[str, str, str]] = {  # kind of node: (fill colour, box shape, legend text)
    "input": ("#cfe2f3", "round", "input"),
    "state": ("#fde9c7", "round", "hidden state / cell state"),
    "output": ("#d9ead3", "round", "output"),
    "gate": ("#f4cccc", "circle", "gate (sigmoid)"),
    "tanh": ("#e6d5f0", "circle", "candidate (tanh layer)"),
    "op": ("white", "circle", "element-wise operation"),
}


def draw_diagram(
    ax: Axes,
    nodes: Mapping[str, tuple[float, float, str, str]],
    edges: Sequence[tuple[str, str, str]],
    title: str = "",
    caption: str = "",
) -> None:
    """Draw a network diagram (an unrolled RNN, an LSTM cell) on ``ax``.

    ``nodes`` maps a name to ``(x, y, label, kind)``: a box at (x, y) showing
    ``label`` (LaTeX allowed), coloured by its ``kind``, one of the keys of
    ``DIAGRAM_STYLES``. ``edges`` lists arrows as ``(from, to, label)``; an
    edge from a node to itself is drawn as a loop on its right (a recurrent
    connection). The axes lose their ticks and frame, take ``title`` and
    ``caption`` (below the drawing), and get a legend of the kinds used.
    """
    if not nodes:
        raise ValueError("draw_diagram() needs at least one node, e.g. {'h': (0, 1, '$h_t$', 'state')}.")
    for name, node in nodes.items():
        if not (isinstance(node, Sequence) and len(node) == 4):
            raise ValueError(f"Node {name!r} is {node!r}: give each node as (x, y, label, kind).")
        if node[3] not in DIAGRAM_STYLES:
            raise ValueError(f"Node {name!r} has the kind {node[3]!r}; use one of {list(DIAGRAM_STYLES)}.")
    for edge in edges:
        if not (isinstance(edge, Sequence) and len(edge) == 3):
            raise ValueError(f"The edge {edge!r} should be (from, to, label); use '' for no label.")
        missing = [end for end in edge[:2] if end not in nodes]
        if missing:
            raise ValueError(f"The edge {edge!r} names {missing[0]!r}, which is not a node; add it to nodes first.")

    boxes = {}
    for name, (x, y, label, kind) in nodes.items():
        fill, shape, _ = DIAGRAM_STYLES[kind]
        boxes[name] = ax.text(x, y, label, ha="center", va="center", fontsize=12, zorder=3,
                              bbox=dict(boxstyle=f"{shape},pad=0.35", fc=fill, ec="0.25"))
    for start, end, label in edges:
        (x0, y0), (x1, y1) = nodes[start][:2], nodes[end][:2]
        if start == end:  # a loop on the right-hand side of the node
            ax.annotate("", xy=(x0 + 0.22, y0 - 0.22), xytext=(x0 + 0.22, y0 + 0.22),
                        arrowprops=dict(arrowstyle="-|>", color="0.25", connectionstyle="arc3,rad=-1.6"))
            ax.text(x0 + 0.85, y0, label, fontsize=11, color="firebrick", va="center")
            continue
        ax.annotate("", xy=(x1, y1), xytext=(x0, y0), arrowprops=dict(
            arrowstyle="-|>", color="0.25", shrinkA=2, shrinkB=2,
            patchA=boxes[start].get_bbox_patch(), patchB=boxes[end].get_bbox_patch()))
        if label and abs(y1 - y0) < 0.1:  # horizontal arrow: label above it
            ax.text((x0 + x1) / 2, y0 + 0.12, label, fontsize=10, color="firebrick", ha="center")
        elif label:
            ax.text((x0 + x1) / 2 + 0.1, (y0 + y1) / 2, label, fontsize=10, color="firebrick", va="center")
    xs, ys = [node[0] for node in nodes.values()], [node[1] for node in nodes.values()]
    ax.set_xlim(min(xs) - 0.8, max(xs) + 1.0)
    ax.set_ylim(min(ys) - 0.6, max(ys) + 0.6)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.spines[:].set_visible(False)
    ax.set_title(title)
    ax.set_xlabel(caption)
    kinds = dict.fromkeys(node[3] for node in nodes.values())  # kinds in order of appearance
    ax.legend(handles=[Patch(fc=DIAGRAM_STYLES[k][0], ec="0.25", label=DIAGRAM_STYLES[k][2]) for k in kinds],
              loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=3, fontsize=9, frameon=False)
