"""`dutybound comply PROFILE`: a controls profile checked against its
operator's duties (docs/controls-profile.md). Exit 0 when the review matches
the profile's `expect:` (or it has none), 1 when not."""
from __future__ import annotations

import json


def register(sub) -> None:
    c = sub.add_parser("comply", help="check an operator's controls (a controls profile) against its duties")
    c.add_argument("profile", nargs="?", help="the controls profile (YAML or JSON); "
                   "without it, the bundled profiles are listed")
    c.add_argument("--format", choices=["text", "json", "md"], default="text")
    c.add_argument("--jurisdiction", metavar="J", help="only this jurisdiction's law (CN, DE, EU, US)")
    c.add_argument("--lang", choices=["en", "zh"], default="en")
    c.set_defaults(func=cmd_comply)


def cmd_comply(args) -> int:
    from dutybound.cli import bundled_or_given
    from dutybound.comply.review import profile_files, review_file
    from dutybound.engine.kb import KnowledgeBase
    from dutybound.errors import DutyboundError, Problem
    kb = KnowledgeBase.load()
    if not args.profile:
        for p in profile_files(kb.root):
            print(p.relative_to(kb.root))
        return 0
    juris = args.jurisdiction.upper() if args.jurisdiction else None
    if juris and juris not in ("CN", "DE", "EU", "US"):
        raise DutyboundError(Problem(f"unknown jurisdiction '{args.jurisdiction}'",
                                     hint="use CN, DE, EU or US"), kind="usage")
    r = review_file(kb, bundled_or_given(args.profile, under="controls/profiles"), juris)
    if args.format == "json":
        print(json.dumps(r, ensure_ascii=False, indent=2, default=str))
    else:
        from dutybound.render.controls import render_markdown, render_text
        render = render_markdown if args.format == "md" else render_text
        print(render(r, kb.vocab, args.lang), end="")
    return 0 if r.get("expect", {"ok": True})["ok"] else 1

