"""Serving the application in several processes on one port (``python -m web.serving``,
which scripts/serve.sh starts beside the projector).

A waitress process runs its threads' Python one at a time (the interpreter's lock): under
the load run (``make load``) one process was the limit at three quarters of a core while
the machine had more to give. So a supervisor binds the listening socket once and forks
the workers; each makes its own application (its own connections, after the fork) and
serves that socket with waitress, and the kernel hands each new connection to one of them.
A worker that dies is started again; the workers end with the supervisor. Connections
are spread over the workers as they are made, and a keep-alive connection stays with its
worker.

Several workers must count sign-in failures and writes together (web/limits.py): more
than one is refused unless ``TRACKER_RATELIMIT_STORAGE_URI`` names a shared store."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import socket
import sys
import time

from tracker.processes import die_with_parent

# A worker that dies is started again after this long (a worker failing at start would
# otherwise be forked in a tight loop).
RESTART_SECONDS = 2.0


def processes_wanted(environ, asked: int | None = None) -> int:
    """How many workers: ``asked`` (``--processes``), else ``TRACKER_WEB_PROCESSES``, else
    one. More pay where cores are free: on the load run's 2-core machine, shared with
    PostgreSQL and the projector, two gave no more than one (README, Benchmark)."""
    shared = (environ.get("TRACKER_RATELIMIT_STORAGE_URI") or "memory://") != "memory://"
    if asked is None:
        raw = environ.get("TRACKER_WEB_PROCESSES", "").strip()
        if not raw:
            return 1
        try:
            asked = int(raw)
        except ValueError:
            asked = 0
        if asked < 1:
            raise ValueError(f"TRACKER_WEB_PROCESSES doit être un nombre entier au moins égal "
                             f"à 1 (reçu : {raw!r}).")
    if asked > 1 and not shared:
        raise ValueError(
            f"{asked} processus web demandés, mais les essais de connexion et les écritures "
            f"seraient comptés par chacun à part : la limite serait multipliée par {asked}. "
            f"Indiquez TRACKER_RATELIMIT_STORAGE_URI=redis://hôte:6379/0, ou un seul "
            f"processus (TRACKER_WEB_PROCESSES=1).")
    return asked


def listening_socket(listen: str) -> socket.socket:
    """The socket of ``host:port`` (port 0: one the system chooses), bound and listening."""
    host, _, port = listen.rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    return socket.create_server((host, int(port)), family=family, backlog=1024)


class Supervisor:
    """Forks the workers, starts again those that die, and stops them all on SIGTERM or
    SIGINT."""

    def __init__(self, listening: socket.socket, processes: int, serve_options: dict):
        self.listening = listening
        self.processes = processes
        self.serve_options = serve_options
        self.workers: set[int] = set()
        self.stopping = False

    def run(self) -> int:
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        for _ in range(self.processes):
            self._fork()
        while self.workers:
            try:  # a signal handled meanwhile does not interrupt it (PEP 475)
                pid, status = os.wait()
            except ChildProcessError:
                break
            self.workers.discard(pid)
            if not self.stopping:
                print(f"Processus web {pid} arrêté (statut {status}) ; redémarrage dans "
                      f"{RESTART_SECONDS:g} s.", file=sys.stderr, flush=True)
                time.sleep(RESTART_SECONDS)
                if not self.stopping:
                    self._fork()
        return 0

    def _stop(self, signum, _frame) -> None:
        self.stopping = True
        for pid in list(self.workers):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    def _fork(self) -> None:
        parent = os.getpid()
        pid = os.fork()
        if pid:
            self.workers.add(pid)
            return
        try:  # the worker
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            die_with_parent(parent)
            serve(self.listening, self.serve_options)
        finally:
            os._exit(1)


class NowAndThen(logging.Filter):
    """Lets one record through per ``seconds``; the next one says how many were held back.

    waitress warns « Task queue depth is N » for every request that waits for a free
    thread: on a busy day, hundreds of lines a second, each written and flushed by the
    thread serving (1% of a web process's time under the load run), for one fact an
    operator needs once a minute: the workers are all busy."""

    def __init__(self, seconds: float = 60.0):
        super().__init__()
        self.seconds, self.held, self._next = seconds, 0, float("-inf")

    def filter(self, record: logging.LogRecord) -> bool:
        now = time.monotonic()
        if now < self._next:
            self.held += 1
            return False
        if self.held:
            record.msg = f"{record.getMessage()} ({self.held} more like it held back)"
            record.args = ()
        self.held, self._next = 0, now + self.seconds
        return True


def serve(listening: socket.socket, options: dict) -> None:
    """In a worker: the application, made here, served on the inherited socket."""
    import waitress

    from wsgi import app

    logging.getLogger("waitress").setLevel(logging.INFO)  # « Serving on … », as waitress-serve
    logging.getLogger("waitress.queue").addFilter(NowAndThen())
    waitress.serve(app, sockets=[listening], **options)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m web.serving", description=__doc__.split(
        "\n\n")[0])
    parser.add_argument("--listen", default="127.0.0.1:8000", help="host:port (port 0: any)")
    parser.add_argument("--processes", type=int, help="workers [TRACKER_WEB_PROCESSES]")
    parser.add_argument("--threads", type=int, default=8, help="waitress threads per worker")
    parser.add_argument("--max-request-body-size", type=int, default=1073741824)
    parser.add_argument("--url-scheme", default="http", choices=("http", "https"))
    args = parser.parse_args(argv)
    try:
        processes = processes_wanted(os.environ, args.processes)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    listening = listening_socket(args.listen)
    host, port = listening.getsockname()[:2]
    print(f"Service sur http://{host}:{port} : {processes} processus de {args.threads} fils.",
          file=sys.stderr, flush=True)
    return Supervisor(listening, processes, {
        "threads": args.threads, "max_request_body_size": args.max_request_body_size,
        "url_scheme": args.url_scheme}).run()


if __name__ == "__main__":
    sys.exit(main())
