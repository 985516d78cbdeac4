#!/usr/bin/env bash
# deploy/local/kafka.sh — run a real, single-node Apache Kafka broker (KRaft mode) without Docker.
#
# The broker comes from Maven Central (artifact org.apache.kafka:kafka_2.13 plus a logging
# backend), because CI machines reach package registries but have no Docker and no other internet.
#
# Usage: deploy/local/kafka.sh <command>
#   install            Fetch the broker's runtime jars into the cache (once; later runs are no-ops).
#   start              Start a broker (installs first if needed). Idempotent: when our broker is
#                      already up and answering, only prints the env line. A fresh start wipes the
#                      broker's data folder, so every test run gets a clean broker — unless
#                      STORYLINE_KAFKA_KEEP_DATA=1, which keeps topics/offsets from the last run.
#   stop               Stop the broker this script started (SIGTERM, bounded wait, then SIGKILL).
#                      Idempotent. Data is kept on disk until the next fresh `start`.
#   restart-keep-data  stop + start with STORYLINE_KAFKA_KEEP_DATA=1: proves nothing is lost across
#                      a broker restart (tests that stop the broker mid-test use this).
#   status             Exit 0 if our broker is up and answering Kafka requests, 1 otherwise.
#   env                Print KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:<port>.
#
# `start` prints progress on stderr and, on success, exactly one line on stdout:
#     KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:<port>
# so callers can do:  eval "$(deploy/local/kafka.sh start)"; export KAFKA_BOOTSTRAP_SERVERS
#
# Environment (all optional):
#   STORYLINE_CACHE_DIR              jar cache root      (default: $HOME/.cache/storyline)
#   STORYLINE_RUN_DIR                run folder root     (default: ${TMPDIR:-/tmp}/storyline-run)
#   STORYLINE_KAFKA_VERSION          broker version      (default: 4.3.1; falls back to 3.9.1 when
#                                                         unset and 4.3.1 cannot be fetched)
#   STORYLINE_KAFKA_PORT             PLAINTEXT port      (default: 19092)
#   STORYLINE_KAFKA_CONTROLLER_PORT  KRaft controller    (default: 19093)
#   STORYLINE_KAFKA_KEEP_DATA        1 = keep data on start (default: 0)
#   STORYLINE_KAFKA_START_TIMEOUT    seconds to wait for readiness (default: 90)
#   STORYLINE_KAFKA_STOP_TIMEOUT     seconds to wait after SIGTERM (default: 60)
#   STORYLINE_KAFKA_HEAP             JVM heap flags      (default: -Xms256m -Xmx768m)
#   JAVA_HOME                        Java 17+ to use (default: `java` on PATH)
#
# Folders: jars in $STORYLINE_CACHE_DIR/kafka-<version>/libs (outside the repo, reused across
# runs); config, data (log.dirs), logs and pid file in $STORYLINE_RUN_DIR/kafka.
# Everything listens on 127.0.0.1 only.
set -euo pipefail

# ---------------------------------------------------------------------------------------------
# Settings
# ---------------------------------------------------------------------------------------------
readonly DEFAULT_KAFKA_VERSION=4.3.1   # what the main embedded-broker harnesses pin
readonly FALLBACK_KAFKA_VERSION=3.9.1  # conservative fallback (last 3.x; needs reload4j instead)
readonly LOG4J2_VERSION=2.24.3         # Log4j 2 over SLF4J 1.7, as Kafka 4.x ships it
readonly SLF4J_VERSION=1.7.36          # Kafka's own slf4j-api version (3.9.x binding)
readonly DEPENDENCY_PLUGIN_VERSION=3.8.1  # Maven 3.8's default plugin version is ancient

# Resolve a HOME even when the environment was stripped (set -u would abort otherwise).
home_dir="${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}"
abs_path() { realpath -m -- "$1"; }

CACHE_ROOT="$(abs_path "${STORYLINE_CACHE_DIR:-$home_dir/.cache/storyline}")"
RUN_ROOT="$(abs_path "${STORYLINE_RUN_DIR:-${TMPDIR:-/tmp}/storyline-run}")"
KAFKA_RUN="$RUN_ROOT/kafka"
KAFKA_PORT="${STORYLINE_KAFKA_PORT:-19092}"
CONTROLLER_PORT="${STORYLINE_KAFKA_CONTROLLER_PORT:-19093}"
START_TIMEOUT="${STORYLINE_KAFKA_START_TIMEOUT:-90}"
STOP_TIMEOUT="${STORYLINE_KAFKA_STOP_TIMEOUT:-60}"
HEAP_OPTS="${STORYLINE_KAFKA_HEAP:--Xms256m -Xmx768m}"
KEEP_DATA="${STORYLINE_KAFKA_KEEP_DATA:-0}"

