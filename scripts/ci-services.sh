# shellcheck shell=bash
# Services the test suite needs, for CI and for a developer machine.
#
#   source scripts/ci-services.sh
#
# - PostgreSQL 15 (Debian package `postgresql`), installed if missing (as root), a private
#   server started on loopback on a free port (initdb + pg_ctl as the `postgres` user, or as
#   the current user when not root), a role and a database for the tests; then
#       export EXTRACTOR_TEST_PG_URL=postgresql+psycopg://extractor:extractor@127.0.0.1:PORT/extractor_test
#       export EXTRACTOR_REQUIRE_PG=1
# - Chromium and chromium-driver (Debian packages) if /usr/bin/chromium is missing, for the
#   tests of the HTML view.
#
# Sourced with `set -euo pipefail` in effect: every step returns instead of exiting, failures
# are reported on stderr, and a second call is fast (nothing to install, server already up).
# Settings (environment): EXTRACTOR_PG_DIR (server directory, default /var/tmp/extractor-pg),
# EXTRACTOR_PG_PORT (default: the first free port from 54329).

_ci_log() { printf 'ci-services: %s\n' "$*" >&2; }

_ci_as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"; else return 1; fi
}

_ci_apt_install() {
  # waits for another apt/dpkg run instead of failing on its lock
  local i
  for i in $(seq 1 120); do
    pgrep -x apt-get >/dev/null 2>&1 || pgrep -x dpkg >/dev/null 2>&1 || break
    sleep 5
  done
  if ! _ci_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
      -o DPkg::Lock::Timeout=600 --no-install-recommends "$@" >/dev/null; then
    _ci_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null || return 1
    _ci_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
      -o DPkg::Lock::Timeout=600 --no-install-recommends "$@" >/dev/null || return 1
  fi
}

_ci_pg_bindir() {
  local dir
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir
    return 0
  fi
  for dir in /usr/lib/postgresql/15/bin $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

_ci_free_port() {
  local port=${1:-54329}
  while [ "$port" -lt 54429 ]; do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
    port=$((port + 1))
  done
  return 1
}

_ci_postgres() {
  local bindir dir port user
  bindir=$(_ci_pg_bindir) || {
    _ci_log "installing postgresql (Debian package)"
    _ci_apt_install postgresql || { _ci_log "cannot install postgresql"; return 1; }
    bindir=$(_ci_pg_bindir) || { _ci_log "postgresql installed but initdb not found"; return 1; }
  }
  dir=${EXTRACTOR_PG_DIR:-/var/tmp/extractor-pg}
  if [ "$(id -u)" -eq 0 ]; then
    user=postgres
    _ci_run() { runuser -u postgres -- "$@"; }
  else
    user=$(id -un)
    _ci_run() { "$@"; }
  fi
  if [ ! -s "$dir/data/PG_VERSION" ]; then
    mkdir -p "$dir"
    [ "$user" = postgres ] && chown postgres: "$dir"
    _ci_run "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
      >"$dir/initdb.log" 2>&1 || { _ci_log "initdb failed, see $dir/initdb.log"; return 1; }
  fi
  if _ci_run "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1 && [ -s "$dir/port" ]; then
    port=$(cat "$dir/port")
  else
    port=${EXTRACTOR_PG_PORT:-$(_ci_free_port)} || { _ci_log "no free port"; return 1; }
    echo "$port" >"$dir/port"
    _ci_run "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
      -o "-h 127.0.0.1 -p $port -k $dir/data -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      >/dev/null || { _ci_log "the server did not start, see $dir/server.log"; return 1; }
  fi
  # role and database for the tests (the role may create a database per test module)
  _ci_run "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -q -v ON_ERROR_STOP=1 >/dev/null <<'SQL' || { _ci_log "cannot create the test role/database"; return 1; }
SELECT 'CREATE ROLE extractor LOGIN CREATEDB PASSWORD ''extractor'''
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'extractor') \gexec
SELECT 'CREATE DATABASE extractor_test OWNER extractor'
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'extractor_test') \gexec
SQL
  export EXTRACTOR_TEST_PG_URL="postgresql+psycopg://extractor:extractor@127.0.0.1:$port/extractor_test"
  export EXTRACTOR_REQUIRE_PG=1
  _ci_log "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
}

_ci_chromium() {
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    return 0
  fi
  _ci_log "installing chromium and chromium-driver (Debian packages)"
  _ci_apt_install chromium chromium-driver || { _ci_log "cannot install chromium"; return 1; }
}

if ! _ci_postgres; then
  if [ -n "${CI:-}" ] || [ "$(id -u)" -eq 0 ]; then
    # on CI a missing server is a failure, not a reason to skip the PostgreSQL tests
    export EXTRACTOR_REQUIRE_PG=1
    _ci_log "PostgreSQL is not available: its tests will fail"
  else
    _ci_log "PostgreSQL is not available: its tests will be skipped"
  fi
fi
_ci_chromium || _ci_log "Chromium is not available: the HTML view tests will be skipped"
unset -f _ci_run _ci_log _ci_as_root _ci_apt_install _ci_pg_bindir _ci_free_port _ci_postgres _ci_chromium
