"""The conventions every course notebook follows (checked by test_notebooks_lint.py).

Authoring scripts may import SETUP_CELL and header() from here so that every
notebook starts the same way.
"""

from utils.config import REPOSITORY, colab_url

BADGE_IMAGE = "https://colab.research.google.com/assets/colab-badge.svg"

SETUP_CELL = f'''\
# Setup: run this cell first. It finds the course's helpers (the `utils` folder)
# locally, or fetches them on Colab without touching Colab's TensorFlow.
import subprocess
import sys
from pathlib import Path

if "google.colab" in sys.modules and not Path("rnn-course").exists():
    subprocess.run(["git", "clone", "--depth=1", "https://github.com/{REPOSITORY}", "rnn-course"], check=True)


def is_course_folder(folder: Path) -> bool:  # the course's own utils/, not another project's
    marker = folder / "utils" / "COURSE"
    return marker.is_file() and marker.read_text().startswith("rnn-course")


candidates = [Path.cwd(), *Path.cwd().parents, Path("rnn-course").resolve()]
course_root = next((folder for folder in candidates if is_course_folder(folder)), None)
if course_root is None:
    raise FileNotFoundError(
        "The course's utils/ folder was not found in " + ", ".join(map(str, candidates))
        + ". Open this notebook from the course folder (make lab), or on Colab."
    )
sys.path[:] = [str(course_root)] + [entry for entry in sys.path if entry != str(course_root)]
loaded = sys.modules.get("utils")
if loaded is not None and Path(getattr(loaded, "__file__", None) or "").resolve().parent.parent != course_root:
    del sys.modules["utils"]  # another project's `utils` was imported first

import utils

SEED = utils.check_environment()  # versions, fast or full mode, and the course seed (RNN_COURSE_SEED, default 42)'''


def badge(notebook_file: str) -> str:
    """The markdown of the "Open in Colab" badge for notebooks/<notebook_file>."""
    return f"[![Open In Colab]({BADGE_IMAGE})]({colab_url('notebooks/' + notebook_file)})"


FORBIDDEN_IN_CODE = {
    "keras.datasets": "load data through utils.load_imdb / utils.load_mnist (keras.datasets fails offline)",
    "tf.contrib": "TF1 API",
    "tf.compat.v1": "TF1 API",
    "tf.Session": "TF1 API",
    "placeholder(": "TF1 API",
    "np_utils": "use keras.utils.to_categorical",
    "keras.preprocessing.sequence": "use keras.utils.pad_sequences",
    "RNN_COURSE_FAST": "fast mode is set only through utils.settings(full=..., fast=...)",
    "is_fast_mode": "fast mode is set only through utils.settings(full=..., fast=...)",
}
