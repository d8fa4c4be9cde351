"""The privacy policy's text: the version shipped with the application, and how any version's text is
split into blocks for display. Published versions live in the database (portal/privacy/versions.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources

SHIPPED_VERSION = "1.0"
SHIPPED_REVISED_ON = date(2026, 11, 26)
RETENTION_HEADING = "Durées de conservation"


@dataclass
class Block:
    kind: str  # heading, paragraph, list, table, retention
    lines: list = field(default_factory=list)


@lru_cache(maxsize=1)
def shipped_text() -> str:
    return resources.files("portal.privacy").joinpath("politique-de-confidentialite.txt").read_text(encoding="utf-8")


def title_of(text: str) -> str:
    return text.strip().splitlines()[0].strip() if text.strip() else ""


@lru_cache(maxsize=8)
def blocks_of(text: str) -> tuple[Block, ...]:
    """The text split into headings, paragraphs, lists and tables (the retention table is rendered
    from portal/personal_data/table.py instead of copied)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    blocks: list[Block] = []
    section = ""
    for line in lines[1:]:  # the first line is the title
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if set("".join(cells)) <= {"-", ":"}:
                continue
            if section == RETENTION_HEADING:
                if not blocks or blocks[-1].kind != "retention":
                    blocks.append(Block("retention"))
                continue
            if not blocks or blocks[-1].kind != "table":
                blocks.append(Block("table"))
            blocks[-1].lines.append(cells)
        elif line.startswith("- "):
            if not blocks or blocks[-1].kind != "list":
                blocks.append(Block("list"))
            blocks[-1].lines.append(line[2:])
        elif _is_heading(line):
            section = line
            blocks.append(Block("heading", [line]))
        else:
            blocks.append(Block("paragraph", [line]))
    return tuple(blocks)


def _is_heading(line: str) -> bool:
    return len(line) < 70 and not line.endswith((".", ":", "?", "!", ")")) and ":" not in line
