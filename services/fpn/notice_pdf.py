"""The printed fixed penalty notice (or warning): what the person it is given to reads, on one A4 page.

It states what ASBCPA 2014 s.68 requires (the particulars of the offence, the 14 days in which no proceedings will
be taken, the amount, to whom, where and how to pay) and names the officer by full name and authorisation number,
as officers must show their authorisation. It always fits one page, whatever was typed: a second page can come loose
from the first, leaving a notice without its terms. So the layout is tight, and the one text of any length (what the
officer saw, up to 2,000 characters) is set smaller when it would not fit. A notice made outside production carries
a large diagonal "not a valid notice" watermark, so that a demonstration print can never pass for a real one.
"""
import io
import json
import math
from datetime import date
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import HRFlowable, KeepInFrame, Paragraph, SimpleDocTemplate, Table, TableStyle

from shared.brent import LONDON, day, london_date
from shared.pdf_text import pdf_text
from services.fpn.notice_numbers import display
from services.fpn.penalty_rules import STATUTORY_PAYMENT_DAYS, offence

PAYMENT_FILE = Path(__file__).parent / "reference" / "payment.json"
ACT = "Anti-social Behaviour, Crime and Policing Act 2014"
STATUTE = f"{ACT}, section 68"
TEAM = "Community Safety Enforcement, London Borough of Brent"  # who issued a notice no officer's profile names
DEMONSTRATION = "DEMONSTRATION — NOT A VALID NOTICE"
BRENT_BLUE = colors.HexColor("#00437A")
SHADE = colors.HexColor("#EAF1F8")
DEMO_RED = colors.HexColor("#B10E1E")

# The page: SimpleDocTemplate's one frame, inside the margins and its own 6 pt padding on every side.
MARGIN, TOP_MARGIN, BOTTOM_MARGIN, FRAME_PADDING = 15 * mm, 11 * mm, 14 * mm, 6
FRAME_WIDTH = A4[0] - 2 * MARGIN - 2 * FRAME_PADDING
FRAME_HEIGHT = A4[1] - TOP_MARGIN - BOTTOM_MARGIN - 2 * FRAME_PADDING
LABEL_WIDTH = 34 * mm
BOX_WIDTH = 50 * mm  # the box with the notice's number and date
PAYMENT_WIDTH = 70 * mm  # the left column of the payment terms: the amounts, and what happens if they are not paid
SMALLEST_OBSERVED = 0.45  # what the officer saw is squeezed to no less than this share of its height (its text to
# two thirds of its size, about 6 pt); a page that still overflows is shrunk whole

BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=9, leading=11, spaceAfter=3)
LABEL = ParagraphStyle("label", BODY, fontName="Helvetica-Bold", spaceAfter=0)
CELL = ParagraphStyle("cell", BODY, spaceAfter=0)
HEADING = ParagraphStyle("heading", LABEL, fontSize=10.5, leading=13, spaceBefore=5, spaceAfter=2, textColor=BRENT_BLUE)
TITLE = ParagraphStyle("title", BODY, fontName="Helvetica-Bold", fontSize=20, leading=24, spaceAfter=1)
NUMBER = ParagraphStyle("number", LABEL, fontSize=13, leading=16)
OBSERVED = ParagraphStyle("observed", BODY, spaceBefore=2, spaceAfter=0)
DEMO_LINE = ParagraphStyle("demonstration", LABEL, textColor=DEMO_RED, spaceAfter=3)


def payment_terms(settings) -> dict:
    """How and where to pay, and where to send representations: reference/payment.json, with the payment page,
    telephone line and postal address taken from the deployment's settings (a method naming a `setting`), so that a
    notice always gives ways to pay that work where it was printed."""
    terms = json.loads(PAYMENT_FILE.read_text())
    terms["methods"] = [{"name": method["name"], "how": getattr(settings, method["setting"])} if "setting" in method
                        else method for method in terms["methods"]]
    return terms


def _table(rows: list, widths: list, style: list) -> Table:
    """A table of (already built) cells, its cells' tops aligned and with no padding unless `style` adds some."""
    everywhere = ((0, 0), (-1, -1))
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", *everywhere, "TOP"), ("LEFTPADDING", *everywhere, 0),
                               ("TOPPADDING", *everywhere, 0), ("BOTTOMPADDING", *everywhere, 0), *style]))
    return table


