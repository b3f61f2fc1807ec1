# Services the test suite needs: PostgreSQL on loopback and Debian's Chromium for browser tests.
# A server that answers is used as it is; otherwise it is installed and started when we are root.
# Under CI (CI=true) a missing service is an error, never a skip.

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"; else return 1; fi
}

apt_install() {
  as_root apt-get install -y -qq "$@" >/dev/null 2>&1 || {
    as_root apt-get update -qq >/dev/null 2>&1 && as_root apt-get install -y -qq "$@" >/dev/null 2>&1
  }
}

pg_answers() {
  .venv/bin/python - "$1" <<'PY' >/dev/null 2>&1
import sys, psycopg
psycopg.connect(sys.argv[1].replace("postgresql+psycopg://", "postgresql://"), connect_timeout=3).close()
PY
}

ensure_postgres() {
  local url="${FITCOACH_TEST_PG_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/postgres}"
  if ! pg_answers "$url"; then
    echo "== PostgreSQL is not answering at $url: installing/starting it"
    if [ ! -d /etc/postgresql ]; then apt_install postgresql || true; fi
    if [ -d /etc/postgresql ]; then
      as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start 2>/dev/null || true
      sleep 2
      # A fresh Debian cluster asks for a password on loopback: give the postgres role one.
      if ! pg_answers "$url"; then
        as_root su postgres -c "psql -qc \"alter user postgres password 'postgres'\"" >/dev/null 2>&1 || true
        url="postgresql+psycopg://postgres:postgres@127.0.0.1:5432/postgres"
      fi
    fi
  fi
  if pg_answers "$url"; then
    export FITCOACH_TEST_PG_URL="$url"
  elif [ "${CI:-}" = "true" ]; then
    echo "error: PostgreSQL is needed for the store tests and could not be started at $url" >&2
    exit 1
  else
    echo "warning: no PostgreSQL server; the PostgreSQL variants of the tests will be skipped" >&2
  fi
}

ensure_chromium() {
  if ! command -v chromium >/dev/null 2>&1; then
    echo "== installing Debian's Chromium for the browser tests"
    apt_install chromium || true
  fi
  if command -v chromium >/dev/null 2>&1; then
    export FITCOACH_CHROMIUM="$(command -v chromium)"
  elif [ "${CI:-}" = "true" ]; then
    echo "error: Chromium is needed for the browser tests: apt-get install chromium" >&2
    exit 1
  else
    echo "warning: no Chromium; the browser tests will be skipped" >&2
  fi
}
