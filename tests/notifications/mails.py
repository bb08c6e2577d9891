"""Real messages, as mail programs write them, for the inbound tests."""

from email.message import EmailMessage


def reply(
    *,
    sender: str,
    to: str,
    body: str,
    subject: str = "Re: [KS Hub] A comment",
    message_id: str = "<reply-1@mail.example.org>",
    headers: dict | None = None,
) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = message_id
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    return bytes(message)


WEBMAIL_BODY = """Thanks, I will bring the figures to the session on Tuesday.

Best,
Ana
--
Ana Pérez
Ministry of Planning

On Mon, 7 Dec 2026 at 10:02, KS Hub <noreply@kshub.example> wrote:
> Bruno commented on “HLM2”:
>
> Who has the figures of the pilot?
"""

OUTLOOK_SPANISH_BODY = """Gracias, llevaré las cifras.

El lun, 7 dic 2026 a las 10:02, KS Hub (<noreply@kshub.example>) escribió:
> Bruno comentó en “HLM2”
"""
