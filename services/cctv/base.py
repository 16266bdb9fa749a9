"""The cctv schema's declarative base: every cctv table, in any of its feature folders, is declared on it."""
from shared.db import make_base

Base = make_base("cctv")
