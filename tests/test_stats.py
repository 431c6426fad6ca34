"""utils.stats: standard errors, compare_accuracies, and the verdict sentence (one wording for every
'is this difference larger than its noise?'); the Wilson interval for accuracies near 0 or 1; and the
paired comparisons (McNemar, paired bootstrap, compare_paired) for two models on the same examples."""

import math
import time

import numpy as np
import pytest

import utils


def test_compare_accuracies_is_the_verdict_on_the_difference_of_two_accuracies():
    margin = utils.difference_uncertainty(0.88, 0.86, n=1_000, seed_sd=0.003)
    expected = utils.verdict_sentence("A 0.8800 vs B 0.8600: difference", 0.02, margin, "A ahead by more than the noise",
                                      "B ahead by more than the noise", seed_sd=0.003)
    assert utils.compare_accuracies("A", 0.88, "B", 0.86, n=1_000, seed_sd=0.003) == expected


@pytest.mark.parametrize("difference, verdict", [
    (0.03, "-> A gains more."),
    (-0.03, "-> B gains more."),
    (0.01, "-> within the noise: this run cannot say which gains more."),
    (-0.02, "-> within the noise: this run cannot say which gains more."),  # on the margin counts as within
])
def test_the_verdict_follows_the_sign_and_the_margin(difference, verdict):
    sentence = utils.verdict_sentence("gain of A minus gain of B:", difference, 0.02, "A gains more", "B gains more",
                                      undecided="this run cannot say which gains more")
    assert sentence.startswith(f"gain of A minus gain of B: {difference:+.4f} +/- 0.0200 (2 standard errors, test-set noise only)")
    assert sentence.endswith(verdict)


def test_the_sentence_says_which_noise_the_margin_counts():
    assert "(2 standard errors, validation-set and seed noise)" in utils.verdict_sentence(
        "d:", 0.0, 0.01, "a", "b", seed_sd=0.003, split="validation")


@pytest.mark.parametrize("arguments, message", [
    (dict(difference="0.1"), "difference='0.1': pass a number"),
    (dict(margin=float("nan")), "margin=nan: pass a number"),
    (dict(margin=-0.01), "margin=-0.01: pass two standard errors"),
    (dict(split="train"), "say which examples were scored"),
])
def test_bad_input_gets_a_clear_error(arguments, message):
    values = {**dict(label="d:", difference=0.01, margin=0.02, if_positive="a", if_negative="b"), **arguments}
    with pytest.raises(ValueError, match=message):
        utils.verdict_sentence(**values)


# ---- compare_accuracies and the standard errors it adds up

@pytest.mark.parametrize("arguments, message", [
    (dict(accuracy_a=88), "fraction from 0 to 1"),
    (dict(accuracy_b="0.8"), "fraction from 0 to 1"),
    (dict(n=0), "at least 1"),
    (dict(n=2.5), "whole number"),
    (dict(seed_sd=-0.1), "standard deviation over seeds"),
])
def test_compare_accuracies_names_bad_input(arguments, message):
    values = dict(name_a="LSTM", accuracy_a=0.88, name_b="GRU", accuracy_b=0.87, n=1000, seed_sd=0.0)
    with pytest.raises(ValueError, match=message):
        utils.compare_accuracies(**{**values, **arguments})


def test_compare_accuracies_says_when_the_difference_is_noise():
    assert "within the noise" in utils.compare_accuracies("A", 0.8831, "B", 0.8810, n=25_000, seed_sd=0.004)
    assert "A ahead by more" in utils.compare_accuracies("A", 0.90, "B", 0.85, n=25_000, seed_sd=0.004)
    assert "B ahead by more" in utils.compare_accuracies("A", 0.85, "B", 0.90, n=25_000)


def test_compare_accuracies_names_the_scored_split():
    assert "validation-set noise only" in utils.compare_accuracies("A", 0.9, "B", 0.8, n=1000, split="validation")
    with pytest.raises(ValueError, match="'test' or 'validation'"):
        utils.compare_accuracies("A", 0.9, "B", 0.8, n=1000, split="train")


