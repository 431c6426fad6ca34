"""Reading data files without running code from them, and checking what they hold.

``np.load(..., allow_pickle=True)`` would run any code an .npz file carries;
the readers here allow only NumPy's own array rebuilding. Every problem is a
:class:`DataError` whose message names the file and says what to do.
"""

from __future__ import annotations

import hashlib
import io
import json
import pickle
import zipfile
from pathlib import Path
from typing import Any, Iterable

import numpy as np


class DataError(RuntimeError):
    """A data file is missing, corrupt, or not what the course expects."""


class _ArrayOnlyUnpickler(pickle.Unpickler):
    """Unpickles NumPy object arrays of lists and numbers, and refuses everything else.

    ``np.load(..., allow_pickle=True)`` would run any code a file carries; the
    ragged IMDB arrays need pickle, so only NumPy's array rebuilding is allowed.
    """

    _ALLOWED = {
        ("numpy.core.multiarray", "_reconstruct"), ("numpy._core.multiarray", "_reconstruct"),
        ("numpy.core.multiarray", "scalar"), ("numpy._core.multiarray", "scalar"),
        ("numpy", "ndarray"), ("numpy", "dtype"),
    }

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in self._ALLOWED:
            raise pickle.UnpicklingError(f"the file asks to load {module}.{name}, which a data file never needs")
        return super().find_class(module, name)


def _read_npy(buffer: io.BytesIO) -> np.ndarray:
    """One array of an .npz member, without running any code it may carry."""
    version = np.lib.format.read_magic(buffer)
    if version == (1, 0):
        shape, _, dtype = np.lib.format.read_array_header_1_0(buffer)
    else:
        shape, _, dtype = np.lib.format.read_array_header_2_0(buffer)
    if not dtype.hasobject:
        buffer.seek(0)
        return np.lib.format.read_array(buffer, allow_pickle=False)
    array = _ArrayOnlyUnpickler(buffer).load()
    if not isinstance(array, np.ndarray) or array.shape != tuple(shape):
        raise ValueError(f"its object array does not match its header (shape {shape})")
    return array


def read_npz(path: Path, keys: Iterable[str]) -> dict[str, np.ndarray]:
    """Read every array of ``keys`` from ``path`` or raise a DataError that says what to do."""
    what_to_do = (
        "Copy the file again (it may be truncated or corrupt), or remove it to let "
        "the course download the data."
    )
    if not zipfile.is_zipfile(path):
        raise DataError(f"{path} is not an .npz archive. {what_to_do}")
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            missing = [key for key in keys if f"{key}.npy" not in names]
            if missing:
                raise DataError(
                    f"{path} lacks the array(s) {', '.join(missing)}: it is not in "
                    f"Keras's layout. {what_to_do}"
                )
            return {key: _read_npy(io.BytesIO(archive.read(f"{key}.npy"))) for key in keys}
    except DataError:
        raise
    except (OSError, ValueError, EOFError, zipfile.BadZipFile, KeyError, TypeError, AttributeError,
            pickle.UnpicklingError) as error:
        raise DataError(f"{path} could not be read ({type(error).__name__}: {error}). {what_to_do}") from error


def read_json(path: Path, what_to_do: str) -> Any:
    """The JSON value in ``path``, or a DataError that ends with ``what_to_do``."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DataError(f"{path} could not be read as JSON ({error}). {what_to_do}") from error


def check_labels(path: Any, name: str, labels: np.ndarray, count: int, allowed: Iterable[int]) -> np.ndarray:
    """``labels`` as an array of ``count`` labels, each one of ``allowed``, or a DataError naming the file."""
    labels = np.asarray(labels)
    if labels.ndim != 1 or len(labels) != count:
        raise DataError(
            f"{path}: {name} has shape {labels.shape}, but it should be one label per "
            f"example, shape ({count},). The file is not in Keras's layout."
        )
    allowed = np.asarray(list(allowed))
    if labels.size and not np.isin(labels, allowed).all():
        bad = np.unique(labels[~np.isin(labels, allowed)])[:5]
        raise DataError(f"{path}: {name} holds labels {bad.tolist()}; expected only {allowed.tolist()}.")
    return labels


def file_digest(path: Path, algorithm: str) -> str:
    """The hex digest of a file's bytes with ``algorithm`` (for example 'sha256' or 'md5')."""
    digest = hashlib.new(algorithm)
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
