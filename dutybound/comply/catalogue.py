"""The controls catalogue (knowledge/controls/catalogue.yaml): each control the
paper and issue 13 name, mapped to the duties the law holds or marked good
practice without a legal duty, and for each duty the incident that shows what a
gap would cost (its `exposure`)."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from dutybound.errors import DutyboundError, Problem


@dataclass(frozen=True)
class Entry:
    id: str
    named: str
    en: str
    zh: str
    terms: tuple
    duties: tuple = ()
    good_practice: dict | None = None      # {en, zh}: why no legal duty is held

    @property
    def legal(self) -> bool:
        return bool(self.duties)


@dataclass(frozen=True)
class Exposure:
    duty: str
    incident: str | None                   # an example incident, relative to the knowledge base
    assume: tuple                          # the gap as what-if toggles on that incident
    en: str
    zh: str


@dataclass
class Catalogue:
    entries: list
    exposure: dict = field(default_factory=dict)    # duty class -> Exposure

    def matching(self, terms: set) -> list:
        """The entries a control with these classes and properties falls under."""
        return [e for e in self.entries if terms & set(e.terms)]


def catalogue_path(root: Path) -> Path:
    return Path(root) / "controls" / "catalogue.yaml"


def load_catalogue(root: Path) -> Catalogue:
    return _load(str(catalogue_path(root)))


@lru_cache(maxsize=4)
def _load(path: str) -> Catalogue:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise DutyboundError(Problem(f"cannot read the controls catalogue: {e}", path)) from None
    entries = []
    for raw in data.get("controls") or []:
        entries.append(Entry(raw["id"], raw["named"], raw["en"], raw["zh"], tuple(raw["terms"]),
                             tuple(raw.get("duties") or ()), raw.get("good_practice")))
    exposure = {duty: Exposure(duty, x.get("incident"), tuple(x.get("assume") or ()), x["en"], x["zh"])
                for duty, x in (data.get("exposure") or {}).items()}
    return Catalogue(entries, exposure)