def test_accuracy_standard_error_is_the_binomial_one():
    assert utils.accuracy_standard_error(0.5, n=100) == pytest.approx(0.05)
    assert utils.accuracy_standard_error(0.9, n=10_000) == pytest.approx(0.003)
    assert utils.accuracy_standard_error(1.0, n=10) == 0.0
    with pytest.raises(ValueError, match="fraction from 0 to 1"):
        utils.accuracy_standard_error(1.5, n=10)


def test_difference_uncertainty_adds_both_test_errors_and_the_seed_spread_of_both_runs():
    assert utils.difference_uncertainty(0.5, 0.5, n=100) == pytest.approx(2 * 0.005**0.5)
    # two standard errors of (a - b): sqrt(se_a^2 + se_b^2 + 2 seed_sd^2)
    expected = 2 * (0.05**2 + 0.03**2 + 2 * 0.01**2) ** 0.5
    assert utils.difference_uncertainty(0.5, 0.9, n=100, seed_sd=0.01) == pytest.approx(expected)
    with pytest.raises(ValueError, match="standard deviation over seeds"):
        utils.difference_uncertainty(0.5, 0.5, n=100, seed_sd=1.5)


# ---- wilson_interval and accuracy_interval_text: an accuracy at (or near) 0 or 1
# Wilson score interval: (p + z^2/2n -/+ z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n), z = 1.959964 at 95%.
# At 0 successes it is (0, z^2/(n + z^2)); at n successes (n/(n + z^2), 1).

Z2 = 1.959963984540054 ** 2  # the 97.5% normal quantile, squared


@pytest.mark.parametrize("successes, n, low, high", [
    (0, 10, 0.0, Z2 / (10 + Z2)),             # 0.27753
    (10, 10, 10 / (10 + Z2), 1.0),            # 0.72247
    (5, 10, 0.236593, 0.763407),              # p = 1/2: 0.5 -/+ z sqrt(1/40 + z^2/400) / (1 + z^2/10)
    # Newcombe (1998), Statistics in Medicine 17:857-872, Table II, method 3 (Wilson score):
    (81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611), (1, 29, 0.0061, 0.1718),
])
def test_wilson_interval_matches_known_values(successes, n, low, high):
    got = utils.wilson_interval(successes, n)
    assert got == pytest.approx((low, high), abs=5e-5)


def test_wilson_interval_is_exact_at_the_ends_and_narrows_with_confidence():
    assert utils.wilson_interval(0, 300)[0] == 0.0
    assert utils.wilson_interval(300, 300)[1] == 1.0
    wide, narrow = utils.wilson_interval(40, 50, 0.99), utils.wilson_interval(40, 50, 0.90)
    assert wide[0] < narrow[0] < 0.8 < narrow[1] < wide[1]


def test_no_errors_in_300_leaves_an_error_rate_close_to_the_rule_of_three():
    # Rule of three: 0 errors in n -> one-sided 95% upper bound on the error rate of about 3/n.
    # The two-sided 95% Wilson bound is z^2/(n + z^2), about 3.84/n: the same order, a little wider.
    error_bound = 1.0 - utils.wilson_interval(300, 300)[0]
    assert error_bound == pytest.approx(Z2 / (300 + Z2))
    assert 3 / 300 < error_bound < 4 / 300
    # one-sided 95% (z = 1.645, i.e. a 90% two-sided interval) lands closer still: 2.7/n
    assert 1.0 - utils.wilson_interval(300, 300, confidence=0.90)[0] == pytest.approx(3 / 300, rel=0.15)


@pytest.mark.parametrize("arguments, message", [
    (dict(successes=11, n=10), "from 0 to n=10"),
    (dict(successes=-1, n=10), "from 0 to n=10"),
    (dict(successes=0.5, n=10), "whole number of examples"),
    (dict(successes=True, n=10), "whole number of examples"),
    (dict(successes=0, n=0), "at least 1"),
    (dict(successes=5, n=10, confidence=95), "between 0 and 1, such as 0.95"),
])
def test_wilson_interval_names_bad_input(arguments, message):
    with pytest.raises(ValueError, match=message):
        utils.wilson_interval(**arguments)


