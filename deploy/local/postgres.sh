#!/usr/bin/env bash
# deploy/local/postgres.sh — run a throwaway PostgreSQL server for tests, without Docker.
#
# Usage: deploy/local/postgres.sh <command>
#   start   If STORYLINE_TEST_DATABASE_URL is already set, that server is used: only print it.
#           Otherwise start a private server (initdb + pg_ctl) in the run folder, with database
#           `storyline` owned by role `storyline` (password `storyline`), and wait until it
#           accepts connections. Idempotent: a server already started by this script is reused.
#           A fresh start re-creates the data folder (clean database every test run) unless
#           STORYLINE_PG_KEEP_DATA=1.
#   stop    Stop the server this script started (pg_ctl stop -m fast). Idempotent.
#   status  Exit 0 if the server (ours, or the external one) accepts connections, 1 otherwise.
#   env     Print STORYLINE_TEST_DATABASE_URL=...
#
# `start` prints progress on stderr and, on success, exactly one line on stdout:
#     STORYLINE_TEST_DATABASE_URL=postgresql+asyncpg://storyline:storyline@127.0.0.1:<port>/storyline
# so callers can do:  eval "$(deploy/local/postgres.sh start)"; export STORYLINE_TEST_DATABASE_URL
#
# Environment (all optional):
#   STORYLINE_TEST_DATABASE_URL  use this existing server instead of starting one
#   STORYLINE_RUN_DIR            run folder root (default: ${TMPDIR:-/tmp}/storyline-run)
#   STORYLINE_PG_PORT            TCP port on 127.0.0.1 (default: 55432)
#   STORYLINE_PG_BINDIR          folder with initdb/pg_ctl (default: pg_config --bindir, then the
#                                newest /usr/lib/postgresql/*/bin; apt-get installs it as root)
#   STORYLINE_PG_OS_USER         OS user the server runs as when we are root (default: postgres
#                                if it exists, else a system user storyline-pg is created)
#   STORYLINE_PG_KEEP_DATA       1 = keep the data folder on start (default: 0)
#   STORYLINE_PG_START_TIMEOUT   seconds to wait for the server (default: 60)
#   STORYLINE_PG_STOP_TIMEOUT    seconds to wait for a fast shutdown (default: 60)
#   STORYLINE_PG_SHARED_BUFFERS  the server's shared_buffers (default: 2GB)
#   STORYLINE_PG_MAX_WAL_SIZE    the server's max_wal_size (default: 8GB)
#
# Folders: everything lives in $STORYLINE_RUN_DIR/postgres (data/, sock/ for the unix socket,
# postgres.log), owned by the server's OS user. The server listens on 127.0.0.1 and that socket
# only, with trust authentication (it is a local test server).
set -euo pipefail

# ---------------------------------------------------------------------------------------------
# Settings
# ---------------------------------------------------------------------------------------------
abs_path() { realpath -m -- "$1"; }
RUN_ROOT="$(abs_path "${STORYLINE_RUN_DIR:-${TMPDIR:-/tmp}/storyline-run}")"
PG_RUN="$RUN_ROOT/postgres"
DATA_DIR="$PG_RUN/data"
SOCK_DIR="$PG_RUN/sock"
PG_LOG="$PG_RUN/postgres.log"
PG_PORT="${STORYLINE_PG_PORT:-55432}"
START_TIMEOUT="${STORYLINE_PG_START_TIMEOUT:-60}"
STOP_TIMEOUT="${STORYLINE_PG_STOP_TIMEOUT:-60}"
KEEP_DATA="${STORYLINE_PG_KEEP_DATA:-0}"
readonly DB_NAME=storyline DB_USER=storyline DB_PASSWORD=storyline
readonly SUPERUSER=postgres   # bootstrap superuser name given to initdb, whatever the OS user

log() { printf 'postgres.sh: %s\n' "$*" >&2; }
die() { printf 'postgres.sh: ERROR: %s\n' "$*" >&2; exit 1; }

