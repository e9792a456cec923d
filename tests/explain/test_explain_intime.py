"""The law in time in both languages (dutybound/explain/intime.py): the
sentences are phrased from the data the engine records beside its English
`why`, so the English they give must be the engine's, word for word, and the
Chinese must leave no English but names, dates and the law's own codes."""
from __future__ import annotations

import re

import pytest

from dutybound.explain import intime
from dutybound.explain.markup import _REF, plain
from dutybound.explain.phrases import Phrasebook

# one example for each reason a version governs or is left out, each way
# limitation runs, a directive and a renumbered provision
EXAMPLES = [
    "cn/the-same-account-takeover-whose-loss-came-after-midnight-is-judged-under-civil-code-1198-as-the-temporal-provisions-say.yaml",
    "cn/a-credit-card-theft-made-possible-by-a-late-report-stays-with-the-holder.yaml",
    "cn/the-same-forged-debit-card-in-2016-is-decided-under-contract-law-107-and-121.yaml",
    "cn/a-provider-that-does-not-invoke-limitation-stays-liable-and-the-assessment-names-the-day-the-claim-ran-out.yaml",
    "cn/a-provider-that-invokes-limitation-is-not-liable-for-an-unauthorised-payment-claimed-more-than-three-years-later.yaml",
    "de/a-transfer-first-disputed-fourteen-months-later-is-not-refunded.yaml",
    "de/a-payment-whose-date-is-unknown-leaves-open-which-wording-of-675u-governs.yaml",
    "de/a-refund-claim-of-march-2021-runs-until-the-end-of-2024-so-the-banks-plea-of-limitation-fails.yaml",
    "eu/a-payment-of-december-2017-is-not-judged-under-psd2-which-applies-from-13-january-2018.yaml",
    "us/a-1986-unauthorised-withdrawal-is-judged-under-12-cfr-205-6-the-former-number-of-1005-6.yaml",
    "us/a-consumer-who-sues-more-than-a-year-after-the-unauthorised-transfers-loses-when-the-bank-invokes-the-one-year-limit.yaml",
]
# Latin letters a Chinese sentence may keep: the law's own codes and pinpoints
LATIN_OK = {"CFR", "PSD", "PSD2", "EUR", "USD", "CNY"}


@pytest.fixture(scope="module")
def assessed(kb):
    from tests.conftest import KB_ROOT
    return [kb.assess(kb.load_incident(KB_ROOT / "examples" / e)).to_json() for e in EXAMPLES]


def _sentences(book, a, directives=True):
    """(sentence, the engine's English) for each piece of the law in time."""
    t = a.get("law_in_time") or {}
    out = [(intime.version(book, p["version"]), p["version"]["why"])
           for p in a["proofs"].values() if p.get("version")]
    out += [(intime.version(book, u), u["why"]) for u in t.get("undetermined", [])]
    out += [(intime.limitation_why(book, x), x["why"]) for x in t.get("limitation", [])]
    out += [(intime.left_out(book, p), p["why"]) for p in a.get("law_not_in_force", []) if p.get("why")]
    if directives:          # phrased anew (full sentences, the state named), not the engine's words
        out += [(intime.directive(book, d), d["statement"]) for d in a.get("directives", [])]
    return out


def test_the_examples_cover_every_kind_of_sentence(assessed):
    reasons = {p["version"]["reason"] for a in assessed for p in a["proofs"].values() if p.get("version")}
    reasons |= {u["reason"] for a in assessed for u in a["law_in_time"].get("undetermined", [])}
    assert reasons == {"facts", "transactions", "pending", "later harm", "unknown"}
    left = {p["left_out"]["kind"] for a in assessed for p in a["law_not_in_force"] if p.get("left_out")}
    assert left == {"facts", "successor", "not yet in force", "cases decided"}
    starts = {x["start_basis"] for a in assessed for x in a["law_in_time"].get("limitation", [])}
    assert starts == {"occurrence", "stated", "facts"}
    assert any(a.get("directives") for a in assessed)


def test_the_english_phrased_from_the_data_is_the_engines(kb, assessed):
    book = Phrasebook(kb.vocab, {}, lang="en")       # names as the engine writes them: the ids
    pairs = [pair for a in assessed for pair in _sentences(book, a, directives=False)]
    assert len(pairs) > 100
    differ = [(plain(s), why) for s, why in pairs if plain(s) != why]
    assert not differ, differ[:3]


def test_the_chinese_leaves_no_english_but_names(kb, assessed):
    english = []
    for a in assessed:
        book = Phrasebook(kb.vocab, a["incident"].get("labels") or {}, lang="zh", markup=True)
        for s, why in _sentences(book, a):
            shown = _REF.sub(lambda m: "" if m.group(1) in ("name", "en") else m.group(3), s)
            words = [w for w in re.findall(r"[A-Za-z][A-Za-z-]{2,}", shown) if w not in LATIN_OK]
            if words or not re.search(r"[\u4e00-\u9fff]", shown):
                english.append((shown, words))
    assert not english, english[:3]


def test_a_limitation_interrupted_and_suspended_reads_in_chinese(kb):
    x = {"party": "bank", "to": "alice", "basis": "CC-188", "basis_title": "Civil Code (PRC), Art. 188",
         "cited": [{"id": "CC-188", "title": "Civil Code (PRC), Art. 188"}], "status": "not run out",
         "runs_out": "2026-05-01", "asserted": "2025-01-01", "asserted_as": "filed", "start": "2021-03-02",
         "start_basis": "stated", "runs_from": "2021-03-02", "why": "...",
         "events": [{"kind": "interrupted", "on": "2022-05-01"},
                    {"kind": "suspended in the final months", "from": "2025-01-01", "to": "2025-02-01",
                     "months": 6}]}
    zh = plain(intime.limitation(Phrasebook(kb.vocab, {"alice": "Alice"}, lang="zh"), x))
    assert "《民法典》第188条" in zh and "于2022-05-01中断，自该日起重新计算" in zh
    assert "故于中止的原因消除后满6个月届满" in zh
    en = plain(intime.limitation(Phrasebook(kb.vocab, {"alice": "Alice"}, lang="en"), x))
    assert en.endswith("Interrupted on 2022-05-01, so it ran again from then; suspended 2025-01-01 to "
                       "2025-02-01 within the last 6 months, so it ends 6 months after.")
