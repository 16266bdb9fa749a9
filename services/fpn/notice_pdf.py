"""The printable fixed penalty notice (or warning): one A4 page of particulars and payment terms (ASBCPA s.68)."""
import io
import json
from datetime import date
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import HRFlowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from shared.brent import LONDON, day, london_date
from shared.pdf_text import pdf_text
from services.fpn.notice_numbers import display
from services.fpn.penalty_rules import STATUTORY_PAYMENT_DAYS, offence

PAYMENT_FILE = Path(__file__).parent / "reference" / "payment.json"
ACT = "Anti-social Behaviour, Crime and Policing Act 2014"
STATUTE = f"{ACT}, section 68"
BRENT_BLUE = colors.HexColor("#00437A")

BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=9.5, leading=12, spaceAfter=4)
LABEL = ParagraphStyle("label", BODY, fontName="Helvetica-Bold", spaceAfter=0)
CELL = ParagraphStyle("cell", BODY, spaceAfter=0)
HEADING = ParagraphStyle("heading", LABEL, fontSize=11.5, leading=14, spaceBefore=6, spaceAfter=3, textColor=BRENT_BLUE)
TITLE = ParagraphStyle("title", BODY, fontName="Helvetica-Bold", fontSize=22, leading=26, spaceAfter=2)
NUMBER = ParagraphStyle("number", BODY, fontName="Helvetica-Bold", fontSize=14, leading=18, spaceAfter=2)


def payment_terms(path: Path = PAYMENT_FILE) -> dict:
    """How and where to pay, and where to send representations, as kept in reference/payment.json."""
    return json.loads(path.read_text())


def _rows(rows: list[tuple[str, str]], boxed: bool = False) -> Table:
    """A two-column table of bold labels and (already escaped) values; boxed and shaded to stand out."""
    pad, everywhere = (6 if boxed else 0), ((0, 0), (-1, -1))
    table = Table([[Paragraph(label, LABEL), Paragraph(value, CELL)] for label, value in rows],
                  colWidths=[42 * mm + pad, None], hAlign="LEFT", spaceAfter=1.5 * pad)
    box = [("BOX", *everywhere, 1, BRENT_BLUE), ("BACKGROUND", *everywhere, colors.HexColor("#EAF1F8"))]
    table.setStyle(TableStyle([("VALIGN", *everywhere, "TOP"), ("LEFTPADDING", *everywhere, pad),
                               ("TOPPADDING", *everywhere, 1), ("BOTTOMPADDING", *everywhere, 3),
                               ("TOPPADDING", (0, 0), (-1, 0), 1 + pad), ("BOTTOMPADDING", (0, -1), (-1, -1), 3 + pad),
                               *(box if boxed else [])]))
    return table


def _offender(offender: dict) -> tuple[str, str]:
    """The 'Given to' row: a person's name and address, or a vehicle's registration mark and keeper."""
    if offender.get("registration_mark"):
        lines = [f"Vehicle registration mark <b>{pdf_text(offender['registration_mark'].upper())}</b>"]
        lines += [pdf_text(offender[k]) for k in ("keeper_name", "keeper_address", "name", "address") if offender.get(k)]
        return "Vehicle", "<br/>".join(lines)
    return "Given to", "<br/>".join(pdf_text(offender[k]) for k in ("name", "address") if offender.get(k))


def _place(notice) -> str:
    """Where the offence happened: street address, coordinates and ward, as far as they were recorded."""
    parts = [pdf_text(notice.street_address)] if notice.street_address else []
    if notice.latitude is not None and notice.longitude is not None:
        parts.append(f"GPS {notice.latitude:.5f}, {notice.longitude:.5f}")
    return "<br/>".join(parts + [f"{pdf_text(notice.ward)} ward, London Borough of Brent"])


def _particulars(notice) -> list:
    """The offence: order, prohibition, when, where, what was seen, and to whom the notice was given."""
    at = notice.occurred_at.astimezone(LONDON)
    return [Paragraph("The offence", HEADING), _rows([
        ("Order", f"{pdf_text(notice.order.title)}<br/>made under the {pdf_text(notice.order.legal_basis)}"),
        ("Prohibition breached", pdf_text(notice.prohibition.wording)),
        ("Offence", f"{ACT}, {offence(notice.prohibition.alcohol).section}"),
        ("Notice type", pdf_text(notice.prohibition.report_label)),
        ("Date and time", f"{at:%A} {day(at.date())} at {at:%H:%M}"),
        ("Place", _place(notice)),
        ("What the officer saw", pdf_text(notice.observed)),
        _offender(notice.offender)])]


