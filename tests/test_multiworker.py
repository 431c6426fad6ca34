"""Worker processes for notebook 12: ports, TF_CONFIG, the workers' private network, and above all that no
process outlives its run.

Most tests replace the worker's command by a tiny Python program (sleep, fail, listen on a port, start a
child), so that they take seconds; one starts the real workers and interrupts them while they import
TensorFlow. Where this machine allows a private network namespace, the fake workers run in it too, as
the real ones do.
"""

import json
import os
import socket
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from utils import multiworker

pytestmark = pytest.mark.skipif(os.name != "posix", reason="process groups and /proc are POSIX/Linux features")


def alive(pid: int) -> bool:
    """True while the process exists and is not a zombie waiting to be reaped."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(")")[-1].split()[0] == "Z")


def group_alive(pgid: int) -> bool:
    """True while any process of the process group exists (zombies aside)."""
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return any(alive(int(entry.name)) for entry in Path("/proc").iterdir() if entry.name.isdigit()
               and _pgid(int(entry.name)) == pgid)


def _pgid(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[2])
    except (OSError, ValueError, IndexError):
        return None


def wait_until_gone(pids, seconds=10.0):
    deadline = time.time() + seconds
    while time.time() < deadline and any(alive(pid) for pid in pids):
        time.sleep(0.05)
    return [pid for pid in pids if alive(pid)]


@pytest.fixture
def folder(tmp_path):
    np.savez(tmp_path / "data.npz", x=np.zeros((4, 3), "int32"), y=np.zeros(4, "float32"))
    (tmp_path / "model.keras").write_bytes(b"not read by the fake workers")
    return tmp_path


@pytest.fixture
def fake_worker(monkeypatch, tmp_path):
    """Replace the worker's command by `program` (Python source; it can read TF_CONFIG and PIDS_DIR)."""
    pids_dir = tmp_path / "pids"
    pids_dir.mkdir()
    monkeypatch.setenv("PIDS_DIR", str(pids_dir))

    def use(program: str):
        monkeypatch.setattr(multiworker, "_worker_command", lambda folder, run: [sys.executable, "-c", program])
        return pids_dir

    return use


@pytest.fixture
def holders(monkeypatch):
    """The process ids of the namespace holders that run_workers starts (none where isolation is not available)."""
    started: list[int] = []
    real_start = multiworker._start_holder

    def remember(*args, **kwargs):
        process = real_start(*args, **kwargs)
        started.append(process.pid)
        return process

    monkeypatch.setattr(multiworker, "_start_holder", remember)
    return started


ISOLATION = multiworker.network_isolation()  # probed once for the whole file, as in a notebook
needs_isolation = pytest.mark.skipif(not ISOLATION.available, reason=f"no private network namespace here: {ISOLATION.how}")

JOB = dict(epochs=1, global_batch_size=2, learning_rate=0.1)
INDEX = "import json, os; index = json.loads(os.environ['TF_CONFIG'])['task']['index']\n"
RECORD_PID = "from pathlib import Path; Path(os.environ['PIDS_DIR'], f'{os.getpid()}').write_text('')\n"


def recorded_pids(pids_dir: Path) -> list[int]:
    return [int(path.name) for path in pids_dir.iterdir()]


def test_free_ports_are_distinct_and_bindable():
    import socket

    ports = multiworker.free_ports(3)
    assert len(set(ports)) == 3 and all(0 < port < 65536 for port in ports)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", ports[0]))  # free again once free_ports has closed its sockets


@pytest.mark.parametrize("count", [0, -1, 1.5, True, "2"])
def test_free_ports_refuses_bad_counts(count):
    with pytest.raises(ValueError, match="whole number of ports"):
        multiworker.free_ports(count)


def test_tf_config_lists_the_cluster_on_localhost_and_the_task():
    config = multiworker.tf_config([1234, 5678], 1)
    assert config == {"cluster": {"worker": ["127.0.0.1:1234", "127.0.0.1:5678"]}, "task": {"type": "worker", "index": 1}}
    with pytest.raises(ValueError, match="index runs from 0 to 1"):
        multiworker.tf_config([1234, 5678], 2)
    with pytest.raises(ValueError, match="one different port per worker"):
        multiworker.tf_config([1234, 1234], 0)


def test_run_workers_refuses_a_bad_job_or_a_missing_folder(folder, tmp_path):
    with pytest.raises(ValueError, match="unknown keys \\['epoch'\\]"):
        multiworker.run_workers(folder, "run", {**JOB, "epoch": 1})
    with pytest.raises(FileNotFoundError, match="model.keras is missing"):
        multiworker.run_workers(tmp_path / "nowhere", "run", JOB)
    with pytest.raises(ValueError, match="at least one worker"):
        multiworker.run_workers(folder, "run", JOB, workers=0)


