"""Every local core: a process pool whose workers each load the knowledge base once.

Workers start from a fork server (or are spawned where there is none), never forked
from the parent, whose progress bar runs a thread.
"""
from __future__ import annotations

import multiprocessing as mp
import os
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

from dutybound.batch.work import Options, assess_chunk, kb_for


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:           # not on Linux
        return os.cpu_count() or 1


class LocalPool:
    """submit(chunk) -> future; wait(pending) -> the futures done. workers == 1 assesses
    in this process (no pool to start)."""
    name = "local"

    def __init__(self, workers: int, opts: Options):
        self.workers, self.opts = workers, opts
        self.executor = None
        if workers > 1:
            methods = mp.get_all_start_methods()
            ctx = mp.get_context("forkserver" if "forkserver" in methods else "spawn")
            if "forkserver" in methods:
                ctx.set_forkserver_preload(["dutybound.batch.work"])
            self.executor = ProcessPoolExecutor(workers, mp_context=ctx, initializer=kb_for,
                                                initargs=(opts.packs,))

    def describe(self) -> str:
        return f"{self.workers} local worker process{'es' if self.workers > 1 else ''}" \
            if self.executor else "1 worker (this process)"

    def submit(self, chunk) -> Future:
        if self.executor is None:
            f = Future()
            f.set_result(assess_chunk(chunk, self.opts))
            return f
        return self.executor.submit(assess_chunk, chunk, self.opts)

    def wait(self, pending) -> set:
        return wait(pending, return_when=FIRST_COMPLETED).done

    def in_flight(self) -> int:
        return 4 * self.workers if self.executor else 1     # in this process: write each chunk

    def close(self, cancel: bool = False) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=not cancel, cancel_futures=cancel)
