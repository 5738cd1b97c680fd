#!/usr/bin/env python3
"""Run a throwaway Neo4j Community server from the Maven jars that ``fetch.sh`` cached.

Used by the test suite (tests/neo4j_server.py), the benchmarks, and by hand::

    scripts/neo4j/fetch.sh
    python scripts/neo4j/server.py              # prints the bolt URI, runs until Ctrl-C
    python scripts/neo4j/server.py --port 7687 --home ~/seccoop-neo4j --password s3cret

Neo4j's own ``bin/neo4j`` is not on Maven Central, so this runs the ``java`` command that launcher
would run: ``org.neo4j.server.CommunityEntryPoint`` with a generated ``conf/neo4j.conf`` under the
server's home directory (loopback only, HTTP off, usage report off, small heap and page cache).
Standard library plus the ``neo4j`` Python driver (only for the readiness check).
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
# Neo4j reflects into these JDK internals (off-heap buffers, Netty); without them it fails on Java 17.
JVM_FLAGS = ("--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
             "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
             "-Dio.netty.tryReflectionSetAccessible=true", "-XX:+UseSerialGC")
INITIAL_PASSWORD = "neo4j"          # Neo4j's built-in first password, which must be changed at once


class LaunchError(RuntimeError):
    """The server could not be started; ``reason`` is one line, ``log_tail`` the server's last words."""

    def __init__(self, reason: str, log_tail: str = ""):
        self.reason, self.log_tail = reason, log_tail
        super().__init__(reason + (f"\n--- server log (tail) ---\n{log_tail}" if log_tail else ""))


def cache_dir() -> Path:
    return Path(os.environ.get("SECCOOP_CACHE") or Path.home() / ".cache" / "seccoop")


def lib_dir() -> Path:
    """Where fetch.sh put the jars (same rule as fetch.sh)."""
    return Path(os.environ.get("SECCOOP_NEO4J_LIB") or cache_dir() / "neo4j-lib")


def find_java() -> str | None:
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").exists():
        return str(Path(java_home) / "bin" / "java")
    return shutil.which("java")


