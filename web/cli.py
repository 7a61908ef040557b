"""Operator commands: ``flask --app wsgi users|demo|projections …``.

They run as the operator who holds the server (``by=None`` for account commands), speak
French, and exit non-zero with a message on stderr whenever nothing was done."""

from __future__ import annotations

import signal
import sys
import threading
import time

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from domain.account import AccountStateError, scope_errors
from domain.recommendation import InvalidInput
from domain.vocabulary import REGIONAL, ROLES, SECRETARY
from projections.projector import Projector, exclusive
from projections.queries import account_list
from tracker.authorization import NotFound
from tracker.demo import DEMO_ACCOUNTS, DemoAccountDisabled, load_demo

users = AppGroup("users", help="Comptes des utilisateurs.")
projections = AppGroup("projections", help="Modèles de lecture (tableau de bord, historique…).")


def register(app) -> None:
    app.cli.add_command(users)
    app.cli.add_command(projections)
    app.cli.add_command(demo)


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
@users.command("create")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(list(ROLES)),
              help="secretary, regional, national, auditor ou admin.")
@click.option("--commune", help="Commune du secrétaire (identifiant, ex. segou).")
@click.option("--region", help="Région de l'autorité régionale (identifiant, ex. mopti).")
@click.option("--display-name", default="", help="Nom affiché dans l'historique.")
@click.option("--password-stdin", is_flag=True,
              help="Lire le mot de passe sur l'entrée standard (première ligne).")
def create_user(username, role, commune, region, display_name, password_stdin):
    """Ouvrir un compte."""
    # Checked here as well as in the domain: the tracker needs a commune to find a
    # secretary's region before the domain gets to say that it is missing.
    errors = scope_errors(role, commune, region)
    if errors:
        _fail_with_field_errors(errors)
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Mot de passe", hide_input=True, confirmation_prompt=True)
    try:
        _tracker().open_account(None, username=username, role=role, password=password,
                                display_name=display_name, commune=commune, region=region)
    except InvalidInput as error:
        _fail_with_field_errors(error.errors)
    ignored = [name for name, value, kept in (("--commune", commune, role == SECRETARY),
                                              ("--region", region, role == REGIONAL))
               if value and not kept]
    for option in ignored:
        click.echo(f"Remarque : {option} ne s'applique pas au rôle {role} ; ignoré.")
    click.echo(f"Compte « {username} » créé ({ROLES[role]}).")


def _fail_with_field_errors(errors: dict) -> None:
    lines = ["Erreur : compte non créé."]
    for name, messages in errors.items():
        lines += [f"  {name} : {message}" for message in messages]
    if "commune" in errors:
        lines.append("  Communes connues : " + ", ".join(_tracker().reference.communes))
    if "region" in errors:
        lines.append("  Régions connues : " + ", ".join(_tracker().reference.regions))
    _fail(*lines)


@users.command("token")
@click.argument("username")
def issue_token(username):
    """Créer un jeton d'API (affiché une seule fois, sur la dernière ligne)."""
    try:
        token = _tracker().issue_token(None, username)
    except (NotFound, AccountStateError) as error:
        _fail(f"Erreur : {error}")
    click.echo(f"Jeton d'API pour « {username} » ; conservez-le, il ne sera plus affiché :")
    click.echo(token)


@users.command("list")
def list_users():
    """Lister les comptes."""
    read_models = _read_models()
    read_models.catch_up()
    rows = [[a["username"], a["role"], a["commune"] or a["region"] or "", a["display_name"],
             "désactivé" if a["disabled"] else "actif", a["token_count"]]
            for a in account_list(read_models.engine)]
    _print_table(["identifiant", "rôle", "territoire", "nom affiché", "état", "jetons"], rows)


# ---- demo ----------------------------------------------------------------------------------
@click.command("demo")
@with_appcontext
def demo():
    """Charger les données de démonstration (sans effet si elles sont déjà chargées)."""
    try:
        report = load_demo(_tracker())
    except DemoAccountDisabled as error:
        _fail(f"Erreur : {error}")
    _read_models().catch_up()
    click.echo(f"Comptes : {len(report.accounts_created)} créés, "
               f"{len(report.accounts_kept)} déjà présents.")
    click.echo(f"Recommandations : {report.recommendations_created} créées, "
               f"{report.recommendations_kept} déjà présentes.")
    click.echo("\nComptes de démonstration (mots de passe fixes, pour essai seulement) :")
    reference = _tracker().reference
    _print_table(["identifiant", "mot de passe", "rôle", "territoire"], [
        [account.username, account.password, ROLES[account.role],
         reference.commune_name(account.commune) if account.commune
         else reference.region_name(account.region) if account.region else "Mali"]
        for account in DEMO_ACCOUNTS])


# ---- projections -----------------------------------------------------------------------
@projections.command("rebuild")
def rebuild():
    """Effacer les modèles de lecture et rejouer tous les événements."""
    read_models = _read_models()
    with exclusive(read_models) as alone:
        if not alone:
            _fail("Erreur : un projecteur (« projections run ») est en marche sur cette base.",
                  "Arrêtez-le d'abord, ou relancez-le avec « projections run --rebuild ».")
        started = time.perf_counter()
        with click.progressbar(length=read_models.head(),
                               label="Relecture des événements") as bar:
            replayed = read_models.rebuild(on_batch=bar.update)
    elapsed = time.perf_counter() - started
    rate = replayed / elapsed if elapsed > 0 else 0
    click.echo(f"{replayed} événements rejoués en {elapsed:.2f} s "
               f"({rate:,.0f} événements/s).".replace(",", " "))


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
                          report=lambda message: click.echo(message, err=True))
    projector.run(stop, rebuild=rebuild)


@projections.command("status")
def status():
    """Position de chaque modèle de lecture par rapport au journal des événements."""
    _print_table(["modèle de lecture", "position", "tête", "retard"],
                 [[s.name, s.position, s.head, s.lag] for s in _read_models().status()])
