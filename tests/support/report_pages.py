"""The dpo's security report read as its page and its PDF show it, for the tests that compare them."""
from __future__ import annotations

import re

from tests.support.helpers import pdf_text, readable


def flat(text: str) -> str:
    """Text as compared: no-break spaces as spaces, every run of spaces and line breaks as one space (a PDF
    wraps a long line where the page does not)."""
    return re.sub(r"\s+", " ", readable(text)).strip()


def page_lines(html: str) -> list[str]:
    """The report's lines as the page shows them: its period, provenance, headings and list items."""
    main = html[html.index("<h1"):html.index("</main>")]
    return [flat(re.sub(r"<[^>]+>", "", item)) for item in re.findall(r"<(?:li|h2|p class=\"hint\")>(.*?)</", main)]


def same_on_page_and_pdf(dpo, quarter: str) -> tuple[list[str], str]:
    html = dpo.get("/dpo/rapport", query_string={"trimestre": quarter}).get_data(as_text=True)
    lines = page_lines(html)
    text = flat(pdf_text(dpo.get("/dpo/rapport.pdf", query_string={"trimestre": quarter}).data))
    missing = [line for line in lines if line not in text]
    assert missing == [], f"on the page, not in the PDF: {missing}"
    period = re.search(r"Période : ([^<]+)</p>", html).group(1)
    assert flat(f"Période {period}") in text
    return lines, text
