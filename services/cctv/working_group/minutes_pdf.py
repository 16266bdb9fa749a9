"""The minutes of a Working Group meeting as a PDF document: who attended, each item with its decision and reason,
the work orders raised, and the minutes as agreed."""
import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from shared.pdf_text import pdf_text
from services.cctv.working_group import group_rules
from services.cctv.working_group.models import Meeting

BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13, spaceAfter=4)
CELL = ParagraphStyle("cell", BODY, fontSize=9, leading=11.5, spaceAfter=0)
HEADING = ParagraphStyle("heading", BODY, fontName="Helvetica-Bold", fontSize=13, leading=16, spaceBefore=8)
TITLE = ParagraphStyle("title", BODY, fontName="Helvetica-Bold", fontSize=18, leading=22)



def minutes_pdf(meeting: Meeting, orders: list) -> bytes:
    """The minutes as an A4 PDF document."""
    out = io.BytesIO()
    document = SimpleDocTemplate(out, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                                 bottomMargin=16 * mm, title=f"CCTV Working Group, {meeting.held_on:%-d %B %Y}",
                                 author="London Borough of Brent")
    story = [Paragraph("CCTV Working Group", TITLE),
             Paragraph(f"Minutes of the meeting on {meeting.held_on:%-d %B %Y}"
                       f"{'' if meeting.status == 'closed' else ' (draft: not yet agreed)'}", BODY),
             Paragraph("Attendees", HEADING),
             Paragraph(pdf_text(", ".join(meeting.attendees)) or "Not recorded", BODY),
             Paragraph("Decisions", HEADING)]
    rows = [[Paragraph("<b>Item</b>", CELL), Paragraph("<b>Decision</b>", CELL), Paragraph("<b>Reason</b>", CELL)]]
    for item in meeting.items:
        decision = group_rules.DECISIONS.get(item.decision, "Not decided")
        if item.decision == "approve" and item.chargeable:
            decision += " (chargeable extra move)"
        rows.append([Paragraph(f"{item.position}. {pdf_text(item.title)}", CELL), Paragraph(pdf_text(decision), CELL),
                     Paragraph(pdf_text(item.reason), CELL)])
    table = Table(rows, colWidths=[95 * mm, 30 * mm, None], repeatRows=1)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.4,
                                                                        colors.HexColor("#B1B4B6"))]))
    story += [table, Paragraph("Work orders raised", HEADING)]
    story += [Paragraph(pdf_text(f"{o.reference}: {o.camera.asset_id} to {o.to_site.name} in "
                              f"{group_rules.month_label(o.month)}{', chargeable' if o.chargeable else ''}"
                              f"{', before its minimum stay: ' + o.early_reason if o.early_reason else ''}"), BODY)
              for o in orders] or [Paragraph("None.", BODY)]
    story += [Paragraph("Minutes", HEADING), Paragraph(pdf_text(meeting.minutes) or "Not yet written.", BODY),
              Spacer(1, 6 * mm)]
    document.build(story)
    return out.getvalue()
