"""The one error a reader raises."""


class LoadError(Exception):
    """A file that cannot be read as a report; the message says why, in plain words."""
