"""Accounts in the browser, on a 360 × 740 phone and at 1280 × 800: an administrator
creates an account, gives it a title, issues a token and resets a password, with and
without JavaScript; the person signs in with the temporary password and must choose their
own first. Every page fits the screen, with tap targets of 44 px."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.layout import DESKTOP, PHONE, assert_fits

NEW_PASSWORD = "trois-mots-choisis"


def secret(page: Page) -> str:
    return page.locator("#secret").inner_text().strip()


def create_account(admin: Page, username: str) -> str:
    admin.goto("/comptes/nouveau")
    assert_fits(admin)
    admin.get_by_label("Identifiant").fill(username)
    admin.get_by_label("Nom affiché").fill("Awa Traoré Diallo-Coulibaly, secrétaire de Niono")
    admin.get_by_label("Rôle").select_option("secretary")
    admin.get_by_label("Commune").select_option("niono")
    admin.get_by_label("Titre affiché").fill("Secrétaire générale")
    admin.get_by_role("button", name="Créer le compte").click()
    expect(admin.locator("#secret")).to_be_visible()
    assert_fits(admin)
    return secret(admin)


@pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_an_administrator_manages_an_account_and_the_person_chooses_a_password(
        sign_in, open_browser, live_server, screen, javascript):
    username = f"awa.{'js' if javascript else 'nojs'}.{screen['viewport']['width']}"
    admin = sign_in("admin", javascript, **screen)
    admin.goto("/")
    expect(admin.get_by_role("heading", name="Comptes des utilisateurs")).to_be_visible()
    assert_fits(admin)

    temporary = create_account(admin, username)

    admin.get_by_role("link", name=re.compile("Retour au compte")).click()
    expect(admin.locator("#account")).to_contain_text("Secrétaire générale")
    assert_fits(admin)
    admin.get_by_role("button", name="Créer un jeton d'API").click()
    expect(admin.locator("#secret")).to_be_visible()
    token = secret(admin)
    assert_fits(admin)  # a token of 80 characters wraps, the page never scrolls sideways
    admin.get_by_role("link", name=re.compile("Retour au compte")).click()
    token_id = token.split(".")[1]
    expect(admin.locator("#account")).to_contain_text(f"Jeton {token_id}")
    assert token.split(".")[2] not in admin.content()
    admin.get_by_role("button", name=f"Révoquer le jeton {token_id}").click()
    expect(admin.locator("main")).to_contain_text("Jeton révoqué")
    expect(admin.locator("#account")).to_contain_text("Aucun jeton en service.")
    admin.get_by_role("combobox", name="Rôle").select_option("regional")
    admin.get_by_role("combobox", name="Région").select_option("")
    admin.get_by_role("button", name="Changer le rôle ou le territoire").click()
    expect(admin.locator("#region-errors")).to_contain_text("rattachée à une région")
    assert_fits(admin)

    person = open_browser(username, javascript, **screen)
    person.goto("/login")
    person.get_by_label("Identifiant").fill(username)
    person.get_by_label("Mot de passe").fill(temporary)
    person.get_by_role("button", name="Se connecter").click()
    expect(person.get_by_role("heading", name="Choisir un nouveau mot de passe")).to_be_visible()
    assert_fits(person)
    person.goto("/sessions")
    expect(person).to_have_url(re.compile("/mot-de-passe$"))
    person.locator("#current_password").fill(temporary)
    person.locator("#new_password").fill("12345678")
    person.locator("#confirmation").fill("12345678")
    person.get_by_role("button", name="Changer le mot de passe").click()
    expect(person.locator("#new_password-errors")).to_contain_text("Au moins 12 caractères")
    assert_fits(person)
    if javascript:
        # Once the refusal has settled the focus goes to the first field in error (app.js);
        # typing before that moment would follow the focus into the wrong field.
        expect(person.locator("#new_password")).to_be_focused()
    person.locator("#current_password").fill(temporary)
    expect(person.locator("#current_password")).to_have_value(temporary)
    person.locator("#new_password").fill(NEW_PASSWORD)
    person.locator("#confirmation").fill(NEW_PASSWORD)
    person.get_by_role("button", name="Changer le mot de passe").click()
    expect(person.locator("#messages")).to_contain_text("Mot de passe changé.")
    assert person.url.rstrip("/") == live_server.url

    admin.goto(f"/comptes/{username}")
    admin.get_by_role("button", name="Désactiver le compte").click()
    expect(admin.locator("main")).to_contain_text("Compte désactivé")
    assert_fits(admin)
    person.goto("/")
    expect(person).to_have_url(re.compile("/login"))  # signed out at once


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_account_pages_have_no_serious_accessibility_violation(sign_in, open_browser,
                                                                   live_server, language):
    from tests.e2e.test_accessibility import assert_no_serious_violations, in_language

    admin = in_language(sign_in("admin"), language)
    username = f"axe.{language}"
    for url in ("/comptes", "/comptes/nouveau", "/comptes/crss"):
        admin.goto(url)
        assert_no_serious_violations(admin)
    admin.goto("/comptes/nouveau")
    admin.locator("#username").fill(username)
    admin.locator("#role").select_option("regional")
    admin.locator("form#create-account button[type=submit]").click()
    expect(admin.locator("#region-errors")).to_be_visible()  # a form in error
    assert_no_serious_violations(admin)
    admin.locator("#region").select_option("mopti")
    admin.locator("form#create-account button[type=submit]").click()
    expect(admin.locator("#secret")).to_be_visible()
    assert_no_serious_violations(admin)
    temporary = secret(admin)

    person = in_language(open_browser(username), language)
    person.goto("/login")
    person.locator("#username").fill(username)
    person.locator("#password").fill(temporary)
    person.locator("form button[type=submit]").last.click()
    expect(person.locator("#new_password")).to_be_visible()
    assert_no_serious_violations(person)
