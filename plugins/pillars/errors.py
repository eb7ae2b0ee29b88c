"""The one exception type users see.

Every failure a person can fix (a bad command, a taken port, a missing server, a malformed partner file)
is raised as a :class:`PillarsError`; the CLI prints its message as one line and exits non-zero, so a
traceback always means a bug in Pillars, never bad input.
"""


class PillarsError(Exception):
    """A failure with a message that says what is wrong and how to fix it."""

    exit_code = 2
