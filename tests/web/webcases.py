"""Incidents and names the web tests submit."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = "cn/account-takeover-2022-provider-bears-the-loss-and-platform-is-supplementary.yaml"
TURTLE = ROOT / "examples" / "cn" / "account-takeover-2022-in-turtle.ttl"
MALICIOUS = "<script>window.__pwned=1</script>"
MALICIOUS_LABEL = "<img src=x onerror=\"window.__pwned=2\">"


def example_text(name: str = EXAMPLE) -> str:
    return (ROOT / "examples" / name).read_text(encoding="utf-8")


def malicious_incident() -> str:
    """The 2022 example with the fraudster renamed to a script tag and
    labelled with an image that would run code."""
    text = example_text()
    quoted = f"'{MALICIOUS}'"
    text = text.replace("  fraudster:\n", f"  {quoted}:\n")
    text = text.replace("causedByActOf: fraudster", f"causedByActOf: {quoted}")
    text = text.replace("actor: fraudster", f"actor: {quoted}")
    return text.replace("label: an unknown fraudster", f"label: '{MALICIOUS_LABEL}'")


def bad_incident() -> tuple[str, int]:
    """An incident with a misspelt class, and the line it is on."""
    text = example_text().replace("a: TradingPlatform", "a: TradingPlatfrm")
    line = next(i for i, l in enumerate(text.splitlines(), 1) if "TradingPlatfrm" in l)
    return text, line