if ! [[ "$PG_PORT" =~ ^[0-9]+$ ]] || (( PG_PORT < 1 || PG_PORT > 65535 )); then
  die "STORYLINE_PG_PORT must be a TCP port, got '$PG_PORT'"
fi
[[ "$START_TIMEOUT" =~ ^[0-9]+$ ]] || die "STORYLINE_PG_START_TIMEOUT must be seconds"
[[ "$STOP_TIMEOUT" =~ ^[0-9]+$ ]] || die "STORYLINE_PG_STOP_TIMEOUT must be seconds"

our_url() {
  printf 'postgresql+asyncpg://%s:%s@127.0.0.1:%s/%s' "$DB_USER" "$DB_PASSWORD" "$PG_PORT" "$DB_NAME"
}
external_url() { printf '%s' "${STORYLINE_TEST_DATABASE_URL:-}"; }
env_line() { printf 'STORYLINE_TEST_DATABASE_URL=%s\n' "${1:-$(our_url)}"; }

# Serialise concurrent callers; released when the script exits.
take_lock() {
  command -v flock >/dev/null 2>&1 || die "flock not found (Debian package util-linux)"
  mkdir -p "$RUN_ROOT"
  exec 9>"$RUN_ROOT/.postgres.lock"
  flock -w 300 9 || die "timed out after 300s waiting for $RUN_ROOT/.postgres.lock (another postgres.sh running?)"
}

port_in_use() { timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

# ---------------------------------------------------------------------------------------------
# Finding (or installing) the PostgreSQL server binaries
# ---------------------------------------------------------------------------------------------
has_server_bins() { [[ -x "$1/initdb" && -x "$1/pg_ctl" && -x "$1/postgres" ]]; }

find_bindir() {
  if [[ -n "${STORYLINE_PG_BINDIR:-}" ]]; then
    has_server_bins "$STORYLINE_PG_BINDIR" || die "STORYLINE_PG_BINDIR=$STORYLINE_PG_BINDIR has no initdb/pg_ctl/postgres"
    printf '%s' "$STORYLINE_PG_BINDIR"; return 0
  fi
  local d
  # pg_config may come from libpq-dev alone; only trust it if the server is really there.
  if command -v pg_config >/dev/null 2>&1; then
    d="$(pg_config --bindir 2>/dev/null || true)"
    if [[ -n "$d" ]] && has_server_bins "$d"; then printf '%s' "$d"; return 0; fi
  fi
  # Debian keeps server binaries off PATH, one folder per major version: take the newest.
  while IFS= read -r d; do
    if has_server_bins "$d"; then printf '%s' "$d"; return 0; fi
  done < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r)
  return 1
}

# Debian's package creates a "main" cluster and may start it (on localhost:5432, IPv6 too)
# where no policy-rc.d forbids it; stop any cluster the install brought up, so this script
# leaves nothing listening but its own server.
install_postgres_package() {
  [[ "$(id -u)" == 0 ]] || die "no PostgreSQL server binaries found (initdb/pg_ctl). Install them (Debian: sudo apt-get install -y postgresql) or set STORYLINE_PG_BINDIR, or point STORYLINE_TEST_DATABASE_URL at a running server."
  command -v apt-get >/dev/null 2>&1 || die "no PostgreSQL server binaries found and no apt-get to install them; set STORYLINE_PG_BINDIR"
  local online_before=""
  if command -v pg_lsclusters >/dev/null 2>&1; then
    online_before="$(pg_lsclusters -h 2>/dev/null | awk '$4 == "online" {print $1 "/" $2}' || true)"
  fi
  log "PostgreSQL server binaries not found; installing Debian's postgresql package ..."
  apt-get update >&2 || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >&2 \
    || die "apt-get install postgresql failed"
  if command -v pg_lsclusters >/dev/null 2>&1; then
    local c
    while read -r c; do
      [[ -z "$c" ]] && continue
      if ! grep -qxF "$c" <<<"$online_before"; then
        log "stopping cluster $c that the package install started"
        pg_ctlcluster "${c%%/*}" "${c#*/}" stop >&2 || log "WARNING: could not stop cluster $c"
      fi
    done < <(pg_lsclusters -h 2>/dev/null | awk '$4 == "online" {print $1 "/" $2}' || true)
  fi
}

