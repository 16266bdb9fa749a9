"""A letter to a reporter as a PDF (reportlab): the council's heading, the reporter's name and address (their own
letter only), the date, the case's reference, and the message's paragraphs. Closing letters go to every reporter,
attached to the e-mail or printed and posted; other messages become letters for reporters with no e-mail address.
"""
import io
from datetime import date

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from shared.brent import day
from shared.pdf_text import pdf_text
from services.noise.reporter_messages import Message

BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=11, leading=15, spaceAfter=8)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=9.5, leading=12, spaceAfter=2)
HEADING = ParagraphStyle("heading", parent=BODY, fontName="Helvetica-Bold", fontSize=13, leading=17, spaceAfter=10)
SENDER = ("Brent Council", "Nuisance Control Team", "Brent Civic Centre", "32 Engineers Way", "Wembley HA9 0FJ")


def letter_pdf(message: Message, *, reference: str, to_name: str | None, to_address: str | None,
               dated: date) -> bytes:
    """The message as a printed letter, addressed to the reporter."""
    out = io.BytesIO()
    document = SimpleDocTemplate(out, pagesize=A4, leftMargin=22 * mm, rightMargin=22 * mm, topMargin=18 * mm,
                                 bottomMargin=18 * mm, title=message.subject, author="Brent Council",
                                 subject=f"Noise case {reference}")
    story = [Paragraph("<br/>".join(SENDER), SMALL), Spacer(0, 8 * mm)]
    recipient = [to_name or "The resident", *[line.strip() for line in (to_address or "").split(",") if line.strip()]]
    story += [Paragraph("<br/>".join(pdf_text(line) for line in recipient), BODY), Spacer(0, 4 * mm),
              Paragraph(f"{day(dated)}<br/>Our reference: {pdf_text(reference)}", SMALL), Spacer(0, 6 * mm),
              Paragraph(pdf_text(message.subject), HEADING)]
    story += [Paragraph(pdf_text(paragraph), BODY) for paragraph in message.paragraphs]
    document.build(story)
    return out.getvalue()
