"""Chinese speech and document analyzer.

Reads Chinese official speeches and documents, normalizes them to simplified
text with offsets back to the original, maps their outline, and extracts
directives, responsible parties, time limits, problems and their categories.

Importing the package is cheap: heavy libraries (jieba, OpenCC, numpy) are
imported inside the functions that need them.
"""
__version__ = "0.1.0"
