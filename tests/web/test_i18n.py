"""Languages: every sentence people read comes from the catalogs, the English catalog
covers all of them, French is the default, English is chosen by the switch (remembered)
or by the browser on a first visit."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from tests.conftest import login, raise_fields

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "web" / "templates"
ENGLISH_PO = ROOT / "web" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
FRENCH_PO = ROOT / "web" / "translations" / "fr" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None,
            "_l": None, "N_": None}
METHODS = [("web/templates/**.html", "jinja2"), ("domain/**.py", "python"),
           ("tracker/**.py", "python"), ("projections/**.py", "python"),
           ("web/**.py", "python")]
PLACEHOLDER = re.compile(r"%\((\w+)\)")


def extracted_ids() -> set:
    ids = set()
    for _filename, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), METHODS, keywords=KEYWORDS):
        ids.add(message if isinstance(message, str) else tuple(message))
    return ids


@pytest.fixture(scope="module")
def english():
    with ENGLISH_PO.open("rb") as po:
        return read_po(po, locale="en")


# ---- the catalogs --------------------------------------------------------------------------
def test_every_sentence_of_the_code_and_templates_has_an_english_translation(english):
    ids = extracted_ids()
    assert len(ids) > 150  # the extraction itself works
    missing = []
    for msgid in sorted(ids, key=str):
        entry = english.get(msgid)
        strings = entry and (entry.string if isinstance(entry.string, tuple)
                             else (entry.string,))
        if entry is None or not all(strings) or entry.fuzzy:
            missing.append(msgid)
    assert not missing, ("missing or fuzzy in web/translations/en (run `make translations` "
                         f"and translate): {missing}")


def test_translations_keep_every_placeholder_of_their_sentence(english):
    for entry in english:
        if not entry.id:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        expected = set(PLACEHOLDER.findall(ids[0]))
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) == expected, entry.id


def test_french_plurals_take_the_singular_for_0_and_1():
    """The French catalog holds each plural sentence's forms under French's rule
    (scripts/french_plurals.py, run by `make translations`)."""
    with FRENCH_PO.open("rb") as po:
        french = read_po(po, locale="fr")
    plurals = [msgid for msgid in extracted_ids() if isinstance(msgid, tuple)]
    assert len(plurals) > 10
    for msgid in plurals:
        entry = french.get(msgid)
        assert entry is not None and entry.string[0] == msgid[0], msgid
        assert set(entry.string[1:]) == {msgid[1]}, msgid
    assert french.plural_expr.startswith("(n == 0 || n == 1) ? 0")


@pytest.mark.parametrize("count, said", [(0, "0 recommandation"), (1, "1 recommandation"),
                                         (2, "2 recommandations")])
def test_a_count_reads_as_french_says_it(app, count, said):
    from flask_babel import ngettext
    with app.test_request_context():
        assert ngettext("%(num)d recommandation", "%(num)d recommandations", count) == said


def test_an_empty_board_says_0_recommandation(client, web_people):
    login(client, "sec_niono")
    page = client.get("/").get_data(as_text=True)
    assert "0 recommandation<" in page or "0 recommandation " in page
    assert "0 recommandations" not in page


class _VisibleText(HTMLParser):
    """Text a person reads in a template once the Jinja parts are taken out."""

    READ_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "aria-description"}

    def __init__(self):
        super().__init__()
        self.found, self.in_code = [], 0

    def handle_starttag(self, tag, attrs):
        if tag == "code":
            self.in_code += 1
        for name, value in attrs:
            if name in self.READ_ATTRIBUTES and value and _has_words(value):
                self.found.append(f'{name}="{value}"')

    def handle_endtag(self, tag):
        if tag == "code":
            self.in_code -= 1

    def handle_data(self, data):
        if not self.in_code and _has_words(data):
            self.found.append(data.strip())


def _has_words(text: str) -> bool:
    return bool(re.search(r"[A-Za-zÀ-ÿ]{2,}", text))


def _without_jinja(source: str) -> str:
    source = re.sub(r"{#.*?#}", "", source, flags=re.S)
    return re.sub(r"{{.*?}}|{%.*?%}", "", source, flags=re.S)


@pytest.mark.parametrize("template", sorted(
    str(path.relative_to(TEMPLATES)) for path in TEMPLATES.rglob("*.html")))
def test_templates_hold_no_text_outside_the_catalogs(template):
    parser = _VisibleText()
    parser.feed(_without_jinja((TEMPLATES / template).read_text(encoding="utf-8")))
    assert parser.found == []


def test_the_template_check_catches_untranslated_text():
    parser = _VisibleText()
    parser.feed(_without_jinja('<p>{{ _("Bonjour") }}</p><p>Au revoir</p>'
                               '<input placeholder="Rechercher"><code>flask run</code>'))
    assert parser.found == ["Au revoir", 'placeholder="Rechercher"']


# ---- choosing the language ------------------------------------------------------------------
def test_french_is_the_default(client):
    page = client.get("/login").text
    assert '<html lang="fr">' in page and "Se connecter" in page


def test_a_first_visit_follows_the_browser_language(client):
    page = client.get("/login", headers={"Accept-Language": "en-GB,en;q=0.9"}).text
    assert '<html lang="en">' in page and "Sign in" in page and "Se connecter" not in page


def test_an_unknown_browser_language_gets_french(client):
    page = client.get("/login", headers={"Accept-Language": "bm,de;q=0.8"}).text
    assert '<html lang="fr">' in page


def test_the_switch_is_visible_remembered_and_beats_the_browser(client):
    page = client.get("/login").text
    assert 'href="/langue/en?next=/login"' in page and ">English</a>" in page

    response = client.get("/langue/en?next=/login")

    assert response.status_code == 303 and response.location == "/login"
    assert "lang=en" in response.headers["Set-Cookie"]
    assert "Max-Age=31536000" in response.headers["Set-Cookie"]
    again = client.get("/login", headers={"Accept-Language": "fr"}).text
    assert '<html lang="en">' in again and "Sign in" in again
    client.get("/langue/fr?next=/login")
    assert '<html lang="fr">' in client.get("/login").text


def test_the_switch_never_sends_people_off_site(client):
    response = client.get("/langue/en?next=//evil.example/x")
    assert response.location == "/"


def test_an_unknown_language_code_changes_nothing(client):
    response = client.get("/langue/xx?next=/login")
    assert "Set-Cookie" not in response.headers


# ---- English throughout ---------------------------------------------------------------------
def test_the_board_and_a_recommendation_read_in_english(app, client, web_people, clock):
    tracker = app.extensions["tracker"]
    result = tracker.raise_recommendation(web_people["sec_segou"], **raise_fields(clock))
    client.set_cookie("lang", "en")
    login(client, "sec_segou")

    board = client.get("/").text
    assert "Recommendations board" in board and "1 recommendation" in board
    assert "Street lighting" in board and "Open" in board
    page = client.get(f"/recommendations/{result.recommendation_id}").text
    assert "Next step" in page and "Other actions" in page
    assert "Send up to the region of Ségou" in page
    assert "Recommendation recorded" in page  # the history's event label
    assert "10 March 2026" in page or "7 March 2026" in page  # dates written in English


def test_validation_errors_in_english_from_marshmallow_and_from_the_domain(client, web_people,
                                                                          clock):
    client.set_cookie("lang", "en")
    login(client, "sec_segou")
    data = {"title": "abc", "theme": "eclairage_public", "meeting_date": "31/12/2025"}

    page = client.post("/recommendations/nouvelle", data=data).text

    assert "Between 5 and 200 characters." in page
    assert "Invalid date: use the format YYYY-MM-DD." in page
    future = dict(data, title="Lampadaires du marché", meeting_date="2099-01-01")
    page = client.post("/recommendations/nouvelle", data=future).text
    assert "The session date cannot be in the future." in page  # the domain's rule


def test_french_validation_errors_stay_french(client, web_people):
    login(client, "sec_segou")
    page = client.post("/recommendations/nouvelle", data={"title": "abc"}).text
    assert "Entre 5 et 200 caractères." in page and "Ce champ est obligatoire." in page


def test_api_errors_follow_accept_language(app, client, web_people):
    token = app.extensions["tracker"].issue_token(None, "sec_segou")
    headers = {"Authorization": f"Bearer {token}", "Accept-Language": "en"}

    response = client.post("/api/v1/recommendations", json={"title": "abc"}, headers=headers)
    assert response.status_code == 422
    assert response.json["errors"]["title"] == ["Between 5 and 200 characters."]
    assert response.json["errors"]["theme"] == ["This field is required."]
    missing = client.get("/api/v1/recommendations/not-an-id", headers=headers)
    assert missing.json == {"error": "Recommendation not found."}
    french = client.get("/api/v1/nowhere", headers={"Authorization": f"Bearer {token}"})
    assert french.status_code == 404 and french.json == {"error": "Introuvable"}


def test_refusals_are_translated_with_their_values(app, client, web_people, clock):
    tracker = app.extensions["tracker"]
    result = tracker.raise_recommendation(web_people["sec_segou"], **raise_fields(clock))
    token = tracker.issue_token(None, "reg_segou")
    headers = {"Authorization": f"Bearer {token}", "Accept-Language": "en"}

    response = client.post(f"/api/v1/recommendations/{result.recommendation_id}/acknowledge",
                           headers=headers)

    assert response.status_code == 409
    assert response.json["error"] == (
        "Action “acknowledge” is not possible: the recommendation is at level “Commune”, "
        "status “Open”.")


# ---- the catalog, found once per request ------------------------------------------------------
def test_a_page_finds_its_catalog_once_however_many_sentences_it_reads(
        app, client, web_people, clock, monkeypatch):
    import flask_babel

    tracker = app.extensions["tracker"]
    for _ in range(3):
        tracker.raise_recommendation(web_people["sec_segou"], **raise_fields(clock))
    looked_up = []
    original = flask_babel.get_translations
    monkeypatch.setattr(flask_babel, "get_translations",
                        lambda: looked_up.append(1) or original())
    client.set_cookie("lang", "en")
    login(client, "sec_segou")
    looked_up.clear()

    board = client.get("/").text
    assert "3 recommendations" in board and 'data-label="Theme"' in board  # many sentences
    assert len(looked_up) == 1


def test_a_forced_language_within_a_request_reads_in_that_language(app):
    from flask_babel import force_locale

    from web.i18n import gettext, ngettext

    with app.test_request_context(headers={"Cookie": "lang=en"}):
        assert gettext("Commune inconnue.") == "Unknown commune."
        with force_locale("fr"):
            assert gettext("Commune inconnue.") == "Commune inconnue."
            assert ngettext("%(num)d recommandation", "%(num)d recommandations", 2) \
                == "2 recommandations"
        assert gettext("Commune inconnue.") == "Unknown commune."
        assert ngettext("%(num)d recommandation", "%(num)d recommandations", 2) \
            == "2 recommendations"