def free_port() -> int:
    """A currently free loopback port (the server binds it a moment later; start() retries on a race)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_config(port: int, auth: bool, pagecache: str) -> dict[str, str]:
    """neo4j.conf settings for a private, quiet, small server. Directories default to under the home."""
    return {
        "server.bolt.listen_address": f"127.0.0.1:{port}",
        "server.bolt.advertised_address": f"127.0.0.1:{port}",
        "server.default_listen_address": "127.0.0.1",
        "server.http.enabled": "false",
        "server.https.enabled": "false",
        "dbms.security.auth_enabled": "true" if auth else "false",
        "dbms.usage_report.enabled": "false",
        "server.memory.pagecache.size": pagecache,
        "db.tx_log.rotation.retention_policy": "2 files",
    }


class Neo4jServer:
    """One Neo4j child process with its own home directory.

    Without ``home`` a temporary directory is created and deleted on ``stop()``; with ``home`` the
    data is kept, so a stopped server can be started again on the same data (``start()`` twice).
    With ``password`` authentication is on and the ``neo4j`` user gets that password.
    """

    def __init__(self, home: str | Path | None = None, port: int | None = None,
                 password: str | None = None, heap: str = "512m", pagecache: str = "64m"):
        self._own_home = home is None
        self.home = Path(home) if home else Path(tempfile.mkdtemp(prefix="seccoop-neo4j-"))
        self.fixed_port, self.password = port, password
        self.heap, self.pagecache = heap, pagecache
        self.port: int | None = None
        self.process: subprocess.Popen | None = None

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    @property
    def auth(self) -> tuple[str, str] | None:
        return ("neo4j", self.password) if self.password else None

    def start(self, timeout: float = 90.0) -> str:
        """Start the server and wait until it answers Bolt; returns the bolt URI."""
        java, lib = find_java(), lib_dir()
        if not java:
            raise LaunchError("Java is not installed (no JAVA_HOME, no `java` on PATH); Neo4j 5.26 needs Java 17 or 21")
        if not any(lib.glob("neo4j-bolt-*.jar")):
            raise LaunchError(f"Neo4j jars not found in {lib}; run scripts/neo4j/fetch.sh")
        for attempt in range(3):
            self._spawn(java, lib)
            try:
                self._wait_ready(timeout)
                break
            except LaunchError as err:
                self.kill()
                port_race = "already in use" in err.log_tail.lower() and self.fixed_port is None
                if not port_race or attempt == 2:
                    raise
        if self.password:
            self._set_password()
        return self.uri

    def _spawn(self, java: str, lib: Path) -> None:
        self.port = self.fixed_port or free_port()
        conf_dir = self.home / "conf"
        conf_dir.mkdir(parents=True, exist_ok=True)
        settings = server_config(self.port, bool(self.password), self.pagecache)
        (conf_dir / "neo4j.conf").write_text("".join(f"{k}={v}\n" for k, v in settings.items()))
        cmd = [java, f"-Xms{self.heap}", f"-Xmx{self.heap}", *JVM_FLAGS, "-cp", f"{lib}/*", ENTRY_POINT,
               f"--home-dir={self.home}", f"--config-dir={conf_dir}"]
        with open(self.console_log, "ab") as out:
            self.process = subprocess.Popen(cmd, cwd=self.home, stdout=out, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent)

    @property
    def console_log(self) -> Path:
        return self.home / "console.log"

    def _wait_ready(self, timeout: float) -> None:
        from neo4j import GraphDatabase
        from neo4j.exceptions import AuthError, DriverError, Neo4jError

        deadline = time.monotonic() + timeout
        auth = ("neo4j", INITIAL_PASSWORD) if self.password else None
        while True:
            if self.process.poll() is not None:
                raise LaunchError(f"Neo4j exited with code {self.process.returncode} while starting",
                                  self.log_tail())
            try:
                with GraphDatabase.driver(self.uri, auth=auth, connection_timeout=2) as driver:
                    driver.verify_connectivity()
                return
            except AuthError:
                return      # answering; a restarted server already has our password, not the first one
            except (DriverError, Neo4jError, OSError):
                pass        # not listening yet
            if time.monotonic() > deadline:
                raise LaunchError(f"Neo4j did not answer on {self.uri} within {timeout:.0f} s", self.log_tail())
            time.sleep(0.5)

    def _set_password(self) -> None:
        """Replace the built-in first password (a restarted server already has ours)."""
        from neo4j import GraphDatabase
        from neo4j.exceptions import AuthError

        try:
            with GraphDatabase.driver(self.uri, auth=("neo4j", INITIAL_PASSWORD)) as driver:
                driver.execute_query("ALTER CURRENT USER SET PASSWORD FROM $old TO $new",
                                     old=INITIAL_PASSWORD, new=self.password, database_="system")
        except AuthError:
            with GraphDatabase.driver(self.uri, auth=self.auth) as driver:
                driver.verify_connectivity()            # raises if neither password works

    def log_tail(self, lines: int = 40) -> str:
        """The last lines of the console output and of logs/neo4j.log, for error messages."""
        parts = []
        for path in (self.console_log, self.home / "logs" / "neo4j.log"):
            if path.exists():
                text = path.read_text(errors="replace").splitlines()[-lines:]
                parts.append(f"[{path.name}]\n" + "\n".join(text))
        return "\n".join(parts)

    def stop(self, timeout: float = 60.0) -> None:
        """Shut down cleanly (SIGTERM), then kill if it hangs; delete a temporary home."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        if self._own_home:
            shutil.rmtree(self.home, ignore_errors=True)

    def kill(self) -> None:
        """SIGKILL the child, as a crash would (tests of recovery use this)."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()


def _die_with_parent() -> None:
    """In the child, before exec: ask Linux to SIGTERM the JVM when its parent dies, so a test
    run that is killed outright leaves no server behind (Linux ties this to the thread that
    started the server: start it from a thread that lives as long as the server). No-op elsewhere."""
    if sys.platform.startswith("linux"):
        import ctypes
        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run a local Neo4j Community server for seccoop.")
    parser.add_argument("--home", help="data/log directory to keep (default: a temporary one)")
    parser.add_argument("--port", type=int, help="bolt port on 127.0.0.1 (default: a free one)")
    parser.add_argument("--password", help="enable auth with user neo4j and this password")
    parser.add_argument("--heap", default="512m")
    parser.add_argument("--pagecache", default="64m")
    parser.add_argument("--timeout", type=float, default=90.0)
    args = parser.parse_args(argv)
    server = Neo4jServer(args.home, args.port, args.password, args.heap, args.pagecache)
    try:
        server.start(args.timeout)
    except LaunchError as err:
        print(f"error: {err}", file=sys.stderr)
        server.stop()
        return 1
    # Ctrl-C and `kill` both stop the server cleanly, also when this runs in the background
    # (where a shell starts it with SIGINT ignored).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"Neo4j is up: {server.uri} (home {server.home}). Ctrl-C stops it.", flush=True)
    print(f"  export SECCOOP_STORE={server.uri}" + (f" NEO4J_USER=neo4j NEO4J_PASSWORD={args.password}"
                                                   if args.password else ""), flush=True)
    try:
        server.process.wait()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
