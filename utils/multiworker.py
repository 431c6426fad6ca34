"""Training one Keras model on several worker processes of this machine (notebook 12).

Notebook 12 trains the same small model on one device, on two devices of one
process (MirroredStrategy, with model.fit) and on two worker processes
(MultiWorkerMirroredStrategy). This module holds what the worker processes
run, and the plumbing that starts, watches and stops them:

* ``train_loop``: the training loop each worker runs (model.fit's loop written
  out, since Keras 3's fit stops under MultiWorkerMirroredStrategy), with
  optional checkpoints every few steps and a simulated crash;
* ``free_ports(2)`` asks the system for free TCP ports on 127.0.0.1;
* ``tf_config(ports, index)`` is the TF_CONFIG a worker reads to find the others;
* ``run_workers(folder, "run", job)`` starts ``python utils/multiworker.py`` once per
  worker, waits for all of them, and stops every one that is still running when
  one fails or when the time limit is reached, also when the notebook's cell is
  interrupted or fails (and, as a last resort, when Python exits);
* each worker also stops itself when the time limit is reached, even if the
  notebook that started it has died;
* ``network_isolation()`` says whether the workers can run in a private network
  namespace (Linux): TensorFlow's gRPC server listens on every interface of its
  namespace ("0.0.0.0:port", whatever address TF_CONFIG gives), so run_workers
  puts all the workers of a run into one namespace whose only interface is the
  loopback, where they reach each other on 127.0.0.1 and nothing outside reaches
  them. Where that is not possible it says so, loudly, and runs them as before.

>>> reports = run_workers(folder, "uninterrupted", dict(epochs=2, global_batch_size=32, learning_rate=0.5))  # doctest: +SKIP
>>> reports[0].weights()                                                      # doctest: +SKIP

The folder holds what every worker reads: ``model.keras`` (the model with its
initial weights) and ``data.npz`` (arrays ``x`` and ``y``). Each run writes into
``folder/<run>/``: the job, one log, one report and the final weights per worker.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

LOCALHOST = "127.0.0.1"
COURSE_ROOT = Path(__file__).resolve().parent.parent
CRASH_EXIT_CODE = 3  # what a worker told to crash (crash_at_step) exits with
TIME_LIMIT_EXIT_CODE = 124  # what a worker that ran out of time exits with (as `timeout` does)
BACKSTOP_SECONDS = 5.0  # after the time limit, how long run_workers waits for the workers' own timers before stopping them
STOP_GRACE_SECONDS = 1.0  # after SIGTERM, how long a worker may take to end before SIGKILL (none when its partner died)
_JOB_KEYS = {"epochs", "global_batch_size", "learning_rate", "checkpoint_dir", "save_every", "crash_at_step", "crash_worker", "probes"}
_RUNNING: dict[int, subprocess.Popen] = {}  # processes started by run_workers (workers, holder) not yet stopped, by id


# ---------------------------------------------------------------------------------------------
# The worker's training loop: what model.fit would do, written out (see train_loop's docstring).
# ---------------------------------------------------------------------------------------------


def train_loop(strategy: Any, folder: str | Path, *, epochs: int, global_batch_size: int, learning_rate: float,
               checkpoint_dir: str | Path | None = None, save_every: int = 0, crash_at_step: int = 0) -> list[Any]:
    """Train ``folder/model.keras`` on ``folder/data.npz`` under ``strategy`` with SGD; return the final weights.

    The loop model.fit runs, written out, because Keras 3's fit stops under
    MultiWorkerMirroredStrategy (keras-team/keras#20585). Batches of
    ``global_batch_size`` rows in the file's order; each replica takes its
    share, divides its summed loss by the *global* batch size, and the
    optimizer sums the replicas' gradients: the mean gradient over the global
    batch, as on one device. With ``checkpoint_dir``, the model, the optimizer
    and the step count are saved every ``save_every`` steps, and restored at the
    start, so that a restarted worker carries on from the last save, mid-epoch
    too. ``crash_at_step`` > 0 ends the process abruptly after that step (a
    simulated crash).
    """
    import keras
    import numpy as np
    import tensorflow as tf

    folder = Path(folder)
    data = np.load(folder / "data.npz")
    dataset = tf.data.Dataset.from_tensor_slices((data["x"], data["y"])).batch(global_batch_size)  # no shuffling
    steps_per_epoch = int(dataset.cardinality())  # batches are made before repeating: none spans two epochs
    with strategy.scope():  # variables made here get one copy per replica, kept equal
        model = keras.models.load_model(folder / "model.keras", compile=False)
        optimizer = keras.optimizers.SGD(learning_rate)
        optimizer.build(model.trainable_variables)
        step = tf.Variable(0, dtype=tf.int64, trainable=False)  # steps done, saved with the weights

    @tf.function
    def train_step(x, y):
        def on_each_replica(x, y):  # x, y: this replica's share of the global batch
            with tf.GradientTape() as tape:
                per_review = keras.losses.binary_crossentropy(y[:, None], model(x, training=True))
                loss = tf.nn.compute_average_loss(per_review, global_batch_size=global_batch_size)  # sum / global batch
            gradients = tape.gradient(loss, model.trainable_variables)
            optimizer.apply_gradients(zip(gradients, model.trainable_variables))  # sums the replicas' gradients first
        strategy.run(on_each_replica, args=(x, y))
        step.assign_add(1)

    manager = None
    if checkpoint_dir is not None:
        checkpoint = tf.train.Checkpoint(model=model, optimizer=optimizer, step=step)
        manager = tf.train.CheckpointManager(checkpoint, _checkpoint_folder(checkpoint_dir, strategy), max_to_keep=1)
        latest = tf.train.latest_checkpoint(str(checkpoint_dir))  # the chief's last save; None: start from scratch
        if latest:
            checkpoint.restore(latest)
            print(f"restored {Path(latest).name}: carrying on after step {int(step.numpy())}", flush=True)
    total, clock = epochs * steps_per_epoch, time.perf_counter()
    remaining = dataset.repeat(epochs).skip(int(step.numpy()))  # every epoch's batches in a row, less those done
    for x, y in strategy.experimental_distribute_dataset(remaining):
        train_step(x, y)
        done = int(step.numpy())
        print(f"step {done} of {total} done ({time.perf_counter() - clock:.1f} s)", flush=True)
        if manager is not None and save_every and done % save_every == 0:
            manager.save(checkpoint_number=done)  # every worker saves (collective); the chief's copy counts
        if crash_at_step and done == crash_at_step:
            print(f"crashing on purpose after step {done}", flush=True)
            os._exit(CRASH_EXIT_CODE)
    return model.get_weights()


def _checkpoint_folder(checkpoint_dir: str | Path, strategy: Any) -> str:
    """Where this worker writes: the chief (worker 0) into ``checkpoint_dir``, every other worker into a scratch folder."""
    resolver = getattr(strategy, "cluster_resolver", None)
    task_id = getattr(resolver, "task_id", 0) or 0
    return str(checkpoint_dir) if task_id == 0 else str(Path(f"{checkpoint_dir}-scratch-worker-{task_id}"))


# ---------------------------------------------------------------------------------------------
# Starting, watching and stopping worker processes (the notebook's side).
# ---------------------------------------------------------------------------------------------


def free_ports(count: int) -> list[int]:
    """``count`` different TCP ports on 127.0.0.1 that are free right now, chosen by the system.

    Each port is found by binding a socket to port 0, which makes the system
    pick an unused one; the sockets are closed before returning, so a
    program started right after can listen on them (another program could
    take one in between: a rare race that shows as "address in use").
    """
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ValueError(f"count={count!r}: ask for a whole number of ports, at least 1, such as 2.")
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind((LOCALHOST, 0))
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def tf_config(ports: Sequence[int], index: int) -> dict[str, Any]:
    """The TF_CONFIG of worker ``index`` in a cluster of workers on 127.0.0.1 at ``ports``.

    Every worker gets the same cluster (the addresses of all workers, in the
    same order) and its own task index; worker 0 is the chief, which also
    does the bookkeeping (writing checkpoints, for example).
    """
    if not ports or len(set(ports)) != len(ports):
        raise ValueError(f"ports={list(ports)!r}: give one different port per worker, such as free_ports(2).")
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(ports):
        raise ValueError(f"index={index!r}: a worker's index runs from 0 to {len(ports) - 1} for {len(ports)} workers.")
    return {
        "cluster": {"worker": [f"{LOCALHOST}:{port}" for port in ports]},
        "task": {"type": "worker", "index": index},
    }


# ---------------------------------------------------------------------------------------------
# A private network for the workers (Linux): one namespace, held open by a small process.
# ---------------------------------------------------------------------------------------------

# The holder: brings up the loopback interface of its new network namespace (a new namespace has only
# `lo`, and it is down), checks that 127.0.0.1 answers, says "ready", and sleeps until its time is up.
# SIOCGIFFLAGS / SIOCSIFFLAGS read and set an interface's flags (struct ifreq: 16-byte name, then the flags).
_HOLDER_PROGRAM = """
import fcntl, socket, struct, sys, time
SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP, IFREQ = 0x8913, 0x8914, 0x1, "16sH22x"
with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
    flags = struct.unpack(IFREQ, fcntl.ioctl(sock, SIOCGIFFLAGS, struct.pack(IFREQ, b"lo", 0)))[1]
    fcntl.ioctl(sock, SIOCSIFFLAGS, struct.pack(IFREQ, b"lo", flags | IFF_UP))
with socket.create_server(("127.0.0.1", 0)) as server:
    socket.create_connection(server.getsockname(), timeout=5).close()
print("ready", flush=True)
time.sleep(float(sys.argv[1]))
"""
# What the probe runs inside the namespace through nsenter: 127.0.0.1 answers there; print the namespace.
_PROBE_PROGRAM = """
import os, socket
with socket.create_server(("127.0.0.1", 0)) as server:
    socket.create_connection(server.getsockname(), timeout=5).close()
print(os.readlink("/proc/self/ns/net"))
"""
_HOLDER_READY_SECONDS = 30.0  # how long to wait for the holder's "ready" (Python starting on a busy machine)


@dataclass(frozen=True)
class NetworkIsolation:
    """Whether run_workers puts the workers in a private network namespace, how, and a sentence that says so."""

    available: bool
    how: str  # one sentence for the learner: what run_workers does with the workers' network, and why
    unshare: tuple[str, ...] = ()  # the options of `unshare` that start the holder in a new namespace
    nsenter: tuple[str, ...] = ()  # the options of `nsenter` that put a worker into the holder's namespace


_ISOLATION: NetworkIsolation | None = None  # the probe's answer, found once per Python process


def network_isolation() -> NetworkIsolation:
    """Can the workers run in a private network namespace with only the loopback interface? Probed once, then cached.

    Linux only: ``unshare`` starts a small holder process in a new network namespace (as root, or in a
    new user namespace too, as a normal user: ``unshare -rn``), and ``nsenter`` starts each worker in it.
    The probe tries exactly that, with a tiny program in place of a worker. It fails on macOS and Windows,
    in containers that forbid namespaces, and where a security module (such as Ubuntu's AppArmor rule on
    unprivileged user namespaces) forbids them or the loopback set-up.
    """
    global _ISOLATION
    if _ISOLATION is None:
        _ISOLATION = _probe_isolation()
    return _ISOLATION


def _variants() -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """(unshare options, nsenter options) to try, in order: a network namespace alone needs root."""
    as_user = (("--user", "--map-root-user", "--net"), ("--user", "--net", "--preserve-credentials"))
    return ([(("--net",), ("--net",))] if os.geteuid() == 0 else []) + [as_user]


def _probe_isolation() -> NetworkIsolation:
    """Try each variant: a holder in a new namespace, then a tiny program entered into it with nsenter."""
    fallback = ("NOT isolated: {why}; the workers' ports are open on every network interface of this machine "
                "while they run")
    if not sys.platform.startswith("linux"):
        return NetworkIsolation(False, fallback.format(why=f"network namespaces are a Linux feature, and this is {sys.platform}"))
    missing = [tool for tool in ("unshare", "nsenter") if shutil.which(tool) is None]
    if missing:
        return NetworkIsolation(False, fallback.format(why=f"{' and '.join(missing)} (util-linux) not found"))
    errors = []
    for unshare, nsenter in _variants():
        holder = None
        try:
            holder = _start_holder(unshare, 30.0)
            inside = subprocess.run(["nsenter", f"--target={holder.pid}", *nsenter, "--", sys.executable, "-c", _PROBE_PROGRAM],
                                    capture_output=True, text=True, timeout=_HOLDER_READY_SECONDS, stdin=subprocess.DEVNULL)
            if inside.returncode != 0:
                raise RuntimeError(f"nsenter: {_last_line(inside.stderr or inside.stdout)}")
            if inside.stdout.strip() == os.readlink("/proc/self/ns/net"):
                raise RuntimeError("nsenter left the program in this process's own network namespace")
            how = (f"isolated: the workers run in a private network namespace (unshare {' '.join(unshare)}) whose only "
                   "interface is the loopback, so they reach each other on 127.0.0.1 and nothing outside it can reach their ports")
            return NetworkIsolation(True, how, unshare, nsenter)
        except (OSError, RuntimeError, subprocess.SubprocessError) as error:
            errors.append(f"unshare {' '.join(unshare)}: {error}")
        finally:
            if holder is not None:
                _stop(holder, grace=0.0)
                _RUNNING.pop(holder.pid, None)
    return NetworkIsolation(False, fallback.format(why="this system forbids a private network namespace (" + "; ".join(errors) + ")"))


def _start_holder(unshare: Sequence[str], seconds: float) -> subprocess.Popen:
    """Start the holder of a new network namespace, wait until its loopback works; it ends by itself after ``seconds``.

    It is registered at once, so that run_workers' clean-up (and the last resort at exit) stops it
    whatever happens; if it does not get ready, it is stopped here, and RuntimeError says what it said.
    """
    process = subprocess.Popen(["unshare", *unshare, "--", sys.executable, "-c", _HOLDER_PROGRAM, f"{seconds:.0f}"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                               start_new_session=True)  # unshare execs Python: one process, leading its own group
    _RUNNING[process.pid] = process
    said, deadline = b"", time.monotonic() + _HOLDER_READY_SECONDS
    try:
        while b"ready\n" not in said:
            if time.monotonic() > deadline:
                raise RuntimeError(f"no answer within {_HOLDER_READY_SECONDS:.0f} s")
            if select.select([process.stdout], [], [], 0.1)[0]:
                chunk = os.read(process.stdout.fileno(), 4096)
                if not chunk:  # it ended without getting ready
                    raise RuntimeError(_last_line(said.decode(errors="replace")) or f"exited with status {process.wait()}")
                said += chunk
    except BaseException:  # not ready, or the cell was interrupted meanwhile: it goes at once
        _stop(process, grace=0.0)
        _RUNNING.pop(process.pid, None)
        raise
    finally:
        process.stdout.close()  # the holder writes nothing after "ready"
    return process


def _last_line(text: str) -> str:
    """The last non-empty line of a program's output (what unshare or nsenter said went wrong)."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def _exposure_warning(why: str, ports: Sequence[int], time_limit: float) -> str:
    """The one loud sentence printed when the workers run without a private network."""
    return (f"WARNING: the workers' gRPC ports {', '.join(map(str, ports))} are open on EVERY network interface of this "
            f"machine, unencrypted, for up to {time_limit:.0f} s ({why}): anyone who can reach this machine can connect "
            "to them meanwhile; to avoid it, run on Linux where `unshare -rn true` works, or behind a firewall that "
            "blocks incoming connections.")


@dataclass
class WorkerReport:
    """What one worker process did: how it ended, its log, and what it reported."""

    index: int
    returncode: int | None  # the exit status; negative: ended by that signal
    stopped: bool  # True when run_workers had to stop it (another worker failed, or time ran out)
    seconds: float  # from its start to its end
    log_path: Path
    run_dir: Path
    result: dict[str, Any] = field(default_factory=dict)  # what the worker wrote about itself, if it finished
    isolated: bool = False  # True when it ran in the run's private network namespace (see network_isolation)

    @property
    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    def weights(self) -> list[Any]:
        """The final weights this worker saved (a list of NumPy arrays, in the order of model.get_weights())."""
        import numpy as np

        path = self.run_dir / f"worker-{self.index}.weights.npz"
        if not path.exists():
            raise FileNotFoundError(f"worker {self.index} saved no weights (it did not finish); its log:\n{_tail(self.log)}")
        with np.load(path) as saved:
            return [saved[f"arr_{i}"] for i in range(len(saved.files))]


def run_workers(folder: str | Path, run: str, job: Mapping[str, Any], *, workers: int = 2,
                time_limit: float = 120.0, check: bool = True) -> list[WorkerReport]:
    """Run ``workers`` worker processes on this machine until all have ended; stop any left after ``time_limit`` s.

    Args:
        folder: the folder with ``model.keras`` and ``data.npz`` (a temporary folder).
        run: a name for this run; its files go to ``folder/run/``.
        job: the training settings of train_loop: ``epochs``, ``global_batch_size``, ``learning_rate``;
            optionally ``checkpoint_dir`` and ``save_every`` (save every so many steps; restore at the
            start), ``crash_at_step`` and ``crash_worker`` (that worker, default 1, ends abruptly after
            that step: a simulated crash), and ``probes``: after training, "fit" tries one step of
            model.fit, and "DATA, 2 files", "FILE, 2 files", "AUTO, 1 file" report which lines of the
            text files ``folder/lines-*.txt`` each auto-shard policy gives each worker.
        workers: how many worker processes (each one replica).
        time_limit: seconds after which every worker still running is stopped; each worker
            also stops itself after that long.
        check: raise an error, with the end of the log, if a worker did not finish normally.

    When one worker fails, the others are stopped at once: they would wait for it
    forever, and MultiWorkerMirroredStrategy needs the whole group restarted.

    Where ``network_isolation()`` allows it, all the workers of the run share one private
    network namespace whose only interface is the loopback (held open by a small process,
    stopped with the workers); elsewhere a warning says that their ports are open on every
    interface until the time limit.
    """
    folder = Path(folder)
    unknown = sorted(set(job) - _JOB_KEYS)
    missing = sorted({"epochs", "global_batch_size", "learning_rate"} - set(job))
    if unknown or missing:
        raise ValueError(f"job has unknown keys {unknown} or lacks {missing}; it takes {sorted(_JOB_KEYS)}.")
    for name in ("model.keras", "data.npz"):
        if not (folder / name).exists():
            raise FileNotFoundError(f"{folder / name} is missing: save the model and the data there first (see notebook 12).")
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers={workers!r}: start at least one worker, such as 2.")
    if not time_limit > 0:
        raise ValueError(f"time_limit={time_limit!r}: give the seconds after which to stop the workers, such as 120.")
    run_dir = folder / run
    run_dir.mkdir(parents=True, exist_ok=True)
    (run_dir / "job.json").write_text(json.dumps({**job, "time_limit": time_limit}), encoding="utf-8")

    ports = free_ports(workers)
    isolation = network_isolation()
    holder: subprocess.Popen | None = None
    processes: list[subprocess.Popen] = []
    logs = []
    started = time.perf_counter()
    ended: dict[int, float] = {}
    stopped: set[int] = set()
    try:
        prefix: list[str] = []
        why_exposed = isolation.how
        if isolation.available:
            try:
                holder = _start_holder(isolation.unshare, time_limit + BACKSTOP_SECONDS + 5)
                prefix = ["nsenter", f"--target={holder.pid}", *isolation.nsenter, "--"]
            except (OSError, RuntimeError) as error:  # it worked when probed: say why not now, and go on exposed
                why_exposed = f"the private network namespace failed to start this time: {error}"
        if not prefix:
            print(_exposure_warning(why_exposed, ports, time_limit), file=sys.stderr, flush=True)
        for index in range(workers):
            env = {
                **os.environ,
                "TF_CONFIG": json.dumps(tf_config(ports, index)),
                "CUDA_VISIBLE_DEVICES": "-1",  # CPU only: two processes on one GPU would each claim all its memory
                "TF_CPP_MIN_LOG_LEVEL": "2",
                "PYTHONUNBUFFERED": "1",
            }
            log = open(run_dir / f"worker-{index}.log", "w", encoding="utf-8")  # noqa: SIM115 (closed below)
            logs.append(log)
            process = subprocess.Popen(
                prefix + _worker_command(folder, run),  # nsenter execs the worker: the same process
                cwd=COURSE_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=(os.name == "posix"),  # its own process group, stopped as a whole
            )
            processes.append(process)
            _RUNNING[process.pid] = process
        deadline = started + time_limit + BACKSTOP_SECONDS  # the workers' own timers fire first; this is the backstop
        while len(ended) < len(processes):
            for index, process in enumerate(processes):
                if index not in ended and process.poll() is not None:
                    ended[index] = time.perf_counter()
            failed = [i for i in ended if processes[i].returncode != 0]
            if failed or time.perf_counter() > deadline:
                for index, process in enumerate(processes):
                    if index not in ended:  # a partner died: it is blocked in a collective, stop it at once
                        _stop(process, grace=0.0 if failed else STOP_GRACE_SECONDS)
                        stopped.add(index)
                        ended[index] = time.perf_counter()
                break
            _pause(0.1)
    finally:
        for index, process in enumerate(processes):  # an interrupted or failed cell leaves no process behind
            try:
                if process.poll() is None:
                    stopped.add(index)
                    _stop(process)
            except BaseException:  # noqa: BLE001 (a second interrupt while stopping: stop the others all the same)
                pass
        if holder is not None:  # the namespace's holder goes with its workers, on every path
            try:
                _stop(holder, grace=0.0)
            except BaseException:  # noqa: BLE001 (as above)
                pass
        for process in [*processes, *([holder] if holder is not None else [])]:
            if process.poll() is not None:
                _RUNNING.pop(process.pid, None)  # any left are stopped when Python exits (_stop_all_workers)
        for log in logs:
            log.close()

    reports = []
    for index, process in enumerate(processes):
        result_path = run_dir / f"worker-{index}.json"
        result = json.loads(result_path.read_text(encoding="utf-8")) if result_path.exists() else {}
        reports.append(WorkerReport(index, process.returncode, index in stopped, ended.get(index, time.perf_counter()) - started,
                                    run_dir / f"worker-{index}.log", run_dir, result, isolated=holder is not None))
    if check:
        for report in reports:
            if report.returncode != 0:
                why = "was stopped after the time limit or another worker's failure" if report.stopped else f"exited with status {report.returncode}"
                raise RuntimeError(f"worker {report.index} of run {run!r} {why}; the end of its log:\n{_tail(report.log)}")
    return reports


def _pause(seconds: float) -> None:
    """Wait between two looks at the workers (a Ctrl+C / kernel interrupt arrives here)."""
    time.sleep(seconds)


def _worker_command(folder: Path, run: str) -> list[str]:
    """The command line of one worker process (the tests replace it by a small program).

    The file runs as a script, not as ``-m utils.multiworker``: that would import the whole
    ``utils`` package (matplotlib included) in every worker, seconds on a busy machine.
    """
    return [sys.executable, str(Path(__file__).resolve()), str(folder), run]


def running_workers() -> list[int]:
    """Process ids of what run_workers started (workers, the network's holder) and has not stopped (normally none)."""
    return sorted(_RUNNING)


def _stop(process: subprocess.Popen, grace: float = STOP_GRACE_SECONDS) -> None:
    """Stop a process and everything in its process group: SIGTERM, then SIGKILL after ``grace`` s (at once for 0).

    The process is reaped only at the end: until then its id, which is also its group's id, cannot
    be given to another process, so the group signals reach only what it started. A process already
    reaped is left alone, for the same reason.
    """
    if process.returncode is not None:
        return
    if grace > 0:
        _signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and not _has_ended(process):
            time.sleep(0.02)
    _signal_group(process, getattr(signal, "SIGKILL", signal.SIGTERM))  # also any child left in its group
    try:
        process.wait(timeout=5.0)
    except subprocess.TimeoutExpired:  # pragma: no cover (a process that survives SIGKILL)
        pass


def _has_ended(process: subprocess.Popen) -> bool:
    """True once the process has ended, without reaping it where the system allows (its group id stays reserved)."""
    if hasattr(os, "waitid"):
        try:
            return os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
        except ChildProcessError:  # reaped already
            return True
    return process.poll() is not None


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    if process.returncode is not None:  # reaped: its group id may now be another process's
        return
    try:
        if os.name == "posix":
            os.killpg(process.pid, signum)  # it leads its own group (start_new_session)
        else:
            process.kill()
    except (ProcessLookupError, PermissionError, OSError):
        pass


@atexit.register
def _stop_all_workers() -> None:  # the last resort: Python exits while workers (or the holder) still run
    for process in list(_RUNNING.values()):
        _stop(process, grace=STOP_GRACE_SECONDS)
    _RUNNING.clear()


def _tail(text: str, lines: int = 25) -> str:
    return "\n".join(text.splitlines()[-lines:]) or "(empty)"


# ---------------------------------------------------------------------------------------------
# The worker's side: python utils/multiworker.py FOLDER RUN  (TF_CONFIG in the environment)
# ---------------------------------------------------------------------------------------------


def _stop_after(seconds: float) -> None:
    """End this process after ``seconds``, whatever it is doing (even waiting inside TensorFlow)."""
    def give_up() -> None:
        print(f"time limit of {seconds:.0f} s reached: this worker stops itself", flush=True)
        os._exit(TIME_LIMIT_EXIT_CODE)

    timer = threading.Timer(seconds, give_up)
    timer.daemon = True
    timer.start()


def probe_fit(strategy: Any, folder: Path, global_batch_size: int) -> str:
    """Try one step of ``model.fit`` under ``strategy`` on a throwaway copy of the model: "ran", or where and why it stopped."""
    import re
    import traceback

    import keras
    import numpy as np
    import tensorflow as tf

    keras.config.disable_traceback_filtering()  # keep Keras's own frames, to say where it stopped
    data = np.load(folder / "data.npz")
    dataset = tf.data.Dataset.from_tensor_slices((data["x"], data["y"])).batch(global_batch_size).take(1)
    with strategy.scope():
        model = keras.models.load_model(folder / "model.keras", compile=False)
        model.compile(optimizer=keras.optimizers.SGD(0.0), loss="binary_crossentropy")
    try:
        model.fit(dataset, epochs=1, verbose=0)
        return "ran"
    except Exception as error:  # noqa: BLE001 (what goes wrong is the finding)
        frames = [frame for frame in traceback.extract_tb(error.__traceback__) if "keras" in frame.filename]
        where = f" (in Keras's {frames[-1].name})" if frames else ""
        message = re.sub(r"\{.*\}", "{...}", str(error), flags=re.S)  # leave out the tensors' values
        return f"{type(error).__name__}{where}: {' '.join(message.split())[:200]}"


def probe_sharding(strategy: Any, folder: Path, cases: Sequence[str]) -> dict[str, Any]:
    """Which lines of ``folder/lines-*.txt`` this worker gets under each auto-shard case, or the error it raises.

    Cases: "DATA, 2 files", "FILE, 2 files", "AUTO, 1 file". An error leaves the workers out of step
    (the others wait for this one in a collective operation), so a case that may fail comes last.
    """
    import tensorflow as tf

    files = sorted(str(path) for path in folder.glob("lines-*.txt"))
    policies = tf.data.experimental.AutoShardPolicy
    known = {"DATA, 2 files": (files, policies.DATA), "FILE, 2 files": (files, policies.FILE),
             "AUTO, 1 file": (files[:1], policies.AUTO)}
    found: dict[str, Any] = {}
    for case in cases:
        chosen_files, policy = known[case]
        options = tf.data.Options()
        options.experimental_distribute.auto_shard_policy = policy
        dataset = tf.data.TextLineDataset(chosen_files).batch(2).with_options(options)  # a global batch of 2 lines
        try:
            lines = []
            for batch in strategy.experimental_distribute_dataset(dataset):
                lines += [int(line) for line in strategy.experimental_local_results(batch)[0].numpy()]
            found[case] = lines
        except Exception as error:  # noqa: BLE001 (what TensorFlow says is the finding)
            found[case] = f"{type(error).__name__}: {' '.join(str(error).split())[:400]}"
    return found


def _worker_main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="One worker of notebook 12's multi-worker training (TF_CONFIG in the environment).")
    parser.add_argument("folder", type=Path, help="the folder with model.keras and data.npz")
    parser.add_argument("run", help="the run's name: its job.json is in folder/run/")
    args = parser.parse_args(argv)
    run_dir = args.folder / args.run
    job = json.loads((run_dir / "job.json").read_text(encoding="utf-8"))
    _stop_after(float(job["time_limit"]))
    index = int(json.loads(os.environ["TF_CONFIG"])["task"]["index"])
    result: dict[str, Any] = {"index": index}
    clock = time.perf_counter()

    import numpy as np
    import tensorflow as tf

    tf.config.threading.set_intra_op_parallelism_threads(1)  # two workers share the machine's cores

    result["import_seconds"] = time.perf_counter() - clock
    clock = time.perf_counter()
    strategy = tf.distribute.MultiWorkerMirroredStrategy()  # reads TF_CONFIG, connects to the other workers
    result["replicas"] = strategy.num_replicas_in_sync
    result["setup_seconds"] = time.perf_counter() - clock
    clock = time.perf_counter()
    crash = int(job.get("crash_at_step") or 0) if index == job.get("crash_worker", 1) else 0
    weights = train_loop(strategy, args.folder, epochs=job["epochs"], global_batch_size=job["global_batch_size"],
                         learning_rate=job["learning_rate"], checkpoint_dir=job.get("checkpoint_dir"),
                         save_every=int(job.get("save_every") or 0), crash_at_step=crash)
    result["train_seconds"] = time.perf_counter() - clock
    np.savez(run_dir / f"worker-{index}.weights.npz", *weights)
    print(f"worker {index} trained in {result['train_seconds']:.1f} s", flush=True)
    (run_dir / f"worker-{index}.json").write_text(json.dumps(result), encoding="utf-8")
    probes = job.get("probes") or []  # after training, so that a failing probe cannot disturb it
    clock = time.perf_counter()
    if "fit" in probes:
        result["fit"] = probe_fit(strategy, args.folder, job["global_batch_size"])
    shard_cases = [case for case in probes if case != "fit"]
    if shard_cases:
        result["sharding"] = probe_sharding(strategy, args.folder, shard_cases)
    result["probe_seconds"] = time.perf_counter() - clock
    (run_dir / f"worker-{index}.json").write_text(json.dumps(result), encoding="utf-8")
    sys.stdout.flush()
    os._exit(0)  # leave at once: TensorFlow's clean-up at exit can wait on the other workers' connections


if __name__ == "__main__":
    # Run as a script, Python put utils/ first on sys.path, where data.py or config.py could hide
    # another package's module of the same name: take it off before TensorFlow is imported.
    sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != COURSE_ROOT / "utils"]
    _worker_main()
