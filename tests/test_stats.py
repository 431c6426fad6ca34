"""utils.stats: standard errors, compare_accuracies, and the verdict sentence (one wording for every
'is this difference larger than its noise?')."""

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
