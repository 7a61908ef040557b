"""What each form asks for: field kinds, labels and help, for the templates to render.

Validation is not here: it is web/schemas.py (shape) and the domain (rules)."""

from __future__ import annotations

from dataclasses import dataclass

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
    return FieldSpec("reason", "Motif", help=help_text + " 10 à 2000 caractères.",
                     limit="reason")


RAISE_FIELDS = [
    FieldSpec("title", "Titre", kind="text", limit="title",
              help="Ce que le CCS recommande, en une phrase (5 à 200 caractères)."),
    FieldSpec("description", "Description", required=False, limit="description",
              help="Contexte, lieu, personnes concernées (facultatif, 5000 caractères au plus)."),
    FieldSpec("theme", "Thème", kind="theme"),
    FieldSpec("meeting_date", "Date de la session du CCS", kind="date",
              help="Jour de la réunion où la recommandation a été formulée (pas dans le futur)."),
    FieldSpec("origin_group", "Proposée par", kind="origin_group", required=False,
              help="Le groupe du CCS qui a porté la recommandation (facultatif)."),
]

ACTION_FIELDS = {
    "amend": [FieldSpec(spec.name, spec.label, spec.kind, False, spec.help, spec.limit)
              for spec in RAISE_FIELDS],
    "note": [FieldSpec("note", "Note", limit="note",
                       help="Suivi, information utile (5000 caractères au plus).")],
    "escalate": [_reason("Pourquoi la commune ne peut pas régler seule ce point.")],
    "acknowledge": [FieldSpec("note", "Note", required=False, limit="note",
                              help="Facultatif.")],
    "request-clarification": [FieldSpec("question", "Question", limit="question",
                                        help="Ce qu'il faut préciser. 10 à 2000 caractères.")],
    "clarify": [FieldSpec("answer", "Réponse", limit="answer",
                          help="Les précisions demandées. 10 à 5000 caractères.")],
    "accept": [FieldSpec("note", "Note", required=False, limit="note", help="Facultatif."),
               FieldSpec("target_date", "Date cible de mise en œuvre", kind="date",
                         required=False, help="Facultatif ; pas dans le passé.")],
    "decline": [_reason("Pourquoi la recommandation n'est pas retenue.")],
    "report-implementation": [FieldSpec("note", "Ce qui a été fait",
                                        limit="implementation_note",
                                        help="10 à 5000 caractères.")],
    "withdraw": [_reason("Pourquoi le CCS retire cette recommandation.")],
    "reopen": [_reason("Pourquoi le dossier doit être rouvert.")],
}

# Actions that close a file or refuse it get a warning style on their button.
GRAVE_ACTIONS = {"decline", "withdraw"}