PID_FILE="$KAFKA_RUN/kafka.pid"
CONFIG_FILE="$KAFKA_RUN/server.properties"
DATA_DIR="$KAFKA_RUN/data"
LOG_DIR="$KAFKA_RUN/logs"
BROKER_LOG="$LOG_DIR/server.log"   # written by log4j (see write_logging_config)
STDOUT_LOG="$LOG_DIR/kafka.out"    # JVM stdout/stderr: crashes before logging is up land here
READY_LINE="Kafka Server started"

JAVA="java"
if [[ -n "${JAVA_HOME:-}" ]]; then JAVA="$JAVA_HOME/bin/java"; fi

# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------
log() { printf 'kafka.sh: %s\n' "$*" >&2; }
die() { printf 'kafka.sh: ERROR: %s\n' "$*" >&2; exit 1; }

is_port_number() { [[ "$1" =~ ^[0-9]+$ ]] && (( $1 > 0 && $1 < 65536 )); }
is_port_number "$KAFKA_PORT" || die "STORYLINE_KAFKA_PORT must be a TCP port, got '$KAFKA_PORT'"
is_port_number "$CONTROLLER_PORT" || die "STORYLINE_KAFKA_CONTROLLER_PORT must be a TCP port, got '$CONTROLLER_PORT'"
[[ "$KAFKA_PORT" != "$CONTROLLER_PORT" ]] || die "broker and controller ports must differ ($KAFKA_PORT)"
[[ "$START_TIMEOUT" =~ ^[0-9]+$ ]] || die "STORYLINE_KAFKA_START_TIMEOUT must be seconds"
[[ "$STOP_TIMEOUT" =~ ^[0-9]+$ ]] || die "STORYLINE_KAFKA_STOP_TIMEOUT must be seconds"

env_line() { printf 'KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:%s\n' "$KAFKA_PORT"; }

kafka_home() { printf '%s/kafka-%s' "$CACHE_ROOT" "$1"; }
major_of() { printf '%s' "${1%%.*}"; }

# Serialise concurrent callers (two test sessions starting at once, install racing start).
# The lock is held until the script exits; flock releases it with the file descriptor.
take_lock() {
  local lock_file="$1"
  command -v flock >/dev/null 2>&1 || die "flock not found (Debian package util-linux)"
  mkdir -p "$(dirname "$lock_file")"
  exec 9>"$lock_file"
  if ! flock -w 300 9; then
    die "timed out after 300s waiting for lock $lock_file (another kafka.sh still running?)"
  fi
}

