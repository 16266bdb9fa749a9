"""Retried requests do nothing twice: the caller sends an Idempotency-Key with each new thing it creates, and the
same key with every retry of it; a key sent again with a different body is a mistake and is refused (409)."""
import hashlib
import json

from flask import request

from shared.errors import Problem

# How the header is documented on every route that needs it.
HEADER_DOC = {"in": "header", "name": "Idempotency-Key", "required": True, "schema": {"type": "string"},
              "description": "A new random key (e.g. a UUID) per thing created; resend it unchanged when retrying."}


def idempotency_key() -> str:
    """The request's Idempotency-Key header, or a 400 saying how to send one."""
    key = request.headers.get("Idempotency-Key", "").strip()
    if not 8 <= len(key) <= 100:
        raise Problem("Idempotency-Key needed", "Send an Idempotency-Key header (8 to 100 characters, e.g. a UUID), "
                      "the same one on every retry of this request.", kind="idempotency-key-missing", status=400)
    return key


_CANONICAL = json.JSONEncoder(sort_keys=True, default=str)  # json.dumps(..., sort_keys=True, default=str), made once


def request_hash(body: dict) -> str:
    """A fingerprint of a request body, to tell a true retry from a different request under the same key (and an
    imported row from a changed one under the same report id)."""
    return hashlib.sha256(_CANONICAL.encode(body).encode()).hexdigest()