BIN=""
ensure_bindir() {
  if BIN="$(find_bindir)"; then return 0; fi
  install_postgres_package
  BIN="$(find_bindir)" || die "PostgreSQL installed but initdb/pg_ctl still not found under /usr/lib/postgresql/*/bin"
}

# ---------------------------------------------------------------------------------------------
# Running commands as the unprivileged server user
# ---------------------------------------------------------------------------------------------
# PostgreSQL refuses to run as root. As root we run initdb/pg_ctl as an unprivileged user;
# otherwise we are that user already.
PG_OS_USER=""
ensure_os_user() {
  if [[ "$(id -u)" != 0 ]]; then PG_OS_USER="$(id -un)"; return 0; fi
  if [[ -n "${STORYLINE_PG_OS_USER:-}" ]]; then
    id -u "$STORYLINE_PG_OS_USER" >/dev/null 2>&1 || die "STORYLINE_PG_OS_USER=$STORYLINE_PG_OS_USER does not exist"
    PG_OS_USER="$STORYLINE_PG_OS_USER"
  elif id -u postgres >/dev/null 2>&1; then
    PG_OS_USER=postgres        # created by Debian's postgresql package
  else
    if ! id -u storyline-pg >/dev/null 2>&1; then
      command -v useradd >/dev/null 2>&1 || die "running as root, no 'postgres' user and no useradd to create one; set STORYLINE_PG_OS_USER"
      log "creating system user storyline-pg to run PostgreSQL (it refuses to run as root)"
      useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin storyline-pg \
        || die "useradd storyline-pg failed"
    fi
    PG_OS_USER=storyline-pg
  fi
  [[ "$PG_OS_USER" != root ]] || die "PostgreSQL cannot run as root; set STORYLINE_PG_OS_USER to another user"
}

# Run a command as the server user, from inside the run folder: initdb and pg_ctl fail when
# the caller's current directory (e.g. /root) is not readable by that user.
as_pg() {
  (
    cd "$PG_RUN"
    if [[ "$(id -u)" == 0 ]]; then
      if command -v runuser >/dev/null 2>&1; then
        exec runuser -u "$PG_OS_USER" -- "$@"
      fi
      exec su -s /bin/sh "$PG_OS_USER" -c "$(printf '%q ' "$@")"
    fi
    exec "$@"
  )
}

prepare_run_dir() {
  mkdir -p "$PG_RUN"
  if [[ "$(id -u)" == 0 ]]; then chown "$PG_OS_USER" "$PG_RUN"; fi
  chmod 0750 "$PG_RUN"
  # Every parent folder must be traversable by the server user (not so under e.g. /root).
  if ! (cd / && if [[ "$(id -u)" == 0 ]]; then runuser -u "$PG_OS_USER" -- test -w "$PG_RUN"; else test -w "$PG_RUN"; fi); then
    die "user $PG_OS_USER cannot write $PG_RUN (a parent folder is not accessible to it); set STORYLINE_RUN_DIR to a folder under /tmp"
  fi
}

# ---------------------------------------------------------------------------------------------
# Server lifecycle
# ---------------------------------------------------------------------------------------------
server_running() {
  [[ -f "$DATA_DIR/postmaster.pid" ]] || return 1
  as_pg "$BIN/pg_ctl" -D "$DATA_DIR" status >/dev/null 2>&1
}

# Accepts a real login as the application role over TCP on 127.0.0.1.
accepts_app_login() {
  PGCONNECT_TIMEOUT=3 "$BIN/psql" -X -q -A -t -h 127.0.0.1 -p "$PG_PORT" -U "$DB_USER" -d "$DB_NAME" \
    -c 'select 1' 2>/dev/null | grep -qx 1
}

