"""The demo's year of the regional CCS of Ségou and Mopti."""

from __future__ import annotations

from tracker.demo_data.shapes import ccs, session

# The regional CCS: chaired by the Governor, recorded by the regional authority.
_REGIONAL_AGENDA = ["Situation sécuritaire de la région",
                    "Examen des recommandations transmises par les CCS communaux",
                    "Plan d'action régional de sécurité"]

REGION_SEGOU = ccs(
    "segou", "Ségou", ("Salle de conférence du Gouvernorat de Ségou",),
    session(300, "Les préfets signalent des vols de bétail dans le cercle de Niono et des "
            "tensions autour des couloirs de transhumance.", _REGIONAL_AGENDA),
    session(212, "Le CCS régional salue la baisse des vols au grand marché de Ségou depuis "
            "l'installation des lampadaires ; les patrouilles manquent toujours de carburant.",
            _REGIONAL_AGENDA),
    session(120, "Le Gouverneur demande aux communes de transmettre leurs recommandations avec "
            "un devis et la contribution prévue par la commune.", _REGIONAL_AGENDA),
    session(33, "Le CCS régional examine les recommandations en attente ; plusieurs dossiers "
            "des communes attendent encore un accusé de réception.", _REGIONAL_AGENDA,
            adopted_after=None),
    regional=True,
)

REGION_MOPTI = ccs(
    "mopti", "Mopti", ("Salle de conférence du Gouvernorat de Mopti",),
    session(270, "Les communes du fleuve signalent des vols sur les pirogues et l'arrivée de "
            "familles déplacées dans le cercle de Djenné.", _REGIONAL_AGENDA),
    session(180, "Le CCS régional fait le point sur la brigade fluviale et les cellules "
            "d'accueil des victimes de violences.", _REGIONAL_AGENDA),
    session(95, "Le Gouverneur rappelle que les accusés de réception doivent partir dans les "
            "quinze jours ; trois dossiers sont en retard.", _REGIONAL_AGENDA),
    regional=True,
)
