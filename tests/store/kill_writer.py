"""The process the kill tests SIGKILL: it saves cases one after another,
forever, and prints `ack ID` after each save has returned (committed).

    python kill_writer.py STORE START FILE...
    python kill_writer.py --big N STORE START FILE...

With --big N every save is a large case (its graph padded with N more triples,
counted in its db:tripleCount), and the writer prints `begin ID` just before
the store's update starts, so that the test can kill it during the write
itself. It first saves one such case and prints `calibrated SECONDS` (how long
that write took) for the test to aim its kill.
"""
import sys
import time

from dutybound.store import rdf
from dutybound.store import vocab as V
from dutybound.store.library import CaseLibrary, shared_kb


def padded(n: int):
    real = rdf.case_triples

    def case_triples(a, kb, case_id=None, saved_at=None):
        g = {t for t in real(a, kb, case_id, saved_at) if t[1] != V.DB.tripleCount}
        c = V.case_iri(case_id or a.incident.id)
        g |= {(c, V.DB.statement, rdf.Literal(f"padding {i}")) for i in range(n)}
        g.add((c, V.DB.tripleCount, rdf.Literal(len(g) + 1, datatype=rdf.XSD.integer)))
        return g
    return case_triples


def main(args: list[str]) -> None:
    big = 0
    if args[0] == "--big":
        big, args = int(args[1]), args[2:]
        rdf.case_triples = padded(big)
    store, start, files = args[0], int(args[1]), args[2:]
    kb = shared_kb()
    assessed = [kb.assess(f) for f in files]
    with CaseLibrary.open(store, kb=kb) as lib:
        if big:
            real_update, current, took = lib.backend.update, [None], []

            def update(text):
                if current[0]:
                    print(f"begin {current[0]}", flush=True)
                t = time.perf_counter()
                real_update(text)
                took.append(time.perf_counter() - t)
            lib.backend.update = update
            lib.add(assessed[0], case_id="calibration")
            print(f"calibrated {took[-1]:.3f}", flush=True)
        print("ready", flush=True)
        i = start
        while True:
            cid = f"kill-{i:05d}"
            if big:
                current[0] = cid
            lib.add(assessed[i % len(assessed)], case_id=cid)
            print(f"ack {cid}", flush=True)
            i += 1


if __name__ == "__main__":
    main(sys.argv[1:])
