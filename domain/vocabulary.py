"""The words of the domain: levels, statuses, themes, origin groups, roles.

Keys are what is stored in events and used in the API; labels are the French
wording shown to people (DOMAIN.md)."""

COMMUNE, REGION, NATIONAL = "commune", "region", "national"
LEVELS = {
    COMMUNE: "Commune",
    REGION: "Région",
    NATIONAL: "National (CRSS)",
}

OPEN = "open"
AWAITING_ACKNOWLEDGEMENT = "awaiting_acknowledgement"
ACKNOWLEDGED = "acknowledged"
CLARIFICATION_REQUESTED = "clarification_requested"
ACCEPTED = "accepted"
DECLINED = "declined"
IMPLEMENTED = "implemented"
WITHDRAWN = "withdrawn"
STATUSES = {
    OPEN: "Ouverte",
    AWAITING_ACKNOWLEDGEMENT: "En attente d'accusé de réception",
    ACKNOWLEDGED: "Reçue",
    CLARIFICATION_REQUESTED: "Précisions demandées",
    ACCEPTED: "Retenue",
    DECLINED: "Non retenue",
    IMPLEMENTED: "Mise en œuvre",
    WITHDRAWN: "Retirée",
}
FINAL_STATUSES = frozenset({DECLINED, IMPLEMENTED, WITHDRAWN})

THEMES = {
    "police_proximite": "Prévention et police de proximité",
    "genre_jeunes": "Coproduction de la sécurité sensible au genre (femmes, jeunes)",
    "droits_humains_vbg": "Gouvernance inclusive, droits humains et prévention des VBG",
    "eclairage_public": "Éclairage public",
    "appui_fds": "Appui logistique aux FDS",
    "sensibilisation": "Information et sensibilisation (radios, causeries)",
    "deplaces": "Personnes déplacées",
    "stupefiants": "Lutte contre les stupéfiants",
    "securite_routiere": "Sécurité routière",
    "cohesion_sociale": "Cohésion sociale et confiance citoyens–FDS",
    "autre": "Autre",
}

ORIGIN_GROUPS = {
    "femmes": "Femmes",
    "jeunes": "Jeunes",
    "leaders_communautaires": "Leaders communautaires et religieux",
    "elus": "Élus",
    "fds": "Forces de défense et de sécurité",
    "autre": "Autre",
}

SECRETARY, REGIONAL, NATIONAL_OFFICER, AUDITOR, ADMIN = (
    "secretary", "regional", "national", "auditor", "admin",
)
ROLES = {
    SECRETARY: "Secrétaire général de commune",
    REGIONAL: "Autorité régionale",
    NATIONAL_OFFICER: "Agent du CRSS",
    AUDITOR: "Auditeur du CRSS",
    ADMIN: "Administrateur",
}
