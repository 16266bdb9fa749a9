"""A local stand-in for the DVLA's keeper-at-date-of-event service, speaking the interface documented in
services/cctv/anpr/dvla.py, errors included. `make run` starts it (the real service is out of reach here); the
tests start it too, and switch its faults on and off.

Every mark has a made-up keeper (no real person), except marks beginning ZZ, which have none on record. Every
request must carry the API key, a purpose and who asked, as the real service's terms require.

    python -m deploy.fake_dvla [--port 5010]
"""
import argparse
import threading

from flask import Flask, jsonify, request

API_KEY = "fake-dvla-key"


def create_app() -> Flask:
    app = Flask("fake_dvla")
    state = {"down": False, "rate_limited": 0, "asked": []}
    lock = threading.Lock()
    app.config["FAKE_STATE"] = state

    @app.post("/v1/keeper-at-date")
    def keeper_at_date():
        if request.headers.get("X-Api-Key") != API_KEY:
            return jsonify(error="unauthorised"), 401
        with lock:
            if state["down"]:
                return jsonify(error="unavailable"), 503
            if state["rate_limited"] > 0:
                state["rate_limited"] -= 1
                return jsonify(error="rate_limited"), 429, {"Retry-After": "1"}
        body = request.get_json(silent=True) or {}
        missing = [k for k in ("registration_mark", "date_of_event", "purpose", "requested_by") if not body.get(k)]
        if missing:
            return jsonify(error="bad_request", detail=f"missing: {', '.join(missing)}"), 400
        with lock:
            state["asked"].append({k: body[k] for k in ("registration_mark", "date_of_event", "purpose",
                                                         "requested_by", "reference") if k in body})
        mark = body["registration_mark"]
        if mark.startswith("ZZ"):
            return jsonify(error="not_found"), 404
        return jsonify(registration_mark=mark, keeper={
            "name": f"Demo Keeper {mark}", "address": f"{len(mark)} Demonstration Road, London NW10 0AA"})

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=5010)
    args = parser.parse_args()
    create_app().run(host="127.0.0.1", port=args.port)


if __name__ == "__main__":
    main()
