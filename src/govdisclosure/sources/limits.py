"""Every limit the readers put on their input, in one place, each with the reason for its value.

A government information-disclosure annual report is a few pages: tens of kilobytes of text,
a few tables of a few dozen rows. Every value here is far beyond any real report and far below
what would cost the reader noticeable time or memory, so a file over a limit is not a report
(a typo, a wrong file or an attack) and is refused with `LoadError` (the message names the limit
and says 上限), or, where noted, read in part with a note. The reader modules import these
names, so `sources.html.MAX_SPAN` and the like still work (and tests may patch them there).
"""

from __future__ import annotations

from .errors import LoadError

# --- any file ------------------------------------------------------------------------------------

# No report file of any kind comes near this (a 300-page scanned PDF is about this size); a
# larger one is refused before it is read, and no more than this plus one byte is ever read.
MAX_FILE_BYTES = 50 * 1024 * 1024
# A report's text is tens of kilobytes; anything this large is not a report.
MAX_TEXT_BYTES = 20 * 1024 * 1024

# --- HTML ------------------------------------------------------------------------------------------

# A CMS page with its navigation is a few hundred kilobytes.
MAX_HTML_BYTES = 20 * 1024 * 1024
# A colspan or rowspan beyond this is a typo or an attack (a grid of 10⁹ cells); the widest
# report table has about 20 columns.
MAX_SPAN = 200
# Digits of a span attribute looked at: more than enough for MAX_SPAN, and int() of thousands of
# digits is slow and refused by Python (4300 digits).
MAX_SPAN_DIGITS = 6
# Slots of one table's full grid (rows × widest row, the slots of spans included). A report table
# has a few hundred; 200,000 is a 20,000-column row or 1,000 rows of 200.
MAX_GRID_CELLS = 200_000

# --- DOCX ------------------------------------------------------------------------------------------

# A report's DOCX unpacks to a few megabytes (images included); more is a ZIP bomb or not a report.
MAX_DOCX_UNPACKED = 200 * 1024 * 1024
# A member that unpacks to more than this …
RATIO_CHECKED_ABOVE = 10 * 1024 * 1024
# … at more than this many times its packed size is a ZIP bomb (Word's XML packs about 10:1).
MAX_COMPRESSION_RATIO = 200
# A Word file has a few dozen parts.
MAX_DOCX_MEMBERS = 10_000
# (DOCX spans and grid slots use MAX_SPAN and MAX_GRID_CELLS above; a larger table is read in part,
# with a note.)
# Word's own dialog lets a list start at most at 32767; a larger w:start or w:startOverride is
# clamped to it.
MAX_LIST_START = 32767
# A list number above this is written in decimal whatever its format: letters (`AAAA…`) and roman
# numerals grow with the number (10⁹ in upperLetter is a label of 4·10⁷ characters). At 10⁴ a
# letter label is at most 385 characters; no report's list comes near.
MAX_LIST_NUMBER = 10_000

# --- PDF -------------------------------------------------------------------------------------------

# No report has anywhere near this many pages; a larger file is refused before any page is read.
MAX_PDF_PAGES = 300
# Decompressed bytes of one stream (a page's content, a font, a form): a dense page's content is
# well under 1 MB and a fully embedded CJK font 10–20 MB. Checked with a bounded inflate before
# pdfminer inflates the stream whole (a 2 MB Flate bomb inflates to 2 GB).
MAX_PDF_STREAM_BYTES = 64 * 1024 * 1024
# Decompressed bytes of all the streams read from one file: a few embedded fonts and 300 pages.
MAX_PDF_INFLATED_BYTES = 256 * 1024 * 1024
# Decompressed bytes of one page's content streams. A real report's page has 20–40 KB (a text
# character costs 30–60 bytes of operators); pdfminer parses about a megabyte a second, so this
# bounds a page's time, and a page of 300,000 operators (7 MB) is refused before it is parsed.
MAX_PAGE_CONTENT_BYTES = 4 * 1024 * 1024
# Characters on one page. An A4 page set solid in 5-point type holds about 17,000; past this the
# page is not a page of a report, and pdfplumber would spend seconds and gigabytes on it.
MAX_PAGE_CHARS = 20_000
# Characters, lines, rectangles, curves and images on one page (a ruled table draws a few
# thousand segments).
MAX_PAGE_OBJECTS = 50_000
# Characters in the whole file: 300 dense pages.
MAX_PDF_CHARS = 1_000_000


class LimitExceeded(LoadError):
    """A limit hit where the file's path is not known; the reader adds it (`at`)."""

    def at(self, path) -> LoadError:
        return self.prefixed(f"{path}: ")
