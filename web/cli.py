"""Operator commands: ``flask --app wsgi users|demo|projections|reference …``.

They run as the operator who holds the server (``by=None`` for account commands), speak
French, and exit non-zero with a message on stderr whenever nothing was done."""

from __future__ import annotations

import signal
import sys
import threading
import time

import click
from flask import current_app
from flask_babel import gettext as _, ngettext
from flask.cli import AppGroup, with_appcontext

from domain.account import scope_errors
from domain.messages import message_of
from domain.recommendation import InvalidInput
from domain.vocabulary import REGIONAL, ROLES, SECRETARY
from projections.projector import Projector, exclusive
from projections.queries import account_list
from tracker.demo import DEMO_ACCOUNTS, DemoRefused, load_demo
from web.cli_audit import audit
from web.cli_blobs import blobs
from web.cli_references import references
from web.i18n import translate

users = AppGroup("users", help="Comptes des utilisateurs.")
projections = AppGroup("projections", help="Modèles de lecture (tableau de bord, historique…).")
reference = AppGroup("reference", help="Référentiel des communes et des régions.")


def register(app) -> None:
    from web import cli_accounts  # noqa: F401 - its commands join the users group

    app.cli.add_command(users)
    app.cli.add_command(projections)
    app.cli.add_command(reference)
    app.cli.add_command(demo)
    app.cli.add_command(audit)
    app.cli.add_command(blobs)
    app.cli.add_command(references)


def _tracker():
    return current_app.extensions["tracker"]


def _read_models():
    return current_app.extensions["read_models"]


def _fail(*lines: str) -> None:
    for line in lines:
        click.echo(line, err=True)
    raise click.exceptions.Exit(1)


def _print_table(headers: list[str], rows: list[list]) -> None:
    cells = [headers] + [["" if value is None else str(value) for value in row] for row in rows]
    widths = [max(len(row[index]) for row in cells) for index in range(len(headers))]
    for number, row in enumerate(cells):
        click.echo("  ".join(value.ljust(width) for value, width in zip(row, widths)).rstrip())
        if number == 0:
            click.echo("  ".join("-" * width for width in widths))


# ---- users -------------------------------------------------------------------------------
def role_options(command):
    """``--role`` and its territory, for the commands that open or change an account."""
    command = click.option("--region", help="Région de l'autorité régionale (identifiant, "
                                            "ex. mopti).")(command)
    command = click.option("--commune", help="Commune du secrétaire (identifiant, "
                                             "ex. segou).")(command)
    return click.option("--role", required=True, type=click.Choice(list(ROLES)),
                        help="secretary, regional, national, auditor ou admin.")(command)


