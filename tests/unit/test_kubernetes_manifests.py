"""The Kubernetes manifests (kustomize output of the local overlay) say what running Storyline
needs: probes on the health endpoints, resources, non-root pods, set-up Jobs, autoscalers within
the partition count, disruption budgets, scrape annotations; and the Grafana dashboard asks only
for metrics the processes export. Schema validation is kubeconform's (deploy/k8s/validate.sh)."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from prometheus_client import REGISTRY

import storyline_projector.observability  # noqa: F401 - registers the projector's metrics
from storyline.cli import build_parser
from storyline_platform.kafka_topics import DEFAULT_PARTITIONS

REPOSITORY = Path(__file__).resolve().parents[2]
KUSTOMIZE = Path(os.environ.get("STORYLINE_TOOLS_BIN", Path.home() / ".cache/storyline/bin"))
PROCESSES = ("ingest", "query", "extract-worker", "relay", "projector")


@pytest.fixture(scope="module")
def objects() -> dict[tuple[str, str], dict[str, Any]]:
    binary = KUSTOMIZE / "kustomize"
    if not binary.exists():
        if os.environ.get("STORYLINE_REQUIRE_SERVICES") == "1":
            pytest.fail("kustomize is missing: `make lint` installs it (deploy/k8s/validate.sh)")
        pytest.skip("kustomize not installed; run deploy/k8s/validate.sh")
    built = subprocess.run(
        [str(binary), "build", str(REPOSITORY / "deploy/k8s/overlays/local")],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    documents = [doc for doc in yaml.safe_load_all(built) if doc]
    return {(doc["kind"], doc["metadata"]["name"]): doc for doc in documents}


def pod_of(objects: dict[tuple[str, str], dict[str, Any]], kind: str, name: str) -> Any:
    return objects[(kind, f"storyline-{name}")]["spec"]["template"]


def test_every_process_is_probed_on_its_health_endpoints_as_a_non_root_user(
    objects: dict[tuple[str, str], dict[str, Any]],
) -> None:
    for name in PROCESSES:
        pod = pod_of(objects, "Deployment", name)
        (container,) = pod["spec"]["containers"]
        assert container["livenessProbe"]["httpGet"]["path"] == "/healthz", name
        assert container["readinessProbe"]["httpGet"]["path"] == "/readyz", name
        assert {"cpu", "memory"} <= set(container["resources"]["requests"]), name
        assert {"cpu", "memory"} <= set(container["resources"]["limits"]), name
        assert pod["spec"]["securityContext"]["runAsNonRoot"] is True, name
        assert container["securityContext"]["allowPrivilegeEscalation"] is False, name
        assert container["securityContext"]["readOnlyRootFilesystem"] is True, name
        port = int(pod["metadata"]["annotations"]["prometheus.io/port"])
        assert port in [p["containerPort"] for p in container["ports"]], name
        assert pod["metadata"]["annotations"]["prometheus.io/scrape"] == "true", name
        secrets = [source.get("secretRef", {}).get("name") or "" for source in container["envFrom"]]
        assert any(secret.startswith("storyline-secrets") for secret in secrets), name


def test_every_command_is_a_real_storyline_command(
    objects: dict[tuple[str, str], dict[str, Any]],
) -> None:
    parser = build_parser()
    pods = [pod_of(objects, "Deployment", name) for name in PROCESSES]
    pods += [pod_of(objects, "Job", name) for name in ("migrate", "topics")]
    for pod in pods:
        (container,) = pod["spec"]["containers"]
        assert container["args"][0] == "storyline"
        parser.parse_args(container["args"][1:])  # exits on an unknown command or option


def test_scaling_stays_within_the_partitions_and_disruptions_leave_a_replica(
    objects: dict[tuple[str, str], dict[str, Any]],
) -> None:
    assert objects[("Deployment", "storyline-projector")]["spec"]["replicas"] <= DEFAULT_PARTITIONS
    for name in ("ingest", "extract-worker"):
        autoscaler = objects[("HorizontalPodAutoscaler", f"storyline-{name}")]["spec"]
        assert autoscaler["scaleTargetRef"]["name"] == f"storyline-{name}"
    workers = objects[("HorizontalPodAutoscaler", "storyline-extract-worker")]["spec"]
    assert workers["maxReplicas"] <= DEFAULT_PARTITIONS
    for name in PROCESSES:
        assert ("PodDisruptionBudget", f"storyline-{name}") in objects, name
    assert ("Job", "storyline-migrate") in objects
    assert ("Job", "storyline-topics") in objects


def test_the_dashboard_asks_only_for_metrics_the_processes_export() -> None:
    dashboard = json.loads((REPOSITORY / "deploy/k8s/base/storyline-dashboard.json").read_text())
    asked = {
        name
        for panel in dashboard["panels"]
        for target in panel["targets"]
        for name in re.findall(r"\bstoryline_[a-z_]+", target["expr"])
    }
    suffixes = ("", "_total", "_bucket", "_count", "_sum")
    exported = {family.name + suffix for family in REGISTRY.collect() for suffix in suffixes}

    assert asked
    assert sorted(asked - exported) == []
