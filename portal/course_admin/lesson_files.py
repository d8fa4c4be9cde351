"""Lesson files staff upload with the lesson form: a video (MP4 or WebM), its poster (JPEG, PNG or WebP), its
captions (WebVTT), a PDF.

What a file is comes from its content, never from its name or the browser's word: an MP4 is a run of
ISO-BMFF boxes opening on `ftyp` with a video brand and holding a `moov`; a WebM is an EBML header whose
DocType is "webm", followed by its Segment; captions are UTF-8 text opening on "WEBVTT"; a PDF opens on
"%PDF-" and pypdf reads a page of it; a poster is an image Pillow reads whole as JPEG, PNG or WebP. A file is
stored under lecons/<lesson id>/ in the media folder, named
from its own name made safe plus the start of its SHA-256, with the extension of what it is: another
lesson's file, or another file of this lesson, is never overwritten (a second upload of the same content
names the same file, which is kept as it is)."""
from __future__ import annotations

import codecs
import hashlib
import os
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError
from werkzeug.utils import secure_filename

from portal.refusals import Refused

VIDEO, IMAGE, CAPTIONS, DOCUMENT = "video", "image", "captions", "document"
# The lesson's path field each upload fills, and what its file must be.
EXPECTED = {"video_path": VIDEO, "video_low_path": VIDEO, "poster_path": IMAGE, "captions_path": CAPTIONS,
            "document_path": DOCUMENT}
# A poster is shown at 640 × 360: a bigger image than 4K is a mistake (or a decompression bomb).
MAX_POSTER_PIXELS = 3840 * 2160
# What Pillow names the formats a browser shows as a poster, and the extension each is stored with.
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
FOLDER = "lecons"
CHUNK = 1024 * 1024
# ISO-BMFF brands of video files browsers play (ISO base media, MP4 v1/v2, H.264, DASH, Apple M4V).
VIDEO_BRANDS = {b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"iso8", b"iso9", b"mp41", b"mp42", b"avc1",
                b"dash", b"M4V ", b"M4VH", b"M4VP", b"mmp4"}
WORDS = {
    VIDEO: _l("Seules les vidéos MP4 ou WebM sont acceptées, et ce fichier n'en est pas une valide."),
    IMAGE: _l("L'affiche doit être une image JPEG, PNG ou WebP, et ce fichier n'en est pas une valide."),
    CAPTIONS: _l("Les sous-titres doivent être un fichier WebVTT (texte UTF-8 commençant par « WEBVTT »)."),
    DOCUMENT: _l("Seuls les PDF sont acceptés, et ce fichier n'en est pas un valide."),
}


class LessonFileRefused(Refused):
    """An uploaded file refused; `field` names the lesson's path field it was meant for."""

    def __init__(self, message: object, field: str, status: int | None = None):
        super().__init__(message, status, field=field)


@dataclass(frozen=True)
class Upload:
    """A file as the browser sent it: the name it gave (only to name ours) and its bytes."""

    filename: str
    stream: BinaryIO


def megabytes(size: int) -> str:
    """« 1,5 » for 1.5 MiB: how a limit is said on the page."""
    value = size / 1024 / 1024
    return (f"{value:.0f}" if value == int(value) else f"{value:.1f}").replace(".", ",")


def store(folder: Path, lesson_id: int, field: str, upload: Upload, limit: int) -> tuple[str, Path | None]:
    """Writes the upload under folder/lecons/<lesson_id>/ once its content is checked. Returns the path to
    store on the lesson (relative to folder) and the file created, None when the same file was there."""
    expected = EXPECTED[field]
    target = folder / FOLDER / str(lesson_id)
    target.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target, prefix=".envoi-", suffix=".part")
    partial = Path(temporary)
    try:
        digest, size = _copy(upload.stream, handle, limit, field)
        if size == 0:
            raise LessonFileRefused(_l("Le fichier est vide."), field)
        extension = sniff(partial, expected)
        if extension is None:
            raise LessonFileRefused(WORDS[expected], field)
        final = target / f"{_stem(upload.filename, expected)}-{digest[:12]}.{extension}"
        created = _place(partial, final)
    finally:
        partial.unlink(missing_ok=True)
    return final.relative_to(folder).as_posix(), final if created else None


def _copy(stream: BinaryIO, handle: int, limit: int, field: str) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with os.fdopen(handle, "wb") as out:
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise LessonFileRefused(_l("Le fichier dépasse %(n)s Mo, la taille autorisée.", n=megabytes(limit)),
                                        field, status=413)
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest(), size


def _stem(filename: str, kind: str) -> str:
    stem = secure_filename(Path(filename or "").stem).lower().strip("._-")[:60]
    return stem or {VIDEO: "video", IMAGE: "affiche", CAPTIONS: "sous-titres", DOCUMENT: "document"}[kind]


