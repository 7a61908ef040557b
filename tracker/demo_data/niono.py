"""The demo's year of the communal CCS of Niono."""

from __future__ import annotations

from domain.catalogue import (
    ACCEPT, ACKNOWLEDGE, CHASE_UP, DECLINE, ESCALATE, FOLLOW_UP, NOTE, REOPEN,
    REPORT_IMPLEMENTATION, REPORT_PROGRESS, REQUEST_CLARIFICATION, WITHDRAW,
)
from domain.vocabulary import REGIONAL, SECRETARY
from tracker.demo_data.shapes import at, ccs, rec, session

NIONO = ccs(
    "niono", "Niono",
    ("Salle de réunion de la mairie de Niono", "Maison de la femme de Niono"),
    session(
        352, "Des vols de bétail sont signalés dans les villages de la zone Office du Niger ; "
        "les patrouilles à pied ne les atteignent pas. Les habitants demandent des agents "
        "dans les quartiers.",
        ["Vols de bétail", "Police de proximité"],
        rec("appui_fds", "fds", "Motos pour les patrouilles rurales de la gendarmerie de Niono",
            "Les villages de la zone Office du Niger sont hors de portée des patrouilles à "
            "pied ; deux motos tout-terrain sont demandées.",
            at(6, ESCALATE), at(14, ACKNOWLEDGE), at(35, ESCALATE),
            at(75, CHASE_UP, by=REGIONAL), at(84, ACKNOWLEDGE),
            at(100, DECLINE, text="Pas de dotation en matériel roulant prévue au budget de "
               "cette année ; à reproposer l'an prochain.")),
        rec("police_proximite", "leaders_communautaires", "Police de proximité dans les quartiers de Niono",
            "Déployer des binômes de police de proximité dans les quartiers, avec des "
            "permanences hebdomadaires auprès des chefs de quartier.",
            at(7, ESCALATE), at(18, ACKNOWLEDGE), at(40, ESCALATE), at(65, ACKNOWLEDGE),
            at(100, ACCEPT, target=120),
            at(160, REPORT_PROGRESS, percent=40, text="Quatre binômes déployés sur dix ; les "
               "permanences tiennent dans trois quartiers."),
            at(250, REPORT_PROGRESS, by=SECRETARY, percent=75,
               text="Sept quartiers couverts ; il manque des agents pour les trois autres."))),
    session(
        321, "La gare routière est mal éclairée ; des voyageurs arrivés de nuit ont été "
        "dépouillés. Les moto-taxis se multiplient sans aucun contrôle.",
        ["Gare routière", "Moto-taxis"],
        rec("eclairage_public", "elus", "Éclairage de la gare routière de Niono",
            "Les voyageurs arrivant de nuit sont régulièrement agressés.",
            at(5, ESCALATE), at(26, ACKNOWLEDGE), at(40, ACCEPT, target=90),
            at(120, REPORT_PROGRESS, percent=50, text="Poteaux posés ; le raccordement "
               "attend la société d'électricité."),
            at(150, REPORT_IMPLEMENTATION, text="Douze lampadaires allumés à la gare routière ; "
               "aucune agression signalée depuis.")),
        rec("securite_routiere", "elus", "Recensement des moto-taxis et gilet numéroté",
            "Recenser les conducteurs de moto-taxi et leur remettre un gilet numéroté, pour "
            "que les passagers sachent qui les transporte.",
            at(10, ACCEPT, target=60), at(55, REPORT_IMPLEMENTATION,
                                          text="214 conducteurs recensés et équipés d'un "
                                          "gilet numéroté."))),
    session(
        262, "À l'approche de la transhumance, des tensions opposent éleveurs et agriculteurs "
        "sur les couloirs de passage ; des jeunes consommateurs de stupéfiants sont "
        "signalés près du marché.",
        ["Transhumance", "Jeunes et stupéfiants"],
        rec("cohesion_sociale", "leaders_communautaires",
            "Dialogue entre éleveurs et agriculteurs avant la transhumance",
            "Des rencontres entre éleveurs et agriculteurs pour prévenir les conflits sur "
            "les couloirs de passage.",
            at(5, ESCALATE), at(12, ACKNOWLEDGE), at(20, ACCEPT, target=30),
            at(48, REPORT_IMPLEMENTATION, text="Trois rencontres tenues ; les couloirs de "
               "passage ont été balisés avec les chefs de village.")),
        rec("stupefiants", "jeunes", "Centre d'écoute pour les jeunes consommateurs de stupéfiants",
            "Accompagner les jeunes qui veulent arrêter plutôt que seulement réprimer.",
            at(8, ESCALATE), at(19, ACKNOWLEDGE),
            at(40, DECLINE, text="La région n'a pas de ligne budgétaire pour un centre "
               "d'écoute ; à voir avec les partenaires."),
            at(100, REOPEN, text="Une ONG partenaire propose de financer l'écoute : le CCS "
               "reprend la recommandation."),
            at(110, ACCEPT, target=90),
            at(180, REPORT_PROGRESS, percent=60, text="Local aménagé, deux animateurs "
               "formés ; l'écoute a commencé deux jours par semaine."),
            at(240, REPORT_IMPLEMENTATION, text="Centre d'écoute ouvert avec l'ONG "
               "partenaire ; 35 jeunes suivis."))),
    session(
        232, "Le CCS constate que les femmes victimes de violences ne savent pas à qui "
        "s'adresser ; la direction régionale des transports annonce une formation des "
        "conducteurs.",
        ["Accueil des victimes de violences", "Moto-taxis"],
        rec("droits_humains_vbg", "femmes",
            "Permanence d'une assistante sociale au commissariat de Niono le jour du marché",
            "Une assistante sociale au commissariat chaque jour de marché, quand les femmes "
            "des villages viennent en ville.",
            at(6, ESCALATE), at(13, ACKNOWLEDGE), at(27, ACCEPT, target=60),
            at(70, REPORT_IMPLEMENTATION, text="Permanence tenue chaque lundi depuis six "
               "semaines ; 18 femmes reçues.")),
        rec("securite_routiere", "jeunes", "Formation des conducteurs de moto-taxi au code de la route",
            "Les accidents impliquant des moto-taxis sont en hausse.",
            at(20, WITHDRAW, text="Formation déjà prévue par la direction régionale des "
               "transports.")),
        place=1),
    session(
        201, "Des vols de récolte sont signalés dans les casiers rizicoles ; les agriculteurs "
        "demandent des rondes. Les FDS restent mal connues dans les hameaux.",
        ["Rondes pendant les récoltes", "Confiance entre habitants et FDS"],
        rec("police_proximite", "leaders_communautaires",
            "Rondes de nuit dans les casiers rizicoles pendant les récoltes",
            "Des rondes de nuit de la gendarmerie avec les comités de vigilance des villages "
            "pendant les six semaines de récolte.",
            at(5, ESCALATE), at(11, ACKNOWLEDGE), at(15, ACCEPT, target=20),
            at(33, REPORT_IMPLEMENTATION, text="Rondes tenues toutes les nuits de la récolte ; "
               "deux voleurs interpellés.")),
        rec("cohesion_sociale", "leaders_communautaires",
            "Causeries sur la cohabitation avec les FDS dans les hameaux",
            "Des causeries dans les hameaux avec le commandant de brigade pour présenter le "
            "rôle des FDS et recueillir les plaintes.",
            at(8, ACCEPT), at(60, REPORT_IMPLEMENTATION, text="Causeries tenues dans neuf "
                                                              "hameaux."))),
    session(
        171, "Une rixe entre jeunes de deux quartiers a fait trois blessés après un match de "
        "football ; les jeunes demandent un terrain éclairé.",
        ["Rixe entre jeunes", "Loisirs des jeunes"],
        rec("cohesion_sociale", "jeunes", "Médiation entre les jeunes de deux quartiers avec les chefs coutumiers",
            "Une médiation conduite par les chefs coutumiers et les imams, avec les "
            "associations de jeunes des deux quartiers.",
            at(5, ACCEPT), at(25, REPORT_IMPLEMENTATION, text="Médiation tenue ; les deux "
                                                              "associations ont signé un pacte de "
                                                              "non-violence.")),
        rec("genre_jeunes", "jeunes", "Terrain de sport éclairé pour les jeunes",
            "Un terrain éclairé où les jeunes, filles et garçons, se retrouvent le soir sous "
            "le regard des animateurs.",
            at(7, ESCALATE), at(27, ACKNOWLEDGE),
            at(45, DECLINE, text="Relève du budget d'investissement communal et des "
               "partenaires du sport, non du plan régional de sécurité."))),
    session(
        141, "", ["Sécurité pendant les récoltes"],
        cancelled="Quorum non atteint : une foire et des funérailles ont retenu la plupart des "
        "membres ; la session est reportée au mois suivant.", adopted_after=None),
    session(
        111, "Le CCS revient sur la session annulée du mois dernier ; les incidents se "
        "multiplient sur la route de Ségou à l'entrée de la ville.",
        ["Route de Ségou", "Information des habitants"],
        rec("sensibilisation", "femmes", "Émission radio sur la police de proximité en bambara",
            "Une émission mensuelle pour expliquer comment saisir la police de proximité.",
            at(6, ACCEPT, target=45),
            at(30, REPORT_PROGRESS, percent=50, text="Deux émissions diffusées ; la radio "
               "demande une contribution pour l'antenne."),
            at(52, REPORT_IMPLEMENTATION, text="Émission mensuelle installée sur la radio "
               "communautaire.")),
        rec("appui_fds", "fds", "Poste de contrôle mixte à l'entrée de Niono sur la route de Ségou",
            "Un poste de contrôle police–gendarmerie à l'entrée de la ville, de jour comme "
            "de nuit.",
            at(5, ESCALATE), at(12, ACKNOWLEDGE), at(25, ESCALATE),
            at(40, REQUEST_CLARIFICATION, text="Quels effectifs la région peut-elle déjà "
               "affecter au poste, et la commune fournit-elle l'abri ?"),
            at(60, FOLLOW_UP, by=SECRETARY, text="La commune fournira l'abri et l'éclairage "
               "du poste ; elle attend la réponse de la région au CRSS."))),
    session(
        80, "Des voleurs de bétail ont emprunté le couloir de transhumance ; un berger a été "
        "blessé. Le CCS a transmis une alerte le soir même.",
        ["Vols de bétail sur le couloir", "Registre des incidents"],
        rec("appui_fds", "leaders_communautaires",
            "Escorte des troupeaux sur le couloir de transhumance",
            "Une escorte de la gendarmerie pour les troupeaux qui traversent la commune, les "
            "jours de passage annoncés par les éleveurs.",
            at(3, ESCALATE), at(10, ACKNOWLEDGE), at(18, ACCEPT, target=30),
            at(40, REPORT_PROGRESS, by=SECRETARY, percent=80,
               text="Escortes assurées pour quatre passages sur cinq."),
            at(55, REPORT_IMPLEMENTATION, text="Escorte assurée à chaque passage annoncé ; "
               "aucun vol depuis."),
            raised_before_session=True),
        rec("autre", "elus", "Registre des incidents tenu par la mairie",
            "Consigner chaque incident signalé au CCS pour suivre les tendances.",
            at(6, ESCALATE), at(14, ACKNOWLEDGE),
            at(30, NOTE, text="Modèle de registre partagé avec les autres communes de la "
               "région ; la décision attend la prochaine session du CCS régional.")),
        place=1),
    session(
        22, "La période des fêtes a vu une hausse des cambriolages dans les quartiers "
        "périphériques, peu éclairés.",
        ["Cambriolages", "Information des commerçants"],
        rec("eclairage_public", "femmes", "Renforcer l'éclairage des quartiers périphériques de Niono",
            "Les rues des quartiers périphériques sont dans le noir ; les femmes n'osent plus "
            "sortir après la prière du soir.",
            at(5, ESCALATE), at(20, CHASE_UP, by=SECRETARY)),
        rec("sensibilisation", "elus", "Sensibilisation des commerçants au signalement des suspects",
            "Expliquer aux commerçants du marché comment signaler un suspect au CCS et aux "
            "FDS."),
        adopted_after=None),
)