def test_accuracy_interval_text_is_honest_at_one():
    assert utils.accuracy_interval_text(300, 300) == "1.000 (95% interval 0.987-1.000, Wilson; 0 errors in 300)"
    assert utils.accuracy_interval_text(299, 300).endswith("Wilson; 1 error in 300)")
    assert utils.accuracy_interval_text(0, 5).startswith("0.000 (95% interval 0.000-0.434, Wilson; 5 errors in 5)")
    # below 1 is never printed as 1.000: more decimals instead
    assert utils.accuracy_interval_text(24_990, 25_000) == (
        "0.9996 (95% interval 0.9993-0.9998, Wilson; 10 errors in 25,000)")
    with pytest.raises(ValueError, match="correct=301: pass a whole number of examples from 0 to n=300"):
        utils.accuracy_interval_text(301, 300)


# ---- mcnemar_test: the exact test on the examples only one model gets right

def _pair(both: int, only_a: int, only_b: int, neither: int = 0):
    """Per-example correctness of two models with the given counts (in a fixed order)."""
    a = np.array([True] * both + [True] * only_a + [False] * only_b + [False] * neither)
    b = np.array([True] * both + [False] * only_a + [True] * only_b + [False] * neither)
    return a, b


def test_mcnemar_matches_a_hand_computed_case():
    # b = 0, c = 6: all 6 discordant examples go B's way; p = 2 * P(X <= 0) = 2 * 0.5**6
    a, b = _pair(both=50, only_a=0, only_b=6, neither=4)
    result = utils.mcnemar_test(a, b)
    assert (result["b"], result["c"], result["n"]) == (0, 6, 60)
    assert result["p_value"] == pytest.approx(2 * 0.5**6) == 0.03125
    assert result["difference"] == pytest.approx(-6 / 60)
    assert (result["accuracy_a"], result["accuracy_b"]) == (50 / 60, 56 / 60)


def test_mcnemar_is_symmetric_and_one_when_nothing_is_discordant():
    a, b = _pair(both=30, only_a=9, only_b=3, neither=8)
    forward, backward = utils.mcnemar_test(a, b), utils.mcnemar_test(b, a)
    assert (forward["b"], forward["c"]) == (backward["c"], backward["b"]) == (9, 3)
    assert forward["p_value"] == backward["p_value"]
    assert forward["difference"] == -backward["difference"]
    # 2 * P(X <= 3), X ~ Bin(12, 1/2) = 2 * (1 + 12 + 66 + 220) / 4096
    assert forward["p_value"] == pytest.approx(2 * 299 / 4096)
    assert utils.mcnemar_test(a, a)["p_value"] == 1.0
    assert utils.mcnemar_test(*_pair(both=5, only_a=4, only_b=4))["p_value"] == 1.0  # b == c: capped at 1


def test_mcnemar_handles_25_000_discordant_examples_without_overflow():
    b, c = 12_300, 12_700
    a_correct, b_correct = _pair(both=0, only_a=b, only_b=c)
    p = utils.mcnemar_test(a_correct, b_correct)["p_value"]
    # reference: exact, in whole numbers, C(k, i+1) = C(k, i) (k - i) / (i + 1)
    k, term, total = b + c, 1, 1
    for i in range(b):
        term = term * (k - i) // (i + 1)
        total += term
    assert p == pytest.approx(2 * total / 2**k, rel=1e-9)
    # and the normal approximation with continuity correction agrees roughly
    z = (abs(b - c) - 1) / k**0.5
    assert p == pytest.approx(math.erfc(z / 2**0.5), rel=0.02)
    # extreme: 25,000 to 0 underflows to 0 quietly
    assert utils.mcnemar_test(*_pair(both=0, only_a=25_000, only_b=0))["p_value"] == 0.0


def test_mcnemar_log_space_sum_agrees_with_the_exact_one_past_the_switch():
    k, m = 2001, 960
    exact = sum(math.comb(k, i) for i in range(m + 1)) / 2**k
    assert utils.mcnemar_test(*_pair(both=0, only_a=m, only_b=k - m))["p_value"] == pytest.approx(2 * exact, rel=1e-9)


# ---- paired_bootstrap_difference