def _payment(notice, issued_on: date, payment: dict) -> list:
    """The payment terms: the 14-day statement, amounts and dates, how to pay, and what happens if you do not."""
    amounts = [("Fixed penalty", f"<b>£{notice.amount:,.2f}</b>")]
    if notice.discount_amount is not None and notice.discount_until:
        amounts.append(("Lower amount", f"<b>£{notice.discount_amount:,.2f}</b> if paid on or before "
                                        f"<b>{day(notice.discount_until)}</b>"))
    amounts.append(("Last date to pay", f"<b>{day(notice.pay_by)}</b>"))
    reps, breach = payment["representations"], offence(notice.prohibition.alcohol)
    return [
        Paragraph("Paying the fixed penalty", HEADING),
        Paragraph(f"This notice offers you the opportunity of discharging any liability to conviction for the offence "
                  f"by paying a fixed penalty. <b>No proceedings will be taken for this offence before the end of the "
                  f"period of {STATUTORY_PAYMENT_DAYS} days following the date of this notice</b> "
                  f"({day(issued_on)}). If you pay the fixed penalty within that period you cannot be convicted of "
                  f"the offence.", BODY),
        _rows(amounts, boxed=True),
        Paragraph(f"Pay <b>{pdf_text(payment['payee'])}</b>. {pdf_text(payment['quote'])}", BODY),
        _rows([(m["name"], pdf_text(m["how"])) for m in payment["methods"]]),
        Paragraph("If you do not pay", HEADING),
        Paragraph("If the fixed penalty is not paid by the last date to pay, the matter may be referred for "
                  "prosecution in the magistrates' court. On conviction you could be fined up to level "
                  f"{breach.level} on the standard scale (currently £{breach.max_fine:,}), and ordered to pay costs.",
                  BODY),
        Paragraph("Representations", HEADING),
        Paragraph(pdf_text(reps["how"]), BODY),
        Paragraph(f"Write to: {pdf_text(reps['address'])}", BODY)]


def _warning_terms() -> list:
    """What a warning means: nothing to pay, but a repeat may lead to a fixed penalty or prosecution."""
    return [Paragraph("What this warning means", HEADING),
            Paragraph("This is a written warning. <b>There is nothing to pay.</b> If you do this again in an area "
                      "where the order applies, you may be given a fixed penalty notice or prosecuted in the "
                      "magistrates' court.", BODY)]


def _footer(canvas, document) -> None:
    """The notice number and page at the foot of every page, so that a loose page can be matched to its notice."""
    canvas.setFont("Helvetica", 8)
    canvas.drawRightString(A4[0] - 18 * mm, 9 * mm, f"{document.title} · page {canvas.getPageNumber()}")


def _status(notice) -> list:
    """A boxed line saying what has become of the notice since it was given, when that changes what it means."""
    if notice.state == "pending_approval":
        text = ("<b>Not yet valid.</b> The person is under 18, so a supervisor must approve this notice before it is "
                "given. Do not hand it over.")
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


def render(notice, payment: dict) -> bytes:
    """The notice as an A4 PDF: a fixed penalty notice with its payment terms, or a warning without them.

    A notice reduced to a warning prints as a warning; a cancelled, paid or not yet approved one says so at the top.
    """
    warning = notice.outcome == "warning" or notice.state == "warning"
    title = "Warning" if warning else "Fixed Penalty Notice"
    issued_on = london_date(notice.issued_at)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=12 * mm,
                                 bottomMargin=15 * mm, title=f"{title} {display(notice.number)}",
                                 author="London Borough of Brent")
    story = [
        Paragraph("London Borough of Brent · Community Safety Enforcement", LABEL),
        Paragraph(title, TITLE),
        Paragraph(f"Notice number {display(notice.number)}", NUMBER),
        Paragraph("A written warning: no fixed penalty is payable" if warning else f"Given under the {STATUTE}", BODY),
        HRFlowable(width="100%", thickness=1.5, color=BRENT_BLUE, spaceBefore=2, spaceAfter=2),
        *_status(notice),
        *_particulars(notice),
        *([] if notice.state == "cancelled" else _warning_terms() if warning else _payment(notice, issued_on, payment)),
        Paragraph("Issued by", HEADING),
        _rows([("Authorised officer", pdf_text(notice.issued_by)), ("Date of this notice", day(issued_on))])]
    document.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return buffer.getvalue()
