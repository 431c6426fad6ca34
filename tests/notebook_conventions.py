"""The conventions every course notebook follows (checked by test_notebooks_lint.py).

Authoring scripts may import SETUP_CELL and header() from here so that every
notebook starts the same way.
"""

from utils.config import REPOSITORY, colab_url

BADGE_IMAGE = "https://colab.research.google.com/assets/colab-badge.svg"

SETUP_CELL = f'''\
# Setup: run this cell first. It finds the course's helpers (utils/) here, or fetches them on Colab.
import subprocess, sys
from pathlib import Path
if "google.colab" in sys.modules and not Path("rnn-course").exists():
    subprocess.run(["git", "clone", "--depth=1", "https://github.com/{REPOSITORY}", "rnn-course"], check=True)
places = [Path.cwd(), *Path.cwd().parents, Path("rnn-course").resolve()]
root = next((p for p in places if (p / "utils" / "COURSE").is_file()), None)  # the course's own utils/
if root is None:
    raise FileNotFoundError(f"The course's utils/ folder was not found in {{', '.join(map(str, places))}}: open this notebook from the course (make lab), or on Colab.")
sys.path.insert(0, str(root))
for name in [m for m in sys.modules if m.split(".")[0] == "utils"]: del sys.modules[name]  # e.g. another project's
import utils; SEED = utils.check_environment()  # versions, fast or full mode, seed (RNN_COURSE_SEED, default 42)'''


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
