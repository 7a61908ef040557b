"""What the tracker's worker processes share: each ends with the process that started it
(a rebuild's second process, projections/replay.py; the web workers, web/serving.py)."""

from __future__ import annotations

import ctypes
import os
import signal
import threading
import time

# linux/prctl.h
_PR_SET_PDEATHSIG = 1
PARENT_CHECK_SECONDS = 0.5


def die_with_parent(parent: int) -> None:
    """End this worker process as soon as its parent is gone: a rebuild's worker left
    running would write beside the projector started next; a web worker would go on
    answering on a port its supervisor no longer owns.

    The parent may die by SIGKILL, which runs no handler, so the parent cannot be the one
    to stop it, nor signal a process group. On Linux the kernel does it: PR_SET_PDEATHSIG
    sends this process SIGKILL when the thread that started it ends (the rebuild waits for
    its child in that thread; the web supervisor forks from its main thread). The parent
    may have died before this line, and other systems have no prctl: then ``getppid``
    tells, once now and every half-second."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        watched = libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (AttributeError, OSError):  # not Linux
        watched = False
    if os.getppid() != parent:
        os._exit(1)
    if not watched:
        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(PARENT_CHECK_SECONDS)
            os._exit(1)
        threading.Thread(target=watch, name="parent-watch", daemon=True).start()
