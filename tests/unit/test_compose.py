"""docker-compose.yml is valid with the documented .env, keeps secrets out, and wires what it promises.

Runs ``docker-compose config`` (Debian's docker-compose 1.29; no Docker engine is needed) with a
temporary .env copied from .env.example and a clean environment, so neither a developer's real .env
nor their shell can make the file look valid.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
ENV_EXAMPLE = ROOT / ".env.example"
BINARY = shutil.which("docker-compose") or (
    "/usr/bin/docker-compose" if Path("/usr/bin/docker-compose").exists() else None
)
pytestmark = pytest.mark.skipif(
    BINARY is None, reason="docker-compose is not installed (apt-get install docker-compose)"
)

AIRFLOW_SERVICES = ("airflow-api-server", "airflow-scheduler", "airflow-dag-processor", "airflow-triggerer")
MOUNTED = ("/opt/pillars/dags", "/opt/pillars/plugins", "/opt/pillars/dbt_project", "/opt/pillars/expectations")


def _config(tmp_path: Path, env_text: str, *extra: str) -> subprocess.CompletedProcess:
    env_file = tmp_path / ".env"
    env_file.write_text(env_text)
    return subprocess.run(
        [BINARY, "--project-directory", str(ROOT), "--env-file", str(env_file), "-f", str(COMPOSE), *extra, "config"],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        timeout=60,
        check=False,
    )


@pytest.fixture(scope="module")
def config(tmp_path_factory) -> dict:
    done = _config(tmp_path_factory.mktemp("compose"), ENV_EXAMPLE.read_text())
    assert done.returncode == 0, done.stderr
    return yaml.safe_load(done.stdout)


def test_every_service_is_defined(config):
    expected = {"postgres", "pillars-init", *AIRFLOW_SERVICES, "partner-api", "superset"}
    assert expected <= set(config["services"])


def test_celery_is_an_opt_in_profile(config):
    for name in ("redis", "airflow-worker"):
        assert config["services"][name]["profiles"] == ["celery"]
    assert config["services"]["airflow-scheduler"]["environment"]["AIRFLOW__CORE__EXECUTOR"] == "LocalExecutor"
    assert "profiles" not in config["services"]["airflow-scheduler"]


def test_airflow_services_mount_the_project_and_wait_for_bootstrap(config):
    for name in (*AIRFLOW_SERVICES, "airflow-worker"):
        service = config["services"][name]
        targets = {
            volume.split(":")[1] if isinstance(volume, str) else volume["target"] for volume in service["volumes"]
        }
        assert set(MOUNTED) <= targets, name
        assert service["depends_on"]["pillars-init"]["condition"] == "service_completed_successfully"
        assert service["image"] == config["services"]["pillars-init"]["image"]
    assert "pillars db bootstrap" in " ".join(config["services"]["pillars-init"]["command"])


def test_one_image_built_from_the_lock_with_uv(config):
    build = config["services"]["pillars-init"]["build"]
    dockerfile = (ROOT / build["dockerfile"]).read_text()
    assert "uv pip sync" in dockerfile and "requirements.lock" in dockerfile


def test_bi_is_superset_provisioned_by_pillars_bi_after_bootstrap(config):
    """The same `pillars bi` as `make bi` (reader-only connection, dashboard from the repository's spec)."""
    superset = config["services"]["superset"]
    assert superset["command"][:2] == ["pillars", "bi"]
    assert superset["depends_on"]["pillars-init"]["condition"] == "service_completed_successfully"
    assert superset["environment"]["PILLARS_READER_PASSWORD"] == "change-me-reader"
    assert superset["environment"]["PILLARS_SUPERSET_PASSWORD"] == "change-me-superset"
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text()
    assert "deploy/superset/requirements.lock" in dockerfile and "PILLARS_SUPERSET_VENV" in dockerfile
    # the container runs as uid 50000: pillars bi must find the venv synced, not write into it
    assert ".pillars-synced.lock" in dockerfile


def test_secrets_come_only_from_env(config):
    text = COMPOSE.read_text()
    example = dict(line.split("=", 1) for line in ENV_EXAMPLE.read_text().splitlines() if re.match(r"^[A-Z_]+=", line))
    for name, value in example.items():
        if "change-me" in value:
            assert value not in text, f"{name}'s example value is written into docker-compose.yml"
    used = set(re.findall(r"\$\{([A-Z0-9_]+)", text))
    assert used <= set(example), f"variables used but not documented in .env.example: {sorted(used - set(example))}"
    assert ".env" in (ROOT / ".gitignore").read_text().split()


def test_a_missing_secret_fails_with_its_name(tmp_path):
    text = "\n".join(
        line for line in ENV_EXAMPLE.read_text().splitlines() if not line.startswith("PILLARS_READER_PASSWORD=")
    )
    done = _config(tmp_path, text)
    assert done.returncode != 0
    assert "PILLARS_READER_PASSWORD" in done.stderr
