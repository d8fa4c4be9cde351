"""Simulated people for bench/capacity.py (Locust): learners, and a provider's team of trainers (8) and
staff (3) whatever the number of learners, all with think time.

Each simulated person is one real account of the large data set, already signed in (bench/capacity.py
writes their session cookies to the file named by PETALE_PEOPLE). A learner opens her space, opens a
lesson and sends a heartbeat every 30 s while reading, marks it done, sometimes answers a quiz, saves a
workshop draft or asks a question; a trainer opens the queue and answers; staff go round the back office's
lists, now and then deep into one of them.
Run it through bench/capacity.py, which steps the number of people and reads the figures.
"""
from __future__ import annotations

import json
import os
import random
import re
from pathlib import Path
from urllib.parse import urlencode

import gevent
from locust import FastHttpUser, between, task

PEOPLE = json.loads(Path(os.environ.get("PETALE_PEOPLE", "bench/people.json")).read_text())
BEAT_SECONDS = float(os.environ.get("PETALE_BEAT_SECONDS", "30"))
START_SPREAD_SECONDS = float(os.environ.get("PETALE_START_SPREAD", "60"))

CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')
VIEW = re.compile(r'data-view="([^"]+)"')
CHOICE = re.compile(r'name="(q\d+)" value="(\d+)"')
TEXT_ANSWER = re.compile(r'name="(q\d+)" type="text"')
PALETTE = re.compile(r'<option value="([^"]+@[^"]+)"')
MESSAGE = re.compile(r"</h1>\s*<p>([^<]*)</p>")
THREAD = re.compile(r'href="/forum/sujet/(\d+)"')
LAST_PAGE = re.compile(r'page=(\d+)[^"]*">Dernière')


def csrf(html: str) -> str:
    found = CSRF.search(html)
    return found.group(1) if found else ""


