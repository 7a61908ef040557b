"""The demo's year of the communal CCS of Mopti."""

from __future__ import annotations

from domain.catalogue import (
    ACCEPT, ACKNOWLEDGE, CHASE_UP, CLARIFY, DECLINE, ESCALATE, REPORT_IMPLEMENTATION,
    REPORT_PROGRESS, REQUEST_CLARIFICATION,
)
from domain.vocabulary import REGIONAL, SECRETARY
from tracker.demo_data.shapes import at, ccs, rec, session

MOPTI = ccs(
    "mopti", "Mopti",
    ("Salle de délibérations de la mairie de Mopti", "Salle de conférence de Komoguel"),
    session(
        344, "Le port et les îles ne sont pas patrouillés ; des vols de marchandises sont "
        "signalés sur les pirogues. Le quartier de Taïkiri reste sans éclairage.",
        ["Sécurité du port", "Éclairage de Taïkiri"],
        rec("appui_fds", "fds", "Pirogue motorisée pour la brigade fluviale",
            "Les îles et le port de Mopti ne sont pas patrouillés faute d'embarcation.",
            at(6, ESCALATE), at(13, ACKNOWLEDGE), at(35, ESCALATE), at(80, ACKNOWLEDGE),
            at(110, ACCEPT, target=120),
            at(200, REPORT_PROGRESS, percent=50, text="Pirogue commandée au chantier naval ; "
               "le moteur est livré."),
            at(260, REPORT_PROGRESS, by=SECRETARY, percent=90,
               text="Pirogue à l'eau, équipage en formation."),
            at(300, REPORT_IMPLEMENTATION, text="La brigade fluviale patrouille le port et "
               "les îles deux fois par jour avec sa pirogue motorisée.")),
        rec("eclairage_public", "jeunes", "Éclairage public du quartier de Taïkiri",
            "Rues sans lumière où se produisent des agressions.",
            at(9, ACCEPT, target=90), at(85, REPORT_IMPLEMENTATION,
                                         text="Quinze lampadaires posés par la mairie avec "
                                         "l'appui des jeunes du quartier."))),
    session(
        315, "Des vendeurs proposent des stupéfiants aux élèves à la sortie des écoles de "
        "Komoguel et de Gangal ; le CCS propose une caravane sur le civisme.",
        ["Stupéfiants aux abords des écoles", "Caravane sur le civisme"],
        rec("stupefiants", "femmes", "Vente de drogue aux abords des écoles de Mopti",
            "Des vendeurs proposent des stupéfiants aux élèves à la sortie des écoles de "
            "Komoguel et de Gangal. Présence des FDS demandée aux heures de sortie.",
            at(5, ESCALATE), at(12, ACKNOWLEDGE), at(30, ESCALATE),
            at(50, REQUEST_CLARIFICATION, text="Quels établissements exactement, et combien "
               "d'agents la région peut-elle déjà affecter ?"),
            at(70, CLARIFY, text="Six écoles de Komoguel et de Gangal ; la région affecte "
               "quatre agents, il en manque huit."),
            at(95, ACKNOWLEDGE), at(120, ACCEPT, target=60),
            at(170, REPORT_IMPLEMENTATION, text="Agents présents à la sortie des six écoles ; "
               "deux vendeurs interpellés.")),
        rec("sensibilisation", "jeunes", "Caravane de sensibilisation sur le civisme",
            "Caravane dans les quartiers avec des artistes locaux.",
            at(5, ESCALATE), at(10, ACKNOWLEDGE), at(20, ACCEPT, target=45),
            at(60, REPORT_IMPLEMENTATION, text="Caravane passée dans les quinze quartiers ; "
               "concerts suivis de débats avec les FDS."))),
    session(
        284, "Les accidents graves se multiplient au carrefour de la RN6 à l'entrée de Sévaré ; "
        "les femmes vendeuses du marché proposent de participer à la veille.",
        ["Sécurité routière sur la RN6", "Femmes et veille de quartier"],
        rec("securite_routiere", "elus", "Sécurité routière sur la RN6 à l'entrée de Sévaré",
            "Accidents graves fréquents au carrefour de la RN6 ; feux et signalisation "
            "demandés.",
            at(6, ESCALATE), at(14, ACKNOWLEDGE),
            at(30, ESCALATE, text="Route nationale : la signalisation de la RN6 relève de "
               "l'État."),
            at(55, ACKNOWLEDGE), at(75, ACCEPT, target=90),
            at(140, REPORT_PROGRESS, percent=40, text="Panneaux posés ; les feux tricolores "
               "attendent le budget de l'an prochain.")),
        rec("genre_jeunes", "femmes", "Associer les femmes vendeuses du marché au comité de veille",
            "Les vendeuses voient tout ce qui se passe au marché : deux d'entre elles "
            "siègeraient au comité de veille.",
            at(7, ACCEPT), at(30, REPORT_IMPLEMENTATION, text="Trois vendeuses siègent au "
                                                              "comité de veille du marché."))),
    session(
        254, "Plusieurs femmes ont signalé des violences dans les sites de déplacés de la "
        "commune ; aucun espace confidentiel n'existe pour porter plainte.",
        ["Accueil des victimes de VBG", "Personnes déplacées"],
        rec("droits_humains_vbg", "femmes", "Cellule d'accueil des victimes de VBG au commissariat",
            "Un espace confidentiel et une agente formée pour recevoir les plaintes.",
            at(5, ESCALATE),
            at(12, REQUEST_CLARIFICATION, text="La cellule serait-elle installée au 1er ou "
               "au 2e arrondissement ? Quel personnel est prévu ?"),
            at(20, CLARIFY, text="Au 1er arrondissement, le plus proche des sites de déplacés ; "
               "une agente formée par ONU Femmes."),
            at(28, ACKNOWLEDGE), at(45, ACCEPT, target=90),
            at(110, REPORT_PROGRESS, percent=60, text="Bureau aménagé ; l'agente est en "
               "formation."),
            at(150, REPORT_IMPLEMENTATION, text="Cellule ouverte au 1er arrondissement ; "
               "27 plaintes reçues le premier mois.")),
        rec("deplaces", "leaders_communautaires",
            "Recensement des déplacés installés sur les sites de la commune",
            "Connaître le nombre de familles, leurs villages d'origine et leurs besoins de "
            "protection.",
            at(8, ACCEPT), at(50, REPORT_IMPLEMENTATION, text="1 240 familles recensées sur "
                                                              "quatre sites."))),
    session(
        194, "Le CCS note une baisse des incidents depuis la mise en place des patrouilles "
        "mixtes, mais la nuit reste difficile près du port et du débarcadère.",
        ["Alerte des FDS la nuit", "Éclairage du débarcadère"],
        rec("police_proximite", "fds", "Numéro vert pour joindre les FDS de Mopti",
            "Un numéro gratuit pour signaler les incidents de nuit.",
            at(5, ESCALATE), at(12, ACKNOWLEDGE), at(25, ESCALATE), at(50, ACKNOWLEDGE),
            at(70, ACCEPT, target=180),
            at(130, REPORT_PROGRESS, percent=50, text="Numéro attribué par l'opérateur ; le "
               "standard de nuit reste à installer.")),
        rec("eclairage_public", "jeunes", "Éclairage solaire du débarcadère de Mopti",
            "Les pirogues arrivent de nuit à un débarcadère sans lumière où les passagers "
            "se font voler leurs bagages.",
            at(6, ESCALATE), at(24, ACKNOWLEDGE), at(40, ACCEPT, target=160),
            at(100, REPORT_PROGRESS, percent=40, text="Six lampadaires posés sur quinze."))),
    session(
        165, "Les leaders religieux proposent de relayer les messages de paix lors des "
        "prêches du vendredi ; les FDS souhaitent les rencontrer régulièrement.",
        ["Leaders religieux et FDS"],
        rec("cohesion_sociale", "leaders_communautaires", "Rencontres trimestrielles entre FDS et leaders religieux",
            "Échanger sur les tensions locales avant qu'elles ne dégénèrent.",
            at(5, ESCALATE), at(12, ACKNOWLEDGE), at(20, ACCEPT),
            at(90, REPORT_PROGRESS, percent=50, text="Deux rencontres tenues sur quatre.")),
        rec("cohesion_sociale", "leaders_communautaires",
            "Prêches et causeries pour la paix dans les mosquées et les églises",
            "Un message commun des imams et des pasteurs sur la paix et la confiance envers "
            "les FDS.",
            at(5, ACCEPT), at(40, REPORT_IMPLEMENTATION, text="Message lu dans 40 mosquées "
                                                              "et 6 églises."))),
    session(
        134, "Des jeunes désœuvrés se regroupent la nuit dans les garages de la route de "
        "Sévaré ; les parents demandent un encadrement.",
        ["Jeunes désœuvrés", "Patrouilles route de Sévaré"],
        rec("genre_jeunes", "jeunes", "Activités culturelles et sportives pour les jeunes désœuvrés",
            "Des activités le soir dans les maisons des jeunes, avec les associations.",
            at(6, ESCALATE), at(13, ACKNOWLEDGE),
            at(30, DECLINE, text="Pas de budget régional pour des activités de loisirs ; à "
               "porter par la commune et les associations.")),
        rec("police_proximite", "fds", "Patrouilles de nuit autour des garages de la route de Sévaré",
            "Des patrouilles de nuit régulières et un dialogue avec les propriétaires des "
            "garages.",
            at(4, ESCALATE), at(11, ACKNOWLEDGE), at(20, ESCALATE),
            at(60, CHASE_UP, by=REGIONAL), at(100, CHASE_UP, by=SECRETARY)),
        correction="La liste de présence omettait deux représentantes des femmes arrivées "
        "après l'ouverture de la séance."),
    session(
        105, "Le CCS fait le point sur la mise en œuvre de son plan d'action ; les femmes "
        "demandent des agents formés à l'accueil des victimes.",
        ["Plan d'action du CCS", "Accueil des victimes"],
        rec("droits_humains_vbg", "femmes", "Formation des agents de police à l'accueil des victimes",
            "Former les agents des trois commissariats à l'accueil des victimes de violences, "
            "en particulier des femmes et des enfants.",
            at(5, ESCALATE), at(11, ACKNOWLEDGE), at(25, ESCALATE),
            at(40, REQUEST_CLARIFICATION, text="Combien d'agents seraient formés, et sur "
               "quel calendrier ?"),
            at(55, CLARIFY, text="Trente agents, en trois sessions d'une semaine, avec les "
               "formateurs de la police nationale."),
            at(70, ACKNOWLEDGE)),
        place=1),
    session(
        45, "La fréquentation du port augmente avec la décrue ; des vols sont signalés sur "
        "les quais. Des conflits fonciers agitent deux quartiers.",
        ["Sécurité des quais", "Conflits fonciers"],
        rec("appui_fds", "leaders_communautaires", "Présence des FDS sur les quais aux heures de déchargement",
            "Des agents sur les quais de 5 heures à 10 heures, quand arrivent les pirogues "
            "de marchandises.",
            at(5, ESCALATE), at(11, ACKNOWLEDGE), at(20, ESCALATE)),
        rec("sensibilisation", "elus", "Causeries radio sur la gestion des conflits fonciers",
            "Une série d'émissions avec les chefs coutumiers et le service des domaines.",
            at(6, ESCALATE),
            at(12, REQUEST_CLARIFICATION, text="Quelles radios, combien d'émissions et quel "
               "budget la commune prévoit-elle ?"))),
    session(
        14, "Le CCS se félicite de la tenue régulière des patrouilles mixtes ; la situation "
        "reste calme, mais la circulation est dangereuse autour du marché.",
        ["Circulation autour du marché", "Femmes dans les comités de veille"],
        rec("securite_routiere", "elus", "Plaques de signalisation aux abords du grand marché de Mopti",
            "Des sens uniques et des plaques aux quatre entrées du marché."),
        rec("genre_jeunes", "femmes", "Implication des femmes dans les comités de veille des quartiers",
            "Au moins deux femmes dans chaque comité de veille de quartier.",
            at(3, ACCEPT, target=60)),
        adopted_after=None),
)
