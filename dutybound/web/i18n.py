"""The interface in English and Chinese, through gettext catalogues.

Templates and handlers write English (`{{ _('Assess an incident') }}`);
Flask-Babel looks each message up in `web/translations/<lang>/LC_MESSAGES/
messages.po`, compiled in memory when a language is first used
(dutybound/explain/catalogues.py: no build step, nothing fetched). The
sentences of an assessment come from dutybound.explain in the same language;
the law is shown as written beside our paraphrase.

Updating the catalogue after changing a template (docs/web.md):

    pybabel extract -F babel.cfg -o /tmp/messages.pot dutybound/web
    pybabel update -i /tmp/messages.pot -d dutybound/web/translations -l zh
"""
from __future__ import annotations

from pathlib import Path

LANGUAGES = ("en", "zh")
DEFAULT = "en"
TRANSLATIONS = Path(__file__).resolve().parent / "translations"


def pick(requested: str | None, accept_header: str | None = None) -> str:
    """The interface language: an explicit choice, else the browser's."""
    if requested in LANGUAGES:
        return requested
    for part in (accept_header or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return DEFAULT


def setup(app) -> None:
    """Flask-Babel with the locale of the request (g.lang) and the app's
    catalogue, compiled on first use."""
    from flask import g
    from flask_babel import Babel, Domain, get_locale

    from dutybound.explain.catalogues import translations

    class CatalogueDomain(Domain):
        def get_translations(self):
            locale = get_locale()
            return translations(str(TRANSLATIONS), "messages", str(locale) if locale else DEFAULT)

    babel = Babel(app, locale_selector=lambda: getattr(g, "lang", DEFAULT))
    babel.domain_instance = CatalogueDomain(domain="messages")     # read by flask_babel.get_domain()


def gettext(message: str, **values) -> str:
    """The message in the request's language (outside templates)."""
    from flask_babel import gettext as _gettext
    return _gettext(message, **values)
