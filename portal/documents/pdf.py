"""A4 documents with fpdf2's core fonts, which need no font file on the machine. They are set to the
Windows-1252 encoding, which holds everything French writing needs (€, œ, « », typographic quotes and
dashes); the narrow no-break space that Babel puts in "1 234,50 €" becomes a no-break space."""
from __future__ import annotations

from collections.abc import Sequence

from fpdf import FPDF
from fpdf.enums import Align
from fpdf.fonts import FontFace

from portal.documents.issuer import provider

ENCODING = "windows-1252"
_PRINTABLE = str.maketrans({"\u202f": "\u00a0", "\u2009": " ", "\u2011": "-"})


def latin(text) -> str:
    """The text as the core fonts can print it (anything outside Windows-1252 becomes "?")."""
    return str(text).translate(_PRINTABLE).encode(ENCODING, "replace").decode(ENCODING)


class Document(FPDF):
    """Title, then lines and simple tables; the provider's identity in the footer of every page."""

    def __init__(self, title: str, *, titled: bool = True):
        super().__init__(format="A4")
        self.core_fonts_encoding = ENCODING
        self.doc_title = title
        self.issuer = provider()
        self.set_title(latin(title))
        self.set_creator("Pétale")
        self.set_auto_page_break(True, margin=22)
        self.add_page()
        if titled:
            self.set_font("helvetica", "B", 16)
            self.multi_cell(0, 9, latin(title), new_x="LMARGIN", new_y="NEXT")
            self.ln(2)

    def footer(self) -> None:
        self.set_y(-18)
        self.set_font("helvetica", size=7)
        self.multi_cell(0, 3.5, latin(f"{self.issuer.name} - {self.issuer.address} - SIRET {self.issuer.siret} - "
                                      f"{self.issuer.nda_sentence} - page {self.page_no()}"), align="C")

    # A heading never ends a page: it goes to the next one with at least this much of what it heads (three lines;
    # a section's heading, room for a subheading and its three lines, which would otherwise leave it alone).
    KEPT_WITH_HEADING = 3 * 5.5
    KEPT_WITH_SECTION = KEPT_WITH_HEADING + 2 * 5.5

    def heading(self, text: str) -> None:
        self.ln(2)
        self._kept_with_next(text, 12, 7, self.KEPT_WITH_SECTION)
        self.set_font("helvetica", "B", 12)
        self.multi_cell(0, 7, latin(text), new_x="LMARGIN", new_y="NEXT")

    def subheading(self, text: str, size: int = 10) -> None:
        """A bold line heading what follows it (a part of a section): kept with it, as a heading is."""
        self._kept_with_next(text, size, 5.5, self.KEPT_WITH_HEADING)
        self.line(text, bold=True, size=size)

    def _kept_with_next(self, text: str, size: int, height: float, kept: float) -> None:
        self.set_font("helvetica", "B", size)
        lines = self.multi_cell(0, height, latin(text), dry_run=True, output="LINES")
        if self.will_page_break(len(lines) * height + kept):
            self.add_page()

    def line(self, text: str, bold: bool = False, size: int = 10) -> None:
        self.set_font("helvetica", "B" if bold else "", size)
        self.multi_cell(0, 5.5, latin(text), new_x="LMARGIN", new_y="NEXT")

    LABEL_WIDTH = 62
    FIELD_LINE = 5.5

    def field(self, label: str, value) -> None:
        """A label in its own column, wrapped there when long, and its value beside it: the two never overlap.
        A pair that would straddle the foot of a page starts on the next one (a value of half a page or more
        runs on, its label kept with its first lines)."""
        label_text = latin(label)
        value_text = latin(value if value not in (None, "") else "-")
        value_width = self.epw - self.LABEL_WIDTH
        self.set_font("helvetica", "B", 10)
        label_lines = self.multi_cell(self.LABEL_WIDTH - 2, self.FIELD_LINE, label_text, align="L",
                                      dry_run=True, output="LINES")
        self.set_font("helvetica", "", 10)
        value_lines = self.multi_cell(value_width, self.FIELD_LINE, value_text, align="L", dry_run=True,
                                      output="LINES")
        height = max(len(label_lines), len(value_lines)) * self.FIELD_LINE
        # A long value may run onto the next page; its label never does.
        if self.will_page_break(height if height < self.eph / 2 else len(label_lines) * self.FIELD_LINE):
            self.add_page()
        top, page = self.get_y(), self.page
        self.set_font("helvetica", "B", 10)
        self.set_xy(self.l_margin, top)
        self.multi_cell(self.LABEL_WIDTH - 2, self.FIELD_LINE, label_text, align="L")
        label_bottom = self.get_y()
        self.set_font("helvetica", "", 10)
        self.set_xy(self.l_margin + self.LABEL_WIDTH, top)
        self.multi_cell(value_width, self.FIELD_LINE, value_text, align="L", new_x="LMARGIN", new_y="NEXT")
        if self.page == page:
            self.set_y(max(label_bottom, self.get_y()))

    def rows(self, headers: list[str], rows: list[list], widths: Sequence[float],
             numeric: Sequence[int] = ()) -> None:
        """A table whose cells wrap their text (fpdf2's table layout): nothing is ever cut; a row that
        does not fit goes whole to the next page, under the repeated headings. Columns listed in
        `numeric` are aligned right."""
        self.set_font("helvetica", "", 8)
        aligns = [Align.R if index in numeric else Align.L for index in range(len(headers))]
        with self.table(col_widths=widths, width=sum(widths), align=Align.L, line_height=4.2,
                        text_align=aligns, headings_style=FontFace(emphasis="BOLD"), padding=(0.8, 1.2),
                        repeat_headings=1) as table:
            table.row([latin(header) for header in headers])
            for row in rows:
                table.row([latin("" if value is None else value) for value in row])
        self.ln(1)

    def bytes(self) -> bytes:
        return bytes(self.output())

    @classmethod
    def window_letter(cls, subject: str, sender: list[str], addressee: list[str], dated: str) -> Letter:
        """A letter for a window envelope (below): made here so that the documents' one door opens on it too."""
        return Letter(subject, sender, addressee, dated)


