"""Imported once by the fork server of the local Dask cluster
(``cluster.start_fork_server``) before it forks any worker: Dask and the
analyzer imported and the process warmed up for the run's options, so that
each worker forked from it starts warm instead of importing and warming up on
its own.

The options come in the environment variable ``cluster.WARM_ENV`` (the fork
server is started with a copy of the client's environment and no arguments).
"""
from __future__ import annotations

import base64
import os
import pickle
import signal

# Ctrl-C is for the client, which stops the run: without this a Ctrl-C
# during the warm-up would end the fork server with a traceback.  (The fork
# server ignores it too once running; its workers inherit this.)
signal.signal(signal.SIGINT, signal.SIG_IGN)

from . import cluster_worker  # noqa: E402  (Dask and the analyzer)
from .cluster import WARM_ENV  # noqa: E402

_spec = os.environ.pop(WARM_ENV, None)
if _spec:
    try:
        _work, _version = pickle.loads(base64.b64decode(_spec))
    except Exception:  # not understood: each worker warms up itself (the plugin)
        pass
    else:
        cluster_worker.ready(_work, _version)  # a SetupError is kept: the first chunk raises it
