"""A Dask cluster (dask.distributed): the same chunks of work, on the cluster's workers.

    dutybound batch incidents.jsonl --out results.jsonl --scheduler tcp://10.0.0.5:8786

A worker plugin loads the knowledge base once per worker when it joins, so tasks carry
only incident texts. Workers need dutybound (and the rule packs, at the same paths)
installed; the incidents themselves travel with the tasks, so no shared file system
is needed. The optional extra `dask` installs dask[distributed].
"""
from __future__ import annotations

from dutybound.batch.work import Options, assess_chunk, kb_for
from dutybound.errors import DutyboundError, Problem

PLUGIN = "dutybound-kb"


def _plugin_class():
    from distributed.diagnostics.plugin import WorkerPlugin

    class KnowledgeBasePlugin(WorkerPlugin):
        """Loads the knowledge base (with the batch's rule packs) once, as a worker starts."""

        def __init__(self, packs: tuple):
            self.packs = packs
            self.loads = 0

        def setup(self, worker):
            kb_for(self.packs)
            self.loads += 1

    return KnowledgeBasePlugin


class DaskCluster:
    name = "dask"

    def __init__(self, address, opts: Options):
        try:
            from distributed import Client
        except ImportError:
            raise DutyboundError(Problem(
                "--scheduler needs dask.distributed, which is not installed",
                hint="pip install 'dutybound[dask]'"), kind="usage") from None
        self.opts = opts
        self.own = not hasattr(address, "submit")      # a Client we made, we close
        try:
            self.client = address if hasattr(address, "submit") else Client(address, timeout="30s")
        except (OSError, TimeoutError, ValueError) as e:
            raise DutyboundError(Problem(f"cannot reach the Dask scheduler at {address}: {e}",
                                         hint="start one with `dask scheduler` and give its "
                                              "address, e.g. tcp://127.0.0.1:8786"), kind="usage") from None
        self.client.register_plugin(_plugin_class()(opts.packs), name=PLUGIN)
        self.workers = max(1, sum(w.get("nthreads", 1) for w in
                                  self.client.scheduler_info()["workers"].values()))

    def describe(self) -> str:
        return f"Dask cluster {self.client.scheduler.address} ({self.workers} worker threads)"

    def submit(self, chunk):
        return self.client.submit(assess_chunk, chunk, self.opts, pure=False)

    def wait(self, pending) -> set:
        from distributed import wait
        return set(wait(list(pending), return_when="FIRST_COMPLETED").done)

    def in_flight(self) -> int:
        return 4 * self.workers

    def close(self, cancel: bool = False) -> None:
        if self.own:          # the cluster is the user's and outlives the batch; our client not
            self.client.close()
