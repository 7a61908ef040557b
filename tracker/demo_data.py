"""The demo's year of CCS life, as data: for each demo commune, its monthly sessions (a few
months missed, one session cancelled), the recommendations each session issued, and what
happened to each of them afterwards, day by day (docs/domain.md, sections 3 and 9).

Days are counted back from the day the demo is loaded (``days_ago``, the day of the
session) and forward from the session (``at(day, …)``, the day of a step): the whole year
moves with the tracker's clock, and every step of a file lies between its session and
yesterday (tracker/demo.py checks it). Texts are French, as the CCS write them; the
situations, places and recommendations follow what the PROSMED communes report (street
lamps, fuel for the FDS, radio programmes, proximity policing, displaced people, drug
selling, road safety, women and youth in the CCS)."""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.catalogue import (
    ACCEPT, ACKNOWLEDGE, CHASE_UP, CLARIFY, DECLINE, ESCALATE, FOLLOW_UP, NOTE, REOPEN,
    REPORT_IMPLEMENTATION, REPORT_PROGRESS, REQUEST_CLARIFICATION, WITHDRAW, Command,
)
from domain.vocabulary import REGIONAL, SECRETARY


@dataclass(frozen=True)
class Step:
    """One command on a file, ``day`` days after its session."""

    day: int
    command: Command
    by: str | None = None        # a role, when not the owner of the file's level
    text: str | None = None      # the command's main text, else a default one
    target: int | None = None    # accept: target date, days after the acceptance
    percent: int | None = None   # report-progress


@dataclass(frozen=True)
class DemoFile:
    """A recommendation a session issued, and its life."""

    theme: str
    origin_group: str | None
    title: str
    description: str
    life: tuple[Step, ...]
    # Raised by itself the evening of the session, then attached to it once the session
    # was on record (« Rattacher à une session »).
    raised_before_session: bool = False
    key: str = ""


@dataclass(frozen=True)
class DemoSession:
    """One session of a communal CCS (``commune``) or a regional one (``region``)."""

    days_ago: int
    situation: str
    topics: tuple[str, ...]
    files: tuple[DemoFile, ...] = ()
    place: int = 0                      # which of the CCS's usual places
    chair: str | None = None            # else the mayor (the Governor for a region)
    # When the minutes were adopted: days after the session, give or take a few
    # (tracker/demo.py); None: not adopted yet.
    adopted_after: int | None = 4
    cancelled: str | None = None        # the reason, given the day after it was recorded
    correction: str | None = None       # a correction of the attendance after adoption
    commune: str | None = None
    region: str | None = None
    key: str = ""


@dataclass(frozen=True)
class DemoCCS:
    """A communal or regional CCS: where it meets and its sessions of the year."""

    slug: str
    name: str
    places: tuple[str, ...]
    sessions: tuple[DemoSession, ...]
    regional: bool = False
    chair: str = field(default="")

    def __post_init__(self):
        if not self.chair:
            chair = (f"Le Gouverneur de la région de {self.name}" if self.regional
                     else f"Le maire de {self.name}")
            object.__setattr__(self, "chair", chair)


def at(day: int, command: Command, *, by: str | None = None, text: str | None = None,
       target: int | None = None, percent: int | None = None) -> Step:
    return Step(day, command, by, text, target, percent)


def rec(theme: str, origin_group: str | None, title: str, description: str, *life: Step,
        raised_before_session: bool = False) -> DemoFile:
    return DemoFile(theme, origin_group, title, description, tuple(life),
                    raised_before_session)


def session(days_ago: int, situation: str, topics: tuple[str, ...] | list[str],
            *files: DemoFile, **details) -> DemoSession:
    return DemoSession(days_ago, situation, tuple(topics), tuple(files), **details)


def ccs(slug: str, name: str, places: tuple[str, ...], *sessions: DemoSession,
        regional: bool = False) -> DemoCCS:
    """The CCS with keys given to its sessions and their files, oldest first: « segou-03 »
    is Ségou's third session of the year, « segou-03-2 » its second recommendation."""
    keyed = []
    for number, each in enumerate(sorted(sessions, key=lambda s: -s.days_ago), start=1):
        key = f"{'region-' if regional else ''}{slug}-{number:02d}"
        files = tuple(DemoFile(**{**vars(file), "key": f"{key}-{index}"})
                      for index, file in enumerate(each.files, start=1))
        where = {"region": slug} if regional else {"commune": slug}
        keyed.append(DemoSession(**{**vars(each), "files": files, "key": key, **where}))
    return DemoCCS(slug, name, places, tuple(keyed), regional)


# ---- the communes' CCS ----------------------------------------------------------------------
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

# ---- the regional CCS (chaired by the Governor, recorded by the regional authority) -----------
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

COMMUNAL_CCS = (SEGOU, NIONO, MOPTI, DJENNE, SAN)
REGIONAL_CCS = (REGION_SEGOU, REGION_MOPTI)
ALL_CCS = COMMUNAL_CCS + REGIONAL_CCS
