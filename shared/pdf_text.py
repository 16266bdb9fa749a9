"""Text for reportlab's paragraph markup: what a person typed, made safe to print."""
from xml.sax.saxutils import escape


def pdf_text(value) -> str:
    """User-supplied text escaped for reportlab's markup, with its line breaks kept."""
    return escape("" if value is None else str(value)).replace("\n", "<br/>")