superuser_psql() {
  # Over the unix socket in the run folder, as the bootstrap superuser (trust auth).
  PGCONNECT_TIMEOUT=5 "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCK_DIR" -p "$PG_PORT" -U "$SUPERUSER" -d postgres
}

ensure_role_and_database() {
  superuser_psql >/dev/null <<SQL || die "creating role/database $DB_NAME failed (see $PG_LOG)"
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') THEN
    -- CREATEDB lets tests make scratch databases of their own.
    CREATE ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASSWORD';
  END IF;
END
\$\$;
SELECT 'CREATE DATABASE $DB_NAME OWNER $DB_USER' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DB_NAME')
\gexec
SQL
}

wait_until_ready() {
  local started=$SECONDS
  until accepts_app_login; do
    if (( SECONDS - started >= START_TIMEOUT )); then return 1; fi
    sleep 0.3
  done
}

print_failure_log() {
  if [[ -s "$PG_LOG" ]]; then
    printf -- '----- last 40 lines of %s -----\n' "$PG_LOG" >&2
    tail -n 40 "$PG_LOG" >&2
  fi
}

init_cluster() {
  log "initdb in $DATA_DIR (as OS user $PG_OS_USER)"
  rm -rf "$DATA_DIR"
  # --no-sync: a fresh test cluster is recreated on every start anyway; fsync stays on for
  # the running server.
  as_pg "$BIN/initdb" -D "$DATA_DIR" -U "$SUPERUSER" --auth=trust -E UTF8 --no-locale --no-sync \
      >"$PG_RUN/initdb.log" 2>&1 \
    || { cat "$PG_RUN/initdb.log" >&2; die "initdb failed"; }
  # Trust, but only over our own unix socket and 127.0.0.1 (no ::1, no other address).
  as_pg tee "$DATA_DIR/pg_hba.conf" >/dev/null <<'EOF'
# Generated by deploy/local/postgres.sh: local test server, trust on loopback only.
# TYPE  DATABASE  USER  ADDRESS        METHOD
local   all       all                  trust
host    all       all   127.0.0.1/32   trust
EOF
  # Our settings live in an included file that every start rewrites (the port may change).
  printf "\ninclude_if_exists = 'storyline.conf'\n" | as_pg tee -a "$DATA_DIR/postgresql.conf" >/dev/null
}

write_server_config() {
  as_pg tee "$DATA_DIR/storyline.conf" >/dev/null <<EOF
# Generated by deploy/local/postgres.sh start
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$SOCK_DIR'
max_connections = 100
fsync = on
# Sized for the read models, not PostgreSQL's defaults (128MB, 1GB): a rebuild's random-key
# index inserts (event and story ids are uuid5) outgrow 128MB of buffers at about a million
# events, and checkpoints every gigabyte of WAL then write each touched page again in full.
# With these, a 1,000,000-event rebuild costs per event what a 10,000-event one does (README).
shared_buffers = ${STORYLINE_PG_SHARED_BUFFERS:-2GB}
max_wal_size = ${STORYLINE_PG_MAX_WAL_SIZE:-8GB}
EOF
}

