"""`make course` (tools/run_course.py): runs notebooks, survives failures, writes the report."""

import json

import pytest

from tools import run_course


@pytest.fixture(autouse=True)
def _bands_not_enforced(monkeypatch):
    """These tests record made-up figures of made-up notebooks: the manifest's bands are tested in test_manifest.py."""
    monkeypatch.setenv("RNN_COURSE_CHECK_BANDS", "0")



def test_run_course_reports_passes_failures_metrics_and_figures(tmp_path, monkeypatch, make_notebook):
    notebooks, build = tmp_path / "notebooks", tmp_path / "build"
    notebooks.mkdir()
    make_notebook(notebooks, "01_good.ipynb", [
        "import utils\nutils.record_results('01_good', accuracy=0.75)",
        "import matplotlib\nmatplotlib.use('module://matplotlib_inline.backend_inline')\n"
        "import matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.title('t')\nplt.show()",
    ])
    make_notebook(notebooks, "02_broken.ipynb", ["x = 1", "raise ValueError('boom')", "never = 'reached'"])
    monkeypatch.delenv("RNN_COURSE_FAST", raising=False)
    monkeypatch.setenv("RNN_COURSE_RESULTS", str(tmp_path / "unused.json"))
    status = run_course.main(["--notebooks-dir", str(notebooks), "--build", str(build), "--timeout", "120"])
    assert status == 1
    results = json.loads((build / "results.json").read_text())
    assert results["01_good"]["status"] == "passed"
    assert results["01_good"]["metrics"] == {"accuracy": 0.75}
    assert results["01_good"]["figures"] == ["01_good_fig01.png"]
    assert (build / "figures" / "01_good_fig01.png").stat().st_size > 0
    assert results["02_broken"]["status"] == "failed"
    assert results["02_broken"]["failure"] == {"cell": 2, "error": "ValueError: boom"}
    assert (build / "executed" / "02_broken.ipynb").exists()
    report = (build / "results.md").read_text()
    assert "| 01_good | passed | full |" in report and "failed at cell 2" in report

    # One notebook again: the others stay in the report.
    assert run_course.main(["01", "--notebooks-dir", str(notebooks), "--build", str(build)]) == 1
    assert set(json.loads((build / "results.json").read_text())) == {"01_good", "02_broken"}
    assert run_course.os.environ["RNN_COURSE_RESULTS"] == str(tmp_path / "unused.json")


def test_run_course_names_the_notebooks_when_none_matches(tmp_path, make_notebook):
    (tmp_path / "n").mkdir()
    make_notebook(tmp_path / "n", "01_a.ipynb", ["1"])
    with pytest.raises(SystemExit, match="01_a"):
        run_course.main(["07", "--notebooks-dir", str(tmp_path / "n"), "--build", str(tmp_path / "b")])


def test_run_course_keeps_figures_when_mplbackend_is_agg(tmp_path, monkeypatch, capsys, make_notebook):
    """MPLBACKEND=Agg (common on servers) used to leave every executed notebook without figures."""
    notebooks, build = tmp_path / "notebooks", tmp_path / "build"
    notebooks.mkdir()
    make_notebook(notebooks, "01_plot.ipynb", ["import matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.title('t')\nplt.show()"])
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.delenv("RNN_COURSE_FAST", raising=False)
    assert run_course.main(["--notebooks-dir", str(notebooks), "--build", str(build), "--timeout", "120"]) == 0
    assert json.loads((build / "results.json").read_text())["01_plot"]["figures"] == ["01_plot_fig01.png"]
    assert "MPLBACKEND=Agg is set" in capsys.readouterr().out