def test_workers_that_finish_are_reported(folder, fake_worker, holders):
    fake_worker(INDEX + "print('hello from', index)")
    reports = multiworker.run_workers(folder, "ok", JOB, time_limit=60)
    assert [r.returncode for r in reports] == [0, 0] and not any(r.stopped for r in reports)
    assert "hello from 1" in reports[1].log
    assert json.loads((folder / "ok" / "job.json").read_text())["epochs"] == 1
    assert all(r.isolated == ISOLATION.available for r in reports) and len(holders) == int(ISOLATION.available)
    assert not wait_until_gone(holders), "the network's holder outlived a run that succeeded"
    assert multiworker.running_workers() == []


def test_when_one_worker_fails_the_other_is_stopped_at_once(folder, fake_worker, holders):
    """Even a worker that ignores SIGTERM (as one blocked in a collective may): its partner's death means SIGKILL at once."""
    pids_dir = fake_worker(INDEX + RECORD_PID + "import signal, sys, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
                           "if index == 1: time.sleep(0.5); sys.exit(5)\ntime.sleep(120)")
    start = time.time()
    with pytest.raises(RuntimeError, match="worker 0 of run 'fail' was stopped"):
        multiworker.run_workers(folder, "fail", JOB, time_limit=60)
    assert time.time() - start < 15, "the surviving worker should be stopped right after its partner fails"
    assert not wait_until_gone(recorded_pids(pids_dir)), "a worker process outlived the run"
    assert not wait_until_gone(holders), "the network's holder outlived a run that failed"
    assert multiworker.running_workers() == []


def test_the_failure_is_reported_without_raising_when_asked(folder, fake_worker):
    fake_worker(INDEX + "import sys, time\nif index == 1: sys.exit(5)\ntime.sleep(120)")
    reports = multiworker.run_workers(folder, "report", JOB, time_limit=60, check=False)
    assert reports[1].returncode == 5 and not reports[1].stopped
    assert reports[0].stopped and reports[0].returncode != 0


def test_workers_past_the_time_limit_are_stopped_with_their_children(folder, fake_worker, monkeypatch):
    monkeypatch.setattr(multiworker, "BACKSTOP_SECONDS", 0.5)
    child_program = "import time;" + INDEX.replace("\n", ";") + RECORD_PID.replace("\n", ";") + "time.sleep(120)"
    child = f"import subprocess, sys; subprocess.Popen([sys.executable, '-c', {child_program!r}])\n"
    pids_dir = fake_worker(INDEX + RECORD_PID + "import time\n" + child + "time.sleep(120)")
    start = time.time()
    reports = multiworker.run_workers(folder, "slow", JOB, time_limit=2, check=False)
    assert time.time() - start < 20
    assert all(report.stopped for report in reports)
    pids = recorded_pids(pids_dir)
    assert len(pids) == 4, "two workers and one child each"
    assert not wait_until_gone(pids), "a worker or a child it started outlived the time limit"


def test_an_interrupted_cell_leaves_no_real_worker_behind(folder, monkeypatch, holders):
    """The real workers (python utils/multiworker.py), interrupted while they import TensorFlow."""
    started: list[int] = []
    real_popen = multiworker.subprocess.Popen

    def remember(command, *args, **kwargs):
        process = real_popen(command, *args, **kwargs)
        if str(Path(multiworker.__file__).resolve()) in command:  # a worker (not the network's holder)
            started.append(process.pid)
        return process

    def interrupt(seconds):
        raise KeyboardInterrupt  # what Jupyter's "interrupt the kernel" raises in the waiting loop

    monkeypatch.setattr(multiworker.subprocess, "Popen", remember)
    monkeypatch.setattr(multiworker, "_pause", interrupt)
    with pytest.raises(KeyboardInterrupt):
        multiworker.run_workers(folder, "interrupted", JOB, time_limit=60)
    assert len(started) == 2
    monkeypatch.undo()
    assert not wait_until_gone(started), "run_workers must stop its workers when the cell is interrupted"
    assert not any(group_alive(pid) for pid in started), "nothing may remain in the workers' process groups"
    assert not wait_until_gone(holders), "the network's holder outlived an interrupted cell"
    assert multiworker.running_workers() == []


def test_the_last_resort_at_exit_stops_workers_still_registered(folder, fake_worker):
    import subprocess

    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"], start_new_session=True)
    multiworker._RUNNING[process.pid] = process
    multiworker._stop_all_workers()
    assert not wait_until_gone([process.pid]) and multiworker.running_workers() == []


