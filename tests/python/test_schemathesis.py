"""Fuzzes the whole REST API with schemathesis (a property-based API tester nobody here wrote), driven by the
server's own `GET /openapi.yaml`: no request may get a 5xx, every reply must have a documented content type
(JSON for every error), and every reply must match its documented schema.

The run is bounded (examples per operation, a fixed seed, a time limit on the subprocess) so that it stays
within a few minutes on two cores; the rate limits of the fuzzed server are off so that a quota reply (429)
does not hide what the handlers answer.
"""

import os
import pathlib
import subprocess
import sys
import time

import pytest
import requests

from conftest import NatterServer

ORG = "fuzzorg"
APP = "fuzzapp"
USERS = ("alice", "bob", "carol", "dave")
SEED = 20240601
MAX_EXAMPLES = 30
# The whole run normally takes well under this; past it the run is a failure, not a hang.
TIME_LIMIT_SECS = 420
CHECKS = "not_a_server_error,content_type_conformance,response_schema_conformance"


def schemathesis_binary() -> str:
    # Installed into the same virtualenv as pytest (tests/python/requirements.txt).
    return str(pathlib.Path(sys.executable).with_name("schemathesis"))


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory):
    log_path = tmp_path_factory.mktemp("natter-fuzz") / "natter.log"
    server = NatterServer(env={"NATTER_RATE_LIMITS__ENABLED": "false"}, log_path=str(log_path))
    yield server
    server.stop()


def app_token(server: NatterServer, app: dict) -> str:
    response = requests.post(
        f"{server.base_url}/{ORG}/{APP}/token",
        json={"grant_type": "client_credentials", "client_id": app["client_id"], "client_secret": app["client_secret"]},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


def test_schemathesis_finds_no_server_error_and_no_undocumented_reply(fuzzed, tmp_path):
    app = fuzzed.create_app(ORG, APP)
    token = app_token(fuzzed, app)
    # A few real users, so that generated IDs sometimes collide with existing ones and the handlers get
    # past their "no such user" answers; the fuzzer's own registrations add more.
    response = requests.post(
        f"{fuzzed.base_url}/{ORG}/{APP}/users",
        json=[{"username": name, "password": "secret-1", "nickname": name.title()} for name in USERS],
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert response.status_code == 200, response.text

    # org and app are fixed: a generated one only ever gets the 404 of an unknown app.
    config = tmp_path / "schemathesis.toml"
    config.write_text(f'[parameters]\n"path.org" = "{ORG}"\n"path.app" = "{APP}"\n')
    command = [
        schemathesis_binary(),
        "--config-file", str(config),
        "run", f"{fuzzed.base_url}/openapi.yaml",
        "--url", fuzzed.base_url,
        "--header", f"Authorization: Bearer {token}",
        "--checks", CHECKS,
        "--max-examples", str(MAX_EXAMPLES),
        "--seed", str(SEED),
        "--generation-database", "none",
        "--workers", "2",
        "--request-timeout", "30",
        "--no-color",
    ]
    started = time.monotonic()
    result = subprocess.run(
        command, cwd=tmp_path, capture_output=True, text=True, timeout=TIME_LIMIT_SECS,
        env={**os.environ, "NO_COLOR": "1"},
    )
    elapsed = time.monotonic() - started
    output = result.stdout + result.stderr
    print(f"schemathesis ran {elapsed:.0f}s: {' '.join(command[:1] + command[3:])}")
    print(output[-4000:])
    if result.returncode != 0:
        log = pathlib.Path(fuzzed.log_path).read_text(errors="replace")
        server_errors = [line for line in log.splitlines() if "request failed" in line]
        pytest.fail(
            f"schemathesis reported failures (exit {result.returncode}):\n{output[-30000:]}\n"
            f"server errors logged:\n" + "\n".join(server_errors[-50:])
        )
    # The run really exercised the API (a schema that failed to load would test nothing).
    assert "No issues found" in output or "passed" in output, output[-4000:]
