"""Gettext catalogues, compiled when first used.

The translations are kept as .po files (the source a translator edits, under
`<room>/locale/<lang>/LC_MESSAGES/<domain>.po`) and compiled in memory with
Babel the first time a language is asked for: no .mo files to keep in step,
no build step, nothing fetched. English is the source language, so `en` (and
any message without a translation) reads as written.

    _ = gettext("zh")                       # the explain room's sentences
    _("%(party)s must pay %(amount)s", party="ZFB", amount="CNY 8,000.00")
"""
from __future__ import annotations

import io
import threading
from functools import lru_cache
from pathlib import Path

LANGUAGES = ("en", "zh")
DEFAULT = "en"
HERE = Path(__file__).resolve().parent / "locale"
_LOCK = threading.Lock()


@lru_cache(maxsize=None)
def translations(folder: str, domain: str, lang: str):
    """The catalogue `folder/lang/LC_MESSAGES/domain.po` as a Babel Translations
    object; NullTranslations when there is none (English)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import NullTranslations, Translations
    po = Path(folder) / lang / "LC_MESSAGES" / f"{domain}.po"
    if lang == DEFAULT or not po.is_file():
        return NullTranslations()
    with _LOCK, po.open("rb") as f:
        catalog = read_po(f, locale=lang, domain=domain)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return Translations(buf, domain=domain)


class Gettext:
    """`_(message, **values)`: the message in one language, %-formatted with the
    values (the python-format convention of gettext catalogues)."""

    def __init__(self, lang: str, folder: Path = HERE, domain: str = "explain"):
        self.lang = lang if lang in LANGUAGES else DEFAULT
        self._t = translations(str(folder), domain, self.lang)

    def __call__(self, message: str, **values) -> str:
        text = self._t.gettext(message)
        return text % values if values else text

    def n(self, singular: str, plural: str, count: int, **values) -> str:
        text = self._t.ngettext(singular, plural, count)
        return text % {"n": count, **values}


def gettext(lang: str) -> Gettext:
    return _gettext(lang if lang in LANGUAGES else DEFAULT)


@lru_cache(maxsize=None)
def _gettext(lang: str) -> Gettext:
    return Gettext(lang)


def knowledge(lang: str) -> Gettext:
    """Translations of the knowledge base's own prose (who bears the burden of
    proof, what the court weighs), keyed by the English text of the rule files."""
    return _knowledge(lang if lang in LANGUAGES else DEFAULT)


@lru_cache(maxsize=None)
def _knowledge(lang: str) -> Gettext:
    return Gettext(lang, domain="knowledge")
