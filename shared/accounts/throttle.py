"""Sign-in throttling: after too many failed attempts for one username, or from one address, sign-in is refused
(429, with when to try again) until the window has passed, even with the right password. Counters live in Redis
where there is one (shared by every process), otherwise in the process (the embedded defaults)."""
import logging
import math
import time

from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from shared.errors import Problem

log = logging.getLogger(__name__)
PER_USERNAME = parse("10 per 15 minutes")
PER_ADDRESS = parse("50 per 15 minutes")


class SignInThrottle:
    """Counts failed sign-ins per username and per client address."""

    def __init__(self, storage_uri: str):
        self.limiter = MovingWindowRateLimiter(storage_from_string(storage_uri))

    def _keys(self, username: str, address: str):
        return ((PER_USERNAME, "sign-in-user", username.strip().lower()), (PER_ADDRESS, "sign-in-address", address))

    def check(self, username: str, address: str) -> None:
        """Refuse (429) while either counter is spent. If the counters cannot be read (Redis is down), officers can
        still sign in: the pause is lifted until Redis is back, and the log says so."""
        for limit, *ids in self._keys(username, address):
            try:
                spent = not self.limiter.test(limit, *ids)
            except Exception as exc:  # the storage is unreachable
                log.warning("sign-in throttle unavailable: not counting", extra={"error_type": type(exc).__name__})
                return
            if spent:
                reset_at, _remaining = self.limiter.get_window_stats(limit, *ids)
                wait = max(1, math.ceil(reset_at - time.time()))
                raise Problem("Too many attempts", f"Sign-in is paused after too many wrong passwords. Try again in "
                              f"{math.ceil(wait / 60)} minutes, or ask an admin to reset your password.",
                              kind="too-many-attempts", status=429, retry_after=wait)

    def failed(self, username: str, address: str) -> None:
        """Count one failed attempt against the username and the address."""
        try:
            for limit, *ids in self._keys(username, address):
                self.limiter.hit(limit, *ids)
        except Exception as exc:  # the storage is unreachable; check() has logged it
            log.warning("sign-in throttle unavailable: not counting", extra={"error_type": type(exc).__name__})
