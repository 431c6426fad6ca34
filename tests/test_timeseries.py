"""utils.timeseries: the Seattle weather file, the Jena chain, and MAE comparisons with block noise."""

import hashlib
import math

import numpy as np
import pytest

from utils import sources, timeseries
from utils.safe_files import DataError

SEATTLE_SHA256 = "62f0609f787158128aa2bd102967173a4953122dd4f872bf1d502cae1037df0b"  # data/README.md names it
HEADER = "date,precipitation,temp_max,temp_min,wind,weather\n"


@pytest.fixture(autouse=True)
def no_data_folder(monkeypatch, tmp_path):
    """No data folder setting, an empty course data folder for Jena, and a fresh record of sources."""
    monkeypatch.setattr(sources, "_sources", {})
    monkeypatch.delenv(sources.DATA_DIR_ENV, raising=False)


def write(tmp_path, body, name="weather.csv"):
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_the_committed_file_is_the_one_data_readme_describes():
    assert hashlib.sha256(timeseries.SEATTLE_WEATHER_FILE.read_bytes()).hexdigest() == SEATTLE_SHA256


def test_seattle_weather_loads_four_years_of_consecutive_days():
    weather = timeseries.load_seattle_weather()
    days = weather["date"]
    assert days.dtype == np.dtype("datetime64[D]") and len(days) == 1461
    assert days[0] == np.datetime64("2012-01-01") and days[-1] == np.datetime64("2015-12-31")
    assert np.all(np.diff(days) == np.timedelta64(1, "D"))
    for name in timeseries.SEATTLE_COLUMNS:
        assert weather[name].dtype == np.float32 and weather[name].shape == days.shape
    assert np.all(weather["temp_max"] >= weather["temp_min"])  # a day's high is not below its low
    assert weather["temp_max"][0] == pytest.approx(12.8)  # the first line: 2012/01/01,0.0,12.8,5.0,4.7,drizzle
    assert sources.data_sources()["seattle weather"].startswith("the course's file")


def test_seattle_weather_reads_a_named_file_and_says_so(tmp_path):
    path = write(tmp_path, "2012/01/01,0.0,12.8,5.0,4.7,drizzle\n2012/01/02,10.9,10.6,2.8,4.5,rain\n")
    weather = timeseries.load_seattle_weather(path)
    np.testing.assert_allclose(weather["precipitation"], [0.0, 10.9])
    assert str(path) in sources.data_sources()["seattle weather"]


@pytest.mark.parametrize("body, words", [
    ("2012/01/01,0.0,12.8,5.0,4.7,drizzle\n2012/01/03,1.0,10.6,2.8,4.5,rain\n", "not consecutive"),
    ("2012/01/01,0.0,12.8,5.0,4.7,drizzle\n2012/01/02,x,10.6,2.8,4.5,rain\n", "line 3"),
    ("2012/01/01,0.0,12.8,5.0,4.7,drizzle\n2012/01/02,nan,10.6,2.8,4.5,rain\n", "not finite"),
    ("2012/01/01,0.0,12.8,5.0,4.7,drizzle\n2012/13/02,0.0,10.6,2.8,4.5,rain\n", "YYYY/MM/DD"),
    ("2012/01/01,0.0,12.8,5.0,4.7,drizzle\n", "fewer than two days"),
])
def test_seattle_weather_refuses_a_damaged_file_in_one_sentence(tmp_path, body, words):
    with pytest.raises(DataError, match=words) as caught:
        timeseries.load_seattle_weather(write(tmp_path, body))
    assert "git checkout data/seattle-weather.csv" in str(caught.value)


def test_seattle_weather_names_a_missing_column_or_file(tmp_path):
    path = tmp_path / "weather.csv"
    path.write_text("date,temp_max\n2012/01/01,12.8\n", encoding="utf-8")
    with pytest.raises(DataError, match="no column temp_min, precipitation, wind"):
        timeseries.load_seattle_weather(path)
    with pytest.raises(DataError, match="is missing"):
        timeseries.load_seattle_weather(tmp_path / "nowhere.csv")


JENA_HEADER = '"Date Time","p (mbar)","T (degC)","Tpot (K)"\n'


def test_jena_is_read_from_the_named_data_folder(monkeypatch, tmp_path):
    (tmp_path / timeseries.JENA_FILE).write_text(
        JENA_HEADER + "01.01.2009 00:10:00,996.52,-8.02,265.40\n01.01.2009 00:20:00,996.57,-8.41,265.01\n", encoding="utf-8")
    monkeypatch.setenv(sources.DATA_DIR_ENV, str(tmp_path))
    climate = timeseries.load_jena_climate()
    np.testing.assert_allclose(climate["T (degC)"], [-8.02, -8.41], rtol=1e-6)
    assert list(climate["time"]) == ["01.01.2009 00:10:00", "01.01.2009 00:20:00"]
    assert sources.data_sources()["jena climate"].startswith(sources.SOURCE_LOCAL)


def test_jena_missing_from_the_named_folder_is_an_error_not_a_download(monkeypatch, tmp_path):
    monkeypatch.setenv(sources.DATA_DIR_ENV, str(tmp_path))
    with pytest.raises(DataError, match="jena_climate_2009_2016.csv"):
        timeseries.load_jena_climate()


