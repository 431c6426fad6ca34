"""Time series plumbing for notebook 10: the Seattle weather file, the Jena climate chain, honest MAE comparisons.

The ideas (windows, splits by time, scaling, baselines, models, intervals) live
in the notebook; this module only reads the data and says whether a difference
between two mean absolute errors is larger than its noise.

* ``load_seattle_weather()`` reads the small public-domain file the course ships,
  ``data/seattle-weather.csv`` (daily weather measured in Seattle, 2012-2015).
* ``load_jena_climate()`` finds the Jena climate record (used in an exercise
  only, never required) through the course's data chain: a local folder
  (``RNN_COURSE_DATA_DIR``, else ``data/``), then Keras's download.
* ``block_standard_error()`` and ``compare_maes()``: errors on consecutive days
  are correlated, so their noise is measured on blocks of days, not day by day.
"""

from __future__ import annotations

import csv
import math
from numbers import Integral, Real
from pathlib import Path
from typing import Sequence

import numpy as np

from . import sources
from .safe_files import DataError
from .stats import verdict_sentence

SEATTLE_WEATHER_FILE = sources.COURSE_DATA_DIR / "seattle-weather.csv"
SEATTLE_COLUMNS = ("temp_max", "temp_min", "precipitation", "wind")
SEATTLE_UNITS = {"temp_max": "°C", "temp_min": "°C", "precipitation": "mm", "wind": "m/s"}

SOURCE_GIVEN = "a file you named"

JENA_FILE = "jena_climate_2009_2016.csv"
JENA_ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/jena_climate_2009_2016.csv.zip"

_RESTORE = "restore the course's copy with `git checkout data/seattle-weather.csv` (data/README.md says where it comes from)"


def load_seattle_weather(path: str | Path | None = None) -> dict[str, np.ndarray]:
    """Daily weather measured in Seattle from 2012-01-01 to 2015-12-31, one row per day.

    Returns a dict of NumPy arrays of equal length: ``date`` (``datetime64[D]``,
    consecutive days), ``temp_max`` and ``temp_min`` (°C), ``precipitation`` (mm)
    and ``wind`` (m/s), as float32. The file is read as text (no code in it
    runs); a file that is not what the course expects gets one sentence that
    says which line is wrong and what to do.
    """
    path = Path(path) if path is not None else SEATTLE_WEATHER_FILE
    if not path.is_file():
        raise DataError(f"{path} is missing: {_RESTORE}.")
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        wanted = ("date", *SEATTLE_COLUMNS)
        missing = [name for name in wanted if name not in (reader.fieldnames or [])]
        if missing:
            raise DataError(f"{path} has no column {', '.join(missing)} in its first line: {_RESTORE}.")
        dates: list[str] = []
        values: list[list[float]] = []
        for line, row in enumerate(reader, start=2):
            dates.append((row["date"] or "").replace("/", "-"))
            try:
                numbers = [float(row[name]) for name in SEATTLE_COLUMNS]
            except (TypeError, ValueError):
                raise DataError(f"{path}, line {line}: a value in {', '.join(SEATTLE_COLUMNS)} is not a number: "
                                f"{_RESTORE}.") from None
            if not all(math.isfinite(number) for number in numbers):
                raise DataError(f"{path}, line {line}: a value is not finite: {_RESTORE}.")
            values.append(numbers)
    if len(dates) < 2:
        raise DataError(f"{path} holds fewer than two days: {_RESTORE}.")
    try:
        days = np.array(dates, dtype="datetime64[D]")
    except ValueError:
        raise DataError(f"{path}: a date is not written YYYY/MM/DD: {_RESTORE}.") from None
    gaps = np.flatnonzero(np.diff(days) != np.timedelta64(1, "D"))
    if gaps.size:
        raise DataError(f"{path}, line {gaps[0] + 3}: the days are not consecutive ({days[gaps[0]]} is followed by "
                        f"{days[gaps[0] + 1]}): {_RESTORE}.")
    table = np.asarray(values, dtype="float32")
    weather: dict[str, np.ndarray] = {"date": days}
    weather.update({name: table[:, column] for column, name in enumerate(SEATTLE_COLUMNS)})
    sources.note_source("seattle weather", f"the course's file data/{path.name}" if path == SEATTLE_WEATHER_FILE
                        else f"{SOURCE_GIVEN} ({path})", f"{len(days):,} days, {days[0]} to {days[-1]}")
    return weather



def _read_jena(path: Path) -> dict[str, np.ndarray]:
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if not header or header[0] != "Date Time" or "T (degC)" not in header:
            raise DataError(f"{path} does not start with the Jena climate header ('Date Time', ..., 'T (degC)', ...): "
                            "replace it with the file from Keras's download (see data/README.md).")
        times: list[str] = []
        rows: list[list[float]] = []
        for line, row in enumerate(reader, start=2):
            try:
                rows.append([float(value) for value in row[1:]])
            except ValueError:
                raise DataError(f"{path}, line {line}: a value is not a number: replace the file with the one "
                                "from Keras's download (see data/README.md).") from None
            times.append(row[0])
    table = np.asarray(rows, dtype="float32")
    if table.ndim != 2 or table.shape[1] != len(header) - 1:
        raise DataError(f"{path}: the rows do not all have {len(header)} columns: replace the file with the one "
                        "from Keras's download (see data/README.md).")
    climate: dict[str, np.ndarray] = {"time": np.asarray(times)}
    climate.update({name: table[:, column] for column, name in enumerate(header[1:])})
    return climate


