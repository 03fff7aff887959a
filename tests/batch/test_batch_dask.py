"""`analyzer batch --engine dask`: the same records as the local engine, on a
Dask cluster of two worker processes; failures in the errors file; a worker
killed mid-run; a document that kills every worker it meets; an interrupted
run resumed; one line when Dask is not installed.

One local cluster serves the module (it is reached by its address, as a
remote one would be); one test starts the engine's own local cluster."""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyzer.batch.progress import Progress
from analyzer.batch import worker as batch_worker
from analyzer.batch.runner import BatchOptions, run_batch
from analyzer.batch.worker import WorkOptions
from analyzer.cli import main
from analyzer.pipeline import Options
from project_root import ROOT

pytestmark = pytest.mark.dask   # Dask clusters: the full run only (python -m pytest --full)
MARKER = "【杀死工作进程】"   # a document holding it kills the worker process that analyzes it
EXTRA_LINES = ["各乡镇要在{m}月底前完成自查自纠，形成问题清单。", "县直各部门要每周报送一次工作进展。",
               "个别单位落实整改责任不到位，存在走过场现象。", "严禁搞变通、打折扣。"]


# --- the corpus: copies of the bundled sample, varied, and a few records ------

def build_corpus(root: Path, n: int = 24) -> Path:
    sample = sorted((ROOT / "analyzer" / "samples").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in sample]
    src = root / "corpus"
    (src / "sub").mkdir(parents=True)
    for i in range(n):
        text = texts[i % len(texts)].replace("县委", f"县委{i}") + "\n" + EXTRA_LINES[i % 4].format(m=i % 12 + 1)
        folder = src / "sub" if i % 3 == 0 else src
        if i % 8 == 5:
            (folder / f"doc{i:03d}.txt").write_bytes(text.encode("gb18030"))
        elif i % 8 == 6:
            html = "<html><body>" + "".join(f"<p>{x}</p>" for x in text.splitlines()) + "</body></html>"
            (folder / f"doc{i:03d}.html").write_text(html, encoding="utf-8")
        else:
            (folder / f"doc{i:03d}.txt").write_text(text, encoding="utf-8")
    records = [{"id": f"r{j}", "text": line.format(m=j + 3)} for j, line in enumerate(EXTRA_LINES)]
    (src / "records.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                                       encoding="utf-8")
    return src


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def errors_of(out: Path) -> list[tuple[str, int | None, str]]:
    return sorted((Path(e["path"]).name, e["line"], e["stage"])
                  for e in map(json.loads, lines(Path(f"{out}.errors.jsonl"))))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, Path]:
    """The corpus (with one undecodable file and one bad record) and the
    local engine's output of it, in input order."""
    root = tmp_path_factory.mktemp("dask")
    src = build_corpus(root)
    (src / "binary.txt").write_bytes(bytes(range(256)) * 8)            # not text: fails to decode
    with open(src / "records.jsonl", "a", encoding="utf-8") as fh:
        fh.write("{not json\n")                                           # fails to read
    local = root / "local.jsonl"
    s = run_batch([str(src)], local, BatchOptions(jobs=1, ordered=True))
    assert (s.ok, s.failed) == (28, 2)
    return src, local


@pytest.fixture(scope="module")
def deaths(tmp_path_factory) -> Path:
    """A file with a line for each worker killed by MARKER."""
    return tmp_path_factory.mktemp("deaths") / "deaths.log"


@pytest.fixture(scope="module")
def cluster(deaths):
    """Two single-threaded worker processes; a worker plugin makes any
    document holding MARKER kill its worker (like a segfault or the
    out-of-memory killer).  The scheduler lets a task meet one dead worker
    and be run again; the second death fails it (KilledWorker)."""
    pytest.importorskip("distributed")
    import cloudpickle
    import dask
    from distributed import Client, LocalCluster

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the workers cannot import this file
    # lost-worker-timeout: a local cluster would give up a worker that is
    # restarting at the wrong moment 15 s after an earlier death (the engine's
    # own local cluster sets the same).
    with dask.config.set({"distributed.scheduler.allowed-failures": 1,
                          "distributed.deploy.lost-worker-timeout": "3650d"}):
        cl = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, silence_logs=logging.CRITICAL,
                          dashboard_address=None, scheduler_kwargs={"dashboard_address": ":0"})
        client = Client(cl, set_as_default=False)
        client.register_plugin(_killer_plugin()(str(deaths)), name="kill-on-marker")
        yield cl.scheduler_address, client
        client.close()
        cl.close()