def _place(partial: Path, final: Path) -> bool:
    """Gives the checked file its name without ever replacing a file already there: a link fails on an
    existing name (a name holds the content's hash, so that file is this very content)."""
    try:
        os.link(partial, final)
    except FileExistsError:
        return False
    except OSError:  # a file system without hard links: the same, checked first
        if final.exists():
            return False
        os.replace(partial, final)
    final.chmod(0o644)  # read by the CDN or the web server that publishes the folder
    return True


# --- what a file is, from its content ----------------------------------------------------------------

def sniff(path: Path, expected: str) -> str | None:
    """The extension of what the file is, if it is the expected kind; None otherwise."""
    if expected == IMAGE:
        return _image(path)
    with path.open("rb") as file:
        if expected == VIDEO:
            if _mp4(file, path.stat().st_size):
                return "mp4"
            file.seek(0)
            return "webm" if _webm(file) else None
        if expected == CAPTIONS:
            return "vtt" if _webvtt(file) else None
    return "pdf" if _pdf(path) else None


def _mp4(file: BinaryIO, size: int) -> bool:
    """Top-level ISO-BMFF boxes end to end: `ftyp` first with a video brand, and a `moov` among them."""
    position, types = 0, []
    while position < size:
        file.seek(position)
        header = file.read(8)
        if len(header) < 8:
            return False
        length, kind = struct.unpack(">I4s", header)
        if length == 1:
            large = file.read(8)
            if len(large) < 8:
                return False
            length = struct.unpack(">Q", large)[0]
        elif length == 0:
            length = size - position  # the last box runs to the end of the file
        if length < 8 or position + length > size or not all(32 <= c < 127 for c in kind):
            return False
        if not types and (kind != b"ftyp" or not _video_brand(file.read(min(length - 8, 1024)))):
            return False
        types.append(kind)
        position += length
        if len(types) > 100_000:
            return False
    return b"moov" in types


def _video_brand(body: bytes) -> bool:
    if len(body) < 8:
        return False
    brands = [body[:4]] + [body[i:i + 4] for i in range(8, len(body) - 3, 4)]
    return any(brand in VIDEO_BRANDS for brand in brands)


EBML, DOCTYPE, SEGMENT = b"\x1a\x45\xdf\xa3", b"\x42\x82", b"\x18\x53\x80\x67"


def _vint(data: bytes, at: int, keep_marker: bool = False) -> tuple[int, int] | None:
    """An EBML variable-length integer at `at`: (value, its length in bytes); None if malformed."""
    if at >= len(data) or data[at] == 0:
        return None
    length = 8 - data[at].bit_length() + 1
    if at + length > len(data):
        return None
    value = data[at] if keep_marker else data[at] & (0xFF >> length)
    for byte in data[at + 1:at + length]:
        value = (value << 8) | byte
    return value, length


def _webm(file: BinaryIO) -> bool:
    """An EBML header whose DocType is "webm", then the Segment element."""
    head = file.read(4096)
    if not head.startswith(EBML):
        return False
    size = _vint(head, 4)
    if size is None:
        return False
    start = 4 + size[1]
    end = start + size[0]
    if end + 4 > len(head):
        return False
    position, doctype = start, None
    while position < end:
        element = _vint(head, position, keep_marker=True)
        if element is None or element[1] > 4:
            return False
        identifier = head[position:position + element[1]]
        position += element[1]
        length = _vint(head, position)
        if length is None:
            return False
        position += length[1]
        if identifier == DOCTYPE:
            doctype = head[position:position + length[0]].rstrip(b"\0")
        position += length[0]
    return (position == end and doctype == b"webm" and head[end:end + 4] == SEGMENT
            and _vint(head, end + 4) is not None)


def _webvtt(file: BinaryIO) -> bool:
    """UTF-8 text opening on "WEBVTT" (after an optional byte order mark), then a space, a tab or a line
    break (WebVTT's file signature)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    first = True
    while True:
        chunk = file.read(CHUNK)
        try:
            text = decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError:
            return False
        if first:
            text = text.removeprefix("\ufeff")
            if not text.startswith("WEBVTT") or text[6:7] not in ("", " ", "\t", "\n", "\r"):
                return False
            if "\x00" in text:
                return False
            first = False
        elif "\x00" in text:
            return False
        if not chunk:
            return True


def _pdf(path: Path) -> bool:
    with path.open("rb") as file:
        if file.read(5) != b"%PDF-":
            return False
    try:
        return len(PdfReader(path).pages) > 0
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, IndexError, AttributeError):
        return False


def _image(path: Path) -> str | None:
    """Read whole, not only its header: a truncated or forged image is refused here, not broken on the page."""
    try:
        with Image.open(path) as image:
            kind = IMAGE_FORMATS.get(image.format or "")
            if kind is None or image.width * image.height > MAX_POSTER_PIXELS:
                return None
            image.load()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None
    return kind