def load_jena_climate() -> dict[str, np.ndarray]:
    """The Jena climate record (2009-2016, every 10 minutes), for the exercise that tries it; never required.

    Looks in the course's data chain: the folder named by ``RNN_COURSE_DATA_DIR``
    (else the course's ``data/``) for ``jena_climate_2009_2016.csv``, then
    Keras's download (about 13 MB). Returns ``time`` (strings, as in the file)
    and one float32 array per column, named as in the file's header, such as
    ``"T (degC)"``. Raises ``DataError`` with what to do when neither works.
    """
    folder = sources._local_folder("Jena climate", [JENA_FILE])
    if folder is not None:
        climate = _read_jena(folder / JENA_FILE)
        source = f"{sources.SOURCE_LOCAL} ({folder})"
    else:
        import keras

        try:
            archive = Path(keras.utils.get_file(fname=JENA_FILE + ".zip", origin=JENA_ORIGIN, extract=True))
        except Exception as error:  # no network, blocked host, interrupted download
            raise DataError(
                f"The Jena climate record is not in a local folder and Keras's download failed "
                f"({type(error).__name__}: {error}). Copy {JENA_FILE} into the folder RNN_COURSE_DATA_DIR names "
                "(or into data/), or connect to the internet; the exercise is optional."
            ) from None
        found = sorted(path for place in {archive, archive.parent} if place.is_dir()
                       for path in place.rglob(JENA_FILE))
        if not found:
            raise DataError(f"Keras's download did not leave {JENA_FILE} beside {archive}: copy the file into "
                            "the folder RNN_COURSE_DATA_DIR names (or into data/).")
        climate = _read_jena(found[0])
        source = sources.SOURCE_KERAS
    sources.note_source("jena climate", source, f"{len(climate['time']):,} rows, {climate['time'][0]} to "
                                                 f"{climate['time'][-1]}")
    return climate


def _check_block(block: int) -> int:
    if isinstance(block, bool) or not isinstance(block, Integral) or block < 1:
        raise ValueError(f"block={block!r}: pass the number of consecutive steps per block, a whole number such as 7.")
    return int(block)


def block_standard_error(values: Sequence[float] | np.ndarray, block: int = 7) -> float:
    """Standard error of the mean of ``values`` (one per time step), measured on blocks of ``block`` steps.

    Errors on neighbouring days are correlated, so the usual ``sd / sqrt(n)``
    would be too small. The series is cut into consecutive blocks (a last,
    incomplete block is left out), and the standard error is that of the block
    means: ``sd(block means) / sqrt(number of blocks)``.
    """
    block = _check_block(block)
    array = np.asarray(values, dtype="float64")
    if array.ndim != 1 or not np.all(np.isfinite(array)):
        raise ValueError("values: pass one finite number per time step, as a 1-D array.")
    blocks = len(array) // block
    if blocks < 2:
        raise ValueError(f"{len(array)} values make fewer than two blocks of {block}: pass more values or a smaller block.")
    means = array[: blocks * block].reshape(blocks, block).mean(axis=1)
    return float(means.std(ddof=1) / math.sqrt(blocks))


def compare_maes(
    name_a: str, errors_a: Sequence[float] | np.ndarray, name_b: str, errors_b: Sequence[float] | np.ndarray,
    *, block: int = 7, seed_sd: float | tuple[float, float] = 0.0, trained: int = 2, unit: str = "°C",
    split: str = "test",
) -> str:
    """One sentence: is ``name_a``'s mean absolute error smaller than ``name_b``'s by more than the noise?

    ``errors_a`` and ``errors_b`` are the two models' errors (prediction minus
    truth) on the same steps, in order. The noise of the test days is that of
    the paired difference ``|error_a| - |error_b|``, measured on blocks of
    ``block`` steps (``block_standard_error``). ``seed_sd``, the spread of one
    model's MAE over seeds, is added once for each of the ``trained`` models
    (0, 1 or 2; a baseline has no seed). When the two models spread differently,
    pass a pair ``(sd_a, sd_b)`` instead, 0 for a baseline; ``trained`` is then
    not used.
    """
    a = np.abs(np.asarray(errors_a, dtype="float64"))
    b = np.abs(np.asarray(errors_b, dtype="float64"))
    if a.shape != b.shape or a.ndim != 1:
        raise ValueError(f"errors_a and errors_b must be 1-D and scored on the same steps; got shapes {a.shape} and {b.shape}.")
    pair = isinstance(seed_sd, (tuple, list))
    spreads = list(seed_sd) if pair else [seed_sd]
    if (pair and len(spreads) != 2) or any(
            isinstance(sd, bool) or not isinstance(sd, Real) or not 0.0 <= float(sd) < math.inf for sd in spreads):
        raise ValueError(f"seed_sd={seed_sd!r}: pass the standard deviation of an MAE over seeds, such as 0.02, or 0, "
                         "or a pair (sd of model a, sd of model b).")
    if not pair and trained not in (0, 1, 2):
        raise ValueError(f"trained={trained!r}: say how many of the two models were trained (0, 1 or 2).")
    seed_variance = sum(float(sd) ** 2 for sd in spreads) if pair else trained * float(seed_sd) ** 2
    difference = float(a.mean() - b.mean())
    margin = 2.0 * math.sqrt(block_standard_error(a - b, block) ** 2 + seed_variance)
    return verdict_sentence(
        f"MAE {name_a} {a.mean():.3f} vs {name_b} {b.mean():.3f} {unit}: difference", difference, margin,
        f"{name_b} more accurate by more than the noise", f"{name_a} more accurate by more than the noise",
        seed_sd=math.sqrt(seed_variance), split=split,
    )
