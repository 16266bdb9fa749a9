"""The one settings loader: every setting comes from the environment, with safe local defaults."""
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SBO_VAR_DIR", PROJECT_ROOT / "var"))


def _local_secret() -> str:
    """Return a per-checkout signing secret, created on first use, for machines with no SBO_SECRET_KEY."""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


@dataclass(frozen=True)
class Settings:
    """Everything a service, worker or scheduler needs to know about its surroundings."""

    database_url: str
    broker_url: str
    secret_key: str
    environment: str = "development"
    token_ttl_minutes: float = 15  # access tokens; the form renews them with its refresh token
    notice_max_age_days: int = 183
    fpn_review_share: float = 0.1  # of each officer's notices in a month, drawn for a supervisor's review
    log_level: str = "INFO"
    rate_limit_storage: str = "memory://"  # where sign-in attempts are counted: Redis when there is one
    audit_key: str | None = None  # seals the audit logs; derived from secret_key when not set
    audit_checkpoints: Path = VAR_DIR / "audit-checkpoints"  # where the audit chains' heads are written
    database_retry_seconds: float = 30  # a worker tries an event again this long after the database was away
    relay_interval_seconds: float = 0.5  # how often the scheduler hands waiting events to the broker
    smtp_url: str | None = None  # smtp://user:password@host:587?starttls=1; unset: e-mails are written to var/mail
    mail_from: str = "Safer Brent Operations <no-reply@safer-brent.example>"
    noise_team_email: str = "nuisance.control@safer-brent.example"  # where qualifying cases are announced
    noise_qualifying_occasions: int = 3  # the threshold: 3 or 4 separate nuisance-level occasions within 28 days
    noise_occasion_gap_hours: float = 3  # reports this close together are one occasion
    noise_evidence_review_days: float = 5  # a recording not assessed within this alerts the case's officer
    noise_evidence_escalation_days: float = 3  # and this much later still unassessed, the team leader
    noise_team_leader_email: str = "nuisance.team.leader@safer-brent.example"
    noise_public_url: str = "http://127.0.0.1:5003"  # where reporters' private links point (noise's address)
    # The CCTV Working Group's rules for camera moves, and how a site's need is scored (the group sees them all).
    cctv_included_moves: int = 2  # moves a month the contract includes
    cctv_extra_moves: int = 0  # chargeable moves a month a plan may propose beyond those
    cctv_extra_move_cost_pounds: float = 1500  # what the contractor charges for one
    cctv_extra_move_penalty: float = 25  # the need an extra move must add for a plan to propose it
    cctv_min_stay_months: int = 6
    cctv_plan_months: int = 12
    cctv_plan_seconds: float = 20  # the optimiser's time limit
    cctv_rota_seconds: float = 30  # the rota solver's time limit, unless the manager gives one
    cctv_need_weights: dict = field(default_factory=lambda: _weights(None))  # per kind of evidence
    cctv_need_half_life_days: float = 90
    cctv_need_radius_metres: float = 300
    cctv_map_tiles: str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"  # the map's tile server
    dvla_url: str = "http://127.0.0.1:5010"  # the keeper-at-date service (make run starts a fake one there)
    dvla_api_key: str = "fake-dvla-key"
    anpr_min_confidence: float = 0.9  # reads below this wait for a person to review them
    # How a person given a notice pays it, printed on every notice: real values must be set in production; outside
    # it, clearly marked examples stand in (020 7946 0xxx is a range Ofcom keeps for fiction).
    fpn_payment_url: str = "https://pay.example.invalid/brent-fixed-penalty (EXAMPLE: set SBO_FPN_PAYMENT_URL)"
    fpn_payment_phone: str = "020 7946 0000 (EXAMPLE: set SBO_FPN_PAYMENT_PHONE)"
    fpn_payment_address: str = ("Community Safety Enforcement, Brent Civic Centre, 32 Engineers Way, Wembley HA9 0FJ "
                                "(EXAMPLE: set SBO_FPN_PAYMENT_ADDRESS)")
    extra: dict = field(default_factory=dict)

    @property
    def demonstration(self) -> bool:
        """True outside production, where demo accounts and data exist: notices then say they are not valid."""
        return self.environment != "production"

    @property
    def uses_embedded_defaults(self) -> bool:
        """True when no database server is configured and SQLite stands in."""
        return self.database_url.startswith("sqlite")


