"""Batch analysis at corpus scale: many documents, worker processes, one JSON
line per document, resumable.

- ``sources``: find and read the documents (files, folders, path lists, JSON Lines corpora);
- ``worker``: warm up once per process, analyze chunks into JSON lines;
- ``sink``: append results and failures safely, resume an interrupted run;
- ``progress``: the terminal progress line and the closing summary;
- ``record``: the run's bookkeeping (what is still to do, each outcome written once);
- ``engines``: what runs the analyses (``local``: worker processes here; ``dask``: a cluster);
- ``runner``: ``run_batch``, which puts them together.

Importing this package is cheap; the analysis pipeline loads in the workers.
"""
