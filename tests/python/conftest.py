"""Starts a real `natter serve` for the Python client tests and points the official clients at it."""

import json
import os
import pathlib
import subprocess
import tempfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def natter_binary() -> str:
    explicit = os.environ.get("NATTER_BIN")
    if explicit:
        return explicit
    target = os.environ.get("CARGO_TARGET_DIR", str(ROOT / "target"))
    return str(pathlib.Path(target) / "debug" / "natter")


class NatterServer:
    """A `natter serve` child on 127.0.0.1 with its own data directory."""

    def __init__(self, env: dict | None = None, log_path: str | None = None) -> None:
        """`env` adds `NATTER_*` overrides to the child's environment; `log_path` keeps its log (stderr)."""
        self.data_dir = tempfile.mkdtemp(prefix="natter-py-")
        self.log_path = log_path
        self._log = open(log_path, "w") if log_path else None
        self.process = subprocess.Popen(
            [natter_binary(), "serve", "--listen", "127.0.0.1:0", "--data-dir", self.data_dir],
            stdout=subprocess.PIPE,
            stderr=self._log if self._log else subprocess.DEVNULL,
            env={**os.environ, **(env or {})},
            text=True,
        )
        line = self.process.stdout.readline().strip()
        prefix = "natter listening on "
        if not line.startswith(prefix):
            self.process.kill()
            raise RuntimeError(f"natter did not start: {line!r}")
        self.base_url = line[len(prefix):]

    def create_app(self, org: str, app: str, open_registration: bool = False) -> dict:
        args = [natter_binary(), "app", "create", "--org", org, "--app", app, "--data-dir", self.data_dir, "--json"]
        if open_registration:
            args.append("--open-registration")
        output = subprocess.run(args, check=True, capture_output=True, text=True)
        return json.loads(output.stdout)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        if self._log:
            self._log.close()


@pytest.fixture(scope="session")
def natter():
    server = NatterServer()
    yield server
    server.stop()
