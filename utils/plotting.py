"""Plots the notebooks share: training curves, bar charts, confusion matrices."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator


def _history_dict(history: Any) -> dict[str, list[float]]:
    logs = getattr(history, "history", history)
    if not isinstance(logs, Mapping):
        raise TypeError(
            "Pass a Keras History (what model.fit returns), its .history dict, "
            f"or a dict of them by model name; got {type(history).__name__}."
        )
    return {str(k): list(v) for k, v in logs.items()}


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
    if not values:
        raise ValueError("plot_bars() needs at least one value, e.g. {'LSTM': 0.88}.")
    names, numbers = list(values), [float(v) for v in values.values()]
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


def plot_confusion_matrix(
    y_true: Any, y_pred: Any, class_names: Sequence[str], title: str = "Confusion matrix"
) -> np.ndarray:
    """Draw the confusion matrix (rows: true class, columns: predicted) and return its counts."""
    y_true, y_pred = np.asarray(y_true).ravel(), np.asarray(y_pred).ravel()
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true has {y_true.size} labels but y_pred has {y_pred.size}; pass one prediction per example.")
    n = len(class_names)
    counts = np.zeros((n, n), dtype=np.int64)
    np.add.at(counts, (y_true.astype(int), y_pred.astype(int)), 1)
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
