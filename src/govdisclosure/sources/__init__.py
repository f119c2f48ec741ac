"""Reading report files: recognise the kind, decode, hand text to the parser."""

from .text import LoadError, load, read_text

__all__ = ["LoadError", "load", "read_text"]
