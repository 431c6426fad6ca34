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
candidates = [Path.cwd(), *Path.cwd().parents, Path("rnn-course").resolve()]
course_root = next((p for p in candidates if (p / "utils" / "__init__.py").is_file()), None)
if course_root is None:
    raise FileNotFoundError("Open this notebook from the course folder (the one holding utils/), or on Colab.")
sys.path.insert(0, str(course_root))

import utils

utils.check_environment(seed=42)  # versions, fast or full mode, and one seed for Python, NumPy and TensorFlow'''


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