# Something (anything) accepts TCP connections on 127.0.0.1:$1?
port_in_use() {
  timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

# A real Kafka API call in pure bash: send ApiVersions v0 (api_key 18) with correlation id 7 and
# check that a Kafka response with that correlation id and error code 0 (or 35 =
# UNSUPPORTED_VERSION, which still means a Kafka broker is processing requests) comes back.
# A broker still starting up accepts the TCP connection (kernel backlog) but does not answer, so
# this only succeeds once request processing is enabled.
kafka_answers() {
  local hex
  hex="$(timeout 5 bash -c '
      exec 3<>/dev/tcp/127.0.0.1/'"$KAFKA_PORT"' || exit 1
      # size=15 | api_key=18 | api_version=0 | correlation_id=7 | client_id="probe"
      printf "\x00\x00\x00\x0f\x00\x12\x00\x00\x00\x00\x00\x07\x00\x05probe" >&3
      head -c 10 <&3 | od -An -tx1 | tr -d " \n"
    ' 2>/dev/null)" || return 1
  # Skip the 4-byte size (8 hex chars): correlation id 00000007, then the int16 error code.
  [[ "${hex:8:12}" == "000000070000" || "${hex:8:12}" == "000000070023" ]]
}

# PID from our pid file if that process is alive AND is the broker this script launched (guards
# against a recycled pid pointing at an unrelated process).
our_broker_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(tr -dc '0-9' <"$PID_FILE")"
  [[ -n "$pid" ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  local cmdline
  cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
  [[ "$cmdline" == *kafka.Kafka* && "$cmdline" == *"$CONFIG_FILE"* ]] || return 1
  printf '%s' "$pid"
}

broker_is_up() {
  our_broker_pid >/dev/null && kafka_answers
}

require_java() {
  command -v "$JAVA" >/dev/null 2>&1 || die "java not found (set JAVA_HOME or install a JDK 17+)"
  local spec major
  spec="$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')"
  major="${spec%%.*}"
  [[ "$major" =~ ^[0-9]+$ ]] || die "could not determine the Java version of $JAVA"
  if (( major < 17 )); then die "Kafka 4.x needs Java 17+, $JAVA is Java $spec"; fi
}

# ---------------------------------------------------------------------------------------------
# install
# ---------------------------------------------------------------------------------------------

# Maven coordinates (groupId:artifactId:version) that make up one installation.
coordinates_for() {
  local version="$1"
  echo "org.apache.kafka:kafka_2.13:$version"
  if (( $(major_of "$version") >= 4 )); then
    # Kafka 4.x logs through Log4j 2 behind SLF4J 1.7: the SLF4J *1* binding, not slf4j2-impl.
    echo "org.apache.logging.log4j:log4j-slf4j-impl:$LOG4J2_VERSION"
    echo "org.apache.logging.log4j:log4j-core:$LOG4J2_VERSION"
    echo "org.apache.logging.log4j:log4j-1.2-api:$LOG4J2_VERSION"
  else
    echo "org.slf4j:slf4j-reload4j:$SLF4J_VERSION"
  fi
}

# The marker's content describes exactly what was installed; if the script's pins change, the
# marker no longer matches and the next install refetches.
marker_content() {
  printf 'storyline-kafka-install v1\n'
  coordinates_for "$1"
  printf 'maven-dependency-plugin:%s\n' "$DEPENDENCY_PLUGIN_VERSION"
}

is_installed() {
  local home marker
  home="$(kafka_home "$1")"
  marker="$home/.installed"
  [[ -f "$marker" && -d "$home/libs" ]] && [[ "$(cat "$marker")" == "$(marker_content "$1")" ]]
}

write_logging_config() {
  local home="$1"
  # Log4j 2 (Kafka 4.x). WARN keeps the log small, but kafka.server and kafka.Kafka stay at INFO:
  # `start` waits for "Kafka Server started", which kafka.server.KafkaRaftServer logs at INFO.
  # The log folder comes from -Dkafka.logs.dir so one cached config serves any run folder.
  cat >"$home/log4j2.properties" <<'EOF'
# Generated by deploy/local/kafka.sh install
status = warn
name = StorylineKafka

appender.file.type = File
appender.file.name = FILE
appender.file.fileName = ${sys:kafka.logs.dir}/server.log
appender.file.append = true
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n

rootLogger.level = WARN
rootLogger.appenderRef.file.ref = FILE

logger.kafka.name = kafka.Kafka
logger.kafka.level = INFO
logger.server.name = kafka.server
logger.server.level = INFO
# The full config dump at every start is noise here.
logger.config.name = kafka.server.KafkaConfig
logger.config.level = WARN
EOF
  # Log4j 1 / reload4j (Kafka 3.9.x fallback): same policy.
  cat >"$home/log4j.properties" <<'EOF'
# Generated by deploy/local/kafka.sh install
log4j.rootLogger=WARN, FILE
log4j.appender.FILE=org.apache.log4j.FileAppender
log4j.appender.FILE.File=${kafka.logs.dir}/server.log
log4j.appender.FILE.Append=true
log4j.appender.FILE.layout=org.apache.log4j.PatternLayout
log4j.appender.FILE.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.Kafka=INFO
log4j.logger.kafka.server=INFO
log4j.logger.kafka.server.KafkaConfig=WARN
EOF
}

install_version() {
  local version="$1"
  local home
  home="$(kafka_home "$version")"
  if is_installed "$version"; then
    log "Kafka $version already installed in $home ($(find "$home/libs" -name '*.jar' | wc -l) jars)"
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || die "mvn (Maven) not found: install it (Debian: apt-get install -y maven)"
  mkdir -p "$home"

  # A throwaway pom in a temp dir: its dependencies are exactly the broker and the logging
  # backend; copy-dependencies with includeScope=runtime copies the whole runtime closure
  # (Kafka's POM marks most of its own dependencies as runtime scope).
  local work
  work="$(mktemp -d "${TMPDIR:-/tmp}/storyline-kafka-install.XXXXXX")"
  # shellcheck disable=SC2064  # expand $work now: it is local to this function
  trap "rm -rf '$work'" EXIT   # safety net if we are interrupted; normally removed below
  local deps="" g a v
  while IFS=: read -r g a v; do
    deps+="    <dependency><groupId>$g</groupId><artifactId>$a</artifactId><version>$v</version></dependency>
"
  done < <(coordinates_for "$version")
  cat >"$work/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.storyline</groupId>
  <artifactId>kafka-runtime</artifactId>
  <version>0</version>
  <packaging>pom</packaging>
  <dependencies>
$deps  </dependencies>
  <build>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-dependency-plugin</artifactId>
        <version>$DEPENDENCY_PLUGIN_VERSION</version>
      </plugin>
    </plugins>
  </build>
</project>
EOF

  # Copy into a temp folder and move it into place only when complete, so an interrupted
  # install never leaves a half-filled libs/ that looks usable.
  local staging="$home/libs.partial"
  rm -rf "$staging"
  log "fetching Kafka $version runtime closure from Maven Central (first time only) ..."
  # Maven's local repository lives in the cache too, so nothing outside cache/run is touched.
  if ! mvn -q -B -f "$work/pom.xml" \
        -Dmaven.repo.local="$CACHE_ROOT/m2" \
        org.apache.maven.plugins:maven-dependency-plugin:"$DEPENDENCY_PLUGIN_VERSION":copy-dependencies \
        -DincludeScope=runtime -DoutputDirectory="$staging" >"$work/mvn.log" 2>&1; then
    tail -n 40 "$work/mvn.log" >&2
    rm -rf "$staging" "$work"
    log "Maven could not fetch Kafka $version (output above)"
    return 1
  fi
  rm -rf "$work"
  local count
  count="$(find "$staging" -name '*.jar' | wc -l)"
  [[ -f "$staging/kafka_2.13-$version.jar" ]] || { rm -rf "$staging"; log "kafka_2.13-$version.jar missing after copy"; return 1; }

  rm -rf "$home/libs"
  mv "$staging" "$home/libs"
  write_logging_config "$home"
  marker_content "$version" >"$home/.installed"
  log "installed Kafka $version: $count jars in $home/libs"
}

# Echo the version to use, installing it if needed. An explicit STORYLINE_KAFKA_VERSION is used
# as is (no silent substitution); otherwise 4.3.1, with 3.9.1 as the fallback.
ensure_installed() {
  if [[ -n "${STORYLINE_KAFKA_VERSION:-}" ]]; then
    take_lock "$CACHE_ROOT/.kafka-install.lock"
    install_version "$STORYLINE_KAFKA_VERSION" || die "could not install Kafka $STORYLINE_KAFKA_VERSION"
    printf '%s' "$STORYLINE_KAFKA_VERSION"
    return 0
  fi
  if is_installed "$DEFAULT_KAFKA_VERSION"; then printf '%s' "$DEFAULT_KAFKA_VERSION"; return 0; fi
  take_lock "$CACHE_ROOT/.kafka-install.lock"
  if install_version "$DEFAULT_KAFKA_VERSION"; then printf '%s' "$DEFAULT_KAFKA_VERSION"; return 0; fi
  log "WARNING: falling back to Kafka $FALLBACK_KAFKA_VERSION"
  install_version "$FALLBACK_KAFKA_VERSION" || die "could not install Kafka $DEFAULT_KAFKA_VERSION nor $FALLBACK_KAFKA_VERSION"
  printf '%s' "$FALLBACK_KAFKA_VERSION"
}

# The version `start` runs: an installed one if possible, installing otherwise.
installed_version() {
  if [[ -z "${STORYLINE_KAFKA_VERSION:-}" ]]; then
    if is_installed "$DEFAULT_KAFKA_VERSION"; then printf '%s' "$DEFAULT_KAFKA_VERSION"; return 0; fi
    if is_installed "$FALLBACK_KAFKA_VERSION"; then printf '%s' "$FALLBACK_KAFKA_VERSION"; return 0; fi
  fi
  ensure_installed
}

# ---------------------------------------------------------------------------------------------
# start / stop
# ---------------------------------------------------------------------------------------------
write_server_config() {
  cat >"$CONFIG_FILE" <<EOF
# Generated by deploy/local/kafka.sh start — single-node KRaft (broker + controller in one JVM).
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
controller.listener.names=CONTROLLER
# 127.0.0.1 only: never reachable from outside this machine.
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$DATA_DIR

# One broker: every internal topic must make do with replication factor 1 / min ISR 1.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
default.replication.factor=1
min.insync.replicas=1

# Test-friendly behaviour: no 3 s wait before the first group rebalance, topics on first use.
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
num.partitions=3
EOF
}

print_failure_logs() {
  local f
  for f in "$BROKER_LOG" "$STDOUT_LOG"; do
    if [[ -s "$f" ]]; then
      printf -- '----- last 60 lines of %s -----\n' "$f" >&2
      tail -n 60 "$f" >&2
    fi
  done
}

stop_broker() {
  local pid
  if ! pid="$(our_broker_pid)"; then
    rm -f "$PID_FILE"
    log "no broker started by this script is running"
    return 0
  fi
  log "stopping broker (pid $pid) ..."
  kill -TERM "$pid" 2>/dev/null || true
  local waited=0
  while kill -0 "$pid" 2>/dev/null; do
    if (( waited >= STOP_TIMEOUT * 5 )); then
      log "broker did not exit ${STOP_TIMEOUT}s after SIGTERM; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      # SIGKILL cannot be ignored; wait briefly for the kernel to reap it.
      local k=0
      while kill -0 "$pid" 2>/dev/null && (( k < 50 )); do sleep 0.2; k=$((k + 1)); done
      break
    fi
    sleep 0.2
    waited=$((waited + 1))
  done
  kill -0 "$pid" 2>/dev/null && die "broker pid $pid is still alive after SIGKILL"
  rm -f "$PID_FILE"
  log "broker stopped"
}

start_broker() {
  take_lock "$RUN_ROOT/.kafka.lock"

  if broker_is_up; then
    log "broker already running (pid $(our_broker_pid)) on 127.0.0.1:$KAFKA_PORT"
    env_line
    return 0
  fi
  # Ours but not answering (wedged, or left half-started by a killed caller): replace it.
  if our_broker_pid >/dev/null; then
    log "a broker started by this script is running but not answering; restarting it"
    stop_broker
  fi
  rm -f "$PID_FILE"

  require_java
  local version home
  version="$(installed_version)"
  home="$(kafka_home "$version")"

  local p
  for p in "$KAFKA_PORT" "$CONTROLLER_PORT"; do
    if port_in_use "$p"; then
      die "127.0.0.1:$p is already in use by another process (not a broker this script started); stop it or set STORYLINE_KAFKA_PORT / STORYLINE_KAFKA_CONTROLLER_PORT"
    fi
  done

  mkdir -p "$KAFKA_RUN" "$LOG_DIR"
  if [[ "$KEEP_DATA" == "1" ]]; then
    log "keeping existing data in $DATA_DIR (STORYLINE_KAFKA_KEEP_DATA=1)"
  else
    rm -rf "$DATA_DIR"   # tests want a clean broker on every fresh start
  fi
  mkdir -p "$DATA_DIR"
  write_server_config
  # Keep the previous log for post-mortems, but start a new one: readiness is judged by the
  # ready line appearing in *this* launch's log.
  [[ -f "$BROKER_LOG" ]] && mv -f "$BROKER_LOG" "$BROKER_LOG.prev"
  [[ -f "$STDOUT_LOG" ]] && mv -f "$STDOUT_LOG" "$STDOUT_LOG.prev"

  local -a jvm_opts
  # shellcheck disable=SC2206  # heap flags are meant to split on spaces
  jvm_opts=($HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true
            "-Dkafka.logs.dir=$LOG_DIR")
  if (( $(major_of "$version") >= 4 )); then
    jvm_opts+=("-Dlog4j2.configurationFile=$home/log4j2.properties")
  else
    jvm_opts+=("-Dlog4j.configuration=file:$home/log4j.properties")
  fi
  local cp="$home/libs/*"

  # Format storage. When KEEP_DATA left a formatted folder in place, reuse its cluster id:
  # Kafka 4.x's `format --ignore-formatted` still refuses a folder whose meta.properties names
  # another cluster id than the one given.
  local cluster_id=""
  if [[ -f "$DATA_DIR/meta.properties" ]]; then
    cluster_id="$(sed -n 's/^cluster\.id=//p' "$DATA_DIR/meta.properties" | tail -n 1)"
  fi
  if [[ -z "$cluster_id" ]]; then
    # Output goes to a file first: on failure the JVM's message is on stdout, not stderr.
    if ! "$JAVA" "${jvm_opts[@]}" -cp "$cp" kafka.tools.StorageTool random-uuid \
          >"$KAFKA_RUN/random-uuid.out" 2>&1; then
      cat "$KAFKA_RUN/random-uuid.out" >>"$STDOUT_LOG"
      print_failure_logs
      die "kafka.tools.StorageTool random-uuid failed (output above)"
    fi
    cluster_id="$(tail -n 1 "$KAFKA_RUN/random-uuid.out" | tr -d '[:space:]')"
    [[ "$cluster_id" =~ ^[A-Za-z0-9_-]{22}$ ]] \
      || { cat "$KAFKA_RUN/random-uuid.out" >&2; die "StorageTool random-uuid printed no cluster id"; }
  fi
  if ! "$JAVA" "${jvm_opts[@]}" -cp "$cp" kafka.tools.StorageTool format \
        -t "$cluster_id" -c "$CONFIG_FILE" --ignore-formatted >>"$STDOUT_LOG" 2>&1; then
    print_failure_logs
    die "formatting $DATA_DIR failed"
  fi

  log "starting Kafka $version broker on 127.0.0.1:$KAFKA_PORT (controller 127.0.0.1:$CONTROLLER_PORT)"
  # setsid: own session, so the broker survives the caller's shell/process group going away;
  # nohup: ignore SIGHUP. stdin from /dev/null so it never holds the caller's terminal.
  # 9>&-: do not hand our lock file descriptor to the broker, or it would hold the lock (and
  # block every later start/stop) for as long as it runs.
  setsid nohup "$JAVA" "${jvm_opts[@]}" -cp "$cp" kafka.Kafka "$CONFIG_FILE" \
    </dev/null >>"$STDOUT_LOG" 2>&1 9>&- &
  local pid=$!
  echo "$pid" >"$PID_FILE"

  # Ready = our process alive, "Kafka Server started" in its log, and a real ApiVersions
  # request answered on the PLAINTEXT port.
  local started=$SECONDS
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      print_failure_logs
      rm -f "$PID_FILE"
      die "broker process exited during startup (logs above)"
    fi
    if grep -qF "$READY_LINE" "$BROKER_LOG" 2>/dev/null && kafka_answers; then
      break
    fi
    if (( SECONDS - started >= START_TIMEOUT )); then
      print_failure_logs
      log "broker not ready after ${START_TIMEOUT}s; stopping it"
      stop_broker || true
      die "broker did not become ready within ${START_TIMEOUT}s (logs above)"
    fi
    sleep 0.5
  done
  log "broker ready after $((SECONDS - started))s (pid $pid, data in $DATA_DIR)"
  env_line
}

# ---------------------------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------------------------
# Sourced (by kafka-cluster.sh): only the helpers above are wanted.
if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then return 0; fi

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//' >&2
}

cmd="${1:-}"
case "$cmd" in
  install)
    require_java
    v="$(ensure_installed)"
    log "Kafka $v ready in $(kafka_home "$v")"
    ;;
  start)
    start_broker
    ;;
  stop)
    take_lock "$RUN_ROOT/.kafka.lock"
    stop_broker
    ;;
  restart-keep-data)
    (take_lock "$RUN_ROOT/.kafka.lock"; stop_broker)
    KEEP_DATA=1
    start_broker
    ;;
  status)
    if broker_is_up; then
      log "running (pid $(our_broker_pid)) on 127.0.0.1:$KAFKA_PORT"
      exit 0
    fi
    log "not running"
    exit 1
    ;;
  env)
    env_line
    ;;
  -h|--help|help)
    usage
    ;;
  *)
    usage
    die "unknown command '${cmd}' (expected install|start|stop|restart-keep-data|status|env)"
    ;;
esac
