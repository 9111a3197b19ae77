"""What is wrong with a letter file, in Dutch: file, line, field and why."""


class ImportProblem(Exception):
    """A file cannot be imported: where, which field, and why (in Dutch)."""

    def __init__(self, path, line, field_name, message):
        super().__init__(message)
        self.path, self.line, self.field, self.message = path, line, field_name, message

    def __str__(self):
        where = f"{self.path}, regel {self.line}" if self.line else str(self.path)
        return f"{where}, veld '{self.field}': {self.message}"
