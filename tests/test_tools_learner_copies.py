"""`make lab` anywhere: as root, and with the learner's own copies, which `git pull` never meets."""

import os
import subprocess
from pathlib import Path

from tools import learner_copies

ROOT = Path(__file__).resolve().parent.parent


def test_make_lab_adds_allow_root_only_for_root_and_opens_the_learners_copies():
    dry_run = subprocess.run(["make", "-n", "lab"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    command = [line for line in dry_run.splitlines() if "jupyter lab" in line][0]
    assert ("--allow-root" in command) == (os.geteuid() == 0)
    assert "jupyter lab work/" in command
    assert "tools/learner_copies.py" in dry_run and "open the http://127.0.0.1:PORT/lab?token=" in dry_run
    assert "work/" in (ROOT / ".gitignore").read_text().splitlines()


def test_copies_are_made_once_never_overwritten_and_refreshed_only_on_request(tmp_path, monkeypatch):
    course, work = tmp_path / "notebooks", tmp_path / "work"
    course.mkdir()
    monkeypatch.setattr(learner_copies, "COURSE", course)
    monkeypatch.setattr(learner_copies, "WORK", work)
    (course / "01_a.ipynb").write_text("course v1")
    (course / "02_b.ipynb").write_text("course v1")
    assert "Copied 2 notebooks" in learner_copies.sync()[0]

    (work / "01_a.ipynb").write_text("my outputs")   # the learner saves work
    (course / "01_a.ipynb").write_text("course v2")  # git pull brings an update
    report = learner_copies.sync()
    assert (work / "01_a.ipynb").read_text() == "my outputs"
    assert any('make lab REFRESH="01"' in line for line in report)

    report = learner_copies.sync(refresh=["01"])
    assert (work / "01_a.ipynb").read_text() == "course v2"
    mine = list(work.glob("01_a_mine-*.ipynb"))
    assert len(mine) == 1 and mine[0].read_text() == "my outputs"
    assert (work / "02_b.ipynb").read_text() == "course v1"
    assert learner_copies.sync() == []  # nothing new to say


def test_two_refreshes_in_the_same_second_keep_both_set_aside_copies(tmp_path, monkeypatch):
    course, work = tmp_path / "notebooks", tmp_path / "work"
    course.mkdir()
    monkeypatch.setattr(learner_copies, "COURSE", course)
    monkeypatch.setattr(learner_copies, "WORK", work)
    monkeypatch.setattr(learner_copies.time, "strftime", lambda *args: "20261202-120000")  # one second, frozen
    (course / "04_a.ipynb").write_text("course v1")
    learner_copies.sync()
    (work / "04_a.ipynb").write_text("my first work")
    learner_copies.sync(refresh=["04"])
    (work / "04_a.ipynb").write_text("my second work")
    learner_copies.sync(refresh=["04"])
    kept = sorted(path.read_text() for path in work.glob("04_a_mine-*.ipynb"))
    assert kept == ["my first work", "my second work"]


def test_a_refresh_number_that_names_no_notebook_is_refused_with_the_list(tmp_path, monkeypatch, capsys):
    course, work = tmp_path / "notebooks", tmp_path / "work"
    course.mkdir()
    monkeypatch.setattr(learner_copies, "COURSE", course)
    monkeypatch.setattr(learner_copies, "WORK", work)
    for name in ("00_a.ipynb", "04_b.ipynb"):
        (course / name).write_text("course")
    for refresh in ("4", "0", "07"):
        assert learner_copies.main(["--refresh", refresh]) == 2
        error = capsys.readouterr().err
        assert f"'{refresh}' names no notebook" in error and "from 00, 04" in error
    assert not work.exists(), "nothing is copied or set aside when REFRESH is wrong"
