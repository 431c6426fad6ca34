"""Honest comparisons: is a difference between two accuracies larger than the noise?

Two sources of noise move a test accuracy:

* the test set: ``n`` examples measure an accuracy ``p`` with a standard error
  of ``sqrt(p (1 - p) / n)``;
* the run: another seed, or another CPU, trains another model. Its spread is
  measured over several seeds (``make seeds`` writes it to
  ``build/seed_spread.md``) and passed in as ``seed_sd``.

>>> print(compare_accuracies("LSTM", 0.8831, "GRU", 0.8810, n=25_000, seed_sd=0.004))  # doctest: +SKIP
LSTM 0.8831 vs GRU 0.8810: difference +0.0021 +/- 0.0118 (2 standard errors) -> within the noise: this run cannot rank them.

``verdict_sentence`` gives the same verdict on any difference with a known
margin, such as a difference between two gains (notebook 05).
"""

from __future__ import annotations

import math
from numbers import Integral, Real


def _check_accuracy(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, Real) or not 0.0 <= float(value) <= 1.0:
        raise ValueError(f"{name}={value!r}: pass an accuracy as a fraction from 0 to 1, such as 0.88.")
    return float(value)


def _check_count(n: int) -> int:
    if isinstance(n, bool) or not isinstance(n, Integral):
        raise ValueError(f"n={n!r}: pass the number of test examples as a whole number, such as 25_000.")
    n = int(n)
    if n < 1:
        raise ValueError(f"n={n}: pass the number of test examples the accuracies were measured on (at least 1).")
    return n


def accuracy_standard_error(accuracy: float, n: int) -> float:
    """Standard error of an accuracy measured on ``n`` independent examples: sqrt(p(1-p)/n)."""
    p = _check_accuracy("accuracy", accuracy)
    return math.sqrt(p * (1.0 - p) / _check_count(n))


def difference_uncertainty(accuracy_a: float, accuracy_b: float, n: int, seed_sd: float = 0.0) -> float:
    """Two standard errors of ``accuracy_a - accuracy_b`` (about a 95% interval).

    Adds the test-set noise of both accuracies and, for each model, the
    run-to-run spread ``seed_sd`` (the standard deviation over seeds).
    """
    if isinstance(seed_sd, bool) or not isinstance(seed_sd, Real) or not 0.0 <= float(seed_sd) < 1.0:
        raise ValueError(f"seed_sd={seed_sd!r}: pass a standard deviation over seeds as a fraction, such as 0.004, or 0.")
    variance = accuracy_standard_error(accuracy_a, n) ** 2 + accuracy_standard_error(accuracy_b, n) ** 2
    return 2.0 * math.sqrt(variance + 2.0 * float(seed_sd) ** 2)


def verdict_sentence(
    label: str, difference: float, margin: float, if_positive: str, if_negative: str,
    undecided: str = "this run cannot rank them", seed_sd: float = 0.0, split: str = "test",
) -> str:
    """The course's verdict on a measured difference: is it larger than its noise?

    Returns ``"{label} {difference:+.4f} +/- {margin:.4f} (2 standard errors, <noise>) -> <verdict>."``,
    where the verdict is ``"within the noise: {undecided}"`` when ``|difference| <= margin``, and
    otherwise ``if_positive`` or ``if_negative`` by the sign of the difference. ``margin`` is two
    standard errors of the difference (``difference_uncertainty`` gives it for two accuracies);
    ``seed_sd`` and ``split`` only say which noise it counts.

    >>> print(verdict_sentence("gain of A minus gain of B:", 0.004, 0.012, "A gains more", "B gains more"))
    gain of A minus gain of B: +0.0040 +/- 0.0120 (2 standard errors, test-set noise only) -> within the noise: this run cannot rank them.
    """
    if split not in ("test", "validation"):
        raise ValueError(f"split={split!r}: say which examples were scored, 'test' or 'validation'.")
    for name, value in (("difference", difference), ("margin", margin)):
        if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(float(value)):
            raise ValueError(f"{name}={value!r}: pass a number, such as 0.012.")
    if margin < 0:
        raise ValueError(f"margin={margin!r}: pass two standard errors of the difference, a number >= 0.")
    what = f"{split}-set and seed noise" if seed_sd else f"{split}-set noise only"
    if abs(difference) <= margin:
        verdict = f"within the noise: {undecided}"
    elif difference > 0:
        verdict = if_positive
    else:
        verdict = if_negative
    return f"{label} {float(difference):+.4f} +/- {float(margin):.4f} (2 standard errors, {what}) -> {verdict}."


def compare_accuracies(
    name_a: str, accuracy_a: float, name_b: str, accuracy_b: float, n: int, seed_sd: float = 0.0,
    split: str = "test",
) -> str:
    """One sentence that says whether ``name_a`` beats ``name_b`` by more than the noise.

    ``n`` is the number of examples both were scored on, from the ``split``
    ("test" or "validation"); ``seed_sd`` the run-to-run standard deviation
    (0 counts only the noise of the scored examples, and the sentence says so).
    """
    if split not in ("test", "validation"):
        raise ValueError(f"split={split!r}: say which examples were scored, 'test' or 'validation'.")
    a = _check_accuracy(f"accuracy of {name_a}", accuracy_a)
    b = _check_accuracy(f"accuracy of {name_b}", accuracy_b)
    return verdict_sentence(
        f"{name_a} {a:.4f} vs {name_b} {b:.4f}: difference", a - b, difference_uncertainty(a, b, n, seed_sd),
        f"{name_a} ahead by more than the noise", f"{name_b} ahead by more than the noise",
        seed_sd=seed_sd, split=split,
    )
