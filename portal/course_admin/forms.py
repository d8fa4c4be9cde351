"""Staff forms for courses, modules, lessons, quiz questions and sessions."""
from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from types import MappingProxyType
from typing import ClassVar

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from portal.course_admin.lesson_files import Upload
from portal.formtools import REQUIRED, FilterForm, WebForm, strip
from portal.learning.models import NATURES
from portal.learning.wording import LESSON_KIND_WORDS

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LESSON_KIND_CHOICES = [SelectChoice(code, words) for code, words in LESSON_KIND_WORDS.items()]
QUESTION_KIND_CHOICES = [
    SelectChoice("single", _l("Choix unique")), SelectChoice("multiple", _l("Choix multiple")),
    SelectChoice("text", _l("Réponse courte")),
]
# The texts are rendered from Markdown (portal.learning.markup): said in what staff type, not by its name.
LAYOUT_HINT = _l("Mise en forme : **gras**, *italique* ; « - » en début de ligne pour une liste, « ## » pour "
                 "un intertitre ; une ligne vide entre deux paragraphes et avant une liste.")
MEDIA_PATH = Regexp(r"^(?!.*\.\.)[A-Za-z0-9._/-]*$",
                    message=_l("Chemin relatif : lettres, chiffres, « . », « _ », « - » et « / »."))


def _text(label, max_length, required=True, **kwargs):
    validators = [DataRequired(REQUIRED)] if required else [Optional()]
    validators.append(Length(max=max_length, message=_l("%(max)d caractères au plus.")))
    return StringField(label, filters=[strip], validators=validators, render_kw={"maxlength": max_length}, **kwargs)


def _long_text(label, max_length=20000, required=False, **kwargs):
    validators = [DataRequired(REQUIRED)] if required else [Optional()]
    validators.append(Length(max=max_length, message=_l("%(max)d caractères au plus.")))
    return TextAreaField(label, filters=[strip], validators=validators, render_kw={"rows": 5}, **kwargs)


def _media_path(label):
    return StringField(label, filters=[strip], validators=[Optional(), Length(max=255), MEDIA_PATH],
                       render_kw={"maxlength": 255})


class CourseForm(WebForm):
    title = _text(_l("Intitulé"), 160)
    slug = _text(_l("Adresse de la page (dans l'URL)"), 80,
                 description=_l("Minuscules, chiffres et tirets : l'adresse de la page sera /cours/mon-intitule."))
    # One hint for the three texts, written once above them (each field points at it: aria-describedby).
    layout_hint = LAYOUT_HINT
    laid_out = ("objectives", "description", "prerequisites")
    objectives = _long_text(_l("Objectifs"), 5000, required=True)
    description = _long_text(_l("Présentation"))
    prerequisites = _long_text(_l("Prérequis"), 2000)
    duration_hours = DecimalField(
        _l("Durée (heures)"), places=1,
        validators=[InputRequired(REQUIRED), NumberRange(0.5, 2000, _l("Entre %(min)s et %(max)s heures."))],
    )
    nature = SelectField(_l("Nature de l'action"), choices=[SelectChoice(n, n) for n in NATURES])
    nsf_code = _text(_l("Code NSF"), 8)
    rncp_code = _text(_l("Code RNCP ou RS (facultatif)"), 24, required=False)
    price_euros = DecimalField(
        _l("Prix net de taxe (€)"), places=2,
        validators=[InputRequired(REQUIRED), NumberRange(0, 100000, _l("Entre %(min)s et %(max)s €."))],
        description=_l("Les actions de formation sont exonérées de TVA : ce prix est celui du contrat et des "
                       "factures."),
    )
    level = SelectField(_l("Niveau"), choices=[
        SelectChoice("fondamental", _l("Fondamental")), SelectChoice("perfectionnement", _l("Perfectionnement"))])
    published = BooleanField(_l("Publiée au catalogue"), default=True)

    def validate_slug(self, field):
        if not SLUG.match(field.data or ""):
            raise ValidationError(_l("Minuscules sans accents, chiffres et tirets seulement."))


class ModuleForm(WebForm):
    title = _text(_l("Titre du module"), 160)
    theme = _text(_l("Thème"), 48, description=_l("Sert aux recommandations (ex. couleurs, techniques)."))
    summary = _long_text(_l("Résumé"), 2000)
    position = IntegerField(_l("Ordre"), validators=[InputRequired(REQUIRED), NumberRange(1, 999)])


