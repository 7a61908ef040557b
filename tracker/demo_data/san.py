"""The demo's year of the communal CCS of San."""

from __future__ import annotations

from domain.catalogue import (
    ACCEPT, CHASE_UP, ESCALATE, NOTE, REPORT_IMPLEMENTATION, REPORT_PROGRESS, WITHDRAW,
)
from domain.vocabulary import SECRETARY
from tracker.demo_data.shapes import at, ccs, rec, session

SAN = ccs(
    "san", "San",
    ("Salle de délibérations de la mairie de San", "Maison des jeunes de San"),
    session(
        355, "Les femmes sont peu représentées au CCS : une seule représentante siège aux "
        "sessions.",
        ["Représentation des femmes au CCS"],
        rec("genre_jeunes", "femmes", "Participation des femmes au CCS de San",
            "Porter à quatre le nombre de représentantes des femmes au CCS communal.",
            at(8, ACCEPT), at(40, REPORT_IMPLEMENTATION, text="Arrêté du maire pris : quatre "
                                                              "représentantes siègent désormais "
                                                              "au CCS."))),
    session(
        325, "Les accidents au carrefour de la RN6 se multiplient aux heures de marché.",
        ["Carrefour de la RN6"],
        rec("securite_routiere", "jeunes", "Sécurisation du carrefour de la RN6 à San",
            "Agents de circulation aux heures de marché.",
            at(7, ACCEPT, target=90),
            at(60, REPORT_PROGRESS, percent=40, text="Agents présents deux jours de marché "
               "sur cinq."),
            at(150, REPORT_IMPLEMENTATION, text="Agents de circulation au carrefour chaque "
               "jour de marché, avec l'appui de la police."))),
    session(
        296, "Des vendeurs de stupéfiants se sont installés derrière la gare routière ; des "
        "débits de boissons restent ouverts toute la nuit.",
        ["Stupéfiants près de la gare routière", "Débits de boissons"],
        rec("stupefiants", "leaders_communautaires",
            "Lutte contre la vente de stupéfiants près de la gare routière de San",
            "Déguerpir les vendeurs installés derrière la gare routière.",
            at(5, ACCEPT),
            at(45, REPORT_PROGRESS, percent=50, text="Deux opérations menées ; les vendeurs "
               "reviennent la nuit."),
            at(90, REPORT_IMPLEMENTATION, text="Vendeurs déguerpis ; une patrouille passe "
               "chaque nuit derrière la gare.")),
        rec("stupefiants", "leaders_communautaires", "Contrôle des débits de boissons ouverts la nuit",
            "Faire respecter les heures de fermeture et contrôler les débits signalés par "
            "les habitants.",
            at(10, ACCEPT), at(60, REPORT_IMPLEMENTATION, text="Arrêté municipal sur les "
                                                               "heures de fermeture ; quatre "
                                                               "débits fermés.")),
        place=1),
    session(
        266, "Le CCS souhaite mieux faire connaître son rôle et celui des FDS auprès de la "
        "population.",
        ["Information de la population"],
        rec("sensibilisation", "femmes", "Émissions radio sur la cohésion sociale en bambara et en bomu",
            "Émissions interactives sur la radio rurale de San.",
            at(14, WITHDRAW)),
        rec("cohesion_sociale", "jeunes", "Journée portes ouvertes du commissariat de San",
            "Une journée où les habitants, et d'abord les jeunes, visitent le commissariat et "
            "rencontrent les agents.",
            at(6, ACCEPT, target=45), at(40, REPORT_IMPLEMENTATION,
                                         text="Journée tenue : 300 visiteurs, dont de "
                                         "nombreux élèves."))),
    session(
        206, "Le quartier nord, entre le marché et les habitations, reste dans l'obscurité.",
        ["Éclairage du quartier nord"],
        rec("eclairage_public", "elus", "Lampadaires sur la route du marché de San",
            "Zone sombre entre le marché et les quartiers nord.",
            at(10, ACCEPT, target=200),
            at(100, REPORT_PROGRESS, percent=40, text="Six lampadaires posés sur quinze ; "
               "les autres attendent le budget additionnel."))),
    session(
        176, "Les représentantes des femmes signalent des violences domestiques non "
        "déclarées ; la brigade de proximité n'a pas de local.",
        ["Violences domestiques", "Local de la brigade de proximité"],
        rec("droits_humains_vbg", "femmes", "Causeries sur les VBG avec les chefs de famille",
            "Des causeries dans les quartiers avec les chefs de famille, les imams et une "
            "juriste.",
            at(6, ACCEPT), at(50, REPORT_IMPLEMENTATION, text="Douze causeries tenues ; "
                                                              "trois plaintes déposées avec "
                                                              "l'appui de la juriste.")),
        rec("appui_fds", "fds", "Local équipé pour la brigade de proximité",
            "La brigade de proximité n'a ni bureau ni armoire pour ses registres.",
            at(30, NOTE, text="En attente du vote du budget communal ; le maire cherche un "
               "local disponible."))),
    session(
        146, "Les conducteurs de moto-taxi circulent sans casque ni phares ; deux accidents "
        "mortels ce mois.",
        ["Moto-taxis"],
        rec("securite_routiere", "jeunes", "Opération casque et phares pour les moto-taxis",
            "Une opération de sensibilisation puis de contrôle des casques et des phares.",
            at(5, ACCEPT, target=30), at(35, REPORT_IMPLEMENTATION,
                                         text="Opération menée pendant un mois ; la moitié "
                                         "des conducteurs portent désormais un casque.")),
        place=1),
    session(
        116, "Le CCS salue la baisse des vols au marché depuis l'arrivée de la nouvelle équipe "
        "de police.",
        ["Bilan des patrouilles", "Boîte à suggestions"],
        rec("sensibilisation", "elus", "Boîte à suggestions du CCS à la mairie et au marché",
            "Permettre aux habitants de signaler un problème sans se faire connaître.",
            at(4, ACCEPT), at(20, REPORT_IMPLEMENTATION, text="Deux boîtes posées ; relevées "
                                                              "avant chaque session."))),
    session(
        86, "Des tensions entre agriculteurs et éleveurs sont signalées dans les villages de "
        "la commune à la fin des récoltes.",
        ["Agriculteurs et éleveurs"],
        rec("cohesion_sociale", "leaders_communautaires", "Comité de gestion des conflits agriculteurs–éleveurs",
            "Un comité avec les services de l'agriculture et de l'élevage, les chefs de "
            "village et les associations d'éleveurs.",
            at(5, ESCALATE, text="La commune ne peut pas mobiliser seule les services de "
               "l'agriculture et de l'élevage : le CCS saisit la région."),
            at(25, CHASE_UP, by=SECRETARY), at(45, CHASE_UP, by=SECRETARY))),
    session(
        47, "Le CCS constate une hausse des cambriolages ; les sessions ont du mal à réunir "
        "le quorum pendant les travaux des champs.",
        ["Cambriolages", "Rondes de jeunes"],
        rec("police_proximite", "fds", "Renforcer les patrouilles de nuit dans les quartiers périphériques de San",
            "Des patrouilles de nuit dans les quatre quartiers périphériques les plus touchés."),
        rec("genre_jeunes", "jeunes", "Mobiliser les jeunes pour des rondes de quartier encadrées",
            "Des rondes de jeunes volontaires, filles et garçons, encadrées par la police de "
            "proximité.")),
)
