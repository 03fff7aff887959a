"""The local web page (``analyzer serve``): upload or paste documents, read
them annotated, edit the drafted rectification list and export it.

Needs Flask (a dependency of the package; ``pip install '.[web]'`` from a\ncheckout installs it when missing).  ``create_app`` is in
``analyzer.web.app``; this package imports nothing heavy itself, so that the
command line can say what to install when Flask is missing.
"""
