"""The results helper, the epoch timer and the shared plots."""

import json

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import utils  # noqa: E402
from utils import data  # noqa: E402


@pytest.fixture(autouse=True)
def no_sources(monkeypatch):
    monkeypatch.setattr(data, "_sources", {"imdb": "local folder (/x)"})


def test_record_results_prints_and_merges_into_the_json_file(monkeypatch, tmp_path, capsys):
    target = tmp_path / "results.json"
    monkeypatch.setenv("RNN_COURSE_RESULTS", str(target))
    utils.record_results("04_imdb_lstm", test_accuracy=np.float32(0.875), train_seconds=12)
    utils.record_results("04_imdb_lstm", test_accuracy=0.88)
    utils.record_results("06_mnist_rows", test_accuracy_best=0.97, relative_error=3.2e-10)
    saved = json.loads(target.read_text())
    assert saved["04_imdb_lstm"]["metrics"] == {"test_accuracy": 0.88, "train_seconds": 12.0}
    assert saved["04_imdb_lstm"]["data_source"] == {"imdb": "local folder (/x)"}
    assert set(saved) == {"04_imdb_lstm", "06_mnist_rows"}
    assert saved["06_mnist_rows"]["metrics"]["relative_error"] == 3.2e-10  # small numbers are not rounded away
    assert "test_accuracy" in capsys.readouterr().out


def test_record_results_without_a_file_only_prints(monkeypatch, capsys):
    monkeypatch.delenv("RNN_COURSE_RESULTS", raising=False)
    assert utils.record_results("03_x", test_accuracy=0.5) is None  # nothing echoed in a notebook
    assert "Results of 03_x" in capsys.readouterr().out


@pytest.mark.parametrize("name, metrics, message", [
    ("lstm.ipynb", {"a": 1.0}, "file name without .ipynb"),
    ("04_imdb_lstm", {}, "at least one"),
    ("04_imdb_lstm", {"a": float("nan")}, "finite number"),
    ("04_imdb_lstm", {"a": "0.9"}, "finite number"),
])
def test_record_results_rejects_bad_input(monkeypatch, name, metrics, message):
    monkeypatch.delenv("RNN_COURSE_RESULTS", raising=False)
    with pytest.raises(ValueError, match=message):
        utils.record_results(name, **metrics)


def test_epoch_timer_records_one_time_per_epoch():
    import keras

    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse")
    timer = utils.EpochTimer()
    model.fit(np.zeros((8, 3)), np.zeros(8), epochs=3, verbose=0, callbacks=[timer])
    assert len(timer.epoch_seconds) == 3 and timer.total_seconds > 0 and timer.mean_epoch_seconds > 0


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
