"""Every sentence that states a run's outcome is backed by a check (the prose lint).

A sentence of a notebook's markdown that uses an outcome word ("beats", "at chance", "fails", "better",
"perfectly", "within the noise" ...) passes in one of three ways:

- it defers to this run's printed output ("the line above says", "printed", "this run's"), and quotes
  no seed runs of its own;
- it contains the `quote` of one of the notebook's claims in notebooks/course.toml: a check over the
  figures the notebook records, evaluated where they are recorded;
- it contains one of the notebook's `not_claims` phrases: it uses the word without stating an outcome
  of a run (theory, advice, an article's figure, how a verdict is reached).

Exercises and Troubleshooting are skipped (they ask and advise), and so are the header cell, quotations
of the articles (lines starting with ">"), tables and headings. Every quote and not_claims phrase must
still be found in its notebook, so neither can drift from the text it vouches for.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from utils import manifest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))

OUTCOME = re.compile(
    r"\b(at chance|beats?|beaten|beating|ahead of|ahead by|behind (the|it|both|them|by)|better|worse"
    r"|fail(s|ed)? (to|at|on)|help(s|ed)?|outperform\w*"
    r"|higher than|lower than|more accurate|less accurate|wins?|won|overtakes?|perfect(ly)?|faster|slower"
    r"|more than the noise|within the noise|no better|stops? learning|learn(s|ed)? the task|most rows"
    r"|improves? on|one bright spot)\b",
    re.IGNORECASE,
)
DEFERS = re.compile(
    r"\b(print\w*|the table|says which|this run'?s?|your run|the cell (above|below)|the lines? (above|below)|the last line"
    r"|the verdicts?)\b",
    re.IGNORECASE,
)
QUOTES_SEED_RUNS = re.compile(r"\bseeds?\b|\bfull(-size)? runs\b|course's runs", re.IGNORECASE)
SKIPPED_SECTIONS = ("## Exercises", "## Troubleshooting")
_SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+|\n\s*\n|\n\s*[-*] ")


def normalise(text: str) -> str:
    return " ".join(text.split())


def prose_sentences(cells: list[dict]) -> list[tuple[int, str]]:
    """(cell index, sentence) for the markdown the lint reads, whitespace collapsed."""
    found, section = [], ""
    for index, cell in enumerate(cells):
        if cell["cell_type"] != "markdown" or index == 0:
            continue
        source = "".join(cell["source"])
        if source.startswith("## "):
            section = source.splitlines()[0]
        if section.startswith(SKIPPED_SECTIONS):
            continue
        kept = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith((">", "|", "#")))
        found += [(index, normalise(piece)) for piece in _SENTENCE_END.split(kept) if piece.strip()]
    return found


def unbacked(sentences: list[tuple[int, str]], quotes: list[str], not_claims: list[str]) -> list[str]:
    """The sentences stating an outcome with nothing to back them."""
    phrases = [normalise(phrase) for phrase in [*quotes, *not_claims]]
    problems = []
    for index, sentence in sentences:
        if not OUTCOME.search(sentence):
            continue
        if DEFERS.search(sentence) and not QUOTES_SEED_RUNS.search(sentence):
            continue
        if not any(phrase in sentence for phrase in phrases):
            problems.append(f"cell {index}: {sentence}")
    return problems


def _entry_phrases(path: Path) -> tuple[list[str], list[str]]:
    entry = manifest.notebook(path.stem)
    return [claim["quote"] for claim in entry.get("claims", []) if "quote" in claim], entry.get("not_claims", [])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_outcome_sentence_is_backed_by_a_claim(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    quotes, not_claims = _entry_phrases(path)
    problems = unbacked(prose_sentences(cells), quotes, not_claims)
    assert not problems, (
        f"{path.name}: these sentences state an outcome with no check. For each, add a [[notebook.claims]] "
        "with a quote from it to notebooks/course.toml, print it from the run's numbers instead, or, if it "
        "states no outcome of a run, add a phrase of it to the notebook's not_claims:\n  " + "\n  ".join(problems)
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_quote_and_not_claim_is_found_in_its_notebook(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text = " ".join(sentence for _, sentence in prose_sentences(cells))
    quotes, not_claims = _entry_phrases(path)
    missing = [phrase for phrase in [*quotes, *not_claims] if normalise(phrase) not in text]
    assert not missing, (
        f"{path.name}: these phrases in notebooks/course.toml are no longer in the notebook's prose; "
        f"copy the sentence's new wording, or remove the entry: {missing}"
    )


def test_the_lint_catches_an_unbacked_outcome_and_accepts_the_three_ways_out():
    cells = [
        {"cell_type": "markdown", "source": ["# 98 · Toy"]},
        {"cell_type": "markdown", "source": ["The LSTM beats the SimpleRNN on every seed. The GRU is ahead of both."]},
        {"cell_type": "markdown", "source": ["Which model is ahead, the line above says."]},
        {"cell_type": "markdown", "source": ["In full runs with seeds 1 and 2 the GRU was ahead of the LSTM (printed above)."]},
        {"cell_type": "markdown", "source": ["## Exercises\n\n1. Does the GRU beat the LSTM?"]},
        {"cell_type": "markdown", "source": ["> The article's model fails."]},
    ]
    sentences = prose_sentences(cells)
    assert unbacked(sentences, [], []) == [
        "cell 1: The LSTM beats the SimpleRNN on every seed.",
        "cell 1: The GRU is ahead of both.",
        "cell 3: In full runs with seeds 1 and 2 the GRU was ahead of the LSTM (printed above).",
    ]
    assert unbacked(sentences, ["LSTM beats the SimpleRNN", "GRU was ahead of the LSTM"], ["ahead of both"]) == []
