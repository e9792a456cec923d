"""Many incidents at once: `dutybound batch DIR|FILE.jsonl --out results.jsonl`.

    sources.py  what to assess: the incident files of a folder, or the lines of a JSONL file
    work.py     assessing one item into one result line (runs in a worker, KB loaded once)
    local.py    every local core: a process pool
    dask.py     a Dask cluster (dask.distributed), the KB loaded once per worker
    run.py      resuming, writing results as they come, progress, the summary
    cli.py      the command
"""
