#!/usr/bin/env bash
# Run a command with real Kafka and PostgreSQL available, starting them only if they are not
# given (KAFKA_BOOTSTRAP_SERVERS, STORYLINE_TEST_DATABASE_URL), and stopping what it started.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
started=()

cleanup() {
  for service in "${started[@]}"; do
    # Without the exported URLs: with them set, the scripts treat the servers as someone else's.
    env -u KAFKA_BOOTSTRAP_SERVERS -u STORYLINE_TEST_DATABASE_URL \
      bash "$here/$service.sh" stop >/dev/null 2>&1 || true
  done
}
trap cleanup EXIT

# start SERVICE: start it and export the VARIABLE=value line its script prints last.
start() {
  local line
  if ! line="$(bash "$here/$1.sh" start | tail -n 1)" || [[ "$line" != *=* ]]; then
    echo "run-with-services: could not start $1 (see the messages above)" >&2
    exit 1
  fi
  started+=("$1")
  export "${line?}"
}

if [ -z "${KAFKA_BOOTSTRAP_SERVERS:-}" ]; then
  bash "$here/kafka.sh" install
  start kafka
fi
if [ -z "${STORYLINE_TEST_DATABASE_URL:-}" ]; then
  start postgres
fi
export STORYLINE_REQUIRE_SERVICES=1
echo "Kafka: $KAFKA_BOOTSTRAP_SERVERS  PostgreSQL: $STORYLINE_TEST_DATABASE_URL"
"$@"
