"""The controls review in the web app (`/comply`): the bundled controls
profiles, and one reviewed with the same bottom-line-first layout as an
assessment (docs/web.md). Reads dutybound.comply; renders its view."""
from __future__ import annotations

from dutybound.comply.profile import parse_profile_text
from dutybound.comply.review import profile_files, review
from dutybound.errors import DutyboundError, Problem
from dutybound.render.controls import view

MAX_TEXT = 200_000


def profiles(kb) -> list:
    out = []
    for p in profile_files(kb.root):
        prof = _load_path(kb, p)
        out.append({"id": p.stem, "title": prof.title, "date": prof.date.isoformat(),
                    "jurisdictions": prof.jurisdictions})
    return out


def review_view(kb, profile_id: str | None, text: str | None, lang: str) -> dict:
    if text is not None:
        if len(text) > MAX_TEXT:
            raise DutyboundError(Problem("the profile is too long", "pasted profile",
                                         hint=f"keep it under {MAX_TEXT // 1000} kB"), kind="usage")
        prof = parse_profile_text(text, "pasted.yaml", kb.vocab, kb.root / "ontology" / "shapes.ttl")
    else:
        known = {p.stem: p for p in profile_files(kb.root)}
        if profile_id not in known:
            raise DutyboundError(Problem(f"no bundled profile '{profile_id}'",
                                         hint="choose one of: " + ", ".join(sorted(known))), kind="usage")
        prof = _load_path(kb, known[profile_id])
    r = review(kb, prof)
    v = view(r, kb.vocab, lang, markup=True)    # reads the deciding rules' proofs
    for gap in v["gaps"]:                       # the example's id on the assessment page
        inc = gap["exposure"]["incident"]
        if inc:
            gap["exposure"]["example"] = inc["path"].removeprefix("examples/")
    public = {**r, "jurisdictions": {j: {k: x for k, x in data.items() if k != "proofs"}
                                     for j, data in r["jurisdictions"].items()}}
    return {"review": public, "_v": v, "source_text": prof.source_text, "profile_id": profile_id}


def _load_path(kb, path):
    from dutybound.comply.review import load
    return load(kb, path)
