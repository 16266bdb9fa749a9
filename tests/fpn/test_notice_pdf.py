"""The printable notice: what the person given a fixed penalty notice (or a warning) reads on paper."""
import io
from datetime import date, datetime, timezone
from decimal import Decimal
from types import SimpleNamespace

from pypdf import PdfReader
from sqlalchemy import update

from services.fpn import notice_pdf
from services.fpn.models import Notice
from shared.settings import Settings
from tests.conftest import bearer

DEMONSTRATION = "DEMONSTRATION — NOT A VALID NOTICE"


def pdf_text(data: bytes) -> str:
    """All the text of a PDF, with runs of whitespace (line breaks included) collapsed to single spaces."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def pages(data: bytes) -> int:
    """How many pages a PDF has."""
    return len(PdfReader(io.BytesIO(data)).pages)


def long_date(iso: str) -> str:
    """An ISO date from the API as the notice prints it: '8 December 2026'."""
    on = date.fromisoformat(iso)
    return f"{on.day} {on:%B %Y}"


def test_fpn_pdf_gives_the_particulars_amounts_payment_dates_and_the_14_day_statement(client, issue, notice_body,
                                                                                       officer):
    notice = issue(notice_body).json
    response = client.get(f"/api/v1/notices/{notice['number']}/pdf", headers=officer)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("inline") and notice["number"].replace(" ", "") in disposition
    assert pages(response.data) == 1
    text = pdf_text(response.data)
    assert "Fixed Penalty Notice" in text and notice["number"] in text
    assert "£100.00" in text and "£60.00" in text
    assert long_date(notice["discount_until"]) in text and long_date(notice["pay_by"]) in text
    assert "No proceedings will be taken for this offence before the end of the period of 14 days following " \
           "the date of this notice" in text
    assert "High Road, Wembley HA9" in text and "Wembley Central" in text
    assert "Boroughwide, Wembley Park and Parks and Open Spaces PSPO" in text
    assert "Sam Example" in text and "Drinking from an open can of lager" in text
    assert "Brent Civic Centre, 32 Engineers Way, Wembley HA9 0FJ" in text
    # Drinking in breach of a PSPO is the s.63 offence, with its lower maximum fine.
    assert "Act 2014, section 63 (consuming alcohol in breach of the order)" in text
    assert "magistrates' court" in text and "level 2 on the standard scale (currently £500)" in text


def test_any_other_breach_is_the_section_67_offence_with_its_level_3_fine(client, issue, notice_body, officer, db):
    from tests.fpn.conftest import prohibition_id

    littering = {**notice_body, "prohibition_id": prohibition_id(db, "boroughwide", "littering-item")}
    text = pdf_text(client.get(f"/api/v1/notices/{issue(littering).json['number']}/pdf", headers=officer).data)
    assert "section 67 (failing to comply with the order)" in text and "section 63" not in text
    assert "level 3 on the standard scale (currently £1,000)" in text


def test_supervisor_can_print_a_notice_another_officer_issued(client, issue, notice_body, supervisor):
    number = issue(notice_body).json["number"]
    response = client.get(f"/api/v1/notices/{number.replace(' ', '')}/pdf", headers=supervisor)
    assert response.status_code == 200 and number in pdf_text(response.data)


def test_another_officer_cannot_print_someone_elses_notice(client, issue, notice_body):
    number = issue(notice_body).json["number"]
    response = client.get(f"/api/v1/notices/{number}/pdf", headers=bearer("officer.other", "enforcement_officer"))
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert number in response.json["detail"]


def test_warning_prints_as_a_warning_with_nothing_to_pay(client, issue, notice_body, officer):
    notice = issue({**notice_body, "outcome": "warning"}).json
    assert notice["state"] == "warning"
    text = pdf_text(client.get(f"/api/v1/notices/{notice['number']}/pdf", headers=officer).data)
    assert notice["number"].startswith("WN ") and notice["number"] in text
    assert "Warning" in text and "nothing to pay" in text
    assert "Fixed Penalty Notice" not in text and "£" not in text and "Last date to pay" not in text


def notice_like(**changes) -> SimpleNamespace:
    """A notice as render reads it, not stored: a vehicle FPN with no lower amount, unless `changes` say otherwise."""
    order = SimpleNamespace(title="Nuisance Vehicles PSPO", legal_basis="Anti-social Behaviour, Crime and Policing "
                                                                        "Act 2014 s.59")
    prohibition = SimpleNamespace(wording="Racing vehicles", report_label="Nuisance Vehicles PSPO - Racing",
                                  alcohol=False)
    return SimpleNamespace(**{
        "number": "FPN100000423", "outcome": "fpn", "state": "issued", "order": order, "prohibition": prohibition,
        "ward": "Kilburn", "occurred_at": datetime(2026, 7, 1, 22, 30, tzinfo=timezone.utc), "latitude": None,
        "longitude": None, "street_address": "Kilburn High Road <near the station> & bus stop",
        "observed": "Revving & racing", "offender": {"registration_mark": "ab12 cde", "keeper_name": "K. Keeper"},
        "amount": Decimal("100.00"), "discount_amount": None, "discount_until": None, "pay_by": date(2026, 7, 16),
        "issued_by": "officer.patel", "officer_name": "Officer Patel", "officer_number": "TEST-officer-patel",
        "demonstration": False, "issued_at": datetime(2026, 7, 2, 9, 0, tzinfo=timezone.utc),
        "evidence": [{"kind": "body_worn_video", "reference": "BWV-0042-20260701"}], **changes})


def test_vehicle_notice_names_the_registration_mark_and_prints_what_the_officer_typed_as_is(settings):
    text = pdf_text(notice_pdf.render(notice_like(), notice_pdf.payment_terms(settings)))
    assert "AB12 CDE" in text and "K. Keeper" in text
    assert "Kilburn High Road <near the station> & bus stop" in text and "Revving & racing" in text
    assert "1 July 2026 at 23:30" in text  # 22:30 UTC is 23:30 in London in summer
    assert "16 July 2026" in text and "Lower amount" not in text


def test_notice_names_the_officer_by_full_name_and_authorisation_number_never_by_username(client, issue,
                                                                                          notice_body, officer):
    notice = issue(notice_body).json
    text = pdf_text(client.get(f"/api/v1/notices/{notice['number']}/pdf", headers=officer).data)
    assert "Officer Patel, authorisation number TEST-officer-patel" in text
    assert "officer.patel" not in text


def test_notice_another_service_asked_for_names_the_team_that_issued_it(settings):
    notice = notice_like(officer_name=None, officer_number=None, issued_by="noise.caseworker")
    text = pdf_text(notice_pdf.render(notice, notice_pdf.payment_terms(settings)))
    assert "Issued by Issuing team Community Safety Enforcement, London Borough of Brent" in text
    assert "noise.caseworker" not in text


def test_notice_gives_the_payment_page_telephone_line_and_postal_address_it_is_set_up_with(client, issue,
                                                                                           notice_body, officer,
                                                                                           settings):
    text = pdf_text(client.get(f"/api/v1/notices/{issue(notice_body).json['number']}/pdf", headers=officer).data)
    assert f"Online: {settings.fpn_payment_url}" in text
    assert f"By telephone: {settings.fpn_payment_phone}" in text
    assert f"By post: {settings.fpn_payment_address}" in text
    assert "given on brent.gov.uk" not in text  # the old wording, which gave no way to pay


def test_a_deployments_own_payment_details_are_the_ones_printed():
    live = Settings(database_url="sqlite://", broker_url="memory://", secret_key="x", environment="production",
                    fpn_payment_url="https://pay.brent.example/fpn", fpn_payment_phone="020 7946 0123",
                    fpn_payment_address="Fixed Penalties, PO Box 1234, Wembley HA9 0ZZ")
    text = pdf_text(notice_pdf.render(notice_like(), notice_pdf.payment_terms(live)))
    assert "Online: https://pay.brent.example/fpn" in text and "By telephone: 020 7946 0123" in text
    assert "By post: Fixed Penalties, PO Box 1234, Wembley HA9 0ZZ" in text
    assert "EXAMPLE" not in text


def test_notice_states_the_prohibition_once_not_again_as_a_notice_type(client, issue, notice_body, officer):
    text = pdf_text(client.get(f"/api/v1/notices/{issue(notice_body).json['number']}/pdf", headers=officer).data)
    assert "Consuming alcohol, or refusing to stop or surrender alcohol when asked by an authorised officer" in text
    assert "Notice type" not in text and "Borough Wide PSPO - Alcohol consumption" not in text


def test_demonstration_notice_is_watermarked_and_says_so_at_the_top(client, issue, notice_body, officer):
    notice = issue(notice_body).json
    assert notice["demonstration"] is True  # issued where the environment is not production
    text = pdf_text(client.get(f"/api/v1/notices/{notice['number']}/pdf", headers=officer).data)
    assert text.count(DEMONSTRATION) == 2  # the watermark, and the line at the top
    assert "Nothing is owed" in text


def test_notice_issued_in_production_has_no_demonstration_words(client, issue, notice_body, officer, db):
    notice = issue(notice_body).json
    db.execute(update(Notice).where(Notice.number == notice["number"].replace(" ", "")).values(demonstration=False))
    db.flush()
    text = pdf_text(client.get(f"/api/v1/notices/{notice['number']}/pdf", headers=officer).data)
    assert notice["number"] in text
    assert "DEMONSTRATION" not in text and "NOT A VALID NOTICE" not in text


def _act(client, headers, number, action, **body):
    return client.post(f"/api/v1/notices/{number}/{action}", json=body, headers=headers)


def test_notice_reduced_to_a_warning_prints_as_a_warning_saying_so(client, issue, notice_body, supervisor):
    number = issue(notice_body).json["number"]
    _act(client, supervisor, number, "reduce_to_warning", reason="First offence")
    text = pdf_text(client.get(f"/api/v1/notices/{number}/pdf", headers=supervisor).data)
    assert "reduced to a written warning" in text and "nothing to pay" in text
    assert "Last date to pay" not in text and "£" not in text


def test_cancelled_notice_says_so_and_asks_for_no_payment(client, issue, notice_body, supervisor):
    number = issue(notice_body).json["number"]
    _act(client, supervisor, number, "cancel", reason="Issued to the wrong person")
    text = pdf_text(client.get(f"/api/v1/notices/{number}/pdf", headers=supervisor).data)
    assert "This notice has been cancelled" in text and number in text
    assert "Last date to pay" not in text and "Pay London Borough of Brent" not in text


def test_notice_awaiting_approval_for_a_child_says_not_to_hand_it_over(client, issue, notice_body, officer):
    fifteen = date(date.today().year - 15, 1, 1).isoformat()
    notice = issue({**notice_body, "offender": {**notice_body["offender"], "date_of_birth": fifteen}}).json
    assert notice["state"] == "pending_approval"
    text = pdf_text(client.get(f"/api/v1/notices/{notice['number']}/pdf", headers=officer).data)
    assert "Not yet valid" in text and "Do not hand it over" in text


def test_the_notice_says_how_to_ask_for_its_footage_only_where_there_is_some(client, issue, notice_body, officer):
    from io import BytesIO

    from pypdf import PdfReader

    def text(body):
        number = issue(body).json["number"]
        pdf = client.get(f"/api/v1/notices/{number}/pdf", headers=officer).data
        return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(BytesIO(pdf)).pages)

    with_video = text(notice_body)
    assert "To see the officer's video or photographs of the offence, write to us quoting the notice number" in \
        with_video
    assert "To see the officer's video" not in text({**notice_body, "evidence": []})