def _killer_plugin():
    from distributed.diagnostics.plugin import WorkerPlugin

    class KillOnMarker(WorkerPlugin):
        def __init__(self, log: str):
            self.log = log

        def setup(self, worker):
            log = self.log
            from analyzer.batch import worker as batch_worker

            real = batch_worker.record_line

            def record_line(task, options, doc=None):
                batch_worker.analyzed = getattr(batch_worker, "analyzed", 0) + 1
                text = task.item.text if task.item is not None else task.data.decode("utf-8", "replace")
                if MARKER in text:
                    with open(log, "a") as fh:
                        fh.write(f"{task.path}\n")
                    os._exit(9)  # no exception, no goodbye: the process is gone
                return real(task, options, doc)

            batch_worker.record_line = record_line

    return KillOnMarker


def dask_options(address: str, **kw) -> BatchOptions:
    return BatchOptions(engine="dask", scheduler=address, chunk_docs=3, **kw)


def worker_inits(client) -> dict[str, int]:
    from analyzer.batch.engines import dask_worker

    return client.run(lambda: dask_worker.inits)


def idle(client, timeout: float = 30) -> None:
    import time

    deadline = time.monotonic() + timeout
    while any(client.run(lambda dask_worker: dask_worker.state.executing_count).values()):
        assert time.monotonic() < deadline, "the workers are still busy"
        time.sleep(0.05)


def analyzed(client) -> int:
    """Documents analyzed by the workers so far."""
    from analyzer.batch import worker

    return sum(client.run(lambda: getattr(worker, "analyzed", 0)).values())


# --- the same records as the local engine --------------------------------------

@pytest.mark.parametrize("shared", [False, True], ids=["shipped", "shared-storage"])
def test_same_records_errors_and_exit_code_as_the_local_engine(corpus, cluster, tmp_path, shared):
    src, local = corpus
    address, client = cluster
    out = tmp_path / "out.jsonl"
    args = ["batch", str(src), "-o", str(out), "--engine", "dask", "--scheduler", address, "--ordered"]
    r = CliRunner().invoke(main, args + (["--shared-storage"] if shared else []))
    assert r.exit_code == 1, r.output
    assert lines(out) == lines(local)          # same records, same order, byte for byte
    assert errors_of(out) == errors_of(local) == [("binary.txt", None, "analyze"), ("records.jsonl", 5, "read")]
    assert "batch: 28 ok, 2 failed;" in r.output and "Traceback" not in r.output
    # Each worker was warmed once (by the plugin), not once per chunk: a
    # second run of ten chunks does not warm anyone again.
    before = worker_inits(client)
    assert set(before.values()) == {1}
    unordered = tmp_path / "unordered.jsonl"
    s = run_batch([str(src)], unordered, dask_options(address, shared_storage=shared))
    assert (s.ok, s.failed) == (28, 2)
    assert sorted(lines(unordered)) == sorted(lines(local))
    assert worker_inits(client) == before


def test_without_a_scheduler_a_local_cluster_is_started(tmp_path):
    pytest.importorskip("distributed")
    src = tmp_path / "c"
    src.mkdir()
    for i, text in enumerate(EXTRA_LINES):
        (src / f"d{i}.txt").write_text(text.format(m=i + 1), encoding="utf-8")
    out, local = tmp_path / "out.jsonl", tmp_path / "local.jsonl"
    run_batch([str(src)], local, BatchOptions(jobs=1))
    r = CliRunner().invoke(main, ["batch", str(src), "-o", str(out), "--engine", "dask", "-j", "2", "--ordered"])
    assert r.exit_code == 0, r.output
    assert "batch: 4 ok, 0 failed;" in r.output
    assert lines(out) == lines(local)