class LessonForm(WebForm):
    title = _text(_l("Titre de la leçon"), 160)
    kind = SelectField(_l("Type"), choices=LESSON_KIND_CHOICES)
    position = IntegerField(_l("Ordre"), validators=[InputRequired(REQUIRED), NumberRange(1, 999)])
    expected_minutes = IntegerField(
        _l("Durée estimée (minutes)"), validators=[InputRequired(REQUIRED), NumberRange(1, 600)],
        description=_l("Affichée à l'apprenant, comme l'exige la formation à distance."),
    )
    body = _long_text(_l("Contenu ou introduction"), description=LAYOUT_HINT)
    video_file = FileField(_l("Envoyer la vidéo (MP4 ou WebM)"), render_kw={"accept": "video/mp4,video/webm"})
    video_path = _media_path(_l("ou vidéo déjà déposée : son nom"))
    video_low_file = FileField(_l("Envoyer la vidéo basse qualité (MP4 ou WebM)"),
                               render_kw={"accept": "video/mp4,video/webm"})
    video_low_path = _media_path(_l("ou vidéo basse qualité déjà déposée : son nom"))
    poster_file = FileField(_l("Envoyer l'affiche, l'image montrée avant la lecture (JPEG, PNG ou WebP)"),
                            render_kw={"accept": "image/jpeg,image/png,image/webp"})
    poster_path = _media_path(_l("ou affiche déjà déposée : son nom"))
    captions_file = FileField(_l("Envoyer les sous-titres (WebVTT)"), render_kw={"accept": ".vtt,text/vtt"})
    captions_path = _media_path(_l("ou sous-titres déjà déposés : leur nom"))
    transcript = _long_text(_l("Transcription"))
    document_file = FileField(_l("Envoyer le document PDF"), render_kw={"accept": "application/pdf,.pdf"})
    document_path = _media_path(_l("ou document déjà déposé : son nom"))
    pass_mark = IntegerField(_l("Seuil de réussite (%)"), default=70, validators=[Optional(), NumberRange(0, 100)])
    max_attempts = IntegerField(_l("Tentatives (vide : illimité)"), validators=[Optional(), NumberRange(1, 50)])

    # The fields that mean something for some kinds only: the form shows them for those (CSS, no script);
    # the others serve every kind. A video lesson may carry a PDF too (its handout).
    only_for: ClassVar[Mapping[str, tuple[str, ...]]] = MappingProxyType({
        **dict.fromkeys(("video_file", "video_path", "video_low_file", "video_low_path", "poster_file", "poster_path",
                         "captions_file", "captions_path", "transcript"), ("video",)),
        "document_file": ("pdf", "video"), "document_path": ("pdf", "video"),
        "pass_mark": ("quiz",), "max_attempts": ("quiz",)})

    def validate(self, extra_validators=None) -> bool:
        # Optional() stops a field's own validators when it is empty, so needs that depend on
        # the lesson kind are checked here.
        valid = super().validate(extra_validators)
        for kind, field, upload, message in (
            ("video", self.video_path, self.video_file, _l("Une leçon vidéo a besoin de sa vidéo.")),
            ("pdf", self.document_path, self.document_file, _l("Une leçon PDF a besoin de son document.")),
        ):
            if self.kind.data == kind and not field.data and not upload.data:
                field.errors = [*field.errors, message]
                valid = False
        return valid

    def uploads(self) -> dict[str, Upload]:
        """The files sent, by the lesson's path field each one fills."""
        return {path: Upload(upload.data.filename or "", upload.data.stream) for path, upload in (
            ("video_path", self.video_file), ("video_low_path", self.video_low_file), ("poster_path", self.poster_file),
            ("captions_path", self.captions_file), ("document_path", self.document_file)) if upload.data}

    def file_field(self, path_field: str):
        """The file input that fills a path field: where a refusal of its file is shown."""
        return self[path_field.removesuffix("_path") + "_file"]


# The lesson form's fields in the order of the page: each file input just before the path it fills.
LESSON_FIELD_ORDER = ("title", "kind", "position", "expected_minutes", "body", "video_file", "video_path",
                      "video_low_file", "video_low_path", "poster_file", "poster_path", "captions_file",
                      "captions_path", "transcript", "document_file", "document_path", "pass_mark", "max_attempts")


