"""The letter to a vehicle's registered keeper, as a PDF: a warning, or a request to name the driver within 28
days. It says what was seen, where and when, under which order, and how to reply."""
import io
from datetime import date

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from shared.brent import LONDON, day, london_date
from shared.pdf_text import pdf_text
from services.cctv.anpr import anpr_rules
from services.cctv.anpr.models import VehicleBreach

BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=10.5, leading=14, spaceAfter=6)
TITLE = ParagraphStyle("title", BODY, fontName="Helvetica-Bold", fontSize=15, leading=19, spaceBefore=6)
ADDRESS = ParagraphStyle("address", BODY, spaceAfter=0)
REPLY_TO = "CCTV Control Room, Brent Civic Centre, 32 Engineers Way, Wembley HA9 0FJ"
PHONE = "020 8937 1234"
EMAIL = "cctv.control.room@brent.example"  # a placeholder until the council gives the control room's address
PENALTY = "£100"



def letter_pdf(breach: VehicleBreach, sent_on: date) -> bytes:
    """The keeper's letter for a breach, dated `sent_on`."""
    out = io.BytesIO()
    document = SimpleDocTemplate(out, pagesize=A4, leftMargin=22 * mm, rightMargin=22 * mm, topMargin=20 * mm,
                                 bottomMargin=20 * mm, title=f"Nuisance Vehicles PSPO {breach.reference}",
                                 author="London Borough of Brent")
    first, last = breach.first_read_at.astimezone(LONDON), breach.last_read_at.astimezone(LONDON)
    when = (f"on {day(london_date(breach.first_read_at))} between {first:%H:%M} and {last:%H:%M}"
            if breach.reads > 1 else f"on {day(london_date(breach.first_read_at))} at {first:%H:%M}")
    times = "once" if breach.reads == 1 else f"{breach.reads} times"
    address = [Paragraph(pdf_text(line.strip()), ADDRESS) for line in (breach.keeper_address or "").split(",")]
    activity = breach.zone.prohibition_code.replace("-", " ")
    story = [Paragraph(pdf_text(breach.keeper_name), ADDRESS), *address, Spacer(1, 8 * mm),
             Paragraph(day(sent_on), BODY), Paragraph(f"Our reference: {breach.reference}", BODY),
             Paragraph(f"Vehicle: {pdf_text(breach.registration_mark)}", BODY),
             Paragraph(f"Dear {pdf_text(breach.keeper_name)}", BODY)]
    seen = (f"Our automatic number plate recognition cameras recorded your vehicle {times} {when} at "
            f"{pdf_text(breach.zone.site.name)}, during {pdf_text(activity)}, which the Nuisance Vehicles Public Spaces "
            "Protection Order prohibits there. The order was made by Brent Council under the Anti-social Behaviour, "
            "Crime and Policing Act 2014.")
    source = ("We have your name and address from the DVLA, as the vehicle's registered keeper on that date, and "
              "use them only for this matter.")
    evidence = (f"You may ask to see the camera record and clip: quote {breach.reference}. If you think we are "
                "wrong, tell us why.")
    if breach.letter_kind == "warning":
        story += [Paragraph("Warning: Nuisance Vehicles Public Spaces Protection Order", TITLE), Paragraph(seen, BODY),
                  Paragraph("This letter is a warning. No further action will be taken on this occasion. If the "
                            f"vehicle is seen breaching the order again, the driver may be given a {PENALTY} fixed "
                            "penalty notice, or prosecuted.", BODY),
                  Paragraph(evidence, BODY), Paragraph(source, BODY)]
    else:
        due = anpr_rules.reply_due(sent_on)
        story += [Paragraph("Request to name the driver: Nuisance Vehicles Public Spaces Protection Order", TITLE),
                  Paragraph(seen, BODY),
                  Paragraph(f"Please tell us by {day(due)} who was driving: their full name, address and date of "
                            f"birth. If you were driving, say so. The driver may be given a {PENALTY} fixed penalty "
                            "notice. If you do not reply, we may take further action under the order.", BODY),
                  Paragraph(evidence, BODY), Paragraph(source, BODY)]
    story += [Paragraph(f"Reply quoting {breach.reference} to {REPLY_TO}, by e-mail to {EMAIL}, or by phone on "
                        f"{PHONE}.", BODY),
              Spacer(1, 8 * mm), Paragraph("Yours sincerely", BODY),
              Paragraph("CCTV Control Room, London Borough of Brent", BODY)]
    document.build(story)
    return out.getvalue()
