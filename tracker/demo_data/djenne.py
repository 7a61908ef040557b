"""The demo's year of the communal CCS of Djenné."""

from __future__ import annotations

from domain.catalogue import (
    ACCEPT, ACKNOWLEDGE, CHASE_UP, CLARIFY, DECLINE, ESCALATE, FOLLOW_UP, NOTE, REOPEN,
    REPORT_IMPLEMENTATION, REPORT_PROGRESS, REQUEST_CLARIFICATION, WITHDRAW,
)
from domain.vocabulary import SECRETARY
from tracker.demo_data.shapes import at, ccs, rec, session

DJENNE = ccs(
    "djenne", "Djenné",
    ("Salle de réunion de la mairie de Djenné",),
    session(
        340, "Des familles déplacées arrivent des villages du cercle ; elles s'installent "
        "sans accompagnement ni information sur leurs droits.",
        ["Accueil des personnes déplacées"],
        rec("deplaces", "leaders_communautaires", "Accueil et sensibilisation des personnes déplacées à Djenné",
            "Des familles déplacées arrivent des villages du cercle ; rencontres sur leurs "
            "droits, leurs rôles et la gestion de crise.",
            at(6, ESCALATE), at(14, ACKNOWLEDGE), at(30, ESCALATE), at(62, ACKNOWLEDGE),
            at(80, ACCEPT, target=90),
            at(140, REPORT_PROGRESS, percent=70, text="Sept rencontres tenues sur dix."),
            at(165, REPORT_IMPLEMENTATION, text="Dix rencontres tenues avec les familles "
               "déplacées et les communautés d'accueil."))),
    session(
        281, "Les foires hebdomadaires attirent des milliers de personnes ; l'escorte manque "
        "de carburant. Les femmes interviennent peu pendant les sessions.",
        ["Sécurité des foires", "Prise de parole des femmes"],
        rec("appui_fds", "fds", "Carburant pour l'escorte des foires hebdomadaires",
            "Les foires de Djenné attirent des milliers de personnes ; l'escorte manque de "
            "carburant.",
            at(5, ESCALATE), at(22, ACKNOWLEDGE), at(35, DECLINE)),
        rec("genre_jeunes", "femmes", "Formation des femmes membres du CCS à la prise de parole",
            "Les femmes interviennent peu en session.",
            at(10, WITHDRAW, text="Retirée en attendant l'avis des associations de femmes."),
            at(45, REOPEN, text="Les associations de femmes soutiennent la demande ; le CCS "
               "la reprend."),
            at(50, ESCALATE), at(58, ACKNOWLEDGE), at(70, ACCEPT, target=60),
            at(120, REPORT_IMPLEMENTATION, text="Douze femmes du CCS formées avec l'appui "
               "d'ONU Femmes ; elles ont pris la parole à la session suivante."))),
    session(
        250, "Les femmes et les enfants déplacés n'ont pas accès aux services ; leurs besoins "
        "de protection sont mal connus.",
        ["Femmes et enfants déplacés"],
        rec("deplaces", "femmes", "Recensement des femmes et enfants déplacés",
            "Connaître les besoins de protection des femmes et enfants déplacés.",
            at(5, ESCALATE), at(12, ACKNOWLEDGE), at(25, ESCALATE),
            at(45, REQUEST_CLARIFICATION, text="Le recensement couvre-t-il aussi les "
               "familles hébergées chez des proches ?"),
            at(60, CLARIFY, text="Oui : les chefs de quartier recensent aussi les familles "
               "hébergées, avec l'appui de la protection civile."),
            at(75, ACKNOWLEDGE), at(100, ACCEPT, target=60),
            at(150, REPORT_IMPLEMENTATION, text="Recensement achevé : 860 femmes et 1 420 "
               "enfants déplacés, dont 300 hébergés chez des proches."))),
    session(
        220, "Le quartier Konofia est éloigné du poste de police ; la traversée du bac se fait "
        "sans gilets de sauvetage.",
        ["Police de proximité à Konofia", "Traversée du bac"],
        rec("police_proximite", "elus", "Poste de police de proximité au quartier Konofia",
            "Le poste le plus proche est à plusieurs kilomètres.",
            at(6, ESCALATE), at(13, ACKNOWLEDGE), at(30, ACCEPT, target=240),
            at(120, REPORT_PROGRESS, by=SECRETARY, percent=30,
               text="Terrain affecté par la mairie ; les fondations sont coulées."),
            at(190, REPORT_PROGRESS, percent=55, text="Murs montés ; la toiture attend le "
               "deuxième versement.")),
        rec("securite_routiere", "jeunes", "Gilets de sauvetage pour la traversée du bac de Djenné",
            "Les passagers, surtout les enfants, traversent le bac sans gilet ; deux noyades "
            "ont eu lieu l'an dernier.",
            at(5, ESCALATE), at(12, ACKNOWLEDGE), at(20, ACCEPT, target=45),
            at(50, REPORT_IMPLEMENTATION, text="Cent gilets remis au passeur ; port "
               "obligatoire affiché à l'embarcadère."))),
    session(
        190, "Des tensions sont apparues entre jeunes autochtones et jeunes déplacés autour "
        "des points d'eau.",
        ["Jeunes autochtones et jeunes déplacés"],
        rec("cohesion_sociale", "jeunes", "Comités de veille de jeunes dans les quartiers",
            "Des jeunes volontaires qui signalent les incidents au CCS.",
            at(6, ACCEPT, target=60),
            at(40, REPORT_PROGRESS, percent=50, text="Quatre comités sur huit installés."),
            at(70, REPORT_IMPLEMENTATION, text="Huit comités de veille de jeunes installés, "
               "dont trois animés par des jeunes filles.")),
        rec("deplaces", "jeunes", "Dialogue entre jeunes autochtones et jeunes déplacés",
            "Des rencontres autour des points d'eau et des activités communes.",
            at(6, ESCALATE), at(14, ACKNOWLEDGE),
            at(30, NOTE, text="Proposé au financement des partenaires du programme de "
               "stabilisation."),
            at(60, FOLLOW_UP, by=SECRETARY, text="Deux incidents de plus aux points d'eau ce "
               "mois ; les jeunes attendent la rencontre."),
            at(100, CHASE_UP, by=SECRETARY))),
    session(
        131, "Le CCS note une recrudescence des vols de motos les jours de foire ; la radio "
        "communautaire propose une émission sur les déplacés.",
        ["Vols de motos", "Radio communautaire"],
        rec("police_proximite", "jeunes", "Parking surveillé pour les motos les jours de foire",
            "Un parking gardé par des jeunes volontaires, avec un ticket, près de la "
            "mosquée.",
            at(7, ACCEPT, target=45),
            at(40, REPORT_PROGRESS, percent=50, text="Emplacement choisi ; les tickets et "
               "les gilets des gardiens restent à financer."),
            at(95, REPORT_IMPLEMENTATION, text="Parking ouvert chaque jour de foire, gardé "
               "par six jeunes volontaires ; aucun vol de moto depuis.")),
        rec("sensibilisation", "femmes", "Radio communautaire : émission sur les droits des déplacés",
            "Une émission mensuelle sur les droits et devoirs des personnes déplacées et des "
            "communautés d'accueil.",
            at(5, ESCALATE), at(12, ACKNOWLEDGE), at(25, ACCEPT, target=60),
            at(80, REPORT_IMPLEMENTATION, text="Trois émissions diffusées ; la radio "
               "continue sur ses fonds propres."))),
    session(
        70, "Un différend foncier entre deux villages de la commune a failli dégénérer ; les "
        "leaders ont apaisé la situation. La place du marché reste dans le noir.",
        ["Conflits fonciers", "Éclairage de la place du marché"],
        rec("cohesion_sociale", "leaders_communautaires",
            "Commission de conciliation foncière avec les leaders coutumiers",
            "Une commission permanente, avec les chefs coutumiers et le service des domaines, "
            "pour régler les différends avant qu'ils ne dégénèrent.",
            at(5, ESCALATE), at(12, ACKNOWLEDGE), at(28, ESCALATE), at(50, ACKNOWLEDGE),
            at(65, FOLLOW_UP, by=SECRETARY, text="Les deux villages ont accepté une première "
               "rencontre sous l'égide des chefs coutumiers.")),
        rec("eclairage_public", "femmes", "Éclairage de la place du marché de Djenné",
            "Les vendeuses remballent à la nuit tombée sur une place sans lumière.",
            at(6, ESCALATE), at(30, ACKNOWLEDGE), at(45, ACCEPT, target=120))),
    session(
        41, "Les femmes déplacées signalent des agressions lors de la collecte du bois ; un "
        "registre des arrivées est demandé aux chefs de quartier.",
        ["Sécurité des femmes déplacées", "Registre des arrivées"],
        rec("droits_humains_vbg", "femmes", "Accompagnement des femmes déplacées lors de la collecte du bois",
            "Des sorties groupées accompagnées par les comités de veille, et une patrouille "
            "les jours de collecte.",
            at(4, ESCALATE), at(10, ACKNOWLEDGE), at(18, ESCALATE),
            at(30, REQUEST_CLARIFICATION, text="Quels villages sont concernés, et quelle "
               "escorte la région peut-elle déjà fournir ?")),
        rec("deplaces", "leaders_communautaires",
            "Registre des arrivées de personnes déplacées tenu par les chefs de quartier",
            "Chaque chef de quartier tient un registre des familles arrivées, transmis chaque "
            "mois à la mairie.",
            at(5, ACCEPT, target=30),
            at(25, REPORT_PROGRESS, percent=60, text="Registres tenus dans six quartiers sur "
               "dix."))),
    session(
        11, "Situation calme ; le CCS prépare la sécurisation de la grande foire du lundi.",
        ["Sécurisation de la grande foire", "Numéros d'urgence"],
        rec("appui_fds", "fds", "Dispositif de sécurité pour la grande foire du lundi",
            "Renfort de la gendarmerie et de la garde nationale les jours de grande foire.",
            at(3, ESCALATE)),
        rec("sensibilisation", "jeunes", "Numéros d'urgence affichés au marché",
            "Afficher les numéros des FDS et du CCS aux entrées du marché."),
        adopted_after=None),
)