class QuestionForm(WebForm):
    kind = SelectField(_l("Type de question"), choices=QUESTION_KIND_CHOICES)
    prompt = _long_text(_l("Question"), 1000, required=True)
    choices = _long_text(
        _l("Propositions"), 3000,
        description=_l("Une par ligne ; commencez par * les bonnes réponses."),
    )
    accepted_answers = _long_text(_l("Réponses acceptées (réponse courte)"), 1000,
                                  description=_l("Une par ligne ; majuscules et accents sont ignorés."))
    explanation = _long_text(_l("Explication affichée après la réponse"), 1000)
    # Propositions for the choices, accepted answers for a short answer (the form shows each for its kinds).
    only_for: ClassVar[Mapping[str, tuple[str, ...]]] = MappingProxyType({
        "choices": ("single", "multiple"), "accepted_answers": ("text",)})

    def parsed_choices(self) -> list[tuple[str, bool]]:
        lines = [line.strip() for line in (self.choices.data or "").splitlines() if line.strip()]
        return [(line.lstrip("*").strip(), line.startswith("*")) for line in lines]

    def validate_choices(self, field):
        if self.kind.data == "text":
            return
        parsed = self.parsed_choices()
        if len(parsed) < 2:
            raise ValidationError(_l("Donnez au moins deux propositions."))
        if any(not label or len(label) > 300 for label, _ in parsed):
            raise ValidationError(_l("Chaque proposition fait entre 1 et 300 caractères."))
        right = sum(correct for _, correct in parsed)
        if self.kind.data == "single" and right != 1:
            raise ValidationError(_l("Une question à choix unique a exactement une bonne réponse."))
        if self.kind.data == "multiple" and right < 1:
            raise ValidationError(_l("Marquez au moins une bonne réponse avec *."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.kind.data == "text" and not (self.accepted_answers.data or "").strip():
            self.accepted_answers.errors = [*self.accepted_answers.errors, _l("Donnez au moins une réponse acceptée.")]
            valid = False
        return valid


class SessionForm(WebForm):
    course_id = SelectField(_l("Formation"), coerce=int)
    title = _text(_l("Nom de la session"), 120)
    starts_on = DateField(_l("Début"), validators=[InputRequired(_l("Date attendue (jj/mm/aaaa)."))])
    ends_on = DateField(_l("Fin"), validators=[InputRequired(_l("Date attendue (jj/mm/aaaa)."))])
    trainer_ids = SelectMultipleField(_l("Formateurs"))
    seats = IntegerField(_l("Places (vide : sans limite)"), validators=[
        Optional(), NumberRange(1, 999, _l("Entre %(min)s et %(max)s places."))],
        description=_l("Les inscriptions, par l'apprenant ou par la gestion, s'arrêtent quand elles sont prises."))

    def validate_ends_on(self, field):
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError(_l("La fin doit suivre le début."))


def release_dates_form(modules: list) -> type[WebForm]:
    """The session page's opening date per module of its course: one optional field per module,
    named release-<module id>, built for the course at hand."""

    class ReleaseDates(WebForm):
        class Meta:
            csrf = False  # fields of the session form, whose token CSRFProtect checks

        def dates(self) -> dict[int, date | None]:
            return {module.id: (date.fromisoformat(self[f"release-{module.id}"].data)
                                if self[f"release-{module.id}"].data else None) for module in modules}

    for module in modules:
        setattr(ReleaseDates, f"release-{module.id}", StringField(
            module.title, filters=[strip], validators=[Optional(), _iso_date(module.title)]))
    return ReleaseDates


def _iso_date(module_title: str):
    def check(form, field):
        try:
            date.fromisoformat(field.data)
        except ValueError:
            raise ValidationError(_l("Date d'ouverture illisible pour « %(m)s ».", m=module_title)) from None

    return check


class SessionFilterForm(FilterForm):
    """/gestion/sessions?formation=…&periode=…"""

    formation = SelectField(_l("Formation"), choices=[], validate_choice=False)
    periode = SelectField(_l("Période"), default="", choices=[
        SelectChoice("", _l("Toutes")), SelectChoice("running", _l("en cours")), SelectChoice("coming", _l("à venir")),
        SelectChoice("past", _l("terminées"))])

    def course_id(self) -> int | None:
        course = self.formation.data or ""
        return int(course) if course.isdigit() and len(course) < 10 else None
