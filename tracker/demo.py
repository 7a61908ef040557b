"""Demo data: one account per role and a few dozen CCS recommendations walked through their
life, so that every (level, status) the lifecycle can reach is on the board.

Loading is idempotent: accounts that exist are kept as they are, and each recommendation
is raised with a fixed ``request_id`` ("demo-07"), so a second run gets ``created=False``
back and skips that file's walk. Meeting and target dates are relative to the tracker's
clock, so the data stays valid whatever the day. Most of this module is data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from domain.messages import N_
from domain.catalogue import (
    ACCEPT, ACKNOWLEDGE, CLARIFY, COMMANDS, DECLINE, ESCALATE, NOTE, REOPEN, REPORT_IMPLEMENTATION,
    REQUEST_CLARIFICATION, WITHDRAW, acting_role, free_text_field,
)
from domain.vocabulary import (
    ADMIN, AUDITOR, COMMUNE, NATIONAL, NATIONAL_OFFICER, REGION, REGIONAL, SECRETARY,
)
from tracker.authorization import NotFound


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    display_name: str
    commune: str | None = None
    region: str | None = None


# Fixed on purpose: they are printed by `flask demo` and listed in the README.
DEMO_ACCOUNTS = (
    DemoAccount("sg.segou", "demo-segou", SECRETARY, "Aminata Traoré (SG Ségou)", "segou"),
    DemoAccount("sg.niono", "demo-niono", SECRETARY, "Moussa Coulibaly (SG Niono)", "niono"),
    DemoAccount("sg.mopti", "demo-mopti", SECRETARY, "Hawa Cissé (SG Mopti)", "mopti"),
    DemoAccount("sg.djenne", "demo-djenne", SECRETARY, "Oumar Touré (SG Djenné)", "djenne"),
    DemoAccount("sg.san", "demo-san", SECRETARY, "Fatoumata Dembélé (SG San)", "san"),
    DemoAccount("gouv.segou", "demo-region-segou", REGIONAL,
                "Cabinet du Gouverneur de Ségou", region="segou"),
    DemoAccount("gouv.mopti", "demo-region-mopti", REGIONAL,
                "Cabinet du Gouverneur de Mopti", region="mopti"),
    DemoAccount("crss", "demo-crss", NATIONAL_OFFICER, "Mariam Keïta (CRSS)"),
    DemoAccount("auditeur", "demo-audit", AUDITOR, "Ibrahim Sangaré (auditeur CRSS)"),
    DemoAccount("admin", "demo-admin", ADMIN, "Administrateur de la plateforme"),
)

# ---- walks: the commands given after raising, in order --------------------------------
OPEN = ()
COMMUNE_ACCEPTED = (ACCEPT.name,)
COMMUNE_IMPLEMENTED = (ACCEPT.name, REPORT_IMPLEMENTATION.name)
WITHDRAWN = (WITHDRAW.name,)
AT_REGION = (ESCALATE.name,)
REGION_QUESTIONED = (ESCALATE.name, REQUEST_CLARIFICATION.name)
REGION_CLARIFIED = REGION_QUESTIONED + (CLARIFY.name,)  # back to awaiting acknowledgement
REGION_ACKNOWLEDGED = (ESCALATE.name, ACKNOWLEDGE.name, NOTE.name)
REGION_ACCEPTED = (ESCALATE.name, ACKNOWLEDGE.name, ACCEPT.name)
REGION_DECLINED = (ESCALATE.name, ACKNOWLEDGE.name, DECLINE.name)
REGION_IMPLEMENTED = REGION_ACCEPTED + (REPORT_IMPLEMENTATION.name,)
AT_NATIONAL = (ESCALATE.name, ACKNOWLEDGE.name, ESCALATE.name)
NATIONAL_ACKNOWLEDGED = AT_NATIONAL + (ACKNOWLEDGE.name,)
NATIONAL_QUESTIONED = AT_NATIONAL + (REQUEST_CLARIFICATION.name,)
NATIONAL_CLARIFIED = NATIONAL_QUESTIONED + (CLARIFY.name, ACKNOWLEDGE.name)
NATIONAL_ACCEPTED = NATIONAL_ACKNOWLEDGED + (ACCEPT.name,)
NATIONAL_DECLINED = NATIONAL_ACKNOWLEDGED + (DECLINE.name,)
NATIONAL_IMPLEMENTED = NATIONAL_ACCEPTED + (REPORT_IMPLEMENTATION.name,)
REOPENED = REGION_DECLINED + (REOPEN.name,)
REOPENED_AND_ESCALATED = WITHDRAWN + (REOPEN.name, ESCALATE.name)

# The one text field each command carries; acceptance also gets a target date.
# Keyed "command@level" (the level the file is at when the command is given), then "command".
DEFAULT_TEXTS = {
    f"{ESCALATE.name}@commune": "Le budget communal ne permet pas de financer cette mesure : "
        "le CCS communal sollicite l'appui de la région.",
    f"{ESCALATE.name}@region": "La mesure dépasse les moyens de la région et relève des services "
        "centraux : transmise au CRSS pour décision.",
    f"{ACKNOWLEDGE.name}@region": "Dossier reçu, inscrit à l'ordre du jour de la prochaine session "
        "du CCS régional.",
    f"{ACKNOWLEDGE.name}@national": "Dossier reçu par le CRSS ; examen en cours avec les "
        "départements concernés.",
    NOTE.name: "Point fait avec le maire et le commandant de brigade lors de la dernière session.",
    REQUEST_CLARIFICATION.name: "Merci de préciser le coût estimé, les quartiers concernés et "
        "la contribution prévue par la commune.",
    CLARIFY.name: "Devis joint au dossier ; la commune prend en charge l'entretien et la "
        "mobilisation des comités de quartier.",
    f"{ACCEPT.name}@commune": "Retenue par le conseil communal ; financement sur le budget 2025.",
    f"{ACCEPT.name}@region": "Retenue par le CCS régional ; inscription au plan d'action régional.",
    f"{ACCEPT.name}@national": "Retenue par le CRSS ; mise en œuvre avec les départements "
        "ministériels concernés.",
    REPORT_IMPLEMENTATION.name: "Mesure réalisée ; constat fait sur le terrain par le CCS "
        "communal et les FDS.",
    DECLINE.name: "Mesure non prioritaire au regard des ressources disponibles cette année.",
    WITHDRAW.name: "Le CCS a retiré cette recommandation lors de sa dernière session.",
    REOPEN.name: "Éléments nouveaux présentés en session : le CCS souhaite réexaminer le dossier.",
}


@dataclass(frozen=True)
class DemoRecommendation:
    key: str
    commune: str
    theme: str
    origin_group: str | None
    days_ago: int
    title: str
    description: str
    walk: tuple[str, ...]
    texts: dict = field(default_factory=dict)

    @property
    def request_id(self) -> str:
        return f"demo-{self.key}"


def _demo(key, commune, theme, origin, days_ago, title, description, walk, **texts):
    # Keyword names cannot hold "@" or "-": escalate_region -> "escalate@region".
    texts = {name.replace("_at_", "@").replace("_", "-"): text for name, text in texts.items()}
    return DemoRecommendation(key, commune, theme, origin, days_ago, title, description,
                              walk, texts)


RECOMMENDATIONS = (
    _demo("01", "segou", "eclairage_public", "femmes", 120,
          "Lampadaires solaires autour du grand marché de Ségou",
          "Les commerçantes quittent le marché à la nuit tombée ; les vols à l'arraché se "
          "multiplient dans les allées non éclairées. Installer vingt lampadaires solaires.",
          REGION_IMPLEMENTED,
          report_implementation="Vingt lampadaires solaires installés et en service ; les "
                                "commerçantes signalent moins de vols le soir."),
    _demo("02", "segou", "appui_fds", "fds", 110,
          "Appui en carburant aux patrouilles nocturnes des FDS",
          "Les patrouilles de nuit de la police et de la gendarmerie s'arrêtent en fin de "
          "mois faute de carburant. Dotation mensuelle de 400 litres demandée.",
          NATIONAL_IMPLEMENTED,
          report_implementation="Dotation mensuelle en carburant versée depuis trois mois ; "
                                "patrouilles de nuit régulières."),
    _demo("03", "segou", "droits_humains_vbg", "femmes", 90,
          "Émissions radio en bambara sur la prévention des VBG",
          "Douze émissions sur les radios de proximité, avec une juriste et des leaders "
          "religieux, pour faire connaître les voies de recours des victimes de VBG.",
          COMMUNE_IMPLEMENTED),
    _demo("04", "segou", "cohesion_sociale", "jeunes", 45,
          "Tournoi de football inter-quartiers jeunes et FDS",
          "Un tournoi réunissant des équipes de jeunes et des agents des FDS pour renforcer "
          "la confiance entre citoyens et forces de sécurité.", COMMUNE_ACCEPTED),
    _demo("05", "segou", "securite_routiere", "elus", 20,
          "Ralentisseurs et passage piéton devant l'école de Hamdallaye",
          "Trois élèves renversés depuis la rentrée sur la route de l'école.", OPEN),
    _demo("06", "segou", "stupefiants", "leaders_communautaires", 75,
          "Contrôles renforcés contre la vente de stupéfiants au bord du fleuve",
          "Des points de vente de stupéfiants se sont installés sur les berges, fréquentées "
          "par les jeunes le soir.", NATIONAL_ACKNOWLEDGED),
    _demo("07", "segou", "sensibilisation", "jeunes", 30,
          "Causeries sur le rôle du CCS dans les quartiers",
          "Faire connaître le CCS et la police de proximité par des causeries animées par "
          "les jeunes relais.", REGION_CLARIFIED),
    _demo("08", "segou", "genre_jeunes", "femmes", 60,
          "Local de réunion pour les comités de femmes du CCS",
          "Les représentantes des femmes n'ont aucun lieu pour préparer les sessions.",
          REGION_DECLINED,
          decline="La région ne finance pas de locaux communaux ; la mairie peut mettre à "
                  "disposition une salle existante."),
    _demo("09", "niono", "police_proximite", "leaders_communautaires", 100,
          "Police de proximité dans les quartiers de Niono",
          "Déployer des binômes de police de proximité dans les quartiers, avec des "
          "permanences hebdomadaires auprès des chefs de quartier.", NATIONAL_ACCEPTED),
    _demo("10", "niono", "appui_fds", "fds", 85,
          "Motos pour les patrouilles rurales de la gendarmerie de Niono",
          "Les villages de la zone Office du Niger sont hors de portée des patrouilles à "
          "pied ; deux motos tout-terrain sont demandées.", NATIONAL_DECLINED,
          decline_at_national="Pas de dotation en matériel roulant prévue au budget de "
                              "cette année ; à reproposer l'an prochain."),
    _demo("11", "niono", "cohesion_sociale", "leaders_communautaires", 55,
          "Dialogue entre éleveurs et agriculteurs avant la transhumance",
          "Des rencontres entre éleveurs et agriculteurs pour prévenir les conflits sur "
          "les couloirs de passage.", REGION_ACCEPTED),
    _demo("12", "niono", "eclairage_public", "elus", 40,
          "Éclairage de la gare routière de Niono",
          "Les voyageurs arrivant de nuit sont régulièrement agressés.", AT_REGION),
    _demo("13", "niono", "sensibilisation", "femmes", 15,
          "Émission radio sur la police de proximité en bambara",
          "Une émission mensuelle pour expliquer comment saisir la police de proximité.",
          OPEN),
    _demo("14", "niono", "securite_routiere", "jeunes", 70,
          "Formation des conducteurs de moto-taxi au code de la route",
          "Les accidents impliquant des moto-taxis sont en hausse.", WITHDRAWN,
          withdraw="Formation déjà prévue par la direction régionale des transports."),
    _demo("15", "niono", "stupefiants", "jeunes", 95,
          "Centre d'écoute pour les jeunes consommateurs de stupéfiants",
          "Accompagner les jeunes qui veulent arrêter plutôt que seulement réprimer.",
          REOPENED),
    _demo("16", "mopti", "stupefiants", "femmes", 80,
          "Vente de drogue aux abords des écoles de Mopti",
          "Des vendeurs proposent des stupéfiants aux élèves à la sortie des écoles de "
          "Komoguel et de Gangal. Présence des FDS demandée aux heures de sortie.",
          NATIONAL_QUESTIONED,
          request_clarification_at_national="Quels établissements exactement, et combien "
                                            "d'agents la région peut-elle déjà affecter ?"),
    _demo("17", "mopti", "securite_routiere", "elus", 65,
          "Sécurité routière sur la RN6 à l'entrée de Sévaré",
          "Accidents graves fréquents au carrefour de la RN6 ; feux et signalisation "
          "demandés.", AT_NATIONAL,
          escalate_at_region="Route nationale : la signalisation de la RN6 relève de l'État."),
    _demo("18", "mopti", "appui_fds", "fds", 50,
          "Pirogue motorisée pour la brigade fluviale",
          "Les îles et le port de Mopti ne sont pas patrouillés faute d'embarcation.",
          REGION_ACKNOWLEDGED),
    _demo("19", "mopti", "droits_humains_vbg", "femmes", 35,
          "Cellule d'accueil des victimes de VBG au commissariat",
          "Un espace confidentiel et une agente formée pour recevoir les plaintes.",
          REGION_QUESTIONED,
          request_clarification="La cellule serait-elle installée au 1er ou au 2e "
                                "arrondissement ? Quel personnel est prévu ?"),
    _demo("20", "mopti", "eclairage_public", "jeunes", 140,
          "Éclairage public du quartier de Taïkiri",
          "Rues sans lumière où se produisent des agressions.", COMMUNE_IMPLEMENTED),
    _demo("21", "mopti", "cohesion_sociale", "leaders_communautaires", 25,
          "Rencontres trimestrielles entre FDS et leaders religieux",
          "Échanger sur les tensions locales avant qu'elles ne dégénèrent.", AT_REGION),
    _demo("22", "mopti", "sensibilisation", "jeunes", 130,
          "Caravane de sensibilisation sur le civisme", "Caravane dans les quartiers "
          "avec des artistes locaux.", REGION_IMPLEMENTED),
    _demo("23", "djenne", "deplaces", "leaders_communautaires", 90,
          "Accueil et sensibilisation des personnes déplacées à Djenné",
          "Des familles déplacées arrivent des villages du cercle ; rencontres sur leurs "
          "droits, leurs rôles et la gestion de crise.", NATIONAL_IMPLEMENTED),
    _demo("24", "djenne", "deplaces", "femmes", 70,
          "Recensement des femmes et enfants déplacés",
          "Connaître les besoins de protection des femmes et enfants déplacés.",
          NATIONAL_CLARIFIED,
          request_clarification_at_national="Le recensement couvre-t-il aussi les "
                                            "familles hébergées chez des proches ?",
          clarify_at_national="Oui : les chefs de quartier recensent aussi les familles "
                              "hébergées, avec l'appui de la protection civile."),
    _demo("25", "djenne", "appui_fds", "fds", 60,
          "Carburant pour l'escorte des foires hebdomadaires",
          "Les foires de Djenné attirent des milliers de personnes ; l'escorte manque de "
          "carburant.", REGION_DECLINED),
    _demo("26", "djenne", "police_proximite", "elus", 45,
          "Poste de police de proximité au quartier Konofia",
          "Le poste le plus proche est à plusieurs kilomètres.", REGION_ACCEPTED),
    _demo("27", "djenne", "cohesion_sociale", "jeunes", 18,
          "Comités de veille de jeunes dans les quartiers",
          "Des jeunes volontaires qui signalent les incidents au CCS.", OPEN),
    _demo("28", "djenne", "genre_jeunes", "femmes", 100,
          "Formation des femmes membres du CCS à la prise de parole",
          "Les femmes interviennent peu en session.", REOPENED_AND_ESCALATED,
          withdraw="Retirée en attendant l'avis des associations de femmes.",
          reopen="Les associations de femmes soutiennent la demande ; le CCS la reprend."),
    _demo("29", "san", "genre_jeunes", "femmes", 85,
          "Participation des femmes au CCS de San",
          "Porter à quatre le nombre de représentantes des femmes au CCS communal.",
          COMMUNE_IMPLEMENTED,
          report_implementation="Arrêté du maire pris : quatre représentantes siègent "
                                "désormais au CCS."),
    _demo("30", "san", "securite_routiere", "jeunes", 50,
          "Sécurisation du carrefour de la RN6 à San",
          "Agents de circulation aux heures de marché.", COMMUNE_ACCEPTED),
    _demo("31", "san", "stupefiants", "leaders_communautaires", 30,
          "Lutte contre la vente de stupéfiants près de la gare routière de San",
          "Déguerpir les vendeurs installés derrière la gare routière.", OPEN),
    _demo("32", "san", "sensibilisation", "femmes", 65,
          "Émissions radio sur la cohésion sociale en bambara et en bomu",
          "Émissions interactives sur la radio rurale de San.", WITHDRAWN),
    _demo("33", "san", "eclairage_public", "elus", 10,
          "Lampadaires sur la route du marché de San", "Zone sombre entre le marché et "
          "les quartiers nord.", OPEN),
    _demo("34", "segou", "deplaces", "leaders_communautaires", 115,
          "Accès à l'état civil pour les déplacés de Ségou",
          "Beaucoup de déplacés n'ont plus de pièces d'identité, ce qui complique les "
          "contrôles des FDS.", NATIONAL_DECLINED,
          decline_at_national="Relève d'une opération nationale d'état civil déjà "
                              "programmée ; la commune y sera associée."),
    _demo("35", "niono", "autre", "elus", 28, "Registre des incidents tenu par la mairie",
          "Consigner chaque incident signalé au CCS pour suivre les tendances.",
          REGION_ACKNOWLEDGED),
    _demo("36", "mopti", "police_proximite", "fds", 88,
          "Numéro vert pour joindre les FDS de Mopti",
          "Un numéro gratuit pour signaler les incidents de nuit.", NATIONAL_ACCEPTED),
)


@dataclass
class DemoReport:
    accounts_created: list[str] = field(default_factory=list)
    accounts_kept: list[str] = field(default_factory=list)
    recommendations_created: int = 0
    recommendations_kept: int = 0


def load_demo(tracker) -> DemoReport:
    """Open the demo accounts and raise and walk the demo recommendations, skipping what a
    previous run already recorded."""
    report = DemoReport()
    people = _open_accounts(tracker, report)
    today = tracker.clock().date()
    for recommendation in RECOMMENDATIONS:
        secretary = people[(SECRETARY, recommendation.commune)]
        result = tracker.raise_recommendation(
            secretary, commune=recommendation.commune, title=recommendation.title,
            description=recommendation.description, theme=recommendation.theme,
            meeting_date=today - timedelta(days=recommendation.days_ago),
            origin_group=recommendation.origin_group, request_id=recommendation.request_id)
        if not result.created:
            report.recommendations_kept += 1
            continue
        _walk(tracker, people, recommendation, result.recommendation_id, today)
        report.recommendations_created += 1
    return report


def _open_accounts(tracker, report: DemoReport) -> dict:
    """(role, territory) -> principal for every demo account."""
    people = {}
    for demo in DEMO_ACCOUNTS:
        try:
            user_id = tracker.account(demo.username).id
            report.accounts_kept.append(demo.username)
        except NotFound:
            user_id = tracker.open_account(
                None, username=demo.username, role=demo.role, password=demo.password,
                display_name=demo.display_name, commune=demo.commune, region=demo.region)
            report.accounts_created.append(demo.username)
        principal = tracker.principal(user_id)
        if principal is None:
            raise DemoAccountDisabled(N_(
                "Le compte de démonstration « %(username)s » est désactivé ; réactivez-le "
                "avant de recharger la démo.", username=demo.username))
        people[(principal.role, principal.commune or principal.region)] = principal
    return people


def _walk(tracker, people: dict, recommendation: DemoRecommendation, recommendation_id,
          today: date) -> None:
    level = COMMUNE
    region = tracker.reference.region_of(recommendation.commune)
    for command in recommendation.walk:
        role = acting_role(command, level)
        territory = {SECRETARY: recommendation.commune, REGIONAL: region}.get(role)
        fields = {free_text_field(command): _text(recommendation, command, level)}
        if "target_date" in COMMANDS[command].field_names():
            fields["target_date"] = today + timedelta(days=90)
        result = tracker.act(people[(role, territory)], recommendation_id, command, **fields)
        level = result.recommendation.level


def _text(recommendation: DemoRecommendation, command: str, level: str) -> str:
    key = f"{command}@{level}"
    for texts in (recommendation.texts, DEFAULT_TEXTS):
        if key in texts or command in texts:
            return texts.get(key) or texts[command]
    raise KeyError(key)


class DemoAccountDisabled(Exception):
    """A demo account exists but is disabled, so the demo cannot act in its name."""