class Person(FastHttpUser):
    abstract = True
    kind = ""

    def on_start(self) -> None:
        # People do not all arrive in the same second: without this the whole class would open its space
        # together at every round, a queue no real class makes.
        gevent.sleep(random.uniform(0, START_SPREAD_SECONDS))
        crowd = PEOPLE[self.kind]
        self.me = crowd[random.randrange(len(crowd))]
        # The user agent the cookie was completed with (flask-login ties a session to it).
        # Connection: close, as gunicorn's sync workers answer anyway: after its think time a person's
        # next request opens a new connection (reusing one the server had closed cost Locust's client
        # about 200 ms on the first request of each round, which the server never saw).
        self.headers = {"Cookie": self.me["cookie"], "Accept-Encoding": "gzip", "Connection": "close",
                        "User-Agent": os.environ.get("PETALE_USER_AGENT", "petale-capacity")}

    def page(self, path: str, name: str, **headers) -> str:
        self.client.cookiejar.clear()  # the prepared cookie alone, as sent by the header
        with self.client.get(path, name=name, headers={**self.headers, **headers}, allow_redirects=False,
                             catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
            return response.text or ""

    def send(self, path: str, name: str, data: dict, *, accept=(200, 204, 302, 303), **headers) -> str:
        self.client.cookiejar.clear()
        with self.client.post(path, name=name, data=urlencode(data),
                              headers={**self.headers, "Content-Type": "application/x-www-form-urlencoded", **headers},
                              allow_redirects=False, catch_response=True) as response:
            if response.status_code not in accept:
                response.failure(f"{response.status_code} {' '.join(MESSAGE.findall(response.text or ''))}")
            return response.text or ""

    def think(self, low: float, high: float) -> None:
        gevent.sleep(random.uniform(low, high))  # yields to the other simulated people


class Learner(Person):
    kind = "learners"
    wait_time = between(5, 15)

    @task
    def study(self) -> None:
        self.page("/mon-espace", "/mon-espace")
        self.think(3, 8)
        self.read_a_lesson()
        if self.me.get("quiz") and random.random() < 0.3:
            self.think(3, 8)
            self.answer_the_quiz()
        if self.me.get("brief") and random.random() < 0.3:
            self.think(3, 8)
            self.work_on_a_bouquet()
        if random.random() < 0.05:
            self.ask_a_question()

    def read_a_lesson(self) -> None:
        lesson = random.choice(self.me["lessons"])
        html = self.page(f"/lecon/{lesson}", "/lecon/[id]")
        view, token = VIEW.search(html), csrf(html)
        if not view:
            return
        for seq in range(1, random.randint(2, 4) + 1):
            gevent.sleep(BEAT_SECONDS)
            self.send(f"/lecon/{lesson}/battement", "/lecon/[id]/battement",
                      {"view": view.group(1), "seq": seq, "csrf_token": token})
        if random.random() < 0.3:
            self.send(f"/lecon/{lesson}/terminer", "/lecon/[id]/terminer", {"view": view.group(1), "csrf_token": token})

    def answer_the_quiz(self) -> None:
        quiz = self.me["quiz"]
        html = self.page(f"/lecon/{quiz}", "/lecon/[id] (quiz)")
        answers: dict[str, str] = {}
        for name, value in CHOICE.findall(html):
            answers.setdefault(name, value)
        for name in TEXT_ANSWER.findall(html):
            answers[name] = "en sifflet"
        if not answers:
            return
        self.think(10, 30)
        # 303 leads to the result (post/redirect/get); 422 is the page saying every attempt is used.
        self.send(f"/lecon/{quiz}/quiz", "/lecon/[id]/quiz", {**answers, "csrf_token": csrf(html)}, accept=(303, 422))

    def work_on_a_bouquet(self) -> None:
        brief = self.me["brief"]
        html = self.page(f"/atelier/{brief}", "/atelier/[id]")
        stems = PALETTE.findall(html)
        if not stems:
            return
        self.think(5, 15)
        token = csrf(html)
        self.send(f"/atelier/{brief}/ajouter", "/atelier/[id]/ajouter",
                  {"choice": random.choice(stems), "count": 3, "length": 40, "ring": 1, "direction": "cw",
                   "stripped": "y", "csrf_token": token}, accept=(200, 422), **{"HX-Request": "true"})
        self.think(2, 6)
        self.send(f"/atelier/{brief}/retirer/0", "/atelier/[id]/retirer/0", {"csrf_token": token},
                  accept=(200, 422), **{"HX-Request": "true"})

    def ask_a_question(self) -> None:
        module = self.me["module"]
        html = self.page(f"/forum/module/{module}", "/forum/module/[id]")
        self.think(20, 40)
        self.send(f"/forum/module/{module}/questions", "/forum/module/[id]/questions",
                  {"title": "Tenue des tiges", "body": "Comment garder les tiges droites dans la spirale ?",
                   "csrf_token": csrf(html)})


class Trainer(Person):
    kind = "trainers"
    fixed_count = int(os.environ.get("PETALE_TRAINERS", "8"))  # a provider's team, whatever the class size
    wait_time = between(10, 30)

    @task
    def answer(self) -> None:
        queue = self.page("/formateur", "/formateur")
        threads = THREAD.findall(queue)
        if not threads:
            return
        thread = random.choice(threads)
        self.think(5, 15)
        html = self.page(f"/forum/sujet/{thread}", "/forum/sujet/[id]")
        if random.random() < 0.3:
            self.think(20, 60)
            self.send(f"/forum/sujet/{thread}/reponses", "/forum/sujet/[id]/reponses",
                      {"body": "Serrez la spirale au point de liage et effeuillez en dessous.",
                       "csrf_token": csrf(html)})


class Staff(Person):
    kind = "staff"
    fixed_count = int(os.environ.get("PETALE_STAFF", "3"))
    wait_time = between(10, 30)

    @task
    def back_office(self) -> None:
        for path in self.me["pages"]:
            html = self.page(path, path)
            self.think(5, 15)
            last = LAST_PAGE.search(html)
            if last and random.random() < 0.3:  # deep in a long list, as someone looking for an old record
                number = random.randint(2, int(last.group(1)))
                separator = "&" if "?" in path else "?"
                self.page(f"{path}{separator}page={number}", f"{path} (page [n])")
                self.think(5, 15)
