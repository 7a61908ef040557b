"""The words of the domain: levels, statuses, themes, origin groups, roles.

Keys are what is stored in events and used in the API; labels are the French
wording shown to people (docs/domain.md)."""

from domain.messages import N_

COMMUNE, REGION, NATIONAL = "commune", "region", "national"
LEVELS = {
    COMMUNE: N_("Commune"),
    REGION: N_("Région"),
    NATIONAL: N_("National (CRSS)"),
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
    OPEN: N_("Ouverte"),
    AWAITING_ACKNOWLEDGEMENT: N_("En attente d'accusé de réception"),
    ACKNOWLEDGED: N_("Reçue"),
    CLARIFICATION_REQUESTED: N_("Précisions demandées"),
    ACCEPTED: N_("Retenue"),
    DECLINED: N_("Non retenue"),
    IMPLEMENTED: N_("Mise en œuvre"),
    WITHDRAWN: N_("Retirée"),
}
FINAL_STATUSES = frozenset({DECLINED, IMPLEMENTED, WITHDRAWN})

THEMES = {
    "police_proximite": N_("Prévention et police de proximité"),
    "genre_jeunes": N_("Coproduction de la sécurité sensible au genre (femmes, jeunes)"),
    "droits_humains_vbg": N_("Gouvernance inclusive, droits humains et prévention des VBG"),
    "eclairage_public": N_("Éclairage public"),
    "appui_fds": N_("Appui logistique aux FDS"),
    "sensibilisation": N_("Information et sensibilisation (radios, causeries)"),
    "deplaces": N_("Personnes déplacées"),
    "stupefiants": N_("Lutte contre les stupéfiants"),
    "securite_routiere": N_("Sécurité routière"),
    "cohesion_sociale": N_("Cohésion sociale et confiance citoyens–FDS"),
    "autre": N_("Autre"),
}

ORIGIN_GROUPS = {
    "femmes": N_("Femmes"),
    "jeunes": N_("Jeunes"),
    "leaders_communautaires": N_("Leaders communautaires et religieux"),
    "elus": N_("Élus"),
    "fds": N_("Forces de défense et de sécurité"),
    "autre": N_("Autre"),
}

SECRETARY, REGIONAL, NATIONAL_OFFICER, AUDITOR, ADMIN = (
    "secretary", "regional", "national", "auditor", "admin",
)
ROLES = {
    SECRETARY: N_("Secrétariat général de la commune"),
    REGIONAL: N_("Autorité régionale"),
    NATIONAL_OFFICER: N_("Membre du CRSS"),
    AUDITOR: N_("Audit du CRSS"),
    ADMIN: N_("Administration du système"),
}

# CCS sessions (« session du CCS »): their status, and the groups attendance is counted by
# (youth are counted in "jeunes"; religious leaders with the community leaders).
RECORDED, ADOPTED, CANCELLED = "recorded", "adopted", "cancelled"
SESSION_STATUSES = {
    RECORDED: N_("Enregistrée"),
    ADOPTED: N_("Procès-verbal adopté"),
    CANCELLED: N_("Annulée"),
}
ATTENDANCE_GROUPS = tuple(ORIGIN_GROUPS)
SEXES = {"women": N_("Femmes"), "men": N_("Hommes")}
