"""The `dutybound` command line.

Exit codes: 0 ok; 2 usage or file error; 3 invalid rules, ontology or
incident; 4 (assess --strict) some claim lies outside the knowledge base.
Errors are printed in the one format of dutybound.errors, never as a traceback.
"""
from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import sys

from dutybound.errors import DutyboundError, Problem

JURISDICTIONS = ("CN", "DE", "EU", "US")

EPILOG = """examples:
  dutybound assess examples/cn/account-takeover-2022-provider-bears-the-loss-and-platform-is-supplementary.yaml
  dutybound assess FILE --format json
  dutybound assess FILE --assume 'pay1 causedByFaultOf alice=true'
  dutybound assess FILE --decided-on 2023-06-01
  dutybound explain FILE 'liable zfb to alice'
  dutybound check
"""


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="dutybound", epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Assess legal liability for e-commerce and online-payment incidents, "
                    "with the statute behind every step.")
    p.add_argument("--version", action="version", version=_version())
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    a = sub.add_parser("assess", help="assess an incident file (YAML, JSON, Turtle, JSON-LD)")
    a.add_argument("file", help="the incident file")
    a.add_argument("--format", choices=["text", "json", "md"], default="text",
                   help="output format (default: text)")
    a.add_argument("--decided-on", metavar="DATE", help="the decision date: when the claim is "
                   "judged (default: the incident's proceedings.decided, else today); each fact "
                   "keeps its own date")
    a.add_argument("--as-of", metavar="DATE", help="one date for everything: every fact taken as "
                   "of DATE and the case decided on DATE, i.e. the law in force on DATE")
    a.add_argument("--assume", metavar="FACT=VALUE", action="append", default=[],
                   help="what if: 'SUBJECT PROPERTY OBJECT=true|false|unknown' (repeatable)")
    a.add_argument("--jurisdiction", metavar="J",
                   help="CN, DE, EU or US (default: the incident's), or 'all' to compare them side by "
                        "side (the default for an incident that names no jurisdiction)")
    a.add_argument("--no-proofs", action="store_true", help="text output without the proof trees")
    a.add_argument("--strict", action="store_true",
                   help="exit 4 when some claim lies outside the knowledge base (no provision held "
                        "reaches it), so that scripts can tell 'not decided' from 'not liable'")
    a.add_argument("--details", action="store_true",
                   help="text output with the rules' internals (bindings, tests, counts, axioms)")
    a.add_argument("--lang", choices=["en", "zh"], default="en",
                   help="the language of the text and Markdown output (default: en)")
    a.add_argument("--timeline", action="store_true",
                   help="print the incident on a timeline, with the deadlines the rules computed")
    a.add_argument("--svg", metavar="DIR", help="also write the pictures (timeline, who pays whom, the "
                   "argument for each issue) to DIR as SVG files")

    c = sub.add_parser("check", help="check the ontology (HermiT) and every rule file")
    c.add_argument("--no-reasoner", action="store_true",
                   help="skip the DL reasoner (HermiT needs Java)")

    e = sub.add_parser("explain", help="explain one conclusion of an assessment")
    e.add_argument("file", help="the incident file")
    e.add_argument("conclusion", help="a proof id (e.g. 'psp-bears-unauthorised-loss#5d41402a') or a "
                   "conclusion: 'liable P to V', 'breach P Duty', 'duty P Duty', 'S P O'")
    e.add_argument("--as-of", metavar="DATE")
    e.add_argument("--decided-on", metavar="DATE")
    e.add_argument("--assume", metavar="FACT=VALUE", action="append", default=[])
    e.add_argument("--format", choices=["text", "json"], default="text")
    e.add_argument("--lang", choices=["en", "zh"], default="en", help="the language of the text output")
    e.add_argument("--details", action="store_true", help="with the rules' internals")
    e.add_argument("--svg", metavar="DIR", help="for 'liable P to V': also write the argument map (for and "
                   "against, with the why-not of a liability that failed) to DIR as an SVG file")

    cov = sub.add_parser("coverage", help="which golden cases exercise each provision, both ways")
    cov.add_argument("--format", choices=["text", "json"], default="text")
    cov.add_argument("files", nargs="*", help="incident files (default: every example under examples/)")
    cov.set_defaults(func=cmd_coverage)

    cb = sub.add_parser("casebook", help="real published decisions: does the engine reach the court's outcome?")
    cb.add_argument("--format", choices=["text", "json"], default="text")
    cb.add_argument("files", nargs="*", help="case files (default: every case under examples/cases/)")
    cb.set_defaults(func=cmd_casebook)

    a.set_defaults(func=cmd_assess)
    c.set_defaults(func=cmd_check)
    e.set_defaults(func=cmd_explain)
    for module in COMMAND_MODULES:
        importlib.import_module(module).register(sub)
    add_kb_option(p, sub)
    return p


