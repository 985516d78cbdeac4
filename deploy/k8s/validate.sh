#!/usr/bin/env bash
# Validates the Kubernetes manifests: each kustomization builds, and every object it yields is
# valid against the Kubernetes API's JSON Schemas (strict: no unknown field), offline.
#
# kustomize and kubeconform are Go modules, installed once with `go install` at pinned versions
# into ~/.cache/storyline/bin. The schemas are the ones the kubernetes-validate package ships (a
# dev dependency pinned in uv.lock), so nothing is fetched while validating.
set -euo pipefail
cd "$(dirname "$0")/../.."

KUSTOMIZE_VERSION=v5.7.1
KUBECONFORM_VERSION=v0.7.0
KUBERNETES_VERSION=1.34.0
BIN="${STORYLINE_TOOLS_BIN:-$HOME/.cache/storyline/bin}"
PYTHON="${PYTHON:-.venv/bin/python}"

install() {  # name, module, version
  local stamp="$BIN/.$1-$3"
  if [[ ! -x "$BIN/$1" || ! -e "$stamp" ]]; then
    echo "installing $1 $3 into $BIN" >&2
    GOBIN="$BIN" GOFLAGS=-mod=mod go install "$2@$3"
    touch "$stamp"
  fi
}
mkdir -p "$BIN"
install kustomize sigs.k8s.io/kustomize/kustomize/v5 "$KUSTOMIZE_VERSION"
install kubeconform github.com/yannh/kubeconform/cmd/kubeconform "$KUBECONFORM_VERSION"

# kubernetes-validate's schemas name their definitions by URL ($id https://kubernetes.io/api/...,
# $ref /api/_definitions.json#...): rewritten once into a cache so that each resolves to the file
# beside it instead of being fetched.
schemas="${STORYLINE_SCHEMA_CACHE:-$HOME/.cache/storyline/k8s-schemas}/v$KUBERNETES_VERSION"
if [[ ! -e "$schemas/.complete" ]]; then
  "$PYTHON" - "$KUBERNETES_VERSION" "$schemas" <<'PY'
import json, pathlib, sys
import kubernetes_validate

version, target = sys.argv[1], pathlib.Path(sys.argv[2])
source = pathlib.Path(kubernetes_validate.__file__).parent / "kubernetes-json-schema"
target.mkdir(parents=True, exist_ok=True)
for path in (source / f"v{version}-local-strict").glob("*.json"):
    schema = json.loads(path.read_text())
    schema.pop("$id", None)
    text = json.dumps(schema).replace('"/api/_definitions.json#', '"_definitions.json#')
    (target / path.name).write_text(text)
(target / ".complete").touch()
PY
fi
location="$schemas/{{ .ResourceKind }}{{ .KindSuffix }}.json"

for kustomization in deploy/k8s/base deploy/k8s/overlays/*/; do
  echo "kubeconform: ${kustomization%/}" >&2
  "$BIN/kustomize" build "$kustomization" \
    | "$BIN/kubeconform" -strict -summary -schema-location "$location" -
done
