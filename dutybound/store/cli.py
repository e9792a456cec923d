"""`dutybound cases ...`, `dutybound query ...` and `dutybound export kb`.

    dutybound cases add FILE... [--id ID]      assess and save (each case all or nothing)
    dutybound cases list [--jurisdiction CN] [--provision CC-1198] [--party-type PlatformOperator] [--form Supplementary]
    dutybound cases show ID | delete ID
    dutybound cases export ID|--all [--format ttl|jsonld|nt|trig|nq]
    dutybound cases seed                       # the golden examples as a seed library
    dutybound cases similar FILE               # stored cases ranked by shared factors
    dutybound cases reassess [--kb DIR] [--decided-on DATE]   # what a change of the law does to them
    dutybound query 'SELECT ...' | --file q.rq | NAME   [--format table|csv|json]
    dutybound export kb [--format ttl|jsonld|nt]

Every command takes --store PATH|URL (default $DUTYBOUND_STORE, else
~/.local/share/dutybound/cases); a URL means a SPARQL 1.1 server.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dutybound.errors import DutyboundError, Problem

INCIDENT_SUFFIXES = (".yaml", ".yml", ".json", ".ttl", ".jsonld")


def register(sub) -> None:
    store = argparse.ArgumentParser(add_help=False)
    store.add_argument("--store", metavar="PATH|URL", help="the case store: a directory (embedded "
                       "Oxigraph, created on first use) or a SPARQL server URL "
                       "(default: $DUTYBOUND_STORE or ~/.local/share/dutybound/cases)")
    store.add_argument("--update-url", metavar="URL", help="the server's SPARQL update endpoint, "
                       "when it is not beside the query endpoint")

    c = sub.add_parser("cases", help="the case library: add, list, show, delete, export, seed, similar, "
                       "reassess")
    cs = c.add_subparsers(dest="cases_command", metavar="ACTION")
    c.set_defaults(func=lambda args: _usage(c))
    p = cs.add_parser("add", parents=[store], help="assess incident files and save them")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--id", help="save under this id instead of the incident's (one file only)")
    p.set_defaults(func=cmd_add)
    p = cs.add_parser("list", parents=[store], help="list saved cases, optionally filtered")
    p.add_argument("--jurisdiction", metavar="J")
    p.add_argument("--provision", metavar="ID", help="cites this provision (CC-1198 covers CC-1198-1, -2)")
    p.add_argument("--party-type", metavar="CLASS", help="a liable party of this class, e.g. PlatformOperator")
    p.add_argument("--form", metavar="FORM", help="a liability of this form, e.g. Supplementary")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_list)
    p = cs.add_parser("show", parents=[store], help="show a saved case")
    p.add_argument("id")
    p.add_argument("--format", choices=["text", "json", "md"], default="text")
    p.set_defaults(func=cmd_show)
    p = cs.add_parser("delete", parents=[store], help="delete a saved case")
    p.add_argument("id")
    p.set_defaults(func=cmd_delete)
    p = cs.add_parser("export", parents=[store], help="export a case, or all cases, as RDF")
    p.add_argument("id", nargs="?")
    p.add_argument("--all", action="store_true", help="every case (trig, nq and jsonld keep the graph names)")
    p.add_argument("--format", choices=["ttl", "jsonld", "nt", "trig", "nq"], default="ttl")
    p.add_argument("-o", "--output", metavar="FILE")
    p.set_defaults(func=cmd_export)
    p = cs.add_parser("seed", parents=[store], help="save every golden example (examples/**) as a case")
    p.add_argument("--examples", metavar="DIR", help="default: the project's examples/")
    p.set_defaults(func=cmd_seed)
    p = cs.add_parser("similar", parents=[store], help="rank saved cases by the factors they share with FILE")
    p.add_argument("file")
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_similar)

    p = cs.add_parser("reassess", parents=[store], help="judge every stored case again under the "
                      "current knowledge base (or --kb DIR) and list the cases whose outcome changes")
    # its own dest: the program-wide --kb lays rule packs over the knowledge base (cli.py)
    p.add_argument("--kb", metavar="DIR", dest="reassess_kb", help="a knowledge base folder "
                   "(ontology/, rules/, law/texts/) to judge under instead of the installed one")
    p.add_argument("--decided-on", metavar="DATE", help="judge every case as decided on DATE "
                   "(default: the date each case was judged on)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_reassess)

    q = sub.add_parser("query", parents=[store], help="run SPARQL (or a named research query) on the cases")
    q.add_argument("query", nargs="?", help="SPARQL text, or the name of a query in queries/")
    q.add_argument("--file", metavar="FILE.rq")
    q.add_argument("--list", action="store_true", help="list the named research queries")
    q.add_argument("--format", choices=["table", "csv", "json", "ttl", "nt", "jsonld"], default="table")
    q.add_argument("--max-rows", type=int, metavar="N")
    q.set_defaults(func=cmd_query)

    e = sub.add_parser("export", help="export the knowledge base (ontology, provisions, rules) as RDF")
    e.add_argument("what", choices=["kb"])
    e.add_argument("--format", choices=["ttl", "jsonld", "nt"], default="ttl")
    e.add_argument("-o", "--output", metavar="FILE")
    e.set_defaults(func=cmd_export_kb)


def _usage(parser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _library(args):
    from dutybound.store.library import CaseLibrary
    return CaseLibrary.open(args.store, args.update_url)


def _say(text: str) -> None:
    print(text, flush=True)


# ------------------------------------------------------------------ cases

def cmd_add(args) -> int:
    from dutybound.store.library import shared_kb
    if args.id and len(args.files) > 1:
        raise DutyboundError(Problem("--id names one case; give one FILE with it"), kind="usage")
    kb = shared_kb()
    incidents, problems = [], []
    for f in args.files:            # check every file before saving any
        try:
            incidents.append((f, kb.load_incident(f)))
        except DutyboundError as e:
            problems.extend(e.problems)
    if problems:
        raise DutyboundError(problems + [Problem("nothing was saved", severity="note")])
    with _library(args) as lib:
        for f, inc in incidents:
            r = lib.add(kb.assess(inc), args.id)
            _say(f"saved {r['id']} ({r['triples']} triples{', replaced' if r['replaced'] else ''}) from {f}")
    return 0


def cmd_seed(args) -> int:
    from dutybound.store.library import shared_kb
    kb = shared_kb()
    root = Path(args.examples) if args.examples else Path(kb.root) / "examples"
    from dutybound.kb.examples import incident_files
    files = incident_files(root, INCIDENT_SUFFIXES)      # rule packs' cases need their pack
    if not files:
        raise DutyboundError(Problem(f"no incident files under {root}"), kind="file")
    args.files, args.id = [str(f) for f in files], None
    return cmd_add(args)


def cmd_list(args) -> int:
    with _library(args) as lib:
        cases = lib.list(args.jurisdiction, args.provision, args.party_type, args.form)
        where = lib.describe()
    if args.format == "json":
        print(json.dumps(cases, ensure_ascii=False, indent=2))
        return 0
    if not cases:
        print(f"no cases{' match' if any([args.jurisdiction, args.provision, args.party_type, args.form]) else ''}"
              f" in {where}")
        return 0
    for c in cases:
        print(f"{c['id']}  {c['date']}  {c['jurisdiction'] or '-'}  {c['title']}")
        for l in c["liabilities"]:
            print("    " + _liability_line(l))
    print(f"({len(cases)} case{'s' if len(cases) != 1 else ''})")
    return 0


def _liability_line(l: dict) -> str:
    s = f"{l['party']} → {l['to']}: {l['form']}"
    if l.get("amount"):
        s += f", {l['amount']}"
    return s + f"  [{l['basis']}]"


def cmd_show(args) -> int:
    with _library(args) as lib:
        c = lib.show(args.id)
    if args.format == "json":
        print(json.dumps(c, ensure_ascii=False, indent=2))
        return 0
    if args.format == "md":
        from dutybound.render.markdown import render
        print(render(c["assessment"]), end="")
        return 0
    from dutybound.render.text import render
    print(f"Case {c['id']}: {c['title']}")
    print(f"  incident of {c['date']} ({c['jurisdiction'] or '-'}), law as of {c['as_of']}, "
          f"saved {c['saved_at']} from {c['source_path']}")
    print(f"  {c['triples']} triples" + ("" if c["complete"] else "  (INCOMPLETE: the graph lost triples)"))
    print("  factors: " + ("; ".join(f"{f['label']} (favours {f['favours']})" for f in c["factors"]) or "none"))
    print()
    print(render(c["assessment"], proofs=False), end="")
    return 0


def cmd_delete(args) -> int:
    with _library(args) as lib:
        if not lib.delete(args.id):
            raise DutyboundError(Problem(f"no case '{args.id}'", hint=_ids_hint(lib, args.id)), kind="usage")
    _say(f"deleted {args.id}")
    return 0


def _ids_hint(lib, cid):
    from dutybound.errors import did_you_mean
    return did_you_mean(cid, lib.ids()) or "list the cases with `dutybound cases list`"


def cmd_export(args) -> int:
    if bool(args.id) == bool(args.all):
        raise DutyboundError(Problem("give a case ID or --all"), kind="usage")
    with _library(args) as lib:
        text = lib.export(None if args.all else args.id, args.format)
    _write(text, args.output)
    return 0


def _write(text: str, output: str | None) -> None:
    if output:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as e:
            raise DutyboundError(Problem(f"cannot write {output}: {e.strerror}", output), kind="file") from None
    else:
        sys.stdout.write(text)


def cmd_similar(args) -> int:
    from dutybound.store.factors import BY_ID, compute_factors
    from dutybound.store.library import shared_kb
    kb = shared_kb()
    a = kb.assess(args.file)
    with _library(args) as lib:
        matches = lib.similar(a, limit=args.limit)
    if args.format == "json":
        print(json.dumps({"incident": a.incident.id, "factors": sorted(compute_factors(a, kb)),
                          "similar": [m.to_json() for m in matches]}, ensure_ascii=False, indent=2))
        return 0
    lab = lambda ids: "; ".join(f"{BY_ID[i].label} ({BY_ID[i].favours})" for i in ids) or "none"  # noqa: E731
    print(f"Cases most like {a.incident.id}; its factors: {lab(sorted(compute_factors(a, kb)))}")
    if not matches:
        print("  no saved case shares a factor with it")
    for n, m in enumerate(matches, 1):
        flag = "  [most on point]" if m.most_on_point else ""
        print(f"\n{n}. {m.case_id}: {m.title}  (shares {len(m.shared)}, differs in "
              f"{len(m.only_new) + len(m.only_stored)}){flag}")
        print(f"   shared:        {lab(m.shared)}")
        print(f"   only this one: {lab(m.only_new)}")
        print(f"   only the case: {lab(m.only_stored)}")
        for l in m.outcome:
            print(f"   outcome: {_liability_line(l)}")
    return 0


def cmd_reassess(args) -> int:
    from dutybound.engine.kb import KnowledgeBase
    from dutybound.store.library import shared_kb
    from dutybound.store.reassess import reassess, render
    from dutybound.values import ValueError_, parse_date
    try:
        decided = parse_date(args.decided_on) if args.decided_on else None
    except ValueError_ as e:
        raise DutyboundError(Problem(f"--decided-on: {e}", hint="write a date as YYYY-MM-DD"),
                             kind="usage") from None
    kb = KnowledgeBase.load(args.reassess_kb) if args.reassess_kb else shared_kb()
    with _library(args) as lib:
        result = reassess(lib, kb, decided)
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(render(result), end="")
    return 0


# ------------------------------------------------------------------ query, export kb

def cmd_query(args) -> int:
    from dutybound.store import sparql as S
    if args.list:
        for q in S.named_queries().values():
            print(f"{q['name']}\n    {q['title']}" + (f"\n    {q['description']}" if q["description"] else ""))
        return 0
    if bool(args.query) == bool(args.file):
        raise DutyboundError(Problem("give a query, a query name or --file FILE.rq",
                                     hint="`dutybound query --list` lists the named queries"), kind="usage")
    if args.file:
        try:
            text, source = Path(args.file).read_text(encoding="utf-8"), args.file
        except OSError as e:
            raise DutyboundError(Problem(f"cannot read {args.file}: {e.strerror}", args.file), kind="file") from None
    elif S.looks_like_name(args.query):
        text, source = S.load_named(args.query)
    else:
        text, source = args.query, "<query>"
    with _library(args) as lib:
        res = lib.query(text, source, max_rows=args.max_rows)
    sys.stdout.write(S.dumps(res, args.format))
    return 0


def cmd_export_kb(args) -> int:
    from dutybound.store.library import export_kb, shared_kb
    _write(export_kb(shared_kb(), args.format), args.output)
    return 0
