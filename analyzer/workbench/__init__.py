"""The researcher's workbench: tidy tables, SQL, group comparisons and figures
from batch results (issue 19).

One module per job: ``schema`` (the tables and their columns), ``tables``
(records to rows), ``meta`` (the user's own metadata), ``writers`` (CSV,
SQLite, Parquet), ``compare`` (figures per group), ``figures`` and ``report``
(matplotlib and the HTML page), ``query`` (directives filtered without SQL).
Nothing is re-analyzed: everything comes from the JSON Lines that
``analyzer batch`` writes.
"""
