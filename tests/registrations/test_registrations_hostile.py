"""What a visitor types cannot break what comes after it (stored rows, emails, the editors'
exports), and the sign-up form tells nobody whether an address is registered."""

import io

import pytest
from openpyxl import load_workbook

from newsroom.registrations import services
from newsroom.registrations.models import Registration
from tests.support.registrations import sign_up_data
from tests.support.transactions import committed

pytestmark = pytest.mark.django_db

CONTROLS = "\x0b\x1b\x7f\x85\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def post(client, page, data):
    with committed():
        return client.post(f"/{page.locale.language_code}/registrations/{page.pk}/", data)


def answer_field(page, n=2):
    return f"q_{list(page.registration_questions.all())[n].translation_key.hex}"


def test_control_and_bidi_characters_are_removed_from_everything_a_visitor_types(client, event):
    english, arabic = event
    for page, language, email in ((english, "en", "amal@example.org"), (arabic, "ar", "s@x.org")):
        data = sign_up_data(
            page,
            email,
            language=language,
            name=f"Amal{CONTROLS} Haddad",
            organisation=f"\u202eCoalition{CONTROLS}",
            **{answer_field(page): f"Line one\r\nline\x0b two{CONTROLS}\tend"},
        )
        assert post(client, page, data).status_code == 302
        registration = Registration.objects.get(email=email)
        assert registration.name == "Amal Haddad"
        assert registration.organisation == "Coalition"
        (answer,) = [v for v in registration.answers.values() if isinstance(v, str) and "one" in v]
        assert answer == "Line one\nline two\tend"


@pytest.mark.parametrize(
    "address",
    [
        '"a\x0bb"@example.org',
        '"a\x1bb"@example.org',
        '"a\u202eb"@example.org',
        "a\x85b@example.org",
    ],
)
def test_an_address_with_control_characters_is_a_form_error(client, event, address):
    english, _arabic = event
    response = post(client, english, sign_up_data(english, address))
    assert response.status_code == 400
    assert "not allowed in an email address" in response.content.decode()
    assert not Registration.objects.exists()

    response = client.post("/en/newsletter/", {"email": address, "language": "en"})
    assert response.status_code == 400
    assert "not allowed in an email address" in response.content.decode()


def test_the_xlsx_export_survives_rows_stored_before_the_forms_cleaned_them(admin_client, event):
    english, _arabic = event
    state = services.event_state(english)
    # As an older version of the form stored it: straight into the database.
    Registration.objects.create(
        event=state,
        page=english,
        name="Vertical\x0btab",
        email="old@example.org",
        organisation="Escape\x1b[31m",
        language="en",
        answers={str(english.registration_questions.all()[2].translation_key): "a\x0bb\x1fc"},
    )
    response = admin_client.get(f"/admin/registrations/{english.pk}/registrations.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[1][0] == "Verticaltab"
    assert rows[1][2] == "Escape[31m"
    assert rows[1][-1] == "abc"
    response = admin_client.get(f"/admin/registrations/{english.pk}/registrations.csv")
    assert "Verticaltab" in response.content.decode("utf-8-sig")


def test_a_known_and_an_unknown_address_get_the_same_answer_and_the_owner_an_email(
    client, event, smtp
):
    english, arabic = event
    first = {"name": "Amal", "email": "amal@example.org", "language": "en"}
    services.confirm_email(services.sign_up(english, english, first).registration)
    before = len(smtp.handler.to("amal@example.org"))

    known = post(client, arabic, sign_up_data(arabic, "AMAL@example.org", language="ar"))
    unknown = post(client, arabic, sign_up_data(arabic, "new@example.org", language="ar"))
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    known_page = client.get(known["Location"])
    unknown_page = client.get(unknown["Location"])
    assert known_page.status_code == unknown_page.status_code == 200
    assert known_page.content == unknown_page.content

    # The address's owner hears where they stand; the new address is asked to confirm.
    (reminder,) = smtp.handler.to("amal@example.org")[before:]
    assert "already registered" in reminder.get_body(("plain",)).get_content()
    assert "/registrations/cancel/" in reminder.get_body(("plain",)).get_content()
    (confirmation,) = smtp.handler.to("new@example.org")
    assert "/registrations/confirm/" in confirmation.get_body(("plain",)).get_content()
    assert Registration.objects.count() == 2
