from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from portal.formtools import WebForm, strip


class NewsForm(WebForm):
    subject = StringField(_l("Objet"), filters=[strip], validators=[
        DataRequired(_l("Donnez un objet au message.")), Length(max=120, message=_l("120 caractères au plus."))])
    body = TextAreaField(_l("Texte (une ligne vide entre deux paragraphes)"), filters=[strip], validators=[
        DataRequired(_l("Écrivez le texte du message.")), Length(max=5000, message=_l("5 000 caractères au plus."))],
        render_kw={"rows": 10})
    preview = SubmitField(_l("Prévisualiser"))
    send = SubmitField(_l("Envoyer"))