def _rows(rows: list[tuple[str, str]], width: float = FRAME_WIDTH, label_width: float = LABEL_WIDTH,
          boxed: bool = False) -> Table:
    """Bold labels beside their (already escaped) values; boxed and shaded to stand out."""
    pad, everywhere = (5 if boxed else 0), ((0, 0), (-1, -1))
    cells = [[Paragraph(label, LABEL), Paragraph(value, CELL)] for label, value in rows]
    box = [("BOX", *everywhere, 1, BRENT_BLUE), ("BACKGROUND", *everywhere, SHADE)]
    table = _table(cells, [label_width + pad, width - label_width - pad],
                   [("LEFTPADDING", *everywhere, pad), ("BOTTOMPADDING", *everywhere, 2.5),
                    ("TOPPADDING", (0, 0), (-1, 0), pad), ("BOTTOMPADDING", (0, -1), (-1, -1), 2.5 + pad),
                    *(box if boxed else [])])
    table.spaceAfter = 4 if boxed else 0
    return table


def _columns(left: list, right: list, left_width: float, gap: float = 5 * mm) -> Table:
    """Two blocks side by side (lists of flowables), to save height where each is narrow enough to read."""
    return _table([[left, right]], [left_width + gap, FRAME_WIDTH - left_width - gap],
                  [("RIGHTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (0, 0), gap)])


def _header(notice, title: str, warning: bool, issued_on: date) -> list:
    """The title and what the notice is given under, beside a box with its number and date (what a person quotes)."""
    left = [Paragraph("London Borough of Brent · Community Safety Enforcement", LABEL), Paragraph(title, TITLE),
            Paragraph("A written warning: no fixed penalty is payable" if warning else f"Given under the {STATUTE}",
                      CELL)]
    box = _table([[Paragraph("Notice number", CELL)], [Paragraph(display(notice.number), NUMBER)],
                  [Paragraph("Date of this notice", CELL)], [Paragraph(day(issued_on), LABEL)]], [BOX_WIDTH],
                 [("BOX", (0, 0), (-1, -1), 1, BRENT_BLUE), ("BACKGROUND", (0, 0), (-1, -1), SHADE),
                  ("LEFTPADDING", (0, 0), (-1, -1), 6), ("TOPPADDING", (0, 0), (-1, 0), 4),
                  ("TOPPADDING", (0, 2), (-1, 2), 2), ("BOTTOMPADDING", (0, -1), (-1, -1), 5)])
    return [*([Paragraph(f"{DEMONSTRATION}: printed by a test or training system. Nothing is owed.", DEMO_LINE)]
              if notice.demonstration else []),
            _columns(left, [box], FRAME_WIDTH - BOX_WIDTH - 4 * mm, gap=4 * mm),
            HRFlowable(width="100%", thickness=1.5, color=BRENT_BLUE, spaceBefore=3, spaceAfter=4)]


def _offender(offender: dict) -> tuple[str, str]:
    """The 'Given to' row: a person's name and address, or a vehicle's registration mark and keeper."""
    if offender.get("registration_mark"):
        lines = [f"Vehicle registration mark <b>{pdf_text(offender['registration_mark'].upper())}</b>"]
        lines += [pdf_text(offender[key]) for key in ("keeper_name", "keeper_address", "name", "address")
                  if offender.get(key)]
        return "Vehicle", "<br/>".join(lines)
    return "Given to", "<br/>".join(pdf_text(offender[k]) for k in ("name", "address") if offender.get(k))


def _place(notice) -> str:
    """Where the offence happened: street address, coordinates and ward, as far as they were recorded."""
    parts = [pdf_text(notice.street_address)] if notice.street_address else []
    if notice.latitude is not None and notice.longitude is not None:
        parts.append(f"GPS {notice.latitude:.5f}, {notice.longitude:.5f}")
    return "<br/>".join(parts + [f"{pdf_text(notice.ward)} ward, London Borough of Brent"])


def _particulars(notice, observed) -> list:
    """The offence: order, prohibition, when, where, to whom, and what was seen (`observed`: its flowable, across
    the page, as it is the one long text)."""
    at = notice.occurred_at.astimezone(LONDON)
    return [Paragraph("The offence", HEADING), _rows([
        ("Order", f"{pdf_text(notice.order.title)}, made under the {pdf_text(notice.order.legal_basis)}"),
        ("Prohibition breached", pdf_text(notice.prohibition.wording)),
        ("Offence", f"{ACT}, {offence(notice.prohibition.alcohol).section}"),
        ("Date and time", f"{at:%A} {day(at.date())} at {at:%H:%M}"),
        ("Place", _place(notice)),
        _offender(notice.offender)]), observed]


def _payment(notice, issued_on: date, payment: dict) -> list:
    """The payment terms: the 14-day statement, amounts and dates, how to pay, and what happens if you do not."""
    amounts = [("Fixed penalty", f"<b>£{notice.amount:,.2f}</b>")]
    if notice.discount_amount is not None and notice.discount_until:
        amounts.append(("Lower amount", f"<b>£{notice.discount_amount:,.2f}</b> if paid on or before "
                                        f"<b>{day(notice.discount_until)}</b>"))
    amounts.append(("Last date to pay", f"<b>{day(notice.pay_by)}</b>"))
    how = [Paragraph(f"Pay <b>{pdf_text(payment['payee'])}</b>. {pdf_text(payment['quote'])}", BODY),
           *(Paragraph(f"<b>{pdf_text(m['name'])}:</b> {pdf_text(m['how'])}", BODY) for m in payment["methods"])]
    reps, breach = payment["representations"], offence(notice.prohibition.alcohol)
    return [
        Paragraph("Paying the fixed penalty", HEADING),
        Paragraph(f"This notice offers you the opportunity of discharging any liability to conviction for the offence "
                  f"by paying a fixed penalty. <b>No proceedings will be taken for this offence before the end of the "
                  f"period of {STATUTORY_PAYMENT_DAYS} days following the date of this notice</b> "
                  f"({day(issued_on)}). If you pay the fixed penalty within that period you cannot be convicted of "
                  f"the offence.", BODY),
        _columns([_rows(amounts, width=PAYMENT_WIDTH, label_width=27 * mm, boxed=True),
                  Paragraph("If you do not pay", HEADING),
                  Paragraph("If the fixed penalty is not paid by the last date to pay, the matter may be referred for "
                            "prosecution in the magistrates' court. On conviction you could be fined up to level "
                            f"{breach.level} on the standard scale (currently £{breach.max_fine:,}), and ordered to "
                            "pay costs.", BODY)], how, PAYMENT_WIDTH),
        Paragraph("Representations", HEADING),
        Paragraph(f"{pdf_text(reps['how'])} Write to: {pdf_text(reps['address'])}.", BODY)]


def _warning_terms() -> list:
    """What a warning means: nothing to pay, but a repeat may lead to a fixed penalty or prosecution."""
    return [Paragraph("What this warning means", HEADING),
            Paragraph("This is a written warning. <b>There is nothing to pay.</b> If you do this again in an area "
                      "where the order applies, you may be given a fixed penalty notice or prosecuted in the "
                      "magistrates' court.", BODY)]


def _footage(notice, payment: dict) -> list:
    """How to ask for the body-worn video or photographs of the offence, where there are any (so the person can
    challenge the notice on the evidence)."""
    if not notice.evidence or notice.state == "cancelled":
        return []
    warning = notice.outcome == "warning" or notice.state == "warning"  # no representations address printed
    address = f" Write to: {pdf_text(payment['representations']['address'])}." if warning else ""
    return [Paragraph(f"{pdf_text(payment['footage'])}{address}", BODY)]


def _issuer(notice) -> list:
    """Who issued the notice: the officer by full name and authorisation number (never their sign-in name), or,
    for a notice another service asked for, the team."""
    if notice.officer_name:
        number = f", authorisation number {pdf_text(notice.officer_number)}" if notice.officer_number else ""
        row = ("Authorised officer", f"{pdf_text(notice.officer_name)}{number}")
    else:
        row = ("Issuing team", TEAM)
    return [Paragraph("Issued by", HEADING), _rows([row])]


def _status(notice) -> list:
    """A boxed line saying what has become of the notice since it was given, when that changes what it means."""
    if notice.state == "pending_approval":
        text = ("<b>Not yet valid.</b> The person is under 18, or their date of birth is not known, so a supervisor "
                "must approve this notice before it is given. Do not hand it over.")
    elif notice.state == "cancelled":
        text = "<b>This notice has been cancelled.</b> There is nothing to pay and no further action will be taken."
    elif notice.state == "warning" and notice.outcome == "fpn":
        on = london_date(notice.reduced_at) if notice.reduced_at else None
        text = (f"<b>This fixed penalty notice was reduced to a written warning{f' on {day(on)}' if on else ''}."
                "</b> There is nothing to pay.")
    elif notice.state == "paid" and notice.paid_on:
        text = f"<b>Paid:</b> £{notice.paid_amount:,.2f} received on {day(notice.paid_on)}. Nothing more is due."
    else:
        return []
    return [_rows([("Status", text)], boxed=True)]


def _story(notice, payment: dict, observed) -> list:
    """Everything on the page, top to bottom, with `observed` (a flowable) as what the officer saw."""
    warning = notice.outcome == "warning" or notice.state == "warning"
    issued_on = london_date(notice.issued_at)
    terms = [] if notice.state == "cancelled" else _warning_terms() if warning else _payment(notice, issued_on, payment)
    return [*_header(notice, "Warning" if warning else "Fixed Penalty Notice", warning, issued_on), *_status(notice),
            *_particulars(notice, observed), *terms, *_footage(notice, payment), *_issuer(notice)]


def _height(story: list) -> float:
    """How tall the story stands in the page's frame, spacing as the frame lays it out (the space after one flowable
    and before the next overlap; none before the first)."""
    total, after, scratch = 0.0, None, Canvas(io.BytesIO(), pagesize=A4)
    for flowable in story:
        flowable.canv = scratch  # as the frame gives it one: some flowables measure their text on it
        before = 0 if after is None else max(flowable.getSpaceBefore() - after, 0)
        after = flowable.getSpaceAfter()
        total += before + flowable.wrap(FRAME_WIDTH, FRAME_HEIGHT)[1] + after
    return total - (after or 0)


def _fitted(notice, payment: dict) -> list:
    """The story, made to fit one page: what the officer saw is set smaller, in just the room left, if it would not
    fit at full size; and the page as a whole is shrunk should it still overflow (register wording far longer than
    any Brent has), as a second page could come loose from the first. A story that fits is left as it is."""
    def observed() -> Paragraph:
        return Paragraph(f"<b>What the officer saw:</b> {pdf_text(notice.observed)}", OBSERVED)

    story = _story(notice, payment, observed())
    excess = _height(story) - FRAME_HEIGHT + 2  # two points to spare, against rounding
    if excess > 0:
        natural = observed().wrap(FRAME_WIDTH, FRAME_HEIGHT)[1]
        room = max(natural - excess, natural * SMALLEST_OBSERVED)
        story = _story(notice, payment, KeepInFrame(FRAME_WIDTH, room, [observed()], mode="shrink"))
    return [KeepInFrame(FRAME_WIDTH, FRAME_HEIGHT - 1, story, mode="shrink", vAlign="TOP")]


def _watermark(canvas) -> None:
    """DEMONSTRATION — NOT A VALID NOTICE, large and light, from corner to corner (clear of the edges, so that a
    printer's margins cannot cut it), under the text."""
    width, height = A4
    canvas.saveState()
    canvas.setFillColor(DEMO_RED, alpha=0.14)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(math.degrees(math.atan2(height, width)))
    size = 0.75 * math.hypot(width, height) / stringWidth(DEMONSTRATION, "Helvetica-Bold", 1)
    canvas.setFont("Helvetica-Bold", size)
    canvas.drawCentredString(0, -size * 0.35, DEMONSTRATION)
    canvas.restoreState()


def _on_page(demonstration: bool):
    """What is drawn on the page itself: the watermark (under the text) on a demonstration notice, and the notice
    number at the foot, so that a loose page can be matched to its notice."""
    def draw(canvas, document) -> None:
        if demonstration:
            _watermark(canvas)
        canvas.setFont("Helvetica", 8)
        canvas.drawRightString(A4[0] - MARGIN, 8 * mm, f"{document.title} · page {canvas.getPageNumber()}")
    return draw


def render(notice, payment: dict) -> bytes:
    """The notice as a one-page A4 PDF: a fixed penalty notice with its payment terms (`payment`, from
    payment_terms), or a warning without them.

    A notice reduced to a warning prints as a warning; a cancelled, paid or not yet approved one says so at the top.
    """
    warning = notice.outcome == "warning" or notice.state == "warning"
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=TOP_MARGIN,
                                 bottomMargin=BOTTOM_MARGIN,
                                 title=f"{'Warning' if warning else 'Fixed Penalty Notice'} {display(notice.number)}",
                                 author="London Borough of Brent")
    on_page = _on_page(bool(notice.demonstration))
    document.build(_fitted(notice, payment), onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()
