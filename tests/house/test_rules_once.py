"""Each rule lives once, in its owner, and others call it: which enrolment is active and who trains which
session are learning's (portal/learning/membership.py). A second copy of either fails here, saying where."""
from __future__ import annotations

import re
from pathlib import Path

PORTAL = Path(__file__).resolve().parents[2] / "portal"
# The owner, the tables' own definitions, the screens that assign trainers, the demo, and the migrations.
OWNERS = {"learning/membership.py", "learning/models.py", "learning/personal_data.py", "course_admin/service.py"}
RULES = {
    "which enrolment is active": re.compile(r"Enrollment\.status\s*==\s*[\"']active[\"']"),
    "who trains which session": re.compile(r"SessionTrainer\.account_id\s*=="),
}


def copies(root: Path = PORTAL) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if relative in OWNERS or relative.startswith(("migrations/", "demo/")):
            continue
        text = path.read_text(encoding="utf-8")
        for rule, pattern in RULES.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"portal/{relative}:{line} writes «{rule}» again: call portal.learning.membership")
    return found


def test_each_membership_rule_is_written_once():
    assert copies() == []


def test_the_check_finds_a_copy(tmp_path):
    (tmp_path / "forum").mkdir()
    (tmp_path / "forum" / "desk.py").write_text('q = Enrollment.select().where(Enrollment.status == "active")\n')
    [found] = copies(tmp_path)
    assert found.startswith("portal/forum/desk.py:1") and "which enrolment is active" in found
