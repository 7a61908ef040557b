"""The strength rule of a password chosen by a person, shared by the pages and the CLI."""

from __future__ import annotations

import pytest

from domain.passwords import (
    MAXIMUM_PASSWORD_LENGTH, MINIMUM_PASSWORD_LENGTH, WHAT_TO_DO, password_errors,
)

# What the tracker passes: the person's name and the places (tracker/accounts.py).
KNOWN = ("Aminata Traoré", "Ségou", "Niono", "Mopti", "Djenné", "San")


@pytest.mark.parametrize("password", [
    "lanterne-baobab-pirogue", "trois mots choisis", "Kp7-mq3x-tw4h", "k7mp-3xq9-tw4h",
    "un-autre-mot-de-passe", "girafe tambour mangue", "x" * 190 + "yzw0123456",
    "y" * (MAXIMUM_PASSWORD_LENGTH - 14) + "-Kp7-mq3x-tw4h",
])
def test_a_long_enough_hard_to_guess_password_is_accepted(password):
    assert password_errors(password, "sec_segou", KNOWN) == []


@pytest.mark.parametrize("password", ["", None, 12345678901])
def test_a_missing_password_is_refused(password):
    assert password_errors(password) == ["Ce champ est obligatoire."]


@pytest.mark.parametrize("password", ["12345678", "court", "a-b-c-d-e", "Kp7-mq3x-tw4"[:11]])
def test_a_password_shorter_than_twelve_characters_is_refused_with_its_length(password):
    assert MINIMUM_PASSWORD_LENGTH == 12
    [message] = password_errors(password)
    assert message == (f"Au moins 12 caractères (actuellement {len(password)}).")


def test_a_password_longer_than_any_passphrase_is_refused_before_it_is_judged():
    assert password_errors("x" * 201 + "abc")[0].startswith("Au plus 200 caractères")


@pytest.mark.parametrize("username, password", [
    ("sec_segou", "sec_segou1234"), ("sec_segou", "SEC_SEGOU2026"),
    ("sec_segou", "le-sec_segou!"), ("awa.traore", "awatraore-ccs"),
    ("crss", "girafe-crss-2026"), ("crss", "girafe-CRSS-tambour"),
])
def test_a_password_holding_the_username_is_refused(username, password):
    assert password_errors(password, username) == [
        "Le mot de passe ne doit pas contenir l'identifiant."]


REASONS = {
    "word": "il repose sur un mot attendu ici",
    "password": "il repose sur un mot de passe très courant",
    "dictionary": "il repose sur un mot ou un nom courant",
    "keyboard": "il suit des touches voisines du clavier",
    "repeat": "il répète des caractères ou un motif",
    "sequence": "il suit l'ordre de l'alphabet ou des chiffres",
}


@pytest.mark.parametrize("password, reason", [
    # French passwords and the platform's and country's own words, however written
    ("motdepasse2026", "word"), ("Mot-De-Passe-2026", "word"), ("mot-de-passe-sûr", "word"),
    ("azertyuiopqs", "word"), ("bienvenue2025", "word"), ("recommandation1", "word"),
    ("securite-mali", "word"), ("Sécurité2026!", "word"),
    # the communes, the regions and the person's own name
    ("Ségou-2026!!", "word"), ("Djenné-Mopti", "word"), ("Aminata.Traore-2026", "word"),
    # zxcvbn's own lists and patterns
    ("password1234", "password"), ("123456789012", "password"),
    ("qwertyuiop12", "password"), ("zxcvbnm,./123", "keyboard"), ("aaaaaaaaaaaa", "repeat"), ("abababababab", "repeat"),
    ("!!!!!!!!!!!!", "repeat"), ("abcdefghijklm", "sequence"), ("0123456789012", "sequence"),
])
def test_a_guessable_password_is_refused_saying_why_in_french_and_what_to_do(password,
                                                                              reason):
    [why, what_to_do] = password_errors(password, "sec_segou", KNOWN)
    assert why.startswith("Ce mot de passe se devine trop facilement : " + REASONS[reason])
    assert what_to_do == WHAT_TO_DO == (
        "Choisissez plutôt trois ou quatre mots sans rapport entre eux, séparés par des "
        "espaces ou des tirets, sans votre nom ni celui de votre commune.")
    assert why.msgid and what_to_do.msgid  # translatable, English in the catalogs


def test_the_places_and_the_name_count_only_when_given():
    assert password_errors("Aminata.Traore-2026", "sec_segou") == []
    assert password_errors("Aminata.Traore-2026", "sec_segou", KNOWN) != []


def test_zxcvbn_s_english_feedback_is_never_shown():
    for password in ("qwertyuiop12", "aaaaaaaaaaaa", "password1234", "motdepasse2026"):
        for message in password_errors(password, "sec_segou", KNOWN):
            assert "guess" not in message and "Avoid" not in message
