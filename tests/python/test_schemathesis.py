"""Fuzzes the whole REST API with schemathesis (a property-based API tester nobody here wrote), driven by the
server's own `GET /openapi.yaml`: no request may get a 5xx, every reply must have a documented content type
(JSON for every error), and every reply must match its documented schema.

The run is bounded (examples per operation, a fixed seed, a time limit on the subprocess) so that it stays
within a few minutes on two cores. The fuzzed server has its rate limits off, so that a quota reply (429)
does not hide what the handlers answer.

One schemathesis worker: with two, CPython 3.11.7's `ast.parse` (which hypothesis calls to describe its
filters) races between threads and fails the run with `SystemError: AST constructor recursion depth
mismatch` (CPython gh-106905, fixed in 3.11.8). Concurrent writes are pinned by the Rust tests instead.
"""

import os
import pathlib
import re
import subprocess
import sys
import time

import pytest
import requests

from conftest import NatterServer

ORG = "fuzzorg"
APP = "fuzzapp"
# The users the document's examples name (alice, bob, carol, dave; erin is the one `DELETE /users/{u}`
# deletes), registered after some filler users: `DELETE /users` deletes the oldest. alice owns the group and
# the chat room the run works on; bob and carol are members.
FILLERS = [f"old{index:02}" for index in range(20)]
USERS = ["alice", "bob", "carol", "dave", "erin"]
# Fixed, so that a run is reproducible; a deeper local hunt overrides them (NATTER_FUZZ_SEED=7
# NATTER_FUZZ_MAX_EXAMPLES=200 pytest tests/python/test_schemathesis.py).
SEED = int(os.environ.get("NATTER_FUZZ_SEED", "20240601"))
MAX_EXAMPLES = int(os.environ.get("NATTER_FUZZ_MAX_EXAMPLES", "30"))
# The run takes about a minute here; past this it is a failure, not a hang.
TIME_LIMIT_SECS = 420 * max(1, MAX_EXAMPLES // 30)
CHECKS = "not_a_server_error,content_type_conformance,response_schema_conformance"

# org and app are fixed (a generated one only ever gets the 404 of an unknown app), and so are the group
# and chat room (a generated ID names nothing); the destroy calls get rooms of their own. `DELETE /users`
# deletes one user per call, so that the example users outlive most of the run.
CONFIG = """
[parameters]
"path.org" = "{org}"
"path.app" = "{app}"
"path.group_id" = "{group}"
"path.chatroom_id" = "{room}"

[[operations]]
include-operation-id = "deleteOldestUsers"
parameters = {{ "query.limit" = "1" }}

[[operations]]
include-operation-id = "destroyGroup"
parameters = {{ "path.group_id" = "{doomed_group}" }}

[[operations]]
include-operation-id = "destroyChatRoom"
parameters = {{ "path.chatroom_id" = "{doomed_room}" }}
"""

ANSI = re.compile(r"\x1b\[[0-9;]*m")


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


def register(server: NatterServer, token: str, names: list[str]) -> None:
    response = requests.post(
        f"{server.base_url}/{ORG}/{APP}/users",
        json=[{"username": name, "password": "secret-1"} for name in names],
        headers={"Authorization": f"Bearer {token}"},
        timeout=60,
    )
    assert response.status_code == 200, response.text


def create(server: NatterServer, token: str, resource: str, body: dict, id_field: str) -> str:
    response = requests.post(
        f"{server.base_url}/{ORG}/{APP}/{resource}", json=body, headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    return str(response.json()["data"][id_field])


def test_schemathesis_finds_no_server_error_and_no_undocumented_reply(fuzzed, tmp_path):
    app = fuzzed.create_app(ORG, APP)
    token = app_token(fuzzed, app)
    register(fuzzed, token, FILLERS)
    register(fuzzed, token, USERS)
    group = {"groupname": "team", "description": "the team", "public": True, "maxusers": 200, "owner": "alice",
             "members": ["bob", "carol"]}
    room = {"name": "lobby", "description": "the lobby", "maxusers": 300, "owner": "alice", "members": ["bob"]}

    config = tmp_path / "schemathesis.toml"
    config.write_text(CONFIG.format(
        org=ORG, app=APP,
        group=create(fuzzed, token, "chatgroups", group, "groupid"),
        doomed_group=create(fuzzed, token, "chatgroups", group, "groupid"),
        room=create(fuzzed, token, "chatrooms", room, "id"),
        doomed_room=create(fuzzed, token, "chatrooms", room, "id"),
    ))
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
        "--workers", "1",
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
    (tmp_path / "schemathesis.out").write_text(output)
    summary = output[output.rfind("=" * 20 + " SUMMARY"):] if "SUMMARY" in output else output[-3000:]
    print(f"schemathesis ran {elapsed:.0f}s (exit {result.returncode}); full output in {tmp_path / 'schemathesis.out'}")
    print(summary)
    if result.returncode != 0:
        failures = output[output.find("=" * 20 + " FAILURES"):] if "FAILURES" in output else output
        log = ANSI.sub("", pathlib.Path(fuzzed.log_path).read_text(errors="replace"))
        server_errors = [line for line in log.splitlines() if "request failed" in line]
        pytest.fail(
            f"schemathesis reported failures (exit {result.returncode}):\n{failures[:20000]}\n"
            "server errors logged:\n" + "\n".join(server_errors[-30:])
        )
    # The run really exercised the API: every operation was tested, none errored.
    assert re.search(r"Tested:\s+(\d+)", summary), summary
    selected = re.search(r"Selected:\s+(\d+)/(\d+)", summary)
    tested = re.search(r"Tested:\s+(\d+)", summary)
    assert selected and tested and tested.group(1) == selected.group(2), summary
