"""The editors' side: registrations view (filters, counts, check-in), CSV and XLSX exports that
match the database, adding someone by hand, invitation lists, permissions and retention."""

import csv
import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.utils import timezone
from openpyxl import load_workbook

from newsroom.registrations import retention, services
from newsroom.registrations.models import Invite, Registration
from tests.support.registrations import confirm, last_to, make_event, sign_up, sign_up_data, upload

pytestmark = pytest.mark.django_db

Status = Registration.Status


@pytest.fixture
def filled(client, event):
    """Two seats taken, one on the waiting list, one cancelled, one not confirmed."""
    english, arabic = event
    for n, (page, language) in enumerate(
        [(english, "en"), (arabic, "ar"), (english, "en"), (english, "en")]
    ):
        sign_up(
            client,
            page,
            f"p{n}@example.org",
            language=language,
            name=["Amal Haddad", "سلمى خوري", "=HYPERLINK(1)", "Omar"][n],
        )
        confirm(client, f"p{n}@example.org")
    services.cancel(Registration.objects.get(email="p3@example.org"))
    sign_up(client, english, "p4@example.org")
    return english, arabic


def admin_url(event, suffix=""):
    return f"/admin/registrations/{event.pk}/{suffix}"


def test_registrations_view_counts_filters_and_check_in(admin_client, filled):
    english, arabic = filled
    response = admin_client.get(admin_url(english))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    counts = {node["data-count"]: int(node.text) for node in soup.select("[data-count]")}
    assert counts == {
        "confirmed": 2,
        "waitlisted": 1,
        "offered": 0,
        "pending": 1,
        "cancelled": 1,
        "expired": 0,
    }
    # The Arabic version shows the same registrations (one event, two languages).
    response = admin_client.get(admin_url(arabic))
    assert "p1@example.org" in response.content.decode()

    # Reachable from the page's header menu in the editor.
    edit = admin_client.get(f"/admin/pages/{english.pk}/edit/")
    assert admin_url(english).encode() in edit.content

    response = admin_client.get(admin_url(english) + "?status=waitlisted")
    rows = BeautifulSoup(response.content, "html.parser").select(
        ".registrations-admin__list tbody tr"
    )
    assert len(rows) == 1 and "p2@example.org" in rows[0].text

    registration = Registration.objects.get(email="p0@example.org")
    response = admin_client.post(
        admin_url(english), {"action": "check_in", "registration": registration.pk}
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    admin_client.post(admin_url(english), {"action": "check_in", "registration": registration.pk})
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_check_in_needs_csrf(client, admin_user, filled):
    from django.test import Client

    english, _arabic = filled
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(admin_user)
    registration = Registration.objects.get(email="p0@example.org")
    response = strict.post(
        admin_url(english), {"action": "check_in", "registration": registration.pk}
    )
    assert response.status_code == 403
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def database_rows(event):
    rows = {}
    for r in Registration.objects.filter(event=services.event_state(event)):
        rows[r.email] = r
    return rows


def test_csv_and_xlsx_exports_hold_what_the_database_holds(admin_client, filled):
    english, _arabic = filled
    questions = list(english.registration_questions.all())
    response = admin_client.get(admin_url(english, "registrations.csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    header, body = table[0], table[1:]
    assert header[:5] == ["Name", "Email", "Organisation", "Language", "Status"]
    assert header[-3:] == [q.label for q in questions]
    stored = database_rows(english)
    assert sorted(row[1] for row in body) == sorted(stored)
    for row in body:
        r = stored[row[1]]
        name = "'" + r.name if r.name.startswith("=") else r.name  # no formula injection
        assert row[0] == name
        assert row[3] == r.language
        assert row[4] == r.get_status_display()
        assert row[-3] == r.answers.get(str(questions[0].translation_key), "")
    by_email = {row[1]: row for row in body}
    assert by_email["p1@example.org"][0] == "سلمى خوري"
    # The choice made on the Arabic page is exported in the source language.
    assert by_email["p1@example.org"][-3] == "Afternoon"
    assert by_email["p2@example.org"][5] == "1"  # waiting-list position

    response = admin_client.get(admin_url(english, "registrations.xlsx"))
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    values = [[("" if cell is None else cell) for cell in row] for row in sheet.values]
    assert [str(v) for v in values[0]] == header
    assert sorted(row[1] for row in values[1:]) == sorted(stored)
    for row in values[1:]:
        assert [str(v) for v in row] == by_email[row[1]]


def test_manual_add_skips_confirmation_but_respects_capacity(
    admin_client, filled, django_capture_on_commit_callbacks
):
    english, _arabic = filled
    count = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            admin_url(english),
            {"action": "add", "name": "Nadia", "email": "nadia@example.org", "language": "ar"},
        )
    assert response.status_code == 302
    nadia = Registration.objects.get(email="nadia@example.org")
    # Both seats are taken: Nadia joins the waiting list, behind p2.
    assert nadia.status == Status.WAITLISTED and nadia.waitlist_position() == 2
    assert nadia.source == Registration.Source.ADMIN
    assert len(mail.outbox) == count + 1 and last_to("nadia@example.org").subject.startswith(
        "أنتم على قائمة الانتظار"
    )
    admin_client.post(
        admin_url(english),
        {"action": "add", "name": "Nadia", "email": "NADIA@example.org", "language": "ar"},
    )
    assert Registration.objects.filter(email_normalised="nadia@example.org").count() == 1


def test_editor_without_edit_rights_cannot_see_registrations(client, django_user_model, filled):
    english, _arabic = filled
    user = django_user_model.objects.create_user("guest", "guest@example.org", "x")
    group = Group.objects.create(name="Admin only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    client.force_login(user)
    # Wagtail turns PermissionDenied into a redirect to the dashboard with a message.
    for suffix in ("", "registrations.csv", "registrations.xlsx"):
        response = client.get(admin_url(english, suffix))
        assert response.status_code in (302, 403), suffix
        assert b"p0@example.org" not in response.content
    response = client.post(admin_url(english), {"action": "check_in", "registration": 1})
    assert response.status_code in (302, 403)
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()


def test_invitation_only_event_with_imported_invite_list(
    admin_client, client, tree, django_capture_on_commit_callbacks
):
    english, arabic = make_event(tree, capacity=10, sign_ups={"invitation_only": True})
    bad = (
        "name,email,language\nAmal Haddad,amal@example.org,en\n"
        "No Address,not-an-email,en\nX,x@example.org,fr\n"
    )
    response = admin_client.post(admin_url(english), {"action": "invite", "file": upload(bad)})
    assert response.status_code == 200
    errors = BeautifulSoup(response.content, "html.parser").select(".help-critical li")
    assert [e.text.split(":")[0] for e in errors] == ["Line 3", "Line 4"]
    assert Invite.objects.count() == 0  # nothing imported while the file has errors

    good = "name,email,language\nAmal Haddad,amal@example.org,en\nسلمى خوري,salma@example.org,ar\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(admin_url(english), {"action": "invite", "file": upload(good)})
    assert response.status_code == 302
    assert Invite.objects.count() == 2
    salma_invite = last_to("salma@example.org")
    assert salma_invite.subject.startswith("دعوة لكم")
    code = Invite.objects.get(email="salma@example.org").code
    assert f"/ar/events/{arabic.slug}/?invite={code}" in salma_invite.body

    # Without a code: the page says the event is by invitation only, and a POST is refused.
    page = client.get(english.url)
    assert page.status_code == 200
    assert "by invitation only" in page.content.decode()
    assert b"registration-form" not in page.content
    response = client.post(
        f"/en/registrations/{english.pk}/", sign_up_data(english, "someone@example.org")
    )
    assert response.status_code == 403
    assert Registration.objects.count() == 0
    # A made-up code on the Arabic page: 403, in Arabic.
    page = client.get(arabic.url + "?invite=made-up")
    assert page.status_code == 403
    assert "رابط الدعوة هذا غير صالح" in page.content.decode()
    assert "no-store" in page["Cache-Control"]

    # With the code: the form is filled in, and the invitee is registered at once (the
    # invitation reached their mailbox, so no confirmation round trip).
    page = client.get(arabic.url + f"?invite={code}")
    soup = BeautifulSoup(page.content, "html.parser")
    assert soup.select_one("#id_email")["value"] == "salma@example.org"
    assert "private" in page["Cache-Control"]
    data = sign_up_data(arabic, "salma@example.org", name="سلمى خوري", language="ar")
    response = client.post(f"/ar/registrations/{arabic.pk}/", {**data, "invite": code})
    assert response.status_code == 302
    assert Registration.objects.get().status == Status.CONFIRMED
    # A code works once.
    data = sign_up_data(arabic, "friend@example.org", language="ar")
    response = client.post(f"/ar/registrations/{arabic.pk}/", {**data, "invite": code})
    assert response.status_code == 403
    assert Registration.objects.count() == 1


def test_registrations_are_anonymised_after_the_retention_period(client, tree, settings):
    english, _arabic = make_event(
        tree,
        start=timezone.now() + datetime.timedelta(days=1),
        end=timezone.now() + datetime.timedelta(days=1, hours=2),
    )
    sign_up(client, english, "amal@example.org")
    confirm(client, "amal@example.org")
    state = services.event_state(english)
    services.create_invite(state, "Omar", "omar@example.org", "en")
    settings.REGISTRATION_RETENTION_DAYS = 30
    assert retention.anonymise_past_events(now=timezone.now() + datetime.timedelta(days=20)) == 0
    later = timezone.now() + datetime.timedelta(days=40)
    assert retention.anonymise_past_events(now=later) == 1
    registration = Registration.objects.get()
    assert registration.name == "" and registration.organisation == ""
    assert registration.answers == {}
    assert "amal" not in registration.email
    assert registration.status == Status.CONFIRMED  # counts stay true
    assert Invite.objects.count() == 0
    assert retention.anonymise_past_events(now=later) == 0  # once
