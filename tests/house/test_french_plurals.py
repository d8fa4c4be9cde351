"""A message with a plural is looked up in the French catalogue with French rules (0 and 1 singular); one the
catalogue lacks falls back to the source's two forms with English rules, and « 0 leçons terminées » came out
(a staff walk, 08/12/2026). Every plural message the code asks for must be in the French catalogue, whole."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None,
            "lazy_ngettext": (1, 2), "N_": None, "Np_": (1, 2)}


def plural_messages() -> set[str]:
    """The singular of each plural message, extracted as the Makefile's extract-messages does (babel.cfg)."""
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    return {message[0] for _, _, message, _, _ in extract_from_dir(str(ROOT), method_map, options_map,
                                                                   keywords=KEYWORDS)
            if isinstance(message, tuple)}


def test_every_plural_message_is_in_the_french_catalogue_with_each_form():
    with (ROOT / "portal/translations/fr/LC_MESSAGES/messages.po").open("rb") as po:
        french = read_po(po, locale="fr")
    asked = plural_messages()
    assert len(asked) > 40, "the extraction finds the plural messages"
    lacking = sorted(m for m in asked if french.get(m) is None or not all(french.get(m).string))
    assert not lacking, lacking