def test_the_local_cluster_starts_warm_loses_nothing_to_a_killed_worker_and_leaves_nothing(corpus, tmp_path,
                                                                                          monkeypatch):
    """The engine's own local cluster: its workers come warm from the fork
    server (warmed there once, not again); a worker killed mid-run is
    replaced (forked again) and nothing is lost or written twice; the fork
    server does not outlive the run."""
    from multiprocessing import forkserver

    from analyzer.batch.engines import dask as dask_engine, dask_worker

    src, local = corpus
    clients, killed, inits = [], [], []
    connect = dask_engine._connect

    def keep_client(options, warm_up):
        client, local_cluster = connect(options, warm_up)
        clients.append(client)
        return client, local_cluster

    class KillAWorker(Progress):
        def advance(self, size, analyzed=True):
            super().advance(size, analyzed)
            if self.docs == 6 and not killed:
                client = clients[0]
                inits.append(client.run(lambda: (dask_worker.inits, dask_worker.warmed_in != os.getpid())))
                busy = sorted(w for w, keys in client.processing().items() if keys)
                # on a quick machine every task may be done by now: then any worker (it is replaced all the same)
                victim = (busy or sorted(client.scheduler_info()["workers"]))[0]
                try:
                    client.run(os._exit, 1, workers=[victim])
                except Exception:
                    pass  # the worker died before it could answer
                killed.append(victim)

    monkeypatch.setattr(dask_engine, "_connect", keep_client)
    out = tmp_path / "out.jsonl"
    s = run_batch([str(src)], out, BatchOptions(engine="dask", jobs=2, chunk_docs=3),
                  progress=KillAWorker(enabled=False))
    assert killed and (s.ok, s.failed) == (28, 2)
    assert sorted(lines(out)) == sorted(lines(local))
    assert errors_of(out) == errors_of(local)
    assert list(inits[0].values()) == [(1, True), (1, True)]    # warmed once, by the fork server
    assert forkserver._forkserver._forkserver_pid is None


# --- workers that die ------------------------------------------------------------

def test_a_worker_killed_mid_run_loses_and_repeats_nothing(corpus, cluster, tmp_path):
    src, local = corpus
    address, client = cluster
    killed = []

    class KillAWorker(Progress):
        def advance(self, size, analyzed=True):
            super().advance(size, analyzed)
            if self.docs == 6 and not killed:  # a fifth of the way: chunks are in flight on both workers
                busy = {w: keys for w, keys in client.processing().items() if keys}
                victim = sorted(busy or client.scheduler_info()["workers"])[0]   # all done already: any worker
                try:
                    client.run(os._exit, 1, workers=[victim])
                except Exception:
                    pass  # the worker died before it could answer
                killed.append(victim)

    out = tmp_path / "out.jsonl"
    s = run_batch([str(src)], out, dask_options(address), progress=KillAWorker(enabled=False))
    assert killed
    # The chunks the dead worker held ran again elsewhere; nothing lost, nothing twice.
    assert (s.ok, s.failed) == (28, 2)
    assert sorted(lines(out)) == sorted(lines(local))
    assert errors_of(out) == errors_of(local)
    client.wait_for_workers(2, timeout=60)  # the nanny restarts it


@pytest.mark.parametrize("shared", [False, True], ids=["shipped", "shared-storage"])
def test_a_document_that_kills_every_worker_is_one_crash_failure(corpus, cluster, deaths, tmp_path, shared):
    src, local = corpus
    address, client = cluster
    deaths.unlink(missing_ok=True)
    deadly = src / "sub" / "doc009.txt"          # in the middle of a chunk
    original = deadly.read_bytes()
    deadly.write_text(MARKER + original.decode("utf-8"), encoding="utf-8")
    try:
        out = tmp_path / "out.jsonl"
        s = run_batch([str(src)], out, dask_options(address, shared_storage=shared))
    finally:
        deadly.write_bytes(original)
    assert (s.ok, s.failed) == (27, 3)
    expected = [x for x in lines(local) if '"id": "doc009.txt"' not in x]
    assert sorted(lines(out)) == sorted(expected)
    assert errors_of(out) == sorted(errors_of(local) + [("doc009.txt", None, "crash")])
    # Its chunk met two dead workers (KilledWorker), then the document alone two more.
    assert [Path(p).name for p in lines(deaths)] == ["doc009.txt"] * 4
    client.wait_for_workers(2, timeout=60)


# --- interrupted and resumed --------------------------------------------------------

