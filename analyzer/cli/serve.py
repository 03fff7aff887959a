"""`analyzer serve`: the local web page for office staff."""
from __future__ import annotations

import ipaddress
import sys

import click

from . import main
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


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Keep the default (this computer only) unless others must reach the page.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--max-upload-mb", type=click.FloatRange(min=0.1, max=1024), default=20, show_default=True,
              help="Largest upload (all files of one request together), in MB.")
def serve(host, port, max_upload_mb):
    """Start the local web page: upload or paste documents, read them
    annotated, edit the drafted rectification list and export it to .xlsx,
    .docx or .csv.

    It listens on 127.0.0.1 (this computer only) unless --host says otherwise,
    works offline (everything it shows is served by itself), keeps documents in
    memory only, and stops with Ctrl+C.  It runs werkzeug's threaded server,
    which is enough for a few people on one computer or office network, not for
    a public site.  Needs Flask: pip install 'zh-speech-analyzer[web]'.
    """
    try:
        import flask  # noqa: F401
        from werkzeug.serving import make_server

        from ..web.app import create_app
    except ImportError as exc:
        error(f"the web page needs Flask ({exc}); install it with: "
              "pip install 'zh-speech-analyzer[web]'  (or: pip install 'flask>=3')")
        sys.exit(EXIT_FAILED_INPUTS)

    local = is_loopback(host)
    if not local:
        click.echo(f"warning: listening on {host}: anyone who can reach this computer on port {port} can "
                   "upload documents and read every analysis and list kept in memory; there is no login. "
                   "Use the default --host 127.0.0.1 unless that is what you want.", err=True)
    app = create_app(max_upload_mb=max_upload_mb, allowed_hosts=LOOPBACK_HOSTS + (host.strip("[]"),) if local else None)
    try:
        server = make_server(host, port, app, threaded=True)
    except OSError as exc:
        error(f"cannot listen on {host}:{port} ({exc.strerror or exc}); "
              "is another program using the port? Try another with --port")
        sys.exit(EXIT_FAILED_INPUTS)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"analyzer web page: http://{shown}:{server.port}/   (Ctrl+C stops it)", err=True)
    click.echo("分析页面已启动：在浏览器中打开上面的地址；按 Ctrl+C 停止。", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
    finally:
        server.server_close()
