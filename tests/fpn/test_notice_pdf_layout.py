"""The printed notice's layout: every kind fits one A4 page, legibly, and a demonstration print cannot pass for real.

A second page can come loose from the first, leaving a notice without its terms; so each kind of notice, with the
longest texts the API accepts, is rendered and read back with pypdf.
"""
import io
import math
from datetime import date, datetime, timezone
from decimal import Decimal
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from services.fpn import notice_pdf
from tests.fpn.test_notice_pdf import DEMONSTRATION, notice_like, pdf_text

SEEN = ("The person was drinking from an open can of lager at the bus stop and shouted at people queueing; asked "
        "to stop, they carried on and threw the empty can into the road. ")
OBSERVED = (SEEN * 20)[:2000]  # the longest the API takes
STREET = ("Flat 14, Wembley Park Boulevard Residences, the corner by the pedestrian crossing opposite the main "
          "entrance, " * 4)[:300]
PERSON = {"name": "Alexandra Example-Surname", "address": "Flat 2, 10 Example Road, Wembley, London HA9 0AA"}
KEEPER = {"registration_mark": "ab12 cde", "keeper_name": "Example Vehicle Leasing and Contract Hire Limited",
          "keeper_address": ("Unit 4, Example Business Park, Long Industrial Estate Road, " * 6)[:300]}
LOWER = {"discount_amount": Decimal("60.00"), "discount_until": date(2026, 7, 11)}
WARNING = {"number": "WN100000423", "outcome": "warning", "state": "warning", "amount": None, "pay_by": None}


def everything_long(**changes) -> SimpleNamespace:
    """A paid vehicle FPN with a lower amount and the keeper's details, every text as long as the API takes it,
    printed for demonstration."""
    order = SimpleNamespace(title="Boroughwide, Wembley Park and Parks and Open Spaces Public Spaces Protection "
                                  "Order 2023 (as varied)",
                            legal_basis="Anti-social Behaviour, Crime and Policing Act 2014, sections 59 to 64")
    return notice_like(**{
        **LOWER, "order": order, "observed": OBSERVED, "street_address": STREET, "latitude": 51.5523,
        "longitude": -0.2966, "offender": KEEPER,
        "state": "paid", "paid_on": date(2026, 7, 5), "paid_amount": Decimal("60.00"), "demonstration": True,
        **changes})


KINDS = {
    "an FPN with a lower amount": notice_like(**LOWER, offender=PERSON),
    "a warning": notice_like(**WARNING, offender=PERSON),
    "a vehicle notice with keeper details": notice_like(offender=KEEPER),
    "2,000 characters of what the officer saw": notice_like(**LOWER, observed=OBSERVED),
    "a 300-character street address": notice_like(**LOWER, street_address=STREET, latitude=51.5523,
                                                  longitude=-0.2966),
    "a cancelled notice": notice_like(state="cancelled"),
    "a paid notice": notice_like(**LOWER, state="paid", paid_on=date(2026, 7, 5), paid_amount=Decimal("60.00")),
    "an FPN reduced to a warning": notice_like(state="warning", reduced_at=datetime(2026, 7, 3, tzinfo=timezone.utc)),
    "a notice awaiting approval": notice_like(**LOWER, state="pending_approval", offender=PERSON),
    "a demonstration notice": notice_like(**LOWER, demonstration=True),
    "every text at its longest at once": everything_long(),
    "a warning with every text at its longest": everything_long(**WARNING),
    "the driver's name and address as well as the keeper's, all at their longest": everything_long(offender={
        **KEEPER, "name": "Alexander " * 11 + "Driver", "address": ("22 Driver Road, Harlesden, " * 12)[:300]}),
}


@pytest.fixture(params=KINDS, ids=str)
def kind(request, settings):
    """One kind of notice and its PDF."""
    notice = KINDS[request.param]
    return notice, notice_pdf.render(notice, notice_pdf.payment_terms(settings))


def sized_text(data: bytes) -> list[tuple[float, str]]:
    """Each run of text on the first page with the size it is printed at, in points, after any scaling."""
    runs = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            scale = math.sqrt(abs(cm[0] * cm[3] - cm[1] * cm[2]) * abs(tm[0] * tm[3] - tm[1] * tm[2]))
            runs.append((size * scale, " ".join(text.split())))

    PdfReader(io.BytesIO(data)).pages[0].extract_text(visitor_text=visit)
    return runs


def test_every_kind_of_notice_is_one_a4_page_ending_with_who_issued_it(kind):
    notice, data = kind
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    assert [round(float(side)) for side in reader.pages[0].mediabox[2:]] == [595, 842]  # A4, in points
    text = pdf_text(data)
    assert text.rstrip().endswith("Issued by Authorised officer Officer Patel, authorisation number "
                                  "TEST-officer-patel")
    assert " ".join(notice.observed.split()) in text  # all of what the officer saw, however long


def test_a_fixed_penalty_keeps_its_terms_on_the_page_however_long_the_particulars(settings):
    text = pdf_text(notice_pdf.render(everything_long(), notice_pdf.payment_terms(settings)))
    for words in ("No proceedings will be taken for this offence before the end of the period of 14 days",
                  "£100.00", "£60.00", "Last date to pay 16 July 2026", "Online:", "By telephone:", "By post:",
                  "If you do not pay", "Representations"):
        assert words in text


def test_only_what_the_officer_saw_is_ever_printed_below_8_pt(kind):
    notice, data = kind
    observed = "What the officer saw: " + " ".join(notice.observed.split())
    small = [text for size, text in sized_text(data) if size < 7.95]
    assert all(text in observed for text in small), small


def test_a_long_account_of_what_the_officer_saw_alone_stays_full_size(settings):
    data = notice_pdf.render(KINDS["2,000 characters of what the officer saw"], notice_pdf.payment_terms(settings))
    assert min(size for size, _text in sized_text(data)) >= 7.95


def test_what_the_officer_saw_stays_legible_when_every_text_is_at_its_longest(settings):
    data = notice_pdf.render(everything_long(), notice_pdf.payment_terms(settings))
    observed = " ".join(OBSERVED.split())
    sizes = [size for size, text in sized_text(data) if text in observed]
    assert sizes and 6.5 <= min(sizes) < 9  # set smaller to fit, but not beyond reading


def test_demonstration_watermark_is_large_and_runs_diagonally_across_the_page(settings):
    data = notice_pdf.render(KINDS["a demonstration notice"], notice_pdf.payment_terms(settings))
    marks = []

    def visit(text, cm, tm, font, size):
        if text.strip() == DEMONSTRATION:
            marks.append((size * math.hypot(cm[0], cm[1]), math.degrees(math.atan2(cm[1], cm[0])), cm[4], cm[5]))

    PdfReader(io.BytesIO(data)).pages[0].extract_text(visitor_text=visit)
    (size, angle, x, y), = marks
    assert size >= 30 and 45 <= angle <= 65  # large, and along the page's diagonal (54.7 degrees on A4)
    assert (x, y) == pytest.approx((595.28 / 2, 841.89 / 2), abs=1)  # centred on the page


def test_notice_that_is_not_a_demonstration_has_no_watermark(settings):
    data = notice_pdf.render(KINDS["an FPN with a lower amount"], notice_pdf.payment_terms(settings))
    assert "DEMONSTRATION" not in pdf_text(data) and "NOT A VALID" not in pdf_text(data)
