"""gunicorn's access log, with reporters' private links hidden: the link is the key to someone's reports, so it is
never written to a log (`--logger-class shared.access_log.PrivateLinksHidden`)."""
from gunicorn.glogging import Logger

from shared.logs import hidden


class PrivateLinksHidden(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "f"):  # the request line, its path, and the referring page
            if isinstance(atoms.get(key), str):
                atoms[key] = hidden(atoms[key])
        return atoms