def load_settings(env: dict | None = None) -> Settings:
    """Read settings from environment variables (DATABASE_URL, REDIS_URL and SBO_*)."""
    env = os.environ if env is None else env
    database_url = env.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'sbo.sqlite'}"
    if database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgresql://"):]
    broker_url = env.get("REDIS_URL") or "embedded://localhost/"  # shared/embedded_broker.py; the host only silences a warning
    return Settings(
        database_url=database_url,
        broker_url=broker_url,
        secret_key=env.get("SBO_SECRET_KEY") or _local_secret(),
        environment=env.get("SBO_ENV", "development"),
        token_ttl_minutes=float(env.get("SBO_TOKEN_TTL_MINUTES", 15)),
        notice_max_age_days=int(env.get("SBO_NOTICE_MAX_AGE_DAYS", 183)),
        fpn_review_share=_share(env, "SBO_FPN_REVIEW_SHARE", 0.1),
        log_level=env.get("SBO_LOG_LEVEL", "INFO"),
        rate_limit_storage=env.get("REDIS_URL") or "memory://",
        audit_key=env.get("SBO_AUDIT_KEY") or None,
        audit_checkpoints=Path(env.get("SBO_AUDIT_CHECKPOINTS") or VAR_DIR / "audit-checkpoints"),
        database_retry_seconds=float(env.get("SBO_DATABASE_RETRY_SECONDS", 30)),
        relay_interval_seconds=float(env.get("SBO_RELAY_INTERVAL_SECONDS", 0.5)),
        smtp_url=env.get("SBO_SMTP_URL") or None,
        mail_from=env.get("SBO_MAIL_FROM") or Settings.mail_from,
        noise_team_email=env.get("SBO_NOISE_TEAM_EMAIL") or Settings.noise_team_email,
        noise_qualifying_occasions=_one_of(env, "SBO_NOISE_QUALIFYING_OCCASIONS", 3, (3, 4)),
        noise_occasion_gap_hours=float(env.get("SBO_NOISE_OCCASION_GAP_HOURS", 3)),
        noise_evidence_review_days=float(env.get("SBO_NOISE_EVIDENCE_REVIEW_DAYS", 5)),
        noise_evidence_escalation_days=float(env.get("SBO_NOISE_EVIDENCE_ESCALATION_DAYS", 3)),
        noise_team_leader_email=env.get("SBO_NOISE_TEAM_LEADER_EMAIL") or Settings.noise_team_leader_email,
        noise_public_url=_public_url(env),
        cctv_included_moves=int(env.get("SBO_CCTV_INCLUDED_MOVES", 2)),
        cctv_extra_moves=int(env.get("SBO_CCTV_EXTRA_MOVES", 0)),
        cctv_extra_move_cost_pounds=float(env.get("SBO_CCTV_EXTRA_MOVE_COST_POUNDS", 1500)),
        cctv_extra_move_penalty=float(env.get("SBO_CCTV_EXTRA_MOVE_PENALTY", 25)),
        cctv_min_stay_months=int(env.get("SBO_CCTV_MIN_STAY_MONTHS", 6)),
        cctv_plan_months=int(env.get("SBO_CCTV_PLAN_MONTHS", 12)),
        cctv_plan_seconds=float(env.get("SBO_CCTV_PLAN_SECONDS", 20)),
        cctv_rota_seconds=float(env.get("SBO_CCTV_ROTA_SECONDS", 30)),
        cctv_need_weights=_weights(env.get("SBO_CCTV_NEED_WEIGHTS")),
        cctv_need_half_life_days=float(env.get("SBO_CCTV_NEED_HALF_LIFE_DAYS", 90)),
        cctv_need_radius_metres=float(env.get("SBO_CCTV_NEED_RADIUS_METRES", 300)),
        cctv_map_tiles=env.get("SBO_CCTV_MAP_TILES") or Settings.cctv_map_tiles,
        dvla_url=env.get("SBO_DVLA_URL") or Settings.dvla_url,
        dvla_api_key=env.get("SBO_DVLA_API_KEY") or Settings.dvla_api_key,
        anpr_min_confidence=float(env.get("SBO_ANPR_MIN_CONFIDENCE", 0.9)),
        **_payment(env),
    )


PAYMENT_SETTINGS = {"fpn_payment_url": "SBO_FPN_PAYMENT_URL", "fpn_payment_phone": "SBO_FPN_PAYMENT_PHONE",
                    "fpn_payment_address": "SBO_FPN_PAYMENT_ADDRESS"}


def _payment(env) -> dict:
    """How to pay a notice, as printed on it: in production each must be set (a notice nobody can pay from is not
    given out); elsewhere the marked examples stand in for any left unset."""
    given = {name: env.get(variable) for name, variable in PAYMENT_SETTINGS.items() if env.get(variable)}
    missing = [variable for name, variable in PAYMENT_SETTINGS.items() if name not in given]
    if missing and env.get("SBO_ENV", "development") == "production":
        raise ValueError(f"set {', '.join(missing)}: every notice prints how to pay it")
    return given


def _public_url(env) -> str:
    """Where reporters' private links point: in production it must be set (a link to this machine reaches no one)."""
    given = (env.get("SBO_NOISE_PUBLIC_URL") or "").strip().rstrip("/")
    if not given and env.get("SBO_ENV", "development") == "production":
        raise ValueError("set SBO_NOISE_PUBLIC_URL (noise's public address, e.g. https://noise.brent.gov.uk): every "
                         "message to a reporter carries a link to follow their case")
    return given or Settings.noise_public_url


def _weights(text: str | None) -> dict:
    """The need score's weights: 'fpn=1,noise=3,police_crime=0.5,police_asb=1' (kinds left out keep their
    default; an unknown kind stops the service, saying which are known)."""
    weights = {"fpn": 1.0, "noise": 3.0, "police_crime": 0.5, "police_asb": 1.0}
    for item in filter(None, (part.strip() for part in (text or "").split(","))):
        kind, _, number = item.partition("=")
        if kind.strip() not in weights:
            raise ValueError(f"SBO_CCTV_NEED_WEIGHTS: unknown kind {kind.strip()!r}; known: {', '.join(weights)}")
        weights[kind.strip()] = float(number)
    return weights


def _share(env, name: str, default: float) -> float:
    """A share (more than 0, at most 1): a wrong value stops the service, saying what is allowed."""
    value = float(env.get(name, default))
    if not 0 < value <= 1:
        raise ValueError(f"{name} must be more than 0 and at most 1 (0.1 is a tenth), not {value}")
    return value


def _one_of(env, name: str, default: int, allowed: tuple) -> int:
    """An integer setting that must be one of `allowed`: a wrong value stops the service, saying what is allowed."""
    value = int(env.get(name, default))
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(map(str, allowed))}, not {value}")
    return value
