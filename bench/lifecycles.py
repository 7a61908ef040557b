"""What the synthetic recommendations say and which lives they lead.

Each walk is the list of commands given after raising, in order, with a weight: how
often that life occurs. Notes are given along the way as committees follow their files
month after month, which is what brings the average to about ten events a file."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from domain.catalogue import free_text_field

# (weight, commands after "raise")
WALKS = (
    (6, ("amend", "note", "note")),                                    # open at the commune
    (7, ("note", "accept", "note", "note", "report-implementation")),  # done locally
    (3, ("amend", "withdraw")),
    (5, ("note", "escalate", "note")),                                  # awaiting the region
    (7, ("escalate", "request-clarification", "clarify", "acknowledge", "note", "note")),
    (12, ("note", "escalate", "acknowledge", "note", "accept", "note", "note",
          "report-implementation")),
    (8, ("escalate", "acknowledge", "decline", "reopen", "amend", "escalate", "acknowledge",
         "note", "accept", "note")),
    (20, ("note", "escalate", "acknowledge", "note", "escalate", "request-clarification",
          "clarify", "acknowledge", "note", "accept", "note", "note",
          "report-implementation")),
    (7, ("escalate", "acknowledge", "escalate", "note")),                # awaiting the CRSS
    (8, ("escalate", "request-clarification", "clarify", "acknowledge", "escalate",
         "acknowledge", "note", "note", "decline")),
    (17, ("note", "note", "escalate", "acknowledge", "note", "note", "escalate",
          "acknowledge", "note", "accept", "note", "note", "note",
          "report-implementation")),
)

TITLES = {
    "eclairage_public": ("Installer des lampadaires solaires autour du marché de {commune}",
                         "Réparer l'éclairage public de la gare routière de {commune}"),
    "appui_fds": ("Appuyer en carburant les patrouilles de nuit à {commune}",
                  "Doter le commissariat de {commune} d'une moto de patrouille"),
    "sensibilisation": ("Organiser des émissions radio sur la sécurité à {commune}",
                        "Tenir des causeries dans les grins de jeunes de {commune}"),
    "stupefiants": ("Lutter contre la vente de stupéfiants près des écoles de {commune}",),
    "securite_routiere": ("Poser des ralentisseurs devant l'école de {commune}",
                          "Contrôler les motos sans plaque sur le pont de {commune}"),
    "deplaces": ("Recenser les personnes déplacées installées à {commune}",),
    "cohesion_sociale": ("Réunir les chefs de quartier et les FDS de {commune} chaque mois",),
    "police_proximite": ("Installer un poste de police de proximité au marché de {commune}",),
    "genre_jeunes": ("Associer les associations de femmes aux rondes de {commune}",),
    "droits_humains_vbg": ("Ouvrir une cellule d'écoute des victimes de VBG à {commune}",),
    "autre": ("Clôturer le cimetière de {commune}",),
}
QUARTERS = ("Médine", "Hamdallaye", "Château", "Bagadadji", "Sokoura", "Darsalam",
            "Kalaban", "Missira", "Bougoufié", "Komoguel")
ORIGINS = ("femmes", "jeunes", "leaders_communautaires", "elus", "fds", "autre", None)

TEXTS = {
    "amend": "Précision apportée en session du CCS",
    "note": "Point fait avec le maire et le commandant de brigade lors de la session.",
    "escalate": "Le budget ne permet pas de financer cette mesure : appui sollicité.",
    "acknowledge": "Dossier reçu, inscrit à l'ordre du jour de la prochaine session.",
    "request-clarification": "Merci de préciser le coût estimé et les quartiers concernés.",
    "clarify": "Devis joint au dossier ; la commune prend en charge l'entretien.",
    "accept": "Retenue ; inscription au plan d'action.",
    "decline": "Mesure non prioritaire au regard des ressources disponibles cette année.",
    "report-implementation": "Mesure réalisée ; constat fait sur le terrain par le CCS.",
    "withdraw": "Le CCS a retiré cette recommandation lors de sa dernière session.",
    "reopen": "Éléments nouveaux présentés en session : le dossier est réexaminé.",
}


def average_events() -> float:
    """Events per recommendation, raise included, over the weighted walks."""
    total = sum(weight for weight, _ in WALKS)
    return sum(weight * (1 + len(walk)) for weight, walk in WALKS) / total


def command_fields(command: str, recommendation, now: datetime) -> dict:
    """Valid fields for the aggregate's command method, as the Tracker would pass them."""
    text = TEXTS[command]
    if command == "amend":
        return {"title": f"{recommendation.title[:180]} (révisée)"}
    if command == "accept":
        return {"note": text, "target_date": now.date() + timedelta(days=90)}
    return {free_text_field(command): text}


def raise_fields(rng, commune_slug: str, commune_name: str, today: date) -> dict:
    theme = rng.choice(tuple(TITLES))
    quarter = rng.choice(QUARTERS)
    return {
        "commune": commune_slug, "theme": theme,
        "title": rng.choice(TITLES[theme]).format(commune=commune_name),
        "description": f"Quartier {quarter} : demande formulée en session du CCS, "
                       f"à la suite des incidents signalés par les habitants.",
        "meeting_date": today - timedelta(days=rng.randrange(1, 365)),
        "origin_group": rng.choice(ORIGINS),
    }