start_server() {
  local ext
  ext="$(external_url)"
  if [[ -n "$ext" ]]; then
    log "STORYLINE_TEST_DATABASE_URL is set: using that server, starting nothing"
    env_line "$ext"
    return 0
  fi

  take_lock
  ensure_bindir
  ensure_os_user
  prepare_run_dir

  if server_running; then
    if wait_until_ready; then
      ensure_role_and_database
      log "server already running on 127.0.0.1:$PG_PORT (data in $DATA_DIR)"
      env_line
      return 0
    fi
    log "a server started by this script is running but not accepting connections; restarting it"
    stop_server
  fi

  # The socket path must fit in sockaddr_un (107 bytes).
  local sock_path="$SOCK_DIR/.s.PGSQL.$PG_PORT"
  (( ${#sock_path} < 100 )) || die "unix socket path $sock_path is too long; set STORYLINE_RUN_DIR to a shorter folder"
  if port_in_use "$PG_PORT"; then
    die "127.0.0.1:$PG_PORT is already in use by another process (not a server this script started); stop it or set STORYLINE_PG_PORT"
  fi

  if [[ "$KEEP_DATA" == "1" && -f "$DATA_DIR/PG_VERSION" ]]; then
    log "keeping existing data in $DATA_DIR (STORYLINE_PG_KEEP_DATA=1)"
  else
    init_cluster
  fi
  as_pg mkdir -p "$SOCK_DIR"
  write_server_config
  if [[ -f "$PG_LOG" ]]; then mv -f "$PG_LOG" "$PG_LOG.prev"; fi

  log "starting PostgreSQL ($("$BIN/postgres" --version)) on 127.0.0.1:$PG_PORT"
  # 9>&-: do not pass our lock to the postmaster, or it would block later start/stop calls.
  if ! as_pg "$BIN/pg_ctl" -D "$DATA_DIR" -l "$PG_LOG" -w -t "$START_TIMEOUT" start >&2 9>&-; then
    print_failure_log
    die "pg_ctl start failed (log above)"
  fi
  ensure_role_and_database
  if ! wait_until_ready; then
    print_failure_log
    stop_server || true
    die "server did not accept connections as $DB_USER within ${START_TIMEOUT}s"
  fi
  log "ready: database $DB_NAME on 127.0.0.1:$PG_PORT (data in $DATA_DIR)"
  env_line
}

stop_server() {
  if ! server_running; then
    log "no server started by this script is running"
    return 0
  fi
  log "stopping PostgreSQL (pg_ctl stop -m fast)"
  if as_pg "$BIN/pg_ctl" -D "$DATA_DIR" stop -m fast -w -t "$STOP_TIMEOUT" >&2; then
    return 0
  fi
  log "fast shutdown did not finish in ${STOP_TIMEOUT}s; trying immediate shutdown"
  if as_pg "$BIN/pg_ctl" -D "$DATA_DIR" stop -m immediate -w -t 30 >&2; then
    return 0
  fi
  local pid
  pid="$(head -n 1 "$DATA_DIR/postmaster.pid" 2>/dev/null | tr -dc '0-9')"
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    log "killing postmaster $pid"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 1
  fi
  ! kill -0 "${pid:-0}" 2>/dev/null || die "could not stop PostgreSQL (pid $pid)"
}

# ---------------------------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------------------------
usage() { sed -n '2,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//' >&2; }

cmd="${1:-}"
case "$cmd" in
  start)
    start_server
    ;;
  stop)
    if [[ -n "$(external_url)" ]]; then
      log "STORYLINE_TEST_DATABASE_URL is set: that server is not ours, nothing to stop"
      exit 0
    fi
    if [[ ! -d "$DATA_DIR" ]]; then log "no server started by this script is running"; exit 0; fi
    take_lock
    ensure_bindir
    ensure_os_user
    stop_server
    ;;
  status)
    ext="$(external_url)"
    if [[ -n "$ext" ]]; then
      BIN="$(find_bindir)" || die "cannot check $ext: no PostgreSQL client binaries found"
      # libpq does not know SQLAlchemy's driver suffix (postgresql+asyncpg://).
      if "$BIN/pg_isready" -q -d "${ext/#postgresql+*:\/\//postgresql://}"; then
        log "external server is accepting connections"; exit 0
      fi
      log "external server is not accepting connections"; exit 1
    fi
    if BIN="$(find_bindir)" && [[ -d "$DATA_DIR" ]] && ensure_os_user && server_running && accepts_app_login; then
      log "running on 127.0.0.1:$PG_PORT (data in $DATA_DIR)"
      exit 0
    fi
    log "not running"
    exit 1
    ;;
  env)
    ext="$(external_url)"
    env_line "${ext:-$(our_url)}"
    ;;
  -h|--help|help)
    usage
    ;;
  *)
    usage
    die "unknown command '${cmd}' (expected start|stop|status|env)"
    ;;
esac