def add_kb_option(parser, sub) -> None:
    """--kb DIR (repeatable) on the program and on every command: rule packs laid over
    the shipped knowledge base (kb/packs.py), after those in $DUTYBOUND_KB."""
    text = "a rule pack to lay over the shipped knowledge base (repeatable; also $DUTYBOUND_KB)"
    parser.add_argument("--kb", metavar="DIR", action="append", default=[], help=text)
    for name, command in sub.choices.items():
        if not any("--kb" in a.option_strings for a in command._actions):
            command.add_argument("--kb", metavar="DIR", action="append", default=argparse.SUPPRESS,
                                 help=text)


def main(argv=None) -> int:
    for stream in (sys.stdout, sys.stderr):      # text that cannot be encoded is escaped, not a crash
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError, OSError):
            pass
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    if isinstance(getattr(args, "file", None), str):
        args.file = bundled_or_given(args.file)
    try:
        with packs_in_env(getattr(args, "kb", None)):
            return args.func(args)
    except DutyboundError as err:
        print(err.render(), file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as err:        # a bug, not bad input: say so, without a traceback
        return _internal_error(err)


def bundled_or_given(name: str, under: str = "examples") -> str:
    """A file named as `dutybound examples` (or `comply`) lists it, relative to the
    installed package's examples (or knowledge base), is read from there when the
    working directory has no file of that name; any other name is left as given,
    so a missing file is still reported under the name the user typed."""
    from pathlib import Path
    from dutybound.kb.locate import default_root
    given = Path(name)
    if given.exists() or given.is_absolute():
        return name
    for base in (default_root() / under, default_root()):
        if (base / given).is_file():
            return str(base / given)
    return name


INTERNAL_ERROR = 70                 # EX_SOFTWARE (sysexits.h)


def _internal_error(err: Exception) -> int:
    import os
    if os.environ.get("DUTYBOUND_DEBUG"):
        import traceback
        traceback.print_exc()
    message = str(err).splitlines()[0][:300] if str(err) else ""
    print(f"dutybound: internal error: {type(err).__name__}{': ' + message if message else ''}\n"
          "hint: this is a bug in Dutybound, not a problem with your input; please report it with "
          "the command and the input. DUTYBOUND_DEBUG=1 shows where it happened.", file=sys.stderr)
    return INTERNAL_ERROR


def _kb():
    from dutybound.engine.kb import KnowledgeBase
    return KnowledgeBase.load()


@contextlib.contextmanager
def packs_in_env(kb_dirs):
    """--kb folders join $DUTYBOUND_KB while the command runs, so every command, the web
    app and batch workers (which inherit the environment) load the same packs."""
    if not kb_dirs:
        yield
        return
    from dutybound.kb.packs import ENV, pack_paths
    before = os.environ.get(ENV)
    os.environ[ENV] = os.pathsep.join(str(p) for p in pack_paths(kb_dirs))
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(ENV, None)
        else:
            os.environ[ENV] = before


def _date(text, flag="--as-of"):
    if text is None:
        return None
    from dutybound.values import ValueError_, parse_date
    try:
        return parse_date(text)
    except ValueError_ as e:
        raise DutyboundError(Problem(f"{flag}: {e}", hint="write a date as YYYY-MM-DD"),
                             kind="usage") from None


def _when(args) -> dict:
    """--as-of and --decided-on, checked (docs/semantics.md §3)."""
    as_of = _date(getattr(args, "as_of", None))
    decided = _date(getattr(args, "decided_on", None), "--decided-on")
    if as_of and decided:
        raise DutyboundError(Problem("--as-of and --decided-on cannot be combined",
                                     hint="--as-of already sets the decision date; use --decided-on "
                                          "alone to keep each fact's own date"), kind="usage")
    return {"as_of": as_of, "decided_on": decided}


def cmd_assess(args) -> int:
    kb = _kb()
    juris = args.jurisdiction.upper() if args.jurisdiction else None
    if juris is None:
        incident = kb.load_incident(args.file)
        if incident.jurisdiction is None:       # no law named: compare them all
            return _compare(kb, args, incident)
    if juris == "ALL":
        return _compare(kb, args)
    if juris and juris not in JURISDICTIONS:
        raise DutyboundError(Problem(f"unknown jurisdiction '{args.jurisdiction}'",
                                     hint="use CN, DE, EU, US or all"), kind="usage")
    a = kb.assess(args.file, assume=args.assume, jurisdiction=juris, **_when(args))
    data = a.to_json()
    from dutybound.explain import bottom_line_json, explain_assessment, provision_titles
    if args.format == "json":
        data["bottom_line"] = bottom_line_json(data, kb.vocab, a.incident)
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return _exit_status(args, [data])
    view = explain_assessment(data, kb.vocab, a.incident, args.lang, titles=provision_titles(kb))
    if args.svg or args.timeline:
        return _pictures(args, data, view, a.incident)
    if args.format == "md":
        from dutybound.render.markdown import render
        print(render(data, view=view), end="")
    else:
        from dutybound.render.text import render
        print(render(data, proofs=not args.no_proofs, view=view, details=args.details), end="")
    return _exit_status(args, [data])


def _pictures(args, data, view, incident) -> int:
    """--timeline: the timeline as text; --svg DIR: every picture as a file
    (with --format md, the report too, linking them)."""
    from dutybound.render.pictures import assessment_pictures, timeline_text, write_svgs
    if args.timeline:
        print(timeline_text(data, view, incident), end="")
    if args.svg:
        missing: list = []          # without Graphviz: the timeline, then the problem
        pics = assessment_pictures(data, view, incident, missing=missing)
        written = write_svgs(pics, args.svg)
        if args.format == "md":
            from pathlib import Path

            from dutybound.render.markdown import render
            report = Path(args.svg) / "report.md"
            report.write_text(render(data, view=view, pictures=pics, picture_dir="."), encoding="utf-8")
            written.append(report)
        for path in written:
            print(path, file=sys.stderr)
        if missing:
            raise DutyboundError(missing, kind="usage")
    return _exit_status(args, [data])


def _exit_status(args, assessments) -> int:
    """0, or with --strict 4 when a claim lies outside the knowledge base."""
    outside = any(not a["reach"]["complete"] for a in assessments)
    return 4 if args.strict and outside else 0


def _compare(kb, args, incident=None) -> int:
    from dutybound.render.compare import render_markdown, render_text
    incident = incident or kb.load_incident(args.file)
    from dutybound.explain import bottom_line_json, explain_assessment, provision_titles
    results = {j: kb.assess(incident, assume=args.assume, jurisdiction=j, **_when(args))
               for j in JURISDICTIONS}
    data = {j: a.to_json() for j, a in results.items()}
    if args.format == "json":
        for j, a in data.items():
            a["bottom_line"] = bottom_line_json(a, kb.vocab, incident)
        print(json.dumps({"incident": data["CN"]["incident"], "comparison": data},
                         ensure_ascii=False, indent=2))
        return _exit_status(args, list(data.values()))
    titles = provision_titles(kb)
    views = {j: explain_assessment(a, kb.vocab, incident, getattr(args, "lang", "en"), titles=titles)
             for j, a in data.items()}
    if args.format == "md":
        print(render_markdown(data, views), end="")
    else:
        print(render_text(data, views), end="")
    return _exit_status(args, list(data.values()))


def cmd_coverage(args) -> int:
    from dutybound.engine.coverage import coverage, example_files, missing, render_coverage
    kb = _kb()
    files = args.files or example_files(kb.root)
    table = coverage(kb, files)
    if args.format == "json":
        print(json.dumps(table, ensure_ascii=False, indent=2))
    else:
        print(render_coverage(table), end="")
    return 1 if missing(table) else 0


def cmd_casebook(args) -> int:
    from pathlib import Path

    from dutybound.engine.casebook import case_files, judge, render_casebook, summary
    kb = _kb()
    files = [Path(f) for f in args.files] or case_files(kb.root)
    rows = [judge(kb, f) for f in files]
    if args.format == "json":
        print(json.dumps({"summary": summary(rows), "cases": rows}, ensure_ascii=False, indent=2,
                         default=str))
    else:
        print(render_casebook(rows), end="")
    return 1 if summary(rows)["failures"] else 0


def cmd_check(args) -> int:
    if getattr(args, "kb", None):            # the packs named here alone, over the shipped KB
        from dutybound.kb.cli import check_packs
        return check_packs(args)
    kb = _kb()     # parses and checks every rule file against the ontology
    n_rules = len(kb.rules)
    print(f"rules: {len(kb.files)} files, {len(kb.provisions)} provisions, {n_rules} rules: ok")
    print(f"ontology: {len(kb.vocab.terms)} terms, compiled")
    if not args.no_reasoner:
        from dutybound.engine.owlcheck import check_consistency
        from dutybound.kb.layers import ontology_files
        report = check_consistency(ontology_files(kb.root, kb.packs) if kb.packs else None)
        if not report.consistent or report.unsatisfiable:
            print(f"ontology: {report.message}", file=sys.stderr)
            return 3
        print(f"ontology: consistent under HermiT, every class satisfiable ({report.seconds:.1f} s)")
    return 0


def cmd_explain(args) -> int:
    from dutybound.engine.explain import find_and_explain
    kb = _kb()
    a = kb.assess(args.file, assume=args.assume, open_questions=False, **_when(args))
    result = find_and_explain(a, args.conclusion)
    if getattr(args, "svg", None):
        _argument_svg(kb, a, args, result)
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        from dutybound.render.text import explanation_text
        print(explanation_text(result, a.to_json(), kb.vocab, a.incident, args.lang, args.details), end="")
    return 0 if result.get("status") == "proved" else 1


def _argument_svg(kb, a, args, result) -> None:
    words = [w for w in args.conclusion.split() if w != "to"]
    if len(words) != 3 or words[0] != "liable":
        raise DutyboundError(Problem("--svg draws the argument for a liability: write 'liable P to V'"),
                             kind="usage")
    from dutybound.explain import explain_assessment, provision_titles
    from dutybound.render.pictures import argument_picture, write_svgs
    data = a.to_json()
    view = explain_assessment(data, kb.vocab, a.incident, args.lang, titles=provision_titles(kb))
    whynot = result if result.get("nearest") is not None else None
    pic = argument_picture(data, view, words[1], words[2], whynot=whynot)
    for path in write_svgs({f"argument:{words[1]}|{words[2]}": pic}, args.svg):
        print(path, file=sys.stderr)


# Other command groups register themselves: each module has
# `register(subparsers)` adding parsers with `set_defaults(func=...)`, and
# imports its heavy dependencies inside the command functions only.
COMMAND_MODULES: list[str] = ["dutybound.store.cli", "dutybound.web.cli", "dutybound.kb.cli",
                              "dutybound.batch.cli", "dutybound.comply.cli"]


def _version() -> str:
    from dutybound import __version__
    return f"dutybound {__version__}"


if __name__ == "__main__":
    sys.exit(main())
