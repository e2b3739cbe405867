#!/usr/bin/env bash
# Runs every test of the project on a fresh machine: installs what the tests need, then runs the format
# and lint checks and the whole test suite. README.md's second command, and what .ci/run calls.
#
#   scripts/test.sh            install, check, test
#   NATTER_SKIP_INSTALL=1 ...  skip the install step (a machine that already has everything)
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n== %s\n' "$*" >&2; }

install_dependencies() {
    # The Rust toolchain (cargo, rustfmt, clippy) comes with the machine; everything else is installed here,
    # so a bare machine passes the same run as a developer's.
    command -v cargo >/dev/null || { echo "cargo is required (rustup)" >&2; exit 1; }
    # Debian packages the tests need (SQLite itself is compiled in).
    local apt_packages=()
    # A Python without venv/ensurepip (Debian's split packages) needs python3-venv.
    python3 -c 'import venv, ensurepip' 2>/dev/null || apt_packages+=(python3-venv)
    # Node runs the official Web SDKs (easemob-websdk, agora-chat); they need Node 18 or later (fetch,
    # node:test). Debian's nodejs and npm packages are enough.
    if ! command -v node >/dev/null || ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) < 18 ? 1 : 0)'; then
        apt_packages+=(nodejs)
    fi
    command -v npm >/dev/null || apt_packages+=(npm)
    local missing=()
    for package in "${apt_packages[@]}"; do
        dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        log "installing Debian packages: ${missing[*]}"
        if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
        $SUDO apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
    fi
    # Python: the official clients from PyPI, in a virtualenv of the project's own.
    if [ ! -x "$VENV/bin/python" ]; then
        log "creating the Python virtualenv $VENV"
        python3 -m venv "$VENV"
    fi
    log "installing the Python test clients (PyPI)"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check -r tests/python/requirements.txt
    # rongcloud 2.0.1 installs under the same package name as rc-server-sdk, so it lives apart, in a
    # --target directory the RongCloud tests import it from as `rongcloud_2`.
    "$VENV/bin/pip" install --quiet --disable-pip-version-check --no-deps --upgrade \
        --target "$VENV/natter-rongcloud-2" -r tests/python/requirements-rongcloud-2.txt
    if ! cargo nextest --version >/dev/null 2>&1; then
        log "installing cargo-nextest"
        cargo install --locked cargo-nextest || log "cargo-nextest unavailable: falling back to cargo test"
    fi
}

TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
VENV="${NATTER_VENV:-$TARGET_DIR/py-venv}"

if [ "${NATTER_SKIP_INSTALL:-0}" != "1" ]; then
    log "install"
    install_dependencies
fi

if [ -d ../shared/seeds ]; then
    log "../shared found: the catalog is checked against the seeds and references"
else
    log "../shared absent: the seed checks are skipped; the project's own tests still run"
fi

log "cargo fmt --check"
cargo fmt --all -- --check

log "cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

log "Rust tests"
status=0
if cargo nextest --version >/dev/null 2>&1; then
    cargo nextest run --workspace --locked --no-fail-fast || status=$?
else
    cargo test --workspace --locked --no-fail-fast || status=$?
fi

log "official Python clients against natter serve"
# The same feature set as the test build above, so this reuses its artifacts instead of compiling the
# workspace a second time.
cargo build --workspace --all-targets --locked
NATTER_BIN="$TARGET_DIR/debug/natter" "$VENV/bin/python" -m pytest -q tests/python || status=$?

log "official Web SDKs (easemob-websdk, agora-chat) against natter serve"
if [ "${NATTER_SKIP_INSTALL:-0}" != "1" ] || [ ! -d tests/sdk/node_modules ]; then
    npm ci --prefix tests/sdk --no-audit --no-fund --loglevel=error
fi
NATTER_BIN="$TARGET_DIR/debug/natter" node --test --test-concurrency=1 tests/sdk/test/ || status=$?

exit "$status"