def _clear_winner(n: int = 25_000, seed: int = 1):
    rng = np.random.default_rng(seed)
    a = rng.random(n) < 0.90
    b = a.copy()
    flip = rng.random(n) < 0.05  # B differs from A on 5% of examples, mostly by getting them wrong
    b[flip] = rng.random(int(flip.sum())) < 0.2
    return a, b


def test_identical_predictions_give_a_zero_interval():
    a = np.random.default_rng(0).random(1000) < 0.7
    assert utils.paired_bootstrap_difference(a, a.copy()) == (0.0, 0.0, 0.0)


def test_a_clear_winner_has_an_interval_above_zero_and_the_measured_difference_inside():
    a, b = _clear_winner()
    difference, low, high = utils.paired_bootstrap_difference(a, b)
    assert difference == pytest.approx(a.mean() - b.mean())
    assert 0 < low < difference < high
    low_b, high_b = utils.paired_bootstrap_difference(b, a)[1:]
    assert high_b < 0 and low_b == pytest.approx(-high, abs=0.002)


def test_the_paired_interval_is_narrower_than_the_independent_one():
    a, b = _clear_winner()
    _, low, high = utils.paired_bootstrap_difference(a, b)
    independent = utils.difference_uncertainty(a.mean(), b.mean(), n=a.size)  # 2 standard errors: a half-width
    assert (high - low) / 2 < independent / 2  # the shared examples cancel: here less than half as wide


def test_the_bootstrap_is_deterministic_with_its_seed():
    a, b = _clear_winner(n=2_000)
    assert utils.paired_bootstrap_difference(a, b, seed=3) == utils.paired_bootstrap_difference(a, b, seed=3)
    assert utils.paired_bootstrap_difference(a, b, seed=3) != utils.paired_bootstrap_difference(a, b, seed=4)


def test_the_bootstrap_is_fast_for_25_000_examples():
    a, b = _clear_winner()
    start = time.perf_counter()
    utils.paired_bootstrap_difference(a, b, repeats=2000)
    assert time.perf_counter() - start < 2.0


@pytest.mark.parametrize("arguments, message", [
    (dict(repeats=10), "at least 100, such as 2000"),
    (dict(repeats=2000.0), "at least 100, such as 2000"),
    (dict(seed="0"), "seed='0': pass a whole number"),
])
def test_the_bootstrap_names_bad_settings(arguments, message):
    a, b = _pair(both=5, only_a=3, only_b=2)
    with pytest.raises(ValueError, match=message):
        utils.paired_bootstrap_difference(a, b, **arguments)


# ---- compare_paired: the verdict sentence for two models on the same examples

def test_compare_paired_says_who_is_ahead():
    a, b = _pair(both=1500, only_a=120, only_b=40, neither=340)  # 0.810 vs 0.770 on 2000
    sentence = utils.compare_paired("LSTM", a, "GRU", b)
    assert sentence.startswith("LSTM 0.8100 vs GRU 0.7700 on the same 2,000 test examples: difference +0.0400, "
                               "paired 95% interval +0.0")
    assert "(test-set noise only); McNemar p < 0.001 (120 right only for LSTM, 40 only for GRU)" in sentence
    assert sentence.endswith("-> LSTM ahead by more than the noise.")
    assert utils.compare_paired("GRU", b, "LSTM", a).endswith("-> LSTM ahead by more than the noise.")
    assert utils.compare_paired("LSTM", b, "GRU", a).endswith("-> GRU ahead by more than the noise.")


def test_compare_paired_says_when_the_difference_is_noise():
    a, b = _pair(both=1500, only_a=45, only_b=40, neither=415)
    sentence = utils.compare_paired("LSTM", a, "GRU", b)
    p = 2 * sum(math.comb(85, i) for i in range(41)) / 2**85  # 0.6646
    assert f"McNemar p = {p:.3f} (45 right only for LSTM, 40 only for GRU)" in sentence
    assert sentence.endswith("-> within the noise: this run cannot rank them.")