def read_password(from_stdin: bool) -> str:
    """The first line of standard input (``--password-stdin``), or asked twice."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt(_("Mot de passe"), hide_input=True,
                        confirmation_prompt=_("Répétez le mot de passe"))


@users.command("create")
@click.argument("username")
@role_options
@click.option("--display-name", default="", help="Nom affiché dans l'historique.")
@click.option("--title", default=None,
              help="Titre affiché à la place du rôle (ex. « Secrétaire générale »).")
@click.option("--password-stdin", is_flag=True,
              help="Lire le mot de passe sur l'entrée standard (première ligne).")
def create_user(username, role, commune, region, display_name, title, password_stdin):
    """Ouvrir un compte."""
    # Checked here as well as in the domain: the tracker needs a commune to find a
    # secretary's region before the domain gets to say that it is missing.
    errors = scope_errors(role, commune, region)
    if errors:
        _fail_with_field_errors(errors)
    password = read_password(password_stdin)
    try:
        _tracker().open_account(None, username=username, role=role, password=password,
                                display_name=display_name, commune=commune, region=region,
                                title=title)
    except InvalidInput as error:
        _fail_with_field_errors(error.errors)
    ignored = [name for name, value, kept in (("--commune", commune, role == SECRETARY),
                                              ("--region", region, role == REGIONAL))
               if value and not kept]
    for option in ignored:
        click.echo(_("Remarque : %(option)s ne s'applique pas au rôle %(role)s ; ignoré.",
                     option=option, role=role))
    click.echo(_("Compte « %(username)s » créé (%(role)s).", username=username,
                 role=translate(ROLES[role])))


def _fail_with_field_errors(errors: dict, headline: str | None = None) -> None:
    lines = [headline or _("Erreur : compte non créé.")]
    for name, messages in errors.items():
        lines += [f"  {name} : {translate(message)}" for message in messages]
    if "commune" in errors:
        lines.append("  " + _("Communes connues : %(slugs)s",
                              slugs=", ".join(_tracker().reference.communes)))
    if "region" in errors:
        lines.append("  " + _("Régions connues : %(slugs)s",
                              slugs=", ".join(_tracker().reference.regions)))
    _fail(*lines)


@users.command("list")
def list_users():
    """Lister les comptes."""
    read_models = _read_models()
    read_models.catch_up()
    rows = [[a["username"], a["role"], a["commune"] or a["region"] or "", a["display_name"],
             a["title"] or "", _("désactivé") if a["disabled"] else _("actif"),
             a["token_count"]]
            for a in account_list(read_models.engine)]
    _print_table([_("identifiant"), _("rôle"), _("territoire"), _("nom affiché"), _("titre"),
                  _("état"), _("jetons")], rows)


# ---- demo ----------------------------------------------------------------------------------
@click.command("demo")
@with_appcontext
def demo():
    """Charger les données de démonstration (sans effet si elles sont déjà chargées)."""
    tracker = _tracker()
    before = tracker.recorder.max_notification_id() or 0
    try:
        report = load_demo(tracker)
    except DemoRefused as error:
        _fail(_("Erreur : %(message)s", message=translate(message_of(error))))
    tracker.publish_reference(None)
    _read_models().catch_up()
    events = (tracker.recorder.max_notification_id() or 0) - before
    sessions = report.sessions_created + report.sessions_kept
    recommendations = report.recommendations_created + report.recommendations_kept
    if events:
        click.echo(_("Démo : une année de %(sessions)d sessions et %(recommendations)d "
                     "recommandations, %(events)d événements enregistrés.",
                     sessions=sessions, recommendations=recommendations, events=events))
    else:
        click.echo(_("Démo déjà chargée (%(sessions)d sessions, %(recommendations)d "
                     "recommandations) : rien n'a été ajouté.",
                     sessions=sessions, recommendations=recommendations))
    click.echo("\n" + _("Comptes de démonstration (mots de passe fixes, pour essai "
                        "seulement) :"))
    reference = tracker.reference
    _print_table([_("identifiant"), _("mot de passe"), _("rôle"), _("territoire")], [
        [account.username, account.password, translate(ROLES[account.role]),
         reference.commune_name(account.commune) if account.commune
         else reference.region_name(account.region) if account.region else "Mali"]
        for account in DEMO_ACCOUNTS])


# ---- reference data ----------------------------------------------------------------------
@reference.command("publish")
@with_appcontext
def publish_reference():
    """Enregistrer dans le journal le référentiel livré (à chaque déploiement)."""
    _say_publication(_tracker().publish_reference(None))
    _read_models().catch_up()


def _say_publication(publication) -> None:
    if not publication.recorded:
        click.echo(_("Référentiel des communes inchangé (%(count)d communes).",
                     count=publication.count))
        return
    changes = publication.changes
    click.echo(_("Référentiel des communes enregistré : %(count)d communes (%(added)d "
                 "ajoutées, %(removed)d retirées, %(changed)d modifiées).",
                 count=publication.count, added=len(changes["added"]),
                 removed=len(changes["removed"]), changed=len(changes["changed"])))


# ---- projections -----------------------------------------------------------------------
@projections.command("rebuild")
def rebuild():
    """Effacer les modèles de lecture et rejouer tous les événements."""
    read_models = _read_models()
    with exclusive(read_models) as alone:
        if not alone:
            _fail(_("Erreur : un projecteur (« projections run ») est en marche sur cette "
                    "base."),
                  _("Arrêtez-le d'abord, ou relancez-le avec « projections run --rebuild »."))
        started = time.perf_counter()
        with click.progressbar(length=read_models.head(),
                               label=_("Relecture des événements")) as bar:
            replayed = read_models.rebuild(on_batch=bar.update)
    elapsed = time.perf_counter() - started
    rate = replayed / elapsed if elapsed > 0 else 0
    click.echo(_("%(count)d événements rejoués en %(seconds).2f s (%(rate)s événements/s).",
                 count=replayed, seconds=elapsed, rate=f"{rate:,.0f}".replace(",", " ")))


@projections.command("run")
@click.option("--rebuild", is_flag=True,
              help="Effacer les modèles de lecture et tout rejouer avant de suivre le journal.")
@click.option("--batch-size", type=click.IntRange(1), default=None,
              help="Événements appliqués par transaction.")
def run(rebuild, batch_size):
    """Tenir les modèles de lecture à jour en continu (processus de longue durée).

    Un seul projecteur écrit à la fois ; un second attend en secours et prend le relais si
    le premier s'arrête. Arrêt propre par Ctrl+C ou SIGTERM."""
    stop = threading.Event()
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signal_number, lambda *_: stop.set())
    projector = Projector(_read_models(), batch_size=batch_size,
                          report=lambda message: click.echo(translate(message), err=True))
    projector.run(stop, rebuild=rebuild)


@projections.command("status")
def status():
    """Position de chaque modèle de lecture par rapport au journal des événements."""
    _print_table([_("modèle de lecture"), _("position"), _("tête"), _("retard")],
                 [[s.name, s.position, s.head, s.lag] for s in _read_models().status()])
    letters = _read_models().dead_letters()
    if letters:
        click.echo()
        click.echo(ngettext("%(num)d événement mis de côté (le modèle de lecture n'a pas pu "
                            "l'appliquer ; les suivants l'ont été) :",
                            "%(num)d événements mis de côté (le modèle de lecture n'a pas pu "
                            "les appliquer ; les suivants l'ont été) :", len(letters)))
        _print_table([_("position"), _("modèle de lecture"), _("événement"), _("erreur")],
                     [[letter.position, letter.read_model, letter.event_type,
                       letter.error[:120]] for letter in letters])
