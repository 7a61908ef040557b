"""How strong a password chosen by a person must be: one rule for the pages and the CLI.

The rule reads the password as typed and keeps nothing; only its hash goes further
(domain/account.py never sees a secret). Guessability is zxcvbn's estimate (a pure
library, English dictionaries), given the French and Malian words a person guessing here
would try first; its feedback is English only, so the reason is said in our own words
from the patterns it found."""

from __future__ import annotations

import threading
import unicodedata


from domain.messages import N_

MINIMUM_PASSWORD_LENGTH = 12
MAXIMUM_PASSWORD_LENGTH = 200  # hashing a megabyte on every sign-in is a cheap attack
# zxcvbn's scores go from 0 (guessed at once) to 4; below 3 is within reach of an
# attacker holding the hashes, or of a patient one online.
MINIMUM_SCORE = 3
# The words tried first by anyone guessing here, besides zxcvbn's English lists: French
# passwords, and the platform's and the country's own words. The caller adds the
# person's name and the communes and regions.
GUESSABLE_WORDS = (
    "mali", "ccs", "crss", "securite", "recommandation", "recommandations", "bamako",
    "motdepasse", "azerty", "azertyuiop", "azertyuiopqsdfghjklm", "bonjour", "soleil",
    "bienvenue", "admin", "administrateur", "demo", "demonstration", "test", "secret",
    "doudou", "chouchou", "loulou", "jetaime", "changezmoi", "utilisateur", "connexion",
    "motdepassesecret", "monmotdepasse", "princesse", "malien", "malienne", "commune",
    "communal", "mairie", "maire", "region", "regional", "gouverneur", "gouvernorat",
    "cercle", "prefet", "conseil", "comite", "consultatif", "sante", "suivi", "plateforme",
    "secretaire", "auditeur", "national",
)
# How zxcvbn's patterns read in French, first found first said.
_PATTERN_REASONS = (
    (lambda match: match.get("dictionary_name") == "user_inputs",
     N_("Ce mot de passe se devine trop facilement : il repose sur un mot attendu ici "
        "(votre identifiant ou votre nom, une commune, « mali », « ccs », un mot de passe "
        "français courant…).")),
    (lambda match: match.get("dictionary_name") == "passwords",
     N_("Ce mot de passe se devine trop facilement : il repose sur un mot de passe très "
        "courant.")),
    (lambda match: match["pattern"] == "dictionary",
     N_("Ce mot de passe se devine trop facilement : il repose sur un mot ou un nom "
        "courant.")),
    (lambda match: match["pattern"] == "spatial",
     N_("Ce mot de passe se devine trop facilement : il suit des touches voisines du "
        "clavier (« azerty », « qwerty »…).")),
    (lambda match: match["pattern"] == "repeat",
     N_("Ce mot de passe se devine trop facilement : il répète des caractères ou un motif "
        "(« aaaa », « abcabc »…).")),
    (lambda match: match["pattern"] == "sequence",
     N_("Ce mot de passe se devine trop facilement : il suit l'ordre de l'alphabet ou des "
        "chiffres (« abcd », « 6543 »…).")),
    (lambda match: match["pattern"] in ("date", "regex"),
     N_("Ce mot de passe se devine trop facilement : il repose sur une date ou une "
        "année.")),
)
TOO_GUESSABLE = N_("Ce mot de passe se devine trop facilement.")
WHAT_TO_DO = N_("Choisissez plutôt trois ou quatre mots sans rapport entre eux, séparés par "
                "des espaces ou des tirets, sans votre nom ni celui de votre commune.")
# zxcvbn keeps the words it is given in a module-wide dictionary: one estimate at a time,
# so that two people choosing at once are each judged against their own words.
_ZXCVBN = threading.Lock()


def password_errors(password, username: str | None = None,
                    known_words: tuple[str, ...] | list[str] = ()) -> list:
    """Messages for a password too short, too long, holding the username, or too easily
    guessed (``known_words``: the person's name, the communes… count as guessable);
    empty when it will do."""
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
    weakness = _weakness(password, [name, *known_words])
    return [weakness, WHAT_TO_DO] if weakness else []


def _weakness(password: str, known_words: list[str]):
    """Why the password is too guessable, or None. It is judged as typed and as letters
    and digits only: « Mot-De-Passe » is « motdepasse » to anyone guessing."""
    # zxcvbn ranks the words in the order given: the likeliest first.
    words = list(dict.fromkeys(form for word in (*GUESSABLE_WORDS, *known_words)
                               for part in _parts(word) for form in (part, _plain(part))
                               if form))
    # Imported here: its dictionaries weigh 12 MB in every process that imports the domain,
    # and only a password being chosen needs them.
    from zxcvbn import zxcvbn

    for candidate in filter(None, dict.fromkeys((password, _plain(password)))):
        with _ZXCVBN:
            result = zxcvbn(candidate, user_inputs=words, max_length=MAXIMUM_PASSWORD_LENGTH)
        if result["score"] < MINIMUM_SCORE:
            return _reason(result["sequence"])
    return None


def _reason(sequence: list[dict]):
    for says, message in _PATTERN_REASONS:
        if any(says(match) for match in sequence):
            return message
    return TOO_GUESSABLE


def _parts(word: str) -> list[str]:
    """A name and its words: « Aminata Traoré » guesses as itself, « aminata », « traore »."""
    word = (word or "").strip().lower()
    parts = word.replace("-", " ").replace("_", " ").replace(".", " ").split()
    return [word, *(part for part in parts if len(part) > 2)]  # not « de », « du »


def _plain(text: str) -> str:
    """Lower case, accents dropped, letters and digits only."""
    unaccented = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in unaccented if char.isalnum() and char.isascii())