@pytest.mark.parametrize("shared", [False, True], ids=["shipped", "shared-storage"])
def test_an_interrupted_dask_run_resumed_gives_the_same_records(corpus, cluster, tmp_path, shared):
    src, local = corpus
    address, client = cluster

    class CtrlC(Progress):
        def advance(self, size, analyzed=True):
            super().advance(size, analyzed)
            if self.docs == 10:
                raise KeyboardInterrupt

    out = tmp_path / "out.jsonl"
    s = run_batch([str(src)], out, dask_options(address, shared_storage=shared), progress=CtrlC(enabled=False))
    assert s.interrupted and 1 <= len(lines(out)) < 28
    first = len(lines(out))
    idle(client)  # a chunk that was running when the run stopped finishes anyway (its result is dropped)
    before = analyzed(client)
    s = run_batch([str(src)], out, dask_options(address, shared_storage=shared, resume=True))
    assert not s.interrupted and (s.ok + s.skipped, s.skipped) == (28, first)
    assert s.failed == 2
    # Only what was missing was analyzed (and the binary file, which fails
    # again): with shared storage the workers skip the files already done.
    assert analyzed(client) - before == s.ok + 1
    if shared:
        from analyzer.batch.engines import dask_worker

        assert set(client.run(lambda: len(dask_worker._done)).values()) == {0}  # the keys are gone again
    got = lines(out)
    assert sorted(got) == sorted(lines(local)) and len(set(got)) == len(got)


def test_a_worker_that_cannot_warm_up_stops_the_batch_with_one_line(corpus, cluster, tmp_path):
    from analyzer.batch.worker import SetupError, WorkOptions
    from analyzer.pipeline import Options

    address, _ = cluster
    out = tmp_path / "out.jsonl"
    with pytest.raises(SetupError, match="unknown tokenizer backend 'nonesuch'"):
        run_batch([str(corpus[0])], out, dask_options(address, work=WorkOptions(Options(backend="nonesuch"))))
    assert lines(out) == []


def test_a_task_of_many_files_is_analyzed_in_batches(tmp_path, monkeypatch):
    """A worker analyzes a task's documents WORKER_BATCH at a time (a task
    of a local cluster holds about 1 MB), with the same lines, in order, as
    all at once; an unreadable file keeps its place."""
    pytest.importorskip("distributed")
    from analyzer.batch.engines import dask_worker
    from analyzer.batch.sources import Task

    paths = []
    for i, line in enumerate(EXTRA_LINES + ["县政府要在年底前完成验收。"]):
        p = tmp_path / f"d{i}.txt"
        p.write_text(line.format(m=i + 1), encoding="utf-8")
        paths.append(p)
    paths.insert(2, tmp_path / "missing.txt")
    tasks = [Task(p.name, None, str(p), "", 0) for p in paths]
    work = WorkOptions(Options(ref_date=dt.date(2026, 1, 1)))
    whole = dask_worker.analyze_files(tasks, work, dask_worker.__version__, 10**6, None)
    sizes = []
    real = batch_worker.process

    def spy(batch):
        sizes.append(len(batch))
        return real(batch)

    monkeypatch.setattr(dask_worker, "WORKER_BATCH", (2, 10**9))
    monkeypatch.setattr(batch_worker, "process", spy)
    batched = dask_worker.analyze_files(tasks, work, dask_worker.__version__, 10**6, None)
    assert [s for s in sizes if s] == [2, 2, 1]   # 5 readable files (the empty call checks the warm-up)
    assert batched == whole
    assert [r[2] for r in batched] == ["analyze", "analyze", "read", "analyze", "analyze", "analyze"]


