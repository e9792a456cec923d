"""`dutybound examples` (the bundled examples, listed or copied out of the package) and
`dutybound check --kb DIR` (a rule pack checked alone, over the shipped knowledge base).

    dutybound examples                 # each example with its path inside the install
    dutybound examples --copy DIR      # copy them into DIR, then assess DIR/cn/....yaml
    dutybound check --kb DIR           # the pack's files, its cases, and HermiT on the whole
"""
from __future__ import annotations

import json
from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser("examples", help="list the bundled example incidents, or copy them "
                       "into a folder (--copy DIR)")
    p.add_argument("--copy", metavar="DIR", help="copy every example into DIR (created if missing)")
    p.add_argument("--force", action="store_true", help="with --copy: overwrite files that differ")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_examples)


def cmd_examples(args) -> int:
    from dutybound.kb.examples import FIRST, copy_examples, examples_root, list_examples, render_list
    root = examples_root()
    if args.copy:
        dest = Path(args.copy)
        written = copy_examples(dest, root, force=args.force)
        if args.format == "json":
            print(json.dumps({"copied": len(written), "to": str(dest)}, indent=2))
        else:
            print(f"copied {len(written)} files into {dest}\n"
                  f"try: dutybound assess {dest / FIRST}")
        return 0
    rows = list_examples(root)
    if args.format == "json":
        print(json.dumps({"root": str(root), "examples": rows}, ensure_ascii=False, indent=2))
    else:
        print(render_list(rows, root), end="")
    return 0


def check_packs(args) -> int:
    """Checks the packs given with --kb (not those of $DUTYBOUND_KB) over the shipped
    knowledge base: the one checker on every rule file, then each pack's cases against
    their `expect:` blocks, then HermiT on the shipped ontology with the packs' terms."""
    from dutybound.engine.expectations import differences
    from dutybound.engine.kb import KnowledgeBase
    from dutybound.errors import DutyboundError
    kb = KnowledgeBase.load(packs=args.kb)      # raises with path:line:col problems
    failed = 0
    for pack in kb.packs:
        files = [f for f in kb.files if Path(f.path).resolve().is_relative_to(pack.path)]
        n_prov = sum(len(f.provisions) for f in files)
        n_rules = sum(len(f.rules) for f in files)
        print(f"rule pack {pack.label} ({pack.path}): {len(files)} rule files, {n_prov} provisions, "
              f"{n_rules} rules, {len(pack.ontology_files())} ontology and {len(pack.shape_files())} "
              f"shape files: ok")
        for case in pack.cases():
            try:
                incident = kb.load_incident(case)
                diffs = _case_differences(kb, incident, differences)
            except DutyboundError as e:
                diffs = [e.render()]
            failed += bool(diffs)
            print(f"  case {case.relative_to(pack.path)}: " + ("as expected" if not diffs else
                  "differs:\n    " + "\n    ".join(diffs)))
    print(f"over the shipped knowledge base at {kb.root}: {len(kb.rules)} rules in all, checked together")
    if not args.no_reasoner:
        from dutybound.engine.owlcheck import check_consistency
        from dutybound.kb.layers import ontology_files
        report = check_consistency(ontology_files(kb.root, kb.packs))
        if not report.consistent or report.unsatisfiable:
            print(f"ontology with the packs' terms: {report.message}")
            return 3
        print(f"ontology with the packs' terms: consistent under HermiT ({report.seconds:.1f} s)")
    return 1 if failed else 0


def _case_differences(kb, incident, differences) -> list:
    expect = incident.expect
    if not expect:
        return ["the case has no expect: block"]
    if "by_jurisdiction" in expect:
        return [f"{j}: {d}" for j, want in expect["by_jurisdiction"].items()
                for d in differences(kb.assess(incident, jurisdiction=j), want)]
    return differences(kb.assess(incident), expect)
