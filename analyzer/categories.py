"""The problem categories (SPEC, ANNOTATION.md section 4), defined once.

Every module that names the categories (the classifier, evaluation, stats,
the ledger) imports them from here; the order is the classifier's column
order and the order of every table.
"""
CATEGORIES = ("ideology", "system", "work_style", "discipline", "other")
