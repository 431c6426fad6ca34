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

Paired (illustrative numbers, not from a run):

>>> print(compare_paired("LSTM", lstm_predictions == labels, "GRU", gru_predictions == labels))  # doctest: +SKIP
LSTM 0.8831 vs GRU 0.8810 on the same 25,000 test examples: difference +0.0021, paired 95% interval -0.0016 to +0.0055 (test-set noise only); McNemar p = 0.260 (1,052 right only for LSTM, 1,000 only for GRU) -> within the noise: this run cannot rank them.

Which one to use:

* two models scored on the SAME examples (the usual case: one test set): their
  errors are correlated, so compare them paired, with ``compare_paired`` (a
  paired bootstrap interval, and McNemar's exact test on the examples only one
  of them gets right). ``compare_accuracies`` treats the two accuracies as
  independent; keep it for accuracies measured on different examples, or when
  only the two numbers are known.
* an accuracy at or near 0 or 1: ``sqrt(p (1 - p) / n)`` is 0 there, and
  "1.000 +/- 0.000" claims too much. Use ``wilson_interval`` or
  ``accuracy_interval_text``: with 0 errors in ``n`` the error rate can still be
  up to about 3/n to 4/n (the rule of three says 3/n).
* timings: time the ways being compared in turns, several times each, with
  ``time_in_turns``, and report them with ``compare_times``: the ratio of the
  medians, its range over every pair of timings, and a winner only when it was
  faster on every pair, in this run.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from numbers import Integral, Real
from statistics import NormalDist

import numpy as np


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


def _check_split(split: str) -> str:
    if split not in ("test", "validation"):
        raise ValueError(f"split={split!r}: say which examples were scored, 'test' or 'validation'.")
    return split


def _check_seed_sd(seed_sd: float) -> float:
    if isinstance(seed_sd, bool) or not isinstance(seed_sd, Real) or not 0.0 <= float(seed_sd) < 1.0:
        raise ValueError(f"seed_sd={seed_sd!r}: pass a standard deviation over seeds as a fraction, such as 0.004, or 0.")
    return float(seed_sd)


def accuracy_standard_error(accuracy: float, n: int) -> float:
    """Standard error of an accuracy measured on ``n`` independent examples: sqrt(p(1-p)/n).

    It is 0 at an accuracy of 0 or 1, which is not a certainty: use ``wilson_interval`` there.
    """
    p = _check_accuracy("accuracy", accuracy)
    return math.sqrt(p * (1.0 - p) / _check_count(n))


def difference_uncertainty(accuracy_a: float, accuracy_b: float, n: int, seed_sd: float = 0.0) -> float:
    """Two standard errors of ``accuracy_a - accuracy_b`` (about a 95% interval).

    Adds the test-set noise of both accuracies and, for each model, the
    run-to-run spread ``seed_sd`` (the standard deviation over seeds).
    """
    seed_sd = _check_seed_sd(seed_sd)
    variance = accuracy_standard_error(accuracy_a, n) ** 2 + accuracy_standard_error(accuracy_b, n) ** 2
    return 2.0 * math.sqrt(variance + 2.0 * seed_sd ** 2)


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
    _check_split(split)
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
    _check_split(split)
    a = _check_accuracy(f"accuracy of {name_a}", accuracy_a)
    b = _check_accuracy(f"accuracy of {name_b}", accuracy_b)
    return verdict_sentence(
        f"{name_a} {a:.4f} vs {name_b} {b:.4f}: difference", a - b, difference_uncertainty(a, b, n, seed_sd),
        f"{name_a} ahead by more than the noise", f"{name_b} ahead by more than the noise",
        seed_sd=seed_sd, split=split,
    )


# ---- An accuracy near 0 or 1: the Wilson interval


def _check_successes(successes: int, n: int, what: str = "successes") -> tuple[int, int]:
    n = _check_count(n)
    if isinstance(successes, bool) or not isinstance(successes, Integral) or not 0 <= int(successes) <= n:
        raise ValueError(f"{what}={successes!r}: pass a whole number of examples from 0 to n={n}, such as {n}.")
    return int(successes), n


