"""The trainer's question notification reads as the question reads on the page: Markdown rendered, its
marks gone from the text part (« **2 cm** » is « 2 cm »)."""
from __future__ import annotations

from portal.forum.models import Thread
from portal.learning.markup import markdown_text
from portal.learning.models import Module
from tests.support.helpers import csrf_token, outbox, run_jobs, text_of
from tests.support.learning_fixtures import signed_in


def test_the_question_mail_has_no_markdown_marks(demo):
    learner = signed_in(demo, "apprenant@petale.test")
    with demo.app_context():
        colours = Module.get(Module.title == "Les couleurs")
    page = f"/forum/module/{colours.id}"
    token = csrf_token(learner.get(page).get_data(as_text=True))
    body = "Faut-il recouper à **2 cm** ?\n\n- les roses\n- les *tulipes*"
    learner.post(f"{page}/questions", data={"title": "Recouper ?", "body": body, "csrf_token": token})
    with demo.app_context():
        assert Thread.get_or_none(Thread.title == "Recouper ?") is not None
    run_jobs(demo)
    [message] = [m for m in outbox(demo) if "Recouper ?" in m["Subject"]]
    text = text_of(message)
    assert "Faut-il recouper à 2 cm ?" in text and "**" not in text and "*tulipes*" not in text
    assert "- les roses\n- les tulipes" in text
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "<strong>2 cm</strong>" in html and "**" not in html


def test_markdown_said_in_plain_text():
    assert markdown_text("Un [lien](https://exemple.test) et `du code`") == "Un lien (https://exemple.test) et du code"
    assert markdown_text("<script>x()</script>Bonjour") == "Bonjour"
