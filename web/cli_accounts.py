"""Operator commands on an existing account: ``flask --app wsgi users
disable|enable|revoke-token|password-reset NAME``. Each records one account event, in the
audit log like an administrator's from the pages, under the same rules and messages; the
account's sessions and tokens stop at once where the command says so."""

from __future__ import annotations

import click
from flask_babel import gettext as _

from domain.account import AccountStateError
from domain.messages import message_of
from tracker.authorization import NotFound
from web.cli import _fail, _tracker, users
from web.i18n import translate


def _refused(error: Exception) -> None:
    _fail(_("Erreur : %(message)s", message=translate(message_of(error))))


@users.command("disable")
@click.argument("username")
def disable_user(username):
    """Désactiver un compte : ses sessions et ses jetons cessent aussitôt."""
    try:
        _tracker().disable_account(None, username)
    except (NotFound, AccountStateError) as error:
        _refused(error)
    click.echo(_("Compte « %(username)s » désactivé : ses sessions et ses jetons ne "
                 "fonctionnent plus.", username=username))


@users.command("enable")
@click.argument("username")
def enable_user(username):
    """Réactiver un compte (ses anciens jetons restent révoqués)."""
    try:
        _tracker().enable_account(None, username)
    except (NotFound, AccountStateError) as error:
        _refused(error)
    click.echo(_("Compte « %(username)s » réactivé.", username=username))


@users.command("revoke-token")
@click.argument("username")
@click.argument("token")
def revoke_token(username, token):
    """Révoquer un jeton d'API, donné par son numéro (celui que liste la page du compte)
    ou en entier."""
    # A whole token is "<account>.<id>.<secret>": its id is the second part.
    token_id = token.split(".")[1] if token.count(".") >= 2 else token
    try:
        _tracker().revoke_token(None, username, token_id)
    except (NotFound, AccountStateError) as error:
        _refused(error)
    click.echo(_("Jeton %(id)s de « %(username)s » révoqué : il ne fonctionne plus.",
                 id=token_id, username=username))


@users.command("password-reset")
@click.argument("username")
def reset_password(username):
    """Donner un mot de passe provisoire (affiché une seule fois, sur la dernière ligne) ;
    la personne choisira le sien à sa prochaine connexion."""
    try:
        password = _tracker().reset_password(None, username)
    except (NotFound, AccountStateError) as error:
        _refused(error)
    click.echo(_("Mot de passe provisoire de « %(username)s » ; ses sessions sont fermées et "
                 "il devra être changé à la prochaine connexion. Il ne sera plus affiché :",
                 username=username))
    click.echo(password)
