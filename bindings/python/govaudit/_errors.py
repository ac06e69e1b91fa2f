"""govaudit.Error and its subclasses, one per ga_status_t code."""


class Error(Exception):
    """A libgovaudit call failed. `status` is the C status code; `file`, `line`, `column`
    locate errors in data files and `offset` is the byte offset for bad input bytes."""

    status = None

    def __init__(self, message, status=None, file=None, line=0, column=0, offset=None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status
        self.file = file
        self.line = line
        self.column = column
        self.offset = offset


class InvalidArgument(Error, ValueError):
    status = 1


class NoMemory(Error, MemoryError):
    status = 2


class InvalidUTF8(Error, ValueError):
    status = 3


class IOFailure(Error, OSError):
    status = 4


class DataSyntaxError(Error, ValueError):
    status = 5


class FormatError(Error, ValueError):
    status = 6


class LimitExceeded(Error):
    status = 7


class NotFound(Error, LookupError):
    status = 8


class Unsupported(Error):
    status = 9


class DependencyError(Error):
    status = 10


class Truncated(Error, ValueError):
    status = 11


class Cancelled(Error):
    """A progress callback asked to stop (it returned True); status GA_ERR_CANCELLED."""
    status = 12


BY_STATUS = {cls.status: cls for cls in (InvalidArgument, NoMemory, InvalidUTF8, IOFailure,
                                         DataSyntaxError, FormatError, LimitExceeded, NotFound,
                                         Unsupported, DependencyError, Truncated, Cancelled)}