def wilson_interval(successes: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval of a proportion: ``successes`` out of ``n``.

    With ``p = successes / n`` and ``z`` the normal quantile of ``(1 + confidence) / 2``
    (1.96 for 95%), the interval is

        (p + z^2/(2n) -/+ z sqrt(p(1-p)/n + z^2/(4n^2))) / (1 + z^2/n)

    (Wilson 1927; Agresti and Coull 1998). Unlike ``p +/- z sqrt(p(1-p)/n)`` it does not
    shrink to a point at 0 or n: with 0 successes the upper bound is ``z^2 / (n + z^2)``,
    about 3.84/n at 95%, close to the rule of three's 3/n.

    >>> low, high = wilson_interval(300, 300)
    >>> print(f"{low:.4f} to {high:.4f}")
    0.9874 to 1.0000
    """
    successes, n = _check_successes(successes, n)
    if isinstance(confidence, bool) or not isinstance(confidence, Real) or not 0.0 < float(confidence) < 1.0:
        raise ValueError(f"confidence={confidence!r}: pass a fraction between 0 and 1, such as 0.95.")
    z = NormalDist().inv_cdf(0.5 + float(confidence) / 2.0)
    p = successes / n
    denominator = 1.0 + z * z / n
    centre = (p + z * z / (2.0 * n)) / denominator
    half_width = z * math.sqrt(p * (1.0 - p) / n + z * z / (4.0 * n * n)) / denominator
    low = 0.0 if successes == 0 else max(0.0, centre - half_width)
    high = 1.0 if successes == n else min(1.0, centre + half_width)
    return low, high


def accuracy_interval_text(correct: int, n: int) -> str:
    """An accuracy with its 95% Wilson interval and its error count, to print beside a result.

    Honest at 1.0: 300 of 300 right still leaves room for about 1 error in 80. An accuracy
    below 1 is never printed as "1.000" (nor one above 0 as "0.000"): more decimals are
    shown when 3 would round it there.

    >>> print(accuracy_interval_text(300, 300))
    1.000 (95% interval 0.987-1.000, Wilson; 0 errors in 300)
    >>> print(accuracy_interval_text(24_990, 25_000))
    0.9996 (95% interval 0.9993-0.9998, Wilson; 10 errors in 25,000)
    """
    correct, n = _check_successes(correct, n, what="correct")
    accuracy = correct / n
    low, high = wilson_interval(correct, n)
    decimals = 3
    while decimals < 6 and (
        (correct < n and f"{accuracy:.{decimals}f}" == f"{1:.{decimals}f}")
        or (correct > 0 and f"{accuracy:.{decimals}f}" == f"{0:.{decimals}f}")
    ):
        decimals += 1
    errors = n - correct
    return (f"{accuracy:.{decimals}f} (95% interval {low:.{decimals}f}-{high:.{decimals}f}, Wilson; "
            f"{errors:,} error{'' if errors == 1 else 's'} in {n:,})")


# ---- Two models scored on the same examples: paired comparisons


def _check_paired(
    correct_a: Sequence[bool] | np.ndarray, correct_b: Sequence[bool] | np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    checked = []
    for name, values in (("correct_a", correct_a), ("correct_b", correct_b)):
        array = np.asarray(values)
        if array.ndim != 1 or array.size == 0:
            raise ValueError(f"{name} has shape {array.shape}: pass one True/False per scored example, "
                             "such as predictions == labels.")
        if array.dtype != np.bool_:
            raise ValueError(f"{name} holds {array.dtype} values: pass booleans, one per example, "
                             "such as predictions == labels (not the predictions or the labels themselves).")
        checked.append(array)
    if checked[0].shape != checked[1].shape:
        raise ValueError(f"correct_a has {checked[0].size} examples and correct_b {checked[1].size}: "
                         "pass both models' results on the same examples, in the same order.")
    return checked[0], checked[1]


def _binomial_lower_tail_half(m: int, k: int) -> float:
    """P(X <= m) for X ~ Binomial(k, 1/2): exact in whole numbers up to k = 2000, then summed in log space."""
    if k <= 2000:  # exact and quick; Python divides big whole numbers without overflow, correctly rounded
        return sum(math.comb(k, i) for i in range(m + 1)) / 2**k
    log_terms = np.array([math.lgamma(k + 1) - math.lgamma(i + 1) - math.lgamma(k - i + 1) for i in range(m + 1)])
    log_terms -= k * math.log(2.0)
    largest = float(log_terms.max())
    return math.exp(largest) * float(np.exp(log_terms - largest).sum())


def mcnemar_test(correct_a: Sequence[bool] | np.ndarray, correct_b: Sequence[bool] | np.ndarray) -> dict:
    """McNemar's exact test: do two models scored on the same examples differ in accuracy?

    ``correct_a`` and ``correct_b`` hold one boolean per example (``predictions == labels``),
    in the same order. Only the examples one model gets right and the other wrong count:
    ``b`` (A right, B wrong) and ``c`` (A wrong, B right). If the models were equally good,
    each of those ``b + c`` examples would go either way with probability 1/2, so the two-sided
    p-value is ``min(1, 2 P(X <= min(b, c)))`` with ``X ~ Binomial(b + c, 1/2)``: the exact
    test, summed in whole numbers up to ``b + c = 2000`` and in log space beyond (no overflow,
    so tens of thousands of discordant examples are fine). Passing the predictions or the
    labels instead of ``predictions == labels`` is refused: they are not booleans.

    Returns a dict: ``n``, ``accuracy_a``, ``accuracy_b``, ``difference`` (``accuracy_a -
    accuracy_b``, which is ``(b - c) / n``), ``b``, ``c`` and ``p_value``.

    >>> result = mcnemar_test([True] * 10, [True] * 4 + [False] * 6)
    >>> result["b"], result["c"], result["p_value"]
    (6, 0, 0.03125)
    """
    a, b_ = _check_paired(correct_a, correct_b)
    n = int(a.size)
    b = int(np.count_nonzero(a & ~b_))
    c = int(np.count_nonzero(~a & b_))
    k = b + c
    p_value = 1.0 if k == 0 else min(1.0, 2.0 * _binomial_lower_tail_half(min(b, c), k))
    return {
        "n": n,
        "accuracy_a": int(np.count_nonzero(a)) / n,
        "accuracy_b": int(np.count_nonzero(b_)) / n,
        "difference": (b - c) / n,
        "b": b,
        "c": c,
        "p_value": p_value,
    }


def paired_bootstrap_difference(
    correct_a: Sequence[bool] | np.ndarray, correct_b: Sequence[bool] | np.ndarray, repeats: int = 2000, seed: int = 0,
) -> tuple[float, float, float]:
    """The accuracy difference A - B and its 95% paired bootstrap interval.

    Each repeat draws ``n`` examples with replacement and scores BOTH models on the same
    draw, so what the two models have in common (easy and hard examples) cancels. Returns
    ``(difference, low, high)``: the measured difference and the 2.5th and 97.5th
    percentiles of the ``repeats`` resampled differences. Deterministic for a given ``seed``;
    draws in chunks of about 4 million indices, so memory stays small.

    >>> paired_bootstrap_difference([True, False, True], [True, False, True])
    (0.0, 0.0, 0.0)
    """
    a, b = _check_paired(correct_a, correct_b)
    if isinstance(repeats, bool) or not isinstance(repeats, Integral) or int(repeats) < 100:
        raise ValueError(f"repeats={repeats!r}: pass a whole number of resamples, at least 100, such as 2000.")
    if isinstance(seed, bool) or not isinstance(seed, Integral):
        raise ValueError(f"seed={seed!r}: pass a whole number, such as 0.")
    repeats, n = int(repeats), int(a.size)
    per_example = a.astype(np.int8) - b.astype(np.int8)  # +1: only A right, -1: only B right, 0: both or neither
    rng = np.random.default_rng(int(seed))
    differences = np.empty(repeats)
    chunk = max(1, 4_000_000 // n)
    for start in range(0, repeats, chunk):
        rows = min(chunk, repeats - start)
        indices = rng.integers(0, n, size=(rows, n))
        differences[start:start + rows] = per_example[indices].sum(axis=1, dtype=np.int64) / n
    low, high = np.percentile(differences, [2.5, 97.5])
    return float(per_example.sum(dtype=np.int64) / n), float(low), float(high)


def _format_p(p_value: float) -> str:
    return "p < 0.001" if p_value < 0.001 else f"p = {p_value:.3f}"


def compare_paired(
    name_a: str, correct_a: Sequence[bool] | np.ndarray, name_b: str, correct_b: Sequence[bool] | np.ndarray,
    seed_sd: float = 0.0, split: str = "test",
) -> str:
    """One sentence that says whether ``name_a`` beats ``name_b`` on the same examples, by more than the noise.

    ``correct_a`` and ``correct_b`` hold one boolean per example of the ``split`` ("test" or
    "validation"), in the same order. The sentence gives both accuracies, the difference with
    its paired 95% bootstrap interval (``paired_bootstrap_difference``), and McNemar's exact
    p with the discordant counts (``mcnemar_test``). A model is "ahead by more than the noise"
    when the interval excludes 0 and, if ``seed_sd`` (the run-to-run standard deviation of one
    model's accuracy over seeds) is above 0, the difference is also larger than
    ``2 * sqrt(2) * seed_sd`` (two standard deviations of a difference between two runs). The
    sentence says which noise was counted.

    >>> a = [True] * 90 + [False] * 10
    >>> print(compare_paired("LSTM", a, "GRU", a))
    LSTM 0.9000 vs GRU 0.9000 on the same 100 test examples: difference +0.0000, paired 95% interval +0.0000 to +0.0000 (test-set noise only); McNemar p = 1.000 (0 right only for LSTM, 0 only for GRU) -> within the noise: this run cannot rank them.
    """
    _check_split(split)
    seed_sd = _check_seed_sd(seed_sd)
    test = mcnemar_test(correct_a, correct_b)
    difference, low, high = paired_bootstrap_difference(correct_a, correct_b)
    seed_margin = 2.0 * math.sqrt(2.0) * seed_sd
    beyond_seeds = not seed_sd or abs(difference) > seed_margin
    if low > 0 and beyond_seeds:
        verdict = f"{name_a} ahead by more than the noise"
    elif high < 0 and beyond_seeds:
        verdict = f"{name_b} ahead by more than the noise"
    else:
        verdict = "within the noise: this run cannot rank them"
    if seed_sd:
        noise = f"and seed margin {seed_margin:.4f} = 2*sqrt(2)*{seed_sd:.4f} ({split}-set and seed noise)"
    else:
        noise = f"({split}-set noise only)"
    return (f"{name_a} {test['accuracy_a']:.4f} vs {name_b} {test['accuracy_b']:.4f} on the same {test['n']:,} {split} "
            f"examples: difference {difference:+.4f}, paired 95% interval {low:+.4f} to {high:+.4f} {noise}; "
            f"McNemar {_format_p(test['p_value'])} ({test['b']:,} right only for {name_a}, {test['c']:,} only for {name_b})"
            f" -> {verdict}.")


def time_in_turns(functions: dict[str, Callable[[], object]], repeats: int = 3, warmup: int = 1) -> dict[str, np.ndarray]:
    """Seconds of every timed call of each function, the functions taking turns.

    `warmup` untimed rounds come first (tracing, compiling, warm caches), then `repeats` timed rounds, each of
    which calls every function once: in the order given, then in reverse in the next round (A B, B A, A B, ...),
    so that no function always goes first. Taking turns spreads a change in the machine's load (another program,
    a throttled core) over all of them, where timing one after the other would charge it to one. Returns
    {name: an array of `repeats` seconds}.
    """
    if not functions or not all(callable(function) for function in functions.values()):
        raise ValueError("functions must map a name to a function to time, e.g. {'loop': lambda: model(x)}.")
    if isinstance(repeats, bool) or not isinstance(repeats, int) or repeats < 1:
        raise ValueError(f"repeats must be a whole number of at least 1 (3 or more to see a spread), got {repeats!r}.")
    if isinstance(warmup, bool) or not isinstance(warmup, int) or warmup < 0:
        raise ValueError(f"warmup must be a whole number of untimed rounds, 0 or more, got {warmup!r}.")
    for _ in range(warmup):
        for function in functions.values():
            function()
    seconds: dict[str, list[float]] = {name: [] for name in functions}
    for round_number in range(repeats):
        order = list(functions.items())
        for name, function in order if round_number % 2 == 0 else order[::-1]:
            start = time.perf_counter()
            function()
            seconds[name].append(time.perf_counter() - start)
    return {name: np.array(values) for name, values in seconds.items()}


def compare_times(name_a: str, seconds_a: Sequence[float] | np.ndarray, name_b: str,
                  seconds_b: Sequence[float] | np.ndarray) -> str:
    """One sentence on two sets of timings (taken in turns): medians, the ratio and its range, and a verdict.

    The ratio is of the medians; its range runs over every pair of timings, from the pair least favourable to
    the faster one to the most favourable. A winner is named only when it was faster on every pair, and only
    "in this run": timings move with the machine and its load.
    """
    a, b = np.asarray(seconds_a, dtype=float).ravel(), np.asarray(seconds_b, dtype=float).ravel()
    if a.size == 0 or b.size == 0 or not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))) or a.min() <= 0 or b.min() <= 0:
        raise ValueError("seconds_a and seconds_b must each hold one or more positive timings, in seconds.")
    median_a, median_b = float(np.median(a)), float(np.median(b))
    if median_a > median_b:  # name the faster first
        name_a, name_b, a, b, median_a, median_b = name_b, name_a, b, a, median_b, median_a
    ratio, low, high = median_b / median_a, b.min() / a.max(), b.max() / a.min()
    # With no real difference, every ordering of the timings is equally likely: one side wins every pair by chance
    # in 2 of the (n + m)! / (n! m!) ways to interleave them.
    chance = 2 * math.factorial(a.size) * math.factorial(b.size) / math.factorial(a.size + b.size)

    def shown(seconds: float) -> str:
        return f"{1000 * seconds:.3g} ms" if seconds < 1 else f"{seconds:.3g} s"

    measured = (f"{name_a} {shown(median_a)}, {name_b} {shown(median_b)} (medians of {a.size} and {b.size} timings): "
                f"{name_a} {ratio:.2f} times as fast (from {low:.2f} to {high:.2f} over every pair of timings)")
    if low > 1:
        return (f"{measured} -> {name_a} faster on every pair, in this run (two ways as fast as each other would "
                f"show a winner like this by chance in {chance:.2g} of runs).")
    return f"{measured} -> neither is faster on every pair: no clear winner in this run."
