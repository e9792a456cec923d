"""Realistic synthetic incidents for batch runs and benchmarks.

    python bench/make_incidents.py --count 100000 --out bench/data/incidents-100000.jsonl
    python bench/make_incidents.py --payments 10000 --out bench/data/payments-10000.yaml

--count N writes N incidents, one JSON object a line (the .jsonl input of
`dutybound batch`). Each is a variation of a bundled example (examples/, not the
rule packs or the case book), drawn at random with a seed, so the mix of
jurisdictions, laws, parties and outcomes is that of the examples, and every
incident is valid:

- every date and time moves by the same random number of days (-120..120), so a
  deadline keeps its length but may now cross a weekend or a holiday, and the
  law in force may change with the date;
- every amount of money is scaled by one random factor (0.25..4);
- with probability 0.2 one established-false fact is forgotten (it becomes
  unknown, as facts do in real reports);
- with probability 0.15 one payment happens again an hour later (a second
  debit of the same kind);
- the expected outcome (`expect:`) is dropped: the engine decides.

--payments N writes one incident: the README's first example (an account
takeover on a platform, CN 2022) with N unauthorised payments from the wallet,
minutes apart, of random amounts: the large-incident benchmark.
"""
from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import random
import re
import sys
from decimal import Decimal
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "dutybound" / "knowledge" / "examples"
FIRST = EXAMPLES / "cn" / "account-takeover-2022-provider-bears-the-loss-and-platform-is-supplementary.yaml"
DROP = ("expect", "decision", "known_disagreement", "notes")
_MONEY = re.compile(r"^([A-Z]{3}) (-?[0-9][0-9,]*(?:\.[0-9]+)?)$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$")
_PAYMENTS = {"UnauthorisedPayment", "AuthorisedPayment", "Payment", "Transfer", "RedPacket"}


def templates() -> list[dict]:
    """The bundled examples (YAML), without their expected outcomes."""
    out = []
    for p in sorted(EXAMPLES.rglob("*.yaml")):
        parts = p.relative_to(EXAMPLES).parts
        if parts[0] in ("kb", "cases"):
            continue
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
        for k in DROP:
            data.pop(k, None)
        out.append(data)
    return out


def _walk(x, fn):
    if isinstance(x, dict):
        return {k: _walk(v, fn) for k, v in x.items()}
    if isinstance(x, list):
        return [_walk(v, fn) for v in x]
    return fn(x)


def _shift_and_scale(days: int, factor: Decimal):
    delta = dt.timedelta(days=days)

    def fn(v):
        if isinstance(v, dt.datetime):
            return (v + delta).isoformat()
        if isinstance(v, dt.date):
            return (v + delta).isoformat()
        if isinstance(v, str):
            if _DATETIME.match(v):
                return (dt.datetime.fromisoformat(v) + delta).isoformat(timespec="minutes")
            m = _MONEY.match(v)
            if m:
                amount = (Decimal(m.group(2).replace(",", "")) * factor).quantize(Decimal("0.01"))
                return f"{m.group(1)} {amount}"
        return v
    return fn


def _classes(body: dict) -> set:
    a = body.get("a", [])
    return set(a if isinstance(a, list) else [a])


def vary(template: dict, i: int, rng: random.Random) -> dict:
    inc = copy.deepcopy(template)
    inc["incident"] = f"synthetic-{i:06d}"
    inc["title"] = f"{inc.get('title', 'incident')} (synthetic variation {i})"
    inc.pop("description", None)
    individuals = inc["individuals"]
    negated = [(name, k) for name, body in individuals.items() if isinstance(body, dict)
               for k in (body.get("not") or {})]
    if negated and rng.random() < 0.2:
        name, key = rng.choice(negated)
        del individuals[name]["not"][key]
        if not individuals[name]["not"]:
            del individuals[name]["not"]
    payments = [n for n, b in individuals.items() if isinstance(b, dict) and _classes(b) & _PAYMENTS
                and isinstance(b.get("time"), str)]
    if payments and rng.random() < 0.15:
        name = rng.choice(payments)
        again = copy.deepcopy(individuals[name])
        again["time"] = (dt.datetime.fromisoformat(again["time"]) + dt.timedelta(hours=1)).isoformat(
            timespec="minutes")
        individuals[f"{name}-again"] = again
    factor = Decimal(str(round(rng.uniform(0.25, 4.0), 2)))
    return _walk(inc, _shift_and_scale(rng.randint(-120, 120), factor))


def many(count: int, seed: int = 1):
    rng = random.Random(seed)
    base = templates()
    for i in range(count):
        yield vary(rng.choice(base), i, rng)


def with_payments(n: int, seed: int = 1) -> dict:
    """The first example with n unauthorised payments from the same wallet."""
    rng = random.Random(seed)
    inc = yaml.safe_load(FIRST.read_text(encoding="utf-8"))
    for k in DROP:
        inc.pop(k, None)
    inc["incident"] = f"account-takeover-{n}-payments"
    inds = inc["individuals"]
    pay, loss = inds.pop("pay1"), inds.pop("loss1")
    start = dt.datetime(2022, 3, 14, 2, 13)
    for k in range(1, n + 1):
        p = dict(pay, amount=f"CNY {rng.randint(100, 20000)}.00",
                 time=(start + dt.timedelta(minutes=k)).isoformat(timespec="minutes"))
        inds[f"pay{k}"] = p
        inds[f"loss{k}"] = dict(loss, resultsFrom=f"pay{k}", amount=p["amount"])
    return _walk(inc, _shift_and_scale(0, Decimal(1)))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, help="incidents to write (JSON Lines)")
    ap.add_argument("--payments", type=int, help="one incident with this many payments (YAML)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if args.payments:
        out.write_text(yaml.safe_dump(with_payments(args.payments, args.seed), allow_unicode=True,
                                      sort_keys=False), encoding="utf-8")
    elif args.count:
        with open(out, "w", encoding="utf-8") as f:
            for inc in many(args.count, args.seed):
                f.write(json.dumps(inc, ensure_ascii=False) + "\n")
    else:
        ap.error("give --count N or --payments N")
    print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
