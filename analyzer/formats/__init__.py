"""Readers of the file formats offices exchange beyond text, HTML and .docx:
Markdown with front matter, Excel workbooks, Word 97-2003 and WPS files
through a converter.  Each module turns its format into text (or edits of
the text) and raises ``readers.InputError`` with one line naming the file."""
