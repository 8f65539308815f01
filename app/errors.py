"""Domain errors that carry their own HTTP status."""


class AppError(Exception):
    """An error a user can act on; rendered as JSON under /api and as a page elsewhere."""

    status_code = 400

    def __init__(self, message: str, status_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if status_code is not None:
            self.status_code = status_code


class NotFound(AppError):
    """The requested thing does not exist."""

    status_code = 404


class InputError(AppError):
    """Bad input: a file, a field or a URL that cannot be accepted."""

    status_code = 422
