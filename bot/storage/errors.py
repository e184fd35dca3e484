"""The storage's exceptions (the tree is drawn in ``bot.storage``)."""

from __future__ import annotations


class StorageError(Exception):
    """Root of every error this module raises on purpose."""


class SchemaTooNewError(StorageError):
    """The database was written by a newer version of the program."""


class MigrationError(StorageError):
    """A schema migration failed and was rolled back."""


class RecordNotFoundError(StorageError):
    """An id given to a storage function names no record."""


class StorageClosedError(StorageError):
    """The Storage was used after it was closed."""


class DatabaseError(StorageError):
    """SQLite refused a statement; the original ``sqlite3.Error`` is the ``__cause__``."""
