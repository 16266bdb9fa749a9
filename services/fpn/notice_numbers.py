"""Notice numbers: short enough to read over a phone, with a Damm check digit that catches typing slips.

A number is a letter prefix that says what the notice is (FPN for a fixed penalty notice, WN for a warning), an
eight-digit serial and its check digit: 'FPN 1000 0042 3'. Serials come from one counter, whatever the prefix, so
the digits alone name one notice; blocks of them are given to officers' devices in advance (services.fpn.numbering).
"""
import re

from stdnum import damm

from shared.errors import Problem

PREFIXES = {"fpn": "FPN", "warning": "WN"}  # by the outcome the notice was issued as
FIRST_SERIAL = 10_000_000  # eight digits, none of them leading zeros that a reader might drop
LAST_SERIAL = 99_999_999


def number(serial: int, outcome: str) -> str:
    """The stored number for a serial, for a notice issued as `outcome` ('FPN100000423')."""
    body = f"{serial:08d}"
    return PREFIXES[outcome] + body + damm.calc_check_digit(body)


def serial(stored: str) -> int:
    """The serial inside a stored number."""
    return int(stored.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")[:8])


def display(stored: str) -> str:
    """Group a stored number for reading aloud: 'FPN 1000 0042 3'."""
    digits = stored.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return f"{stored[:len(stored) - len(digits)]} {digits[:4]} {digits[4:8]} {digits[8:]}"


def parse(text: str) -> list[str]:
    """The stored numbers that what a person typed can name, refusing it if it is not a number or its check digit
    does not match: the one it names, or, typed without its letters, the FPN and the warning with those digits
    (only one of them can exist)."""
    cleaned = re.sub(r"[\s\-]", "", text or "").upper()
    letters = re.match(r"[A-Z]*", cleaned).group()
    digits = cleaned[len(letters):]
    if (letters and letters not in PREFIXES.values()) or not re.fullmatch(r"\d{9}", digits):
        raise Problem("Not a notice number", f"'{text}' is not a notice number: it should look like "
                      "FPN 1000 0042 3 or WN 1000 0042 3 (letters, then nine digits).", kind="bad-notice-number",
                      status=400)
    if not damm.is_valid(digits):
        raise Problem("Notice number mistyped", f"'{text}' fails its check digit, so a digit is probably mistyped "
                      "or two are swapped. Read the number from the notice again.", kind="bad-notice-number",
                      status=400)
    return [letters + digits] if letters else [prefix + digits for prefix in PREFIXES.values()]
