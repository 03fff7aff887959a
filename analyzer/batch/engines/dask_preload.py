"""Imported once by the fork server of the local Dask cluster
(``dask.start_fork_server``) before it forks any worker: Dask and the
analyzer imported and the process warmed up for the run's options, so that
each worker forked from it starts warm instead of importing and warming up on
its own.

The options come in the environment variable ``dask.WARM_ENV`` (the fork
server is started with a copy of the client's environment and no arguments).
"""
from __future__ import annotations

import atexit
import os
import signal

# Ctrl-C is for the client, which stops the run: without this a Ctrl-C
# during the warm-up would end the fork server with a traceback.  (The fork
# server ignores it too once running; its workers inherit this.)
signal.signal(signal.SIGINT, signal.SIG_IGN)

from . import dask_worker  # noqa: E402  (Dask and the analyzer)
from ..worker import work_from_json  # noqa: E402
from .dask import WARM_ENV  # noqa: E402

_spec = os.environ.pop(WARM_ENV, None)
if _spec:
    try:
        _work, _version = work_from_json(_spec)
    except Exception:  # not understood: each worker warms up itself (the plugin)
        pass
    else:
        dask_worker.ready(_work, _version)  # a SetupError is kept: the first chunk raises it

# The fork server is stopped (and waited for) at the end of the run, when its
# workers are gone: nothing of it needs tidying up, and the interpreter's own
# tidying up (its modules, the warm analyzer) took some 0.1-0.2 s of the run.
# The forked workers never run exit handlers (multiprocessing ends them with
# os._exit), so this is the fork server's alone.
atexit.register(os._exit, 0)
