"""`analyzer serve`: the local web page for office staff."""
from __future__ import annotations

import ipaddress
import sys

import click

from . import main
from ..messages import msg
from .common import EXIT_FAILED_INPUTS, error

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this computer only (localhost or a loopback address)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def browser_wanted(host: str, environ=None, platform: str | None = None) -> bool:
    """Whether to open the page in a browser: only for a loopback host (the
    page is for the person at this computer), never with
    ANALYZER_NO_BROWSER set (the tests set it), and on Linux only with a
    graphical display, since without one Python's webbrowser would start a
    text browser inside this terminal."""
    import os

    env = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if env.get("ANALYZER_NO_BROWSER") or not is_loopback(host):
        return False
    if platform.startswith("linux") or "bsd" in platform:
        return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))
    return True


def start_browser(url: str):
    """Open ``url`` in a thread of its own (some browsers take seconds to
    answer) once the server's socket is listening; returns the thread."""
    import threading
    import webbrowser

    thread = threading.Thread(target=webbrowser.open, args=(url,), daemon=True, name="open-browser")
    thread.start()
    return thread


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Keep the default (this computer only) unless others must reach the page.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--max-upload-mb", type=click.FloatRange(min=0.1, max=1024), default=20, show_default=True,
              help="Largest upload (all files of one request together), in MB.")
@click.option("--browser/--no-browser", default=True, show_default=True,
              help="Open the page in the browser once the server listens (on this computer only).")
def serve(host, port, max_upload_mb, browser):
    """Start the local web page: upload or paste documents, read them
    annotated, edit the drafted rectification list and export it to .xlsx,
    .docx or .csv.

    It listens on 127.0.0.1 (this computer only) unless --host says otherwise,
    opens the page in the browser (--no-browser, or ANALYZER_NO_BROWSER=1, to
    skip), works offline (everything it shows is served by itself), keeps
    documents in memory only, and stops with Ctrl+C.  It runs werkzeug's
    threaded server, which is enough for a few people on one computer or
    office network, not for a public site.
    """
    try:
        import flask  # noqa: F401
        from werkzeug.serving import make_server

        from ..web.app import create_app
    except ImportError as exc:
        error(msg("web_missing", detail=exc))
        sys.exit(EXIT_FAILED_INPUTS)

    local = is_loopback(host)
    if not local:
        click.echo(msg("serve_public", host=host, port=port), err=True)
    app = create_app(max_upload_mb=max_upload_mb, allowed_hosts=LOOPBACK_HOSTS + (host.strip("[]"),) if local else None)
    try:
        server = make_server(host, port, app, threaded=True)
    except OSError as exc:
        error(msg("serve_port", host=host, port=port, detail=exc.strerror or exc))
        sys.exit(EXIT_FAILED_INPUTS)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{server.port}/"
    click.echo(msg("serve_at", url=url), err=True)
    if browser and browser_wanted(host):
        # make_server has bound and is listening: the browser's request waits
        # in the socket's queue until serve_forever takes it.
        click.echo(msg("serve_browser"), err=True)
        start_browser(url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo(msg("serve_stopped"), err=True)
    finally:
        server.server_close()
