"""`dutybound examples`: the bundled examples, listed or copied out of the package.

    dutybound examples                 # each example with its path inside the install
    dutybound examples --copy DIR      # copy them into DIR, then assess DIR/cn/....yaml
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
