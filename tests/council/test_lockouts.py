"""Failed admin logins: locked out per account and per address, in Dutch, logged, unlocked by an admin.

The logins go through the real admin login form (/beheer/login/) with the
Django test client; django-axes answers from its middleware and backend.
"""

import logging

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client

from tests.factories.council import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/beheer/login/"
PASSWORD = "het-juiste-wachtwoord"  # noqa: S105
LIMIT = 5


@pytest.fixture
def clerk():
    user = UserFactory(username="griffier", is_staff=True, is_superuser=True)
    user.set_password(PASSWORD)
    user.save()
    return user


def log_in(client, username, password, address="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in(client):
    return client.get("/beheer/").status_code == 200


def fail(client, username, times, address="10.0.0.1"):
    for _ in range(times):
        response = log_in(client, username, "fout", address)
        assert response.status_code in (200, 429)
    return response


def test_the_right_password_is_refused_after_the_limit_and_the_message_is_dutch(
    client, clerk, caplog
):
    # Below the limit the form answers, and the right password still works.
    response = fail(client, "griffier", LIMIT - 1)
    assert response.status_code == 200
    assert not logged_in(client)

    with caplog.at_level(logging.WARNING, logger="council.lockouts"):
        response = fail(client, "griffier", 1)
    assert response.status_code == 429
    assert "Login locked out: account 'griffier' from address 10.0.0.1" in caplog.text

    response = log_in(client, "griffier", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Aanmelden tijdelijk geblokkeerd" in page
    assert "ook niet met het juiste wachtwoord" in page
    assert "de komende 1\xa0uur niet" in page
    assert not logged_in(client)
    # Not from another address either: the account itself is locked.
    other = Client()
    assert log_in(other, "griffier", PASSWORD, address="10.9.9.9").status_code == 429
    assert not logged_in(other)


def test_one_address_trying_many_accounts_is_locked_out(client, clerk):
    for number in range(LIMIT):
        log_in(client, f"gok-{number}", "fout", address="10.0.0.66")
    # The right password of a real account, from that address: refused.
    assert log_in(client, "griffier", PASSWORD, address="10.0.0.66").status_code == 429
    # The same account from elsewhere is not locked.
    other = Client()
    assert log_in(other, "griffier", PASSWORD, address="10.0.0.2").status_code == 302
    assert logged_in(other)


def test_a_success_below_the_limit_resets_the_count(client, clerk):
    fail(client, "griffier", LIMIT - 1)
    assert log_in(client, "griffier", PASSWORD).status_code == 302
    client.logout()
    fail(client, "griffier", LIMIT - 1)
    assert log_in(client, "griffier", PASSWORD).status_code == 302


def test_x_forwarded_for_is_ignored_without_a_configured_proxy(client, clerk):
    # An attacker cannot escape the lock-out by sending a new X-Forwarded-For each time.
    for number in range(LIMIT):
        client.post(
            LOGIN,
            {"username": f"gok-{number}", "password": "fout"},
            REMOTE_ADDR="10.0.0.77",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"10.0.0.77"}


@pytest.mark.parametrize(
    ("count", "forwarded", "address"),
    [
        (0, "198.51.100.7", "10.0.0.5"),  # no proxy configured: the header is ignored
        (1, "198.51.100.7", "198.51.100.7"),  # one nginx, which set the header
        (1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # what the client sent is ignored
        (2, "6.6.6.6, 198.51.100.7, 10.0.0.9", "198.51.100.7"),  # a balancer and nginx
        (2, "198.51.100.7", "10.0.0.5"),  # too short: the proxy's own address
        (1, "geen-adres", "10.0.0.5"),
    ],
)
def test_behind_configured_proxies_the_forwarded_client_address_counts(
    client, settings, count, forwarded, address
):
    settings.TRUSTED_PROXY_COUNT = count
    client.post(
        LOGIN,
        {"username": "gok", "password": "fout"},
        REMOTE_ADDR="10.0.0.5",
        HTTP_X_FORWARDED_FOR=forwarded,
    )
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [address]


def test_a_platform_administrator_unlocks_the_account_in_the_admin(client, clerk, admin_user):
    fail(client, "griffier", LIMIT)
    assert log_in(client, "griffier", PASSWORD).status_code == 429
    attempt = AccessAttempt.objects.get(username="griffier")

    admin = Client()
    admin.force_login(admin_user)
    listing = admin.get("/beheer/geblokkeerde-aanmeldingen/")
    assert listing.status_code == 200
    assert "griffier" in listing.content.decode()
    assert "Ontgrendelen" in listing.content.decode()
    confirm = admin.get(f"/beheer/geblokkeerde-aanmeldingen/delete/{attempt.pk}/")
    assert confirm.status_code == 200
    assert "Ja, ontgrendelen" in confirm.content.decode()
    response = admin.post(f"/beheer/geblokkeerde-aanmeldingen/delete/{attempt.pk}/")
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="griffier").exists()

    assert log_in(client, "griffier", PASSWORD).status_code == 302
    assert logged_in(client)


def test_only_platform_administrators_see_or_unlock(client, clerk):
    fail(Client(), "griffier", LIMIT)
    attempt = AccessAttempt.objects.get(username="griffier")
    editor = UserFactory(username="redacteur", is_staff=True)
    editor.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["access_admin", "delete_accessattempt", "view_accessattempt"]
        )
    )
    client.force_login(editor)
    assert client.get("/beheer/").status_code == 200
    assert client.get("/beheer/geblokkeerde-aanmeldingen/").status_code in (302, 403)
    response = client.post(f"/beheer/geblokkeerde-aanmeldingen/delete/{attempt.pk}/")
    assert response.status_code in (302, 403)
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()
    assert get_user_model().objects.filter(username="griffier").exists()
