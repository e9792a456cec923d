"""`dutybound batch`: many incidents, every local core or a Dask cluster, resumable.

    dutybound batch incidents/ --out results.jsonl
    dutybound batch incidents.jsonl --out results.jsonl --jurisdiction CN --workers 2
    dutybound batch incidents.jsonl --out results.jsonl --scheduler tcp://127.0.0.1:8786
"""
from __future__ import annotations

JURISDICTIONS = ("CN", "DE", "EU", "US")


def register(sub) -> None:
    p = sub.add_parser("batch", help="assess many incidents (a folder or a .jsonl file) into a "
                       "JSON Lines file, on every local core or a Dask cluster; re-running resumes")
    p.add_argument("source", metavar="DIR|FILE.jsonl",
                   help="a folder of incident files, or a file with one JSON incident per line")
    p.add_argument("--out", required=True, metavar="FILE",
                   help="the results, one JSON line per incident (appended to; what it has is skipped)")
    p.add_argument("--jurisdiction", metavar="J", help="CN, DE, EU or US for every incident "
                   "(default: each incident's own; one that names none is assessed under all four)")
    p.add_argument("--workers", type=int, metavar="N",
                   help="local worker processes (default: every core this process may use)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="run on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786)")
    p.add_argument("--open-questions", action="store_true",
                   help="also search each incident's open questions (slower)")
    p.add_argument("--full", action="store_true", help="write the whole assessment JSON per incident")
    p.add_argument("--retry-failed", action="store_true", help="assess again the incidents that failed before")
    p.add_argument("--chunk", type=int, default=16, metavar="N", help="incidents per task (default 16)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_batch)


def cmd_batch(args) -> int:
    from dutybound.batch.local import LocalPool, default_workers
    from dutybound.batch.run import check_output, run_batch, summary
    from dutybound.batch.work import Options, kb_for
    from dutybound.errors import DutyboundError, Problem
    from dutybound.kb.packs import pack_paths
    juris = args.jurisdiction.upper() if args.jurisdiction else None
    if juris and juris not in JURISDICTIONS:
        raise DutyboundError(Problem(f"unknown jurisdiction '{args.jurisdiction}'",
                                     hint="use CN, DE, EU or US"), kind="usage")
    if (args.workers is not None and args.workers < 1) or args.chunk < 1:
        raise DutyboundError(Problem("--workers and --chunk take a number of at least 1"), kind="usage")
    out = check_output(args.out)
    packs = tuple(str(p.resolve()) for p in pack_paths())     # --kb joined $DUTYBOUND_KB
    kb = kb_for(packs)          # rules and packs checked here, before any worker starts
    opts = Options(juris, args.open_questions, args.full, packs)
    if args.scheduler:
        from dutybound.batch.dask import DaskCluster
        executor = DaskCluster(args.scheduler, opts)
    else:
        executor = LocalPool(args.workers or default_workers(), opts)
    where = executor.describe()
    tally = run_batch(args.source, out, executor, opts, kb.digest, chunk_size=args.chunk,
                      retry_failed=args.retry_failed, progress=not args.no_progress)
    print(summary(tally, args.source, out, where, opts), end="")
    return 1 if tally.failed else 0
