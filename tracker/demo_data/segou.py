"""The demo's year of the communal CCS of Ségou."""

from __future__ import annotations

from domain.catalogue import (
    ACCEPT, ACKNOWLEDGE, CHASE_UP, CLARIFY, DECLINE, ESCALATE, FOLLOW_UP, NOTE,
    REPORT_IMPLEMENTATION, REPORT_PROGRESS, REQUEST_CLARIFICATION,
)
from domain.vocabulary import REGIONAL, SECRETARY
from tracker.demo_data.shapes import at, ccs, rec, session

SEGOU = ccs(
    "segou", "Ségou",
    ("Salle de délibérations de la mairie de Ségou", "Centre Korè de Ségou",
     "Maison des jeunes de Ségou"),
    session(
        348, "Le commissaire signale une série de vols à l'arraché dans les allées du grand "
        "marché à la tombée de la nuit ; les patrouilles de nuit s'arrêtent en fin de mois "
        "faute de carburant.",
        ["Éclairage du grand marché", "Carburant des patrouilles de nuit"],
        rec("eclairage_public", "femmes",
            "Lampadaires solaires autour du grand marché de Ségou",
            "Les commerçantes quittent le marché à la nuit tombée ; les vols à l'arraché se "
            "multiplient dans les allées non éclairées. Installer vingt lampadaires solaires.",
            at(5, ESCALATE), at(13, ACKNOWLEDGE), at(33, ACCEPT, target=120),
            at(95, REPORT_PROGRESS, percent=40, text="Huit lampadaires posés sur vingt ; "
               "les autres attendent la livraison des panneaux solaires."),
            at(150, REPORT_PROGRESS, by=SECRETARY, percent=80,
               text="Seize lampadaires en service ; les commerçantes restent plus tard."),
            at(190, REPORT_IMPLEMENTATION, text="Vingt lampadaires solaires installés et en "
               "service ; les commerçantes signalent moins de vols le soir.")),
        rec("appui_fds", "fds", "Appui en carburant aux patrouilles nocturnes des FDS",
            "Les patrouilles de nuit de la police et de la gendarmerie s'arrêtent en fin de "
            "mois faute de carburant. Dotation mensuelle de 400 litres demandée.",
            at(4, ESCALATE), at(16, CHASE_UP, by=SECRETARY), at(22, ACKNOWLEDGE),
            at(40, ESCALATE), at(72, CHASE_UP, by=REGIONAL, text="Les patrouilles de nuit "
               "de Ségou sont de nouveau suspendues ; le Gouvernorat relance le CRSS."),
            at(78, ACKNOWLEDGE), at(95, ACCEPT, target=45),
            at(120, REPORT_PROGRESS, percent=60, text="Deux dotations sur trois versées à la "
               "police et à la gendarmerie de Ségou."),
            at(140, REPORT_IMPLEMENTATION, text="Dotation mensuelle en carburant versée "
               "depuis trois mois ; patrouilles de nuit régulières."))),
    session(
        318, "Deux cas de violences conjugales ont été portés à la connaissance de la brigade ; "
        "les victimes hésitent à porter plainte. Les chefs de quartier demandent des "
        "patrouilles à pied.",
        ["Prévention des violences basées sur le genre", "Comités de vigilance"],
        rec("droits_humains_vbg", "femmes", "Émissions radio en bambara sur la prévention des VBG",
            "Douze émissions sur les radios de proximité, avec une juriste et des leaders "
            "religieux, pour faire connaître les voies de recours des victimes de VBG.",
            at(9, ACCEPT, target=90),
            at(50, REPORT_PROGRESS, percent=50, text="Six émissions diffusées sur douze ; "
               "nombreux appels d'auditrices."),
            at(96, REPORT_IMPLEMENTATION, text="Douze émissions diffusées sur deux radios de "
               "proximité ; la juriste a reçu une vingtaine de femmes après les émissions.")),
        rec("police_proximite", "leaders_communautaires",
            "Comités de vigilance de quartier encadrés par la police",
            "Former et encadrer des comités de vigilance dans les quartiers périphériques, en "
            "lien avec le commissariat, pour signaler les incidents sans se faire justice.",
            at(6, ESCALATE), at(15, ACKNOWLEDGE), at(21, ACCEPT, target=150),
            at(110, REPORT_PROGRESS, percent=50, text="Cinq comités formés sur dix ; les "
               "gilets et les sifflets ne sont pas encore livrés."))),
    session(
        289, "Les leaders communautaires signalent des points de vente de stupéfiants sur "
        "les berges du fleuve, fréquentées par les jeunes le soir.",
        ["Stupéfiants au bord du fleuve"],
        rec("stupefiants", "leaders_communautaires",
            "Contrôles renforcés contre la vente de stupéfiants au bord du fleuve",
            "Des points de vente de stupéfiants se sont installés sur les berges, fréquentées "
            "par les jeunes le soir. Contrôles conjoints police–gendarmerie demandés.",
            at(5, ESCALATE), at(12, ACKNOWLEDGE), at(30, ESCALATE), at(58, ACKNOWLEDGE),
            at(90, FOLLOW_UP, by=SECRETARY, text="Les points de vente se sont déplacés vers "
               "le quai de pêche ; les parents s'inquiètent."),
            at(150, CHASE_UP, by=REGIONAL)),
        rec("stupefiants", "femmes",
            "Sensibilisation des parents sur la consommation de stupéfiants par les jeunes",
            "Réunions de parents dans les écoles et les grins, animées par les représentantes "
            "des femmes et un agent de la brigade des stupéfiants.",
            at(10, ACCEPT, target=60), at(70, REPORT_IMPLEMENTATION,
                                          text="Huit réunions tenues dans les écoles et "
                                          "les grins ; près de 400 parents touchés.")),
        place=1),
    session(
        259, "De nouvelles familles déplacées sont arrivées du cercle de Macina ; plusieurs "
        "n'ont plus de pièces d'identité, ce qui complique les contrôles des FDS.",
        ["Personnes déplacées à la périphérie", "Cohésion avec les communautés d'accueil"],
        rec("deplaces", "leaders_communautaires", "Accès à l'état civil pour les déplacés de Ségou",
            "Beaucoup de déplacés n'ont plus de pièces d'identité, ce qui complique les "
            "contrôles des FDS.",
            at(6, ESCALATE), at(25, ACKNOWLEDGE), at(40, ESCALATE), at(65, ACKNOWLEDGE),
            at(90, DECLINE, text="Relève d'une opération nationale d'état civil déjà "
               "programmée ; la commune y sera associée.")),
        rec("deplaces", "leaders_communautaires",
            "Rencontre d'échange entre déplacés et communautés d'accueil",
            "Une rencontre au centre Korè sur les rôles et les responsabilités de chacun face "
            "à la crise, avec les chefs de quartier et les représentants des déplacés.",
            at(7, ACCEPT), at(40, REPORT_IMPLEMENTATION, text="Rencontre tenue avec 120 "
                                                              "participants, dont 50 femmes."))),
    session(
        199, "La rentrée scolaire s'est déroulée sans incident majeur ; les parents d'élèves "
        "s'inquiètent de la circulation devant les écoles.",
        ["Sécurité aux abords des écoles", "Participation des femmes au CCS"],
        rec("genre_jeunes", "femmes", "Local de réunion pour les comités de femmes du CCS",
            "Les représentantes des femmes n'ont aucun lieu pour préparer les sessions.",
            at(5, ESCALATE), at(12, ACKNOWLEDGE),
            at(28, DECLINE, text="La région ne finance pas de locaux communaux ; la mairie "
               "peut mettre à disposition une salle existante.")),
        rec("securite_routiere", "femmes",
            "Brigadiers scolaires aux heures d'entrée et de sortie des écoles",
            "Des agents de circulation et des parents volontaires devant les quatre écoles "
            "du centre-ville, aux heures d'entrée et de sortie.",
            at(8, ACCEPT, target=75),
            at(60, REPORT_PROGRESS, percent=50, text="Deux écoles couvertes sur quatre ; "
               "les volontaires manquent de gilets."),
            at(100, REPORT_IMPLEMENTATION, text="Les quatre écoles ont leurs brigadiers "
               "scolaires aux heures d'entrée et de sortie."))),
    session(
        168, "Une altercation entre des jeunes et une patrouille lors d'un contrôle de nuit "
        "a provoqué des tensions dans le quartier de Missira.",
        ["Relations entre les jeunes et les FDS", "Radios de proximité"],
        rec("cohesion_sociale", "jeunes", "Tournoi de football inter-quartiers jeunes et FDS",
            "Un tournoi réunissant des équipes de jeunes et des agents des FDS pour renforcer "
            "la confiance entre citoyens et forces de sécurité.",
            at(6, ACCEPT, target=60),
            at(40, REPORT_PROGRESS, percent=30, text="Huit équipes inscrites, terrain "
               "réservé ; les maillots ne sont pas encore financés.")),
        rec("sensibilisation", "jeunes", "Émission radio mensuelle en direct avec le CCS",
            "Une émission en direct chaque mois où les auditeurs interrogent le maire, le "
            "commissaire et les représentants du CCS.",
            at(4, ACCEPT), at(35, REPORT_IMPLEMENTATION, text="Première émission diffusée ; "
                                                              "la radio la reprend chaque mois.")),
        place=2),
    session(
        139, "Le commandant de brigade indique que deux véhicules de patrouille sont "
        "immobilisés faute de pièces de rechange.",
        ["Moyens des FDS", "Numéro d'alerte du CCS"],
        rec("appui_fds", "fds", "Réparation des véhicules de patrouille de la brigade de Ségou",
            "Deux pick-up sur trois sont immobilisés ; les patrouilles de nuit sont réduites "
            "de moitié.",
            at(5, ESCALATE), at(21, ACKNOWLEDGE), at(30, ESCALATE),
            at(60, REQUEST_CLARIFICATION, text="Merci de joindre les devis du garage et de "
               "préciser ce que la région a déjà pris en charge."),
            at(75, CLARIFY, text="Devis du garage joint (pièces et main-d'œuvre) ; la région "
               "a pris en charge les pneus du premier véhicule."),
            at(95, ACKNOWLEDGE), at(110, ACCEPT, target=60),
            at(125, REPORT_PROGRESS, by=SECRETARY, percent=30,
               text="Le premier véhicule est au garage ; pièces commandées.")),
        rec("sensibilisation", "leaders_communautaires",
            "Numéro d'alerte du CCS affiché dans les mosquées et les marchés",
            "Faire connaître le numéro d'alerte des FDS par des affiches en bambara et en "
            "français et par les annonces des imams.",
            at(7, ACCEPT, target=30), at(25, REPORT_IMPLEMENTATION,
                                         text="Affiches posées dans 30 mosquées et les trois "
                                         "marchés ; annonces faites après la prière.")),
        chair="Le premier adjoint au maire de Ségou"),
    session(
        78, "Trois accidents graves impliquant des motos ont été enregistrés sur le pont de "
        "Ségou en un mois ; les jeunes relais demandent des causeries sur le rôle du CCS.",
        ["Sécurité routière sur le pont", "Causeries dans les quartiers"],
        rec("sensibilisation", "jeunes", "Causeries sur le rôle du CCS dans les quartiers",
            "Faire connaître le CCS et la police de proximité par des causeries animées par "
            "les jeunes relais.",
            at(6, ESCALATE), at(14, REQUEST_CLARIFICATION), at(22, CLARIFY),
            at(50, CHASE_UP, by=SECRETARY), at(65, CHASE_UP, by=SECRETARY)),
        rec("securite_routiere", "jeunes", "Contrôles de casques et de phares sur le pont de Ségou",
            "Des contrôles réguliers aux deux entrées du pont, avec une sensibilisation des "
            "conducteurs de moto plutôt que des amendes au premier contrôle.",
            at(5, ESCALATE), at(11, ACKNOWLEDGE), at(19, ACCEPT, target=45),
            at(55, REPORT_PROGRESS, percent=70, text="Contrôles tenus trois soirs par semaine ; "
               "les amendes ne commenceront qu'après la campagne d'information."))),
    session(
        49, "Trois élèves ont été renversés depuis la rentrée sur la route de l'école de "
        "Hamdallaye ; des cambriolages sont signalés à Sébougou.",
        ["Sécurité routière devant les écoles", "Cambriolages à Sébougou"],
        rec("securite_routiere", "elus", "Ralentisseurs et passage piéton devant l'école de Hamdallaye",
            "Trois élèves renversés depuis la rentrée sur la route de l'école.",
            at(8, ESCALATE), at(17, ACKNOWLEDGE),
            at(35, NOTE, text="Inscrit au budget additionnel de la région ; la direction des "
               "routes doit chiffrer les ralentisseurs.")),
        rec("police_proximite", "elus",
            "Réunion de quartier sur la prévention des cambriolages à Sébougou",
            "Une réunion avec le commissariat pour expliquer aux habitants comment protéger "
            "leurs maisons et signaler les suspects.")),
    session(
        18, "Le CCS note une hausse des cambriolages de boutiques autour de l'autogare ; la rue "
        "qui y mène n'est pas éclairée.",
        ["Sécurité de l'autogare", "Formation des jeunes relais"],
        rec("police_proximite", "fds", "Patrouilles pédestres autour de l'autogare la nuit",
            "Des patrouilles à pied entre 22 heures et 4 heures, avec un point de contact "
            "chez le chef de l'autogare.",
            at(4, ESCALATE)),
        rec("eclairage_public", "femmes", "Éclairage de la rue menant à l'autogare",
            "Les femmes qui arrivent par les cars de nuit longent une rue sans lumière."),
        rec("genre_jeunes", "jeunes", "Formation des jeunes relais du CCS à la médiation",
            "Former vingt jeunes, dont dix jeunes femmes, à la médiation des conflits de "
            "quartier.",
            at(6, ACCEPT, target=120)),
        adopted_after=None),
)