def test_a_worker_stops_itself_after_its_time_limit(tmp_path):
    """The worker's own timer: it ends even if nobody is left to stop it (here, before it imports TensorFlow)."""
    import subprocess

    run_dir = tmp_path / "alone"
    run_dir.mkdir()
    (run_dir / "job.json").write_text(json.dumps({**JOB, "time_limit": 1}))
    code = ("import sys, time; sys.argv = ['w', sys.argv[1], 'alone']; import utils.multiworker as m; "
            "m._stop_after(1); time.sleep(60)")
    start = time.time()
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path)], cwd=multiworker.COURSE_ROOT, timeout=30,
                            capture_output=True, text=True)
    assert result.returncode == multiworker.TIME_LIMIT_EXIT_CODE and time.time() - start < 20
    assert "stops itself" in result.stdout


def test_train_loop_on_one_device_matches_fit_and_resumes_from_its_checkpoint(tmp_path):
    """The workers' loop computes what model.fit computes, and a restart carries on from the last checkpoint."""
    import keras
    import tensorflow as tf

    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x, y = rng.integers(1, 50, size=(16, 6)).astype("int32"), rng.integers(0, 2, size=16).astype("float32")
    np.savez(tmp_path / "data.npz", x=x, y=y)
    keras.Sequential([keras.Input((None,), dtype="int32"), keras.layers.Embedding(50, 4), keras.layers.GRU(3),
                      keras.layers.Dense(1, activation="sigmoid")]).save(tmp_path / "model.keras")
    strategy = tf.distribute.OneDeviceStrategy("/cpu:0")
    job = dict(global_batch_size=4, learning_rate=0.5)

    model = keras.models.load_model(tmp_path / "model.keras", compile=False)
    model.compile(optimizer=keras.optimizers.SGD(0.5), loss="binary_crossentropy")
    model.fit(tf.data.Dataset.from_tensor_slices((x, y)).batch(4), epochs=2, verbose=0)
    looped = multiworker.train_loop(strategy, tmp_path, epochs=2, **job)
    assert max(np.abs(a - b).max() for a, b in zip(model.get_weights(), looped)) < 1e-6

    checkpoints = tmp_path / "checkpoints"
    multiworker.train_loop(strategy, tmp_path, epochs=1, checkpoint_dir=checkpoints, save_every=2, **job)
    assert tf.train.latest_checkpoint(str(checkpoints)).endswith("ckpt-4")
    resumed = multiworker.train_loop(strategy, tmp_path, epochs=2, checkpoint_dir=checkpoints, save_every=2, **job)
    assert max(np.abs(a - b).max() for a, b in zip(looped, resumed)) < 1e-6


# ---- The workers' private network (network_isolation, the holder, nsenter) ----


def test_network_isolation_is_probed_once_and_says_what_it_found(monkeypatch):
    assert multiworker.network_isolation() is ISOLATION, "the answer is cached: one probe per Python process"
    assert ISOLATION.how.startswith("isolated:" if ISOLATION.available else "NOT isolated:")
    if ISOLATION.available:
        assert ISOLATION.unshare and "--net" in ISOLATION.unshare and "--net" in ISOLATION.nsenter
    assert multiworker.running_workers() == [], "the probe's holder is stopped"


def test_a_system_that_forbids_namespaces_gets_the_reason(monkeypatch):
    if not sys.platform.startswith("linux"):
        assert not multiworker._probe_isolation().available
        return
    monkeypatch.setattr(multiworker, "_variants", lambda: [(("--no-such-option",), ("--net",))])
    found = multiworker._probe_isolation()
    assert not found.available and found.how.startswith("NOT isolated:") and "--no-such-option" in found.how
    assert multiworker.running_workers() == []


def test_without_isolation_the_workers_run_after_one_loud_warning(folder, fake_worker, monkeypatch, capsys, holders):
    monkeypatch.setattr(multiworker, "_ISOLATION", multiworker.NetworkIsolation(False, "NOT isolated: a test"))
    fake_worker(INDEX + "print('hello from', index)")
    reports = multiworker.run_workers(folder, "exposed", JOB, time_limit=60)
    warning = capsys.readouterr().err
    assert warning.count("WARNING") == 1 and "EVERY network interface" in warning and "60 s" in warning
    assert "unshare -rn true" in warning and "firewall" in warning
    assert [r.returncode for r in reports] == [0, 0] and not any(r.isolated for r in reports) and holders == []


def _listening_ports() -> set[int]:
    """The TCP ports in the LISTEN state in this process's network namespace (/proc/net/tcp and tcp6)."""
    ports = set()
    for name in ("tcp", "tcp6"):
        path = Path("/proc/net") / name
        for line in path.read_text().splitlines()[1:] if path.exists() else []:
            fields = line.split()
            if fields[3] == "0A":  # TCP_LISTEN
                ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


