"""What text this system accepts anywhere: no control characters (PostgreSQL cannot store NUL, and no person types
the others), and JSON nested no deeper than anyone needs."""
import re

# C0 controls and DEL, except tab, line feed and carriage return.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_DEPTH = 20


class TooDeep(ValueError):
    """A JSON value nested more than MAX_DEPTH levels deep."""


def control_character_fields(value, path: str = "", depth: int = 0) -> list[str]:
    """The path of every string (key or value) in `value` holding a control character, in order; TooDeep if it is
    nested more than MAX_DEPTH levels."""
    if depth > MAX_DEPTH:
        raise TooDeep(path)
    if isinstance(value, str):
        return [path] if CONTROL.search(value) else []
    found = []
    if isinstance(value, dict):
        for key, sub in value.items():
            where = f"{path}.{key}" if path else str(key)
            if CONTROL.search(str(key)):
                found.append(where)
            found += control_character_fields(sub, where, depth + 1)
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            found += control_character_fields(sub, f"{path}.{i}" if path else str(i), depth + 1)
    return found