class Letter(Document):
    """A letter for a French window envelope (DL 110 x 220 mm or C5, window on the right, as NF Z10-011 sets it):
    the sender at the top left, the addressee's block where the window shows it (110 mm from the left edge, 48 mm
    from the top, six lines at most), the place and date below it, then the subject and the text. Two short marks
    in the left margin show where to fold the sheet in three for a DL envelope. Positions in millimetres."""

    SENDER_X, SENDER_Y = 20, 15
    ADDRESS_X, ADDRESS_Y, ADDRESS_WIDTH, ADDRESS_LINES = 110, 48, 85, 6
    DATE_Y = 82
    BODY_Y = 100
    FOLDS = (99, 198)

    def __init__(self, subject: str, sender: list[str], addressee: list[str], dated: str):
        super().__init__(subject, titled=False)
        self.set_margins(20, 15, 15)
        for fold in self.FOLDS:
            self.set_line_width(0.2)
            self.line_between(4, fold, 8, fold)
        self.set_xy(self.SENDER_X, self.SENDER_Y)
        for index, text in enumerate(sender):
            self.set_font("helvetica", "B" if index == 0 else "", 10 if index == 0 else 9)
            self.set_x(self.SENDER_X)
            self.multi_cell(80, 4.6, latin(text), new_x="LMARGIN", new_y="NEXT")
        self.set_font("helvetica", "", 11)
        self.set_xy(self.ADDRESS_X, self.ADDRESS_Y)
        for text in window_lines(addressee, self.ADDRESS_LINES):
            self.set_x(self.ADDRESS_X)
            self.multi_cell(self.ADDRESS_WIDTH, 5, latin(text), new_x="LMARGIN", new_y="NEXT")
        self.set_font("helvetica", "", 10)
        self.set_xy(self.ADDRESS_X, self.DATE_Y)
        self.multi_cell(self.ADDRESS_WIDTH, 5, latin(dated), new_x="LMARGIN", new_y="NEXT")
        self.set_xy(self.l_margin, self.BODY_Y)
        self.set_font("helvetica", "B", 10.5)
        self.multi_cell(0, 5.5, latin(subject), new_x="LMARGIN", new_y="NEXT")
        self.ln(4)

    def line_between(self, x1: float, y1: float, x2: float, y2: float) -> None:
        FPDF.line(self, x1, y1, x2, y2)

    def paragraph(self, text: str) -> None:
        self.set_font("helvetica", "", 10.5)
        self.multi_cell(0, 5.2, latin(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(2.5)


def window_lines(lines: list[str], most: int) -> list[str]:
    """The addressee's lines as the window holds them: blank ones dropped, and beyond `most` the first address
    lines joined (the name stays first, the postcode and town last, where the post reads them)."""
    kept = [" ".join(text.split()) for text in lines if text and text.strip()]
    while len(kept) > most:
        kept[1:3] = [f"{kept[1]}, {kept[2]}"]
    return kept
