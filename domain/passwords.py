"""How strong a password chosen by a person must be: one rule for the pages and the CLI.

The rule reads the password as typed and keeps nothing; only its hash goes further
(domain/account.py never sees a secret)."""

from __future__ import annotations

from domain.messages import N_

MINIMUM_PASSWORD_LENGTH = 10
MAXIMUM_PASSWORD_LENGTH = 200  # hashing a megabyte on every sign-in is a cheap attack
# The passwords tried first by anyone guessing, French and English, as ``_plain`` writes
# them (lower case, letters and digits only); a year or a number after one does not help.
COMMON_PASSWORDS = frozenset({
    "motdepasse", "password", "passw0rd", "azerty", "azertyuiop", "qwerty", "qwertyuiop",
    "bonjour", "soleil", "doudou", "chouchou", "loulou", "iloveyou", "jetaime", "admin",
    "administrateur", "administrator", "welcome", "bienvenue", "letmein", "secret",
    "changeme", "changezmoi", "utilisateur", "user", "test", "demo", "login", "connexion",
    "mali", "bamako", "crss", "ccs", "motdepassesecret", "monmotdepasse", "football",
    "princesse", "dragon", "monkey", "sunshine", "master", "abc", "abcdef", "abcdefgh",
})
# Runs of keys or digits that a person types without thinking.
_RUNS = ("abcdefghijklmnopqrstuvwxyz", "0123456789012345678901234567890",
         "98765432109876543210", "azertyuiopqsdfghjklmwxcvbn", "qwertyuiopasdfghjklzxcvbnm")
_FEWEST_DISTINCT_CHARACTERS = 4


def password_errors(password, username: str | None = None) -> list:
    """Messages for a password too short, too long, holding the username, or among the
    first a person guessing would try; empty when it will do."""
    if not isinstance(password, str) or not password:
        return [N_("Ce champ est obligatoire.")]
    if len(password) < MINIMUM_PASSWORD_LENGTH:
        return [N_("Au moins %(minimum)d caractères (actuellement %(length)d).",
                   minimum=MINIMUM_PASSWORD_LENGTH, length=len(password))]
    if len(password) > MAXIMUM_PASSWORD_LENGTH:
        return [N_("Au plus %(maximum)d caractères (actuellement %(length)d).",
                   maximum=MAXIMUM_PASSWORD_LENGTH, length=len(password))]
    name = (username or "").strip().lower()
    if name and (name in password.lower() or _plain(name) and _plain(name) in _plain(password)):
        return [N_("Le mot de passe ne doit pas contenir l'identifiant.")]
    if _too_guessable(password):
        return [N_("Ce mot de passe est trop courant ou trop simple : choisissez par exemple "
                   "trois ou quatre mots sans rapport entre eux.")]
    return []


def _plain(text: str) -> str:
    return "".join(char for char in text.lower() if char.isalnum())


def _too_guessable(password: str) -> bool:
    plain = _plain(password)
    without_trailing_digits = plain.rstrip("0123456789")
    return (plain in COMMON_PASSWORDS or without_trailing_digits in COMMON_PASSWORDS
            or len(set(password.lower())) < _FEWEST_DISTINCT_CHARACTERS
            or plain.isdigit() and len(set(plain)) < 6
            or any(plain in run for run in _RUNS))