# Worker 0 listens on its port on every interface, as TensorFlow's gRPC server does ("0.0.0.0:port"); worker 1
# connects to it on 127.0.0.1, as the real workers do. Worker 0 stays until the test has looked from outside.
LISTENER = INDEX + RECORD_PID + """import socket, time
from pathlib import Path
port = int(json.loads(os.environ['TF_CONFIG'])['cluster']['worker'][0].rsplit(':', 1)[1])
flags = Path(os.environ['PIDS_DIR']).parent
def wait_for(name):
    deadline = time.time() + 30
    while not (flags / name).exists():
        assert time.time() < deadline, f'no {name}'
        time.sleep(0.02)
if index == 0:
    server = socket.create_server(('0.0.0.0', port))
    (flags / 'listening').write_text(os.readlink('/proc/self/ns/net'))
    connection, _ = server.accept()
    connection.sendall(b'hello from worker 0')
    wait_for('looked')
else:
    wait_for('listening')
    with socket.create_connection(('127.0.0.1', port), timeout=10) as connection:
        (flags / 'reached').write_text(connection.recv(100).decode() + ' in ' + os.readlink('/proc/self/ns/net'))
"""


def run_and_look_from_outside(folder, tmp_path, monkeypatch, run: str, connect: bool):
    """Run LISTENER's two workers; meanwhile, from this process (the notebook's side), list the listening
    ports and, if `connect`, try worker 0's port. Returns the reports and what was seen."""
    seen: dict[str, object] = {}
    real_free_ports = multiworker.free_ports

    def remember_ports(count):
        ports = real_free_ports(count)
        seen["port"] = ports[0]  # worker 0's
        return ports

    def look_from_outside():
        deadline = time.time() + 30
        while not (tmp_path / "listening").exists() and time.time() < deadline:
            time.sleep(0.02)
        seen["listening here"] = _listening_ports() if Path("/proc/net/tcp").exists() else {seen["port"]}
        if connect:
            try:
                with socket.create_connection(("127.0.0.1", seen["port"]), timeout=5):
                    seen["connect"] = "connected"
            except OSError as error:
                seen["connect"] = type(error).__name__
        (tmp_path / "looked").write_text("")

    monkeypatch.setattr(multiworker, "free_ports", remember_ports)
    outside = threading.Thread(target=look_from_outside, daemon=True)
    outside.start()
    try:
        reports = multiworker.run_workers(folder, run, JOB, time_limit=60)
    finally:
        (tmp_path / "looked").write_text("")
        outside.join(10)
    return reports, seen


@needs_isolation
def test_isolated_workers_reach_each_other_but_nothing_outside_reaches_them(folder, fake_worker, tmp_path, holders,
                                                                           monkeypatch):
    pids_dir = fake_worker(LISTENER)
    reports, seen = run_and_look_from_outside(folder, tmp_path, monkeypatch, "isolated", connect=True)
    assert [r.returncode for r in reports] == [0, 0] and all(r.isolated for r in reports)
    assert seen["port"] not in seen["listening here"], "the worker's port must not be listening in the host's namespace"
    assert seen["connect"] == "ConnectionRefusedError", f"the host reached the worker's port: {seen['connect']}"
    inside = (tmp_path / "listening").read_text()
    assert (tmp_path / "reached").read_text() == f"hello from worker 0 in {inside}", "worker 1 reaches worker 0, in the same namespace"
    assert inside != os.readlink("/proc/self/ns/net"), "the workers ran in a namespace of their own"
    assert len(holders) == 1 and not wait_until_gone(holders + recorded_pids(pids_dir))
    assert multiworker.running_workers() == []


def test_the_same_listener_without_isolation_is_seen_from_outside(folder, fake_worker, tmp_path, monkeypatch):
    """The control of the test above: without the namespace, the host does see the port listening."""
    monkeypatch.setattr(multiworker, "_ISOLATION", multiworker.NetworkIsolation(False, "NOT isolated: a test"))
    fake_worker(LISTENER)
    reports, seen = run_and_look_from_outside(folder, tmp_path, monkeypatch, "exposed", connect=False)
    assert [r.returncode for r in reports] == [0, 0]
    assert seen["port"] in seen["listening here"]


@needs_isolation
def test_the_holder_ends_by_itself_after_its_time():
    """If nobody stops it (the notebook's process was killed), the namespace's holder still ends after its time."""
    holder = multiworker._start_holder(ISOLATION.unshare, 1)
    try:
        assert alive(holder.pid)
        assert not wait_until_gone([holder.pid], seconds=15), "the holder should end about 1 s after it started"
    finally:
        multiworker._stop(holder, grace=0.0)
        multiworker._RUNNING.pop(holder.pid, None)
