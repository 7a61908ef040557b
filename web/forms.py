"""What each form asks for: field kinds, labels and help, for the templates to render.

Validation is not here: it is web/schemas.py (shape) and the domain (rules)."""

from __future__ import annotations

from dataclasses import dataclass

from domain.messages import N_
from domain.rules import TEXT_LIMITS


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: str = "textarea"  # textarea | text | date | theme | origin_group
    required: bool = True
    help: str = ""
    limit: str | None = None  # key of TEXT_LIMITS, for maxlength and the help line

    @property
    def maxlength(self) -> int | None:
        return TEXT_LIMITS[self.limit][1] if self.limit else None

    @property
    def minlength(self) -> int | None:
        return TEXT_LIMITS[self.limit][0] if self.limit and self.required else None


def _reason(help_text: str) -> FieldSpec:
    return FieldSpec("reason", N_("Motif"), help=help_text, limit="reason")


RAISE_FIELDS = [
    FieldSpec("title", N_("Titre"), kind="text", limit="title",
              help=N_("Ce que le CCS recommande, en une phrase (5 à 200 caractères).")),
    FieldSpec("description", N_("Description"), required=False, limit="description",
              help=N_("Contexte, lieu, personnes concernées (facultatif, 5000 caractères au plus).")),
    FieldSpec("theme", N_("Thème"), kind="theme"),
    FieldSpec("meeting_date", N_("Date de la session du CCS"), kind="date",
              help=N_("Jour de la réunion où la recommandation a été formulée (pas dans le futur).")),
    FieldSpec("origin_group", N_("Proposée par"), kind="origin_group", required=False,
              help=N_("Le groupe du CCS qui a porté la recommandation (facultatif).")),
]

ACTION_FIELDS = {
    "amend": [FieldSpec(spec.name, spec.label, spec.kind, False, spec.help, spec.limit)
              for spec in RAISE_FIELDS],
    "note": [FieldSpec("note", N_("Note"), limit="note",
                       help=N_("Suivi, information utile (5000 caractères au plus)."))],
    "escalate": [_reason(N_("Pourquoi la commune ne peut pas régler seule ce point. "
                           "10 à 2000 caractères."))],
    "acknowledge": [FieldSpec("note", N_("Note"), required=False, limit="note",
                              help=N_("Facultatif."))],
    "request-clarification": [FieldSpec("question", N_("Question"), limit="question",
                                        help=N_("Ce qu'il faut préciser. 10 à 2000 caractères."))],
    "clarify": [FieldSpec("answer", N_("Réponse"), limit="answer",
                          help=N_("Les précisions demandées. 10 à 5000 caractères."))],
    "accept": [FieldSpec("note", N_("Note"), required=False, limit="note", help=N_("Facultatif.")),
               FieldSpec("target_date", N_("Date cible de mise en œuvre"), kind="date",
                         required=False, help=N_("Facultatif ; pas dans le passé."))],
    "decline": [_reason(N_("Pourquoi la recommandation n'est pas retenue. 10 à 2000 caractères."))],
    "report-implementation": [FieldSpec("note", N_("Ce qui a été fait"),
                                        limit="implementation_note",
                                        help=N_("10 à 5000 caractères."))],
    "withdraw": [_reason(N_("Pourquoi le CCS retire cette recommandation. 10 à 2000 caractères."))],
    "reopen": [_reason(N_("Pourquoi le dossier doit être rouvert. 10 à 2000 caractères."))],
}

# Actions that close a file or refuse it get a warning style on their button.
GRAVE_ACTIONS = {"decline", "withdraw"}
