#!/usr/bin/env bash
# What `make test` needs besides the Python packages: Debian's Chromium for the browser tests, and PostgreSQL and
# Redis running. It installs or starts what it can on this machine; otherwise it stops with one line saying what to run.
set -uo pipefail
DB_URL="${TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/sbo_test}"
REDIS_URL="${TEST_REDIS_URL:-redis://127.0.0.1:6379/15}"
PG_URL="${DB_URL/postgresql+psycopg:/postgresql:}"
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo "$@"; else return 1; fi; }
stop() { echo "make test: $1" >&2; exit 1; }

if ! command -v chromium >/dev/null 2>&1; then
  echo "Installing Debian's Chromium for the browser tests (once)..."
  { as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium; } \
    >/dev/null 2>&1 || stop "the browser tests need Chromium at /usr/bin/chromium: run 'sudo apt-get install chromium'"
fi

pg_up() { pg_isready -q -d "${PG_URL%/*}/postgres" 2>/dev/null; }
if ! pg_up && [[ "$PG_URL" == *"@127.0.0.1:5432/"* || "$PG_URL" == *"@localhost:5432/"* ]] && [ -d /etc/postgresql ]; then
  echo "PostgreSQL is stopped: starting it"; started=30
  as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start >/dev/null 2>&1
fi

redis_host_port="${REDIS_URL#redis://}"; redis_host_port="${redis_host_port%%/*}"; redis_host_port="${redis_host_port##*@}"
REDIS_HOST="${redis_host_port%%:*}"; REDIS_PORT="${redis_host_port##*:}"
redis_up() { redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping >/dev/null 2>&1; }
if ! redis_up && [[ "$REDIS_HOST:$REDIS_PORT" == 127.0.0.1:6379 || "$REDIS_HOST:$REDIS_PORT" == localhost:6379 ]] && command -v redis-server >/dev/null; then
  echo "Redis is stopped: starting it"; started=30
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null
  as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log >/dev/null 2>&1
fi

for _ in $(seq 1 "${started:-1}"); do pg_up && redis_up && break; sleep 1; done
pg_up || stop "PostgreSQL at ${PG_URL%/*} cannot be reached: start it (sudo pg_ctlcluster 15 main start) or set TEST_DATABASE_URL"
redis_up || stop "Redis at $REDIS_HOST:$REDIS_PORT cannot be reached: start it (sudo redis-server --daemonize yes) or set TEST_REDIS_URL"
command -v redis-server >/dev/null || stop "the integration tests start their own Redis: run 'sudo apt-get install redis-server'"
exit 0
