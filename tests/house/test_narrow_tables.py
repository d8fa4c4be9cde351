"""Every table of the staff, trainer and dpo pages reads on a phone: it is a table on a wide screen and one card per
row below 48rem (class card-rows in static/petale.css), or a short table of figures that fits a phone as it is
(class fits, three columns at most). Read from the templates, so that a new table cannot forget it; the browser
test tests/browser/test_narrow_tables.py checks the result at 390 px and 1280 px."""
from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

# Learners' and the public's pages: their few small tables keep scrolling inside themselves on a phone.
NOT_A_DESK = {"bouquets/_evaluation.html", "bouquets/attempts.html", "contracts/offer.html", "invoicing/mine.html",
              "privacy/center.html", "privacy/policy.html", "retention/archived.html"}
DESK_NAVS = re.compile(r'{%\s*include\s+"(manage|dpo|improvement)/_nav\.html"')
TABLE = re.compile(r"<table\b(?P<attrs>[^>]*)>(?P<body>.*?)</table>", re.S)
CLASSES = re.compile(r'class="([^"]*)"')
# A cell's opening tag and the closing tag that follows it (no cell holds another).
CELL_CLOSED_BY = re.compile(r"<(th|td)\b(?:(?!<t[hd]\b|</t[hd]>).)*</(th|td)>", re.S)


def tables() -> list[tuple[str, str, str]]:
    """(template, the table tag's attributes, what the table holds) for every table of every template."""
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        for match in TABLE.finditer(path.read_text()):
            found.append((name, match["attrs"], match["body"]))
    return found


def classes(attrs: str) -> set[str]:
    match = CLASSES.search(attrs)
    return set(match[1].split()) if match else set()


def table_problems(name: str, attrs: str, body: str) -> list[str]:
    """What keeps one table of a staff, trainer or dpo page from reading on a phone."""
    kind = classes(attrs) & {"card-rows", "fits"}
    head, _, rows = body.partition("<tbody>")
    if len(kind) != 1:
        return [f"{name}: a table says class=\"card-rows\" (or \"fits\" for a short table of figures)"]
    problems = [f"{name}: a <{a}> cell is closed by </{b}>" for a, b in CELL_CLOSED_BY.findall(body) if a != b]
    if re.findall(r"<th\b(?![^>]*scope=\"col\")[^>]*>", head):
        problems.append(f"{name}: a column header without scope=\"col\"")
    if kind == {"fits"}:
        if len(re.findall(r"<th\b", head)) > 3:
            problems.append(f"{name}: a table of more than three columns cannot fit a phone: class=\"card-rows\"")
        return problems
    if '<th scope="row"' not in rows:
        problems.append(f"{name}: a row's main cell is <th scope=\"row\">, the card's title on a phone")
    for cell in re.findall(r"<td\b[^>]*>", rows):
        if not ("data-label=" in cell or "colspan=" in cell or "row-acts" in cell):
            problems.append(f"{name}: {cell} says its column's name (data-label) or holds the row's actions "
                            f"(class=\"row-acts\")")
    return problems


def test_every_desk_table_becomes_cards_on_a_phone_or_fits_as_it_is():
    desk = [(name, attrs, body) for name, attrs, body in tables() if name not in NOT_A_DESK]
    assert len(desk) >= 30, "the staff, trainer and dpo tables are found"
    assert [problem for table in desk for problem in table_problems(*table)] == []


def test_the_pages_left_out_are_learners_and_public_pages():
    for name in NOT_A_DESK:
        text = (TEMPLATES / name).read_text()
        assert "<table" in text, f"{name} has no table any more: take it off the list"
        assert not DESK_NAVS.search(text), f"{name} is a staff, trainer or dpo page: its tables become cards"


def test_a_table_written_the_old_way_is_caught():
    head = '<thead><tr><th scope="col">Nom</th><th>Quand</th></tr></thead>'
    old_way = f"{head}<tbody><tr><td>Antoine</td><td>hier</td></tr></tbody>"
    assert table_problems("x", "", old_way) != []
    unlabelled = "x: <td> says its column's name (data-label) or holds the row's actions (class=\"row-acts\")"
    assert table_problems("x", ' class="card-rows"', old_way) == [
        'x: a column header without scope="col"',
        'x: a row\'s main cell is <th scope="row">, the card\'s title on a phone', unlabelled, unlabelled]
    cards = ('<thead><tr><th scope="col">Nom</th><th scope="col">Quand</th></tr></thead>'
             '<tbody><tr><th scope="row">A</th><td data-label="Quand">hier</td></tr></tbody>')
    assert table_problems("x", ' class="card-rows"', cards) == []
    four = "<thead><tr>" + '<th scope="col">c</th>' * 4 + "</tr></thead><tbody></tbody>"
    assert table_problems("x", ' class="fits"', four) != []
    assert table_problems("x", ' class="card-rows"', cards.replace("A</th>", "A</td>")) == [
        "x: a <th> cell is closed by </td>"]
