"""Fully bilingual: every sentence the explain room writes, and the knowledge
base's own prose it shows, has a Chinese translation in the catalogues, which
compile in memory without any network."""
from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from dutybound.explain.catalogues import gettext, knowledge
from dutybound.explain.titles import title_prose

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "dutybound" / "explain" / "locale" / "zh" / "LC_MESSAGES"


def _catalog(name):
    return {m.id: m.string for m in read_po((LOCALE / f"{name}.po").open("rb")) if m.id}


def test_every_sentence_the_code_writes_is_translated():
    catalog = _catalog("explain")
    used = set()
    # the explain domain: the explain room, the renderers, and the web's result pages and interview
    for folder, pattern in (("dutybound/explain", "**.py"), ("dutybound/render", "**.py"),
                            ("dutybound/web", "results.py"), ("dutybound/web", "interview.py")):
        for _, _, message, _, _ in extract_from_dir(ROOT / folder, [(pattern, "python")],
                                                     keywords={"_": None, "N_": None}):
            used.add(message if isinstance(message, str) else message[0])
    missing = sorted(m for m in used if not catalog.get(m))
    assert not missing, f"not in explain.po (docs/web.md, Translations): {missing}"


def test_the_knowledge_bases_prose_is_translated(kb):
    """Burden of proof, what the court weighs, the names of the sources: shown in
    Chinese pages, so each has a translation (add it to knowledge.po)."""
    catalog = _catalog("knowledge")
    texts = {p.burden for p in kb.provisions.values() if p.burden}
    for r in kb.rules:
        for h in r.heads:
            if isinstance(getattr(h, "factors", None), str):
                texts.add(h.factors)
    texts |= {t for p in kb.provisions.values() for t in title_prose(p.title)}
    texts |= {a.before for a in kb.applications.values() if a.before}   # what governed before: named
    missing = sorted(t for t in texts if not catalog.get(t))
    assert not missing, f"not in knowledge.po: {missing}"


def test_catalogues_compile_in_memory_and_english_is_the_source():
    assert gettext("zh")("The bottom line") == "结论要点"
    assert gettext("en")("The bottom line") == "The bottom line"
    assert gettext("zh")("Is it true that %(sentence)s?", sentence="X") == "X，是否属实？"
    assert knowledge("zh")("Civil Code (PRC)") == "《民法典》"
    assert knowledge("zh")("a text nobody translated") == "a text nobody translated"
