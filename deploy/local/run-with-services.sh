#!/usr/bin/env bash
# Run a command with real Kafka and PostgreSQL available, starting them only if they are not
# given (KAFKA_BOOTSTRAP_SERVERS, STORYLINE_TEST_DATABASE_URL), and stopping what it started.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
started=()

cleanup() {
  for service in "${started[@]}"; do
    bash "$here/$service.sh" stop >/dev/null 2>&1 || true
  done
}
trap cleanup EXIT

if [ -z "${KAFKA_BOOTSTRAP_SERVERS:-}" ]; then
  bash "$here/kafka.sh" install
  export "$(bash "$here/kafka.sh" start | tail -n 1)"
  started+=(kafka)
fi
if [ -z "${STORYLINE_TEST_DATABASE_URL:-}" ]; then
  export "$(bash "$here/postgres.sh" start | tail -n 1)"
  started+=(postgres)
fi
export STORYLINE_REQUIRE_SERVICES=1
echo "Kafka: $KAFKA_BOOTSTRAP_SERVERS  PostgreSQL: $STORYLINE_TEST_DATABASE_URL"
"$@"