def test_the_console_script_with_its_own_local_cluster(corpus, tmp_path):
    """`python -m analyzer batch --engine dask`, as a user runs it: the
    process ends with a quick exit (no interpreter teardown) after the run,
    so this checks that nothing is lost on the way out: every record, the
    errors file, the summary line and the exit code."""
    pytest.importorskip("distributed")
    src, local = corpus
    out = tmp_path / "out.jsonl"
    r = subprocess.run([sys.executable, "-m", "analyzer", "batch", str(src), "-o", str(out), "--engine", "dask",
                        "-j", "2"], capture_output=True, text=True, cwd=ROOT,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert r.returncode == 1, r.stderr
    assert sorted(lines(out)) == sorted(lines(local))
    assert errors_of(out) == errors_of(local)
    assert "batch: 28 ok, 2 failed;" in r.stderr and "Traceback" not in r.stderr


# --- without Dask ---------------------------------------------------------------------

def test_without_dask_one_line_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)   # as if not installed
    (tmp_path / "a.txt").write_text("各单位要抓好整改。", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    r = CliRunner().invoke(main, ["batch", str(tmp_path / "a.txt"), "-o", str(out), "--engine", "dask"])
    assert r.exit_code == 1
    assert r.output.strip().count("\n") == 0 and "pip install '.[dask]'" in r.output
    assert "Traceback" not in r.output and not out.exists()


@pytest.mark.parametrize("args,message", [
    (["--scheduler", "tcp://127.0.0.1:8786"], "--scheduler is for --engine dask"),
    (["--shared-storage"], "--shared-storage is for --engine dask"),
    (["--engine", "dask", "--scheduler", "tcp://127.0.0.1:8786", "-j", "2"], "--jobs sizes a local cluster"),
])
def test_dask_options_need_the_dask_engine(tmp_path, args, message):
    out = tmp_path / "out.jsonl"
    r = CliRunner().invoke(main, ["batch", str(tmp_path), "-o", str(out), *args])
    assert r.exit_code == 2 and message in r.output and not out.exists()


def test_the_command_line_does_not_import_dask(tmp_path):
    code = ("import sys, analyzer.cli, analyzer.cli.batch, analyzer.batch.runner, analyzer.batch.engines.dask; "
            "print(sorted(m for m in ('dask', 'distributed') if m in sys.modules))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert r.returncode == 0 and r.stdout.strip() == "[]", r.stderr


def test_a_local_cluster_without_workers_stops_instead_of_waiting_forever(monkeypatch):
    from analyzer.batch.engines import dask as dask_engine

    class NoWorkers:
        def nthreads(self):
            return {}

    notes = []

    class Notes(Progress):
        def note(self, message):
            notes.append(message)

    run = type("Run", (), {"progress": Notes(enabled=False)})()
    monkeypatch.setattr(dask_engine, "LOST_SECONDS", 0)
    engine = dask_engine._Engine.__new__(dask_engine._Engine)
    engine.client, engine.run, engine.no_workers_since = NoWorkers(), run, None
    engine.options = BatchOptions(engine="dask", scheduler="tcp://10.0.0.1:8786")
    engine.local = False
    engine.watch()
    engine.watch()   # a remote cluster: wait for workers to join, say so once
    assert notes == ["no Dask workers at tcp://10.0.0.1:8786: waiting for some to join"]
    engine.local, engine.no_workers_since = True, None
    engine.watch()
    with pytest.raises(dask_engine.EngineError, match="no workers for 0 s"):
        engine.watch()


@pytest.mark.parametrize("error", [OSError("Stream is closed"), __import__("concurrent.futures").futures.CancelledError()])
def test_a_lost_cluster_stops_the_run_instead_of_failing_documents(error):
    pytest.importorskip("distributed")
    from analyzer.batch.engines import dask as dask_engine
    from analyzer.batch.sources import Task

    class Lost:
        def result(self):
            raise error

        def release(self):
            pass

    engine = dask_engine._Engine.__new__(dask_engine._Engine)
    task = Task("a.txt", None, "/a.txt", "0" * 64, 3, data=b"abc")
    with pytest.raises(dask_engine.EngineError, match="lost the Dask cluster .*--resume"):
        engine.collect(Lost(), dask_engine._Chunk(0, [task], [None], 1), None)


@pytest.mark.parametrize("work", [
    WorkOptions(),
    WorkOptions(analysis=Options(ref_date=dt.date(2024, 8, 29), tokens=False, backend="jieba"), keep_tokens=True),
])
def test_fork_server_options_travel_as_json_not_pickle(work):
    text = batch_worker.work_to_json(work, "9.9")
    json.loads(text)  # plain data: nothing in the environment variable is executed
    assert batch_worker.work_from_json(text) == (work, "9.9")


@pytest.mark.parametrize("text", ["", "gASVAAAA", "{}", '{"version": "1"}', "null"])
def test_fork_server_options_not_understood_raise(text):
    with pytest.raises((ValueError, KeyError, TypeError)):
        batch_worker.work_from_json(text)