def test_jena_download_failure_says_what_to_do(monkeypatch, tmp_path):
    import keras

    monkeypatch.setattr(sources, "COURSE_DATA_DIR", tmp_path / "empty")

    def no_network(*args, **kwargs):
        raise OSError("no network in the unit tests")

    monkeypatch.setattr(keras.utils, "get_file", no_network)
    with pytest.raises(DataError, match="optional") as raised:
        timeseries.load_jena_climate()
    assert "OSError: no network in the unit tests" in str(raised.value)  # the download's own message, too


def test_jena_with_a_wrong_header_or_value_is_refused(monkeypatch, tmp_path):
    monkeypatch.setenv(sources.DATA_DIR_ENV, str(tmp_path))
    path = tmp_path / timeseries.JENA_FILE
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(DataError, match="header"):
        timeseries.load_jena_climate()
    path.write_text(JENA_HEADER + "01.01.2009 00:10:00,996.52,oops,265.40\n", encoding="utf-8")
    with pytest.raises(DataError, match="line 2"):
        timeseries.load_jena_climate()


def test_block_standard_error_is_that_of_the_block_means():
    values = np.arange(15, dtype=float)  # blocks of 7: means 3 and 10; the 15th value is left out
    assert timeseries.block_standard_error(values, block=7) == pytest.approx(np.std([3.0, 10.0], ddof=1) / math.sqrt(2))
    independent = np.random.default_rng(0).normal(size=7000)
    assert timeseries.block_standard_error(independent, block=1) == pytest.approx(independent.std(ddof=1) / math.sqrt(7000))


def test_block_standard_error_grows_with_correlated_errors():
    rng = np.random.default_rng(1)
    correlated = np.repeat(rng.normal(size=100), 7)  # a week at a time: 7 copies of each value
    assert timeseries.block_standard_error(correlated, block=7) > 2 * timeseries.block_standard_error(correlated, block=1)


@pytest.mark.parametrize("values, block, words", [
    (np.ones(10), 0, "whole number"), (np.ones(10), 7, "fewer than two blocks"),
    (np.ones((3, 3)), 1, "1-D"), ([1.0, float("nan"), 2.0], 1, "finite"),
])
def test_block_standard_error_refuses_bad_input(values, block, words):
    with pytest.raises(ValueError, match=words):
        timeseries.block_standard_error(values, block=block)


def test_compare_maes_ranks_only_beyond_the_noise():
    rng = np.random.default_rng(2)
    truth_noise = rng.normal(size=364)
    good, bad = 0.5 * truth_noise, 2.0 * truth_noise
    sentence = timeseries.compare_maes("GRU", good, "persistence", bad, trained=1)
    assert sentence.startswith("MAE GRU ") and "GRU more accurate by more than the noise" in sentence
    assert "test-set noise only" in sentence  # no seed spread given
    same = timeseries.compare_maes("LSTM", rng.normal(size=364), "GRU", rng.normal(size=364))  # alike, independent
    assert "within the noise" in same
    with_seeds = timeseries.compare_maes("GRU", good, "LSTM", good * 1.01, seed_sd=0.5, trained=2)
    assert "within the noise" in with_seeds and "seed noise" in with_seeds


def test_compare_maes_takes_one_seed_spread_per_model():
    rng = np.random.default_rng(3)
    a, b = rng.normal(size=364), rng.normal(size=364)
    def margin(sentence):
        return float(sentence.split("+/- ")[1].split(" ")[0])
    both = timeseries.compare_maes("Conv1D", a, "GRU", b, seed_sd=(0.16, 0.06))
    same = timeseries.compare_maes("Conv1D", a, "GRU", b, seed_sd=(0.16 ** 2 + 0.06 ** 2) ** 0.5 / 2 ** 0.5, trained=2)
    assert margin(both) == pytest.approx(margin(same), abs=1e-4) and "seed noise" in both
    baseline = timeseries.compare_maes("GRU", a, "linear", b, seed_sd=(0.06, 0.0))
    assert margin(baseline) == pytest.approx(margin(timeseries.compare_maes("GRU", a, "linear", b, seed_sd=0.06,
                                                                             trained=1)), abs=1e-4)
    none = timeseries.compare_maes("linear", a, "persistence", b, seed_sd=(0.0, 0.0))
    assert "test-set noise only" in none


@pytest.mark.parametrize("kwargs, words", [
    (dict(errors_b=np.ones(5)), "same steps"), (dict(seed_sd=-1.0), "standard deviation"), (dict(trained=3), "how many"),
    (dict(seed_sd=(0.1, 0.1, 0.1)), "pair"), (dict(seed_sd=(0.1, -0.1)), "standard deviation"),
])
def test_compare_maes_refuses_bad_input(kwargs, words):
    arguments = dict(name_a="a", errors_a=np.ones(14), name_b="b", errors_b=np.ones(14)) | kwargs
    with pytest.raises(ValueError, match=words):
        timeseries.compare_maes(**arguments)
