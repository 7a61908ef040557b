"""The strength rule of a password chosen by a person, shared by the pages and the CLI."""

from __future__ import annotations

import pytest

from domain.passwords import MINIMUM_PASSWORD_LENGTH, password_errors


@pytest.mark.parametrize("password", [
    "mot-de-passe-sûr", "trois mots choisis", "Kp7-mq3x-tw4h", "a" * 9 + "bcd",
    "demo-segou", "x" * 190 + "yzw0123456",
])
def test_a_long_enough_uncommon_password_is_accepted(password):
    assert password_errors(password, "sec_segou") == []


@pytest.mark.parametrize("password", ["", None, 12345678901])
def test_a_missing_password_is_refused(password):
    assert password_errors(password) == ["Ce champ est obligatoire."]


@pytest.mark.parametrize("password", ["12345678", "court", "a-b-c-d-e"])
def test_a_short_password_is_refused_with_its_length(password):
    [message] = password_errors(password)
    assert message == (f"Au moins {MINIMUM_PASSWORD_LENGTH} caractères "
                       f"(actuellement {len(password)}).")


def test_a_password_longer_than_any_passphrase_is_refused():
    assert password_errors("x" * 201 + "abc")[0].startswith("Au plus 200 caractères")


@pytest.mark.parametrize("username, password", [
    ("sec_segou", "sec_segou1"), ("sec_segou", "SEC_SEGOU2026"), ("sec_segou", "le-sec_segou!"),
    ("awa.traore", "awatraore-ccs"), ("crss", "demo-crss-2026"),
])
def test_a_password_holding_the_username_is_refused(username, password):
    assert password_errors(password, username) == [
        "Le mot de passe ne doit pas contenir l'identifiant."]


@pytest.mark.parametrize("password", [
    "motdepasse", "Mot-De-Passe", "motdepasse2026", "azertyuiop", "1234567890",
    "0123456789", "9876543210", "password123", "aaaaaaaaaaaa", "abababababab",
    "!!!!!!!!!!!!", "abcdefghijk", "1122334455", "bienvenue2025",
])
def test_a_common_or_simple_password_is_refused(password):
    [message] = password_errors(password, "sec_segou")
    assert message.startswith("Ce mot de passe est trop courant ou trop simple")
