"""Worker processes that survive their work: a report that kills its worker, or holds it past its
time budget, becomes a failure of that report, and the run goes on with a fresh worker.

`WorkerPool(jobs, initializer, initargs, budget).map(function, items)` yields one `Outcome` per
item, in input order (so output never depends on `-j`). Each worker gets a few items per task and
says when it starts each one, so the pool always knows which item a worker holds and since when.
Workers ignore SIGINT (the run decides what an interruption means), die with their parent (Linux
`PR_SET_PDEATHSIG`, else a check of the parent on every idle second), and `close()` stops them
all, leaving no process behind.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Any

from attrs import frozen

from .sources.errors import LoadError

# Items a worker gets per task: fewer round trips, and still a fair share of slow files.
ITEMS_PER_TASK = 4
# Items dispatched beyond the oldest unfinished one, per worker: bounds the results held for
# ordering when one item is slow.
WINDOW_PER_WORKER = 8
# How long a worker is given to stop before it is killed.
STOP_GRACE = 2.0


@frozen
class Outcome:
    """What became of one item: its value, or why there is none (`failure`: the worker died, or
    the item exceeded its time budget), in Chinese and English (`failure.in_language(lang)`)."""

    item: Any
    value: Any = None
    failure: LoadError | None = None


def _context():
    # fork where there is one: workers start at once, with the parent's loaded registry
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _die_with_parent() -> None:
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


def _worker(connection: Connection, parent: int, function: Callable, initializer, initargs) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent()
    if initializer is not None:
        initializer(*initargs)
    while True:
        while not connection.poll(1.0):
            if os.getppid() != parent:
                return  # orphaned: nobody wants the results
        try:
            task = connection.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        for index, item in task:
            connection.send(("start", index))
            try:
                value = function(item)
            except Exception as error:  # noqa: BLE001 - one item's bug is that item's failure
                if os.environ.get("GOVDISCLOSURE_DEBUG"):
                    import traceback

                    traceback.print_exc()
                connection.send(("failed", index, (f"内部错误（请报告）：{type(error).__name__}: {error}",
                                                   f"internal error (please report it): {type(error).__name__}: {error}")))
                continue
            connection.send(("done", index, value))


class _Worker:
    def __init__(self, pool: "WorkerPool"):
        ours, theirs = pool.context.Pipe()
        self.connection = ours
        self.process = pool.context.Process(
            target=_worker, args=(theirs, os.getpid(), pool.function, pool.initializer, pool.initargs), daemon=True)
        self.process.start()
        theirs.close()
        self.assigned: deque[int] = deque()  # indices sent, not yet done
        self.current: int | None = None  # the index it said it started
        self.started = 0.0

    def stop(self) -> None:
        """Ask it to stop; kill it if it does not."""
        if self.process.is_alive():
            try:
                self.connection.send(None)
            except (OSError, ValueError):
                pass
            self.process.join(STOP_GRACE / 4)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(STOP_GRACE)
        self.connection.close()

    def kill(self) -> None:
        self.process.kill()
        self.process.join(STOP_GRACE)
        self.connection.close()


def _why_dead(process) -> LoadError:
    # Its pipe closes while the process is still exiting: wait for the exit status to be there.
    process.join(STOP_GRACE)
    code = process.exitcode
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = str(-code)
        return LoadError(f"处理该文件的工作进程被信号 {name} 终止", en=f"the worker process on this file was killed by signal {name}")
    return LoadError(f"处理该文件的工作进程意外退出（退出码 {code}）",
                     en=f"the worker process on this file exited unexpectedly (exit code {code})")


class WorkerPool:
    """`jobs` worker processes running `function` on items; `budget` seconds per item (None: no
    limit). Use as a context manager, or call `close()`."""

    def __init__(self, function: Callable, jobs: int = 1, initializer=None, initargs=(), budget: float | None = None):
        self.function, self.initializer, self.initargs = function, initializer, initargs
        self.jobs, self.budget = max(1, jobs), budget
        self.context = _context()
        self.workers: list[_Worker] = []

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Stop every worker (a run interrupted or finished): none is left behind."""
        workers, self.workers = self.workers, []
        for worker in workers:
            worker.stop()

    def map(self, items: Iterable) -> Iterator[Outcome]:
        items = list(items)
        pending = deque(range(len(items)))  # indices not yet sent
        done: dict[int, Outcome] = {}
        next_out = 0
        window = self.jobs * WINDOW_PER_WORKER
        while len(self.workers) < min(self.jobs, len(items)):
            self.workers.append(_Worker(self))
        while next_out < len(items):
            for worker in self.workers:  # feed the idle
                if not worker.assigned and pending:
                    task: list[int] = []
                    while pending and len(task) < ITEMS_PER_TASK and pending[0] < next_out + window:
                        task.append(pending.popleft())
                    if task:
                        worker.assigned.extend(task)
                        worker.connection.send([(index, items[index]) for index in task])
            timeout = None
            if self.budget is not None:
                deadlines = [w.started + self.budget for w in self.workers if w.current is not None]
                timeout = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
            ready = wait([w.connection for w in self.workers] + [w.process.sentinel for w in self.workers], timeout)
            now = time.monotonic()
            for worker in list(self.workers):
                if worker.connection in ready:
                    try:
                        while worker.connection.poll():
                            message = worker.connection.recv()
                            if message[0] == "start":
                                worker.current, worker.started = message[1], time.monotonic()
                                continue
                            kind, index, value = message
                            done[index] = Outcome(items[index], value) if kind == "done" else \
                                Outcome(items[index], failure=LoadError(value[0], en=value[1]))
                            worker.assigned.remove(index)
                            worker.current = None
                        continue
                    except (EOFError, OSError):
                        pass  # it died while sending: the same as dying
                    self._replace(worker, items, pending, done, _why_dead(worker.process) if not worker.process.is_alive()
                                  else LoadError("处理该文件的工作进程断开", en="the worker process on this file disconnected"))
                elif worker.process.sentinel in ready or not worker.process.is_alive():
                    self._replace(worker, items, pending, done, _why_dead(worker.process))
                elif self.budget is not None and worker.current is not None and now - worker.started >= self.budget:
                    worker.kill()
                    self._replace(worker, items, pending, done,
                                  LoadError(f"处理该文件超过了每份报告 {self.budget:g} 秒的时限，已停止（--timeout 可调整）",
                                            en=f"this file went over the time limit of {self.budget:g} second{'' if self.budget == 1 else 's'} per report "
                                               "and was stopped (--timeout changes it)"), killed=True)
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1

    def _replace(self, worker: _Worker, items, pending: deque, done: dict, why: LoadError, killed: bool = False) -> None:
        """A worker that died or was stopped: the item it held fails with `why`, the rest of its
        task goes back to the front of the queue, and a fresh worker takes its place."""
        held = worker.current if worker.current is not None else (worker.assigned[0] if worker.assigned else None)
        if held is not None:
            done[held] = Outcome(items[held], failure=why)
            worker.assigned.remove(held)
        pending.extendleft(reversed(worker.assigned))
        if not killed:
            worker.process.join(STOP_GRACE)
            worker.connection.close()
        self.workers[self.workers.index(worker)] = _Worker(self)
