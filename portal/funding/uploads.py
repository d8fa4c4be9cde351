"""What an uploaded document really is, read from its content (never from its name or the browser's
word): a PDF that pypdf can open, or a PNG or JPEG image that Pillow can decode."""
from __future__ import annotations

import io

from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

PDF, PNG, JPEG = "application/pdf", "image/png", "image/jpeg"
EXTENSIONS = {PDF: "pdf", PNG: "png", JPEG: "jpg"}


class NotADocument(Exception):
    pass


def _pdf(content: bytes) -> bool:
    try:
        return len(PdfReader(io.BytesIO(content)).pages) > 0
    except (PdfReadError, ValueError, KeyError, TypeError, OSError):
        return False


def _image(content: bytes) -> str | None:
    try:
        with Image.open(io.BytesIO(content)) as image:
            kind = image.format
            image.verify()  # decodes the structure: a renamed text file or a truncated image fails here
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None
    return {"PNG": PNG, "JPEG": JPEG}.get(kind or "")


def content_type(content: bytes, max_bytes: int) -> str:
    """The document's type; raises NotADocument with the reason, in French."""
    if not content:
        raise NotADocument(_l("Le fichier est vide."))
    if len(content) > max_bytes:
        raise NotADocument(_l("Le fichier dépasse %(n)s Mo.", n=f"{max_bytes / 1024 / 1024:.1f}".replace(".", ",")))
    if content.startswith(b"%PDF-") and _pdf(content):
        return PDF
    kind = _image(content)
    if kind:
        return kind
    raise NotADocument(_l("Seuls les PDF, JPEG et PNG sont acceptés, et ce fichier n'en est pas un valide."))
