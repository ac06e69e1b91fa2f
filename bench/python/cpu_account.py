"""CPU accounting of a Dask run, for bench_python.py: the CPU seconds of every thread of the
client process (the job's own code, and the scheduler and nannies that LocalCluster runs on
its event loop thread) and of every worker process (the task thread, the event loop that
moves and (de)serialises data and runs the worker's monitors), and the task thread's CPU
per kind of task. Wall-clock time on a shared machine says little about where CPU went;
these counts do not depend on what else runs.

Linux only (/proc/self/task/<tid>/stat); elsewhere each process counts as one thread."""
import os
import threading
import time
from collections import defaultdict

from distributed.diagnostics.plugin import WorkerPlugin
from distributed.utils import key_split

_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
TASK_THREADS = "Dask-Default-Threads"


def _thread_ticks(tid):
    try:
        with open(f"/proc/self/task/{tid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None  # the thread has ended
    return int(fields[11]) + int(fields[12])  # utime + stime


def _role(name):
    """Thread names without their numbers: one row per kind of thread."""
    if name.startswith(TASK_THREADS):
        return "task threads"
    if name == "MainThread":
        return "main thread"
    if name == "IO loop":
        return "event loop thread"
    return name.rstrip("0123456789-_") or "other"


def thread_cpu():
    """{thread kind: CPU seconds} of this process, and "ended threads" for threads gone
    (their time stays in the process's total)."""
    try:
        tids = os.listdir("/proc/self/task")
        with open("/proc/self/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return {"process": time.process_time()}
    total = (int(fields[11]) + int(fields[12])) / _TICK
    names = {t.native_id: t.name for t in threading.enumerate()}
    out = defaultdict(float)
    for tid in tids:
        ticks = _thread_ticks(tid)
        if ticks is not None:
            out[_role(names.get(int(tid), "unnamed thread"))] += ticks / _TICK
    out["ended threads"] = max(0.0, total - sum(out.values()))
    return dict(out)


def _task_thread_cpu():
    ticks = 0
    for t in threading.enumerate():
        if t.name.startswith(TASK_THREADS):
            ticks += _thread_ticks(t.native_id) or 0
    return ticks / _TICK


class TaskCPU(WorkerPlugin):
    """Per kind of task (the key's prefix: audit_range, verify, ...): tasks run, CPU seconds
    of the task thread while they ran, and their wall seconds. Exact with one thread per
    worker (the CPU of all task threads is read at each task's start and end)."""

    name = "task-cpu"

    def setup(self, worker):
        self.worker = worker
        self.by_kind = defaultdict(lambda: [0, 0.0, 0.0])
        self.running = {}

    def transition(self, key, start, finish, **kwargs):
        if finish == "executing":
            self.running[key] = (_task_thread_cpu(), time.perf_counter())
        elif start == "executing" and key in self.running:
            cpu0, t0 = self.running.pop(key)
            row = self.by_kind[key_split(key)]
            row[0] += 1
            row[1] += _task_thread_cpu() - cpu0
            row[2] += time.perf_counter() - t0


def worker_report(dask_worker):
    """What one worker measured: its threads' CPU, its tasks' CPU by kind and the seconds
    its statistical profiler spent sampling."""
    plugin = dask_worker.plugins.get(TaskCPU.name)
    return {"threads": thread_cpu(),
            "tasks": {k: tuple(v) for k, v in plugin.by_kind.items()} if plugin else {},
            "profiler": dask_worker.digests_total.get("profile-duration", 0.0)}


def snapshot(client):
    """CPU of every thread kind of the client process and of each worker so far."""
    return {"client": thread_cpu(),
            "workers": client.run(worker_report)}


def difference(before, after):
    """{(process, thread kind): CPU seconds} between two snapshots (workers summed), the
    task kinds {kind: [tasks, CPU s, wall s]} and the profiler's seconds."""
    rows = defaultdict(float)
    for k, v in after["client"].items():
        rows[("client", k)] += v - before["client"].get(k, 0.0)
    tasks, profiler = defaultdict(lambda: [0, 0.0, 0.0]), 0.0
    for addr, rep in after["workers"].items():
        old = before["workers"].get(addr, {"threads": {}, "tasks": {}, "profiler": 0.0})
        for k, v in rep["threads"].items():
            rows[("workers", k)] += v - old["threads"].get(k, 0.0)
        for k, v in rep["tasks"].items():
            o = old["tasks"].get(k, (0, 0.0, 0.0))
            for i in range(3):
                tasks[k][i] += v[i] - o[i]
        profiler += rep["profiler"] - old["profiler"]
    return dict(rows), dict(tasks), profiler
