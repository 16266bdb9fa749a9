"""Notice numbers: short enough to read over a phone, with a Damm check digit that catches typing slips."""
import re
import secrets

from stdnum import damm

from shared.errors import Problem

PREFIX = "FPN"


def new_number() -> str:
    """A fresh random notice number such as 'FPN48213907-5', stored without separators as 'FPN482139075'."""
    body = f"{secrets.randbelow(10**8):08d}"
    return PREFIX + body + damm.calc_check_digit(body)


def display(number: str) -> str:
    """Group a stored number for reading aloud: 'FPN 4821 3907 5'."""
    digits = number[len(PREFIX):]
    return f"{PREFIX} {digits[:4]} {digits[4:8]} {digits[8:]}"


def parse(text: str) -> str:
    """Normalise what a person typed to the stored form, refusing it if the check digit does not match."""
    cleaned = re.sub(r"[\s\-]", "", text or "").upper()
    if cleaned.startswith(PREFIX):
        cleaned = cleaned[len(PREFIX):]
    if not re.fullmatch(r"\d{9}", cleaned):
        raise Problem("Not a notice number", f"'{text}' is not a notice number: it should look like "
                      "FPN 4821 3907 5 (nine digits).", kind="bad-notice-number", status=400)
    if not damm.is_valid(cleaned):
        raise Problem("Notice number mistyped", f"'{text}' fails its check digit, so a digit is probably mistyped "
                      "or two are swapped. Read the number from the notice again.", kind="bad-notice-number",
                      status=400)
    return PREFIX + cleaned
