"""Pictures of an assessment's results, drawn on the server as SVG: the
incident on a timeline (timeline.py, plain SVG), who pays whom and the
argument for each conclusion (graphs.py, Graphviz), and the case library in
charts (charts.py, plain SVG). Each has a title, a text alternative and a
legend, in English or Chinese (the explain room's Phrasebook and catalogues).

They read the assessment JSON and explain's views, never the reasoner:

    from dutybound.render.pictures import assessment_pictures
    pics = assessment_pictures(data, view, incident)     # {name: Picture}
"""
from __future__ import annotations

import re

from dutybound.render.pictures.svg import Picture

__all__ = ["Picture", "argument_picture", "assessment_pictures", "proof_anchor", "issue_pictures", "markdown_section", "payments_picture",
           "timeline_picture", "write_svgs"]


def timeline_picture(data: dict, view: dict, incident=None, prefix: str = "timeline") -> Picture:
    from dutybound.explain.timeline import timeline
    from dutybound.render.pictures.timeline import draw
    return draw(timeline(data, view["book"], incident, view["bottom_line"], view.get("titles")),
                view["book"], prefix)


def timeline_text(data: dict, view: dict, incident=None) -> str:
    from dutybound.explain.timeline import timeline
    from dutybound.render.pictures.timeline import as_text
    return as_text(timeline(data, view["book"], incident, view["bottom_line"], view.get("titles")), view["book"])


def payments_picture(data: dict, view: dict, prefix: str = "payments", caption: str | None = None) -> Picture:
    from dutybound.explain.whopays import arrows
    from dutybound.render.pictures.graphs import payments
    bl = view["bottom_line"]
    return payments(arrows(data, bl, view["book"], view.get("titles")), view["book"],
                    [c["claimant"] for c in bl.get("claimants", [])], prefix, caption)


def argument_picture(data: dict, view: dict, party: str, to: str, prefix: str | None = None, link=None,
                     whynot: dict | None = None) -> Picture:
    from dutybound.explain.argument import argument_map
    from dutybound.render.pictures.graphs import argument
    arg = argument_map(data, view["book"], party, to, view.get("titles"), whynot)
    return argument(arg, view["book"], prefix or f"argument-{_slug(party)}-{_slug(to)}", link)


def issue_pictures(data: dict, view: dict, link=None) -> dict:
    """One argument map per issue of the view, keyed by 'party|to'."""
    return {f"{i['party']}|{i['to']}": argument_picture(data, view, i["party"], i["to"], link=link)
            for i in view.get("issues", [])}


def assessment_pictures(data: dict, view: dict, incident=None, link=None, missing: list | None = None) -> dict:
    """The timeline, who pays whom, and an argument map per issue. Without
    Graphviz the graphs raise GraphvizMissing, or, given a `missing` list, are
    left out with the problem appended to it (the timeline is plain SVG)."""
    from dutybound.render.pictures.graphs import GraphvizMissing
    out = {"timeline": timeline_picture(data, view, incident)}
    try:
        out["payments"] = payments_picture(data, view)
        for key, pic in issue_pictures(data, view, link).items():
            out["argument:" + key] = pic
    except GraphvizMissing as e:
        if missing is None:
            raise
        missing.extend(e.problems)
        out = {"timeline": out["timeline"]}
    return out


def proof_anchor(pid: str) -> str:
    """The id of a proof's element on a page (an argument map's nodes link to it)."""
    return "proof-" + re.sub(r"[^A-Za-z0-9_-]", "-", str(pid))


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", str(text or ""))[:40] or "x"


def file_name(key: str) -> str:
    return _slug(key.replace(":", "-").replace("|", "-to-")) + ".svg"


def markdown_section(pictures: dict, _, folder: str | None = None) -> list:
    """Markdown lines: each picture as an image (a file in `folder`, else an
    embedded data: URI), its text alternative as a list beneath."""
    import base64

    from dutybound.explain.markup import plain
    out = [f"## {_('Pictures')}", ""]
    for key, pic in pictures.items():
        if folder is not None:
            src = f"{folder.rstrip('/')}/{file_name(key)}"
        else:
            src = "data:image/svg+xml;base64," + base64.b64encode(pic.standalone().encode("utf-8")).decode("ascii")
        out += [f"### {plain(pic.title)}", "", f"![{plain(pic.title)}]({src})", ""]
        out += [f"- {plain(line)}" for line in pic.alt] + [""]
    return out


def write_svgs(pictures: dict, folder) -> list:
    """Each picture to FOLDER/<name>.svg (a standalone file); the paths written."""
    from pathlib import Path
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for key, pic in pictures.items():
        path = out / file_name(key)
        path.write_text(pic.standalone(), encoding="utf-8")
        written.append(path)
    return written
