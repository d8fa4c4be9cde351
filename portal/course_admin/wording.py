"""The words for what a lesson's media fields hold, on the list of lessons whose file is missing."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

MEDIA_FIELD_WORDS = {"video_path": _l("vidéo"), "video_low_path": _l("vidéo basse qualité"),
                     "poster_path": _l("affiche"), "captions_path": _l("sous-titres"),
                     "document_path": _l("document PDF")}
