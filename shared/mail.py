"""Sending e-mail: over SMTP (the standard library's smtplib) when SBO_SMTP_URL is set, otherwise written as .eml
files to var/mail, so that `make run` on a fresh machine shows what would have been sent.

    SBO_SMTP_URL=smtp://user:password@smtp.example.org:587?starttls=1   (STARTTLS on the submission port)
    SBO_SMTP_URL=smtps://user:password@smtp.example.org:465             (TLS from the start)
    SBO_SMTP_URL=smtp://127.0.0.1:8025                                  (a local relay, no sign-in)

A message keeps the Message-ID it was given, so a message sent twice (a worker that died just after the server
took it) is recognised as one by mail clients.
"""
import smtplib
import ssl
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from shared.settings import VAR_DIR

TIMEOUT = 20  # seconds for the server to answer; shorter than a task's time limit


def message(*, sender: str, to: str, subject: str, body: str, message_id: str,
            attachments: list[tuple[str, bytes]] = ()) -> EmailMessage:
    """A plain-text message with the given Message-ID (e.g. '<case-qualified.NC-000123@safer-brent.example>'), and
    any PDF attachments as (file name, content)."""
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"], mail["Message-ID"] = sender, to, subject, message_id
    mail.set_content(body)
    for name, content in attachments:
        mail.add_attachment(content, maintype="application", subtype="pdf", filename=name)
    return mail


def send(mail: EmailMessage, smtp_url: str | None) -> None:
    """Hand `mail` to the SMTP server in `smtp_url`, or write it to var/mail when there is none. Raises OSError or
    smtplib.SMTPException if the server cannot be reached or refuses it."""
    if not smtp_url:
        folder = Path(VAR_DIR) / "mail"
        folder.mkdir(parents=True, exist_ok=True)
        name = "".join(c if c.isalnum() or c in ".-" else "_" for c in mail["Message-ID"].strip("<>"))
        (folder / f"{name}.eml").write_bytes(bytes(mail))
        return
    url = urlsplit(smtp_url)
    options = {key: values[-1] for key, values in parse_qs(url.query).items()}
    if url.scheme == "smtps":
        client = smtplib.SMTP_SSL(url.hostname, url.port or 465, timeout=TIMEOUT,
                                  context=ssl.create_default_context())
    elif url.scheme == "smtp":
        client = smtplib.SMTP(url.hostname, url.port or 25, timeout=TIMEOUT)
    else:
        raise ValueError(f"SBO_SMTP_URL must start smtp:// or smtps://, not {url.scheme}://")
    with client:
        if options.get("starttls") in ("1", "true", "yes"):
            client.starttls(context=ssl.create_default_context())
        if url.username:
            client.login(unquote(url.username), unquote(url.password or ""))
        client.send_message(mail)
