"""The process the kill test SIGKILLs: it saves cases one after another,
forever, and prints `ack ID` after each save has returned (committed).

    python kill_writer.py STORE START FILE...
"""
import sys

from dutybound.store.library import CaseLibrary, shared_kb


def main(store: str, start: int, files: list[str]) -> None:
    kb = shared_kb()
    assessed = [kb.assess(f) for f in files]
    with CaseLibrary.open(store, kb=kb) as lib:
        print("ready", flush=True)
        i = start
        while True:
            cid = f"kill-{i:05d}"
            lib.add(assessed[i % len(assessed)], case_id=cid)
            print(f"ack {cid}", flush=True)
            i += 1


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3:])
