"""Operator commands on an existing account: ``flask --app wsgi users
disable|enable|password|password-reset|role|token|sessions NAME``.

Each records one account event, in the audit log like an administrator's from the pages,
under the same rules and messages; the account's sessions and tokens stop at once where
the command says so (the next request of every web process reads the account again)."""

from __future__ import annotations

import click
from flask_babel import gettext as _

from domain.account import AccountStateError
from domain.messages import message_of
from domain.recommendation import InvalidInput
from domain.vocabulary import ROLES
from tracker.authorization import NotFound
from web.cli import _fail, _fail_with_field_errors, _tracker, read_password, role_options, users
from web.i18n import translate

REFUSALS = (NotFound, AccountStateError)


def _refused(error: Exception) -> None:
    _fail(_("Erreur : %(message)s", message=translate(message_of(error))))


def _field_errors(error: InvalidInput) -> None:
    _fail(*[_("Erreur : %(message)s", message=translate(message))
            for messages in error.errors.values() for message in messages])


@users.command("disable")
@click.argument("username")
def disable_user(username):
    """Désactiver un compte : ses sessions et ses jetons cessent aussitôt."""
    try:
        _tracker().disable_account(None, username)
    except REFUSALS as error:
        _refused(error)
    click.echo(_("Compte « %(username)s » désactivé : ses sessions et ses jetons ne "
                 "fonctionnent plus.", username=username))


@users.command("enable")
@click.argument("username")
def enable_user(username):
    """Réactiver un compte (ses anciens jetons restent révoqués)."""
    try:
        _tracker().enable_account(None, username)
    except REFUSALS as error:
        _refused(error)
    click.echo(_("Compte « %(username)s » réactivé.", username=username))


@users.command("password")
@click.argument("username")
@click.option("--password-stdin", is_flag=True,
              help="Lire le mot de passe sur l'entrée standard (première ligne).")
def set_password(username, password_stdin):
    """Donner au compte un mot de passe choisi (mêmes règles que sur les pages) ; ses
    sessions sont fermées."""
    password = read_password(password_stdin)
    try:
        _tracker().set_password(None, username, password)
    except REFUSALS as error:
        _refused(error)
    except InvalidInput as error:
        _field_errors(error)
    click.echo(_("Mot de passe de « %(username)s » changé ; ses sessions sont fermées.",
                 username=username))


@users.command("password-reset")
@click.argument("username")
def reset_password(username):
    """Donner un mot de passe provisoire (affiché une seule fois, sur la dernière ligne) ;
    la personne choisira le sien à sa prochaine connexion."""
    try:
        password = _tracker().reset_password(None, username)
    except REFUSALS as error:
        _refused(error)
    click.echo(_("Mot de passe provisoire de « %(username)s » ; ses sessions sont fermées et "
                 "il devra être changé à la prochaine connexion. Il ne sera plus affiché :",
                 username=username))
    click.echo(password)


@users.command("role")
@click.argument("username")
@role_options
def change_role(username, role, commune, region):
    """Changer le rôle et le territoire d'un compte (effet à la requête suivante)."""
    try:
        _tracker().change_role(None, username, role, commune=commune, region=region)
    except REFUSALS as error:
        _refused(error)
    except InvalidInput as error:
        _fail_with_field_errors(error.errors, _("Erreur : rôle non changé."))
    territory = commune or region
    click.echo(_("Compte « %(username)s » : %(role)s", username=username,
                 role=translate(ROLES[role])) + (f" ({territory})" if territory else "") + ".")


@users.command("token")
@click.argument("username")
@click.option("--revoke", "token", metavar="ID",
              help="Révoquer ce jeton, donné par son numéro (celui que liste la page du "
                   "compte) ou en entier.")
@click.option("--revoke-all", is_flag=True, help="Révoquer tous les jetons du compte.")
def token(username, token, revoke_all):
    """Créer un jeton d'API (affiché une seule fois, sur la dernière ligne), ou en révoquer."""
    if token and revoke_all:
        _fail(_("Erreur : --revoke et --revoke-all ne vont pas ensemble."))
    try:
        if revoke_all:
            _tracker().revoke_all_tokens(None, username)
            click.echo(_("Tous les jetons de « %(username)s » sont révoqués : ils ne "
                         "fonctionnent plus.", username=username))
        elif token:
            # A whole token is "<account>.<id>.<secret>": its id is the second part.
            token_id = token.split(".")[1] if token.count(".") >= 2 else token
            _tracker().revoke_token(None, username, token_id)
            click.echo(_("Jeton %(id)s de « %(username)s » révoqué : il ne fonctionne plus.",
                         id=token_id, username=username))
        else:
            issued = _tracker().issue_token(None, username)
            click.echo(_("Jeton d'API pour « %(username)s » ; conservez-le, il ne sera plus "
                         "affiché :", username=username))
            click.echo(issued)
    except REFUSALS as error:
        _refused(error)


@users.command("sessions")
@click.argument("username")
@click.option("--end", is_flag=True, required=True,
              help="Fermer toutes les sessions du compte, sur tous les appareils.")
def end_sessions(username, end):
    """Fermer les sessions d'un compte partout (« déconnecter partout ») ; son mot de passe
    et ses jetons restent valables."""
    try:
        _tracker().end_sessions(None, username)
    except REFUSALS as error:
        _refused(error)
    click.echo(_("Sessions de « %(username)s » fermées sur tous les appareils.",
                 username=username))
