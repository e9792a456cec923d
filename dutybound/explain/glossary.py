"""The glossary of liability forms: each form's name and definition in English
and Chinese, with its legal source, read off the ontology (the form's label
and comment; the source is the comment's closing parenthesis)."""
from __future__ import annotations

from dutybound.explain.phrases import FORMS

def split_source(comment: str | None) -> tuple[str, str | None]:
    """'One party bears the loss alone (ECL 54, 57(2)).' -> ('One party bears the
    loss alone.', 'ECL 54, 57(2)'): the closing parenthesis (nested ones kept)."""
    if not comment:
        return "", None
    text = comment.strip()
    stop = text[-1] if text[-1] in ".。" else ""
    body = text[:-1] if stop else text
    if not body or body[-1] not in ")）":
        return text, None
    depth = 0
    for i in range(len(body) - 1, -1, -1):
        ch = body[i]
        depth += ch in ")）"
        depth -= ch in "(（"
        if depth == 0:
            return body[:i].rstrip() + (stop or "."), body[i + 1:-1]
    return text, None


def glossary(vocab, forms=None) -> list[dict]:
    """[{form, label_en, label_zh, definition_en, definition_zh, source_en, source_zh}]
    for every liability form (or those named), in the ontology's order."""
    out = []
    for name in forms or FORMS:
        t = vocab.terms.get(name)
        if t is None:
            continue
        den, sen = split_source(t.comment_en)
        dzh, szh = split_source(t.comment_zh)
        out.append({"form": name, "label_en": t.label_en, "label_zh": t.label_zh,
                    "definition_en": den, "definition_zh": dzh, "source_en": sen, "source_zh": szh})
    return out


def forms_used(data: dict) -> list[str]:
    used = {l["form"] for l in data.get("liabilities", [])}
    for c in data.get("claims", []) or []:
        if c.get("form"):
            used.add(c["form"])
    return [f for f in FORMS if f in used] + sorted(used - set(FORMS))
