"""Create the course's virtual environment (what `make lab` and `make test` run first).

    python3 tools/make_venv.py .venv constraints/newest.txt
    python3 tools/make_venv.py --check-only

1. Checks the interpreter: TensorFlow publishes wheels for Python 3.10 to 3.13
   only, and pip's own error on another version ("No matching distribution
   found for tensorflow") does not say what to do.
2. Creates the environment and installs requirements.txt (open version ranges,
   as Colab needs), pinned to the lock file's exact versions (the set the tests
   passed with) when the lock was made on this Python's minor version. On
   another supported Python the ranges alone decide, and a line says so.

Runs on any Python 3, so that it can explain an old interpreter too.
"""

import os
import subprocess
import sys
import venv

# The Python versions TensorFlow 2.19-2.21 has wheels for; pyproject.toml says the same (tested).
SUPPORTED = ((3, 10), (3, 11), (3, 12), (3, 13))
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def check_python(version=None):
    """None if this Python is supported, else the message that says what to do."""
    version = tuple(version or sys.version_info[:2])
    if version in SUPPORTED:
        return None
    names = ", ".join("%d.%d" % v for v in SUPPORTED)
    return (
        "Python %d.%d cannot run the course: TensorFlow has packages for Python %s only.\n"
        "Install one of those and choose it, for example:  make lab PYTHON=python3.12\n"
        "(on Debian or Ubuntu: apt install python3.12-venv; with pyenv: pyenv install 3.12; "
        "or use conda: conda env create -f environment.yml)." % (version + (names,))
    )


def lock_python(lock_path):
    """The 'major.minor' a lock file was made on (its line '# python: 3.11'), or None."""
    with open(lock_path, encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("# python:"):
                return line.split(":", 1)[1].strip()
    return None


def main(argv):
    if argv[:1] == ["--check-only"]:
        problem = check_python()
        if problem:
            print(problem, file=sys.stderr)
            return 1
        return 0
    if len(argv) != 2:
        print("usage: python3 tools/make_venv.py VENV_DIR LOCK_FILE", file=sys.stderr)
        return 2
    venv_dir, lock = argv
    problem = check_python()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    this_python = "%d.%d" % sys.version_info[:2]
    print("Creating %s with Python %s (the first time takes a minute or two)." % (venv_dir, this_python))
    try:
        venv.EnvBuilder(with_pip=True, clear=False).create(venv_dir)
    except Exception as error:  # Debian without python3-venv, mostly
        print("Could not create %s: %s\nOn Debian or Ubuntu, install python%s-venv (apt install python%s-venv)."
              % (venv_dir, error, this_python, this_python), file=sys.stderr)
        return 1
    python = os.path.join(venv_dir, "bin", "python")
    pip = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    command = pip + ["-r", os.path.join(ROOT, "requirements.txt")]
    locked_on = lock_python(lock)
    if locked_on == this_python:
        command += ["-c", lock]
    else:
        # Other Pythons need other builds of some packages (NumPy 2.3+ has none for 3.10): keep
        # only the lock's TensorFlow and Keras, and let the ranges choose the rest.
        core = os.path.join(venv_dir, "core-constraints.txt")
        with open(lock, encoding="utf-8") as source, open(core, "w", encoding="utf-8") as target:
            target.writelines(line for line in source if line.lower().startswith(("tensorflow==", "keras==")))
        command += ["-c", core]
        print("Note: %s lists the exact versions tested on Python %s; on Python %s only its TensorFlow and "
              "Keras are pinned, and the rest comes from requirements.txt's ranges." % (lock, locked_on, this_python))
    return subprocess.call(command)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