def test_compare_paired_counts_the_seed_noise_when_given():
    a, b = _pair(both=20_000, only_a=300, only_b=100, neither=4_600)  # +0.008 on 25,000: clear on this test set
    assert utils.compare_paired("A", a, "B", b).endswith("-> A ahead by more than the noise.")
    # but two runs of one model differ by up to 2*sqrt(2)*0.004 = 0.0113: not enough to rank them
    sentence = utils.compare_paired("A", a, "B", b, seed_sd=0.004, split="validation")
    assert "on the same 25,000 validation examples" in sentence
    assert "and seed margin 0.0113 = 2*sqrt(2)*0.0040 (validation-set and seed noise)" in sentence
    assert sentence.endswith("-> within the noise: this run cannot rank them.")
    assert utils.compare_paired("A", a, "B", b, seed_sd=0.002).endswith("-> A ahead by more than the noise.")


@pytest.mark.parametrize("correct_b, message", [
    ([True, False], "correct_a has 3 examples and correct_b 2: pass both models' results on the same examples"),
    ([1, 0, 1], "correct_b holds int64 values: pass booleans, one per example, such as predictions == labels"),
    ([0.9, 0.2, 0.7], "correct_b holds float64 values: pass booleans"),
    ([[True, False, True]], r"correct_b has shape \(1, 3\): pass one True/False per scored example"),
    ([], r"correct_b has shape \(0,\): pass one True/False per scored example"),
])
def test_compare_paired_refuses_results_that_are_not_paired_booleans(correct_b, message):
    with pytest.raises(ValueError, match=message):
        utils.compare_paired("A", [True, True, False], "B", correct_b)
    with pytest.raises(ValueError, match=message):
        utils.mcnemar_test([True, True, False], correct_b)


@pytest.mark.parametrize("arguments, message", [
    (dict(seed_sd=-0.1), "standard deviation over seeds"),
    (dict(split="train"), "'test' or 'validation'"),
])
def test_compare_paired_names_bad_settings(arguments, message):
    with pytest.raises(ValueError, match=message):
        utils.compare_paired("A", [True, False], "B", [True, True], **arguments)


def test_time_in_turns_takes_turns_after_the_warmup():
    calls = []
    seconds = utils.time_in_turns({"a": lambda: calls.append("a"), "b": lambda: calls.append("b")}, repeats=3, warmup=1)
    assert calls == ["a", "b", "a", "b", "b", "a", "a", "b"]  # one untimed round, then three timed rounds, in turns
    assert set(seconds) == {"a", "b"} and all(len(values) == 3 and np.all(values >= 0) for values in seconds.values())


@pytest.mark.parametrize("arguments, message", [
    (dict(functions={}), "functions must map a name to a function"),
    (dict(functions={"a": 3}), "functions must map a name to a function"),
    (dict(functions={"a": print}, repeats=0), "repeats must be a whole number of at least 1"),
    (dict(functions={"a": print}, warmup=-1), "warmup must be a whole number"),
])
def test_time_in_turns_names_bad_arguments(arguments, message):
    with pytest.raises(ValueError, match=message):
        utils.time_in_turns(**arguments)


def test_compare_times_names_a_winner_only_when_it_wins_every_pair():
    clear = utils.compare_times("loop", [0.30, 0.32, 0.31], "stepwise", [0.10, 0.11, 0.12])
    assert clear.startswith("stepwise 110 ms, loop 310 ms (medians of 3 and 3 timings): stepwise 2.82 times as fast")
    assert "(from 2.50 to 3.20 over every pair of timings)" in clear
    assert clear.endswith("-> stepwise faster on every pair, in this run (two ways as fast as each other would show "
                          "a winner like this by chance in 0.1 of runs).")
    overlapping = utils.compare_times("a", [1.0, 1.5, 2.0], "b", [1.2, 1.3, 1.4])
    assert overlapping.startswith("b 1.3 s, a 1.5 s")
    assert overlapping.endswith("-> neither is faster on every pair: no clear winner in this run.")


def test_compare_times_refuses_timings_that_are_not_positive_seconds():
    with pytest.raises(ValueError, match="one or more positive timings"):
        utils.compare_times("a", [], "b", [1.0])
    with pytest.raises(ValueError, match="one or more positive timings"):
        utils.compare_times("a", [0.0, 1.0], "b", [1.0])
