"""Plumbing shared by the RNN course notebooks: configuration, data, plots, results.

The ideas themselves (cells, training loops, backpropagation through time)
live in the notebooks; this package only keeps them short.
"""

import os as _os

# Keep TensorFlow's start-up log lines out of the notebooks.
_os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from .batching import length_batches, predict_in_order, sequence_lengths  # noqa: E402
from .bptt import (  # noqa: E402
    ACTIVATIONS,
    gradient_check,
    model_backward,
    model_forward,
    mse,
    numerical_gradient,
    relative_error,
    rnn_forward,
)
from .config import REPOSITORY, colab_url, course_seed, env_flag, is_fast_mode, settings  # noqa: E402
from .imdb import imdb_word_index, load_imdb  # noqa: E402
from .mnist import load_mnist  # noqa: E402
from .safe_files import DataError  # noqa: E402
from .sources import data_sources, is_real  # noqa: E402
from .text_codec import decode_review, encode_review, tokenize  # noqa: E402
from .environment import check_environment, set_seed  # noqa: E402
from .plotting import plot_bars, plot_confusion_matrix, plot_history  # noqa: E402
from .results import record_results  # noqa: E402
from .stats import (  # noqa: E402
    accuracy_interval_text,
    accuracy_standard_error,
    compare_accuracies,
    compare_paired,
    compare_times,
    difference_uncertainty,
    mcnemar_test,
    paired_bootstrap_difference,
    time_in_turns,
    verdict_sentence,
    wilson_interval,
)

__all__ = [
    "ACTIVATIONS", "gradient_check", "model_backward", "model_forward", "mse", "numerical_gradient", "relative_error",
    "rnn_forward",
    "DataError", "REPOSITORY", "accuracy_standard_error", "compare_accuracies", "difference_uncertainty", "check_environment", "colab_url", "course_seed", "data_sources", "env_flag",
    "decode_review", "encode_review", "imdb_word_index", "is_fast_mode", "is_real",
    "length_batches", "load_imdb", "load_mnist", "plot_bars", "plot_confusion_matrix", "plot_history",
    "predict_in_order", "record_results", "sequence_lengths", "set_seed", "settings", "tokenize", "EpochTimer",
    "fit_fresh_model", "fit_with_early_stopping", "verdict_sentence",
    "accuracy_interval_text", "compare_paired", "mcnemar_test", "paired_bootstrap_difference", "wilson_interval",
    "compare_times", "time_in_turns",
]


def __getattr__(name: str):
    # EpochTimer needs Keras; import it only when asked for.
    if name == "EpochTimer":
        from .timing import EpochTimer

        return EpochTimer
    if name in ("fit_with_early_stopping", "fit_fresh_model"):  # notebook 04's two-stage fit, also Keras
        from . import training

        return getattr(training, name)
    raise AttributeError(f"module 'utils' has no attribute {name!r}")
